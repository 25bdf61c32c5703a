"""The six course queries on the trap catalog: matching rules, results and sentences."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import catalog as catalog_module
from core import queries
from core.build import build
from core.errors import NotFound
from tests.kaggle import credit, movie, write_raw_dir


@pytest.fixture
def catalog(trap_catalog_dir):
    return catalog_module.load(trap_catalog_dir)


def test_peliculas_idioma_accepts_codes_and_names_in_both_languages(catalog):
    answers = {queries.peliculas_idioma(catalog, text).cantidad for text in ("es", "español", "Spanish", "  ESPAÑOL ")}
    assert answers == {1}


def test_peliculas_idioma_says_the_language_in_spanish(catalog):
    result = queries.peliculas_idioma(catalog, "en")
    assert result.idioma == "inglés"
    assert result.mensaje == f"{result.cantidad} películas fueron estrenadas en idioma inglés"


def test_peliculas_duracion_returns_every_movie_with_that_title_oldest_first(catalog):
    result = queries.peliculas_duracion(catalog, "hamlet")
    assert [(p.id, p.anio, p.duracion) for p in result.peliculas] == [(23383, 1948, 155), (10549, 1996, 242)]
    assert result.mensaje.startswith("Hay 2 películas llamadas Hamlet")


def test_peliculas_duracion_reports_unknown_runtime(catalog):
    result = queries.peliculas_duracion(catalog, "Sin Presupuesto")
    assert result.peliculas[0].duracion is None
    assert "duración desconocida" in result.mensaje


def test_franquicia_counts_only_movies_in_that_collection(catalog):
    result = queries.franquicia(catalog, "Toy Story Collection")
    assert (result.cantidad, result.ganancia_total) == (2, 373554033 + 497366869)
    assert result.ganancia_promedio == round((373554033 + 497366869) / 2)


def test_franquicia_works_with_or_without_the_word_collection(catalog):
    names = {
        queries.franquicia(catalog, text).franquicia
        for text in ("toy story", "Colección Toy Story", "TOY STORY collection")
    }
    assert names == {"Toy Story Collection"}


def test_franquicia_sentence_uses_spanish_thousands_separators(catalog):
    assert "una ganancia total de $870.920.902" in queries.franquicia(catalog, "toy story").mensaje


def test_peliculas_pais_counts_list_membership_by_code_or_name(catalog):
    answers = {queries.peliculas_pais(catalog, text).cantidad for text in ("ES", "España", "spain", "espana")}
    assert answers == {1}
    assert queries.peliculas_pais(catalog, "US").cantidad == 6


def test_a_name_listed_twice_in_one_movie_counts_that_movie_once(tmp_path):
    twice = movie(1, "Twice", revenue=100, production_companies=[{"name": "Echo", "id": 1}] * 2,
                  production_countries=[{"iso_3166_1": "FR", "name": "France"}] * 2)  # fmt: skip
    build(write_raw_dir(tmp_path / "raw", [twice], [credit(1, directors=("Solo",))]), tmp_path / "out")
    loaded = catalog_module.load(tmp_path / "out")
    assert queries.peliculas_pais(loaded, "FR").cantidad == 1
    assert queries.productoras_exitosas(loaded, "Echo").revenue_total == 100
    with pytest.raises(NotFound):  # a catalog with no collection at all still loads and answers
        queries.franquicia(loaded, "Echo")


def test_productoras_exitosas_sums_revenue_and_counts_movies(catalog):
    result = queries.productoras_exitosas(catalog, "pixar animation studios")
    assert (result.revenue_total, result.cantidad) == (373554033 + 497366869, 2)


def test_names_with_quotes_are_plain_text(catalog):
    assert queries.productoras_exitosas(catalog, 'studio "quote" o\'neil').cantidad == 1


def test_get_director_lists_movies_by_date_with_cost_takings_and_return(catalog):
    result = queries.get_director(catalog, "John Lasseter")
    assert [p.titulo for p in result.peliculas] == ["Toy Story", "Toy Story 2"]
    first = result.peliculas[0]
    assert (first.fecha_lanzamiento, first.costo, first.ganancia) == ("1995-10-30", 30000000, 373554033)
    assert first.retorno == pytest.approx(first.ganancia / first.costo)
    assert result.retorno_total == pytest.approx(373554033 / 30000000 + 497366869 / 90000000)


def test_ganancia_means_revenue_in_every_query(catalog):
    director = queries.get_director(catalog, "John Lasseter")
    collection = queries.franquicia(catalog, "Toy Story")
    assert collection.ganancia_total == sum(movie.ganancia for movie in director.peliculas)
    assert all(movie.ganancia == movie.revenue for movie in director.peliculas)
    company = queries.productoras_exitosas(catalog, "Pixar")
    assert company.revenue_total == collection.ganancia_total


def test_an_unambiguous_part_of_a_name_finds_it_regardless_of_accents(catalog):
    assert queries.get_director(catalog, "  almodovar ").director == "Pedro Almodóvar"


def test_an_ambiguous_part_of_a_name_lists_the_candidates(catalog):
    with pytest.raises(NotFound) as raised:
        queries.peliculas_duracion(catalog, "film")
    assert set(raised.value.suggestions) == {"Old Film", "Future Film"}
    assert "coincide con 2" in str(raised.value)


def test_unknown_names_raise_not_found_with_close_suggestions(catalog):
    with pytest.raises(NotFound) as raised:
        queries.get_director(catalog, "Jon Laseter")
    assert raised.value.suggestions[0] == "John Lasseter"
    assert len(raised.value.suggestions) <= 5


def test_did_you_mean_goes_through_thefuzz(catalog, monkeypatch):
    import thefuzz.process

    scorers = []
    extract = thefuzz.process.extract

    def spy(query, choices, **options):
        scorers.append(options["scorer"].__name__)
        return extract(query, choices, **options)

    monkeypatch.setattr(thefuzz.process, "extract", spy)
    with pytest.raises(NotFound) as raised:
        queries.productoras_exitosas(catalog, "Pixr Animation")
    assert raised.value.suggestions[0] == "Pixar Animation Studios"
    assert scorers == ["ratio", "UWRatio"]


@pytest.mark.parametrize("text", ["(.*)", "!!!", "¿?"])
def test_text_with_no_letter_is_close_to_nothing_and_offers_the_most_common_names(catalog, text, caplog):
    with pytest.raises(NotFound) as raised:
        queries.franquicia(catalog, text)
    assert raised.value.suggestions == ["Toy Story Collection"]
    assert not caplog.records  # thefuzz warns when its processor empties a query: it is never asked


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_empty_input_raises_not_found_offering_known_names(catalog, text):
    with pytest.raises(NotFound) as raised:
        queries.franquicia(catalog, text)
    assert raised.value.suggestions == ["Toy Story Collection"]


@pytest.mark.parametrize("text", [".*", "(", "[a-z]+", "\\", "^$", "a" * 10_000])
def test_regex_characters_and_long_input_are_plain_unknown_text(catalog, text):
    with pytest.raises(NotFound):
        queries.peliculas_duracion(catalog, text)


def test_results_become_json_with_the_documented_keys(catalog):
    payload = queries.as_json(queries.get_director(catalog, "John Lasseter"))
    assert set(payload) == {"director", "retorno_total", "peliculas", "mensaje"}
    assert set(payload["peliculas"][0]) == {
        "id",
        "titulo",
        "fecha_lanzamiento",
        "retorno",
        "costo",
        "ganancia",
        "revenue",
    }


def test_results_with_movies_become_tables(catalog):
    table = queries.as_table(queries.peliculas_duracion(catalog, "Hamlet"))
    assert list(table.columns) == ["id", "titulo", "anio", "duracion"]
    assert len(table) == 2


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(sorted(queries.QUERIES)), st.text(max_size=80))
def test_any_text_gives_a_result_or_not_found(catalog, function, text):
    try:
        result = queries.QUERIES[function](catalog, text)
    except NotFound as error:
        assert isinstance(error.suggestions, list)
    else:
        assert result.mensaje
