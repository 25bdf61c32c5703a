"""Exploración: placeholder until the EDA page lands."""

import streamlit as st

from pages.common import catalog, t

catalog()
st.title(t("page_eda"))
