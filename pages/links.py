"""What a session holds and its link keeps: the language, the user's lists, the movie card open, a chart's
selection; every value read from the link bounded, every value written to it bounded.

The pages read their widgets' first values from the link and write the link back on every run, rather
than bind widgets to it (`bind="query-params"`): a bound widget writes its own format (a toggle `true`
where links say `1`, a selectbox its label, so the genre in the interface's language where links name
TMDB's, a range slider one repeated parameter where links say `desde` and `hasta`), a bound parameter
cannot be written through st.query_params (which `set_params` does for the whole link at once), and the
server's copy of the link does not follow a bound widget's changes (the browser's does), so that
AppTest, which has no browser, cannot see them. The lists, the card and a chart's selection are no
widget at all.
"""

from __future__ import annotations

import contextlib
import re
import runpy
from urllib.parse import urlencode

import streamlit as st

from core.service import DEFAULT_LANGUAGE, LANGUAGES, Words, lists, project_root, words

ENTRY_POINT = project_root() / "streamlit_app.py"
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


# The interface language.
LANGUAGE_PARAM = "lang"
LANGUAGE_CHOICE = "language-choice"


def language() -> str:
    return st.session_state.get("language", DEFAULT_LANGUAGE)


def said() -> Words:
    """The words of the language chosen in the sidebar, as the app says them (its advice fits a visitor
    in a browser: the download on the home page, the uploader, where the command line names a command)."""
    return words(language(), door="app")


def t(key: str, /, **values) -> str:
    """The label or sentence of `key` in the language chosen in the sidebar."""
    return said()(key, **values)


def choose_language() -> None:
    """The interface language: from the URL (`?lang=en`) at a session's start, then the sidebar's
    choice, written back to the URL so that a reload or a shared link keeps it.

    The choice lives in session state, apart from the widget: a page switch may redraw the widget
    afresh, and it then starts from the language chosen, not from the first option.
    """
    if "language" not in st.session_state:
        asked = st.query_params.get(LANGUAGE_PARAM, "")
        st.session_state["language"] = asked if asked in LANGUAGES else DEFAULT_LANGUAGE
    options = list(LANGUAGES)
    st.sidebar.selectbox(
        t("language"),
        options,
        index=options.index(language()),
        format_func=LANGUAGES.get,
        key=LANGUAGE_CHOICE,
        on_change=lambda: st.session_state.update(language=st.session_state[LANGUAGE_CHOICE]),
    )
    wanted = language() if language() != DEFAULT_LANGUAGE else None
    if st.query_params.get(LANGUAGE_PARAM) != wanted:
        if wanted:
            st.query_params[LANGUAGE_PARAM] = wanted
        else:
            del st.query_params[LANGUAGE_PARAM]


# What the app writes into its own link is bounded, so that the link always reloads (the server takes
# 64 kB; with every list full, the link stays under 32 kB): a list of ids holds at most lists.MAX_MOVIES
# ids of at most MAX_ID_DIGITS digits (a TMDB id has 6), a text at most MAX_LINK_TEXT characters (a
# title, a name), a repeated value (genres) at most MAX_LINK_VALUES.
MAX_LINK_TEXT = 200
MAX_ID_DIGITS = 10
MAX_LINK_VALUES = 50


def set_params(values: dict) -> None:
    """Replace the page's URL parameters with `values`, keeping what every page keeps: the interface
    language, the user's lists and the movie card open. Every value bounded (`link_value`)."""
    kept = {LANGUAGE_PARAM: language()} if language() != DEFAULT_LANGUAGE else {}
    kept |= _lists_in_link()
    if CARD in st.query_params:
        kept[CARD] = st.query_params[CARD]
    st.query_params.from_dict({name: link_value(name, value) for name, value in {**values, **kept}.items()})


def link_with(changes: dict) -> str:
    """A link to this page as its URL's parameters are now, with `changes` made (a value None takes the
    parameter out): what a link does in place of a button (a page load, the page rebuilt from its link)."""
    kept = [(name, value) for name in st.query_params if name not in changes for value in st.query_params.get_all(name)]
    changed = [(name, link_value(name, value)) for name, value in changes.items() if value is not None]
    return "?" + urlencode(kept + changed, doseq=True)


