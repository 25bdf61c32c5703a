"""The whole app in headless Chromium: `streamlit run` on a free port over the head sample."""

from __future__ import annotations

import pytest

from tests.browser import assert_no_exception, cards_shown, choose_query, open_app, row_titles, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.sample]

FORMS = {
    "peliculas_idioma": ("Francés", "películas fueron estrenadas en idioma francés"),
    "peliculas_duracion": ("Hamlet", "Hay 2 películas llamadas Hamlet"),
    "franquicia": ("James Bond", "La franquicia James Bond Collection posee"),
    "peliculas_pais": ("España", "en el país España"),
    "productoras_exitosas": ("Pixar Animation Studios", "La productora Pixar Animation Studios"),
    "get_director": ("John Lasseter", "El director John Lasseter"),
}


def test_every_page_opens_without_an_exception(server, page):
    # The fresh server's first request is a deep link: it must still get the app's navigation.
    for path, text in (
        ("exploracion", "Descargar CSV"),
        ("consultas", "Consultar"),
        ("recomendador", "Busca una película"),
        ("", "Filas descartadas al construir"),
    ):
        open_app(page, f"{server}/{path}")
        page.get_by_text(text, exact=True).first.wait_for()
        page.get_by_text("Idioma de la interfaz").wait_for()  # the app's own navigation ran
        assert page.get_by_text("Page not found").count() == 0
        assert_no_exception(page)
        screenshot(page, path or "inicio")


@pytest.mark.parametrize("function", sorted(FORMS))
def test_each_query_form_submits_and_answers(server, page, function):
    argument, answer = FORMS[function]
    open_app(page, f"{server}/consultas?fn={function}")
    ask(page, argument, answer)
    assert_no_exception(page)
    assert function in page.url and "arg=" in page.url


def ask(page, argument: str, answer: str) -> None:
    field = page.locator('[data-testid="stForm"] input').first
    field.click()
    field.fill(argument)
    field.press("Enter")
    page.get_by_role("button", name="Consultar").click()
    page.get_by_text(answer).first.wait_for()


def test_a_second_query_in_the_same_form_answers_the_new_name(server, page):
    open_app(page, f"{server}/consultas?fn=peliculas_pais")
    ask(page, "España", "en el país España")
    ask(page, "Francia", "en el país Francia")
    assert "arg=Francia" in page.url
    assert_no_exception(page)


def test_searching_toy_stroy_shows_the_similar_movies_then_what_its_fans_liked(server, page):
    open_app(page, f"{server}/recomendador")
    box = page.get_by_role("textbox", name="Busca una película")
    page.get_by_text("Las mejor valoradas", exact=True).wait_for()  # the empty box's top chart, with its own buttons
    box.fill("toy stroy")
    box.press("Enter")
    page.get_by_role("heading", name="Parecidas").wait_for()
    page.get_by_role("heading", name="Les gustó también").wait_for()
    page.get_by_text("Las mejor valoradas", exact=True).wait_for(state="detached")
    page.wait_for_function("() => location.search.includes('q=toy')")
    cards_shown(page, 5)  # five of each list; the top chart's stale cards go once the run ends
    similar = " ".join(row_titles(page, "parecidas"))
    assert any(title in similar for title in ("Aladdin", "The Lion King", "A Bug's Life"))
    assert page.get_by_text("personas a las que les gustó Toy Story también").count() == 5
    assert_no_exception(page)
    screenshot(page, "recomendador-toy-story")


def test_the_eda_page_draws_its_charts(server, page):
    open_app(page, f"{server}/exploracion")
    page.locator('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg').first.wait_for()
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 0  # first sight: no chart library loaded
    page.get_by_text("por género (mínimo, cuartiles y máximo)").click()  # a folded chart, drawn when opened
    page.locator('[data-testid="stPlotlyChart"]').first.wait_for()
    assert_no_exception(page)
    screenshot(page, "exploracion-charts")
    page.get_by_role("tab", name="Rankings").click()  # a closed tab draws its charts when opened
    page.locator('[data-testid="stPlotlyChart"] .barlayer').first.wait_for()
    page.get_by_text("Las 10 productoras con más películas").click()
    page.locator('[data-testid="stPlotlyChart"] .barlayer').nth(1).wait_for()
    assert_no_exception(page)


