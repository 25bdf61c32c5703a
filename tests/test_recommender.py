"""The recommender and the title search, on the trap catalog and on the real head sample."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import catalog as catalog_module
from core import recommender
from core.build import training, writer
from core.errors import NotFound
from core.i18n import words
from core.search import TitleSearch
from core.service import RecommendRequest
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
def test_toy_storys_closest_in_content_hold_other_pixar_titles(sample):
    movies, search, model = sample
    found = search.search("Toy Story").chosen()
    scores = model.model.scores(found.row)
    scores[found.row] = -np.inf
    titles = set(movies["title"].iloc[np.argsort(-scores)[:10]])
    pixar = set(movies.loc[movies["production_companies"].map(lambda c: "Pixar Animation Studios" in c), "title"])
    assert titles & (pixar - {"Toy Story"})


@pytest.mark.sample
@pytest.mark.parametrize("mode", recommender.MODES)
def test_every_recommendation_has_a_reason_and_a_score(sample, mode):
    movies, search, model = sample
    items = model.recommend([search.search("Jumanji").chosen().row], mode=mode)
    assert len(items) == 5
    assert all(item.reason.said(words("es")) and item.puntaje > 0 for item in items)
    assert [item.puntaje for item in items] == sorted((item.puntaje for item in items), reverse=True)


def test_the_movie_itself_is_never_recommended(trap):
    movies, _, model = trap
    for row in range(len(movies)):
        assert int(movies["id"].iloc[row]) not in {item.id for item in model.recommend([row], k=10)}


def test_exact_duplicates_are_not_recommended(trap_raw, tmp_path):
    from core.build import build
    from tests.kaggle import movie, trap_credits, trap_movies, write_raw_dir

    raw = write_raw_dir(
        tmp_path / "dups", [*trap_movies(), movie(9999, "Toy Story", release_date="1995-10-30")], trap_credits()
    )
    build(raw, tmp_path / "out")
    loaded = catalog_module.load(tmp_path / "out")
    model = recommender.load(tmp_path / "out", loaded.movies)
    row = int(np.flatnonzero(loaded.movies["id"] == 862)[0])
    assert 9999 not in {item.id for item in model.recommend([row], k=10)}


def test_same_collection_ranks_first_with_its_reason(trap):
    movies, search, model = trap
    first = model.recommend([search.search("Toy Story").chosen().row])[0]
    assert first.titulo == "Toy Story 2"
    said = first.as_json()["razon"]
    assert said.startswith("misma colección · mismo director: John Lasseter")
    assert first.reason.said(words("en")).startswith("same collection · same director: John Lasseter")


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
@pytest.mark.parametrize(
    "junk", ["<script>alert(1)</script>", "hello world", "lorem ipsum dolor sit amet", "asdfghjkl"]
)
def test_text_that_names_no_movie_is_not_found_with_suggestions(sample, junk):
    _, search, _ = sample
    with pytest.raises(NotFound) as raised:
        search.search(junk)
    assert len(raised.value.suggestions) == 5
    assert junk[:20] in raised.value.say("en")


@pytest.mark.sample
@pytest.mark.parametrize(
    "text, title",
    [("shawshank", "The Shawshank Redemption"), ("brave heart", "Braveheart"), ("godfater", "The Godfather"),
     ("usual suspects", "The Usual Suspects"), ("jumanjii", "Jumanji")],
)  # fmt: skip
def test_a_misspelt_title_or_some_of_its_words_still_finds_it(sample, text, title):
    _, search, _ = sample
    assert search.search(text).best.titulo == title


@pytest.mark.sample
def test_suggestions_name_each_movie_once(sample):
    _, search, _ = sample
    with pytest.raises(NotFound) as error:
        search.search("[(*+?")  # close to "Shall We Dance?", whose original title is another spelling
    assert error.value.suggestions
    assert len(set(error.value.suggestions)) == len(error.value.suggestions)


def test_punctuation_alone_suggests_popular_titles(trap):
    movies, search, _ = trap
    with pytest.raises(NotFound) as raised:
        search.search("?!")
    most_voted = movies.sort_values("vote_count", ascending=False, kind="stable").iloc[0]
    assert raised.value.suggestions[0] == f"{most_voted['title']} ({most_voted['release_year']})"


def test_empty_input_suggests_popular_titles(trap):
    _, search, _ = trap
    with pytest.raises(NotFound) as raised:
        search.search("   ")
    assert len(raised.value.suggestions) == 5


def test_model_round_trips_through_save_and_load(trap_catalog_dir, tmp_path):
    movies = catalog_module.load(trap_catalog_dir).movies
    fitted = training.fit(movies)
    saved = []
    for attempt in ("first", "second"):
        with writer.Staging(tmp_path / attempt) as staging:
            staging.recommender(fitted.features, fitted.ids, fitted.weights, fitted.blocks)
            loaded = recommender.load_model(staging.folder)
            saved.append((staging.folder / recommender.MATRIX_FILE).read_bytes())
    assert (loaded.features != fitted.features).nnz == 0
    assert np.array_equal(loaded.ids, fitted.ids) and loaded.weights == fitted.weights
    assert loaded.blocks == fitted.blocks and "overview" in loaded.blocks
    assert saved[0] == saved[1]  # equal models are equal bytes


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
    assert set(payload) == {"consulta", "pelicula", "modo", "recomendaciones", "mensaje"}
    assert payload["pelicula"] == {"id": 862, "titulo": "Toy Story", "anio": 1995}
    assert payload["modo"] == "parecidas" and payload["mensaje"] == "Películas parecidas a Toy Story (1995)"
    assert set(payload["recomendaciones"][0]) == {"id", "titulo", "anio", "puntaje", "razon", "coincidencias"}


def test_recommend_command_not_found_exits_1(trap_catalog_dir):
    result = run_core("recommend", "Hamlet", "--json", "--catalog", str(trap_catalog_dir))
    assert result.returncode == 1
    assert set(json.loads(result.stdout)) == {"error", "sugerencias"}


@pytest.fixture(scope="module")
def service(sample_catalog_dir):
    from core.service import Service

    return Service.load(sample_catalog_dir)


@pytest.mark.sample
@pytest.mark.parametrize("mode", recommender.MODES)
def test_two_liked_movies_give_five_that_are_neither_each_saying_which_it_resembles(sample_catalog_dir, mode):
    result = run_core("recommend", "Toy Story", "Heat", "--modo", mode, "--json", "--catalog", str(sample_catalog_dir))
    payload = json.loads(result.stdout)
    assert set(payload) == {"consulta", "peliculas", "modo", "recomendaciones", "mensaje"}
    liked = {movie["id"]: movie["titulo"] for movie in payload["peliculas"]}
    assert set(liked.values()) == {"Toy Story", "Heat"}
    assert len(payload["recomendaciones"]) == 5
    for item in payload["recomendaciones"]:
        assert item["id"] not in liked
        said = [f"como {title}: " for title in liked.values()] + [
            f"personas a las que les gustó {title} también" for title in liked.values()
        ]
        assert any(start in item["razon"] for start in said)


def _parecidas(model, row: int) -> np.ndarray:
    """Parecidas for one liked movie as docs/design.md says it: among the movies that share a genre and
    something telling (for a family movie, family movies), the content cosine times one plus the votes'
    pull plus the ratings' pull, scaled to 1 at the best."""
    cosine = model.model.scores(row)
    genres = {tuple(g) for g in [model.card_columns["genres"][row]]}.pop()
    shares = np.array([bool(set(g) & set(genres)) for g in model.card_columns["genres"]])
    family = np.array([bool(set(g) & {"Animation", "Family"}) for g in model.card_columns["genres"]])
    alike = shares & (cosine > 0) & (family if family[row] else True)
    alike[model.copies == model.copies[row]] = False
    taught = 0.0
    if model.taught(row):
        together, after, _ = model.colikes.dense(row, len(model.prior))
        taught = together + model.weights.after * after
    score = np.where(alike, cosine * (1 + recommender.KNOWN_PULL * model.prior + recommender.RATINGS_PULL * taught), 0)
    return score / score.max()


