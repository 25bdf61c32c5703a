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


# The synthetic files' suffix and last file written, by the ratings they hold (None, "small", "full").
RATINGS = {None: ("", "keywords.csv"), "small": ("-ratings", "ratings_small.csv"), "full": ("-full", "ratings.csv")}


def synthetic_raw(movies: int, seed: int = 0, ratings: str | None = None) -> Path:
    """Synthetic raw files for `movies` movies, with ratings: none, "small" (as large as the real
    ratings_small) or "full" (as large as the real ratings.csv, and the small pair), generated once and kept
    under bench/out."""
    from core.build.synth import write_raw_files

    suffix, last = RATINGS[ratings]
    folder = OUT / f"raw-{movies}-{seed}{suffix}"
    if not (folder / last).is_file():
        print(f"generating synthetic raw files for {movies:,} movies…", file=sys.stderr)
        write_raw_files(folder, movies=movies, seed=seed, ratings=ratings)
    return folder


def synthetic_catalog(movies: int, seed: int = 0, ratings: str | None = None) -> Path:
    """A catalog built from the synthetic raw files, built once and kept under bench/out."""
    from core import schema
    from core.build import build

    folder = OUT / f"catalog-{movies}-{seed}{RATINGS[ratings][0]}"
    written = (schema.MANIFEST_FILE, schema.VECTORIZERS_FILE, schema.WORD_COUNTS_FILE)  # a build of this code's
    if ratings:
        written += (schema.HYBRID_FILE,)
    if not all((folder / name).is_file() for name in written):
        build(synthetic_raw(movies, seed, ratings), folder)
    return folder


def tree_rss_mb(pid: int) -> float:
    """The resident memory (MiB) of a process and all its children, as /proc has them now."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(stat.parent.name))
    total, stack = 0, [pid]
    while stack:
        process = stack.pop()
        try:
            for line in Path(f"/proc/{process}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
        stack += children.get(process, [])
    return total / 1024


class TreePeak:
    """The peak resident memory (MiB) of a process and its children, sampled in a thread while it runs."""

    def __init__(self, pid: int):
        import threading

        self.pid, self.peak, self._running = pid, 0.0, True
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        import time

        while self._running:
            self.peak = max(self.peak, tree_rss_mb(self.pid))
            time.sleep(0.01)

    def stop(self) -> float:
        self._running = False
        self._thread.join()
        return self.peak


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
