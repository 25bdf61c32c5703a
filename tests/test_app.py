"""Every page through Streamlit's AppTest, against the trap catalog (or none)."""

from __future__ import annotations

import gc
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")


@pytest.fixture
def app(trap_catalog_dir, monkeypatch) -> AppTest:
    monkeypatch.setenv("FILMOTECA_CATALOG_DIR", str(trap_catalog_dir))
    return AppTest.from_file(APP, default_timeout=60)


def open_page(app: AppTest, page: str, **params: str) -> AppTest:
    app.switch_page(f"pages/{page}.py")
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception
    return app


# A card's face (pages.widgets.face, five to a row's st.html): its title links to its card, its last link to its own
# recommendations.
_CARD_FACE = re.compile(
    r'<a class="card-title" href="([^"]*)" target="_self" data-key="title-([^"]*)"><strong>(.*?)</strong> '
    r'\((\d{4})\)</a><p class="card-reason">(.*?)</p><a class="card-similar" href="([^"]*)"',
    re.DOTALL,
)


@dataclass(frozen=True)
class Card:
    key: str  # <list>-<id>: parecidas-862, gustos-862, top-278, described-862
    title: str
    year: int
    reason: str
    card_link: str
    similar_link: str


def cards(app: AppTest, row: str = "") -> list[Card]:
    """Every movie card on the page (or one `row` of them: parecidas, gustos, top), in order, as its face reads."""
    found = [match for element in app.html for match in _CARD_FACE.finditer(element.proto.body)]
    faces = [
        Card(match[2], html.unescape(match[3]), int(match[4]), *map(html.unescape, (match[5], match[1], match[6])))
        for match in found
    ]
    return [face for face in faces if face.key.startswith(row)]


def listed_ids(app: AppTest) -> list[list[int]]:
    """The ids of the movies each of Mis listas' tables shows, table by table, in order (their titles' links)."""
    tables = [element.proto.body for element in app.html if '<table class="movies">' in element.proto.body]
    return [[int(movie_id) for movie_id in re.findall(r'data-key="list-movie-(\d+)"', table)] for table in tables]


def follow(link: str, page: str) -> AppTest:
    """The page a card's link loads: a new session, its state read from the link."""
    params = parse_qs(urlsplit(link).query, keep_blank_values=True)
    loaded = AppTest.from_file(APP, default_timeout=60)
    return open_page(
        loaded, page, **{name: values if len(values) > 1 else values[0] for name, values in params.items()}
    )


def test_home_shows_the_catalog_figures_from_the_manifest(app, trap_catalog_dir):
    app.run()
    assert not app.exception
    assert [metric.value for metric in app.metric][:2] == ["9", "1902–2020"]
    assert "Filas descartadas al construir" in [header.value for header in app.header]
    dropped = app.table[0].value.set_index("Paso")  # a plain table, its columns named in Spanish
    manifest_drops = {
        step["step"]
        for step in json.loads((trap_catalog_dir / "manifest.json").read_text())["steps"]
        if step["dropped"]
    }
    assert len(dropped) == len(manifest_drops)
    assert dropped.loc["películas: ids repetidos", "Motivo"] == "id ya visto; se conserva el primero"


def test_the_loaded_catalog_is_kept_out_of_the_cycle_collectors_way(app):
    gc.unfreeze()
    app.run()
    assert gc.get_freeze_count() > 0  # else every full collection walks the whole catalog (bench/app.py)


def test_what_the_app_loads_holds_no_reference_cycles(sample_catalog_dir):
    # The app freezes what it loads without unfreezing it again: a catalog that a rebuild replaces
    # is then freed by reference counting alone, which a cycle would prevent.
    from core import catalog, recommender
    from core.search import TitleSearch

    loaded = catalog.load(sample_catalog_dir, skip=catalog.PAGES_SKIP)
    resources = [
        loaded,
        loaded.lookups.warm(),
        recommender.load(sample_catalog_dir, loaded.movies),
        TitleSearch(loaded),
    ]
    gc.collect()  # what loading left behind
    gc.disable()
    try:
        del loaded, resources
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_english_labels_can_be_chosen_in_the_sidebar(app):
    app.run()
    app.sidebar.selectbox[0].select("en").run()
    assert "Rows dropped by the build" in [header.value for header in app.header]
    assert "movies: duplicate ids" in set(app.table[0].value["Step"])


def test_every_page_renders_without_exceptions(app):
    for page in ("inicio", "exploracion", "consultas", "recomendador"):
        open_page(app, page)


def test_a_query_form_submits_and_shows_sentence_metrics_and_table(app):
    open_page(app, "consultas", fn="get_director")
    app.selectbox[0].select("John Lasseter")
    app.button[0].click().run()
    assert "El director John Lasseter tiene un retorno total" in app.subheader[0].value
    assert [metric.label for metric in app.metric] == ["Retorno total", "Películas"]
    assert len(app.dataframe[0].value) == 2
    assert app.query_params["arg"] == "John Lasseter"


def test_a_second_query_in_the_same_form_answers_the_new_name(app):
    open_page(app, "consultas", fn="get_director")
    app.selectbox[0].select("John Lasseter")
    app.button[0].click().run()
    app.selectbox[0].select("Kenneth Branagh")
    app.button[0].click().run()
    assert app.subheader[0].value.startswith("El director Kenneth Branagh")
    assert app.query_params["arg"] == "Kenneth Branagh"


