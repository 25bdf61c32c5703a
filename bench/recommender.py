"""Evaluation: our recommender and search against the seed's recipe, on synthetic and real data.

Metrics per catalog and model: hit@5 same collection (movies whose collection has ≥2 members),
hit@5 same director (directors with ≥2 movies), mean genre Jaccard of the top 5, coverage
(queryable; appearing in someone's top 5), search accuracy on typo'd titles, latency p50/p95
of search + either list, model size and peak memory at fit; on the real ratings, both lists on both
axes (core.build.evaluate) beside the baselines. `--tune` also compares the content model's weight sets,
`--pulls` the two lists' constants.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import random
import time
from pathlib import Path

import numpy as np
import pandas as pd
from common import FULL_SIZE, OUT, median, peak_rss_mb, percentile, run_worker, synthetic_catalog
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize as l2_normalize

from core import catalog as catalog_module
from core import recommender
from core.build import training
from core.config import SAMPLE_RAW_DIR
from core.errors import NotFound
from core.search import TitleSearch

SAMPLE = 1_000


def seed_model(movies: pd.DataFrame) -> tuple[recommender.Model, np.ndarray]:
    """The seed's recipe: TF-IDF over 'collection genres year language', only movies in a collection."""
    covered = movies["collection"].notna().to_numpy()
    soup = (
        movies["collection"].fillna("")
        + " "
        + movies["genres"].map(" ".join)
        + " "
        + movies["release_year"].astype(str)
        + " "
        + movies["original_language"]
    )
    features = TfidfVectorizer().fit_transform(soup)
    features = l2_normalize(features.multiply(covered[:, None]).tocsr())
    return recommender.Model.from_features(features, movies["id"].to_numpy(), {}), covered


def top5(model: recommender.Model, covered: np.ndarray, rows) -> np.ndarray:
    """Top 5 (excluding itself) of each of `rows`, -1 for rows the model cannot answer."""
    rows = list(rows)
    top = np.full((len(model.ids), 5), -1, dtype=np.int64)
    for row in rows:
        if covered[row]:
            scores = model.scores(row)
            scores[row] = -np.inf
            scores[~covered] = -np.inf
            top[row] = np.argpartition(-scores, 5)[:5]
    return top


def eligible_sample(groups: pd.Series, rng: np.random.Generator) -> np.ndarray:
    """Up to SAMPLE rows whose group (collection, director) has at least two movies."""
    members = groups.dropna()
    sizes = members.map(members.value_counts())
    eligible = sizes[sizes >= 2].index.to_numpy()
    return rng.choice(eligible, size=min(SAMPLE, len(eligible)), replace=False)


def hit_at_5(top: np.ndarray, groups: pd.Series, sample: np.ndarray) -> float:
    """Share of sampled movies with a top-5 neighbour from the same group."""
    values = groups.to_numpy()
    hits = [any(n >= 0 and values[n] == values[row] for n in top[row]) for row in sample]
    return float(np.mean(hits)) if hits else float("nan")


def first_director(movies: pd.DataFrame) -> pd.Series:
    return movies["directors"].map(lambda names: names[0] if len(names) else None)


def genre_jaccard(top: np.ndarray, movies: pd.DataFrame, sample: np.ndarray) -> float:
    genres = [set(g) for g in movies["genres"]]
    scores = [
        len(genres[row] & genres[n]) / len(genres[row] | genres[n]) if genres[row] | genres[n] else 0.0
        for row in sample
        for n in top[row]
        if n >= 0
    ]
    return float(np.mean(scores)) if scores else 0.0


def typo(title: str, rng: random.Random) -> str:
    i = rng.randrange(max(1, len(title) - 1))
    return title[:i] + title[i + 1 : i + 2] + title[i : i + 1] + title[i + 2 :]


def rapidfuzz_closest(text: str, aliases: list[str]) -> list:
    """The last round's fuzzy stage, rapidfuzz called directly: ratio over every title, then WRatio over 200."""
    from rapidfuzz import fuzz, process

    rough = process.extract(text, aliases, scorer=fuzz.ratio, limit=200)
    return process.extract(text, [alias for alias, _, _ in rough], scorer=fuzz.WRatio, limit=200)


