"""Inicio: what the app is, which catalog is loaded, its figures, and links to the pages."""

import streamlit as st

from core.service import auto_fetch, catalog_folder, catalog_source, dropped_rows, is_sample
from pages.links import enter_through_the_app, language, said, set_params, t
from pages.resources import manifest, warm_up
from pages.setup import FETCH_FAILED, auto_fetch_failure, download_button, fallback

enter_through_the_app()

st.title(t("app_title"))
st.write(t("home_intro"))

built = manifest()
st.info(catalog_source(built, language()))
if is_sample(built):
    if auto_fetch() and (failure := auto_fetch_failure()) is not None:
        st.warning(t("auto_fetch_failed"))
        fallback(failure, catalog_folder())
    else:
        download_button()
    if FETCH_FAILED in st.session_state:
        fallback(st.session_state[FETCH_FAILED], catalog_folder())

first, last = built["years"]
columns = st.columns(3)
columns[0].metric(t("movies"), said().number(built["movies"]))
columns[1].metric(t("years"), f"{first}–{last}")
columns[2].metric(t("built"), built["built_at"][:10])

st.header(t("dropped"))  # under the title: a second-level heading
# A few rows, as a plain table: no data grid to load for them.
names = {"step": t("step"), "dropped": t("rows"), "reason": t("reason")}
st.table(
    [{names[key]: value for key, value in row.items()} for row in dropped_rows(built, language())], hide_index=True
)

for page, key in (
    ("pages/exploracion.py", "page_eda"),
    ("pages/consultas.py", "page_queries"),
    ("pages/recomendador.py", "page_recommender"),
):
    st.page_link(page, label=f"{t('go_to')} {t(key)}", icon=":material/arrow_forward:")

set_params({})  # the home page holds nothing in the link but what every page keeps
warm_up()  # drawn from the manifest alone; now what the other pages need
