"""The recommender's TF-IDF, written with numpy and scipy, against scikit-learn's, bit for bit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer
from sklearn.preprocessing import normalize

from core import catalog as catalog_module
from core import training


def same_matrix(ours: sparse.csr_matrix, theirs: sparse.csr_matrix) -> bool:
    """Same shape, dtype, structure and bytes, storage order included."""
    theirs = sparse.csr_matrix(theirs)
    return (
        ours.shape == theirs.shape
        and ours.dtype == theirs.dtype
        and np.array_equal(ours.indptr, theirs.indptr)
        and np.array_equal(ours.indices, theirs.indices)
        and ours.data.tobytes() == theirs.data.tobytes()
    )


@pytest.fixture(scope="module")
def movies(sample_catalog_dir) -> pd.DataFrame:
    return catalog_module.load(sample_catalog_dir).movies


def test_overview_tfidf_is_scikit_learns(movies):
    vectorizer = TfidfVectorizer(
        stop_words="english", min_df=2, max_df=0.5, max_features=50_000, sublinear_tf=True, dtype=np.float32
    )
    theirs = vectorizer.fit_transform(movies["overview"].fillna("").astype(object))
    assert same_matrix(training.overview_block(movies["overview"]), theirs)


def test_overview_tfidf_keeps_the_most_frequent_words_when_there_are_too_many(movies, monkeypatch):
    monkeypatch.setattr(training, "OVERVIEW_MAX_WORDS", 500)
    vectorizer = TfidfVectorizer(
        stop_words="english", min_df=2, max_df=0.5, max_features=500, sublinear_tf=True, dtype=np.float32
    )
    theirs = vectorizer.fit_transform(movies["overview"].fillna("").astype(object))
    assert same_matrix(training.overview_block(movies["overview"]), theirs)


@pytest.mark.parametrize("column", ["genres", "cast", "keywords", "collection", "directors"])
def test_name_tfidf_is_scikit_learns(movies, column):
    tokens = movies[column].reset_index(drop=True).explode().dropna()
    codes, vocabulary = pd.factorize(tokens)
    counts = sparse.csr_matrix(
        (np.ones(len(codes), dtype=np.float32), (tokens.index.to_numpy(), codes)), shape=(len(movies), len(vocabulary))
    )
    assert same_matrix(training.tfidf(counts), TfidfTransformer().fit_transform(counts))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_row_normalisation_is_scikit_learns(dtype):
    rng = np.random.default_rng(0)
    matrix = sparse.random(300, 200, density=0.2, format="csr", random_state=rng, dtype=dtype)
    matrix = sparse.csr_matrix(matrix.multiply(np.arange(300)[:, None] != 5))  # row 5 empty: it stays empty
    assert same_matrix(training.l2_rows(matrix), normalize(matrix))


def test_texts_of_nothing_but_stop_words_give_an_empty_block():
    assert training.overview_block(pd.Series(["the and of", None, ""])).shape == (3, 0)
