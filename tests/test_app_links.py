"""The app's own link, whatever a link brought in: every value it writes is bounded, so the link it
writes always reloads, and reading that link back writes the same link."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from streamlit.testing.v1 import AppTest

from tests.test_app import APP, open_page

pytestmark = pytest.mark.sample

# What a browser sends for the link the app writes, far below what the server takes (64 kB, which a
# link the server took can be made to pass once its commas are written %2C, as the app writes them).
LINK_BUDGET = 32 * 1024


def ids(count: int, digits: int = 15) -> str:
    return ",".join(str(10 ** (digits - 1) + number) for number in range(count))


# One value at a time as long as a link the server takes can carry it, or all of them together.
LONG = {
    "q": "Toy Story " * 5_000,
    "arg": "Toy Story " * 5_000,
    "lista": ids(3_000),
    "vistas": ids(3_000),
    "descartadas": ids(3_000),
    "pendientes": ids(3_000),
    "seleccion": ids(3_000),
    "pelicula": "9" * 50_000,
    "genero": "Drama" * 10_000,
    "idioma": "en" * 25_000,
    "desde": "9" * 50_000,
    "id": "9" * 50_000,
    "fn": "franquicia" * 5_000,
    "lang": "en" * 25_000,
}
TOGETHER = {name: value[:3_000] for name, value in LONG.items()} | {"grafico": "mejor-valoradas"}
PAGES = ["inicio", "exploracion", "consultas", "recomendador", "listas"]


@pytest.fixture
def app(sample_catalog_dir, monkeypatch) -> AppTest:
    monkeypatch.setenv("FILMOTECA_CATALOG_DIR", str(sample_catalog_dir))
    return AppTest.from_file(APP, default_timeout=60)


def written(app: AppTest) -> dict[str, list[str]]:
    """The link's parameters after the run, as the browser would send them back."""
    return {name: list(value) if isinstance(value, list) else [value] for name, value in app.query_params.items()}


def link_bytes(params: dict[str, list[str]]) -> int:
    return len(urlencode([(name, value) for name, values in params.items() for value in values]))


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("name", list(LONG))
def test_whatever_one_value_a_link_brings_the_link_the_app_writes_stays_small(app, page, name):
    open_page(app, page, **{name: LONG[name]}, grafico="mejor-valoradas")
    assert link_bytes(written(app)) < LINK_BUDGET


@pytest.mark.parametrize("page", PAGES)
def test_the_link_the_app_writes_reads_back_as_the_same_link(app, page, sample_catalog_dir, monkeypatch):
    first = written(open_page(app, page, **TOGETHER))
    assert link_bytes(first) < LINK_BUDGET
    again = AppTest.from_file(APP, default_timeout=60)
    open_page(again, page, **{name: values[-1] for name, values in first.items()})
    assert written(again) == first


def test_a_selection_in_the_link_is_cut_like_a_list(app):
    ids = ",".join(str(number) for number in range(1, 10_001))
    open_page(app, "exploracion", grafico="mejor-valoradas", seleccion=ids)
    (selection,) = written(app)["seleccion"]
    assert len(selection.split(",")) <= 500
