"""The recommender, read side: a hybrid of the saved content features, what the ratings taught
(core.build.colikes) and a prior for the movies people watch; top-k on demand, with reasons.

Fitting lives in the build (core/build/), so answering never computes features.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from core import details
from core.config import TMDB_MOVIE_URL
from core.errors import DataError
from core.ranking import first_of_each
from core.schema import COLIKES_FILES, HYBRID_FILE, MATRIX_FILE, MODEL_FILE, RATINGS_FILE

LIKED = 8  # twice the rating: 4.0 or more is a like
SIBLINGS = 3  # movies of a liked movie's collection that lead a list, at most
DIVERSE_POOL = 20  # a diverse list of k looks among the best 20 k first
NEUTRAL_POPULARITY = 0.5  # "popularity" that leaves the tuned weight of the votes as it is
POPULARITY_POOL = 100  # the movies a popularity other than neutral reorders: the hybrid's best
POPULARITY_REACH = 2.0  # at popularity 0 or 1, how many best scores the most voted movie loses or gains


@dataclass(frozen=True)
class Weights:
    """How the hybrid weighs what it knows of each liked movie: the people who liked it and another
    (1, the unit), `after` those who liked them one after the other, `content` the TF-IDF blocks'
    cosine, `prior` the movie's votes (log, scaled to 1 at the most voted). A liked movie nobody
    rated speaks through content and `alone` times the prior. Each earlier liked movie of a list
    counts `recency` times the one after it (the last is the most recent). The build tunes them
    on the ratings (core.evaluate); these are for a build without ratings."""

    after: float = 2.0
    content: float = 0.1
    prior: float = 0.1
    recency: float = 0.7
    alone: float = 8.0


@dataclass(frozen=True)
class Parts:
    """What the hybrid weighs for a list of liked movies, each summed over them with the recency
    weights: co-likes, likes one after the other, content for the rated liked movies and for the
    others, and the sums of weights of both kinds (for the prior)."""

    together: np.ndarray
    after: np.ndarray
    content_rated: np.ndarray
    content_alone: np.ndarray
    rated: float
    alone: float

    @staticmethod
    def of(each: list[Parts], recency: float) -> Parts:
        """The parts of several liked movies (oldest first), each earlier one weighing `recency` times the next."""
        if len(each) == 1:
            return each[0]
        weights = recency ** np.arange(len(each))[::-1]
        summed = [
            np.sum([weight * getattr(part, name) for weight, part in zip(weights, each, strict=True)], axis=0)
            for name in ("together", "after", "content_rated", "content_alone", "rated", "alone")
        ]
        return Parts(*summed[:4], float(summed[4]), float(summed[5]))


def weigh(parts: Parts, after, content, prior, alone, votes: np.ndarray) -> np.ndarray:
    """The hybrid's scores from `parts` with these weights (numbers, or columns of several weightings
    to score at once), `votes` the prior of every movie."""
    return (
        parts.together
        + after * parts.after
        + content * parts.content_rated
        + parts.content_alone
        + (prior * parts.rated + alone * parts.alone) * votes
    )


def _among(codes: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Which of `codes` are one of the few `wanted` (a comparison each: faster than np.isin for a few)."""
    found = codes == wanted[0]
    for code in wanted[1:]:
        found |= codes == code
    return found


