"""Top charts: IMDb's weighted rating on a hand-made catalog, and on the real sample against plain pandas."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from core import catalog as catalog_module
from core import ranking
from core.errors import NotFound
from tests.test_cli_build import run_core


def hand_made(rows: list[tuple]) -> catalog_module.Catalog:
    """(id, title, year, rating, votes, genres) rows as a loaded catalog."""
    movies = pd.DataFrame(rows, columns=["id", "title", "release_year", "vote_average", "vote_count", "genres"])
    return catalog_module.Catalog(movies=movies, manifest={}, lookups=catalog_module.Lookups(movies))


@pytest.fixture
def catalog() -> catalog_module.Catalog:
    return hand_made(
        [
            (1, "Tie, more votes", 2000, 8.0, 100, ["Drama"]),
            (2, "Tie, fewer votes", 2001, 8.0, 100, ["Drama"]),
            (3, "Many votes", 1990, 7.0, 1000, ["Drama", "Comedy"]),
            (4, "Few votes", 1995, 9.9, 1, ["Comedy"]),
            (5, "Unvoted short", 2010, 0.0, 0, ["Animation"]),
            (6, "Unvoted short 2", 2011, 0.0, 0, ["Animation"]),
        ]
    )


def expected(movies: pd.DataFrame) -> pd.DataFrame:
    """The formula written out with pandas, independently of core.ranking."""
    v, r = movies["vote_count"], movies["vote_average"]
    m, c = v.quantile(0.95), r.mean()
    qualified = movies[v >= m].assign(wr=lambda f: f["vote_count"] / (f["vote_count"] + m) * f["vote_average"])
    qualified["wr"] += m / (qualified["vote_count"] + m) * c
    return qualified.sort_values(["wr", "vote_count", "id"], ascending=[False, False, True])


def test_qualified_movies_are_ordered_by_weighted_rating(catalog):
    chart = ranking.top(catalog)
    want = expected(catalog.movies)
    assert [movie.id for movie in chart.peliculas] == want["id"].tolist()
    assert chart.m == pytest.approx(catalog.movies["vote_count"].quantile(0.95))
    assert chart.C == pytest.approx(catalog.movies["vote_average"].mean())  # noqa: SIM300 (C is the formula's name, not a constant)
    assert [movie.puntaje for movie in chart.peliculas] == pytest.approx(want["wr"].round(4).tolist())


def test_ties_go_to_more_votes_then_the_smaller_id():
    tied = hand_made(
        [(9, "B", 2000, 8.0, 50, ["Drama"]), (7, "A", 2000, 8.0, 50, ["Drama"]), (8, "C", 2000, 8.0, 60, ["Drama"])]
    )
    m = pd.Series([50, 50, 60]).quantile(0.95)
    chart = ranking.top(tied)
    assert m > 50  # only the movie with 60 votes qualifies at the 95th percentile
    assert [movie.id for movie in chart.peliculas] == [8]
    tied_all = hand_made([(9, "B", 2000, 8.0, 50, ["Drama"]), (7, "A", 2000, 8.0, 50, ["Drama"])])
    assert [movie.id for movie in ranking.top(tied_all).peliculas] == [7, 9]


def test_a_genre_computes_m_and_c_within_it_and_accepts_spanish_names(catalog):
    comedy = ranking.top(catalog, "comedia")
    assert comedy.genero == "Comedy"
    assert comedy.m == pytest.approx(pd.Series([1000, 1]).quantile(0.95))
    assert comedy.C == pytest.approx((7.0 + 9.9) / 2)  # noqa: SIM300 (C is the formula's name, not a constant)
    assert [movie.id for movie in comedy.peliculas] == [3]


def test_a_genre_with_no_votes_at_all_gets_the_mean_not_a_division_by_zero(catalog):
    chart = ranking.top(catalog, "Animación")
    assert chart.m == 0 and chart.C == 0
    assert [(movie.id, movie.puntaje) for movie in chart.peliculas] == [(5, 0.0), (6, 0.0)]


def test_years_narrow_the_movies_considered(catalog):
    chart = ranking.top(catalog, desde=1995, hasta=2001)
    assert {movie.id for movie in chart.peliculas} <= {1, 2, 4}
    assert chart.C == pytest.approx((8.0 + 8.0 + 9.9) / 3)  # noqa: SIM300 (C is the formula's name, not a constant)


def test_an_empty_year_range_says_so(catalog):
    with pytest.raises(NotFound, match="Ninguna película"):
        ranking.top(catalog, desde=2020, hasta=2010)


def test_an_unknown_genre_offers_the_closest(catalog):
    with pytest.raises(NotFound) as unknown:
        ranking.top(catalog, "Comedi")
    assert unknown.value.suggestions[0] == "Comedy"


def test_n_bounds_the_length(catalog):
    assert len(ranking.top(catalog, n=1).peliculas) == 1
    assert len(ranking.top(catalog, n=0).peliculas) == 1


@pytest.mark.sample
@pytest.mark.parametrize("genre", [None, "Animation"])
def test_top_on_the_real_sample_is_exactly_the_formula(sample_catalog_dir, genre):
    args = ["top", "--json", "-n", "10", "--catalog", str(sample_catalog_dir)] + (["--genero", genre] if genre else [])
    result = run_core(*args)
    movies = pd.read_parquet(sample_catalog_dir / "catalog.parquet")
    if genre:
        movies = movies[movies["genres"].map(lambda genres: genre in list(genres))]
    want = expected(movies).head(10)
    payload = json.loads(result.stdout)
    assert [movie["id"] for movie in payload["peliculas"]] == want["id"].tolist()
    assert payload["m"] == pytest.approx(movies["vote_count"].quantile(0.95))
    assert payload["C"] == pytest.approx(movies["vote_average"].mean())
    assert set(payload) == {"peliculas", "m", "C", "mensaje"}
    assert set(payload["peliculas"][0]) == {"id", "titulo", "anio", "nota", "votos", "puntaje"}
    assert np.all(np.diff([movie["puntaje"] for movie in payload["peliculas"]]) <= 0)
