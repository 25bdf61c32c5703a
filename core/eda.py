"""Exploratory charts: pure functions from the catalog (and filters) to plotly figures and their data."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from core import i18n, ranking
from core.catalog import exploded
from core.text import decimal, number, peliculas
from core.wordcounts import WordCounts

NUMERIC = ["runtime", "vote_average", "vote_count", "popularity", "budget", "revenue", "return"]
LONG_TAILED = {"vote_count", "popularity", "budget", "revenue", "return"}
MONEY = {"budget", "revenue", "return"}
SCATTER_POINTS = 5_000
# The numeric columns as the charts name them, per interface language.
COLUMN_NAMES = {
    "es": {
        "runtime": "duración (min)",
        "vote_average": "nota media",
        "vote_count": "votos",
        "popularity": "popularidad",
        "budget": "presupuesto ($)",
        "revenue": "ingresos ($)",
        "return": "retorno (ingresos/presupuesto)",
    },
    "en": {
        "runtime": "runtime (min)",
        "vote_average": "mean rating",
        "vote_count": "votes",
        "popularity": "popularity",
        "budget": "budget ($)",
        "revenue": "revenue ($)",
        "return": "return (revenue/budget)",
    },
}
SPANISH_NAMES = COLUMN_NAMES["es"]
# The charts' data columns are named in Spanish (the course's language); in English they are renamed.
ENGLISH_DATA = {
    "desde": "from",
    "hasta": "to",
    "peliculas": "movies",
    "genero": "genre",
    "titulo": "title",
    "anio": "year",
    "presupuesto": "budget",
    "ingresos": "revenue",
    "decada": "decade",
    "proporcion": "share",
    "nombre": "name",
    "palabra": "word",
    "veces": "times",
    "puntaje": "score",
    "pelicula": "movie",
    "presupuesto mediano": "median budget",
    "ingresos medianos": "median revenue",
    "release_year": "year",
    "vote_average": "rating",
    "vote_count": "votes",
    "sin género": "no genre",
}
TOP_COLUMNS = {
    "es": {
        "collection": "franquicias",
        "production_companies": "productoras",
        "directors": "directores",
        "production_countries": "países",
    },
    "en": {
        "collection": "franchises",
        "production_companies": "production companies",
        "directors": "directors",
        "production_countries": "countries",
    },
}
MASCULINE = {"directors", "production_countries"}  # los directores, los países; las franquicias, las productoras
WORD_SOURCES = {
    "es": {"overview": "resúmenes", "title": "títulos", "keywords": "palabras clave"},
    "en": {"overview": "overviews", "title": "titles", "keywords": "keywords"},
}


def name(key: str, language: str = "es") -> str:
    """A data column or value as a chart shows it in `language`."""
    return ENGLISH_DATA.get(key, key) if language == "en" else key


def _genres(genres: pd.Series, language: str) -> pd.Series:
    """TMDB's genre names as the charts show them in `language` (Animación in Spanish)."""
    return genres.astype(str).map(lambda genre: i18n.genre_name(genre, language))


def _say(data: pd.DataFrame, language: str) -> pd.DataFrame:
    """The chart's data with its columns named in `language`."""
    return data.rename(columns=ENGLISH_DATA) if language == "en" else data


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

    @property
    def clickable(self) -> bool:
        """Whether its marks are movies: each carries the movie's id first in its custom data."""
        return "id" in self.data.columns

    def shown(self, ids: list[int] | tuple[int, ...]) -> list[int]:
        """The movies of `ids` that the chart shows, in that order, once each (a link may name others)."""
        here = set(self.data["id"].tolist()) if self.clickable else set()
        return [movie_id for movie_id in dict.fromkeys(ids) if movie_id in here]

    def picked(self, points: list[dict]) -> list[int]:
        """The movies of a plotly selection's points (Streamlit's `selection.points`) that the chart
        shows; marks that are not movies, such as the break-even line, carry no id and count for none.
        The browser sends a point's custom data as a list, or as {"0": id, "1": …} when plotly holds it
        in a typed array (as it does for bars)."""
        ids = []
        for point in points:
            custom = point.get("customdata")
            if isinstance(custom, dict):
                first = custom.get("0")
            else:
                first = custom[0] if isinstance(custom, list | tuple) and custom else custom
            if isinstance(first, int | float) and not isinstance(first, bool) and float(first).is_integer():
                ids.append(int(first))
        return self.shown(ids)


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


