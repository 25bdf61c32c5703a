"""The build's fits: scikit-learn's vectorizers, saved so that text can be transformed later without refitting."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from core import catalog as catalog_module
from core.build import training
from core.schema import VECTORIZERS_FILE
from core.text import words_of


@pytest.fixture(scope="module")
def movies(sample_catalog_dir) -> pd.DataFrame:
    return catalog_module.load(sample_catalog_dir).movies


@pytest.fixture(scope="module")
def texts(movies) -> training.Texts:
    return training.fit_texts(movies["overview"].tolist())


@pytest.fixture(scope="module")
def saved(sample_catalog_dir) -> dict:
    return json.loads((sample_catalog_dir / VECTORIZERS_FILE).read_text(encoding="utf-8"))


def vectorizer_from(saved: dict) -> TfidfVectorizer:
    """The overviews' vectorizer rebuilt from its saved vocabulary and idf (no refitting), its words read
    as the build read them (core.text.words_of: no contraction's tail)."""
    parameters = saved["parameters"]
    rebuilt = TfidfVectorizer(
        preprocessor=words_of,
        stop_words=parameters["stop_words"],
        sublinear_tf=parameters["sublinear_tf"],
        norm=parameters["norm"],
        dtype=np.float32,
        vocabulary=saved["vocabulary"],
    )
    rebuilt.idf_ = np.array(saved["idf"], dtype=np.float32)
    return rebuilt


@pytest.mark.sample
def test_splitting_the_overviews_once_gives_what_tfidfvectorizer_gives_on_the_texts(movies, texts):
    plain = TfidfVectorizer(
        stop_words="english", preprocessor=words_of, dtype=np.float32, **training.OVERVIEW_PARAMETERS
    )
    expected = plain.fit_transform(movies["overview"].tolist())
    assert texts.overview_vectorizer.vocabulary == plain.get_feature_names_out().tolist()
    assert texts.overview.shape == expected.shape
    assert abs(texts.overview - expected).max() < 1e-6


@pytest.mark.sample
def test_the_saved_overview_vectorizer_transforms_new_text_like_the_fit(movies, texts, saved):
    rebuilt = vectorizer_from(saved["overview"])
    rows = [0, 1, 500, 2000]
    transformed = rebuilt.transform(movies["overview"].iloc[rows].tolist())
    assert abs(transformed - texts.overview[rows]).max() < 1e-6
    jumanji = rebuilt.transform(["jungle animals loose from a board game"])
    assert jumanji.nnz >= 3  # words it knows: jungle, animals, board, game


@pytest.mark.sample
def test_every_name_block_saves_its_vocabulary_and_idf(saved):
    for block in ("collection", "genres", "cast", "directors", "keywords", "language", "decade"):
        assert len(saved[block]["vocabulary"]) == len(saved[block]["idf"]) > 0
        assert min(saved[block]["idf"]) >= 1.0  # smoothed idf: 1 + ln((n + 1) / (df + 1))
    assert "Animation" in saved["genres"]["vocabulary"]


def test_the_recommender_rows_are_unit_length_and_blocks_weigh_as_told(trap_catalog_dir):
    movies = catalog_module.load(trap_catalog_dir).movies
    model = training.fit(movies)
    norms = np.sqrt(np.asarray(model.features.multiply(model.features).sum(axis=1)).ravel())
    assert norms == pytest.approx(np.ones(len(movies)), abs=1e-5)
    toy, sequel, hamlet = (int(np.flatnonzero(movies["id"] == i)[0]) for i in (862, 863, 10549))
    assert model.scores(toy)[sequel] > model.scores(toy)[hamlet]  # same collection, weight 4


def test_texts_of_nothing_but_stop_words_give_an_empty_block():
    fitted = training.fit_texts(["the and of", "", "it is"])
    assert fitted.overview.shape == (3, 0) and fitted.overview_vectorizer.vocabulary == []
    assert fitted.counted.counts["overview"].counts.shape == (3, 0)
    assert len(fitted.counted.describing["overview"]) == 0
    assert training.count_words(["The", "A", "An"]).counts.shape == (3, 0)


@pytest.mark.sample
def test_describing_weighs_counts_with_the_transformer_the_build_fitted_and_saved(saved, sample_catalog_dir):
    from sklearn.feature_extraction.text import TfidfTransformer

    from core import wordcounts

    describing = saved["describe"]
    assert describing["parameters"] == training.DESCRIBE_PARAMETERS
    for source in ("overview", "title", "keywords"):
        counted = wordcounts.load(sample_catalog_dir, source)
        refit = TfidfTransformer(**training.DESCRIBE_PARAMETERS).fit(counted.counts)
        assert np.allclose(describing["idf"][source], refit.idf_) and len(counted.words) == len(refit.idf_)
