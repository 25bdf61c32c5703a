"""What every page shares: the cached catalog and models, labels, and the first-run setup panel."""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import re
import runpy
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from core import config, i18n, lists, schema
from core.errors import DataError, NotFound

if TYPE_CHECKING:
    from core.catalog import Catalog
    from core.describe import Describer
    from core.recommender import Recommender
    from core.search import TitleSearch
    from core.wordcounts import WordCounts

logger = logging.getLogger(__name__)
# How long a page waits for a build another process is writing into the catalog folder.
WAIT_FOR_A_BUILD = 300.0

# Markdown's punctuation, & included (else &lt;b&gt; shows as <b>), and ":" before a letter, where
# Streamlit reads :material/icon:, :emoji: and :red[colour] (a backslash does not stop it; a word
# joiner, which shows as nothing, does).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$&])")
_DIRECTIVE = re.compile(r":(?=\w)")
# What markdown turns into a link by itself (GFM's autolinks: www., a scheme and its colon, an address
# with @), whatever the backslashes: a word joiner there breaks the pattern and shows as nothing.
_AUTOLINK = re.compile(r"(?i)\b(?:www(?=\.)|(?:https?|ftp|mailto|xmpp)(?=:))|(?=@)")
_LINE_BREAK = re.compile(r"\s*[\r\n]+\s*")  # with === or --- on the next line, a heading
ENTRY_POINT = config.PROJECT_ROOT / "streamlit_app.py"
NAVIGATED = "filmoteca_navigated"


@contextlib.contextmanager
def navigating():
    """The entry point's run: its pages run inside the app's st.navigation while it lasts."""
    st.session_state[NAVIGATED] = True
    try:
        yield
    finally:  # a rerun or a stop raised in a page comes through here too
        st.session_state.pop(NAVIGATED, None)


def enter_through_the_app() -> None:
    """Run the entry point instead, when Streamlit ran this page's script directly.

    A pages/ folder makes Streamlit route a fresh server's first deep link (e.g. /consultas)
    straight to pages/consultas.py, skipping the entry point and its st.navigation (and so the
    language, the lists and the movie card the link holds); the entry point then serves the same
    page with the app's navigation. (AppTest runs a page so on every run.)
    """
    if NAVIGATED not in st.session_state:
        runpy.run_path(str(ENTRY_POINT))
        st.stop()


LANGUAGE_PARAM = "lang"
LANGUAGE_CHOICE = "language-choice"


def language() -> str:
    return st.session_state.get("language", i18n.DEFAULT_LANGUAGE)


def choose_language() -> None:
    """The interface language: from the URL (`?lang=en`) at a session's start, then the sidebar's
    choice, written back to the URL so that a reload or a shared link keeps it.

    The choice lives in session state, apart from the widget: a page switch may redraw the widget
    afresh, and it then starts from the language chosen, not from the first option.
    """
    if "language" not in st.session_state:
        asked = st.query_params.get(LANGUAGE_PARAM, "")
        st.session_state["language"] = asked if asked in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE
    options = list(i18n.LANGUAGES)
    st.sidebar.selectbox(
        i18n.label("language", language()),
        options,
        index=options.index(language()),
        format_func=i18n.LANGUAGES.get,
        key=LANGUAGE_CHOICE,
        on_change=lambda: st.session_state.update(language=st.session_state[LANGUAGE_CHOICE]),
    )
    wanted = language() if language() != i18n.DEFAULT_LANGUAGE else None
    if st.query_params.get(LANGUAGE_PARAM) != wanted:
        if wanted:
            st.query_params[LANGUAGE_PARAM] = wanted
        else:
            del st.query_params[LANGUAGE_PARAM]


def set_params(values: dict) -> None:
    """Replace the page's URL parameters with `values`, keeping what every page keeps: the interface
    language, the user's lists and the movie card open. Every value bounded (`link_value`)."""
    kept = {LANGUAGE_PARAM: language()} if language() != i18n.DEFAULT_LANGUAGE else {}
    kept |= _lists_in_link()
    if CARD in st.query_params:
        kept[CARD] = st.query_params[CARD]
    st.query_params.from_dict({name: link_value(name, value) for name, value in {**values, **kept}.items()})


