"""`python -m core fetch` with the download client faked at its boundary: files in place, or nothing changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import requests

from core import cli
from core.build import fetch
from core.errors import DataError


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


def test_fetch_puts_the_three_files_in_place(trap_raw, raw_dir):
    download = serving(trap_raw)
    placed = fetch.fetch(raw_dir, download=download)
    assert sorted(path.name for path in placed) == ["credits.csv", "keywords.csv", "movies_metadata.csv"]
    assert download.served == ["movies_metadata.csv", "credits.csv", "keywords.csv"]
    for name in ("movies_metadata.csv", "credits.csv", "keywords.csv"):
        assert (raw_dir / name).read_bytes() == (trap_raw / name).read_bytes()
    assert (raw_dir / "notes.txt").read_text() == "mine\n"
    assert [path.name for path in raw_dir.parent.iterdir()] == ["raw"]  # no staging folder left behind


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
        (requests.Timeout("read timed out"), "unreachable"),
        (requests.HTTPError("429", response=type("R", (), {"status_code": 429})()), "rate limit"),
        (requests.HTTPError("404", response=type("R", (), {"status_code": 404})()), "changed"),
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
    steps: list[str] = []
    manifest = fetch.fetch_and_build(tmp_path / "raw", catalog_dir, report=steps.append)
    assert manifest["movies"] == 9  # the trap files, not the sample's 2,993
    assert manifest["inputs"]["movies"]["name"] == "movies_metadata.csv"
    assert any(step.startswith("credits.csv") for step in steps) and any("fit recommender" in s for s in steps)
