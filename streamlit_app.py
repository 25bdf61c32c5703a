"""Filmoteca: the Streamlit entry point — language choice and navigation between the pages."""

import streamlit as st

from core import i18n
from pages.common import mark_navigation, t

st.set_page_config(page_title="Filmoteca", page_icon=":material/movie:", layout="wide")
mark_navigation()

st.sidebar.selectbox(
    i18n.label("language", st.session_state.get("language", i18n.DEFAULT_LANGUAGE)),
    options=list(i18n.LANGUAGES),
    format_func=i18n.LANGUAGES.get,
    key="language",
)

navigation = st.navigation(
    [
        st.Page("pages/inicio.py", title=t("page_home"), icon=":material/home:", default=True),
        st.Page("pages/exploracion.py", title=t("page_eda"), icon=":material/bar_chart:"),
        st.Page("pages/consultas.py", title=t("page_queries"), icon=":material/search:"),
        st.Page("pages/recomendador.py", title=t("page_recommender"), icon=":material/movie:"),
    ]
)
navigation.run()