# What the app writes into its own link is bounded, so that the link always reloads (the server takes
# 64 kB; with every list full, the link stays under 32 kB): a list of ids holds at most lists.MAX_MOVIES
# ids of at most MAX_ID_DIGITS digits (a TMDB id has 6), a text at most MAX_LINK_TEXT characters (a
# title, a name), a repeated value (genres) at most MAX_LINK_VALUES.
MAX_LINK_TEXT = 200
MAX_ID_DIGITS = 10
MAX_LINK_VALUES = 50


def link_value(name: str, value: str | list) -> str | list[str]:
    """`value` as the link may hold it: see MAX_LINK_TEXT."""
    if isinstance(value, (list, tuple)):
        return [link_value(name, one) for one in value[:MAX_LINK_VALUES]]
    if name in ID_PARAMS:
        return ",".join(map(str, _numbers([str(value)])[: lists.MAX_MOVIES]))
    return str(value)[:MAX_LINK_TEXT]


# The user's lists (seen, not interested, watchlist): in the session, started from the link and
# written back to it on every run (a page switch empties the URL). No server-side storage.
LISTS = "user-lists"
# What adding a movie to a list takes it out of: a movie saved to watch is not seen nor turned down.
LEAVES = {lists.SEEN: (lists.WATCHLIST,), lists.NOT_INTERESTED: (lists.WATCHLIST,)}
LEAVES[lists.WATCHLIST] = (lists.SEEN, lists.NOT_INTERESTED)
LIST_ICONS = {
    lists.SEEN: ":material/visibility:",
    lists.NOT_INTERESTED: ":material/block:",
    lists.WATCHLIST: ":material/bookmark_add:",
}


def user_lists() -> dict[str, list[int]]:
    """The session's lists of movie ids, by name (`vistas`, `descartadas`, `pendientes`)."""
    if LISTS not in st.session_state:
        st.session_state[LISTS] = {name: url_numbers(name)[: lists.MAX_MOVIES] for name in lists.LISTS}
    return st.session_state[LISTS]


def hidden_ids() -> list[int]:
    """The movies never to recommend nor to list in a top chart: seen or not interesting."""
    kept = user_lists()
    return list(dict.fromkeys(movie_id for name in lists.HIDDEN for movie_id in kept[name]))


def _lists_in_link() -> dict[str, str]:
    return {name: ",".join(map(str, ids)) for name, ids in user_lists().items() if ids}


def keep_lists_in_link() -> None:
    """Called by the entry point on every run: the link holds the lists, whatever page is open."""
    written = _lists_in_link()
    for name in lists.LISTS:
        if st.query_params.get(name) != written.get(name):
            if name in written:
                st.query_params[name] = written[name]
            else:
                del st.query_params[name]


def _put(kept: dict[str, list[int]], name: str, movie_id: int) -> None:
    """The movie into the list `name`, and out of the lists it excludes."""
    kept[name] = [*kept[name], movie_id][-lists.MAX_MOVIES :]
    for other in LEAVES[name]:
        kept[other] = [listed for listed in kept[other] if listed != movie_id]


def toggle_in_list(name: str, movie_id: int) -> None:
    """A list button's callback: the movie into the list `name` (out of those it excludes), or out of it."""
    kept = user_lists()
    if movie_id in kept[name]:
        kept[name] = [other for other in kept[name] if other != movie_id]
    else:
        _put(kept, name, movie_id)
    keep_lists_in_link()


def add_to_list(name: str, ids: list[int] | tuple[int, ...]) -> None:
    """The movies into the list `name` (those already there stay), the link written once."""
    kept = user_lists()
    for movie_id in ids:
        if movie_id not in kept[name]:
            _put(kept, name, movie_id)
    keep_lists_in_link()


def list_buttons(movie_id: int, key: str) -> None:
    """The three list buttons of a movie ("Ya la vi", "No me interesa", "Guardar"), on when it is listed."""
    kept = user_lists()
    with st.container(horizontal=True, gap="small"):
        for name in lists.LISTS:
            listed = movie_id in kept[name]
            st.button(
                t(f"mark_{name}"),
                key=f"{key}-{name}",
                icon=":material/check:" if listed else LIST_ICONS[name],
                type="primary" if listed else "secondary",
                on_click=toggle_in_list,
                args=(name, movie_id),
            )


