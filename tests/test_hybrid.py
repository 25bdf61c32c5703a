"""The recommender's two lists as served: movies like the movie (parecidas) and what the people who liked
it also liked (gustos); siblings first, reasons that are true; on the real sample and on handmade ratings."""

from __future__ import annotations

import json

import numpy as np
import pytest

from core import catalog as catalog_module
from core import recommender
from core.i18n import words
from core.learnt import Colikes, Ratings
from core.reasons import Reason, liked_both_said, shared_facts
from core.search import TitleSearch
from tests.test_cli_build import run_core

FAMILY = {"Animation", "Family"}


@pytest.fixture(scope="module")
def sample(sample_catalog_dir):
    loaded = catalog_module.load(sample_catalog_dir)
    return loaded.movies, TitleSearch(loaded), recommender.load(sample_catalog_dir, loaded.movies)


def _titles(sample, title: str, k: int = 5, mode: str = recommender.SIMILAR) -> list[str]:
    _, search, model = sample
    return [item.titulo for item in model.recommend([search.search(title).chosen().row], k=k, mode=mode)]


@pytest.mark.sample
def test_the_sample_build_serves_the_hybrid_with_what_the_ratings_taught(sample):
    _, _, model = sample
    assert model.colikes is not None and model.ratings is not None
    taught = model.colikes
    assert (np.asarray(taught.together) > 0).any() and (np.asarray(taught.after) > 0).any()
    assert (np.asarray(taught.fans) > 0).any() and taught.likers.max() > 0


@pytest.mark.sample
@pytest.mark.parametrize("mode", recommender.MODES)
def test_the_godfathers_sequels_come_first(sample, mode):
    assert _titles(sample, "The Godfather", mode=mode)[:2] == ["The Godfather: Part II", "The Godfather: Part III"]


@pytest.mark.sample
@pytest.mark.parametrize("mode", recommender.MODES)
def test_goldeneye_is_followed_by_other_bond_films(sample, mode):
    movies, search, model = sample
    bond = set(movies.loc[movies["collection"] == "James Bond Collection", "title"]) - {"GoldenEye"}
    first = _titles(sample, "GoldenEye", mode=mode)[: recommender.SIBLINGS]
    assert len(bond) >= recommender.SIBLINGS and set(first) <= bond


@pytest.mark.sample
def test_toy_storys_similar_movies_are_the_family_animation_people_know(sample):
    similar = _titles(sample, "Toy Story")
    assert {"Aladdin", "The Lion King", "A Bug's Life"} & set(similar)
    assert not {"Pulp Fiction", "Star Wars", "Forrest Gump"} & set(similar)


@pytest.mark.sample
@pytest.mark.parametrize("ratings", [True, False], ids=["with ratings", "without"])
def test_similar_movies_share_a_genre_and_a_family_movie_gets_family_movies(sample, ratings):
    movies, _, served = sample
    model = served if ratings else recommender.Recommender.of(served.model, movies)
    genres = [set(names) for names in movies["genres"]]
    known = np.flatnonzero(movies["vote_count"].to_numpy() >= 50)
    for row in known[::4]:
        for item in model.recommend([int(row)], k=10):
            theirs = genres[model.rows[item.id]]
            assert theirs & genres[row], (movies["title"].iloc[row], item.titulo)
            if genres[row] & FAMILY:
                assert theirs & FAMILY, (movies["title"].iloc[row], item.titulo)


@pytest.mark.sample
def test_without_ratings_each_movie_gets_a_list_of_its_own(sample):
    movies, search, served = sample
    model = recommender.Recommender.of(served.model, movies)
    lists = [
        {item.id for item in model.recommend([search.search(title).chosen().row])}
        for title in ("Toy Story", "The Lion King", "Heat", "Casino")
    ]
    assert len(set.union(*lists)) >= 15  # the same most-voted five for every movie was 5


@pytest.mark.sample
def test_what_people_also_liked_is_what_toy_storys_fans_liked(sample):
    _, search, model = sample
    items = model.recommend([search.search("Toy Story").chosen().row], mode=recommender.LIKED_TOO)
    assert len(items) == 5 and all(item.coincidencias and item.coincidencias > 0 for item in items)


