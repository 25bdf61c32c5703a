"""Benchmark: catalog load time and per-query latency, ours against the seed's full-table scans.

On the full-size synthetic catalog, 1,000 varied inputs per function (hits, misses, typos);
p50/p99 in milliseconds, misses (which compute suggestions) reported on their own.
"""

from __future__ import annotations

import contextlib
import random
import subprocess
import sys
import time

from common import FULL_SIZE, ROOT, median, percentile, synthetic_catalog

from core import catalog as catalog_module
from core import queries
from core.errors import NotFound

INPUTS_PER_FUNCTION = 1_000


def typo(text: str, rng: random.Random) -> str:
    if len(text) < 3:
        return text + "x"
    i = rng.randrange(len(text) - 1)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def varied_inputs(names: list[str], rng: random.Random) -> list[tuple[str, str]]:
    """(kind, text): 70% hits in odd casing and spacing, 15% typos, 15% unknown names."""
    inputs = []
    for _ in range(INPUTS_PER_FUNCTION):
        name, roll = rng.choice(names), rng.random()
        if roll < 0.7:
            inputs.append(("hit", f"  {name.upper() if rng.random() < 0.5 else name.lower()} "))
        elif roll < 0.85:
            inputs.append(("typo", typo(name, rng)))
        else:
            inputs.append(("miss", f"zzq {rng.randrange(10**6)} unknown"))
    return inputs


def seed_style(movies, function: str, text: str):
    """The seed's way: a string-equality scan over the whole table on every call."""
    text = text.strip().lower()
    if function == "peliculas_idioma":
        return int((movies["original_language"] == text).sum())
    if function == "peliculas_duracion":
        return movies[movies["title"].str.lower() == text][["title", "runtime", "release_year"]]
    if function == "franquicia":
        return movies.loc[movies["collection"].str.lower() == text, "revenue"].agg(["size", "sum", "mean"])
    if function == "peliculas_pais":
        return int(movies["production_countries"].map(lambda names: text in [n.lower() for n in names]).sum())
    if function == "productoras_exitosas":
        mask = movies["production_companies"].map(lambda names: text in [n.lower() for n in names])
        return movies.loc[mask, "revenue"].agg(["size", "sum"])
    mask = movies["directors"].map(lambda names: text in [n.lower() for n in names])
    return movies.loc[mask, "return"].sum()


def known_names(catalog, function: str) -> list[str]:
    """Every name the function knows (titles for the one that takes free text)."""
    index = getattr(catalog.lookups, queries.QUERIES[function].names or "titles")
    return list(index.displays.values())


def time_calls(call, inputs) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {"hit": [], "typo": [], "miss": []}
    for kind, text in inputs:
        started = time.perf_counter()
        with contextlib.suppress(NotFound):
            call(text)
        timings[kind].append((time.perf_counter() - started) * 1000)
    return timings


def fresh_process_seconds(*command: str) -> float:
    """Median wall time of 3 runs of a command in a fresh process."""
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        runs.append(time.perf_counter() - started)
    return median(runs)


def main() -> None:
    path = synthetic_catalog(FULL_SIZE)
    loads, warm = [], []
    for _ in range(3):
        started = time.perf_counter()
        catalog = catalog_module.load(path)
        loads.append(time.perf_counter() - started)
        started = time.perf_counter()
        catalog.lookups.warm()
        warm.append(time.perf_counter() - started)
    print(
        f"Query benchmark: {len(catalog.movies):,} synthetic movies; catalog load {median(loads):.2f} s, "
        f"every lookup built {median(warm):.2f} s more (medians of 3)"
    )
    baseline = fresh_process_seconds(sys.executable, "-c", "import pandas, pyarrow.parquet")
    query = fresh_process_seconds(
        sys.executable, "-m", "core", "query", "peliculas_idioma", "en", "--catalog", str(path)
    )
    print(
        f"command line, fresh process: `query peliculas_idioma en` {query:.2f} s against "
        f"`import pandas, pyarrow.parquet` {baseline:.2f} s: {query / baseline:.1f}x (medians of 3)"
    )
    print("ms per call; hits are names in odd casing and spacing, misses are typos and unknown names")
    print(
        f"{'function':<22}{'hit p50':>9}{'hit p99':>9}{'miss p50':>10}{'miss p99':>10}{'seed p50':>10}{'seed/ours p50':>15}"
    )
    rng = random.Random(0)
    for function, query in queries.QUERIES.items():
        inputs = varied_inputs(known_names(catalog, function), rng)
        ours = time_calls(lambda text, q=query: q(catalog, text), inputs)
        seed = time_calls(lambda text, f=function: seed_style(catalog.movies, f, text), inputs[:200])
        all_ours = [t for kind in ours.values() for t in kind]
        all_seed = [t for kind in seed.values() for t in kind]
        hits, misses = ours["hit"], ours["miss"] + ours["typo"]
        print(
            f"{function:<22}{median(hits):9.3f}{percentile(hits, 99):9.3f}{median(misses):10.2f}{percentile(misses, 99):10.2f}"
            f"{median(all_seed):10.2f}{median(all_seed) / median(all_ours):14.0f}x"
        )


if __name__ == "__main__":
    main()