def list_menu(movie_id: int, key: str) -> None:
    """The three list buttons folded into one small menu (a movie's place among several cards),
    its button marked when the movie is on a list."""
    listed = any(movie_id in kept for kept in user_lists().values())
    with st.popover(t("lists_menu"), icon=":material/bookmarks:", type="primary" if listed else "secondary"):
        list_buttons(movie_id, key)


def import_list(uploader_key: str, target_key: str) -> None:
    """The uploader's callback: the movies of the CSV into the list chosen; what it found is said after,
    and the uploader is emptied for the next file (the file let go). A file over the size a list takes
    is refused here, unread: the browser's limit is only the browser's."""
    upload, name = st.session_state.get(uploader_key), st.session_state.get(target_key, lists.WATCHLIST)
    if upload is None:
        return
    st.session_state[UPLOADS] = st.session_state.get(UPLOADS, 0) + 1
    _, search = recommender_and_search()
    try:
        if upload.size > lists.MAX_UPLOAD_BYTES:
            raise lists.too_large()
        found = lists.read_csv(upload.getvalue(), catalog(), search)
    except NotFound as error:
        st.session_state[IMPORTED] = ("error", error.say(language()))
        return
    add_to_list(name, found.ids)
    said = [t("imported").format(list=t(name), count=i18n.count(len(found.ids), language()))]
    if found.not_found:
        said.append(f"{t('not_in_catalog')}: {', '.join(found.not_found[:20])}{'…' * (len(found.not_found) > 20)}")
    if found.too_many:
        said.append(t("too_many").format(count=lists.MAX_MOVIES))
    st.session_state[IMPORTED] = ("warning" if found.not_found or found.too_many else "success", " · ".join(said))


IMPORTED = "list-imported"
UPLOADS = "lists-uploaded"  # files taken so far: the uploader's key, so that each file gets a fresh one


def uploader_key() -> str:
    return f"list-upload-{st.session_state.get(UPLOADS, 0)}"


# A movie's card: a dialog, open while the link says ?pelicula=ID.
CARD = "pelicula"


def open_card(movie_id: int) -> None:
    """A title's callback: open that movie's card (the next run shows it)."""
    st.query_params[CARD] = str(movie_id)


def close_card() -> None:
    """The card's dismissal: out of the link, so that the next run does not open it again, and the
    tables drawn anew, so that the row that opened it is no longer selected and opens it again."""
    if CARD in st.query_params:
        del st.query_params[CARD]
    st.session_state[CARDS_CLOSED] = st.session_state.get(CARDS_CLOSED, 0) + 1


CARDS_CLOSED = "cards-closed"


def title_button(movie_id: int, title: str, year: int, key: str) -> None:
    """A movie's title (in bold) and year, that opens its card."""
    label = f"**{escape(title)}** ({year})"
    st.button(label, key=key, type="tertiary", on_click=open_card, args=(movie_id,), help=t("open_card"))


def show_asked_card() -> None:
    """Called by the entry point on every run: the card of the movie the link names, as a dialog."""
    if CARD not in st.query_params:
        return
    from core import details

    asked = url_number(CARD)
    try:
        if asked is None:
            raise NotFound("card.not_a_number")
        card = details.details(catalog(), asked)
    except NotFound as error:
        st.dialog(t("open_card"), on_dismiss=close_card)(_no_card)(error.say(language()))
        return
    title = escape(f"{card.titulo} ({card.anio})")
    st.dialog(title, width="large", on_dismiss=close_card)(_card_body)(card)


def _no_card(message: str) -> None:
    st.warning(escape(message))


def _money(value: int | None) -> str:
    return f"$ {i18n.count(value, language())}" if value else t("unknown")


