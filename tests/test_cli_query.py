"""`python -m core query` as a user runs it: sentences, JSON keys, exit codes."""

from __future__ import annotations

import json

import pytest

from tests.test_cli_build import run_core

EXPECTED_KEYS = {
    "peliculas_idioma": ("es", {"idioma", "cantidad", "mensaje"}),
    "peliculas_duracion": ("Hamlet", {"pelicula", "peliculas", "mensaje"}),
    "franquicia": (
        "Toy Story",
        {"franquicia", "cantidad", "ganancia_total", "ganancia_promedio", "sin_ganancia", "mensaje"},
    ),
    "peliculas_pais": ("España", {"pais", "cantidad", "mensaje"}),
    "productoras_exitosas": ("Pixar", {"productora", "revenue_total", "cantidad", "mensaje"}),
    "get_director": ("John Lasseter", {"director", "retorno_total", "peliculas", "mensaje"}),
}


@pytest.mark.parametrize("function", sorted(EXPECTED_KEYS))
def test_json_output_has_the_documented_keys(trap_catalog_dir, function):
    argument, keys = EXPECTED_KEYS[function]
    result = run_core("query", function, argument, "--json", "--catalog", str(trap_catalog_dir))
    assert result.returncode == 0, result.stderr
    assert set(json.loads(result.stdout)) == keys


def test_plain_output_is_the_sentence(trap_catalog_dir):
    result = run_core("query", "peliculas_pais", "ES", "--catalog", str(trap_catalog_dir))
    assert (result.returncode, result.stdout.strip()) == (0, "Se produjo 1 película en el país España")


def test_not_found_exits_1_with_error_and_suggestions(trap_catalog_dir):
    result = run_core("query", "get_director", "Jon Laseter", "--json", "--catalog", str(trap_catalog_dir))
    payload = json.loads(result.stdout)
    assert result.returncode == 1
    assert set(payload) == {"error", "sugerencias"}
    assert payload["sugerencias"][0] == "John Lasseter"


def test_missing_catalog_is_one_line_and_exit_code_2(tmp_path):
    result = run_core("query", "franquicia", "x", "--catalog", str(tmp_path / "none"))
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and "python -m core build" in result.stderr


@pytest.mark.parametrize(
    "command, option, bound",
    [(["recommend", "Toy Story"], "-k", "MAX_RECOMMENDATIONS"), (["top"], "-n", "MAX_TOP")],
)
def test_the_command_line_takes_the_range_the_api_takes(trap_catalog_dir, command, option, bound):
    from core import limits
    from core.api import create_app

    high = getattr(limits, bound)
    route = "/recomendacion/{titulo}" if command[0] == "recommend" else "/top"
    api = create_app(trap_catalog_dir)
    schema = next(p["schema"] for p in api.openapi()["paths"][route]["get"]["parameters"] if p["name"] == option[1])
    assert (schema["minimum"], schema["maximum"]) == (1, high)
    catalog = ["--catalog", str(trap_catalog_dir)]
    for refused in ("0", "-3", str(high + 1), "100000", "x"):
        result = run_core(*command, option, refused, *catalog)
        assert result.returncode == 2, (refused, result.stdout)
        assert result.stdout == "" and f"argument {option}:" in result.stderr.splitlines()[-1]
    for taken in ("1", str(high)):
        assert run_core(*command, option, taken, *catalog).returncode == 0


def test_recommend_by_ids_refuses_what_the_api_refuses_and_excludes_what_it_is_told(trap_catalog_dir):
    catalog = ["--catalog", str(trap_catalog_dir)]
    for refused in (["--ids", "1,2,3,4,5,6"], ["--ids", "x"], [], ["Toy Story", "--ids", "862"]):
        result = run_core("recommend", *refused, *catalog)
        assert result.returncode == 2 and result.stdout == "", refused
    shown = json.loads(run_core("recommend", "--ids", "862", "-k", "3", "--json", *catalog).stdout)["recomendaciones"]
    excluded = str(shown[0]["id"])
    again = json.loads(run_core("recommend", "--ids", "862", "--excluir", excluded, "--json", *catalog).stdout)
    assert excluded not in {str(item["id"]) for item in again["recomendaciones"]}
