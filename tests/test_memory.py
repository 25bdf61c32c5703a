"""A catalog that a rebuild replaces leaves memory, even while sessions that saw it stay open."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import time
import urllib.request
import weakref
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.build import build
from core.catalog import Catalog
from tests.browser import ROOT, free_port, open_app

APP = str(ROOT / "streamlit_app.py")
PAGES = ["pages/inicio.py", "pages/exploracion.py", "pages/consultas.py", "pages/recomendador.py"]


def loaded_catalogs() -> list[weakref.ref]:
    gc.unfreeze()  # the app freezes what it loads; frozen objects are not listed
    return [weakref.ref(thing) for thing in gc.get_objects() if isinstance(thing, Catalog)]


@pytest.fixture(scope="module")
def sample_movies_only(sample_raw, tmp_path_factory) -> Path:
    """The sample's movie files without its ratings: builds that skip measuring the recommenders
    (what a session holds on to is the same either way; the server test below has the ratings)."""
    folder = tmp_path_factory.mktemp("movies-only")
    for name in ("movies_metadata.csv.gz", "credits.csv.gz", "keywords.csv.gz"):
        (folder / name).symlink_to(sample_raw / name)
    return folder


@pytest.mark.parametrize("page", PAGES)
def test_a_session_left_open_does_not_hold_a_replaced_catalog(page, sample_movies_only, tmp_path, monkeypatch):
    sample_raw = sample_movies_only
    folder = tmp_path / "catalog"
    build(sample_raw, folder)
    monkeypatch.setenv("FILMOTECA_CATALOG_DIR", str(folder))
    left_open = AppTest.from_file(APP, default_timeout=60)
    left_open.switch_page(page)
    left_open.query_params["q"] = "toy story"  # the Recomendador's cards and buttons too
    already = {id(ref()) for ref in loaded_catalogs()}
    left_open.run()
    assert not left_open.exception
    before = [ref for ref in loaded_catalogs() if id(ref()) not in already]  # the one this session drew from
    assert len(before) == 1

    build(sample_raw, folder)  # a rebuild, then someone else opens the page
    other = AppTest.from_file(APP, default_timeout=60)
    other.switch_page(page)
    other.run()
    assert not other.exception
    # Nothing reachable holds it, though `left_open` keeps its widgets (what the last freeze kept as
    # garbage is collected by the next load, which the server test below covers).
    gc.unfreeze()
    gc.collect()
    assert [ref for ref in before if ref() is not None] == []


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def test_the_server_memory_stays_flat_across_five_rebuilds(browser, sample_raw, tmp_path):
    folder = tmp_path / "catalog"
    build(sample_raw, folder)
    port = free_port()
    env = {**os.environ, "FILMOTECA_CATALOG_DIR": str(folder)}
    command = [sys.executable, "-m", "streamlit", "run", APP, "--server.port", str(port)]
    command += ["--server.headless", "true", "--server.address", "127.0.0.1"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        memory = []
        for rebuild in range(6):
            if rebuild:
                build(sample_raw, folder)
            # A new visitor each time, whose session the server keeps for a while after the tab closes.
            context = browser.new_context()
            tab = context.new_page()
            tab.set_default_timeout(60_000)
            for name in ["", "recomendador?q=toy+story", "exploracion", "consultas"]:
                open_app(tab, f"{url}/{name}")
            context.close()
            time.sleep(1)
            memory.append(rss_mb(server.pid))
        assert memory[-1] <= 1.10 * memory[0], memory
    finally:
        server.terminate()
        server.wait(timeout=20)


ARENAS = """
import ctypes, sys, threading
if sys.argv[1] == "core":
    import core
def work():
    blocks = [bytearray(1000) for _ in range(50000)]
threads = [threading.Thread(target=work) for _ in range(8)]
for thread in threads: thread.start()
for thread in threads: thread.join()
ctypes.CDLL("libc.so.6").malloc_stats()
"""


@pytest.mark.skipif(sys.platform != "linux", reason="glibc's malloc")
def test_importing_core_keeps_malloc_to_two_arenas_as_make_run_does_where_cloud_would_not():
    """Community Cloud starts `streamlit run` without `MALLOC_ARENA_MAX=2`: importing core sets it."""
    environment = {name: value for name, value in os.environ.items() if name != "MALLOC_ARENA_MAX"}

    def arenas(*argument: str) -> int:
        done = subprocess.run([sys.executable, "-c", ARENAS, *argument], cwd=ROOT, env=environment,
                              capture_output=True, text=True, check=True)  # fmt: skip
        return sum(line.startswith("Arena ") for line in done.stderr.splitlines())

    assert arenas("plain") > 2  # eight threads allocating: glibc's default gives them arenas of their own
    assert arenas("core") == 2


KEPT_AFTER_FREE = """
import re, sys
if sys.argv[1] == "core":
    import core
def rss():
    return int(re.search(r"VmRSS:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) / 1024
big = bytearray(24 * 2**20)  # freed: glibc's default then serves blocks of up to 24 MB from its heap
del big
before = rss()
blocks = [bytearray(8 * 2**20) for _ in range(8)]  # 64 MB in arrays of a million numbers, touched
blocks.pop(0)  # the first freed: a hole the others keep from being trimmed
del blocks[:-1]
print(rss() - before)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="glibc's malloc")
def test_importing_core_gives_large_freed_blocks_back_to_the_system_where_glibc_would_keep_them():
    """glibc's default keeps blocks of up to 32 MB in its heap once a larger one was freed, and what is freed
    there stays in the process (the build's arrays of millions of numbers: 90 to 130 MB more while learning
    from every rating); importing core has malloc give every block of 4 MiB or more back when it is freed."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith("MALLOC_")}

    def kept(*argument: str) -> float:
        done = subprocess.run([sys.executable, "-c", KEPT_AFTER_FREE, *argument], cwd=ROOT, env=environment,
                              capture_output=True, text=True, check=True)  # fmt: skip
        return float(done.stdout)

    assert kept("plain") > 56  # seven of the eight blocks freed, still the process's
    assert kept("core") < 16  # the one left alive, and little else
