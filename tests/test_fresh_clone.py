"""A clone on a machine with nothing beside it (no ../shared, no raw files): the embedded sample serves."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOT_IN_A_CLONE = shutil.ignore_patterns(
    ".git", ".venv", "__pycache__", "catalog", "raw", "out", "screenshots", ".*cache"
)


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("laptop") / "filmoteca"
    shutil.copytree(ROOT, folder, ignore=NOT_IN_A_CLONE)
    assert not (folder.parent / "shared").exists()
    return folder


def run_in(clone: Path, *args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("FILMOTECA_")}
    return subprocess.run(
        [sys.executable, "-m", "core", *args], cwd=clone, env=env, capture_output=True, text=True, timeout=300
    )


def test_build_with_the_defaults_builds_the_embedded_sample(clone):
    result = run_in(clone, "build")
    assert result.returncode == 0, result.stderr
    assert str(clone / "data" / "sample") in result.stderr
    manifest = json.loads((clone / "data" / "catalog" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["movies"] == 2993
    assert manifest["inputs"]["movies"]["name"] == "movies_metadata.csv.gz"


def test_a_query_answers_from_the_sample(clone):
    if not (clone / "data" / "catalog" / "manifest.json").is_file():
        run_in(clone, "build", "--quiet")
    result = run_in(clone, "query", "peliculas_idioma", "en", "--json")
    assert result.returncode == 0, result.stderr
    english = int(pd.read_parquet(clone / "data" / "catalog" / "catalog.parquet")["original_language"].eq("en").sum())
    assert json.loads(result.stdout)["cantidad"] == english > 2000
