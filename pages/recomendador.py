"""Recomendador: the top chart with an empty box; a movie (typos forgiven), or a list of up to five,
and two lists for it within the filters: five movies like it, and five its fans also liked. Everything
lives in the URL."""

import streamlit as st

from core.service import (
    MAX_LIKED,
    MODES,
    DescribeRequest,
    NotFound,
    RecommendRequest,
    TopRequest,
    limits,
    measuring,
)
from pages.links import (
    CARD,
    MAX_LINK_TEXT,
    enter_through_the_app,
    hidden_ids,
    language,
    link_with,
    open_card,
    remember,
    said,
    set_params,
    t,
    url_number,
    url_numbers,
)
from pages.resources import service
from pages.widgets import card_row, escape, face, list_menu, poster, warn

enter_through_the_app()

params = st.query_params
first_year, last_year = service().years()
# The popularity control's stops, known movies first (API popularidad=1) to hidden gems (0).
POPULARITY_OPTIONS = {"1": 1.0, "0.75": 0.75, "0.5": 0.5, "0.25": 0.25, "0": 0.0}
NEUTRAL = limits.NEUTRAL_POPULARITY


# What the session holds, started from the URL: the search box, the list of liked movies, the filters.
if "q" not in st.session_state:
    st.session_state["q"] = params.get("q", "")[:MAX_LINK_TEXT]
if "describing" not in st.session_state:
    st.session_state["describing"] = params.get("describir") == "1"
if "liked" not in st.session_state:
    ids = [movie_id for movie_id in url_numbers("lista") if service().knows(movie_id)]
    st.session_state["liked"] = ids[: MAX_LIKED - 1]
if "years" not in st.session_state:
    since, until = (
        url_number("desde", first_year, last_year, first_year),
        url_number("hasta", first_year, last_year, last_year),
    )
    st.session_state["years"] = tuple(sorted((since, until)))
    # Names as users write them in a link (Animación, francés) lead to the one they name, if one.
    st.session_state["genre"] = service().genre(params.get("genero", "")) or ""
    st.session_state["original_language"] = service().language_code(params.get("idioma", "")) or ""
    asked = params.get("popularidad", "")
    st.session_state["popularity"] = float(asked) if asked in POPULARITY_OPTIONS else NEUTRAL
    st.session_state["diverse"] = params.get("diversas") == "1"


def look_for(title: str, movie_id: int | None = None) -> dict:
    """The session a click leaves to make `title` the search (and `movie_id` the one among namesakes)."""
    return {"q": title, "chosen": movie_id, "liked": []}


def filters() -> dict:
    """Years, genre and original language, beside the results, as a request's fields; the full year
    range is no filter. Folded, the widgets are not drawn (a phone renders none of them) and the filters
    are what the session holds, which the link keeps; a link that narrows opens them."""
    if "filters-open" not in st.session_state:  # a session's first sight: open when the link narrows
        names = ("desde", "hasta", "genero", "idioma", "popularidad", "diversas")
        st.session_state["filters-open"] = any(params.get(name) for name in names)
    section = st.expander(t("filters"), key="filters-open", on_change="rerun")
    with section:
        if section.open:
            filter_widgets()
    years, popularity = st.session_state["years"], st.session_state["popularity"]
    return {
        "desde": years[0] if years[0] > first_year else None,
        "hasta": years[1] if years[1] < last_year else None,
        "genero": st.session_state["genre"] or None,
        "idioma": st.session_state["original_language"] or None,
        "popularidad": popularity if popularity != NEUTRAL else None,
        "diversas": st.session_state["diverse"],
    }


