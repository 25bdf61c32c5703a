"""Words of texts as scikit-learn's CountVectorizer reads them, for the word charts and the overview model."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

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
