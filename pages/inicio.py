"""Inicio: what the app is, the catalog's figures from its manifest, and links to the pages."""

import streamlit as st

from core import i18n
from core.text import number
from pages.common import catalog, enter_through_the_app, language, t

enter_through_the_app()

st.title(t("app_title"))
st.write(t("home_intro"))

manifest = catalog().manifest
first, last = manifest["years"]
columns = st.columns(3)
columns[0].metric(t("movies"), number(manifest["movies"]))
columns[1].metric(t("years"), f"{first}–{last}")
columns[2].metric(t("built"), manifest["built_at"][:10])

st.subheader(t("dropped"))
st.dataframe(
    i18n.dropped_rows(manifest, language()),
    column_config={"step": t("step"), "dropped": t("rows"), "reason": t("reason")},
    hide_index=True,
)

for page, key in (
    ("pages/exploracion.py", "page_eda"),
    ("pages/consultas.py", "page_queries"),
    ("pages/recomendador.py", "page_recommender"),
):
    st.page_link(page, label=f"{t('go_to')} {t(key)}", icon=":material/arrow_forward:")
