"""The one door into the core: a Service answers typed requests (core.requests) with results (data),
the same for the command line, the API and the pages; `as_json` is the JSON the command line and the
API share, `said` the text the command line prints, both through the words catalogue.

Light to import (the app's first page draws from the manifest before pandas is loaded): what answering
needs is imported and loaded when first asked, and the build's side only when something is built.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from core import config, limits, lists, logs, schema
from core.errors import BadRequest, DataError, FilmotecaError, NotFound, Stopped
from core.i18n import DEFAULT_LANGUAGE, LANGUAGES, Words, catalog_source, course, dropped_rows, is_sample, words
from core.limits import MODES
from core.phrases import Genre, Named, Phrase, progress
from core.requests import (
    CHARTS,
    LONG_TAILED,
    MAX_LIKED,
    NUMERIC,
    TOP_COLUMNS,
    TOP_NAMES,
    WORD_SOURCES,
    ChartRequest,
    DescribeRequest,
    Filters,
    QueryRequest,
    RecommendRequest,
    TopRequest,
    asks,
    help_of,
    ids_from,
)

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from core.catalog import Catalog
    from core.describe import Described, Describer
    from core.details import MovieDetails
    from core.eda import Chart
    from core.ranking import Top
    from core.recommender import Recommendation, Recommender
    from core.search import Candidate, SearchResult, TitleSearch
    from core.wordcounts import WordCounts

__all__ = [  # what the doors use, from this module alone
    "CHARTS", "DEFAULT_LANGUAGE", "LANGUAGES", "LONG_TAILED", "MAX_LIKED", "MODES", "NUMERIC", "TOP_COLUMNS", "TOP_NAMES",
    "WORD_SOURCES", "BadRequest", "ChartRequest", "DataError", "DescribeRequest", "Filters", "FilmotecaError",
    "NotFound", "QueryRequest", "RecommendRequest", "Service", "TopRequest", "Words", "asks", "catalog_source",
    "dropped_rows", "help_of", "ids_from", "is_sample", "limits", "lists", "logs", "progress", "words",
]  # fmt: skip


@dataclass(frozen=True)
class Recommended:
    """A list of recommendations: the liked movies as understood, the list, and why it is empty (a
    catalogue key) when it is."""

    request: RecommendRequest
    liked: tuple[Candidate, ...]
    items: tuple[Recommendation, ...]
    why_none: str | None

    def heading(self) -> Phrase:
        """What the list is ('Películas parecidas a Toy Story (1995)'), or why it holds nothing."""
        liked = " + ".join(movie.etiqueta for movie in self.liked)
        return Phrase.of(self.why_none or f"list_{self.request.modo}", liked=liked)


@dataclass(frozen=True)
class Quality:
    """The recommender's measured quality, said in one language: what is measured, and a table whose
    hit-rate columns (`bars`) a page draws as bars, from 0 to `scale` (the highest of them)."""

    explained: str
    table: object  # a pandas DataFrame
    bars: tuple[str, ...]
    scale: float


@dataclass(frozen=True)
class DescribedMovies:
    """The movies that fit a description, best first."""

    request: DescribeRequest
    movies: tuple[Described, ...]


class Service:
    """One built catalog answering every question; each part (the catalog, the title search, the
    recommender, the describer) loaded once, when first needed, and only read afterwards."""

    def __init__(self, folder: Path, warm: bool = False, display: bool = False):
        self.folder = schema.require(folder)  # one build's folder for every file, whatever is swapped in meanwhile
        self.etag = build_etag(self.folder)
        self._warm, self._display = warm, display
        self._word_counts: dict[str, WordCounts] = {}
        if warm:  # a server's start: everything now, not at the first question
            self.warm()

    @classmethod
    def load(cls, folder: Path, warm: bool = False, display: bool = False) -> Service:
        """The service over the catalog built at `folder`; `warm` loads every part now; `display` keeps
        the columns only the pages show (a movie's overview, its poster)."""
        return cls(folder, warm, display)

    def warm(self) -> None:
        """Load the catalog, the title search and the recommender now."""
        self.search, self.recommender  # noqa: B018

    @cached_property
    def catalog(self) -> Catalog:
        from core import catalog

        if self._display:
            loaded = catalog.load(self.folder, skip=catalog.PAGES_SKIP)
            return loaded if not self._warm else _warmed(loaded)
        return (
            catalog.load_for_answering(self.folder)
            if self._warm
            else catalog.load(self.folder, skip=catalog.DISPLAY_ONLY)
        )

    @cached_property
    def search(self) -> TitleSearch:
        from core.search import TitleSearch

        return TitleSearch(self.catalog)

    @cached_property
    def recommender(self) -> Recommender:
        from core import recommender

        return recommender.load(self.folder, self.catalog.movies)

    @cached_property
    def describer(self) -> Describer:
        from core.describe import Describer  # scikit-learn's analyzer: only when a description is asked

        return Describer.load(self.folder, self.catalog.movies)

    @property
    def manifest(self) -> dict:
        return self.catalog.manifest

    # The questions.

    def query(self, request: QueryRequest):
        """One of the course queries; NotFound (with suggestions) when the name is unknown."""
        from core.queries import QUERIES

        if request.function not in QUERIES:
            raise BadRequest("ask.not_one_of", name="function", value=request.function, choices=", ".join(QUERIES))
        return QUERIES[request.function](self.catalog, request.argument)

    def recommend(self, request: RecommendRequest) -> Recommended:
        """The request's list for the liked movies (titles, typos forgiven, or ids); NotFound for a
        title or id not found, or naming the filter that left nothing to recommend."""
        liked = self._liked(request)
        rows = [movie.row for movie in liked]
        filtered = allowed = _allowed(self.catalog, rows, request)
        if excluded := [
            self.recommender.rows[movie_id] for movie_id in request.excluir if movie_id in self.recommender.rows
        ]:
            import numpy as np

            allowed = np.ones(len(self.recommender.rows), dtype=bool) if allowed is None else allowed.copy()
            allowed[excluded] = False
        found = self.recommender.recommend(
            rows, request.k, request.modo, allowed, popularity=request.popularidad, diverse=request.diversas
        )
        why = None if found else self.recommender.why_none(rows, request.modo)
        if why == "none_left" and excluded and self.recommender.recommend(rows, 1, request.modo, filtered):
            why = "none_left_seen"  # the list has movies, and the lists (excluir) left every one out
        elif why == "none_left" and filtered is not None:
            why = "none_left_filters"
        return Recommended(request, tuple(liked), tuple(found), why)

    def _liked(self, request: RecommendRequest) -> list[Candidate]:
        if request.ids:
            if unknown := [movie_id for movie_id in request.ids if movie_id not in self.recommender.rows]:
                raise NotFound(
                    "recommend.no_movie_id", suggestions=self.search.most_voted(), ids=", ".join(map(str, unknown))
                )
            return [self.search.candidate(self.recommender.rows[movie_id]) for movie_id in request.ids]
        chosen = (self.search.search(title).chosen() for title in request.titles)
        return list({movie.row: movie for movie in chosen}.values())

    def top(self, request: TopRequest) -> Top:
        """The best rated by IMDb's weighted rating; NotFound for an unknown genre or empty years."""
        from core import ranking

        return ranking.top(
            self.catalog, request.genero, request.desde, request.hasta, request.n, request.excluir, request.diversas
        )

    def describe(self, request: DescribeRequest) -> DescribedMovies:
        """The movies whose overview, keywords and title best match a description; NotFound when no
        word of it is known."""
        return DescribedMovies(request, tuple(self.describer.describe(request.texto, request.k)))

    def health(self) -> dict:
        return {"status": "ok", "peliculas": len(self.catalog.movies), "catalogo": self.manifest["built_at"]}

    # What the pages show besides the answers.

    def find(self, text: str) -> SearchResult:
        """What the search box names: the movies that fit, best first; NotFound with suggestions."""
        return self.search.search(text)

    def card(self, movie_id: int) -> MovieDetails:
        """Everything about one movie; NotFound for an id the catalog does not have."""
        from core.details import details

        return details(self.catalog, movie_id)

    def cards(self, ids: list[int] | tuple[int, ...]) -> list[MovieDetails]:
        """The cards of the movies of `ids` the catalog has, in that order."""
        return [self.card(movie_id) for movie_id in ids if movie_id in self.recommender.rows]

    def candidate(self, movie_id: int) -> Candidate:
        return self.search.candidate(self.recommender.rows[movie_id])

    def knows(self, movie_id: int) -> bool:
        return movie_id in self.recommender.rows

    def years(self) -> tuple[int, int]:
        released = self.catalog.movies["release_year"]
        return int(released.min()), int(released.max())

    def most_votes(self) -> int:
        return int(self.catalog.movies["vote_count"].max())

    def genres(self) -> list[str]:
        """The catalog's genres (TMDB's names), most movies first."""
        return list(self.catalog.lookups.genres.displays)

    def genre(self, name: str) -> str | None:
        """The one genre a name (Animación, animation) names, or None."""
        found = self.catalog.lookups.genres.candidates(name or "")
        return found[0] if len(found) == 1 else None

    def languages(self, language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
        """The catalog's original languages, code → name in `language`, most movies first."""
        index = self.catalog.lookups.languages
        return {code: index.named(code, language) for code in index.displays}

    def language_code(self, name: str) -> str | None:
        """The one language a name (inglés, en) names, or None."""
        found = self.catalog.lookups.languages.candidates(name or "")
        return found[0] if len(found) == 1 else None

    def query_names(self, function: str, language: str = DEFAULT_LANGUAGE) -> list[str]:
        """The names a course query knows, as the interface says them, most movies first."""
        return course_queries()[function].known_names(self.catalog, language)

    def chart(self, request: ChartRequest, language: str = DEFAULT_LANGUAGE) -> Chart:
        """One of Exploración's charts over the movies the request's filters select, in `language`."""
        from core import eda

        selected, options = eda.select(self.catalog.movies, request.filters), dict(request.options)
        if request.chart == "top_words":
            source = options.pop("source")
            return eda.top_words(selected, self.word_counts(source), source, **options, language=language)
        return getattr(eda, request.chart)(selected, **options, language=language)

    def explored(self, filters: Filters, language: str = DEFAULT_LANGUAGE) -> str:
        """What the filters select, in a line: '3 películas · años 1990–2000 · …'."""
        from core import eda

        return eda.describe(filters, len(eda.select(self.catalog.movies, filters)), language)

    def word_counts(self, source: str) -> WordCounts:
        """How often each word appears in each movie's texts of `source` (counted by the build), loaded once."""
        from core import wordcounts

        if source not in self._word_counts:
            self._word_counts[source] = wordcounts.load(self.folder, source)
        return self._word_counts[source]

    def quality(self, language: str = DEFAULT_LANGUAGE) -> Quality | None:
        """How well the two lists find what people went on to like, and how alike they are to the movie
        (measured by the build); None when the build had no ratings to measure with."""
        from core import quality

        if not (figures := self.manifest.get("quality")):
            return None
        table, bars = quality.quality_table(figures, language), quality.hit_rate_columns(language)
        scale = float(table[bars].max().max()) or 1.0
        return Quality(quality.explained(figures, language), table, tuple(bars), scale)

    def loaded(self) -> tuple[str, ...]:
        """The parts loaded so far (catalog, search, recommender, describer, word counts)."""
        parts = [name for name in ("catalog", "search", "recommender", "describer") if name in self.__dict__]
        return (*parts, *self._word_counts)

    def list_table(self, ids: list[int] | tuple[int, ...]):
        """A list's movies that the catalog has, in order: id, titulo, anio, nota, votos."""
        return lists.table(self.catalog, ids)

    def list_csv(self, ids: list[int] | tuple[int, ...]) -> str:
        return lists.as_csv(self.catalog, ids)

    def read_list(self, data: bytes) -> lists.Imported:
        """The movies a CSV names (ids, or titles it is sure of); NotFound for bytes that are no CSV."""
        return lists.read_csv(data, self.catalog, self.search)


def table(result):
    """A course query's movies as a table (empty for a query that lists none)."""
    from core import queries

    return queries.as_table(result)


def answer_types() -> dict[str, type]:
    """The data classes answers hold, by name, for a door that describes them (the API's schema)."""
    from core.ranking import RankedMovie

    return {"RankedMovie": RankedMovie}


def course_queries() -> dict:
    """The course queries' records (core.queries.QUERIES): their functions, labels and examples."""
    from core.queries import QUERIES

    return QUERIES


def csv(table) -> str:
    """A table as a CSV to download, what a spreadsheet would run neutralised (core.csvsafe)."""
    from core import csvsafe

    return csvsafe.written(table)


def _warmed(loaded: Catalog) -> Catalog:
    loaded.lookups.warm()
    return loaded


def _allowed(catalog: Catalog, liked: list[int], request: RecommendRequest):
    """A mask of the movies the request's filters leave (None: no filter); NotFound naming the filter
    that left none. Filters apply in order (years, genre, language); the liked movies never count."""
    import numpy as np

    from core.catalog import english_language, rows_mask

    lookups, years = catalog.lookups, catalog.movies["release_year"].to_numpy()
    narrowing = []  # (the filter, as words say it, and the movies it leaves)
    if request.desde is not None:
        narrowing.append((Phrase.of("filter.since", year=request.desde), years >= request.desde))
    if request.hasta is not None:
        narrowing.append((Phrase.of("filter.until", year=request.hasta), years <= request.hasta))
    if request.genero not in (None, ""):
        genre = lookups.genres.resolve(request.genero)
        in_genre = rows_mask(len(years), lookups.genre_rows[genre])
        narrowing.append((Phrase.of("filter.genre", genre=Genre(genre)), in_genre))
    if request.idioma not in (None, ""):
        code = lookups.languages.resolve(request.idioma)
        named = Named.of(es=lookups.languages.displays[code], en=english_language(code))
        in_language = rows_mask(len(years), lookups.language_rows.get(code, []))
        narrowing.append((Phrase.of("filter.language", language=named), in_language))
    if not narrowing:
        return None
    allowed = np.ones(len(years), dtype=bool)
    allowed[liked] = False
    for said, mask in narrowing:
        allowed &= mask
        if not allowed.any():
            raise NotFound("recommend.filter_leaves_none", filter=said)
    return allowed


# The one JSON of every answer, for the command line and the API alike (the course's keys, in Spanish).


def as_json(result) -> dict:
    """A result as the course's JSON."""
    from core import queries, ranking

    if isinstance(result, Recommended):
        request, liked = result.request, [{"id": m.id, "titulo": m.titulo, "anio": m.anio} for m in result.liked]
        several = request.ids or len(request.titles) > 1
        payload = {"consulta": list(request.ids) or (list(request.titles) if several else request.titles[0])}
        payload |= {"peliculas": liked} if several else {"pelicula": liked[0]}
        recommendations = [item.as_json() for item in result.items]
        return payload | {
            "modo": request.modo,
            "recomendaciones": recommendations,
            "mensaje": result.heading().said(course()),
        }
    if isinstance(result, DescribedMovies):
        return {"consulta": result.request.texto, "peliculas": [movie.as_json() for movie in result.movies]}
    if isinstance(result, NotFound):
        return {"error": result.phrase.said(course()), "sugerencias": result.suggestions}
    if isinstance(result, dict):
        return result
    if hasattr(result, "peliculas") and hasattr(result, "m"):
        return ranking.as_json(result)
    return queries.as_json(result)


def said(result, words: Words) -> str:
    """A result as the command line prints it, in the words' language."""
    if isinstance(result, Recommended):
        lines = [
            words(
                "cli.recommendation",
                title=item.titulo,
                year=item.anio,
                score=f"{item.puntaje:.2f}",
                reason=item.reason.said(words),
            )
            for item in result.items
        ]
        heading = result.heading().said(words)
        return "\n".join([words("cli.heading", said=heading) if lines else heading, *lines])
    if isinstance(result, DescribedMovies):
        lines = [
            words("cli.described", title=m.titulo, year=m.anio, score=f"{m.puntaje:.2f}", words=", ".join(m.words))
            for m in result.movies
        ]
        return "\n".join([words("cli.heading", said=words("describe.said", text=result.request.texto)), *lines])
    if isinstance(result, NotFound):
        offered = result.offered(words.language)
        return "\n".join(
            [result.say(words.language)] + [words("error.did_you_mean", names=", ".join(offered))] * bool(offered)
        )
    if hasattr(result, "peliculas") and hasattr(result, "m"):
        lines = [
            words(
                "cli.top_line",
                place=f"{place:>3}",
                title=movie.titulo,
                year=movie.anio,
                score=f"{movie.puntaje:.2f}",
                rating=f"{movie.nota:.1f}",
                votes=words.number(movie.votos),
            )
            for place, movie in enumerate(result.peliculas, start=1)
        ]
        return "\n".join([result.said(words), *lines])
    return result.said(words)


def dumps(payload: dict) -> str:
    """The one JSON form of an answer, for the command line and the API alike."""
    return json.dumps(payload, ensure_ascii=False)


def build_etag(folder: Path) -> str:
    """An entity tag that changes with every build: a digest of the catalog's manifest."""
    return '"' + hashlib.sha256((Path(folder) / schema.MANIFEST_FILE).read_bytes()).hexdigest()[:20] + '"'


# The catalog on disk, and the builds and fetches the app starts (the build's side: imported only then).


def give_back_memory() -> None:
    """What this process freed, back to the system (core.config.give_back_memory)."""
    config.give_back_memory()


def _given_back(function: Callable) -> Callable:
    """`function`, after which the memory it freed goes back to the system (`give_back_memory`)."""

    @functools.wraps(function)
    def giving_back(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        finally:
            give_back_memory()

    return giving_back


def catalog_folder() -> Path:
    """Where the built catalog lives (FILMOTECA_CATALOG_DIR, or data/catalog)."""
    return config.catalog_dir()


def built(folder: Path) -> bool:
    return schema.exists(folder)


def read_manifest(folder: Path) -> dict:
    """The manifest of the catalog built at `folder`: what the first page shows, without loading the catalog."""
    return schema.read_manifest(folder)


def manifest_stamp(folder: Path) -> float:
    """Changes whenever the catalog is rebuilt, so that what is cached by it refreshes."""
    return (Path(folder) / schema.MANIFEST_FILE).stat().st_mtime


def auto_fetch() -> bool:
    """Whether the app fetches and builds the full dataset at its first start (FILMOTECA_AUTO_FETCH)."""
    return config.auto_fetch()


@_given_back
def build_unless_built(folder: Path, wait: float, report: Callable[[Phrase], None] | None = None) -> dict | None:
    """Build from the default raw folder (the embedded sample on a fresh clone) unless a build another
    process is writing leaves a catalog there (waiting for it up to `wait` seconds), each stage reported;
    the recommenders are not measured (`measure_later` does it). The manifest, or None when another built it."""
    from core.build import build
    from core.build.writer import build_lock

    with build_lock(Path(folder), wait=wait):
        if schema.exists(Path(folder)):
            return None
        stages = (lambda step: report(progress(step))) if report else None
        return build(config.raw_dir(), Path(folder), progress=stages, measure=False, stop=stop_when_stopping)


# Set when this process is going away (a server's SIGTERM or Ctrl-C): the builds, fetches and measurings it
# runs in its threads stop between their steps, so that it exits within seconds (`stop_when_stopping`).
_STOPPING = threading.Event()


def stop_when_stopping() -> None:
    """Raise Stopped if this process is going away: what long work calls between its steps."""
    if _STOPPING.is_set():
        raise Stopped


def _stop_at_exit() -> None:
    """Stop long work as the interpreter starts to exit, before it waits for the threads still working.

    A server (Streamlit, uvicorn) stops on SIGTERM or Ctrl-C by returning from its main thread; Python then
    calls the functions threading registered to be called at exit (concurrent.futures' own among them,
    which waits for its threads' work), and only then waits for the other threads: `threading`'s own hook
    is the one that comes before that wait (atexit's come after it)."""
    import concurrent.futures.thread  # noqa: F401 — its exit hook registered first, so that ours runs first

    register = getattr(threading, "_register_atexit", None)
    (register or __import__("atexit").register)(_STOPPING.set)


_stop_at_exit()


@functools.cache
def _worker():
    """The one thread that runs the app's long work in the background, one job at a time, in the order
    asked: measuring a catalog, downloading and building the full dataset (they never run at once, so a
    download pressed while a catalog is measured waits for it, seconds, instead of failing)."""
    from concurrent.futures import ThreadPoolExecutor

    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="filmoteca-background")


def measure_later(folder: Path, done: Callable[[Exception | None], None]) -> None:
    """Measure the recommenders of the catalog at `folder` on the default raw folder's ratings, in the
    background (ten seconds on the sample): the same catalog, with the weights tuned and the figures, is
    swapped in when it is done, and `done` told (with what failed, or None)."""

    def measure() -> None:
        from core.build import measure

        _MEASURING.append(folder)
        try:
            _given_back(measure)(config.raw_dir(), Path(folder), wait=None, stop=stop_when_stopping)
        except Exception as error:  # noqa: BLE001 — the catalog served stays; the thread says why, and ends
            done(error)
            return
        finally:
            _MEASURING.remove(folder)
        done(None)

    _worker().submit(measure)


_MEASURING: list[Path] = []  # the catalog being measured now, if one is


def measuring(manifest: dict) -> bool:
    """Whether the catalog has ratings whose measuring is still to come (a first start's quick build)."""
    return manifest.get("ratings") is not None and manifest.get("measured") is False


class _Download:
    """A download and build of the full dataset under way in the background, and the steps it has said so
    far: every session that asks for one while it runs follows this one."""

    def __init__(self) -> None:
        self.steps: list[Phrase] = []
        self.future = None

    def follow(self, report: Callable[[Phrase], None] | None, every: float = 0.25) -> dict:
        """Say each step as it comes (those said before first), until it is done; its manifest, or its error."""
        import time

        said = 0
        while True:
            done = self.future.done()
            for step in self.steps[said:]:
                if report is not None:
                    report(step)
            said = len(self.steps)
            if done:
                return self.future.result()
            time.sleep(every)


_DOWNLOADS: list[_Download] = []  # the one under way, if any
_DOWNLOADING = threading.Lock()


def fetch_and_build(folder: Path, report: Callable[[Phrase], None] | None = None, ratings: str | None = None) -> dict:
    """Download the full dataset into the raw folder and build the catalog from it, in the background, each
    step said to `report` as it comes; the manifest. Its recommenders are measured in the build (before the
    pages load it: measuring beside the loaded full catalog would not fit in 690 MB). A download asked for
    while one runs follows that one (its steps so far first): it is not started twice. `ratings`: "full"
    (every rating) or "small" (FILMOTECA_RATINGS when not given)."""
    with _DOWNLOADING:
        running = next((download for download in _DOWNLOADS if not download.future.done()), None)
        if running is None:
            running = _Download()
            if _MEASURING:  # the job before it: seconds, then this one
                running.steps.append(Phrase.of("fetch.after_measuring"))
            running.future = _worker().submit(_given_back(_download), Path(folder), running, ratings)
            _DOWNLOADS[:] = [running]
        else:
            logger.info("a download of the full dataset is under way: this one follows it")
            if report is not None:
                report(Phrase.of("fetch.joined"))
    return running.follow(report)


def _download(folder: Path, download: _Download, ratings: str | None) -> dict:
    from core.build import fetch

    return fetch.fetch_and_build(
        config.fetch_dir(),
        folder,
        report=download.steps.append,
        wait=None,  # a build another process is writing there: this one waits for it
        ratings=ratings or config.ratings(),
        stop=stop_when_stopping,
    )


@_given_back
def build_uploads(files: dict[str, bytes], folder: Path, progress=None) -> dict:
    """Build the catalog from uploaded raw files (name → bytes), saved beside it while it builds; the manifest."""
    from core.build import build
    from core.build.writer import BuildRunning, staging_folder

    with staging_folder(Path(folder), "uploading") as raw:  # removed on every way out
        for name, data in files.items():
            (raw / Path(name).name).write_bytes(data)
        try:
            return build(raw, Path(folder), progress=progress, wait=0, stop=stop_when_stopping)
        except BuildRunning:  # a download or another upload: said without the server's folder
            raise DataError("build.busy") from None


KAGGLE_PAGE = config.KAGGLE_PAGE  # where the dataset's files are, for a visitor to download them by hand


def download_choices() -> dict[str, int]:
    """What a download may fetch ("full": every rating, "small": the small ones alone), with its MB."""
    return dict(config.DOWNLOAD_MB)


def default_ratings() -> str:
    """The ratings the app's download fetches unless asked otherwise (FILMOTECA_RATINGS, else the small ones)."""
    return config.ratings()


def raw_folder() -> Path:
    return config.raw_dir()


def fetch_folder() -> Path:
    return config.fetch_dir()


def project_root() -> Path:
    return config.PROJECT_ROOT
