"""Top charts by IMDb's weighted rating, over the whole catalog or one genre, optionally within years."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from core.catalog import Catalog, rows_mask
from core.errors import NotFound
from core.i18n import Words, course
from core.limits import MAX_TOP
from core.phrases import Genre, Phrase

QUANTILE = 0.95  # m: this quantile of the vote counts of the movies considered
DEFAULT_SIZE = 10
MAX_SIZE = MAX_TOP


@dataclass(frozen=True)
class RankedMovie:
    id: int
    titulo: str
    anio: int
    nota: float
    votos: int
    puntaje: float


@dataclass(frozen=True)
class Top:
    """The best-rated movies and the two constants of the formula."""

    peliculas: tuple[RankedMovie, ...]
    m: float
    C: float
    genero: str | None
    desde: int | None
    hasta: int | None
    hidden: int = 0  # the movies that qualify and were left out (excluir: the lists' seen and discarded)

    @property
    def mensaje(self) -> str:
        return self.said(course())

    def said(self, words: Words) -> str:
        """What the chart is ('Las 10 películas mejor valoradas…'), or, empty, why: every movie that qualifies
        was left out (your lists, excluir)."""
        scope = _scope(self.genero, self.desde, self.hasta) or ""
        m, c = words.number(round(self.m)), words.decimal(self.C)
        if not self.peliculas and self.hidden:
            return words.n("top.all_hidden", self.hidden, scope=scope, m=m)
        return words.n("top.said", len(self.peliculas), scope=scope, m=m, c=c)


def as_json(top: Top) -> dict:
    """The chart as the command line and the API print it."""
    return {"peliculas": [asdict(movie) for movie in top.peliculas], "m": top.m, "C": top.C, "mensaje": top.mensaje}


def weighted_rating(votes: np.ndarray, rating: np.ndarray, m: float, mean: float) -> np.ndarray:
    """WR = v/(v+m)·R + m/(v+m)·C; a movie with no votes when m is 0 too gets C (nothing says otherwise)."""
    total = votes + m
    safe = np.where(total > 0, total, 1)
    return np.where(total > 0, votes / safe * rating + m / safe * mean, mean)


def first_of_each(codes: np.ndarray) -> np.ndarray:
    """A mask of the first movie of each collection in `codes` (ranked best first); a movie of no
    collection (-1) is always its own."""
    _, first = np.unique(codes, return_index=True)
    keep = codes < 0
    keep[first] = True
    return keep


def rank(
    votes: np.ndarray,
    rating: np.ndarray,
    ids: np.ndarray,
    n: int,
    hidden: np.ndarray | None = None,
    collections: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, float, float]:
    """Positions of the `n` best qualified movies, best first, with their weighted ratings, m and C.

    m and C come from all the movies given; a movie qualifies with at least m votes; the `hidden`
    ones (a mask) are not listed, but count for m and C. Ties: more votes first, then the smaller id.
    With `collections` (a code per movie, -1 for none), only the best movie of each collection is listed.
    """
    m = float(pd.Series(votes).quantile(QUANTILE))
    mean = float(rating.mean())
    qualified = np.flatnonzero((votes >= m) if hidden is None else (votes >= m) & ~hidden)
    score = weighted_rating(votes[qualified], rating[qualified], m, mean)
    order = np.lexsort((ids[qualified], -votes[qualified], -score))
    if collections is not None:
        order = order[first_of_each(collections[qualified[order]])]
    order = order[: max(1, min(n, MAX_SIZE))]
    return qualified[order], score[order], m, mean


def top(
    catalog: Catalog,
    genero: str | None = None,
    desde: int | None = None,
    hasta: int | None = None,
    n: int = DEFAULT_SIZE,
    excluir: list[int] = (),
    diversas: bool = False,
) -> Top:
    """The `n` best movies by weighted rating among those considered, never one of the ids `excluir`
    (already seen), with `diversas` only the best of each collection; m and C are computed over all
    those considered."""
    movies = catalog.movies
    genre = catalog.lookups.genres.resolve(genero) if genero not in (None, "") else None
    considered = np.ones(len(movies), dtype=bool)
    if genre is not None:
        considered = rows_mask(len(movies), catalog.lookups.genre_rows[genre])
    years = movies["release_year"].to_numpy()
    if desde is not None:
        considered &= years >= desde
    if hasta is not None:
        considered &= years <= hasta
    rows = np.flatnonzero(considered)
    if not len(rows):
        span = f"{years.min()}–{years.max()}" if len(years) else Phrase.of("top.no_years")
        raise NotFound("top.none", scope=_scope(genre, desde, hasta) or "", span=span)
    votes = movies["vote_count"].to_numpy()[rows]
    rating = movies["vote_average"].to_numpy()[rows]
    ids = movies["id"].to_numpy()[rows]
    hidden = np.isin(ids, list(excluir)) if len(excluir) else None
    collections = pd.factorize(movies["collection"].to_numpy()[rows])[0] if diversas else None
    best, score, m, mean = rank(votes, rating, ids, n, hidden, collections)
    left_out = 0 if hidden is None else int((hidden & (votes >= m)).sum())
    titles, release = movies["title"].to_numpy(), movies["release_year"].to_numpy()
    ranked = tuple(
        RankedMovie(
            id=int(ids[i]),
            titulo=titles[rows[i]],
            anio=int(release[rows[i]]),
            nota=float(rating[i]),
            votos=int(votes[i]),
            puntaje=round(float(wr), 4),
        )
        for i, wr in zip(best, score, strict=True)
    )
    return Top(peliculas=ranked, m=m, C=mean, genero=genre, desde=desde, hasta=hasta, hidden=left_out)


def _scope(genre: str | None, since: int | None, until: int | None) -> Phrase | None:
    """What was considered, as words say it (' (de Animation, 1990–2000)'), or None for the whole catalog."""
    if since is not None and until is not None:
        span, years = "span", {"since": since, "until": until}
    elif since is not None:
        span, years = "since", {"since": since}
    elif until is not None:
        span, years = "until", {"until": until}
    else:
        span, years = "", {}
    if genre:
        scope = Phrase.of("top.scope.genre" + (f"_{span}" if span else ""), genre=Genre(genre), **years)
    elif span:
        scope = Phrase.of(f"top.scope.{span}", **years)
    else:
        return None
    return Phrase.of("top.within", scope=scope)
