"""Filmoteca: the Streamlit entry point."""

import streamlit as st

st.title("Filmoteca")
st.write("The movie-data dashboard is on its way.")
