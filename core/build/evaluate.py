"""How good each recommender is, on two axes: how often it finds the movie people went on to like, on
the dataset's own ratings, and whether a movie's list is like the movie.

Finding (README, "Quality"): liked = a rating of 4.0 or more; people with at least three liked
catalog movies; the movie to find is each person's last liked one (by time, ties by MovieLens id);
what they told us is up to five liked movies before it; every other movie they rated counts as
seen and is never recommended. HR@10 is the share of people whose movie is among ten
recommendations, nDCG@10 rewards it higher up. Two protocols: from the last liked movie alone, and
from the whole history.

Everything learnt from ratings (co-likes, the hybrid's weights, who liked what) comes from people
other than the ones measured: the people are split in five by userId % 5, and each fifth is measured
by what was learnt from the other four, whose own four-fold cross-validation tunes the weights.
Every person is so measured once, held out of all that measures them. A list is ranked as it is
served: equal scores by movie id.

Alike: over the movies with at least MIN_VOTES votes, each one's list of ten as served (with what
was learnt from everyone): the share of its movies that share a genre with it; for a family movie
(an AUDIENCE_GENRES one), the share that are family movies; the share of all the lists' places that
the ten most listed movies take; and how many movies are ever listed.
"""

from __future__ import annotations

import gc
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse

from core import ranking
from core.build.colikes import count as colikes_counts
from core.build.colikes import fit as fit_colikes
from core.build.colikes import scaled as colikes_scaled
from core.errors import DataError
from core.recommender import LIKED_TOO, SIMILAR, Model, Recommender, Weights, lift, weigh
from core.schema import LIKED, RATING_SCALE

MIN_LIKED = 3
HISTORY = 5
K = 10
PROTOCOLS = {"last": "from the last liked movie", "history": "from up to five liked movies"}
MIN_VOTES = 50  # the movies whose lists are judged for likeness: those people know
ALIKE_QUERIES = 2000  # of those, at most this many, evenly spread
SERVED = (SIMILAR, LIKED_TOO)


def colikes(ratings: pd.DataFrame, movies: int, rows: np.ndarray | None = None) -> sparse.csr_matrix:
    """Per pair of movies, how many people liked both (the diagonal: how many liked each); with `rows`,
    only the pairs of those movies, their rows in that order (every pair at once takes hundreds of MB at
    full size, where a baseline asks for the rows of the liked movies alone)."""
    liked = _likes(ratings, movies)
    return ((liked if rows is None else liked[:, rows]).T @ liked).tocsr()


def _likers(ratings: pd.DataFrame, movies: int) -> np.ndarray:
    """The square root of how many people liked each movie (1 where nobody did): a co-likes cosine's scale."""
    counts = np.asarray(_likes(ratings, movies).sum(axis=0), dtype=np.float32).ravel()
    likers = np.sqrt(counts).astype(np.float64)  # in float32 first, as the pairs' own diagonal gives it
    return np.where(likers > 0, likers, 1.0)


def _positions(chosen: np.ndarray, movies: int) -> np.ndarray:
    """Each movie's position among `chosen` (rows of the catalog), -1 for the others."""
    positions = np.full(movies, -1)
    positions[chosen] = np.arange(len(chosen))
    return positions


class _PlainColikes:
    """Plain item-item co-likes of the liked movies `asked` about (their pairs alone: every pair at once
    takes hundreds of MB at full size): a cosine of who liked them with who liked each movie."""

    def __init__(self, ratings: pd.DataFrame, movies: int, asked: np.ndarray):
        self.together, self.likers = colikes(ratings, movies, asked), _likers(ratings, movies)
        self.position = _positions(asked, movies)

    def per_liked(self, rows) -> np.ndarray:
        """For each liked row (of those asked about), the people who liked it and each movie, over the
        square root of its likers: the cosine, once divided by each movie's `likers`."""
        return self.together[self.position[rows]].toarray() / self.likers[rows, None]


def _likes(ratings: pd.DataFrame, movies: int) -> sparse.csr_matrix:
    """People × movies, 1 where the person liked the movie."""
    liked = ratings[ratings["rating"] >= LIKED].drop_duplicates(["user", "row"])
    users, people = pd.factorize(liked["user"])
    return sparse.csr_matrix(
        (np.ones(len(liked), dtype=np.float32), (users, liked["row"].to_numpy())), shape=(len(people), movies)
    )


def ratings_matrix(ratings: pd.DataFrame, movies: int) -> sparse.csc_matrix:
    """People × movies, twice each rating, as the build saves it (core.build.ratings)."""
    people, _ = pd.factorize(ratings["user"])
    twice = (ratings["rating"].to_numpy() * RATING_SCALE).round().astype(np.uint8)
    return sparse.csc_matrix((twice, (people, ratings["row"].to_numpy())), shape=(people.max(initial=-1) + 1, movies))


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


