"""The build panel: the catalog built from the embedded sample at the first start, the full dataset
fetched (a button, or FILMOTECA_AUTO_FETCH) or uploaded and built, each with its progress in sight."""

from __future__ import annotations

import contextlib
import logging
import threading
from pathlib import Path
from urllib.parse import urlsplit

import streamlit as st

from core.service import (
    KAGGLE_PAGE,
    DataError,
    Phrase,
    auto_fetch,
    build_unless_built,
    build_uploads,
    built,
    catalog_folder,
    default_ratings,
    download_choices,
    fetch_and_build,
    fetch_folder,
    is_sample,
    measure_later,
    measuring,
    progress,
    raw_folder,
    read_manifest,
)
from pages.links import said, t
from pages.resources import drop_the_catalog
from pages.widgets import escape

logger = logging.getLogger(__name__)
# How long a page waits for a build another process is writing into the catalog folder.
WAIT_FOR_A_BUILD = 300.0
# The largest file one may upload, in MB: the real credits.csv is 190 MB plain, 45 MB gzipped.
MAX_UPLOAD_MB = 250
FETCH_FAILED = "fetch_failed_message"


def build_or_set_up(folder: Path) -> None:
    """A catalog at `folder`: fetched and built with FILMOTECA_AUTO_FETCH, else built from the default raw
    folder (the embedded sample on a fresh clone); the setup panel (and nothing else) when neither can."""
    if auto_fetch():
        auto_fetch_failure()
    if not built(folder) and str(folder) not in _FAILED:
        _first_build(folder)
    if not built(folder):
        setup_panel(folder)
        st.stop()


_FIRST_BUILD = threading.Lock()  # one session builds; the others wait for its catalog
_FAILED: dict[str, DataError] = {}  # the first build's failure, by folder: not tried again by this process


def _first_build(folder: Path) -> None:
    """Build the default raw folder (the sample on a fresh clone) once, its steps in sight, without
    measuring the recommenders (most of the sample's build): the first page waits for the movies, not for
    the figures. Then the recommenders are measured in the background, and that catalog swapped in."""
    with _FIRST_BUILD:
        if built(folder) or str(folder) in _FAILED:
            return
        with st.status(t("first_build"), expanded=True) as status:
            try:
                with logged(f"building the catalog from {raw_folder()} into {folder}"):
                    manifest = build_unless_built(
                        folder, WAIT_FOR_A_BUILD, lambda step: st.write(escape(step.said(said())))
                    )
            except DataError as error:
                _FAILED[str(folder)] = error
                status.update(label=t("build_failed"), state="error")
                st.error(escape(error.phrase.said(said())))
                return
            if manifest is not None:
                status.update(label=t("first_build_done", movies=said().movies(manifest["movies"])), state="complete")
    if manifest is not None:
        measure_if_owed(folder)


def measure_if_owed(folder: Path) -> None:
    """Measure the recommenders of the catalog at `folder` in the background when its build did not (a first
    start's quick build, or a measuring that a kill or a stop cut short): once for each catalog built."""
    if built(folder) and measuring(manifest := read_manifest(folder)):
        _measure_once(str(Path(folder).resolve()), manifest["built_at"])


@st.cache_resource(show_spinner=False)
def _measure_once(folder: str, built_at: str) -> bool:
    logger.info("measuring the recommenders on the ratings into %s: started", folder)
    measure_later(Path(folder), _measured)
    return True


def _measured(failure: Exception | None) -> None:
    if failure is None:
        logger.info("measuring the recommenders on the ratings: done")
    else:
        logger.warning("measuring the recommenders on the ratings: failed: %s", failure)


def auto_fetch_failure() -> Phrase | None:
    """With FILMOTECA_AUTO_FETCH=1: fetch and build the full dataset once, when only the sample is there;
    what failed, or None."""
    folder = catalog_folder()
    if built(folder) and not is_sample(read_manifest(folder)):
        return None
    with st.spinner(t("auto_fetching")):
        return _auto_fetch(str(folder))


@st.cache_resource(show_spinner=False)
def _auto_fetch(folder: str) -> Phrase | None:
    """Fetch and build once per process; what failed, or None."""
    try:
        with logged(f"fetching the full dataset into {fetch_folder()} and building it into {folder} (auto fetch)"):
            fetch_and_build(Path(folder))
    except DataError as error:
        return error.phrase
    return None


