"""Inicio through AppTest: which catalog is loaded, and the full dataset one click away (client faked)."""

from __future__ import annotations

import logging
import shutil

import pytest
import requests
from streamlit.testing.v1 import AppTest

from core.build import fetch
from tests.test_app import APP
from tests.test_fetch import serving

DOWNLOAD = "Descargar el dataset completo"


@pytest.fixture
def sample_app(sample_catalog_dir, tmp_path, monkeypatch) -> AppTest:
    """The app on its own copy of the sample catalog, fetching into an empty raw folder."""
    catalog_dir = tmp_path / "catalog"
    shutil.copytree(sample_catalog_dir, catalog_dir)
    monkeypatch.setenv("FILMOTECA_CATALOG_DIR", str(catalog_dir))
    monkeypatch.setenv("FILMOTECA_RAW_DIR", str(tmp_path / "raw"))
    monkeypatch.setattr(fetch, "MIN_BYTES", dict.fromkeys(fetch.MIN_BYTES, 100))
    return AppTest.from_file(APP, default_timeout=60)


def labels(app: AppTest) -> list[str]:
    return [button.label for button in app.button]


def test_on_the_sample_home_says_so_and_offers_the_full_dataset(sample_app):
    sample_app.run()
    assert not sample_app.exception
    assert "muestra incluida" in sample_app.info[0].value and "2.993 películas" in sample_app.info[0].value
    assert "solo 35" in sample_app.info[0].value
    assert sample_app.metric[0].value == "2.993"
    assert DOWNLOAD in labels(sample_app)


def test_on_a_full_catalog_home_names_its_files_and_build_date(trap_catalog_dir, monkeypatch):
    monkeypatch.setenv("FILMOTECA_CATALOG_DIR", str(trap_catalog_dir))
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert "construido el 20" in app.info[0].value
    assert "movies_metadata.csv, credits.csv, keywords.csv" in app.info[0].value
    assert DOWNLOAD not in labels(app)


def test_the_download_button_fetches_builds_and_swaps_the_catalog_in(sample_app, trap_raw, monkeypatch):
    monkeypatch.setattr(fetch, "kagglehub_download", serving(trap_raw))
    sample_app.run()
    next(button for button in sample_app.button if button.label == DOWNLOAD).click().run()
    assert not sample_app.exception
    assert sample_app.metric[0].value == "9"  # the downloaded (trap) files' movies, not the sample's
    assert "construido el" in sample_app.info[0].value
    assert DOWNLOAD not in labels(sample_app)


def test_a_failed_download_says_why_keeps_the_sample_and_offers_the_uploader(sample_app, trap_raw, monkeypatch):
    offline = requests.ConnectionError("Failed to resolve 'api.kaggle.com'")
    monkeypatch.setattr(fetch, "kagglehub_download", serving(trap_raw, broken="movies_metadata.csv", error=offline))
    sample_app.run()
    next(button for button in sample_app.button if button.label == DOWNLOAD).click().run()
    assert not sample_app.exception
    assert "Kaggle is unreachable" in sample_app.error[0].value
    assert sample_app.metric[0].value == "2.993"
    assert sample_app.get("file_uploader"), "the uploader is the fallback"


def test_auto_fetch_builds_the_full_dataset_at_the_first_start(sample_app, trap_raw, monkeypatch):
    monkeypatch.setenv("FILMOTECA_AUTO_FETCH", "1")
    monkeypatch.setattr(fetch, "kagglehub_download", serving(trap_raw))
    sample_app.run()
    assert not sample_app.exception
    assert sample_app.metric[0].value == "9"


def test_a_failed_auto_fetch_serves_the_sample_and_says_why(sample_app, trap_raw, monkeypatch):
    monkeypatch.setenv("FILMOTECA_AUTO_FETCH", "1")
    offline = requests.ConnectionError("offline")
    monkeypatch.setattr(fetch, "kagglehub_download", serving(trap_raw, broken="movies_metadata.csv", error=offline))
    sample_app.run()
    assert sample_app.metric[0].value == "2.993"
    assert "La descarga automática del dataset completo falló" in sample_app.warning[0].value


def app_log(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "pages.setup"]


def test_the_fetch_and_build_the_app_starts_are_logged(sample_app, trap_raw, monkeypatch, caplog):
    monkeypatch.setattr(fetch, "kagglehub_download", serving(trap_raw))
    sample_app.run()
    with caplog.at_level(logging.INFO, logger="pages"):
        next(button for button in sample_app.button if button.label == DOWNLOAD).click().run()
    started, done = app_log(caplog)[:2]
    assert started.startswith("fetching the full dataset into") and started.endswith(": started")
    assert done.endswith(": done")


def test_a_failed_fetch_the_app_starts_is_logged_with_why(sample_app, trap_raw, monkeypatch, caplog):
    offline = requests.ConnectionError("Failed to resolve 'api.kaggle.com'")
    monkeypatch.setattr(fetch, "kagglehub_download", serving(trap_raw, broken="movies_metadata.csv", error=offline))
    sample_app.run()
    with caplog.at_level(logging.INFO, logger="pages"):
        next(button for button in sample_app.button if button.label == DOWNLOAD).click().run()
    assert "failed: could not download movies_metadata.csv" in app_log(caplog)[-1]


def test_the_build_of_the_default_files_at_first_start_is_logged(trap_raw, tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("FILMOTECA_CATALOG_DIR", str(tmp_path / "fresh"))
    monkeypatch.setenv("FILMOTECA_RAW_DIR", str(trap_raw))
    with caplog.at_level(logging.INFO, logger="pages"):
        app = AppTest.from_file(APP, default_timeout=60).run()
    assert not app.exception and app.metric[0].value == "9"
    assert f"building the catalog from {trap_raw} into {tmp_path / 'fresh'}: done" in app_log(caplog)
