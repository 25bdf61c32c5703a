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
SAMPLE_RAW_DIR = DATA_DIR / "sample"
# The embedded sample's movies file, so a catalog built from it (wherever it was copied) knows it.
SAMPLE_MOVIES_SHA256 = "3e95b41caac52c6cfe45cb6f8b89598b21b485455ab92e3f557d3c59b780c11d"

RAW_DIR_VAR = "FILMOTECA_RAW_DIR"
CATALOG_DIR_VAR = "FILMOTECA_CATALOG_DIR"
AUTO_FETCH_VAR = "FILMOTECA_AUTO_FETCH"
RATINGS_VAR = "FILMOTECA_RATINGS"
# What a download of the full dataset takes, in MB, by the ratings it fetches (core.build.fetch): every rating
# (ratings.csv, 710 MB, and the small pair), or the small ones alone.
DOWNLOAD_MB = {"full": 945, "small": 235}
ARROW_POOL_VAR = "ARROW_DEFAULT_MEMORY_POOL"

KAGGLE_DATASET = "rounakbanik/the-movies-dataset"
KAGGLE_PAGE = "https://www.kaggle.com/datasets/rounakbanik/the-movies-dataset"

TMDB_POSTER_URL = "https://image.tmdb.org/t/p/w342{path}"
TMDB_MOVIE_URL = "https://www.themoviedb.org/movie/{id}"
IMDB_TITLE_URL = "https://www.imdb.com/title/{imdb_id}/"
TMDB_WATCH_URL = "https://www.themoviedb.org/movie/{id}/watch"  # where to watch it, by country (JustWatch's data)
TRAILER_SEARCH_URL = "https://www.youtube.com/results?search_query={query}"


def catalog_dir() -> Path:
    """Where the built catalog lives (`FILMOTECA_CATALOG_DIR`, default `data/catalog`)."""
    return Path(os.environ.get(CATALOG_DIR_VAR) or DEFAULT_CATALOG_DIR)


def use_catalog_dir(folder: Path) -> None:
    """Point this process and the ones it starts (the API's workers) at `folder`."""
    os.environ[CATALOG_DIR_VAR] = str(Path(folder).resolve())


def raw_dir() -> Path:
    """Where the raw Kaggle files are read from.

    `FILMOTECA_RAW_DIR` when set; else `data/raw` when it holds files; else the embedded
    sample `data/sample`, so a fresh clone anywhere builds real movies.
    """
    configured = os.environ.get(RAW_DIR_VAR)
    if configured:
        return Path(configured)
    if DEFAULT_RAW_DIR.is_dir() and any(DEFAULT_RAW_DIR.iterdir()):
        return DEFAULT_RAW_DIR
    return SAMPLE_RAW_DIR


def fetch_dir() -> Path:
    """Where `python -m core fetch` puts the full dataset: `FILMOTECA_RAW_DIR`, else `data/raw`."""
    return Path(os.environ.get(RAW_DIR_VAR) or DEFAULT_RAW_DIR)


def auto_fetch() -> bool:
    """Whether the app fetches and builds the full dataset at its first start (`FILMOTECA_AUTO_FETCH=1`)."""
    return os.environ.get(AUTO_FETCH_VAR, "").strip().lower() in {"1", "true", "yes"}


def ratings() -> str:
    """Which ratings the app's download fetches by default (its choice offers both): every rating ("full")
    unless `FILMOTECA_RATINGS` is "small". Built inside the app, every rating keeps the server's process tree
    within Community Cloud's 690 MB (bench/deploy.py); the small ones take a quarter of the download."""
    return "small" if os.environ.get(RATINGS_VAR, "").strip().lower() == "small" else "full"


def kaggle_credentials() -> list[str]:
    """Where Kaggle credentials are set on this machine (kagglehub sends them, and Kaggle may refuse them)."""
    found = [name for name in ("KAGGLE_API_TOKEN", "KAGGLE_USERNAME", "KAGGLE_KEY") if os.environ.get(name)]
    folder = Path(os.environ.get("KAGGLE_CONFIG_DIR") or Path.home() / ".kaggle")
    found += [str(folder / name) for name in ("kaggle.json", "access_token") if (folder / name).is_file()]
    return found


def use_system_allocator() -> None:
    """Have Arrow allocate with malloc unless `ARROW_DEFAULT_MEMORY_POOL` says otherwise; and malloc keep two
    arenas, and give every block of MMAP_THRESHOLD or more back to the system when it is freed, unless
    `MALLOC_ARENA_MAX` or `MALLOC_MMAP_THRESHOLD_` say otherwise.

    Arrow reads the setting once, when pyarrow is imported. Its default allocator (jemalloc)
    keeps about 40 MB of what reading the catalog freed, in every process that reads it; malloc
    hands it back, and the build takes as long (bench/app.py, bench/pipeline.py).
    """
    os.environ.setdefault(ARROW_POOL_VAR, "system")
    if "MALLOC_ARENA_MAX" not in os.environ:
        _mallopt(M_ARENA_MAX, 2)
    if "MALLOC_MMAP_THRESHOLD_" not in os.environ:
        _mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)


M_ARENA_MAX, M_MMAP_THRESHOLD = -8, -3  # glibc's malloc.h
# Blocks of this size or more (half a million numbers) are the system's own pages, given back when freed.
# glibc's default threshold rises to 32 MB as large blocks are freed, after which the build's arrays of
# millions of numbers come from its heaps and stay there, in holes the next ones do not fit: learning from
# every rating peaked about 110 MB higher (630 against 520 MiB, the ratings' part alone in a process with the
# app's libraries), and took 10-15% less time. Blocks of co-likes stay below it (core.build.colikes).
MMAP_THRESHOLD = 4 * 2**20


def _mallopt(option: int, value: int) -> None:
    """Set one of glibc malloc's options, as its `MALLOC_…` variable would (Community Cloud starts `streamlit
    run` itself: no variable of ours is set). Two arenas: Streamlit runs each session in a thread of its own,
    and glibc would give each thread an arena that freed memory never leaves (about 30 MB at 10 sessions)."""
    import contextlib
    import ctypes

    with contextlib.suppress(OSError, AttributeError):  # not glibc: its allocator does as it does
        ctypes.CDLL("libc.so.6").mallopt(option, value)


def give_back_memory() -> None:
    """What this process freed, cycles included, back to the system (glibc keeps a freed heap for the
    process otherwise: a build in the app's process left it 90 MB larger at full size; the build's own
    stages, each freeing hundreds of MB before the next, would add up)."""
    import contextlib
    import ctypes
    import gc

    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: its allocator does as it does
        ctypes.CDLL("libc.so.6").malloc_trim(0)