def _gustos(model, row: int) -> tuple[np.ndarray, np.ndarray]:
    """Gustos for one liked movie as docs/design.md says it: the hybrid, a shared genre counting 1.25
    times, on its candidates that someone who liked it liked."""
    w = model.weights
    together, after, fans = model.colikes.dense(row, len(model.prior))
    hybrid = together + w.after * after + w.content * model.model.scores(row) + w.prior * model.prior
    genres = set(model.card_columns["genres"][row])
    shares = np.array([bool(set(g) & genres) for g in model.card_columns["genres"]])
    return np.where(fans > 0, hybrid * (1 + 0.25 * shares), 0), fans > 0


@pytest.mark.sample
def test_a_list_of_liked_movies_ranks_by_each_ones_score_the_last_counting_most(service):
    model = service.recommender
    toy_story, heat = (service.search.search(title).chosen().row for title in ("Toy Story", "Heat"))
    gustos = [_gustos(model, row) for row in (toy_story, heat)]
    expected = {
        "parecidas": (model.weights.recency * _parecidas(model, toy_story) + _parecidas(model, heat), None),
        "gustos": (model.weights.recency * gustos[0][0] + gustos[1][0], gustos[0][1] | gustos[1][1]),
    }
    for mode, (scores, allowed) in expected.items():
        if allowed is not None:
            scores = np.where(allowed, scores, -np.inf)
        together = model.recommend([toy_story, heat], k=5, mode=mode)
        rows = [model.rows[item.id] for item in together]
        assert [item.puntaje for item in together] == pytest.approx(
            [round(float(scores[r]), 4) for r in rows], abs=1e-3
        )
        others = np.delete(scores, [toy_story, heat, *rows])
        assert min(item.puntaje for item in together) >= others.max() - 1e-3


