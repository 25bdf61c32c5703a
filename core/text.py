"""Text helpers: the one normalisation every lookup uses, and Spanish number formats."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd

MAX_QUERY_LENGTH = 200


def normalize(text: str) -> str:
    """Case-, accent- and whitespace-insensitive form of a name: 'Pedro  Almodóvar ' → 'pedro almodovar'."""
    if text.isascii():  # nothing to decompose: the common case, ten times faster
        return " ".join(text.casefold().split())
    decomposed = unicodedata.normalize("NFKD", text)
    without_marks = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(without_marks.casefold().split())


def number(count: int) -> str:
    """A whole number with Spanish thousands separators: 45378 → '45.378'."""
    return f"{count:,}".replace(",", ".")


def decimal(value: float, places: int = 2) -> str:
    """A number with a Spanish decimal comma and thousands dots: 1234.5 → '1.234,50'."""
    return f"{value:,.{places}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def peliculas(count: int) -> str:
    """'1 película', '2 películas'."""
    return "1 película" if count == 1 else f"{number(count)} películas"


# scikit-learn's English stop words (tests check they match), kept as a list so that neither the
# app nor the build imports scikit-learn: 80 MB and 0.7 s for one frozenset.
STOP_WORDS = frozenset(Path(__file__).with_name("stop_words.txt").read_text(encoding="utf-8").split())
# CountVectorizer's default tokens: words of two or more letters or digits.
TOKEN = r"(?u)\b\w\w+\b"


def words(texts: pd.Series) -> pd.Series:
    """Every text's words as CountVectorizer reads them (lowercase, stop words out), in order, one per
    row; the index says whose text it is."""
    tokens = texts.fillna("").str.lower().str.findall(TOKEN).explode().dropna()
    return tokens[~tokens.isin(STOP_WORDS)]
