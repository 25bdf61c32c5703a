"""Raw files built to hurt: a zip bomb, a gzip of endless short lines, too many rows. Each stops at its cap.

The caps are a stated multiple of the real files (core.build.raw): bytes once decompressed, rows, and
the length of one line. Past one: exit 2 with one line, the old catalog as it was, no temporary folder.
"""

from __future__ import annotations

import gzip
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import psutil
import pytest

from core.build import build, raw
from core.errors import DataError
from core.schema import CATALOG_FILE
from tests.kaggle import trap_credits, write_csv
from tests.test_cli_build import ROOT

GIB = 2**30


def zip_bomb(folder: Path, gib: int = 2) -> Path:
    """A few MB of zip holding `gib` GiB of zeros, named as the movies file."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "movies_metadata.csv.zip"
    zeros = b"\0" * (64 * 2**20)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("movies_metadata.csv", "w", force_zip64=True) as member,
    ):
        for _ in range(gib * 16):
            member.write(zeros)
    write_csv(folder / "credits.csv", trap_credits(), ("cast", "crew", "id"))
    return folder


def run_measured(*args: str) -> tuple[subprocess.CompletedProcess, float, float]:
    """`python -m core ARGS`: its result, its wall seconds and its peak memory (MB, helpers included)."""
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "core", *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak = 0.0
    watched = psutil.Process(process.pid)
    while process.poll() is None:
        try:
            family = [watched, *watched.children(recursive=True)]
            peak = max(peak, sum(member.memory_info().rss for member in family) / 1e6)
        except psutil.Error:
            pass
        time.sleep(0.02)
    out, err = process.communicate()
    return subprocess.CompletedProcess(process.args, process.returncode, out, err), time.monotonic() - started, peak


def test_a_zip_bomb_is_exit_2_in_seconds_under_2_gb_and_leaves_nothing(trap_catalog_dir, tmp_path):
    bomb = zip_bomb(tmp_path / "bomb")
    before = (trap_catalog_dir / CATALOG_FILE).read_bytes()
    result, seconds, peak_mb = run_measured("build", "--raw", str(bomb), "--out", str(trap_catalog_dir), "--quiet")
    assert result.returncode == 2 and result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: movies_metadata.csv.zip:") and "not the Kaggle file" in line
    assert seconds < 60 and peak_mb < 2_000
    assert (trap_catalog_dir / CATALOG_FILE).read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if ".building-" in p.name]


def test_endless_short_lines_stop_at_the_decompressed_size_cap(tmp_path, monkeypatch):
    monkeypatch.setitem(raw.REAL_SIZES, "movies", (1_000_000, 45_466))  # caps: 8 MB, 363,728 rows
    folder = tmp_path / "raw"
    folder.mkdir()
    with gzip.open(ROOT / "data" / "sample" / "movies_metadata.csv.gz") as sample:
        first_line = sample.readline()
    with gzip.open(folder / "movies_metadata.csv.gz", "wb") as packed:
        packed.write(first_line + (b"x" * 99 + b"\n") * 400_000)  # 40 MB of short rows, far fewer than the row cap
    write_csv(folder / "credits.csv", trap_credits(), ("cast", "crew", "id"))
    with pytest.raises(DataError, match="more than 8 MB once decompressed") as raised:
        build(folder, tmp_path / "out")
    assert "descomprimido" in raised.value.say("es")


def test_more_rows_than_the_cap_is_a_data_error(trap_raw, tmp_path, monkeypatch):
    monkeypatch.setitem(raw.REAL_SIZES, "credits", (189_917_659, 0))  # a cap of 0 rows: the trap file's 7 exceed it
    with pytest.raises(DataError, match=r"credits.csv: more than 0 rows \(the real file has 0\)"):
        build(trap_raw, tmp_path / "out")


def test_a_zip_of_several_files_is_refused_by_name(trap_raw, tmp_path):
    with zipfile.ZipFile(trap_raw / "credits.csv.zip", "w") as archive:
        archive.write(trap_raw / "credits.csv", "credits.csv")
        archive.writestr("extra.txt", "x")
    (trap_raw / "credits.csv").unlink()
    with pytest.raises(DataError, match="a zip must hold one file, it holds 2"):
        build(trap_raw, tmp_path / "out")


def test_the_caps_let_the_real_files_and_four_times_them_through():
    for kind, (size, rows) in raw.REAL_SIZES.items():
        most_bytes, most_rows = raw.limits(kind)
        times = 2 if kind == "ratings_full" else 4.5  # bench/pipeline.py's 200,000 movies; the ratings, streamed
        assert most_bytes >= times * size and most_rows >= times * rows, kind
        assert most_bytes <= 1_600_000_000  # and no bomb grows the build past 2 GB
    assert raw.limits("movies")[0] < GIB
