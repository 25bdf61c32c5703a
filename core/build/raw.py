"""The raw Kaggle files: found in a folder, opened plain, gzipped or zipped, and read through a capped stream.

A raw file is at most a stated multiple of the real one once decompressed, in bytes, rows and line
length: a zip bomb (a few MB holding gigabytes of zeros) stops at the cap with one clear error, in
seconds and well under 2 GB of memory, instead of filling the machine.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from core.errors import DataError
from core.phrases import Number, Phrase
from core.schema import REQUIRED_COLUMNS

# The real files (Kaggle's The Movies Dataset): bytes and rows.
REAL_SIZES = {
    "movies": (34_445_126, 45_466),
    "credits": (189_917_659, 45_476),
    "keywords": (6_231_700, 46_419),
    "ratings": (2_438_266, 100_004),
    "links": (183_372, 9_125),
    "ratings_full": (709_550_327, 26_024_289),
    "links_full": (989_107, 45_843),
}
# How much larger than the real file a raw file may be (the synthetic files at 200,000 movies are 4.4x).
CAP = 8
# The full ratings.csv is read in chunks, but what is kept of it grows with its rows (five bytes a rating, and
# what the co-likes count): twice the real file, and no more.
CAPS = {"ratings_full": 2}
# No physical line of a real file is near this long (the longest credits row is about 0.3 MB).
MAX_LINE_BYTES = 16_000_000
# ValueError: pandas' word for an archive holding no or several files.
_UNREADABLE = (EOFError, OSError, ValueError, zlib.error, zipfile.BadZipFile, gzip.BadGzipFile)


def limits(kind: str) -> tuple[int, int]:
    """The most bytes (decompressed) and rows a raw file of that kind may hold."""
    size, rows = REAL_SIZES[kind]
    cap = CAPS.get(kind, CAP)
    return cap * size, cap * rows


class _Capped(io.RawIOBase):
    """A binary stream that raises DataError past `limit` bytes, or on a line longer than MAX_LINE_BYTES."""

    def __init__(self, stream, limit: int, name: str, kind: str):
        self.stream, self.limit, self.name, self.kind = stream, limit, name, kind
        self.seen = 0
        self.line = 0  # bytes since the last line break

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = self.stream.readinto(buffer)
        if not count:
            return 0
        self.seen += count
        chunk = memoryview(buffer)[:count]
        last_break = bytes(chunk).rfind(b"\n")
        self.line = self.line + count if last_break < 0 else count - last_break - 1
        if self.seen > self.limit:
            raise self._too_large(Phrase.of("raw.over_megabytes", megabytes=Number(round(self.limit / 1e6))))
        if self.line > MAX_LINE_BYTES:
            raise self._too_large(Phrase.of("raw.long_line", megabytes=Number(round(MAX_LINE_BYTES / 1e6))))
        return count

    def _too_large(self, what: Phrase) -> DataError:
        real = Number(round(REAL_SIZES[self.kind][0] / 1e6))
        return DataError("raw.too_large", file=self.name, what=what, real=real)


@contextlib.contextmanager
def open_raw(path: Path, kind: str) -> Iterator[io.BufferedReader]:
    """The file's bytes, decompressed if it is .gz or .zip (a zip must hold one file), capped."""
    with contextlib.ExitStack() as stack:
        if path.suffix == ".gz":
            stream = stack.enter_context(gzip.open(path, "rb"))
        elif path.suffix == ".zip":
            archive = stack.enter_context(zipfile.ZipFile(path))
            members = [info for info in archive.infolist() if not info.is_dir()]
            if len(members) != 1:
                raise DataError("raw.zip_files", file=path.name, count=len(members))
            stream = stack.enter_context(archive.open(members[0]))
        else:
            stream = stack.enter_context(path.open("rb"))
        yield io.BufferedReader(_Capped(stream, limits(kind)[0], path.name, kind), buffer_size=1 << 20)


def missing_columns(path: Path, kind: str) -> list[str]:
    """The columns a raw file of that kind needs and its header lacks (pandas' reading errors pass through)."""
    with open_raw(path, kind) as stream:
        header = pd.read_csv(stream, nrows=0, dtype=str)
    return [column for column in REQUIRED_COLUMNS[kind] if column not in header.columns]


def read_raw(path: Path, kind: str) -> pd.DataFrame:
    """Read one raw CSV as text columns, or raise DataError saying what is wrong with it."""
    chunks = list(read_raw_chunks(path, kind, None))
    return chunks[0] if len(chunks) == 1 else pd.concat(chunks, ignore_index=True)


def read_raw_chunks(path: Path, kind: str, rows: int | None) -> Iterator[pd.DataFrame]:
    """One raw CSV as text columns, `rows` rows at a time (None: all at once), or DataError saying
    what is wrong with it, as soon as it is seen."""
    columns = REQUIRED_COLUMNS[kind]
    most_rows = limits(kind)[1]
    with reading(path):
        if missing := missing_columns(path, kind):
            raise DataError("raw.missing_columns", file=path.name, columns=", ".join(missing))
        with open_raw(path, kind) as stream:
            # object, not pandas' Arrow-backed str: the parsers iterate Python strings anyway.
            read = pd.read_csv(
                stream, usecols=list(columns), dtype=object, keep_default_na=False, nrows=most_rows + 1, chunksize=rows
            )
            seen = 0
            for frame in [read] if rows is None else read:
                seen += len(frame)
                if seen > most_rows:
                    real = Number(REAL_SIZES[kind][1])
                    raise DataError("raw.too_many_rows", file=path.name, rows=Number(most_rows), real=real)
                yield frame


@contextlib.contextmanager
def reading(path: Path):
    """pandas' and the stream's reading errors, as DataErrors naming the file."""
    try:
        yield
    except pd.errors.EmptyDataError:
        raise DataError("raw.empty", file=path.name) from None
    except UnicodeDecodeError:
        raise DataError("raw.not_text", file=path.name) from None
    except pd.errors.ParserError as error:
        raise DataError("raw.not_csv", file=path.name, why=_first_line(error)) from None
    except _UNREADABLE as error:
        raise DataError("raw.unreadable", file=path.name, why=_first_line(error)) from None


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
