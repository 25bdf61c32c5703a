"""Fast, exact parsing of the raw files' nested fields, which are Python literals (not JSON).

The Kaggle files were written with Python's `repr`, so every record of a field has the same
key order. A regular expression pulls out just the values we need; per cell we check that it
found one value per record (by counting a marker key) and, where it did not, parse that cell
with `ast.literal_eval`, which reads literals only and never runs code.
"""

from __future__ import annotations

import ast
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

    @property
    def pattern(self) -> re.Pattern[str]:
        parts = [re.escape(self.marker)] if self.where else []
        parts += [rf"'{key}': ({_STRING})" for key in self.keys]
        return re.compile(", ".join(parts))

    @property
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
    cells: Iterable[str | None], field: NestedField, stats: ParseStats | None = None, limit: int | None = None
) -> list[list]:
    """For each cell, the wanted values of its first `limit` records (all by default).

    A record's values are one string when the field wants one key, else a tuple of strings.
    A cell may hold a list of dicts or a single dict; empty, missing and malformed cells
    give an empty list. Records whose wanted values are not all strings are skipped.
    """
    stats = stats if stats is not None else ParseStats()
    pattern, marker, width = field.pattern, field.marker, len(field.keys)
    parsed = []
    for cell in cells:
        if not isinstance(cell, str) or marker not in cell:
            parsed.append([])
            continue
        found, checked = _first_matches(pattern, cell, limit)
        if len(found) == cell.count(marker, 0, checked):
            stats.fast += 1
            if width == 1:
                parsed.append([unquote(value) for value in found])
            else:
                parsed.append([tuple(map(unquote, values)) for values in found])
        else:
            parsed.append(_parse_exactly(cell, field, stats)[:limit])
    return parsed


def _first_matches(pattern: re.Pattern[str], cell: str, limit: int | None) -> tuple[list, int]:
    """Up to `limit` matches, and how far into the cell they account for every marker."""
    if limit is None:
        return pattern.findall(cell), len(cell)
    found = []
    for match in pattern.finditer(cell):
        found.append(match.groups() if len(match.groups()) > 1 else match.group(1))
        if len(found) == limit:
            return found, match.end()
    return found, len(cell)


def _parse_exactly(cell: str, field: NestedField, stats: ParseStats) -> list:
    try:
        value = ast.literal_eval(cell)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        stats.malformed += 1
        return []
    stats.fallback += 1
    records = [value] if isinstance(value, dict) else value
    if not isinstance(records, list):
        return []
    rows = []
    for record in records:
        if isinstance(record, dict) and (field.where is None or record.get(field.where[0]) == field.where[1]):
            values = tuple(record.get(key) for key in field.keys)
            if all(isinstance(v, str) for v in values):
                rows.append(values[0] if len(values) == 1 else values)
    return rows
