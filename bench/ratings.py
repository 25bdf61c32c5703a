"""Benchmark: learning from every rating (26 million, as the real ratings.csv) within Cloud's 690 MB.

On the full-size synthetic files with `synth --ratings full` (45,466 movies; ratings.csv of the real file's
shape: about 26 million ratings by 270,896 people), each run a fresh process, in the same run:

1. The whole `python -m core build` (the catalog, then what the ratings teach, measured): wall time and
   the peak memory of its process tree, beside the plain scipy product of the likes (the whole CSV read
   by pandas at once, the likes of 4 or more, `likes.T @ likes` on one core, no care for memory).
2. A SIGTERM once the ratings are read: seconds until the build has exited, and whether the catalog that
   was there is still there, byte for byte.
3. Serving what was learnt: search plus either list (10 movies) for 500 titles, p50 and p95, beside the
   content cosine alone; the process's memory once loaded and after; and the share of the movies with 20
   likers or more whose "Les gustó también" lists 5 movies, each liked by someone who liked the movie.

Memory is the sum of the resident memory of the process and its children, sampled every 10 ms.
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from common import FULL_SIZE, OUT, ROOT, TreePeak, median, percentile, synthetic_raw

CLOUD_MEMORY_MIB = 690
PLAIN = """
import time, numpy as np, pandas as pd
from scipy import sparse
started = time.perf_counter()
ratings = pd.read_csv({path!r})
likes = ratings[ratings["rating"] >= 4]
people, _ = pd.factorize(likes["userId"])
movies, _ = pd.factorize(likes["movieId"])
matrix = sparse.csr_matrix((np.ones(len(likes), np.float32), (people, movies)))
product = (matrix.T @ matrix).tocsr()
print(len(likes), product.nnz, time.perf_counter() - started)
"""


def timed(command: list[str]) -> tuple[float, float, str]:
    """A command run to its end: seconds, the peak MiB of its process tree, what it printed."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak = TreePeak(process.pid)
    out, _ = process.communicate()
    seconds, most = time.perf_counter() - started, peak.stop()
    if process.returncode:
        raise SystemExit(f"{command} failed: exit {process.returncode}")
    return seconds, most, out


def build_and_plain(raw: Path, repeat: int) -> dict:
    """Our build and the plain product, alternately, `repeat` times each."""
    ours, plain = [], []
    out = OUT / "catalog-ratings-bench"
    for _ in range(repeat):
        plain.append(timed([sys.executable, "-c", PLAIN.format(path=str(raw / "ratings.csv"))])[:2])
        shutil.rmtree(out, ignore_errors=True)
        ours.append(timed([sys.executable, "-m", "core", "build", "--raw", str(raw), "--out", str(out)])[:2])
    return {
        "ours_seconds": median(s for s, _ in ours),
        "ours_peak": median(p for _, p in ours),
        "plain_seconds": median(s for s, _ in plain),
        "plain_peak": median(p for _, p in plain),
        "runs": repeat,
        "catalog": out,
    }


def stopped(raw: Path, catalog: Path) -> dict:
    """SIGTERM once the ratings are read: seconds to exit, and whether the catalog is as it was."""
    before = {path.name: path.read_bytes() for path in catalog.iterdir()}
    process = subprocess.Popen(
        [sys.executable, "-m", "core", "build", "--raw", str(raw), "--out", str(catalog)],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    for line in process.stderr:  # until counting the co-likes says how far it is (five seconds in)
        if line.startswith("learn the co-likes from the ratings: "):
            break
    signalled = time.perf_counter()
    process.send_signal(signal.SIGTERM)
    process.communicate()
    return {
        "exit_seconds": time.perf_counter() - signalled,
        "code": process.returncode,
        "kept": before == {path.name: path.read_bytes() for path in catalog.iterdir()},
    }


def serving(catalog: Path) -> dict:
    """Search plus each list for 500 titles in a fresh process, as the API serves them."""
    script = f"""
import json, random, time, os, sys
import numpy as np, psutil
sys.path.insert(0, {str(ROOT)!r})
from core.service import Service, RecommendRequest
service = Service.load({str(catalog)!r}, warm=True)
process = psutil.Process(os.getpid())
loaded = process.memory_info().rss / 2**20
titles = random.Random(1).sample(list(service.catalog.movies["title"]), 500)
times = {{}}
for mode in ("parecidas", "gustos"):
    for title in titles:
        started = time.perf_counter()
        try:
            service.recommend(RecommendRequest(titles=(title,), modo=mode, k=10))
        except Exception:
            pass
        times.setdefault(mode, []).append((time.perf_counter() - started) * 1000)
model = service.recommender
for title in titles:
    started = time.perf_counter()
    try:
        model.best(model.model.scores(service.search.search(title).chosen().row), 10)
    except Exception:
        pass
    times.setdefault("content cosine alone", []).append((time.perf_counter() - started) * 1000)
liked = np.flatnonzero(model.colikes.likers >= 20)
full = sum(
    len(found := model.recommend([int(row)], k=5, mode="gustos")) == 5 and all(item.coincidencias for item in found)
    for row in liked
)
print(json.dumps({{"times": times, "loaded": loaded, "after": process.memory_info().rss / 2**20,
                  "liked": len(liked), "full": int(full)}}))
"""
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=1, help="runs of the build and of the plain product")
    parser.add_argument("--serving", action="store_true", help="only the serving of a catalog built before")
    args = parser.parse_args()
    if args.serving:
        return show_serving(serving(OUT / "catalog-ratings-bench"))
    raw = synthetic_raw(FULL_SIZE, ratings="full")
    rows = sum(1 for _ in (raw / "ratings.csv").open("rb")) - 1
    print(f"Every rating: {FULL_SIZE:,} synthetic movies, {rows:,} ratings in ratings.csv")
    built = build_and_plain(raw, args.repeat)
    ratio = built["ours_seconds"] / built["plain_seconds"]
    print("| | wall time | peak memory of the process tree | target |")
    print("| --- | ---: | ---: | ---: |")
    print(
        f"| `python -m core build`, ratings.csv learnt and measured | {built['ours_seconds']:.0f} s | "
        f"{built['ours_peak']:.0f} MiB | ≤ {CLOUD_MEMORY_MIB} MiB, ≤ 4× the product |"
    )
    print(
        f"| plain scipy product of the likes (baseline) | {built['plain_seconds']:.0f} s | {built['plain_peak']:.0f} MiB | |"
    )
    print(f"| ours / plain product | {ratio:.1f}× | | ≤ 4× (stretch 2×) |")
    print(f"(medians of {built['runs']} runs each, alternating)")
    stop = stopped(raw, built["catalog"])
    print(
        f"SIGTERM while counting the co-likes: exited in {stop['exit_seconds']:.1f} s (exit {stop['code']}; "
        f"target ≤ 5 s), the catalog before {'kept byte for byte' if stop['kept'] else 'CHANGED'}"
    )
    show_serving(serving(built["catalog"]))


def show_serving(served: dict) -> None:
    for mode, times in served["times"].items():
        print(
            f"search + 10 {mode}: p50 {median(times):.1f} ms, p95 {percentile(times, 95):.1f} ms (target p95 ≤ 10 ms)"
        )
    print(f"served process: {served['loaded']:.0f} MiB loaded, {served['after']:.0f} MiB after 1,500 answers")
    share = served["full"] / max(1, served["liked"])
    print(
        f"Les gustó también lists 5 co-liked movies for {served['full']:,} of the {served['liked']:,} movies with "
        f"20 likers or more: {share:.2%} (target ≥ 99%)"
    )


if __name__ == "__main__":
    main()
