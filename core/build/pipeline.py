"""Build the clean catalog from the raw Kaggle files: read, clean, parse and join; fit; then write atomically."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import logging
import platform
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd

from core.build import ratings, training
from core.build.colikes import Kin, Likes
from core.build.colikes import fit as fit_colikes
from core.build.literals import COUNTRIES, DIRECTORS, LANGUAGES, NAMES, ParseStats, parse_column
from core.build.progress import Progress, ProgressCallback
from core.build.raw import read_raw, read_raw_chunks
from core.build.workers import Helpers, timed
from core.build.writer import WAIT_FOR_OTHER_BUILD, Staging, build_lock
from core.config import give_back_memory
from core.errors import DataError
from core.learnt import LEARNT_FILES
from core.phrases import Joined, Number, Phrase, Step
from core.schema import HYBRID_FILE, MANIFEST_FILE, RAW_NAMES, find_raw_file, read_manifest, require

logger = logging.getLogger(__name__)

TOP_BILLED = 5
# Rows of credits read and parsed at once: about 4 kB of text each in the real file, so about 8 MB.
CREDITS_CHUNK = 2_000


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

    def summed(self) -> list[dict]:
        """The records of a file read in chunks, each step's counts summed over the chunks, in order."""
        by_step: dict[str, dict] = {}
        for record in self.records:
            if (total := by_step.get(record["step"])) is None:
                by_step[record["step"]] = dict(record)
            else:
                for count in ("rows_in", "rows_out", "dropped"):
                    total[count] += record[count]
        return list(by_step.values())


def _valid_ids(frame: pd.DataFrame, steps: _Steps, source: str, seen: set[int] | None = None) -> pd.DataFrame:
    """Drop rows whose id is not a whole number (shifted columns), then repeated ids (with `seen`, the ids
    of the chunks read before too)."""
    integer_id = frame["id"].str.strip().str.fullmatch(r"\d+")
    frame = steps.keep(frame, integer_id, f"{source}: corrupt rows", "id is not an integer (shifted columns)")
    frame = frame.assign(id=frame["id"].str.strip().astype("int64"))
    repeated = frame["id"].duplicated()
    if seen is not None:
        repeated |= frame["id"].isin(seen)
        seen.update(frame["id"][~repeated].tolist())
    return steps.keep(frame, ~repeated, f"{source}: duplicate ids", "id seen before; first kept")


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


def _split(parsed: list[list[tuple[str, str]]]) -> tuple[list[list[str]], list[list[str]]]:
    """(code, name) records into the codes and the names; movies that share a parsed list share the split."""
    split: dict[int, tuple[list[str], list[str]]] = {}
    for records in parsed:
        if id(records) not in split:
            split[id(records)] = [code for code, _ in records], [name for _, name in records]
    pairs = [split[id(records)] for records in parsed]
    return [codes for codes, _ in pairs], [names for _, names in pairs]


def _select_movies(raw: pd.DataFrame, steps: _Steps) -> pd.DataFrame:
    """The rows that become movies: a whole-number id seen first, a valid release date, a title."""
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
    return movies.assign(overview=movies["overview"].str.strip())


def _no_movies(path: Path, steps: _Steps) -> DataError:
    """Every row was dropped: which rules dropped them, so the user can tell a wrong file from a damaged one."""
    read = steps.records[0]["rows_in"] if steps.records else 0
    dropped = [step for step in steps.records if step["dropped"]]

    why = Joined(
        tuple(
            Phrase.of("build.dropped", count=Number(step["dropped"]), reason=Step(step["reason"])) for step in dropped
        )
    )
    return DataError("build.no_movies", file=path.name, rows=Number(read), why=why)


def _parse_movies(movies: pd.DataFrame, parse_stats: dict[str, ParseStats]) -> pd.DataFrame:
    """The catalog's columns of the selected rows: typed numbers, parsed nested fields."""

    def parse(column: str, field, repeated: bool = False) -> list[list]:
        stats = parse_stats.setdefault(column, ParseStats())
        return parse_column(movies[column], field, stats, repeated=repeated)

    country_codes, countries = _split(parse("production_countries", COUNTRIES, repeated=True))
    language_codes, languages = _split(parse("spoken_languages", LANGUAGES, repeated=True))
    collection = [names[0] if names else None for names in parse("belongs_to_collection", NAMES)]
    budget, revenue = _money(movies["budget"]), _money(movies["revenue"])
    return pd.DataFrame(
        {
            "id": movies["id"].to_numpy(),
            "imdb_id": movies["imdb_id"].str.strip().to_numpy(),
            "title": movies["title"].to_numpy(),
            "original_title": movies["original_title"].str.strip().to_numpy(),
            "original_language": movies["original_language"].str.strip().str.lower().to_numpy(),
            "overview": movies["overview"].to_numpy(),
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
            "genres": parse("genres", NAMES, repeated=True),
            "production_companies": parse("production_companies", NAMES),
            "production_countries": countries,
            "production_country_codes": country_codes,
            "spoken_languages": languages,
            "spoken_language_codes": language_codes,
        }
    )


