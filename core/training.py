"""Fit the recommender: weighted sparse TF-IDF blocks per movie, saved for the read side.

The build's side only: the one module that imports scikit-learn.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer
from sklearn.preprocessing import normalize as l2_normalize

from core.recommender import Model
from core.schema import MATRIX_FILE, MODEL_FILE

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


def _block(values: pd.Series) -> sparse.csr_matrix:
    """TF-IDF over names: each list element (or single value) is one token, spelled as in the catalog.

    Counts come from one factorize of the exploded names, not a tokenizer called per movie.
    """
    tokens = values.reset_index(drop=True).explode().dropna()
    codes, vocabulary = pd.factorize(tokens)
    if not len(vocabulary):  # no movie has this feature (e.g. no keywords.csv)
        return sparse.csr_matrix((len(values), 0), dtype=np.float32)
    counts = sparse.csr_matrix(
        (np.ones(len(codes), dtype=np.float32), (tokens.index.to_numpy(), codes)),
        shape=(len(values), len(vocabulary)),
    )
    return TfidfTransformer().fit_transform(counts)


def _overview_block(overviews: pd.Series) -> sparse.csr_matrix:
    vectorizer = TfidfVectorizer(
        stop_words="english", min_df=2, max_df=0.5, max_features=50_000, sublinear_tf=True, dtype=np.float32
    )
    try:
        return vectorizer.fit_transform(overviews.fillna(""))
    except ValueError:
        return sparse.csr_matrix((len(overviews), 0))


def feature_blocks(movies: pd.DataFrame) -> dict[str, sparse.csr_matrix]:
    return {
        "collection": _block(movies["collection"]),
        "directors": _block(movies["directors"]),
        "genres": _block(movies["genres"]),
        "keywords": _block(movies["keywords"]),
        "cast": _block(movies["cast"]),
        "overview": _overview_block(movies["overview"]),
        "language": _block(movies["original_language"].replace("", None)),
        "decade": _block((movies["release_year"] // 10 * 10).astype(str) + "s"),
    }


def fit(movies: pd.DataFrame, weights: dict[str, float] = WEIGHTS) -> Model:
    """Stack the L2-normalised blocks scaled by √weight, then L2-normalise each movie's row."""
    blocks = feature_blocks(movies)
    scaled = [
        l2_normalize(blocks[name]) * np.sqrt(weight)
        for name, weight in weights.items()
        if weight > 0 and blocks[name].shape[1] > 0
    ]
    features = l2_normalize(sparse.hstack(scaled, format="csr"))
    return Model.from_features(features, movies["id"].to_numpy(), weights)


def save(model: Model, folder: Path) -> None:
    """Write the matrix (save_npz, with fixed zip timestamps so equal models are equal bytes) and JSON."""
    sparse.save_npz(folder / MATRIX_FILE, model.features, compressed=False)
    _clear_zip_times(folder / MATRIX_FILE)
    meta = {"weights": model.weights, "ids": model.ids.tolist()}
    (folder / MODEL_FILE).write_text(json.dumps(meta), encoding="utf-8")


def _clear_zip_times(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)
