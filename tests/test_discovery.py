"""Discovery (#20), on the embedded sample: a movie's card, lists read from a CSV, the popularity
control and diverse lists, through the core, the command line and the API."""

from __future__ import annotations

import json

import numpy as np
import pytest
from fastapi.testclient import TestClient

from core import catalog as catalog_module
from core import details, eda, lists, recommender, service
from core.api import create_app
from core.errors import NotFound
from core.search import TitleSearch
from core.service import RecommendRequest, TopRequest
from tests.test_cli_build import run_core


@pytest.fixture(scope="module")
def loaded(sample_catalog_dir):
    return catalog_module.load(sample_catalog_dir)


@pytest.fixture(scope="module")
def answers(sample_catalog_dir):
    return service.Service.load(sample_catalog_dir)


@pytest.fixture(scope="module")
def client(sample_catalog_dir) -> TestClient:
    return TestClient(create_app(sample_catalog_dir))


def _votes(loaded, ids) -> float:
    votes = loaded.movies.set_index("id")["vote_count"]
    return float(np.median([votes[movie_id] for movie_id in ids]))


def test_toy_storys_card_names_its_director_cast_money_and_where_to_watch_it(loaded):
    card = details.details(loaded, 862)
    assert (card.titulo, card.anio, card.duracion) == ("Toy Story", 1995, 81)
    assert card.directores == ("John Lasseter",) and card.reparto[0] == "Tom Hanks"
    assert card.generos == ("Animation", "Comedy", "Family") and card.coleccion == "Toy Story Collection"
    assert (card.presupuesto, card.ingresos, card.retorno) == (30_000_000, 373_554_033, 12.45)
    assert card.donde_verla_url == "https://www.themoviedb.org/movie/862/watch"
    assert card.imdb_url == "https://www.imdb.com/title/tt0114709/"
    assert "Toy+Story+1995" in card.trailer_url and card.poster_url.startswith("https://image.tmdb.org/")


def test_a_card_lists_the_collections_other_movies_oldest_first(loaded):
    card = details.details(loaded, 238)  # The Godfather
    others = [(movie.titulo, movie.anio) for movie in card.otras_de_la_coleccion]
    assert others == [("The Godfather: Part II", 1974), ("The Godfather: Part III", 1990)]


def test_a_card_says_nothing_of_unknown_money(loaded):
    unknown = loaded.movies[(loaded.movies["budget"] == 0) & (loaded.movies["revenue"] == 0)].iloc[0]
    card = details.details(loaded, int(unknown["id"]))
    assert (card.presupuesto, card.ingresos, card.retorno) == (None, None, None)


def test_an_unknown_id_has_no_card(loaded):
    with pytest.raises(NotFound):
        details.details(loaded, 999_999_999)


def test_a_csv_of_ids_or_of_titles_with_typos_brings_those_movies(loaded):
    search = TitleSearch(loaded)
    assert lists.read_csv(b"id,titulo\n862,Toy Story\n278,x\n", loaded, search).ids == (862, 278)
    found = lists.read_csv("título\nToy Stroy\nthe shawshank redemption\nzzzqqq\n".encode(), loaded, search)
    assert found.ids == (862, 278) and found.not_found == ("zzzqqq",)
    assert lists.read_csv(b"862\n8844\n862\n", loaded, search).ids == (862, 8844)  # no header, once each


def test_what_a_list_writes_it_reads_back(loaded):
    written = lists.as_csv(loaded, [278, 862])
    assert written.splitlines()[0] == '"id","titulo","anio"' and '278,"The Shawshank Redemption",1994' in written
    assert lists.read_csv(written.encode(), loaded, TitleSearch(loaded)).ids == (278, 862)


@pytest.mark.parametrize("data", [b"\xff\xfe\x00binary", b"", b" \n \n", b"a" * (lists.MAX_UPLOAD_BYTES + 1)])
def test_a_file_that_is_no_list_gets_a_clear_answer(loaded, data):
    with pytest.raises(NotFound):
        lists.read_csv(data, loaded, TitleSearch(loaded))


def test_a_long_list_keeps_its_first_movies_and_says_it_left_some_out(loaded):
    ids = loaded.movies["id"].head(lists.MAX_MOVIES + 10).tolist()
    found = lists.read_csv("\n".join(map(str, ids)).encode(), loaded, TitleSearch(loaded))
    assert found.ids == tuple(ids[: lists.MAX_MOVIES]) and found.too_many


def test_popularity_moves_the_lists_toward_known_movies_or_hidden_gems(answers, loaded):
    def ids(popularity):
        answer = answers.recommend(RecommendRequest(titles=("Toy Story",), k=10, popularidad=popularity))
        return [item.id for item in answer.items]

    assert ids(0.5) == ids(None)  # the middle is the recommender as tuned
    assert _votes(loaded, ids(0)) < _votes(loaded, ids(0.5)) <= _votes(loaded, ids(1))


def test_popularity_keeps_the_godfathers_sequels_first(answers):
    for popularity in (0, 1):
        answer = answers.recommend(RecommendRequest(titles=("The Godfather",), k=5, popularidad=popularity))
        titles = [item.titulo for item in answer.items]
        assert titles[:2] == ["The Godfather: Part II", "The Godfather: Part III"]


def test_a_diverse_list_holds_at_most_one_movie_per_collection(answers, loaded):
    collection = loaded.movies.set_index("id")["collection"]
    plain = [item.id for item in answers.recommend(RecommendRequest(titles=("The Godfather",), k=5)).items]
    diverse = [
        item.id for item in answers.recommend(RecommendRequest(titles=("The Godfather",), k=5, diversas=True)).items
    ]
    assert len(diverse) == 5
    assert len({collection[i] for i in plain if isinstance(collection[i], str)}) < len(
        [i for i in plain if isinstance(collection[i], str)]
    )  # two Godfather sequels
    named = [collection[i] for i in diverse if isinstance(collection[i], str)]
    assert len(named) == len(set(named)) and diverse[0] == plain[0]


