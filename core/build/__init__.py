"""The write path: fetch the raw Kaggle files, parse and clean them, fit the models, write the catalog.

The read side (catalog, queries, search, recommender, service, the pages and the API) never imports
this package; the build may use the read side's types.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def build(
    raw_dir: Path,
    out_dir: Path,
    progress: Callable | None = None,
    workers: int = 1,
    wait: float | None = 600.0,
    measure: bool = True,
    stop=None,
) -> dict:
    """Build the catalog, its models and word counts from `raw_dir` into `out_dir`; return the manifest.

    With `workers` > 1 (the command line), the text helper starts first, before pandas is imported
    here, and imports scikit-learn on the other core meanwhile (see `core.build.pipeline.run`). Another
    build writing `out_dir` is waited for up to `wait` seconds (None: as long as it takes), then
    `BuildRunning`. Without `measure`, the recommenders are not measured on the ratings (most of a small
    build's time): the hybrid serves its default weights, and the manifest has no quality figures.
    """
    from core.build import training
    from core.build.workers import Helpers

    with Helpers(parallel=workers > 1) as helpers:
        helpers.start("text").submit(training.prepare)
        from core.build import pipeline  # pandas and the rest, while the text helper imports scikit-learn

        return pipeline.run(Path(raw_dir), Path(out_dir), helpers, progress, wait, measure, stop)


def measure(raw_dir: Path, out_dir: Path, wait: float | None = 600.0, stop=None) -> dict:
    """Measure the recommenders of the catalog at `out_dir`, built without measuring, on the ratings of
    `raw_dir`, and swap it in again with the tuned weights and the figures (core.build.pipeline.measure)."""
    from core.build import pipeline

    return pipeline.measure(Path(raw_dir), Path(out_dir), wait=wait, stop=stop)
