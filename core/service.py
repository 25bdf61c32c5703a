"""One loaded catalog answering questions as JSON: the serializer the command line and the API share."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from core import catalog as catalog_module
from core import queries, ranking, recommender, schema
from core.catalog import english_language, rows_mask
from core.errors import NotFound
from core.i18n import course, label, words
from core.phrases import Genre, Named, Phrase
from core.schema import MANIFEST_FILE
from core.search import TitleSearch
from core.text import number

MAX_LIKED = 5  # titles one recommendation can combine


@dataclass(frozen=True)
class Answer:
    """What the command line prints (`text`, or `payload` as JSON) and the API sends."""

    payload: dict
    text: str


@dataclass(frozen=True, eq=False)
class Service:
    """The catalog, its title search and the recommender, loaded once and only read afterwards."""

    catalog: catalog_module.Catalog
    search: TitleSearch
    recommender: recommender.Recommender
    etag: str
    folder: Path | None = None  # the build's, for what is loaded only when asked (descriptions)

    @classmethod
    def load(cls, folder: Path, warm: bool = False) -> Service:
        """Load what answering needs; `warm` builds every lookup now and keeps only what answers read
        (a server's start, not a one-off query)."""
        folder = schema.require(folder)  # one build's folder for every file, whatever is swapped in meanwhile
        if warm:
            loaded = catalog_module.load_for_answering(folder)
        else:
            loaded = catalog_module.load(folder, skip=catalog_module.DISPLAY_ONLY)
        return cls(
            catalog=loaded,
            search=TitleSearch(loaded),
            recommender=recommender.load(folder, loaded.movies),
            etag=build_etag(folder),
            folder=folder,
        )

    def query(self, function: str, argument: str) -> Answer:
        return query(self.catalog, function, argument)

    def recommend(
        self,
        titles: str | list[str],
        k: int = 5,
        desde: int | None = None,
        hasta: int | None = None,
        genero: str | None = None,
        idioma: str | None = None,
        excluir: list[int] = (),
        popularidad: float | None = None,
        diversas: bool = False,
        modo: str = recommender.SIMILAR,
    ) -> Answer:
        """Movies like one title (or up to five, from them all), or what people who liked it also liked
        (`modo`), within the filters and never one of the ids `excluir` (see `recommend_rows`).

        One title answers {"consulta", "pelicula", "modo", "recomendaciones", "mensaje"}; several
        {"consulta": [...], "peliculas": [...], …}. NotFound for a title not found, or naming the
        filter that left nothing to recommend.
        """
        several = not isinstance(titles, str)
        asked = list(titles) if several else [titles]
        if not asked or len(asked) > MAX_LIKED:
            raise NotFound("recommend.titles_between", most=MAX_LIKED)
        movies = list({movie.row: movie for movie in (self.search.search(title).chosen() for title in asked)}.values())
        filters = {"desde": desde, "hasta": hasta, "genero": genero, "idioma": idioma}
        mix = {"excluir": excluir, "popularidad": popularidad, "diversas": diversas, "modo": modo}
        rows = [movie.row for movie in movies]
        found = recommend_rows(self.catalog, self.recommender, rows, k, **filters, **mix)
        understood = [{"id": movie.id, "titulo": movie.titulo, "anio": movie.anio} for movie in movies]
        payload = {"consulta": asked if several else titles}
        payload |= {"peliculas": understood} if several else {"pelicula": understood[0]}
        liked = " + ".join(movie.etiqueta for movie in movies)
        return self._recommendations(payload, rows, liked, modo, found)

    def recommend_ids(
        self,
        ids: list[int],
        k: int = 5,
        excluir: list[int] = (),
        desde: int | None = None,
        hasta: int | None = None,
        genero: str | None = None,
        idioma: str | None = None,
        popularidad: float | None = None,
        diversas: bool = False,
        modo: str = recommender.SIMILAR,
    ) -> Answer:
        """The `modo` list for the movies of TMDB `ids` (1 to 5), never one of them nor of `excluir`,
        within the filters: {"consulta": ids, "peliculas": [...], "modo", "recomendaciones", "mensaje"}.
        NotFound for an unknown id."""
        if not ids or len(ids) > MAX_LIKED:
            raise NotFound("recommend.ids_between", most=MAX_LIKED)
        if unknown := [movie_id for movie_id in ids if movie_id not in self.recommender.rows]:
            raise NotFound(
                "recommend.no_movie_id", suggestions=self.search.most_voted(), ids=", ".join(map(str, unknown))
            )
        rows = [self.recommender.rows[movie_id] for movie_id in ids]
        filters = {"desde": desde, "hasta": hasta, "genero": genero, "idioma": idioma}
        mix = {"excluir": excluir, "popularidad": popularidad, "diversas": diversas, "modo": modo}
        found = recommend_rows(self.catalog, self.recommender, rows, k, **filters, **mix)
        cards = [self.search.candidate(row) for row in rows]
        payload = {
            "consulta": list(ids),
            "peliculas": [{"id": card.id, "titulo": card.titulo, "anio": card.anio} for card in cards],
        }
        liked = " + ".join(card.etiqueta for card in cards)
        return self._recommendations(payload, rows, liked, modo, found)

    def _recommendations(
        self, payload: dict, rows: list[int], liked: str, mode: str, found: list[recommender.Recommendation]
    ) -> Answer:
        """The answer of a list: what was asked, the list, and a message that says what it is (or why it is empty)."""
        said = label(f"list_{mode}" if found else self.recommender.why_none(rows, mode)).format(liked=liked)
        payload |= {"modo": mode, "recomendaciones": [item.as_json() for item in found], "mensaje": said}
        return Answer(payload, _recommendations_said(said, found))

    def top(
        self,
        genero: str | None = None,
        desde: int | None = None,
        hasta: int | None = None,
        n: int = 10,
        excluir: list[int] = (),
        diversas: bool = False,
    ) -> Answer:
        return top(self.catalog, genero, desde, hasta, n, excluir, diversas)

    @cached_property
    def describer(self):
        from core.describe import Describer  # scikit-learn's analyzer: only when a description is asked

        return Describer.load(self.folder, self.catalog.movies)

    def describe(self, texto: str, k: int = 10) -> Answer:
        """The movies whose overview, keywords and title best match a description; NotFound when no
        word of it is known. {"consulta", "peliculas": [{"id", "titulo", "anio", "puntaje", "razon"}]}"""
        found = self.describer.describe(texto, k)
        payload = {"consulta": texto, "peliculas": [asdict(movie) for movie in found]}
        lines = [f"Descritas como «{texto}»:"]
        lines += [f"  {movie.titulo} ({movie.anio}) — {movie.puntaje:.2f} — {movie.razon}" for movie in found]
        return Answer(payload, "\n".join(lines))

    def health(self) -> dict:
        return {"status": "ok", "peliculas": len(self.catalog.movies), "catalogo": self.catalog.manifest["built_at"]}


def query(catalog: catalog_module.Catalog, function: str, argument: str) -> Answer:
    """One of the six course queries; NotFound (with suggestions) when the name is unknown."""
    result = queries.QUERIES[function](catalog, argument)
    return Answer(queries.as_json(result), result.mensaje)


def top(
    catalog: catalog_module.Catalog,
    genero: str | None = None,
    desde: int | None = None,
    hasta: int | None = None,
    n: int = ranking.DEFAULT_SIZE,
    excluir: list[int] = (),
    diversas: bool = False,
) -> Answer:
    """The best-rated movies by IMDb's weighted rating, never of the ids `excluir`, with `diversas`
    one per collection; NotFound for an unknown genre or empty years."""
    chart = ranking.top(catalog, genero, desde, hasta, n, excluir, diversas)
    lines = [chart.mensaje] + [
        f"{place:>3}. {movie.titulo} ({movie.anio}) — {movie.puntaje:.2f} ({movie.nota:.1f}, {number(movie.votos)} votos)"
        for place, movie in enumerate(chart.peliculas, start=1)
    ]
    return Answer(ranking.as_json(chart), "\n".join(lines))


def _recommendations_said(said: str, found: list[recommender.Recommendation]) -> str:
    """A list as the command line prints it: what it is, then each movie with its score and reason."""
    lines = [f"  {item.titulo} ({item.anio}) — {item.puntaje:.2f} — {item.reason.said(words('es'))}" for item in found]
    return "\n".join([f"{said}:" if found else said, *lines])


def recommend_rows(
    catalog: catalog_module.Catalog,
    model: recommender.Recommender,
    rows: list[int],
    k: int = 5,
    desde: int | None = None,
    hasta: int | None = None,
    genero: str | None = None,
    idioma: str | None = None,
    excluir: list[int] = (),
    popularidad: float | None = None,
    diversas: bool = False,
    modo: str = recommender.SIMILAR,
) -> list[recommender.Recommendation]:
    """The `modo` list (parecidas, gustos) for the movies at `rows`, within the filters and never of
    the ids `excluir`; NotFound naming a filter that leaves none. `popularidad` (0 hidden gems … 1
    well known; 0.5 or None the list as it is) moves the weight of the votes; `diversas`: at most one
    movie per collection."""
    allowed = allowed_movies(catalog, rows, desde, hasta, genero, idioma)
    if excluded := [model.rows[movie_id] for movie_id in excluir if movie_id in model.rows]:
        allowed = np.ones(len(model.rows), dtype=bool) if allowed is None else allowed.copy()
        allowed[excluded] = False
    return model.recommend(rows, k, modo, allowed, popularity=popularidad, diverse=diversas)


def allowed_movies(
    catalog: catalog_module.Catalog,
    liked: list[int],
    desde: int | None = None,
    hasta: int | None = None,
    genero: str | None = None,
    idioma: str | None = None,
) -> np.ndarray | None:
    """A mask of the movies the filters leave (None: no filter); NotFound naming the filter that left none.

    Filters apply in order (years, genre, language); the liked movies themselves never count.
    """
    lookups, years = catalog.lookups, catalog.movies["release_year"].to_numpy()
    narrowing = []  # (the filter, as words say it, and the movies it leaves)
    if desde is not None:
        narrowing.append((Phrase.of("filter.since", year=desde), years >= desde))
    if hasta is not None:
        narrowing.append((Phrase.of("filter.until", year=hasta), years <= hasta))
    if genero not in (None, ""):
        genre = lookups.genres.resolve(genero)
        narrowing.append(
            (Phrase.of("filter.genre", genre=Genre(genre)), rows_mask(len(years), lookups.genre_rows[genre]))
        )
    if idioma not in (None, ""):
        code = lookups.languages.resolve(idioma)
        named = Named.of(es=lookups.languages.displays[code], en=english_language(code))
        narrowing.append(
            (Phrase.of("filter.language", language=named), rows_mask(len(years), lookups.language_rows.get(code, [])))
        )
    if not narrowing:
        return None
    allowed = np.ones(len(years), dtype=bool)
    allowed[liked] = False
    for said, mask in narrowing:
        allowed &= mask
        if not allowed.any():
            raise NotFound("recommend.filter_leaves_none", filter=said)
    return allowed


def not_found(error: NotFound) -> Answer:
    """A name not found, or a request that asks what cannot be: its message and the closest names."""
    said = error.phrase.said(course())
    lines = [said] + [course()("error.did_you_mean", names=", ".join(error.suggestions))] * bool(error.suggestions)
    return Answer({"error": said, "sugerencias": error.suggestions}, "\n".join(lines))


def dumps(payload: dict) -> str:
    """The one JSON form of an answer, for the command line and the API alike."""
    return json.dumps(payload, ensure_ascii=False)


def build_etag(folder: Path) -> str:
    """An entity tag that changes with every build: a digest of the catalog's manifest."""
    return '"' + hashlib.sha256((Path(folder) / MANIFEST_FILE).read_bytes()).hexdigest()[:20] + '"'
