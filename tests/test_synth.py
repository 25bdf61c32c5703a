"""The synthetic generator writes Kaggle-format files with every trap, deterministically."""

from __future__ import annotations

import gzip
import json

import pandas as pd

from core.build import build
from core.build.synth import MOVIE_COLUMNS, write_raw_files
from core.schema import MANIFEST_FILE


def test_same_seed_gives_the_same_bytes(tmp_path):
    first = write_raw_files(tmp_path / "a", movies=300, seed=7)
    second = write_raw_files(tmp_path / "b", movies=300, seed=7)
    assert all(first[name].read_bytes() == second[name].read_bytes() for name in first)


def test_columns_match_the_real_files(tmp_path, sample_raw):
    paths = write_raw_files(tmp_path, movies=20)
    for name in ("movies_metadata", "credits", "keywords"):
        with gzip.open(sample_raw / f"{name}.csv.gz", "rt", encoding="utf-8") as real:
            assert paths[name].read_text(encoding="utf-8").splitlines()[0] == real.readline().rstrip("\n")
    assert list(pd.read_csv(paths["movies_metadata"], nrows=0).columns) == MOVIE_COLUMNS


def test_generated_files_hold_every_trap(tmp_path):
    write_raw_files(tmp_path / "raw", movies=2000, seed=3)
    manifest = build(tmp_path / "raw", tmp_path / "out")
    drops = {step["step"]: step["dropped"] for step in manifest["steps"]}
    assert drops["movies: corrupt rows"] >= 1
    assert drops["movies: duplicate ids"] >= 1
    assert drops["movies: release date"] >= 1
    assert drops["credits: duplicate ids"] >= 1
    catalog = pd.read_parquet(tmp_path / "out" / "catalog.parquet")
    assert catalog["title"].duplicated().any()
    assert (catalog["budget"] == 0).mean() > 0.5
    assert 0.1 < catalog["collection"].notna().mean() < 0.35
    names = {name for names in catalog["directors"] for name in names}
    assert any(not name.isascii() for name in names)
    assert json.loads((tmp_path / "out" / MANIFEST_FILE).read_text())["movies"] == len(catalog)


def test_credits_average_about_four_kilobytes_per_movie(tmp_path):
    paths = write_raw_files(tmp_path, movies=1000, seed=5)
    assert 3_000 < paths["credits"].stat().st_size / 1000 < 5_500
