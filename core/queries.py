"""The six course queries over the catalog; each returns a small result that can say itself."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from core.catalog import Catalog, sample_gap
from core.errors import Ambiguous, NotFound
from core.text import decimal, dollars, normalize, peliculas


@dataclass(frozen=True)
class Idioma:
    idioma: str
    cantidad: int

    @property
    def metricas(self) -> tuple[tuple[str, str], ...]:
        return (("Películas", str(self.cantidad)),)

    @property
    def mensaje(self) -> str:
        verb = "fue estrenada" if self.cantidad == 1 else "fueron estrenadas"
        return f"{peliculas(self.cantidad)} {verb} en idioma {self.idioma}"


@dataclass(frozen=True)
class PeliculaDuracion:
    id: int
    titulo: str
    anio: int
    duracion: int | None

    @property
    def texto_duracion(self) -> str:
        return "duración desconocida" if self.duracion is None else f"una duración de {self.duracion} minutos"


@dataclass(frozen=True)
class Duracion:
    pelicula: str
    peliculas: tuple[PeliculaDuracion, ...]

    @property
    def metricas(self) -> tuple[tuple[str, str], ...]:
        return (("Películas", str(len(self.peliculas))),)

    @property
    def mensaje(self) -> str:
        if len(self.peliculas) == 1:
            only = self.peliculas[0]
            return f"{only.titulo} fue estrenada en el año {only.anio} con {only.texto_duracion}"
        each = "; ".join(f"en {p.anio}, con {p.texto_duracion}" for p in self.peliculas)
        return f"Hay {len(self.peliculas)} películas llamadas {self.pelicula}: {each}"


@dataclass(frozen=True)
class Franquicia:
    franquicia: str
    cantidad: int
    ganancia_total: int
    ganancia_promedio: int
    sin_ganancia: int

    @property
    def metricas(self) -> tuple[tuple[str, str], ...]:
        return (
            ("Películas", str(self.cantidad)),
            ("Ganancia total", dollars(self.ganancia_total)),
            ("Ganancia promedio", dollars(self.ganancia_promedio)),
            ("Sin ganancia conocida", str(self.sin_ganancia)),
        )

    @property
    def mensaje(self) -> str:
        text = (
            f"La franquicia {self.franquicia} posee {peliculas(self.cantidad)}, una ganancia total de "
            f"{dollars(self.ganancia_total)} y una ganancia promedio de {dollars(self.ganancia_promedio)}"
        )
        if self.sin_ganancia:
            text += f" ({self.sin_ganancia} de ellas sin ganancia conocida)"
        return text


@dataclass(frozen=True)
class Pais:
    pais: str
    cantidad: int

    @property
    def metricas(self) -> tuple[tuple[str, str], ...]:
        return (("Películas", str(self.cantidad)),)

    @property
    def mensaje(self) -> str:
        verb = "Se produjo" if self.cantidad == 1 else "Se produjeron"
        return f"{verb} {peliculas(self.cantidad)} en el país {self.pais}"


@dataclass(frozen=True)
class Productora:
    productora: str
    revenue_total: int
    cantidad: int

    @property
    def metricas(self) -> tuple[tuple[str, str], ...]:
        return (("Revenue total", dollars(self.revenue_total)), ("Películas", str(self.cantidad)))

    @property
    def mensaje(self) -> str:
        return (
            f"La productora {self.productora} ha tenido un revenue de {dollars(self.revenue_total)} "
            f"y ha realizado {peliculas(self.cantidad)}"
        )


@dataclass(frozen=True)
class PeliculaDirector:
    id: int
    titulo: str
    fecha_lanzamiento: str
    retorno: float
    costo: int
    ganancia: int
    revenue: int


@dataclass(frozen=True)
class Director:
    director: str
    retorno_total: float
    peliculas: tuple[PeliculaDirector, ...]

    @property
    def metricas(self) -> tuple[tuple[str, str], ...]:
        return (("Retorno total", decimal(self.retorno_total)), ("Películas", str(len(self.peliculas))))

    @property
    def mensaje(self) -> str:
        return (
            f"El director {self.director} tiene un retorno total de {decimal(self.retorno_total)} "
            f"en {peliculas(len(self.peliculas))}"
        )


Result = Idioma | Duracion | Franquicia | Pais | Productora | Director


def as_json(result: Result) -> dict:
    """The result's fields and its sentence, as the command line and the API print them."""
    return {**asdict(result), "mensaje": result.mensaje}


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
            raise NotFound(f"{error}. {gap}", error.suggestions) from None

    return answer


@_explains_sample_gaps
def peliculas_idioma(catalog: Catalog, idioma: str) -> Idioma:
    """Movies whose original language is `idioma` (ISO code, or its name in Spanish or English)."""
    lookups = catalog.lookups
    code = lookups.languages.resolve(idioma)
    return Idioma(idioma=lookups.languages.displays[code], cantidad=lookups.language_counts[code])


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
    return Pais(pais=lookups.countries.displays[code], cantidad=lookups.country_counts[code])


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
            ganancia=int(revenue) - int(budget),
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


QUERIES = {
    "peliculas_idioma": peliculas_idioma,
    "peliculas_duracion": peliculas_duracion,
    "franquicia": franquicia,
    "peliculas_pais": peliculas_pais,
    "productoras_exitosas": productoras_exitosas,
    "get_director": get_director,
}

# One argument per function that answers on the sample and on the full dataset alike.
EXAMPLES = {
    "peliculas_idioma": "en",
    "peliculas_duracion": "Toy Story",
    "franquicia": "James Bond",
    "peliculas_pais": "España",
    "productoras_exitosas": "Pixar",
    "get_director": "John Lasseter",
}

NAME_INDEXES = {
    "peliculas_idioma": "languages",
    "franquicia": "collections",
    "peliculas_pais": "countries",
    "productoras_exitosas": "companies",
    "get_director": "directors",
}


def known_names(catalog: Catalog, function: str, limit: int = 2_000) -> list[str]:
    """The names a function knows, most movies first (none for titles, which are free text)."""
    if function not in NAME_INDEXES:
        return []
    return list(getattr(catalog.lookups, NAME_INDEXES[function]).displays.values())[:limit]
