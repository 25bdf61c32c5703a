"""Find a movie by describing it: the words of a text against each movie's overview, title and
keywords, each weighed by the TF-IDF the build fitted on its word counts (no refit at query time).

Loaded only when a description is asked for (the other commands' cold path does not grow): scikit-learn's
analyzer splits the text as the build counted it, and its TfidfTransformer, rebuilt from the parameters
and idf the build saved, weighs the texts' counts and the description's alike.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from core import wordcounts
from core.errors import DataError, NotFound
from core.i18n import course
from core.schema import DESCRIBE_KEY, VECTORIZERS_FILE
from core.text import words_of

# How much each text says about a movie: the overview most (the longest, and a plot); a title's few
# words would otherwise outweigh it (a one-word title is all of its one word).
SOURCES = {"overview": 1.0, "keywords": 0.5, "title": 0.1}
SHOWN_WORDS = 4  # words a reason names
EXAMPLES = ("a board game that lets jungle animals loose in a house", "a shark terrorizes a beach town")


@dataclass(frozen=True)
class Described:
    """A movie that fits a description, and the words of it that matched, the most telling first."""

    id: int
    titulo: str
    anio: int
    puntaje: float
    words: tuple[str, ...]

    def as_json(self) -> dict:
        """The course's keys, `razon` naming the words that matched."""
        said = course()("describe.words", words=", ".join(self.words))
        return {"id": self.id, "titulo": self.titulo, "anio": self.anio, "puntaje": self.puntaje, "razon": said}


@dataclass(frozen=True)
class _Source:
    """One text's TF-IDF rows (a column per word) and the transformer that weighed them."""

    by_word: sparse.csc_matrix
    transformer: object  # scikit-learn's TfidfTransformer, fitted by the build
    columns: dict[str, int]

    @classmethod
    def of(cls, counted: wordcounts.WordCounts, parameters: dict, idf: list[float]) -> _Source:
        from sklearn.feature_extraction.text import TfidfTransformer

        transformer = TfidfTransformer(**parameters)
        transformer.idf_ = np.asarray(idf, dtype=np.float64)
        weighed = transformer.transform(counted.counts) if len(idf) else counted.counts.astype(np.float64)
        return cls(
            sparse.csc_matrix(weighed), transformer, {str(word): column for column, word in enumerate(counted.words)}
        )

    def scores(self, words: list[str]) -> tuple[np.ndarray, dict[int, np.ndarray]]:
        """Each movie's cosine with the text's words, and each known word's share of it per movie."""
        known = Counter(self.columns[word] for word in words if word in self.columns)
        if not known:
            return np.zeros(self.by_word.shape[0]), {}
        columns = np.array(list(known))
        counts = sparse.csr_matrix((list(known.values()), ([0] * len(known), columns)), shape=(1, len(self.columns)))
        weights = self.transformer.transform(counts).toarray()[0, columns]
        share = {
            int(column): np.asarray(self.by_word[:, [column]].todense()).ravel() * weight
            for column, weight in zip(columns, weights, strict=True)
        }
        return np.sum(list(share.values()), axis=0), share


@dataclass(frozen=True)
class Describer:
    """The movies' texts as TF-IDF, ready to match a description."""

    sources: dict[str, _Source]
    words: dict[str, np.ndarray]
    ids: np.ndarray
    titles: np.ndarray
    years: np.ndarray
    prior: np.ndarray
    split: Callable[[str], list[str]]  # the text's words as the build counted them

    @classmethod
    def load(cls, folder: Path, movies) -> Describer:
        from sklearn.feature_extraction.text import CountVectorizer

        counted = {source: wordcounts.load(folder, source) for source in SOURCES}
        fitted = json.loads((Path(folder) / VECTORIZERS_FILE).read_text(encoding="utf-8")).get(DESCRIBE_KEY)
        if fitted is None:
            raise DataError("describe.rebuild", folder=str(folder))
        votes = np.log1p(movies["vote_count"].to_numpy(dtype=np.float64))
        return cls(
            {
                source: _Source.of(counts, fitted["parameters"], fitted["idf"][source])
                for source, counts in counted.items()
            },
            {source: counts.words for source, counts in counted.items()},
            movies["id"].to_numpy(),
            movies["title"].to_numpy(),
            movies["release_year"].to_numpy(),
            votes / max(1.0, votes.max()),
            CountVectorizer(stop_words=fitted["stop_words"], preprocessor=words_of).build_analyzer(),
        )

    def describe(self, text: str, k: int = 10) -> list[Described]:
        """The k movies whose texts best match `text`, each naming the words that matched; NotFound
        when no word of it is known (only stop words, or words no movie uses)."""
        if not text.strip():
            raise NotFound("describe.empty", suggestions=list(EXAMPLES))
        words = self.split(text)
        total = np.zeros(len(self.ids))
        matched: dict[str, np.ndarray] = {}  # per word, its share of each movie's score
        for source, weight in SOURCES.items():
            scores, share = self.sources[source].scores(words)
            total += weight * scores
            for column, part in share.items():
                word = str(self.words[source][column])
                matched[word] = matched.get(word, 0) + weight * part
        if not matched:
            examples = " · ".join(f"«{example}»" for example in EXAMPLES)
            raise NotFound("describe.no_word", suggestions=list(EXAMPLES), text=text[:60], examples=examples)
        total = total + 0.01 * self.prior * (total > 0)  # equal matches: the better known first
        k = max(0, min(k, int((total > 0).sum())))
        top = np.argpartition(-total, k - 1)[:k] if k else np.zeros(0, int)
        top = top[np.lexsort((self.ids[top], -total[top]))]
        found = []
        for row in top:
            shares = sorted(((part[row], word) for word, part in matched.items() if part[row] > 0), reverse=True)
            found.append(
                Described(
                    id=int(self.ids[row]),
                    titulo=str(self.titles[row]),
                    anio=int(self.years[row]),
                    puntaje=round(float(total[row]), 4),
                    words=tuple(word for _, word in shares[:SHOWN_WORDS]),
                )
            )
        return found
