"""The six course queries over the catalog; each returns a small result that can say itself."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import ClassVar

import numpy as np
import pandas as pd

from core.catalog import Catalog, english_country, english_language, sample_gap
from core.errors import Ambiguous, NotFound
from core.i18n import Words, course, words
from core.text import normalize


class Said:
    """A result, said in words: `said(words)` is its sentence in the words' language and `metrics(words)`
    its figures; the JSON's `mensaje` is the course's sentence (i18n.course())."""

    @property
    def mensaje(self) -> str:
        return self.said(course())

    def said(self, words: Words) -> str:
        raise NotImplementedError

    def metrics(self, words: Words) -> tuple[tuple[str, str], ...]:
        return ((words("metric.movies"), words.number(self.cantidad)),)


def _money(amount: int, words: Words) -> str:
    return f"${words.number(amount)}"


@dataclass(frozen=True)
class NamedCount(Said):
    """How many movies a name has, where the name is Spanish and English has its own (`english`, for the
    pages only): a language, a country. `sentence`: the catalogue key, its placeholder, the name's field."""

    sentence: ClassVar[tuple[str, str, str]]
    english: str = field(default="", repr=False, kw_only=True)

    def __init_subclass__(cls, sentence: tuple[str, str, str], **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        cls.sentence = sentence

    def said(self, words: Words) -> str:
        key, placeholder, named = self.sentence
        spanish = getattr(self, named)
        name = self.english or spanish if words.language == "en" else spanish
        return words.n(key, self.cantidad, **{placeholder: name})


@dataclass(frozen=True)
class Idioma(NamedCount, sentence=("query.idioma.said", "language", "idioma")):
    idioma: str
    cantidad: int


@dataclass(frozen=True)
class PeliculaDuracion:
    id: int
    titulo: str
    anio: int
    duracion: int | None

    def runtime(self, words: Words) -> str:
        if self.duracion is None:
            return words("query.duracion.unknown_runtime")
        return words("query.duracion.runtime", minutes=self.duracion)


@dataclass(frozen=True)
class Duracion(Said):
    pelicula: str
    peliculas: tuple[PeliculaDuracion, ...]

    @property
    def cantidad(self) -> int:
        return len(self.peliculas)

    def said(self, words: Words) -> str:
        if len(self.peliculas) == 1:
            only = self.peliculas[0]
            return words("query.duracion.one", title=only.titulo, year=only.anio, runtime=only.runtime(words))
        each = "; ".join(words("query.duracion.each", year=p.anio, runtime=p.runtime(words)) for p in self.peliculas)
        return words("query.duracion.many", count=len(self.peliculas), title=self.pelicula, each=each)


@dataclass(frozen=True)
class Franquicia(Said):
    """A collection's movies and what they took: `ganancia` is revenue, as in every query."""

    franquicia: str
    cantidad: int
    ganancia_total: int
    ganancia_promedio: int
    sin_ganancia: int

    def metrics(self, words: Words) -> tuple[tuple[str, str], ...]:
        return (
            *super().metrics(words),
            (words("metric.total_revenue"), _money(self.ganancia_total, words)),
            (words("metric.mean_revenue"), _money(self.ganancia_promedio, words)),
            (words("metric.unknown_revenue"), words.number(self.sin_ganancia)),
        )

    def said(self, words: Words) -> str:
        total, mean = _money(self.ganancia_total, words), _money(self.ganancia_promedio, words)
        text = words(
            "query.franquicia.said", name=self.franquicia, movies=words.movies(self.cantidad), total=total, mean=mean
        )
        return text + (" " + words("query.franquicia.unknown", unknown=self.sin_ganancia) if self.sin_ganancia else "")


@dataclass(frozen=True)
class Pais(NamedCount, sentence=("query.pais.said", "country", "pais")):
    pais: str
    cantidad: int


@dataclass(frozen=True)
class Productora(Said):
    productora: str
    revenue_total: int
    cantidad: int

    def metrics(self, words: Words) -> tuple[tuple[str, str], ...]:
        return ((words("metric.total_revenue"), _money(self.revenue_total, words)), *super().metrics(words))

    def said(self, words: Words) -> str:
        # The course's sentence (the JSON's: query.productora.said.course) says "revenue" in Spanish; the
        # interface says "ganancia".
        revenue = _money(self.revenue_total, words)
        return words("query.productora.said", name=self.productora, revenue=revenue, movies=words.movies(self.cantidad))


@dataclass(frozen=True)
class PeliculaDirector:
    """One of a director's movies. As in every query, `ganancia` is what the movie took (its revenue, in
    dollars; 0 when unknown), `costo` its budget, and `retorno` = ganancia / costo (0 when the budget is
    unknown). `revenue` repeats `ganancia` for clients of the earlier API, where ganancia was revenue − budget."""

    id: int
    titulo: str
    fecha_lanzamiento: str
    retorno: float
    costo: int
    ganancia: int
    revenue: int


@dataclass(frozen=True)
class Director(Said):
    director: str
    retorno_total: float
    peliculas: tuple[PeliculaDirector, ...]

    @property
    def cantidad(self) -> int:
        return len(self.peliculas)

    def metrics(self, words: Words) -> tuple[tuple[str, str], ...]:
        return ((words("metric.total_return"), words.decimal(self.retorno_total)), *super().metrics(words))

    def said(self, words: Words) -> str:
        total = words.decimal(self.retorno_total)
        return words("query.director.said", name=self.director, total=total, movies=words.movies(len(self.peliculas)))


Result = Idioma | Duracion | Franquicia | Pais | Productora | Director


# Fields that help the pages say a result in English; not part of the course's JSON.
PAGE_ONLY = ("english",)


def as_json(result: Result) -> dict:
    """The result's fields and its sentence, as the command line and the API print them."""
    fields = {name: value for name, value in asdict(result).items() if name not in PAGE_ONLY}
    return {**fields, "mensaje": result.mensaje}


def as_table(result: Result) -> pd.DataFrame:
    """The result's movies, one row each (empty for results that have none)."""
    table = pd.DataFrame([asdict(row) for row in getattr(result, "peliculas", ())])
    if "fecha_lanzamiento" in table:
        table["fecha_lanzamiento"] = pd.to_datetime(table["fecha_lanzamiento"])
    return table


def _explains_sample_gaps(function: Callable[[Catalog, str], Result]) -> Callable[[Catalog, str], Result]:
    """On the embedded sample, a name that is not there may only be missing from the sample: say so."""

    @functools.wraps(function)
    def answer(catalog: Catalog, argument: str) -> Result:
        try:
            return function(catalog, argument)
        except Ambiguous:
            raise
        except NotFound as error:
            if not catalog.is_sample or not normalize(argument or ""):
                raise
            gap = sample_gap(catalog, credits=function.__name__ == "get_director")
            raise NotFound(
                "error.with_gap",
                suggestions=error.suggestions,
                english_suggestions=error.english_suggestions,
                error=error.phrase,
                gap=gap,
            ) from None

    return answer


@_explains_sample_gaps
def peliculas_idioma(catalog: Catalog, idioma: str) -> Idioma:
    """Movies whose original language is `idioma` (ISO code, or its name in Spanish or English)."""
    code, name = _resolved(catalog.lookups.languages, idioma)
    return Idioma(idioma=name, cantidad=catalog.lookups.language_counts[code], english=english_language(code))


@_explains_sample_gaps
def peliculas_duracion(catalog: Catalog, pelicula: str) -> Duracion:
    """Runtime and year of every movie with that title, oldest first."""
    lookups = catalog.lookups
    key = lookups.titles.resolve(pelicula)
    movies = _by_date(catalog, lookups.title_rows[key], ["id", "title", "release_year", "runtime"])
    found = tuple(
        PeliculaDuracion(id=int(i), titulo=t, anio=int(y), duracion=None if np.isnan(r) or r <= 0 else int(r))
        for i, t, y, r in movies
    )
    return Duracion(pelicula=lookups.titles.displays[key], peliculas=found)


@_explains_sample_gaps
def franquicia(catalog: Catalog, franquicia: str) -> Franquicia:
    """Number of movies and total and mean revenue of a collection (mean over all its movies)."""
    lookups = catalog.lookups
    name = lookups.collections.resolve(franquicia)
    revenue = catalog.movies["revenue"].to_numpy()[lookups.collection_rows[name]]
    return Franquicia(
        franquicia=name,
        cantidad=len(revenue),
        ganancia_total=int(revenue.sum()),
        ganancia_promedio=round(int(revenue.sum()) / len(revenue)),
        sin_ganancia=int((revenue == 0).sum()),
    )


@_explains_sample_gaps
def peliculas_pais(catalog: Catalog, pais: str) -> Pais:
    """Movies produced in a country (ISO code, or its name in Spanish or English)."""
    code, name = _resolved(catalog.lookups.countries, pais)
    return Pais(pais=name, cantidad=catalog.lookups.country_counts[code], english=english_country(code))


def _resolved(index, text: str) -> tuple[str, str]:
    """The code a name resolves to in `index` (NotFound with suggestions otherwise), and its Spanish name."""
    code = index.resolve(text)
    return code, index.displays[code]


@_explains_sample_gaps
def productoras_exitosas(catalog: Catalog, productora: str) -> Productora:
    """Total revenue and number of movies of a production company."""
    lookups = catalog.lookups
    name = lookups.companies.resolve(productora)
    total, count = lookups.company_totals[name]
    return Productora(productora=name, revenue_total=total, cantidad=count)


@_explains_sample_gaps
def get_director(catalog: Catalog, nombre_director: str) -> Director:
    """A director's success (sum of returns) and each of their movies, by release date."""
    lookups = catalog.lookups
    name = lookups.directors.resolve(nombre_director)
    columns = ["id", "title", "release_date", "return", "budget", "revenue"]
    found = tuple(
        PeliculaDirector(
            id=int(movie_id),
            titulo=title,
            fecha_lanzamiento=str(date)[:10],
            retorno=float(ratio),
            costo=int(budget),
            ganancia=int(revenue),
            revenue=int(revenue),
        )
        for movie_id, title, date, ratio, budget, revenue in _by_date(catalog, lookups.director_rows[name], columns)
    )
    return Director(director=name, retorno_total=sum(p.retorno for p in found), peliculas=found)


def _by_date(catalog: Catalog, rows: np.ndarray, columns: list[str]) -> zip:
    """The columns' values at `rows`, oldest release first (ties by id): a few numpy takes."""
    movies = catalog.movies
    order = rows[np.lexsort((movies["id"].to_numpy()[rows], movies["release_date"].to_numpy()[rows]))]
    return zip(*(movies[column].to_numpy()[order] for column in columns), strict=True)


@dataclass(frozen=True)
class Labels:
    """How a page or the API names a query in one language (the catalogue's query.<name>.* words)."""

    title: str  # the query, on the page's selector
    argument: str  # its field's label
    help: str  # what the argument takes (the API's docs in Spanish, the command line's help in English)
    example: str  # the page's example in this language


@dataclass(frozen=True)
class CourseQuery:
    """Everything about one course query, in one place: the function, its route and argument, an example,
    the names it offers; its labels are the catalogue's words query.<name>.title, .argument, .help (and
    .example where a language names the example otherwise). The command line, the API and the Consultas
    page read them all from QUERIES, so adding a query is adding one record, and its words."""

    answer: Callable[[Catalog, str], Result]
    argument: str  # the course's parameter name: the API's path parameter, the command line's metavar
    example: str  # answers on the sample and on the full dataset alike
    names: str | None  # the catalog lookup whose names the page offers (None: free text, as titles are)

    @property
    def name(self) -> str:
        return self.answer.__name__

    def __call__(self, catalog: Catalog, argument: str) -> Result:
        return self.answer(catalog, argument)

    def labels(self, language: str = "es") -> Labels:
        said, key = words(language), f"query.{self.name}"
        example = said(f"{key}.example") if said.has(f"{key}.example") else self.example
        return Labels(said(f"{key}.title"), said(f"{key}.argument"), said(f"{key}.help"), example)

    def known_names(self, catalog: Catalog, language: str = "es", limit: int = 2_000) -> list[str]:
        """The names this query knows as the interface says them, most movies first (none for free text)."""
        if self.names is None:
            return []
        index = getattr(catalog.lookups, self.names)
        return [index.named(key, language) for key in list(index.displays)[:limit]]


QUERIES: dict[str, CourseQuery] = {
    query.name: query
    for query in (
        CourseQuery(peliculas_idioma, argument="idioma", example="en", names="languages"),
        CourseQuery(peliculas_duracion, argument="pelicula", example="Toy Story", names=None),
        CourseQuery(franquicia, argument="franquicia", example="James Bond", names="collections"),
        CourseQuery(peliculas_pais, argument="pais", example="España", names="countries"),
        CourseQuery(productoras_exitosas, argument="productora", example="Pixar", names="companies"),
        CourseQuery(get_director, argument="nombre_director", example="John Lasseter", names="directors"),
    )
}
