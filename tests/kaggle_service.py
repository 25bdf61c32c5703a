"""A fake of Kaggle's dataset service on 127.0.0.1, for the real kagglehub client to download from.

kagglehub asks `POST /api/v1/datasets.DatasetApiService/GetDataset` for the current version, then
`POST …/DownloadDataset` per file, which redirects to the file (or to a zip of it, as Kaggle does for
large files). Each file can instead be refused (401/403) or stalled (the connection accepted, no answer).
"""

from __future__ import annotations

import io
import json
import threading
import zipfile
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

API = "/api/v1/datasets.DatasetApiService/"


class FakeKaggle:
    """Serves the files of `folder`; `modes` maps a file name to "plain" (default), "zip", "stall", 401 or 403."""

    def __init__(self, folder: Path, modes: dict[str, str | int] | None = None):
        self.folder, self.modes = Path(folder), dict(modes or {})
        self.asked: list[str] = []
        self.stop = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def _handler(self):
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                if self.path == API + "GetDataset":
                    return self._json(200, {"ref": "rounakbanik/the-movies-dataset", "currentVersionNumber": 7})
                if self.path != API + "DownloadDataset":
                    return self._json(404, {"code": 404, "message": "no such route"})
                name = body.get("fileName", "")
                service.asked.append(name)
                mode = service.modes.get(name, "plain")
                if mode == "stall":
                    service.stop.wait()  # accepted, never answered
                    return None
                if mode in (401, 403):
                    return self._json(mode, {"code": mode, "message": "Unauthenticated"})
                suffix = ".zip" if mode == "zip" else ""
                self.send_response(302)
                self.send_header("Location", f"{service.url}/files/{name}{suffix}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None

            def do_GET(self) -> None:
                name = self.path.removeprefix("/files/")
                plain = name.removesuffix(".zip")
                path = service.folder / plain
                if not path.is_file():
                    return self._json(404, {"code": 404, "message": "no such file"})
                data = path.read_bytes()
                if name.endswith(".zip"):
                    packed = io.BytesIO()
                    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
                        archive.writestr(plain, data)
                    data = packed.getvalue()
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return None

            def _json(self, status: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler

    @contextmanager
    def running(self):
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.stop.set()
            self.server.shutdown()
            self.server.server_close()


def client_environment(home: Path, credentials: dict[str, str] | None = None) -> dict[str, str]:
    """Environment variables that point kagglehub at the fake (its LOCALHOST environment), with no
    credentials of this machine's (or the ones given) and its cache under `home`."""
    home.mkdir(parents=True, exist_ok=True)
    return {
        "KAGGLE_API_ENVIRONMENT": "LOCALHOST",
        "KAGGLE_CONFIG_DIR": str(home / "kaggle-config"),
        "KAGGLEHUB_CACHE": str(home / "kagglehub-cache"),
        **(credentials or {}),
    }


def point_kagglehub_at(url: str) -> str:
    """Python that points kagglehub's LOCALHOST environment at `url` (kagglesdk reads the table per client)."""
    return (
        "import kagglesdk.kaggle_env as kaggle_env\n"
        f"kaggle_env._env_to_endpoint[kaggle_env.KaggleEnv.LOCAL] = {url!r}\n"
    )
