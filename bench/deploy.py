"""Benchmark: a deploy as Streamlit Community Cloud starts it, and the full build within its 690 MB.

1. A fresh copy of the repository (the files git tracks, as they are now: no catalog built) started with
   `streamlit run streamlit_app.py`, as Cloud starts it: seconds from the server's start to something on
   screen and to the sample's home page ready, against a bare page on a fresh server (the baseline);
   the peak memory of the server's process tree until the recommenders are measured in the background.
2. The full-size synthetic files (with a ratings.csv of the real one's 26 million ratings) built inside the app, as a
   visitor gets them on Cloud (the sample's first start, then *Descargar el dataset completo* from a fake
   of Kaggle's service that the real kagglehub client downloads from), and by `python -m core build`: the
   peak memory of each process tree, beside the same with the code of BASELINE (a git revision, checked
   out beside) in the same run.

Memory is the sum of the resident memory of the process and its children, sampled every 10 ms.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import FULL_SIZE, ROOT, TreePeak, median, synthetic_raw
from playwright.sync_api import sync_playwright

CLOUD_MEMORY_MB = 690  # what Community Cloud guarantees
FRESH_STARTS = 3
BASELINE = os.environ.get("FILMOTECA_BENCH_BASELINE", "2027fca")  # the code before the build was made to fit
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
BARE_APP = 'import streamlit as st\nst.metric("Películas", 0)\n'


def fresh_copy(revision: str | None = None) -> Path:
    """The files git tracks, as the working tree has them (or as `revision` has them), in a new folder."""
    folder = Path(tempfile.mkdtemp(prefix="filmoteca-fresh-"))
    if revision:
        subprocess.run(["git", "worktree", "add", "--detach", "-f", str(folder), revision], cwd=ROOT, check=True,
                       capture_output=True)  # fmt: skip
        return folder
    names = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout.split(b"\0")
    for name in filter(None, names):
        source = ROOT / name.decode()
        if source.is_file():
            (folder / name.decode()).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name.decode())
    return folder


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(folder: Path, script: str = "streamlit_app.py", **env: str) -> tuple[subprocess.Popen, str]:
    """`streamlit run` in `folder`, as Cloud starts it (no make, the settings of .streamlit/ only)."""
    port = free_port()
    clean = {name: value for name, value in os.environ.items() if not name.startswith("FILMOTECA_")}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
    ]
    server = subprocess.Popen(
        command, cwd=folder, env={**clean, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return server, f"http://127.0.0.1:{port}"


def open_when_up(page, url: str) -> None:
    """Open `url` as soon as the server answers (a visitor who keeps reloading), for a minute at most."""
    deadline = time.perf_counter() + 60
    while True:
        try:
            page.goto(url, timeout=5_000)
            return
        except Exception:  # noqa: BLE001 — not listening yet
            if time.perf_counter() > deadline:
                raise
            time.sleep(0.05)


def first_start(
    browser, folder: Path, started_text: str, ready_text: str, script: str = "streamlit_app.py", **env: str
) -> dict:
    """Seconds from the server's start to `started_text` on screen and to a figure `ready_text`, and the peak memory
    of its process tree until then and, for the app, until its catalog is measured."""
    server, url = start(folder, script, **env)
    began = time.perf_counter()
    peak = TreePeak(server.pid)
    try:
        page = browser.new_context().new_page()
        open_when_up(page, url)
        page.get_by_text(started_text).first.wait_for(timeout=300_000)
        visible = time.perf_counter() - began
        page.locator('[data-testid="stMetricValue"]', has_text=ready_text).first.wait_for(timeout=600_000)
        ready = time.perf_counter() - began
        catalog = Path(env.get("FILMOTECA_CATALOG_DIR", folder / "data" / "catalog"))
        deadline = time.perf_counter() + 600
        while script == "streamlit_app.py" and time.perf_counter() < deadline and not measured(catalog):
            time.sleep(0.2)
        return {"visible": visible, "ready": ready, "measured": time.perf_counter() - began, "peak": peak.stop()}
    finally:
        peak.stop()
        server.terminate()
        server.wait(timeout=30)


def measured(catalog: Path) -> bool:
    manifest = catalog / "manifest.json"
    return manifest.is_file() and json.loads(manifest.read_text(encoding="utf-8")).get("quality") is not None


def fetched_in_the_app(browser, code: Path, raw: Path) -> dict:
    """The sample's first start, then the full dataset fetched from a fake Kaggle and built by the home
    page's button: seconds to the full catalog's figures, and the process tree's peak until it is measured."""
    sys.path.insert(0, str(ROOT))
    from tests.kaggle_service import FakeKaggle, client_environment, point_kagglehub_at

    with tempfile.TemporaryDirectory() as home, FakeKaggle(raw).running() as kaggle:
        (Path(home) / "sitecustomize.py").write_text(point_kagglehub_at(kaggle.url), encoding="utf-8")
        catalog = Path(home) / "catalog"
        env = client_environment(Path(home) / "kaggle") | {"PYTHONPATH": home, "FILMOTECA_CATALOG_DIR": str(catalog)}
        # No raw folder set: the copy's data/raw, empty (so the sample) until the fetch fills it.
        server, url = start(code, **env)
        peak = TreePeak(server.pid)
        try:
            page = browser.new_context().new_page()
            open_when_up(page, url)
            page.locator('[data-testid="stMetricValue"]', has_text="2.993").first.wait_for(timeout=120_000)
            began = time.perf_counter()
            page.get_by_role("button", name="Descargar el dataset completo").click()
            page.locator('[data-testid="stMetricValue"]', has_text="45.378").first.wait_for(timeout=600_000)
            ready = time.perf_counter() - began
            deadline = time.perf_counter() + 600
            while time.perf_counter() < deadline and not measured(catalog):
                time.sleep(0.2)
            done = time.perf_counter() - began
            time.sleep(10)  # the pages load the full catalog and warm up: still within the peak
            return {"ready": ready, "measured": done, "peak": peak.stop()}
        finally:
            peak.stop()
            server.terminate()
            server.wait(timeout=30)


