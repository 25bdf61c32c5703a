"""How good each recommender is, on two axes: how often it finds the movie people went on to like, on
the dataset's own ratings, and whether a movie's list is like the movie.

Finding (docs/design.md, "Quality"): liked = a rating of 4.0 or more; the people measured have at least
three liked catalog movies; the movie to find is each person's last liked one (by time, ties by MovieLens
id); what they told us is up to five liked movies before it; every other movie they rated counts as seen
and is never recommended. HR@10 is the share of people whose movie is among ten recommendations, nDCG@10
rewards it higher up. Two protocols: from the last liked movie alone, and from the whole history.

Nobody is measured by anything learnt from them, and the weights reported are tuned on other people
(nested). The people are split in five folds by userId % 5; in each fold the people measured are at most
MEASURED of those with three liked movies (the first by a hash of their userId: the same sample every
build). The co-likes are counted once, from everyone (core.build.colikes); what a fold is measured with
is those counts with its measured people's own taken away (counts add up), for the rows its people's
lists ask about. A reported fold is measured with the weights that find the most on the other folds, each
of those measured with what is learnt without it and without the reported fold. With few people
(ratings_small) every fold is reported in turn, so that each person counts once; at full size (270,000
people) the first fold alone, so that measuring takes seconds, not five full refits. The weights served
are tuned on every fold, each measured with what is learnt without it.

A list is ranked as it is served (equal scores by movie id), among the movies someone rated.

Alike: over the movies with at least MIN_VOTES votes, each one's list of ten as served (with what was
learnt from everyone): the share of its movies that share a genre with it; for a family movie (an
AUDIENCE_GENRES one), the share that are family movies; the share of all the lists' places that the ten
most listed movies take; and how many movies are ever listed.
"""

from __future__ import annotations

import collections
import gc
import os
import tempfile
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from core import ranking
from core.build.colikes import Counts, Kin, Likes, candidates, count, per_segment
from core.build.ratings import Rated
from core.errors import DataError
from core.learnt import Colikes
from core.recommender import LIKED_TOO, SIMILAR, Model, Recommender, Weights, lift, weigh
from core.schema import LIKED, RATING_SCALE

MIN_LIKED = 3
HISTORY = 5
K = 10
PROTOCOLS = {"last": "from the last liked movie", "history": "from up to five liked movies"}
MIN_VOTES = 50  # the movies whose lists are judged for likeness: those people know
ALIKE_QUERIES = 2000  # of those, at most this many, evenly spread
FOLDS = 5  # people are split by userId % 5
MEASURED = 400  # people measured in a fold, at most
# When the people measured are at most this share of everyone (the full ratings: 2,000 of 270,000), each
# variant of what is learnt keeps them all out at once: one count, where keeping out a fold or two at a time
# would change nothing that shows.
APART = 0.05
# The plain co-likes baseline keeps of each liked movie asked about its most co-liked movies: PLAIN_KEPT, or
# HISTORY times K more than the most any of its askers rated (a popular movie is co-liked with most of the
# catalog at full size; what finds a movie among ten is at the head of each liked movie's: on the sample,
# keeping all of them finds the same); of a movie whose list is judged, ALIKE_KEPT.
PLAIN_KEPT = 1000
ALIKE_KEPT = 3 * K
SERVED = (SIMILAR, LIKED_TOO)


@dataclass(frozen=True)
class Case:
    target: int
    history: list[int]  # oldest first
    seen: np.ndarray  # every rated row but the target


def cases(rated: Rated) -> list[Case]:
    """One case per person with at least MIN_LIKED liked catalog movies, in the order of `rated`."""
    found = []
    like = LIKED * RATING_SCALE
    for start, end in zip(rated.starts[:-1], rated.starts[1:], strict=True):
        rows, twice = rated.rows[start:end], rated.twice[start:end]
        liked = rows[twice >= like]
        if len(liked) < MIN_LIKED:
            continue
        target = int(liked[-1])
        seen = np.setdiff1d(rows, [target])
        found.append(Case(target, [int(row) for row in liked[:-1][-HISTORY:]], seen))
    return found


