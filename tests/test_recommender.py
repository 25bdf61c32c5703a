"""The recommender and the title search, on the trap catalog and on the real head sample."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import catalog as catalog_module
from core import recommender, training
from core.errors import NotFound
from core.search import TitleSearch
from tests.test_cli_build import run_core


@pytest.fixture(scope="module")
def sample(sample_catalog_dir):
    loaded = catalog_module.load(sample_catalog_dir)
    return loaded.movies, TitleSearch(loaded), recommender.load(sample_catalog_dir, loaded.movies)


@pytest.fixture
def trap(trap_catalog_dir):
    loaded = catalog_module.load(trap_catalog_dir)
    return loaded.movies, TitleSearch(loaded), recommender.load(trap_catalog_dir, loaded.movies)


@pytest.mark.sample
def test_toy_storys_top_five_holds_other_pixar_titles(sample):
    movies, search, model = sample
    found = search.search("Toy Story").chosen()
    titles = {item.titulo for item in model.similar_movies(found.row)}
    pixar = set(movies.loc[movies["production_companies"].map(lambda c: "Pixar Animation Studios" in c), "title"])
    assert titles & (pixar - {"Toy Story"})


@pytest.mark.sample
def test_every_recommendation_has_a_reason_and_a_score(sample):
    movies, search, model = sample
    items = model.similar_movies(search.search("Jumanji").chosen().row)
    assert len(items) == 5
    assert all(item.razon and 0 < item.puntaje <= 1 for item in items)
    assert [item.puntaje for item in items] == sorted((item.puntaje for item in items), reverse=True)


def test_the_movie_itself_is_never_recommended(trap):
    movies, _, model = trap
    for row in range(len(movies)):
        assert row not in {int(np.flatnonzero(movies["id"] == item.id)[0]) for item in model.similar_movies(row, k=10)}


def test_exact_duplicates_are_not_recommended(trap_raw, tmp_path):
    from core.pipeline import build
    from tests.kaggle import movie, trap_credits, trap_movies, write_raw_dir

    raw = write_raw_dir(
        tmp_path / "dups", [*trap_movies(), movie(9999, "Toy Story", release_date="1995-10-30")], trap_credits()
    )
    build(raw, tmp_path / "out")
    loaded = catalog_module.load(tmp_path / "out")
    model = recommender.load(tmp_path / "out", loaded.movies)
    row = int(np.flatnonzero(loaded.movies["id"] == 862)[0])
    assert 9999 not in {item.id for item in model.similar_movies(row, k=10)}


def test_same_collection_ranks_first_with_its_reason(trap):
    movies, search, model = trap
    first = model.similar_movies(search.search("Toy Story").chosen().row)[0]
    assert first.titulo == "Toy Story 2"
    assert "misma colección" in first.razon and "mismo director: John Lasseter" in first.razon


def test_duplicate_titles_resolve_by_year(trap):
    _, search, _ = trap
    assert search.search("Hamlet 1996").chosen().anio == 1996
    assert search.search("hamlet (1948)").chosen().anio == 1948
    with pytest.raises(NotFound) as raised:
        search.search("Hamlet").chosen()
    assert set(raised.value.suggestions) == {"Hamlet (1996)", "Hamlet (1948)"}


def test_typos_are_found(trap):
    _, search, _ = trap
    assert search.search("Toy Stroy").chosen().titulo == "Toy Story"
    assert search.search("la mala educacion").chosen().id == 4


@pytest.mark.sample
def test_typos_are_found_in_the_real_sample(sample):
    _, search, _ = sample
    assert search.search("Toy Stroy").chosen().titulo == "Toy Story"
    assert search.search("jumanj").chosen().titulo == "Jumanji"


@pytest.mark.sample
def test_suggestions_name_each_movie_once(sample):
    _, search, _ = sample
    with pytest.raises(NotFound) as error:
        search.search("[(*+?")  # close to "Shall We Dance?", whose original title is another spelling
    assert error.value.suggestions
    assert len(set(error.value.suggestions)) == len(error.value.suggestions)


def test_empty_input_suggests_popular_titles(trap):
    _, search, _ = trap
    with pytest.raises(NotFound) as raised:
        search.search("   ")
    assert len(raised.value.suggestions) == 5


def test_model_round_trips_through_save_and_load(trap_catalog_dir, tmp_path):
    movies = catalog_module.load(trap_catalog_dir).movies
    fitted = training.fit(movies)
    training.save(fitted, tmp_path)
    loaded = recommender.load_model(tmp_path)
    assert (loaded.features != fitted.features).nnz == 0
    assert np.array_equal(loaded.ids, fitted.ids) and loaded.weights == fitted.weights
    first = (tmp_path / recommender.MATRIX_FILE).read_bytes()
    training.save(fitted, tmp_path)
    assert (tmp_path / recommender.MATRIX_FILE).read_bytes() == first


def test_a_model_from_another_catalog_is_refused(trap_catalog_dir, sample_catalog_dir):
    from core.errors import DataError

    with pytest.raises(DataError, match="another catalog"):
        recommender.load(sample_catalog_dir, catalog_module.load(trap_catalog_dir).movies)


def test_the_model_is_never_n_by_n(trap):
    movies, _, model = trap
    assert model.model.features.shape[0] == len(movies)
    assert model.model.features.shape[1] != len(movies) or model.model.features.nnz < len(movies) ** 2


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_any_search_text_gives_candidates_or_not_found(trap, text):
    _, search, _ = trap
    try:
        result = search.search(text)
    except NotFound as error:
        assert isinstance(error.suggestions, list)
    else:
        assert result.candidates


def test_recommend_command_prints_the_documented_json(trap_catalog_dir):
    result = run_core("recommend", "toy stroy", "--json", "--catalog", str(trap_catalog_dir))
    payload = json.loads(result.stdout)
    assert result.returncode == 0
    assert set(payload) == {"consulta", "pelicula", "recomendaciones"}
    assert payload["pelicula"] == {"id": 862, "titulo": "Toy Story", "anio": 1995}
    assert set(payload["recomendaciones"][0]) == {"id", "titulo", "anio", "puntaje", "razon"}


def test_recommend_command_not_found_exits_1(trap_catalog_dir):
    result = run_core("recommend", "Hamlet", "--json", "--catalog", str(trap_catalog_dir))
    assert result.returncode == 1
    assert set(json.loads(result.stdout)) == {"error", "sugerencias"}
