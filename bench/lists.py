"""Benchmark: a list brought in from a CSV (Mis listas' upload), on the full-size synthetic catalog and
the real sample: files of the largest size the upload takes, beside a file of 500 ids (a lookup each).

Every line read counts toward the 500 a list holds, found or not, so no file costs more than 500
title lookups; the figures say what that costs, and how many random letter strings were taken for
movies (none should be).
"""

from __future__ import annotations

import random
import string
import time

from common import FULL_SIZE, OUT, median, synthetic_catalog

from core import catalog as catalog_module
from core import lists
from core.config import SAMPLE_RAW_DIR
from core.search import TitleSearch

RUNS = 5


def letters(rng: random.Random, count: int) -> list[str]:
    return ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(6, 12))) for _ in range(count)]


def largest(lines: list[str]) -> bytes:
    """A CSV of titles as long as the upload takes."""
    return "\n".join(["titulo", *lines]).encode()[: lists.MAX_UPLOAD_BYTES]


def seconds(data: bytes, loaded, search) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        lists.read_csv(data, loaded, search)
        times.append(time.perf_counter() - started)
    return median(times)


def measure(label: str, path) -> None:
    loaded = catalog_module.load(path)
    search = TitleSearch(loaded)
    rng = random.Random(0)
    movies = loaded.movies
    titles = movies["title"].sample(120_000, replace=True, random_state=0).tolist()
    files = {
        "500 ids (baseline)": "\n".join(map(str, movies["id"].head(lists.MAX_MOVIES))).encode(),
        "1 MB of titles of the catalog": largest(titles),
        "1 MB of titles, a letter swapped in each": largest([t[:2] + t[3:4] + t[2:3] + t[4:] for t in titles]),
        "1 MB of random letters": largest(letters(rng, 120_000)),
    }
    junk = letters(random.Random(1), 67_069)
    taken = sum(search.exact(text) is not None for text in junk)
    unique = movies["title"].drop_duplicates(keep=False)
    unique = unique[unique.str.len() >= 8].sample(min(1000, len(unique)), random_state=0).tolist()
    swapped = [title[:3] + title[4] + title[3] + title[5:] for title in unique]
    right = sum(
        (found := search.exact(text)) is not None and found.titulo == title
        for text, title in zip(swapped, unique, strict=True)
    )
    print(f"\n{label}: {len(movies):,} movies")
    for name, data in files.items():
        print(f"  {name:<44} {len(data) / 1e6:.2f} MB: median {seconds(data, loaded, search) * 1000:.0f} ms of {RUNS}")
    print(f"  random letter strings (6-12 letters) taken for a movie: {taken} of {len(junk):,} (target 0)")
    print(
        f"  titles of 8 letters or more with two letters swapped, taken for the right movie: {right / len(unique):.1%}"
    )


def main() -> None:
    measure("synthetic full size", synthetic_catalog(FULL_SIZE))
    if SAMPLE_RAW_DIR.is_dir():
        from core.build import build

        build(SAMPLE_RAW_DIR, OUT / "catalog-sample")
        measure("real head sample", OUT / "catalog-sample")


if __name__ == "__main__":
    main()
