"""The built catalog, loaded once, with the lookup indexes the queries need precomputed."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from babel import Locale

from core.i18n import genres_named, is_sample
from core.names import NameIndex
from core.phrases import Number, Phrase
from core.schema import CATALOG_FILE, read_manifest, require
from core.text import normalize

_SPANISH, _ENGLISH = Locale("es"), Locale("en")


class Lookups:
    """Name indexes and per-name aggregates, so that a query is a dictionary lookup.

    Each group is built on first use (a command-line query needs one of six), or all at once by
    `warm()` for a long-running server, from the movies or from a reader of the columns it needs
    (so that a catalog can be held without the columns only lookups read). Building is idempotent,
    so two threads that race on a group only repeat work.
    """

    languages: NameIndex
    language_counts: dict[str, int]
    language_rows: dict[str, np.ndarray]
    titles: NameIndex
    title_rows: dict[str, np.ndarray]
    collections: NameIndex
    collection_rows: dict[str, np.ndarray]
    countries: NameIndex
    country_counts: dict[str, int]
    companies: NameIndex
    company_totals: dict[str, tuple[int, int]]
    directors: NameIndex
    director_rows: dict[str, np.ndarray]
    genres: NameIndex
    genre_rows: dict[str, np.ndarray]

    def __init__(self, source: pd.DataFrame | Callable[[list[str]], pd.DataFrame]):
        self._read = source if callable(source) else lambda columns: source

    def __getattr__(self, name: str):
        builder = _BUILDERS.get(name)
        if builder is None:
            raise AttributeError(name)
        self.__dict__.update(builder(self._read(_GROUPS[builder][1])))
        return self.__dict__[name]

    def warm(self) -> Lookups:
        """Build every group now, from one read of the columns they need."""
        movies = self._read(sorted({column for _, columns in _GROUPS.values() for column in columns}))
        for builder in _GROUPS:
            self.__dict__.update(builder(movies))
        return self


@dataclass(frozen=True)
class Catalog:
    """The movies (one row each, positional index), the build manifest and the lookups."""

    movies: pd.DataFrame
    manifest: dict
    lookups: Lookups

    @property
    def is_sample(self) -> bool:
        """Built from the embedded sample (2,993 movies, credits for 35), not the full dataset."""
        return is_sample(self.manifest)

    @property
    def credited_movies(self) -> int:
        """Movies with credits (a director); the sample has 35."""
        return self.manifest["credited_movies"]


def sample_gap(catalog: Catalog, credits: bool = False) -> Phrase:
    """Why a name may be missing from the sample (credits: it has directors for a few movies only)."""
    if credits:
        held = Phrase.of("sample.held_directors", movies=Number(catalog.credited_movies))
    else:
        held = Phrase.of("sample.held_movies", movies=Number(len(catalog.movies)))
    return Phrase.of("sample.gap", held=held)


# What only the pages show (a movie's card, the word charts): answering over the command line or
# HTTP does without them, and a server holds 45 MB less at full size.
DISPLAY_ONLY = ("overview", "imdb_id", "poster_path", "popularity")


def load(path: Path, skip: tuple[str, ...] = ()) -> Catalog:
    """Read the catalog built at `path`, less the `skip` columns; DataError when there is none.

    Lookups are built on first use (or all at once with `catalog.lookups.warm()`); when `skip` drops
    a column they need, they read their own columns from the file.
    """
    path = require(path)
    columns = [name for name in pq.read_schema(path / CATALOG_FILE).names if name not in skip]
    movies = _read(path, columns)
    manifest = read_manifest(path)
    lookups = Lookups(functools.partial(_read, path) if set(skip) & set(LOOKUP_ONLY) else movies)
    return Catalog(movies=movies, manifest=manifest, lookups=lookups)


def written_movies(path: Path, skip: tuple[str, ...] = (), columns: list[str] | None = None) -> pd.DataFrame:
    """The movies of a catalog file being written (no manifest yet, as the build reads it back): these
    `columns`, or all but `skip`."""
    columns = columns or [name for name in pq.read_schema(Path(path) / CATALOG_FILE).names if name not in skip]
    return _read(Path(path), columns)


def _read(path: Path, columns: list[str]) -> pd.DataFrame:
    movies = pq.read_table(path / CATALOG_FILE, columns=columns).to_pandas(types_mapper=_arrow_lists)
    # Plain Python strings where lookups take rows from numpy arrays; the long texts only shown one
    # at a time stay in Arrow's compact buffers (45 MB less at full size).
    text = movies.select_dtypes(include="string").columns.difference(DISPLAY_ONLY)
    movies = movies.astype(dict.fromkeys(text, object))
    movies.index = pd.RangeIndex(len(movies))
    # Arrow's allocator keeps what reading freed for later reads; a catalog is read once.
    pa.default_memory_pool().release_unused()
    return movies


def _arrow_lists(column_type: pa.DataType) -> pd.ArrowDtype | None:
    """List columns (genres, cast, …) stay in Arrow: one flat buffer of names and one of offsets.

    As numpy, each movie's list would be an array of its own and each name a Python string:
    about 70 MB more at full size. A cell still reads as a Python list.
    """
    return pd.ArrowDtype(column_type) if pa.types.is_list(column_type) else None


# Columns that only building the lookups reads (Exploración's rankings read companies and country codes).
LOOKUP_ONLY = (
    "original_title",
    "production_companies",
    "production_countries",
    "production_country_codes",
    "spoken_languages",
    "spoken_language_codes",
)
# What the app's pages never read: a movie's card, the charts and the queries do without them.
PAGES_SKIP = ("original_title", "production_countries", "spoken_languages", "spoken_language_codes")


def load_for_answering(path: Path) -> Catalog:
    """Only the columns answers read, every lookup built (from its own read): what a server keeps.

    The lookups are built first, so that the columns they read are freed before the catalog is
    read into the same memory (the other order leaves the server 25 MB larger at full size).
    """
    lookups = Lookups(functools.partial(_read, Path(path))).warm()
    answering = load(path, skip=DISPLAY_ONLY + LOOKUP_ONLY)
    return Catalog(movies=answering.movies, manifest=answering.manifest, lookups=lookups)


def exploded(movies: pd.DataFrame, column: str) -> pd.Series:
    """One entry per (movie row, distinct list element): index is the movie's row, values the element.

    A name listed twice in one movie counts once: membership, not occurrences.
    """
    values = movies[column].explode()
    values = values[values.notna()].astype(str)
    return values[~pd.MultiIndex.from_arrays([values.index, values.to_numpy()]).duplicated()]


def rows_by(values: pd.Series) -> dict[str, np.ndarray]:
    """Row positions (the series' index) per value, in catalog order."""
    if values.empty:  # e.g. a catalog where no movie belongs to a collection
        return {}
    codes, names = pd.factorize(values.to_numpy())
    order = np.argsort(codes, kind="stable")
    bounds = np.flatnonzero(np.diff(codes[order])) + 1
    return dict(zip(names, np.split(values.index.to_numpy()[order], bounds), strict=True))


def rows_mask(size: int, rows) -> np.ndarray:
    """A boolean mask over `size` catalog rows, true at `rows`."""
    mask = np.zeros(size, dtype=bool)
    mask[rows] = True
    return mask


def by_count(counts: pd.Series) -> list[str]:
    """Keys ordered most movies first, then alphabetically, so ranking is deterministic."""
    frame = counts.rename("n").rename_axis("key").reset_index()
    return frame.sort_values(["n", "key"], ascending=[False, True])["key"].tolist()


# TMDB's own codes where ISO 639-1 has none: Cantonese, and "No Language" (silent films).
_TMDB_LANGUAGES = {"cn": "yue", "xx": "zxx"}


def _language_name(code: str, locale: Locale) -> str | None:
    """The language's name in `locale`, for an ISO 639-1 code or one of TMDB's own."""
    return locale.languages.get(_TMDB_LANGUAGES.get(code, code))


def english_language(code: str) -> str:
    """'fr' → 'French' (the code itself when babel does not know it)."""
    return _language_name(code, _ENGLISH) or code


def english_country(code: str) -> str:
    """'ES' → 'Spain' (the code itself when babel does not know it)."""
    return _ENGLISH.territories.get(code) or code


def country_name(code: str, language: str) -> str:
    """'ES' → 'España' in Spanish, 'Spain' in English (the code itself when babel does not know it)."""
    return (_SPANISH if language == "es" else _ENGLISH).territories.get(code) or code


def _language_lookups(movies: pd.DataFrame) -> dict:
    languages = movies["original_language"].replace("", np.nan).dropna()
    counts = languages.value_counts()
    codes = by_count(counts)
    native = _code_name_pairs(movies, "spoken_language_codes", "spoken_languages")
    aliases = [(code, code) for code in codes] + [(name, code) for code, name in native]
    aliases += [
        (name, code) for code in codes for locale in (_SPANISH, _ENGLISH) if (name := _language_name(code, locale))
    ]
    displays = {code: _language_name(code, _SPANISH) or code for code in codes}
    english = {code: english_language(code) for code in codes}
    return {
        "languages": NameIndex(displays, aliases, what="languages", english=english),
        "language_counts": {code: int(n) for code, n in counts.items()},
        "language_rows": rows_by(languages),
    }


def _country_lookups(movies: pd.DataFrame) -> dict:
    counts = exploded(movies, "production_country_codes").value_counts()
    codes = by_count(counts)
    pairs = _code_name_pairs(movies, "production_country_codes", "production_countries")
    aliases = [(code, code) for code in codes] + [(name, code) for code, name in pairs]
    aliases += [
        (locale.territories[code], code)
        for code in codes
        for locale in (_SPANISH, _ENGLISH)
        if code in locale.territories
    ]
    names_in_data = dict(pairs)
    displays = {code: _SPANISH.territories.get(code) or names_in_data.get(code, code) for code in codes}
    english = {code: _ENGLISH.territories.get(code) or names_in_data.get(code, code) for code in codes}
    return {
        "countries": NameIndex(displays, aliases, what="countries", english=english),
        "country_counts": {code: int(n) for code, n in counts.items()},
    }


def _code_name_pairs(movies: pd.DataFrame, codes: str, names: str) -> list[tuple[str, str]]:
    """Distinct (code, name) pairs from two parallel list columns."""
    pairs = pd.DataFrame({"code": movies[codes].explode().to_numpy(), "name": movies[names].explode().to_numpy()})
    pairs = pairs.dropna()
    return list(pairs.drop_duplicates().itertuples(index=False, name=None))


def _title_lookups(movies: pd.DataFrame) -> dict:
    titles = movies["title"].tolist()
    keys = [normalize(title) for title in titles]
    keyed = pd.Series(keys, index=movies.index, dtype=object)
    title_rows = rows_by(keyed)
    order = by_count(keyed.value_counts())
    first_title = dict(zip(keys[::-1], titles[::-1], strict=True))
    aliases = zip(movies["original_title"].tolist(), keys, strict=True)
    return {
        "titles": NameIndex({key: first_title[key] for key in order}, aliases, what="titles"),
        "title_rows": title_rows,
    }


def _collection_lookups(movies: pd.DataFrame) -> dict:
    names = movies["collection"].dropna()
    order = by_count(names.value_counts())
    index = NameIndex({name: name for name in order}, what="collections", ignore_words=("collection", "coleccion"))
    return {"collections": index, "collection_rows": rows_by(names)}


def _company_lookups(movies: pd.DataFrame) -> dict:
    companies = exploded(movies, "production_companies")
    revenue = movies["revenue"].to_numpy()[companies.index.to_numpy()]
    totals = (
        pd.DataFrame({"company": companies.to_numpy(), "revenue": revenue})
        .groupby("company")["revenue"]
        .agg(["sum", "size"])
    )
    order = by_count(totals["size"])
    return {
        "companies": NameIndex({name: name for name in order}, what="companies"),
        "company_totals": {name: (int(total), int(n)) for name, total, n in totals.itertuples()},
    }


def _genre_lookups(movies: pd.DataFrame) -> dict:
    genres = exploded(movies, "genres")
    order = by_count(genres.value_counts())
    aliases = list(genres_named("es", order).items())
    return {
        "genres": NameIndex({name: name for name in order}, aliases, what="genres"),
        "genre_rows": rows_by(genres),
    }


def _director_lookups(movies: pd.DataFrame) -> dict:
    directors = exploded(movies, "directors")
    order = by_count(directors.value_counts())
    return {
        "directors": NameIndex({name: name for name in order}, what="directors"),
        "director_rows": rows_by(directors),
    }


# Which fields each builder makes, from which columns; a field's first use builds its group.
_GROUPS = {
    _language_lookups: (
        ("languages", "language_counts", "language_rows"),
        ["original_language", "spoken_language_codes", "spoken_languages"],
    ),
    _title_lookups: (("titles", "title_rows"), ["title", "original_title"]),
    _collection_lookups: (("collections", "collection_rows"), ["collection"]),
    _country_lookups: (("countries", "country_counts"), ["production_country_codes", "production_countries"]),
    _company_lookups: (("companies", "company_totals"), ["production_companies", "revenue"]),
    _director_lookups: (("directors", "director_rows"), ["directors"]),
    _genre_lookups: (("genres", "genre_rows"), ["genres"]),
}
_BUILDERS = {field: builder for builder, (fields, _) in _GROUPS.items() for field in fields}
