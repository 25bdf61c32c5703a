"""What the ratings teach the hybrid (core.build.colikes), on handmade ratings."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.build import colikes


def ratings(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["user", "row", "rating", "timestamp", "movielens"])


def test_together_counts_each_person_by_how_many_movies_they_liked():
    # Person 1 liked movies 0 and 1; person 2 liked 0, 1 and 2; person 3 gave 2 a 2.5: no like.
    frame = ratings(
        [(1, 0, 4, 1, 1), (1, 1, 3, 2, 2), (2, 0, 5, 1, 1), (2, 1, 4, 2, 2), (2, 2, 4, 3, 3), (3, 2, 2.5, 1, 3)]
    )
    counts = colikes.count(frame, 4)
    both = 1 / np.log2(3) + 1 / np.log2(4)  # two likes, three likes
    assert counts.together.toarray()[0, 1] == pytest.approx(both)
    assert counts.together.toarray()[0, 2] == pytest.approx(1 / np.log2(4))
    assert counts.likers.tolist() == [2, 2, 1, 0]  # the 2.5 is no like; nobody liked movie 3


def test_after_counts_only_likes_within_the_window_of_each_other():
    person = [(1, row, 5.0, row, row) for row in range(colikes.WINDOW + 2)]  # liked in this order
    after = colikes.count(ratings(person), colikes.WINDOW + 2).after.toarray()
    assert after[0, colikes.WINDOW] > 0 and after[colikes.WINDOW, 0] > 0  # both ways
    assert after[0, colikes.WINDOW + 1] == 0  # one further is outside


def test_each_movie_keeps_its_best_neighbours_scaled_to_one_and_never_itself(monkeypatch):
    monkeypatch.setattr(colikes, "NEIGHBOURS", 2)
    # Movie 0 is liked with 1 by three people, with 2 by two, with 3 by one.
    frame = ratings(
        [
            (user, row, 5.0, row, row)
            for user, rows in {1: [0, 1, 2, 3], 2: [0, 1, 2], 3: [0, 1]}.items()
            for row in rows
        ]
    )
    together, after = colikes.fit(frame, 4)
    first = together.toarray()[0]
    assert first[0] == 0 and first.max() == pytest.approx(1.0)
    assert np.count_nonzero(first) == 2 and first[3] == 0  # the weakest neighbour is dropped
    assert first[1] > first[2] > 0


def test_counts_of_groups_of_people_add_up_to_the_counts_of_all():
    rng = np.random.default_rng(1)
    frame = ratings(
        [
            (user, int(row), float(rng.choice([2, 3, 4, 5])), int(t), int(row))
            for user in range(30)
            for t, row in enumerate(rng.choice(40, 12, replace=False))
        ]
    )
    split = frame["user"] % 2 == 0
    summed = colikes.count(frame[split], 40) + colikes.count(frame[~split], 40)
    whole = colikes.count(frame, 40)
    for name in ("together", "after"):
        assert np.allclose(getattr(summed, name).toarray(), getattr(whole, name).toarray())
    assert np.array_equal(summed.likers, whole.likers)


def test_the_rows_of_a_few_movies_are_those_of_the_whole_count():
    rng = np.random.default_rng(2)
    frame = ratings(
        [
            (user, int(row), 5.0, int(t), int(row))
            for user in range(20)
            for t, row in enumerate(rng.choice(30, 10, replace=False))
        ]
    )
    only = np.zeros(30, dtype=bool)
    only[[3, 7, 11]] = True
    few, whole = colikes.count(frame, 30, only), colikes.count(frame, 30)
    for name in ("together", "after"):
        part, full = getattr(few, name).toarray(), getattr(whole, name).toarray()
        assert np.allclose(part[only], full[only]) and not part[~only].any()
    assert np.array_equal(few.likers, whole.likers)
