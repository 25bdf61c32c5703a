"""The words every door shows, in one catalogue per language: core/locale/<language>.po, in gettext's
format, read with Babel and answered by the standard library's gettext (plurals by the catalogue's
Plural-Forms). Keys are the msgids; the code fills a sentence's {placeholders}."""

from __future__ import annotations

import functools
import gettext
import io
from pathlib import Path

from core.config import SAMPLE_MOVIES_SHA256
from core.phrases import Genre, Joined, Named, Number, Phrase, Step
from core.text import decimal as spanish_decimal
from core.text import number

LANGUAGES = {"es": "Español", "en": "English"}
DEFAULT_LANGUAGE = "es"
CATALOGUES = Path(__file__).resolve().parent / "locale"
# TMDB's genres (the data's names): the catalogues name each in their language (genre.<name>).
TMDB_GENRES = (
    "Action", "Adventure", "Animation", "Comedy", "Crime", "Documentary", "Drama", "Family", "Fantasy", "Foreign",
    "History", "Horror", "Music", "Mystery", "Romance", "Science Fiction", "TV Movie", "Thriller", "War", "Western",
)  # fmt: skip


@functools.cache
def catalogue(language: str) -> gettext.GNUTranslations:
    """The catalogue of `language`, compiled in memory from its .po file (Babel reads it, gettext answers)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with (CATALOGUES / f"{language}.po").open(encoding="utf-8") as po:
        compiled = io.BytesIO()
        write_mo(compiled, read_po(po, locale=language))
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


class Words:
    """The words of one language: a label or sentence by its key, plurals, numbers, genre names.

    `course`: the words of the course's JSON (the command line's and the API's answers): a key's
    `.course` variant where the catalogue has one (the course's own sentences), and TMDB's genre names.
    `door`: the words of one door, a key's `.<door>` variant where the catalogue has one: the app's
    (`app`) advice fits a visitor in a browser (the download on the home page, the uploader) where the
    command line's names a command.
    """

    def __init__(self, language: str, course: bool = False, door: str | None = None):
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE
        self.course, self.door = course, door
        self._catalogue = catalogue(self.language)

    def __call__(self, key: str, /, **values) -> str:
        """The text of `key`, its {placeholders} filled with `values` (phrases, numbers and names said here)."""
        text = self._catalogue.gettext(self._variant(key))
        return text.format(**{name: self.say(value) for name, value in values.items()}) if values else text

    def n(self, key: str, count: int, /, **values) -> str:
        """The text of `key` in the plural form `count` asks for, {count} written as numbers are here."""
        key = self._variant(key)
        text = self._catalogue.ngettext(key, key, count)
        return text.format(count=self.number(count), **{name: self.say(value) for name, value in values.items()})

    def _variant(self, key: str) -> str:
        if self.course and self.has(f"{key}.course"):
            return f"{key}.course"
        return f"{key}.{self.door}" if self.door and self.has(f"{key}.{self.door}") else key

    def say(self, value) -> object:
        """A value as this language says it: a phrase, a number, a name; anything else as it is."""
        if isinstance(value, Phrase):
            return value.said(self)
        if isinstance(value, Number):
            return self.decimal(value.value, value.places) if value.places else self.number(value.value)
        if isinstance(value, Named):
            named = dict(value.by_language)
            return named.get(self.language, named.get(DEFAULT_LANGUAGE, ""))
        if isinstance(value, Genre):
            return self.genre(value.name)
        if isinstance(value, Joined):
            return value.separator.join(str(self.say(part)) for part in value.parts)
        if isinstance(value, Step):
            return build_text(value.text, self.language)
        return value

    def has(self, key: str) -> bool:
        return self._catalogue.gettext(key) != key

    def number(self, n: int) -> str:
        """A whole number as the interface writes it: 45.378 in Spanish, 45,378 in English."""
        return number(n) if self.language == "es" else f"{n:,}"

    def decimal(self, value: float, places: int = 2) -> str:
        """A number with decimals: 1.234,50 in Spanish, 1,234.50 in English."""
        return spanish_decimal(value, places) if self.language == "es" else f"{value:,.{places}f}"

    def genre(self, genre: str) -> str:
        """A genre as the interface names it (TMDB's name for the course's JSON, or where the catalogue has no other)."""
        key = f"genre.{genre}"
        return self(key) if self.has(key) and not self.course else genre

    def movies(self, n: int) -> str:
        """'1 película', '2.345 películas'; '1 movie', '2,345 movies'."""
        return self.n("movies_n", n)


@functools.cache
def words(language: str = DEFAULT_LANGUAGE, course: bool = False, door: str | None = None) -> Words:
    return Words(language, course, door)


def course() -> Words:
    """The words of the course's JSON: Spanish, the course's sentences, TMDB's genre names."""
    return words(DEFAULT_LANGUAGE, course=True)


def label(key: str, language: str = DEFAULT_LANGUAGE) -> str:
    """The label of `key` in `language`."""
    return words(language)(key)


def genre_name(genre: str, language: str = DEFAULT_LANGUAGE) -> str:
    """A genre as the interface says it: TMDB's English name, or its Spanish one."""
    return words(language).genre(genre)


def genres_named(language: str, known: list[str] | tuple[str, ...] = TMDB_GENRES) -> dict[str, str]:
    """Each of the `known` genres (TMDB's names), by the name `language` gives it, where it differs."""
    named = words(language)
    return {named.genre(genre): genre for genre in known if named.genre(genre) != genre}


def is_sample(manifest: dict) -> bool:
    """Whether the catalog was built from the embedded sample (wherever the files were copied)."""
    return manifest.get("inputs", {}).get("movies", {}).get("sha256") == SAMPLE_MOVIES_SHA256


def dropped_rows(manifest: dict, language: str = DEFAULT_LANGUAGE) -> list[dict]:
    """The build steps that dropped rows, how many and why, in `language`."""
    return [
        {
            "step": build_text(step["step"], language),
            "dropped": step["dropped"],
            "reason": build_text(step["reason"], language),
        }
        for step in manifest["steps"]
        if step["dropped"]
    ]


def build_text(text: str, language: str) -> str:
    """A manifest step ('movies: duplicate ids') or reason in `language`; unknown parts stay as they are."""
    named = words(language)
    return ": ".join(named(f"build.{part}") if named.has(f"build.{part}") else part for part in text.split(": "))


def count(n: int, language: str = DEFAULT_LANGUAGE) -> str:
    """A whole number as the interface writes it: 45.378 in Spanish, 45,378 in English."""
    return words(language).number(n)


def decimal(value: float, language: str = DEFAULT_LANGUAGE, places: int = 2) -> str:
    """A number with decimals as the interface writes it: 1.234,50 in Spanish, 1,234.50 in English."""
    return words(language).decimal(value, places)


def movies(n: int, language: str = DEFAULT_LANGUAGE) -> str:
    """'1 película', '2.345 películas'; '1 movie', '2,345 movies'."""
    return words(language).movies(n)


def catalog_source(manifest: dict, language: str = DEFAULT_LANGUAGE) -> str:
    """Which catalog is loaded: the embedded sample and its limits, or the built files and when."""
    if is_sample(manifest):
        movies, credited = count(manifest["movies"], language), count(manifest["credited_movies"], language)
        return label("catalog_sample", language).format(movies=movies, credited=credited)
    files = ", ".join(facts["name"] for facts in manifest["inputs"].values())
    return label("catalog_full", language).format(
        movies=count(manifest["movies"], language), built=manifest["built_at"][:10], files=files
    )
