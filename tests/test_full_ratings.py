"""Every rating: the full ratings.csv learnt instead of ratings_small, on the sample and on synthetic files
of the real file's shape at a small scale (the benchmark runs the real size: bench/ratings.py)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from core import catalog as catalog_module
from core import recommender
from core.build import build
from core.build.synth import write_raw_files
from core.schema import MANIFEST_FILE
from tests.test_cli_build import ROOT


@pytest.fixture(scope="module")
def full_raw(tmp_path_factory) -> Path:
    """Synthetic raw files with ratings.csv and links.csv of the real files' shape, for 600 movies and 3,000
    people (and the small pair beside them, which the full one wins over)."""
    folder = tmp_path_factory.mktemp("full") / "raw"
    write_raw_files(folder, movies=600, seed=4, ratings="full", people=3000)
    return folder


@pytest.fixture(scope="module")
def full_catalog(full_raw, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("full-catalog") / "catalog"
    build(full_raw, out)
    return out


def test_the_full_ratings_win_over_the_small_ones(full_raw, full_catalog):
    manifest = json.loads((full_catalog / MANIFEST_FILE).read_text())
    rows = sum(1 for _ in (full_raw / "ratings.csv").open()) - 1
    assert manifest["ratings"]["ratings"] == rows and manifest["ratings"]["people"] > 2500
    assert manifest["quality"]["from"]["file"] == "ratings.csv"
    assert manifest["inputs"]["ratings_full"]["name"] == "ratings.csv"


def test_every_movie_with_twenty_likers_gets_five_movies_its_fans_liked(full_catalog):
    movies = catalog_module.load(full_catalog).movies
    served = recommender.load(full_catalog, movies)
    liked = np.flatnonzero(served.colikes.likers >= 20)
    assert len(liked) > 100
    short = []
    for row in liked:
        found = served.recommend([int(row)], k=5, mode=recommender.LIKED_TOO)
        if len(found) < 5 or not all(item.coincidencias and item.reason.both for item in found):
            short.append(int(row))
    assert not short, short[:10]


def test_what_the_fans_liked_counts_the_people_who_liked_both_in_the_ratings(full_raw, full_catalog):
    """The reason's numbers are true: how many of the people who liked the movie liked each one, counted
    again from ratings.csv itself."""
    import pandas as pd

    movies = catalog_module.load(full_catalog).movies
    served = recommender.load(full_catalog, movies)
    ratings = pd.read_csv(full_raw / "ratings.csv")
    links = pd.read_csv(full_raw / "links.csv").dropna().drop_duplicates("movieId")
    rows = pd.Series(np.arange(len(movies)), index=movies["id"])
    ratings["row"] = ratings["movieId"].map(links.set_index("movieId")["tmdbId"]).map(rows)
    liked = ratings[ratings["rating"] >= 4].dropna(subset=["row"])
    row = int(np.argmax(served.colikes.likers))  # the most liked movie
    fans = set(liked.loc[liked["row"] == row, "userId"])
    assert served.liked_by(row) == len(fans)
    for item in served.recommend([row], k=5, mode=recommender.LIKED_TOO):
        theirs = set(liked.loc[liked["row"] == served.rows[item.id], "userId"])
        assert item.coincidencias == len(fans & theirs) > 0


def test_a_sigterm_while_the_ratings_are_learnt_exits_within_five_seconds_and_keeps_the_catalog(tmp_path):
    raw = tmp_path / "raw"
    write_raw_files(raw, movies=2000, seed=6, ratings="full", people=40_000)
    out = tmp_path / "catalog"
    build(raw, out, measure=False)
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    process = subprocess.Popen(
        [sys.executable, "-m", "core", "build", "--raw", str(raw), "--out", str(out)],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    for line in process.stderr:  # until the ratings are read: their co-likes are being counted
        if line.startswith("read: ratings.csv: ") and "in" in line and process.poll() is None:
            break
    time.sleep(1.0)
    assert process.poll() is None, "the build ended before it could be stopped"
    signalled = time.monotonic()
    process.send_signal(signal.SIGTERM)
    _, rest = process.communicate(timeout=30)
    assert time.monotonic() - signalled <= 5.0
    assert process.returncode == 130 and "Traceback" not in rest
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".catalog.building")]