def _card_body(card) -> None:
    """Everything about one movie, its links, its list buttons, and its own recommendations."""
    left, right = st.columns([1, 2])
    if card.poster_url:
        left.image(card.poster_url, width="stretch")
    else:
        left.caption(t("no_poster"))
    facts = [str(card.anio)]
    if card.duracion:
        facts.append(f"{card.duracion} min")
    facts.append(", ".join(i18n.genre_name(genre, language()) for genre in card.generos))
    right.caption(escape(" · ".join(filter(None, facts))))
    right.write(escape(card.resumen))
    if card.directores or card.reparto:
        right.markdown(f"**{t('directed_by')}:** {escape(', '.join(card.directores) or '—')}")
        right.markdown(f"**{t('cast')}:** {escape(', '.join(card.reparto) or '—')}")
    else:
        right.caption(t("no_credits"))
    if card.coleccion:
        right.markdown(f"**{t('collection')}:** {escape(card.coleccion)}")
        for other in card.otras_de_la_coleccion[:12]:
            with right:
                if st.button(escape(f"{other.titulo} ({other.anio})"), key=f"card-sibling-{other.id}", type="tertiary"):
                    open_card(other.id)
                    st.rerun()
    numbers = st.columns(5)
    numbers[0].metric(t("budget"), _money(card.presupuesto))
    numbers[1].metric(t("revenue"), _money(card.ingresos))
    numbers[2].metric(t("return"), i18n.decimal(card.retorno, language()) if card.retorno else t("unknown"))
    numbers[3].metric(t("rating"), f"{i18n.decimal(card.nota, language(), 1)} ★")
    numbers[4].metric(t("votes").capitalize(), i18n.count(card.votos, language()))
    with st.container(horizontal=True, gap="small"):
        st.link_button("TMDB", card.tmdb_url, icon=":material/open_in_new:")
        if card.imdb_url:
            st.link_button("IMDb", card.imdb_url, icon=":material/open_in_new:")
        st.link_button(t("where_to_watch"), card.donde_verla_url, icon=":material/live_tv:", type="primary")
        st.link_button(t("trailer"), card.trailer_url, icon=":material/smart_display:")
    with st.container(horizontal=True, gap="small"):
        list_buttons(card.id, "card")
        if st.button(t("see_similar"), key="card-similar", icon=":material/movie:"):
            st.session_state.update(q=f"{card.titulo} {card.anio}", chosen=card.id, liked=[])
            close_card()
            st.switch_page("pages/recomendador.py")


def movie_table(table, key: str, column_config: dict | None = None, in_fragment: bool = False) -> None:
    """A table of movies (an `id` column among them) in which a row opens the movie's card."""
    key = f"{key}-{st.session_state.get(CARDS_CLOSED, 0)}"  # a new table (no row selected) once a card closes
    st.dataframe(
        table,
        key=key,
        hide_index=True,
        column_config=column_config,
        on_select=functools.partial(_open_selected, key, tuple(int(movie_id) for movie_id in table["id"])),
        selection_mode="single-row",
    )
    if in_fragment and st.session_state.pop(OPENING, False):
        st.rerun(scope="app")  # the card opens on the app's run, not the fragment's


OPENING = "opening-card"


def _open_selected(key: str, ids: tuple[int, ...]) -> None:
    rows = st.session_state[key].selection.rows
    if rows and rows[0] < len(ids):
        open_card(ids[rows[0]])
        st.session_state[OPENING] = True


def movie_columns() -> dict:
    """How a table of movies (id, titulo, anio, nota, votos: `lists.table`) names and shows its columns."""
    return {
        "id": st.column_config.NumberColumn("id", format="%d"),
        "titulo": st.column_config.TextColumn(t("titulo")),
        "anio": st.column_config.NumberColumn(t("anio"), format="%d"),
        "nota": st.column_config.NumberColumn(t("rating"), format="%.1f ★"),
        "votos": st.column_config.NumberColumn(t("votes").capitalize(), format="%d"),
    }


# Charts you can click: the movies selected in one chart are kept in the session, and in the link as
# ?grafico=KEY&seleccion=ID,ID (one chart's selection at a time: the last one made).
CHART_PARAM, PICKED_PARAM = "grafico", "seleccion"
LINK_SELECTION = (CHART_PARAM, PICKED_PARAM)
# The link's parameters that hold movie ids: the lists, a chart's selection, the Recomendador's list.
ID_PARAMS = (*lists.LISTS, PICKED_PARAM, "lista")


