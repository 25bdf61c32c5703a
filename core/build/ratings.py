"""The dataset's ratings (ratings.csv through links.csv, or the small pair), read as the build and `python -m
core evaluate` both use them: streamed, a chunk of rows at a time, into a few compact arrays.

The full ratings.csv is 26 million rows (710 MB): read as Python objects, or all at once, it would not fit
in the 690 MB a Community Cloud app has. Each chunk is parsed as numbers by pandas' C parser, cleaned,
sorted person by person and reduced to what is kept of a rating (its catalog row and twice its stars,
five bytes); a person cut by a chunk's end waits for the next chunk.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from core.build.progress import Progress, ProgressCallback
from core.build.raw import REAL_SIZES, limits, missing_columns, open_raw, read_raw, reading
from core.errors import DataError
from core.phrases import Number, Phrase
from core.schema import RATING_SCALE, find_raw_file

logger = logging.getLogger(__name__)

COLUMNS = ("userId", "movieId", "rating", "timestamp")
CHUNK = 1_000_000  # rows parsed at once: about 50 MB while parsed
REPORT_EVERY = 5_000_000  # rows: how often reading says how far it is
TIME_LIMIT = 2**33  # Unix seconds (the year 2242): a person's ratings are ordered by one number, person then time


def find(raw_dir: Path) -> tuple[Path, Path] | None:
    """The ratings and links files in `raw_dir`: the full pair (ratings.csv, links.csv) when both are there,
    else the small one (ratings_small.csv, links_small.csv); None when neither pair is whole."""
    for ratings, links in (("ratings_full", "links_full"), ("ratings", "links")):
        paths = find_raw_file(raw_dir, ratings), find_raw_file(raw_dir, links)
        if None not in paths:
            return paths
    return None


def kinds(path: Path) -> str:
    """The raw kind of a ratings or links file found by `find` (its limits differ: core.build.raw)."""
    name = path.name.split(".")[0]
    return {"ratings": "ratings_full", "links": "links_full"}.get(name, name.removesuffix("_small"))


@dataclass(frozen=True)
class Rated:
    """The ratings of catalog movies, person by person (ascending userId), each person's in the order they
    rated (by time; equal times by MovieLens id); a movie a person rated twice (two MovieLens ids of one
    TMDB id) keeps the later rating."""

    users: np.ndarray  # per person, their userId
    starts: np.ndarray  # per person and one more: where their ratings start in `rows` and `twice`
    rows: np.ndarray  # int32: the catalog row of each rating
    twice: np.ndarray  # uint8: twice each rating (1 for half a star … 10 for five)
    movies: int  # the catalog's movies
    read: dict  # what was read, for the manifest

    @property
    def people(self) -> int:
        return len(self.users)

    def counts(self) -> np.ndarray:
        """How many movies each person rated."""
        return np.diff(self.starts)

    def of(self, people: np.ndarray) -> Rated:
        """The ratings of the people at these positions (ascending) alone."""
        counts = self.counts()[people]
        taken = np.repeat(self.starts[people] - np.r_[0, np.cumsum(counts)][:-1], counts) + np.arange(counts.sum())
        starts = np.r_[0, np.cumsum(counts)]
        return Rated(self.users[people], starts, self.rows[taken], self.twice[taken], self.movies, self.read)


def read_ratings(
    ratings_path: Path,
    links_path: Path,
    movie_ids: np.ndarray,
    report: ProgressCallback | None = None,
    stop: Callable[[], None] | None = None,
) -> Rated:
    """The ratings of the catalog's movies (`movie_ids`, in catalog order), read from the two files.

    MovieLens ids lead to TMDB ids through the links (those with no TMDB id lead nowhere); a rating that
    is not a number from 0.5 to 5, by nobody, or of a movie not in the catalog, is counted and left out.
    `report` hears how far reading is every REPORT_EVERY rows; `stop()` is called between chunks, and
    raises to stop reading.
    """
    to_row = _links(links_path, movie_ids)
    started, counted = time.perf_counter(), _Counted()
    kept = _Kept(_most_rows(ratings_path, stop))
    waiting = None  # the ratings of a chunk's last person, who may go on in the next chunk
    for chunk in _chunks(ratings_path):
        if stop is not None:
            stop()
        ratings = counted.clean(chunk, to_row)
        if waiting is not None:
            ratings = tuple(np.r_[before, now] for before, now in zip(waiting, ratings, strict=True))
        tail = ratings[0] == ratings[0][-1] if len(ratings[0]) else np.zeros(0, dtype=bool)
        waiting = tuple(part[tail] for part in ratings)
        kept.add(*_by_person(*(part[~tail] for part in ratings)))
        if report is not None and counted.rows // REPORT_EVERY > (counted.rows - len(chunk)) // REPORT_EVERY:
            report(Progress(f"read: {ratings_path.name}", counted.rows, time.perf_counter() - started))
    if waiting is not None:
        kept.add(*_by_person(*waiting))
    rated = _joined(kept, len(movie_ids), counted)
    if not counted.valid:
        raise _unusable(ratings_path, counted.rows, Phrase.of("ratings.no_rating"))
    if not len(rated.rows):
        raise _unusable(ratings_path, counted.rows, Phrase.of("ratings.no_catalog_rating", links=links_path.name))
    return rated


def _links(links_path: Path, movie_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """MovieLens ids (sorted) and the catalog row each leads to (-1: none); DataError when none leads to the
    catalog. A MovieLens id listed twice keeps its first TMDB id."""
    links = read_raw(links_path, kinds(links_path))
    movielens = pd.to_numeric(links["movieId"], errors="coerce")
    tmdb = pd.to_numeric(links["tmdbId"], errors="coerce")
    known = movielens.notna() & tmdb.notna()
    if not known.any():
        raise _unusable(links_path, len(links), Phrase.of("ratings.no_tmdb"))
    mapping = pd.Series(tmdb[known].to_numpy(), index=movielens[known].to_numpy())
    mapping = mapping[~mapping.index.duplicated()].sort_index()
    catalog = pd.Series(np.arange(len(movie_ids)), index=movie_ids)
    rows = mapping.map(catalog).fillna(-1).to_numpy(dtype=np.int64)
    if not (rows >= 0).any():
        raise _unusable(links_path, len(links), Phrase.of("ratings.no_catalog_link"))
    return mapping.index.to_numpy(dtype=np.float64), rows


class _Counted:
    """What reading counts, chunk by chunk, for the manifest."""

    def __init__(self) -> None:
        self.rows = self.valid = self.other_movies = 0

    def clean(self, chunk: pd.DataFrame, to_row: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, ...]:
        """A chunk's ratings of catalog movies, in file order: the person, the time (Unix seconds), the
        catalog row and twice the rating."""
        person, movie, rating, clock = (chunk[column].to_numpy(dtype=np.float64) for column in COLUMNS)
        valid = (rating >= 0.5) & (rating <= 5) & np.isfinite(person)
        movielens, rows = to_row
        place = np.minimum(np.searchsorted(movielens, movie), len(movielens) - 1)
        row = np.where(movielens[place] == movie, rows[place], -1)
        kept = valid & (row >= 0)
        self.rows += len(chunk)
        self.valid += int(valid.sum())
        self.other_movies += int((valid & (row < 0)).sum())
        clock = np.nan_to_num(clock[kept]).clip(0, TIME_LIMIT - 1).astype(np.int64)
        twice = np.round(rating[kept] * RATING_SCALE).astype(np.uint8)
        return person[kept].astype(np.int64), clock, row[kept].astype(np.int32), twice


def _by_person(person, clock, row, twice) -> tuple[np.ndarray, ...]:
    """Ratings (of whole people) as each person's, in the order they rated (equal times in file order: by
    MovieLens id in both real files): the people, how many ratings each, the rows and the stars; a movie
    rated twice by a person keeps the later rating."""
    people, local = np.unique(person, return_inverse=True)
    order = np.argsort(local.astype(np.int64) * TIME_LIMIT + clock, kind="stable")
    local, row, twice = local[order], row[order], twice[order]
    pairs = local * np.int64(1 + row.max(initial=0)) + row
    if (np.diff(np.sort(pairs)) == 0).any():  # a person's movie twice (two MovieLens ids): its last rating
        last = len(pairs) - 1 - np.unique(pairs[::-1], return_index=True)[1]
        keep = np.zeros(len(pairs), dtype=bool)
        keep[last] = True
        local, row, twice = local[keep], row[keep], twice[keep]
    return people, np.bincount(local, minlength=len(people)), row, twice


class _Kept:
    """The ratings kept, chunk by chunk: their rows and stars written into arrays made once, as long as the
    file has lines (no chunk is held beside its copy in the joined arrays: that doubled reading's peak, 250 MB
    at full size); the people and their counts, a few per chunk, joined at the end."""

    def __init__(self, capacity: int):
        self.rows, self.twice = np.empty(capacity, np.int32), np.empty(capacity, np.uint8)
        self.filled = 0
        self.users: list[np.ndarray] = []
        self.counts: list[np.ndarray] = []

    def add(self, users: np.ndarray, counts: np.ndarray, rows: np.ndarray, twice: np.ndarray) -> None:
        end = self.filled + len(rows)
        if end > len(self.rows):  # more ratings than lines counted (a file that grew meanwhile): room made
            self.rows, self.twice = (np.resize(part, max(end, 2 * len(part))) for part in (self.rows, self.twice))
        self.rows[self.filled : end], self.twice[self.filled : end] = rows, twice
        self.filled = end
        self.users.append(users), self.counts.append(counts)

    def joined(self) -> tuple[np.ndarray, ...]:
        """The people, how many ratings each, the rows and the stars (views of the arrays made once)."""
        users = np.concatenate(self.users) if self.users else np.zeros(0, np.int64)
        counts = np.concatenate(self.counts) if self.counts else np.zeros(0, np.int64)
        return users, counts, self.rows[: self.filled], self.twice[: self.filled]


def _most_rows(path: Path, stop: Callable[[], None] | None = None) -> int:
    """How many rows the ratings file can hold at most: its lines (ended by a newline or, as pandas reads
    them too, a carriage return), counted in a first pass over its bytes (a second or two for the full
    file; `stop()` between blocks), within its kind's cap."""
    newlines = returns = 0
    with reading(path), open_raw(path, kinds(path)) as stream:
        while block := stream.read(1 << 22):
            if stop is not None:
                stop()
            newlines, returns = newlines + block.count(b"\n"), returns + block.count(b"\r")
    return min(max(newlines, returns) + 1, limits(kinds(path))[1] + 1)


