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


def test_the_full_ratings_have_the_real_files_shape(tmp_path):
    """ratings.csv as the real one: sorted by person then movie, CRLF; people's activity long-tailed around a
    median of 30; the real shares of stars, about half of them 4 or more; a few movies far more rated than
    most; and each person's tastes liked more than the rest. links.csv has its traps."""
    import numpy as np

    paths = write_raw_files(tmp_path, movies=3000, seed=2, ratings="full", people=5000)
    raw = paths["ratings"].read_bytes()
    assert raw.startswith(b"userId,movieId,rating,timestamp\r\n") and raw.count(b"\r\n") == raw.count(b"\n")
    ratings = pd.read_csv(paths["ratings"])
    assert ratings.equals(ratings.sort_values(["userId", "movieId"], kind="stable").reset_index(drop=True))
    assert not ratings.duplicated(["userId", "movieId"]).any()
    activity = ratings.groupby("userId").size()
    assert 25 <= activity.median() <= 35 and activity.mean() > 2 * activity.median() and activity.max() <= 4000
    stars = ratings["rating"].value_counts(normalize=True)
    assert set(stars.index) == set(np.arange(1, 11) / 2)
    assert 0.45 <= (ratings["rating"] >= 4).mean() <= 0.55 and 0.75 <= (ratings["rating"] >= 3).mean() <= 0.88
    popularity = ratings.groupby("movieId").size().sort_values(ascending=False)
    assert popularity.iloc[: len(popularity) // 100].sum() > 0.05 * len(
        ratings
    )  # the 1% most rated: 5 times their share
    links = pd.read_csv(paths["links"])
    assert links["tmdbId"].isna().sum() > 0 and links["tmdbId"].dropna().duplicated().sum() > 0
    assert (
        write_raw_files(tmp_path / "again", movies=3000, seed=2, ratings="full", people=5000)["ratings"].read_bytes()
        == raw
    )  # the same seed, the same bytes