def filter_widgets() -> None:
    """The filters' widgets, each bound by its key to what the session holds."""
    left, middle, right = st.columns([2, 1, 1])
    left.slider(t("years"), first_year, last_year, key="years")
    # Labels from a dict, never a function defined here (see pages.links.remember).
    genre_labels = {"": t("all_genres"), **{name: said().genre(name) for name in service().genres()}}
    middle.selectbox(t("genres"), list(genre_labels), format_func=genre_labels.__getitem__, key="genre")
    language_labels = {"": t("all_languages"), **service().languages(language())}
    right.selectbox(
        t("original_language"), list(language_labels), format_func=language_labels.__getitem__, key="original_language"
    )
    left, right = st.columns([2, 2])
    stops = {1.0: t("well_known"), 0.75: "·", 0.5: t("balanced"), 0.25: "·", 0.0: t("hidden_gems")}
    left.select_slider(
        t("popularity"),
        list(POPULARITY_OPTIONS.values()),
        format_func=stops.__getitem__,
        key="popularity",
        help=t("popularity_help"),
    )
    right.toggle(t("diverse"), key="diverse")


def movie_face(card, caption: str, key: str) -> str:
    """A card's face (poster, title linking to the movie's card, why it is here, a link to its own
    recommendations)."""
    # Its own recommendations: this movie searched, the list of liked movies left, the filters kept.
    similar = {"q": f"{card.titulo} {card.anio}", "id": card.id, "lista": None, "describir": None, CARD: None}
    return face(card, caption, key, link_with({CARD: card.id}), link_with(similar))


def card_rows(cards: list[tuple[int, str]], row: str) -> None:
    """Cards (movie id, why it is here) five to a row, each row its faces and one lists menu; a card is keyed
    `<row>-<id>`, a row's menu `lists-<row>-<first card's place>`."""
    for start in range(0, len(cards), 5):
        shown = [(service().card(movie_id), caption) for movie_id, caption in cards[start : start + 5]]
        faces = [movie_face(card, caption, f"{row}-{card.id}") for card, caption in shown]
        card_row(faces, [(card.id, f"{card.titulo} ({card.anio})") for card, _ in shown], f"{row}-{start}")


def chosen_movie(query: str):
    """The movie the search box names (asking among namesakes), or None with the suggestions shown."""
    try:
        found = service().find(query)
    except NotFound as error:
        warn(error)
        st.caption(t("did_you_mean"))
        for number, label in enumerate(error.offered(language())):
            st.button(escape(label), key=f"suggestion-{number}", on_click=remember, args=(look_for(label),))
        return None
    if found.certain:
        return found.best
    ids = [candidate.id for candidate in found.candidates]
    wanted = st.session_state.get("chosen") or url_number("id")
    return st.radio(
        t("pick_one"),
        found.candidates,
        index=ids.index(wanted) if wanted in ids else 0,
        format_func={candidate: escape(candidate.etiqueta) for candidate in found.candidates}.__getitem__,
    )


def show_movie(movie_id: int) -> None:
    card = service().card(movie_id)
    left, right = st.columns([1, 3])
    poster(card, left)
    right.header(escape(f"{card.titulo} ({card.anio})"))
    right.caption(f"{t('genres')}: {escape(', '.join(said().genre(genre) for genre in card.generos))}")
    right.write(escape(card.resumen))
    liked = st.session_state["liked"]
    # Keep this movie in the list and empty the box for the next one.
    more = {"liked": [*liked, movie_id][: MAX_LIKED - 1], "q": "", "chosen": None}
    full = len(liked) >= MAX_LIKED - 1
    with right.container(horizontal=True, gap="small"):
        st.button(t("open_card"), on_click=open_card, args=(movie_id,), icon=":material/info:")
        st.button(t("add_another"), on_click=remember, args=(more,), disabled=full or movie_id in liked)
        list_menu(movie_id, "chosen")  # in the same row, as on every card


def show_list(liked: list[int]) -> None:
    st.caption(t("your_list"))
    for column, movie_id in zip(st.columns(MAX_LIKED), liked, strict=False):
        movie = service().candidate(movie_id)
        column.button(
            escape(f"✕ {movie.etiqueta}"),
            key=f"remove-{movie_id}",
            on_click=remember,
            args=({"liked": [other for other in liked if other != movie_id]},),
        )


