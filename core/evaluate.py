"""How often a recommender finds the movie people went on to like, on the dataset's own ratings.

The protocol (README, "Quality"): liked = a rating of 4.0 or more; people with at least three liked
catalog movies; the movie to find is each person's last liked one (by time, ties by MovieLens id);
what they told us is up to five liked movies before it; every other movie they rated counts as
seen and is never recommended. HR@10 is the share of people whose movie is among ten
recommendations, nDCG@10 rewards it higher up. Two protocols: from the last liked movie alone, and
from the whole history.

Everything learnt from ratings (co-likes, the hybrid's weights) comes from people other than the
ones measured: those with userId % 5 == 0 are held out; the weights are tuned by four-fold
cross-validation over the others (userId % 5 == 1 … 4).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from core import ranking
from core.errors import DataError
from core.recommender import Model

LIKED = 4.0
MIN_LIKED = 3
HISTORY = 5
K = 10
HELD_OUT = 0  # userId % 5
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
    """Every recommender measured, each a function of the liked rows giving a score per catalog movie."""

    def __init__(self, model: Model, movies: pd.DataFrame, together: sparse.csr_matrix | None):
        self.model = model
        votes = movies["vote_count"].to_numpy(dtype=np.float64)
        rating = movies["vote_average"].to_numpy(dtype=np.float64)
        m = float(np.quantile(votes, ranking.QUANTILE))
        self.votes = votes
        self.weighted = ranking.weighted_rating(votes, rating, m, float(rating.mean()))
        self.prior = np.log1p(votes) / max(1.0, np.log1p(votes).max())
        self.together = together
        if together is not None:
            likers = np.sqrt(together.diagonal()).astype(np.float64)
            self.likers = np.where(likers > 0, likers, 1.0)
        self.rng = np.random.default_rng(0)

    def content(self, rows: list[int]) -> np.ndarray:
        return np.mean([self.model.scores(row) for row in rows], axis=0)

    def colike(self, rows: list[int]) -> np.ndarray:
        """Cosine of the liked movies' likers with each movie's (people who liked both, over the
        geometric mean of their likers), summed over the liked movies."""
        if self.together is None:
            return np.zeros(len(self.votes))
        per_liked = self.together[rows].toarray() / self.likers[rows, None]
        return per_liked.sum(axis=0) / self.likers

    def parts(self, rows: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """What the hybrid weighs: content, co-likes scaled to 1 at their best, and the prior."""
        together = self.colike(rows)
        return self.content(rows), together / (together.max() or 1.0), self.prior

    @staticmethod
    def weigh(parts: tuple[np.ndarray, ...], weights: tuple[float, float, float]) -> np.ndarray:
        return np.asarray(sum(weight * part for weight, part in zip(weights, parts, strict=True) if weight), float)

    def hybrid(self, rows: list[int], weights: tuple[float, float, float]) -> np.ndarray:
        return self.weigh(self.parts(rows), weights)

    def named(self, weights: tuple[float, float, float], alone: tuple[float, float, float]) -> dict:
        improved = lambda rows: _rerank(self.content(rows), self.weighted, 25)  # noqa: E731
        return {
            "random": lambda rows: self.rng.random(len(self.votes)),
            "most voted": lambda rows: self.votes,
            "weighted rating": lambda rows: self.weighted,
            "content, top 25 by weighted rating": improved,
            "content": self.content,
            "content + prior (no ratings)": lambda rows: self.hybrid(rows, alone),
            "co-likes": self.colike,
            "hybrid": lambda rows: self.hybrid(rows, weights),
        }


def _rerank(scores: np.ndarray, by: np.ndarray, first: int) -> np.ndarray:
    """The `first` best by `scores`, ordered by `by`; the rest after them."""
    top = np.argpartition(-scores, first)[:first]
    ranked = np.full(len(scores), -np.inf)
    ranked[top] = by[top] + 1e6
    return np.where(np.isfinite(ranked), ranked, scores)


def measure(scorer, found: list[Case], protocol: str) -> dict[str, float]:
    hits, gains = [], []
    for case in found:
        rows = case.history[-1:] if protocol == "last" else case.history
        scores = np.asarray(scorer(rows), dtype=np.float64).copy()
        scores[case.seen] = -np.inf
        target = scores[case.target]
        rank = int((scores > target).sum())  # ties count in the movie's favour
        hits.append(rank < K)
        gains.append(1 / np.log2(rank + 2) if rank < K else 0.0)
    return {"hr@10": round(float(np.mean(hits)), 4), "ndcg@10": round(float(np.mean(gains)), 4)}


# The hybrid: co-likes scaled to 1 at their best, plus these weights of content and prior.
WEIGHT_GRID = [(content, 1.0, prior) for content in (0, 0.1, 0.2, 0.4) for prior in (0, 0.05, 0.1, 0.2, 0.4)]
FOLDS = (1, 2, 3, 4)  # userId % 5 of the tuning folds; 0 is held out


# Without any ratings: content, plus this much of the prior.
NO_RATINGS_GRID = [(1.0, 0.0, prior) for prior in (0, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2)]


def tune(
    model: Model, movies: pd.DataFrame, ratings: pd.DataFrame, grid: list[tuple[float, float, float]] = WEIGHT_GRID
) -> tuple[float, float, float]:
    """The weights with the best mean HR@10 (both protocols) over four folds of the people not held
    out: each fold measured with co-likes learnt from the other three."""
    training = ratings[ratings["user"] % 5 != HELD_OUT]
    folds = []
    for fold in FOLDS:
        measured = training["user"] % 5 == fold
        if found := cases(training[measured]):
            folds.append((Scorers(model, movies, colikes(training[~measured], len(movies))), found))
    if not folds:
        return grid[0]

    hits = np.zeros(len(grid))
    for scorers, found in folds:
        for protocol in PROTOCOLS:
            hits += _hits_per_weights(scorers, found, protocol, grid)
    return grid[int(np.argmax(hits))]  # the first of equals: the simplest, as the grid is ordered


def _hits_per_weights(scorers: Scorers, found: list[Case], protocol: str, grid: list) -> np.ndarray:
    """How many of `found` each weighting of the grid finds: each case's parts computed once."""
    hits = np.zeros(len(grid))
    for case in found:
        rows = case.history[-1:] if protocol == "last" else case.history
        parts = scorers.parts(rows)
        for number, weights in enumerate(grid):
            scores = scorers.weigh(parts, weights)
            scores[case.seen] = -np.inf
            hits[number] += (scores > scores[case.target]).sum() < K
    return hits


