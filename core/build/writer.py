"""Write a finished catalog beside the old one, then swap it in whole: a failed or killed build changes nothing.

The catalog folder (`data/catalog`) is a symbolic link to one finished build in a hidden folder beside
it (`data/.catalog.versions/`). A build writes a new one, then points the link at it with one rename,
so that at every instant the link names a whole catalog, the old or the new. Readers resolve the link
once and read everything from that build. The build before stays, for readers still loading it;
older ones go. One build per catalog folder at a time: a lock file beside it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from core import wordcounts
from core.build.training import Vectorizer, describing_json
from core.errors import DataError
from core.schema import (
    CATALOG_FILE,
    DESCRIBE_KEY,
    MANIFEST_FILE,
    MATRIX_FILE,
    MODEL_FILE,
    VECTORIZERS_FILE,
    save_matrix,
)

logger = logging.getLogger(__name__)

# How long a build waits for another one writing the same folder (the command line's default).
WAIT_FOR_OTHER_BUILD = 600.0


class BuildRunning(DataError):
    """Another build holds the catalog folder."""


class Staging:
    """A catalog folder being filled beside `out_dir`; `commit` swaps it in, leaving without it removes it.

    Each finished artifact is written as soon as it is finished (the catalog while the models are
    still being fitted); the manifest comes last, with the build's time, and marks the folder whole.
    """

    def __init__(self, out_dir: Path, wait: float | None = WAIT_FOR_OTHER_BUILD):
        self.out_dir = Path(out_dir)
        self.wait = wait
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> Staging:
        self._stack.enter_context(build_lock(self.out_dir, self.wait))
        self.folder = self._stack.enter_context(staging_folder(self.out_dir, "building"))
        return self

    def __exit__(self, *exc_info) -> None:
        self._stack.close()

    def catalog(self, movies: pd.DataFrame) -> None:
        movies.to_parquet(self.folder / CATALOG_FILE, index=False)

    def adopt(self, built: Path, but: tuple[str, ...]) -> None:
        """Every file of the catalog built at `built` but those named `but`, linked in (no copy: the files
        are never written again once built)."""
        for path in Path(built).iterdir():
            if path.is_file() and path.name not in but:
                os.link(path, self.folder / path.name)

    def recommender(
        self, features: sparse.csr_matrix, ids: np.ndarray, weights: dict[str, float], blocks: dict[str, list[int]]
    ) -> None:
        save_matrix(self.folder / MATRIX_FILE, features)
        meta = {"weights": weights, "blocks": blocks, "ids": [int(movie_id) for movie_id in ids]}
        (self.folder / MODEL_FILE).write_text(json.dumps(meta), encoding="utf-8")

    def vectorizers(self, fitted: dict[str, Vectorizer], describing: dict[str, np.ndarray]) -> None:
        data = {name: vectorizer.as_json() for name, vectorizer in fitted.items()}
        data[DESCRIBE_KEY] = describing_json(describing)
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
        swap_in(self.folder, self.out_dir)
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


def versions_folder(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.versions"


def swap_in(staging: Path, out_dir: Path) -> None:
    """Make the finished `staging` folder the catalog at `out_dir`: moved among the versions, then the link
    pointed at it with one rename. Where links are not available (some Windows setups): two renames."""
    versions = versions_folder(out_dir)
    versions.mkdir(exist_ok=True)
    # To the microsecond, so that names sort as the builds ran (builds of one folder never overlap).
    version = versions / f"{datetime.now(UTC):%Y%m%dT%H%M%S.%f}-{os.getpid()}-{staging.name[-8:]}"
    os.replace(staging, version)
    link = out_dir.with_name(f".{out_dir.name}.link-{os.getpid()}")
    try:
        os.symlink(os.path.relpath(version, out_dir.parent), link, target_is_directory=True)
    except (OSError, NotImplementedError):
        _swap_by_renames(version, out_dir)
        return
    previous = out_dir.resolve() if out_dir.is_symlink() else None
    if out_dir.exists() and not out_dir.is_symlink():  # a catalog built before versions: kept as the previous
        previous = versions / f"before-{version.name}"
        os.replace(out_dir, previous)
    os.replace(link, out_dir)  # one rename: the old catalog or the new, never none
    _keep_only(versions, {version.name, previous.name if previous else ""})


def _keep_only(versions: Path, names: set[str]) -> None:
    """Remove the versions no reader can still be using: all but the current one and the one before."""
    for old in versions.iterdir():
        if old.name not in names:
            shutil.rmtree(old, ignore_errors=True)


def _swap_by_renames(staging: Path, out_dir: Path) -> None:
    retired = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    if out_dir.exists():
        os.replace(out_dir, retired)
    os.replace(staging, out_dir)
    shutil.rmtree(retired, ignore_errors=True)


_held = threading.local()  # the build locks this thread holds: a fetch and its build take the same one


@contextlib.contextmanager
def build_lock(out_dir: Path, wait: float | None = WAIT_FOR_OTHER_BUILD) -> Iterator[None]:
    """Hold the catalog folder's build lock (`.NAME.lock` beside it) for as long as the block runs.

    Another process or thread building into the same folder makes this one wait up to `wait` seconds
    (None: for as long as it takes; 0: not at all), then BuildRunning. The lock is the operating
    system's (flock), so a killed build releases it. Holding it, this build also removes the staging
    folders other builds left (none of them can still be running).
    """
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    key = str(out_dir.resolve(strict=False))
    held = getattr(_held, "paths", set())
    if key in held:
        yield
        return
    try:
        import fcntl
    except ImportError:  # no flock (Windows): builds are not serialised there
        yield
        return
    with open(out_dir.parent / f".{out_dir.name}.lock", "a+") as handle:
        _acquire(fcntl, handle, out_dir, wait)
        _held.paths = held | {key}
        try:
            for left in out_dir.parent.glob(f".{out_dir.name}.building-*"):
                shutil.rmtree(left, ignore_errors=True)
            yield
        finally:
            _held.paths = held
            fcntl.flock(handle, fcntl.LOCK_UN)


def _acquire(fcntl, handle, out_dir: Path, wait: float | None) -> None:
    deadline = None if wait is None else time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if deadline is not None and time.monotonic() >= deadline:
                raise BuildRunning("build.running", folder=str(out_dir)) from None
            if not told:
                logger.info("another build is writing %s: waiting for it", out_dir)
                told = True
            time.sleep(0.2)
