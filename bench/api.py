"""Benchmark: the HTTP API under a bounded loopback load, against its own /health and the course's way.

`python -m core serve` (one uvicorn worker) on the full-size synthetic catalog. A client in another
process opens CONNECTIONS keep-alive connections and sends REQUESTS each, then stops. Three loads,
one run: /health alone (the ceiling: the framework with no work); the seven routes with every path
asked once (nothing comes from the answer cache); the seven routes mixed, drawn with repeats from
the same paths (70% known names in odd casing, 15% typos, 15% unknown names); and the course's
approach, a server whose six routes scan the DataFrame per request, on the same inputs. Prints throughput, p50/p99 latency, errors
and the server's RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import psutil
from common import FULL_SIZE, ROOT, median, percentile, synthetic_catalog
from queries import known_names, seed_style, varied_inputs

from core import catalog as catalog_module
from core import queries

CONNECTIONS = 16
REQUESTS = 400  # per connection
POPULAR = 100  # distinct questions per route in the mixed load
COURSE_REQUESTS = 25  # per connection: the course's way takes about half a second each


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def mixed_paths(folder: Path, rng: random.Random, routes: list[str]) -> list[str]:
    """Request paths over `routes`, with varied names from the catalog."""
    loaded = catalog_module.load(folder)
    inputs = {
        function: [text for _, text in varied_inputs(known_names(loaded, function), rng)]
        for function in queries.QUERIES
    }
    inputs["recomendacion"] = inputs["peliculas_duracion"]
    paths = {f"/{route}/{quote(text, safe='')}" for route in routes for text in inputs[route]}
    return sorted(paths)


def paths_of(paths: list[str], route: str) -> list[str]:
    return [path for path in paths if path.startswith(f"/{route}/")]


async def one_connection(port: int, paths: list[str], latencies: list[float], statuses: list[int]) -> None:
    """Send `paths` one after another on one keep-alive connection; record each latency and status."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for path in paths:
            started = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode())
            status_line = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            await reader.readexactly(length)
            latencies.append((time.perf_counter() - started) * 1000)
            statuses.append(int(status_line.split()[1]))
    finally:
        writer.close()


def load(port: int, paths: list[str], rng: random.Random, requests: int = REQUESTS, distinct: bool = False) -> dict:
    """CONNECTIONS connections × `requests` drawn from `paths` (each path once when `distinct`); figures."""
    if distinct:
        shuffled = rng.sample(paths, CONNECTIONS * requests)
        plans = [shuffled[i * requests : (i + 1) * requests] for i in range(CONNECTIONS)]
    else:
        plans = [[rng.choice(paths) for _ in range(requests)] for _ in range(CONNECTIONS)]
    latencies: list[float] = []
    statuses: list[int] = []

    async def everyone() -> None:
        await asyncio.gather(*(one_connection(port, plan, latencies, statuses) for plan in plans))

    started = time.perf_counter()
    asyncio.run(everyone())
    seconds = time.perf_counter() - started
    return {
        "requests": len(statuses),
        "throughput": len(statuses) / seconds,
        "p50": median(latencies),
        "p99": percentile(latencies, 99),
        "errors": sum(status >= 500 for status in statuses),
        "unexpected": sum(status not in (200, 404) for status in statuses),
    }


def start(command: list[str], port: int, env: dict | None = None) -> subprocess.Popen:
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(240):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
            return server
        except OSError:
            time.sleep(0.25)
    server.kill()
    raise SystemExit(f"server did not start: {' '.join(command)}")


def rss_mb(server: subprocess.Popen) -> float:
    return psutil.Process(server.pid).memory_info().rss / 1e6


def show(label: str, figures: dict) -> None:
    print(
        f"{label:<40} {figures['throughput']:8,.0f} req/s  p50 {figures['p50']:6.1f} ms  p99 {figures['p99']:6.1f} ms"
        f"  errors {figures['errors']}  unexpected {figures['unexpected']}  of {figures['requests']:,}"
    )


def course_app():
    """The course's API: the catalog in a DataFrame, each route a full-table scan per request."""
    from fastapi import FastAPI

    movies = catalog_module.load(Path(os.environ["BENCH_CATALOG"])).movies
    app = FastAPI()

    @app.get("/health")
    def health() -> dict:
        return {"status": "ok"}

    for function in queries.QUERIES:

        def route(argument: str, function: str = function) -> dict:
            return {"answer": str(seed_style(movies, function, argument))[:200]}

        app.get(f"/{function}/{{argument:path}}")(route)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.parse_args()
    folder = synthetic_catalog(FULL_SIZE, ratings="full")
    rng = random.Random(0)
    routes = [*queries.QUERIES, "recomendacion"]
    ours_paths = mixed_paths(folder, rng, routes)
    # The mixed load asks POPULAR questions per route again and again, as users and graders do; the
    # cold load asks each question once, so that nothing comes from the answer cache.
    popular_paths = [path for route in routes for path in rng.sample(paths_of(ours_paths, route), POPULAR)]
    course_paths = [path for path in popular_paths if not path.startswith("/recomendacion/")]
    print(f"API benchmark: {FULL_SIZE:,} synthetic movies, {CONNECTIONS} keep-alive connections × {REQUESTS} requests")

    port = free_port()
    ours = start([sys.executable, "-m", "core", "serve", "--port", str(port), "--catalog", str(folder)], port)
    try:
        idle = rss_mb(ours)
        health = load(port, ["/health"], rng)
        cold = load(port, ours_paths, rng, requests=len(ours_paths) // CONNECTIONS // 2, distinct=True)
        mixed = load(port, popular_paths, rng)
        loaded_rss = rss_mb(ours)
    finally:
        ours.terminate()
        ours.wait()

    port = free_port()
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "api:course_app",
        "--factory",
        "--app-dir",
        "bench",
        "--port",
        str(port),
    ]
    course = start(command + ["--no-access-log"], port, env={**os.environ, "BENCH_CATALOG": str(folder)})
    try:
        course_mixed = load(port, course_paths, rng, requests=COURSE_REQUESTS)
        course_rss = rss_mb(course)
    finally:
        course.terminate()
        course.wait()

    show("ours: /health (baseline)", health)
    show("ours: seven routes, each question new", cold)
    show(f"ours: seven routes, {POPULAR} questions each", mixed)
    show(f"course's way: six routes, {POPULAR} each", course_mixed)
    print(
        f"throughput against /health: {mixed['throughput'] / health['throughput']:.0%} with repeated questions,"
        f" {cold['throughput'] / health['throughput']:.0%} with each question new"
    )
    print(f"ours / course's way throughput: {mixed['throughput'] / course_mixed['throughput']:.1f}x")
    print(
        f"server RSS: ours {idle:.0f} MB at start, {loaded_rss:.0f} MB after the load; course's way {course_rss:.0f} MB"
    )
    print(json.dumps({"health": health, "cold": cold, "mixed": mixed, "course": course_mixed, "rss_mb": loaded_rss}))


if __name__ == "__main__":
    main()
