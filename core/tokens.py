"""Words of texts as scikit-learn's CountVectorizer reads them, for the word charts and the overview model."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# scikit-learn's English stop words (tests check they match), kept as a list so that neither the
# app nor the build imports scikit-learn: 80 MB and 0.7 s for one frozenset.
STOP_WORDS = frozenset(Path(__file__).with_name("stop_words.txt").read_text(encoding="utf-8").split())
# CountVectorizer's tokens, r"(?u)\b\w\w+\b", are the runs of two or more of Python's word
# characters (letters, digits, underscore). Arrow's regular expressions split the runs apart in one
# call over all the texts, ten times faster than Python's per text: whatever separates them.
BETWEEN_WORDS = r"[^\p{L}\p{N}_]+"


@dataclass(frozen=True)
class Words:
    """Every word of every text, in order: whose text (`rows`, positions) and which word (`codes`
    into `vocabulary`, numbered in order of first appearance, as CountVectorizer numbers them)."""

    rows: np.ndarray
    codes: np.ndarray
    vocabulary: np.ndarray

    def alphabetical(self) -> Words:
        """The same words with the vocabulary in alphabetical order."""
        order = np.argsort(self.vocabulary)
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        return Words(self.rows, rank[self.codes], self.vocabulary[order])


def words(texts: pd.Series) -> Words:
    """The words of each text, lowercased as Python lowercases (as CountVectorizer does), stop words out."""
    lowered = pa.array([text.lower() if isinstance(text, str) else "" for text in texts], type=pa.large_string())
    pieces = pc.split_pattern_regex(lowered, BETWEEN_WORDS)
    found, rows = pc.list_flatten(pieces), pc.list_parent_indices(pieces)
    kept = pc.and_(
        pc.greater_equal(pc.utf8_length(found), 2),
        pc.invert(pc.is_in(found, value_set=pa.array(sorted(STOP_WORDS), type=pa.large_string()))),
    )
    encoded = pc.dictionary_encode(found.filter(kept))
    return Words(
        rows=rows.filter(kept).to_numpy(),
        codes=encoded.indices.to_numpy(),
        vocabulary=np.array(encoded.dictionary.to_pylist(), dtype=object),
    )