def _dense_row(matrix: sparse.csr_matrix, row: int) -> np.ndarray:
    dense = np.zeros(matrix.shape[1], np.float32)
    start, end = matrix.indptr[row], matrix.indptr[row + 1]
    dense[matrix.indices[start:end]] = matrix.data[start:end]
    return dense


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
    collections: np.ndarray  # per row, a code per collection (-1: none)
    prior: np.ndarray  # per row, log votes scaled to 1 at the most voted
    weights: Weights = Weights()
    # What the ratings taught (core.build.colikes), rows × rows, each row scaled to 1 at its best;
    # None when the build had no ratings.
    together: sparse.csr_matrix | None = None
    after: sparse.csr_matrix | None = None
    ratings: sparse.csc_matrix | None = None  # people × rows, twice each rating: one column per movie

    @classmethod
    def of(
        cls,
        model: Model,
        movies: pd.DataFrame,
        ratings: sparse.spmatrix | None = None,
        colikes: tuple[sparse.spmatrix, sparse.spmatrix] | None = None,
        weights: Weights = Weights(),
    ) -> Recommender:
        if not np.array_equal(model.ids, movies["id"].to_numpy()):
            raise DataError("the recommender was fitted on another catalog; rebuild it")
        copies = movies.groupby(["title", "release_date"], sort=False, dropna=False).ngroup().to_numpy()
        rows = {int(movie_id): row for row, movie_id in enumerate(model.ids)}
        for taught in (ratings, *(colikes or ())):
            if taught is not None and taught.shape[1] != len(movies):
                raise DataError("the ratings were read for another catalog; rebuild it")
        columns = {column: movies[column].array for column in CARD_COLUMNS}
        votes = np.log1p(movies["vote_count"].to_numpy(dtype=np.float64))
        together, after = (sparse.csr_matrix(m, dtype=np.float32) for m in colikes) if colikes else (None, None)
        return cls(
            model,
            copies,
            rows,
            columns,
            collections=pd.factorize(movies["collection"])[0],
            prior=(votes / max(1.0, votes.max())).astype(np.float32),
            weights=weights,
            together=together,
            after=after,
            ratings=None if ratings is None else sparse.csc_matrix(ratings),
        )

    def parts(self, rows: list[int]) -> Parts:
        """What the hybrid weighs for the liked movies at `rows` (oldest first)."""
        return Parts.of([self.one(row) for row in rows], self.weights.recency)

    def one(self, row: int) -> Parts:
        """What the hybrid weighs for the one liked movie at `row`."""
        content, empty = self.model.scores(row), np.zeros(len(self.prior), np.float32)
        if not self.taught(row):
            return Parts(empty, empty, empty, content, 0.0, 1.0)
        together, after = (_dense_row(matrix, row) for matrix in (self.together, self.after))
        return Parts(together, after, content, empty, 1.0, 0.0)

    def taught(self, row: int) -> bool:
        """Whether the ratings taught anything of the movie at `row`."""
        if self.together is None:
            return False
        return any(matrix.indptr[row + 1] > matrix.indptr[row] for matrix in (self.together, self.after))

    def weigh(self, parts: Parts, weights: Weights | None = None) -> np.ndarray:
        """The hybrid's score of every movie from `parts`."""
        w = weights or self.weights
        return weigh(parts, w.after, w.content, w.prior, w.alone, self.prior)

    def scores(self, rows: list[int], excluded: np.ndarray | None = None, weights: Weights | None = None) -> np.ndarray:
        """The hybrid's score of every movie for the liked movies at `rows`: -inf for the liked
        movies, their exact duplicates and `excluded` (a mask); up to SIBLINGS movies of the liked
        movies' collections lifted above all others, in their order."""
        return self.finish(self.weigh(self.parts(rows), weights), rows, excluded)

    def finish(self, scores: np.ndarray, rows: list[int], excluded: np.ndarray | None = None) -> np.ndarray:
        """`scores` (of every movie; or several such, one per line) as served: -inf for the liked
        movies, their duplicates and `excluded`; the first SIBLINGS siblings lifted above the rest."""
        return self.lift(scores, *self.leaving(rows, excluded))

    def leaving(self, rows: list[int], excluded: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """What a list for the liked movies at `rows` leaves out (a mask), and the siblings it may hold."""
        gone = _among(self.copies, self.copies[rows])
        if excluded is not None:
            gone |= excluded
        collections = self.collections[rows]
        collections = collections[collections >= 0]
        if not len(collections):
            return gone, np.zeros(0, dtype=np.int64)
        return gone, np.flatnonzero(_among(self.collections, collections) & ~gone)

    def lift(self, scores: np.ndarray, gone: np.ndarray, siblings: np.ndarray) -> np.ndarray:
        several = np.ndim(scores) == 2
        scores = np.array(scores, dtype=np.float32, ndmin=2)
        scores[:, gone] = -np.inf
        if SIBLINGS and len(siblings):
            ids = np.broadcast_to(self.model.ids[siblings], (len(scores), len(siblings)))
            first = siblings[np.lexsort((ids, -scores[:, siblings]))[:, :SIBLINGS]]
            lines = np.arange(len(scores))[:, None]
            scores[lines, first] += (
                scores.max(axis=1, keepdims=True) - scores[lines, first].min(axis=1, keepdims=True) + 1
            )
        return scores if several else scores[0]

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
        self,
        rows: list[int],
        k: int = 5,
        allowed: np.ndarray | None = None,
        language: str = "es",
        popularity: float | None = None,
        diverse: bool = False,
    ) -> list[Recommendation]:
        """The k best movies for the liked movies at `rows` (oldest first), by the hybrid's score.

        Never one of them nor an exact duplicate; only `allowed` movies when a mask is given.
        `popularity` (0 to 1) moves the weight of the votes among the hybrid's best: 0.5 (or None) is
        the tuned hybrid, 1 favours well-known movies, 0 hidden gems; `puntaje` stays the hybrid's. `diverse`: at most one movie per collection. Each
        reason names what the recommendation shares with the liked movie that counted most for it,
        and with several liked movies, that movie.
        """
        each = [self.one(row) for row in rows]
        weighed = self.weigh(Parts.of(each, self.weights.recency))
        excluded = None if allowed is None else ~allowed
        if popularity is None or popularity == NEUTRAL_POPULARITY:
            scores = self.finish(weighed, rows, excluded)
        else:
            scores = self.popular(weighed, rows, excluded, popularity)
        top = self.best(scores, k, diverse)
        if not len(top):
            return []
        closest = self._closest_liked(rows, top, each)
        cards = self._card_values([*rows, *top])
        return [
            Recommendation(
                id=int(cards[row]["id"]),
                titulo=cards[row]["title"],
                anio=int(cards[row]["release_year"]),
                puntaje=round(float(weighed[row]), 4),
                razon=_reason_from(cards[near], cards[row], len(rows) > 1, self._liked_together(near, row), language),
                coincidencias=self.coincidences(int(near), int(row)),
            )
            for row, near in zip(top, closest, strict=True)
        ]

    def popular(
        self, weighed: np.ndarray, rows: list[int], excluded: np.ndarray | None, popularity: float
    ) -> np.ndarray:
        """The scores as served (see `finish`) with the votes' weight moved by `popularity` (0 to 1).

        Only among the POPULARITY_POOL best movies by the hybrid's own scores `weighed` (and the
        siblings), so that a hidden gem is still a movie for these liked movies: each scores its share
        of the best one, plus 2 POPULARITY_REACH (popularity - 0.5) times its prior (1 at the most voted).
        """
        gone, siblings = self.leaving(rows, excluded)
        base = np.where(gone, -np.inf, weighed).astype(np.float32)
        pool = np.union1d(self.best(base, POPULARITY_POOL), siblings)
        if not len(pool):
            return base
        share = base[pool] / max(float(base[pool].max()), 1e-6)
        adjusted = np.full(len(base), -np.inf, np.float32)
        lean = 2 * POPULARITY_REACH * (min(1.0, max(0.0, popularity)) - NEUTRAL_POPULARITY)
        adjusted[pool] = share + lean * self.prior[pool]
        return self.lift(adjusted, gone, siblings)

    def best(self, scores: np.ndarray, k: int, diverse: bool = False) -> np.ndarray:
        """The rows of the k best finite `scores`, best first (ties: the smaller id); with `diverse`,
        only the best of each collection."""
        finite = int(np.isfinite(scores).sum())
        if not diverse:
            k = max(0, min(k, finite))
            if k == 0:
                return np.zeros(0, dtype=np.int64)
            top = np.argpartition(-scores, k - 1)[:k]
            return top[np.lexsort((self.model.ids[top], -scores[top]))]
        for many in (min(finite, DIVERSE_POOL * k), finite):  # the best few usually hold k collections
            ranked = self.best(scores, many)
            keep = first_of_each(self.collections[ranked])
            if keep.sum() >= k or many == finite:
                return ranked[keep][:k]
        return ranked[keep][:k]

    def _liked_together(self, liked: int, row: int) -> bool:
        """Whether the ratings tie the movie at `row` to the liked movie at `liked`."""
        return self.taught(liked) and bool(self.together[liked, row] or self.after[liked, row])

    def _closest_liked(self, rows: list[int], top, each: list[Parts] | None = None) -> np.ndarray:
        """For each of `top`, the liked movie (of `rows`) that counted most for it: the one its reason
        names. `each`: the liked movies' parts, when already at hand."""
        if len(rows) == 1:
            return np.full(len(top), rows[0])
        top = np.asarray(top)
        each = each or [self.one(row) for row in rows]
        recency = self.weights.recency ** np.arange(len(rows))[::-1]  # as Parts.of sums them
        counted = [weight * self.weigh(part)[top] for weight, part in zip(recency, each, strict=True)]
        return np.asarray(rows)[np.argmax(counted, axis=0)]

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
        return liked_both_said(both, self.liked_by(near), self.card_columns["title"][near], language)

    def _card_values(self, rows: list[int]) -> dict[int, dict]:
        """What reasons compare, for each of a few movies: one take per column."""
        values = {column: array.take(rows).tolist() for column, array in self.card_columns.items()}
        return {
            row: dict(zip(values, record, strict=True))
            for row, record in zip(rows, zip(*values.values(), strict=True), strict=True)
        }


