"""EDA functions on the trap catalog: filtered counts, shapes, values checked against pandas."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from core import catalog as catalog_module
from core import eda, i18n, wordcounts
from tests.test_app import APP, open_page  # noqa: F401  (AppTest helpers)


@pytest.fixture
def movies(trap_catalog_dir) -> pd.DataFrame:
    return catalog_module.load(trap_catalog_dir).movies


@pytest.fixture
def counts(trap_catalog_dir):
    """The word counts the build saved, by text source."""
    return lambda source: wordcounts.load(trap_catalog_dir, source)


def everything(movies) -> eda.Filters:
    return eda.Filters(years=(int(movies["release_year"].min()), int(movies["release_year"].max())))


def test_select_applies_every_filter(movies):
    base = everything(movies)
    assert len(eda.select(movies, base)) == len(movies)
    assert set(eda.select(movies, eda.Filters(years=(1990, 2000)))["release_year"]) == {1995, 1996, 1999, 2000}
    assert set(eda.select(movies, eda.Filters(years=base.years, genres=("Animation",)))["id"]) == {862, 863}
    assert set(eda.select(movies, eda.Filters(years=base.years, language="es"))["id"]) == {4}
    assert set(eda.select(movies, eda.Filters(years=base.years, known_money=True))["id"]) == {862, 863, 10549}


def test_describe_says_how_many_movies_the_filters_select(movies):
    text = eda.describe(eda.Filters(years=(1990, 2000), genres=("Drama",), min_votes=5), 3)
    assert text.startswith("3 películas · años 1990–2000") and "géneros: Drama" in text


def test_histogram_counts_every_known_value_and_says_how_many_are_unknown(movies):
    chart = eda.histogram(movies, "runtime")
    known = int(movies["runtime"].notna().sum())
    assert chart.data["peliculas"].sum() == known
    assert f"({len(movies) - known} con valor 0 o desconocido" in chart.caption


def test_log_histogram_leaves_out_zeros_and_says_so(movies):
    chart = eda.histogram(movies, "budget", log=True)
    known = int((movies["budget"] > 0).sum())
    assert chart.data["peliculas"].sum() == known
    assert f"({len(movies) - known} con valor 0" in chart.caption
    assert chart.data["desde"].min() == pytest.approx(movies.loc[movies["budget"] > 0, "budget"].min())


@pytest.mark.parametrize("method", ["pearson", "spearman"])
def test_correlation_matches_pandas(movies, method):
    chart = eda.correlation(movies, method)
    expected = movies[eda.NUMERIC].astype(float).corr(method=method)
    assert chart.data.to_numpy() == pytest.approx(expected.to_numpy(), nan_ok=True)
    assert f"numéricas, sobre {len(movies)} películas;" in chart.caption


def test_captions_write_thousands_with_dots_and_keep_their_commas():
    many = pd.DataFrame({column: [1.0] * 2_345 for column in eda.NUMERIC})
    assert "numéricas, sobre 2.345 películas;" in eda.correlation(many).caption


def test_budget_vs_revenue_plots_only_known_money(movies):
    chart = eda.budget_vs_revenue(movies)
    assert set(chart.data["titulo"]) == {"Toy Story", "Toy Story 2", "Hamlet"}
    assert {trace.name for trace in chart.figure.data} >= {"punto de equilibrio"}


def test_box_by_genre_has_one_row_per_genre(movies):
    chart = eda.box_by_genre(movies, "runtime")
    assert set(chart.data["genero"]) == {"Animación", "Comedia", "Drama"}  # named in the interface's language
    assert set(eda.box_by_genre(movies, "runtime", language="en").data["genre"]) == {"Animation", "Comedy", "Drama"}


def test_genres_are_named_in_spanish_on_every_spanish_chart(movies):
    legend = {trace.name for trace in eda.budget_vs_revenue(movies).figure.data}
    assert "Animación" in legend and "Animation" not in legend
    assert "Comedia" in set(eda.genre_share_by_decade(movies).data["genero"])
    assert "Comedy" in set(eda.genre_share_by_decade(movies, language="en").data["genre"])
    text = eda.describe(eda.Filters(years=(1990, 2000), genres=("Animation",)), 2)
    assert "géneros: Animación" in text


def test_trends_count_movies_per_year_and_genre_shares_sum_to_one(movies):
    assert eda.per_year(movies).data["peliculas"].sum() == len(movies)
    shares = eda.genre_share_by_decade(movies).data.groupby("decada")["proporcion"].sum()
    assert shares.to_numpy() == pytest.approx(1.0)


def test_top_list_ranks_by_movies_or_revenue(movies):
    assert eda.top_list(movies, "production_companies").data.iloc[0]["nombre"] == "Pixar Animation Studios"
    by_revenue = eda.top_list(movies, "directors", by="ingresos").data
    assert by_revenue.iloc[0]["nombre"] == "John Lasseter"
    assert by_revenue.iloc[0]["ingresos"] == 373554033 + 497366869


def test_top_words_counts_words_without_stop_words(movies, counts):
    data = eda.top_words(movies, counts("title"), "title").data
    assert data.set_index("palabra").loc["hamlet", "veces"] == 2
    assert "the" not in set(data["palabra"])


def test_top_words_of_a_selection_count_only_its_movies(movies, counts):
    animation = eda.select(movies, eda.Filters(years=everything(movies).years, genres=("Animation",)))
    data = eda.top_words(animation, counts("title"), "title").data.set_index("palabra")["veces"]
    assert data.to_dict() == {"toy": 2, "story": 2}


def test_empty_selection_gives_empty_charts_not_errors(movies, counts):
    empty = eda.select(movies, eda.Filters(years=(1800, 1801)))
    for name in ("per_year", "money_per_year", "budget_vs_revenue", "correlation"):
        assert getattr(eda, name)(empty).figure is not None
    assert eda.histogram(empty, "runtime").data["peliculas"].sum() == 0
    assert eda.top_words(empty, counts("overview"), "overview").data.empty
    assert eda.top_words(empty, counts("keywords"), "keywords").data.empty


def every_chart(movies) -> list:
    charts = [eda.histogram(movies, column) for column in eda.NUMERIC]
    charts += [eda.box_by_genre(movies, column) for column in eda.NUMERIC]
    charts += [eda.correlation(movies, method) for method in ("pearson", "spearman")]
    charts += [eda.budget_vs_revenue(movies, color) for color in ("genero", "decada")]
    charts += [
        eda.per_year(movies),
        eda.money_per_year(movies),
        eda.genre_share_by_decade(movies),
        eda.best_rated(movies),
    ]
    return charts + [eda.top_list(movies, column, by) for column in eda.TOP_COLUMNS for by in ("peliculas", "ingresos")]


def test_every_chart_draws_a_selection_of_one_movie_with_no_genre_nor_money(movies):
    # Reached by a link: ?votos= past every movie but the most voted, one of these.
    lone = movies[movies["genres"].map(len) == 0].head(1).assign(budget=0, revenue=0)
    assert len(lone) == 1
    assert all(chart.figure is not None for chart in every_chart(lone))
    assert all(chart.figure is not None for chart in every_chart(lone.iloc[:0]))


def _charts(app) -> int:
    return len(app.get("plotly_chart")) + len(app.get("vega_lite_chart"))


@pytest.mark.parametrize(
    "tab, folded",
    [("Distribuciones", 1), ("Correlaciones", 0), ("Presupuesto vs. ingresos", 0), ("Tendencias", 2),
     ("Rankings", 4), ("Texto", 0)],
)  # fmt: skip
def test_each_eda_tab_draws_its_first_chart_and_the_rest_only_when_opened(trap_catalog_dir, monkeypatch, tab, folded):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("FILMOTECA_CATALOG_DIR", str(trap_catalog_dir))
    app = open_page(AppTest.from_file(APP, default_timeout=60), "exploracion")
    app.session_state["tab"] = tab
    app.run()
    assert not app.exception
    assert _charts(app) == len(app.get("download_button")) == 1  # only the open tab's first chart
    assert len(app.expander) == folded  # the others folded under their titles
    for expander in app.expander:
        assert expander.label and not expander.children  # nothing drawn inside until it is opened
    for key in [key for key in app.session_state if key.startswith("fold-")]:
        app.session_state[key] = True
    app.run()
    assert not app.exception
    assert _charts(app) == len(app.get("download_button")) == 1 + folded


def test_eda_page_renders_its_charts_and_keeps_filters_in_the_url(trap_catalog_dir, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("FILMOTECA_CATALOG_DIR", str(trap_catalog_dir))
    app = open_page(AppTest.from_file(APP, default_timeout=60), "exploracion")
    assert len(app.get("vega_lite_chart")) == 1 and not app.get("plotly_chart")  # the histogram, no plotly
    app.sidebar.toggle[0].set_value(True).run()
    assert not app.exception
    assert app.caption[0].value.startswith("3 películas")
    assert app.query_params["dinero"] == "1"


def contrast(color: str, background: str = "#0E1117") -> float:
    """WCAG contrast ratio of two hex colors (the background is the dark theme's)."""

    def luminance(hex_color: str) -> float:
        channels = [int(hex_color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(color), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_histogram_median_and_quartile_lines_read_on_the_dark_theme(movies):
    rules, labels = eda.histogram(movies, "runtime").figure["layer"][1:]
    assert [mark["mark"] for mark in rules["data"]["values"]] == ["Q1", "mediana", "Q3"]
    for mark in rules["data"]["values"]:  # the labels are drawn from the same marks, in the same colours
        assert contrast(mark["color"]) >= 4.5
    assert labels["encoding"]["color"]["field"] == "color" and labels["encoding"]["text"]["field"] == "mark"


def test_a_histogram_is_drawn_without_a_chart_library_and_its_bars_add_up_to_its_movies(movies):
    chart = eda.histogram(movies, "runtime")
    bars = chart.figure["layer"][0]["data"]["values"]
    assert chart.native and json.dumps(chart.figure)  # plain JSON: the page draws it natively
    assert sum(bar["n"] for bar in bars) == movies["runtime"].notna().sum() == chart.data["peliculas"].sum()


@pytest.mark.sample
@pytest.mark.parametrize("source", ["title", "overview", "keywords"])
def test_the_saved_word_counts_are_each_catalog_movies_own(sample_catalog_dir, source):
    # Counted by the build's helper process before the credits and keywords were joined: each row
    # must still be its catalog movie's, as CountVectorizer counts that movie's text (its words as
    # core.text.words_of says them: no contraction's tail).
    from sklearn.feature_extraction.text import CountVectorizer

    from core.text import words_of

    movies = catalog_module.load(sample_catalog_dir).movies
    texts = movies[source].map(" ".join) if source == "keywords" else movies[source].fillna("")
    vectorizer = CountVectorizer(stop_words="english", preprocessor=words_of)
    expected = vectorizer.fit_transform(texts)
    saved = wordcounts.load(sample_catalog_dir, source)
    assert list(saved.words) == list(vectorizer.get_feature_names_out())
    assert saved.counts.shape == (len(movies), len(saved.words))
    assert (saved.counts != expected).nnz == 0


def test_best_rated_follows_the_weighted_rating_of_the_selection(movies):
    from core import ranking

    selection = eda.select(movies, everything(movies))
    chart = eda.best_rated(selection)
    best, _, m, _ = ranking.rank(
        selection["vote_count"].to_numpy(), selection["vote_average"].to_numpy(), selection["id"].to_numpy(), 10
    )
    assert chart.data["id"].tolist() == selection["id"].to_numpy()[best].tolist()
    assert "nota ponderada" in chart.caption
    assert eda.best_rated(selection.iloc[:0]).data.empty


@pytest.mark.parametrize(
    "name, options",
    [
        ("histogram", {"column": "budget", "log": True}),
        ("box_by_genre", {"column": "revenue"}),
        ("correlation", {}),
        ("budget_vs_revenue", {"color": "decada"}),
        ("per_year", {}),
        ("money_per_year", {}),
        ("genre_share_by_decade", {}),
        ("top_list", {"column": "directors", "by": "ingresos"}),
        ("best_rated", {}),
    ],
)
def test_every_chart_says_itself_in_english_with_the_same_numbers(movies, name, options):
    spanish, english = (getattr(eda, name)(movies, **options, language=language) for language in ("es", "en"))
    assert english.caption != spanish.caption
    assert english.data.shape == spanish.data.shape
    in_english = spanish.data.replace(i18n.genres_named("es"))  # genres say themselves too
    assert pd.DataFrame(english.data.to_numpy()).equals(pd.DataFrame(in_english.to_numpy()))  # renamed only
    spanish_columns = set(map(str, spanish.data.columns)) - set(map(str, english.data.columns))
    assert not spanish_columns & {eda.name(key, "en") for key in eda.DATA_NAMES}
    assert "películas" not in english.caption and "ingresos" not in english.caption


def test_english_captions_write_thousands_with_commas():
    many = pd.DataFrame({column: [1.0] * 2_345 for column in eda.NUMERIC})
    assert "over 2,345 movies;" in eda.correlation(many, language="en").caption
    assert eda.describe(eda.Filters(years=(1990, 2000), min_votes=1500), 2_345, "en") == (
        "2,345 movies · years 1990–2000 · at least 1,500 votes"
    )


def test_top_list_captions_agree_in_gender_in_spanish(movies):
    captions = {column: eda.top_list(movies, column).caption for column in eda.TOP_COLUMNS}
    assert captions["directors"] == "Los 10 directores con más películas"
    assert captions["production_countries"].startswith("Los 10 países")
    assert captions["collection"].startswith("Las 10 franquicias")
    assert eda.top_list(movies, "production_companies", by="ingresos").caption == (
        "Las 10 productoras con más ingresos totales"
    )


@pytest.mark.sample
def test_the_top_countries_are_named_in_the_interfaces_language(sample_catalog_dir):
    movies = catalog_module.load(sample_catalog_dir).movies
    spanish = eda.top_list(movies, "production_countries", language="es").data
    english = eda.top_list(movies, "production_countries", language="en").data
    assert spanish.iloc[:3, 0].tolist() == ["Estados Unidos", "Reino Unido", "Francia"]
    assert english.iloc[:3, 0].tolist() == ["United States", "United Kingdom", "France"]
    assert spanish.iloc[:, 1].tolist() == english.iloc[:, 1].tolist()
