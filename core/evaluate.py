"""How often a recommender finds the movie people went on to like, on the dataset's own ratings.

The protocol (README, "Quality"): liked = a rating of 4.0 or more; people with at least three liked
catalog movies; the movie to find is each person's last liked one (by time, ties by MovieLens id);
what they told us is up to five liked movies before it; every other movie they rated counts as
seen and is never recommended. HR@10 is the share of people whose movie is among ten
recommendations, nDCG@10 rewards it higher up. Two protocols: from the last liked movie alone, and
from the whole history.

Everything learnt from ratings (co-likes, the hybrid's weights) comes from people other than the
ones measured: the people are split in five by userId % 5, and each fifth is measured by what was
learnt from the other four, whose own four-fold cross-validation tunes the weights. Every person
is so measured once, held out of all that measures them. A list is ranked as it is served: equal
scores by movie id.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse

from core import ranking
from core.build.colikes import count as colikes_counts
from core.build.colikes import fit as fit_colikes
from core.build.colikes import scaled as colikes_scaled
from core.errors import DataError
from core.recommender import Model, Parts, Recommender, Weights, weigh

LIKED = 4.0
MIN_LIKED = 3
HISTORY = 5
K = 10
PROTOCOLS = {"last": "from the last liked movie", "history": "from up to five liked movies"}


def colikes(ratings: pd.DataFrame, movies: int) -> sparse.csr_matrix:
    """Per pair of movies, how many people liked both (the diagonal: how many liked each)."""
    liked = ratings[ratings["rating"] >= LIKED].drop_duplicates(["user", "row"])
    users, people = pd.factorize(liked["user"])
    matrix = sparse.csr_matrix(
        (np.ones(len(liked), dtype=np.float32), (users, liked["row"].to_numpy())), shape=(len(people), movies)
    )
    return (matrix.T @ matrix).tocsr()


@dataclass(frozen=True)
class Case:
    target: int
    history: list[int]  # oldest first
    seen: np.ndarray  # every rated row but the target


def cases(ratings: pd.DataFrame) -> list[Case]:
    """One case per person with at least MIN_LIKED liked catalog movies."""
    found = []
    for _, person in ratings.sort_values(["user", "timestamp", "movielens"]).groupby("user", sort=False):
        liked = person.loc[person["rating"] >= LIKED, "row"].drop_duplicates().to_numpy()
        if len(liked) < MIN_LIKED:
            continue
        target = int(liked[-1])
        seen = np.setdiff1d(person["row"].to_numpy(), [target])
        found.append(Case(target, [int(row) for row in liked[:-1][-HISTORY:]], seen))
    return found


class Scorers:
    """Every recommender measured, each a function of the liked rows (and the movies to leave out)
    giving a score per catalog movie. The hybrid and content + prior are the served recommender
    (core.recommender.Recommender), with what it learns from ratings fitted on `training` only."""

    def __init__(
        self,
        model: Model,
        movies: pd.DataFrame,
        training: pd.DataFrame,
        taught: tuple[sparse.csr_matrix, sparse.csr_matrix],
        weights: Weights,
        alone: Weights,
        weighted: np.ndarray,
    ):
        self.model = model
        self.votes = movies["vote_count"].to_numpy(dtype=np.float64)
        self.weighted = weighted
        together = colikes(training, len(movies))
        likers = np.sqrt(together.diagonal()).astype(np.float64)
        self.together, self.likers = together, np.where(likers > 0, likers, 1.0)
        self.hybrid = Recommender.of(model, movies, colikes=taught, weights=weights)
        self.alone = Recommender.of(model, movies, weights=alone)
        self.rng = np.random.default_rng(0)

    @staticmethod
    def weighted_rating(movies: pd.DataFrame) -> np.ndarray:
        """The top chart's IMDb weighted rating of every movie."""
        votes = movies["vote_count"].to_numpy(dtype=np.float64)
        rating = movies["vote_average"].to_numpy(dtype=np.float64)
        m = float(np.quantile(votes, ranking.QUANTILE))
        return ranking.weighted_rating(votes, rating, m, float(rating.mean()))

    def content(self, rows: list[int], excluded=None) -> np.ndarray:
        return np.mean([self.model.scores(row) for row in rows], axis=0)

    def colike(self, rows: list[int], excluded=None) -> np.ndarray:
        """Cosine of the liked movies' likers with each movie's (people who liked both, over the
        geometric mean of their likers), summed over the liked movies: plain item-item co-likes."""
        per_liked = self.together[rows].toarray() / self.likers[rows, None]
        return per_liked.sum(axis=0) / self.likers

    def named(self) -> dict:
        improved = lambda rows, excluded=None: _rerank(self.content(rows), self.weighted, 25)  # noqa: E731
        return {
            "random": lambda rows, excluded=None: self.rng.random(len(self.votes)),
            "most voted": lambda rows, excluded=None: self.votes,
            "weighted rating": lambda rows, excluded=None: self.weighted,
            "content, top 25 by weighted rating": improved,
            "content": self.content,
            "content + prior (no ratings)": self.alone.scores,
            "co-likes": self.colike,
            "hybrid": self.hybrid.scores,
        }