def measured_people(rated: Rated) -> dict[int, np.ndarray]:
    """Per fold, the positions (ascending) of the people it measures: at most MEASURED of those with
    MIN_LIKED liked movies, the first by a hash of their userId."""
    liked = per_segment(rated.twice >= LIKED * RATING_SCALE, rated.starts)
    eligible = np.flatnonzero(liked >= MIN_LIKED)
    users = rated.users[eligible]
    hashed = (users.astype(np.uint64) * np.uint64(2654435761)) % np.uint64(2**32)  # Knuth's: a fixed sample
    chosen = {}
    for fold in range(FOLDS):
        mine = users % FOLDS == fold
        order = np.argsort(hashed[mine], kind="stable")
        chosen[fold] = np.sort(eligible[mine][order[:MEASURED]])
    return chosen


TAKEN = ("movies", "together", "after", "fans")  # what measuring keeps of a variant's candidates for a row


class _Shelf:
    """Arrays kept until they are asked for again: in a file of `folder` (an unnamed one, gone when closed),
    or in memory (no folder, or a system without `os.pwrite`). What measuring takes during the counting
    (about 80 MB at full size) waits there, not in memory beside the counting's matrices."""

    def __init__(self, folder: Path | None = None):
        on_disk = folder is not None and hasattr(os, "pwrite")
        self.file = tempfile.TemporaryFile(dir=folder) if on_disk else None  # noqa: SIM115 — open while measuring
        self.end = 0

    def put(self, *arrays: np.ndarray) -> tuple:
        """Keep these arrays (one thread at a time); what `get` gives them back from."""
        if self.file is None:
            return arrays
        kept = []
        for array in arrays:
            data = np.ascontiguousarray(array)
            os.pwrite(self.file.fileno(), data.tobytes(), self.end)
            kept.append((self.end, data.dtype.str, len(data)))
            self.end += data.nbytes
        return tuple(kept)

    def get(self, kept: tuple) -> tuple[np.ndarray, ...]:
        if self.file is None:
            return kept
        return tuple(
            np.frombuffer(os.pread(self.file.fileno(), np.dtype(dtype).itemsize * length, offset), dtype)
            for offset, dtype, length in kept
        )


