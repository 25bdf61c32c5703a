"""Exploratory charts: pure functions from the catalog (and filters) to plotly figures and their data."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from core import ranking
from core.catalog import exploded
from core.text import decimal, number, peliculas
from core.wordcounts import WordCounts

NUMERIC = ["runtime", "vote_average", "vote_count", "popularity", "budget", "revenue", "return"]
LONG_TAILED = {"vote_count", "popularity", "budget", "revenue", "return"}
MONEY = {"budget", "revenue", "return"}
SCATTER_POINTS = 5_000
SPANISH_NAMES = {
    "runtime": "duración (min)",
    "vote_average": "nota media",
    "vote_count": "votos",
    "popularity": "popularidad",
    "budget": "presupuesto ($)",
    "revenue": "ingresos ($)",
    "return": "retorno (ingresos/presupuesto)",
}


@dataclass(frozen=True)
class Filters:
    """What the sidebar selects; hashable so charts can be cached by it."""

    years: tuple[int, int]
    genres: tuple[str, ...] = ()
    language: str | None = None
    min_votes: int = 0
    known_money: bool = False


@dataclass(frozen=True)
class Chart:
    figure: go.Figure
    data: pd.DataFrame
    caption: str


def select(movies: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The movies the filters keep."""
    low, high = filters.years
    keep = movies["release_year"].between(low, high) & (movies["vote_count"] >= filters.min_votes)
    if filters.language:
        keep &= movies["original_language"] == filters.language
    if filters.known_money:
        keep &= (movies["budget"] > 0) & (movies["revenue"] > 0)
    if filters.genres:
        genres = exploded(movies, "genres")
        keep &= movies.index.isin(genres.index[genres.isin(filters.genres)])
    return movies[keep]


def describe(filters: Filters, count: int) -> str:
    parts = [peliculas(count), f"años {filters.years[0]}–{filters.years[1]}"]
    if filters.genres:
        parts.append("géneros: " + ", ".join(filters.genres))
    if filters.language:
        parts.append(f"idioma original: {filters.language}")
    if filters.min_votes:
        parts.append(f"al menos {filters.min_votes} votos")
    if filters.known_money:
        parts.append("solo con presupuesto e ingresos conocidos")
    return " · ".join(parts)


# Marks that read on the app's dark theme (.streamlit/config.toml) and apart from its light-blue
# bars; plotly's default for lines is a dark grey that vanishes there.
MEDIAN_COLOR = "#F5C518"
QUARTILE_COLOR = "#FF8A65"


def histogram(movies: pd.DataFrame, column: str, log: bool = False) -> Chart:
    """Distribution of a numeric column, median and quartiles marked; zeros left out of log scales."""
    values = movies[column].dropna()
    if column in MONEY or log:
        values = values[values > 0]
    left_out = len(movies) - len(values)
    shown = np.log10(values) if log else values
    counts, edges = np.histogram(shown, bins=40) if len(shown) else (np.array([]), np.array([0.0]))
    data = pd.DataFrame({"desde": edges[:-1], "hasta": edges[1:], "peliculas": counts})
    if log:
        data[["desde", "hasta"]] = 10 ** data[["desde", "hasta"]]
    figure = go.Figure(
        go.Bar(x=(edges[:-1] + edges[1:]) / 2, y=counts, width=np.diff(edges), name=SPANISH_NAMES[column])
    )
    quartiles = np.quantile(shown, [0.25, 0.5, 0.75]) if len(shown) else []
    marks = (("Q1", "top left"), ("mediana", "top"), ("Q3", "top right"))  # labels apart when lines are close
    for value, (name, position) in zip(quartiles, marks, strict=False):
        color = MEDIAN_COLOR if name == "mediana" else QUARTILE_COLOR
        figure.add_vline(
            x=value,
            line_color=color,
            line_width=2,
            line_dash="solid" if name == "mediana" else "dot",
            annotation_text=name,
            annotation_position=position,
            annotation_font_color=color,
        )
    axis = f"log10 {SPANISH_NAMES[column]}" if log else SPANISH_NAMES[column]
    figure.update_layout(xaxis_title=axis, yaxis_title="películas", bargap=0.02, showlegend=False)
    caption = f"Distribución de {SPANISH_NAMES[column]} en {peliculas(len(values))}"
    if left_out:
        caption += f" ({left_out} con valor 0 o desconocido no se muestran)"
    return Chart(figure, data, caption)


