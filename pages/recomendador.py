"""Recomendador: find a movie (typos forgiven) and see five similar ones; state lives in the URL."""

import streamlit as st

from core import recommender
from core.errors import NotFound
from pages.common import catalog, enter_through_the_app, escape, recommender_and_search, t

enter_through_the_app()

loaded = catalog()
model, search = recommender_and_search()
params = st.query_params


def look_for(title: str, movie_id: int | None = None) -> None:
    """Search for `title` (and pick `movie_id` among namesakes), shown in the search box too.

    A button's callback: it runs before the search box is drawn.
    """
    params.from_dict({"q": title} if movie_id is None else {"q": title, "id": str(movie_id)})
    st.session_state["q"] = title


def poster(column, card: recommender.MovieCard) -> None:
    if card.poster_url:
        column.image(card.poster_url, width="stretch")
    else:
        column.caption(t("no_poster"))


st.title(t("page_recommender"))
# One search box for the whole session (a key that changed with the URL would redraw it on every
# search); it starts from the URL's query.
if "q" not in st.session_state:
    st.session_state["q"] = params.get("q", "")
query = st.text_input(t("search_title"), help=t("search_help"), key="q")
if query != params.get("q", ""):
    params.from_dict({"q": query})

if query:
    try:
        found = search.search(query)
    except NotFound as error:
        st.warning(escape(str(error)))
        st.caption(t("did_you_mean"))
        for number, label in enumerate(error.suggestions):
            st.button(escape(label), key=f"suggestion-{number}", on_click=look_for, args=(label,))
        st.stop()
    movie = found.best
    if not found.certain:
        ids = [candidate.id for candidate in found.candidates]
        wanted = int(params["id"]) if params.get("id", "").isdigit() and int(params["id"]) in ids else ids[0]
        movie = st.radio(
            t("pick_one"),
            found.candidates,
            index=ids.index(wanted),
            format_func=lambda candidate: escape(candidate.etiqueta),
        )
        params["id"] = str(movie.id)

    card = recommender.card(loaded.movies, movie.row)
    left, right = st.columns([1, 3])
    poster(left, card)
    right.header(escape(f"{card.titulo} ({card.anio})"))
    right.caption(f"{t('genres')}: {escape(', '.join(card.generos))}")
    right.write(escape(card.resumen))
    links = right.columns(4)
    links[0].link_button("TMDB", card.tmdb_url)
    if card.imdb_url:
        links[1].link_button("IMDb", card.imdb_url)

    st.subheader(t("similar"))
    for column, item in zip(st.columns(5), model.similar_movies(movie.row), strict=False):
        with column.container(border=True):
            other = recommender.card(loaded.movies, model.rows[item.id])
            poster(st, other)
            st.markdown(f"**{escape(item.titulo)}** ({item.anio})")
            st.progress(min(1.0, max(0.0, item.puntaje)), text=f"{t('score')}: {item.puntaje:.2f}")
            st.caption(escape(item.razon))
            st.button(
                t("see_similar"), key=f"see-{item.id}", on_click=look_for, args=(f"{item.titulo} {item.anio}", item.id)
            )
