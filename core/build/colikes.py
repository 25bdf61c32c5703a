"""What the ratings teach the hybrid recommender: which movies the same people liked, and which they
liked one after the other, counted over every rating.

For a liked movie a and another movie b, summed over people (implicit's item-item models count
co-occurrences too, but neither the asymmetric cosine nor the time window below; scipy does both):

- together: the people who liked both (a rating of LEARNT_FROM or more), each counted 1/log2(1 + n) for
  the n movies they liked (someone who liked two thousand movies says less about each pair), over
  likers(a)**ALPHA · likers(b)**(1 - ALPHA): an asymmetric cosine that leans towards movies with fewer
  likers than a plain cosine would;
- after: the same, counting only pairs liked within WINDOW of each other in the person's time order (what
  people liked next, or just before);
- fans: how many people LIKED both (a rating of 4 or more): what the gustos list names and lets in.

Each movie keeps as its candidates its NEIGHBOURS best by together and its NEIGHBOURS best by after, each
scaled to 1 at its best (so that every liked movie speaks with the same voice whatever its likers), with
their fans.

The counting is a map and a sum: `count(likes, block)` gives the counts of one block of movies' rows from
one group of people, and the counts of several groups add up (`Counts.__add__`). Here one machine holds
every person's likes and maps over blocks of movies, two threads at a time (scipy's sparse products let
go of the interpreter's lock); a block's rows are scaled as soon as they are counted, so that no more
than two blocks of full rows are ever held (every pair at once would take gigabytes at full size). For
a file beyond one machine, the same functions would run under Spark or Dask: people partitioned over
workers, `count` mapped over (partition, block), the counts reduced by block with `+`, then `candidates`
(docs/design.md).
"""

from __future__ import annotations

import collections
import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from scipy import sparse

from core.build.progress import Progress, ProgressCallback
from core.build.ratings import Rated
from core.errors import Stopped
from core.learnt import Colikes, OnDisk
from core.schema import LEARNT_FROM, LIKED, RATING_SCALE

logger = logging.getLogger(__name__)

ALPHA = 0.7
WINDOW = 20
NEIGHBOURS = 100
DEPTH = 300  # candidates by together: the first NEIGHBOURS taught, the others let in (a list that leaves out
# many, a thousand movies seen, still finds some)
# A block of movies is counted at once, each of its movies' pairs held: about this many (its arrays of 64-bit
# numbers stay below malloc's threshold, core.config.MMAP_THRESHOLD: reused, not asked of the system each time).
BLOCK_PAIRS = 500_000
BLOCK_CELLS = 500_000  # a block's `after` pairs summed dense up to this many cells (block movies × movies)
THREADS = 2
REPORT_SECONDS = 5.0  # how often counting says how far it is
LEARNING = "learn the co-likes from the ratings"


