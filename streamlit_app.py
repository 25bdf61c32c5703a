"""Filmoteca: the Streamlit entry point — language choice, the lists and card the link holds, and
navigation between the pages."""

import streamlit as st

from core.service import logs
from pages.links import choose_language, keep_lists_in_link, navigating, t
from pages.widgets import show_asked_card, styles

st.set_page_config(page_title="Filmoteca", page_icon=":material/movie:", layout="wide")
logs.configure(form=logs.DETAILED)  # the builds and fetches the app starts, on the server's stderr
styles()
with navigating():
    choose_language()
    keep_lists_in_link()
    show_asked_card()
    st.set_option("client.showSidebarNavigation", True)  # these pages, where the config hid pages/'s every file
    navigation = st.navigation(
        [
            st.Page("pages/inicio.py", title=t("page_home"), icon=":material/home:", default=True),
            st.Page("pages/exploracion.py", title=t("page_eda"), icon=":material/bar_chart:"),
            st.Page("pages/consultas.py", title=t("page_queries"), icon=":material/search:"),
            st.Page("pages/recomendador.py", title=t("page_recommender"), icon=":material/movie:"),
            st.Page("pages/listas.py", title=t("page_lists"), icon=":material/bookmarks:"),
        ]
    )
    navigation.run()
