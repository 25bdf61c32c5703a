"""The app's server as a host runs it: stopped (SIGTERM) or killed while it measures the recommenders in the
background, started again on the same folder; and the sidebar of its very first page."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from core.config import SAMPLE_RAW_DIR
from core.schema import MANIFEST_FILE
from tests.browser import ROOT, free_port, open_app

pytestmark = [pytest.mark.browser, pytest.mark.sample]
MEASURING = "measuring the recommenders on the ratings into"


class Server:
    """`streamlit run streamlit_app.py` on a free port, its stderr's lines kept as they come."""

    def __init__(self, **env: str):
        self.port = free_port()
        command = [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(self.port)]
        command += ["--server.headless", "true", "--server.address", "127.0.0.1"]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        self.lines: list[str] = []
        threading.Thread(target=lambda: self.lines.extend(self.process.stderr), daemon=True).start()
        self.url = f"http://127.0.0.1:{self.port}"
        for _ in range(120):
            with contextlib.suppress(OSError):
                if urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1).status == 200:
                    return
            time.sleep(0.5)
        pytest.fail("streamlit did not start")

    def said(self, text: str, seconds: float = 120) -> bool:
        for _ in range(int(seconds * 10)):
            if any(text in line for line in self.lines):
                return True
            time.sleep(0.1)
        return False

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=20)


@pytest.fixture
def fresh(tmp_path) -> dict[str, str]:
    """An empty catalog folder, the sample's raw files beside it: a first start builds and measures."""
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE_RAW_DIR, raw)
    return {"FILMOTECA_CATALOG_DIR": str(tmp_path / "catalog"), "FILMOTECA_RAW_DIR": str(raw)}


def _manifest(catalog: str) -> dict:
    return json.loads((Path(catalog) / MANIFEST_FILE).read_text())


def _measuring_started(fresh: dict, page) -> Server:
    server = Server(**fresh)
    page.goto(server.url)  # the first visitor: the sample is built, then measured in the background
    assert server.said(f"{MEASURING} "), server.lines[-5:]
    assert _manifest(fresh["FILMOTECA_CATALOG_DIR"])["measured"] is False
    return server


def test_a_sigterm_while_measuring_stops_the_server_within_five_seconds(fresh, page, tmp_path):
    server = _measuring_started(fresh, page)
    try:
        time.sleep(1)  # well into measuring
        signalled = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        server.process.wait(timeout=30)
        assert time.monotonic() - signalled <= 5.0
    finally:
        server.stop()
    assert _manifest(fresh["FILMOTECA_CATALOG_DIR"])["measured"] is False  # the catalog as it was
    assert not list(tmp_path.glob(".catalog.building-*"))  # what was halfway is gone


@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM, then SIGKILL"])
def test_a_catalog_whose_measuring_a_kill_cut_short_is_measured_at_the_next_start(fresh, page, how):
    server = _measuring_started(fresh, page)
    try:
        if how != "SIGKILL":
            server.process.send_signal(signal.SIGTERM)  # as `docker stop` does, then its kill
            time.sleep(0.5)
        server.process.kill()
        server.process.wait(timeout=20)
    finally:
        server.stop()
    catalog = fresh["FILMOTECA_CATALOG_DIR"]
    assert _manifest(catalog)["measured"] is False and _manifest(catalog)["ratings"]
    again = Server(**fresh)
    try:
        page.goto(again.url)
        assert again.said(f"{MEASURING} "), again.lines[-5:]  # owed, so measured again
        for _ in range(1200):
            if _manifest(catalog)["measured"]:
                break
            time.sleep(0.1)
        assert _manifest(catalog)["measured"] is True and _manifest(catalog)["quality"]["models"]
    finally:
        again.stop()


def test_the_sidebar_lists_the_apps_pages_and_nothing_else_from_the_first_request(sample_catalog_dir, browser):
    """A fresh server's very first page: Streamlit's first run lists every file of pages/ (the helper
    modules too) until the app's navigation replaces the list; none of them may ever show."""
    server = Server(FILMOTECA_CATALOG_DIR=str(sample_catalog_dir))
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(server.url, wait_until="commit")  # from the first bytes on: the first list shows for 0.1 s
        seen: set[str] = set()
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline:  # every list the sidebar shows, as soon as it shows one
            seen |= set(
                page.evaluate(
                    "() => [...document.querySelectorAll('[data-testid=stSidebarNav] a')].map(a => a.innerText)"
                )
            )
            time.sleep(0.01)
        names = {text.strip().splitlines()[-1].strip() for text in seen if text.strip()}  # after the icon's name
        assert names == {"Inicio", "Exploración", "Consultas", "Recomendador", "Mis listas"}, names
        open_app(page, f"{server.url}/consultas")  # the pages work as before
    finally:
        context.close()
        server.stop()
