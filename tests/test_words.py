"""The words catalogues (core/locale/<language>.po): one per language, each with every key the other has,
the same placeholders, and plurals by the catalogue."""

from __future__ import annotations

import re
import string

import pytest
from babel.messages.pofile import read_po

from core import i18n

PLACEHOLDER = string.Formatter()


def _catalogue(language: str):
    with (i18n.CATALOGUES / f"{language}.po").open(encoding="utf-8") as po:
        return read_po(po, locale=language)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in PLACEHOLDER.parse(text) if name}


def _texts(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def test_both_languages_say_every_key_with_the_same_placeholders():
    spanish, english = (
        {m.id if isinstance(m.id, str) else m.id[0]: m for m in _catalogue(x) if m.id} for x in ("es", "en")
    )
    assert set(spanish) == set(english)
    for key, message in spanish.items():
        assert all(_texts(message)) and all(_texts(english[key])), key  # nothing left untranslated
        mine = set().union(*map(_placeholders, _texts(message)))
        theirs = set().union(*map(_placeholders, _texts(english[key])))
        assert mine == theirs, key


@pytest.mark.parametrize(
    "language, one, many", [("es", "1 película", "2.345 películas"), ("en", "1 movie", "2,345 movies")]
)
def test_a_count_takes_the_plural_the_catalogue_gives_it(language, one, many):
    words = i18n.words(language)
    assert (words.movies(1), words.movies(2345)) == (one, many)


def test_a_genre_is_named_in_the_interfaces_language_and_an_unknown_one_as_tmdb_names_it():
    assert [i18n.words("es").genre(name) for name in ("Animation", "Thriller", "Made Up")] == [
        "Animación",
        "Suspense",
        "Made Up",
    ]
    assert i18n.words("en").genre("Animation") == "Animation"


def test_no_spanish_catalogue_text_is_left_in_english_nor_english_in_spanish():
    english_words = re.compile(r"\b(the|of|and|movies?|revenue|genres?)\b")
    spanish_words = re.compile(r"\b(las?|los|películas?|géneros?|ingresos|del?)\b")
    names = {"Filmoteca", "Drama", "Romance", "Western", "TMDB", "IMDb", "Kaggle"}
    for message in _catalogue("es"):
        if str(message.id).endswith(".course"):  # the course's JSON sentences, kept as the course wrote them
            continue
        for text in filter(None, _texts(message)):
            found = english_words.findall(re.sub(r"\{[^}]*\}|«[^»]*»|`[^`]*`|\[[^\]]*\]\([^)]*\)", "", text))
            assert not found or text in names, (message.id, text)
    for message in _catalogue("en"):
        for text in filter(None, _texts(message)):
            assert not spanish_words.findall(re.sub(r"\{[^}]*\}|«[^»]*»|`[^`]*`", "", text)), (message.id, text)
