"""Logs: the doors configure them; the API logs every 5xx with its traceback and can log access; long jobs log stages."""

from __future__ import annotations

import logging
import subprocess
import sys
import time
import urllib.request

from fastapi.testclient import TestClient

from core import logs
from core.api import create_app
from core.build import build, fetch
from core.service import Service
from tests.browser import free_port
from tests.test_cli_build import ROOT
from tests.test_fetch import serving


def test_a_bug_behind_a_route_is_a_json_500_and_logs_its_traceback(trap_catalog_dir, monkeypatch, caplog):
    def broken(self, *arguments):
        raise RuntimeError("a bug, not the user's question")

    monkeypatch.setattr(Service, "top", broken)
    client = TestClient(create_app(trap_catalog_dir), raise_server_exceptions=False)
    with caplog.at_level(logging.ERROR, logger="core.api"):
        answer = client.get("/top")
    assert answer.status_code == 500 and set(answer.json()) == {"error", "sugerencias"}
    [record] = [record for record in caplog.records if record.name == "core.api"]
    assert "500 on GET /top" in record.getMessage()
    assert record.exc_info and "a bug, not the user's question" in str(record.exc_info[1])


def serve(catalog, *options: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [sys.executable, "-m", "core", "serve", "--port", str(port), "--catalog", str(catalog), *options]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(f"{url}/health", timeout=1)
            return server, url
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise AssertionError(server.communicate()[1])


def stop(server: subprocess.Popen) -> str:
    server.terminate()
    return server.communicate(timeout=20)[1]


def test_the_access_log_is_on_when_asked(trap_catalog_dir):
    server, url = serve(trap_catalog_dir, "--access-log")
    urllib.request.urlopen(f"{url}/franquicia/toy%20story").read()
    assert '"GET /franquicia/toy%20story HTTP/1.1" 200' in stop(server)


def test_the_access_log_is_off_by_default(trap_catalog_dir):
    server, url = serve(trap_catalog_dir)
    urllib.request.urlopen(f"{url}/franquicia/toy%20story").read()
    log = stop(server)
    assert "Uvicorn running" in log and "GET /franquicia" not in log


def test_the_server_hands_the_projects_loggers_to_uvicorns_settings():
    settings = logs.uvicorn_config()
    assert settings["loggers"]["core"]["handlers"] == ["project"]
    assert settings["loggers"]["uvicorn.error"]  # its own kept


def test_the_build_logs_each_stage(trap_raw, tmp_path, caplog):
    with caplog.at_level(logging.INFO, logger="core.build"):
        manifest = build(trap_raw, tmp_path / "out")
    stages = [record.getMessage() for record in caplog.records if record.name == "core.build.pipeline"]
    assert any(stage.startswith(f"clean and parse movies: {manifest['movies']} rows") for stage in stages)
    assert any(stage.startswith("fit recommender") for stage in stages)


def test_the_fetch_logs_each_file(trap_raw, tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(fetch, "MIN_BYTES", dict.fromkeys(fetch.MIN_BYTES, 100))
    with caplog.at_level(logging.INFO, logger="core.build.fetch"):
        fetch.fetch(tmp_path / "raw", download=serving(trap_raw))
    downloaded = [record.getMessage() for record in caplog.records if record.name == "core.build.fetch"]
    assert [line.split(":")[0] for line in downloaded] == [
        "downloaded movies_metadata.csv",
        "downloaded credits.csv",
        "downloaded keywords.csv",
        "ratings_small.csv is not on Kaggle",  # the trap files have no ratings: each pair said, and left out
        "ratings.csv is not on Kaggle",
    ]


def test_core_prints_nothing_itself():
    # The doors print (the command line's answers) and configure logging; core's modules only log.
    printing = [
        path.relative_to(ROOT)
        for path in (ROOT / "core").rglob("*.py")
        if path.name != "cli.py" and "print(" in path.read_text(encoding="utf-8")
    ]
    assert printing == []
