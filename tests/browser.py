"""The app in headless Chromium: a `streamlit run` server on a free port over the head sample, and helpers.

The fixtures (`server`, `browser`, `page`) are registered in conftest.py; one server serves every browser test.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def streamlit_app(**env: str):
    """`streamlit run streamlit_app.py` on a free port of 127.0.0.1 with `env` added; its URL once healthy."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(port)]
    command += ["--server.headless", "true", "--server.address", "127.0.0.1"]
    environment = {**os.environ, **env}
    process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).status == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not start")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="session")
def server(sample_catalog_dir):
    with streamlit_app(FILMOTECA_CATALOG_DIR=str(sample_catalog_dir)) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).is_file():
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is not installed (make test installs it)")
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def open_app(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector('[data-testid="stSidebarNav"]')
    page.wait_for_load_state("networkidle")


def assert_no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def cards_shown(page, count: int) -> None:
    """Wait until the Recomendador shows `count` movies in each of its two lists (stale cards gone):
    each card's title is a link keyed `title-<list>-<id>` (its data-key)."""
    rows = "['parecidas', 'gustos']"
    page.wait_for_function(
        f"() => {rows}.every(row => document.querySelectorAll(`a[data-key^='title-${{row}}-']`).length === {count})"
    )


def row_titles(page, row: str) -> list[str]:
    """The titles on one row of cards (parecidas, gustos), as the page shows them."""
    return [title.inner_text() for title in page.locator(f"a[data-key^='title-{row}-']").all()]


def choose_query(page, query, language: str) -> None:
    """Pick one of Consultas' queries and click its example: the pick is clicked again until the example's
    button shows (a click that lands while the page reruns is lost), the example once, then wait for its answer."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    labels = query.labels(language)
    word = {"es": "Ejemplo", "en": "Example"}[language]
    example = page.get_by_role("button", name=f"{word}: {labels.example}")
    for _ in range(5):
        page.get_by_text(labels.title, exact=True).first.click()
        try:
            example.wait_for(timeout=6000)
            break
        except PlaywrightTimeout:
            continue
    example.click()
    page.wait_for_function("name => location.search.includes('fn=' + name)", arg=query.name)
    page.locator('[data-testid="stHeadingWithActionElements"], h3').first.wait_for()
    page.wait_for_load_state("networkidle")


def open_tab(page, name: str) -> None:
    """Click a tab and wait until it is the one selected and a chart of it is drawn."""
    page.get_by_role("tab", name=name).click()
    page.wait_for_function(
        "name => [...document.querySelectorAll('[role=tab]')].some("
        "t => t.innerText.trim() === name && t.getAttribute('aria-selected') === 'true')",
        arg=name,
    )
    panel = page.locator('[role="tabpanel"]:visible')
    charts = panel.locator(f"{PLOTLY}, {VEGA}")
    charts.first.locator("svg").first.wait_for()
    folded = panel.locator('[data-testid="stExpander"] summary')
    for number in range(folded.count()):  # the charts below the fold, each drawn once opened
        folded.nth(number).click()
        charts.nth(number + 1).locator("svg").first.wait_for()


# The text of a chart's titles, axes and legends; with its marks' labels, every text in its SVG (plotly's,
# and the Vega-Lite charts').
PLOTLY, VEGA = '[data-testid="stPlotlyChart"]', '[data-testid="stVegaLiteChart"]'
CHART_WORDS = (
    f"{PLOTLY} svg :is(.gtitle, .g-xtitle, .g-ytitle, .legendtext, .legendtitletext), "
    f"{VEGA} svg :is(.role-axis-title, .role-legend-title, .role-title) text"
)
CHART_TEXT = f"{PLOTLY} svg text, {VEGA} svg text"


def on_screen(page, marks: bool = True) -> str:
    """The page's text and the text inside its charts (their marks' labels too unless `marks` is False:
    a chart of names from the data), as a user reads it."""
    page.wait_for_load_state("networkidle")
    charts = page.locator(CHART_TEXT if marks else CHART_WORDS).all_text_contents()
    return "\n".join(page.locator("[data-testid='stMain'], [data-testid='stSidebar']").all_inner_texts() + charts)