def list_figures(loaded: catalog_module.Catalog, served: recommender.Recommender) -> dict:
    """p50/p95 of search + 10 recommendations of each list as served, beside the content cosine alone
    (the recommender of the course), on the same typo'd titles, each first in turn."""

    def content_only(row: int) -> np.ndarray:
        scores = served.model.scores(row)
        scores[served.copies == served.copies[row]] = -np.inf
        return served.best(scores, 10)

    movies, search, rng = loaded.movies, TitleSearch(loaded), random.Random(3)
    unique = movies["title"].drop_duplicates(keep=False)
    rows = rng.sample(list(unique[unique.str.len() >= 6].index), min(300, len(unique)))
    answer = {mode: functools.partial(_listed, served, mode) for mode in recommender.MODES}
    answer["content only"] = content_only
    times = {name: [] for name in answer}
    for number, row in enumerate(rows):
        query = typo(movies.at[row, "title"], rng)
        names = list(answer)
        for name in names[number % len(names) :] + names[: number % len(names)]:
            started = time.perf_counter()
            with contextlib.suppress(NotFound):
                answer[name](search.search(query).best.row)
            times[name].append((time.perf_counter() - started) * 1000)
    return {name: (median(values), percentile(values, 95)) for name, values in times.items()}


def _listed(served: recommender.Recommender, mode: str, row: int) -> list:
    return served.recommend([row], k=10, mode=mode)


def describe_figures(path: Path) -> dict:
    """p50/p95 of describing a movie (six words of its overview), beside search + recommend of a title
    on the same catalog, alternating; and how often the movie described is among the first ten."""
    from core.service import DescribeRequest, RecommendRequest, Service

    service = Service.load(path)
    service.describe(DescribeRequest("a board game"))  # loads what describing needs once, as a server would
    movies, rng = service.catalog.movies, random.Random(4)
    overviews = catalog_module.load(path).movies["overview"].fillna("")  # the service loads no overviews
    rows = [row for row in rng.sample(range(len(movies)), 400) if len(overviews.iloc[row].split()) >= 12][:200]
    times, baseline, found = [], [], 0
    for row in rows:
        words = overviews.iloc[row].split()
        start = rng.randrange(len(words) - 6)
        text = " ".join(words[start : start + 6])
        started = time.perf_counter()
        with contextlib.suppress(NotFound):
            found += int(movies["id"].iloc[row]) in [m.id for m in service.describe(DescribeRequest(text)).movies]
        times.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        with contextlib.suppress(NotFound):
            service.recommend(RecommendRequest(titles=(movies["title"].iloc[row],)))
        baseline.append((time.perf_counter() - started) * 1000)
    return {
        "describe": (median(times), percentile(times, 95)),
        "search + recommend": (median(baseline), percentile(baseline, 95)),
        "found": found / len(rows),
    }


MODEL_FILES = (
    recommender.MATRIX_FILE,
    recommender.MODEL_FILE,
    *recommender.COLIKES_FILES,
    recommender.HYBRID_FILE,
    recommender.RATINGS_FILE,
)