def box_by_genre(movies: pd.DataFrame, column: str) -> Chart:
    """Quartiles of a column per genre, precomputed so the browser gets a few numbers per genre."""
    genres = exploded(movies, "genres")
    values = pd.DataFrame(
        {"genero": genres.to_numpy(), "valor": movies[column].to_numpy()[movies.index.get_indexer(genres.index)]}
    )
    if column in MONEY:
        values = values[values["valor"] > 0]
    stats = values.groupby("genero")["valor"].describe()[["count", "min", "25%", "50%", "75%", "max"]].reset_index()
    stats = stats.sort_values("50%", ascending=False)
    figure = go.Figure(
        go.Box(
            x=stats["genero"],
            q1=stats["25%"],
            median=stats["50%"],
            q3=stats["75%"],
            lowerfence=stats["min"],
            upperfence=stats["max"],
        )
    )
    figure.update_layout(yaxis_title=SPANISH_NAMES[column], yaxis_type="log" if column in LONG_TAILED else "linear")
    return Chart(figure, stats, f"{SPANISH_NAMES[column].capitalize()} por género (mínimo, cuartiles y máximo)")


def correlation(movies: pd.DataFrame, method: str = "pearson") -> Chart:
    """Correlation of the numeric columns, coefficients written in the cells."""
    frame = movies[NUMERIC].astype(float)
    matrix = frame.corr(method=method)
    labels = [SPANISH_NAMES[c] for c in NUMERIC]
    figure = px.imshow(
        matrix.to_numpy(), x=labels, y=labels, text_auto=".2f", zmin=-1, zmax=1, color_continuous_scale="RdBu_r"
    )
    caption = (
        f"Correlación de {'Pearson' if method == 'pearson' else 'Spearman'} entre columnas numéricas, "
        f"sobre {peliculas(len(frame))}; los presupuestos e ingresos en 0 son desconocidos y la distorsionan: "
        "usa el filtro de dinero conocido"
    )
    return Chart(figure, matrix.rename(index=SPANISH_NAMES, columns=SPANISH_NAMES), caption)