def weighted_rating(movies: pd.DataFrame) -> np.ndarray:
    """The top chart's IMDb weighted rating of every movie."""
    votes = movies["vote_count"].to_numpy(dtype=np.float64)
    rating = movies["vote_average"].to_numpy(dtype=np.float64)
    m = float(np.quantile(votes, ranking.QUANTILE)) if len(votes) else 0.0
    return ranking.weighted_rating(votes, rating, m, float(rating.mean()) if len(rating) else 0.0)


class Scorers:
    """Every recommender measured, each a function of the liked rows (and the movies to leave out)
    giving a score per catalog movie: the baselines, and the two lists as served
    (core.recommender.Recommender), with what they learn from ratings learnt from `training` only."""

    def __init__(
        self, model: Model, movies: pd.DataFrame, training: pd.DataFrame, served: Recommender, asked: np.ndarray
    ):
        """`asked`: the liked movies the scorers will be asked about (the co-likes keep their rows alone)."""
        self.model = model
        self.votes = movies["vote_count"].to_numpy(dtype=np.float64)
        self.weighted = weighted_rating(movies)
        self.plain = _PlainColikes(training, len(movies), asked)
        self.served = served
        self.unrated = Recommender.of(model, movies, weights=served.weights)
        self.rng = np.random.default_rng(0)

    def content(self, rows: list[int], excluded=None) -> np.ndarray:
        return np.mean([self.model.scores(row) for row in rows], axis=0)

    def colike(self, rows: list[int], excluded=None) -> np.ndarray:
        """Cosine of the liked movies' likers with each movie's (people who liked both, over the
        geometric mean of their likers), summed over the liked movies: plain item-item co-likes."""
        return self.plain.per_liked(rows).sum(axis=0) / self.plain.likers

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
        if not np.isfinite(scores[case.target]):
            continue  # not on the list at all
        rank = _rank(scores, case.target, ids)
        hits += rank < K
        gains += 1 / np.log2(rank + 2) if rank < K else 0.0
    return hits, gains


def measure(scorer, found: list[Case], protocol: str, ids: np.ndarray) -> dict[str, float]:
    hits, gains = hits_and_gains(scorer, found, protocol, ids)
    return {"hr@10": round(hits / len(found), 4), "ndcg@10": round(gains / len(found), 4)}


# The hybrid's weights tried (co-likes count 1): what ranks the gustos list.
WEIGHT_GRID = [
    Weights(after=after, content=content, prior=prior, recency=recency)
    for recency in (1.0, 0.7)
    for after in (1.0, 2.0, 4.0)
    for content in (0.0, 0.1, 0.3)
    for prior in (0.02, 0.1)
]
FOLDS = 5  # people are split by userId % 5


