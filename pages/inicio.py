"""Inicio: what the app is, which catalog is loaded, its figures, and links to the pages."""

import streamlit as st

from core import config, i18n
from core.errors import DataError
from pages.common import (
    auto_fetch_failure,
    enter_through_the_app,
    escape,
    language,
    logged,
    manifest,
    set_params,
    t,
    uploader,
    warm_up,
)

enter_through_the_app()

FETCH_FAILED = "fetch_failed_message"


def fetch_full_dataset() -> None:
    """Download and build the full dataset on the server, showing each step; other sessions keep the old one."""
    from core.build import fetch

    what = f"fetching the full dataset into {config.fetch_dir()} and building it into {config.catalog_dir()}"
    with st.status(t("fetching"), expanded=True) as status:
        try:
            with logged(what):
                rebuilt = fetch.fetch_and_build(
                    config.fetch_dir(), config.catalog_dir(), report=lambda line: st.write(escape(line))
                )
        except DataError as error:
            status.update(label=t("fetch_failed"), state="error")
            st.session_state[FETCH_FAILED] = str(error)
            return
        movies = i18n.count(rebuilt["movies"], language())
        status.update(label=f"{t('built_ok')}: {movies} {t('movies').lower()}", state="complete")
    st.session_state.pop(FETCH_FAILED, None)
    st.cache_resource.clear()
    st.rerun()


st.title(t("app_title"))
st.write(t("home_intro"))

built = manifest()
st.info(i18n.catalog_source(built, language()))
if i18n.is_sample(built):
    if failure := config.auto_fetch() and auto_fetch_failure():
        st.warning(f"{t('auto_fetch_failed')}: {escape(failure)}")
    if st.button(t("fetch_full"), help=t("fetch_help"), icon=":material/download:"):
        fetch_full_dataset()
    if FETCH_FAILED in st.session_state:
        st.error(escape(st.session_state[FETCH_FAILED]))
        st.caption(t("fetch_fallback"))
        uploader(config.catalog_dir())

first, last = built["years"]
columns = st.columns(3)
columns[0].metric(t("movies"), i18n.count(built["movies"], language()))
columns[1].metric(t("years"), f"{first}–{last}")
columns[2].metric(t("built"), built["built_at"][:10])

st.subheader(t("dropped"))
st.dataframe(
    i18n.dropped_rows(built, language()),
    column_config={"step": t("step"), "dropped": t("rows"), "reason": t("reason")},
    hide_index=True,
)

for page, key in (
    ("pages/exploracion.py", "page_eda"),
    ("pages/consultas.py", "page_queries"),
    ("pages/recomendador.py", "page_recommender"),
):
    st.page_link(page, label=f"{t('go_to')} {t(key)}", icon=":material/arrow_forward:")

set_params({})  # the home page holds nothing in the link but what every page keeps
warm_up()  # drawn from the manifest alone; now what the other pages need
