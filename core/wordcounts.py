"""How often each word appears in each movie's texts: counted by the build, summed by Exploración's word charts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from core.schema import WORD_COUNTS_FILE, WORD_SOURCES, save_matrix, word_counts_matrix_file


@dataclass(frozen=True)
class WordCounts:
    """One text source's counts: a row per catalog movie, a column per word (words alphabetical)."""

    counts: sparse.csr_matrix
    words: np.ndarray

    def totals(self, rows: np.ndarray) -> np.ndarray:
        """How often each word appears in the texts of the movies at `rows`."""
        return np.asarray(self.counts[rows].sum(axis=0)).ravel()


def save(folder: Path, by_source: dict[str, WordCounts]) -> None:
    """One matrix file per source and their words in one JSON file."""
    for source, counted in by_source.items():
        save_matrix(folder / word_counts_matrix_file(source), counted.counts)
    words = {source: counted.words.tolist() for source, counted in by_source.items()}
    (folder / WORD_COUNTS_FILE).write_text(json.dumps(words, ensure_ascii=False), encoding="utf-8")


def load(folder: Path, source: str) -> WordCounts:
    """The counts of one source (`overview`, `title` or `keywords`) of the catalog built at `folder`."""
    if source not in WORD_SOURCES:
        raise ValueError(f"unknown text source {source!r}")
    words = json.loads((Path(folder) / WORD_COUNTS_FILE).read_text(encoding="utf-8"))[source]
    counts = sparse.load_npz(Path(folder) / word_counts_matrix_file(source)).tocsr()
    return WordCounts(counts, np.array(words, dtype=object))
