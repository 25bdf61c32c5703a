"""A user's lists as files: an upload reads a bounded number of lines and takes only titles it is sure
of; a download neutralises what a spreadsheet would run, and reads back through the upload."""

from __future__ import annotations

import csv
import io
import random
import string

import pandas as pd
import pytest

from core import catalog as catalog_module
from core import csvsafe, lists
from core.build import build
from core.errors import NotFound
from core.search import TitleSearch
from tests.kaggle import movie, trap_credits, trap_movies, write_raw_dir


@pytest.fixture(scope="module")
def sample(sample_catalog_dir):
    loaded = catalog_module.load(sample_catalog_dir)
    return loaded, TitleSearch(loaded)


class Counting:
    """A title search that counts the titles it is asked."""

    def __init__(self, search: TitleSearch):
        self.search, self.asked = search, 0

    def exact(self, text: str):
        self.asked += 1
        return self.search.exact(text)


def _letters(rng: random.Random, count: int, shortest: int = 6, longest: int = 12) -> list[str]:
    return [
        "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(shortest, longest))) for _ in range(count)
    ]


@pytest.mark.sample
def test_an_upload_of_unknown_titles_reads_its_first_lines_only_and_says_it_stopped(sample):
    loaded, search = sample
    lines = _letters(random.Random(1), 120_000)
    data = "\n".join(["titulo", *lines]).encode()[: lists.MAX_UPLOAD_BYTES]  # a file of the largest size
    counting = Counting(search)
    found = lists.read_csv(data, loaded, counting)
    assert found.too_many and found.ids == ()
    assert counting.asked == len(found.not_found) == lists.MAX_MOVIES  # every line read counts, found or not


@pytest.mark.sample
def test_random_letters_name_no_movie(sample):
    loaded, search = sample
    junk = ["rexedcya", *_letters(random.Random(2), 20_000)]
    assert [text for text in junk if search.exact(text) is not None] == []


@pytest.mark.sample
@pytest.mark.parametrize(
    "text, title",
    [("Toy Stroy", "Toy Story"), ("jumanj", "Jumanji"), ("The Godfather", "The Godfather"), ("hamlet 1996", "Hamlet"),
     ("toy", None), ("hat", None), ("Hamlet", None), ("the godfather part", None)],
)  # fmt: skip
def test_a_title_counts_when_it_is_the_title_or_that_title_a_letter_off(sample, text, title):
    loaded, search = sample
    found = search.exact(text)
    assert (found.titulo if found else None) == title  # no prefix, no short near-word, no namesakes left


def test_a_download_writes_formulas_as_text_and_keeps_numbers():
    hostile = ['=HYPERLINK("http://evil.example/x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx", "Heat"]
    written = csvsafe.written(pd.DataFrame({"id": range(len(hostile)), "titulo": hostile, "retorno": [-1.5] * 7}))
    rows = list(csv.reader(io.StringIO(written, newline="")))[1:]
    assert [row[1] for row in rows] == ["'" + text for text in hostile[:-1]] + ["Heat"]
    assert {row[2] for row in rows} == {"-1.5"}  # a number is no formula
    assert [csvsafe.read_back(row[1]) for row in rows] == hostile


def test_a_downloaded_list_reads_back_through_the_upload_by_id_and_by_title(tmp_path):
    titles = {700: "+cmd|' /C calc'!A0", 701: '=HYPERLINK("http://evil.example/x")', 702: "@home"}
    raw = write_raw_dir(
        tmp_path / "raw", [*trap_movies(), *(movie(i, title) for i, title in titles.items())], trap_credits()
    )
    build(raw, tmp_path / "catalog")
    loaded = catalog_module.load(tmp_path / "catalog")
    written = lists.as_csv(loaded, [862, *titles])
    assert "'+cmd" in written and "'=HYPERLINK" in written and "'@home" in written
    search = TitleSearch(loaded)
    assert lists.read_csv(written.encode(), loaded, search).ids == (862, *titles)
    by_title = pd.read_csv(io.StringIO(written), dtype=str)[["titulo"]].to_csv(index=False)
    assert lists.read_csv(by_title.encode(), loaded, search).ids == (862, *titles)


@pytest.mark.sample
@pytest.mark.parametrize(
    "data",
    [
        "id;titulo;anio\r\n862;Toy Story;1995\r\n949;Heat;1995\r\n".encode("cp1252"),
        "titulo;anio\r\nToy Story;1995\r\nCafé au lait;1993\r\n".encode("cp1252"),
        "\ufefftitulo\tanio\r\nToy Story\t1995\r\nCafé au lait\t1993\r\n".encode(),
        "título,año\nToy Story,1995\nCafé au lait,1993\n".encode("latin-1"),
    ],
    ids=["Excel's semicolons", "cp1252's é", "UTF-8 with a BOM and tabs", "Latin-1 and commas"],
)
def test_a_list_reads_what_spreadsheets_write(sample, data):
    loaded, search = sample
    imported = lists.read_csv(data, loaded, search)
    titles = set(loaded.movies.set_index("id").loc[list(imported.ids), "title"])
    assert imported.not_found == () and len(titles) == 2  # both lines, each a movie
    assert "Toy Story" in titles and titles & {"Heat", "Café au Lait"}


def test_a_binary_file_is_no_csv_whatever_it_decodes_to(sample):
    loaded, search = sample
    with pytest.raises(NotFound) as refused:
        lists.read_csv(bytes(range(256)) * 20, loaded, search)
    assert refused.value.phrase.key == "lists.not_csv"
