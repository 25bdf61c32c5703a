"""Shared fixtures: tiny raw folders with the real data's traps, and the embedded real head sample."""

from __future__ import annotations

from pathlib import Path

import pytest

from core import config
from core.build import build
from tests.browser import browser, page, server  # noqa: F401 (the browser tests' fixtures)
from tests.kaggle import keyword, trap_credits, trap_movies, write_raw_dir


@pytest.fixture
def trap_raw(tmp_path: Path) -> Path:
    keywords = [keyword(862, "toy", "friendship"), keyword(863, "toy", "sequel")]
    return write_raw_dir(tmp_path / "raw", trap_movies(), trap_credits(), keywords)


@pytest.fixture
def trap_catalog_dir(trap_raw: Path, tmp_path: Path) -> Path:
    out = tmp_path / "catalog"
    build(trap_raw, out)
    return out


@pytest.fixture(scope="session")
def sample_raw() -> Path:
    """The real head sample embedded in the repository (data/sample)."""
    return config.SAMPLE_RAW_DIR


@pytest.fixture(scope="session")
def sample_catalog_dir(sample_raw: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample") / "catalog"
    build(sample_raw, out)
    return out
