"""A movie's card: everything the catalog knows of one movie, and where to go from it (TMDB, IMDb,
where to watch it, its trailer)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote_plus

import numpy as np
import pandas as pd

from core.catalog import Catalog
from core.config import IMDB_TITLE_URL, TMDB_MOVIE_URL, TMDB_POSTER_URL, TMDB_WATCH_URL, TRAILER_SEARCH_URL
from core.errors import NotFound

TOP_CAST = 8  # actors the card names, in billing order


def poster_url(path) -> str | None:
    """TMDB's image of a poster path ("/abc.jpg"); None for a missing or malformed one."""
    return TMDB_POSTER_URL.format(path=path) if isinstance(path, str) and path.startswith("/") else None


def imdb_url(imdb_id) -> str | None:
    """IMDb's page of an IMDb id ("tt0114709"); None for a missing or malformed one."""
    return IMDB_TITLE_URL.format(imdb_id=imdb_id) if isinstance(imdb_id, str) and imdb_id.startswith("tt") else None


@dataclass(frozen=True)
class Sibling:
    """Another movie of the same collection."""

    id: int
    titulo: str
    anio: int


@dataclass(frozen=True)
class MovieDetails:
    """What a movie's card shows. Money is whole dollars, None where the data says 0 (unknown);
    `retorno` is revenue over budget, None unless both are known."""

    id: int
    titulo: str
    anio: int
    duracion: int | None
    generos: tuple[str, ...]
    resumen: str
    directores: tuple[str, ...]
    reparto: tuple[str, ...]
    coleccion: str | None
    otras_de_la_coleccion: tuple[Sibling, ...]
    presupuesto: int | None
    ingresos: int | None
    retorno: float | None
    nota: float
    votos: int
    poster_url: str | None
    tmdb_url: str
    imdb_url: str | None
    donde_verla_url: str
    trailer_url: str


def _known(value) -> bool:
    return value is not None and not (isinstance(value, float) and np.isnan(value))


def details(catalog: Catalog, movie_id: int) -> MovieDetails:
    """The card of the movie with TMDB id `movie_id`; NotFound when the catalog has no such movie."""
    movies = catalog.movies
    rows = np.flatnonzero(movies["id"].to_numpy() == movie_id)
    if not len(rows):
        raise NotFound("recommend.no_movie_id", ids=str(movie_id))
    row = int(rows[0])
    movie = movies.iloc[row]
    title, year = str(movie["title"]), int(movie["release_year"])
    poster, imdb, overview = (movie.get(column) for column in ("poster_path", "imdb_id", "overview"))
    collection = movie["collection"] if isinstance(movie["collection"], str) else None
    budget, revenue = int(movie["budget"]), int(movie["revenue"])
    runtime = movie["runtime"]
    return MovieDetails(
        id=int(movie_id),
        titulo=title,
        anio=year,
        duracion=int(runtime) if _known(runtime) and runtime > 0 else None,
        generos=tuple(movie["genres"]),
        resumen=overview if isinstance(overview, str) else "",
        directores=tuple(movie["directors"]),
        reparto=tuple(movie["cast"])[:TOP_CAST],
        coleccion=collection,
        otras_de_la_coleccion=_siblings(catalog, collection, row),
        presupuesto=budget or None,
        ingresos=revenue or None,
        retorno=round(revenue / budget, 2) if budget and revenue else None,
        nota=float(movie["vote_average"]),
        votos=int(movie["vote_count"]),
        poster_url=poster_url(poster),
        tmdb_url=TMDB_MOVIE_URL.format(id=int(movie_id)),
        imdb_url=imdb_url(imdb),
        donde_verla_url=TMDB_WATCH_URL.format(id=int(movie_id)),
        trailer_url=TRAILER_SEARCH_URL.format(query=quote_plus(f"{title} {year} trailer")),
    )


def _siblings(catalog: Catalog, collection: str | None, row: int) -> tuple[Sibling, ...]:
    """The collection's other movies, oldest first."""
    if collection is None:
        return ()
    rows = [other for other in catalog.lookups.collection_rows.get(collection, ()) if other != row]
    others: pd.DataFrame = catalog.movies.iloc[rows][["id", "title", "release_year"]]
    others = others.sort_values(["release_year", "id"])
    return tuple(
        Sibling(int(movie_id), str(title), int(year))
        for movie_id, title, year in zip(others["id"], others["title"], others["release_year"], strict=True)
    )
