"""Recomendador through AppTest on the real sample: the top chart, a list of liked movies, filters, language."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from core import catalog as catalog_module
from core import ranking
from tests.test_app import APP, cards, follow, open_page

pytestmark = pytest.mark.sample


@pytest.fixture
def app(sample_catalog_dir, monkeypatch) -> AppTest:
    monkeypatch.setenv("FILMOTECA_CATALOG_DIR", str(sample_catalog_dir))
    return AppTest.from_file(APP, default_timeout=60)


def card_titles(app: AppTest, row: str = "") -> list[tuple[str, int]]:
    """(title, year) of every movie card on the page (or of one `row` of cards: parecidas, gustos, top), in order."""
    return [(card.title, card.year) for card in cards(app, row)]


def test_an_empty_box_shows_the_top_chart_by_weighted_rating(app, sample_catalog_dir):
    open_page(app, "recomendador")
    expected = ranking.top(catalog_module.load(sample_catalog_dir), n=10)
    assert "Las mejor valoradas" in [header.value for header in app.subheader]
    assert [title for title, _ in card_titles(app)] == [movie.titulo for movie in expected.peliculas]


def test_the_top_chart_follows_the_genre_and_years_from_the_url(app, sample_catalog_dir):
    open_page(app, "recomendador", genero="Animation", desde="1990")
    expected = ranking.top(catalog_module.load(sample_catalog_dir), "Animation", 1990, n=10)
    assert [title for title, _ in card_titles(app)] == [movie.titulo for movie in expected.peliculas]


def test_a_top_chart_card_leads_to_its_own_recommendations(app):
    open_page(app, "recomendador")
    first_title, first_year = card_titles(app)[0]
    app = follow(cards(app)[0].similar_link, "recomendador")
    assert app.header[0].value.replace("\\", "") == f"{first_title} ({first_year})"
    assert [header.value for header in app.subheader] == ["Parecidas", "Les gustó también"]


def test_two_movies_in_the_list_give_recommendations_from_both(app):
    open_page(app, "recomendador", q="Toy Story")
    next(button for button in app.button if button.label == "Añadir otra película").click().run()
    assert app.text_input[0].value == ""
    assert app.query_params["lista"] in ("862", ["862"])
    app.text_input[0].input("Heat").run()
    for row in ("parecidas", "gustos"):
        titles = [title for title, _ in card_titles(app, row)]
        assert len(titles) == 5 and not {"Toy Story", "Heat"} & set(titles)
    reasons = [card.reason for card in cards(app) if card.reason.startswith("como ")]
    assert len(reasons) == 5  # each similar movie says which of the two it is like
    people = [card.reason for card in cards(app) if "personas a las que les gustó" in card.reason]
    assert len(people) == 5  # each of what people also liked says whose fans liked it
    assert app.query_params["q"] == "Heat"


def test_a_movie_can_be_taken_off_the_list(app):
    open_page(app, "recomendador", lista="862", q="Heat")
    next(button for button in app.button if button.label.startswith("✕ Toy Story")).click().run()
    assert "lista" not in app.query_params
    assert not [card for card in cards(app) if card.reason.startswith("como ")]


def test_filters_in_the_url_narrow_the_recommendations(app):
    open_page(app, "recomendador", q="toy story", desde="1998")
    years = [year for _, year in card_titles(app)]
    assert len(years) == 10 and min(years) >= 1998


def test_a_filter_that_leaves_nothing_says_so(app):
    open_page(app, "recomendador", q="toy story", genero="Western", idioma="ja")
    assert "Ninguna película para recomendar" in app.warning[0].value


def test_the_language_in_the_url_sets_the_interface_and_the_reasons(app):
    open_page(app, "recomendador", q="toy story", lang="en")
    assert app.title[0].value == "Recommender"
    assert [header.value for header in app.subheader] == ["Similar movies", "People who liked it also liked"]
    captions = [caption.value for caption in app.caption] + [card.reason for card in cards(app)]
    assert any(caption.startswith("genres: Animation") for caption in captions)
    assert any("people who liked Toy Story also liked this one" in caption for caption in captions)
    assert not [caption for caption in captions if "géneros" in caption or "Animación" in caption]
    assert app.query_params["lang"] in ("en", ["en"])


def test_query_results_follow_the_interface_language(app):
    open_page(app, "consultas", fn="peliculas_pais", arg="España", lang="en")
    assert app.subheader[0].value == "30 movies were produced in Spain"
    assert [metric.label for metric in app.metric] == ["Movies"]


def test_filters_in_a_link_may_be_written_as_users_write_them(app):
    open_page(app, "recomendador", genero="Animación", idioma="inglés", desde="3000", hasta="1000")
    assert app.selectbox(key="genre").value == "Animation"
    assert app.selectbox(key="original_language").value == "en"
    assert app.slider(key="years").value[0] <= app.slider(key="years").value[1]


def test_messages_follow_the_interface_language_too(app):
    open_page(app, "consultas", fn="get_director", arg="Jon Laseter", lang="en")
    assert app.warning[0].value.startswith("No results for «Jon Laseter» among the directors")
    assert "embedded sample" in app.warning[0].value
    open_page(app, "recomendador", q="toy story", genero="Western", idioma="ja", lang="en")
    assert "No movie left to recommend with the filter «language Japanese»" in app.warning[0].value


def test_describing_a_movie_finds_it_and_the_link_keeps_the_description(app):
    text = "a board game that lets jungle animals loose in a house"
    open_page(app, "recomendador", q=text, describir="1")
    assert "Las que encajan con la descripción" in [header.value for header in app.subheader]
    assert "Jumanji" in [title for title, _ in card_titles(app)][:3]
    assert any("palabras: " in card.reason and "board" in card.reason for card in cards(app))
    assert app.query_params["describir"] == "1" and app.query_params["q"] == text
    assert "Las mejor valoradas" not in [header.value for header in app.subheader]


def test_a_description_with_no_known_word_says_so_and_offers_examples(app):
    open_page(app, "recomendador", q="the and of", describir="1")
    assert app.warning and "Ninguna palabra" in app.warning[0].value
    example = next(button for button in app.button if "board game" in button.label)
    example.click().run()
    assert "Jumanji" in [title for title, _ in card_titles(app)][:3]


def test_the_describe_switch_is_english_in_english(app):
    open_page(app, "recomendador", q="a shark terrorizes a beach town", describir="1", lang="en")
    assert "The movies that fit the description" in [header.value for header in app.subheader]
    assert "Jaws" in [title for title, _ in card_titles(app)][:3]


def test_calidad_draws_its_figures_only_once_opened_with_the_hit_rates_as_bars(app, sample_catalog_dir):
    from core.service import Service

    open_page(app, "recomendador", q="Toy Story")
    (section,) = [expander for expander in app.expander if expander.label.startswith("Calidad")]
    assert not section.children and not app.dataframe  # folded: no table, no data grid to load
    app.session_state["quality-open"] = True
    app.run()
    (table,) = app.dataframe
    quality = Service(sample_catalog_dir).quality("es")
    assert list(table.value.columns) == list(quality.table.columns)
    assert (
        set(quality.bars) <= set(table.value.columns) and quality.scale == table.value[list(quality.bars)].max().max()
    )


def _query(link: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(link).query, keep_blank_values=True)


def test_a_cards_links_keep_the_page_its_filters_and_lists(app):
    open_page(app, "recomendador", q="Toy Story", desde="1990", vistas="278", lang="en")
    card = cards(app, "parecidas")[0]
    movie_id = card.key.removeprefix("parecidas-")
    opened = _query(card.card_link)  # the same page, the movie's card open over it
    assert opened["pelicula"] == [movie_id]
    assert (opened["q"], opened["desde"], opened["vistas"], opened["lang"]) == (
        ["Toy Story"],
        ["1990"],
        ["278"],
        ["en"],
    )
    similar = _query(card.similar_link)  # this movie's own recommendations, the filters and lists kept
    assert (similar["q"], similar["id"]) == ([f"{card.title} {card.year}"], [movie_id])
    assert (similar["desde"], similar["vistas"], similar["lang"]) == (["1990"], ["278"], ["en"])
    assert "pelicula" not in similar


def test_after_a_new_search_the_cards_links_start_from_it(app):
    open_page(app, "recomendador", q="Toy Story", lista="949")  # Heat in the list of liked movies
    app.text_input[0].input("Jumanji").run()
    assert cards(app) and all(_query(card.card_link)["q"] == ["Jumanji"] for card in cards(app))
    assert all(_query(card.card_link)["lista"] == ["949"] for card in cards(app))
    # Its own recommendations: that movie alone, the list of liked movies left behind.
    assert all("lista" not in _query(card.similar_link) for card in cards(app))
