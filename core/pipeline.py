"""Build the clean catalog from the raw Kaggle files: read, clean, parse, join, write atomically."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import multiprocessing
import os
import platform
import shutil
import tempfile
import threading
import time
import zipfile
import zlib
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from core import training
from core.errors import DataError
from core.literals import COUNTRIES, DIRECTORS, LANGUAGES, NAMES, ParseStats, parse_column
from core.schema import CATALOG_FILE, MANIFEST_FILE, RAW_NAMES, REQUIRED_COLUMNS

TOP_BILLED = 5

# ValueError: pandas' word for an archive holding no or several files.
_UNREADABLE = (EOFError, OSError, ValueError, zlib.error, zipfile.BadZipFile, gzip.BadGzipFile)


@dataclass(frozen=True)
class Progress:
    """One finished stage of the build, for whoever shows progress."""

    stage: str
    rows: int
    seconds: float


ProgressCallback = Callable[[Progress], None]


def find_raw_file(raw_dir: Path, kind: str) -> Path | None:
    """The raw file of that kind in `raw_dir`, plain, .gz or .zip, or None."""
    for name in RAW_NAMES[kind]:
        for suffix in ("", ".gz", ".zip"):
            candidate = raw_dir / f"{name}{suffix}"
            if candidate.is_file():
                return candidate
    return None


def missing_columns(path: Path, kind: str) -> list[str]:
    """The columns a raw file of that kind needs and its header lacks (pandas' reading errors pass through)."""
    header = pd.read_csv(path, nrows=0, dtype=str)
    return [column for column in REQUIRED_COLUMNS[kind] if column not in header.columns]


def read_raw(path: Path, kind: str) -> pd.DataFrame:
    """Read one raw CSV as text columns, or raise DataError saying what is wrong with it."""
    columns = REQUIRED_COLUMNS[kind]
    try:
        if missing := missing_columns(path, kind):
            raise DataError(f"{path.name}: missing columns {', '.join(missing)} — is it the right file?")
        # object, not pandas' Arrow-backed str: the parsers iterate Python strings anyway.
        return pd.read_csv(path, usecols=list(columns), dtype=object, keep_default_na=False)
    except pd.errors.EmptyDataError:
        raise DataError(f"{path.name}: the file is empty") from None
    except UnicodeDecodeError:
        raise DataError(f"{path.name}: not a text CSV file") from None
    except pd.errors.ParserError as error:
        raise DataError(f"{path.name}: not valid CSV ({_first_line(error)})") from None
    except _UNREADABLE as error:
        raise DataError(f"{path.name}: cannot be read, truncated or corrupt ({_first_line(error)})") from None


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


class _Steps:
    """Row counts after each cleaning step, with the reason for every drop."""

    def __init__(self) -> None:
        self.records: list[dict] = []

    def keep(self, frame: pd.DataFrame, mask: pd.Series, step: str, reason: str) -> pd.DataFrame:
        kept = frame[mask.to_numpy()]
        self.records.append(
            {
                "step": step,
                "rows_in": len(frame),
                "rows_out": len(kept),
                "dropped": len(frame) - len(kept),
                "reason": reason,
            }
        )
        return kept


def _valid_ids(frame: pd.DataFrame, steps: _Steps, source: str) -> pd.DataFrame:
    """Drop rows whose id is not a whole number (shifted columns), then repeated ids."""
    integer_id = frame["id"].str.strip().str.fullmatch(r"\d+")
    frame = steps.keep(frame, integer_id, f"{source}: corrupt rows", "id is not an integer (shifted columns)")
    frame = frame.assign(id=frame["id"].str.strip().astype("int64"))
    return steps.keep(frame, ~frame["id"].duplicated(), f"{source}: duplicate ids", "id seen before; first kept")


def _money(column: pd.Series) -> pd.Series:
    """Whole dollars; missing or unreadable amounts count as 0 (unknown)."""
    return pd.to_numeric(column, errors="coerce").fillna(0).clip(lower=0).round().astype("int64")


def _runtime(column: pd.Series) -> pd.Series:
    """Minutes; missing when unknown, which the raw files write as empty or as 0."""
    minutes = pd.to_numeric(column, errors="coerce")
    return minutes.where(minutes > 0)


def compute_return(revenue: pd.Series, budget: pd.Series) -> pd.Series:
    """Revenue / budget; 0 where the budget is 0 (unknown), the course's rule and ours."""
    ratio = revenue.to_numpy(dtype="float64") / np.where(budget > 0, budget, 1)
    return pd.Series(np.where(budget > 0, ratio, 0.0), index=revenue.index, name="return")


def _names(parsed: list[list[tuple[str, ...]]], position: int) -> list[list[str]]:
    """One element of each record: the codes or the names of (code, name) pairs."""
    return [[record[position] for record in records] for records in parsed]


def _clean_movies(raw: pd.DataFrame, steps: _Steps, parse_stats: dict[str, ParseStats]) -> pd.DataFrame:
    movies = _valid_ids(raw, steps, "movies")
    release_date = pd.to_datetime(movies["release_date"], format="%Y-%m-%d", errors="coerce")
    movies = steps.keep(
        movies.assign(release_date=release_date),
        release_date.notna(),
        "movies: release date",
        "missing or invalid release_date",
    )
    title = movies["title"].str.strip()
    movies = steps.keep(movies.assign(title=title), title != "", "movies: title", "missing title")

    def parse(column: str, field) -> list[list]:
        stats = parse_stats.setdefault(column, ParseStats())
        return parse_column(movies[column], field, stats)

    countries = parse("production_countries", COUNTRIES)
    languages = parse("spoken_languages", LANGUAGES)
    collection = [names[0] if names else None for names in parse("belongs_to_collection", NAMES)]
    budget, revenue = _money(movies["budget"]), _money(movies["revenue"])
    return pd.DataFrame(
        {
            "id": movies["id"].to_numpy(),
            "imdb_id": movies["imdb_id"].str.strip().to_numpy(),
            "title": movies["title"].to_numpy(),
            "original_title": movies["original_title"].str.strip().to_numpy(),
            "original_language": movies["original_language"].str.strip().str.lower().to_numpy(),
            "overview": movies["overview"].str.strip().to_numpy(),
            "release_date": movies["release_date"].to_numpy(),
            "release_year": movies["release_date"].dt.year.astype("int64").to_numpy(),
            "runtime": _runtime(movies["runtime"]).to_numpy(),
            "budget": budget.to_numpy(),
            "revenue": revenue.to_numpy(),
            "return": compute_return(revenue, budget).to_numpy(),
            "vote_average": pd.to_numeric(movies["vote_average"], errors="coerce").fillna(0.0).to_numpy(),
            "vote_count": pd.to_numeric(movies["vote_count"], errors="coerce").fillna(0).astype("int64").to_numpy(),
            "popularity": pd.to_numeric(movies["popularity"], errors="coerce").fillna(0.0).to_numpy(),
            "poster_path": movies["poster_path"].str.strip().to_numpy(),
            "collection": collection,
            "genres": parse("genres", NAMES),
            "production_companies": parse("production_companies", NAMES),
            "production_countries": _names(countries, 1),
            "production_country_codes": _names(countries, 0),
            "spoken_languages": _names(languages, 1),
            "spoken_language_codes": _names(languages, 0),
        }
    )


def _credits(raw: pd.DataFrame, steps: _Steps, parse_stats: dict[str, ParseStats]) -> pd.DataFrame:
    credits = _valid_ids(raw, steps, "credits")
    cast_stats = parse_stats.setdefault("cast", ParseStats())
    crew_stats = parse_stats.setdefault("crew", ParseStats())
    directors = parse_column(credits["crew"], DIRECTORS, crew_stats)
    return pd.DataFrame(
        {
            "id": credits["id"].to_numpy(),
            "cast": parse_column(credits["cast"], NAMES, cast_stats, limit=TOP_BILLED),
            "directors": [list(dict.fromkeys(names)) for names in directors],
        }
    )


def _keywords(raw: pd.DataFrame, steps: _Steps, parse_stats: dict[str, ParseStats]) -> pd.DataFrame:
    keywords = _valid_ids(raw, steps, "keywords")
    stats = parse_stats.setdefault("keywords", ParseStats())
    return pd.DataFrame({"id": keywords["id"].to_numpy(), "keywords": parse_column(keywords["keywords"], NAMES, stats)})


def _join_lists(movies: pd.DataFrame, extra: pd.DataFrame | None, columns: tuple[str, ...]) -> pd.DataFrame:
    """Left-join list columns by movie id; movies with no row get empty lists."""
    if extra is None:
        for column in columns:
            movies[column] = [[] for _ in range(len(movies))]
        return movies
    joined = movies.merge(extra, on="id", how="left", validate="one_to_one")
    for column in columns:
        joined[column] = [value if isinstance(value, list) else [] for value in joined[column]]
    return joined


def _file_facts(path: Path) -> dict:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return {"name": path.name, "bytes": path.stat().st_size, "sha256": digest.hexdigest()}


def _versions() -> dict[str, str]:
    packages = ("pandas", "numpy", "pyarrow", "scipy")
    return {"python": platform.python_version(), **{name: metadata.version(name) for name in packages}}


def build(raw_dir: Path, out_dir: Path, progress: ProgressCallback | None = None, workers: int = 1) -> dict:
    """Build the catalog (and the recommender) from `raw_dir` into `out_dir`; return the manifest.

    Writes to a temporary directory beside `out_dir` and swaps it in only when everything
    succeeded, so a failed or interrupted build leaves the previous catalog untouched. With
    `workers` > 1, a second process reads and parses the credits and keywords meanwhile this one
    does the movies and weighs their overviews' words (the command line does; a server building in
    a thread keeps to one process).
    """
    started = time.perf_counter()
    report = progress or (lambda _: None)
    paths = {kind: find_raw_file(raw_dir, kind) for kind in RAW_NAMES}
    for kind in ("movies", "credits"):
        if paths[kind] is None:
            raise DataError(f"{raw_dir}: no {' or '.join(RAW_NAMES[kind])} (plain, .gz or .zip)")

    with _beside(workers) as pool:
        extras_job = pool.submit(_read_extras, paths["credits"], paths["keywords"])
        steps, parse_stats = _Steps(), {}
        stage_start = time.perf_counter()
        raw_movies = read_raw(paths["movies"], "movies")
        report(Progress(f"read {paths['movies'].name}", len(raw_movies), time.perf_counter() - stage_start))
        stage_start = time.perf_counter()
        movies = _clean_movies(raw_movies, steps, parse_stats)
        report(Progress("clean and parse movies", len(movies), time.perf_counter() - stage_start))
        stage_start = time.perf_counter()
        overview = training.overview_block(movies["overview"])
        report(Progress("weigh the overviews' words", len(movies), time.perf_counter() - stage_start))
        inputs = {"movies": _file_facts(paths["movies"])}
        extras = extras_job.result()

    for stage in extras.stages:
        report(stage)
    # The manifest lists steps, fields and inputs in file order: movies, credits, keywords.
    steps.records += extras.steps
    parse_stats |= extras.parse_stats
    inputs |= extras.inputs
    stage_start = time.perf_counter()
    movies = _join_lists(_join_lists(movies, extras.credits, ("cast", "directors")), extras.keywords, ("keywords",))
    report(Progress("join credits and keywords", len(movies), time.perf_counter() - stage_start))
    manifest = {
        "inputs": inputs,
        "steps": steps.records,
        "nested_fields": {column: stats.as_dict() for column, stats in parse_stats.items()},
        "movies": len(movies),
        "credited_movies": int((movies["directors"].map(len) > 0).sum()),
        "years": [int(movies["release_year"].min()), int(movies["release_year"].max())] if len(movies) else [],
        "versions": _versions(),
    }
    _write_atomically(movies, manifest, out_dir, started, report, overview)
    return manifest


@dataclass(frozen=True)
class _Extras:
    """The credits and keywords, parsed, with what the manifest says of them."""

    credits: pd.DataFrame
    keywords: pd.DataFrame | None
    steps: list[dict]
    parse_stats: dict[str, ParseStats]
    inputs: dict[str, dict]
    stages: list[Progress]


def _read_extras(credits_path: Path, keywords_path: Path | None) -> _Extras:
    """Read, check and parse the credits and keywords (the build's second process does it)."""
    steps, parse_stats, stages = _Steps(), {}, []
    stage_start = time.perf_counter()
    raw = read_raw(credits_path, "credits")
    stages.append(Progress(f"read {credits_path.name}", len(raw), time.perf_counter() - stage_start))
    stage_start = time.perf_counter()
    credits = _credits(raw, steps, parse_stats)
    stages.append(Progress("parse credits", len(credits), time.perf_counter() - stage_start))
    keywords, inputs = None, {"credits": _file_facts(credits_path)}
    if keywords_path is not None:
        stage_start = time.perf_counter()
        keywords = _keywords(read_raw(keywords_path, "keywords"), steps, parse_stats)
        stages.append(
            Progress(f"read and parse {keywords_path.name}", len(keywords), time.perf_counter() - stage_start)
        )
        inputs["keywords"] = _file_facts(keywords_path)
    return _Extras(credits, keywords, steps.records, parse_stats, inputs, stages)


class _Inline:
    """An executor that runs the task when its result is asked for: one process, same code path."""

    def submit(self, function, *args):
        return _Deferred(lambda: function(*args))


@dataclass(frozen=True)
class _Deferred:
    run: Callable

    def result(self):
        return self.run()


@contextlib.contextmanager
def _beside(workers: int):
    """A second process for independent work when `workers` > 1, else inline.

    Forked when this process runs no other thread (the command line: the child starts with every
    module imported, half a second sooner); spawned otherwise, as forking beside threads is unsafe.
    """
    if workers <= 1:
        yield _Inline()
        return
    alone = threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if alone else "spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        yield pool


def _write_atomically(
    movies: pd.DataFrame,
    manifest: dict,
    out_dir: Path,
    started: float,
    report: ProgressCallback,
    overview: sparse.csr_matrix,
) -> None:
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.building-", dir=out_dir.parent))
    try:
        stage_start = time.perf_counter()
        movies.to_parquet(staging / CATALOG_FILE, index=False)
        report(Progress("write catalog", len(movies), time.perf_counter() - stage_start))
        stage_start = time.perf_counter()
        training.save(training.fit(movies, overview=overview), staging)
        report(Progress("fit recommender", len(movies), time.perf_counter() - stage_start))
        manifest["built_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        manifest["build_seconds"] = round(time.perf_counter() - started, 2)
        (staging / MANIFEST_FILE).write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        _swap_in(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap_in(staging: Path, out_dir: Path) -> None:
    """Replace `out_dir` by `staging` with two renames; the old copy is removed last."""
    retired = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    if out_dir.exists():
        os.replace(out_dir, retired)
    os.replace(staging, out_dir)
    shutil.rmtree(retired, ignore_errors=True)