def liked_both_said(both: int, likers: int, title: str, language: str = "es") -> str:
    """How many of the people who liked `title` also liked a movie, as a sentence that agrees with
    its numbers (one person, nobody); empty when nobody liked `title`."""
    if not likers:
        return ""
    if language == "en":
        if likers == 1:
            return f"The one person who liked {title} {'also liked' if both else 'did not like'} this one"
        if not both:
            return f"None of the {likers:,} people who liked {title} liked this one"
        return f"{both:,} of the {likers:,} people who liked {title} also liked this one"
    if likers == 1:
        return f"A la única persona a la que le gustó {title} {'también le gustó' if both else 'no le gustó'} esta"
    if not both:
        return f"A ninguna de las {likers} personas a las que les gustó {title} le gustó esta"
    verb = "le gustó" if both == 1 else "les gustó"
    return f"A {both} de las {likers} personas a las que les gustó {title} también {verb} esta"


def _reason_from(liked: dict, other: dict, several: bool, liked_together: bool, language: str) -> str:
    """The reason; with several liked movies, first the one that counted most for it (which the
    reason of the people who liked it names already)."""
    said = reason(liked, other, language)
    if said == REASON_WORDS[language]["plot"] and liked_together:
        return REASON_WORDS[language]["people"].format(title=liked["title"])
    return f"{REASON_WORDS[language]['like']} {liked['title']}: {said}" if several else said