def link_value(name: str, value: str | list) -> str | list[str]:
    """`value` as the link may hold it: see MAX_LINK_TEXT."""
    if isinstance(value, (list, tuple)):
        return [link_value(name, one) for one in value[:MAX_LINK_VALUES]]
    if name in ID_PARAMS:
        return ",".join(map(str, _numbers([str(value)])[: lists.MAX_MOVIES]))
    return str(value)[:MAX_LINK_TEXT]


def remember(state: dict, link: dict | None = None) -> None:
    """Every widget's callback: keep `state` in the session (and `link` in the URL's parameters).

    Defined here, never in a page: a function defined in a page script holds the script's globals (the
    loaded catalog, the model), and a session keeps its widgets' callbacks, so an open or recently closed
    tab would keep a replaced catalog in memory after every rebuild (tests/test_memory.py).
    """
    st.session_state.update(state)
    for name, value in (link or {}).items():
        st.query_params[name] = link_value(name, value)


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


# The user's lists (seen, not interested, watchlist): in the session, started from the link and
# written back to it on every run (a page switch empties the URL). No server-side storage.
LISTS = "user-lists"
# What adding a movie to a list takes it out of: a movie saved to watch is not seen nor turned down.
LEAVES = {lists.SEEN: (lists.WATCHLIST,), lists.NOT_INTERESTED: (lists.WATCHLIST,)}
LEAVES[lists.WATCHLIST] = (lists.SEEN, lists.NOT_INTERESTED)


def user_lists() -> dict[str, list[int]]:
    """The session's lists of movie ids, by name (`vistas`, `descartadas`, `pendientes`)."""
    if LISTS not in st.session_state:
        st.session_state[LISTS] = {name: url_numbers(name)[: lists.MAX_MOVIES] for name in lists.LISTS}
    return st.session_state[LISTS]


def hidden_ids() -> tuple[int, ...]:
    """The movies never to recommend nor to list in a top chart: seen or not interesting."""
    kept = user_lists()
    return tuple(dict.fromkeys(movie_id for name in lists.HIDDEN for movie_id in kept[name]))


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


IMPORTED = "list-imported"  # what the last upload brought, said once
UPLOADS = "lists-uploaded"  # files taken so far: the uploader's key, so that each file gets a fresh one


def uploader_key() -> str:
    return f"list-upload-{st.session_state.get(UPLOADS, 0)}"


# A movie's card: a dialog, open while the link says ?pelicula=ID.
CARD = "pelicula"
CARDS_CLOSED = "cards-closed"


def open_card(movie_id: int) -> None:
    """A title's callback: open that movie's card (the next run shows it)."""
    st.query_params[CARD] = str(movie_id)


def close_card() -> None:
    """The card's dismissal: out of the link, so that the next run does not open it again, and the
    tables drawn anew, so that the row that opened it is no longer selected and opens it again."""
    if CARD in st.query_params:
        del st.query_params[CARD]
    st.session_state[CARDS_CLOSED] = st.session_state.get(CARDS_CLOSED, 0) + 1


# Charts you can click: the movies selected in one chart are kept in the session, and in the link as
# ?grafico=KEY&seleccion=ID,ID (one chart's selection at a time: the last one made).
CHART_PARAM, PICKED_PARAM = "grafico", "seleccion"
LINK_SELECTION = (CHART_PARAM, PICKED_PARAM)
# The link's parameters that hold movie ids: the lists, a chart's selection, the Recomendador's list.
ID_PARAMS = (*lists.LISTS, PICKED_PARAM, "lista")


def picked_key(chart: str) -> str:
    return f"picked-{chart}"


def linked_selection(chart: str) -> list[int]:
    """The movies the link selects in `chart` (none when it names another chart)."""
    return url_numbers(PICKED_PARAM) if st.query_params.get(CHART_PARAM) == chart else []


def keep_selection(chart: str, picked: list[int]) -> None:
    """A chart's selection into the session and the link (a lasso may take thousands of points: the
    link, like a list, holds lists.MAX_MOVIES at most); none takes the chart's out of the link."""
    st.session_state[picked_key(chart)] = picked
    if picked:
        st.query_params.update({CHART_PARAM: chart, PICKED_PARAM: ",".join(map(str, picked[: lists.MAX_MOVIES]))})
    elif st.query_params.get(CHART_PARAM) == chart:
        for name in LINK_SELECTION:
            del st.query_params[name]
