"""Mis listas: the movies seen, not interesting and to watch, as the link holds them; each a table
whose titles open the movie's card, a CSV download, and a CSV upload to bring a list in."""

import streamlit as st

from core.service import lists
from pages.links import IMPORTED, enter_through_the_app, said, set_params, t, uploader_key, user_lists
from pages.resources import service
from pages.widgets import escape, import_list, linked_movies

enter_through_the_app()

kept = user_lists()

st.title(t("page_lists"))
st.caption(t("lists_intro"))
shown = {name: service().list_table(kept[name]) if kept[name] else None for name in lists.LISTS}
counts = {name: 0 if table is None else len(table) for name, table in shown.items()}
for tab, name in zip(st.tabs([f"{t(name)} ({counts[name]})" for name in lists.LISTS]), lists.LISTS, strict=True):
    with tab:
        if unknown := len(set(kept[name])) - counts[name]:  # ids of another catalog, or of none
            st.caption(said().n("list_unknown", unknown))
        if not counts[name]:
            st.caption(t("empty_list"))
            continue
        linked_movies(shown[name])
        st.download_button(
            t("download_csv"),
            service().list_csv(kept[name]),
            file_name=f"{name}.csv",
            mime="text/csv",
            key=f"csv-{name}",
        )

st.header(t("upload_list"))  # under the title: a second-level heading
st.radio(t("into_list"), lists.LISTS, format_func=t, horizontal=True, key="list-target", index=2)
st.file_uploader(
    t("upload_list"),
    type=["csv", "txt"],
    key=uploader_key(),
    on_change=import_list,
    args=(uploader_key(), "list-target"),
    label_visibility="collapsed",
    max_upload_size=1,
)
if IMPORTED in st.session_state:  # what the last upload brought, said once
    kind, brought = st.session_state.pop(IMPORTED)
    getattr(st, kind)(escape(brought))

set_params({})
