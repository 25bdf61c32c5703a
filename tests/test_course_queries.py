"""One record per course query: the command line, the API and the Consultas page read everything from it."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from streamlit.testing.v1 import AppTest

from core import catalog as catalog_module
from core import cli, i18n, queries
from core.api import create_app
from core.errors import NotFound
from tests.test_app import APP, open_page


@dataclass(frozen=True)
class Anio(queries.Said):
    anio: int
    cantidad: int

    def said(self, words) -> str:
        return words.n("query.anio.said", self.cantidad, year=self.anio)


def peliculas_anio(catalog: catalog_module.Catalog, anio: str) -> Anio:
    """Movies released in a year."""
    if not anio.strip().isdigit():
        raise NotFound(f"«{anio}» no es un año")
    year = int(anio)
    return Anio(anio=year, cantidad=int((catalog.movies["release_year"] == year).sum()))


# A seventh query's words, added to each catalogue as they would be to core/locale/<language>.po.
WORDS = {
    "es": {
        "query.peliculas_anio.title": "Películas por año",
        "query.peliculas_anio.argument": "Año",
        "query.peliculas_anio.help": "Un año de estreno.",
        "query.anio.said": ("{count} película en {year}", "{count} películas en {year}"),
    },
    "en": {
        "query.peliculas_anio.title": "Movies per year",
        "query.peliculas_anio.argument": "Year",
        "query.peliculas_anio.help": "a release year",
        "query.anio.said": ("{count} movie in {year}", "{count} movies in {year}"),
    },
}


@pytest.fixture
def seventh(monkeypatch, tmp_path) -> queries.CourseQuery:
    for language, added in WORDS.items():
        text = (i18n.CATALOGUES / f"{language}.po").read_text(encoding="utf-8")
        for key, said in added.items():
            if isinstance(said, tuple):
                text += f'\nmsgid "{key}"\nmsgid_plural "{key}"\nmsgstr[0] "{said[0]}"\nmsgstr[1] "{said[1]}"\n'
            else:
                text += f'\nmsgid "{key}"\nmsgstr "{said}"\n'
        (tmp_path / f"{language}.po").write_text(text, encoding="utf-8")
    monkeypatch.setattr(i18n, "CATALOGUES", tmp_path)
    i18n.catalogue.cache_clear(), i18n.words.cache_clear()
    record = queries.CourseQuery(peliculas_anio, argument="anio", example="1995", names=None)
    monkeypatch.setitem(queries.QUERIES, "peliculas_anio", record)
    yield record
    i18n.catalogue.cache_clear(), i18n.words.cache_clear()


def test_the_six_course_queries_each_have_one_whole_record():
    assert list(queries.QUERIES) == [
        "peliculas_idioma", "peliculas_duracion", "franquicia", "peliculas_pais", "productoras_exitosas", "get_director"
    ]  # fmt: skip
    for name, query in queries.QUERIES.items():
        assert query.name == name and query.argument and query.example
        for language in ("es", "en"):
            labels = query.labels(language)
            assert labels.title and labels.argument and labels.help and labels.example
            assert not labels.title.startswith("query.")  # the catalogue has it


def in_1995(folder) -> int:
    return int((catalog_module.load(folder).movies["release_year"] == 1995).sum())


def test_a_seventh_query_answers_on_the_command_line_from_its_record(seventh, trap_catalog_dir, capsys):
    assert cli.main(["query", "peliculas_anio", "1995", "--json", "--catalog", str(trap_catalog_dir)]) == 0
    n = in_1995(trap_catalog_dir)
    said = f"{n} {'película' if n == 1 else 'películas'} en 1995"  # the catalogue's plural
    assert json.loads(capsys.readouterr().out) == {"anio": 1995, "cantidad": n, "mensaje": said}


def test_a_seventh_query_gets_its_route_and_documented_parameter_from_its_record(seventh, trap_catalog_dir):
    client = TestClient(create_app(trap_catalog_dir))
    n = in_1995(trap_catalog_dir)
    assert client.get("/peliculas_anio/1995").json() == {
        "anio": 1995,
        "cantidad": n,
        "mensaje": f"{n} {'película' if n == 1 else 'películas'} en 1995",
    }
    parameters = client.get("/openapi.json").json()["paths"]["/peliculas_anio/{anio}"]["get"]["parameters"]
    assert parameters[0]["name"] == "anio" and parameters[0]["description"] == "Un año de estreno."


def test_a_seventh_query_appears_on_the_consultas_page_with_its_labels(seventh, trap_catalog_dir, monkeypatch):
    monkeypatch.setenv("FILMOTECA_CATALOG_DIR", str(trap_catalog_dir))
    app = open_page(AppTest.from_file(APP, default_timeout=60), "consultas", fn="peliculas_anio", lang="en")
    assert app.text_input[0].label == "Year"
    app.button(key="example-peliculas_anio").click().run()
    n = in_1995(trap_catalog_dir)
    assert app.subheader[0].value == f"{n} {'movie' if n == 1 else 'movies'} in 1995"
