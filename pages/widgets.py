"""The widgets every page draws the same way: text shown safely, a movie's title, poster and list buttons,
its card (a dialog), tables whose rows open cards, charts whose marks do, and the list uploader."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable

import streamlit as st

from core.service import NotFound, lists
from pages.links import (
    CARD,
    CARDS_CLOSED,
    IMPORTED,
    UPLOADS,
    add_to_list,
    close_card,
    keep_selection,
    link_with,
    linked_selection,
    open_card,
    picked_key,
    said,
    t,
    toggle_in_list,
    url_number,
    user_lists,
)
from pages.resources import service

# Markdown's punctuation, & included (else &lt;b&gt; shows as <b>), and ":" before a letter, where
# Streamlit reads :material/icon:, :emoji: and :red[colour] (a backslash does not stop it; a word
# joiner, which shows as nothing, does).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$&])")
_DIRECTIVE = re.compile(r":(?=\w)")
# What markdown turns into a link by itself (GFM's autolinks: www., a scheme and its colon, an address
# with @), whatever the backslashes: a word joiner there breaks the pattern and shows as nothing.
_AUTOLINK = re.compile(r"(?i)\b(?:www(?=\.)|(?:https?|ftp|mailto|xmpp)(?=:))|(?=@)")
_LINE_BREAK = re.compile(r"\s*[\r\n]+\s*")  # with === or --- on the next line, a heading


def escape(text: str) -> str:
    """Text from the data, a user or a link, shown as that text in markdown: no emphasis, heading,
    icon, colour, entity, HTML nor link (titles may hold *, _, [ or $; a link may hold anything)."""
    text = _AUTOLINK.sub(lambda found: found[0] + "\u2060", _LINE_BREAK.sub(" ", str(text)))
    return _DIRECTIVE.sub(":\u2060", _MARKDOWN_SPECIAL.sub(r"\\\1", text))


def warn(error: NotFound) -> None:
    """A NotFound said in the interface's language, as a warning."""
    st.warning(escape(error.phrase.said(said())))


# A poster, with its title as alt text; one that cannot load (TMDB unreachable, a path gone) shows a
# placeholder with the title instead of a broken image: Chromium and Firefox draw an image's ::before
# only when the image is broken. One that the data lacks is the same placeholder.
_POSTER_STYLE = (
    "<style>.poster{width:100%;aspect-ratio:2/3;object-fit:cover;position:relative;border-radius:.5rem;"
    "display:flex;align-items:center;justify-content:center;text-align:center;background:#262730;"
    "color:#fafafa;font-size:.85rem;padding:0}"
    ".poster::before{content:attr(alt);position:absolute;inset:0;display:flex;align-items:center;"
    "justify-content:center;padding:.5rem;background:#262730;border-radius:.5rem}"
    # A chosen option of a segmented control (Consultas' six queries) is written in the theme's red on a
    # red tint: 3.6:1, under WCAG's 4.5:1. A lighter red reads at 6.2:1; primary buttons keep the theme's
    # red, under which white reads at 4.8:1.
    '[data-testid="stButtonGroup"] button[aria-checked="true"] p{color:#ff6b6b}'
    # A card's face (face): the title as the bold text it was, the reason as a caption, the link to
    # its recommendations as a small secondary button.
    ".card-title{display:block;margin:.5rem 0 .25rem;color:inherit;text-decoration:none}"
    ".card-title:hover,.card-title:focus{text-decoration:underline}"
    ".card-reason{margin:0 0 .5rem;font-size:.875rem;color:rgba(250,250,250,.7)}"
    ".card-similar{display:inline-block;padding:.25rem .75rem;border:1px solid rgba(250,250,250,.2);"
    "border-radius:.5rem;color:inherit;text-decoration:none;font-size:.875rem}"
    ".card-similar:hover,.card-similar:focus{border-color:#ff6b6b;color:#ff6b6b}"
    # A row of cards (card_row): five to a row, two on a phone, each bordered as a bordered column is.
    ".cards{display:grid;grid-template-columns:repeat(5,minmax(0,1fr));gap:1rem;margin-bottom:.5rem}"
    "@media (max-width:640px){.cards{grid-template-columns:repeat(2,minmax(0,1fr))}}"
    ".cards>.card{border:1px solid rgba(250,250,250,.2);border-radius:.5rem;padding:1rem}"
    # A list's movies (linked_movies): a plain table, its titles links in the text's colour, underlined.
    ".movies{width:100%;border-collapse:collapse;font-size:.875rem}"
    ".movies th,.movies td{padding:.4rem .6rem;border-bottom:1px solid rgba(250,250,250,.15);text-align:left}"
    ".movies td:nth-child(n+2),.movies th:nth-child(n+2){text-align:right}"
    ".movies a{color:inherit}"
    "</style>"
)


def styles() -> None:
    """The app's own styles (the posters', a chosen option's contrast), once a run, for every page and dialog: a style alone takes no
    room on the page."""
    st.html(_POSTER_STYLE)


def poster(card, column=None) -> None:
    """A movie's poster with its title as alt text, or a placeholder naming the movie."""
    (column or st).html(_poster(card))


def _poster(card) -> str:
    named = html.escape(t("poster_of", title=f"{card.titulo} ({card.anio})"), quote=True)
    if card.poster_url:
        return f'<img class="poster" src="{html.escape(card.poster_url, quote=True)}" alt="{named}">'
    return f'<div class="poster" role="img" aria-label="{named}">{html.escape(t("no_poster"))}</div>'


def face(card, reason: str, key: str, card_link: str, similar_link: str) -> str:
    """A movie card's face: its poster, its title and year (a link to its card), why it is here, and a link
    to its own recommendations. Links where a link does the work (each a page load, the page rebuilt from
    its link). The title's link is keyed `title-<key>` (data-key), the other's `similar-<key>`."""
    title = f"<strong>{html.escape(card.titulo)}</strong> ({card.anio})"
    return (
        f"{_poster(card)}"
        f'<a class="card-title" href="{html.escape(card_link, quote=True)}" target="_self" data-key="title-{key}">'
        f"{title}</a>"
        f'<p class="card-reason">{html.escape(reason)}</p>'
        f'<a class="card-similar" href="{html.escape(similar_link, quote=True)}" target="_self" '
        f'data-key="similar-{key}">{html.escape(t("see_similar"))}</a>'
    )


def card_row(faces: list[str], movies: list[tuple[int, str]], key: str) -> None:
    """A row of up to five cards as two elements: their faces, bordered, in one `st.html` (five to a row, two on
    a phone), and one menu for the lists of the row's `movies` (id, title). A page of ten cards draws four
    elements where it drew sixty (the browser's work on a phone: React draws each element)."""
    framed = "".join(f'<div class="card">{one}</div>' for one in faces)
    st.html(f'<div class="cards">{framed}</div>')
    row_menu(movies, key)


LIST_ICONS = {
    lists.SEEN: ":material/visibility:",
    lists.NOT_INTERESTED: ":material/block:",
    lists.WATCHLIST: ":material/bookmark_add:",
}


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
    """The three lists as one small menu (a movie's place among several cards): one widget where three
    buttons in a popover were, each option marked when the movie is on that list, the menu's button
    too."""
    kept = user_lists()
    listed = {name for name in lists.LISTS if movie_id in kept[name]}
    labels = {
        name: f"{':material/check:' if name in listed else LIST_ICONS[name]} {t(f'mark_{name}')}"
        for name in lists.LISTS
    }
    _lists_button(labels, key, bool(listed), _list_chosen, movie_id)


def row_menu(movies: list[tuple[int, str]], key: str) -> None:
    """The three lists of a row's movies as one menu (the issue's "one menu per row"): an option per movie
    and list ("Toy Story (1995) · Ya la vi"; namesakes of a year told apart by their ids), marked when the
    movie is on that list, the menu's button when one is."""
    kept = user_lists()
    labels, marked = {}, False
    for movie_id, title in movies:
        for name in lists.LISTS:
            listed = movie_id in kept[name]
            marked |= listed
            label = f"{':material/check:' if listed else LIST_ICONS[name]} {escape(title)} · {t(f'mark_{name}')}"
            labels[f"{name}:{movie_id}"] = label if label not in labels.values() else f"{label} · {movie_id}"
    _lists_button(labels, key, marked, _row_list_chosen)


def _lists_button(labels: dict[str, str], key: str, marked: bool, chosen: Callable, *args) -> None:
    """The lists' menu button of `labels` (option → label), marked when a movie is on one of its lists;
    `chosen(its key, *args)` when an option is."""
    st.menu_button(
        t("lists_menu"),
        list(labels),
        key=f"lists-{key}",
        icon=":material/bookmarks:",
        type="primary" if marked else "secondary",
        format_func=labels.__getitem__,
        on_click=chosen,
        args=(f"lists-{key}", *args),
    )


def _row_list_chosen(key: str) -> None:
    name, _, movie_id = (st.session_state.get(key) or "").partition(":")
    if name in lists.LISTS and movie_id.isdigit():
        toggle_in_list(name, int(movie_id))


def _list_chosen(key: str, movie_id: int) -> None:
    if (name := st.session_state.get(key)) in lists.LISTS:
        toggle_in_list(name, movie_id)


def import_list(uploader_key: str, target_key: str) -> None:
    """The uploader's callback: the movies of the CSV into the list chosen; what it found is said after,
    and the uploader is emptied for the next file (the file let go). A file over the size a list takes
    is refused here, unread: the browser's limit is only the browser's."""
    upload, name = st.session_state.get(uploader_key), st.session_state.get(target_key, lists.WATCHLIST)
    if upload is None:
        return
    st.session_state[UPLOADS] = st.session_state.get(UPLOADS, 0) + 1
    try:
        if upload.size > lists.MAX_UPLOAD_BYTES:
            raise lists.too_large()
        found = service().read_list(upload.getvalue())
    except NotFound as error:
        st.session_state[IMPORTED] = ("error", error.phrase.said(said()))
        return
    add_to_list(name, found.ids)
    brought = [t("imported", list=t(name), count=said().number(len(found.ids)))]
    if found.not_found:
        brought.append(f"{t('not_in_catalog')}: {', '.join(found.not_found[:20])}{'…' * (len(found.not_found) > 20)}")
    if found.too_many:
        brought.append(t("too_many", count=lists.MAX_MOVIES))
    st.session_state[IMPORTED] = ("warning" if found.not_found or found.too_many else "success", " · ".join(brought))


def show_asked_card() -> None:
    """Called by the entry point on every run: the card of the movie the link names, as a dialog."""
    if CARD not in st.query_params:
        return
    asked = url_number(CARD)
    try:
        if asked is None:
            raise NotFound("card.not_a_number")
        card = service().card(asked)
    except NotFound as error:
        st.dialog(t("open_card"), on_dismiss=close_card)(warn)(error)
        return
    title = escape(f"{card.titulo} ({card.anio})")
    st.dialog(title, width="large", on_dismiss=close_card)(_card_body)(card)


def _money(value: int | None) -> str:
    return f"$ {said().number(value)}" if value else t("unknown")


def _card_body(card) -> None:
    """Everything about one movie, its links, its list buttons, and its own recommendations."""
    words = said()
    left, right = st.columns([1, 2])
    poster(card, left)
    facts = [str(card.anio)]
    if card.duracion:
        facts.append(f"{card.duracion} min")
    facts.append(", ".join(words.genre(genre) for genre in card.generos))
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
    numbers[2].metric(t("return"), words.decimal(card.retorno) if card.retorno else t("unknown"))
    numbers[3].metric(t("rating"), f"{words.decimal(card.nota, 1)} ★")
    numbers[4].metric(t("votes").capitalize(), words.number(card.votos))
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


OPENING = "opening-card"


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


def _open_selected(key: str, ids: tuple[int, ...]) -> None:
    rows = st.session_state[key].selection.rows
    if rows and rows[0] < len(ids):
        open_card(ids[rows[0]])
        st.session_state[OPENING] = True


def linked_movies(table) -> None:
    """A list's movies (id, titulo, anio, nota, votos: `lists.table`) as a plain table, each title a link
    to the movie's card (a page load, the page rebuilt from its link): no data grid to load for a list
    one reads (Mis listas on a phone: no 1.2 MB of grid to run)."""
    words = said()
    head = [t("titulo"), t("anio"), t("rating"), t("votes").capitalize()]
    rows = [
        f'<tr><td><a href="{html.escape(link_with({CARD: movie.id}), quote=True)}" target="_self" '
        f'data-key="list-movie-{movie.id}">{html.escape(movie.titulo)}</a></td>'
        f"<td>{_known(movie.anio, str)}</td><td>{_known(movie.nota, lambda nota: f'{words.decimal(nota, 1)} ★')}</td>"
        f"<td>{_known(movie.votos, words.number)}</td></tr>"
        for movie in table.itertuples()
    ]
    header = "".join(f'<th scope="col">{html.escape(label)}</th>' for label in head)
    st.html(f'<table class="movies"><thead><tr>{header}</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _known(value, written) -> str:
    """A cell: the value as `written` says (a whole number as one), or a dash where the data has none."""
    try:
        number = float(value)
    except (TypeError, ValueError):  # None, pandas' NA (pandas itself is not imported before the first page)
        return "–"
    if number != number:  # NaN
        return "–"
    return html.escape(written(int(number) if number.is_integer() else number))


def movie_columns() -> dict:
    """How a table of movies (id, titulo, anio, nota, votos: `lists.table`) names and shows its columns."""
    return {
        "id": st.column_config.NumberColumn("id", format="%d"),
        "titulo": st.column_config.TextColumn(t("titulo")),
        "anio": st.column_config.NumberColumn(t("anio"), format="%d"),
        "nota": st.column_config.NumberColumn(t("rating"), format="%.1f ★"),
        "votos": st.column_config.NumberColumn(t("votes").capitalize(), format="%d"),
    }


@st.fragment
def clickable_chart(drawn, key: str) -> None:
    """A chart whose bars or points are movies (`Chart.clickable`): selecting some lists them in a
    table under it, each row opening the movie's card. A fragment: a selection reruns this chart alone."""
    st.plotly_chart(
        drawn.figure,
        key=f"chart-{key}",
        on_select=functools.partial(_chart_selected, key, drawn),
        selection_mode=("points", "box", "lasso"),
    )
    st.caption(drawn.caption)
    if picked_key(key) not in st.session_state:  # the session's first sight of it: the link's selection
        st.session_state[picked_key(key)] = drawn.shown(linked_selection(key))[: lists.MAX_MOVIES]
    picked = drawn.shown(st.session_state[picked_key(key)])  # new filters may leave some out
    if not picked:
        st.caption(t("select_hint"))
        return
    st.markdown(f"**{t('selected')}** ({len(picked)})")
    movie_table(service().list_table(picked), f"picked-table-{key}", movie_columns(), in_fragment=True)


def _chart_selected(key: str, drawn) -> None:
    keep_selection(key, drawn.picked(st.session_state[f"chart-{key}"].selection.points))
