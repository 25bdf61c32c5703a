"""Exploratory charts: pure functions from the catalog (and filters) to plotly figures and their data."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from core import ranking, requests
from core.catalog import country_name, exploded
from core.i18n import words
from core.phrases import Number
from core.requests import Filters
from core.wordcounts import WordCounts

NUMERIC = list(requests.NUMERIC)  # a list: pandas reads a tuple as one column's name
LONG_TAILED = requests.LONG_TAILED
MONEY = {"budget", "revenue", "return"}
SCATTER_POINTS = 5_000
# The data columns and values the charts name in Spanish (the course's language), renamed as the words of
# the interface's language say them (the catalogue's data.<name>).
DATA_NAMES = (
    "desde", "hasta", "peliculas", "genero", "titulo", "anio", "presupuesto", "ingresos", "decada", "proporcion",
    "nombre", "palabra", "veces", "puntaje", "pelicula", "presupuesto mediano", "ingresos medianos", "release_year",
    "vote_average", "vote_count", "sin género",
)  # fmt: skip
TOP_COLUMNS, WORD_SOURCES = requests.TOP_COLUMNS, requests.WORD_SOURCES


def name(key: str, language: str = "es") -> str:
    """A data column or value as a chart shows it in `language`."""
    return words(language)(f"data.{key}")


def column_name(column: str, language: str = "es") -> str:
    """A numeric column as the charts name it ('duración (min)')."""
    return words(language)(f"column.{column}")


def _genres(genres: pd.Series, language: str) -> pd.Series:
    """TMDB's genre names as the charts show them in `language` (Animación in Spanish)."""
    said = words(language)
    return genres.astype(str).map(said.genre)


def _say(data: pd.DataFrame, language: str) -> pd.DataFrame:
    """The chart's data with its columns named in `language`."""
    return data.rename(columns={key: name(key, language) for key in DATA_NAMES})


@dataclass(frozen=True)
class Chart:
    figure: go.Figure | dict  # a plotly figure, or a Vega-Lite spec (a chart drawn without plotly)
    data: pd.DataFrame
    caption: str

    @property
    def native(self) -> bool:
        """Whether it is a Vega-Lite spec, which Streamlit draws with its own charts."""
        return isinstance(self.figure, dict)

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
    said = words(language)
    low, high = filters.years
    parts = [said("eda.selected", movies=said.movies(count), low=low, high=high)]
    if filters.genres:
        parts.append(said("eda.selected.genres", genres=", ".join(map(said.genre, filters.genres))))
    if filters.language:
        parts.append(said("eda.selected.language", language=filters.language))
    if filters.min_votes:
        parts.append(said("eda.selected.votes", votes=Number(filters.min_votes)))
    if filters.known_money:
        parts.append(said("eda.selected.known_money"))
    return " · ".join(parts)


# Marks that read on the app's dark theme (.streamlit/config.toml) and apart from its light-blue
# bars; plotly's default for lines is a dark grey that vanishes there.
MEDIAN_COLOR = "#F5C518"
QUARTILE_COLOR = "#FF8A65"


