"""Nested Python-literal fields are parsed exactly as `ast.literal_eval` reads them, only faster."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from core.build.literals import COUNTRIES, CREW_JOBS, NAMES, ParseStats, parse_column, unquote


def test_unquote_reads_both_quote_styles_and_escapes():
    assert unquote("'Amélie'") == "Amélie"
    assert unquote('"O\'Brien"') == "O'Brien"
    assert unquote("'Dwayne \"The Rock\" O\\'Johnson'") == 'Dwayne "The Rock" O\'Johnson'


def test_empty_missing_and_blank_cells_give_empty_lists():
    assert parse_column(["[]", "", None, float("nan"), "{}"], NAMES) == [[], [], [], [], []]


def test_a_single_dict_cell_is_one_record():
    cell = repr({"id": 10194, "name": "Toy Story Collection", "poster_path": None})
    assert parse_column([cell], NAMES) == [["Toy Story Collection"]]


def test_records_with_none_values_are_skipped_by_the_exact_fallback():
    stats = ParseStats()
    cell = repr([{"id": 1, "name": None}, {"id": 2, "name": "Drama"}])
    assert parse_column([cell], NAMES, stats) == [["Drama"]]
    assert (stats.fast, stats.fallback) == (0, 1)


def test_malformed_cells_are_counted_and_give_empty_lists():
    stats = ParseStats()
    assert parse_column(["[{'name': 'unterminated"], NAMES, stats) == [[]]
    assert stats.malformed == 1


def test_key_pairs_keep_their_order():
    cell = repr([{"iso_3166_1": "ES", "name": "Spain"}, {"iso_3166_1": "FR", "name": "France"}])
    assert parse_column([cell], COUNTRIES) == [[("ES", "Spain"), ("FR", "France")]]


def test_a_crew_with_unusual_key_order_falls_back_to_the_exact_parser():
    stats = ParseStats()
    cell = repr([{"name": "Agnès Varda", "job": "Director"}, {"job": "Editor", "name": "X"}])
    assert parse_column([cell], CREW_JOBS, stats) == [[("Director", "Agnès Varda"), ("Editor", "X")]]
    assert stats.fallback == 1


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


@given(st.lists(names, max_size=8))
def test_any_names_round_trip_through_repr(values):
    cell = repr([{"id": i, "name": value, "profile_path": None} for i, value in enumerate(values)])
    assert parse_column([cell], NAMES) == [list(values)]


@given(st.lists(st.tuples(names, names), max_size=6))
def test_any_job_name_pairs_round_trip_through_repr(pairs):
    cell = repr([{"credit_id": "x", "department": "d", "job": job, "name": name} for job, name in pairs])
    assert parse_column([cell], CREW_JOBS) == [list(pairs)]
