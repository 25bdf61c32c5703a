"""Content-based recommender, read side: the saved sparse features, top-k on demand, with reasons.

Fitting lives in `core.training` (the build's side), so answering never computes features.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from core.config import IMDB_TITLE_URL, TMDB_MOVIE_URL, TMDB_POSTER_URL
from core.errors import DataError
from core.schema import MATRIX_FILE, MODEL_FILE, RATINGS_FILE

LIKED = 8  # twice the rating: 4.0 or more is a like


@dataclass(frozen=True)
class Recommendation:
    id: int
    titulo: str
    anio: int
    puntaje: float
    razon: str
    # How many people in the ratings liked both this and the liked movie its reason names (a rating of
    # 4 or more); None when nobody rated both, or the build had no ratings.
    coincidencias: int | None = None


@dataclass(frozen=True)
class Model:
    """Row-normalised features (one row per catalog movie) and their transpose for fast products."""

    features: sparse.csr_matrix
    by_feature: sparse.csr_matrix
    ids: np.ndarray
    weights: dict[str, float]

    @classmethod
    def from_features(cls, features: sparse.csr_matrix, ids: np.ndarray, weights: dict[str, float]) -> Model:
        features = sparse.csr_matrix(features, dtype=np.float32)
        return cls(features, features.T.tocsr(), np.asarray(ids, dtype=np.int64), dict(weights))

    def scores(self, row: int) -> np.ndarray:
        """Similarity of every movie to the movie at `row`: its few features' columns, weighted."""
        start, end = self.features.indptr[row], self.features.indptr[row + 1]
        columns, values = self.features.indices[start:end], self.features.data[start:end]
        return self.by_feature[columns].T @ values

    @property
    def nbytes(self) -> int:
        return sum(m.data.nbytes + m.indices.nbytes + m.indptr.nbytes for m in (self.features, self.by_feature))


def load_model(folder: Path) -> Model:
    folder = Path(folder)
    if not (folder / MATRIX_FILE).is_file() or not (folder / MODEL_FILE).is_file():
        raise DataError(f"{folder}: no recommender model (run `python -m core build`)")
    meta = json.loads((folder / MODEL_FILE).read_text(encoding="utf-8"))
    return Model.from_features(sparse.load_npz(folder / MATRIX_FILE), np.array(meta["ids"]), meta["weights"])


@dataclass(frozen=True)
class Recommender:
    """A model with the catalog it was fitted on, ready to answer."""

    model: Model
    copies: np.ndarray  # per row, a code shared by exact duplicates (same title and release date)
    rows: dict[int, int]  # movie id -> row
    card_columns: dict[str, pd.api.extensions.ExtensionArray]  # what reasons compare, per column
    ratings: sparse.csc_matrix | None = None  # people × rows, twice each rating: one column per movie

    @classmethod
    def of(cls, model: Model, movies: pd.DataFrame, ratings: sparse.spmatrix | None = None) -> Recommender:
        if not np.array_equal(model.ids, movies["id"].to_numpy()):
            raise DataError("the recommender was fitted on another catalog; rebuild it")
        copies = movies.groupby(["title", "release_date"], sort=False, dropna=False).ngroup().to_numpy()
        rows = {int(movie_id): row for row, movie_id in enumerate(model.ids)}
        if ratings is not None and ratings.shape[1] != len(movies):
            raise DataError("the ratings were read for another catalog; rebuild it")
        columns = {column: movies[column].array for column in CARD_COLUMNS}
        return cls(model, copies, rows, columns, None if ratings is None else sparse.csc_matrix(ratings))

    def liked_by(self, row: int) -> int | None:
        """How many people in the ratings liked the movie at `row`; None without ratings."""
        if self.ratings is None:
            return None
        start, end = self.ratings.indptr[row], self.ratings.indptr[row + 1]
        return int((self.ratings.data[start:end] >= LIKED).sum())

    def coincidences(self, liked: int, row: int) -> int | None:
        """How many people liked both movies; None when nobody rated both (or there are no ratings)."""
        if self.ratings is None:
            return None
        people, ratings = [], []
        for column in (liked, row):
            start, end = self.ratings.indptr[column], self.ratings.indptr[column + 1]
            people.append(self.ratings.indices[start:end])
            ratings.append(self.ratings.data[start:end])
        both, first, second = np.intersect1d(people[0], people[1], assume_unique=True, return_indices=True)
        if len(both) == 0:
            return None
        return int(((ratings[0][first] >= LIKED) & (ratings[1][second] >= LIKED)).sum())

    def similar_movies(self, row: int, k: int = 5, allowed: np.ndarray | None = None) -> list[Recommendation]:
        """The k movies most similar to the one at `row`, never itself nor an exact duplicate of it."""
        return self.similar_to_all([row], k, allowed)

    def similar_to_all(
        self, rows: list[int], k: int = 5, allowed: np.ndarray | None = None, language: str = "es"
    ) -> list[Recommendation]:
        """The k movies closest to the combined profile of the movies at `rows` (the sum of their rows).

        Never one of them nor an exact duplicate; only `allowed` movies when a mask is given. The
        score is the mean similarity to the liked movies; with several, each reason names the liked
        movie the recommendation is closest to.
        """
        per_liked = [self.model.scores(row) for row in rows]
        scores = per_liked[0] if len(rows) == 1 else np.mean(per_liked, axis=0)
        excluded = self.copies == self.copies[rows[0]]
        for row in rows[1:]:
            excluded |= self.copies == self.copies[row]
        if allowed is not None:
            excluded |= ~allowed
        scores[excluded] = -np.inf
        k = max(0, min(k, len(scores) - int(excluded.sum())))
        if k == 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.lexsort((self.model.ids[top], -scores[top]))]
        closest = self._closest_liked(rows, top, per_liked)
        cards = self._card_values([*rows, *top])
        return [
            Recommendation(
                id=int(cards[row]["id"]),
                titulo=cards[row]["title"],
                anio=int(cards[row]["release_year"]),
                puntaje=round(float(scores[row]), 4),
                razon=_reason_from(cards[near], cards[row], len(rows) > 1, language),
                coincidencias=self.coincidences(int(near), int(row)),
            )
            for row, near in zip(top, closest, strict=True)
        ]

    def _closest_liked(self, rows: list[int], top, per_liked: list[np.ndarray] | None = None) -> np.ndarray:
        """For each of `top`, the liked movie (of `rows`) it is most similar to: the one its reason names."""
        if len(rows) == 1:
            return np.full(len(top), rows[0])
        per_liked = per_liked or [self.model.scores(row) for row in rows]
        return np.asarray(rows)[np.argmax([liked_scores[np.asarray(top)] for liked_scores in per_liked], axis=0)]

    def coincidences_said(
        self, rows: list[int], recommendations: list[Recommendation], language: str = "es"
    ) -> list[str]:
        """Each recommendation's `coincidencias` as a sentence ("A 31 de las 58 personas a las que les
        gustó Toy Story también les gustó esta"); empty where there is no count to tell."""
        nearest = self._closest_liked(rows, [self.rows[item.id] for item in recommendations])
        return [
            self._said(item.coincidencias, int(near), language)
            for item, near in zip(recommendations, nearest, strict=True)
        ]

    def _said(self, both: int | None, near: int, language: str) -> str:
        if both is None:
            return ""
        title, likers = self.card_columns["title"][near], self.liked_by(near)
        if language == "en":
            return f"{both:,} of the {likers:,} people who liked {title} also liked this one"
        people = "persona" if likers == 1 else "personas"
        return f"A {both} de las {likers} {people} a las que les gustó {title} también les gustó esta"

    def _card_values(self, rows: list[int]) -> dict[int, dict]:
        """What reasons compare, for each of a few movies: one take per column."""
        values = {column: array.take(rows).tolist() for column, array in self.card_columns.items()}
        return {
            row: dict(zip(values, record, strict=True))
            for row, record in zip(rows, zip(*values.values(), strict=True), strict=True)
        }