def histogram(movies: pd.DataFrame, column: str, log: bool = False, language: str = "es") -> Chart:
    """Distribution of a numeric column, median and quartiles marked; zeros left out of log scales.

    A Vega-Lite spec (plain JSON, drawn natively by the page) rather than a plotly figure: the
    Exploración page opens on it, and a phone then loads no chart library for its first sight."""
    values = movies[column].dropna()
    if column in MONEY or log:
        values = values[values > 0]
    left_out = len(movies) - len(values)
    shown = np.log10(values) if log else values
    counts, edges = np.histogram(shown, bins=40) if len(shown) else (np.array([], dtype=int), np.array([0.0]))
    data = pd.DataFrame({"desde": edges[:-1], "hasta": edges[1:], "peliculas": counts})
    if log:
        data[["desde", "hasta"]] = 10 ** data[["desde", "hasta"]]
    said = words(language)
    label = column_name(column, language)
    axis = f"log10 {label}" if log else label
    movies_word = name("peliculas", language)
    bins = [
        {"lo": float(lo), "hi": float(hi), "n": int(count)}
        for lo, hi, count in zip(edges[:-1], edges[1:], counts, strict=True)
    ]
    quartiles = np.quantile(shown, [0.25, 0.5, 0.75]) if len(shown) else []
    median = said("eda.median")
    marks = [
        {
            "x": float(value),
            "mark": mark,
            "color": MEDIAN_COLOR if mark == median else QUARTILE_COLOR,
            "dash": [1, 0] if mark == median else [2, 3],
            "align": align,
            "top": top,
        }
        for value, (mark, align, top) in zip(
            quartiles, (("Q1", "right", 16), (median, "center", 0), ("Q3", "left", 16)), strict=False
        )
    ]  # fmt: skip  (the quartiles' labels a line below the median's and beside their lines: apart when close)
    x = {"field": "x", "type": "quantitative"}
    figure = {
        "usermeta": {"embedOptions": {"renderer": "svg"}},  # text a screen reader and a test can read
        "layer": [
            {
                "data": {"values": bins},
                "mark": {"type": "bar", "binSpacing": 1},
                "encoding": {
                    "x": {"field": "lo", "type": "quantitative", "bin": "binned", "title": axis},
                    "x2": {"field": "hi"},
                    "y": {"field": "n", "type": "quantitative", "title": movies_word},
                    "tooltip": [
                        {"field": "lo", "type": "quantitative", "title": name("desde", language), "format": ",.4~g"},
                        {"field": "hi", "type": "quantitative", "title": name("hasta", language), "format": ",.4~g"},
                        {"field": "n", "type": "quantitative", "title": movies_word},
                    ],
                },
            },
            {
                "data": {"values": marks},
                "mark": {"type": "rule", "strokeWidth": 2},
                "encoding": {
                    "x": x,
                    "color": {"field": "color", "type": "nominal", "scale": None},
                    "strokeDash": {"field": "dash", "type": "nominal", "scale": None},
                },
            },
            {
                "data": {"values": marks},
                "mark": {"type": "text", "baseline": "top", "dy": 2, "fontWeight": "bold"},
                "encoding": {
                    "x": x,
                    "y": {"field": "top", "type": "quantitative", "scale": None},
                    "text": {"field": "mark"},
                    "align": {"field": "align", "type": "nominal", "scale": None},
                    "color": {"field": "color", "type": "nominal", "scale": None},
                },
            },
        ],
    }
    caption = said("eda.histogram", label=label, movies=said.movies(len(values)))
    caption += " " + said("eda.histogram.left_out", count=Number(left_out)) if left_out else ""
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
            name=column_name(column, language),
        )
    )
    label = column_name(column, language)
    figure.update_layout(yaxis_title=label, yaxis_type="log" if column in LONG_TAILED else "linear")
    caption = words(language)("eda.box", label=label.capitalize())
    return Chart(figure, _say(stats, language), caption)


def correlation(movies: pd.DataFrame, method: str = "pearson", language: str = "es") -> Chart:
    """Correlation of the numeric columns, coefficients written in the cells."""
    frame = movies[NUMERIC].astype(float)
    matrix = frame.corr(method=method)
    names = {column: column_name(column, language) for column in NUMERIC}
    labels = [names[c] for c in NUMERIC]
    figure = px.imshow(
        matrix.to_numpy(), x=labels, y=labels, text_auto=".2f", zmin=-1, zmax=1, color_continuous_scale="RdBu_r"
    )
    who = "Pearson" if method == "pearson" else "Spearman"
    said = words(language)
    caption = said("eda.correlation", who=who, movies=said.movies(len(frame)))
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
        render_mode="webgl",  # thousands of points: drawn by the GPU, not as thousands of SVG nodes
    )
    if len(data):
        edge = [float(data[[budget, revenue]].min().min()), float(data[[budget, revenue]].max().max())]
        even = words(language)("eda.break_even")
        figure.add_trace(go.Scatter(x=edge, y=edge, mode="lines", name=even, line={"dash": "dash"}))
    said = words(language)
    caption = said("eda.money", movies=said.movies(len(known)))
    caption += " " + said("eda.money.sample", points=Number(len(sample))) if len(sample) < len(known) else ""
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
    return Chart(figure, data, words(language)("eda.per_year"))


