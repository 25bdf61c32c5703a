"""One record per course query: the command line, the API and the Consultas page read everything from it."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from streamlit.testing.v1 import AppTest

from core import catalog as catalog_module
from core import cli, queries
from core.api import create_app
from core.errors import NotFound
from tests.test_app import APP, open_page


@dataclass(frozen=True)
class Anio(queries.Sentence):
    anio: int
    cantidad: int

    def sentence(self, language: str = "es") -> str:
        return (
            f"{self.cantidad} movies in {self.anio}"
            if language == "en"
            else f"{self.cantidad} películas en {self.anio}"
        )

    def metrics(self, language: str = "es") -> tuple[tuple[str, str], ...]:
        return ((queries.MOVIES_LABEL[language], str(self.cantidad)),)


def peliculas_anio(catalog: catalog_module.Catalog, anio: str) -> Anio:
    """Movies released in a year."""
    if not anio.strip().isdigit():
        raise NotFound(f"«{anio}» no es un año")
    year = int(anio)
    return Anio(anio=year, cantidad=int((catalog.movies["release_year"] == year).sum()))


@pytest.fixture
def seventh(monkeypatch) -> queries.CourseQuery:
    record = queries.CourseQuery(
        peliculas_anio,
        argument="anio",
        example="1995",
        names=None,
        labels={
            "es": queries.Labels("Películas por año", "Año", "Un año de estreno."),
            "en": queries.Labels("Movies per year", "Year", "a release year"),
        },
    )
    monkeypatch.setitem(queries.QUERIES, "peliculas_anio", record)
    return record


def test_the_six_course_queries_each_have_one_whole_record():
    assert list(queries.QUERIES) == [
        "peliculas_idioma", "peliculas_duracion", "franquicia", "peliculas_pais", "productoras_exitosas", "get_director"
    ]  # fmt: skip
    for name, query in queries.QUERIES.items():
        assert query.name == name and query.argument and query.example
        assert set(query.labels) == {"es", "en"}
        assert all(label.title and label.argument and label.help for label in query.labels.values())


def in_1995(folder) -> int:
    return int((catalog_module.load(folder).movies["release_year"] == 1995).sum())


def test_a_seventh_query_answers_on_the_command_line_from_its_record(seventh, trap_catalog_dir, capsys):
    assert cli.main(["query", "peliculas_anio", "1995", "--json", "--catalog", str(trap_catalog_dir)]) == 0
    n = in_1995(trap_catalog_dir)
    assert json.loads(capsys.readouterr().out) == {"anio": 1995, "cantidad": n, "mensaje": f"{n} películas en 1995"}


def test_a_seventh_query_gets_its_route_and_documented_parameter_from_its_record(seventh, trap_catalog_dir):
    client = TestClient(create_app(trap_catalog_dir))
    n = in_1995(trap_catalog_dir)
    assert client.get("/peliculas_anio/1995").json() == {
        "anio": 1995,
        "cantidad": n,
        "mensaje": f"{n} películas en 1995",
    }
    parameters = client.get("/openapi.json").json()["paths"]["/peliculas_anio/{anio}"]["get"]["parameters"]
    assert parameters[0]["name"] == "anio" and parameters[0]["description"] == "Un año de estreno."


def test_a_seventh_query_appears_on_the_consultas_page_with_its_labels(seventh, trap_catalog_dir, monkeypatch):
    monkeypatch.setenv("FILMOTECA_CATALOG_DIR", str(trap_catalog_dir))
    app = open_page(AppTest.from_file(APP, default_timeout=60), "consultas", fn="peliculas_anio", lang="en")
    assert app.text_input[0].label == "Year"
    app.button(key="example-peliculas_anio").click().run()
    assert app.subheader[0].value == f"{in_1995(trap_catalog_dir)} movies in 1995"