def ratings_figures(label: str, path: Path) -> None:
    """Both lists against every baseline on the real ratings (core.build.evaluate), on both axes, the targets beside."""
    from core.build import evaluate as measuring

    manifest = json.loads((path / "manifest.json").read_text())
    figures = manifest.get("quality")
    if figures is None:
        print(f"\n{label}: no ratings, nothing measured")
        return
    print(f"\n{label}: the recommenders on the ratings ({figures['people']} people)")
    print(measuring.table(figures))
    models = figures["models"]
    for protocol in measuring.PROTOCOLS:
        hr = {name: models[name][protocol]["hr@10"] for name in models}
        best = max(("most voted", "weighted rating", "co-likes"), key=hr.get)
        gain = {"last": 1.25, "history": 1.15}[protocol]
        print(
            f"{protocol}: gustos {hr['gustos']:.3f} = {_times(hr['gustos'], hr[best])} the best baseline ({best}, "
            f"{hr[best]:.3f}; target ≥ {gain}×); parecidas {hr['parecidas']:.3f} = "
            f"{_times(hr['parecidas'], hr['content'])} plain TF-IDF ({hr['content']:.3f}; target ≥ 4×)"
        )
    for name, genre in (("parecidas", 0.98), ("parecidas, no ratings", 0.98), ("gustos", 0.80)):
        alike = models[name]["alike"]
        print(
            f"{name}: share a genre {alike['genre']:.3f} (target ≥ {genre}), family for family "
            f"{alike['audience'] or 0:.3f}"
            + (" (target ≥ 0.95)" if genre > 0.9 else "")
            + f", the 10 most recommended take {alike['top10']:.1%}"
            + (" (target ≤ 8%)" if genre > 0.9 else "")
            + f", {alike['distinct']:,} distinct movies over {alike['lists']:,} lists"
        )
    print(f"weights served: {figures['weights']}")


def _times(value: float, baseline: float) -> str:
    return f"{value / baseline:.2f}×" if baseline else "∞×"


def pulls(label: str, path: Path, raw: Path) -> None:
    """How the lists' constants were chosen: both axes for a few values of each, measured as the build does."""
    from core.build import evaluate as measuring
    from core.build import ratings

    loaded = catalog_module.load(path)
    _, _, kept = ratings.read_ratings(*ratings.find(raw), loaded.movies)
    model = recommender.load_model(path)
    variants = {
        "served": {},
        "known pull 0.5": {"KNOWN_PULL": 0.5},
        "known pull 2": {"KNOWN_PULL": 2.0},
        "ratings pull 1": {"RATINGS_PULL": 1.0},
        "ratings pull 10": {"RATINGS_PULL": 10.0},
        "genre nudge 0": {"GENRE_NUDGE": 0.0},
        "genre nudge 1": {"GENRE_NUDGE": 1.0},
    }
    print(f"\nthe lists' constants, {label}: HR@10 last / history; share a genre, family for family, top 10's places")
    for name, values in variants.items():
        saved = {constant: getattr(recommender, constant) for constant in values}
        for constant, value in values.items():
            setattr(recommender, constant, value)
        try:
            models = measuring.evaluate(model, loaded.movies, kept)["models"]
        finally:
            for constant, value in saved.items():
                setattr(recommender, constant, value)
        said = []
        for mode in recommender.MODES:
            figure, alike = models[mode], models[mode]["alike"]
            said.append(
                f"{mode} {figure['last']['hr@10']:.3f} / {figure['history']['hr@10']:.3f}, "
                f"{alike['genre']:.2f} {alike['audience'] or 0:.2f} {alike['top10']:.3f}"
            )
        print(f"{name:<16}" + " | ".join(said))


def search_figures(loaded: catalog_module.Catalog, model: recommender.Recommender, seed_titles: list[str]) -> dict:
    from thefuzz import process as thefuzz_process

    from core.names import closest
    from core.text import normalize

    movies, search = loaded.movies, TitleSearch(loaded)
    rng = random.Random(1)
    unique = movies["title"].drop_duplicates(keep=False)
    unique = unique[unique.str.len() >= 6]
    rows = rng.sample(list(unique.index), min(300, len(unique)))
    ours_right = seed_right = 0
    latencies, seed_latencies, fuzzy, direct = [], [], [], []
    for row in rows:
        query = typo(movies.at[row, "title"], rng)
        started = time.perf_counter()
        try:
            found = search.search(query).best
            model.recommend([found.row])
            ours_right += found.row == row
        except NotFound:
            pass
        latencies.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        best = thefuzz_process.extractOne(query, seed_titles)
        seed_latencies.append((time.perf_counter() - started) * 1000)
        seed_right += best is not None and best[0] == movies.at[row, "title"]
        text = normalize(query)
        # Each first every other time: the second of two calls on the same titles finds them in the cache.
        pair = [(closest, fuzzy), (rapidfuzz_closest, direct)]
        for fuzzy_stage, times in pair if len(fuzzy) % 2 else pair[::-1]:
            started = time.perf_counter()
            fuzzy_stage(text, search.aliases)
            times.append((time.perf_counter() - started) * 1000)
    junk = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz  ") for _ in range(rng.randint(5, 25))) for _ in range(200)]
    turned_away = 0
    for text in junk + ["<script>alert(1)</script>", "hello world", "lorem ipsum dolor sit amet"]:
        try:
            search.search(text)
        except NotFound:
            turned_away += 1
    return {
        "search accuracy on typos": (ours_right / len(rows), seed_right / len(rows)),
        # Random letters name no movie; the seed's extractOne always names one.
        "junk text said not found": (turned_away / (len(junk) + 3), 0.0),
        "search+recommend p50 ms": (median(latencies), median(seed_latencies)),
        "search+recommend p95 ms": (percentile(latencies, 95), percentile(seed_latencies, 95)),
        "fuzzy stage p50 ms (seed: rapidfuzz direct)": (median(fuzzy), median(direct)),
        "fuzzy stage p95 ms (seed: rapidfuzz direct)": (percentile(fuzzy, 95), percentile(direct, 95)),
    }