def _picked(key: str) -> str:
    return f"picked-{key}"


@st.fragment
def clickable_chart(drawn, key: str) -> None:
    """A chart whose bars or points are movies (`eda.Chart.clickable`): selecting some lists them in a
    table under it, each row opening the movie's card. A fragment: a selection reruns this chart alone."""
    st.plotly_chart(
        drawn.figure,
        key=f"chart-{key}",
        on_select=functools.partial(_chart_selected, key, drawn),
        selection_mode=("points", "box", "lasso"),
    )
    st.caption(drawn.caption)
    if _picked(key) not in st.session_state:  # the session's first sight of it: the link's selection
        linked = url_numbers(PICKED_PARAM) if st.query_params.get(CHART_PARAM) == key else []
        st.session_state[_picked(key)] = drawn.shown(linked)[: lists.MAX_MOVIES]
    picked = drawn.shown(st.session_state[_picked(key)])  # new filters may leave some out
    if not picked:
        st.caption(t("select_hint"))
        return
    st.markdown(f"**{t('selected')}** ({len(picked)})")
    movie_table(lists.table(catalog(), picked), f"picked-table-{key}", movie_columns(), in_fragment=True)


def _chart_selected(key: str, drawn) -> None:
    picked = drawn.picked(st.session_state[f"chart-{key}"].selection.points)
    st.session_state[_picked(key)] = picked
    if picked:  # a lasso may take thousands of points: the link, like a list, holds 500 at most
        linked = ",".join(map(str, picked[: lists.MAX_MOVIES]))
        st.query_params.update({CHART_PARAM: key, PICKED_PARAM: linked})
    elif st.query_params.get(CHART_PARAM) == key:
        for name in LINK_SELECTION:
            del st.query_params[name]


def remember(state: dict, link: dict | None = None) -> None:
    """Every widget's callback: keep `state` in the session (and `link` in the URL's parameters).

    Defined here, never in a page: a function defined in a page script holds the script's globals (the
    loaded catalog, the model), and a session keeps its widgets' callbacks, so an open or recently closed
    tab would keep a replaced catalog in memory after every rebuild (tests/test_memory.py).
    """
    st.session_state.update(state)
    for name, value in (link or {}).items():
        st.query_params[name] = link_value(name, value)


def t(key: str) -> str:
    """The label for `key` in the language chosen in the sidebar."""
    return i18n.label(key, language())


# A number in a link: ASCII digits only (str.isdigit also takes "²" and "٣", which int() refuses or
# reads). More digits than any bound has is past the top (int() refuses over 4,300 of them).
_URL_NUMBER = re.compile(r"[0-9]+")
_UNBOUNDED = 10**15


def _read_number(value: str, low: int, high: int) -> int | None:
    if not _URL_NUMBER.fullmatch(value):
        return None
    return high if len(value) > len(str(_UNBOUNDED)) else min(high, max(low, int(value)))


def url_number(name: str, low: int = 0, high: int = _UNBOUNDED, default: int | None = None) -> int | None:
    """The whole number in the URL's parameter `name`, clamped to [low, high] (what the widget
    it fills accepts); `default` when it is missing or not a number. Every page reads numbers so."""
    number = _read_number(st.query_params.get(name, ""), low, high)
    return default if number is None else number


def url_numbers(name: str) -> list[int]:
    """Every movie id the URL gives for `name` (repeated, or comma-separated), in order, once each, up to
    lists.MAX_MOVIES: whole numbers of at most MAX_ID_DIGITS digits."""
    return _numbers(st.query_params.get_all(name))[: lists.MAX_MOVIES]


def _numbers(values: list[str]) -> list[int]:
    parts = (part.strip() for value in values for part in value.split(","))
    return list(
        dict.fromkeys(int(part) for part in parts if len(part) <= MAX_ID_DIGITS and _URL_NUMBER.fullmatch(part))
    )


def escape(text: str) -> str:
    """Text from the data, a user or a link, shown as that text in markdown: no emphasis, heading,
    icon, colour, entity, HTML nor link (titles may hold *, _, [ or $; a link may hold anything)."""
    text = _AUTOLINK.sub(lambda found: found[0] + "\u2060", _LINE_BREAK.sub(" ", str(text)))
    return _DIRECTIVE.sub(":\u2060", _MARKDOWN_SPECIAL.sub(r"\\\1", text))