@pytest.mark.sample
def test_a_reason_names_the_words_both_plots_share_and_the_rarest_only(sample):
    items = {item.titulo: item for item in _recommended(sample, "The Godfather")}
    said = items["The Godfather: Part II"].reason.said(words("es"))
    assert said.startswith("misma colección") and "argumento: corleone" in said
    assert all(
        "argumento: " not in item.reason.said(words("es")) or " man" not in item.reason.said(words("es"))
        for item in items.values()
    )


def _recommended(sample, title: str, mode: str = recommender.SIMILAR):
    _, search, model = sample
    return model.recommend([search.search(title).chosen().row], k=10, mode=mode)


@pytest.mark.sample
def test_a_liked_movie_nobody_rated_gets_similar_movies_and_no_list_of_what_its_fans_liked(sample, sample_catalog_dir):
    movies, _, model = sample
    row = next(
        row for row in range(len(movies)) if not model.ratings.rated(row) and len(movies["genres"].iloc[row]) >= 2
    )
    assert model.recommend([row]) and not model.recommend([row], mode=recommender.LIKED_TOO)
    assert model.why_none([row], recommender.LIKED_TOO) == "none_nobody_rated"
    movie_id = str(movies["id"].iloc[row])
    result = run_core(
        "recommend", "--ids", movie_id, "--modo", "gustos", "--json", "--catalog", str(sample_catalog_dir)
    )
    answer = json.loads(result.stdout)
    assert result.returncode == 0 and answer["recomendaciones"] == []
    assert answer["mensaje"].startswith("Nadie en las valoraciones puntuó")


def test_a_build_without_ratings_says_so_for_what_people_also_liked(trap_catalog_dir):
    result = run_core("recommend", "Toy Story", "--modo", "gustos", "--catalog", str(trap_catalog_dir))
    assert result.returncode == 0
    assert result.stdout.startswith("Este catálogo se construyó sin valoraciones")
    similar = run_core("recommend", "Toy Story", "--catalog", str(trap_catalog_dir))
    assert similar.returncode == 0 and "Toy Story 2" in similar.stdout


def test_a_movie_with_thin_metadata_but_ratings_gets_what_its_fans_liked(trap_catalog_dir):
    movies = catalog_module.load(trap_catalog_dir).movies
    plain = recommender.load(trap_catalog_dir, movies)  # the trap catalog has no ratings
    thin, other = (int(np.flatnonzero(movies["title"] == title)[0]) for title in ("Future Film", "Old Film"))
    assert not movies["genres"].iloc[thin] and not plain.taught(thin)
    # One person liked both: 5 stars to the thin one, 4.5 to the other; each is the other's one candidate.
    first, second = sorted((thin, other))
    lengths = np.zeros(len(movies), np.int64)
    lengths[[thin, other]] = 1
    ones, likers = np.ones(2, np.float32), np.zeros(len(movies), np.int64)
    likers[[thin, other]] = 1
    taught = Colikes.of(np.r_[0, np.cumsum(lengths)], [second, first], ones, ones, np.ones(2, np.int32), likers)
    rated = np.zeros(len(movies), np.int64)
    rated[[thin, other]] = 1
    twice = {thin: 10, other: 9}
    ratings = Ratings(
        np.r_[0, np.cumsum(rated)], np.zeros(2, np.int32), np.array([twice[first], twice[second]], np.uint8)
    )
    plot_words = plain.plot_words.tolist()
    model = recommender.Recommender.of(plain.model, movies, ratings, taught, plot_words=plot_words)
    (item,) = model.recommend([thin], k=1, mode=recommender.LIKED_TOO)
    assert item.titulo == "Old Film" and item.coincidencias == 1
    assert item.as_json()["razon"] == "A la única persona a la que le gustó Future Film también le gustó esta"
    assert item.reason.said(words("en")) == "The one person who liked Future Film also liked this one"
    # It shares one plot word with Old Film ("The story of Old Film."), and nothing with the others.
    (similar,) = model.recommend([thin], k=3)
    assert similar.titulo == "Old Film"
    assert similar.reason.said(words("es")) == "argumento: film · gustó al único fan de Future Film"


