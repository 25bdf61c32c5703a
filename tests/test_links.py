"""Links are user input: every URL parameter of every page, given anything, draws the page without an exception."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")

# What each page reads from its link (lang on every page).
PARAMETERS = {
    "inicio": ["lang"],
    "exploracion": ["lang", "desde", "hasta", "genero", "idioma", "votos", "dinero"],
    "consultas": ["lang", "fn", "arg"],
    "recomendador": ["lang", "q", "lista", "id", "desde", "hasta", "genero", "idioma", "describir"],
}

# What broke a page once, and its kin: signs, superscripts and other digits, huge numbers, separators.
TRICKY = ["--5", "-1", "--1990", "²", "%C2%B2", "٣", "１２", "99999999999999999999999", "1e3", " 7", "0x10", "1,2,,3"]
TRICKY += ["", "0", "862", "1995", "nan", "inf", "Animación", ":material/warning:", "<b>x</b>", "a\n===", "*" * 300]
values = st.one_of(st.sampled_from(TRICKY), st.text(max_size=30), st.integers().map(str))


def links(page: str):
    one = values | st.lists(values, min_size=2, max_size=3)  # a parameter may be given more than once
    return st.dictionaries(st.sampled_from(PARAMETERS[page]), one, max_size=len(PARAMETERS[page]))


@pytest.fixture
def catalog_in_env(sample_catalog_dir, monkeypatch):
    monkeypatch.setenv("FILMOTECA_CATALOG_DIR", str(sample_catalog_dir))


def draw(page: str, params: dict) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.switch_page(f"pages/{page}.py")
    for name, value in params.items():
        app.query_params[name] = value
    return app.run()


@pytest.mark.parametrize("page", PARAMETERS)
def test_the_numbers_that_broke_a_page_once_are_read_or_ignored(page, catalog_in_env):
    for value in TRICKY[:12]:
        app = draw(page, dict.fromkeys(PARAMETERS[page], value))
        assert not app.exception, (page, value, app.exception)


@pytest.mark.parametrize("page", PARAMETERS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_link_draws_the_page_without_an_exception(page, data, catalog_in_env):
    params = data.draw(links(page), label="params")
    app = draw(page, params)
    assert not app.exception, (page, params, [error.value for error in app.exception])


def test_numbers_past_a_widgets_bounds_are_clamped_and_non_numbers_ignored(catalog_in_env):
    app = draw("exploracion", {"votos": "9" * 23, "desde": "1", "hasta": "²"})
    assert not app.exception
    votes = app.number_input[0]
    assert votes.value == votes.max > 0
    years = app.slider[0]
    assert years.value == (years.min, years.max)  # 1 is clamped up to the first year, ² is no number