def _stamp(folder: Path) -> float:
    """Changes whenever the catalog is rebuilt, so caches keyed on it refresh."""
    return (folder / schema.MANIFEST_FILE).stat().st_mtime


def _frozen(resource):
    """Take what was just loaded out of the cycle collector's way, until the next load.

    The catalog, title index and model are millions of long-lived objects (names, lists); each
    full collection walked them all, which added about 100 ms to every interaction (bench/app.py).
    The collection first walks only what is not frozen yet. Frozen garbage is never collected, and
    what is alive now may die later in a cycle (a session's page, whose functions and globals refer
    to each other, and to the catalog it was drawn from): so each load first unfreezes and collects
    what the last one froze. A catalog that a rebuild replaces is freed (tests/test_memory.py).
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    return resource


# One entry each: a rebuilt catalog (a new manifest time) replaces the old one in memory. The
# modules that load them (pandas, scipy, thefuzz) are imported on first use, so the first page
# draws from the manifest before they are.
@st.cache_resource(show_spinner=False, max_entries=1)
def _load_catalog(folder: str, stamp: float) -> Catalog:
    from core import catalog as catalog_module

    return _frozen(catalog_module.load(Path(folder), skip=catalog_module.PAGES_SKIP))


@st.cache_resource(show_spinner=False, max_entries=1)
def _load_recommender(folder: str, stamp: float) -> Recommender:
    from core import recommender

    return _frozen(recommender.load(Path(folder), _load_catalog(folder, stamp).movies))


@st.cache_resource(show_spinner=False, max_entries=1)
def _load_search(folder: str, stamp: float) -> TitleSearch:
    from core.search import TitleSearch

    return _frozen(TitleSearch(_load_catalog(folder, stamp)))


@st.cache_resource(show_spinner=False, max_entries=3)
def _load_word_counts(folder: str, stamp: float, source: str) -> WordCounts:
    from core import wordcounts

    return _frozen(wordcounts.load(Path(folder), source))


@st.cache_resource(show_spinner=False, max_entries=1)
def _load_describer(folder: str, stamp: float) -> Describer:
    from core.describe import Describer  # scikit-learn's analyzer: only when someone describes a movie

    return _frozen(Describer.load(Path(folder), _load_catalog(folder, stamp).movies))


@st.cache_data(show_spinner=False, max_entries=1)
def _read_manifest(folder: str, stamp: float) -> dict:
    return schema.read_manifest(Path(folder))


def built_folder() -> Path:
    """The folder of the built catalog, or the setup panel (and nothing else) when none is built nor can be."""
    folder = config.catalog_dir()
    if config.auto_fetch():
        auto_fetch_failure()
    if not schema.exists(folder):
        _build_default(str(folder))
    if not schema.exists(folder):
        setup_panel(folder)
        st.stop()
    return folder.resolve()  # this build's own folder: every file of one run comes from the same build


def manifest() -> dict:
    """The built catalog's manifest: what the first page shows, read without loading the catalog."""
    folder = built_folder()
    return _read_manifest(str(folder), _stamp(folder))


def catalog() -> Catalog:
    """The loaded catalog (see `built_folder` when there is none)."""
    folder = built_folder()
    return _load_catalog(str(folder), _stamp(folder))


def recommender_and_search() -> tuple[Recommender, TitleSearch]:
    folder = built_folder()
    return _load_recommender(str(folder), _stamp(folder)), _load_search(str(folder), _stamp(folder))


def word_counts(source: str) -> WordCounts:
    """How often each word appears in each movie's texts of `source` (the build counted them)."""
    folder = built_folder()
    return _load_word_counts(str(folder), _stamp(folder), source)


def describer() -> Describer:
    """The movies' texts as TF-IDF, to find a movie by its plot (loaded on the first description)."""
    folder = built_folder()
    return _load_describer(str(folder), _stamp(folder))


def warm_up() -> None:
    """Load the catalog, the recommender and the title search now, so that the next page opened
    finds them in memory (the first page calls it once it is drawn)."""
    recommender_and_search()