def _reason_from(liked: dict, other: dict, several: bool, language: str) -> str:
    """The reason; with several liked movies, first the one it resembles most."""
    said = reason(liked, other, language)
    return f"{REASON_WORDS[language]['like']} {liked['title']}: {said}" if several else said


def load(folder: Path, movies: pd.DataFrame) -> Recommender:
    """Load the saved model (and the ratings, when the build had them) and check they fit `movies`."""
    ratings = Path(folder) / RATINGS_FILE
    return Recommender.of(load_model(folder), movies, sparse.load_npz(ratings) if ratings.is_file() else None)


CARD_COLUMNS = ["id", "title", "release_year", "collection", "directors", "genres", "cast", "keywords"]


REASON_WORDS = {
    "es": {
        "collection": "misma colección",
        "directors": "mismo director",
        "genres": "géneros",
        "cast": "reparto",
        "keywords": "temas",
        "plot": "argumento parecido",
        "like": "como",
    },
    "en": {
        "collection": "same collection",
        "directors": "same director",
        "genres": "genres",
        "cast": "cast",
        "keywords": "themes",
        "plot": "similar plot",
        "like": "like",
    },
}


def reason(movie: dict, other: dict, language: str = "es") -> str:
    """Why two movies are alike, in a few words, strongest shared feature first."""
    words = REASON_WORDS[language]
    shared = lambda column: [v for v in other[column] if v in set(movie[column])]  # noqa: E731
    reasons = []
    if isinstance(movie["collection"], str) and movie["collection"] == other["collection"]:
        reasons.append(words["collection"])
    for column, shown in (("directors", 2), ("genres", 3), ("cast", 2), ("keywords", 3)):
        if names := shared(column):
            reasons.append(f"{words[column]}: {', '.join(names[:shown])}")
    return " · ".join(reasons[:3]) or words["plot"]


@dataclass(frozen=True)
class MovieCard:
    """What the page shows of one movie."""

    id: int
    titulo: str
    anio: int
    generos: tuple[str, ...]
    resumen: str
    poster_url: str | None
    tmdb_url: str
    imdb_url: str | None


def card(movies: pd.DataFrame, row: int) -> MovieCard:
    movie = movies.iloc[row]
    poster, imdb = movie["poster_path"], movie["imdb_id"]
    return MovieCard(
        id=int(movie["id"]),
        titulo=movie["title"],
        anio=int(movie["release_year"]),
        generos=tuple(movie["genres"]),
        resumen=movie["overview"] if isinstance(movie["overview"], str) else "",
        poster_url=TMDB_POSTER_URL.format(path=poster) if isinstance(poster, str) and poster.startswith("/") else None,
        tmdb_url=TMDB_MOVIE_URL.format(id=int(movie["id"])),
        imdb_url=IMDB_TITLE_URL.format(imdb_id=imdb) if isinstance(imdb, str) and imdb.startswith("tt") else None,
    )