@dataclass(frozen=True)
class Likes:
    """The likes of a group of people (ratings of LEARNT_FROM or more), each person's in the order they
    rated: what the co-likes are counted from."""

    starts: np.ndarray  # per person and one more: where their likes start
    rows: np.ndarray  # int32: the movie of each like
    loved: np.ndarray  # bool: whether each like is a rating of LIKED or more
    movies: int

    @classmethod
    def of(cls, rated: Rated) -> Likes:
        liked = rated.twice >= LEARNT_FROM * RATING_SCALE
        starts = np.r_[0, np.cumsum(per_segment(liked, rated.starts))].astype(np.int64)
        return cls(starts, rated.rows[liked], rated.twice[liked] >= LIKED * RATING_SCALE, rated.movies)

    @property
    def people(self) -> int:
        return len(self.starts) - 1

    @cached_property
    def weight(self) -> np.ndarray:
        """Per person, how much each of their pairs counts: 1/log2(1 + the movies they liked)."""
        counts = np.diff(self.starts)
        return (1 / np.log2(1 + np.maximum(counts, 1))).astype(np.float32)

    @cached_property
    def by_movie(self) -> tuple[np.ndarray | OnDisk, np.ndarray]:
        """Where each movie's likes are, movie by movie (each movie's in person order): per like, its position
        times two plus whether it is a LIKED one (int32), and where each movie's start; `spill` writes the
        first to disk instead."""
        starts = np.r_[0, np.cumsum(self.likers()[0])]
        return np.concatenate([np.zeros(0, np.int32), *self._by_movie(starts)]), starts

    def _by_movie(self, starts: np.ndarray) -> Iterator[np.ndarray]:
        """`by_movie`'s places, the movies of about SPILL_PIECE likes at a time (all at once, scipy's
        conversion to columns held 240 MB beside the likes at full size); `starts`: where each movie's start."""
        low = 0
        while low < self.movies:
            high = max(low + 1, int(np.searchsorted(starts, starts[low] + SPILL_PIECE, side="right")) - 1)
            inside = self.rows >= low
            inside &= self.rows < high
            positions = np.flatnonzero(inside)
            del inside
            positions = positions[np.argsort(self.rows[positions], kind="stable")]  # by movie, then person
            yield (positions * 2 + self.loved[positions]).astype(np.int32)
            low = high

    def spill(self, folder: Path, likers: np.ndarray) -> Path:
        """Write the likes' places movie by movie (`by_movie`; `likers`: how many liked each movie, counted
        already) into `folder`, a few movies at a time, and read them from there a block at a time: the
        counting reads them once, in order. The LIKED flags go once the LIKED matrix is built (count with the
        likers counted before). The file, to remove when done."""
        starts = np.r_[0, np.cumsum(likers)]
        path = Path(folder) / "likes-by-movie.npy"
        with path.open("wb") as file:
            header = {"descr": np.lib.format.dtype_to_descr(np.dtype(np.int32)), "fortran_order": False}
            np.lib.format.write_array_header_1_0(file, header | {"shape": (len(self.rows),)})
            for codes in self._by_movie(starts):
                codes.tofile(file)
        self.__dict__["by_movie"] = (OnDisk(path), starts)
        self.loved_matrix  # noqa: B018 — the last use of the flags: the spilled places and this matrix hold them
        self.__dict__["loved"] = None  # 20 MB at full size, not needed to count
        return path

    def of_movies(self, block: range) -> tuple[np.ndarray, np.ndarray]:
        """The positions of the likes of these movies, movie by movie, and which are LIKED ones."""
        codes, starts = self.by_movie
        codes = np.asarray(codes[starts[block.start] : starts[block.stop]])
        return codes >> 1, (codes & 1).astype(bool)

    @cached_property
    def _ones(self) -> np.ndarray:
        """Ones, one per like: the data of both matrices (the second a view of the first's)."""
        return np.ones(len(self.rows), np.float32)

    @cached_property
    def matrix(self) -> sparse.csr_matrix:
        """People × movies, 1 where they liked the movie."""
        return sparse.csr_matrix((self._ones, self.rows, self.starts), shape=(self.people, self.movies))

    @cached_property
    def loved_matrix(self) -> sparse.csr_matrix:
        """People × movies, 1 where they liked the movie (LIKED or more)."""
        counts = per_segment(self.loved, self.starts)
        starts = np.r_[0, np.cumsum(counts)]
        return sparse.csr_matrix(
            (self._ones[: starts[-1]], self.rows[self.loved], starts), shape=(self.people, self.movies)
        )

    def likers(self) -> tuple[np.ndarray, np.ndarray]:
        """Per movie, how many people liked it (LEARNT_FROM or more) and how many LIKED it: counted
        SPILL_PIECE likes at a time (np.bincount copies what it counts as 64-bit numbers)."""
        likers, loved = np.zeros(self.movies, np.int64), np.zeros(self.movies, np.int64)
        for start in range(0, len(self.rows), SPILL_PIECE):
            rows = self.rows[start : start + SPILL_PIECE]
            likers += np.bincount(rows, minlength=self.movies)
            loved += np.bincount(rows[self.loved[start : start + SPILL_PIECE]], minlength=self.movies)
        return likers, loved

    def person_of(self, positions: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.starts, positions, side="right") - 1