def _rerank(scores: np.ndarray, by: np.ndarray, first: int) -> np.ndarray:
    """The `first` best by `scores`, ordered by `by`; the rest after them."""
    top = np.argpartition(-scores, first)[:first]
    ranked = np.full(len(scores), -np.inf)
    ranked[top] = by[top] + 1e6
    return np.where(np.isfinite(ranked), ranked, scores)


def _rank(scores: np.ndarray, target: int, ids: np.ndarray) -> int:
    """The target's place in the list as served: by score, equal scores by movie id."""
    value = scores[target]
    return int((scores > value).sum() + ((scores == value) & (ids < ids[target])).sum())


def _liked(case: Case, protocol: str) -> list[int]:
    return case.history[-1:] if protocol == "last" else case.history


def _excluded(case: Case, size: int) -> np.ndarray:
    excluded = np.zeros(size, dtype=bool)
    excluded[case.seen] = True
    return excluded


def hits_and_gains(scorer, found: list[Case], protocol: str, ids: np.ndarray) -> tuple[float, float]:
    """How many of `found` the scorer finds among ten, and the sum of their nDCG@10 gains."""
    hits = gains = 0.0
    for case in found:
        excluded = _excluded(case, len(ids))
        scores = np.asarray(scorer(_liked(case, protocol), excluded), dtype=np.float64).copy()
        scores[excluded] = -np.inf
        rank = _rank(scores, case.target, ids)
        hits += rank < K
        gains += 1 / np.log2(rank + 2) if rank < K else 0.0
    return hits, gains


def measure(scorer, found: list[Case], protocol: str, ids: np.ndarray) -> dict[str, float]:
    hits, gains = hits_and_gains(scorer, found, protocol, ids)
    return {"hr@10": round(hits / len(found), 4), "ndcg@10": round(gains / len(found), 4)}


# The hybrid's weights tried (co-likes count 1), and content + prior's without any ratings.
WEIGHT_GRID = [
    Weights(after=after, content=content, prior=prior, recency=recency)
    for recency in (1.0, 0.7)
    for after in (1.0, 2.0, 4.0)
    for content in (0.0, 0.1, 0.3)
    for prior in (0.02, 0.1)
]
# Without ratings the votes lead (content alone rarely finds what people go on to like) and content
# orders the movies of like popularity and lifts the siblings.
NO_RATINGS_GRID = [Weights(alone=alone, recency=recency) for recency in (1.0, 0.7) for alone in (8, 16, 64)]
FOLDS = 5  # people are split by userId % 5