def budget_vs_revenue(movies: pd.DataFrame, color: str = "genero") -> Chart:
    """Log-log scatter of known budget and revenue, break-even line; sampled when large."""
    known = movies[(movies["budget"] > 0) & (movies["revenue"] > 0)]
    sample = known.sample(SCATTER_POINTS, random_state=0) if len(known) > SCATTER_POINTS else known
    data = pd.DataFrame(
        {
            "titulo": sample["title"],
            "anio": sample["release_year"],
            "presupuesto": sample["budget"],
            "ingresos": sample["revenue"],
            "genero": sample["genres"].map(lambda genres: genres[0] if len(genres) else "sin género").astype(str),
            "decada": (sample["release_year"] // 10 * 10).astype(str) + "s",
        }
    )
    figure = px.scatter(
        data,
        x="presupuesto",
        y="ingresos",
        color=color,
        hover_name="titulo",
        hover_data=["anio"],
        log_x=True,
        log_y=True,
    )
    if len(data):
        edge = [
            float(data[["presupuesto", "ingresos"]].min().min()),
            float(data[["presupuesto", "ingresos"]].max().max()),
        ]
        figure.add_trace(go.Scatter(x=edge, y=edge, mode="lines", name="punto de equilibrio", line={"dash": "dash"}))
    caption = f"Presupuesto frente a ingresos de {peliculas(len(known))} con ambos conocidos"
    if len(sample) < len(known):
        caption += f" (muestra aleatoria de {number(len(sample))} puntos)"
    return Chart(figure, data, caption)


def per_year(movies: pd.DataFrame) -> Chart:
    data = (
        movies.groupby("release_year").size().rename("peliculas").reset_index().rename(columns={"release_year": "anio"})
    )
    figure = px.line(data, x="anio", y="peliculas")
    return Chart(figure, data, "Películas estrenadas por año")


def money_per_year(movies: pd.DataFrame) -> Chart:
    """Median budget and revenue per year, over the movies where each is known (not inflation-adjusted)."""
    medians = {
        name: movies[movies[column] > 0].groupby("release_year")[column].median()
        for name, column in (("presupuesto mediano", "budget"), ("ingresos medianos", "revenue"))
    }
    data = pd.DataFrame(medians).rename_axis("anio").reset_index()
    figure = px.line(data, x="anio", y=list(medians), log_y=True)
    figure.update_layout(yaxis_title="dólares (sin ajustar por inflación)")
    return Chart(
        figure, data, "Presupuesto e ingresos medianos por año, en dólares nominales: sin ajustar por inflación"
    )


def genre_share_by_decade(movies: pd.DataFrame) -> Chart:
    genres = exploded(movies, "genres")
    decade = movies["release_year"].to_numpy()[movies.index.get_indexer(genres.index)] // 10 * 10
    counts = pd.crosstab(decade, genres.to_numpy())
    share = counts.div(counts.sum(axis=1), axis=0).rename_axis(index="decada", columns="genero")
    data = share.stack().rename("proporcion").reset_index()
    figure = px.area(data, x="decada", y="proporcion", color="genero")
    return Chart(figure, data, "Proporción de cada género por década (una película cuenta en todos sus géneros)")


TOP_COLUMNS = {
    "collection": "franquicias",
    "production_companies": "productoras",
    "directors": "directores",
    "production_countries": "países",
}


def top_list(movies: pd.DataFrame, column: str, by: str = "peliculas", n: int = 10) -> Chart:
    """Top-n names of a column by number of movies or by total revenue (horizontal bars)."""
    names = exploded(movies, column) if column != "collection" else movies["collection"].dropna()
    revenue = movies["revenue"].to_numpy()[movies.index.get_indexer(names.index)]
    table = pd.DataFrame({"nombre": names.to_numpy(), "ingresos": revenue}).groupby("nombre")
    data = table.agg(peliculas=("ingresos", "size"), ingresos=("ingresos", "sum")).nlargest(n, by).reset_index()
    figure = px.bar(data.iloc[::-1], x=by, y="nombre", orientation="h")
    measure = "número de películas" if by == "peliculas" else "ingresos totales"
    return Chart(figure, data, f"Las {n} {TOP_COLUMNS[column]} con más {measure}")


def best_rated(movies: pd.DataFrame, n: int = 10) -> Chart:
    """The selection's best movies by IMDb's weighted rating (m and C computed over the selection)."""
    columns = ["id", "title", "release_year", "vote_average", "vote_count"]
    if movies.empty:
        data = pd.DataFrame(columns=[*columns, "puntaje"])
        return Chart(px.bar(data, x="puntaje", y="title"), data, "Ninguna película en la selección")
    votes, rating, ids = (movies[column].to_numpy() for column in ("vote_count", "vote_average", "id"))
    best, score, m, mean = ranking.rank(votes, rating, ids, n)
    data = movies.iloc[best][columns].assign(puntaje=score.round(3)).reset_index(drop=True)
    data["pelicula"] = data["title"] + " (" + data["release_year"].astype(str) + ")"
    figure = px.bar(
        data.iloc[::-1], x="puntaje", y="pelicula", orientation="h", hover_data=["vote_average", "vote_count"]
    )
    caption = (
        f"Las {len(data)} mejor valoradas según la nota ponderada de IMDb: al menos {number(round(m))} votos (m), "
        f"nota media {decimal(mean)} (C)"
    )
    return Chart(figure, data, caption)


WORD_SOURCES = {"overview": "resúmenes", "title": "títulos", "keywords": "palabras clave"}


def top_words(movies: pd.DataFrame, counts: WordCounts, source: str, n: int = 20) -> Chart:
    """Most frequent words in the selected movies' texts: a sum over their rows of the build's counts."""
    data = pd.DataFrame({"palabra": counts.words, "veces": counts.totals(movies.index.to_numpy())})
    data = data[data["veces"] > 0].nlargest(n, "veces")
    figure = px.bar(data.iloc[::-1], x="veces", y="palabra", orientation="h")
    return Chart(figure, data, f"Las {n} palabras más frecuentes en los {WORD_SOURCES[source]}")
