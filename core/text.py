"""Text helpers: the one normalisation every lookup uses, and Spanish number formats."""

from __future__ import annotations

import unicodedata

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