def test_a_reason_says_each_shared_fact_once_strongest_first():
    liked = {
        "collection": "Toy Story Collection",
        "directors": ["John Lasseter"],
        "cast": ["Tom Hanks", "Tim Allen"],
        "keywords": ["toy", "friendship"],
        "genres": ["Animation", "Comedy", "Family"],
    }
    other = {**liked, "cast": ["Tim Allen", "Joan Cusack"], "keywords": ["friendship"], "genres": ["Family"]}
    facts = shared_facts(liked, other, ["friendship", "woody"])
    assert facts == (("collection", ()), ("directors", ("John Lasseter",)), ("cast", ("Tim Allen",)))
    other = {**other, "collection": None, "directors": []}
    said = Reason("Toy Story", shared_facts(liked, other, ["friendship", "woody"]), several=True).said(words("es"))
    assert said == "como Toy Story: reparto: Tim Allen · tema: friendship · argumento: woody"


@pytest.mark.parametrize(
    "translated, spanish, english",
    [(True, "géneros: Animación, Familia", "genres: Animation, Family"),
     (False, "géneros: Animation, Family", "genres: Animation, Family")],
)  # fmt: skip
def test_a_reasons_genres_are_the_interfaces_and_the_json_keeps_tmdbs(translated, spanish, english):
    reason = Reason("Toy Story", (("genres", ("Animation", "Family")),))
    assert reason.said(words("es", not translated)) == spanish and reason.said(words("en", not translated)) == english


def test_a_reason_says_how_many_fans_liked_it_when_that_lifted_it():
    reason = Reason("Heat", (("genres", ("Crime",)),), both=37, likers=67)
    assert reason.said(words("es")) == "género: Crimen · gustó a 37 de los 67 fans de Heat"
    assert reason.said(words("en")) == "genre: Crime · liked by 37 of the 67 fans of Heat"


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
    assert liked_both_said(both, likers, "Heat", words("es")) == spanish
    assert liked_both_said(both, likers, "Heat", words("en")) == english


@pytest.mark.sample
def test_no_reason_names_a_contractions_tail_as_a_word_both_plots_share(sample):
    """Every plot word a reason names stands in both plots as a word of its own, never only as the tail of
    a contraction ("he'll", "aren't", "don't": ll, aren, don); a possessive is its word (Max's is max)."""
    movies, _, model = sample
    overview = movies["overview"].fillna("").to_numpy()
    known = np.flatnonzero(movies["vote_count"].to_numpy() >= 50)
    checked = 0
    for row in known:
        for item in model.recommend([int(row)], k=10):
            for kind, names in item.reason.shared:
                for word in names if kind == "plot" else ():
                    for text in (overview[row], overview[model.rows[item.id]]):
                        assert _stands(word, text), (word, text)
                    checked += 1
    assert checked > 100
    assert not {"ll", "re", "ve", "aren", "isn", "doesn", "didn", "wasn"} & set(model.plot_words)  # nor counted


def _stands(word: str, text: str) -> bool:
    """Whether `word` stands in `text` as a word of its own somewhere: a token as scikit-learn splits words,
    and not a contraction's tail (after an apostrophe: he'll, they're) nor its head before n't (don't)."""
    import re

    for found in re.finditer(r"(?u)\b\w\w+\b", text.lower()):
        if found.group() != word:
            continue
        tail = word in ("ll", "re", "ve") and text[found.start() - 1 : found.start()] in ("'", "’")
        head = re.match(r"['’]t\b", text[found.end() : found.end() + 3]) is not None
        if not (tail or head):
            return True
    return False


@pytest.mark.parametrize(
    "text, words",
    [("He'll see they're sure", "he see they sure"), ("aren't, don't, can't, won't", "are, do, can, will"),
     ("Max's dog and it’s curly", "max dog and it curly"), ("O'Brien's rock'n'roll", "o'brien rock'n'roll")],
)  # fmt: skip
def test_a_contraction_is_counted_as_its_first_word(text, words):
    from core.text import words_of

    assert words_of(text) == words
