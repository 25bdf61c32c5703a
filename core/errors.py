"""The exceptions users can cause, said through the words catalogue: the doors turn them into messages."""

from __future__ import annotations

from core.phrases import Phrase


class FilmotecaError(Exception):
    """Base class for errors caused by input, not by bugs: a phrase (a catalogue key and its values),
    said in the language a door asks for; `str()` says it in the error's own language."""

    language = "en"

    def __init__(self, key: str, count: int | None = None, /, **values):
        self.phrase = key if isinstance(key, Phrase) else Phrase.of(key, count, **values)
        super().__init__(self.phrase.key)

    def say(self, language: str | None = None) -> str:
        """The message in `language` (the error's own when not given)."""
        from core.i18n import words  # the catalogue: only when the message is said

        return self.phrase.said(words(language or self.language))

    def __str__(self) -> str:
        return self.say()

    def __reduce__(self):  # across processes (the build's helpers) with its phrase and its fields
        return _restored, (type(self), self.phrase), self.__dict__


def _restored(kind: type[FilmotecaError], phrase: Phrase) -> FilmotecaError:
    return kind(phrase)


class DataError(FilmotecaError):
    """A raw or built file cannot be used: says what was wrong and where (in English, the command line's
    language, unless asked otherwise)."""


class NotFound(FilmotecaError):
    """A name matched nothing (or too many things); carries the closest known names. Said in Spanish, the
    course's language (its JSON's), unless asked otherwise."""

    language = "es"

    def __init__(
        self,
        key: str | Phrase,
        count: int | None = None,
        /,
        suggestions: list[str] | tuple[str, ...] = (),
        english_suggestions: list[str] | tuple[str, ...] | None = None,
        **values,
    ):
        super().__init__(key, count, **values)
        self.suggestions = list(suggestions)
        # Where names differ by language (languages, countries): the same suggestions named in English.
        self.english_suggestions = list(english_suggestions) if english_suggestions is not None else None

    def offered(self, language: str = "es") -> list[str]:
        """The suggestions as the interface names them (the JSON keeps the Spanish ones)."""
        if language == "en" and self.english_suggestions is not None:
            return self.english_suggestions
        return self.suggestions


class Ambiguous(NotFound):
    """A name fits several things; the suggestions are those things."""


class BadRequest(NotFound):
    """A request that asks for what cannot be (too many titles, a number out of its bounds)."""


class Stopped(Exception):
    """Long work (a build, a measuring, a fetch) asked to stop: the process is going away. What was halfway
    is dropped; the catalog served stays as it was."""
