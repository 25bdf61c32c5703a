"""The six queries on the real head sample, checked against plain pandas over the raw file."""

from __future__ import annotations

import ast

import pandas as pd
import pytest

from core import catalog as catalog_module
from core import i18n, queries
from core.errors import NotFound

pytestmark = pytest.mark.sample


@pytest.fixture(scope="module")
def catalog(sample_catalog_dir):
    return catalog_module.load(sample_catalog_dir)


@pytest.fixture(scope="module")
def raw(sample_raw) -> pd.DataFrame:
    """The raw movies the course's way: drop repeated ids and missing dates, nothing else."""
    movies = pd.read_csv(sample_raw / "movies_metadata.csv.gz", dtype=str, keep_default_na=False)
    movies = movies.drop_duplicates("id")
    movies = movies[movies["release_date"] != ""]
    return movies.assign(revenue=pd.to_numeric(movies["revenue"]).fillna(0).astype(int))


def names(cell: str, key: str = "name") -> list[str]:
    return [record[key] for record in ast.literal_eval(cell)] if cell else []


def test_peliculas_idioma_matches_a_count_of_original_language(catalog, raw):
    assert queries.peliculas_idioma(catalog, "Francés").cantidad == (raw["original_language"] == "fr").sum()


@pytest.mark.parametrize("name, code", [("cantonés", "cn"), ("Cantonese", "cn"), ("no language", "xx")])
def test_tmdb_language_codes_outside_iso_have_names(catalog, raw, name, code):
    assert queries.peliculas_idioma(catalog, name).cantidad == (raw["original_language"] == code).sum() > 0


def test_peliculas_pais_matches_list_membership(catalog, raw):
    expected = sum("ES" in names(cell, "iso_3166_1") for cell in raw["production_countries"])
    assert queries.peliculas_pais(catalog, "España").cantidad == expected


def test_franquicia_with_zero_revenue_films(catalog, raw):
    in_collection = raw[
        raw["belongs_to_collection"].str.contains("'name': 'The Amityville Horror Collection'", regex=False)
    ]
    result = queries.franquicia(catalog, "the amityville horror")
    assert result.cantidad == len(in_collection)
    assert result.ganancia_total == in_collection["revenue"].sum()
    assert result.sin_ganancia == (in_collection["revenue"] == 0).sum() > 0


def test_productoras_exitosas_matches_a_sum_over_list_membership(catalog, raw):
    mask = [("Pixar Animation Studios" in names(cell)) for cell in raw["production_companies"]]
    result = queries.productoras_exitosas(catalog, "Pixar Animation Studios")
    assert (result.cantidad, result.revenue_total) == (sum(mask), raw[mask]["revenue"].sum())


def test_peliculas_duracion_finds_both_hamlets(catalog, raw):
    hamlets = raw[raw["title"] == "Hamlet"].sort_values("release_date")
    result = queries.peliculas_duracion(catalog, "Hamlet")
    assert [p.id for p in result.peliculas] == [int(i) for i in hamlets["id"]]
    assert [p.duracion for p in result.peliculas] == [int(float(r)) for r in hamlets["runtime"]]


def test_get_director_matches_the_credits_of_a_credited_movie(catalog, sample_raw, raw):
    # The sample's 35 credits have no director with two movies; the trap fixture tests that case.
    credits = pd.read_csv(sample_raw / "credits.csv.gz", dtype=str)
    crew = ast.literal_eval(credits.loc[credits["id"] == "949", "crew"].item())
    director = next(p["name"] for p in crew if p["job"] == "Director")
    movie = raw[raw["id"] == "949"].iloc[0]
    result = queries.get_director(catalog, director.lower())
    assert [(p.id, p.titulo, p.revenue, p.costo) for p in result.peliculas] == [
        (949, movie["title"], movie["revenue"], int(movie["budget"]))
    ]
    assert result.retorno_total == pytest.approx(movie["revenue"] / int(movie["budget"]))


def test_a_director_missing_from_the_sample_points_to_the_full_dataset(catalog):
    with pytest.raises(NotFound) as missing:
        queries.get_director(catalog, "Christopher Nolan")
    assert "directores de solo 35 películas" in str(missing.value)
    assert "python -m core fetch" in str(missing.value)
    assert missing.value.suggestions


def test_an_ambiguous_name_on_the_sample_is_not_blamed_on_the_sample(catalog):
    with pytest.raises(NotFound) as several:
        queries.franquicia(catalog, "Star")
    assert "muestra" not in str(several.value)


@pytest.mark.parametrize("function", sorted(queries.QUERIES))
def test_each_result_says_itself_in_english_with_the_same_numbers(catalog, function):
    result = queries.QUERIES[function](catalog, queries.QUERIES[function].example)
    english, spanish = result.said(i18n.words("en")), result.mensaje
    assert english != spanish
    digits = lambda text: "".join(ch for ch in text if ch.isdigit())  # noqa: E731
    assert digits(english) == digits(spanish)
    metrics = [result.metrics(i18n.words(language)) for language in ("en", "es")]
    assert [digits(value) for _, value in metrics[0]] == [digits(value) for _, value in metrics[1]]


def test_english_names_for_languages_and_countries(catalog):
    assert queries.peliculas_idioma(catalog, "fr").said(i18n.words("en")).endswith("released in French")
    assert queries.peliculas_pais(catalog, "España").said(i18n.words("en")).endswith("produced in Spain")
    assert "english" not in queries.as_json(queries.peliculas_pais(catalog, "España"))
