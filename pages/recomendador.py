"""Recomendador: the top chart with an empty box; a movie (typos forgiven), or a list of up to five,
and two lists for it within the filters: five movies like it, and five its fans also liked. Everything
lives in the URL."""

import streamlit as st

from core import i18n, quality, ranking, recommender, service
from core.errors import NotFound
from pages.common import (
    MAX_LINK_TEXT,
    catalog,
    describer,
    enter_through_the_app,
    escape,
    hidden_ids,
    language,
    list_buttons,
    list_menu,
    open_card,
    recommender_and_search,
    remember,
    set_params,
    t,
    title_button,
    url_number,
    url_numbers,
)

enter_through_the_app()

loaded = catalog()
model, search = recommender_and_search()
params = st.query_params
movies = loaded.movies
first_year, last_year = int(movies["release_year"].min()), int(movies["release_year"].max())
# The popularity control's stops, known movies first (API popularidad=1) to hidden gems (0).
POPULARITY_OPTIONS = {"1": 1.0, "0.75": 0.75, "0.5": 0.5, "0.25": 0.25, "0": 0.0}
NEUTRAL = recommender.NEUTRAL_POPULARITY


# What the session holds, started from the URL: the search box, the list of liked movies, the filters.
if "q" not in st.session_state:
    st.session_state["q"] = params.get("q", "")[:MAX_LINK_TEXT]
if "describing" not in st.session_state:
    st.session_state["describing"] = params.get("describir") == "1"
if "liked" not in st.session_state:
    ids = [movie_id for movie_id in url_numbers("lista") if movie_id in model.rows]
    st.session_state["liked"] = ids[: service.MAX_LIKED - 1]
if "years" not in st.session_state:
    since, until = (
        url_number("desde", first_year, last_year, first_year),
        url_number("hasta", first_year, last_year, last_year),
    )
    st.session_state["years"] = tuple(sorted((since, until)))
    # Names as users write them in a link (Animación, francés) lead to the one they name, if one.
    genres = loaded.lookups.genres.candidates(params.get("genero", ""))
    codes = loaded.lookups.languages.candidates(params.get("idioma", ""))
    st.session_state["genre"] = genres[0] if len(genres) == 1 else ""
    st.session_state["original_language"] = codes[0] if len(codes) == 1 else ""
    asked = params.get("popularidad", "")
    st.session_state["popularity"] = float(asked) if asked in POPULARITY_OPTIONS else NEUTRAL
    st.session_state["diverse"] = params.get("diversas") == "1"


def look_for(title: str, movie_id: int | None = None) -> dict:
    """The session a click leaves to make `title` the search (and `movie_id` the one among namesakes)."""
    return {"q": title, "chosen": movie_id, "liked": []}


def poster(column, card: recommender.MovieCard) -> None:
    if card.poster_url:
        column.image(card.poster_url, width="stretch")
    else:
        column.caption(t("no_poster"))


def filters() -> dict:
    """Years, genre and original language, beside the results; the full year range is no filter."""
    genres = list(loaded.lookups.genres.displays)
    codes = list(loaded.lookups.languages.displays)
    narrowed = any(params.get(name) for name in ("desde", "hasta", "genero", "idioma", "popularidad", "diversas"))
    with st.expander(t("filters"), expanded=narrowed):
        left, middle, right = st.columns([2, 1, 1])
        years = left.slider(t("years"), first_year, last_year, key="years")
        # Labels from a dict, never a function defined here (see pages.common.remember).
        genre_labels = {"": t("all_genres"), **{name: i18n.genre_name(name, language()) for name in genres}}
        genre = middle.selectbox(t("genres"), list(genre_labels), format_func=genre_labels.__getitem__, key="genre")
        named = loaded.lookups.languages.named
        language_labels = {"": t("all_languages"), **{code: named(code, language()) for code in codes}}
        code = right.selectbox(
            t("original_language"),
            list(language_labels),
            format_func=language_labels.__getitem__,
            key="original_language",
        )
        left, right = st.columns([2, 2])
        stops = {1.0: t("well_known"), 0.75: "·", 0.5: t("balanced"), 0.25: "·", 0.0: t("hidden_gems")}
        popularity = left.select_slider(
            t("popularity"),
            list(POPULARITY_OPTIONS.values()),
            format_func=stops.__getitem__,
            key="popularity",
            help=t("popularity_help"),
        )
        diverse = right.toggle(t("diverse"), key="diverse")
    return {
        "desde": years[0] if years[0] > first_year else None,
        "hasta": years[1] if years[1] < last_year else None,
        "genero": genre or None,
        "idioma": code or None,
        "popularidad": popularity if popularity != NEUTRAL else None,
        "diversas": True if diverse else None,
    }


def movie_card(row: int, caption: str, button_key: str) -> None:
    """A poster, the title and year (which open the movie's card), why it is here, and in one row the
    lists' menu and one click to its own recommendations."""
    card = recommender.card(movies, row)
    with st.container(border=True):
        poster(st, card)
        title_button(card.id, card.titulo, card.anio, f"title-{button_key}")
        st.caption(escape(caption))
        with st.container(horizontal=True, gap="small"):
            list_menu(card.id, button_key)
            st.button(
                t("see_similar"),
                key=button_key,
                icon=":material/movie:",
                on_click=remember,
                args=(look_for(f"{card.titulo} {card.anio}", card.id),),
            )


