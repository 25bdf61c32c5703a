"""The build panel: the catalog built from the embedded sample at the first start, the full dataset
fetched (a button, or FILMOTECA_AUTO_FETCH) or uploaded and built, each with its progress in sight."""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

import streamlit as st

from core.service import (
    DataError,
    auto_fetch,
    build_unless_built,
    build_uploads,
    built,
    catalog_folder,
    fetch_and_build,
    fetch_folder,
    is_sample,
    raw_folder,
    read_manifest,
)
from pages.links import said, t
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
    if not built(folder):
        _build_default(str(folder))
    if not built(folder):
        setup_panel(folder)
        st.stop()


@st.cache_resource(show_spinner=False)
def _build_default(folder: str) -> str:
    """Build from the default raw folder once per process (waiting for a build another process is
    writing there, and building only if it left no catalog); what failed, or nothing."""
    what = f"building the catalog from {raw_folder()} into {folder}"
    return _failure(what, lambda: build_unless_built(Path(folder), wait=WAIT_FOR_A_BUILD))


def auto_fetch_failure() -> str:
    """With FILMOTECA_AUTO_FETCH=1: fetch and build the full dataset once, when only the sample is there."""
    folder = catalog_folder()
    if built(folder) and not is_sample(read_manifest(folder)):
        return ""
    with st.spinner(t("auto_fetching")):
        return _auto_fetch(str(folder))


@st.cache_resource(show_spinner=False)
def _auto_fetch(folder: str) -> str:
    """Fetch and build once per process; what failed, or nothing."""
    what = f"fetching the full dataset into {fetch_folder()} and building it into {folder} (auto fetch)"
    return _failure(what, lambda: fetch_and_build(Path(folder)))


def _failure(what: str, action) -> str:
    """What went wrong doing `action` (a bad or missing input), or nothing."""
    try:
        with logged(what):
            action()
    except DataError as error:
        return str(error)
    return ""


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


def fetch_full_dataset() -> None:
    """Download and build the full dataset on the server, showing each step; other sessions keep the old one."""
    folder = catalog_folder()
    with st.status(t("fetching"), expanded=True) as status:
        try:
            with logged(f"fetching the full dataset into {fetch_folder()} and building it into {folder}"):
                rebuilt = fetch_and_build(folder, report=lambda line: st.write(escape(line)))
        except DataError as error:
            status.update(label=t("fetch_failed"), state="error")
            st.session_state[FETCH_FAILED] = str(error)
            return
        movies = said().number(rebuilt["movies"])
        status.update(label=f"{t('built_ok')}: {movies} {t('movies').lower()}", state="complete")
    st.session_state.pop(FETCH_FAILED, None)
    st.cache_resource.clear()
    st.rerun()


def setup_panel(folder: Path) -> None:
    """Where to get the Kaggle files, and an uploader that builds the catalog from them."""
    st.header(t("setup_title"))
    st.markdown(t("setup_intro"))
    uploader(folder)


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
            manifest = build_from_uploads(
                uploads,
                folder,
                lambda p: st.write(escape(f"{p.stage}: {said().number(p.rows)} · {p.seconds:.1f} s")),
            )
        except DataError as error:
            status.update(label=t("build_failed"), state="error", expanded=True)
            failure = error
        else:
            movies = said().number(manifest["movies"])
            status.update(label=f"{t('built_ok')}: {movies} {t('movies').lower()}", state="complete")
    if failure is not None:
        st.error(f"{t('build_failed')}: {escape(failure.say(said().language))}")
        return
    st.cache_resource.clear()
    st.rerun()


def build_from_uploads(uploads, folder: Path, progress) -> dict:
    """Build from the uploaded files, saved under their own names beside the catalog (not in /tmp: removed
    on every way out, and by the next upload if a kill left them); the manifest."""
    names = ", ".join(Path(upload.name).name for upload in uploads)
    with logged(f"building the catalog from the uploaded {names}"):
        return build_uploads({upload.name: upload.getbuffer() for upload in uploads}, folder, progress)
