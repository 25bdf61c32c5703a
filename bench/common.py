"""Helpers the benchmarks share: synthetic data on disk, runs in fresh processes, medians."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
FULL_SIZE = 45_466

sys.path.insert(0, str(ROOT))


def synthetic_raw(movies: int, seed: int = 0, ratings: bool = False) -> Path:
    """Synthetic raw files for `movies` movies (with ratings as large as the real ratings_small when
    `ratings`), generated once and kept under bench/out."""
    from core.build.synth import write_raw_files

    folder = OUT / f"raw-{movies}-{seed}{'-ratings' if ratings else ''}"
    if not (folder / ("ratings_small.csv" if ratings else "keywords.csv")).is_file():
        print(f"generating synthetic raw files for {movies:,} movies…", file=sys.stderr)
        write_raw_files(folder, movies=movies, seed=seed, ratings=ratings)
    return folder


def synthetic_catalog(movies: int, seed: int = 0, ratings: bool = False) -> Path:
    """A catalog built from the synthetic raw files, built once and kept under bench/out."""
    from core import schema
    from core.build import build

    folder = OUT / f"catalog-{movies}-{seed}{'-ratings' if ratings else ''}"
    written = (schema.MANIFEST_FILE, schema.VECTORIZERS_FILE, schema.WORD_COUNTS_FILE)  # a build of this code's
    if ratings:
        written += (schema.HYBRID_FILE,)
    if not all((folder / name).is_file() for name in written):
        build(synthetic_raw(movies, seed, ratings), folder)
    return folder


def run_worker(script: Path, *args: str) -> dict:
    """Run `script --worker ARGS` in a fresh process (so peak memory is its own); return its JSON."""
    result = subprocess.run(
        [sys.executable, str(script), "--worker", *args], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def peak_rss_mb() -> float:
    """This process's peak resident memory: VmHWM, which starts afresh at exec.

    (getrusage's ru_maxrss survives exec, so a worker started by a big parent would report the
    parent's peak.)
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def median(values) -> float:
    return statistics.median(values)


def percentile(values, q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]