def show_recommendations(ids: list[int], narrowing: dict) -> None:
    """Both lists, each under its heading: the movies like these (first), and what the people who liked
    them also liked; a list that is empty says why."""
    for mode in MODES:
        st.subheader(t(mode))
        try:
            found = service().recommend(RecommendRequest(ids=tuple(ids), modo=mode, excluir=hidden_ids(), **narrowing))
        except NotFound as error:  # the filters leave no movie at all: the same for both lists
            warn(error)
            return
        heading = escape(found.heading().said(said()))
        if not found.items:
            st.info(heading)
            continue
        st.caption(heading)
        card_rows([(item.id, item.reason.said(said())) for item in found.items[:5]], mode)


def show_described(text: str) -> None:
    """The movies whose plot, keywords and title fit the text, each saying the words that matched."""
    st.subheader(t("described"))
    try:
        found = service().describe(DescribeRequest(text, 10))
    except NotFound as error:
        warn(error)
        for number, example in enumerate(error.suggestions):
            st.button(escape(example), key=f"example-{number}", on_click=remember, args=({"q": example},))
        return
    card_rows([(movie.id, f"{t('words')}: {', '.join(movie.words)}") for movie in found.movies], "described")


def show_top(narrowing: dict) -> None:
    st.subheader(t("top_chart"))
    asked = TopRequest(
        narrowing["genero"],
        narrowing["desde"],
        narrowing["hasta"],
        excluir=hidden_ids(),
        diversas=narrowing["diversas"],
    )
    try:
        chart = service().top(asked)
    except NotFound as error:
        warn(error)
        return
    st.caption(escape(chart.said(said())))
    words = said()
    card_rows(
        [
            (
                movie.id,
                f"#{place} · {movie.nota:.1f} ★ · {words.number(movie.votos)} {t('votes')} · {t('weighted')} {movie.puntaje:.2f}",
            )
            for place, movie in enumerate(chart.peliculas, start=1)
        ],
        "top",
    )


def keep_in_link(query: str, movie, liked: list[int], narrowing: dict) -> None:
    """The page's URL says what it shows: the search, the movie chosen, the list and the filters."""
    state = {"q": query, "id": str(movie.id) if movie is not None else "", "lista": [str(one) for one in liked]}
    state["describir"] = "1" if st.session_state["describing"] else ""
    state["diversas"] = "1" if narrowing["diversas"] else ""
    if narrowing["popularidad"] is not None:  # 0.25, as POPULARITY_OPTIONS names it
        state["popularidad"] = f"{narrowing['popularidad']:g}"
    state |= {
        name: str(narrowing[name]) for name in ("desde", "hasta", "genero", "idioma") if narrowing[name] is not None
    }
    set_params({name: value for name, value in state.items() if value})


st.title(t("page_recommender"))
query = st.text_input(t("search_title"), help=t("search_help"), key="q", max_chars=MAX_LINK_TEXT)
described = st.toggle(t("describing"), key="describing") and bool(query)
if described:
    show_described(query)
liked = st.session_state["liked"]
if liked:
    show_list(liked)
movie = chosen_movie(query) if query and not described else None
if movie is not None:
    show_movie(movie.id)
narrowing = filters()
ids = [*liked, *([movie.id] if movie is not None and movie.id not in liked else [])]
keep_in_link(query, movie, liked, narrowing)  # before the cards, whose links start from it
if ids:
    show_recommendations(ids, narrowing)
elif not query:
    show_top(narrowing)

# Calidad folds its figures: drawn only once opened, so a visit loads no table for a section most never open.
QUALITY_OPEN = "quality-open"
if quality := service().quality(language()):
    section = st.expander(t("quality"), key=QUALITY_OPEN, on_change="rerun")
    with section:
        if section.open:
            st.caption(quality.explained)
            # The hit rates as bars in the table: no chart library for them.
            bars = {
                name: st.column_config.ProgressColumn(name, format="%.3f", max_value=quality.scale)
                for name in quality.bars
            }
            st.dataframe(quality.table, hide_index=True, column_config=bars)
elif measuring(service().manifest):  # a first start's catalog: the measured one is on its way
    with st.expander(t("quality")):
        st.caption(t("measuring"))