class Measuring:
    """What measuring asks of the counting of the co-likes, and what it takes from it: planned from the
    ratings before the counting (the people measured, their cases, the rows their lists ask about), fed
    each block's counts during it (`take`, from the counting's threads), and measured after it."""

    def __init__(self, rated: Rated, folder: Path | None = None):
        """`folder`: where what measuring takes during the counting waits until it measures (None: in memory)."""
        people = measured_people(rated)
        if not any(len(chosen) for chosen in people.values()):
            raise DataError("evaluate.nobody", count=MIN_LIKED)
        self.movies = rated.movies
        self.rated = np.zeros(rated.movies, dtype=bool)  # the movies someone rated: the lists' universe
        self.rated[rated.rows] = True
        self.cases = {fold: cases(rated.of(chosen)) for fold, chosen in people.items()}
        self.people = sum(len(found) for found in self.cases.values())
        # Few people measured among many (the full ratings): every variant keeps them all out at once.
        self.apart = self.people <= APART * rated.people
        asked = {fold: np.unique([row for case in found for row in case.history]) for fold, found in self.cases.items()}
        # How many of its plain co-likes each row asked about keeps (PLAIN_KEPT).
        self.kept = np.zeros(rated.movies, np.int64)
        for found in self.cases.values():
            for case in found:
                self.kept[case.history] = np.maximum(
                    self.kept[case.history], max(PLAIN_KEPT, HISTORY * (K + len(case.seen) + 1))
                )
        self.asked: dict[frozenset, np.ndarray] = {}  # each variant of what is learnt: the rows it is asked for
        for fold in range(FOLDS):
            for key in [self.key(fold), *(self.key(outer, fold) for outer in range(FOLDS) if outer != fold)]:
                self.asked[key] = np.union1d(self.asked.get(key, np.zeros(0, np.int64)), asked[fold]).astype(np.int64)
        self.groups = {
            key: Likes.of(rated.of(np.sort(np.concatenate([people[fold] for fold in key])))) for key in self.asked
        }
        self.reporting = {self.key(fold) for fold in range(FOLDS)}  # what the baselines are asked with too
        self.queries = np.zeros(0, np.int64)  # the movies whose lists are judged (set by `judging`)
        self.kin: Kin | None = None
        self.shelf = _Shelf(folder)
        self.taken: dict[frozenset, dict[int, tuple]] = {key: {} for key in self.asked}  # shelved candidates
        self.likers: dict[frozenset, np.ndarray] = {}  # each variant's people who liked each movie
        self.plain: dict[frozenset, dict[int, tuple]] = {key: {} for key in self.reporting}  # shelved co-likes
        self.plain_queries: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self.lock = threading.Lock()

    def key(self, *folds: int) -> frozenset:
        """The variant of what is learnt that keeps out these folds' measured people (all of them, apart)."""
        return frozenset(range(FOLDS)) if self.apart else frozenset(folds)

    def _learnt(self, key: frozenset, known: _Known) -> Colikes:
        """What the variant `key` learnt of the rows it is asked about (taken off the shelf), in `known` numbers."""
        taken = {}
        for row, kept in self.taken[key].items():
            movies, together, after, fans = self.shelf.get(kept)
            taken[row] = Colikes(np.array([0, len(movies)], np.int64), movies, together, after, fans, self.likers[key])
        return known.colikes(taken, self.likers[key])

    def judging(self, movies: pd.DataFrame, kin: Kin | None = None) -> None:
        """Judge the lists of these movies' `alike_queries` too (their plain co-likes are taken in counting),
        their `kin` among each one's candidates as served."""
        self.queries, self.kin = alike_queries(movies), kin

    def take(self, counts: Counts) -> None:
        """From one block's counts (of everyone): each variant's candidates for the rows it is asked about
        (the counts of the people it keeps out taken away), and the plain co-likes the baselines ask for."""
        for key, asked in self.asked.items():
            lines = np.flatnonzero(np.isin(counts.rows, asked))
            if not len(lines):
                continue
            group = self.groups[key]
            block = range(int(counts.rows[lines[0]]), int(counts.rows[lines[-1]]) + 1)
            theirs = count(group, block)
            without = counts.restricted(lines) - theirs.restricted(counts.rows[lines] - block.start)
            found = candidates(without, self.kin)
            plain = _plain(without, self.kept[without.rows]) if key in self.reporting else None
            with self.lock:
                self.likers[key] = without.loved
                for index, row in enumerate(without.rows.tolist()):
                    one = found.row_of(index)
                    self.taken[key][row] = self.shelf.put(*(getattr(one, name) for name in TAKEN))
                    if plain is not None:
                        self.plain[key][row] = self.shelf.put(*plain[index])
        lines = np.flatnonzero(np.isin(counts.rows, self.queries))
        if len(lines):
            plain = _plain(counts.restricted(lines), np.full(len(lines), ALIKE_KEPT))
            with self.lock:
                self.plain_queries.update(zip(counts.rows[lines].tolist(), plain, strict=True))

    def figures(
        self, model: Model, movies: pd.DataFrame, served: Colikes, stop: Callable[[], None] | None = None
    ) -> dict:
        """Every recommender's HR@10 and nDCG@10 in both protocols, each fold measured in turn with the
        weights tuned on the others; the weights served (tuned on every fold); how like the movie each
        one's lists are, as served with what was learnt from everyone. Lists are ranked among the movies
        someone rated (the only ones the ratings can say anything of: a model of those alone)."""
        known = _Known(np.flatnonzero(self.rated))
        known_movies = movies.iloc[known.rows].reset_index(drop=True)
        features = Model.from_features(model.features[known.rows], model.ids[known.rows], model.weights, model.blocks)
        known_model = _Remembering(features.features, features.by_feature, features.ids, features.weights, model.blocks)
        cases = {fold: [known.case(case) for case in found] for fold, found in self.cases.items()}
        recommenders = _Recommenders(known_model, known_movies, lambda key: self._learnt(key, known), cases, stop)
        plain = {  # each variant's plain co-likes, in the known movies' numbers (taken off the shelf)
            key: {
                int(known.position[row]): known.entries(self.shelf.get(kept))
                for row, kept in self.plain.pop(key).items()
            }
            for key in list(self.plain)
        }
        ids, table = known_movies["id"].to_numpy(), {}
        for outer in range(FOLDS):
            if not cases[outer]:
                continue
            weights = tune(recommenders, [(self.key(outer, fold), fold) for fold in range(FOLDS) if fold != outer])
            scorers = Scorers(
                known_model, known_movies, recommenders.of(self.key(outer), weights), plain[self.key(outer)]
            )
            for name, by_protocol in hits_and_gains(scorers.named(), cases[outer], ids, stop=stop).items():
                for protocol, (hits, gains) in by_protocol.items():
                    total = table.setdefault(name, {}).setdefault(protocol, [0.0, 0.0])
                    total[0], total[1] = total[0] + hits, total[1] + gains
        weights = tune(recommenders, [(self.key(fold), fold) for fold in range(FOLDS)])
        figures = {
            name: {
                protocol: {"hr@10": round(hits / self.people, 4), "ndcg@10": round(gains / self.people, 4)}
                for protocol, (hits, gains) in by_protocol.items()
            }
            for name, by_protocol in table.items()
        }
        del recommenders, scorers, known_model
        gc.collect()
        remembering = _Remembering(model.features, model.by_feature, model.ids, model.weights, model.blocks)
        served_lists = Recommender.of(remembering, movies, colikes=served, weights=weights)
        unrated = Recommender.of(remembering, movies, weights=weights)
        makers = list_makers(served_lists, unrated, _baselines(movies, self.plain_queries))
        judged = alike(makers, served_lists.genres, served_lists.audience, self.queries, stop)
        for name, alike_figures in judged.items():
            figures[name]["alike"] = alike_figures
        return {"people": self.people, "alike_over": len(self.queries), "weights": asdict(weights), "models": figures}