def load(folder: Path, movies: pd.DataFrame) -> Recommender:
    """Load the saved model (and what the ratings taught, when the build had them) and check they fit `movies`."""
    folder = Path(folder)
    ratings, colikes, weights = folder / RATINGS_FILE, [folder / name for name in COLIKES_FILES], folder / HYBRID_FILE
    return Recommender.of(
        load_model(folder),
        movies,
        sparse.load_npz(ratings) if ratings.is_file() else None,
        tuple(sparse.load_npz(path) for path in colikes) if all(path.is_file() for path in colikes) else None,
        Weights(**json.loads(weights.read_text(encoding="utf-8"))) if weights.is_file() else Weights(),
    )


CARD_COLUMNS = ["id", "title", "release_year", "collection", "directors", "genres", "cast", "keywords"]


REASON_WORDS = {
    "es": {
        "collection": "misma colección",
        "directors": "mismo director",
        "genres": "géneros",
        "cast": "reparto",
        "keywords": "temas",
        "plot": "argumento parecido",
        "people": "gustó a quienes les gustó {title}",
        "like": "como",
    },
    "en": {
        "collection": "same collection",
        "directors": "same director",
        "genres": "genres",
        "cast": "cast",
        "keywords": "themes",
        "plot": "similar plot",
        "people": "liked by people who liked {title}",
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
        poster_url=details.poster_url(poster),
        tmdb_url=TMDB_MOVIE_URL.format(id=int(movie["id"])),
        imdb_url=details.imdb_url(imdb),
    )
