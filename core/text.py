"""Text helpers: the one normalisation every lookup uses, and Spanish number formats."""

from __future__ import annotations

import re
import unicodedata

MAX_QUERY_LENGTH = 200
# English contractions, whose tail a word counter would take for a word ("he'll" → "ll", "aren't" →
# "aren"): three whose head changes, then every other tail, with the straight or the curly apostrophe.
_IRREGULAR = re.compile(r"(?i)\b(won|can|shan)[’']t\b")
_TAIL = re.compile(r"(?i)(?<=[a-z])(?:n[’']t|[’'](?:ll|re|ve|d|m|s|t))\b")


def words_of(text: str) -> str:
    """A text as its words are counted (plots, titles, keywords, a description): in lower case, each
    contraction said as its first word ("he'll" is "he", "aren't" "are", "Max's" "max"), so that a
    contraction's tail is never taken for a word (the stop words then take most of those first words)."""
    text = _IRREGULAR.sub(lambda found: {"won": "will", "can": "can", "shan": "shall"}[found[1].lower()], text)
    return _TAIL.sub("", text).lower()


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