def describe(filters: Filters, count: int, language: str = "es") -> str:
    """What the filters select, in a line: '3 películas · años 1990–2000 · …'."""
    low, high = filters.years
    if language == "en":
        parts = [i18n.movies(count, "en"), f"years {low}–{high}"]
        parts += ["genres: " + ", ".join(filters.genres)] if filters.genres else []
        parts += [f"original language: {filters.language}"] if filters.language else []
        parts += [f"at least {filters.min_votes:,} votes"] if filters.min_votes else []
        parts += ["only known budget and revenue"] if filters.known_money else []
        return " · ".join(parts)
    parts = [peliculas(count), f"años {low}–{high}"]
    parts += ["géneros: " + ", ".join(i18n.genre_name(each, "es") for each in filters.genres)] if filters.genres else []
    parts += [f"idioma original: {filters.language}"] if filters.language else []
    parts += [f"al menos {filters.min_votes} votos"] if filters.min_votes else []
    parts += ["solo con presupuesto e ingresos conocidos"] if filters.known_money else []
    return " · ".join(parts)


# Marks that read on the app's dark theme (.streamlit/config.toml) and apart from its light-blue
# bars; plotly's default for lines is a dark grey that vanishes there.
MEDIAN_COLOR = "#F5C518"
QUARTILE_COLOR = "#FF8A65"


def histogram(movies: pd.DataFrame, column: str, log: bool = False, language: str = "es") -> Chart:
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
    label = COLUMN_NAMES[language][column]
    figure = go.Figure(go.Bar(x=(edges[:-1] + edges[1:]) / 2, y=counts, width=np.diff(edges), name=label))
    quartiles = np.quantile(shown, [0.25, 0.5, 0.75]) if len(shown) else []
    median = "median" if language == "en" else "mediana"
    marks = (("Q1", "top left"), (median, "top"), ("Q3", "top right"))  # labels apart when lines are close
    for value, (mark, position) in zip(quartiles, marks, strict=False):
        color = MEDIAN_COLOR if mark == median else QUARTILE_COLOR
        figure.add_vline(
            x=value,
            line_color=color,
            line_width=2,
            line_dash="solid" if mark == median else "dot",
            annotation_text=mark,
            annotation_position=position,
            annotation_font_color=color,
        )
    axis = f"log10 {label}" if log else label
    figure.update_layout(xaxis_title=axis, yaxis_title=name("peliculas", language), bargap=0.02, showlegend=False)
    if language == "en":
        caption = f"Distribution of {label} over {i18n.movies(len(values), 'en')}"
        caption += f" ({left_out:,} with a value of 0 or unknown are not shown)" if left_out else ""
    else:
        caption = f"Distribución de {label} en {peliculas(len(values))}"
        caption += f" ({number(left_out)} con valor 0 o desconocido no se muestran)" if left_out else ""
    return Chart(figure, _say(data, language), caption)


def box_by_genre(movies: pd.DataFrame, column: str, language: str = "es") -> Chart:
    """Quartiles of a column per genre, precomputed so the browser gets a few numbers per genre."""
    genres = exploded(movies, "genres")
    values = pd.DataFrame(
        {"genero": genres.to_numpy(), "valor": movies[column].to_numpy()[movies.index.get_indexer(genres.index)]}
    )
    if column in MONEY:
        values = values[values["valor"] > 0]
    stats = values.groupby("genero")["valor"].describe()  # no genre at all (one untagged movie) is no column
    stats = stats.reindex(columns=["count", "min", "25%", "50%", "75%", "max"]).rename_axis("genero").reset_index()
    stats = stats.sort_values("50%", ascending=False).assign(genero=lambda stats: _genres(stats["genero"], language))
    figure = go.Figure(
        go.Box(
            x=stats["genero"],
            q1=stats["25%"],
            median=stats["50%"],
            q3=stats["75%"],
            lowerfence=stats["min"],
            upperfence=stats["max"],
            name=COLUMN_NAMES[language][column],
        )
    )
    label = COLUMN_NAMES[language][column]
    figure.update_layout(yaxis_title=label, yaxis_type="log" if column in LONG_TAILED else "linear")
    if language == "en":
        caption = f"{label.capitalize()} per genre (minimum, quartiles and maximum)"
    else:
        caption = f"{label.capitalize()} por género (mínimo, cuartiles y máximo)"
    return Chart(figure, _say(stats, language), caption)


