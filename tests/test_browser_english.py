"""`?lang=en` in a real browser: every page and tab says everything in English, numbers written 1,234.

Walks the pages as a user would (every tab of Exploración, every query of Consultas with its example, the
Recomendador's top chart, a search and a miss) and reads what is on screen: the page's text and the
charts' own text (axes, legends, annotations). The tables are drawn on a canvas; their headers are
checked through AppTest below.
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from core.queries import QUERIES
from tests.browser import assert_no_exception, cards_shown, choose_query, on_screen, open_app, open_tab, screenshot
from tests.test_app import APP, open_page

pytestmark = [pytest.mark.browser, pytest.mark.sample]

# Words of the Spanish interface, chart labels and captions included, that English text never holds.
SPANISH = re.compile(
    r"\b(películas?|Películas?|presupuestos?|Presupuesto|ingresos|Ingresos|veces|palabras?|Distribución|"
    r"Correlación|mediana|medianos?|géneros?|Géneros?|décadas?|Década|votos|Idioma|Busca|Consultar|Descargar|"
    r"Ejemplo|Filtros|Años|años|Todos|según|puntaje|retorno|Retorno|Ganancia|Costo|Título|franquicias?|"
    r"Franquicia|productoras?|Productoras|países|País|resúmenes|títulos|dólares|muestra|Exploración|Recomendador|"
    r"Consultas|Inicio|estrenadas?|parecidas|valoradas|duración|Duración|nota|equilibrio|proporción|nombre)\b"
)
# 1.234 (Spanish thousands) or 1,5 (a Spanish decimal comma); English writes 1,234 and 1.5 (and 0.880 is a decimal).
SPANISH_NUMBER = re.compile(r"\b[1-9]\d{0,2}(?:\.\d{3})+\b(?!\.\d)|\b\d+,\d{1,2}\b(?![\d,])")


def assert_english(page, where: str) -> None:
    assert_no_exception(page)
    text = on_screen(page)
    spanish = sorted(set(SPANISH.findall(text)))
    numbers = sorted(set(SPANISH_NUMBER.findall(text)))
    assert not spanish, f"{where}: Spanish words on screen: {spanish}"
    assert not numbers, f"{where}: Spanish-formatted numbers on screen: {numbers}"


def test_the_detector_catches_what_the_spanish_interface_shows():
    spanish = "Distribución de duración (min) en 2.993 películas · nota media 6,50"
    assert SPANISH.findall(spanish) and SPANISH_NUMBER.findall(spanish) == ["2.993", "6,50"]
    english = "Distribution of runtime (min) over 2,993 movies · mean rating 6.50 · 0.880 · Drama, Comedy"
    assert not SPANISH.findall(english) and not SPANISH_NUMBER.findall(english)


def test_home_is_english(server, page):
    open_app(page, f"{server}/?lang=en")
    page.get_by_text("Rows dropped by the build").wait_for()
    assert_english(page, "Home")


def test_every_tab_of_exploration_is_english(server, page):
    open_app(page, f"{server}/exploracion?lang=en")
    for tab in ("Distributions", "Correlations", "Budget vs revenue", "Trends", "Top lists", "Text"):
        open_tab(page, tab)
        assert_english(page, f"Exploration, {tab}")
    screenshot(page, "exploration-english")


def test_every_query_of_queries_is_english_with_its_example(server, page):
    open_app(page, f"{server}/consultas?lang=en")
    for query in QUERIES.values():
        choose_query(page, query, "en")
        assert_english(page, f"Queries, {query.name}")
    page.goto(f"{server}/consultas?lang=en&fn=peliculas_pais&arg=Frnce")  # a miss and its suggestions
    page.get_by_text("Did you mean…?").wait_for()
    page.get_by_role("button", name="France", exact=True).wait_for()  # the country as English says it
    assert_english(page, "Queries, a miss")


def test_the_recommender_is_english_empty_searching_and_missing(server, page):
    open_app(page, f"{server}/recomendador?lang=en")
    page.get_by_text("Best rated", exact=True).wait_for()
    page.get_by_text("Filters").click()
    assert_english(page, "Recommender, top chart")
    box = page.get_by_role("textbox", name="Search for a movie")
    box.fill("toy stroy")
    box.press("Enter")
    page.get_by_role("heading", name="Similar movies").wait_for()
    page.get_by_role("heading", name="People who liked it also liked").wait_for()
    cards_shown(page, 5)
    page.get_by_text("people who liked Toy Story also liked this one").first.wait_for()
    assert_english(page, "Recommender, recommendations")
    box.fill("zzqx vvkw")
    box.press("Enter")
    page.get_by_text("Did you mean…?").wait_for()
    assert_english(page, "Recommender, a miss")
    screenshot(page, "recommender-english")


def test_the_queries_tables_are_headed_in_english(trap_catalog_dir, monkeypatch):
    # Tables are drawn on a canvas in the browser: their headers are read from what the page sends.
    monkeypatch.setenv("FILMOTECA_CATALOG_DIR", str(trap_catalog_dir))
    app = open_page(AppTest.from_file(APP, default_timeout=60), "consultas", fn="get_director", lang="en")
    app.button(key="example-get_director").click().run()
    headers = {column["label"] for column in _column_config(app.dataframe[0]).values() if column.get("label")}
    assert {"Title", "Release date", "Return", "Cost", "Revenue"} <= headers
    assert not SPANISH.findall(" ".join(headers))


def _column_config(dataframe) -> dict:
    import json

    return json.loads(dataframe.proto.columns)