def multi_figures(path: Path) -> dict:
    """p50/p95 of a filtered request from three liked movies (exact titles), as the command line makes it."""
    from core.service import RecommendRequest, Service

    service = Service.load(path, warm=True)
    movies, rng = service.catalog.movies, random.Random(2)
    unique = movies["title"].drop_duplicates(keep=False).index.tolist()
    single, multi = [], []
    for _ in range(300):
        rows = rng.sample(unique, 3)
        titles = [movies.at[row, "title"] for row in rows]
        genre = next((g for row in rows for g in movies.at[row, "genres"]), None)
        started = time.perf_counter()
        service.recommend(RecommendRequest(titles=(titles[0],)))
        single.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        with contextlib.suppress(NotFound):
            service.recommend(RecommendRequest(titles=tuple(titles), desde=1980, hasta=2015, genero=genre, idioma="en"))
        multi.append((time.perf_counter() - started) * 1000)
    return {
        "one title p50 / p95 ms": (median(single), percentile(single, 95)),
        "3 titles + 4 filters p50 / p95 ms": (median(multi), percentile(multi, 95)),
    }


def quality(movies: pd.DataFrame, model: recommender.Model, covered: np.ndarray, coverage: bool = True) -> dict:
    """The quality metrics; top 5 lists for every movie only when `coverage` is asked for."""
    rng = np.random.default_rng(0)
    collection, director = eligible_sample(movies["collection"], rng), eligible_sample(first_director(movies), rng)
    anyone = rng.choice(len(movies), size=min(SAMPLE, len(movies)), replace=False)
    rows = range(len(movies)) if coverage else {*collection, *director, *anyone}
    top = top5(model, covered, rows)
    figures = {
        "hit@5 same collection": hit_at_5(top, movies["collection"], collection),
        "hit@5 same director": hit_at_5(top, first_director(movies), director),
        "mean genre Jaccard top 5": genre_jaccard(top, movies, anyone),
    }
    if coverage:
        appear = np.zeros(len(movies), dtype=bool)
        appear[top[top >= 0]] = True
        figures |= {"coverage: queryable": float(covered.mean()), "coverage: in someone's top 5": float(appear.mean())}
    return figures


def fit_worker(path: str) -> None:
    movies = catalog_module.load(Path(path)).movies
    before = peak_rss_mb()
    started = time.perf_counter()
    training.fit(movies)
    print(json.dumps({"seconds": time.perf_counter() - started, "peak_rss_mb": peak_rss_mb(), "before_mb": before}))


def timed_load(path: Path) -> float:
    started = time.perf_counter()
    recommender.load_model(path)
    return time.perf_counter() - started


