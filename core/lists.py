"""A user's lists of movies (seen, not interested, watchlist): kept in the link as ids, written to a CSV
and read back from one, by ids or by titles."""

from __future__ import annotations

import csv
import io
import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core import csvsafe
from core.errors import NotFound

if TYPE_CHECKING:  # the pages read the list names on every run, before the catalog is loaded
    from core.catalog import Catalog
    from core.search import TitleSearch

SEEN, NOT_INTERESTED, WATCHLIST = "vistas", "descartadas", "pendientes"
LISTS = (SEEN, NOT_INTERESTED, WATCHLIST)
HIDDEN = (SEEN, NOT_INTERESTED)  # never recommended nor listed in a top chart
MAX_MOVIES = 500  # per list: a link stays a link
MAX_UPLOAD_BYTES = 1_000_000
ID_COLUMNS = ("id", "tmdb_id", "tmdbid")
TITLE_COLUMNS = ("titulo", "título", "title", "pelicula", "película", "movie", "name", "nombre")


@dataclass(frozen=True)
class Imported:
    """What a CSV brought: the ids found (in order, once each), and the entries that named no movie."""

    ids: tuple[int, ...]
    not_found: tuple[str, ...]
    too_many: bool = False  # entries past MAX_MOVIES were left out


def table(catalog: Catalog, ids: list[int] | tuple[int, ...]):
    """The movies of `ids` that the catalog has, in that order: id, titulo, anio, nota, votos."""
    movies = catalog.movies
    found = movies.loc[movies["id"].isin(ids), ["id", "title", "release_year", "vote_average", "vote_count"]]
    known = set(found["id"].tolist())
    found = found.set_index("id").reindex([movie_id for movie_id in dict.fromkeys(ids) if movie_id in known])
    names = {"title": "titulo", "release_year": "anio", "vote_average": "nota", "vote_count": "votos"}
    return found.reset_index().rename(columns=names)


def as_csv(catalog: Catalog, ids: list[int]) -> str:
    """The movies of `ids` (those the catalog has) as a CSV: id, titulo, anio (formulas neutralised)."""
    return csvsafe.written(table(catalog, ids)[["id", "titulo", "anio"]])


def read_csv(data: bytes, catalog: Catalog, search: TitleSearch) -> Imported:
    """The movies a CSV names: an id column (id, tmdb_id) or a title column (titulo, title; with the
    year after it, or in an anio/year column, to pick among namesakes), else its first column. A title
    counts when it names one movie for sure (its title, or that title misspelt by a letter or two:
    TitleSearch.exact); namesakes without a year, or a guess, are not found. Every entry read counts
    toward MAX_MOVIES, found or not, and the file is read no further: a file of the largest size is
    answered in a second. Bytes that are not a CSV raise NotFound."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise too_large()
    try:
        rows = list(_rows(_text(data)))
    except csv.Error:
        raise NotFound("lists.not_csv") from None
    if not rows:
        raise NotFound("lists.empty")
    header = [cell.strip().lower() for cell in rows[0]]
    column, year_column = 0, None
    if named := [header.index(name) for name in ID_COLUMNS + TITLE_COLUMNS if name in header]:
        column, rows = named[0], rows[1:]
        year_column = next((header.index(name) for name in ("anio", "año", "year") if name in header), None)
    known = set(catalog.movies["id"].tolist())
    ids: dict[int, None] = {}
    not_found: list[str] = []
    for row in rows[:MAX_MOVIES]:
        entry = csvsafe.read_back(row[column].strip()) if column < len(row) else ""
        if not entry:
            continue
        year = row[year_column].strip() if year_column is not None and year_column < len(row) else ""
        if (movie_id := _movie_id(entry, f"{entry} {year}".strip(), known, search)) is None:
            not_found.append(entry)
        else:
            ids[movie_id] = None
    return Imported(tuple(ids), tuple(not_found), too_many=len(rows) > MAX_MOVIES)


def too_large() -> NotFound:
    return NotFound("lists.too_large", kb=MAX_UPLOAD_BYTES // 1000)


# What a spreadsheet writes its CSVs in: UTF-8 (with a BOM or without), else Windows' Latin-1 (Excel in Spanish
# and other Western locales), whose cp1252 leaves five bytes undefined that Latin-1 takes.
ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
DELIMITERS = ",;\t"  # a comma; a semicolon where the comma writes decimals (Excel in Spanish); a tab


def _text(data: bytes) -> str:
    """The bytes as text in the first of ENCODINGS that reads them; NotFound when they are no text (a NUL,
    or more than one in twenty characters a control one: a binary file, whatever it decodes to)."""
    text = next(text for text in (_decoded(data, encoding) for encoding in ENCODINGS) if text is not None)
    controls = sum(1 for character in text if character < " " and character not in "\t\r\n")
    if "\x00" in text or controls > len(text) / 20:
        raise NotFound("lists.not_csv")
    return text


def _decoded(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _rows(text: str):
    """The CSV's rows that hold something, up to one past MAX_MOVIES after a header: the rest is not read.
    Its delimiter is the one of DELIMITERS its first lines agree on (csv.Sniffer), else a comma."""
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=DELIMITERS)
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=dialect.delimiter)
    filled = (row for row in reader if any(cell.strip() for cell in row))
    return itertools.islice(filled, MAX_MOVIES + 2)


def _movie_id(entry: str, with_year: str, known: set[int], search: TitleSearch) -> int | None:
    if entry.isascii() and entry.isdigit():
        return int(entry) if len(entry) < 10 and int(entry) in known else None
    found = search.exact(with_year)
    return None if found is None else found.id
