"""Download the full Kaggle dataset's raw files into the raw folder: checked first, then moved in.

kagglehub does the downloading. Around it: timeouts on its HTTP session (it sets none, so a server
that accepts and never answers would hang the fetch forever), its own stdout lines silenced (the
progress bars stay, on stderr), a staging folder removed whatever happens, and errors a user can
act on (offline, stalled, refused credentials, a changed dataset).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import logging
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from core import config
from core.build.writer import staging_folder
from core.config import KAGGLE_DATASET, KAGGLE_PAGE
from core.errors import DataError
from core.phrases import Number, Phrase, progress

logger = logging.getLogger(__name__)

# The files the build reads, and a size below which a download is surely not the real file (the real
# ones: 34 MB, 190 MB, 6 MB; the small ratings 2.4 MB and 0.2 MB; the full ratings 710 MB and 1 MB).
FILES = {"movies": "movies_metadata.csv", "credits": "credits.csv", "keywords": "keywords.csv"}
# The ratings the recommender learns from, in pairs (ratings and their links): the small pair always, the
# full one (26 million ratings) unless asked for the small ones alone. A dataset without them still builds,
# so a pair that fails to download or to check is left out, said, and the rest placed.
RATINGS_PAIRS = {
    "small": {"ratings": "ratings_small.csv", "links": "links_small.csv"},
    "full": {"ratings_full": "ratings.csv", "links_full": "links.csv"},
}
RATINGS = ("full", "small")  # what `fetch` may be asked for: every rating, or the small ones alone
MIN_BYTES = {
    "movies": 10_000_000,
    "credits": 50_000_000,
    "keywords": 1_000_000,
    "ratings": 1_000_000,
    "links": 100_000,
    "ratings_full": 100_000_000,
    "links_full": 500_000,
}

# What to do instead, as each door says it: the command line names the folder, the app its uploader.
MANUAL_ROUTE = Phrase.of("fetch.manual", page=KAGGLE_PAGE)
# Seconds to connect, and to wait for the next bytes once connected: a stalled server fails the
# fetch in about a minute (requests otherwise waits forever).
TIMEOUTS = (10, 60)

Download = Callable[[str, Path], Path]


def kagglehub_download(name: str, folder: Path) -> Path:
    """One file of the public dataset into `folder`, with kagglehub: timeouts on, stdout left alone."""
    import kagglehub  # only the fetch needs it

    with _timeouts(TIMEOUTS), _quiet_kagglehub():
        return Path(kagglehub.dataset_download(KAGGLE_DATASET, path=name, output_dir=str(folder), force_download=True))


def fetch(
    out_dir: Path,
    download: Download | None = None,
    report: Callable[[Phrase], None] = lambda _: None,
    ratings: str = "full",
) -> list[Path]:
    """Download, check and move into `out_dir` the raw files and the ratings (`ratings`: "full", every rating
    as well as the small pair; "small", those alone); DataError, with `out_dir` untouched, when a movie file
    fails. A pair of ratings files that fails is left out and said: the rest is placed.

    The files land in a staging folder beside `out_dir`, removed on every way out (a failure, Ctrl-C;
    SIGTERM too where the caller turns it into an exception, as the command line does), and the next
    fetch removes those that a killed one left behind. The plain names are the ones the build looks
    for first, so they win over older `.gz` copies.
    """
    out_dir = Path(out_dir)
    with staging_folder(out_dir, "fetching") as staging:
        download = download or kagglehub_download
        downloaded = {kind: _download_one(download, name, staging, report) for kind, name in FILES.items()}
        for kind, path in downloaded.items():
            check(path, kind)
        names = dict(FILES)
        for choice in ("small", "full") if ratings == "full" else ("small",):
            pair = RATINGS_PAIRS[choice]
            downloaded |= _ratings_pair(download, pair, staging, report)
            names |= pair
        out_dir.mkdir(parents=True, exist_ok=True)
        placed = []
        for kind, path in downloaded.items():
            os.replace(path, out_dir / names[kind])
            placed.append(out_dir / names[kind])
        return placed


def _ratings_pair(
    download: Download, pair: dict[str, str], staging: Path, report: Callable[[Phrase], None]
) -> dict[str, Path]:
    """A pair of ratings files downloaded and checked, or none of them (said) when one fails."""
    got = {}
    for kind, name in pair.items():
        try:
            path = _download_one(download, name, staging, report, optional=True)
            if path is not None:
                check(path, kind)
        except DataError as failed:
            path = None
            logger.warning("%s left out: %s", name, failed)
            report(Phrase.of("fetch.ratings_failed", file=name, why=failed.phrase))
        if path is None:
            for other in got.values():
                other.unlink(missing_ok=True)
            return {}
        got[kind] = path
    return got


def fetch_and_build(
    raw_dir: Path,
    catalog_dir: Path,
    report: Callable[[Phrase], None] = lambda _: None,
    wait: float | None = 0,
    ratings: str = "full",
    stop: Callable[[], None] | None = None,
) -> dict:
    """Fetch the full dataset into `raw_dir`, then build it into `catalog_dir`; the build's manifest. Each
    file downloaded and each stage of the build is reported as a phrase, for the door to say.

    The catalog's build lock is held from the start: a second fetch-and-build (another session pressing
    the same button) is told a build is running, after waiting `wait` seconds.
    """
    from core.build import build
    from core.build.writer import build_lock

    with build_lock(catalog_dir, wait):
        fetch(raw_dir, report=report, ratings=ratings)
        return build(raw_dir, catalog_dir, progress=lambda step: report(progress(step)), stop=stop)


def _download_one(
    download: Download, name: str, staging: Path, report: Callable[[Phrase], None], optional: bool = False
) -> Path | None:
    """One file downloaded into `staging`; None when it is `optional` and Kaggle has no such file."""
    logger.debug("downloading %s", name)
    try:
        path = Path(download(name, staging))
    except Exception as error:  # noqa: BLE001 — any failure of the network or the client means the same to a user
        if optional and getattr(getattr(error, "response", None), "status_code", None) == 404:
            logger.info("%s is not on Kaggle: the catalog is built without it", name)
            report(Phrase.of("fetch.skipped", file=name))
            return None
        raise DataError("fetch.download_failed", file=name, why=_reason(error), manual=MANUAL_ROUTE) from None
    if not path.is_file():
        raise DataError("fetch.sent_nothing", file=name, manual=MANUAL_ROUTE)
    logger.info("downloaded %s: %.1f MB", name, path.stat().st_size / 1e6)
    report(Phrase.of("fetch.downloaded", file=name, megabytes=f"{path.stat().st_size / 1e6:.1f}"))
    return path


def check(path: Path, kind: str) -> None:
    """The file is the raw file of that kind: big enough, and a CSV with the expected header."""
    size = path.stat().st_size
    if size < MIN_BYTES[kind]:
        raise DataError("fetch.too_small", file=path.name, size=Number(size), manual=MANUAL_ROUTE)
    from core.build.raw import missing_columns  # pandas: only once something was downloaded

    try:
        missing = missing_columns(path, kind)
    except ValueError as error:  # pandas' ParserError and UnicodeDecodeError are ValueErrors
        raise DataError("fetch.not_csv", file=path.name, why=str(error)[:200], manual=MANUAL_ROUTE) from None
    if missing:
        raise DataError("fetch.lacks_columns", file=path.name, columns=", ".join(missing), manual=MANUAL_ROUTE)


def _reason(error: Exception) -> Phrase | str:
    """What went wrong, in a few words a user can act on."""
    status = getattr(getattr(error, "response", None), "status_code", None)
    if status in (401, 403):
        return Phrase.of("fetch.why.credentials", status=status, hint=_credentials_hint())
    if status == 429:
        return Phrase.of("fetch.why.rate_limit")
    if status == 404:
        return Phrase.of("fetch.why.moved")
    if status:
        return Phrase.of("fetch.why.status", status=status)
    import requests

    text, (connect, read) = str(error), TIMEOUTS
    if isinstance(error, requests.ConnectTimeout):
        return Phrase.of("fetch.why.connect", seconds=connect)
    # A stall mid-file reaches requests as a connection error saying "Read timed out".
    if isinstance(error, requests.Timeout | TimeoutError) or "Read timed out" in text:
        return Phrase.of("fetch.why.stalled", seconds=read)
    if isinstance(error, OSError):  # requests' connection errors are OSErrors too
        return Phrase.of("fetch.why.offline")
    first = (text.strip().splitlines() or [""])[0][:120]
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


def _credentials_hint() -> Phrase:
    found = config.kaggle_credentials()
    return Phrase.of(
        "fetch.credentials", found=Phrase.of("fetch.credentials_found", names=", ".join(found)) if found else ""
    )


# The timeouts for the HTTP requests of this thread's fetch (kagglehub's session sets none).
_TIMEOUTS: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar("timeouts", default=None)


@contextlib.contextmanager
def _timeouts(timeouts: tuple[float, float]) -> Iterator[None]:
    """Connect and read timeouts for every request `requests` sends from this thread meanwhile.

    kagglehub builds its own `requests.Session` per download and sends without a timeout; the
    session's `send` (requests' public API, which every request and redirect goes through) takes
    these when none is given. Other threads' requests are left as they are.
    """
    import requests

    if not getattr(requests.Session.send, "_with_default_timeouts", False):
        requests.Session.send = _with_default_timeouts(requests.Session.send)
    token = _TIMEOUTS.set(timeouts)
    try:
        yield
    finally:
        _TIMEOUTS.reset(token)


def _with_default_timeouts(send: Callable) -> Callable:
    @functools.wraps(send)
    def sending(session, request, **options):
        if options.get("timeout") is None and (timeouts := _TIMEOUTS.get()) is not None:
            options["timeout"] = timeouts
        return send(session, request, **options)

    sending._with_default_timeouts = True
    return sending


@contextlib.contextmanager
def _quiet_kagglehub() -> Iterator[None]:
    """kagglehub's messages through logging (its warnings shown, its chatter not), and nothing on stdout.

    kagglehub logs to its own stdout handler ("Downloading to …") and prints a few lines itself;
    stdout is for answers. Its progress bars are on stderr and stay.
    """
    library = logging.getLogger("kagglehub")
    handlers, propagate, level = library.handlers[:], library.propagate, library.level
    library.handlers, library.propagate = [], True
    library.setLevel(logging.WARNING)
    try:
        with contextlib.redirect_stdout(sys.stderr):
            yield
    finally:
        library.handlers, library.propagate = handlers, propagate
        library.setLevel(level)