def test_a_diverse_top_chart_lists_each_collection_once(answers, loaded):
    collection = loaded.movies.set_index("id")["collection"]
    chart = answers.top(TopRequest(n=30, diversas=True)).peliculas
    named = [collection[movie.id] for movie in chart if isinstance(collection[movie.id], str)]
    assert len(chart) == 30 and len(named) == len(set(named))
    plain = [collection[movie.id] for movie in answers.top(TopRequest(n=30)).peliculas]
    assert len([c for c in plain if isinstance(c, str)]) > len({c for c in plain if isinstance(c, str)})


def test_diverse_and_popularity_answer_the_same_through_the_api_and_the_command_line(client, sample_catalog_dir):
    catalog = ("--json", "--catalog", str(sample_catalog_dir))
    pairs = [
        (
            "/recomendacion/The Godfather?diversas=true&popularidad=0.2",
            ["recommend", "The Godfather", "--diversas", "--popularidad", "0.2"],
        ),
        (
            "/recomendacion?ids=238&diversas=true&excluir=278",
            ["recommend", "--ids", "238", "--diversas", "--excluir", "278"],
        ),
        ("/top?diversas=true&n=20&excluir=278", ["top", "--diversas", "-n", "20", "--excluir", "278"]),
    ]
    for route, command in pairs:
        answer = client.get(route)
        assert answer.status_code == 200, route
        assert answer.json() == json.loads(run_core(*command, *catalog).stdout), route


def test_a_title_recommendation_leaves_out_the_movies_already_seen(client):
    plain = [item["id"] for item in client.get("/recomendacion/Toy Story?k=5").json()["recomendaciones"]]
    seen = ",".join(map(str, plain[:2]))
    again = [
        item["id"] for item in client.get(f"/recomendacion/Toy Story?k=5&excluir={seen}").json()["recomendaciones"]
    ]
    assert not set(again) & set(plain[:2]) and again[:3] == plain[2:]


@pytest.mark.parametrize(
    "route",
    [
        "/recomendacion/Toy Story?popularidad=2",
        "/recomendacion/Toy Story?popularidad=x",
        "/recomendacion?ids=862&popularidad=-1",
        "/top?diversas=quizá",
        "/recomendacion/Toy Story?excluir=1,,2",
    ],
)
def test_out_of_range_controls_are_a_422(client, route):
    assert client.get(route).status_code == 422


@pytest.mark.parametrize("value", ["2", "-0.1", "nan", "x"])
def test_the_command_line_refuses_a_popularity_out_of_range(sample_catalog_dir, value):
    done = run_core("recommend", "Toy Story", "--popularidad", value, "--catalog", str(sample_catalog_dir))
    assert done.returncode == 2 and "popularidad" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("mode", recommender.MODES)
def test_a_diverse_list_is_never_short_of_movies(sample_catalog_dir, loaded, mode):
    model = recommender.load(sample_catalog_dir, loaded.movies)
    row = int(np.flatnonzero(loaded.movies["id"].to_numpy() == 862)[0])
    assert len(model.recommend([row], k=20, mode=mode, diverse=True)) == 20


def test_the_longest_seen_list_a_url_holds_is_answered_and_a_longer_url_is_a_json_414(client):
    from core.limits import EXCLUDED_IN_A_URL

    seen = "%2C".join(str(100_000 + number) for number in range(EXCLUDED_IN_A_URL))  # commas as browsers send them
    assert client.get(f"/recomendacion?ids=862&excluir={seen}").status_code == 200
    assert client.get(f"/top?excluir={seen}").status_code == 200
    longer = client.get(f"/top?excluir={seen}%2C{seen.replace('100', '200')}")
    assert longer.status_code == 414 and "error" in longer.json()  # too long for a URL: said in JSON


# Charts you can click: the bars and points that are movies carry the movie's id.


def _movie_ids(chart) -> list[int]:
    """The ids the chart's traces carry first in their custom data, trace by trace."""
    return [int(row[0]) for trace in chart.figure.data if trace.customdata is not None for row in trace.customdata]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_best_rated_bars_and_the_money_points_carry_their_movies_ids(loaded, lang):
    best = eda.best_rated(loaded.movies, language=lang)
    money = eda.budget_vs_revenue(loaded.movies, language=lang)
    assert best.clickable and money.clickable
    assert sorted(_movie_ids(best)) == sorted(best.data["id"]) and 278 in _movie_ids(best)
    assert sorted(_movie_ids(money)) == sorted(money.data["id"])
    assert not eda.histogram(loaded.movies, "runtime", language=lang).clickable  # its bars are bins


def test_a_selection_names_the_movies_the_browser_sent_in_either_form(loaded):
    best = eda.best_rated(loaded.movies)
    points = [
        {"curve_number": 0, "customdata": {"0": 278, "1": 8.5, "2": 8358}},  # a bar: a typed array
        {"curve_number": 0, "customdata": [238, 8.5]},  # a point: a list
        {"curve_number": 0, "customdata": [278]},  # once each
        {"curve_number": 1, "x": 1, "y": 1},  # the break-even line: no movie
        {"customdata": ["278"]},
        {"customdata": [True]},
        {"customdata": [862.5]},
        {"customdata": {}},
        {"customdata": [862]},  # Toy Story is not among the ten best rated
    ]
    assert best.picked(points) == [278, 238]
    assert best.shown([999999, 238, 278, 238]) == [238, 278]
