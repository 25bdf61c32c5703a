"""Exploración: the course's EDA as interactive charts; sidebar filters live in the URL."""

import streamlit as st

from core import csvsafe, eda, i18n
from pages.common import (
    LINK_SELECTION,
    catalog,
    clickable_chart,
    enter_through_the_app,
    language,
    set_params,
    t,
    url_number,
    word_counts,
)

enter_through_the_app()

loaded = catalog()
movies = loaded.movies
params = st.query_params
first_year, last_year = int(movies["release_year"].min()), int(movies["release_year"].max())
all_genres = sorted(loaded.lookups.genres.displays)
languages = movies["original_language"].value_counts().index.tolist()
years_in_link = [("desde", first_year), ("hasta", last_year)]


with st.sidebar:
    st.subheader(t("filters"))
    years = st.slider(
        t("years"),
        first_year,
        last_year,
        tuple(sorted(url_number(name, first_year, last_year, default) for name, default in years_in_link)),
    )
    genres = st.multiselect(
        t("genres"),
        all_genres,
        default=[g for g in params.get_all("genero") if g in all_genres],
        placeholder=t("all_genres"),
        format_func={genre: i18n.genre_name(genre, language()) for genre in all_genres}.__getitem__,
    )
    # Labels from a dict, never a function defined here: a widget keeps its `format_func`, and a
    # function defined in a page holds the page's globals, the loaded catalog among them (pages.common.remember).
    language_labels = {"": t("all_languages"), **{code: code for code in languages}}
    original_language = st.selectbox(
        t("original_language"),
        list(language_labels),
        index=([""] + languages).index(params.get("idioma", "")) if params.get("idioma", "") in languages else 0,
        format_func=language_labels.__getitem__,
    )
    most_votes = int(movies["vote_count"].max())
    min_votes = st.number_input(
        t("min_votes"), min_value=0, max_value=most_votes, value=url_number("votos", 0, most_votes, 0), step=10
    )
    known_money = st.toggle(t("known_money"), value=params.get("dinero") == "1")

filters = eda.Filters(
    years=tuple(years),
    genres=tuple(genres),
    language=original_language or None,
    min_votes=int(min_votes),
    known_money=known_money,
)
set_params(
    {
        "desde": str(years[0]),
        "hasta": str(years[1]),
        "genero": list(genres),
        "idioma": original_language,
        "votos": str(int(min_votes)),
        "dinero": "1" if known_money else "0",
        **{name: params[name] for name in LINK_SELECTION if name in params},  # a chart's selection
    }
)


@st.cache_data(show_spinner=False, max_entries=64)
def chart(name: str, filters: eda.Filters, stamp: str, **options) -> eda.Chart:
    """One chart for one set of filters and language, cached (the catalog's build time keys rebuilds)."""
    return getattr(eda, name)(eda.select(movies, filters), **options)


@st.cache_data(show_spinner=False, max_entries=64)
def words_chart(source: str, filters: eda.Filters, stamp: str, interface: str) -> eda.Chart:
    return eda.top_words(eda.select(movies, filters), word_counts(source), source, language=interface)


def show(drawn: eda.Chart, key: str) -> None:
    if drawn.clickable:
        clickable_chart(drawn, key)
    else:
        st.plotly_chart(drawn.figure, key=f"chart-{key}")
        st.caption(drawn.caption)
    st.download_button(
        t("download_csv"), csvsafe.written(drawn.data), file_name=f"{key}.csv", mime="text/csv", key=f"csv-{key}"
    )


def show_chart(name: str, key: str, **options) -> None:
    show(chart(name, filters, stamp, language=language(), **options), key)


stamp = loaded.manifest["built_at"]
st.title(t("page_eda"))
st.caption(eda.describe(filters, len(eda.select(movies, filters)), language()))

# A link to a chart's selection opens on that chart's tab.
CHART_TABS = {"mejor-valoradas": "tab_top", "presupuesto-ingresos": "tab_money"}
if "tab" not in st.session_state and params.get(LINK_SELECTION[0]) in CHART_TABS:
    st.session_state["tab"] = t(CHART_TABS[params[LINK_SELECTION[0]]])
# Lazy tabs: only the open tab's charts are computed on each run.
distributions, correlations, money, trends, rankings, words = st.tabs(
    [t("tab_distributions"), t("tab_correlations"), t("tab_money"), t("tab_trends"), t("tab_top"), t("tab_text")],
    key="tab",
    on_change="rerun",
)
if distributions.open:
    with distributions:
        columns = {column: eda.column_name(column, language()) for column in eda.NUMERIC}
        column = st.selectbox(t("column"), eda.NUMERIC, format_func=columns.__getitem__)
        log = st.toggle(t("log_scale"), value=column in eda.LONG_TAILED)
        show_chart("histogram", "histograma", column=column, log=log)
        show_chart("box_by_genre", "cajas", column=column)
if correlations.open:
    with correlations:
        method = st.radio(t("method"), ["pearson", "spearman"], horizontal=True, format_func=str.capitalize)
        show_chart("correlation", "correlacion", method=method)
if money.open:
    with money:
        color = st.radio(t("color_by"), ["genero", "decada"], horizontal=True, format_func=t)
        show_chart("budget_vs_revenue", "presupuesto-ingresos", color=color)
if trends.open:
    with trends:
        show_chart("per_year", "por-anio")
        show_chart("money_per_year", "dinero-por-anio")
        show_chart("genre_share_by_decade", "generos-por-decada")
if rankings.open:
    with rankings:
        show_chart("best_rated", "mejor-valoradas")
        by = st.radio(t("rank_by"), ["peliculas", "ingresos"], horizontal=True, format_func=t)
        for column in eda.TOP_COLUMNS:
            show_chart("top_list", f"top-{column}", column=column, by=by)
if words.open:
    with words:
        sources = {source: i18n.label(f"eda.source.{source}", language()) for source in eda.WORD_SOURCES}
        source = st.radio(t("text_source"), list(sources), horizontal=True, format_func=sources.get)
        show(words_chart(source, filters, stamp, language()), "palabras")