@st.cache_resource(show_spinner=False)
def _build_default(folder: str) -> str:
    """Build from the default raw folder (the embedded sample on a fresh clone), once per process."""
    from core.build import build  # the build's side: only when there is something to build
    from core.build.writer import build_lock

    def build_unless_built() -> None:
        # Another process (the command line, another server) may be building into it: wait for it, and
        # build only if it left no catalog.
        with build_lock(Path(folder), wait=WAIT_FOR_A_BUILD):
            if not schema.exists(Path(folder)):
                build(raw, Path(folder))

    raw = config.raw_dir()
    return _failure(f"building the catalog from {raw} into {folder}", build_unless_built)


def auto_fetch_failure() -> str:
    """With FILMOTECA_AUTO_FETCH=1: fetch and build the full dataset once, when only the sample is there."""
    folder = config.catalog_dir()
    if schema.exists(folder) and not i18n.is_sample(_read_manifest(str(folder), _stamp(folder))):
        return ""
    with st.spinner(t("auto_fetching")):
        return _auto_fetch(str(folder))


@st.cache_resource(show_spinner=False)
def _auto_fetch(folder: str) -> str:
    """Fetch and build once per process; what failed, or nothing."""
    from core.build import fetch

    what = f"fetching the full dataset into {config.fetch_dir()} and building it into {folder} (auto fetch)"
    return _failure(what, lambda: fetch.fetch_and_build(config.fetch_dir(), Path(folder)))


def _failure(what: str, action) -> str:
    """What went wrong doing `action` (a bad or missing input), or nothing."""
    try:
        with logged(what):
            action()
    except DataError as error:
        return str(error)
    return ""


@contextlib.contextmanager
def logged(what: str):
    """Log a build or a fetch the app starts: when it starts, ends, or fails and why."""
    logger.info("%s: started", what)
    try:
        yield
    except DataError as error:
        logger.warning("%s: failed: %s", what, error)
        raise
    except Exception:
        logger.exception("%s: failed", what)
        raise
    logger.info("%s: done", what)


def setup_panel(folder: Path) -> None:
    """Where to get the Kaggle files, and an uploader that builds the catalog from them."""
    st.header(t("setup_title"))
    st.markdown(t("setup_intro"))
    uploader(folder)


# The largest file one may upload, in MB: the real credits.csv is 190 MB plain, 45 MB gzipped.
MAX_UPLOAD_MB = 250


def uploader(folder: Path) -> None:
    """Upload the Kaggle files and build the catalog from them, with progress; a failure says why, in sight."""
    uploads = st.file_uploader(
        t("upload"), type=["csv", "gz", "zip"], accept_multiple_files=True, max_upload_size=MAX_UPLOAD_MB
    )
    if not st.button(t("build"), type="primary", disabled=not uploads):
        return
    failure = None
    with st.status(t("building"), expanded=True) as status:
        try:
            manifest = build_from_uploads(
                uploads,
                folder,
                lambda p: st.write(escape(f"{p.stage}: {i18n.count(p.rows, language())} · {p.seconds:.1f} s")),
            )
        except DataError as error:
            status.update(label=t("build_failed"), state="error", expanded=True)
            failure = error
        else:
            movies = i18n.count(manifest["movies"], language())
            status.update(label=f"{t('built_ok')}: {movies} {t('movies').lower()}", state="complete")
    if failure is not None:
        st.error(f"{t('build_failed')}: {escape(failure.say(language()))}")
        return
    st.cache_resource.clear()
    st.rerun()


def build_from_uploads(uploads, folder: Path, progress) -> dict:
    """Save the uploaded files under their own names and build from them (atomically)."""
    from core.build import build
    from core.build.writer import staging_folder

    names = ", ".join(Path(upload.name).name for upload in uploads)
    # Beside the catalog, not in /tmp: removed on every way out, and by the next upload if a kill left it.
    with staging_folder(folder, "uploading") as raw, logged(f"building the catalog from the uploaded {names}"):
        for upload in uploads:
            (raw / Path(upload.name).name).write_bytes(upload.getbuffer())
        return build(raw, folder, progress=progress, wait=0)
