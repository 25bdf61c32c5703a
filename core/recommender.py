"""The recommender, read side: two lists for one liked movie, or a few.

- *parecidas* (the default, the course's question): movies like them, by the cosine of the saved
  content features (the TF-IDF blocks), among the movies that share a genre and something telling
  with one of them (a family movie's among family movies only), lifted a little by how known a
  movie is and, where the ratings say so, by how much the people who liked the liked movie liked it;
- *gustos*: what the people who liked them also liked: only movies that someone who liked one of
  them liked too, ranked by the hybrid the build tuned on the ratings (core.build.colikes).

Both lead with up to SIBLINGS movies of a liked movie's collection. Fitting lives in the build
(core/build/), so answering never computes features.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from core.errors import DataError
from core.i18n import course
from core.learnt import Colikes, Ratings
from core.limits import MODES, NEUTRAL_POPULARITY
from core.ranking import first_of_each
from core.reasons import Reason, shared_facts
from core.schema import HYBRID_FILE, MATRIX_FILE, MODEL_FILE, VECTORIZERS_FILE

SIMILAR, LIKED_TOO = MODES
SIBLINGS = 3  # movies of a liked movie's collection that lead a list, at most
DIVERSE_POOL = 20  # a diverse list of k looks among the best 20 k first
POPULARITY_POOL = 100  # the movies a popularity other than neutral reorders: the list's best
POPULARITY_REACH = 2.0  # at popularity 0 or 1, how many best scores the most voted movie loses or gains
# Genres that say whom a movie is for: a movie of one of them is like only movies of one of them.
AUDIENCE_GENRES = ("Animation", "Family")
# Features every movie has (one language, one decade): they weigh in the cosine, but alone they make no
# movie like another.
CONTEXT_BLOCKS = ("language", "decade")
# Parecidas: a movie's cosine counts 1 + KNOWN_PULL times at the most voted movie (once at one nobody voted
# for), and RATINGS_PULL times more per unit of what the ratings tie it to the liked movie (its co-likes
# as the hybrid weighs them, 1 at the closest). Chosen with bench/recommender.py: the lists stay alike
# (every one shares a genre) and find four to five times as many next liked movies as the cosine alone.
KNOWN_PULL = 1.0
RATINGS_PULL = 3.0
# A reason names a word both plots share only when at most this share of the movies' plots has it ("toys",
# "corleone"; not "man" nor "life").
PLOT_WORDS = 0.01
# Gustos: among what people liked too, a movie that shares a genre with the liked one counts this much
# more (bench/recommender.py: 0.82 of the lists' movies share a genre without it, 0.92 with it, as many found).
GENRE_NUDGE = 0.25


@dataclass(frozen=True)
class Weights:
    """How the hybrid (the gustos list) weighs what it knows of each liked movie: the people who liked
    it and another (1, the unit), `after` those who liked them one after the other, `content` the
    TF-IDF blocks' cosine, `prior` the movie's votes (log, scaled to 1 at the most voted). Each earlier
    liked movie of a list counts `recency` times the one after it (the last is the most recent). The
    build tunes them on the ratings (core.build.evaluate); these are for a build without ratings."""

    after: float = 2.0
    content: float = 0.1
    prior: float = 0.1
    recency: float = 0.7

    @classmethod
    def of(cls, saved: dict) -> Weights:
        """The weights a build saved (older builds saved more: what is not a weight is left out)."""
        return cls(**{name.name: saved[name.name] for name in fields(cls) if name.name in saved})


def _among(codes: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Which of `codes` are one of the few `wanted` (a comparison each: faster than np.isin for a few)."""
    found = codes == wanted[0]
    for code in wanted[1:]:
        found |= codes == code
    return found


@dataclass(frozen=True)
class Recommendation:
    """One movie of a list: `puntaje` the list's score, `reason` why it ranks. `coincidencias`: how many
    people in the ratings liked both it and the liked movie its reason names (a rating of 4 or more);
    None when nobody rated both, or the build had no ratings."""

    id: int
    titulo: str
    anio: int
    puntaje: float
    coincidencias: int | None
    reason: Reason

    def as_json(self) -> dict:
        """The course's keys, the reason in Spanish with TMDB's genre names."""
        return {
            "id": self.id,
            "titulo": self.titulo,
            "anio": self.anio,
            "puntaje": self.puntaje,
            "razon": self.reason.said(course()),
            "coincidencias": self.coincidencias,
        }


