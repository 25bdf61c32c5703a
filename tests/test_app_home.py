"""Inicio through AppTest: which catalog is loaded, and the full dataset one click away (client faked)."""

from __future__ import annotations

import logging
import re
import shutil
import time

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
    said = sample_app.error[0].value
    assert "no se llega a Kaggle" in said and "súbelos aquí" in said  # Spanish, and advice for a browser
    assert "data/raw" not in said and "python -m core" not in said
    (link,) = [link.proto for link in sample_app.get("link_button")]
    assert link.url == "https://www.kaggle.com/datasets/rounakbanik/the-movies-dataset"  # a link that works
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


def test_a_first_start_shows_its_steps_serves_the_movies_and_measures_the_recommenders_after(
    sample_raw, tmp_path, monkeypatch
):
    """The first page says what it is doing (the build's steps in a status), shows the home page as soon as
    the catalog is written, and the recommenders are measured in the background, their figures shown when
    ready: the Calidad section says they are on their way until then."""
    from core.schema import read_manifest

    folder = tmp_path / "fresh"
    monkeypatch.setenv("FILMOTECA_CATALOG_DIR", str(folder))
    monkeypatch.setenv("FILMOTECA_RAW_DIR", str(sample_raw))
    app = AppTest.from_file(APP, default_timeout=120).run()
    assert not app.exception
    (status,) = app.status
    assert status.label == "Catálogo listo: 2.993 películas" and not app.error
    steps = " ".join(markdown.value for markdown in status.markdown).replace("\\", "")  # unescaped
    assert "leer: movies_metadata.csv" in steps and "ajustar el recomendador" in steps and "rows" not in steps
    assert re.search(r"2\.996 filas en \d+,\d s", steps)  # numbers as Spanish writes them
    assert app.metric[0].value == "2.993"  # the home page, under the steps
    assert read_manifest(folder)["measured"] is False  # served before its recommenders are measured

    for _ in range(1200):  # measured in a thread of this process (about 12 s here), two minutes at most
        if read_manifest(folder)["measured"]:
            break
        time.sleep(0.1)
    manifest = read_manifest(folder)
    assert manifest["measured"] is True and manifest["quality"]["models"]
    app.switch_page("pages/recomendador.py")
    app.session_state["quality-open"] = True  # the section opened: its figures are drawn
    app.run()
    assert not app.exception
    quality = next(expander for expander in app.expander if expander.label == "Calidad: ¿gusta lo que recomienda?")
    assert quality.dataframe and "midiendo" not in quality.caption[0].value  # the figures, once measured


def test_a_miss_on_the_sample_points_to_the_download_on_home_not_to_a_command(sample_app):
    sample_app.switch_page("pages/consultas.py")
    sample_app.query_params["fn"] = "get_director"
    sample_app.query_params["arg"] = "Zzqx Nadie"
    sample_app.run()
    assert not sample_app.exception
    said = " ".join(
        element.value
        for kind in ("warning", "info", "caption", "markdown")
        for element in sample_app.get(kind)
        if isinstance(getattr(element, "value", None), str)
    )
    assert "el dataset completo, que se descarga desde Inicio" in said
    assert "python -m core" not in said and "`" not in said


def test_the_download_pressed_while_the_first_start_measures_waits_for_it(trap_raw, tmp_path, monkeypatch):
    """A visitor who presses the download within seconds of a fresh start, while the sample's recommenders
    are measured in the background, gets the full dataset once they are: not 'another build is running'."""
    from core.config import SAMPLE_RAW_DIR
    from core.schema import read_manifest

    raw, folder = tmp_path / "sample-raw", tmp_path / "fresh"
    shutil.copytree(SAMPLE_RAW_DIR, raw)
    monkeypatch.setenv("FILMOTECA_CATALOG_DIR", str(folder))
    monkeypatch.setenv("FILMOTECA_RAW_DIR", str(raw))
    monkeypatch.setattr(fetch, "MIN_BYTES", dict.fromkeys(fetch.MIN_BYTES, 100))
    monkeypatch.setattr(fetch, "kagglehub_download", serving(trap_raw))
    app = AppTest.from_file(APP, default_timeout=120).run()
    assert app.metric[0].value == "2.993" and read_manifest(folder)["measured"] is False  # measuring now
    next(button for button in app.button if button.label == DOWNLOAD).click().run()
    assert not app.exception and not app.error
    assert app.metric[0].value == "9"  # the downloaded (trap) files' movies


def test_a_second_download_while_one_runs_follows_it_and_neither_fails(sample_app, trap_raw, monkeypatch, caplog):
    """Two visitors press the download at once: the second is told one is under way, sees its steps, and
    both get the full catalog; nothing says it failed, nor names the server's folders."""
    import threading

    from core import service

    slow = serving(trap_raw)

    def download(name, folder):
        time.sleep(0.5)  # a real download takes minutes: long enough for the second visitor
        return slow(name, folder)

    monkeypatch.setattr(fetch, "kagglehub_download", download)
    second = AppTest.from_file(APP, default_timeout=60)
    sample_app.run()
    second.run()
    first_click = threading.Thread(
        target=lambda: next(b for b in sample_app.button if b.label == DOWNLOAD).click().run()
    )
    first_click.start()
    for _ in range(100):  # until the first visitor's download is under way
        if any(not download.future.done() for download in service._DOWNLOADS):
            break
        time.sleep(0.05)
    with caplog.at_level(logging.INFO, logger="core.service"):
        next(button for button in second.button if button.label == DOWNLOAD).click().run()
    first_click.join(timeout=60)
    assert "this one follows it" in caplog.text
    for app in (sample_app, second):
        assert not app.exception and not app.error
        assert app.metric[0].value == "9"  # the downloaded (trap) files' movies
    assert len(slow.served) == len(set(slow.served))  # each file downloaded once: one download, followed


@pytest.mark.parametrize(("setting", "chosen"), [(None, "full"), ("full", "full"), ("small", "small"), ("x", "full")])
def test_the_homes_download_offers_both_ratings_every_one_chosen_unless_the_host_says_small(
    sample_app, monkeypatch, setting, chosen
):
    """Every rating built inside the app fits Community Cloud's 690 MB: chosen, unless FILMOTECA_RATINGS asks
    for the small ones (a quarter of the download)."""
    if setting is None:
        monkeypatch.delenv("FILMOTECA_RATINGS", raising=False)
    else:
        monkeypatch.setenv("FILMOTECA_RATINGS", setting)
    sample_app.run()
    assert not sample_app.exception
    (choice,) = [radio for radio in sample_app.radio if radio.label == "Valoraciones"]
    assert [option.split(":")[0] for option in choice.options] == ["todas", "ligeras"]  # both offered
    assert choice.value == chosen
