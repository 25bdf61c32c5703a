"""Finding a movie by describing it: the command line, the API and what a user sees, on the real sample."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from core.api import create_app
from core.describe import EXAMPLES
from core.service import DescribeRequest, Service, as_json
from tests.test_cli_build import run_core
from tests.test_read_path import modules_after

JUMANJI = "a board game that lets jungle animals loose in a house"

pytestmark = pytest.mark.sample


@pytest.fixture(scope="module")
def service(sample_catalog_dir) -> Service:
    return Service.load(sample_catalog_dir)


@pytest.fixture(scope="module")
def client(sample_catalog_dir) -> TestClient:
    return TestClient(create_app(sample_catalog_dir))


@pytest.mark.parametrize(
    "text, title",
    [(JUMANJI, "Jumanji"), ("a shark terrorizes a beach town", "Jaws"),
     ("a boxer from philadelphia gets a shot at the title", "Rocky")],
)  # fmt: skip
def test_a_described_movie_is_among_the_first_three(service, text, title):
    found = as_json(service.describe(DescribeRequest(text, 3)))["peliculas"]
    assert title in [movie["titulo"] for movie in found]


def test_each_movie_found_names_the_words_that_matched(service):
    payload = as_json(service.describe(DescribeRequest(JUMANJI, 5)))
    assert payload["consulta"] == JUMANJI
    jumanji = next(movie for movie in payload["peliculas"] if movie["titulo"] == "Jumanji")
    assert set(jumanji) == {"id", "titulo", "anio", "puntaje", "razon"}
    named = jumanji["razon"].removeprefix("palabras: ").split(", ")
    assert named and set(named) <= set(JUMANJI.split())
    scores = [movie["puntaje"] for movie in payload["peliculas"]]
    assert scores == sorted(scores, reverse=True) and all(score > 0 for score in scores)


def test_the_command_line_and_the_api_give_the_same_json(client, sample_catalog_dir):
    command_line = run_core("describe", JUMANJI, "-k", "4", "--json", "--catalog", str(sample_catalog_dir))
    assert command_line.returncode == 0, command_line.stderr
    answer = client.get("/descripcion", params={"texto": JUMANJI, "k": 4})
    assert answer.status_code == 200 and answer.json() == json.loads(command_line.stdout)


@pytest.mark.parametrize("text", ["the and of it", "", "   ", "zxqv wqzz", "¿?!*"])
def test_text_with_no_known_word_is_a_clear_answer_with_examples(client, sample_catalog_dir, text):
    answer = client.get("/descripcion", params={"texto": text})
    assert answer.status_code == 422
    assert answer.json()["sugerencias"] == list(EXAMPLES)
    command_line = run_core("describe", text, "--catalog", str(sample_catalog_dir))
    assert command_line.returncode == 1 and EXAMPLES[0] in command_line.stderr + command_line.stdout


def test_describing_loads_its_analyzer_only_when_asked(sample_catalog_dir):
    loaded = modules_after(
        f"from core.service import RecommendRequest, Service\ns = Service.load({str(sample_catalog_dir)!r})\ns.recommend(RecommendRequest(titles=('Toy Story',)))\n"
    )
    assert "sklearn" not in loaded
    asked = modules_after(
        f"from core.service import DescribeRequest, Service\n"
        f"Service.load({str(sample_catalog_dir)!r}).describe(DescribeRequest({JUMANJI!r}))\n"
    )
    assert "sklearn.feature_extraction.text" in asked
