"""`python -m core build` and `synth` as a user runs them."""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import psutil

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
    helpers = kill_when(start_build(big, trap_catalog_dir), "read movies_metadata.csv")
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
