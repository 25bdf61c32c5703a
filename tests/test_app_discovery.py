"""Discovery in the app through AppTest on the real sample: the movie card the link opens, the lists
that follow the user in the link (and what they hide), the recommendation controls."""

from __future__ import annotations

import html
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.test_app import APP, cards, follow, listed_ids, open_page
from tests.test_app_recommender import card_titles

pytestmark = pytest.mark.sample


@pytest.fixture
def app(sample_catalog_dir, monkeypatch) -> AppTest:
    monkeypatch.setenv("FILMOTECA_CATALOG_DIR", str(sample_catalog_dir))
    return AppTest.from_file(APP, default_timeout=60)


def fresh() -> AppTest:
    """Another session: a link opened anew (a session reads its lists and controls from the link once)."""
    return AppTest.from_file(APP, default_timeout=60)


def _links(app: AppTest) -> dict[str, str]:
    return {button.proto.label: button.proto.url for button in app.link_button}


@pytest.mark.parametrize(
    ("lang", "director", "watch"),
    [("es", "**Dirección:** John Lasseter", "Dónde verla"), ("en", "**Directed by:** John Lasseter", "Where to watch")],
)
def test_a_link_with_pelicula_opens_toy_storys_card_on_any_page(app, lang, director, watch):
    open_page(app, "consultas", pelicula="862", lang=lang)
    assert director in [block.value for block in app.markdown]
    assert _links(app)[watch] == "https://www.themoviedb.org/movie/862/watch"
    assert _links(app)["IMDb"] == "https://www.imdb.com/title/tt0114709/"
    assert any(metric.value == "12,45" if lang == "es" else metric.value == "12.45" for metric in app.metric)


@pytest.mark.parametrize("asked", ["999999999", "abc", "8" * 5000, "-3"])
def test_an_unknown_or_malformed_card_id_says_so_without_a_traceback(app, asked):
    open_page(app, "recomendador", pelicula=asked)
    assert app.warning


def test_a_card_title_opens_that_movies_card(app):
    open_page(app, "recomendador")
    app = follow(cards(app)[0].card_link, "recomendador")
    assert app.query_params["pelicula"] in ("278", ["278"])
    assert [title for title, _ in card_titles(app)][0] == "The Shawshank Redemption"  # the same page beneath
    assert "**Colección:** " not in [block.value for block in app.markdown]  # Shawshank has none
    assert _links(app)["Dónde verla"].endswith("/movie/278/watch")


def test_a_collections_other_movie_opens_its_own_card(app):
    open_page(app, "inicio", pelicula="238")
    next(button for button in app.button if button.label.startswith("The Godfather: Part II")).click().run()
    assert app.query_params["pelicula"] in ("240", ["240"])
    assert _links(app)["TMDB"].endswith("/movie/240")


@pytest.mark.parametrize(("lang", "seen"), [("es", "Ya la vi"), ("en", "Seen it")])
def test_seen_movies_leave_the_top_chart_as_the_link_says(app, lang, seen):
    open_page(app, "recomendador", lang=lang)
    assert card_titles(app)[0][0] == "The Shawshank Redemption"
    app = open_page(fresh(), "recomendador", vistas="278", lang=lang)
    titles = [title for title, _ in card_titles(app)]
    assert len(titles) == 10 and "The Shawshank Redemption" not in titles
    assert titles[0] == "The Godfather"
    options = app.menu_button(key="lists-top-0").options  # each row's lists, in its menu: three per movie
    assert len(options) == 15 and any("The Godfather" in option and option.endswith(f"· {seen}") for option in options)


def test_seen_it_on_a_card_hides_it_and_writes_it_to_the_link(app):
    open_page(app, "recomendador")
    app.menu_button(key="lists-top-0").click("vistas:278").run()  # the first row's menu, its first option
    assert "The Shawshank Redemption" not in [title for title, _ in card_titles(app)]
    assert app.query_params["vistas"] in ("278", ["278"])
    app.menu_button(key="lists-top-0").click("descartadas:238").run()
    assert "The Godfather" not in [title for title, _ in card_titles(app)]
    assert app.query_params["descartadas"] in ("238", ["238"])


