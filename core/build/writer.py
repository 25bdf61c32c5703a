"""Write a finished catalog beside the old one, then swap it in whole: a failed or killed build changes nothing."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from core import wordcounts
from core.build.training import Vectorizer
from core.schema import CATALOG_FILE, MANIFEST_FILE, MATRIX_FILE, MODEL_FILE, VECTORIZERS_FILE, save_matrix


class Staging:
    """A catalog folder being filled beside `out_dir`; `commit` swaps it in, leaving without it removes it.

    Each finished artifact is written as soon as it is finished (the catalog while the models are
    still being fitted); the manifest comes last, with the build's time, and marks the folder whole.
    """

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self.folder = _new_staging(self.out_dir, "building")

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc_info) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def catalog(self, movies: pd.DataFrame) -> None:
        movies.to_parquet(self.folder / CATALOG_FILE, index=False)

    def recommender(self, features: sparse.csr_matrix, ids: np.ndarray, weights: dict[str, float]) -> None:
        save_matrix(self.folder / MATRIX_FILE, features)
        meta = {"weights": weights, "ids": [int(movie_id) for movie_id in ids]}
        (self.folder / MODEL_FILE).write_text(json.dumps(meta), encoding="utf-8")

    def vectorizers(self, fitted: dict[str, Vectorizer]) -> None:
        data = {name: vectorizer.as_json() for name, vectorizer in fitted.items()}
        (self.folder / VECTORIZERS_FILE).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    def word_counts(self, by_source: dict[str, wordcounts.WordCounts]) -> None:
        wordcounts.save(self.folder, by_source)

    def commit(self, manifest: dict, build_seconds: float) -> dict:
        """Write the manifest (with the build's time) and swap the folder in; the manifest written."""
        manifest = {
            **manifest,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "build_seconds": round(build_seconds, 2),
        }
        text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
        (self.folder / MANIFEST_FILE).write_text(text, encoding="utf-8")
        _swap_in(self.folder, self.out_dir)
        return manifest


@contextlib.contextmanager
def staging_folder(beside: Path, purpose: str) -> Iterator[Path]:
    """A new hidden folder beside `beside`, removed on the way out whatever happens."""
    folder = _new_staging(Path(beside), purpose)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _new_staging(beside: Path, purpose: str) -> Path:
    """`.NAME.PURPOSE-PID-random` beside `beside`, once those of processes no longer running are removed
    (a killed build or fetch could not remove its own)."""
    beside.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{beside.name}.{purpose}-"
    for left in beside.parent.glob(f"{prefix}*"):
        owner = left.name.removeprefix(prefix).split("-")[0]
        if owner.isdigit() and not _running(int(owner)):
            shutil.rmtree(left, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=beside.parent))


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _swap_in(staging: Path, out_dir: Path) -> None:
    """Replace `out_dir` by `staging` with two renames; the old copy is removed last."""
    retired = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    if out_dir.exists():
        os.replace(out_dir, retired)
    os.replace(staging, out_dir)
    shutil.rmtree(retired, ignore_errors=True)
