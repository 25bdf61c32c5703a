"""`python -m core build` and `synth` as a user runs them."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import psutil
import pytest

from core.build.synth import write_raw_files
from core.schema import CATALOG_FILE, MANIFEST_FILE

ROOT = Path(__file__).resolve().parent.parent


def run_core(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "core", *args], cwd=ROOT, capture_output=True, text=True, timeout=300, **kwargs
    )


def test_build_prints_progress_per_stage_on_stderr(trap_raw, tmp_path):
    result = run_core("build", "--raw", str(trap_raw), "--out", str(tmp_path / "out"))
    assert result.returncode == 0
    assert result.stdout == ""
    movies = len(pd.read_parquet(tmp_path / "out" / CATALOG_FILE))
    assert f"clean and parse movies: {movies} rows" in result.stderr
    assert f"Done: {movies} movies" in result.stderr


def test_quiet_build_prints_nothing(trap_raw, tmp_path):
    result = run_core("build", "--raw", str(trap_raw), "--out", str(tmp_path / "out"), "--quiet")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_build_reads_the_raw_folder_from_the_environment(trap_raw, tmp_path):
    env = {**os.environ, "FILMOTECA_RAW_DIR": str(trap_raw), "FILMOTECA_CATALOG_DIR": str(tmp_path / "env-out")}
    result = run_core("build", "--quiet", env=env)
    assert result.returncode == 0
    assert (tmp_path / "env-out" / MANIFEST_FILE).is_file()


def assert_clean_failure(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]


def test_missing_raw_folder_is_one_line_and_exit_code_2(tmp_path):
    result = run_core("build", "--raw", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"), "--quiet")
    assert_clean_failure(result, "movies_metadata.csv")


def test_truncated_gzip_is_one_line_and_exit_code_2(trap_raw, tmp_path):
    packed = gzip.compress((trap_raw / "credits.csv").read_bytes())
    (trap_raw / "credits.csv").unlink()
    (trap_raw / "credits.csv.gz").write_bytes(packed[:-20])
    result = run_core("build", "--raw", str(trap_raw), "--out", str(tmp_path / "out"), "--quiet")
    assert_clean_failure(result, "credits.csv.gz")


def test_file_that_is_not_csv_is_one_line_and_exit_code_2(trap_raw, tmp_path):
    (trap_raw / "movies_metadata.csv").write_bytes(bytes(range(256)) * 100)
    result = run_core("build", "--raw", str(trap_raw), "--out", str(tmp_path / "out"), "--quiet")
    assert_clean_failure(result, "movies_metadata.csv")


def test_empty_movies_file_is_one_line_and_exit_code_2(trap_raw, tmp_path):
    (trap_raw / "movies_metadata.csv").write_text("")
    result = run_core("build", "--raw", str(trap_raw), "--out", str(tmp_path / "out"), "--quiet")
    assert_clean_failure(result, "empty")


def start_build(raw: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "core", "build", "--raw", str(raw), "--out", str(out)],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_when(process: subprocess.Popen, stage: str) -> list[psutil.Process]:
    """SIGKILL the build once it logs `stage`; the helper processes it had then."""
    for line in process.stderr:
        if stage in line:
            break
    helpers = psutil.Process(process.pid).children(recursive=True)
    assert helpers, "the build runs helper processes"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    return helpers


def test_killing_a_build_midway_leaves_the_previous_catalog_intact_and_no_process(trap_catalog_dir, tmp_path):
    before = {name: (trap_catalog_dir / name).read_bytes() for name in (CATALOG_FILE, MANIFEST_FILE)}
    big = write_raw_files(tmp_path / "big", movies=3000, seed=1)["movies_metadata"].parent
    helpers = kill_when(start_build(big, trap_catalog_dir), "read: movies_metadata.csv")
    gone, alive = psutil.wait_procs(helpers, timeout=10)  # each watches the build's process and exits with it
    assert alive == []
    assert {name: (trap_catalog_dir / name).read_bytes() for name in before} == before


def test_a_build_killed_while_writing_leaves_a_folder_the_next_build_removes(trap_catalog_dir, trap_raw, tmp_path):
    big = write_raw_files(tmp_path / "big", movies=3000, seed=1)["movies_metadata"].parent
    psutil.wait_procs(kill_when(start_build(big, trap_catalog_dir), "write catalog"), timeout=10)
    staging = [p.name for p in trap_catalog_dir.parent.glob(".catalog.building-*")]
    assert staging  # what the killed build was writing
    result = run_core("build", "--raw", str(trap_raw), "--out", str(trap_catalog_dir), "--quiet")
    assert result.returncode == 0
    assert list(trap_catalog_dir.parent.glob(".catalog.building-*")) == []


GOOD_RATINGS = "userId,movieId,rating,timestamp\n1,1,4.5,964982703\n1,3,4.0,964981247\n2,1,3.0,964982931\n"
GOOD_LINKS = "movieId,imdbId,tmdbId\n1,0114709,862\n3,0113228,863\n"
HEADER = "userId,movieId,rating,timestamp\n"
BAD_RATINGS = {
    "only its header": (HEADER, GOOD_LINKS, "ratings_small.csv"),
    "a thousand empty rows": (HEADER + ",,,\n" * 1000, GOOD_LINKS, "ratings_small.csv"),
    "only negative ratings": (HEADER + "1,1,-4.0,964982703\n2,3,-1,964982704\n", GOOD_LINKS, "ratings_small.csv"),
    "ratings of movies the links do not know": (HEADER + "1,99,4.0,964982703\n", GOOD_LINKS, "ratings_small.csv"),
    "links with no usable row": (GOOD_RATINGS, "movieId,imdbId,tmdbId\n1,0114709,\nx,y,z\n", "links_small.csv"),
    "links that lead to no catalog movie": (GOOD_RATINGS, "movieId,imdbId,tmdbId\n1,1,777777\n3,3,888888\n", "links_small.csv"),
}  # fmt: skip


def _catalog_bytes(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("case", list(BAD_RATINGS))
def test_ratings_with_no_usable_row_fail_the_build_in_one_line_and_keep_the_catalog(trap_raw, tmp_path, case):
    out = tmp_path / "out"
    assert run_core("build", "--raw", str(trap_raw), "--out", str(out)).returncode == 0
    before = _catalog_bytes(out)
    ratings, links, named = BAD_RATINGS[case]
    (trap_raw / "ratings_small.csv").write_text(ratings)
    (trap_raw / "links_small.csv").write_text(links)
    result = run_core("build", "--raw", str(trap_raw), "--out", str(out))
    assert result.returncode == 2
    (said,) = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert named in said and "Traceback" not in result.stderr
    assert _catalog_bytes(out) == before


def test_ratings_with_some_bad_rows_build_and_count_them(trap_raw, tmp_path):
    (trap_raw / "ratings_small.csv").write_text(GOOD_RATINGS + ",,,\n1,1,-1,5\n")
    (trap_raw / "links_small.csv").write_text(GOOD_LINKS)
    assert run_core("build", "--raw", str(trap_raw), "--out", str(tmp_path / "out")).returncode == 0
    read = json.loads((tmp_path / "out" / MANIFEST_FILE).read_text())["ratings"]
    assert (read["ratings"], read["of_catalog_movies"], read["not_a_rating"]) == (5, 3, 2)
