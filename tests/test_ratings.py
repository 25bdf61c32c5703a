"""The dataset's ratings read as the build reads them (core.build.ratings): streamed a chunk at a time, the
full pair preferred to the small one, each person's in time order, the traps counted."""

from __future__ import annotations

import gzip

import numpy as np
import pytest

from core.build import ratings
from core.errors import DataError

LINKS = "movieId,imdbId,tmdbId\n1,0114709,862\n2,0113497,8844\n3,0113228,15602\n4,0114885,\n5,0113041,11862\n6,0,862\n"
CATALOG = np.array([862, 8844, 15602, 11862])  # rows 0…3


def _read(raw, text: str, links: str = LINKS, name: str = "ratings_small.csv", **options) -> ratings.Rated:
    (raw / name).write_text(text)
    (raw / name.replace("ratings", "links")).write_text(links)
    return ratings.read_ratings(*ratings.find(raw), CATALOG, **options)


def _people(read: ratings.Rated) -> dict[int, list[tuple[int, float]]]:
    return {
        int(user): list(zip(read.rows[start:end].tolist(), (read.twice[start:end] / 2).tolist(), strict=True))
        for user, start, end in zip(read.users, read.starts[:-1], read.starts[1:], strict=True)
    }


def test_each_persons_ratings_come_in_the_order_they_rated_equal_times_by_movielens_id(tmp_path):
    read = _read(tmp_path, "userId,movieId,rating,timestamp\n1,2,4.0,300\n1,1,5.0,100\n1,5,3.0,300\n2,3,2.5,7\n")
    assert _people(read) == {1: [(0, 5.0), (1, 4.0), (3, 3.0)], 2: [(2, 2.5)]}


def test_a_movie_rated_twice_under_two_movielens_ids_keeps_the_later_rating(tmp_path):
    read = _read(tmp_path, "userId,movieId,rating,timestamp\n1,1,2.0,100\n1,6,4.5,200\n")
    assert _people(read) == {1: [(0, 4.5)]}


def test_what_is_not_a_rating_or_not_a_catalog_movie_is_counted_and_left_out(tmp_path):
    text = (
        "userId,movieId,rating,timestamp\n1,1,5.0,1\n1,4,4.0,2\n1,99,4.0,3\n,2,4.0,4\n1,2,7.0,5\n1,2,abc,6\n1,3,0.5,7\n"
    )
    read = _read(tmp_path, text)
    assert _people(read) == {1: [(0, 5.0), (2, 0.5)]}
    assert read.read == {
        "ratings": 7,
        "of_catalog_movies": 2,
        "not_a_rating": 3,  # no person, 7 stars, 'abc'
        "of_other_movies": 2,  # movie 4 has no TMDB id, 99 no link
        "people": 1,
        "movies_rated": 2,
    }


def test_a_person_cut_by_a_chunks_end_is_whole_and_chunks_read_the_same_as_one(tmp_path, monkeypatch):
    rng = np.random.default_rng(0)
    lines = [
        f"{user},{movie},{rng.choice([1.0, 3.5, 4.0, 5.0])},{rng.integers(1, 10**9)}"
        for user in range(1, 40)
        for movie in rng.choice([1, 2, 3, 5], rng.integers(1, 5), replace=False)
    ]
    text = "userId,movieId,rating,timestamp\n" + "\n".join(lines) + "\n"
    whole = _people(_read(tmp_path, text))
    monkeypatch.setattr(ratings, "CHUNK", 7)
    assert _people(_read(tmp_path, text)) == whole and len(whole) == 39


def test_the_ratings_are_read_into_arrays_as_long_as_the_file_has_lines_and_grow_if_it_has_more(tmp_path, monkeypatch):
    text = "userId,movieId,rating,timestamp\r\n1,2,4.0,300\r\n1,1,5.0,100\r\n2,3,2.5,7\r\n3,5,1.0,1"
    (tmp_path / "ratings_small.csv").write_text(text, newline="")
    assert ratings._most_rows(tmp_path / "ratings_small.csv") == 5  # the header, three lines and an unended one
    whole = _people(_read(tmp_path, text))
    assert whole == {1: [(0, 5.0), (1, 4.0)], 2: [(2, 2.5)], 3: [(3, 1.0)]}
    monkeypatch.setattr(ratings, "CHUNK", 1)
    monkeypatch.setattr(ratings, "_most_rows", lambda path, stop: 1)  # counted short: the arrays grow
    assert _people(_read(tmp_path, text)) == whole


def test_a_file_not_grouped_by_person_puts_each_persons_ratings_together(tmp_path, monkeypatch):
    monkeypatch.setattr(ratings, "CHUNK", 2)
    text = "userId,movieId,rating,timestamp\n1,1,5.0,10\n2,2,4.0,10\n1,3,3.0,20\n2,5,2.0,5\n1,5,1.0,30\n"
    assert _people(_read(tmp_path, text)) == {1: [(0, 5.0), (2, 3.0), (3, 1.0)], 2: [(3, 2.0), (1, 4.0)]}


def test_the_full_pair_wins_over_the_small_one_and_each_pair_stays_whole(tmp_path):
    (tmp_path / "ratings_small.csv").write_text("userId,movieId,rating,timestamp\n1,1,5.0,1\n")
    (tmp_path / "links_small.csv").write_text(LINKS)
    assert ratings.find(tmp_path) == (tmp_path / "ratings_small.csv", tmp_path / "links_small.csv")
    (tmp_path / "ratings.csv").write_text("userId,movieId,rating,timestamp\n7,2,4.0,1\n")
    assert ratings.find(tmp_path)[0].name == "ratings_small.csv"  # ratings.csv alone: no links.csv yet
    (tmp_path / "links.csv.gz").write_bytes(gzip.compress(LINKS.encode()))
    assert ratings.find(tmp_path) == (tmp_path / "ratings.csv", tmp_path / "links.csv.gz")
    assert _people(ratings.read_ratings(*ratings.find(tmp_path), CATALOG)) == {7: [(1, 4.0)]}


def test_reading_says_how_far_it_is_and_stops_when_asked(tmp_path, monkeypatch):
    monkeypatch.setattr(ratings, "CHUNK", 10)
    monkeypatch.setattr(ratings, "REPORT_EVERY", 20)
    text = "userId,movieId,rating,timestamp\n" + "".join(f"{n},1,4.0,{n}\n" for n in range(1, 61))
    heard = []
    _read(tmp_path, text, report=heard.append)
    assert [step.rows for step in heard] == [20, 40, 60] and heard[0].stage == "read: ratings_small.csv"

    def stop():
        if len(heard) > 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _read(tmp_path, text, report=heard.append, stop=stop)


def test_reading_stops_when_asked_while_it_counts_the_files_lines(tmp_path, monkeypatch):
    def parsed(path):
        raise AssertionError("parsed before the stop was heard")

    def stop():
        raise KeyboardInterrupt

    monkeypatch.setattr(ratings, "_chunks", parsed)
    with pytest.raises(KeyboardInterrupt):
        _read(tmp_path, "userId,movieId,rating,timestamp\n1,1,4.0,1\n", stop=stop)


@pytest.mark.parametrize(
    "text, key",
    [("userId,movieId,rating,timestamp\n", "ratings.header_only"), ("userId,movieId\n1,2\n", "raw.missing_columns")],
)
def test_a_ratings_file_with_nothing_to_learn_is_a_data_error(tmp_path, text, key):
    with pytest.raises(DataError) as error:
        _read(tmp_path, text)
    assert error.value.phrase.key == key