def per_segment(flags: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """How many of `flags` are set in each segment [starts[i], starts[i + 1]), in 64-bit sums, a piece of
    about SEGMENT_PIECE flags at a time: numpy's reduceat copies what it sums as 64-bit numbers, which for
    every rating at once took 200 MB."""
    counts = np.zeros(len(starts) - 1, np.int64)
    filled = np.flatnonzero(np.diff(starts) > 0)
    first, begin = starts[filled], 0
    while begin < len(filled):
        end = max(begin + 1, int(np.searchsorted(first, first[begin] + SEGMENT_PIECE)))
        low, high = first[begin], starts[filled[end - 1] + 1]
        counts[filled[begin:end]] = np.add.reduceat(flags[low:high], first[begin:end] - low, dtype=np.int64)
        begin = end
    return counts


SEGMENT_PIECE = 1 << 20
SPILL_PIECE = 1 << 21  # likes sorted by movie at once, and counted: their copies take about 50 MB


@dataclass(frozen=True)
class Counts:
    """What the co-likes sum over people for some movies (catalog `rows`): one line per movie, one column per
    movie (sparse): `together` and `after` weighted, `fans` the people who liked both (LIKED or more); and
    per movie its likers (LEARNT_FROM or more) and its fans (LIKED or more). The counts of several groups of
    people add up, and one group's are taken away from the whole's."""

    rows: np.ndarray
    together: sparse.csr_matrix
    after: sparse.csr_matrix
    fans: sparse.csr_matrix
    likers: np.ndarray
    loved: np.ndarray

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.rows, *(mine + theirs for mine, theirs in zip(self._parts(), other._parts(), strict=True)))

    def __sub__(self, other: Counts) -> Counts:
        return Counts(self.rows, *(mine - theirs for mine, theirs in zip(self._parts(), other._parts(), strict=True)))

    def _parts(self) -> tuple:
        return self.together, self.after, self.fans, self.likers, self.loved

    def restricted(self, lines: list[int] | np.ndarray) -> Counts:
        """The counts of the movies of these lines alone."""
        lines = np.asarray(lines, dtype=np.int64)
        return Counts(
            self.rows[lines], self.together[lines], self.after[lines], self.fans[lines], self.likers, self.loved
        )

    @classmethod
    def stacked(cls, parts: list[Counts], likers: tuple[np.ndarray, np.ndarray]) -> Counts:
        """The lines of several counts (of one group of people: its `likers`), one after the other."""
        return cls(
            np.concatenate([part.rows for part in parts]),
            *(
                sparse.vstack([getattr(part, name) for part in parts], format="csr")
                for name in ("together", "after", "fans")
            ),
            *likers,
        )


def count(likes: Likes, block: range, likers: tuple[np.ndarray, np.ndarray] | None = None) -> Counts:
    """The map: the counts of the movies of `block` (their rows) from one group of people's likes (their
    `likers`, when already counted)."""
    _, starts = likes.by_movie
    chosen, loved = likes.of_movies(block)
    lengths = np.diff(starts[block.start : block.stop + 1])
    movie = np.repeat(np.arange(len(block)), lengths)
    person = likes.person_of(chosen)
    # together: each person's pairs at their weight; fans: the people who liked both.
    left = sparse.csr_matrix(
        (likes.weight[person], person, np.r_[0, np.cumsum(lengths)]), shape=(len(block), likes.people)
    )
    loved_starts = np.r_[0, np.cumsum(per_segment(loved, np.r_[0, np.cumsum(lengths)]))]
    fans_left = sparse.csr_matrix(
        (np.ones(len(person[loved]), np.float32), person[loved], loved_starts), shape=(len(block), likes.people)
    )
    return Counts(
        np.arange(block.start, block.stop),
        (left @ likes.matrix).tocsr(),
        _after(likes, chosen, movie, person, len(block)),
        (fans_left @ likes.loved_matrix).tocsr(),
        *(likers or likes.likers()),
    )


# A block's likes are paired `after` in batches of this many, so that their pairs take about 15 MB.
AFTER_BATCH = 20_000