def correlation(movies: pd.DataFrame, method: str = "pearson", language: str = "es") -> Chart:
    """Correlation of the numeric columns, coefficients written in the cells."""
    frame = movies[NUMERIC].astype(float)
    matrix = frame.corr(method=method)
    names = COLUMN_NAMES[language]
    labels = [names[c] for c in NUMERIC]
    figure = px.imshow(
        matrix.to_numpy(), x=labels, y=labels, text_auto=".2f", zmin=-1, zmax=1, color_continuous_scale="RdBu_r"
    )
    who = "Pearson" if method == "pearson" else "Spearman"
    if language == "en":
        caption = (
            f"{who} correlation between the numeric columns, over {i18n.movies(len(frame), 'en')}; budgets and "
            "revenues of 0 are unknown and distort it: use the known-money filter"
        )
    else:
        caption = (
            f"Correlación de {who} entre columnas numéricas, sobre {peliculas(len(frame))}; los presupuestos e "
            "ingresos en 0 son desconocidos y la distorsionan: usa el filtro de dinero conocido"
        )
    return Chart(figure, matrix.rename(index=names, columns=names), caption)


def budget_vs_revenue(movies: pd.DataFrame, color: str = "genero", language: str = "es") -> Chart:
    """Log-log scatter of known budget and revenue, break-even line; sampled when large."""
    known = movies[(movies["budget"] > 0) & (movies["revenue"] > 0)]
    sample = known.sample(SCATTER_POINTS, random_state=0) if len(known) > SCATTER_POINTS else known
    no_genre = name("sin género", language)
    data = _say(
        pd.DataFrame(
            {
                "id": sample["id"],
                "titulo": sample["title"],
                "anio": sample["release_year"],
                "presupuesto": sample["budget"],
                "ingresos": sample["revenue"],
                "genero": _genres(
                    sample["genres"].map(lambda genres: genres[0] if len(genres) else no_genre), language
                ),
                "decada": (sample["release_year"] // 10 * 10).astype(str) + "s",
            }
        ),
        language,
    )
    budget, revenue = name("presupuesto", language), name("ingresos", language)
    figure = px.scatter(
        data,
        x=budget,
        y=revenue,
        color=name(color, language),
        hover_name=name("titulo", language),
        hover_data=[name("anio", language)],
        custom_data=["id"],
        log_x=True,
        log_y=True,
    )
    if len(data):
        edge = [float(data[[budget, revenue]].min().min()), float(data[[budget, revenue]].max().max())]
        even = "break-even" if language == "en" else "punto de equilibrio"
        figure.add_trace(go.Scatter(x=edge, y=edge, mode="lines", name=even, line={"dash": "dash"}))
    if language == "en":
        caption = f"Budget against revenue of {i18n.movies(len(known), 'en')} with both known"
        caption += f" (a random sample of {len(sample):,} points)" if len(sample) < len(known) else ""
    else:
        caption = f"Presupuesto frente a ingresos de {peliculas(len(known))} con ambos conocidos"
        caption += f" (muestra aleatoria de {number(len(sample))} puntos)" if len(sample) < len(known) else ""
    return Chart(figure, data, caption)


def per_year(movies: pd.DataFrame, language: str = "es") -> Chart:
    data = _say(
        movies.groupby("release_year")
        .size()
        .rename("peliculas")
        .reset_index()
        .rename(columns={"release_year": "anio"}),
        language,
    )
    figure = px.line(data, x=name("anio", language), y=name("peliculas", language))
    return Chart(figure, data, "Movies released per year" if language == "en" else "Películas estrenadas por año")


def money_per_year(movies: pd.DataFrame, language: str = "es") -> Chart:
    """Median budget and revenue per year, over the movies where each is known (not inflation-adjusted)."""
    medians = {
        name(label, language): movies[movies[column] > 0].groupby("release_year")[column].median()
        for label, column in (("presupuesto mediano", "budget"), ("ingresos medianos", "revenue"))
    }
    data = pd.DataFrame(medians).rename_axis(name("anio", language)).reset_index()
    figure = px.line(data, x=name("anio", language), y=list(medians), log_y=True)
    if language == "en":
        figure.update_layout(yaxis_title="dollars (not adjusted for inflation)", legend_title_text="")
        caption = "Median budget and revenue per year, in nominal dollars: not adjusted for inflation"
    else:
        figure.update_layout(yaxis_title="dólares (sin ajustar por inflación)", legend_title_text="")
        caption = "Presupuesto e ingresos medianos por año, en dólares nominales: sin ajustar por inflación"
    return Chart(figure, data, caption)


def genre_share_by_decade(movies: pd.DataFrame, language: str = "es") -> Chart:
    genres = exploded(movies, "genres")
    decade = movies["release_year"].to_numpy()[movies.index.get_indexer(genres.index)] // 10 * 10
    counts = pd.crosstab(decade, genres.to_numpy()).rename(columns=lambda genre: i18n.genre_name(genre, language))
    share = counts.div(counts.sum(axis=1), axis=0).rename_axis(index="decada", columns="genero")
    data = _say(share.stack().rename("proporcion").reset_index(), language)
    figure = px.area(data, x=name("decada", language), y=name("proporcion", language), color=name("genero", language))
    if language == "en":
        caption = "Share of each genre per decade (a movie counts in every one of its genres)"
    else:
        caption = "Proporción de cada género por década (una película cuenta en todos sus géneros)"
    return Chart(figure, data, caption)


def top_list(movies: pd.DataFrame, column: str, by: str = "peliculas", n: int = 10, language: str = "es") -> Chart:
    """Top-n names of a column by number of movies or by total revenue (horizontal bars)."""
    names = exploded(movies, column) if column != "collection" else movies["collection"].dropna()
    revenue = movies["revenue"].to_numpy()[movies.index.get_indexer(names.index)]
    table = pd.DataFrame({"nombre": names.to_numpy(), "ingresos": revenue}).groupby("nombre")
    data = table.agg(peliculas=("ingresos", "size"), ingresos=("ingresos", "sum")).nlargest(n, by).reset_index()
    data = _say(data, language)
    figure = px.bar(data.iloc[::-1], x=name(by, language), y=name("nombre", language), orientation="h")
    what = TOP_COLUMNS[language][column]
    if language == "en":
        measure = "movies" if by == "peliculas" else "total revenue"
        return Chart(figure, data, f"The {n} {what} with the most {measure}")
    article = "Los" if column in MASCULINE else "Las"
    measure = "películas" if by == "peliculas" else "ingresos totales"
    return Chart(figure, data, f"{article} {n} {what} con más {measure}")


def best_rated(movies: pd.DataFrame, n: int = 10, language: str = "es") -> Chart:
    """The selection's best movies by IMDb's weighted rating (m and C computed over the selection)."""
    columns = ["id", "title", "release_year", "vote_average", "vote_count"]
    if movies.empty:
        data = _say(pd.DataFrame(columns=[*columns, "puntaje"]), language)
        nothing = "No movie in the selection" if language == "en" else "Ninguna película en la selección"
        return Chart(px.bar(data, x=name("puntaje", language), y="title"), data, nothing)
    votes, rating, ids = (movies[column].to_numpy() for column in ("vote_count", "vote_average", "id"))
    best, score, m, mean = ranking.rank(votes, rating, ids, n)
    data = movies.iloc[best][columns].assign(puntaje=score.round(3)).reset_index(drop=True)
    data["pelicula"] = data["title"] + " (" + data["release_year"].astype(str) + ")"
    data = _say(data, language)
    figure = px.bar(
        data.iloc[::-1],
        x=name("puntaje", language),
        y=name("pelicula", language),
        orientation="h",
        hover_data=[name("vote_average", language), name("vote_count", language)],
        custom_data=["id"],
        labels={name(column, language): COLUMN_NAMES[language][column] for column in ("vote_average", "vote_count")},
    )
    if language == "en":
        caption = (
            f"The {len(data)} best rated by IMDb's weighted rating: at least {round(m):,} votes (m), "
            f"mean rating {mean:.2f} (C)"
        )
    else:
        caption = (
            f"Las {len(data)} mejor valoradas según la nota ponderada de IMDb: al menos {number(round(m))} votos (m), "
            f"nota media {decimal(mean)} (C)"
        )
    return Chart(figure, data, caption)


def top_words(movies: pd.DataFrame, counts: WordCounts, source: str, n: int = 20, language: str = "es") -> Chart:
    """Most frequent words in the selected movies' texts: a sum over their rows of the build's counts."""
    data = pd.DataFrame({"palabra": counts.words, "veces": counts.totals(movies.index.to_numpy())})
    data = _say(data[data["veces"] > 0].nlargest(n, "veces"), language)
    figure = px.bar(data.iloc[::-1], x=name("veces", language), y=name("palabra", language), orientation="h")
    where = WORD_SOURCES[language][source]
    if language == "en":
        return Chart(figure, data, f"The {n} most frequent words in the {where}")
    return Chart(figure, data, f"Las {n} palabras más frecuentes en los {where}")
