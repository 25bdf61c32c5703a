"""Words are read exactly as scikit-learn's CountVectorizer reads them, whatever the text."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import CountVectorizer

from core.tokens import words

ANALYZER = CountVectorizer(stop_words="english").build_analyzer()
# Characters this Python's Unicode tables know (Arrow's newer tables also know letters added since).
KNOWN_CHARACTERS = st.characters(exclude_categories=("Cs", "Cn"))


def words_per_text(texts: list[str]) -> list[list[str]]:
    found = words(pd.Series(texts, dtype=object))
    per_text: list[list[str]] = [[] for _ in texts]
    for row, code in zip(found.rows, found.codes, strict=True):
        per_text[row].append(found.vocabulary[code])
    return per_text


def test_tricky_letters_are_lowercased_as_python_does():
    texts = ["İstanbul ΌΣΟΣ Straße ǅemal", "snake_case x 42 ½ Ⅻ", "don't re-enter the café", ""]
    assert words_per_text(texts) == [ANALYZER(text) for text in texts]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=KNOWN_CHARACTERS, max_size=60), max_size=8))
def test_any_texts_give_count_vectorizers_words_in_order(texts):
    assert words_per_text(texts) == [ANALYZER(text) for text in texts]


def test_words_are_numbered_in_order_of_first_appearance():
    found = words(pd.Series(["zebra apple", "apple mango zebra"]))
    assert list(found.vocabulary) == ["zebra", "apple", "mango"]
    assert list(found.alphabetical().vocabulary) == ["apple", "mango", "zebra"]


def test_missing_texts_have_no_words():
    found = words(pd.Series(["hello world", None, float("nan")], dtype=object))
    assert set(found.rows) == {0}
