"""What the ratings teach the hybrid recommender: which movies the same people liked, and which they
liked one after the other.

Two item-item matrices, fitted with scipy.sparse products (implicit's item-item models count
co-occurrences too, but neither the asymmetric cosine nor the time window below; scipy does both in
a few lines, with no compiled dependency more):

- together: per pair of movies, the people who liked both, each person counted 1/log2(1 + n) for
  the n movies they liked (someone who liked two thousand movies says less about each pair), over
  likers(a)**ALPHA · likers(b)**(1 - ALPHA): an asymmetric cosine that leans towards movies with
  fewer likers than a plain cosine would.
- after: the same, counting only pairs liked within WINDOW of each other in the person's time
  order (what people liked next, or just before).

Each row keeps its NEIGHBOURS best movies and is scaled to 1 at its best, so that every liked movie
speaks with the same voice whatever its number of likers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from core.schema import LEARNT_FROM

ALPHA = 0.7
WINDOW = 20
NEIGHBOURS = 100
BLOCK = 2_000  # rated movies whose rows `fit` counts at once


@dataclass(frozen=True)
class Counts:
    """What `fit` scales, summed over people: so the counts of several groups of people add up."""

    together: sparse.csr_matrix
    after: sparse.csr_matrix
    likers: np.ndarray

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.together + other.together, self.after + other.after, self.likers + other.likers)


def fit(ratings: pd.DataFrame, movies: int) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """`together` and `after` from a frame of user, row, rating, timestamp and movielens, BLOCK rated
    movies' rows at a time: a row depends on its own counts and the likers alone, and the counts of
    every pair at once would take several hundred MB at full size where each row keeps NEIGHBOURS."""
    rated = np.unique(ratings["row"].to_numpy())
    together, after = [], []
    for start in range(0, max(len(rated), 1), BLOCK):
        only = np.zeros(movies, dtype=bool)
        only[rated[start : start + BLOCK]] = True
        block = scaled(count(ratings, movies, only))
        together.append(block[0]), after.append(block[1])
    return sum(together[1:], together[0]), sum(after[1:], after[0])


def scaled(counts: Counts) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    return _neighbours(counts.together, counts.likers), _neighbours(counts.after, counts.likers)


def count(ratings: pd.DataFrame, movies: int, only: np.ndarray | None = None) -> Counts:
    """The weighted pairs of liked movies of these people, together and within WINDOW, and their
    likers; with `only` (a mask of movies), the rows of those movies alone (each row depends on
    nothing but its own counts and the likers: the evaluation needs the rows of a few liked movies)."""
    liked = ratings[ratings["rating"] >= LEARNT_FROM].sort_values(["user", "timestamp", "movielens"], kind="stable")
    people, _ = pd.factorize(liked["user"])
    rows = liked["row"].to_numpy()
    per_person = np.bincount(people) if len(people) else np.zeros(0, int)
    weight = (1 / np.log2(1 + per_person[people])).astype(np.float32)
    shape = (len(per_person), movies)
    likes = sparse.csr_matrix((np.ones(len(rows), np.float32), (people, rows)), shape=shape)
    asked = slice(None) if only is None else only[rows]  # the rows counted: only theirs in the product
    together = (sparse.csr_matrix((weight[asked], (people[asked], rows[asked])), shape=shape).T @ likes).tocsr()

    starts = np.r_[0, np.cumsum(per_person)][people]  # each like's person's first position
    position = np.arange(len(rows)) - starts
    pairs = [[], [], []]
    for distance in range(1, WINDOW + 1):
        same = position[distance:] >= distance  # the like `distance` before is the same person's
        first, second = rows[:-distance][same], rows[distance:][same]
        pair_weight = weight[distance:][same]
        for source, target in ((first, second), (second, first)):
            kept = slice(None) if only is None else only[source]
            pairs[0].append(source[kept]), pairs[1].append(target[kept]), pairs[2].append(pair_weight[kept])
    after = sparse.csr_matrix(
        (np.concatenate(pairs[2] or [[]]), (np.concatenate(pairs[0] or [[]]), np.concatenate(pairs[1] or [[]]))),
        shape=(movies, movies),
        dtype=np.float32,
    )
    return Counts(together, after, np.asarray(likes.sum(axis=0)).ravel())


def _neighbours(counts: sparse.spmatrix, likers: np.ndarray) -> sparse.csr_matrix:
    """Counts over the asymmetric cosine's denominator, no movie its own neighbour, each row's
    NEIGHBOURS best kept (and any equal to the last of them), scaled to 1 at its best: BLOCK rows at a
    time (a row depends on its own counts and the likers alone; the arrays of every row's counts at once
    took a hundred MB at full size)."""
    likers = np.where(likers > 0, likers, 1).astype(np.float64)
    counts = sparse.csr_matrix(counts)
    blocks = [
        _neighbours_of(counts[start : start + BLOCK], start, likers) for start in range(0, counts.shape[0], BLOCK)
    ]
    return sparse.vstack(blocks, format="csr") if blocks else counts.astype(np.float32)


def _neighbours_of(counts: sparse.csr_matrix, first: int, likers: np.ndarray) -> sparse.csr_matrix:
    """`_neighbours` of the rows of `counts`, the first of which is the matrix's row `first`."""
    rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    scaled = counts.data * likers[rows + first] ** -ALPHA * likers[counts.indices] ** (ALPHA - 1)
    keep = (rows + first != counts.indices) & (scaled > 0)
    scaled = sparse.csr_matrix(
        (scaled[keep], counts.indices[keep], np.r_[0, np.cumsum(np.bincount(rows[keep], minlength=counts.shape[0]))]),
        shape=counts.shape,
    )
    lengths = np.diff(scaled.indptr)
    rows = np.repeat(np.arange(scaled.shape[0]), lengths)
    floor = np.zeros(scaled.shape[0])  # per row, the value its NEIGHBOURS-th best reaches
    for row in np.flatnonzero(lengths > NEIGHBOURS):
        values = scaled.data[scaled.indptr[row] : scaled.indptr[row + 1]]
        floor[row] = np.partition(values, len(values) - NEIGHBOURS)[len(values) - NEIGHBOURS]
    keep = scaled.data >= floor[rows]  # equals of the last kept are kept too
    best = np.ones(scaled.shape[0])
    filled = lengths > 0
    best[filled] = np.maximum.reduceat(scaled.data, scaled.indptr[:-1][filled])
    kept = sparse.csr_matrix(
        (
            (scaled.data / best[rows])[keep].astype(np.float32),
            scaled.indices[keep],
            np.r_[0, np.cumsum(np.bincount(rows[keep], minlength=scaled.shape[0]))],
        ),
        shape=counts.shape,
    )
    return kept
