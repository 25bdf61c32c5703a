"""Fit what the read side answers with: scikit-learn's TF-IDF blocks for the recommender, word counts for the charts.

Runs in the build's text helper process (see `core.build.pipeline`), which imports scikit-learn while
the movies are read. Everything fitted is returned as plain arrays and vocabularies, saved as npz and
JSON (never pickled), so the read side multiplies without scikit-learn and text can be transformed
later without refitting.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from core.text import words_of
from core.wordcounts import WordCounts

# Each block's share of the similarity (the dot product of two movies is the weighted sum of
# their per-block cosines, before the final normalisation). Chosen with bench/recommender.py.
WEIGHTS = {
    "collection": 4.0,
    "directors": 1.5,
    "genres": 2.5,
    "keywords": 1.0,
    "cast": 1.0,
    "overview": 1.0,
    "language": 0.3,
    "decade": 0.3,
}
STOP_WORDS = "english"
# The overviews' TF-IDF: words in at least 2 and at most half of the overviews, the 50,000 most
# frequent of them, with sublinear term frequencies.
OVERVIEW_PARAMETERS = {"min_df": 2, "max_df": 0.5, "max_features": 50_000, "sublinear_tf": True}
# Describing a movie (core.describe): each text's word counts weighed as scikit-learn's TfidfTransformer
# with these parameters weighs them. The build fits it on each text and saves the parameters and the
# idf; the read side builds the same transformer from them, and no weighting is written twice.
DESCRIBE_PARAMETERS = {"sublinear_tf": True, "norm": "l2", "smooth_idf": True}


@dataclass(frozen=True)
class Vectorizer:
    """What a fitted vectorizer needs to transform new text: its words (in column order) and idf."""

    vocabulary: list[str]
    idf: np.ndarray | None = None
    parameters: dict | None = None

    def as_json(self) -> dict:
        fitted: dict = {"vocabulary": self.vocabulary}
        if self.parameters is not None:
            fitted["parameters"] = self.parameters
        if self.idf is not None:
            fitted["idf"] = [float(value) for value in self.idf]
        return fitted


@dataclass(frozen=True)
class Counted:
    """Texts' word counts (Exploración's charts), and the idf each weighs a description's words with."""

    counts: dict[str, WordCounts]
    describing: dict[str, np.ndarray]

    def __or__(self, other: Counted) -> Counted:
        return Counted(self.counts | other.counts, self.describing | other.describing)


@dataclass(frozen=True)
class Texts:
    """The overviews' TF-IDF block (rows L2-normalised) with its vectorizer, and the overviews' counts."""

    overview: sparse.csr_matrix
    overview_vectorizer: Vectorizer
    counted: Counted


@dataclass(frozen=True)
class Names:
    """Term counts of one name block (each name one term), counted by factorize, with its names."""

    counts: sparse.csr_matrix
    vocabulary: list[str]


def prepare() -> None:
    """Import scikit-learn now (0.6 s), while the build's main process is still reading the movies."""
    import sklearn.feature_extraction.text  # noqa: F401
    import sklearn.preprocessing  # noqa: F401


def fit_texts(overviews: list[str]) -> Texts:
    """The overviews' TF-IDF, and their word counts.

    The overviews are split into words once, by CountVectorizer's own analyzer (English stop words
    out), and both vectorizers count those words: the same matrices as TfidfVectorizer and
    CountVectorizer over the raw texts, in half the time.
    """
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    analyze = CountVectorizer(stop_words=STOP_WORDS, preprocessor=words_of).build_analyzer()
    words = [analyze(text if isinstance(text, str) else "") for text in overviews]
    counted = _fit_counts(CountVectorizer(analyzer=_already_split, dtype=np.int32), words)
    tfidf = TfidfVectorizer(analyzer=_already_split, dtype=np.float32, **OVERVIEW_PARAMETERS)
    try:
        overview = tfidf.fit_transform(words).tocsr()
        vectorizer = Vectorizer(
            tfidf.get_feature_names_out().tolist(), tfidf.idf_, {"stop_words": STOP_WORDS, **_transforming(tfidf)}
        )
    except ValueError:  # no word in enough overviews (a tiny catalog): the block is empty
        overview, vectorizer = sparse.csr_matrix((len(words), 0), dtype=np.float32), Vectorizer([])
    return Texts(overview, vectorizer, Counted({"overview": counted}, {"overview": describing_idf(counted)}))


def count_words_of(sources: dict[str, list[str]]) -> Counted:
    """`count_words` for each source's texts (the titles and keywords, counted in one task), with the idf
    that weighs a description's words in each."""
    counts = {source: count_words(texts) for source, texts in sources.items()}
    return Counted(counts, {source: describing_idf(counted) for source, counted in counts.items()})