@pytest.mark.sample
@pytest.mark.parametrize("mode", recommender.MODES)
def test_since_a_year_gives_only_movies_from_that_year_on(service, mode):
    found = service.recommend(RecommendRequest(titles=("toy story",), desde=1998, modo=mode)).items
    assert len(found) == 5
    assert all(item.anio >= 1998 for item in found)


@pytest.mark.sample
def test_genre_and_language_filters_narrow_the_candidates(service):
    movies = service.catalog.movies.set_index("id")
    found = service.recommend(RecommendRequest(titles=("Heat",), genero="comedia", idioma="en")).items
    assert found
    for item in found:
        assert "Comedy" in list(movies.at[item.id, "genres"])
        assert movies.at[item.id, "original_language"] == "en"


@pytest.mark.sample
@pytest.mark.parametrize(
    ("filters", "named"),
    [
        ({"desde": 2030}, "desde 2030"),
        ({"hasta": 1800}, "hasta 1800"),
        ({"genero": "Western", "idioma": "ja"}, "idioma"),
    ],
)
def test_a_filter_that_leaves_nothing_is_named(service, filters, named):
    with pytest.raises(NotFound, match=named):
        service.recommend(RecommendRequest(titles=("Toy Story",), **filters))


@pytest.mark.sample
def test_at_most_five_liked_movies():
    with pytest.raises(NotFound, match="entre 1 y 5"):
        RecommendRequest(titles=("Heat",) * 6)


def independent_coincidences(raw_dir, liked_id: int, other_id: int) -> int | None:
    """From the raw files with pandas alone: people who liked both (4.0 or more), None when none rated both."""
    import pandas as pd

    links = pd.read_csv(raw_dir / "links_small.csv.gz").dropna(subset=["tmdbId"])
    ratings = pd.read_csv(raw_dir / "ratings_small.csv.gz").merge(links, on="movieId")
    ratings = ratings.sort_values("timestamp", kind="stable").drop_duplicates(["userId", "tmdbId"], keep="last")
    by = {movie: ratings[ratings["tmdbId"] == movie].set_index("userId")["rating"] for movie in (liked_id, other_id)}
    both = by[liked_id].index.intersection(by[other_id].index)
    if len(both) == 0:
        return None
    return int(((by[liked_id][both] >= 4) & (by[other_id][both] >= 4)).sum())


@pytest.mark.sample
@pytest.mark.parametrize("mode", recommender.MODES)
def test_each_recommendation_says_how_many_people_liked_both_as_the_ratings_do(sample, sample_raw, mode):
    movies, search, model = sample
    toy_story = search.search("Toy Story").chosen().row
    found = model.recommend([toy_story], k=20, mode=mode)
    assert [item.coincidencias for item in found] == [
        independent_coincidences(sample_raw, 862, item.id) for item in found
    ]
    assert any(item.coincidencias for item in found)  # some were liked by people who liked Toy Story


@pytest.mark.sample
def test_what_people_also_liked_holds_only_movies_someone_who_liked_it_liked(sample, sample_raw):
    movies, search, model = sample
    found = model.recommend([search.search("Toy Story").chosen().row], k=20, mode=recommender.LIKED_TOO)
    assert len(found) == 20 and all(item.coincidencias >= 1 for item in found)
    said = found[0].as_json()["razon"]
    assert (
        said
        == f"A {found[0].coincidencias} de las {model.liked_by(0)} personas a las que les gustó Toy Story también les gustó esta"
    )


@pytest.mark.sample
def test_the_build_counts_the_ratings_it_read(sample_catalog_dir, sample_raw):
    import gzip
    import json

    read = json.loads((sample_catalog_dir / "manifest.json").read_text())["ratings"]
    with gzip.open(sample_raw / "ratings_small.csv.gz", "rt") as lines:
        assert read["ratings"] == sum(1 for _ in lines) - 1
    assert read["people"] == 671
    assert read["ratings"] == read["of_catalog_movies"] + read["not_a_rating"] + read["of_other_movies"]


def test_without_ratings_there_is_no_count_to_tell(trap, trap_catalog_dir):
    import json

    movies, search, model = trap
    found = model.recommend([search.search("Toy Story").chosen().row], k=3)
    assert found and all(item.coincidencias is None for item in found)
    assert all("fans" not in item.reason.said(words("es")) for item in found)
    assert json.loads((trap_catalog_dir / "manifest.json").read_text())["ratings"] is None
