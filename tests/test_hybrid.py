"""The hybrid recommender as served: siblings first, co-likes where people rated, content and votes
where nobody did; on the real sample and on handmade co-likes."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from core import catalog as catalog_module
from core import recommender
from core.search import TitleSearch


@pytest.fixture(scope="module")
def sample(sample_catalog_dir):
    loaded = catalog_module.load(sample_catalog_dir)
    return loaded.movies, TitleSearch(loaded), recommender.load(sample_catalog_dir, loaded.movies)


def _titles(sample, title: str, k: int = 5) -> list[str]:
    _, search, model = sample
    return [item.titulo for item in model.similar_movies(search.search(title).chosen().row, k=k)]


@pytest.mark.sample
def test_the_sample_build_serves_the_hybrid_with_what_the_ratings_taught(sample):
    _, _, model = sample
    assert model.together is not None and model.after is not None
    assert model.together.nnz > 0 and model.after.nnz > 0


@pytest.mark.sample
def test_the_godfathers_sequels_come_first(sample):
    assert _titles(sample, "The Godfather")[:2] == ["The Godfather: Part II", "The Godfather: Part III"]


@pytest.mark.sample
def test_goldeneye_is_followed_by_other_bond_films(sample):
    movies, search, model = sample
    bond = set(movies.loc[movies["collection"] == "James Bond Collection", "title"]) - {"GoldenEye"}
    first = _titles(sample, "GoldenEye")[: recommender.SIBLINGS]
    assert len(bond) >= recommender.SIBLINGS and set(first) <= bond


@pytest.mark.sample
def test_recommendations_for_toy_story_are_movies_its_fans_liked(sample):
    _, search, model = sample
    items = model.similar_movies(search.search("Toy Story").chosen().row)
    assert all(item.coincidencias and item.coincidencias > 0 for item in items)


@pytest.mark.sample
def test_a_liked_movie_nobody_rated_is_answered_from_content_and_votes(sample):
    movies, _, model = sample
    row = next(
        row
        for row in range(len(movies))
        if not model.taught(row) and model.collections[row] < 0 and movies["genres"].iloc[row]
    )
    expected = model.model.scores(row) + model.weights.alone * model.prior
    expected[model.copies == model.copies[row]] = -np.inf
    best = np.lexsort((model.model.ids, -expected))[:5]
    items = model.similar_movies(row)
    assert [item.id for item in items] == model.model.ids[best].tolist()


def test_a_movie_with_thin_metadata_but_ratings_is_answered_from_co_likes(trap_catalog_dir):
    movies = catalog_module.load(trap_catalog_dir).movies
    plain = recommender.load(trap_catalog_dir, movies)  # the trap catalog has no ratings
    thin, other = (int(np.flatnonzero(movies["title"] == title)[0]) for title in ("Future Film", "Old Film"))
    assert not movies["genres"].iloc[thin] and not plain.taught(thin)
    taught = sparse.csr_matrix(([1.0, 1.0], ([thin, other], [other, thin])), shape=(len(movies), len(movies)))
    model = recommender.Recommender.of(plain.model, movies, colikes=(taught, taught))
    (item,) = model.similar_movies(thin, k=1)
    assert item.titulo == "Old Film"
    assert item.razon == "gustó a quienes les gustó Future Film"
    (english,) = model.similar_to_all([thin], k=1, language="en")
    assert english.razon == "liked by people who liked Future Film"


@pytest.mark.parametrize(
    "both, likers, spanish, english",
    [(31, 58, "A 31 de las 58 personas a las que les gustó Heat también les gustó esta",
      "31 of the 58 people who liked Heat also liked this one"),
     (1, 58, "A 1 de las 58 personas a las que les gustó Heat también le gustó esta",
      "1 of the 58 people who liked Heat also liked this one"),
     (0, 58, "A ninguna de las 58 personas a las que les gustó Heat le gustó esta",
      "None of the 58 people who liked Heat liked this one"),
     (1, 1, "A la única persona a la que le gustó Heat también le gustó esta",
      "The one person who liked Heat also liked this one"),
     (0, 1, "A la única persona a la que le gustó Heat no le gustó esta",
      "The one person who liked Heat did not like this one"),
     (0, 0, "", "")],
)  # fmt: skip
def test_how_many_liked_both_is_said_in_agreement_with_its_numbers(both, likers, spanish, english):
    assert recommender.liked_both_said(both, likers, "Heat", "es") == spanish
    assert recommender.liked_both_said(both, likers, "Heat", "en") == english
