"""`python -m core fetch`: with the download client faked at its boundary, and with the real kagglehub client
against a fake of Kaggle's service (plain and zipped files, a stalled server, refused credentials, a kill)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from core import cli
from core.build import fetch
from core.errors import DataError
from core.i18n import words
from tests.kaggle_service import FakeKaggle, client_environment, point_kagglehub_at
from tests.test_cli_build import ROOT


@pytest.fixture(autouse=True)
def small_files_are_plausible(monkeypatch):
    """The fakes serve the trap files (a few KB), not the real 230 MB."""
    monkeypatch.setattr(fetch, "MIN_BYTES", dict.fromkeys(fetch.MIN_BYTES, 100))


def serving(raw: Path, broken: str | None = None, error: Exception | None = None):
    """A fake kagglehub download serving the files of `raw`; `broken` fails with `error` (or is garbage)."""
    served = []

    def download(name: str, folder: Path) -> Path:
        served.append(name)
        if name == broken and error is not None:
            raise error
        if not (raw / name).is_file():  # as Kaggle answers for a file the dataset lacks
            missing = requests.Response()
            missing.status_code = 404
            raise requests.HTTPError("404 Client Error: Not Found", response=missing)
        target = folder / name
        if name == broken:
            target.write_text("<html>" + "x" * 500 + "</html>\n")
        else:
            shutil.copy(raw / name, target)
        return target

    download.served = served
    return download


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())} if folder.exists() else {}


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    """A raw folder that already holds an older download, which a failed fetch must keep."""
    folder = tmp_path / "data" / "raw"
    folder.mkdir(parents=True)
    (folder / "movies_metadata.csv").write_text("old movies\n")
    (folder / "notes.txt").write_text("mine\n")
    return folder


ALL_FILES = ["movies_metadata.csv", "credits.csv", "keywords.csv", "ratings_small.csv", "links_small.csv"]
FULL_FILES = ["ratings.csv", "links.csv"]


def with_ratings(raw: Path) -> Path:
    ratings = "userId,movieId,rating,timestamp\n1,1,4.5,964982703\n1,3,4.0,964981247\n2,1,3.0,964982931\n"
    (raw / "ratings_small.csv").write_text(ratings + "2,7,5.0,964983815\n")  # MovieLens 7 leads to no movie
    links = "movieId,imdbId,tmdbId\n1,0114709,862\n3,0113228,863\n7,0114319,\n"  # 7: no TMDB id, as 13 real rows
    (raw / "links_small.csv").write_text(links + "".join(f"{n},{n:07d},\n" for n in range(10, 14)))
    return raw


def with_full_ratings(raw: Path) -> Path:
    """ratings.csv and links.csv as the full files hold them: CRLF, sorted by person then movie."""
    ratings = "userId,movieId,rating,timestamp\r\n1,1,4.0,964982703\r\n1,3,5.0,964981247\r\n3,1,2.5,964982931\r\n"
    ratings += "".join(f"{person},3,4.5,96498{person:04d}\r\n" for person in range(4, 20))
    (raw / "ratings.csv").write_bytes(ratings.encode())
    (raw / "links.csv").write_bytes((raw / "links_small.csv").read_text().replace("\n", "\r\n").encode())
    return raw


def test_fetch_puts_the_three_files_in_place_and_builds_without_ratings_kaggle_lacks(trap_raw, raw_dir):
    download = serving(trap_raw)
    placed = fetch.fetch(raw_dir, download=download)
    assert sorted(path.name for path in placed) == ["credits.csv", "keywords.csv", "movies_metadata.csv"]
    assert download.served == ALL_FILES[:4] + FULL_FILES[:1]  # each pair's ratings asked for, and 404
    for name in ("movies_metadata.csv", "credits.csv", "keywords.csv"):
        assert (raw_dir / name).read_bytes() == (trap_raw / name).read_bytes()
    assert (raw_dir / "notes.txt").read_text() == "mine\n"
    assert [path.name for path in raw_dir.parent.iterdir()] == ["raw"]  # no staging folder left behind


def test_fetch_also_puts_the_ratings_in_place_and_the_build_reads_them(trap_raw, raw_dir, tmp_path):
    from core.build import build

    placed = fetch.fetch(raw_dir, download=serving(with_ratings(trap_raw)))
    assert sorted(path.name for path in placed) == sorted(ALL_FILES)
    for name in ALL_FILES:
        assert (raw_dir / name).read_bytes() == (trap_raw / name).read_bytes()
    manifest = build(raw_dir, tmp_path / "catalog")
    read = manifest["ratings"]
    assert (read["ratings"], read["of_catalog_movies"], read["of_other_movies"], read["people"]) == (4, 3, 1, 2)
    assert read["not_a_rating"] == 0
    assert manifest["quality"] is None  # two people, neither held out with three liked movies


@pytest.mark.parametrize("broken", ["ratings_small.csv", "links.csv"])
def test_a_ratings_pair_that_fails_is_left_out_said_and_the_rest_placed(trap_raw, raw_dir, broken):
    raw = with_full_ratings(with_ratings(trap_raw))
    heard = []
    error = requests.ConnectionError("connection reset") if broken == "links.csv" else None
    placed = fetch.fetch(raw_dir, download=serving(raw, broken=broken, error=error), report=heard.append)
    pair = {"ratings_small.csv", "links_small.csv"} if broken == "ratings_small.csv" else {"ratings.csv", "links.csv"}
    assert {path.name for path in placed} == set(ALL_FILES + FULL_FILES) - pair
    assert not pair & {path.name for path in raw_dir.iterdir()}
    (failed,) = [phrase for phrase in heard if phrase.key == "fetch.ratings_failed"]
    said = failed.said(words("en"))
    assert broken in said and "the catalog is built without" in said


def test_the_full_ratings_are_fetched_unless_the_small_ones_alone_are_asked_for(trap_raw, raw_dir):
    raw = with_full_ratings(with_ratings(trap_raw))
    download = serving(raw)
    fetch.fetch(raw_dir, download=download)
    assert download.served == ALL_FILES + FULL_FILES
    light = serving(raw)
    fetch.fetch(raw_dir.parent / "light", download=light, ratings="small")
    assert light.served == ALL_FILES


def test_a_failure_in_the_middle_leaves_the_raw_folder_unchanged(trap_raw, raw_dir):
    before = snapshot(raw_dir)
    download = serving(trap_raw, broken="credits.csv", error=requests.ConnectionError("connection reset"))
    with pytest.raises(DataError, match="credits.csv"):
        fetch.fetch(raw_dir, download=download)
    assert snapshot(raw_dir) == before
    assert [path.name for path in raw_dir.parent.iterdir()] == ["raw"]


def test_a_file_that_is_not_the_dataset_is_refused_and_nothing_moves(trap_raw, raw_dir):
    before = snapshot(raw_dir)
    with pytest.raises(DataError, match="keywords.csv lacks the columns id, keywords"):
        fetch.fetch(raw_dir, download=serving(trap_raw, broken="keywords.csv"))
    assert snapshot(raw_dir) == before


def test_an_implausibly_small_file_is_refused(trap_raw, raw_dir, monkeypatch):
    monkeypatch.setattr(fetch, "MIN_BYTES", {**fetch.MIN_BYTES, "credits": 10_000_000})
    with pytest.raises(DataError, match="too small for the real file"):
        fetch.fetch(raw_dir, download=serving(trap_raw))
    assert (raw_dir / "movies_metadata.csv").read_text() == "old movies\n"


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (requests.ConnectionError("Failed to resolve 'api.kaggle.com'"), "unreachable"),
        (requests.Timeout("read timed out"), "stopped sending data"),
        (requests.ConnectTimeout("connect timed out"), "could not connect to Kaggle within 10 s"),
        (requests.HTTPError("429", response=type("R", (), {"status_code": 429})()), "rate limit"),
        (requests.HTTPError("404", response=type("R", (), {"status_code": 404})()), "changed"),
        (requests.HTTPError("401", response=type("R", (), {"status_code": 401})()), "needs none"),
    ],
)
def test_offline_or_refused_is_exit_2_and_one_line_with_the_manual_route(
    trap_raw, raw_dir, monkeypatch, capsys, error, reason
):
    monkeypatch.setattr(fetch, "kagglehub_download", serving(trap_raw, broken="movies_metadata.csv", error=error))
    before = snapshot(raw_dir)
    assert cli.main(["fetch", "--out", str(raw_dir)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert reason in err and "kaggle.com/datasets/rounakbanik/the-movies-dataset" in err and "data/raw" in err
    assert snapshot(raw_dir) == before


def test_fetch_and_build_swaps_in_a_catalog_of_the_downloaded_files(
    trap_raw, tmp_path, sample_catalog_dir, monkeypatch
):
    monkeypatch.setattr(fetch, "kagglehub_download", serving(trap_raw))
    catalog_dir = tmp_path / "catalog"
    shutil.copytree(sample_catalog_dir, catalog_dir)
    reported = []
    manifest = fetch.fetch_and_build(tmp_path / "raw", catalog_dir, report=reported.append)
    assert manifest["movies"] == 9  # the trap files, not the sample's 2,993
    assert manifest["inputs"]["movies"]["name"] == "movies_metadata.csv"
    english = [phrase.said(words("en")) for phrase in reported]
    assert any(step.startswith("credits.csv: ") for step in english) and "fit recommender" in " ".join(english)
    spanish = " ".join(phrase.said(words("es")) for phrase in reported)  # each line in the interface's language
    assert "ajustar el recomendador: 9 filas en" in spanish and "rows" not in spanish


# The real kagglehub client against a fake of Kaggle's service.


@pytest.fixture
def kaggle(trap_raw, tmp_path, monkeypatch):
    """A fake Kaggle serving the trap files, which the real kagglehub client in this process talks to."""
    import kagglesdk.kaggle_env as kaggle_env

    for name in ("KAGGLE_API_TOKEN", "KAGGLE_USERNAME", "KAGGLE_KEY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in client_environment(tmp_path / "home").items():
        monkeypatch.setenv(name, value)
    started = []

    def serve(**modes):
        service = FakeKaggle(trap_raw, modes)
        started.append(service.running())
        started[-1].__enter__()
        monkeypatch.setitem(kaggle_env._env_to_endpoint, kaggle_env.KaggleEnv.LOCAL, service.url)
        return service

    yield serve
    for running in started:
        running.__exit__(None, None, None)


def staging_left(raw_dir: Path) -> list[str]:
    return [path.name for path in raw_dir.parent.iterdir() if path.name != raw_dir.name]


def test_the_real_client_puts_plain_and_zipped_files_in_place_byte_for_byte(kaggle, trap_raw, raw_dir, capfd):
    service = kaggle(**{"credits.csv": "zip", "links_small.csv": "zip", "ratings.csv": "zip"})
    with_full_ratings(with_ratings(service.folder))
    fetch.fetch(raw_dir)
    assert service.asked == ALL_FILES + FULL_FILES
    for name in ALL_FILES + FULL_FILES:
        assert (raw_dir / name).read_bytes() == (trap_raw / name).read_bytes()
    assert staging_left(raw_dir) == []
    assert capfd.readouterr().out == ""  # kagglehub's own lines are silenced; answers own stdout


def test_a_stalled_server_is_exit_2_in_one_line_and_leaves_nothing(kaggle, raw_dir, monkeypatch, capfd):
    monkeypatch.setattr(fetch, "TIMEOUTS", (1, 2))  # the real ones are 10 s and 60 s (below, as a user runs it)
    kaggle(**{"credits.csv": "stall"})
    before = snapshot(raw_dir)
    started = time.monotonic()
    assert cli.main(["fetch", "--out", str(raw_dir)]) == 2
    assert time.monotonic() - started < 15
    out, err = capfd.readouterr()
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert out == "" and len(lines) == 1
    assert "credits.csv" in lines[0] and "stopped sending data" in lines[0] and "data/raw" in lines[0]
    assert snapshot(raw_dir) == before and staging_left(raw_dir) == []


@pytest.mark.parametrize("status", [401, 403])
def test_refused_credentials_say_a_public_dataset_needs_none_and_where_they_are(kaggle, raw_dir, monkeypatch, status):
    monkeypatch.setenv("KAGGLE_USERNAME", "someone")
    monkeypatch.setenv("KAGGLE_KEY", "stale")
    kaggle(**{"movies_metadata.csv": status})
    with pytest.raises(DataError) as refused:
        fetch.fetch(raw_dir)
    message = str(refused.value)
    assert f"HTTP {status}" in message and "needs none" in message and "kaggle.json" in message
    assert "found: KAGGLE_USERNAME, KAGGLE_KEY" in message
    assert staging_left(raw_dir) == []


def run_fetch(service_url: str, raw_dir: Path, home: Path, minimum_bytes: bool = False) -> subprocess.Popen:
    """`python -m core fetch` in a process of its own, kagglehub pointed at the fake (tiny files allowed)."""
    code = point_kagglehub_at(service_url)
    if not minimum_bytes:
        code += "import core.build.fetch as fetch\nfetch.MIN_BYTES = dict.fromkeys(fetch.MIN_BYTES, 100)\n"
    code += f"from core.cli import main\nraise SystemExit(main(['fetch', '--out', {str(raw_dir)!r}]))\n"
    env = {name: value for name, value in os.environ.items() if not name.startswith("KAGGLE")}
    env |= client_environment(home)
    return subprocess.Popen(
        [sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_a_kill_during_a_download_unwinds_and_removes_the_staging_folder(trap_raw, raw_dir, tmp_path):
    service = FakeKaggle(trap_raw, {"credits.csv": "stall"})
    with service.running():
        process = run_fetch(service.url, raw_dir, tmp_path / "home")
        for _ in range(200):  # until the credits are asked for: the movies are then in the staging folder
            if "credits.csv" in service.asked:
                break
            time.sleep(0.05)
        assert staging_left(raw_dir)  # the download under way
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 130 and out == "" and "Traceback" not in err
    assert staging_left(raw_dir) == []
    assert (raw_dir / "movies_metadata.csv").read_text() == "old movies\n"


def test_a_stalled_server_fails_the_command_within_90_seconds(trap_raw, raw_dir, tmp_path):
    # As a user meets it: the real timeouts, the real command, a server that accepts and never answers.
    service = FakeKaggle(trap_raw, {"movies_metadata.csv": "stall"})
    with service.running():
        started = time.monotonic()
        process = run_fetch(service.url, raw_dir, tmp_path / "home", minimum_bytes=True)
        out, err = process.communicate(timeout=120)
        elapsed = time.monotonic() - started
    assert process.returncode == 2 and elapsed < 90 and out == ""
    assert err.strip().splitlines()[-1].startswith("error: could not download movies_metadata.csv")
    assert staging_left(raw_dir) == []