def evaluate(label: str, path: Path) -> None:
    loaded = catalog_module.load(path)
    movies = loaded.movies
    ours = recommender.load(path, movies)
    seed, covered = seed_model(movies)
    everything = np.ones(len(movies), dtype=bool)
    ours_q, seed_q = quality(movies, ours.model, everything), quality(movies, seed, covered)
    seed_titles = movies["title"][covered].tolist()
    search = search_figures(loaded, ours, seed_titles)
    fit = run_worker(Path(__file__), "fit", str(path))
    size = sum((path / name).stat().st_size for name in MODEL_FILES if (path / name).is_file())
    print(f"\n{label}: {len(movies):,} movies")
    print(f"{'metric':<32}{'ours':>12}{'seed recipe':>14}")
    for name, (a, b) in {**{k: (ours_q[k], seed_q[k]) for k in ours_q}, **search}.items():
        print(f"{name:<32}{a:>12.3f}{b:>14.3f}")
    loads = [timed_load(path) for _ in range(3)]
    print(
        f"model on disk: {size / 1e6:.1f} MB, loaded in {median(loads):.2f} s (median of 3); "
        f"fit {fit['seconds']:.1f} s, peak RSS {fit['peak_rss_mb']:.0f} MB"
    )
    print("(seed: a dense N×N matrix in the original; here its top 5 come from the same cosines, row by row)")
    for name, (p50, p95) in multi_figures(path).items():
        print(f"recommend, {name}: {p50:.1f} / {p95:.1f}")
    for name, (p50, p95) in list_figures(loaded, ours).items():
        print(f"search + 10 recommendations, {name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms (target p95 ≤ 10 ms)")
    if ours.together is not None:
        print(f"model files (content, co-likes, ratings) on disk: {size / 1e6:.1f} MB (target ≤ 80 MB)")
    described = describe_figures(path)
    for name in ("describe", "search + recommend"):
        p50, p95 = described[name]
        print(f"{name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms" + (" (target p95 ≤ 20 ms)" if name == "describe" else ""))
    print(f"described by six words of its overview, the movie is in the first ten: {described['found']:.1%}")
    ratings_figures(label, path)


def tune(label: str, path: Path) -> None:
    """Compare a few weight sets on quality (the chosen set is training.WEIGHTS)."""
    movies = catalog_module.load(path).movies
    everything = np.ones(len(movies), dtype=bool)
    chosen = training.WEIGHTS
    variants = {
        "chosen": chosen,
        "equal": dict.fromkeys(chosen, 1.0),
        "collection 1": {**chosen, "collection": 1.0},
        "collection 2": {**chosen, "collection": 2.0},
        "no overview": {**chosen, "overview": 0.0},
        "cast 2": {**chosen, "cast": 2.0},
        "genres 1.5": {**chosen, "genres": 1.5},
        "genres 3": {**chosen, "genres": 3.0},
    }
    print(f"\nweight sets, {label} ({len(movies):,} movies): collection hit, director hit, genre Jaccard")
    overview = training.fit_texts(movies["overview"].tolist()).overview
    for name, weights in variants.items():
        figures = quality(movies, training.fit(movies, weights, overview), everything, coverage=False)
        values = [figures[k] for k in ("hit@5 same collection", "hit@5 same director", "mean genre Jaccard top 5")]
        print(f"{name:<16}" + "".join(f"{v:8.3f}" for v in values))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--tune", action="store_true", help="compare the content model's weight sets")
    parser.add_argument("--pulls", action="store_true", help="compare the two lists' constants on the real ratings")
    args = parser.parse_args()
    if args.worker:
        fit_worker(args.worker[1])
        return
    catalogs = {
        "synthetic full size": synthetic_catalog(FULL_SIZE),
        "synthetic full size with ratings": synthetic_catalog(FULL_SIZE, ratings="full"),
    }
    if SAMPLE_RAW_DIR.is_dir():
        from core.build import build

        catalogs["real head sample"] = OUT / "catalog-sample"
        build(SAMPLE_RAW_DIR, catalogs["real head sample"])
    for label, path in catalogs.items():
        evaluate(label, path)
    if args.tune:
        for label, path in catalogs.items():
            tune(label, path)
    if args.pulls and "real head sample" in catalogs:
        pulls("real head sample", catalogs["real head sample"], SAMPLE_RAW_DIR)


if __name__ == "__main__":
    main()
