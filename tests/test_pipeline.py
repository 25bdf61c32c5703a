"""The pipeline on tiny raw files that hold every trap of the real ones."""

from __future__ import annotations

import gzip
import json
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from core import schema
from core.build import build, writer
from core.errors import DataError
from core.schema import CATALOG_FILE, MANIFEST_FILE
from tests.kaggle import credit, movie, trap_credits, trap_movies, write_raw_dir


def catalog_of(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / CATALOG_FILE)


def manifest_of(out: Path) -> dict:
    return json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))


def dropped(manifest: dict, step: str) -> int:
    return next(s["dropped"] for s in manifest["steps"] if s["step"] == step)


def by_id(catalog: pd.DataFrame, movie_id: int) -> pd.Series:
    rows = catalog[catalog["id"] == movie_id]
    assert len(rows) == 1
    return rows.iloc[0]


def test_a_record_broken_over_two_lines_is_dropped_whole_and_counted(trap_catalog_dir):
    manifest, catalog = manifest_of(trap_catalog_dir), catalog_of(trap_catalog_dir)
    assert dropped(manifest, "movies: corrupt rows") == 1  # the shifted second line, whose id is a date
    assert 82663 not in set(catalog["id"])  # the first line has the real id but no release date
    assert "Midnight Man" not in set(catalog["title"])


def test_duplicate_ids_keep_the_first_occurrence(trap_catalog_dir):
    catalog = catalog_of(trap_catalog_dir)
    assert dropped(manifest_of(trap_catalog_dir), "movies: duplicate ids") == 1
    assert by_id(catalog, 862)["title"] == "Toy Story"


def test_missing_and_invalid_release_dates_are_dropped_and_counted(trap_catalog_dir):
    titles = set(catalog_of(trap_catalog_dir)["title"])
    assert dropped(manifest_of(trap_catalog_dir), "movies: release date") == 3  # with the broken record's stub
    assert not {"No Date", "Bad Date"} & titles


def test_no_date_cut_keeps_the_oldest_and_newest_movies(trap_catalog_dir):
    years = set(catalog_of(trap_catalog_dir)["release_year"])
    assert {1902, 2020} <= years


def test_manifest_counts_add_up_to_the_catalog(trap_catalog_dir):
    manifest = manifest_of(trap_catalog_dir)
    movie_steps = [s for s in manifest["steps"] if s["step"].startswith("movies")]
    assert movie_steps[0]["rows_in"] == len(trap_movies()) + 1  # the broken record is two rows
    assert movie_steps[-1]["rows_out"] == manifest["movies"] == len(catalog_of(trap_catalog_dir))
    assert all(s["rows_in"] - s["dropped"] == s["rows_out"] for s in manifest["steps"])


def test_missing_money_is_zero_dollars_as_integers(trap_catalog_dir):
    old = by_id(catalog_of(trap_catalog_dir), 5)
    assert (old["budget"], old["revenue"]) == (0, 0)
    assert catalog_of(trap_catalog_dir)["budget"].dtype == "int64"


def test_return_is_revenue_over_budget_and_zero_without_budget(trap_catalog_dir):
    catalog = catalog_of(trap_catalog_dir)
    assert by_id(catalog, 862)["return"] == pytest.approx(373554033 / 30000000)
    assert by_id(catalog, 9)["return"] == 0.0


def test_nested_fields_are_parsed_into_lists(trap_catalog_dir):
    spanish = by_id(catalog_of(trap_catalog_dir), 4)
    assert list(spanish["production_country_codes"]) == ["ES"]
    assert list(spanish["production_countries"]) == ["Spain"]
    assert list(spanish["spoken_language_codes"]) == ["es"]
    assert list(spanish["production_companies"]) == ["El Deseo S.A.", 'Studio "Quote" O\'Neil']


def test_empty_nested_lists_stay_empty(trap_catalog_dir):
    future = by_id(catalog_of(trap_catalog_dir), 6)
    assert (len(future["genres"]), len(future["production_countries"])) == (0, 0)
    assert pd.isna(future["collection"])


def test_collection_is_its_name(trap_catalog_dir):
    assert by_id(catalog_of(trap_catalog_dir), 863)["collection"] == "Toy Story Collection"


def test_credits_are_joined_by_movie_id_not_by_row_position(trap_catalog_dir):
    catalog = catalog_of(trap_catalog_dir)
    assert list(by_id(catalog, 4)["directors"]) == ["Pedro Almodóvar"]
    assert list(by_id(catalog, 862)["directors"]) == ["John Lasseter"]
    assert list(by_id(catalog, 863)["directors"]) == ["John Lasseter", "Ash Brannon", "Lee Unkrich"]