def _joined(kept: _Kept, movies: int, counted: _Counted) -> Rated:
    """The chunks' ratings in one Rated. A file not grouped by person (both real files are) may have a
    person in several chunks: their runs are put together, in file order, the later rating of a movie kept."""
    users, counts, rows, twice = kept.joined()
    if (np.diff(users) <= 0).any():
        logger.warning("the ratings are not grouped by person: each person's are put together")
        person = np.repeat(users, counts)
        users, counts, rows, twice = _by_person(person, np.arange(len(person)), rows, twice)
    read = {
        "ratings": counted.rows,
        "of_catalog_movies": len(rows),
        "not_a_rating": counted.rows - counted.valid,
        "of_other_movies": counted.other_movies,
        "people": len(users),
        "movies_rated": _distinct(rows, movies),
    }
    return Rated(users, np.r_[0, np.cumsum(counts)].astype(np.int64), rows, twice, movies, read)


def _distinct(rows: np.ndarray, movies: int) -> int:
    """How many distinct rows (a mask: np.bincount would first copy 26 million rows as 64-bit numbers)."""
    seen = np.zeros(movies, dtype=bool)
    seen[rows] = True
    return int(seen.sum())


def _chunks(path: Path) -> Iterator[pd.DataFrame]:
    """The ratings file's four columns, CHUNK rows at a time, as numbers (a cell that is no number: NaN).

    pandas' C parser reads numbers straight into arrays; a file with text where a number should be is read
    again as text from the chunk that held it, cell by cell: slower, but the rest of its rows count."""
    kind, given = kinds(path), 0
    with reading(path):
        try:
            for chunk in _read_chunks(path, kind, "float64"):
                yield chunk
                given += len(chunk)
        except ValueError as error:
            if "could not convert" not in str(error) and "Unable to parse" not in str(error):
                raise
            logger.info("%s holds text where numbers should be: reading it as text", path.name)
            for chunk in _read_chunks(path, kind, object):
                if len(chunk := chunk[chunk.index >= given]):  # the rows not given yet
                    yield chunk.apply(pd.to_numeric, errors="coerce")


def _read_chunks(path: Path, kind: str, dtype) -> Iterator[pd.DataFrame]:
    """The file's COLUMNS, CHUNK rows at a time (the index counts rows from the file's first), capped."""
    if missing := missing_columns(path, kind):
        raise DataError("raw.missing_columns", file=path.name, columns=", ".join(missing))
    most_rows = limits(kind)[1]
    with open_raw(path, kind) as stream:
        read = pd.read_csv(stream, usecols=list(COLUMNS), dtype=dtype, chunksize=CHUNK, nrows=most_rows + 1)
        for chunk in read:
            if len(chunk) and chunk.index[-1] >= most_rows:
                real = Number(REAL_SIZES[kind][1])
                raise DataError("raw.too_many_rows", file=path.name, rows=Number(most_rows), real=real)
            yield chunk


def _unusable(path: Path, rows: int, what: Phrase) -> DataError:
    """A ratings or links file with no usable row: building on would serve a catalog without what the
    ratings teach, in place of a good one (the build stops, and the previous catalog stays)."""
    if not rows:
        return DataError("ratings.header_only", file=path.name)
    return DataError("ratings.unusable", file=path.name, rows=Number(rows), what=what)
