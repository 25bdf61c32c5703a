"""Fast, exact parsing of the raw files' nested fields, which are Python literals (not JSON).

The Kaggle files were written with Python's `repr`, so every record of a field has the same
key order. A regular expression pulls out just the values we need; per cell we check that it
found one value per record (by counting a marker key) and, where it did not, parse that cell
with `ast.literal_eval`, which reads literals only and never runs code.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

# A Python string literal as `repr` writes it: single quotes, or double quotes when the
# text holds a single quote; backslash escapes inside.
_STRING = r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*\""""


@dataclass(frozen=True)
class NestedField:
    """How to read one nested column: the keys we want, in the order `repr` writes them.

    With `where` = (key, value), only records holding that string value under the key just
    before the wanted ones are read (the crew's directors, without reading the whole crew).
    """

    keys: tuple[str, ...]
    where: tuple[str, str] | None = None

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        parts = [re.escape(self.marker)] if self.where else []
        parts += [rf"'{key}': ({_STRING})" for key in self.keys]
        return re.compile(", ".join(parts))

    @functools.cached_property
    def marker(self) -> str:
        if self.where:
            key, value = self.where
            return f"'{key}': {value!r}"
        return f"'{self.keys[0]}': "


NAMES = NestedField(("name",))
COUNTRIES = NestedField(("iso_3166_1", "name"))
LANGUAGES = NestedField(("iso_639_1", "name"))
CREW_JOBS = NestedField(("job", "name"))
DIRECTORS = NestedField(("name",), where=("job", "Director"))


@dataclass
class ParseStats:
    """How many cells took the fast path, the exact fallback, or could not be read."""

    fast: int = 0
    fallback: int = 0
    malformed: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"fast": self.fast, "fallback": self.fallback, "malformed": self.malformed}


def unquote(token: str) -> str:
    """The text of one string literal token (escapes resolved only where there are any)."""
    if "\\" in token:
        return ast.literal_eval(token)
    return token[1:-1]


def parse_column(
    cells: Iterable[str | None],
    field: NestedField,
    stats: ParseStats | None = None,
    limit: int | None = None,
    repeated: bool = False,
) -> list[list]:
    """For each cell, the wanted values of its first `limit` records (all by default).

    A record's values are one string when the field wants one key, else a tuple of strings.
    A cell may hold a list of dicts or a single dict; empty, missing and malformed cells
    give an empty list. Records whose wanted values are not all strings are skipped. With
    `repeated` (genres, countries, languages: a few thousand distinct cells in 45,000 movies),
    each distinct cell is parsed once and the movies that share it share its list.
    """
    stats = stats if stats is not None else ParseStats()
    parsed, seen = [], {}
    for cell in cells:
        if repeated and (known := seen.get(cell)) is not None:
            values, outcome = known
        else:
            values, outcome = _parse_cell(cell, field, limit)
            if repeated:
                seen[cell] = values, outcome
        if outcome:
            setattr(stats, outcome, getattr(stats, outcome) + 1)
        parsed.append(values)
    return parsed


def _parse_cell(cell: str | None, field: NestedField, limit: int | None) -> tuple[list, str]:
    """The cell's values, and which path read them ("" for an empty cell).

    All the matches are taken, then the first `limit`: one C call, where stopping after `limit`
    matches took a Python loop (the credits' cast holds about twenty records a cell).
    """
    marker = field.marker
    if not isinstance(cell, str) or marker not in cell:
        return [], ""
    found = field.pattern.findall(cell)
    if len(found) != cell.count(marker):
        return _parse_exactly(cell, field, limit)
    if len(field.keys) == 1:
        return [unquote(value) for value in found[:limit]], "fast"
    return [tuple(map(unquote, values)) for values in found[:limit]], "fast"


def _parse_exactly(cell: str, field: NestedField, limit: int | None) -> tuple[list, str]:
    try:
        value = ast.literal_eval(cell)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return [], "malformed"
    records = [value] if isinstance(value, dict) else value
    if not isinstance(records, list):
        return [], "fallback"
    rows = []
    for record in records:
        if isinstance(record, dict) and (field.where is None or record.get(field.where[0]) == field.where[1]):
            values = tuple(record.get(key) for key in field.keys)
            if all(isinstance(v, str) for v in values):
                rows.append(values[0] if len(values) == 1 else values)
    return rows[:limit], "fallback"