@contextlib.contextmanager
def logged(what: str):
    """Log a build or a fetch the app starts: when it starts, ends, or fails and why."""
    logger.info("%s: started", what)
    try:
        yield
    except DataError as error:
        logger.warning("%s: failed: %s", what, error)
        raise
    except Exception:
        logger.exception("%s: failed", what)
        raise
    logger.info("%s: done", what)


def fetch_full_dataset(ratings: str) -> None:
    """Download and build the full dataset on the server (`ratings`: every rating, "full", or the small ones),
    showing each step; other sessions keep the old one."""
    folder = catalog_folder()
    drop_the_catalog()  # the sample's: the build needs the room, and every session reloads it from the new one
    with st.status(t("fetching"), expanded=True) as status:
        try:
            with logged(
                f"fetching the full dataset into {fetch_folder()} ({ratings} ratings) and building it into {folder}"
            ):
                report = lambda line: st.write(escape(line.said(said())))  # noqa: E731
                rebuilt = fetch_and_build(folder, report=report, ratings=ratings)
        except DataError as error:
            status.update(label=t("fetch_failed"), state="error")
            st.session_state[FETCH_FAILED] = error.phrase
            return
        movies = said().number(rebuilt["movies"])
        status.update(label=f"{t('built_ok')}: {movies} {t('movies').lower()}", state="complete")
    st.session_state.pop(FETCH_FAILED, None)
    st.cache_resource.clear()
    st.rerun()


def download_button() -> None:
    """The full dataset's download: which ratings (all 26 million, or the small ones) and what each
    fetches and takes, then the button."""
    choices = download_choices()
    ratings = st.radio(
        t("download_ratings"),
        list(choices),
        index=list(choices).index(default_ratings()),
        format_func=lambda choice: t(f"download_ratings.{choice}", megabytes=said().number(choices[choice])),
        horizontal=True,
    )
    if st.button(t("fetch_full"), help=t(f"fetch_help.{ratings}"), icon=":material/download:"):
        fetch_full_dataset(ratings)


def setup_panel(folder: Path) -> None:
    """Where to get the Kaggle files, and an uploader that builds the catalog from them."""
    st.header(t("setup_title"))
    if (failure := _FAILED.get(str(folder))) is not None:
        st.warning(escape(failure.phrase.said(said())))
    st.markdown(t("setup_intro"))
    if on_this_machine():
        st.caption(t("setup_local"))
    uploader(folder)


def fallback(failure: Phrase, folder: Path) -> None:
    """A failed download, said in the interface's language, with the page to get the files by hand and the
    uploader that builds them, right here."""
    why = failure.said(said())
    st.error(escape(why[:1].upper() + why[1:]))  # the reason opens the sentence
    st.link_button(t("kaggle_page"), KAGGLE_PAGE, icon=":material/open_in_new:")
    if on_this_machine():
        st.caption(t("fetch_fallback_local"))
    st.caption(t("fetch_fallback"))
    uploader(folder)


def on_this_machine() -> bool:
    """Whether the visitor's browser runs where the app does (a local run, a shell at hand), not on a server."""
    return urlsplit(st.context.url or "").hostname in {"localhost", "127.0.0.1", "::1"}


def uploader(folder: Path) -> None:
    """Upload the Kaggle files and build the catalog from them, with progress; a failure says why, in sight."""
    uploads = st.file_uploader(
        t("upload"), type=["csv", "gz", "zip"], accept_multiple_files=True, max_upload_size=MAX_UPLOAD_MB
    )
    if not st.button(t("build"), type="primary", disabled=not uploads):
        return
    failure = None
    with st.status(t("building"), expanded=True) as status:
        try:
            manifest = build_from_uploads(uploads, folder, lambda step: st.write(escape(progress(step).said(said()))))
        except DataError as error:
            status.update(label=t("build_failed"), state="error", expanded=True)
            failure = error
        else:
            movies = said().number(manifest["movies"])
            status.update(label=f"{t('built_ok')}: {movies} {t('movies').lower()}", state="complete")
    if failure is not None:
        st.error(f"{t('build_failed')}: {escape(failure.phrase.said(said()))}")
        return
    st.cache_resource.clear()
    st.rerun()


def build_from_uploads(uploads, folder: Path, progress) -> dict:
    """Build from the uploaded files, saved under their own names beside the catalog (not in /tmp: removed
    on every way out, and by the next upload if a kill left them); the manifest."""
    names = ", ".join(Path(upload.name).name for upload in uploads)
    with logged(f"building the catalog from the uploaded {names}"):
        return build_uploads({upload.name: upload.getbuffer() for upload in uploads}, folder, progress)
