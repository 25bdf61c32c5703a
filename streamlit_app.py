"""Filmoteca: the Streamlit entry point — language choice and navigation between the pages."""

import streamlit as st

from core import logs
from pages.common import choose_language, mark_navigation, t

st.set_page_config(page_title="Filmoteca", page_icon=":material/movie:", layout="wide")
logs.configure(form=logs.DETAILED)  # the builds and fetches the app starts, on the server's stderr
mark_navigation()
choose_language()

navigation = st.navigation(
    [
        st.Page("pages/inicio.py", title=t("page_home"), icon=":material/home:", default=True),
        st.Page("pages/exploracion.py", title=t("page_eda"), icon=":material/bar_chart:"),
        st.Page("pages/consultas.py", title=t("page_queries"), icon=":material/search:"),
        st.Page("pages/recomendador.py", title=t("page_recommender"), icon=":material/movie:"),
    ]
)
navigation.run()
