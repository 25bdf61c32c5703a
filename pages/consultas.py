"""Consultas: the six course queries, all in sight, each a form with an example; the query and its argument live in the URL."""

import streamlit as st

from core.service import NotFound, QueryRequest, course_queries, csv, table
from pages.links import MAX_LINK_TEXT, enter_through_the_app, language, remember, said, set_params, t
from pages.resources import service
from pages.widgets import escape, movie_columns, movie_table, warn

enter_through_the_app()


def columns() -> dict:
    """How the result tables show each column, headed in the interface's language."""
    money = lambda key: st.column_config.NumberColumn(t(key), format="dollar")  # noqa: E731
    return {
        **movie_columns(),
        "duracion": st.column_config.NumberColumn(t("duracion"), format="%d"),
        "fecha_lanzamiento": st.column_config.DateColumn(t("fecha_lanzamiento"), format="YYYY-MM-DD"),
        "retorno": st.column_config.NumberColumn(t("retorno"), format="%.2f"),
        "costo": money("costo"),
        "ganancia": money("ganancia"),
        "revenue": None,  # repeats ganancia (the course's API keeps both keys)
    }


queries = course_queries()
functions = list(queries)
params = st.query_params


def argument_key(function: str) -> str:
    return f"arg-{function}"


def use_suggestion(function: str, name: str) -> tuple[dict, dict]:
    """The session and the link a click leaves to run the query again with a suggested name, shown in
    the form's field too."""
    return {argument_key(function): name}, {"arg": name}


def show(function: str, argument: str) -> None:
    try:
        result = service().query(QueryRequest(function, argument))
    except NotFound as error:
        warn(error)
        if suggestions := error.offered(language()):
            st.caption(t("did_you_mean"))
            for number, name in enumerate(suggestions):
                st.button(
                    escape(name), key=f"suggestion-{number}", on_click=remember, args=use_suggestion(function, name)
                )
        return
    st.subheader(escape(result.said(said())))
    metrics = result.metrics(said())
    for column, (name, value) in zip(st.columns(len(metrics)), metrics, strict=True):
        column.metric(name, value)
    movies = table(result)
    if not movies.empty:
        movie_table(movies, f"result-{function}", columns())  # a row opens the movie's card
        st.download_button(t("download_csv"), csv(movies), file_name=f"{function}.csv", mime="text/csv")


st.title(t("page_queries"))
# All six at once, one click each; the URL's choice is the default.
function = st.segmented_control(
    t("query"),
    functions,
    default=params["fn"] if params.get("fn") in functions else functions[0],
    format_func={name: queries[name].labels(language()).title for name in functions}.__getitem__,
    required=True,
)
if params.get("fn") != function:
    set_params({"fn": function})
argument = params.get("arg", "")[:MAX_LINK_TEXT]  # a name, not a page of text

labels = queries[function].labels(language())
names = service().query_names(function, language())
with st.form(f"form-{function}"):
    # One field per function for the whole session (a key that changed with the URL would drop what
    # the user typed next); it starts from the URL's argument.
    key = argument_key(function)
    if key not in st.session_state:
        st.session_state[key] = argument or (None if names else "")
    if names:
        typed = st.session_state[key]
        options = names if not typed or typed in names else [typed, *names]
        value = st.selectbox(
            labels.argument, options, accept_new_options=True, placeholder=t("choose_or_type"), key=key
        )
    else:
        value = st.text_input(labels.argument, key=key, max_chars=MAX_LINK_TEXT)
    if st.form_submit_button(t("run"), type="primary"):
        argument = (value or "")[:MAX_LINK_TEXT]
        params["arg"] = argument
if "arg" in params and params["arg"] != argument:  # the link's, cut to a name's length
    params["arg"] = argument

st.button(
    f"{t('example')}: {labels.example}",
    key=f"example-{function}",
    on_click=remember,
    args=use_suggestion(function, labels.example),
    type="tertiary",
    icon=":material/lightbulb:",
)

if "arg" in params:
    show(function, argument)
