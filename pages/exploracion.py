"""Exploración: the course's EDA as interactive charts; sidebar filters live in the URL."""

import streamlit as st

from core.service import LONG_TAILED, NUMERIC, TOP_COLUMNS, TOP_NAMES, WORD_SOURCES, ChartRequest, Filters, csv
from pages.links import LINK_SELECTION, enter_through_the_app, language, said, set_params, t, url_number
from pages.resources import chart, service
from pages.widgets import clickable_chart

enter_through_the_app()

params = st.query_params
first_year, last_year = service().years()
all_genres = sorted(service().genres())
languages = service().languages(language())  # code → name, most movies first
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
        format_func={genre: said().genre(genre) for genre in all_genres}.__getitem__,
    )
    # Labels from a dict, never a function defined here: a widget keeps its `format_func`, and a
    # function defined in a page holds the page's globals (pages.links.remember).
    language_labels = {"": t("all_languages"), **languages}
    original_language = st.selectbox(
        t("original_language"),
        list(language_labels),
        index=list(language_labels).index(params.get("idioma", "")) if params.get("idioma", "") in languages else 0,
        format_func=language_labels.__getitem__,
    )
    most_votes = service().most_votes()
    min_votes = st.number_input(
        t("min_votes"), min_value=0, max_value=most_votes, value=url_number("votos", 0, most_votes, 0), step=10
    )
    known_money = st.toggle(t("known_money"), value=params.get("dinero") == "1")

filters = Filters(
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


def show(name: str, key: str, **options) -> None:
    """One chart (its marks open movies' cards when they are movies), its caption, and its data as a CSV."""
    drawn = chart(ChartRequest.of(name, filters, **options), language())
    if drawn.clickable:
        clickable_chart(drawn, key)
    elif drawn.native:
        st.vega_lite_chart(drawn.figure, key=f"chart-{key}")
        st.caption(drawn.caption)
    else:
        st.plotly_chart(drawn.figure, key=f"chart-{key}")
        st.caption(drawn.caption)
    st.download_button(t("download_csv"), csv(drawn.data), file_name=f"{key}.csv", mime="text/csv", key=f"csv-{key}")


def show_folded(label: str, name: str, key: str, **options) -> None:
    """A chart below the fold, under its title, drawn only once opened: a phone draws the page's first
    chart alone at first sight."""
    section = st.expander(label, key=f"fold-{key}", on_change="rerun")
    with section:
        if section.open:
            show(name, key, **options)


st.title(t("page_eda"))
st.caption(service().explored(filters, language()))

# A link to a chart's selection opens on that chart's tab.
CHART_TABS = {"mejor-valoradas": "tab_top", "presupuesto-ingresos": "tab_money"}
if "tab" not in st.session_state and params.get(LINK_SELECTION[0]) in CHART_TABS:
    st.session_state["tab"] = t(CHART_TABS[params[LINK_SELECTION[0]]])
# Lazy tabs: only the open tab's charts are computed on each run.
distributions, correlations, money, trends, rankings, texts = st.tabs(
    [t("tab_distributions"), t("tab_correlations"), t("tab_money"), t("tab_trends"), t("tab_top"), t("tab_text")],
    key="tab",
    on_change="rerun",
)
if distributions.open:
    with distributions:
        columns = {column: t(f"column.{column}") for column in NUMERIC}
        column = st.selectbox(t("column"), NUMERIC, format_func=columns.__getitem__)
        log = st.toggle(t("log_scale"), value=column in LONG_TAILED)
        show("histogram", "histograma", column=column, log=log)
        show_folded(t("eda.box", label=columns[column].capitalize()), "box_by_genre", "cajas", column=column)
if correlations.open:
    with correlations:
        method = st.radio(t("method"), ["pearson", "spearman"], horizontal=True, format_func=str.capitalize)
        show("correlation", "correlacion", method=method)
if money.open:
    with money:
        color = st.radio(t("color_by"), ["genero", "decada"], horizontal=True, format_func=t)
        show("budget_vs_revenue", "presupuesto-ingresos", color=color)
if trends.open:
    with trends:
        show("per_year", "por-anio")
        show_folded(t("eda.money_per_year"), "money_per_year", "dinero-por-anio")
        show_folded(t("eda.genre_share"), "genre_share_by_decade", "generos-por-decada")
if rankings.open:
    with rankings:
        show("best_rated", "mejor-valoradas")
        by = st.radio(t("rank_by"), ["peliculas", "ingresos"], horizontal=True, format_func=t)
        for column in TOP_COLUMNS:
            show_folded(t(f"eda.top.{column}.{by}", count=TOP_NAMES), "top_list", f"top-{column}", column=column, by=by)
if texts.open:
    with texts:
        sources = {source: t(f"eda.source.{source}") for source in WORD_SOURCES}
        source = st.radio(t("text_source"), list(sources), horizontal=True, format_func=sources.get)
        show("top_words", "palabras", source=source)