def test_cast_keeps_the_top_five_in_billing_order(trap_catalog_dir):
    cast = list(by_id(catalog_of(trap_catalog_dir), 862)["cast"])
    assert cast == ["Tom Hanks", "Tim Allen", "Don Rickles", "Jim Varney", "Wallace Shawn"]


def test_names_with_quotes_and_backslashes_survive_parsing(trap_catalog_dir):
    old = by_id(catalog_of(trap_catalog_dir), 5)
    assert list(old["cast"]) == ['Dwayne "The Rock" O\'Johnson', "Back\\slash Kid"]
    assert list(old["directors"]) == ["Søren O'Brien"]


def test_repeated_credit_ids_keep_the_first(trap_catalog_dir):
    assert dropped(manifest_of(trap_catalog_dir), "credits: duplicate ids") == 1


def test_movies_without_credits_get_empty_lists(trap_catalog_dir):
    assert list(by_id(catalog_of(trap_catalog_dir), 6)["directors"]) == []


def test_manifest_counts_the_movies_with_a_director(trap_catalog_dir):
    with_director = int((catalog_of(trap_catalog_dir)["directors"].map(len) > 0).sum())
    assert 0 < with_director < manifest_of(trap_catalog_dir)["movies"]
    assert manifest_of(trap_catalog_dir)["credited_movies"] == with_director


def test_a_manifest_written_before_that_count_gets_it_when_read(trap_catalog_dir):
    manifest = manifest_of(trap_catalog_dir)
    counted = manifest.pop("credited_movies")
    (trap_catalog_dir / MANIFEST_FILE).write_text(json.dumps(manifest), encoding="utf-8")
    assert schema.read_manifest(trap_catalog_dir)["credited_movies"] == counted


def test_keywords_are_joined_when_given(trap_catalog_dir):
    assert list(by_id(catalog_of(trap_catalog_dir), 863)["keywords"]) == ["toy", "sequel"]


def test_keywords_file_is_optional(tmp_path):
    raw = write_raw_dir(tmp_path / "raw", trap_movies(), trap_credits())
    build(raw, tmp_path / "out")
    assert all(len(words) == 0 for words in catalog_of(tmp_path / "out")["keywords"])


def test_unknown_runtime_empty_or_zero_stays_missing(trap_catalog_dir):
    catalog = catalog_of(trap_catalog_dir)
    assert pd.isna(by_id(catalog, 9)["runtime"]) and pd.isna(by_id(catalog, 11)["runtime"])


def test_manifest_describes_inputs_steps_and_versions(trap_catalog_dir, trap_raw):
    manifest = manifest_of(trap_catalog_dir)
    movies_input = manifest["inputs"]["movies"]
    assert movies_input["name"] == "movies_metadata.csv"
    assert movies_input["bytes"] == (trap_raw / "movies_metadata.csv").stat().st_size
    assert len(movies_input["sha256"]) == 64
    assert {"pandas", "pyarrow", "python"} <= set(manifest["versions"])
    assert manifest["build_seconds"] >= 0


def test_course_file_name_and_compressed_inputs_are_accepted(tmp_path):
    raw = write_raw_dir(tmp_path / "raw", trap_movies(), trap_credits(), movies_name="movies_dataset.csv")
    with (raw / "credits.csv").open("rb") as plain, gzip.open(raw / "credits.csv.gz", "wb") as packed:
        shutil.copyfileobj(plain, packed)
    with zipfile.ZipFile(raw / "movies_dataset.csv.zip", "w") as archive:
        archive.write(raw / "movies_dataset.csv", "movies_dataset.csv")
    (raw / "credits.csv").unlink()
    (raw / "movies_dataset.csv").unlink()
    manifest = build(raw, tmp_path / "out")
    assert manifest["inputs"]["movies"]["name"] == "movies_dataset.csv.zip"
    assert manifest["movies"] == len(catalog_of(tmp_path / "out")) == 9


def test_same_input_gives_the_same_bytes_in_one_process_or_two(trap_raw, tmp_path):
    first, second = build(trap_raw, tmp_path / "a"), build(trap_raw, tmp_path / "b", workers=2)
    written = sorted(path.name for path in (tmp_path / "a").iterdir())
    assert written == sorted(path.name for path in (tmp_path / "b").iterdir())
    for name in set(written) - {MANIFEST_FILE}:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    timing = ("built_at", "build_seconds")
    assert {k: v for k, v in first.items() if k not in timing} == {k: v for k, v in second.items() if k not in timing}


