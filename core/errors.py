"""The exceptions users can cause; pages and the command line turn them into messages."""

from __future__ import annotations


class FilmotecaError(Exception):
    """Base class for errors caused by input, not by bugs."""


class DataError(FilmotecaError):
    """A raw or built file cannot be used: says what was wrong and where (in English, the command line's
    language; in Spanish too where the app may show it)."""

    def __init__(self, message: str, spanish: str = ""):
        super().__init__(message)
        self.spanish = spanish

    def say(self, language: str = "en") -> str:
        """The message in the interface's language, Spanish when asked and known."""
        return self.spanish if language == "es" and self.spanish else str(self)


class NotFound(FilmotecaError):
    """A name matched nothing (or too many things); carries the closest known names."""

    def __init__(
        self,
        message: str,
        suggestions: list[str] | tuple[str, ...] = (),
        english: str = "",
        english_suggestions: list[str] | tuple[str, ...] | None = None,
    ):
        super().__init__(message)
        self.suggestions = list(suggestions)
        self.english = english
        # Where names differ by language (languages, countries): the same suggestions named in English.
        self.english_suggestions = list(english_suggestions) if english_suggestions is not None else None

    def say(self, language: str = "es") -> str:
        """The message in the interface's language (Spanish, the course's, unless English is asked and known)."""
        return self.english if language == "en" and self.english else str(self)

    def offered(self, language: str = "es") -> list[str]:
        """The suggestions as the interface names them (the JSON keeps the Spanish ones)."""
        if language == "en" and self.english_suggestions is not None:
            return self.english_suggestions
        return self.suggestions


class Ambiguous(NotFound):
    """A name fits several things; the suggestions are those things."""