def _after(likes: Likes, chosen: np.ndarray, movie: np.ndarray, person: np.ndarray, rows: int) -> sparse.csr_matrix:
    """The weighted pairs of a block's likes (at `chosen` positions, of block rows `movie`) with the likes
    within WINDOW of them in the same person's order, before or after: block rows × movies. Summed in a
    dense array when the block is small enough (BLOCK_CELLS), else as a sparse matrix."""
    dense = rows * likes.movies <= BLOCK_CELLS
    counted = np.zeros(rows * likes.movies) if dense else sparse.csr_matrix((rows, likes.movies), dtype=np.float32)
    for batch in range(0, len(chosen), AFTER_BATCH):
        part = slice(batch, batch + AFTER_BATCH)
        here, first, end = chosen[part], likes.starts[person[part]], likes.starts[person[part] + 1]
        weight = likes.weight[person[part]]
        sources, targets, weights = [], [], []
        for distance in range(1, WINDOW + 1):
            for other in (here + distance, here - distance):
                same = (other >= first) & (other < end)
                sources.append(movie[part][same]), targets.append(likes.rows[other[same]]), weights.append(weight[same])
        sources, targets, weights = (np.concatenate(each) for each in (sources, targets, weights))
        if dense:
            counted += np.bincount(sources.astype(np.int64) * likes.movies + targets, weights, len(counted))
        else:
            counted = counted + sparse.csr_matrix((weights, (sources, targets)), shape=counted.shape)
    if dense:
        return sparse.csr_matrix(counted.reshape(rows, likes.movies).astype(np.float32))
    return counted.tocsr()


def blocks(likes: Likes, rows: np.ndarray | None = None) -> Iterator[range]:
    """Consecutive blocks of movies (of `rows` only, when given) whose counts are small enough to hold two at
    once: about BLOCK_PAIRS pairs (a movie has at most as many as its likers' likes, and as there are
    movies), and the `after` counts of at most BLOCK_CELLS movie pairs held dense."""
    _, starts = likes.by_movie
    # The matrix holds ones: times each person's likes, summed over each movie's likers.
    pairs = np.minimum(likes.matrix.T @ np.diff(likes.starts).astype(np.float32), likes.movies).astype(np.int64)
    wanted = np.ones(likes.movies, dtype=bool) if rows is None else np.isin(np.arange(likes.movies), rows)
    pairs = np.where(wanted & (np.diff(starts) > 0), pairs, 0)
    start = 0
    while start < likes.movies:
        if not wanted[start]:
            start += 1
            continue
        stop, held = start + 1, pairs[start]
        while stop < likes.movies and held + pairs[stop] <= BLOCK_PAIRS:
            held += pairs[stop]
            stop += 1
        yield range(start, stop)
        start = stop


@dataclass(frozen=True)
class Kin:
    """Each movie's collection siblings (the lists lead with them: core.recommender.SIBLINGS)."""

    collection: np.ndarray  # per movie, its collection's number (-1: none)
    starts: np.ndarray  # per collection and one more: where its movies start in `members`
    members: np.ndarray

    @classmethod
    def of(cls, collection: np.ndarray) -> Kin:
        collection = np.asarray(collection, dtype=np.int64)
        kept = np.flatnonzero(collection >= 0)
        members = kept[np.argsort(collection[kept], kind="stable")]
        starts = np.r_[0, np.cumsum(np.bincount(collection[kept], minlength=collection.max(initial=-1) + 1))]
        return cls(collection, starts, members)

    def of_row(self, row: int) -> np.ndarray:
        code = self.collection[row]
        return np.zeros(0, np.int64) if code < 0 else self.members[self.starts[code] : self.starts[code + 1]]


def candidates(counts: Counts, kin: Kin | None = None) -> Colikes:
    """The reduce's end: each movie's candidates (its NEIGHBOURS best by together and by after, and any
    equal to the last of them, each scaled to 1 at its best; and its `kin` someone liked with it, whatever
    their counts, so that they can lead its lists), with their fans."""
    likers = np.where(counts.likers > 0, counts.likers, 1).astype(np.float64)
    together = _scaled(counts.together, counts.rows, likers)
    after = _scaled(counts.after, counts.rows, likers)
    fans = counts.fans
    found, dense = [], np.zeros(counts.together.shape[1], np.float32)  # a row's fans, spread out
    for line, row in enumerate(counts.rows.tolist()):
        deep = _best_of(together, line, DEPTH)  # let in, but counted as none taught beyond NEIGHBOURS
        best = [_top(*deep, NEIGHBOURS), _best_of(after, line, NEIGHBOURS)]
        start, end = fans.indptr[line], fans.indptr[line + 1]
        dense[fans.indices[start:end]] = fans.data[start:end]
        siblings = kin.of_row(row) if kin is not None else np.zeros(0, np.int64)
        siblings = siblings[(dense[siblings] > 0) & (siblings != row)]
        columns = np.unique(np.concatenate([deep[0], best[1][0], siblings])).astype(np.int32)
        fans_of = np.rint(dense[columns]).astype(np.int32)
        dense[fans.indices[start:end]] = 0
        values = []
        for kept, scaled in best:
            line_values = np.zeros(len(columns), np.float32)
            if len(kept):
                line_values[np.searchsorted(columns, kept)] = scaled / scaled.max()
            values.append(line_values)
        found.append((columns, *values, fans_of))
    lengths = [len(columns) for columns, *_ in found]
    return Colikes.of(
        np.r_[0, np.cumsum(lengths)],
        *(np.concatenate([part[index] for part in found]) if found else np.zeros(0) for index in range(4)),
    )