def cli_build_peak(code: Path, raw: Path) -> tuple[float, float]:
    """Peak memory (MiB) of `python -m core build` run from `code` on `raw`, and its seconds."""
    with tempfile.TemporaryDirectory() as out:
        began = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "core", "build", "--raw", str(raw), "--out", str(Path(out) / "catalog"), "--quiet"],
            cwd=code,
        )
        peak = TreePeak(process.pid)
        process.wait()
        return peak.stop(), time.perf_counter() - began


def first_starts(browser) -> None:
    print("\n1. A fresh copy started as Streamlit Community Cloud starts it (medians of 3 fresh starts)")
    starts, bare = [], []
    for _ in range(FRESH_STARTS):
        folder = fresh_copy()
        try:
            starts.append(first_start(browser, folder, "Preparando el catálogo", "2.993"))
            (folder / "bare.py").write_text(BARE_APP, encoding="utf-8")
            bare.append(first_start(browser, folder, "Películas", "0", "bare.py"))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    print("| | ours | a bare page (baseline) | target |\n| --- | ---: | ---: | ---: |")
    print(
        f"| something on screen | {median([s['visible'] for s in starts]):.1f} s | {median([b['visible'] for b in bare]):.1f} s | ≤ 2 s |"
    )
    print(f"| the sample's home page ready | {median([s['ready'] for s in starts]):.1f} s | | ≤ 5 s |")
    print(f"| the recommenders measured, in the background | {median([s['measured'] for s in starts]):.1f} s | | |")
    print(
        f"| peak memory of the server's process tree | {median([s['peak'] for s in starts]):.0f} MiB | {median([b['peak'] for b in bare]):.0f} MiB | ≤ {CLOUD_MEMORY_MB} MB |"
    )


def full_size(browser) -> None:
    raw = synthetic_raw(FULL_SIZE, ratings="full")
    print(f"\n2. The full-size synthetic files ({FULL_SIZE:,} movies, every rating: ratings.csv and links.csv)")
    baseline = fresh_copy(BASELINE)
    ours = fresh_copy()
    try:
        rows = []
        for name, code in (("ours", ours), (f"before ({BASELINE})", baseline)):
            inside = fetched_in_the_app(browser, code, raw)
            cli, seconds = cli_build_peak(code, raw)
            rows.append((name, inside, cli, seconds))
        print("| | fetched and built inside the app: peak | its figures on screen | measured | "
                  "`python -m core build`: peak | its seconds |")  # fmt: skip
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for name, inside, cli, seconds in rows:
            print(
                f"| {name} | {inside['peak']:.0f} MiB | {inside['ready']:.0f} s | {inside['measured']:.0f} s "
                f"| {cli:.0f} MiB | {seconds:.0f} s |"
            )
        print(f"(target: each peak ≤ {CLOUD_MEMORY_MB} MB)")
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(baseline)], cwd=ROOT, capture_output=True)
        shutil.rmtree(ours, ignore_errors=True)


def main() -> None:
    """`python bench/deploy.py [first-start] [full]`: both parts by default."""
    parts = sys.argv[1:] or ["first-start", "full"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        for part in parts:
            {"first-start": first_starts, "full": full_size}[part](browser)
        browser.close()


if __name__ == "__main__":
    main()