def leftovers(folder: Path) -> list[str]:
    """What a build may leave beside its catalog besides the catalog, its versions and its lock: nothing."""
    return sorted(
        p.name for p in folder.iterdir() if p.name.startswith(".") and not p.name.endswith((".versions", ".lock"))
    )


def test_rebuilding_swaps_in_a_new_version_keeps_the_one_before_and_leaves_no_temporary_folders(trap_raw, tmp_path):
    out = tmp_path / "catalog"
    for _ in range(3):
        build(trap_raw, out)
    assert out.is_symlink() and (out / CATALOG_FILE).is_file()
    versions = sorted(p.name for p in writer.versions_folder(out).iterdir())
    assert len(versions) == 2 and out.resolve().name == versions[-1]  # the current one and the one before
    assert leftovers(tmp_path) == []


def test_a_catalog_built_before_versions_is_kept_as_the_previous_one(trap_catalog_dir, trap_raw, tmp_path):
    old = tmp_path / "old-style"
    shutil.copytree(trap_catalog_dir, old)  # a real folder, as earlier builds wrote
    build(trap_raw, old)
    assert old.is_symlink()
    assert [p.name.startswith("before-") for p in sorted(writer.versions_folder(old).iterdir())] == [False, True]


def test_the_catalog_is_whole_at_every_instant_of_a_rebuild(trap_raw, tmp_path):
    # A reader polling the catalog folder while it is rebuilt again and again never finds it missing:
    # the swap is one rename of the link (before: two renames, with no catalog between them).
    import threading

    out = tmp_path / "catalog"
    build(trap_raw, out)
    missing, done = [], threading.Event()

    def read() -> None:
        while not done.is_set():
            if not (out / MANIFEST_FILE).is_file() or not (out / CATALOG_FILE).is_file():
                missing.append(1)

    reader = threading.Thread(target=read)
    reader.start()
    for _ in range(5):
        build(trap_raw, out)
    done.set()
    reader.join()
    assert missing == []


def test_a_reader_reads_one_build_whatever_is_swapped_in_meanwhile(trap_raw, tmp_path):
    out = tmp_path / "catalog"
    build(trap_raw, out)
    resolved = schema.require(out)
    build(trap_raw, out)
    assert resolved != out.resolve() and (resolved / MANIFEST_FILE).is_file()  # the build before is still whole


def test_a_second_build_into_the_same_folder_waits_or_says_one_is_running(trap_raw, tmp_path):
    out = tmp_path / "catalog"
    with writer.build_lock(out):  # as another process's build would hold it
        import threading

        result = {}
        waiting = threading.Thread(target=lambda: result.update(error=_build_error(trap_raw, out, wait=0)))
        waiting.start()
        waiting.join()
        assert isinstance(result["error"], writer.BuildRunning)
        assert "another build is writing" in str(result["error"]) and "ya se está construyendo" in result["error"].say(
            "es"
        )
    build(trap_raw, out, wait=0)  # free again
    assert schema.exists(out)


def _build_error(raw, out, wait):
    try:
        build(raw, out, wait=wait)
    except DataError as error:
        return error
    return None


def test_a_build_removes_the_staging_folders_of_killed_builds(trap_raw, tmp_path):
    out = tmp_path / "catalog"
    for name in (".catalog.building-999999-abcd", ".catalog.building-xyz"):  # a dead pid, an older naming
        (tmp_path / name).mkdir()
        (tmp_path / name / "catalog.parquet").write_bytes(b"half written")
    build(trap_raw, out)
    assert leftovers(tmp_path) == []


def test_a_failed_build_leaves_the_previous_catalog_untouched(trap_catalog_dir, tmp_path, monkeypatch):
    before = (trap_catalog_dir / CATALOG_FILE).read_bytes()

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(writer, "swap_in", fail)
    with pytest.raises(RuntimeError):
        build(tmp_path / "raw", trap_catalog_dir)
    assert (trap_catalog_dir / CATALOG_FILE).read_bytes() == before
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    "rows",
    [
        [movie(1, "No date", release_date="")],
        [movie("1997-08-20", "Shifted")],
        [movie(2, "", release_date="2000-01-01"), movie(3, "Bad date", release_date="2000-13-45")],
    ],
    ids=["no dates", "shifted ids", "no titles or bad dates"],
)
def test_a_movies_file_with_no_valid_row_is_a_data_error_saying_why(tmp_path, rows):
    raw = write_raw_dir(tmp_path / "raw", rows, trap_credits())
    with pytest.raises(DataError, match="none of its") as raised:
        build(raw, tmp_path / "out")
    assert "ninguna de sus" in raised.value.say("es")
    assert not (tmp_path / "out").exists()


