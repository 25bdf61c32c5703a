"""Download the full Kaggle dataset's raw files into the raw folder: checked first, then moved in."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from core.config import KAGGLE_DATASET, KAGGLE_PAGE
from core.errors import DataError

# The files the build reads (not the large ratings files), and a size below which a download is
# surely not the real file (the real ones: 34 MB, 190 MB and 6 MB).
FILES = {"movies": "movies_metadata.csv", "credits": "credits.csv", "keywords": "keywords.csv"}
MIN_BYTES = {"movies": 10_000_000, "credits": 50_000_000, "keywords": 1_000_000}
MANUAL_ROUTE = f"or get them by hand from {KAGGLE_PAGE} and put them in data/raw/"

Download = Callable[[str, Path], Path]


def kagglehub_download(name: str, folder: Path) -> Path:
    """One file of the public dataset into `folder`, with kagglehub (progress bars on stderr)."""
    import kagglehub  # only the fetch needs it

    return Path(kagglehub.dataset_download(KAGGLE_DATASET, path=name, output_dir=str(folder), force_download=True))


def fetch(
    out_dir: Path, download: Download | None = None, report: Callable[[str], None] = lambda _: None
) -> list[Path]:
    """Download, check and move into `out_dir` the three raw files; DataError, with `out_dir` untouched, on failure.

    The plain names are the ones the build looks for first, so they win over older `.gz` copies.
    """
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.fetching-", dir=out_dir.parent))
    try:
        download = download or kagglehub_download
        downloaded = {kind: _download_one(download, name, staging, report) for kind, name in FILES.items()}
        for kind, path in downloaded.items():
            check(path, kind)
        out_dir.mkdir(parents=True, exist_ok=True)
        placed = []
        for kind, path in downloaded.items():
            os.replace(path, out_dir / FILES[kind])
            placed.append(out_dir / FILES[kind])
        return placed
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def fetch_and_build(raw_dir: Path, catalog_dir: Path, report: Callable[[str], None] = lambda _: None) -> dict:
    """Fetch the full dataset into `raw_dir`, then build it into `catalog_dir`; the build's manifest."""
    from core.build.pipeline import build

    fetch(raw_dir, report=report)
    return build(
        raw_dir, catalog_dir, progress=lambda step: report(f"{step.stage}: {step.rows:,} · {step.seconds:.1f} s")
    )


def _download_one(download: Download, name: str, staging: Path, report: Callable[[str], None]) -> Path:
    try:
        path = Path(download(name, staging))
    except Exception as error:  # noqa: BLE001 — any failure of the network or the client means the same to a user
        raise DataError(f"could not download {name} ({_reason(error)}); {MANUAL_ROUTE}") from None
    if not path.is_file():
        raise DataError(f"Kaggle sent no {name} (has the dataset changed?); {MANUAL_ROUTE}")
    report(f"{name}: {path.stat().st_size / 1e6:,.1f} MB")
    return path


def check(path: Path, kind: str) -> None:
    """The file is the raw file of that kind: big enough, and a CSV with the expected header."""
    size = path.stat().st_size
    if size < MIN_BYTES[kind]:
        raise DataError(f"{path.name} is only {size:,} bytes, too small for the real file; {MANUAL_ROUTE}")
    from core.build.pipeline import missing_columns  # the build's side, like the build that follows

    try:
        missing = missing_columns(path, kind)
    except ValueError as error:  # pandas' ParserError and UnicodeDecodeError are ValueErrors
        raise DataError(f"{path.name} is not a CSV file ({error}); {MANUAL_ROUTE}") from None
    if missing:
        raise DataError(
            f"{path.name} lacks the columns {', '.join(missing)} (has the dataset changed?); {MANUAL_ROUTE}"
        )


def _reason(error: Exception) -> str:
    """What went wrong, in a few words a user can act on."""
    status = getattr(getattr(error, "response", None), "status_code", None)
    if status == 429:
        return "Kaggle's rate limit, try again later"
    if status in (403, 404):
        return f"Kaggle answered {status}: has the dataset moved or changed?"
    if status:
        return f"Kaggle answered HTTP {status}"
    if isinstance(error, OSError):  # requests' connection errors and timeouts are OSErrors too
        return "Kaggle is unreachable: no internet connection?"
    first = (str(error).strip().splitlines() or [""])[0][:120]
    return f"{type(error).__name__}: {first}" if first else type(error).__name__