def test_query_params_run_the_query_on_load(app):
    open_page(app, "consultas", fn="franquicia", arg="toy story")
    assert app.subheader[0].value.startswith("La franquicia Toy Story Collection posee 2 películas")
    assert app.selectbox[0].value == "toy story"


def test_not_found_offers_suggestions_that_run_the_query(app):
    open_page(app, "consultas", fn="get_director", arg="Jon Laseter")
    assert "Sin resultados" in app.warning[0].value
    suggestion = next(button for button in app.button if button.label == "John Lasseter")
    suggestion.click().run()
    assert "John Lasseter" in app.subheader[0].value
    assert app.selectbox[0].value == "John Lasseter"


def test_what_the_user_typed_is_shown_as_text_not_markdown(app):
    open_page(app, "recomendador", q="**zz$qq$**")
    assert "«\\*\\*zz\\$qq\\$\\*\\*»" in app.warning[0].value
    open_page(app, "consultas", fn="get_director", arg="_nadie_")
    assert "«\\_nadie\\_»" in app.warning[0].value


def test_titles_are_free_text(app):
    open_page(app, "consultas", fn="peliculas_duracion")
    app.text_input[0].input("Hamlet")
    app.button[0].click().run()
    assert app.subheader[0].value.startswith("Hay 2 películas llamadas Hamlet")
    app.text_input[0].input("Toy Story 2")
    app.button[0].click().run()
    assert app.subheader[0].value.startswith("Toy Story 2 fue estrenada en el año 1999")


def test_recommender_finds_a_typo_and_shows_both_lists_each_saying_what_it_holds(app):
    open_page(app, "recomendador", q="toy stroy")
    assert app.header[0].value.startswith("Toy Story")
    assert [header.value for header in app.subheader] == ["Parecidas", "Les gustó también"]
    similar = [(card.title, card.year) for card in cards(app, "parecidas")]
    assert similar == [("Toy Story 2", 1999)]  # the trap catalog's one other animated movie
    assert app.info[0].value.startswith("Este catálogo se construyó sin valoraciones")


def test_ambiguous_titles_offer_a_choice_kept_in_the_url(app):
    open_page(app, "recomendador", q="Hamlet")
    app.radio[0].set_value(app.radio[0].options[1]).run()
    assert app.header[0].value.startswith("Hamlet")
    assert app.query_params["id"]


def test_clicking_a_recommendation_makes_it_the_new_query(app):
    open_page(app, "recomendador", q="Toy Story")
    app = follow(cards(app)[0].similar_link, "recomendador")
    assert app.query_params["q"] == "Toy Story 2 1999"  # the first card: same collection
    assert app.query_params["id"] == "863"  # the very movie, should it have namesakes that year
    assert app.header[0].value == "Toy Story 2 \\(1999\\)"
    assert app.text_input[0].value == "Toy Story 2 1999"


def test_a_second_search_answers_the_new_title(app):
    open_page(app, "recomendador", q="Toy Story")
    app.text_input[0].input("Hamlet 1948").run()
    assert app.header[0].value == "Hamlet \\(1948\\)"
    assert app.query_params["q"] == "Hamlet 1948"


def test_without_a_catalog_nor_raw_files_every_page_shows_the_setup_panel(tmp_path, monkeypatch):
    monkeypatch.setenv("FILMOTECA_CATALOG_DIR", str(tmp_path / "none"))
    monkeypatch.setenv("FILMOTECA_RAW_DIR", str(tmp_path / "no raw files"))
    app = AppTest.from_file(APP, default_timeout=60)
    for page in ("inicio", "exploracion", "consultas", "recomendador"):
        open_page(app, page)
        assert app.header[0].value == "Falta el catálogo"


class Upload:
    """What st.file_uploader hands the page: a name and the bytes."""

    def __init__(self, path: Path, name: str | None = None):
        self.name = name or path.name
        self._data = path.read_bytes()

    def getbuffer(self) -> memoryview:
        return memoryview(self._data)


def test_uploaded_files_build_the_catalog_with_progress(trap_raw, tmp_path):
    from pages.setup import build_from_uploads

    stages = []
    uploads = [Upload(trap_raw / name) for name in ("movies_metadata.csv", "credits.csv", "keywords.csv")]
    manifest = build_from_uploads(uploads, tmp_path / "catalog", stages.append)
    assert manifest["movies"] == 9
    assert "fit recommender" in [stage.stage for stage in stages]
    assert (tmp_path / "catalog" / "catalog.parquet").is_file()


def test_a_bad_upload_is_a_clear_error_and_keeps_the_catalog(trap_raw, trap_catalog_dir):
    from core.errors import DataError
    from pages.setup import build_from_uploads

    before = (trap_catalog_dir / "catalog.parquet").read_bytes()
    uploads = [Upload(trap_raw / "movies_metadata.csv"), Upload(trap_raw / "keywords.csv", name="credits.csv")]
    with pytest.raises(DataError, match="credits.csv: missing columns cast, crew"):
        build_from_uploads(uploads, trap_catalog_dir, lambda stage: None)
    assert (trap_catalog_dir / "catalog.parquet").read_bytes() == before
