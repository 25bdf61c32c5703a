"""The evaluation on real ratings: its protocol on a handmade file, and `python -m core evaluate` on the sample."""

from __future__ import annotations

import json

import numpy as np
import pytest

from core.build import colikes, evaluate
from tests.test_cli_build import run_core
from tests.test_colikes import rated


def test_the_movie_to_find_is_the_last_liked_and_what_was_told_the_five_liked_before():
    person = [(7, row, 5.0, 100 + row) for row in range(8)]  # liked 0…7 in this order
    person += [(7, 8, 2.0, 50), (7, 9, 4.0, 106.5)]  # 9 comes between 6 and 7
    (case,) = evaluate.cases(rated(person, 10))
    assert case.target == 7  # the last liked, by time
    assert case.history == [3, 4, 5, 6, 9]  # up to five liked before it, oldest first
    assert sorted(case.seen) == [0, 1, 2, 3, 4, 5, 6, 8, 9]  # everything rated but the target


def test_people_with_fewer_than_three_liked_movies_are_not_measured():
    two_liked = [(1, 0, 4.0, 1), (1, 1, 4.5, 2), (1, 2, 3.5, 3), (1, 3, 1.0, 4)]
    assert evaluate.cases(rated(two_liked, 4)) == []


def test_a_hit_counts_only_the_movies_not_seen_and_ndcg_rewards_the_top():
    case = evaluate.Case(target=3, history=[0], seen=np.array([0, 1, 2]))
    scores = np.array([9.0, 8.0, 7.0, 6.0, 1.0] + [0.0] * 20)  # 0–2 are seen: the target is first of the rest
    assert evaluate.measure(lambda rows, excluded: scores, [case], "last", np.arange(len(scores))) == {
        "hr@10": 1.0,
        "ndcg@10": 1.0,
    }
    scores[4:15] = 100.0  # eleven unseen movies above it: out of the ten
    assert evaluate.measure(lambda rows, excluded: scores, [case], "last", np.arange(len(scores))) == {
        "hr@10": 0.0,
        "ndcg@10": 0.0,
    }


def _many(people: int, movies: int, seed: int = 0) -> list[tuple]:
    rng = np.random.default_rng(seed)
    return [
        (user, int(row), float(rng.choice([2.5, 3, 4, 4.5, 5])), int(time))
        for user in range(1, people + 1)
        for time, row in enumerate(rng.choice(movies, int(rng.integers(4, 12)), replace=False))
    ]


def test_each_fold_measures_at_most_so_many_people_the_same_ones_every_time(monkeypatch):
    monkeypatch.setattr(evaluate, "MEASURED", 10)
    ratings = rated(_many(200, 30), 30)
    chosen = evaluate.measured_people(ratings)
    assert all(len(people) == 10 for people in chosen.values())
    assert all((ratings.users[people] % evaluate.FOLDS == fold).all() for fold, people in chosen.items())
    assert {fold: people.tolist() for fold, people in evaluate.measured_people(ratings).items()} == {
        fold: people.tolist() for fold, people in chosen.items()
    }


@pytest.mark.parametrize("shelved", [False, True], ids=["kept in memory", "kept on disk"])
@pytest.mark.parametrize("few", [False, True], ids=["each fold apart", "all apart at once"])
def test_nobody_is_measured_by_what_was_learnt_from_them(tmp_path, monkeypatch, few, shelved):
    """A variant of what is learnt is what counting without its people gives: the counts of everyone less
    theirs, for each row it is asked about; the same whether what measuring takes waits in memory or on disk."""
    monkeypatch.setattr(evaluate, "MEASURED", 6)
    monkeypatch.setattr(evaluate, "APART", 1.0 if few else 0.0)
    everyone = rated(_many(120, 25, seed=4), 25)
    measuring = evaluate.Measuring(everyone, tmp_path if shelved else None)
    assert (measuring.shelf.file is not None) is shelved
    colikes.fit(colikes.Likes.of(everyone), tmp_path, also=measuring.take)
    assert measuring.apart is few
    people = evaluate.measured_people(everyone)
    for key, asked in measuring.asked.items():
        kept_out = np.concatenate([people[fold] for fold in key])
        others = everyone.of(np.setdiff1d(np.arange(everyone.people), kept_out))
        alone = colikes.candidates(colikes.count(colikes.Likes.of(others), range(25)))
        for row in asked.tolist():
            movies, _, _, fans = measuring.shelf.get(measuring.taken[key][row])
            assert np.array_equal(movies, alone.candidates(row)), (key, row)
            assert np.allclose(fans, alone.fans[alone.starts[row] : alone.starts[row + 1]])


def test_the_plain_co_likes_baseline_is_who_liked_both_over_the_geometric_mean_of_their_likers():
    liked = rated([(1, 0, 5, 1), (1, 1, 4, 2), (2, 0, 4, 1), (2, 1, 5, 2), (2, 2, 3, 3), (3, 1, 4.5, 1)], 3)
    counts = colikes.count(colikes.Likes.of(liked), range(3))
    (columns, values), *_ = evaluate._plain(counts, np.full(3, 10))  # 3.0 is learnt from, not a like
    assert columns.tolist() == [1] and values[0] == pytest.approx(2 / np.sqrt(2 * 3))