def _credits(raw: pd.DataFrame, steps: _Steps, parse_stats: dict[str, ParseStats], seen: set[int]) -> pd.DataFrame:
    credits = _valid_ids(raw, steps, "credits", seen)
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
    packages = ("pandas", "numpy", "pyarrow", "scipy", "scikit-learn")
    return {"python": platform.python_version(), **{name: metadata.version(name) for name in packages}}


@dataclass(frozen=True)
class _Clock:
    """Reports each stage of one process as it ends: its name, its rows and the seconds since the last."""

    report: ProgressCallback
    last: list[float]

    @classmethod
    def start(cls, report: ProgressCallback) -> _Clock:
        return cls(report, [time.perf_counter()])

    def lap(self, stage: str, rows: int) -> None:
        now = time.perf_counter()
        self.report(Progress(stage, rows, now - self.last[0]))
        self.last[0] = now

    def restart(self) -> None:
        """Start the next stage now: the time since the last was spent waiting for a helper."""
        self.last[0] = time.perf_counter()


def run(
    raw_dir: Path,
    out_dir: Path,
    helpers: Helpers,
    progress: ProgressCallback | None = None,
    wait: float | None = WAIT_FOR_OTHER_BUILD,
    measure: bool = True,
    stop: Callable[[], None] | None = None,
) -> dict:
    """Build the catalog, its models and word counts from `raw_dir` into `out_dir`; return the manifest.

    Writes beside `out_dir` and swaps the whole folder in only when everything succeeded, so a
    failed or interrupted build leaves the previous catalog untouched. The "text" helper (started by
    `core.build.build`, importing scikit-learn) fits the texts as soon as the movies are known, then the
    recommender, while this process reads the keywords and the credits. With ratings, what they teach
    is learnt once what the build parsed is let go (`learn`); with `measure`, the recommenders are
    measured and the weights served tuned (core.build.evaluate), else the hybrid serves its default
    weights and the manifest says it was not measured. `stop()` is called between the long stages' steps
    and raises to stop the build (what was written goes; the catalog before stays).
    """
    started = time.perf_counter()
    report = _reporter(progress)
    paths = _raw_paths(raw_dir)
    with _no_cycle_collection(), Staging(out_dir, wait) as staging:
        clock = _Clock.start(report)
        manifest = _write_catalog(staging, paths, helpers, clock, report)
        helpers.stop()  # their work is done: their memory goes before what the ratings teach
        give_back_memory()  # and what the parsing held here, cycles included
        if (pair := ratings.find(raw_dir)) is not None:
            learnt = learn(staging.folder, staging.folder, pair, progress, measure, stop)
            manifest["ratings"], manifest["quality"] = learnt
            manifest["measured"] = measure
        return staging.commit(manifest, time.perf_counter() - started)


def measure(
    raw_dir: Path,
    out_dir: Path,
    progress: ProgressCallback | None = None,
    wait: float | None = None,
    stop: Callable[[], None] | None = None,
) -> dict:
    """Measure the recommenders of the catalog built at `out_dir` (built without measuring: a first start's
    quick build) on the ratings of `raw_dir`, and swap in the same catalog with the weights they tuned and
    the figures; its manifest. What the ratings teach is learnt again (the same bytes), measured as it is
    counted; a server serving that catalog keeps its own copy meanwhile. A catalog measured already is left
    as it is. DataError when the ratings are not those the catalog was built from."""
    started = time.perf_counter()
    with build_lock(out_dir, wait):  # what is read is what is swapped out: no build in between
        built = require(out_dir)
        manifest = read_manifest(built)
        if manifest.get("measured") is not False:  # measured meanwhile (a build that measures came first)
            return manifest
        pair = ratings.find(raw_dir)
        facts = {ratings.kinds(path): _file_facts(path) for path in pair or ()}
        if (
            manifest.get("ratings") is None
            or not facts
            or any(manifest["inputs"].get(kind) != fact for kind, fact in facts.items())
        ):
            raise DataError("build.measure_other_ratings", folder=str(raw_dir))
        with _no_cycle_collection(), Staging(out_dir, wait) as staging:
            staging.adopt(built, but=(MANIFEST_FILE, HYBRID_FILE, *LEARNT_FILES))
            manifest["ratings"], manifest["quality"] = learn(staging.folder, staging.folder, pair, progress, True, stop)
            manifest["measured"] = True
            return staging.commit(manifest, manifest["build_seconds"] + time.perf_counter() - started)


