"""The CSV files users download: a text cell that a spreadsheet would run as a formula is written
behind a quote (OWASP's rule for CSV injection), and the upload reads it back as it was."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # core.lists imports this module, and the first page the list names before pandas
    import pandas as pd

# What a spreadsheet takes for the start of a formula (or of a cell it splits): =, +, -, @, tab, CR.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def written(frame: pd.DataFrame) -> str:
    """The frame as a CSV, its text cells neutralised and quoted (a line break inside one stays in it);
    numbers stay numbers."""
    text = frame.select_dtypes(include=["object", "string"]).columns
    neutral = frame.assign(**{column: frame[column].map(neutralised) for column in text})
    return neutral.to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC)


def neutralised(value):
    """A text that starts as a formula would, behind a quote: shown as it is, never run."""
    return QUOTE + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def read_back(cell: str) -> str:
    """A cell of a downloaded CSV as it was before `written` neutralised it."""
    return cell[1:] if cell.startswith(QUOTE) and cell[1:].startswith(FORMULA_STARTS) else cell
