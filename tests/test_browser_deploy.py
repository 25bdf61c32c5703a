"""What a visitor of a deployed app sees, in a real browser: no developer toolbar, posters named (and a
placeholder where one cannot load), and a failed download said in Spanish with a link that works, the
uploader right there and, on the visitor's own machine, the command."""

from __future__ import annotations

import shutil

import pytest

from core.service import KAGGLE_PAGE
from tests.browser import assert_no_exception, open_app, screenshot, streamlit_app
from tests.kaggle_service import FakeKaggle, client_environment, point_kagglehub_at

pytestmark = [pytest.mark.browser, pytest.mark.sample]


def test_visitors_get_no_deploy_button_nor_developer_menu(server, page):
    open_app(page, f"{server}/")
    page.locator('[data-testid="stMetricValue"]').first.wait_for()
    assert page.get_by_role("button", name="Deploy").count() == 0
    assert page.locator('[data-testid="stAppDeployButton"]').count() == 0


def test_every_poster_is_named_and_one_that_cannot_load_shows_a_placeholder(server, page):
    open_app(page, f"{server}/recomendador?q=Toy%20Story")
    page.locator("img.poster").first.wait_for()
    posters = page.locator("img.poster")
    names = [posters.nth(index).get_attribute("alt") for index in range(posters.count())]
    assert names and all(name.startswith("Póster de ") and len(name) > len("Póster de ") for name in names)
    # No network here: TMDB's images cannot load, and the placeholder draws the alt text where they would be.
    page.wait_for_function("() => [...document.querySelectorAll('img.poster')].every(i => i.complete)")
    broken = page.locator("img.poster").first
    assert broken.evaluate("image => image.naturalWidth") == 0
    assert broken.evaluate("image => getComputedStyle(image, '::before').content") == f'"{names[0]}"'
    assert broken.bounding_box()["height"] > 100  # a poster's room, not a broken-image icon
    screenshot(page, "posters-placeholder")


@pytest.fixture
def refusing_kaggle_app(sample_catalog_dir, tmp_path):
    """The app on the sample, whose download is refused by a fake of Kaggle's service (403, as Kaggle
    answers a dataset that needs its terms accepted), through the real kagglehub client."""
    catalog = tmp_path / "catalog"
    shutil.copytree(sample_catalog_dir, catalog)
    kaggle = FakeKaggle(tmp_path, {"movies_metadata.csv": 403})
    with kaggle.running():
        (tmp_path / "site").mkdir()
        (tmp_path / "site" / "sitecustomize.py").write_text(point_kagglehub_at(kaggle.url), encoding="utf-8")
        environment = client_environment(tmp_path / "kaggle") | {
            "PYTHONPATH": str(tmp_path / "site"),
            "FILMOTECA_CATALOG_DIR": str(catalog),
            "FILMOTECA_RAW_DIR": str(tmp_path / "raw"),
        }
        with streamlit_app(**environment) as url:
            yield url


def test_a_failed_download_says_why_in_spanish_with_a_working_link_and_the_uploader(refusing_kaggle_app, page):
    open_app(page, f"{refusing_kaggle_app}/")
    page.get_by_role("button", name="Descargar el dataset completo").click()
    error = page.locator('[data-testid="stAlertContentError"]').first
    error.wait_for(timeout=60_000)
    said = error.inner_text()
    assert said.startswith("No se pudo descargar movies_metadata.csv") and "súbelos aquí" in said
    assert not {"could", "download", "failed", "put them"} & set(said.lower().split())  # no English
    link = page.get_by_role("link", name="The Movies Dataset en Kaggle")
    assert link.get_attribute("href") == KAGGLE_PAGE and "\\" not in KAGGLE_PAGE
    page.locator('[data-testid="stFileUploader"]').wait_for()  # the uploader, right there (drawn after the error)
    # Opened at 127.0.0.1, the visitor is on the server's machine: the command too.
    page.get_by_text("python -m core fetch").first.wait_for()
    assert page.locator('[data-testid="stMetricValue"]').first.inner_text() == "2.993"  # the sample stays
    assert_no_exception(page)
    screenshot(page, "failed-download-spanish")
