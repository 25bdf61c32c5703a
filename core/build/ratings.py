"""The dataset's ratings (ratings_small.csv through links_small.csv), read as the build and
`python -m core evaluate` both use them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from core.build.raw import read_raw
from core.errors import DataError
from core.phrases import Number, Phrase
from core.schema import RATING_SCALE, find_raw_file


def find(raw_dir: Path) -> tuple[Path, Path] | None:
    """The ratings and links files in `raw_dir`, or None unless both are there."""
    paths = find_raw_file(raw_dir, "ratings"), find_raw_file(raw_dir, "links")
    return None if None in paths else paths


def read_ratings(
    ratings_path: Path, links_path: Path, movies: pd.DataFrame
) -> tuple[sparse.csr_matrix, dict, pd.DataFrame]:
    """The ratings of catalog movies as a people × rows matrix of twice each rating, what was read, and
    the ratings kept as core.build.evaluate reads them.

    MovieLens ids lead to TMDB ids through the links (those with no TMDB id lead nowhere); a rating
    that is not a number from 0.5 to 5, or of a movie not in the catalog, is counted and left out. A
    person who rated one movie twice (two MovieLens ids of one TMDB id) keeps the later rating.
    """
    raw, links = read_raw(ratings_path, "ratings"), read_raw(links_path, "links")
    tmdb = pd.to_numeric(links["tmdbId"], errors="coerce")
    to_tmdb = pd.Series(tmdb.to_numpy(), index=pd.to_numeric(links["movieId"], errors="coerce"))
    to_tmdb = to_tmdb[to_tmdb.index.notna() & to_tmdb.notna()]
    to_tmdb = to_tmdb[~to_tmdb.index.duplicated()]
    rows = pd.Series(np.arange(len(movies)), index=movies["id"].to_numpy())
    if to_tmdb.empty:
        raise _unusable(links_path, len(links), Phrase.of("ratings.no_tmdb"))
    if not to_tmdb.isin(rows.index).any():
        raise _unusable(links_path, len(links), Phrase.of("ratings.no_catalog_link"))
    frame = pd.DataFrame(
        {
            "person": pd.to_numeric(raw["userId"], errors="coerce"),
            "row": pd.to_numeric(raw["movieId"], errors="coerce").map(to_tmdb).map(rows),
            "rating": pd.to_numeric(raw["rating"], errors="coerce"),
            "time": pd.to_numeric(raw["timestamp"], errors="coerce"),
            "movielens": pd.to_numeric(raw["movieId"], errors="coerce"),
        }
    )
    valid = frame["rating"].between(0.5, 5) & frame["person"].notna()
    if not valid.any():
        raise _unusable(ratings_path, len(raw), Phrase.of("ratings.no_rating"))
    if not (valid & frame["row"].notna()).any():
        raise _unusable(ratings_path, len(raw), Phrase.of("ratings.no_catalog_rating", links=links_path.name))
    kept = (
        frame[valid & frame["row"].notna()]
        .sort_values("time", kind="stable")
        .drop_duplicates(["person", "row"], keep="last")
    )
    people = kept["person"].astype("int64")
    codes, names = pd.factorize(people, sort=True)
    matrix = sparse.csr_matrix(
        (
            (kept["rating"] * RATING_SCALE).round().astype(np.uint8).to_numpy(),
            (codes, kept["row"].astype("int64").to_numpy()),
        ),
        shape=(len(names), len(movies)),
    )
    read = {
        "ratings": len(raw),
        "of_catalog_movies": len(kept),
        "not_a_rating": int((~valid).sum()),
        "of_other_movies": int((valid & frame["row"].isna()).sum()),
        "people": len(names),
        "movies_rated": int(kept["row"].nunique()),
    }
    kept = kept.astype({"person": "int64", "row": "int64", "time": "int64", "movielens": "int64"})
    columns = {"person": "user", "time": "timestamp"}
    return matrix, read, kept.rename(columns=columns)[["user", "row", "rating", "timestamp", "movielens"]]


def _unusable(path: Path, rows: int, what: Phrase) -> DataError:
    """A ratings or links file with no usable row: building on would serve a catalog without what the
    ratings teach, in place of a good one (the build stops, and the previous catalog stays)."""
    if not rows:
        return DataError("ratings.header_only", file=path.name)
    return DataError("ratings.unusable", file=path.name, rows=Number(rows), what=what)