def test_bad_raw_files_leave_the_previous_catalog_untouched(trap_catalog_dir, tmp_path):
    before = (trap_catalog_dir / CATALOG_FILE).read_bytes()
    bad = write_raw_dir(tmp_path / "bad", [movie(1, "Only")], [credit(1)])
    (bad / "credits.csv").write_text("not,the,right,columns\n1,2,3,4\n")
    with pytest.raises(DataError):
        build(bad, trap_catalog_dir)
    assert (trap_catalog_dir / CATALOG_FILE).read_bytes() == before


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda raw: (raw / "credits.csv").unlink(), "no credits.csv"),
        (lambda raw: (raw / "credits.csv").write_text("a,b\n1,2\n"), "missing columns cast, crew, id"),
        (lambda raw: (raw / "credits.csv").write_text(""), "empty"),
        (
            lambda raw: (raw / "movies_metadata.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe" * 50),
            "movies_metadata.csv",
        ),
    ],
    ids=["missing file", "wrong columns", "empty file", "not csv"],
)
def test_bad_input_raises_a_data_error_naming_the_problem(trap_raw, tmp_path, damage, message):
    damage(trap_raw)
    with pytest.raises(DataError, match=message):
        build(trap_raw, tmp_path / "out")


def test_truncated_gzip_is_a_data_error(trap_raw, tmp_path):
    packed = gzip.compress((trap_raw / "movies_metadata.csv").read_bytes())
    (trap_raw / "movies_metadata.csv").unlink()
    (trap_raw / "movies_metadata.csv.gz").write_bytes(packed[: len(packed) // 2])
    with pytest.raises(DataError, match="truncated or corrupt"):
        build(trap_raw, tmp_path / "out")


def _timeless(value):
    """A manifest without what depends on the clock (when built, how long each stage took)."""
    if isinstance(value, dict):
        return {k: _timeless(v) for k, v in value.items() if k not in ("built_at", "build_seconds", "seconds")}
    if isinstance(value, list):
        return [_timeless(item) for item in value]
    return value


def test_a_catalog_measured_later_is_the_one_the_build_measures(tmp_path):
    """The app's first start serves a catalog built without measuring, then measures it in the background:
    the same files, byte for byte, and the same figures as a build that measures."""
    from core.build import measure
    from core.build.synth import write_raw_files

    raw = write_raw_files(tmp_path / "raw", movies=600, seed=3, ratings="small")["movies_metadata"].parent
    build(raw, tmp_path / "measured")
    quick = build(raw, tmp_path / "later", measure=False)
    assert quick["measured"] is False and quick["quality"] is None
    later = measure(raw, tmp_path / "later")
    assert later["measured"] is True and later["quality"]["models"]
    files = {path.name for path in (tmp_path / "measured").iterdir()} - {MANIFEST_FILE}
    assert files == {path.name for path in (tmp_path / "later").iterdir()} - {MANIFEST_FILE}
    for name in files:
        assert (tmp_path / "later" / name).read_bytes() == (tmp_path / "measured" / name).read_bytes(), name
    assert _timeless(manifest_of(tmp_path / "later")) == _timeless(manifest_of(tmp_path / "measured"))


def test_measuring_on_other_ratings_than_the_catalogs_is_refused_and_keeps_it(tmp_path):
    from core.build import measure
    from core.build.synth import write_raw_files

    raw = write_raw_files(tmp_path / "raw", movies=300, seed=3, ratings="small")["movies_metadata"].parent
    build(raw, tmp_path / "out", measure=False)
    before = {path.name: path.read_bytes() for path in (tmp_path / "out").iterdir()}
    (raw / "ratings_small.csv").write_text((raw / "ratings_small.csv").read_text() + "1,1,4.0,964982703\n")
    with pytest.raises(DataError) as refused:
        measure(raw, tmp_path / "out")
    assert refused.value.phrase.key == "build.measure_other_ratings"
    assert {path.name: path.read_bytes() for path in (tmp_path / "out").iterdir()} == before


def test_measuring_a_catalog_measured_meanwhile_leaves_it_as_it_is(tmp_path):
    """A measuring queued behind a build that measured (a download finished first) changes nothing."""
    from core.build import measure
    from core.build.synth import write_raw_files

    raw = write_raw_files(tmp_path / "raw", movies=300, seed=3, ratings="small")["movies_metadata"].parent
    built = build(raw, tmp_path / "out")
    before = {path.name: path.read_bytes() for path in (tmp_path / "out").iterdir()}
    assert measure(raw, tmp_path / "out") == built
    assert {path.name: path.read_bytes() for path in (tmp_path / "out").iterdir()} == before