def _scaled(counts: sparse.csr_matrix, rows: np.ndarray, likers: np.ndarray) -> sparse.csr_matrix:
    """Counts over the asymmetric cosine's denominator, no movie its own neighbour (its lines the movies at `rows`)."""
    own = np.repeat(rows, np.diff(counts.indptr))
    scaled = counts.data * likers[own] ** -ALPHA * likers[counts.indices] ** (ALPHA - 1)
    scaled[(own == counts.indices) | ~(scaled > 0)] = 0
    return sparse.csr_matrix((scaled, counts.indices, counts.indptr), shape=counts.shape)


def _best_of(scaled: sparse.csr_matrix, line: int, most: int) -> tuple[np.ndarray, np.ndarray]:
    """A line's `most` best columns by their (positive) values, and any equal to the last of them."""
    start, end = scaled.indptr[line], scaled.indptr[line + 1]
    values = scaled.data[start:end]
    positive = values > 0
    return _top(scaled.indices[start:end][positive], values[positive], most)


def _top(columns: np.ndarray, values: np.ndarray, most: int) -> tuple[np.ndarray, np.ndarray]:
    """The `most` best of these columns by value, and any equal to the last of them."""
    if len(values) > most:
        keep = values >= np.partition(values, len(values) - most)[len(values) - most]
        return columns[keep], values[keep]
    return columns, values


def fit(
    likes: Likes,
    folder: Path,
    report: ProgressCallback | None = None,
    stop: Callable[[], None] | None = None,
    also: Callable[[Counts], None] | None = None,
    threads: int = THREADS,
    kin: Kin | None = None,
) -> Colikes:
    """Every movie's candidates, counted block by block on `threads` threads, written into `folder` as they
    come (core.learnt.Colikes, read back memory-mapped). `also` hears each block's counts before they go
    (the evaluation takes the rows it asks about); `report` hears how far counting is, every few seconds;
    `stop()` is called between blocks and between a block's steps, and raises to stop (the step under way
    finishes: a second or so)."""
    likers = likes.likers()
    spilled = likes.spill(folder, likers[0])
    likes.matrix, likes.loved_matrix  # noqa: B018 — built once, before the threads share them
    started = last = time.perf_counter()
    lock = threading.Lock()

    abandoned = threading.Event()  # set when this thread unwinds (a Ctrl-C, a kill): the blocks under way end

    def check() -> None:
        if abandoned.is_set():
            raise Stopped
        if stop is not None:
            stop()

    def one(block: range) -> Colikes:
        check()
        counts = count(likes, block, likers)
        if also is not None:
            with lock:
                check()  # between a block's steps too, once the other thread's measuring let go
                also(counts)
        check()
        return candidates(counts, kin)

    written = Colikes.writer(folder)
    with ThreadPoolExecutor(threads, thread_name_prefix="co-likes") as pool:
        waiting: collections.deque = collections.deque()  # a few blocks ahead, in order
        try:
            for block in itertools.chain(blocks(likes), [None]):
                if block is not None:
                    waiting.append((block, pool.submit(one, block)))
                while waiting and (block is None or len(waiting) > 2 * threads):
                    done, future = waiting.popleft()
                    written.append(future.result())  # in order: each block's rows follow the last's
                    if report is not None and (
                        time.perf_counter() - last > REPORT_SECONDS or done.stop == likes.movies
                    ):
                        last = time.perf_counter()
                        report(Progress(LEARNING, done.stop, last - started, likes.movies, likes.people))
        except BaseException:
            abandoned.set()
            for _, future in waiting:
                future.cancel()
            written.abandon()
            raise
        finally:
            spilled.unlink(missing_ok=True)
    return written.close(likers[1])
