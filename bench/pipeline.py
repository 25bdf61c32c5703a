"""Benchmark: our catalog build against the seed's recipe, on full-size synthetic raw files.

Prints wall time, peak RSS and rows/s (medians of --repeat runs, each a fresh process timed from
outside, imports included), and the ratio. Then our build at 200,000 movies, to show how the cost grows.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
import tempfile
import time
from pathlib import Path

from common import FULL_SIZE, median, peak_rss_mb, run_worker, synthetic_raw

NESTED_MOVIE_COLUMNS = (
    "belongs_to_collection",
    "genres",
    "production_companies",
    "production_countries",
    "spoken_languages",
)


def seed_style_build(raw: Path) -> int:
    """The course's ETL: pandas read_csv, then ast.literal_eval row by row on every nested column."""
    import pandas as pd

    movies = pd.read_csv(raw / "movies_metadata.csv", low_memory=False)
    for column in NESTED_MOVIE_COLUMNS:
        movies[column] = movies[column].apply(lambda cell: ast.literal_eval(cell) if isinstance(cell, str) else None)
    movies = movies[movies["id"].astype(str).str.isdigit()].assign(id=lambda m: m["id"].astype(int))
    movies = movies.drop_duplicates("id").dropna(subset=["release_date"])
    credits = pd.read_csv(raw / "credits.csv")
    for column in ("cast", "crew"):
        credits[column] = credits[column].apply(ast.literal_eval)
    credits["directors"] = credits["crew"].apply(lambda crew: [p["name"] for p in crew if p["job"] == "Director"])
    credits = credits.drop_duplicates("id")
    return len(movies.merge(credits[["id", "cast", "directors"]], on="id", how="left"))


def ours(raw: Path) -> int:
    """Our whole build (catalog, manifest and recommender), as `python -m core build` runs it."""
    from core.build import build

    with tempfile.TemporaryDirectory() as out:
        return build(raw, Path(out) / "catalog", workers=2)["movies"]


def worker(recipe: str, raw: Path) -> None:
    started = time.perf_counter()
    rows = {"ours": ours, "seed": seed_style_build}[recipe](raw)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "rows": rows, "peak_rss_mb": peak_rss_mb()}))


def fresh_process(recipe: str, raw: Path) -> dict:
    """One run in a fresh process, timed from outside: its imports count, as they do for a user."""
    started = time.perf_counter()
    figures = run_worker(Path(__file__), recipe, str(raw))
    return {**figures, "process_seconds": time.perf_counter() - started}


def read_once(raw: Path) -> None:
    """Read the raw files through, so that no run pays for the disk (200,000 movies is 1 GB)."""
    for path in raw.iterdir():
        with path.open("rb") as file:
            while file.read(1 << 24):
                pass


def measure(recipe: str, raw: Path, repeat: int) -> dict:
    read_once(raw)
    runs = [fresh_process(recipe, raw) for _ in range(repeat)]
    seconds = median(r["process_seconds"] for r in runs)
    return {
        "seconds": seconds,
        "work_seconds": median(r["seconds"] for r in runs),
        "peak_rss_mb": median(r["peak_rss_mb"] for r in runs),
        "rows_per_s": runs[0]["rows"] / seconds,
    }


def show(label: str, figures: dict) -> None:
    print(
        f"{label:<28} {figures['seconds']:8.1f} s  {figures['peak_rss_mb']:8.0f} MB peak  {figures['rows_per_s']:10,.0f} rows/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--worker", nargs=2, metavar=("RECIPE", "RAW"), help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--large", type=int, default=200_000, help="size of the growth run (0 to skip)")
    args = parser.parse_args()
    if args.worker:
        worker(args.worker[0], Path(args.worker[1]))
        return

    raw = synthetic_raw(FULL_SIZE)
    size_mb = sum(f.stat().st_size for f in raw.iterdir()) / 1e6
    print(f"Pipeline benchmark: {FULL_SIZE:,} synthetic movies ({size_mb:.0f} MB raw), medians of {args.repeat} runs")
    ours_figures = measure("ours", raw, args.repeat)
    seed_figures = measure("seed", raw, args.repeat)
    show("ours", ours_figures)
    show("seed recipe (literal_eval)", seed_figures)
    print(
        f"speed-up, whole build as a fresh process with its imports: {seed_figures['seconds'] / ours_figures['seconds']:.1f}x"
        f" (after imports: {ours_figures['work_seconds']:.1f} s against {seed_figures['work_seconds']:.1f} s)"
    )
    if args.large:
        large = measure("ours", synthetic_raw(args.large), 1)
        show(f"ours at {args.large:,} movies", large)
        print(f"cost per movie grows {large['seconds'] / args.large / (ours_figures['seconds'] / FULL_SIZE):.2f}x")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
