"""Benchmark: the running app on the full-size synthetic catalog, driven by headless Chromium.

Starts `streamlit run`, measures the server's RSS idle (baseline), after one session and with
10 concurrent sessions, and the time from an interaction (a query, a search) to its result.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psutil
from common import FULL_SIZE, ROOT, median, percentile, synthetic_catalog
from playwright.sync_api import sync_playwright

SESSIONS = 10
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


def start_server(catalog_dir, script: Path = ROOT / "streamlit_app.py") -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "FILMOTECA_CATALOG_DIR": str(catalog_dir)}  # as `make run` and Cloud start it
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port)]
    command += ["--server.headless", "true"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
            return server, url
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("streamlit did not start")


# The baseline: what any Streamlit interaction costs on this machine, a box that echoes its text.
ECHO_APP = """
import streamlit as st
text = st.text_input("Texto")
if text:
    st.header(f"Eco: {text}")
"""
# The first page's baseline: a page with the same two texts and nothing to load.
BARE_APP = """
import streamlit as st
st.sidebar.write("Idioma de la interfaz")
st.metric("Películas", 0)
"""
FRESH_SERVERS = 3


def home_on_screen(page) -> None:
    page.get_by_text("Idioma de la interfaz").wait_for(timeout=120_000)
    page.get_by_text("Películas").first.wait_for(timeout=120_000)


def recommendations_on_screen(page) -> None:
    page.get_by_role("button", name="Ver parecidas").nth(4).wait_for(timeout=120_000)


def first_page_seconds(browser, catalog_dir, script: Path, address: str = "", shown=home_on_screen) -> float:
    """Median seconds from opening `address` on a fresh server to its page on screen."""
    timings = []
    for _ in range(FRESH_SERVERS):
        server, url = start_server(catalog_dir, script)
        try:
            time.sleep(1)
            context = browser.new_context()
            page = context.new_page()
            started = time.perf_counter()
            page.goto(url + address)
            shown(page)
            timings.append(time.perf_counter() - started)
            context.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    return median(timings)


def bare_first_page_seconds(browser) -> float:
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "bare.py"
        script.write_text(BARE_APP, encoding="utf-8")
        return first_page_seconds(browser, ROOT, script)


def echo_timings(browser) -> list[float]:
    """Seconds from Enter to the echo on screen, in the one-widget app (SESSIONS x 3 times)."""
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "echo.py"
        script.write_text(ECHO_APP, encoding="utf-8")
        server, url = start_server(ROOT, script)
        try:
            page = browser.new_context().new_page()
            page.goto(url)
            box = page.get_by_role("textbox", name="Texto")
            box.wait_for()
            timings = []
            for number in range(SESSIONS * 3):
                box.fill(f"prueba {number}")
                started = time.perf_counter()
                box.press("Enter")
                page.locator("h2", has_text=f"Eco: prueba {number}").wait_for(timeout=60_000)
                timings.append(time.perf_counter() - started)
            return timings
        finally:
            server.terminate()
            server.wait(timeout=30)


def rss_mb(process: subprocess.Popen) -> float:
    return psutil.Process(process.pid).memory_info().rss / 1e6


def steady_rss_mb(process: subprocess.Popen) -> float:
    """The RSS once it has stopped growing for a second (the server finished loading)."""
    readings = [rss_mb(process)]
    while len(readings) < 5 or readings[-1] - readings[-5] > 1:
        time.sleep(0.25)
        readings.append(rss_mb(process))
    return readings[-1]


def settle(page) -> None:
    """Wait until Streamlit has finished the current run."""
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


def names_to_ask(catalog_dir) -> tuple[list[str], list[str]]:
    """Three directors with the most movies, and three popular titles (searched with two letters swapped)."""
    from core import catalog

    loaded = catalog.load(catalog_dir)
    directors = list(loaded.lookups.directors.displays.values())[:3]
    titles = loaded.movies.nlargest(3, "vote_count")["title"].tolist()
    return directors, titles


def with_a_typo(title: str) -> str:
    """The title with its third and fourth letters swapped, as a hurried user types it."""
    return title[:2] + title[3] + title[2] + title[4:]


def interactions(page, url: str, directors: list[str], titles: list[str]) -> dict[str, list[float]]:
    """Seconds from each action to its result on screen, per kind of action."""
    timings: dict[str, list[float]] = {"query (get_director)": [], "search + 5 recommendations": []}
    page.goto(f"{url}/consultas?fn=get_director")
    page.locator('[data-testid="stForm"] input').first.wait_for()
    settle(page)
    for name in directors:
        field = page.locator('[data-testid="stForm"] input').first
        field.click()
        field.fill(name)
        field.press("Enter")
        started = time.perf_counter()
        page.get_by_role("button", name="Consultar").click()
        page.get_by_text(f"El director {name}").first.wait_for(timeout=60_000)
        timings["query (get_director)"].append(time.perf_counter() - started)
    page.goto(f"{url}/recomendador")
    box = page.get_by_role("textbox", name="Busca una película")
    box.wait_for()
    settle(page)
    for title in titles:
        box.fill(with_a_typo(title))
        started = time.perf_counter()
        box.press("Enter")
        page.locator("h2", has_text=title).first.wait_for(timeout=60_000)  # the found movie's card
        page.get_by_role("button", name="Ver parecidas").nth(4).wait_for(timeout=60_000)
        timings["search + 5 recommendations"].append(time.perf_counter() - started)
    return timings


def script_timings(catalog_dir, directors: list[str], titles: list[str]) -> dict[str, list[float]]:
    """Seconds the server spends running the page for the same actions (AppTest, no browser)."""
    from streamlit.testing.v1 import AppTest

    os.environ["FILMOTECA_CATALOG_DIR"] = str(catalog_dir)
    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    app.run()  # loads the catalog, as the first page load does
    app.switch_page("pages/consultas.py")
    app.query_params["fn"] = "get_director"
    app.run()
    timings: dict[str, list[float]] = {"query (get_director)": [], "search + 5 recommendations": []}
    for name in directors * SESSIONS:
        app.selectbox[0].set_value(name)
        started = time.perf_counter()
        app.button[0].click().run()
        timings["query (get_director)"].append(time.perf_counter() - started)
    app.switch_page("pages/recomendador.py")
    app.run()
    for title in titles * SESSIONS:
        started = time.perf_counter()
        app.text_input[0].input(with_a_typo(title)).run()
        timings["search + 5 recommendations"].append(time.perf_counter() - started)
    return timings


def main() -> None:
    path = synthetic_catalog(FULL_SIZE, ratings="full")  # the hybrid served, learnt from 26 million ratings
    directors, titles = names_to_ask(path)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        cold = first_page_seconds(browser, path, ROOT / "streamlit_app.py")
        bare = bare_first_page_seconds(browser)
        deep_link = f"/recomendador?q={urllib.parse.quote(titles[0])}"
        cold_recommendations = first_page_seconds(
            browser, path, ROOT / "streamlit_app.py", deep_link, recommendations_on_screen
        )
        server, url = start_server(path)
        try:
            time.sleep(2)
            idle = rss_mb(server)
            first = browser.new_context().new_page()
            first.goto(url)
            first.get_by_text("Películas").first.wait_for(timeout=120_000)
            one = steady_rss_mb(server)  # the first page loads what the other pages need once it is drawn
            pages = [browser.new_context().new_page() for _ in range(SESSIONS)]
            timings: dict[str, list[float]] = {}
            for page in pages:
                for kind, seconds in interactions(page, url, directors, titles).items():
                    timings.setdefault(kind, []).extend(seconds)
            many = rss_mb(server)
        finally:
            server.terminate()
            server.wait(timeout=30)
        timings["baseline: a one-widget Streamlit app"] = echo_timings(browser)
        browser.close()
    print(f"App benchmark: {FULL_SIZE:,} synthetic movies, {SESSIONS} browser sessions")
    print(
        f"  first page on a fresh server: median {cold:.1f} s of {FRESH_SERVERS} "
        f"(baseline: a bare page with the same texts, {bare:.1f} s)"
    )
    print(
        f"  a fresh server's first page straight to Recomendador with a search, to 5 recommendations: "
        f"median {cold_recommendations:.1f} s of {FRESH_SERVERS}"
    )
    print(f"  server RSS idle {idle:.0f} MB (baseline) · 1 session {one:.0f} MB · {SESSIONS} sessions {many:.0f} MB")
    for kind, seconds in timings.items():
        print(
            f"  {kind} to result on screen: median {median(seconds) * 1000:.0f} ms, "
            f"p95 {percentile(seconds, 95) * 1000:.0f} ms ({len(seconds)} actions)"
        )
    for kind, seconds in script_timings(path, directors, titles).items():
        print(
            f"  {kind}, the page's script alone (AppTest): median {median(seconds) * 1000:.0f} ms, "
            f"p95 {percentile(seconds, 95) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