def test_a_listed_movies_menu_is_marked_and_choosing_its_list_again_takes_it_off(app):
    open_page(app, "recomendador", q="Toy Story", pendientes="")
    first = app.menu_button[0]
    movie_key = first.key
    assert first.proto.type == "secondary"
    first.click("pendientes").run()
    menu = app.menu_button(key=movie_key)
    assert menu.proto.type == "primary" and menu.options[2].startswith(":material/check:")  # on the watchlist
    menu.click("pendientes").run()
    assert app.menu_button(key=movie_key).proto.type == "secondary" and "pendientes" not in app.query_params


def test_recommendations_never_offer_a_movie_seen_or_turned_down(app):
    open_page(app, "recomendador", q="Toy Story")
    first = [title for title, _ in card_titles(app, "parecidas")]
    ids = [card.key.removeprefix("parecidas-") for card in cards(app, "parecidas")]
    app = open_page(fresh(), "recomendador", q="Toy Story", vistas=ids[0], descartadas=ids[1])
    again = [title for title, _ in card_titles(app, "parecidas")]
    assert len(again) == 5 and not {first[0], first[1]} & set(again) and again[:3] == first[2:]
    assert not {first[0], first[1]} & {title for title, _ in card_titles(app, "gustos")}


def test_saving_a_seen_movie_moves_it_to_the_watchlist(app):
    open_page(app, "inicio", vistas="278", pelicula="278")
    next(button for button in app.button if button.key == "card-pendientes").click().run()
    assert app.query_params["pendientes"] in ("278", ["278"]) and "vistas" not in app.query_params


def test_the_lists_follow_the_user_to_another_page(app):
    open_page(app, "recomendador", vistas="278", pendientes="862,8844")
    app.switch_page("pages/listas.py").run()
    assert app.query_params["vistas"] in ("278", ["278"]) and app.query_params["pendientes"] in (
        "862,8844",
        ["862,8844"],
    )
    assert listed_ids(app) == [[278], [862, 8844]]  # the empty list has no table
    assert len(app.get("download_button")) == 2  # one CSV per list that holds movies


def test_a_csv_of_titles_brings_a_watchlist_in(app):
    open_page(app, "listas")
    app.file_uploader[0].upload(
        "mine.csv", b"titulo,anio\nToy Stroy,1995\nJumanji,\nnothing like this\n", "text/csv"
    ).run()
    assert not app.exception
    assert app.query_params["pendientes"] in ("862,8844", ["862,8844"])
    assert any("nothing like this" in warning.value for warning in app.warning)


def test_a_file_over_the_size_a_list_takes_is_refused_by_the_server_and_let_go(app):
    from core import lists

    open_page(app, "listas", pendientes="862")
    app.file_uploader[0].upload("big.csv", b"862\n" + b"x" * lists.MAX_UPLOAD_BYTES, "text/csv").run()
    assert not app.exception and "1000 kB" in app.error[0].value
    assert app.query_params["pendientes"] in ("862", ["862"])
    assert app.file_uploader[0].value is None  # a fresh uploader: the file is not kept


def test_each_upload_leaves_the_uploader_ready_for_the_next_file(app):
    open_page(app, "listas")
    app.file_uploader[0].upload("one.csv", b"862\n", "text/csv").run()
    app.file_uploader[0].upload("two.csv", b"8844\n", "text/csv").run()
    assert app.query_params["pendientes"] in ("862,8844", ["862,8844"])


def test_a_file_that_is_no_csv_gets_a_message_and_changes_no_list(app):
    open_page(app, "listas", pendientes="862")
    app.file_uploader[0].upload("photo.csv", b"\xff\xd8\xff\xe0\x00JFIF\x00", "text/csv").run()
    assert not app.exception and app.error
    assert app.query_params["pendientes"] in ("862", ["862"])


def test_one_per_collection_leaves_one_godfather_sequel(app):
    open_page(app, "recomendador", q="The Godfather")
    assert [title for title, _ in card_titles(app)][:2] == ["The Godfather: Part II", "The Godfather: Part III"]
    app = open_page(fresh(), "recomendador", q="The Godfather", diversas="1")
    titles = [title for title, _ in card_titles(app)]
    assert titles[0] == "The Godfather: Part II" and "The Godfather: Part III" not in titles
    assert app.toggle(key="diverse").value