@dataclass(frozen=True)
class Model:
    """Row-normalised features (one row per catalog movie) and their transpose for fast products;
    `blocks`: each block's columns, [start, stop)."""

    features: sparse.csr_matrix
    by_feature: sparse.csr_matrix
    ids: np.ndarray
    weights: dict[str, float]
    blocks: dict[str, tuple[int, int]] = field(default_factory=dict)

    @classmethod
    def from_features(
        cls, features: sparse.csr_matrix, ids: np.ndarray, weights: dict[str, float], blocks: dict | None = None
    ) -> Model:
        features = sparse.csr_matrix(features, dtype=np.float32)
        blocks = {name: (int(start), int(stop)) for name, (start, stop) in (blocks or {}).items()}
        return cls(features, features.T.tocsr(), np.asarray(ids, dtype=np.int64), dict(weights), blocks)

    def scores(self, row: int) -> np.ndarray:
        """Similarity of every movie to the movie at `row`: its few features' columns, weighted."""
        columns, values = self._row(row)
        return self.by_feature[columns].T @ values

    def alike(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        """`scores(row)`, and which movies share with it a feature that is not context (a language,
        a decade): a genre, a name, a keyword or a word of the plot."""
        columns, values = self._row(row)
        context = np.zeros(len(columns), dtype=bool)
        for name in CONTEXT_BLOCKS:
            if name in self.blocks:
                start, stop = self.blocks[name]
                context |= (columns >= start) & (columns < stop)
        telling = self.by_feature[columns[~context]].T @ values[~context]
        return telling + self.by_feature[columns[context]].T @ values[context], telling > 0

    def shared(self, row: int, other: int, block: str, rarer_than: float = 1.0) -> np.ndarray:
        """The columns of `block` (counted from its start) that both movies have, the most telling first;
        only those that at most a `rarer_than` share of the movies have."""
        if block not in self.blocks:
            return np.zeros(0, dtype=np.int64)
        start, stop = self.blocks[block]
        (mine, my_values), (theirs, their_values) = self._row(row), self._row(other)
        both, first, second = np.intersect1d(mine, theirs, assume_unique=True, return_indices=True)
        movies = self.by_feature.indptr[both + 1] - self.by_feature.indptr[both]
        inside = (both >= start) & (both < stop) & (movies <= max(2, rarer_than * len(self.ids)))
        weight = my_values[first] * their_values[second]
        order = np.argsort(-weight[inside], kind="stable")
        return both[inside][order] - start

    def _row(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        start, end = self.features.indptr[row], self.features.indptr[row + 1]
        return self.features.indices[start:end], self.features.data[start:end]

    @property
    def nbytes(self) -> int:
        return sum(m.data.nbytes + m.indices.nbytes + m.indptr.nbytes for m in (self.features, self.by_feature))


def load_model(folder: Path) -> Model:
    folder = Path(folder)
    if not (folder / MATRIX_FILE).is_file() or not (folder / MODEL_FILE).is_file():
        raise DataError("model.missing", folder=str(folder))
    meta = json.loads((folder / MODEL_FILE).read_text(encoding="utf-8"))
    return Model.from_features(
        sparse.load_npz(folder / MATRIX_FILE), np.array(meta["ids"]), meta["weights"], meta.get("blocks")
    )


@dataclass(frozen=True)
class Liked:
    """What one liked movie tells both lists, for every catalog movie."""

    row: int
    content: np.ndarray  # the cosine of the content features
    alike: np.ndarray  # like it: a genre and something telling shared, a family movie's a family movie
    genre: np.ndarray  # shares a genre with it
    together: np.ndarray | None  # what the ratings taught of it (None: nothing)
    after: np.ndarray | None
    fans: np.ndarray | None  # how many people who liked it liked each movie (None: nobody liked it)

    def take(self, columns: np.ndarray) -> Liked:
        """What it tells of the movies at `columns` only."""
        cut = {name: getattr(self, name) for name in ("content", "alike", "genre", "together", "after", "fans")}
        return Liked(self.row, **{name: None if values is None else values[columns] for name, values in cut.items()})


def scored(one: Liked, mode: str, weights: Weights, prior: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One liked movie's score of every movie in `mode` (0 where it lets none in), and which it lets
    in; `prior` each movie's votes (log, 1 at the most voted). The hybrid's weights may be columns of
    several weightings, scored at once (the evaluation's tuning)."""
    if mode == SIMILAR:  # scaled to 1 at its best, so that every liked movie of a list speaks as loud
        boost = 1 + KNOWN_PULL * prior
        if one.together is not None:
            boost = boost + RATINGS_PULL * (one.together + weights.after * one.after)
        score = np.where(one.alike, one.content * boost, 0)
        return score / max(float(score.max(initial=0)), 1e-9), one.alike
    if one.fans is None:
        return np.zeros(len(prior), np.float32), np.zeros(len(prior), dtype=bool)
    hybrid = weights.content * one.content + weights.prior * prior
    if one.together is not None:
        hybrid = hybrid + one.together + weights.after * one.after
    lets_in = one.fans > 0
    return hybrid * np.where(lets_in, 1 + GENRE_NUDGE * one.genre, 0).astype(np.float32), lets_in


def weigh(liked: list[Liked], mode: str, weights: Weights, prior: np.ndarray) -> np.ndarray:
    """The list's score of every movie for the `liked` movies (oldest first), each earlier one counting
    `recency` times the next; -inf where none of them lets a movie in."""
    recency = weights.recency ** np.arange(len(liked))[::-1]
    total, allowed = 0.0, np.zeros(len(prior), dtype=bool)
    for weight, one in zip(recency, liked, strict=True):
        score, lets_in = scored(one, mode, weights, prior)
        total, allowed = total + weight * score, allowed | lets_in
    return np.where(allowed, total, -np.inf)


def lift(scores: np.ndarray, siblings: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """`scores` (one list per line) with the first SIBLINGS of the `siblings` each list lets in (a
    finite score; the same on every line) lifted above all others, in their order (ties: the smaller
    id of `ids`)."""
    siblings = siblings[np.isfinite(scores[0, siblings])]
    if SIBLINGS and len(siblings):
        first = siblings[np.lexsort((np.broadcast_to(ids[siblings], scores[:, siblings].shape), -scores[:, siblings]))]
        first = first[:, :SIBLINGS]
        lines = np.arange(len(scores))[:, None]
        scores[lines, first] += scores.max(axis=1, keepdims=True) - scores[lines, first].min(axis=1, keepdims=True) + 1
    return scores


@dataclass(frozen=True)
class Recommender:
    """A model with the catalog it was fitted on, ready to answer."""

    model: Model
    copies: np.ndarray  # per row, a code shared by exact duplicates (same title and release date)
    rows: dict[int, int]  # movie id -> row
    card_columns: dict[str, pd.api.extensions.ExtensionArray]  # what reasons compare, per column
    collections: np.ndarray  # per row, a code per collection (-1: none)
    prior: np.ndarray  # per row, log votes scaled to 1 at the most voted
    genres: np.ndarray  # rows × genres: each movie's genres
    audience: np.ndarray  # per row: of one of the AUDIENCE_GENRES
    weights: Weights = Weights()
    # What the ratings taught (core.learnt): each movie's co-liked candidates, and who rated each movie;
    # None when the build had no ratings.
    colikes: Colikes | None = None
    ratings: Ratings | None = None
    plot_words: np.ndarray | None = None  # the overview block's words, in column order

    @classmethod
    def of(
        cls,
        model: Model,
        movies: pd.DataFrame,
        ratings: Ratings | None = None,
        colikes: Colikes | None = None,
        weights: Weights = Weights(),
        plot_words: list[str] | None = None,
    ) -> Recommender:
        if not np.array_equal(model.ids, movies["id"].to_numpy()):
            raise DataError("model.other_catalog")
        copies = movies.groupby(["title", "release_date"], sort=False, dropna=False).ngroup().to_numpy()
        rows = {int(movie_id): row for row, movie_id in enumerate(model.ids)}
        for taught in (ratings, colikes):
            if taught is not None and len(taught.starts) != len(movies) + 1:
                raise DataError("model.ratings_other_catalog")
        columns = {column: movies[column].array for column in CARD_COLUMNS}
        votes = np.log1p(movies["vote_count"].to_numpy(dtype=np.float64))
        genres = movies["genres"].reset_index(drop=True).explode().dropna()
        codes, names = pd.factorize(genres)
        membership = np.zeros((len(movies), len(names)), dtype=bool)
        membership[genres.index.to_numpy(dtype=np.int64), codes] = True
        audience = membership[:, [column for column, name in enumerate(names) if name in AUDIENCE_GENRES]]
        return cls(
            model,
            copies,
            rows,
            columns,
            collections=pd.factorize(movies["collection"])[0],
            prior=(votes / max(1.0, votes.max())).astype(np.float32),
            genres=membership,
            audience=audience.any(axis=1),
            weights=weights,
            colikes=colikes,
            ratings=ratings,
            plot_words=None if plot_words is None else np.asarray(plot_words, dtype=object),
        )

    def liked(self, row: int) -> Liked:
        """What the movie at `row`, liked, tells both lists."""
        content, telling = self.model.alike(row)
        own = self.genres[row]
        genre = self.genres[:, own].any(axis=1)
        alike = (telling & genre if own.any() else telling) & (self.copies != self.copies[row])
        if self.audience[row]:
            alike &= self.audience
        together = after = fans = None
        if self.taught(row):
            together, after, fans = self.colikes.dense(row, len(self.prior))
            fans = fans if self.colikes.likers[row] > 0 else None
        return Liked(row, content, alike, genre, together, after, fans)

    def taught(self, row: int) -> bool:
        """Whether the ratings taught anything of the movie at `row`."""
        return self.colikes is not None and self.colikes.taught(row)

    def scored(self, one: Liked, mode: str) -> tuple[np.ndarray, np.ndarray]:
        """One liked movie's score of every movie in `mode`, and which it lets in (see `scored`)."""
        return scored(one, mode, self.weights, self.prior)

    def weigh(self, liked: list[Liked], mode: str, weights: Weights | None = None) -> np.ndarray:
        """The list's score of every movie for the `liked` movies (see `weigh`)."""
        return weigh(liked, mode, weights or self.weights, self.prior)

    def scores(
        self, rows: list[int], mode: str = SIMILAR, excluded: np.ndarray | None = None, weights: Weights | None = None
    ) -> np.ndarray:
        """The list's score of every movie for the liked movies at `rows`, as served (see `finish`)."""
        return self.finish(self.weigh([self.liked(row) for row in rows], mode, weights), rows, excluded)

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
        """`scores` (of every movie; or several such, one per line) with the `gone` movies at -inf and
        the first SIBLINGS of the `siblings` the list lets in lifted above all others (see `lift`)."""
        several = np.ndim(scores) == 2
        scores = np.array(scores, dtype=np.float32, ndmin=2)
        scores[:, gone] = -np.inf
        lifted = lift(scores, siblings, self.model.ids)
        return lifted if several else lifted[0]

    def liked_by(self, row: int) -> int | None:
        """How many people in the ratings liked the movie at `row`; None without ratings."""
        return None if self.colikes is None else int(self.colikes.likers[row])

    def coincidences(self, liked: int, row: int) -> int | None:
        """How many people liked both movies; None when nobody rated both (or there are no ratings)."""
        return None if self.ratings is None else self.ratings.both(liked, row)

    def why_none(self, rows: list[int], mode: str) -> str:
        """Why a list for the liked movies at `rows` holds no movie, as a label's key (core.i18n): the
        build had no ratings, nobody rated them, nobody liked them, or what was asked left none."""
        if mode == LIKED_TOO:
            if self.colikes is None or self.ratings is None:
                return "none_no_ratings"
            if not any(self.ratings.rated(row) for row in rows):
                return "none_nobody_rated"
            if not any(self.liked_by(row) for row in rows):
                return "none_nobody_liked"
        return "none_left"

    def recommend(
        self,
        rows: list[int],
        k: int = 5,
        mode: str = SIMILAR,
        allowed: np.ndarray | None = None,
        popularity: float | None = None,
        diverse: bool = False,
    ) -> list[Recommendation]:
        """The k best movies of the `mode` list for the liked movies at `rows` (oldest first).

        Never one of them nor an exact duplicate; only `allowed` movies when a mask is given.
        `popularity` (0 to 1) moves the weight of the votes among the list's best: 0.5 (or None) is
        the list as it is, 1 favours well-known movies, 0 hidden gems; `puntaje` stays the list's.
        `diverse`: at most one movie per collection. Each reason names the liked movie that counted
        most for it (among those that let it in) and, with several liked movies, says so.
        """
        liked = [self.liked(row) for row in rows]
        scored = [self.scored(one, mode) for one in liked]
        weighed = self.weigh(liked, mode)
        excluded = None if allowed is None else ~allowed
        if popularity is None or popularity == NEUTRAL_POPULARITY:
            scores = self.finish(weighed, rows, excluded)
        else:
            scores = self.popular(weighed, rows, excluded, popularity)
        top = self.best(scores, k, diverse)
        recency = self.weights.recency ** np.arange(len(rows))[::-1]
        counted = [
            np.where(lets_in[top], weight * score[top], -np.inf)
            for weight, (score, lets_in) in zip(recency, scored, strict=True)
        ]
        nearest = np.argmax(counted, axis=0) if len(top) else []
        cards = self._card_values([*rows, *top])
        return [
            self._recommendation(liked[near], row, float(weighed[row]), mode, cards, len(rows) > 1)
            for row, near in zip(top, nearest, strict=True)
        ]

    def _recommendation(
        self, liked: Liked, row: int, score: float, mode: str, cards: dict[int, dict], several: bool
    ) -> Recommendation:
        card, title = cards[row], cards[liked.row]["title"]
        if mode == LIKED_TOO:
            both = int(liked.fans[row])
            reason = Reason(title, both=both, likers=self.liked_by(liked.row), several=several)
        else:
            both = self.coincidences(liked.row, row)
            plot = self.model.shared(liked.row, row, "overview", PLOT_WORDS) if self.plot_words is not None else []
            words = self.plot_words[plot].tolist() if len(plot) else []
            shared = shared_facts(cards[liked.row], card, words)
            # The people who liked both are part of the reason when the ratings lifted it more than its votes.
            taught = 0.0 if liked.together is None else liked.together[row] + self.weights.after * liked.after[row]
            fans = both if both and RATINGS_PULL * taught > KNOWN_PULL * self.prior[row] else None
            likers = self.liked_by(liked.row) if fans else None
            reason = Reason(title, shared=shared, both=fans, likers=likers, several=several)
        return Recommendation(
            id=int(card["id"]),
            titulo=card["title"],
            anio=int(card["release_year"]),
            puntaje=round(score, 4),
            coincidencias=both,
            reason=reason,
        )

    def popular(
        self, weighed: np.ndarray, rows: list[int], excluded: np.ndarray | None, popularity: float
    ) -> np.ndarray:
        """The scores as served (see `finish`) with the votes' weight moved by `popularity` (0 to 1).

        Only among the POPULARITY_POOL best movies by the list's own scores `weighed` (and the
        siblings), so that a hidden gem is still a movie of this list: each scores its share of the
        best one, plus 2 POPULARITY_REACH (popularity - 0.5) times its prior (1 at the most voted).
        """
        gone, siblings = self.leaving(rows, excluded)
        base = np.where(gone, -np.inf, weighed).astype(np.float32)
        siblings = siblings[np.isfinite(base[siblings])]
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
        listed = np.flatnonzero(np.isfinite(scores))  # most lists let in a few hundred movies of 45,000
        finite = len(listed)
        if not diverse:
            k = max(0, min(k, finite))
            if k == 0:
                return np.zeros(0, dtype=np.int64)
            positive = listed[scores[listed] > 0]  # when k of them are above 0, the best are among them
            listed = positive if len(positive) >= k else listed  # (a sea of equal 0s slows numpy's partition)
            values = scores[listed]
            kth = np.partition(values, len(values) - k)[len(values) - k]  # the k-th best: all that reach it, by id
            top = listed[values >= kth]
            return top[np.lexsort((self.model.ids[top], -scores[top]))[:k]]
        for many in (min(finite, DIVERSE_POOL * k), finite):  # the best few usually hold k collections
            ranked = self.best(scores, many)
            keep = first_of_each(self.collections[ranked])
            if keep.sum() >= k or many == finite:
                break
        return ranked[keep][:k]

    def _card_values(self, rows: list[int]) -> dict[int, dict]:
        """What reasons compare, for each of a few movies: one take per column."""
        values = {column: array.take(rows).tolist() for column, array in self.card_columns.items()}
        return {
            row: dict(zip(values, record, strict=True))
            for row, record in zip(rows, zip(*values.values(), strict=True), strict=True)
        }


def load(folder: Path, movies: pd.DataFrame) -> Recommender:
    """Load the saved model (and what the ratings taught, when the build had them) and check they fit `movies`."""
    folder = Path(folder)
    weights = folder / HYBRID_FILE
    model = load_model(folder)
    return Recommender.of(
        model,
        movies,
        Ratings.load(folder),
        Colikes.load(folder),
        Weights.of(json.loads(weights.read_text(encoding="utf-8"))) if weights.is_file() else Weights(),
        _plot_words(folder) if "overview" in model.blocks else None,
    )


def _plot_words(folder: Path) -> list[str] | None:
    """The overviews' TF-IDF words, in column order (what a reason names of two plots)."""
    path = folder / VECTORIZERS_FILE
    return json.loads(path.read_text(encoding="utf-8"))["overview"]["vocabulary"] if path.is_file() else None


CARD_COLUMNS = ["id", "title", "release_year", "collection", "directors", "genres", "cast", "keywords"]
