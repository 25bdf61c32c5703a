"""The six course queries over the catalog; each returns a small result that can say itself."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from core import i18n
from core.catalog import Catalog, english_country, english_language, sample_gap
from core.errors import Ambiguous, NotFound
from core.i18n import count
from core.text import decimal, normalize, peliculas


class Sentence:
    """A result says itself in Spanish (`mensaje`, the course's contract) or in English for the pages."""

    @property
    def mensaje(self) -> str:
        return self.sentence("es")

    @property
    def metricas(self) -> tuple[tuple[str, str], ...]:
        return self.metrics("es")

    def sentence(self, language: str = "es") -> str:
        raise NotImplementedError

    def metrics(self, language: str = "es") -> tuple[tuple[str, str], ...]:
        raise NotImplementedError


def _money(amount: int, language: str) -> str:
    return f"${count(amount, language)}"


MOVIES_LABEL = {"es": "Películas", "en": "Movies"}


@dataclass(frozen=True)
class Idioma(Sentence):
    idioma: str
    cantidad: int
    english: str = field(default="", repr=False)  # the language's English name, for the pages only

    def metrics(self, language: str = "es") -> tuple[tuple[str, str], ...]:
        return ((MOVIES_LABEL[language], count(self.cantidad, language)),)

    def sentence(self, language: str = "es") -> str:
        if language == "en":
            verb = "was" if self.cantidad == 1 else "were"
            return f"{i18n.movies(self.cantidad, 'en')} {verb} released in {self.english or self.idioma}"
        verb = "fue estrenada" if self.cantidad == 1 else "fueron estrenadas"
        return f"{peliculas(self.cantidad)} {verb} en idioma {self.idioma}"


@dataclass(frozen=True)
class PeliculaDuracion:
    id: int
    titulo: str
    anio: int
    duracion: int | None

    def runtime(self, language: str = "es") -> str:
        if language == "en":
            return "an unknown runtime" if self.duracion is None else f"a runtime of {self.duracion} minutes"
        return "duración desconocida" if self.duracion is None else f"una duración de {self.duracion} minutos"


@dataclass(frozen=True)
class Duracion(Sentence):
    pelicula: str
    peliculas: tuple[PeliculaDuracion, ...]

    def metrics(self, language: str = "es") -> tuple[tuple[str, str], ...]:
        return ((MOVIES_LABEL[language], count(len(self.peliculas), language)),)

    def sentence(self, language: str = "es") -> str:
        if len(self.peliculas) == 1:
            only = self.peliculas[0]
            if language == "en":
                return f"{only.titulo} was released in {only.anio} with {only.runtime('en')}"
            return f"{only.titulo} fue estrenada en el año {only.anio} con {only.runtime()}"
        if language == "en":
            each = "; ".join(f"in {p.anio}, with {p.runtime('en')}" for p in self.peliculas)
            return f"There are {len(self.peliculas)} movies called {self.pelicula}: {each}"
        each = "; ".join(f"en {p.anio}, con {p.runtime()}" for p in self.peliculas)
        return f"Hay {len(self.peliculas)} películas llamadas {self.pelicula}: {each}"


@dataclass(frozen=True)
class Franquicia(Sentence):
    """A collection's movies and what they took: `ganancia` is revenue, as in every query."""

    franquicia: str
    cantidad: int
    ganancia_total: int
    ganancia_promedio: int
    sin_ganancia: int

    def metrics(self, language: str = "es") -> tuple[tuple[str, str], ...]:
        labels = ("Total revenue", "Mean revenue", "Unknown revenue") if language == "en" else (
            "Ganancia total", "Ganancia promedio", "Sin ganancia conocida"
        )  # fmt: skip
        return (
            (MOVIES_LABEL[language], count(self.cantidad, language)),
            (labels[0], _money(self.ganancia_total, language)),
            (labels[1], _money(self.ganancia_promedio, language)),
            (labels[2], count(self.sin_ganancia, language)),
        )

    def sentence(self, language: str = "es") -> str:
        total, mean = _money(self.ganancia_total, language), _money(self.ganancia_promedio, language)
        if language == "en":
            text = (
                f"The {self.franquicia} franchise has {i18n.movies(self.cantidad, 'en')}, a total revenue of {total} "
                f"and a mean revenue of {mean}"
            )
            return text + (f" ({self.sin_ganancia} of them with unknown revenue)" if self.sin_ganancia else "")
        text = (
            f"La franquicia {self.franquicia} posee {peliculas(self.cantidad)}, una ganancia total de "
            f"{total} y una ganancia promedio de {mean}"
        )
        return text + (f" ({self.sin_ganancia} de ellas sin ganancia conocida)" if self.sin_ganancia else "")


@dataclass(frozen=True)
class Pais(Sentence):
    pais: str
    cantidad: int
    english: str = field(default="", repr=False)  # the country's English name, for the pages only

    def metrics(self, language: str = "es") -> tuple[tuple[str, str], ...]:
        return ((MOVIES_LABEL[language], count(self.cantidad, language)),)

    def sentence(self, language: str = "es") -> str:
        if language == "en":
            verb = "was" if self.cantidad == 1 else "were"
            return f"{i18n.movies(self.cantidad, 'en')} {verb} produced in {self.english or self.pais}"
        verb = "Se produjo" if self.cantidad == 1 else "Se produjeron"
        return f"{verb} {peliculas(self.cantidad)} en el país {self.pais}"


@dataclass(frozen=True)
class Productora(Sentence):
    productora: str
    revenue_total: int
    cantidad: int

    def metrics(self, language: str = "es") -> tuple[tuple[str, str], ...]:
        return (
            ("Revenue total", _money(self.revenue_total, language)),
            (MOVIES_LABEL[language], count(self.cantidad, language)),
        )

    def sentence(self, language: str = "es") -> str:
        revenue = _money(self.revenue_total, language)
        if language == "en":
            return f"The production company {self.productora} has a revenue of {revenue} from {i18n.movies(self.cantidad, 'en')}"
        return f"La productora {self.productora} ha tenido un revenue de {revenue} y ha realizado {peliculas(self.cantidad)}"


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
class Director(Sentence):
    director: str
    retorno_total: float
    peliculas: tuple[PeliculaDirector, ...]

    def metrics(self, language: str = "es") -> tuple[tuple[str, str], ...]:
        total = f"{self.retorno_total:,.2f}" if language == "en" else decimal(self.retorno_total)
        label = "Total return" if language == "en" else "Retorno total"
        return ((label, total), (MOVIES_LABEL[language], count(len(self.peliculas), language)))

    def sentence(self, language: str = "es") -> str:
        if language == "en":
            return (
                f"The director {self.director} has a total return of {self.retorno_total:,.2f} "
                f"over {i18n.movies(len(self.peliculas), 'en')}"
            )
        return (
            f"El director {self.director} tiene un retorno total de {decimal(self.retorno_total)} "
            f"en {peliculas(len(self.peliculas))}"
        )


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
            credits = function.__name__ == "get_director"
            raise NotFound(
                f"{error}. {sample_gap(catalog, credits)}",
                error.suggestions,
                english=f"{error.say('en')}. {sample_gap(catalog, credits, 'en')}",
                english_suggestions=error.english_suggestions,
            ) from None

    return answer


@_explains_sample_gaps
def peliculas_idioma(catalog: Catalog, idioma: str) -> Idioma:
    """Movies whose original language is `idioma` (ISO code, or its name in Spanish or English)."""
    lookups = catalog.lookups
    code = lookups.languages.resolve(idioma)
    return Idioma(
        idioma=lookups.languages.displays[code], cantidad=lookups.language_counts[code], english=english_language(code)
    )


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
    lookups = catalog.lookups
    code = lookups.countries.resolve(pais)
    return Pais(
        pais=lookups.countries.displays[code], cantidad=lookups.country_counts[code], english=english_country(code)
    )


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
    """How a page or the API names a query in one language."""

    title: str  # the query, on the page's selector
    argument: str  # its field's label
    help: str  # what the argument takes (the API's docs in Spanish, the command line's help in English)
    example: str = ""  # the page's example in this language, when it is not the record's


@dataclass(frozen=True)
class CourseQuery:
    """Everything about one course query, in one place: the function, its route and argument, an example,
    the names it offers and its labels. The command line, the API and the Consultas page read them all
    from QUERIES, so adding a query is adding one record."""

    answer: Callable[[Catalog, str], Result]
    argument: str  # the course's parameter name: the API's path parameter, the command line's metavar
    example: str  # answers on the sample and on the full dataset alike
    names: str | None  # the catalog lookup whose names the page offers (None: free text, as titles are)
    labels: dict[str, Labels]

    @property
    def name(self) -> str:
        return self.answer.__name__

    def __call__(self, catalog: Catalog, argument: str) -> Result:
        return self.answer(catalog, argument)

    def known_names(self, catalog: Catalog, language: str = "es", limit: int = 2_000) -> list[str]:
        """The names this query knows as the interface says them, most movies first (none for free text)."""
        if self.names is None:
            return []
        index = getattr(catalog.lookups, self.names)
        return [index.named(key, language) for key in list(index.displays)[:limit]]

    def example_in(self, language: str = "es") -> str:
        return self.labels[language].example or self.example


QUERIES: dict[str, CourseQuery] = {
    query.name: query
    for query in (
        CourseQuery(
            peliculas_idioma,
            argument="idioma",
            example="en",
            names="languages",
            labels={
                "es": Labels(
                    "Películas por idioma",
                    "Idioma (código o nombre)",
                    "Código ISO 639-1 (`en`) o nombre del idioma, en español o inglés.",
                ),
                "en": Labels(
                    "Movies per language",
                    "Language (code or name)",
                    "an ISO 639-1 code (en) or the language's name, in Spanish or English",
                ),
            },
        ),
        CourseQuery(
            peliculas_duracion,
            argument="pelicula",
            example="Toy Story",
            names=None,
            labels={
                "es": Labels(
                    "Duración de una película",
                    "Título",
                    "Título: todas las películas que lo llevan, con su año y duración.",
                ),
                "en": Labels("Runtime of a movie", "Title", "a title: every movie with it, its year and runtime"),
            },
        ),
        CourseQuery(
            franquicia,
            argument="franquicia",
            example="James Bond",
            names="collections",
            labels={
                "es": Labels("Franquicia", "Franquicia", "Nombre de la colección, con o sin «Collection»."),
                "en": Labels("Franchise", "Franchise", "a collection's name, with or without 'Collection'"),
            },
        ),
        CourseQuery(
            peliculas_pais,
            argument="pais",
            example="España",
            names="countries",
            labels={
                "es": Labels(
                    "Películas por país",
                    "País (código o nombre)",
                    "Código ISO 3166-1 (`ES`) o nombre del país, en español o inglés.",
                ),
                "en": Labels(
                    "Movies per country",
                    "Country (code or name)",
                    "an ISO 3166-1 code (ES) or the country's name, in Spanish or English",
                    example="Spain",
                ),
            },
        ),
        CourseQuery(
            productoras_exitosas,
            argument="productora",
            example="Pixar",
            names="companies",
            labels={
                "es": Labels(
                    "Productoras exitosas", "Productora", "Nombre de la productora, o una palabra entera de él."
                ),
                "en": Labels(
                    "Successful production companies",
                    "Production company",
                    "a production company's name, or one whole word of it",
                ),
            },
        ),
        CourseQuery(
            get_director,
            argument="nombre_director",
            example="John Lasseter",
            names="directors",
            labels={
                "es": Labels(
                    "Éxito de un director",
                    "Director",
                    "Nombre del director: su retorno total y cada una de sus películas.",
                ),
                "en": Labels("A director's success", "Director", "a director's name: total return and each movie"),
            },
        ),
    )
}
