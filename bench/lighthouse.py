"""Benchmark: what each page costs a visitor's phone, by Lighthouse (mobile preset, its default
throttling) in Debian's chromium, beside a one-line Streamlit app measured in the same run.

The catalog is built from the embedded sample. Each page is measured RUNS times on one server; the
figures are medians: total blocking time, main-thread work, bytes sent, and the accessibility score.
Lighthouse comes from npm (bench/lighthouse/package.json, installed by `make bench`).
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from app import start_server
from common import OUT, ROOT, median

RUNS = 3
LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
BARE_APP = 'import streamlit as st\nst.write("Hola")\n'
# Each page at the address a visitor opens; the Recomendador with a movie, so with both lists.
PAGES = {
    "Inicio": "/",
    "Exploración": "/exploracion",
    "Consultas": "/consultas",
    "Recomendador, Toy Story": "/recomendador?q=Toy+Story&id=862",
    "Mis listas": "/listas?vistas=862,8844",
}
# What the targets bound: blocking time by page (ms), and the Recomendador against the bare app.
BLOCKING_TARGET_MS = {"Inicio": 300, "Consultas": 300, "Mis listas": 300, "Recomendador, Toy Story": 600}
BLOCKING_TARGET_MS["Exploración"] = 1000
WORK_RATIO, BYTES_RATIO = 2.5, 1.6
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
CHROME_FLAGS += "--disable-component-update --disable-sync"


def sample_catalog() -> Path:
    """A catalog built from data/sample (the movies and ratings the app starts with), kept under bench/out."""
    from core import schema
    from core.build import build

    folder = OUT / "catalog-sample"
    if not (folder / schema.MANIFEST_FILE).is_file():
        build(ROOT / "data" / "sample", folder)
    return folder


def audit(url: str) -> dict[str, float]:
    """One Lighthouse run of `url`: its blocking time and main-thread work (ms), bytes, accessibility."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        command = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet"]
        command += ["--only-categories=performance,accessibility", f"--chrome-flags={CHROME_FLAGS}"]
        env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
        subprocess.run(command, check=True, env=env, timeout=300, capture_output=True)
        found = json.loads(report.read_text(encoding="utf-8"))
    audits = found["audits"]
    accessibility = {ref["id"] for ref in found["categories"]["accessibility"]["auditRefs"]}
    failing = [
        name
        for name in accessibility
        if audits[name].get("score") == 0 and audits[name].get("scoreDisplayMode") == "binary"
    ]
    return {
        "blocking_ms": audits["total-blocking-time"]["numericValue"],
        "work_ms": audits["mainthread-work-breakdown"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "accessibility": round(found["categories"]["accessibility"]["score"] * 100),
        "failing": failing,
    }


def medians(runs: list[dict]) -> dict:
    """The medians of one page's audits, its lowest accessibility score, and the audits any run failed."""
    figures = {name: median([run[name] for run in runs]) for name in ("blocking_ms", "work_ms", "bytes")}
    figures["accessibility"] = min(run["accessibility"] for run in runs)
    figures["failing"] = sorted({name for run in runs for name in run["failing"]})
    return figures


def row(name: str, figures: dict, bare: dict) -> str:
    work = figures["work_ms"] / bare["work_ms"]
    size = figures["bytes"] / bare["bytes"]
    failing = f" ({', '.join(figures['failing'])})" if figures["failing"] else ""
    return (
        f"| {name} | {figures['blocking_ms']:,.0f} ms | {figures['work_ms'] / 1000:.1f} s ({work:.1f}×) "
        f"| {figures['bytes'] / 1e6:.1f} MB ({size:.2f}×) | {figures['accessibility']}{failing} |"
    )


def main() -> None:
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: npm ci --prefix bench/lighthouse")
    catalog = sample_catalog()
    with tempfile.TemporaryDirectory() as scratch:
        bare_script = Path(scratch) / "bare.py"
        bare_script.write_text(BARE_APP, encoding="utf-8")
        bare_server, bare_url = start_server(catalog, bare_script)
        server, url = start_server(catalog)
        try:
            addresses = {"bare": bare_url, **{name: url + path for name, path in PAGES.items()}}
            for address in addresses.values():  # a first run warms each server and the disk cache
                audit(address)
            runs: dict[str, list[dict]] = {name: [] for name in addresses}
            for _ in range(RUNS):  # the bare app and the pages in turn: each round in the same conditions
                for name, address in addresses.items():
                    runs[name].append(audit(address))
        finally:
            for running in (bare_server, server):
                running.terminate()
                running.wait()
    bare = medians(runs.pop("bare"))
    results = {name: medians(page_runs) for name, page_runs in runs.items()}
    print(f"Lighthouse, mobile preset, medians of {RUNS} runs, catalog from the sample")
    print("| page | blocking time | main-thread work (× bare) | bytes (× bare) | accessibility |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(row("bare Streamlit app", bare, bare))
    for name, figures in results.items():
        print(row(name, figures, bare))
    recommender = results["Recomendador, Toy Story"]
    print("targets:")
    for name, target in BLOCKING_TARGET_MS.items():
        print(
            f"  {name}: blocking {results[name]['blocking_ms']:,.0f} ms ≤ {target:,} ms: {results[name]['blocking_ms'] <= target}"
        )
    work = recommender["work_ms"] / bare["work_ms"]
    size = recommender["bytes"] / bare["bytes"]
    print(f"  Recomendador main-thread work {work:.2f}× ≤ {WORK_RATIO}×: {work <= WORK_RATIO}")
    print(f"  Recomendador bytes {size:.2f}× ≤ {BYTES_RATIO}×: {size <= BYTES_RATIO}")
    print(f"  accessibility 100 everywhere: {all(page['accessibility'] == 100 for page in results.values())}")


if __name__ == "__main__":
    main()