class Fitted:
    """What the evaluation asks for again and again, computed once: what the ratings teach
    (core.build.colikes) per set of folds left out, each fold's cases, and how many of them each
    weighting finds."""

    def __init__(self, model: Model, movies: pd.DataFrame, ratings: pd.DataFrame):
        self.model, self.catalog, self.ratings = model, movies, ratings
        self.movies, self.fits, self.found, self.recommenders, self.hit_counts = len(movies), {}, {}, {}, {}
        self.folds = ratings["user"].to_numpy() % FOLDS
        self.counts = []

    def recommender(self, folds: frozenset[int] | None) -> Recommender:
        """The hybrid with what is learnt from the people not in `folds`; None: nothing learnt."""
        if folds not in self.recommenders:
            colikes = None if folds is None else self.without(folds)
            self.recommenders[folds] = Recommender.of(self.model, self.catalog, colikes=colikes)
        return self.recommenders[folds]

    def without(self, folds: frozenset[int]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
        """What is learnt from the people not in `folds`: each fold's counts summed, then scaled."""
        if folds not in self.fits:
            if not self.counts:
                liked = np.zeros(self.movies, dtype=bool)  # what the cases tell: the only rows ever asked for
                liked[[row for fold in range(FOLDS) for case in self.cases(fold) for row in case.history]] = True
                self.counts = [
                    colikes_counts(self.ratings[self.folds == fold], self.movies, liked) for fold in range(FOLDS)
                ]
            kept = [self.counts[fold] for fold in range(FOLDS) if fold not in folds]
            self.fits[folds] = colikes_scaled(sum(kept[1:], kept[0]))
        return self.fits[folds]

    def hits(self, folds: frozenset[int] | None, fold: int, grid: list[Weights]) -> np.ndarray:
        """How many of `fold`'s cases each weighting of `grid` finds, one line per protocol, with what
        is learnt from the people not in `folds` (None: nothing)."""
        key = (folds, fold, id(grid))
        if key not in self.hit_counts:
            found, ids = self.cases(fold), self.catalog["id"].to_numpy()
            recommender = self.recommender(folds)
            self.hit_counts[key] = np.array(
                [_hits_per_weights(recommender, found, protocol, grid, ids) for protocol in PROTOCOLS]
            )
        return self.hit_counts[key]

    def cases(self, fold: int) -> list[Case]:
        if fold not in self.found:
            self.found[fold] = cases(self.ratings[self.folds == fold])
        return self.found[fold]


@dataclass(frozen=True)
class _Remembering(Model):
    """A content model that computes each movie's similarities once (the evaluation asks for the
    same ones again and again, for every fold and weighting): up to REMEMBERED movies."""

    remembered: dict = field(default_factory=dict)

    def scores(self, row: int) -> np.ndarray:
        if (found := self.remembered.get(row)) is not None:
            return found
        scores = super().scores(row)
        if len(self.remembered) < REMEMBERED:
            self.remembered[row] = scores
        return scores


REMEMBERED = 3000


def tune(fitted: Fitted, left_out: frozenset[int] = frozenset(), taught: bool = True) -> Weights:
    """The weights that find the most movies at ten (both protocols) over the folds of the people not
    `left_out`, each fold measured with what is learnt from the others: of WEIGHT_GRID, or (not
    `taught`) of NO_RATINGS_GRID, with nothing learnt from ratings."""
    grid = WEIGHT_GRID if taught else NO_RATINGS_GRID
    hits = np.zeros((len(PROTOCOLS), len(grid)))
    for fold in sorted(set(range(FOLDS)) - left_out):
        hits += fitted.hits(left_out | {fold} if taught else None, fold, grid)
    return grid[int(np.argmax(hits.sum(axis=0)))]  # the first of equals


def _hits_per_weights(
    recommender: Recommender, found: list[Case], protocol: str, grid: list[Weights], ids: np.ndarray
) -> np.ndarray:
    """How many of `found` each weighting of the grid finds: the parts computed once per case and
    recency, every weighting of them at once."""
    hits = np.zeros(len(grid))
    by_recency = {}
    for recency in sorted({weights.recency for weights in grid}):
        numbers = [number for number, weights in enumerate(grid) if weights.recency == recency]
        by_recency[recency] = (
            numbers,
            *(
                np.array([getattr(grid[number], name) for number in numbers], dtype=np.float32)[:, None]
                for name in ("after", "content", "prior", "alone")
            ),
        )
    for case in found:
        rows = _liked(case, protocol)
        gone, siblings = recommender.leaving(rows, _excluded(case, len(ids)))
        each = [recommender.one(row) for row in rows]
        ties = ids < ids[case.target]
        for recency, (numbers, after, content, prior, alone) in by_recency.items():
            scores = weigh(Parts.of(each, recency), after, content, prior, alone, recommender.prior)
            scores = recommender.lift(scores, gone, siblings)
            value = scores[:, [case.target]]
            rank = (scores > value).sum(axis=1) + ((scores == value) & ties).sum(axis=1)
            hits[numbers] += rank < K
    return hits


COVERAGE_QUERIES = 3000  # movies asked for one query each (evenly spread when the catalog has more)
DIVERSITY_EVERY = 3  # of those queries, the lists whose diversity is measured: one in three


def coverage_and_diversity(recommender: Recommender) -> dict[str, float]:
    """Over one query per movie (up to COVERAGE_QUERIES): the share of catalog movies in anyone's top
    ten, and the mean dissimilarity (1 - content cosine) of the pairs within a top ten (of a third of them). The scores
    are the served recommender's for one liked movie (Recommender.scores), a block of queries at once."""
    model, weights, size = recommender.model, recommender.weights, len(recommender.prior)
    queries = np.unique(np.linspace(0, size - 1, min(size, COVERAGE_QUERIES)).astype(int))
    shown, dissimilarity = np.zeros(size, dtype=bool), []
    for block in np.array_split(queries, -(-len(queries) // 256)):
        content = (model.features[block] @ model.features.T).toarray()
        taught = np.array([recommender.taught(row) for row in block], dtype=bool)[:, None]
        empty = np.zeros_like(content)
        learnt = [
            empty if recommender.together is None else m[block].toarray()
            for m in (recommender.together, recommender.after)
        ]
        parts = Parts(*learnt, content * taught, content * ~taught, taught, ~taught)
        scores = weigh(parts, weights.after, weights.content, weights.prior, weights.alone, recommender.prior)
        for row, line in zip(block, scores, strict=True):
            line = recommender.finish(line, [int(row)])
            top = np.argpartition(-line, K)[:K]
            shown[top] = True
            if row % DIVERSITY_EVERY == 0:
                cosine = (model.features[top] @ model.features[top].T).toarray()
                dissimilarity.append(1 - (cosine.sum() - np.trace(cosine)) / (K * (K - 1)))
    return {"coverage": round(float(shown.mean()), 4), "diversity": round(float(np.mean(dissimilarity)), 4)}


def evaluate(model: Model, movies: pd.DataFrame, ratings: pd.DataFrame, colikes: tuple | None = None) -> dict:
    """Every recommender's HR@10 and nDCG@10 in both protocols, each person measured once, by what
    was learnt and tuned from the other four fifths of the people (userId % 5); the weights the
    build serves, tuned on everyone; coverage and diversity of the served hybrid over the
    whole catalog. DataError when nobody has MIN_LIKED liked catalog movies (nobody to measure on).

    Lists are ranked among the movies someone in the ratings rated (the only ones the ratings can
    say anything of: at full size 9,000 of 45,000), as the literature on these ratings does."""
    weighted = Scorers.weighted_rating(movies)
    rated = np.unique(ratings["row"].to_numpy())
    among = np.full(len(movies), -1)
    among[rated] = np.arange(len(rated))
    known_movies = movies.iloc[rated].reset_index(drop=True)
    known = Model.from_features(model.features[rated], model.ids[rated], model.weights)
    known_model = _Remembering(known.features, known.by_feature, known.ids, known.weights)
    known_ratings = ratings.assign(row=among[ratings["row"].to_numpy()])
    ids = known_movies["id"].to_numpy()
    fitted = Fitted(known_model, known_movies, known_ratings)
    sums: dict[str, dict[str, list[float]]] = {}
    people = 0
    for fold in range(FOLDS):
        if not (found := fitted.cases(fold)):
            continue
        left_out = frozenset({fold})
        weights, alone = tune(fitted, left_out), tune(fitted, left_out, taught=False)
        people += len(found)
        training = known_ratings[fitted.folds != fold]
        scorers = Scorers(
            known_model, known_movies, training, fitted.without(left_out), weights, alone, weighted[rated]
        )
        for name, scorer in scorers.named().items():
            for protocol in PROTOCOLS:
                hits, gains = hits_and_gains(scorer, found, protocol, ids)
                total = sums.setdefault(name, {}).setdefault(protocol, [0.0, 0.0])
                total[0], total[1] = total[0] + hits, total[1] + gains
    if not people:
        raise DataError(f"nobody liked {MIN_LIKED} catalog movies: nothing to measure")
    weights, alone = tune(fitted), tune(fitted, taught=False)
    table = {
        name: {
            protocol: {"hr@10": round(hits / people, 4), "ndcg@10": round(gains / people, 4)}
            for protocol, (hits, gains) in by_protocol.items()
        }
        for name, by_protocol in sums.items()
    }
    colikes = colikes or fit_colikes(ratings, len(movies))  # the build passes those it serves
    served = Recommender.of(model, movies, colikes=colikes, weights=weights)
    table["hybrid"] |= coverage_and_diversity(served)  # the recommender served (the other is its fallback)
    return {"people": people, "weights": served_weights(weights, alone), "models": table}


def served_weights(weights: Weights, alone: Weights) -> dict[str, float]:
    """What the build serves: the hybrid's weights, and content + prior's for liked movies nobody rated."""
    return asdict(weights) | {"alone": alone.alone}


def table(figures: dict) -> str:
    """The figures as a plain-text table, one recommender per line."""
    metrics = [(p, m) for p in PROTOCOLS for m in ("hr@10", "ndcg@10")]
    heading = f"{'recommender':36} " + " ".join(f"{p + ' ' + m:>15}" for p, m in metrics)
    lines = [f"{figures['people']} people, each held out of what measures them", heading + "   coverage  diversity"]
    for name, figure in figures["models"].items():
        values = " ".join(f"{figure[p][m]:>15.3f}" for p, m in metrics)
        spread = "".join(f"{figure[m]:>11.3f}" if m in figure else " " * 11 for m in ("coverage", "diversity"))
        lines.append(f"{name:36} {values}{spread}")
    return "\n".join(lines)
