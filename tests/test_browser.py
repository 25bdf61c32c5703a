"""The whole app in headless Chromium: `streamlit run` on a free port over the head sample."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.sample]

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
FORMS = {
    "peliculas_idioma": ("Francés", "películas fueron estrenadas en idioma francés"),
    "peliculas_duracion": ("Hamlet", "Hay 2 películas llamadas Hamlet"),
    "franquicia": ("James Bond", "La franquicia James Bond Collection posee"),
    "peliculas_pais": ("España", "en el país España"),
    "productoras_exitosas": ("Pixar Animation Studios", "La productora Pixar Animation Studios"),
    "get_director": ("John Lasseter", "El director John Lasseter"),
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(sample_catalog_dir):
    port = free_port()
    env = {**os.environ, "FILMOTECA_CATALOG_DIR": str(sample_catalog_dir)}
    command = [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(port)]
    command += ["--server.headless", "true", "--server.address", "127.0.0.1"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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


@pytest.fixture(scope="module")
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


def test_every_page_opens_without_an_exception(server, page):
    # The fresh server's first request is a deep link: it must still get the app's navigation.
    for path, text in (
        ("exploracion", "Descargar CSV"),
        ("consultas", "Consultar"),
        ("recomendador", "Busca una película"),
        ("", "Filas descartadas al construir"),
    ):
        open_app(page, f"{server}/{path}")
        page.get_by_text(text, exact=True).first.wait_for()
        page.get_by_text("Idioma de la interfaz").wait_for()  # the app's own navigation ran
        assert page.get_by_text("Page not found").count() == 0
        assert_no_exception(page)
        screenshot(page, path or "inicio")


@pytest.mark.parametrize("function", sorted(FORMS))
def test_each_query_form_submits_and_answers(server, page, function):
    argument, answer = FORMS[function]
    open_app(page, f"{server}/consultas?fn={function}")
    ask(page, argument, answer)
    assert_no_exception(page)
    assert function in page.url and "arg=" in page.url


def ask(page, argument: str, answer: str) -> None:
    field = page.locator('[data-testid="stForm"] input').first
    field.click()
    field.fill(argument)
    field.press("Enter")
    page.get_by_role("button", name="Consultar").click()
    page.get_by_text(answer).first.wait_for()


def test_a_second_query_in_the_same_form_answers_the_new_name(server, page):
    open_app(page, f"{server}/consultas?fn=peliculas_pais")
    ask(page, "España", "en el país España")
    ask(page, "Francia", "en el país Francia")
    assert "arg=Francia" in page.url
    assert_no_exception(page)


def test_searching_toy_stroy_shows_five_recommendations(server, page):
    open_app(page, f"{server}/recomendador")
    box = page.get_by_role("textbox", name="Busca una película")
    page.get_by_text("Las mejor valoradas", exact=True).wait_for()  # the empty box's top chart, with its own buttons
    box.fill("toy stroy")
    box.press("Enter")
    page.get_by_text("Películas parecidas").wait_for()
    page.get_by_text("Las mejor valoradas", exact=True).wait_for(state="detached")
    page.wait_for_function(  # the top chart's stale cards go once the run ends
        "() => [...document.querySelectorAll('button')].filter(b => b.innerText.trim() === 'Ver parecidas').length === 5"
        " && location.search.includes('q=toy')"
    )
    assert page.get_by_role("button", name="Ver parecidas").count() == 5
    assert_no_exception(page)
    screenshot(page, "recomendador-toy-story")


def test_the_eda_page_draws_its_charts(server, page):
    open_app(page, f"{server}/exploracion")
    page.locator('[data-testid="stPlotlyChart"]').first.wait_for()
    assert page.locator('[data-testid="stPlotlyChart"]').count() >= 2
    assert_no_exception(page)
    screenshot(page, "exploracion-charts")
    page.get_by_role("tab", name="Rankings").click()  # a closed tab draws its charts when opened
    page.get_by_text("Las 10 productoras con más número de películas").wait_for()
    assert page.locator('[data-testid="stPlotlyChart"]').count() >= 4
    assert_no_exception(page)


def test_consultas_shows_the_six_functions_and_runs_an_example_in_one_click(server, page):
    from core.queries import QUERIES

    open_app(page, f"{server}/consultas")
    for function in FORMS:
        assert page.get_by_text(QUERIES[function].labels["es"].title, exact=True).first.is_visible()
    page.get_by_text(QUERIES["franquicia"].labels["es"].title, exact=True).first.click()
    page.get_by_role("button", name="Ejemplo: James Bond").click()
    page.get_by_text("La franquicia James Bond Collection posee").first.wait_for()
    assert "fn=franquicia" in page.url and "arg=James" in page.url
    assert_no_exception(page)
    screenshot(page, "consultas-six-functions")


def test_the_language_lives_in_the_url_across_pages_and_reloads(server, page):
    open_app(page, f"{server}/consultas?lang=en&fn=peliculas_pais&arg=Espa%C3%B1a")
    page.get_by_text("30 movies were produced in Spain").first.wait_for()
    page.get_by_role("link", name="Recommender").click()
    page.get_by_text("Search for a movie").wait_for()
    page.wait_for_function("() => location.search.includes('lang=en')")
    page.reload()
    page.get_by_text("Best rated", exact=True).wait_for()  # the empty search box shows the top chart, in English
    assert "lang=en" in page.url
    assert_no_exception(page)
    screenshot(page, "recomendador-en")


def test_choosing_english_in_the_sidebar_writes_it_to_the_url(server, page):
    open_app(page, server)
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').click()
    page.get_by_role("option", name="English").click()
    page.get_by_text("Rows dropped by the build").wait_for()
    page.wait_for_function("() => location.search.includes('lang=en')")
    assert_no_exception(page)


def test_two_liked_movies_recommend_from_both_in_the_browser(server, page):
    open_app(page, f"{server}/recomendador?q=Toy%20Story")
    page.get_by_role("button", name="Añadir otra película").click()
    page.wait_for_function("() => location.search.includes('lista=862')")
    box = page.get_by_role("textbox", name="Busca una película")
    box.fill("Heat")
    box.press("Enter")
    page.get_by_text("como Heat:").first.wait_for()
    assert page.get_by_role("button", name="Ver parecidas").count() == 5
    assert_no_exception(page)
    screenshot(page, "recomendador-lista")