def test_the_popularity_control_lives_in_the_link(app):
    open_page(app, "recomendador", q="Toy Story")
    balanced = [title for title, _ in card_titles(app)]
    app.session_state["filters-open"] = True  # the folded filters, opened
    app.run()
    app.select_slider(key="popularity").set_value(0.0).run()
    assert app.query_params["popularidad"] in ("0", ["0"])
    gems = [title for title, _ in card_titles(app)]
    assert gems != balanced and len(gems) == 10
    app = open_page(fresh(), "recomendador", q="Toy Story", popularidad="0")
    assert [title for title, _ in card_titles(app)] == gems


def test_folded_filters_draw_no_widget_and_keep_what_was_chosen(app):
    open_page(app, "recomendador", q="Toy Story")
    assert not app.select_slider and not app.slider and not app.main.selectbox  # folded: nothing drawn for them
    app.session_state["filters-open"] = True
    app.run()
    app.selectbox(key="genre").set_value("Animation").run()
    animated = [title for title, _ in card_titles(app)]
    app.session_state["filters-open"] = False  # folded again
    app.run()
    app.run()  # and another run, the widgets long gone
    assert not app.main.selectbox and app.query_params["genero"] in ("Animation", ["Animation"])
    assert [title for title, _ in card_titles(app)] == animated


@pytest.mark.parametrize(("lang", "tab"), [("es", "Rankings"), ("en", "Top lists")])
def test_a_link_to_a_charts_selection_opens_its_tab_with_the_movies_selected(app, lang, tab):
    open_page(app, "exploracion", lang=lang, grafico="mejor-valoradas", seleccion="238,abc,999999999,278,238")
    assert app.session_state["tab"] == tab
    (table,) = [table.value for table in app.dataframe]
    assert list(table["id"]) == [238, 278]  # in the link's order, once each, only what the chart shows


def test_a_charts_selection_stays_in_the_link_when_a_filter_changes(app):
    open_page(app, "exploracion", grafico="mejor-valoradas", seleccion="238")
    app.sidebar.number_input[0].set_value(10).run()
    assert app.query_params["seleccion"] in ("238", ["238"]) and app.query_params["votos"] in ("10", ["10"])
    assert [list(table.value["id"]) for table in app.dataframe] == [[238]]


def test_a_link_to_a_selection_outside_the_chart_shows_the_hint(app):
    open_page(app, "exploracion", grafico="mejor-valoradas", seleccion="862")
    assert not app.dataframe
    assert any(caption.value.startswith("Haz clic en un punto") for caption in app.caption)


def test_a_lists_title_opens_its_card_over_the_same_lists():
    app = open_page(fresh(), "listas", vistas="862,8844", lang="en")
    (table,) = [element.proto.body for element in app.html if "list-movie-8844" in element.proto.body]
    link = re.search(r'<a href="([^"]*)" target="_self" data-key="list-movie-8844"', table)
    app = follow(html.unescape(link[1]), "listas")
    assert app.query_params["pelicula"] in ("8844", ["8844"])
    assert listed_ids(app) == [[862, 8844]] and app.query_params["lang"] in ("en", ["en"])


def test_a_lists_tab_counts_the_movies_it_shows_and_says_how_many_ids_this_catalog_lacks():
    """A link of another catalog's ids: 'Vistas (20)' showed 8 rows and no word of the other 12."""
    ids = ",".join(["862", "8844", "949", *[str(90_000_000 + number) for number in range(17)]])
    app = open_page(fresh(), "listas", vistas=ids)
    tabs = [tab.label for tab in app.tabs]
    assert tabs[0] == "Vistas (3)", tabs
    assert any("17 ids de esta lista no están en este catálogo" in caption.value for caption in app.caption)
    assert listed_ids(app)[0] == [862, 8844, 949]


def test_a_figure_a_list_lacks_shows_as_a_dash():
    import pandas as pd

    from pages.widgets import _known

    assert [_known(value, str) for value in (None, pd.NA, float("nan"), 1995.0, 7.5)] == ["–", "–", "–", "1995", "7.5"]