def _write_catalog(staging: Staging, paths: dict, helpers: Helpers, clock: _Clock, report) -> dict:
    """Read, clean, join and fit; write the catalog, the models, the word counts and the ratings matrix
    into `staging`; the manifest (its quality to come)."""
    helper = helpers["text"]
    raw_movies = read_raw(paths["movies"], "movies")
    clock.lap(f"read: {paths['movies'].name}", len(raw_movies))
    steps, parse_stats = _Steps(), {}
    selected = _select_movies(raw_movies, steps)
    del raw_movies
    if selected.empty:
        raise _no_movies(paths["movies"], steps)
    texts_job = helper.submit(timed, training.fit_texts, selected["overview"].tolist())
    movies = _parse_movies(selected, parse_stats)
    del selected
    clock.lap("clean and parse movies", len(movies))
    # While the text helper fits the overviews: the keywords, the credits (the longest file, read in
    # chunks, which a helper of their own would hold in memory beside this process's) and the digests.
    keywords_steps, keywords_stats, keywords = _Steps(), {}, None
    if paths["keywords"] is not None:
        keywords = _keywords(read_raw(paths["keywords"], "keywords"), keywords_steps, keywords_stats)
        clock.lap(f"read and parse: {paths['keywords'].name}", len(keywords))
    credits = _read_credits(paths["credits"])
    inputs = {kind: _file_facts(path) for kind, path in paths.items() if path is not None}
    for stage in credits.stages:
        report(stage)
    # The manifest lists steps and fields in file order: movies, credits, keywords.
    steps.records += credits.steps + keywords_steps.records
    parse_stats |= credits.parse_stats | keywords_stats
    clock.restart()
    movies = _join_lists(_join_lists(movies, credits.credits, ("cast", "directors")), keywords, ("keywords",))
    del credits, keywords
    clock.lap("join credits and keywords", len(movies))
    names = training.name_blocks(movies)
    texts, seconds = texts_job.result()
    report(Progress("fit the overviews' TF-IDF and count their words", len(movies), seconds))
    model_job = helper.submit(timed, training.fit_recommender, names, texts.overview)
    sources = {"title": movies["title"].tolist(), "keywords": [" ".join(words) for words in movies["keywords"]]}
    counts_job = helper.submit(timed, training.count_words_of, sources)
    clock.restart()
    staging.catalog(movies)  # while the text helper fits the recommender and counts the other texts' words
    clock.lap("write catalog", len(movies))
    (features, vectorizers, blocks), seconds = model_job.result()
    report(Progress("fit recommender", len(movies), seconds))
    counted, seconds = counts_job.result()
    report(Progress("count the titles' and keywords' words", len(movies), seconds))
    clock.restart()
    counted = texts.counted | counted
    staging.recommender(features, movies["id"].to_numpy(), training.WEIGHTS, blocks)
    staging.vectorizers({"overview": texts.overview_vectorizer, **vectorizers}, counted.describing)
    staging.word_counts(counted.counts)
    clock.lap("write models", len(movies))
    return {
        "inputs": inputs,
        "steps": steps.records,
        "nested_fields": {column: stats.as_dict() for column, stats in parse_stats.items()},
        "movies": len(movies),
        "credited_movies": int((movies["directors"].map(len) > 0).sum()),
        "years": [int(movies["release_year"].min()), int(movies["release_year"].max())] if len(movies) else [],
        "versions": _versions(),
        "ratings": None,
        "quality": None,
        "measured": False,
    }