def evaluate(model: Model, movies: pd.DataFrame, ratings: pd.DataFrame) -> dict:
    """Every recommender's HR@10 and nDCG@10 on the held-out people, in both protocols; DataError
    when no held-out person has MIN_LIKED liked catalog movies (there is nobody to measure on)."""
    held_out = ratings["user"] % 5 == HELD_OUT
    found = cases(ratings[held_out])
    if not found:
        raise DataError(
            f"no held-out person (userId % 5 == {HELD_OUT}) liked {MIN_LIKED} catalog movies: nothing to measure"
        )
    weights, alone = tune(model, movies, ratings), tune(model, movies, ratings, NO_RATINGS_GRID)
    scorers = Scorers(model, movies, colikes(ratings[~held_out], len(movies)))
    table = {
        name: {protocol: measure(scorer, found, protocol) for protocol in PROTOCOLS}
        for name, scorer in scorers.named(weights, alone).items()
    }
    return {
        "people": len(found),
        "weights": dict(zip(["content", "co-likes", "prior"], weights, strict=True)),
        "weights without ratings": dict(zip(["content", "co-likes", "prior"], alone, strict=True)),
        "models": table,
    }


def table(figures: dict) -> str:
    """The figures as a plain-text table, one recommender per line."""
    heading = f"{'recommender':36} " + " ".join(f"{p + ' ' + m:>15}" for p in PROTOCOLS for m in ("hr@10", "ndcg@10"))
    lines = [f"{figures['people']} people held out; HR@10 and nDCG@10", heading]
    for name, by_protocol in figures["models"].items():
        values = " ".join(f"{by_protocol[p][m]:>15.3f}" for p in PROTOCOLS for m in ("hr@10", "ndcg@10"))
        lines.append(f"{name:36} {values}")
    return "\n".join(lines)


MODEL_NAMES = {
    "es": {
        "random": "al azar",
        "most voted": "las más votadas",
        "weighted rating": "nota ponderada (las mejor valoradas)",
        "content, top 25 by weighted rating": "contenido, sus 25 primeras por nota ponderada",
        "content": "contenido (géneros, reparto, argumento…)",
        "content + prior (no ratings)": "contenido + votos, sin valoraciones",
        "co-likes": "gustaron a las mismas personas",
        "hybrid": "híbrido",
    },
    "en": {name: name for name in ("random", "most voted", "weighted rating", "content", "co-likes", "hybrid")}
    | {
        "content, top 25 by weighted rating": "content, its top 25 by weighted rating",
        "content + prior (no ratings)": "content + votes, no ratings",
    },
}
PROTOCOL_NAMES = {
    "es": {"last": "desde la última que gustó", "history": "desde hasta cinco que gustaron"},
    "en": {"last": "from the last liked movie", "history": "from up to five liked movies"},
}
EXPLAINED = {
    "es": "Con las valoraciones reales del dataset (ratings_small, {people} personas apartadas de todo lo "
    "aprendido): de cada persona, la última película que le gustó (nota 4 o más) es la que hay que "
    "encontrar; HR@10 es la parte de las personas para las que está entre diez recomendaciones.",
    "en": "On the dataset's real ratings (ratings_small, {people} people held out of everything learnt): "
    "each person's last liked movie (rated 4 or more) is the one to find; HR@10 is the share of people "
    "for whom it is among ten recommendations.",
}


def quality_table(figures: dict, language: str = "es") -> pd.DataFrame:
    """One row per recommender: its name in `language`, and HR@10 and nDCG@10 in both protocols."""
    names, protocols = MODEL_NAMES[language], PROTOCOL_NAMES[language]
    return pd.DataFrame(
        [
            {"model": names.get(name, name)}
            | {
                f"{metric.upper()} · {protocols[p]}": by_protocol[p][metric]
                for p in PROTOCOLS
                for metric in ("hr@10", "ndcg@10")
            }
            for name, by_protocol in figures["models"].items()
        ]
    )


def quality_chart(figures: dict, language: str = "es"):
    """HR@10 per recommender, a bar per protocol (plotly)."""
    import plotly.graph_objects as go

    names, protocols = MODEL_NAMES[language], PROTOCOL_NAMES[language]
    labels = [names.get(name, name) for name in figures["models"]]
    figure = go.Figure(
        [
            go.Bar(name=protocols[p], y=labels, x=[v[p]["hr@10"] for v in figures["models"].values()], orientation="h")
            for p in PROTOCOLS
        ]
    )
    figure.update_layout(barmode="group", xaxis_title="HR@10", yaxis={"autorange": "reversed"}, height=420)
    return figure
