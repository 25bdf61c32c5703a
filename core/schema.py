"""What the build writes and reads: file names, the raw files' required columns, and the manifest.

Shared by both sides, and light: the app's first page draws from the manifest alone.
"""

from __future__ import annotations

import json
from pathlib import Path

from core.errors import DataError

CATALOG_FILE = "catalog.parquet"
MANIFEST_FILE = "manifest.json"
MATRIX_FILE = "recommender.npz"
MODEL_FILE = "recommender.json"
# What the ratings taught (core.learnt, saved as .npy arrays named PREFIX.ARRAY.npy): each movie's co-liked
# candidates (core.build.colikes: liked by the same people, liked one after the other) and who rated each
# movie; and the hybrid's weights (core.recommender.Weights) as the build tuned them.
COLIKES_PREFIX = "colikes"
RATINGS_PREFIX = "ratings"
HYBRID_FILE = "hybrid.json"
# What a rating says, for every part that reads one: a like is 4.0 or more (the coincidencias, the gustos
# list, the evaluation's movie to find); what the co-likes learn from is 3.0 or more (more pairs to learn
# from, tuned on the ratings: core.build.colikes). The build keeps twice each rating, in whole numbers.
LIKED = 4.0
LEARNT_FROM = 3.0
RATING_SCALE = 2
# Each fitted vectorizer's vocabulary and idf, so that text can be transformed without refitting; under
# DESCRIBE_KEY, how describing a movie weighs each text's words (core.describe).
VECTORIZERS_FILE = "vectorizers.json"
DESCRIBE_KEY = "describe"
# Exploración's word counts: one matrix per text source, and the words of each.
WORD_SOURCES = ("overview", "title", "keywords")
WORD_COUNTS_FILE = "words.json"


def word_counts_matrix_file(source: str) -> str:
    return f"words-{source}.npz"


RAW_NAMES = {
    "movies": ("movies_metadata.csv", "movies_dataset.csv"),
    "credits": ("credits.csv",),
    "keywords": ("keywords.csv",),
    "ratings": ("ratings_small.csv",),
    "links": ("links_small.csv",),
    "ratings_full": ("ratings.csv",),
    "links_full": ("links.csv",),
}
REQUIRED_COLUMNS = {
    "movies": (
        "belongs_to_collection",
        "budget",
        "genres",
        "id",
        "imdb_id",
        "original_language",
        "original_title",
        "overview",
        "popularity",
        "poster_path",
        "production_companies",
        "production_countries",
        "release_date",
        "revenue",
        "runtime",
        "spoken_languages",
        "title",
        "vote_average",
        "vote_count",
    ),
    "credits": ("cast", "crew", "id"),
    "keywords": ("id", "keywords"),
    "ratings": ("userId", "movieId", "rating", "timestamp"),
    "links": ("movieId", "tmdbId"),
    "ratings_full": ("userId", "movieId", "rating", "timestamp"),
    "links_full": ("movieId", "tmdbId"),
}


def find_raw_file(raw_dir: Path, kind: str) -> Path | None:
    """The raw file of that kind in `raw_dir`, plain, .gz or .zip, or None."""
    for name in RAW_NAMES[kind]:
        for suffix in ("", ".gz", ".zip"):
            candidate = raw_dir / f"{name}{suffix}"
            if candidate.is_file():
                return candidate
    return None


def exists(folder: Path) -> bool:
    """Whether a built catalog is at `folder`."""
    return (Path(folder) / CATALOG_FILE).is_file() and (Path(folder) / MANIFEST_FILE).is_file()


def require(folder: Path) -> Path:
    """The built catalog's own folder (the link `folder` resolved, once: every file is then read from the
    same build, even if another is swapped in meanwhile), or DataError when no catalog is built there."""
    folder = Path(folder).resolve()
    if not exists(folder):
        raise DataError("catalog.missing", folder=str(folder))
    return folder


def read_manifest(folder: Path) -> dict:
    """The manifest of the catalog built at `folder` (DataError when there is none)."""
    manifest = json.loads((require(folder) / MANIFEST_FILE).read_text(encoding="utf-8"))
    if "credited_movies" not in manifest:  # built before manifests counted them: count them once here
        manifest["credited_movies"] = _credited_movies(folder)
    return manifest


def save_matrix(path: Path, matrix) -> None:
    """A sparse matrix as npz (scipy's save_npz) with fixed zip timestamps, so equal matrices are equal bytes."""
    import zipfile

    from scipy import sparse

    sparse.save_npz(path, matrix, compressed=False)
    with zipfile.ZipFile(path) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)


def _credited_movies(folder: Path) -> int:
    """Movies with at least one director, read from the catalog's file."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    directors = pq.ParquetFile(Path(folder) / CATALOG_FILE).read(columns=["directors"])["directors"]
    return int(pc.sum(pc.greater(pc.list_value_length(directors), 0)).as_py() or 0)