def chosen_movie(query: str):
    """The movie the search box names (asking among namesakes), or None with the suggestions shown."""
    try:
        found = search.search(query)
    except NotFound as error:
        st.warning(escape(error.say(language())))
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


def show_movie(movie) -> None:
    card = recommender.card(movies, movie.row)
    left, right = st.columns([1, 3])
    poster(left, card)
    right.header(escape(f"{card.titulo} ({card.anio})"))
    right.caption(f"{t('genres')}: {escape(', '.join(i18n.genre_name(g, language()) for g in card.generos))}")
    right.write(escape(card.resumen))
    liked = st.session_state["liked"]
    # Keep this movie in the list and empty the box for the next one.
    more = {"liked": [*liked, movie.id][: service.MAX_LIKED - 1], "q": "", "chosen": None}
    full = len(liked) >= service.MAX_LIKED - 1
    with right.container(horizontal=True, gap="small"):
        st.button(t("open_card"), on_click=open_card, args=(movie.id,), icon=":material/info:")
        st.button(t("add_another"), on_click=remember, args=(more,), disabled=full or movie.id in liked)
    with right:
        list_buttons(movie.id, "chosen")


def show_list(liked: list[int]) -> None:
    st.caption(t("your_list"))
    for column, movie_id in zip(st.columns(service.MAX_LIKED), liked, strict=False):
        card = recommender.card(movies, model.rows[movie_id])
        column.button(
            escape(f"✕ {card.titulo} ({card.anio})"),
            key=f"remove-{movie_id}",
            on_click=remember,
            args=({"liked": [other for other in liked if other != movie_id]},),
        )


def show_recommendations(rows: list[int], narrowing: dict) -> None:
    """Both lists, each under its heading: the movies like these (first), and what the people who liked
    them also liked; a list that is empty says why."""
    liked = " + ".join(search.candidate(row).etiqueta for row in rows)
    for mode in recommender.MODES:
        st.subheader(t(mode))
        try:
            found = service.recommend_rows(loaded, model, rows, 5, **narrowing, excluir=hidden_ids(), modo=mode)
        except NotFound as error:  # the filters leave no movie at all: the same for both lists
            st.warning(escape(error.say(language())))
            return
        if not found:
            st.info(escape(t(model.why_none(rows, mode)).format(liked=liked)))
            continue
        st.caption(escape(t(f"list_{mode}").format(liked=liked)))
        for column, item in zip(st.columns(5), found, strict=False):
            with column:
                movie_card(model.rows[item.id], item.reason.said(i18n.words(language())), f"{mode}-{item.id}")


def show_described(text: str) -> None:
    """The movies whose plot, keywords and title fit the text, each saying the words that matched."""
    st.subheader(t("described"))
    try:
        found = describer().describe(text, 10)
    except NotFound as error:
        st.warning(escape(error.say(language())))
        for number, example in enumerate(error.suggestions):
            st.button(escape(example), key=f"example-{number}", on_click=remember, args=({"q": example},))
        return
    for start in range(0, len(found), 5):
        for column, movie in zip(st.columns(5), found[start : start + 5], strict=False):
            with column:
                words = movie.razon.removeprefix("palabras: ")
                movie_card(model.rows[movie.id], f"{t('words')}: {words}", f"described-{movie.id}")


def show_top(narrowing: dict) -> None:
    st.subheader(t("top_chart"))
    try:
        chart = ranking.top(
            loaded,
            narrowing["genero"],
            narrowing["desde"],
            narrowing["hasta"],
            n=10,
            excluir=hidden_ids(),
            diversas=bool(narrowing["diversas"]),
        )
    except NotFound as error:
        st.warning(escape(error.say(language())))
        return
    st.caption(escape(chart.said(i18n.words(language()))))
    for start in range(0, len(chart.peliculas), 5):
        row = enumerate(chart.peliculas[start : start + 5], start=start + 1)
        for column, (place, movie) in zip(st.columns(5), row, strict=False):
            with column:
                votes = i18n.count(movie.votos, language())
                caption = f"#{place} · {movie.nota:.1f} ★ · {votes} {t('votes')} · {t('weighted')} {movie.puntaje:.2f}"
                movie_card(model.rows[movie.id], caption, f"top-{movie.id}")


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
    show_movie(movie)
narrowing = filters()
rows = [model.rows[movie_id] for movie_id in liked]
if movie is not None and movie.row not in rows:
    rows.append(movie.row)
if rows:
    show_recommendations(rows, narrowing)
elif not query:
    show_top(narrowing)

if figures := loaded.manifest.get("quality"):
    with st.expander(t("quality")):
        st.caption(quality.explained(figures, language()))
        st.dataframe(quality.quality_table(figures, language()), hide_index=True)
        st.plotly_chart(quality.quality_chart(figures, language()), key="quality-chart")

state = {"q": query, "id": str(movie.id) if movie is not None else "", "lista": [str(movie_id) for movie_id in liked]}
state["describir"] = "1" if st.session_state["describing"] else ""
narrowing["diversas"] = "1" if narrowing["diversas"] else None
if narrowing["popularidad"] is not None:  # 0.25, as POPULARITY_OPTIONS names it
    narrowing["popularidad"] = f"{narrowing['popularidad']:g}"
state |= {name: str(value) for name, value in narrowing.items() if value is not None}
set_params({name: value for name, value in state.items() if value})