def describing_idf(counted: WordCounts) -> np.ndarray:
    """The idf of TfidfTransformer(**DESCRIBE_PARAMETERS) fitted on a text's counts (none without words)."""
    from sklearn.feature_extraction.text import TfidfTransformer

    if not counted.counts.shape[1]:
        return np.zeros(0)
    return TfidfTransformer(**DESCRIBE_PARAMETERS).fit(counted.counts).idf_


def describing_json(describing: dict[str, np.ndarray]) -> dict:
    """What vectorizers.json keeps for describing: the transformer's parameters, the analyzer's stop
    words, and each text's idf (its words are the word counts', in words.json)."""
    return {
        "parameters": DESCRIBE_PARAMETERS,
        "stop_words": STOP_WORDS,
        "idf": {source: [float(value) for value in idf] for source, idf in describing.items()},
    }


def _transforming(fitted) -> dict:
    """How a fitted TfidfVectorizer weighs counts: what a transformer needs to weigh them the same."""
    return {name: value for name, value in fitted.get_params().items() if name in DESCRIBE_PARAMETERS}


def count_words(texts: list[str]) -> WordCounts:
    """How often each word (English stop words out) appears in each text: CountVectorizer."""
    from sklearn.feature_extraction.text import CountVectorizer

    cleaned = [text if isinstance(text, str) else "" for text in texts]
    return _fit_counts(CountVectorizer(stop_words=STOP_WORDS, preprocessor=words_of, dtype=np.int32), cleaned)


def _already_split(words: list[str]) -> list[str]:
    return words


def _fit_counts(vectorizer, documents: list) -> WordCounts:
    try:
        counts = vectorizer.fit_transform(documents).tocsr()
    except ValueError:  # no word at all (no keywords.csv, say): nothing to count
        return WordCounts(sparse.csr_matrix((len(documents), 0), dtype=np.int32), np.array([], dtype=object))
    return WordCounts(counts, vectorizer.get_feature_names_out())


def name_blocks(movies) -> dict[str, Names]:
    """Counts of every name block (collection, directors, genres, …): each list element is one term."""
    columns = {
        "collection": movies["collection"],
        "directors": movies["directors"],
        "genres": movies["genres"],
        "keywords": movies["keywords"],
        "cast": movies["cast"],
        "language": movies["original_language"].replace("", None),
        "decade": (movies["release_year"] // 10 * 10).astype(str) + "s",
    }
    return {name: _names(values) for name, values in columns.items()}


def _names(values) -> Names:
    """One factorize of the exploded names, not a tokenizer called per movie."""
    import pandas as pd

    tokens = values.reset_index(drop=True).explode().dropna()
    codes, vocabulary = pd.factorize(tokens)
    counts = sparse.csr_matrix(
        (np.ones(len(codes), dtype=np.float32), (tokens.index.to_numpy(dtype=np.int64), codes)),
        shape=(len(values), len(vocabulary)),
    )
    return Names(counts, [str(name) for name in vocabulary])


def fit_recommender(
    names: dict[str, Names], overview: sparse.csr_matrix, weights: dict[str, float] = WEIGHTS
) -> tuple[sparse.csr_matrix, dict[str, Vectorizer], dict[str, list[int]]]:
    """Each block's TF-IDF rows, L2-normalised and scaled by √weight, stacked, and each movie's row
    L2-normalised again; with each name block's vocabulary and idf, and each block's columns
    (`[start, stop]`), so that the read side can tell which features two movies share.

    The weighing and the last normalisation are in double precision, the model saved in single.
    """
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.preprocessing import normalize

    scaled, vectorizers, blocks, start = [], {}, {}, 0
    for block, weight in weights.items():
        if block == "overview":
            matrix = overview
        elif names[block].vocabulary:
            transformer = TfidfTransformer()
            matrix = transformer.fit_transform(names[block].counts)
            vectorizers[block] = Vectorizer(names[block].vocabulary, transformer.idf_)
        else:  # no movie has this feature (no keywords.csv, say)
            continue
        if weight > 0 and matrix.shape[1] > 0:
            scaled.append(normalize(matrix) * np.sqrt(np.float64(weight)))
            blocks[block] = [start, start + matrix.shape[1]]
            start += matrix.shape[1]
    rows = len(next(iter(names.values())).counts.indptr) - 1
    if not scaled:
        return sparse.csr_matrix((rows, 0), dtype=np.float32), vectorizers, blocks
    return normalize(sparse.hstack(scaled, format="csr")).astype(np.float32), vectorizers, blocks


def fit(movies, weights: dict[str, float] = WEIGHTS, overview: sparse.csr_matrix | None = None):
    """The whole recommender from a catalog's movies, in this process (tests, the benchmark's weight tuning).

    `overview` is the overviews' block when it was fitted already (it does not depend on the weights).
    """
    from core.recommender import Model

    if overview is None:
        overview = fit_texts(movies["overview"].tolist()).overview
    features, _, blocks = fit_recommender(name_blocks(movies), overview, weights)
    return Model.from_features(features, movies["id"].to_numpy(), weights, blocks)
