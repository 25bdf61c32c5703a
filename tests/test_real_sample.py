"""The pipeline on the first rows of the real Kaggle files; expected figures derived by hand."""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import pytest

from core import config
from core.schema import CATALOG_FILE, MANIFEST_FILE

pytestmark = pytest.mark.sample


@pytest.fixture(scope="module")
def catalog(sample_catalog_dir) -> pd.DataFrame:
    return pd.read_parquet(sample_catalog_dir / CATALOG_FILE)


@pytest.fixture(scope="module")
def manifest(sample_catalog_dir) -> dict:
    return json.loads((sample_catalog_dir / MANIFEST_FILE).read_text(encoding="utf-8"))


def test_sample_keeps_2993_of_2996_rows(catalog, manifest):
    # 2,996 rows; id 105045 ("The Promise") appears twice; two rows have no release date.
    steps = {step["step"]: step["dropped"] for step in manifest["steps"]}
    assert steps["movies: duplicate ids"] == 1
    assert steps["movies: release date"] == 2
    assert steps["movies: corrupt rows"] == 0
    assert len(catalog) == manifest["movies"] == 2993


def test_sample_drops_the_movies_without_a_date(catalog):
    assert not {365371, 215107} & set(catalog["id"])


def test_sample_keeps_both_hamlets(catalog):
    hamlets = catalog[catalog["title"] == "Hamlet"].sort_values("release_year")
    assert list(hamlets["release_year"]) == [1948, 1996]
    assert list(hamlets["runtime"]) == [155.0, 242.0]


def test_sample_toy_story_is_fully_parsed(catalog):
    toy_story = catalog[catalog["id"] == 862].iloc[0]
    assert toy_story["collection"] == "Toy Story Collection"
    assert list(toy_story["genres"]) == ["Animation", "Comedy", "Family"]
    assert list(toy_story["directors"]) == ["John Lasseter"]
    assert list(toy_story["cast"])[:2] == ["Tom Hanks", "Tim Allen"]
    assert "toy comes to life" in list(toy_story["keywords"])
    assert (toy_story["budget"], toy_story["revenue"]) == (30_000_000, 373_554_033)


def test_sample_credits_cover_exactly_the_35_credited_movies(catalog):
    assert int((catalog["directors"].map(len) > 0).sum()) == 35


def test_sample_nested_fields_all_took_the_fast_path(manifest):
    assert all(stats["fallback"] == 0 and stats["malformed"] == 0 for stats in manifest["nested_fields"].values())


def test_the_embedded_sample_is_known_wherever_it_was_built_from(sample_catalog_dir, manifest):
    from core import catalog as catalog_module

    assert catalog_module.load(sample_catalog_dir).is_sample
    assert (
        manifest["inputs"]["movies"]["sha256"]
        == hashlib.sha256((config.SAMPLE_RAW_DIR / "movies_metadata.csv.gz").read_bytes()).hexdigest()
    )
