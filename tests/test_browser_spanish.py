"""The Spanish interface in a real browser: on the main journeys (a search and both lists, a card, each
query with its example, each tab of Exploración) no English word of the interface is on screen.

What the data says in English stays as it is: titles, plots, keywords, the names of collections and
companies. The test takes them off what it reads before looking: each movie's title, plot, collection
and names from the catalog, what follows "temas:" or "argumento:" in a reason (TMDB's keywords, words of the plots), the
queries' examples, and the marks of charts whose marks are names from the data.
"""

from __future__ import annotations

import re

import pytest

from core import catalog as catalog_module
from core.queries import QUERIES
from tests.browser import assert_no_exception, cards_shown, choose_query, on_screen, open_app, open_tab

pytestmark = [pytest.mark.browser, pytest.mark.sample]

# Words of the English interface, chart labels and genres included, that the Spanish one never shows.
ENGLISH = re.compile(
    r"\b(movies|budget|Budget|revenue|Revenue|genres?|Genres?|Animation|Comedy|Family|Adventure|Fantasy|"
    r"Documentary|Mystery|Science Fiction|votes?|Votes|rating|Rating|runtime|Runtime|released|Filters|Search|"
    r"Download|Example|Similar|liked|people|Years?|count|median|decade|Decade|Rows|dropped|weighted|"
    r"Best rated|Queries|Recommender|Exploration|Watchlist|interested|Directed|Cost|Title|Words|language|Language)\b"
)
DATA_WORDS = re.compile(r"(?:temas|argumento): [^·\n]*")  # TMDB's keywords, words both plots share


@pytest.fixture(scope="module")
def data_strings(sample_catalog_dir) -> list[str]:
    """The catalog's own English: every title, plot, collection and name (companies, directors, cast),
    and the queries' examples; longest first, so that a plot goes before a title inside it."""
    movies = catalog_module.load(sample_catalog_dir).movies
    strings = {*movies["title"].dropna(), *movies["overview"].dropna(), *movies["collection"].dropna()}
    for names in ("production_companies", "directors", "cast"):
        strings |= set(movies[names].explode().dropna())
    strings |= {query.example for query in QUERIES.values()}
    return sorted((text for text in strings if len(text) > 2), key=len, reverse=True)


def assert_spanish(page, where: str, data_strings: list[str], marks: bool = True) -> None:
    assert_no_exception(page)
    text = DATA_WORDS.sub("", on_screen(page, marks))
    for data in data_strings:
        if data in text:
            text = text.replace(data, "")
    english = sorted(set(ENGLISH.findall(text)))
    assert not english, f"{where}: English words on screen: {english}"


def test_the_detector_catches_what_the_english_interface_shows():
    english = "Similar movies · genres: Animation, Comedy · 41 of the 159 people who liked it · Budget vs revenue"
    assert set(ENGLISH.findall(english)) >= {"Similar", "movies", "genres", "Animation", "Budget", "revenue"}
    spanish = "Películas parecidas · géneros: Animación, Comedia · gustó a 41 de los 159 fans · Presupuesto"
    assert not ENGLISH.findall(spanish)


def test_the_recommender_and_a_card_say_nothing_in_english(server, page, data_strings):
    open_app(page, f"{server}/recomendador")
    page.get_by_text("Las mejor valoradas", exact=True).wait_for()
    page.get_by_text("Filtros").click()
    assert_spanish(page, "Recomendador, top chart", data_strings)
    box = page.get_by_role("textbox", name="Busca una película")
    box.fill("toy stroy")
    box.press("Enter")
    cards_shown(page, 5)
    assert_spanish(page, "Recomendador, both lists", data_strings)
    page.get_by_role("button", name="Abrir su ficha").first.click()
    page.get_by_role("dialog").wait_for()
    page.get_by_role("dialog").get_by_text("Reparto").wait_for()
    assert_spanish(page, "Toy Story's card", data_strings)


def test_every_query_says_its_answer_in_spanish(server, page, data_strings):
    open_app(page, f"{server}/consultas")
    for query in QUERIES.values():
        choose_query(page, query, "es")
        assert_spanish(page, f"Consultas, {query.name}", data_strings)


def test_every_tab_of_exploracion_is_spanish(server, page, data_strings):
    open_app(page, f"{server}/exploracion")
    # The rankings and the words are charts of names and words from the data: their titles and axes are read.
    tabs = {"Distribuciones": True, "Correlaciones": True, "Presupuesto vs. ingresos": True, "Tendencias": True}
    tabs |= {"Rankings": False, "Texto": False}
    for tab, marks in tabs.items():
        open_tab(page, tab)
        assert_spanish(page, f"Exploración, {tab}", data_strings, marks)
