"""Paths and settings: the only module that reads environment variables.

On Streamlit Community Cloud, root-level entries of `st.secrets` are exported as
environment variables, so the same names work there as secrets.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_RAW_DIR = DATA_DIR / "raw"
DEFAULT_CATALOG_DIR = DATA_DIR / "catalog"
SAMPLE_RAW_DIR = PROJECT_ROOT.parent / "shared" / "data" / "kaggle-head"

RAW_DIR_VAR = "FILMOTECA_RAW_DIR"
CATALOG_DIR_VAR = "FILMOTECA_CATALOG_DIR"

TMDB_POSTER_URL = "https://image.tmdb.org/t/p/w342{path}"
TMDB_MOVIE_URL = "https://www.themoviedb.org/movie/{id}"
IMDB_TITLE_URL = "https://www.imdb.com/title/{imdb_id}/"


def catalog_dir() -> Path:
    """Where the built catalog lives (`FILMOTECA_CATALOG_DIR`, default `data/catalog`)."""
    return Path(os.environ.get(CATALOG_DIR_VAR) or DEFAULT_CATALOG_DIR)


def raw_dir() -> Path:
    """Where the raw Kaggle files are read from.

    `FILMOTECA_RAW_DIR` when set; else `data/raw` when it holds files; else the
    shared head sample when it exists, so a fresh checkout runs out of the box.
    """
    configured = os.environ.get(RAW_DIR_VAR)
    if configured:
        return Path(configured)
    if DEFAULT_RAW_DIR.is_dir() and any(DEFAULT_RAW_DIR.iterdir()):
        return DEFAULT_RAW_DIR
    if SAMPLE_RAW_DIR.is_dir():
        return SAMPLE_RAW_DIR
    return DEFAULT_RAW_DIR
