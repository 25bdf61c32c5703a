"""Fit the recommender: weighted sparse TF-IDF blocks per movie, saved for the read side.

The build's side only. TF-IDF and L2 normalisation are written here with numpy and scipy, giving
scikit-learn's results bit for bit (tests check it): importing scikit-learn cost the build 0.7 s.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from core.recommender import Model
from core.schema import MATRIX_FILE, MODEL_FILE
from core.tokens import words

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
    return tfidf(counts)


def overview_block(overviews: pd.Series) -> sparse.csr_matrix:
    """TF-IDF of the overviews' words: what scikit-learn's TfidfVectorizer(stop_words="english",
    min_df=2, max_df=0.5, max_features=50_000, sublinear_tf=True, dtype=float32) gives, bit for bit
    (tests compare them), from one split of all the texts instead of a tokenizer called per text."""
    documents = len(overviews)
    found = words(overviews)  # numbered in order of first appearance, as CountVectorizer numbers them
    vocabulary = found.vocabulary
    if not len(vocabulary):
        return sparse.csr_matrix((documents, 0))
    counts = sparse.csr_matrix(
        (np.ones(len(found.codes), dtype=np.float32), (found.rows, found.codes)), shape=(documents, len(vocabulary))
    )
    # Renumbered alphabetically, each row keeping its order (CountVectorizer._sort_features).
    alphabetical = np.empty(len(vocabulary), dtype=counts.indices.dtype)
    alphabetical[np.argsort(vocabulary)] = np.arange(len(vocabulary))
    counts.indices = alphabetical[counts.indices]
    kept = _frequent_enough(counts, max_documents=OVERVIEW_MAX_DF * documents)
    if not len(kept):
        return sparse.csr_matrix((documents, 0))
    return tfidf(counts[:, kept], sublinear=True)


OVERVIEW_MIN_DF, OVERVIEW_MAX_DF, OVERVIEW_MAX_WORDS = 2, 0.5, 50_000


def _frequent_enough(counts: sparse.csr_matrix, max_documents: float) -> np.ndarray:
    """The words in at least OVERVIEW_MIN_DF and at most `max_documents` texts, the OVERVIEW_MAX_WORDS most
    frequent of them if more (CountVectorizer._limit_features)."""
    in_documents = np.bincount(counts.indices, minlength=counts.shape[1])
    mask = (in_documents <= max_documents) & (in_documents >= OVERVIEW_MIN_DF)
    if mask.sum() > OVERVIEW_MAX_WORDS:
        totals = np.asarray(counts.sum(axis=0)).ravel()
        most = (-totals[mask]).argsort()[:OVERVIEW_MAX_WORDS]
        limited = np.zeros(len(mask), dtype=bool)
        limited[np.flatnonzero(mask)[most]] = True
        mask = limited
    return np.flatnonzero(mask)


def tfidf(counts: sparse.csr_matrix, sublinear: bool = False) -> sparse.csr_matrix:
    """Term counts to L2-normalised TF-IDF rows with smoothed idf: scikit-learn's TfidfTransformer, bit for bit."""
    weighted = counts.copy()
    dtype = weighted.dtype
    in_documents = np.bincount(weighted.indices, minlength=weighted.shape[1]).astype(dtype)
    in_documents += 1.0
    idf = np.full_like(in_documents, weighted.shape[0] + 1, dtype=dtype)
    idf /= in_documents
    np.log(idf, out=idf)
    idf += 1.0
    if sublinear:
        np.log(weighted.data, weighted.data)
        weighted.data += 1.0
    weighted.data *= idf[weighted.indices]
    return l2_rows(weighted)


def l2_rows(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """Each row divided by its L2 norm (empty rows left alone): scikit-learn's normalize, bit for bit.

    Its squares are summed row by row in double precision in storage order; a CSR product with a
    vector of ones sums them the same way, where numpy's pairwise sums would differ in the last bit.
    """
    normalised = sparse.csr_matrix(matrix, copy=True)
    squares = (normalised.data * normalised.data).astype(np.float64)
    sums = sparse.csr_matrix((squares, normalised.indices, normalised.indptr), shape=normalised.shape) @ np.ones(
        normalised.shape[1]
    )
    norms = np.sqrt(sums)
    norms[norms == 0] = 1.0
    normalised.data /= np.repeat(norms, np.diff(normalised.indptr))
    return normalised


def feature_blocks(movies: pd.DataFrame, overview: sparse.csr_matrix | None = None) -> dict[str, sparse.csr_matrix]:
    """Every block; `overview` when it was computed already (the build's second process does it)."""
    return {
        "collection": _block(movies["collection"]),
        "directors": _block(movies["directors"]),
        "genres": _block(movies["genres"]),
        "keywords": _block(movies["keywords"]),
        "cast": _block(movies["cast"]),
        "overview": overview_block(movies["overview"]) if overview is None else overview,
        "language": _block(movies["original_language"].replace("", None)),
        "decade": _block((movies["release_year"] // 10 * 10).astype(str) + "s"),
    }


def fit(movies: pd.DataFrame, weights: dict[str, float] = WEIGHTS, overview: sparse.csr_matrix | None = None) -> Model:
    """Stack the L2-normalised blocks scaled by √weight, then L2-normalise each movie's row."""
    blocks = feature_blocks(movies, overview)
    scaled = [
        l2_rows(blocks[name]) * np.sqrt(weight)
        for name, weight in weights.items()
        if weight > 0 and blocks[name].shape[1] > 0
    ]
    features = l2_rows(sparse.hstack(scaled, format="csr"))
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
