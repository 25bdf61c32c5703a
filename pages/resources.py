"""What the pages load once and share: the service over the built catalog (its parts loaded when first
needed), the catalog's manifest, and the charts already drawn."""

from __future__ import annotations

import gc
from pathlib import Path

import streamlit as st

from core.service import (
    ChartRequest,
    Service,
    auto_fetch,
    built,
    catalog_folder,
    give_back_memory,
    manifest_stamp,
    measuring,
    read_manifest,
)


def _frozen(resource):
    """Take what was just loaded out of the cycle collector's way, until the next load.

    The catalog, title index and model are millions of long-lived objects (names, lists); each
    full collection walked them all, which added about 100 ms to every interaction (bench/app.py).
    The collection first walks only what is not frozen yet. Frozen garbage is never collected, and
    what is alive now may die later in a cycle (a session's page, whose functions and globals refer
    to each other, and to the catalog it was drawn from): so each load first unfreezes and collects
    what the last one froze. A catalog that a rebuild replaces is freed (tests/test_memory.py).
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    return resource


# One entry: a rebuilt catalog (a new manifest time) replaces the old service in memory. What it loads
# (pandas, scipy, thefuzz) is imported on first use, so the first page draws from the manifest before.
@st.cache_resource(show_spinner=False, max_entries=1)
def _service(folder: str, stamp: float) -> Service:
    return _frozen(Service.load(Path(folder), display=True))


_FROZEN_PARTS: dict[int, tuple[str, ...]] = {}  # the parts of each service frozen so far, by its id


def service() -> Service:
    """The service over the built catalog (see `built_folder` when there is none).

    Its parts load when a page first asks for them; the next call freezes what they loaded, and collects
    first what the last freeze kept that is garbage now (the service a rebuild replaced, among others).
    """
    folder = built_folder()
    loaded = _service(str(folder), manifest_stamp(folder))
    if _FROZEN_PARTS.get(id(loaded)) != (parts := loaded.loaded()):
        _frozen(loaded)
        _FROZEN_PARTS.clear()
        _FROZEN_PARTS[id(loaded)] = parts
    return loaded


def drop_the_catalog() -> None:
    """Let the loaded service go (every session loads the next one), and give its memory back: before a
    build in this process, which needs the room."""
    _service.clear()
    _FROZEN_PARTS.clear()
    gc.unfreeze()
    give_back_memory()


def warm_up() -> None:
    """Load the catalog, the recommender and the title search now, so that the next page opened finds
    them in memory (the first page calls it once it is drawn)."""
    service().warm()
    service()  # freezes what warming loaded


@st.cache_data(show_spinner=False, max_entries=1)
def _read_manifest(folder: str, stamp: float) -> dict:
    return read_manifest(Path(folder))


def manifest() -> dict:
    """The built catalog's manifest: what the first page shows, read without loading the catalog."""
    return manifest_of(built_folder())


def manifest_of(folder: Path) -> dict:
    return _read_manifest(str(Path(folder).resolve()), manifest_stamp(folder))


def built_folder() -> Path:
    """The folder of the built catalog, or the setup panel (and nothing else) when none is built nor can be."""
    folder = catalog_folder()
    if auto_fetch() or not built(folder):
        from pages import setup  # the build's panel: only when there is something to build or fetch

        setup.build_or_set_up(folder)
    elif measuring(manifest_of(folder)):  # measured later, by this process (a kill may have cut it short)
        from pages import setup

        setup.measure_if_owed(folder)
    return folder.resolve()  # this build's own folder: every file of one run comes from the same build


@st.cache_data(show_spinner=False, max_entries=64)
def _chart(request: ChartRequest, language: str, stamp: float):
    return service().chart(request, language)


def chart(request: ChartRequest, language: str):
    """One of Exploración's charts, cached by its request and language (and the build, which a rebuild changes)."""
    return _chart(request, language, manifest_stamp(built_folder()))
