"""Benchmark: the EDA page on the full-size synthetic catalog.

Times the page's first render and a filter change through Streamlit's AppTest (catalog already
loaded, as in a running app), and compares our pre-aggregated figures against the naive way
(plotly express over every row) on build time and the bytes sent to the browser.
"""

from __future__ import annotations

import json
import os
import time

import plotly.express as px
from common import FULL_SIZE, ROOT, median, synthetic_catalog

from core import catalog as catalog_module
from core import eda, wordcounts

REPEAT = 5


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


TABS = ["Distribuciones", "Correlaciones", "Presupuesto vs. ingresos", "Tendencias", "Rankings", "Texto"]


def page_timings(path) -> dict[str, float]:
    """Medians: the page's first render, a filter change, then opening each other tab on those filters."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["FILMOTECA_CATALOG_DIR"] = str(path)
    runs: dict[str, list[float]] = {"first render": [], "filter change": []}
    for attempt in range(REPEAT):
        app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
        app.run()  # home: loads the catalog once per process (cache_resource)
        app.switch_page("pages/exploracion.py")
        st.cache_data.clear()  # a first render draws every chart; only the loaded catalog is reused
        runs["first render"].append(timed(app.run))
        assert not app.exception, app.exception
        low = int(app.sidebar.slider[0].value[0])
        app.sidebar.slider[0].set_value((low + 10 + attempt, int(app.sidebar.slider[0].value[1])))
        runs["filter change"].append(timed(app.run))
        for tab in TABS[1:]:
            app.session_state["tab"] = tab
            runs.setdefault(f"open tab {tab}", []).append(timed(app.run))
            assert not app.exception, app.exception
    return {name: median(seconds) for name, seconds in runs.items()}


def figure_costs(movies) -> dict[str, tuple[float, float, int, int]]:
    """(our seconds, our bytes, naive seconds, naive bytes) per chart kind."""
    genres = movies[["genres", "runtime"]].explode("genres")
    cases = {
        "histogram": (
            lambda: eda.histogram(movies, "revenue", log=True).figure,
            lambda: px.histogram(movies, x="revenue", log_x=True),
        ),
        "box by genre": (
            lambda: eda.box_by_genre(movies, "runtime").figure,
            lambda: px.box(genres, x="genres", y="runtime"),
        ),
        "budget vs revenue": (
            lambda: eda.budget_vs_revenue(movies).figure,
            lambda: px.scatter(movies, x="budget", y="revenue", hover_name="title", log_x=True, log_y=True),
        ),
    }
    return {name: (*build_and_serialise(ours), *build_and_serialise(naive)) for name, (ours, naive) in cases.items()}


def build_and_serialise(make_figure) -> tuple[float, int]:
    """Median seconds to build a figure and turn it into what the browser receives, and its bytes."""
    seconds = median(timed(lambda: _serialised(make_figure())) for _ in range(REPEAT))
    return seconds, len(_serialised(make_figure()))


def _serialised(figure) -> str:
    """A plotly figure's JSON, or a Vega-Lite spec's (what Streamlit sends for each)."""
    return json.dumps(figure) if isinstance(figure, dict) else figure.to_json()


def main() -> None:
    path = synthetic_catalog(FULL_SIZE)
    movies = catalog_module.load(path).movies
    print(f"EDA benchmark: {len(movies):,} synthetic movies, medians of {REPEAT}")
    for name, seconds in page_timings(path).items():
        print(f"  page {name:<34}{seconds * 1000:8.0f} ms")
    once = {source: timed(lambda s=source: wordcounts.load(path, s)) for source in eda.WORD_SOURCES}
    print(
        "  word counts (the build's), loaded once per process: "
        + ", ".join(f"{s} {sec * 1000:.0f} ms" for s, sec in once.items())
    )
    print(f"  {'figure':<20}{'ours ms':>9}{'naive ms':>10}{'ours KB':>9}{'naive KB':>10}")
    for name, (ours_s, ours_b, naive_s, naive_b) in figure_costs(movies).items():
        print(f"  {name:<20}{ours_s * 1000:9.0f}{naive_s * 1000:10.0f}{ours_b / 1e3:9.0f}{naive_b / 1e3:10.0f}")


if __name__ == "__main__":
    main()
