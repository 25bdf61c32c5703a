"""The exceptions users can cause; pages and the command line turn them into messages."""

from __future__ import annotations


class FilmotecaError(Exception):
    """Base class for errors caused by input, not by bugs."""


class DataError(FilmotecaError):
    """A raw or built file cannot be used: says what was wrong and where."""


class NotFound(FilmotecaError):
    """A name matched nothing (or too many things); carries the closest known names."""

    def __init__(self, message: str, suggestions: list[str] | tuple[str, ...] = (), english: str = ""):
        super().__init__(message)
        self.suggestions = list(suggestions)
        self.english = english

    def say(self, language: str = "es") -> str:
        """The message in the interface's language (Spanish, the course's, unless English is asked and known)."""
        return self.english if language == "en" and self.english else str(self)


class Ambiguous(NotFound):
    """A name fits several things; the suggestions are those things."""