def test_consultas_shows_the_six_functions_and_runs_an_example_in_one_click(server, page):
    from core.queries import QUERIES

    open_app(page, f"{server}/consultas")
    for function in FORMS:
        assert page.get_by_text(QUERIES[function].labels("es").title, exact=True).first.is_visible()
    choose_query(page, QUERIES["franquicia"], "es")
    page.get_by_text("La franquicia James Bond Collection posee").first.wait_for()
    assert "fn=franquicia" in page.url and "arg=James" in page.url
    assert_no_exception(page)
    screenshot(page, "consultas-six-functions")


def test_the_language_lives_in_the_url_across_pages_and_reloads(server, page):
    open_app(page, f"{server}/consultas?lang=en&fn=peliculas_pais&arg=Espa%C3%B1a")
    page.get_by_text("30 movies were produced in Spain").first.wait_for()
    page.get_by_role("link", name="Recommender").click()
    page.get_by_text("Search for a movie").wait_for()
    page.wait_for_function("() => location.search.includes('lang=en')")
    page.reload()
    page.get_by_text("Best rated", exact=True).wait_for()  # the empty search box shows the top chart, in English
    assert "lang=en" in page.url
    assert_no_exception(page)
    screenshot(page, "recomendador-en")


def test_choosing_english_in_the_sidebar_writes_it_to_the_url(server, page):
    open_app(page, server)
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').click()
    page.get_by_role("option", name="English").click()
    page.get_by_text("Rows dropped by the build").wait_for()
    page.wait_for_function("() => location.search.includes('lang=en')")
    assert_no_exception(page)


def test_two_liked_movies_recommend_from_both_in_the_browser(server, page):
    open_app(page, f"{server}/recomendador?q=Toy%20Story")
    page.get_by_role("button", name="Añadir otra película").click()
    page.wait_for_function("() => location.search.includes('lista=862')")
    box = page.get_by_role("textbox", name="Busca una película")
    box.fill("Heat")
    box.press("Enter")
    page.get_by_text("como Heat:").first.wait_for()
    cards_shown(page, 5)
    assert_no_exception(page)
    screenshot(page, "recomendador-lista")


HOSTILE = ":material/warning: :red[x] &lt;b&gt; &amp;\n==="


@pytest.mark.parametrize("path", ["recomendador?q=", "consultas?fn=get_director&arg="])
def test_what_a_link_carries_is_shown_as_text(server, page, path):
    from urllib.parse import quote

    open_app(page, f"{server}/{path}{quote(HOSTILE)}")
    alert = page.locator('[data-testid="stAlert"]').first
    alert.wait_for()
    assert alert.locator('[role="img"], h1, h2, h3, b, span[style*="color"]').count() == 0
    shown = alert.inner_text().replace("\u2060", "")
    for text in (":material/warning:", ":red[x]", "&lt;b&gt;", "&amp; ==="):
        assert text in shown, (text, shown)
    assert_no_exception(page)


LINKS = "www.evil.example/x http://evil.co/a_b m@evil.example"


@pytest.mark.parametrize("path", ["recomendador?q=", "consultas?fn=franquicia&arg="])
def test_an_address_in_what_a_link_carries_is_text_not_a_link(server, page, path):
    from urllib.parse import quote

    open_app(page, f"{server}/{path}{quote(LINKS)}")
    alert = page.locator('[data-testid="stAlert"]').first
    alert.wait_for()
    assert page.locator('[data-testid="stMain"] a[href*="evil"]').count() == 0
    shown = alert.inner_text().replace("\u2060", "")
    assert LINKS in shown, shown  # as typed: no backslash left over, no address turned into a link
    assert_no_exception(page)


def test_an_uploaded_title_that_is_a_formula_with_a_link_shows_as_typed(server, page, tmp_path):
    formula = '=HYPERLINK("http://evil.example/x","click")'
    mine = tmp_path / "mine.csv"
    mine.write_text(f'titulo\n"{formula.replace(chr(34), chr(34) * 2)}"\n', encoding="utf-8")
    open_app(page, f"{server}/listas")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(mine)
    alert = page.locator('[data-testid="stAlert"]').first
    alert.wait_for()
    assert page.locator('[data-testid="stMain"] a[href*="evil"]').count() == 0
    assert formula in alert.inner_text().replace("\u2060", "")
    assert_no_exception(page)