class Fitted:
    """What the evaluation asks for again and again, computed once: what the ratings teach
    (core.build.colikes) per set of folds left out, each fold's cases, and how many of them each
    weighting finds."""

    def __init__(self, model: Model, movies: pd.DataFrame, ratings: pd.DataFrame):
        self.model, self.catalog, self.ratings = model, movies, ratings
        self.movies, self.found, self.hit_counts = len(movies), {}, {}
        self.folds = ratings["user"].to_numpy() % FOLDS
        self.counts = []

    def recommender(self, folds: frozenset[int], weights: Weights | None = None) -> Recommender:
        """The two lists with what is learnt from the people not in `folds` (and these weights); each
        asked for once (what they learnt is kept, by `without`)."""
        training = self.ratings[~np.isin(self.folds, list(folds))]
        return Recommender.of(
            self.model,
            self.catalog,
            ratings=ratings_matrix(training, self.movies),
            colikes=self.without(folds),
            weights=weights or Weights(),
        )

    def without(self, folds: frozenset[int]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
        """What is learnt from the people not in `folds`: each fold's counts summed, then scaled (each fold's
        counts kept; what they scale to is not, which at full size would take 15 MB a set of folds)."""
        if not self.counts:
            liked = np.zeros(self.movies, dtype=bool)  # what the cases tell: the only rows ever asked for
            liked[[row for fold in range(FOLDS) for case in self.cases(fold) for row in case.history]] = True
            self.counts = [
                colikes_counts(self.ratings[self.folds == fold], self.movies, liked) for fold in range(FOLDS)
            ]
        kept = [self.counts[fold] for fold in range(FOLDS) if fold not in folds]
        return colikes_scaled(sum(kept[1:], kept[0]))

    def hits(self, folds: frozenset[int], fold: int) -> np.ndarray:
        """How many of `fold`'s cases each weighting of WEIGHT_GRID finds with the gustos list, one line
        per protocol, with what is learnt from the people not in `folds`."""
        key = (folds, fold)
        if key not in self.hit_counts:
            found, ids = self.cases(fold), self.catalog["id"].to_numpy()
            recommender = self.recommender(folds)
            self.hit_counts[key] = np.array(
                [_hits_per_weights(recommender, found, protocol, WEIGHT_GRID, ids) for protocol in PROTOCOLS]
            )
        return self.hit_counts[key]

    def cases(self, fold: int) -> list[Case]:
        if fold not in self.found:
            self.found[fold] = cases(self.ratings[self.folds == fold])
        return self.found[fold]


@dataclass(frozen=True)
class _Remembering(Model):
    """A content model that computes each movie's similarities once (the evaluation asks for the
    same ones again and again, for every fold and weighting): up to REMEMBERED_BYTES of them."""

    remembered: dict = field(default_factory=dict)
    size: list = field(default_factory=lambda: [0])  # the bytes remembered (a frozen dataclass's counter)

    def alike(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        if (found := self.remembered.get(row)) is not None:
            return found
        found = super().alike(row)
        if self.size[0] < REMEMBERED_BYTES:
            self.remembered[row] = found
            self.size[0] += sum(part.nbytes for part in found)
        return found

    def scores(self, row: int) -> np.ndarray:
        return self.alike(row)[0]


# The similarities remembered: at full size, a movie's take about 45 kB (9,000 rated movies), so 500 movies
# (the more, the faster: 48 MB took 3 s off 30 at full size, where a server measuring its catalog has no room).
REMEMBERED_BYTES = 24 * 2**20


def tune(fitted: Fitted, left_out: frozenset[int] = frozenset()) -> Weights:
    """The weights with which the gustos list finds the most movies at ten (both protocols) over the
    folds of the people not `left_out`, each fold measured with what is learnt from the others."""
    hits = np.zeros((len(PROTOCOLS), len(WEIGHT_GRID)))
    for fold in sorted(set(range(FOLDS)) - left_out):
        hits += fitted.hits(left_out | {fold}, fold)
    return WEIGHT_GRID[int(np.argmax(hits.sum(axis=0)))]  # the first of equals


def _hits_per_weights(
    recommender: Recommender, found: list[Case], protocol: str, grid: list[Weights], ids: np.ndarray
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


def alike(lists: dict, genres: np.ndarray, audience: np.ndarray, queries: np.ndarray) -> dict[str, dict]:
    """For each named list maker (a row → the rows of its list), how like the movie its lists are over
    the `queries` rows (see the module's docstring), with `genres` each movie's (rows × genres) and
    `audience` whether it is a family movie; `lists`: how many queries got a list at all."""
    figures = {}
    for name, make in lists.items():
        shares, family, listed, answered = [], [], [], 0
        for row in queries:
            top = make(int(row))
            if not len(top):
                continue
            answered += 1
            listed.append(top)
            if genres[row].any():  # a movie with no genre shares none
                shares.append(genres[top][:, genres[row]].any(axis=1))
            if audience[row]:
                family.append(audience[top])
        counts = np.bincount(np.concatenate(listed), minlength=len(genres)) if listed else np.zeros(1, int)
        slots = max(1, int(counts.sum()))
        figures[name] = {
            "genre": round(float(np.concatenate(shares).mean()), 4) if shares else None,
            "audience": round(float(np.concatenate(family).mean()), 4) if family else None,
            "top10": round(float(np.sort(counts)[-10:].sum() / slots), 4),
            "distinct": int((counts > 0).sum()),
            "lists": answered,
        }
    return figures


def alike_queries(movies: pd.DataFrame) -> np.ndarray:
    """The movies whose lists are judged: those with MIN_VOTES votes, at most ALIKE_QUERIES, evenly spread."""
    known = np.flatnonzero(movies["vote_count"].to_numpy() >= MIN_VOTES)
    if len(known) <= ALIKE_QUERIES:
        return known
    return known[np.unique(np.linspace(0, len(known) - 1, ALIKE_QUERIES).astype(int))]


def list_makers(served: Recommender, unrated: Recommender, baselines: dict[str, np.ndarray | None]) -> dict:
    """Each recommender's list of ten for one liked movie as served: the two lists, and the baselines
    (a score per movie, or None: the content cosine of the movie)."""

    def served_list(recommender: Recommender, mode: str):
        return lambda row: recommender.best(recommender.scores([row], mode), K)

    def baseline(scores):
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


def evaluate(model: Model, movies: pd.DataFrame, ratings: pd.DataFrame, colikes: tuple | None = None) -> dict:
    """Every recommender's HR@10 and nDCG@10 in both protocols, each person measured once, by what
    was learnt and tuned from the other four fifths of the people (userId % 5); the weights the
    build serves, tuned on everyone; and how like the movie each one's lists are, as served with
    what was learnt from everyone. DataError when nobody has MIN_LIKED liked catalog movies (nobody
    to measure on).

    Lists are ranked among the movies someone in the ratings rated (the only ones the ratings can
    say anything of: at full size 9,000 of 45,000), as the literature on these ratings does."""
    table, people, weights = _finding(model, movies, ratings)
    gc.collect()  # what finding held (its similarities, counts and recommenders) goes before the lists below
    colikes = colikes or fit_colikes(ratings, len(movies))  # the build passes those it serves
    served = Recommender.of(model, movies, ratings_matrix(ratings, len(movies)), colikes, weights)
    unrated = Recommender.of(model, movies, weights=weights)
    queries = alike_queries(movies)
    baselines = _baselines(movies, ratings, queries)
    makers = list_makers(served, unrated, baselines)
    for name, figures in alike(makers, served.genres, served.audience, queries).items():
        table[name]["alike"] = figures
    return {"people": people, "alike_over": len(queries), "weights": asdict(weights), "models": table}


def _finding(model: Model, movies: pd.DataFrame, ratings: pd.DataFrame) -> tuple[dict, int, Weights]:
    """Every recommender's HR@10 and nDCG@10 in both protocols (see `evaluate`), how many people, and the
    weights tuned on everyone."""
    rated = np.unique(ratings["row"].to_numpy())
    among = _positions(rated, len(movies))
    known_movies = movies.iloc[rated].reset_index(drop=True)
    known = Model.from_features(model.features[rated], model.ids[rated], model.weights, model.blocks)
    known_model = _Remembering(known.features, known.by_feature, known.ids, known.weights, known.blocks)
    known_ratings = ratings.assign(row=among[ratings["row"].to_numpy()])
    ids = known_movies["id"].to_numpy()
    fitted = Fitted(known_model, known_movies, known_ratings)
    sums: dict[str, dict[str, list[float]]] = {}
    people = 0
    for fold in range(FOLDS):
        if not (found := fitted.cases(fold)):
            continue
        left_out = frozenset({fold})
        people += len(found)
        training = known_ratings[fitted.folds != fold]
        served = fitted.recommender(left_out, tune(fitted, left_out))
        asked = np.unique([row for case in found for row in case.history])
        for name, scorer in Scorers(known_model, known_movies, training, served, asked).named().items():
            for protocol in PROTOCOLS:
                hits, gains = hits_and_gains(scorer, found, protocol, ids)
                total = sums.setdefault(name, {}).setdefault(protocol, [0.0, 0.0])
                total[0], total[1] = total[0] + hits, total[1] + gains
    if not people:
        raise DataError("evaluate.nobody", count=MIN_LIKED)
    weights = tune(fitted)
    return (
        {
            name: {
                protocol: {"hr@10": round(hits / people, 4), "ndcg@10": round(gains / people, 4)}
                for protocol, (hits, gains) in by_protocol.items()
            }
            for name, by_protocol in sums.items()
        },
        people,
        weights,
    )


def _baselines(movies: pd.DataFrame, ratings: pd.DataFrame, queries: np.ndarray) -> dict:
    """The baselines' score of every movie for one liked movie of `queries`, as `alike` judges their lists."""
    votes = movies["vote_count"].to_numpy(dtype=np.float64)
    weighted = weighted_rating(movies)
    plain = _PlainColikes(ratings, len(movies), queries)

    def colike(row: int) -> np.ndarray:
        return plain.per_liked([row])[0] / plain.likers

    return {
        "most voted": lambda row: votes,
        "weighted rating": lambda row: weighted,
        "content": None,
        "co-likes": colike,
    }


def table(figures: dict) -> str:
    """The figures as a plain-text table, one recommender per line: finding, then alike."""
    metrics = [(p, m) for p in PROTOCOLS for m in ("hr@10", "ndcg@10")]
    heading = f"{'recommender':24} " + " ".join(f"{p + ' ' + m:>15}" for p, m in metrics)
    heading += "  genre  family  top 10  distinct"
    lines = [
        f"{figures['people']} people, each held out of what measures them; lists of ten for "
        f"{figures['alike_over']} movies with {MIN_VOTES} votes or more",
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
