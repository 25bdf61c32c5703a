"""The HTTP API through FastAPI's test client, and once as a real `python -m core serve`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import queries
from core.api import create_app
from core.build import build
from core.limits import EXCLUDED_IN_A_URL, MAX_EXCLUDED
from tests.browser import free_port
from tests.test_cli_build import ROOT, run_core

ROUTES = [*queries.QUERIES, "recomendacion"]


@pytest.fixture(scope="module")
def client(sample_catalog_dir) -> TestClient:
    return TestClient(create_app(sample_catalog_dir))


@pytest.mark.parametrize("function", sorted(queries.QUERIES))
def test_each_query_route_answers_exactly_the_command_lines_json(client, sample_catalog_dir, function):
    example = queries.QUERIES[function].example
    answer = client.get(f"/{function}/{quote(example)}")
    command_line = run_core("query", function, example, "--json", "--catalog", str(sample_catalog_dir))
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    assert answer.json() == json.loads(command_line.stdout)


def test_recommendation_route_answers_exactly_the_command_lines_json(client, sample_catalog_dir):
    answer = client.get("/recomendacion/Toy%20Stroy", params={"k": 3})
    command_line = run_core("recommend", "Toy Stroy", "-k", "3", "--json", "--catalog", str(sample_catalog_dir))
    assert answer.status_code == 200
    assert answer.json() == json.loads(command_line.stdout)
    assert len(answer.json()["recomendaciones"]) == 3


def test_health_says_how_many_movies_and_which_build(client, sample_catalog_dir):
    manifest = json.loads((sample_catalog_dir / "manifest.json").read_text(encoding="utf-8"))
    assert client.get("/health").json() == {"status": "ok", "peliculas": 2993, "catalogo": manifest["built_at"]}


def test_a_miss_is_404_with_the_error_and_suggestions(client):
    answer = client.get("/get_director/Jon%20Laseter")
    assert answer.status_code == 404
    assert set(answer.json()) == {"error", "sugerencias"}
    assert "John Lasseter" in answer.json()["sugerencias"]


@pytest.mark.parametrize("argument", ["", "%20%20", "x" * 5000, "%2A%28%5B%3F%5C", "Face%2FOff%2F%2F"])
def test_empty_long_or_odd_arguments_get_a_json_answer(client, argument):
    for route in ROUTES:
        answer = client.get(f"/{route}/{argument}")
        assert answer.status_code in (200, 404)
        if answer.status_code == 404:
            assert set(answer.json()) == {"error", "sugerencias"}


def test_a_title_with_a_slash_is_one_argument(client):
    assert client.get("/peliculas_duracion/Face%2FOff").json()["pelicula"] == "Face/Off"


def test_unknown_routes_are_404_json_listing_the_routes(client):
    answer = client.get("/peliculas")
    assert answer.status_code == 404
    assert "/franquicia/{franquicia}" in answer.json()["sugerencias"]


@pytest.mark.parametrize(("k", "status"), [(0, 422), (21, 422), (-1, 422), ("tres", 422), (1, 200), (20, 200)])
def test_k_is_bounded_1_to_20(client, k, status):
    answer = client.get("/recomendacion/Heat", params={"k": k})
    assert answer.status_code == status
    if status == 200:
        assert len(answer.json()["recomendaciones"]) == k
    else:
        assert "k" in answer.json()["error"]


def test_every_answer_has_the_builds_etag_and_a_conditional_get_is_304(client):
    first = client.get("/franquicia/James%20Bond")
    etag = first.headers["etag"]
    assert first.headers["cache-control"].startswith("public")
    assert client.get("/peliculas_idioma/fr").headers["etag"] == etag
    assert client.get("/get_director/nadie").headers["etag"] == etag
    again = client.get("/franquicia/James%20Bond", headers={"If-None-Match": etag})
    assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", etag)
    assert client.get("/franquicia/James%20Bond", headers={"If-None-Match": '"other"'}).status_code == 200


def test_cors_is_open_for_reading(client):
    answer = client.get("/health", headers={"Origin": "https://example.org"})
    assert answer.headers["access-control-allow-origin"] == "*"


def test_docs_and_openapi_list_the_routes_with_examples_and_fields(client):
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    routes = {path.split("/")[1] for path in spec["paths"]}
    assert routes == {*ROUTES, "health", "top", "descripcion"}
    for path, operations in spec["paths"].items():
        for parameter in operations["get"].get("parameters", []):
            if parameter["in"] == "path":
                assert parameter["examples"], path
    director = spec["components"]["schemas"]["Director"]["properties"]
    assert set(director) == {"director", "retorno_total", "peliculas", "mensaje"}
    assert "The Movies Dataset" in spec["info"]["description"]


def test_a_rebuild_while_serving_keeps_the_loaded_catalog_until_restart(sample_catalog_dir, trap_raw, tmp_path):
    folder = tmp_path / "catalog"
    shutil.copytree(sample_catalog_dir, folder)
    client = TestClient(create_app(folder))
    before = client.get("/peliculas_idioma/en")
    build(trap_raw, folder)  # 9 movies now on disk
    after = client.get("/peliculas_idioma/en")
    assert (after.json(), after.headers["etag"]) == (before.json(), before.headers["etag"])
    assert client.get("/health").json()["peliculas"] == 2993
    assert TestClient(create_app(folder)).get("/health").json()["peliculas"] == 9  # a restart serves the new one


@settings(max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(route=st.sampled_from(ROUTES), argument=st.text(max_size=60))
def test_any_path_argument_gets_200_404_or_422_json(sample_catalog_dir, route, argument):
    client = _shared_client(sample_catalog_dir)
    answer = client.get(f"/{route}/{quote(argument, safe='')}")
    assert answer.status_code in (200, 404, 422)
    assert isinstance(answer.json(), dict)


_CLIENTS: dict[Path, TestClient] = {}


def _shared_client(folder: Path) -> TestClient:
    """One client per catalog for the 10,000 generated requests (a fixture cannot be shared by @given)."""
    if folder not in _CLIENTS:
        _CLIENTS[folder] = TestClient(create_app(folder))
    return _CLIENTS[folder]


def test_the_real_server_answers_over_http(sample_catalog_dir):
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("FILMOTECA_")}
    command = [sys.executable, "-m", "core", "serve", "--port", str(port), "--catalog", str(sample_catalog_dir)]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=1) as health:
                    assert json.load(health)["peliculas"] == 2993
                    break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail(f"the server did not start: {server.stderr.read1().decode()}")
        with urllib.request.urlopen(urllib.request.Request(f"{url}/health", method="HEAD"), timeout=5) as head:
            assert (head.status, head.read()) == (200, b"")  # what monitors send
        with urllib.request.urlopen(f"{url}/productoras_exitosas/Pixar", timeout=5) as answer:
            assert json.load(answer)["productora"] == "Pixar Animation Studios"
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{url}/get_director/Jon%20Laseter", timeout=5)
        assert missing.value.code == 404 and json.load(missing.value)["sugerencias"]
        # The longest seen list a GET takes, its commas encoded as browsers and urlencode send them.
        seen = urlencode({"ids": "862", "excluir": ",".join(str(100_000 + n) for n in range(EXCLUDED_IN_A_URL))})
        with urllib.request.urlopen(f"{url}/recomendacion?{seen}&modo=gustos", timeout=5) as answer:
            assert len(json.load(answer)["recomendaciones"]) == 5
        body = json.dumps({"ids": [862], "excluir": list(range(MAX_EXCLUDED))}).encode()
        posted = urllib.request.Request(f"{url}/recomendacion", body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(posted, timeout=5) as answer:
            assert len(json.load(answer)["recomendaciones"]) == 5
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_top_route_answers_exactly_the_command_lines_json(client, sample_catalog_dir):
    answer = client.get("/top", params={"genero": "Animación", "n": 3})
    command_line = run_core("top", "--genero", "Animación", "-n", "3", "--json", "--catalog", str(sample_catalog_dir))
    assert answer.status_code == 200
    assert answer.json() == json.loads(command_line.stdout)
    assert client.get("/top", params={"genero": "Animasion"}).json()["sugerencias"][0] == "Animation"


def test_the_top_chart_leaves_out_the_movies_already_seen_as_the_command_line_does(client, sample_catalog_dir):
    full = client.get("/top", params={"n": 5}).json()
    seen = [full["peliculas"][0]["id"], full["peliculas"][2]["id"]]  # The Shawshank Redemption and another
    answer = client.get("/top", params={"n": 5, "excluir": ",".join(map(str, seen))})
    assert answer.status_code == 200
    ids = [movie["id"] for movie in answer.json()["peliculas"]]
    assert len(ids) == 5 and not set(ids) & set(seen)
    kept = [movie["id"] for movie in full["peliculas"] if movie["id"] not in seen]
    assert ids[:3] == kept  # the others keep their order; two more come after them
    assert (answer.json()["m"], answer.json()["C"]) == (full["m"], full["C"])  # the chart's m and C stay
    excluded = ",".join(map(str, seen))
    command_line = run_core("top", "-n", "5", "--excluir", excluded, "--json", "--catalog", str(sample_catalog_dir))
    assert answer.json() == json.loads(command_line.stdout)
    for malformed in ("27x", "1,,2", "-5"):
        assert client.get("/top", params={"excluir": malformed}).status_code == 422


def test_recommendation_filters_are_query_parameters(client):
    answer = client.get("/recomendacion/toy%20story", params={"desde": 1998}).json()
    assert len(answer["recomendaciones"]) == 5
    assert all(item["anio"] >= 1998 for item in answer["recomendaciones"])
    emptied = client.get("/recomendacion/toy%20story", params={"desde": 2030})
    assert emptied.status_code == 404 and "desde 2030" in emptied.json()["error"]


def test_a_repeated_question_gets_the_same_answer_and_headers(client):
    first = client.get("/franquicia/Toy%20Story?x=1")
    again = client.get("/franquicia/Toy%20Story?x=1", headers={"Origin": "https://example.org"})
    assert (again.status_code, again.content) == (first.status_code, first.content)
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["access-control-allow-origin"] == "*"
    missed = [client.get("/get_director/Nadie%20Conocido") for _ in range(2)]
    assert [answer.status_code for answer in missed] == [404, 404]
    assert missed[0].json() == missed[1].json()


@pytest.mark.parametrize(
    "path", ["/health", "/top?n=3", "/franquicia/Toy%20Story", "/recomendacion/Toy%20Story?k=2", "/get_director/Nadie"]
)
def test_head_answers_every_get_route_as_get_without_the_body(client, path):
    for _ in range(2):  # the second from the kept answers
        get, head = client.get(path), client.head(path)
        assert (head.status_code, head.content) == (get.status_code, b"")
        assert head.headers["content-type"] == get.headers["content-type"] == "application/json"
        assert head.headers["etag"] == get.headers["etag"]


def test_other_methods_are_405_json_saying_what_is_allowed(client):
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        answer = client.request(method, "/health")
        assert answer.status_code == 405
        assert answer.headers["allow"] == "GET, HEAD"
        assert "GET" in answer.json()["error"]


@pytest.mark.parametrize("validator", ["*", "{etag}", 'W/"x", {etag}'])
def test_a_conditional_request_never_turns_an_error_into_a_304(client, validator):
    etag = client.get("/health").headers["etag"]
    headers = {"If-None-Match": validator.format(etag=etag)}
    assert client.get("/get_director/Nadie%20Conocido", headers=headers).status_code == 404
    assert client.get("/top?n=0", headers=headers).status_code == 422
    assert client.get("/no/such/route", headers=headers).status_code == 404
    assert client.get("/franquicia/Toy%20Story", headers=headers).status_code == 304


def test_a_url_past_the_limit_is_a_json_414(client):
    from core.api import MAX_URL_BYTES

    assert client.get("/top?genero=" + "a" * (MAX_URL_BYTES - 30)).status_code == 404  # within: answered
    for url in ("/top?genero=" + "a" * MAX_URL_BYTES, "/franquicia/" + "a" * MAX_URL_BYTES):
        answer = client.get(url)
        assert answer.status_code == 414
        assert str(MAX_URL_BYTES) in answer.json()["error"]


def test_kept_answers_stay_within_their_bytes_and_ignore_unknown_parameters(sample_catalog_dir, monkeypatch):
    from core import api

    monkeypatch.setattr(api, "ANSWER_BYTES_KEPT", 200_000)
    client = TestClient(create_app(sample_catalog_dir))
    answers = client.app.state.answers
    for number in range(300):  # each a different genre: a 404 with suggestions, kept
        assert client.get(f"/top?genero={number:04d}{'x' * 1000}").status_code == 404
        assert answers.size <= 200_000
    assert 0 < len(answers.kept) < 300
    kept = len(answers.kept)
    for number in range(300):  # junk beside a known question is the same question
        assert client.get(f"/top?n=3&junk{number}={'y' * 4000}").status_code == 200
    assert len(answers.kept) <= kept + 1
    same = [client.get(url).json() for url in ("/top?n=3&genero=Drama", "/top?genero=Drama&x=1&n=3")]
    assert same[0] == same[1] and len(same[0]["peliculas"]) == 3
    # A repeated parameter: the last one counts, kept apart from the other order.
    assert [len(client.get(url).json()["peliculas"]) for url in ("/top?n=4&n=3", "/top?n=3&n=4")] == [3, 4]


def test_recommendations_for_a_list_of_ids_answer_as_the_command_line(client, sample_catalog_dir):
    answer = client.get("/recomendacion?ids=862&k=10")
    assert answer.status_code == 200
    payload = answer.json()
    assert payload["peliculas"] == [{"id": 862, "titulo": "Toy Story", "anio": 1995}]
    assert len(payload["recomendaciones"]) == 10
    assert all(
        set(item) == {"id", "titulo", "anio", "puntaje", "razon", "coincidencias"}
        for item in payload["recomendaciones"]
    )
    command_line = run_core("recommend", "--ids", "862", "-k", "10", "--json", "--catalog", str(sample_catalog_dir))
    assert json.loads(command_line.stdout) == payload


def test_a_list_of_ids_never_gets_a_liked_nor_an_excluded_movie(client):
    first = [item["id"] for item in client.get("/recomendacion?ids=862,8844&k=5").json()["recomendaciones"]]
    excluded = ",".join(map(str, first[:3] + list(range(1, 990))))
    again = client.get(f"/recomendacion?ids=862,8844&k=10&excluir={excluded}").json()["recomendaciones"]
    shown = {item["id"] for item in again}
    assert len(again) == 10 and not shown & ({862, 8844} | set(first[:3]) | set(range(1, 990)))


@pytest.mark.parametrize("ids", ["1,2,3,4,5,6", "862,,x", "abc", "", "-862", "²"])
def test_a_malformed_or_long_list_of_ids_is_422_json(client, ids):
    answer = client.get(f"/recomendacion?ids={quote(ids)}")
    assert answer.status_code == 422
    assert set(answer.json()) == {"error", "sugerencias"}


def test_an_unknown_id_is_404_with_suggestions(client):
    answer = client.get("/recomendacion?ids=862,99999999")
    assert answer.status_code == 404
    assert "99999999" in answer.json()["error"] and answer.json()["sugerencias"]


@pytest.mark.parametrize("mode", ["parecidas", "gustos"])
def test_both_lists_answer_through_the_api_as_through_the_command_line(client, sample_catalog_dir, mode):
    catalog = str(sample_catalog_dir)
    for url, command in [
        (f"/recomendacion/Toy%20Story?modo={mode}", ["Toy Story"]),
        (f"/recomendacion?ids=862,949&modo={mode}", ["--ids", "862,949"]),
    ]:
        answer = client.get(url)
        assert answer.status_code == 200
        assert answer.json() == json.loads(
            run_core("recommend", *command, "--modo", mode, "--json", "--catalog", catalog).stdout
        )
        assert answer.json()["modo"] == mode and len(answer.json()["recomendaciones"]) == 5


def test_the_similar_list_is_the_default_and_an_unknown_mode_is_a_422(client):
    assert client.get("/recomendacion/Toy%20Story").json()["modo"] == "parecidas"
    for url in ("/recomendacion/Toy%20Story?modo=populares", "/recomendacion?ids=862&modo="):
        answer = client.get(url)
        assert answer.status_code == 422 and "modo" in answer.json()["error"]


@pytest.mark.sample
@pytest.mark.parametrize("mode", ["parecidas", "gustos"])
def test_someone_who_has_seen_a_thousand_movies_is_served_by_get_and_by_post(client, sample_catalog_dir, mode):
    from core import catalog as catalog_module

    movies = catalog_module.load(sample_catalog_dir).movies.sort_values("vote_count", ascending=False)
    seen = [int(movie_id) for movie_id in movies["id"] if movie_id != 862][:1031]
    by_get = client.get(
        "/recomendacion?" + urlencode({"ids": "862", "modo": mode, "excluir": ",".join(map(str, seen))})
    )
    assert by_get.status_code == 200
    found = [item["id"] for item in by_get.json()["recomendaciones"]]
    assert len(found) == 5 and not set(found) & set(seen)
    by_post = client.post("/recomendacion", json={"ids": [862], "modo": mode, "excluir": seen})
    assert by_post.status_code == 200 and by_post.json() == by_get.json()


def test_a_post_takes_ten_thousand_seen_ids_and_no_more(client):
    seen = list(range(1, 10_001))
    assert client.post("/recomendacion", json={"ids": [862], "excluir": seen}).status_code == 200
    refused = client.post("/recomendacion", json={"ids": [862], "excluir": [*seen, 10_001]})
    assert refused.status_code == 422 and "excluir" in refused.json()["error"]


@pytest.mark.parametrize(
    "body",
    [{"ids": []}, {"ids": [1, 2, 3, 4, 5, 6]}, {"ids": ["x"]}, {"ids": [-862]}, {"ids": [862], "k": 0},
     {"ids": [862], "modo": "otro"}, {"ids": [862], "popularidad": 2}, {"ids": [862], "otra": 1}, [862]],
)  # fmt: skip
def test_a_malformed_post_is_a_422_saying_what_is_wrong(client, body):
    answer = client.post("/recomendacion", json=body)
    assert answer.status_code == 422 and set(answer.json()) == {"error", "sugerencias"}


def test_a_body_past_its_limit_is_a_json_413_read_no_further(client):
    from core.api import MAX_BODY_BYTES

    answer = client.post(
        "/recomendacion", content=b" " * (MAX_BODY_BYTES + 1), headers={"content-type": "application/json"}
    )
    assert answer.status_code == 413 and str(MAX_BODY_BYTES) in answer.json()["error"]
    chunks = (b"[" + b"1," * 1000 for _ in range(200))  # no Content-Length: counted as it arrives
    assert (
        client.post("/recomendacion", content=chunks, headers={"content-type": "application/json"}).status_code == 413
    )


def test_the_recommendation_routes_say_they_take_a_post_too(client):
    answer = client.put("/recomendacion")
    assert answer.status_code == 405 and answer.headers["allow"] == "GET, HEAD, POST"
    assert client.post("/top").headers["allow"] == "GET, HEAD"


@pytest.mark.parametrize("body", [{}, {"ids": []}])
def test_a_post_with_no_id_names_the_ids_it_lacks(client, body):
    answer = client.post("/recomendacion", json=body)
    assert answer.status_code == 422
    said = answer.json()["error"]
    assert said == client.get("/recomendacion?ids=").json()["error"] and said.startswith("ids:")
    assert "títulos" not in said


@pytest.mark.parametrize(
    "fields",
    [{"ids": [862] * 6}, {"ids": [862, 8844, 862, 8844, 862, 8844]}, {"ids": [862], "excluir": [8844] * 10_001}],
    ids=["one id six times", "two ids three times", "ten thousand and one of one seen id"],
)
def test_repeated_ids_count_once_through_post_get_and_the_command_line(client, sample_catalog_dir, fields):
    """One request, one answer: repeated ids are one id wherever they are sent."""
    posted = client.post("/recomendacion", json=fields)
    asked = {"ids": ",".join(map(str, fields["ids"]))}
    if "excluir" in fields:
        asked["excluir"] = ",".join(map(str, dict.fromkeys(fields["excluir"])))  # a URL that fits: the same ids
    got = client.get("/recomendacion?" + urlencode(asked))
    assert posted.status_code == got.status_code == 200 and posted.json() == got.json()
    arguments = ["recommend", "--ids", asked["ids"], "--json", "--catalog", str(sample_catalog_dir)]
    if "excluir" in fields:
        arguments += ["--excluir", ",".join(map(str, fields["excluir"]))]
    printed = run_core(*arguments)
    assert printed.returncode == 0 and json.loads(printed.stdout) == posted.json()


def test_six_different_ids_are_refused_alike_naming_ids(client):
    six = [862, 8844, 15602, 31357, 11862, 949]
    posted, got = (
        client.post("/recomendacion", json={"ids": six}),
        client.get(f"/recomendacion?ids={','.join(map(str, six))}"),
    )
    assert posted.status_code == got.status_code == 422 and posted.json() == got.json()
    assert posted.json()["error"].startswith("ids: ")


@pytest.mark.parametrize(
    "content, headers, status",
    [
        (b'{"ids": [862]}', {}, 422),  # no Content-Type
        (b'{"ids": [862]}', {"content-type": "text/plain"}, 422),
        ('{"ids": [862], "nota": "café"}'.encode("latin-1"), {"content-type": "application/json"}, 400),
        (b"[" * 5000 + b"]" * 5000, {"content-type": "application/json"}, 400),
        (b'{"ids": [' + b"9" * 5000 + b"]}", {"content-type": "application/json"}, 400),
        (b"[862]", {"content-type": "application/json"}, 422),
    ],
    ids=["no content type", "text", "latin-1 bytes", "nested 5,000 deep", "a 5,000-digit number", "a list"],
)
def test_a_body_that_is_no_json_object_says_in_spanish_what_to_send(client, content, headers, status):
    answer = client.post("/recomendacion", content=content, headers=headers)
    assert answer.status_code == status and set(answer.json()) == {"error", "sugerencias"}
    said = answer.json()["error"]
    assert "application/json" in said and '{"ids": [862' in said and "cuerpo" in said
    assert not {"error", "parsing", "input", "should"} & set(said.lower().replace(":", " ").split())


def test_a_parameters_problem_is_said_in_spanish_naming_the_field(client):
    said = client.post("/recomendacion", json={"ids": [862], "k": "diez", "otra": 1}).json()["error"]
    assert "k: debe ser un número entero" in said and "otra: no es un campo que se pueda enviar" in said
    said = client.get("/recomendacion/Toy%20Story?k=50").json()["error"]
    assert "k: debe ser 20 o menos" in said


def test_an_empty_top_chart_says_the_lists_hid_every_movie_that_qualifies(client, sample_catalog_dir):
    from core import catalog as catalog_module

    movies = catalog_module.load(sample_catalog_dir).movies
    seen = ",".join(map(str, movies.sort_values("vote_count", ascending=False)["id"].head(400)))
    answer = client.get(f"/top?excluir={seen}").json()
    assert answer["peliculas"] == [] and "se dejan fuera" in answer["mensaje"] and "Las 0" not in answer["mensaje"]
    printed = run_core("top", "--excluir", seen, "--lang", "en", "--catalog", str(sample_catalog_dir))
    assert printed.returncode == 0 and "are among those left out" in printed.stdout


@pytest.mark.parametrize("mode", ["parecidas", "gustos"])
def test_an_empty_list_says_the_lists_left_every_movie_out(client, sample_catalog_dir, mode):
    from core import catalog as catalog_module

    every = [int(movie_id) for movie_id in catalog_module.load(sample_catalog_dir).movies["id"]]
    hidden = client.post("/recomendacion", json={"ids": [862], "modo": mode, "excluir": every})
    assert hidden.json()["recomendaciones"] == [] and "se dejan fuera" in hidden.json()["mensaje"]