def learn(
    built: Path,
    into: Path,
    pair: tuple[Path, Path],
    report: ProgressCallback | None = None,
    measure: bool = True,
    stop: Callable[[], None] | None = None,
) -> tuple[dict, dict | None]:
    """What the ratings teach, from the ratings and links files of `pair`, for the catalog written at
    `built`: who rated each movie and each movie's co-liked candidates, written into `into`
    (core.learnt), with the hybrid's weights: with `measure`, the recommenders are measured as the
    co-likes are counted (core.build.evaluate) and the weights are those they tuned, else the defaults.
    What was read, and the figures (None when not measured: not asked, or too few people).

    The ratings are streamed (core.build.ratings) and what each stage needs goes before the next one's
    comes: the ratings themselves before the co-likes are counted, the counting's before measuring."""
    from core import catalog
    from core.build import evaluate
    from core.learnt import Ratings
    from core.recommender import Weights, load_model

    clock = _Clock.start(_reporter(report))
    # The rows, their collections (whose siblings lead the lists), and whose lists are judged.
    ids = catalog.written_movies(built, columns=["id", "vote_count", "collection"])
    kin = Kin.of(pd.factorize(ids["collection"])[0])
    rated = ratings.read_ratings(*pair, ids["id"].to_numpy(), report=clock.report, stop=stop)
    give_back_memory()  # what reading held, chunk by chunk
    clock.lap(f"read: {pair[0].name}", rated.read["ratings"])
    Ratings.of(rated.starts, rated.rows, rated.twice, rated.movies).save(into)
    measuring = None
    if measure:
        try:
            measuring = evaluate.Measuring(rated, into)
            measuring.judging(ids, kin)
        except DataError as nobody:  # ratings of a few people: the catalog is built, unmeasured
            logger.info("recommenders not measured: %s", nobody)
    likes, read = Likes.of(rated), rated.read
    del rated, ids
    give_back_memory()
    colikes = fit_colikes(likes, into, clock.report, stop, measuring.take if measuring else None, kin=kin)
    clock.lap("learn the co-likes from the ratings", likes.movies)
    del likes
    give_back_memory()
    if measuring is None:
        (Path(into) / HYBRID_FILE).write_text(json.dumps(asdict(Weights())), encoding="utf-8")
        return read, None
    movies = catalog.written_movies(built, skip=catalog.DISPLAY_ONLY + catalog.LOOKUP_ONLY)
    quality = measuring.figures(load_model(built), movies, colikes, stop)
    quality["from"] = {"file": pair[0].name, "people": read["people"], "ratings": read["ratings"]}
    clock.lap("tune and measure the recommenders on the ratings", quality["people"])
    (Path(into) / HYBRID_FILE).write_text(json.dumps(quality["weights"]), encoding="utf-8")
    return read, quality


@contextlib.contextmanager
def _no_cycle_collection():
    """No cyclic garbage collection while building: the parsed names and words are millions of small
    lists, none in a cycle, which each collection would walk again (about 0.6 s of the build's CPU)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _reporter(progress: ProgressCallback | None) -> ProgressCallback:
    """Log each stage, and hand it to whoever shows progress."""

    def report(stage: Progress) -> None:
        logger.info("%s: %s rows in %.1f s", stage.stage, f"{stage.rows:,}", stage.seconds)
        if progress is not None:
            progress(stage)

    return report


def _raw_paths(raw_dir: Path) -> dict[str, Path | None]:
    paths = {kind: find_raw_file(raw_dir, kind) for kind in RAW_NAMES}
    for kind in ("movies", "credits"):
        if paths[kind] is None:
            raise DataError("raw.missing_file", folder=str(raw_dir), names=" or ".join(RAW_NAMES[kind]))
    return paths


@dataclass(frozen=True)
class _Credits:
    """The credits, parsed, with what the manifest says of them and how long each stage took."""

    credits: pd.DataFrame
    steps: list[dict]
    parse_stats: dict[str, ParseStats]
    stages: list[Progress]


def _read_credits(path: Path) -> _Credits:
    """Read, check and parse the credits, CREDITS_CHUNK rows at a time: what a chunk keeps (its movies'
    first billed names and directors) is small, and its raw text goes before the next is read."""
    steps, parse_stats, stages, seen = _Steps(), {}, [], set()
    clock = _Clock.start(stages.append)
    parsed = [_credits(raw, steps, parse_stats, seen) for raw in read_raw_chunks(path, "credits", CREDITS_CHUNK)]
    credits = pd.concat(parsed, ignore_index=True) if parsed else pd.DataFrame(columns=["id", "cast", "directors"])
    summed = steps.summed()
    clock.lap(f"read and parse: {path.name}", summed[0]["rows_in"] if summed else 0)
    return _Credits(credits, summed, parse_stats, stages)