@pytest.mark.sample
def test_evaluate_measures_both_lists_on_both_axes_beside_the_baselines(sample_catalog_dir, sample_raw):
    result = run_core("evaluate", "--json", "--catalog", str(sample_catalog_dir), "--raw", str(sample_raw))
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    models = figures["models"]
    baselines = {"random", "most voted", "weighted rating", "content", "co-likes"}
    assert set(models) == baselines | {"parecidas, no ratings", "parecidas", "gustos"}
    assert figures["people"] > 100  # of the 671, those held out with three liked movies in the sample
    for protocol in evaluate.PROTOCOLS:
        hr = {name: by_protocol[protocol]["hr@10"] for name, by_protocol in models.items()}
        assert all(0 <= value <= 1 for value in hr.values())
        # What the ratings say about the sample, as measured independently: the content model alone
        # rarely finds the next liked movie, popularity and co-likes do far better than chance.
        assert hr["random"] < hr["most voted"] and hr["content"] < hr["most voted"] < hr["co-likes"]
        # What people also liked finds more than any baseline; similar movies more than content alone.
        assert hr["gustos"] > max(hr[name] for name in baselines)
        assert hr["parecidas"] > hr["parecidas, no ratings"] > hr["content"]
    alike = {name: by_model["alike"] for name, by_model in models.items() if "alike" in by_model}
    assert set(alike) == baselines - {"random"} | {"parecidas, no ratings", "parecidas", "gustos"}
    for name in ("parecidas", "parecidas, no ratings"):  # never a movie that shares no genre with it
        assert alike[name]["genre"] == 1.0 and alike[name]["audience"] == 1.0
        assert alike[name]["lists"] == figures["alike_over"]
    assert alike["most voted"]["top10"] > 0.99  # the same ten for every movie: what the lists must not become
    assert set(figures["weights"]) == {"after", "content", "prior", "recency"}
    assert figures["from"] == {"file": "ratings_small.csv.gz", "people": 671, "ratings": 100_004}
    # The build measured the same, and keeps it in the manifest for the app.
    assert json.loads((sample_catalog_dir / "manifest.json").read_text())["quality"] == figures


def test_how_like_the_movie_lists_are_is_counted_over_the_lists_places():
    genres = [["Animation", "Family"], ["Animation"], ["Drama"], ["Family", "Comedy"], ["Drama", "Crime"], []]
    names = ["Animation", "Family", "Drama", "Comedy", "Crime"]
    membership = np.array([[name in movie for name in names] for movie in genres])
    lists = {"made": lambda row: {0: np.array([1, 2]), 2: np.array([4, 0]), 5: np.array([1])}.get(row, np.array([]))}
    (figures,) = evaluate.alike(lists, membership, membership[:, :2].any(axis=1), np.array([0, 2, 3, 5])).values()
    # 0 gets 1 (shares Animation) and 2 (shares nothing); 2 gets 4 (Drama) and 0 (nothing); 3 gets no list;
    # 5 has no genre to share: its list counts for places, not for genres.
    assert figures["genre"] == 0.5 and figures["audience"] == 0.5  # 0 is a family movie: 1 is, 2 is not
    assert figures["lists"] == 3 and figures["distinct"] == 4
    assert figures["top10"] == 1.0  # five places, four movies: the ten most listed take them all


def test_evaluate_without_ratings_is_one_line_and_exit_2(sample_catalog_dir, tmp_path):
    result = run_core("evaluate", "--catalog", str(sample_catalog_dir), "--raw", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "ratings_small.csv" in result.stderr


@pytest.mark.sample
@pytest.mark.parametrize(
    "lang, heading", [("es", "HR@10 · desde la última que gustó"), ("en", "HR@10 · from the last liked movie")]
)
def test_the_recomendador_shows_the_builds_quality_figures_in_both_languages(
    sample_catalog_dir, monkeypatch, lang, heading
):
    from streamlit.testing.v1 import AppTest

    from tests.test_app import APP

    figures = json.loads((sample_catalog_dir / "manifest.json").read_text())["quality"]
    monkeypatch.setenv("FILMOTECA_CATALOG_DIR", str(sample_catalog_dir))
    app = AppTest.from_file(APP, default_timeout=60)
    app.switch_page("pages/recomendador.py")
    app.query_params["lang"] = lang
    app.session_state["quality-open"] = True  # Calidad opened: its figures are drawn
    app.run()
    assert not app.exception
    table = app.dataframe[-1].value
    assert len(table) == len(figures["models"])
    assert table[heading].tolist() == [model["last"]["hr@10"] for model in figures["models"].values()]
    assert str(figures["people"]) in " ".join(caption.value for caption in app.caption)
