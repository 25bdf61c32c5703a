"""What the ratings teach the hybrid (core.build.colikes), on handmade ratings: counted block by block,
by groups of people that add up, and kept as each movie's candidates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.build import colikes
from core.build.ratings import Rated
from core.learnt import Colikes


def rated(rows: list[tuple], movies: int) -> Rated:
    """Ratings (user, row, stars, time) as the streamed reader gives them: person by person, in time order."""
    frame = pd.DataFrame(rows, columns=["user", "row", "rating", "time"]).sort_values(["user", "time"], kind="stable")
    users, counts = np.unique(frame["user"].to_numpy(), return_counts=True)
    return Rated(
        users,
        np.r_[0, np.cumsum(counts)].astype(np.int64),
        frame["row"].to_numpy(np.int32),
        np.round(frame["rating"].to_numpy() * 2).astype(np.uint8),
        movies,
        {},
    )


def counted(ratings: list[tuple], movies: int) -> colikes.Counts:
    likes = colikes.Likes.of(rated(ratings, movies))
    return colikes.count(likes, range(movies))


def test_together_counts_each_person_by_how_many_movies_they_liked():
    # Person 1 liked movies 0 and 1; person 2 liked 0, 1 and 2; person 3 gave 2 a 2.5: no like.
    ratings = [(1, 0, 4, 1), (1, 1, 3, 2), (2, 0, 5, 1), (2, 1, 4, 2), (2, 2, 4, 3), (3, 2, 2.5, 1)]
    counts = counted(ratings, 4)
    together = counts.together.toarray()
    assert together[0, 1] == pytest.approx(1 / np.log2(3) + 1 / np.log2(4))  # two likes, three likes
    assert together[0, 2] == pytest.approx(1 / np.log2(4))
    assert counts.likers.tolist() == [2, 2, 1, 0]  # the 2.5 is no like; nobody liked movie 3
    # fans: the people who liked both with 4 or more (person 1's 3.0 is learnt from, not a like).
    assert counts.fans.toarray()[0, 1] == 1 and counts.fans.toarray()[0, 2] == 1
    assert counts.loved.tolist() == [2, 1, 1, 0]


def test_after_counts_only_likes_within_the_window_of_each_other():
    size = colikes.WINDOW + 2
    after = counted([(1, row, 5.0, row) for row in range(size)], size).after.toarray()  # liked in this order
    assert after[0, colikes.WINDOW] > 0 and after[colikes.WINDOW, 0] > 0  # both ways
    assert after[0, colikes.WINDOW + 1] == 0  # one further is outside


def test_the_order_that_counts_is_the_time_each_was_rated_not_the_files():
    # Rated 0 first, then 2 at time 50, then 1 at time 100 (listed in another order): 0 and 1 are 2 apart.
    ratings = [(1, 1, 5.0, 100), (1, 0, 5.0, 1), (1, 2, 5.0, 50)] + [(1, 3 + n, 5.0, 60 + n) for n in range(30)]
    after = counted(ratings, 33).after.toarray()
    assert after[2, 3] > 0 and after[0, 32] == 0  # 2 and 3 are neighbours in time; 0 and 32 are 32 apart


def test_each_movie_keeps_its_best_neighbours_scaled_to_one_and_never_itself(monkeypatch):
    monkeypatch.setattr(colikes, "NEIGHBOURS", 2)
    monkeypatch.setattr(colikes, "DEPTH", 2)
    # Movie 0 is liked with 1 by three people, with 2 by two, with 3 by one.
    people = {1: [0, 1, 2, 3], 2: [0, 1, 2], 3: [0, 1]}
    counts = counted([(user, row, 5.0, row) for user, rows in people.items() for row in rows], 4)
    found = colikes.candidates(counts)
    together, _, fans = found.dense(0, 4)
    assert together[0] == 0 and together.max() == pytest.approx(1.0)
    assert list(found.candidates(0)) == [1, 2]  # the weakest neighbour is dropped
    assert together[1] > together[2] > 0
    assert fans[1] == 3 and fans[2] == 2


def test_a_movies_collection_is_among_its_candidates_whatever_its_counts(monkeypatch):
    monkeypatch.setattr(colikes, "NEIGHBOURS", 1)
    monkeypatch.setattr(colikes, "DEPTH", 1)
    people = {1: [0, 1, 2, 3], 2: [0, 1, 2], 3: [0, 1]}
    counts = counted([(user, row, 5.0, row) for user, rows in people.items() for row in rows], 4)
    kin = colikes.Kin.of(np.array([7, -1, -1, 7]))  # 0 and 3 are one collection
    assert list(colikes.candidates(counts).candidates(0)) == [1]
    assert list(colikes.candidates(counts, kin).candidates(0)) == [1, 3]


def _random_ratings(seed: int, people: int, movies: int, each: int) -> list[tuple]:
    rng = np.random.default_rng(seed)
    return [
        (user, int(row), float(rng.choice([2, 3, 3.5, 4, 4.5, 5])), int(time))
        for user in range(people)
        for time, row in enumerate(rng.choice(movies, each, replace=False))
    ]


def test_counts_of_groups_of_people_add_up_to_the_counts_of_all():
    ratings = _random_ratings(1, 30, 40, 12)
    even, odd = ([r for r in ratings if r[0] % 2 == parity] for parity in (0, 1))
    summed, whole = counted(even, 40) + counted(odd, 40), counted(ratings, 40)
    for name in ("together", "after", "fans"):
        assert np.allclose(getattr(summed, name).toarray(), getattr(whole, name).toarray())
    assert np.array_equal(summed.likers, whole.likers) and np.array_equal(summed.loved, whole.loved)
    assert np.allclose((whole - counted(odd, 40)).together.toarray(), counted(even, 40).together.toarray())


def test_counting_block_by_block_on_two_threads_gives_what_one_block_gives(tmp_path, monkeypatch):
    ratings = _random_ratings(2, 60, 50, 15)
    whole = colikes.candidates(counted(ratings, 50))
    monkeypatch.setattr(colikes, "BLOCK_PAIRS", 40)  # a few movies a block
    likes = colikes.Likes.of(rated(ratings, 50))
    assert len(list(colikes.blocks(likes))) > 5
    found = colikes.fit(likes, tmp_path, threads=2)
    for name in ("starts", "movies", "together", "after", "fans"):
        assert np.array_equal(np.asarray(getattr(found, name)), np.asarray(getattr(whole, name))), name
    assert found.likers.tolist() == counted(ratings, 50).loved.tolist()
    assert Colikes.load(tmp_path) is not None and not list(tmp_path.glob("*.part"))


def test_the_likes_spilled_a_few_movies_at_a_time_are_where_counting_all_at_once_puts_them(tmp_path, monkeypatch):
    """The counting's places of the likes, movie by movie, written to disk piece by piece (to hold less), are
    those a sort of every like by movie, then place, gives, and those held in memory; so are the likers,
    counted piece by piece; and the LIKED flags, gone once spilled, are in the places and the LIKED matrix."""
    ratings = _random_ratings(3, 40, 30, 12)
    whole = colikes.Likes.of(rated(ratings, 30))
    order = np.lexsort((np.arange(len(whole.rows)), whole.rows))
    codes, starts = order * 2 + whole.loved[order], np.r_[0, np.cumsum(np.bincount(whole.rows, minlength=30))]
    for piece in (1, 7, 10**6):
        monkeypatch.setattr(colikes, "SPILL_PIECE", piece)
        monkeypatch.setattr(colikes, "SEGMENT_PIECE", piece)
        likes = colikes.Likes.of(rated(ratings, 30))
        likers = likes.likers()
        assert likers[0].tolist() == np.bincount(whole.rows, minlength=30).tolist()
        assert likers[1].tolist() == np.bincount(whole.rows[whole.loved], minlength=30).tolist()
        held, held_starts = colikes.Likes.of(rated(ratings, 30)).by_movie
        assert np.array_equal(held, codes) and np.array_equal(held_starts, starts), piece
        likes.spill(tmp_path, likers[0])
        spilled, spilled_starts = likes.by_movie
        assert np.array_equal(np.asarray(spilled), codes) and np.array_equal(spilled_starts, starts), piece
        assert likes.loved is None
        assert (likes.loved_matrix != whole.loved_matrix).nnz == 0


def test_counting_stops_when_asked_and_leaves_no_partial_files(tmp_path, monkeypatch):
    monkeypatch.setattr(colikes, "BLOCK_PAIRS", 40)
    likes = colikes.Likes.of(rated(_random_ratings(3, 60, 50, 15), 50))
    asked = []

    def stop():
        asked.append(1)
        if len(asked) > 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        colikes.fit(likes, tmp_path, stop=stop)
    assert not list(tmp_path.iterdir())  # nothing half-written stays
