"""Every door's JSON as it was: the answers saved in tests/answers/ (tests/answers.py), asked again of
the API over the sample and over the full-size synthetic files."""

from __future__ import annotations

import json

import pytest

from tests.answers import SAVED, answers, synthetic_catalog


def _compare(found: dict, name: str) -> None:
    saved = json.loads((SAVED / f"{name}.json").read_text(encoding="utf-8"))
    assert set(found) == set(saved)
    changed = [question for question in saved if found[question] != saved[question]]
    assert not changed, (changed[:3], [found[question] for question in changed[:1]])


@pytest.mark.sample
def test_the_samples_answers_are_the_saved_ones(sample_catalog_dir):
    _compare(answers(sample_catalog_dir), "sample")


def test_the_full_size_synthetic_answers_are_the_saved_ones(tmp_path):
    _compare(answers(synthetic_catalog(tmp_path)), "synthetic")
