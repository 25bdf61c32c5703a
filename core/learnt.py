"""What the ratings taught, as the build saves it and the recommender reads it: each movie's co-liked
candidates (core.build.colikes) and who rated each movie (the reasons' counts).

Saved as plain .npy arrays, one file each. From the 26 million ratings they are about 250 MB on disk, of
which a request needs a few kB (a movie's candidates, the people of two movies): the small per-movie arrays
are loaded, the long ones are read a slice at a time, as asked (`OnDisk`). Not memory-mapped: the pages a
mapping has touched count in the process's memory, and a server asked about many movies would end up
holding the whole files; what is read stays in the system's page cache, which the system can drop.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np

from core import schema


def _save(folder: Path, prefix: str, arrays: dict[str, np.ndarray]) -> None:
    for name, array in arrays.items():
        np.save(Path(folder) / f"{prefix}.{name}.npy", np.ascontiguousarray(array), allow_pickle=False)


def _load(folder: Path, prefix: str, names: list[str], on_disk: tuple[str, ...]) -> dict | None:
    """The arrays saved under `prefix`: those named `on_disk` read as asked, the others loaded."""
    paths = {name: Path(folder) / f"{prefix}.{name}.npy" for name in names}
    if not all(path.is_file() for path in paths.values()):
        return None
    return {
        name: OnDisk(path) if name in on_disk else np.load(path, allow_pickle=False) for name, path in paths.items()
    }


class OnDisk:
    """A one-dimensional .npy array left on disk: a slice of it is read when asked (a `pread`, which threads
    may do at once; where the system has none, a seek and a read under a lock)."""

    def __init__(self, path: Path):
        with Path(path).open("rb") as handle:
            version = np.lib.format.read_magic(handle)
            header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
            shape, _, dtype = header(handle)
            self.offset = handle.tell()
        self.path, self.dtype, self.length = Path(path), dtype, shape[0]
        self.handle = Path(path).open("rb", buffering=0)  # noqa: SIM115 — open for as long as it is read
        self.lock = threading.Lock()

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, part: slice) -> np.ndarray:
        start, stop, _ = part.indices(self.length)
        size, offset = max(0, stop - start) * self.dtype.itemsize, self.offset + start * self.dtype.itemsize
        if hasattr(os, "pread"):
            data = os.pread(self.handle.fileno(), size, offset)
        else:
            with self.lock:
                self.handle.seek(offset)
                data = self.handle.read(size)
        return np.frombuffer(data, dtype=self.dtype)

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        whole = self[:]
        return whole if dtype is None else whole.astype(dtype)

    def __reduce__(self):  # to another process: opened again there
        return OnDisk, (self.path,)


class _Appended:
    """Arrays written part by part, in order, each to a raw file, and made .npy files when closed: what the
    build learns block by block goes to disk as it comes, not into memory."""

    def __init__(self, folder: Path, prefix: str, dtypes: dict[str, np.dtype]):
        self.folder, self.prefix, self.dtypes = Path(folder), prefix, dtypes
        self.handles = {name: (Path(folder) / f"{prefix}.{name}.part").open("wb") for name in dtypes}  # noqa: SIM115
        self.lengths = dict.fromkeys(dtypes, 0)

    def append(self, **arrays: np.ndarray) -> None:
        for name, array in arrays.items():
            np.ascontiguousarray(array, dtype=self.dtypes[name]).tofile(self.handles[name])
            self.lengths[name] += len(array)

    def abandon(self) -> None:
        """Close and remove what was written: it will never be whole."""
        for name, handle in self.handles.items():
            handle.close()
            (self.folder / f"{self.prefix}.{name}.part").unlink(missing_ok=True)

    def close(self) -> None:
        for name, handle in self.handles.items():
            handle.close()
            part = self.folder / f"{self.prefix}.{name}.part"
            with (self.folder / f"{self.prefix}.{name}.npy").open("wb") as npy, part.open("rb") as raw:
                header = {
                    "descr": np.dtype(self.dtypes[name]).str,
                    "fortran_order": False,
                    "shape": (self.lengths[name],),
                }
                np.lib.format.write_array_header_1_0(npy, header)
                while block := raw.read(1 << 24):
                    npy.write(block)
            part.unlink()


def files(prefix: str, kind: type) -> tuple[str, ...]:
    """The file names a saved `kind` (Colikes, Ratings) takes."""
    return tuple(f"{prefix}.{field.name}.npy" for field in fields(kind))


@dataclass(frozen=True)
class Colikes:
    """Per movie (a catalog row), its candidates for the lists: the movies the people who liked it liked
    (core.build.colikes), with how much the ratings tie each to it (`together`, `after`: each scaled to 1
    at the movie's best) and how many people liked both (`fans`); and per movie how many liked it."""

    starts: np.ndarray  # per movie and one more: where its candidates start
    movies: np.ndarray  # int32: each candidate's row, ascending within a movie
    together: np.ndarray  # float32
    after: np.ndarray  # float32
    fans: np.ndarray  # int32
    likers: np.ndarray  # per movie: how many people liked it (a rating of 4 or more)

    PREFIX = schema.COLIKES_PREFIX

    @classmethod
    def of(cls, starts, movies, together, after, fans, likers=None) -> Colikes:
        likers = np.zeros(len(starts) - 1, np.int64) if likers is None else likers
        return cls(np.asarray(starts, np.int64), np.asarray(movies, np.int32), together, after, fans, likers)

    @classmethod
    def writer(cls, folder: Path) -> _ColikesWriter:
        """Where a build writes the candidates of consecutive blocks of movies as it counts them."""
        return _ColikesWriter(folder)

    def row_of(self, row: int) -> Colikes:
        """The candidates of one movie alone (a Colikes of one row)."""
        start, end = self.starts[row], self.starts[row + 1]
        return Colikes(
            np.array([0, end - start], np.int64),
            *(np.asarray(getattr(self, name)[start:end]) for name in ("movies", "together", "after", "fans")),
            self.likers,
        )

    @classmethod
    def of_rows(cls, rows: dict[int, Colikes], likers: np.ndarray) -> Colikes:
        """A Colikes of every movie (`likers`: how many liked each) holding the candidates of these rows
        (each a Colikes of one row), and none for the others."""
        movies = len(likers)
        ordered = sorted(rows)
        lengths = np.zeros(movies, np.int64)
        for row in ordered:
            lengths[row] = rows[row].starts[-1]

        def joined(name: str, dtype) -> np.ndarray:
            return np.concatenate([getattr(rows[row], name) for row in ordered]) if ordered else np.zeros(0, dtype)

        return cls(
            np.r_[0, np.cumsum(lengths)].astype(np.int64),
            joined("movies", np.int32),
            joined("together", np.float32),
            joined("after", np.float32),
            joined("fans", np.int32),
            np.asarray(likers, np.int64),
        )

    def candidates(self, row: int) -> np.ndarray:
        return self.movies[self.starts[row] : self.starts[row + 1]]

    def taught(self, row: int) -> bool:
        """Whether the ratings taught anything of the movie at `row`."""
        return bool(self.starts[row + 1] > self.starts[row])

    def dense(self, row: int, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The movie's together, after and fans of every movie (0 but for its candidates)."""
        start, end = self.starts[row], self.starts[row + 1]
        columns = self.movies[start:end]
        together, after, fans = np.zeros(size, np.float32), np.zeros(size, np.float32), np.zeros(size, np.int32)
        together[columns], after[columns], fans[columns] = (
            self.together[start:end],
            self.after[start:end],
            self.fans[start:end],
        )
        return together, after, fans

    def save(self, folder: Path) -> None:
        _save(folder, self.PREFIX, {field.name: getattr(self, field.name) for field in fields(self)})

    @classmethod
    def load(cls, folder: Path) -> Colikes | None:
        arrays = _load(
            folder, cls.PREFIX, [field.name for field in fields(cls)], ("movies", "together", "after", "fans")
        )
        return None if arrays is None else cls(**arrays)


class _ColikesWriter:
    """Colikes written block after block (each a Colikes of consecutive movies), then closed with the likers."""

    ROWS = {"movies": np.int32, "together": np.float32, "after": np.float32, "fans": np.int32}

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.rows = _Appended(folder, Colikes.PREFIX, self.ROWS)
        self.lengths: list[np.ndarray] = []

    def append(self, part: Colikes) -> None:
        self.rows.append(**{name: getattr(part, name) for name in self.ROWS})
        self.lengths.append(np.diff(part.starts))

    def abandon(self) -> None:
        self.rows.abandon()

    def close(self, likers: np.ndarray) -> Colikes:
        self.rows.close()
        lengths = np.concatenate(self.lengths) if self.lengths else np.zeros(0, np.int64)
        _save(self.folder, Colikes.PREFIX, {"starts": np.r_[0, np.cumsum(lengths)].astype(np.int64), "likers": likers})
        return Colikes.load(self.folder)


@dataclass(frozen=True)
class Ratings:
    """Who rated each movie: per movie (a catalog row), the people (numbered from 0, ascending) and twice
    their rating."""

    starts: np.ndarray  # per movie and one more
    people: np.ndarray  # int32
    twice: np.ndarray  # uint8

    PREFIX = schema.RATINGS_PREFIX

    def rated(self, row: int) -> bool:
        return bool(self.starts[row + 1] > self.starts[row])

    def likers(self, row: int) -> np.ndarray:
        """The people who liked the movie at `row` (a rating of 4 or more)."""
        start, end = self.starts[row], self.starts[row + 1]
        return self.people[start:end][self.twice[start:end] >= schema.LIKED * schema.RATING_SCALE]

    def both(self, liked: int, row: int) -> int | None:
        """How many people liked both movies; None when nobody rated both. Each movie's people marked in one
        array of everyone (a byte each): linear in their raters, where intersecting two sorted lists of a
        hundred thousand people took ten milliseconds."""
        like = schema.LIKED * schema.RATING_SCALE
        (mine, my_twice), (theirs, their_twice) = (self._of(column) for column in (liked, row))
        if not len(mine) or not len(theirs):
            return None
        marks = np.zeros(int(max(mine[-1], theirs[-1])) + 1, np.int8)  # 1: rated it, 2: liked it
        marks[mine] = 1 + (my_twice >= like)
        found = marks[theirs]
        if not found.any():
            return None
        return int(((found == 2) & (their_twice >= like)).sum())

    def _of(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        start, end = self.starts[row], self.starts[row + 1]
        return np.asarray(self.people[start:end]), np.asarray(self.twice[start:end])

    @classmethod
    def of(cls, starts: np.ndarray, rows: np.ndarray, twice: np.ndarray, movies: int) -> Ratings:
        """Who rated each of `movies` movies, from the ratings person by person (`starts`: where each
        person's start among `rows` and `twice`): scipy's conversion to columns, a counting sort."""
        from scipy import sparse

        people = len(starts) - 1
        by_movie = sparse.csr_matrix((twice, rows, starts), shape=(people, movies)).tocsc()
        return cls(
            by_movie.indptr.astype(np.int64),
            by_movie.indices.astype(np.int32, copy=False),
            by_movie.data.astype(np.uint8, copy=False),
        )

    def save(self, folder: Path) -> None:
        _save(folder, self.PREFIX, {field.name: getattr(self, field.name) for field in fields(self)})

    @classmethod
    def load(cls, folder: Path) -> Ratings | None:
        arrays = _load(folder, cls.PREFIX, [field.name for field in fields(cls)], ("people", "twice"))
        return None if arrays is None else cls(**arrays)


# Every file what the ratings taught takes in a catalog.
LEARNT_FILES = files(Colikes.PREFIX, Colikes) + files(Ratings.PREFIX, Ratings)