@dataclass(frozen=True)
class _Known:
    """The movies someone rated (`rows`), numbered among themselves: the cases, what is learnt and the plain
    co-likes said in their numbers."""

    rows: np.ndarray

    @cached_property
    def position(self) -> np.ndarray:
        return _positions(self.rows)

    def case(self, case: Case) -> Case:
        return Case(int(self.position[case.target]), self.position[case.history].tolist(), self.position[case.seen])

    def entries(self, entries: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        return self.position[entries[0]], entries[1]

    def colikes(self, rows: dict[int, Colikes], likers: np.ndarray) -> Colikes:
        """What a variant learnt of these rows (every candidate was liked, so rated)."""
        moved = {
            int(self.position[row]): Colikes(
                part.starts,
                self.position[part.movies].astype(np.int32),
                part.together,
                part.after,
                part.fans,
                part.likers,
            )
            for row, part in rows.items()
        }
        return Colikes.of_rows(moved, likers[self.rows])


def _positions(rows: np.ndarray) -> np.ndarray:
    """Each catalog row's place among `rows` (ascending), -1 for the others."""
    position = np.full(int(rows.max(initial=-1)) + 1, -1, np.int32)
    position[rows] = np.arange(len(rows))
    return position


def _plain(counts: Counts, kept: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per line, the plain item-item co-likes (people who liked both over the geometric mean of their
    likers: a cosine), its `kept` best movies and their values."""
    loved = np.sqrt(np.where(counts.loved > 0, counts.loved, 1).astype(np.float64))
    found = []
    for line, row in enumerate(counts.rows):
        start, end = counts.fans.indptr[line], counts.fans.indptr[line + 1]
        columns, values = counts.fans.indices[start:end], counts.fans.data[start:end].astype(np.float64)
        keep = (values > 0) & (columns != row)
        columns, values = columns[keep], values[keep] / (loved[row] * loved[columns[keep]])
        if len(values) > kept[line]:
            best = np.argpartition(-values, kept[line] - 1)[: kept[line]]
            columns, values = columns[best], values[best]
        found.append((columns.astype(np.int32), values.astype(np.float32)))
    return found


def _spread(entries: tuple[np.ndarray, np.ndarray], size: int) -> np.ndarray:
    line = np.zeros(size)
    line[entries[0]] = entries[1]
    return line


class _Recommenders:
    """The gustos list's hits per weighting of the grid, for a variant of what is learnt and a fold's
    cases, each computed once."""

    def __init__(self, model: Model, movies: pd.DataFrame, variant, cases: dict[int, list[Case]], stop=None):
        """`variant(key)`: what is learnt without the people `key` keeps out; `stop()` between cases."""
        self.model, self.movies, self.variant, self.cases, self.stop = model, movies, variant, cases, stop
        self.hit_counts: dict = {}
        self.variants: dict[frozenset, Colikes] = {}  # each built once (at full size, one: 25 MB)
        self.ids = movies["id"].to_numpy()

    def of(self, key: frozenset, weights: Weights | None = None) -> Recommender:
        if key not in self.variants:
            self.variants[key] = self.variant(key)
        return Recommender.of(self.model, self.movies, colikes=self.variants[key], weights=weights or Weights())

    def hits(self, key: frozenset, fold: int) -> np.ndarray:
        """How many of `fold`'s cases each weighting of WEIGHT_GRID finds with the gustos list, one line
        per protocol, with the variant `key` of what is learnt."""
        if (key, fold) not in self.hit_counts:
            recommender = self.of(key)
            self.hit_counts[key, fold] = np.array(
                [
                    _hits_per_weights(recommender, self.cases[fold], protocol, WEIGHT_GRID, self.ids, self.stop)
                    for protocol in PROTOCOLS
                ]
            )
        return self.hit_counts[key, fold]


def tune(recommenders: _Recommenders, measured: list[tuple[frozenset, int]]) -> Weights:
    """The weights with which the gustos list finds the most movies at ten (both protocols) over the
    folds `measured`, each with its variant of what is learnt."""
    hits = np.zeros((len(PROTOCOLS), len(WEIGHT_GRID)))
    for key, fold in measured:
        if recommenders.cases[fold]:
            hits += recommenders.hits(key, fold)
    return WEIGHT_GRID[int(np.argmax(hits.sum(axis=0)))]  # the first of equals


def weighted_rating(movies: pd.DataFrame) -> np.ndarray:
    """The top chart's IMDb weighted rating of every movie."""
    votes = movies["vote_count"].to_numpy(dtype=np.float64)
    rating = movies["vote_average"].to_numpy(dtype=np.float64)
    m = float(np.quantile(votes, ranking.QUANTILE)) if len(votes) else 0.0
    return ranking.weighted_rating(votes, rating, m, float(rating.mean()) if len(rating) else 0.0)


class Scorers:
    """Every recommender measured, each a function of the liked rows (and the movies to leave out)
    giving a score per catalog movie: the baselines, and the two lists as served
    (core.recommender.Recommender), with what they learn from ratings learnt without the people measured."""

    def __init__(self, model: Model, movies: pd.DataFrame, served: Recommender, plain: dict):
        """`plain`: the plain co-likes of each liked row asked about (its best movies and their cosines)."""
        self.model = model
        self.votes = movies["vote_count"].to_numpy(dtype=np.float64)
        self.weighted = weighted_rating(movies)
        self.plain = plain
        self.served = served
        self.unrated = Recommender.of(model, movies, weights=served.weights)
        self.rng = np.random.default_rng(0)

    def content(self, rows: list[int], excluded=None) -> np.ndarray:
        return np.mean([self.model.scores(row) for row in rows], axis=0)

    def colike(self, rows: list[int], excluded=None) -> np.ndarray:
        """The cosine of the liked movies' likers with each movie's (people who liked both, over the
        geometric mean of their likers), summed over the liked movies: plain item-item co-likes."""
        return np.sum([_spread(self.plain[row], len(self.votes)) for row in rows], axis=0)

    def named(self) -> dict:
        return {
            "random": lambda rows, excluded=None: self.rng.random(len(self.votes)),
            "most voted": lambda rows, excluded=None: self.votes,
            "weighted rating": lambda rows, excluded=None: self.weighted,
            "content": self.content,
            "co-likes": self.colike,
            "parecidas, no ratings": lambda rows, excluded=None: self.unrated.scores(rows, SIMILAR, excluded),
            "parecidas": lambda rows, excluded=None: self.served.scores(rows, SIMILAR, excluded),
            "gustos": lambda rows, excluded=None: self.served.scores(rows, LIKED_TOO, excluded),
        }


def _rank(scores: np.ndarray, target: int, ids: np.ndarray) -> int:
    """The target's place in the list as served: by score, equal scores by movie id."""
    value = scores[target]
    return int((scores > value).sum() + ((scores == value) & (ids < ids[target])).sum())


def _liked(case: Case, protocol: str) -> list[int]:
    return case.history[-1:] if protocol == "last" else case.history


def _excluded(case: Case, size: int, unrated: np.ndarray | None = None) -> np.ndarray:
    excluded = np.zeros(size, dtype=bool) if unrated is None else unrated.copy()
    excluded[case.seen] = True
    return excluded


def hits_and_gains(
    scorers: dict, found: list[Case], ids: np.ndarray, unrated: np.ndarray | None = None, stop=None
) -> dict[str, dict[str, tuple[float, float]]]:
    """Per scorer and protocol, how many of `found` it finds among ten (never a movie `unrated`), and the sum
    of their nDCG@10 gains. Case by case, every scorer in turn: a case's movies are computed once."""
    totals = {name: dict.fromkeys(PROTOCOLS, (0.0, 0.0)) for name in scorers}
    for case in found:
        if stop is not None:
            stop()
        excluded = _excluded(case, len(ids), unrated)
        for name, scorer in scorers.items():
            for protocol in PROTOCOLS:
                scores = np.asarray(scorer(_liked(case, protocol), excluded), dtype=np.float64).copy()
                scores[excluded] = -np.inf
                if not np.isfinite(scores[case.target]):
                    continue  # not on the list at all
                rank = _rank(scores, case.target, ids)
                hits, gains = totals[name][protocol]
                totals[name][protocol] = (hits + (rank < K), gains + (1 / np.log2(rank + 2) if rank < K else 0.0))
    return totals


def measure(scorer, found: list[Case], protocol: str, ids: np.ndarray) -> dict[str, float]:
    hits, gains = hits_and_gains({"one": scorer}, found, ids)["one"][protocol]
    return {"hr@10": round(hits / len(found), 4), "ndcg@10": round(gains / len(found), 4)}


# The hybrid's weights tried (co-likes count 1): what ranks the gustos list.
WEIGHT_GRID = [
    Weights(after=after, content=content, prior=prior, recency=recency)
    for recency in (1.0, 0.7)
    for after in (1.0, 2.0, 4.0)
    for content in (0.0, 0.1, 0.3)
    for prior in (0.02, 0.1)
]


@dataclass(frozen=True)
class _Remembering(Model):
    """A content model that keeps the similarities of the movies asked about last (the evaluation asks for
    the same ones again and again: every scorer, protocol and weighting of a case), up to REMEMBERED_BYTES."""

    remembered: collections.OrderedDict = field(default_factory=collections.OrderedDict)
    size: list = field(default_factory=lambda: [0])  # the bytes remembered (a frozen dataclass's counter)

    def alike(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        if (found := self.remembered.get(row)) is not None:
            self.remembered.move_to_end(row)
            return found
        found = super().alike(row)
        self.remembered[row] = found
        self.size[0] += sum(part.nbytes for part in found)
        while self.size[0] > REMEMBERED_BYTES and len(self.remembered) > 1:
            _, gone = self.remembered.popitem(last=False)
            self.size[0] -= sum(part.nbytes for part in gone)
        return found

    def scores(self, row: int) -> np.ndarray:
        return self.alike(row)[0]


# The similarities remembered: a movie's take about 230 kB at full size (45,000 movies), so about 100 movies.
REMEMBERED_BYTES = 24 * 2**20


def _hits_per_weights(
    recommender: Recommender,
    found: list[Case],
    protocol: str,
    grid: list[Weights],
    ids: np.ndarray,
    stop: Callable[[], None] | None = None,
) -> np.ndarray:
    """How many of `found` each weighting of the grid finds with the gustos list: what the liked
    movies tell computed once per case, every weighting of one recency at once (from one liked
    movie, recency changes nothing: each other weighting once)."""
    hits = np.zeros(len(grid))
    mixes = sorted({(w.after, w.content, w.prior) for w in grid})
    recencies = sorted({w.recency for w in grid})
    by_recency = {
        recency: (np.array([[grid.index(Weights(*mix, recency=recency))] for mix in mixes]), _columns(mixes, recency))
        for recency in recencies
    }
    alone = (
        np.array([[grid.index(Weights(*mix, recency=r)) for r in recencies] for mix in mixes]),
        _columns(mixes, 1.0),
    )
    for case in found:
        if stop is not None:
            stop()
        rows = _liked(case, protocol)
        gone, siblings = recommender.leaving(rows, _excluded(case, len(ids)))
        liked = [recommender.liked(row) for row in rows]
        listed = np.zeros(len(ids), dtype=bool)
        for one in liked:
            if one.fans is not None:
                listed |= one.fans > 0
        listed &= ~gone
        # Only the movies the list may hold are scored: the others are -inf on every line.
        if not listed[case.target]:
            continue
        columns = np.flatnonzero(listed)
        within = [one.take(columns) for one in liked]
        kin, target = np.flatnonzero(np.isin(columns, siblings)), np.searchsorted(columns, case.target)
        ties = ids[columns] < ids[case.target]
        for numbers, weights in by_recency.values() if len(rows) > 1 else [alone]:
            scores = weigh(within, LIKED_TOO, weights, recommender.prior[columns]).astype(np.float32)
            scores = lift(scores, kin, ids[columns])
            value = scores[:, [target]]
            rank = (scores > value).sum(axis=1) + ((scores == value) & ties).sum(axis=1)
            hits[numbers] += (rank < K)[:, None]
    return hits


def _columns(mixes: list[tuple[float, float, float]], recency: float) -> Weights:
    """Weights whose after, content and prior are columns, one line per mix: scored at once."""
    after, content, prior = (np.array(values, dtype=np.float32)[:, None] for values in zip(*mixes, strict=True))
    return Weights(after=after, content=content, prior=prior, recency=recency)


def alike(lists: dict, genres: np.ndarray, audience: np.ndarray, queries: np.ndarray, stop=None) -> dict[str, dict]:
    """For each named list maker (a row → the rows of its list), how like the movie its lists are over
    the `queries` rows (see the module's docstring), with `genres` each movie's (rows × genres) and
    `audience` whether it is a family movie; `lists`: how many queries got a list at all. Query by query,
    every maker in turn (a movie's similarities are computed once)."""
    kept = {name: ([], [], []) for name in lists}  # per maker: shares of genres, of family movies, the lists
    for row in queries:
        if stop is not None:
            stop()
        for name, make in lists.items():
            top = make(int(row))
            if not len(top):
                continue
            shares, family, listed = kept[name]
            listed.append(top)
            if genres[row].any():  # a movie with no genre shares none
                shares.append(genres[top][:, genres[row]].any(axis=1))
            if audience[row]:
                family.append(audience[top])
    figures = {}
    for name, (shares, family, listed) in kept.items():
        counts = np.bincount(np.concatenate(listed), minlength=len(genres)) if listed else np.zeros(1, int)
        slots = max(1, int(counts.sum()))
        figures[name] = {
            "genre": round(float(np.concatenate(shares).mean()), 4) if shares else None,
            "audience": round(float(np.concatenate(family).mean()), 4) if family else None,
            "top10": round(float(np.sort(counts)[-10:].sum() / slots), 4),
            "distinct": int((counts > 0).sum()),
            "lists": len(listed),
        }
    return figures


def alike_queries(movies: pd.DataFrame) -> np.ndarray:
    """The movies whose lists are judged: those with MIN_VOTES votes, at most ALIKE_QUERIES, evenly spread."""
    known = np.flatnonzero(movies["vote_count"].to_numpy() >= MIN_VOTES)
    if len(known) <= ALIKE_QUERIES:
        return known
    return known[np.unique(np.linspace(0, len(known) - 1, ALIKE_QUERIES).astype(int))]


def list_makers(served: Recommender, unrated: Recommender, baselines: dict) -> dict:
    """Each recommender's list of ten for one liked movie as served: the two lists, and the baselines (a
    score per movie for the liked movie; the same for every movie, an array; or None: the content cosine)."""

    def served_list(recommender: Recommender, mode: str):
        return lambda row: recommender.best(recommender.scores([row], mode), K)

    def baseline(scores):
        if isinstance(scores, np.ndarray):  # the same order for every movie: ranked once
            ranked = served.best(np.asarray(scores, dtype=np.float64), len(scores))
            return lambda row: ranked[np.flatnonzero(served.copies[ranked] != served.copies[row])[:K]]

        def make(row: int) -> np.ndarray:
            line = np.array(served.model.scores(row) if scores is None else scores(row), dtype=np.float64)
            line[served.copies == served.copies[row]] = -np.inf
            return served.best(line, K)

        return make

    return {name: baseline(scores) for name, scores in baselines.items()} | {
        "parecidas, no ratings": served_list(unrated, SIMILAR),
        "parecidas": served_list(served, SIMILAR),
        "gustos": served_list(served, LIKED_TOO),
    }


def _baselines(movies: pd.DataFrame, plain: dict) -> dict:
    """The baselines' score of every movie for one liked movie of the queries, as `alike` judges their lists."""
    votes = movies["vote_count"].to_numpy(dtype=np.float64)
    weighted = weighted_rating(movies)
    return {
        "most voted": votes,
        "weighted rating": weighted,
        "content": None,
        "co-likes": lambda row: _spread(plain[row], len(votes)) if row in plain else np.zeros(len(votes)),
    }


def table(figures: dict) -> str:
    """The figures as a plain-text table, one recommender per line: finding, then alike."""
    metrics = [(p, m) for p in PROTOCOLS for m in ("hr@10", "ndcg@10")]
    heading = f"{'recommender':24} " + " ".join(f"{p + ' ' + m:>15}" for p, m in metrics)
    heading += "  genre  family  top 10  distinct"
    source = figures.get("from", {"file": "the ratings", "people": figures["people"]})
    lines = [
        f"On {source['file']} ({source['people']:,} people): {figures['people']:,} people measured, at most "
        f"{MEASURED} in each of {FOLDS} folds (userId % {FOLDS}), each held out of what measures them (what is "
        f"learnt, and the weights, tuned on the other folds); lists of ten for {figures['alike_over']:,} movies "
        f"with {MIN_VOTES} votes or more",
        heading,
    ]
    for name, figure in figures["models"].items():
        values = " ".join(f"{figure[p][m]:>15.3f}" for p, m in metrics)
        shown = figure.get("alike", {})
        spread = "".join(
            f"{shown[m]:>{width}.{places}f}" if shown.get(m) is not None else " " * width
            for m, width, places in (("genre", 7, 2), ("audience", 8, 2), ("top10", 8, 3), ("distinct", 10, 0))
        )
        lines.append(f"{name:24} {values}{spread}")
    return "\n".join(lines)