def money_per_year(movies: pd.DataFrame, language: str = "es") -> Chart:
    """Median budget and revenue per year, over the movies where each is known (not inflation-adjusted)."""
    medians = {
        name(label, language): movies[movies[column] > 0].groupby("release_year")[column].median()
        for label, column in (("presupuesto mediano", "budget"), ("ingresos medianos", "revenue"))
    }
    data = pd.DataFrame(medians).rename_axis(name("anio", language)).reset_index()
    figure = px.line(data, x=name("anio", language), y=list(medians), log_y=True)
    said = words(language)
    figure.update_layout(yaxis_title=said("eda.dollars"), legend_title_text="")
    return Chart(figure, data, said("eda.money_per_year"))


def genre_share_by_decade(movies: pd.DataFrame, language: str = "es") -> Chart:
    genres = exploded(movies, "genres")
    decade = movies["release_year"].to_numpy()[movies.index.get_indexer(genres.index)] // 10 * 10
    counts = pd.crosstab(decade, genres.to_numpy()).rename(columns=words(language).genre)
    share = counts.div(counts.sum(axis=1), axis=0).rename_axis(index="decada", columns="genero")
    data = _say(share.stack().rename("proporcion").reset_index(), language)
    figure = px.area(data, x=name("decada", language), y=name("proporcion", language), color=name("genero", language))
    return Chart(figure, data, words(language)("eda.genre_share"))


def top_list(
    movies: pd.DataFrame, column: str, by: str = "peliculas", n: int = requests.TOP_NAMES, language: str = "es"
) -> Chart:
    """Top-n names of a column by number of movies or by total revenue (horizontal bars); countries
    named in `language`."""
    if column == "production_countries":  # by their codes: the data names them in English
        codes = exploded(movies, "production_country_codes")
        names = codes.map({code: country_name(code, language) for code in codes.unique()})
    else:
        names = exploded(movies, column) if column != "collection" else movies["collection"].dropna()
    revenue = movies["revenue"].to_numpy()[movies.index.get_indexer(names.index)]
    table = pd.DataFrame({"nombre": names.to_numpy(), "ingresos": revenue}).groupby("nombre")
    data = table.agg(peliculas=("ingresos", "size"), ingresos=("ingresos", "sum")).nlargest(n, by).reset_index()
    data = _say(data, language)
    figure = px.bar(data.iloc[::-1], x=name(by, language), y=name("nombre", language), orientation="h")
    return Chart(figure, data, words(language)(f"eda.top.{column}.{by}", count=n))


def best_rated(movies: pd.DataFrame, n: int = 10, language: str = "es") -> Chart:
    """The selection's best movies by IMDb's weighted rating (m and C computed over the selection)."""
    columns = ["id", "title", "release_year", "vote_average", "vote_count"]
    if movies.empty:
        data = _say(pd.DataFrame(columns=[*columns, "puntaje"]), language)
        nothing = words(language)("eda.nothing")
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
        labels={name(column, language): column_name(column, language) for column in ("vote_average", "vote_count")},
    )
    said = words(language)
    caption = said("eda.best_rated", count=len(data), m=Number(round(m)), c=said.decimal(mean))
    return Chart(figure, data, caption)


def top_words(movies: pd.DataFrame, counts: WordCounts, source: str, n: int = 20, language: str = "es") -> Chart:
    """Most frequent words in the selected movies' texts: a sum over their rows of the build's counts."""
    data = pd.DataFrame({"palabra": counts.words, "veces": counts.totals(movies.index.to_numpy())})
    data = _say(data[data["veces"] > 0].nlargest(n, "veces"), language)
    figure = px.bar(data.iloc[::-1], x=name("veces", language), y=name("palabra", language), orientation="h")
    said = words(language)
    return Chart(figure, data, said("eda.top_words", count=n, where=said(f"eda.source.{source}")))
