"""Words to say later, as data: a catalogue key with its values, said in whichever language a door asks
(core.i18n.Words says them). Light and picklable: errors raised in the build's helper processes carry them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Phrase:
    """Words to say later, in whichever language: a key and its values, which may be phrases, numbers
    or names that differ by language themselves (an error raised in one door is said in another's)."""

    key: str
    values: tuple[tuple[str, object], ...] = ()
    count: int | None = None  # the plural form's number, when the words have plurals

    @classmethod
    def of(cls, key: str, count: int | None = None, /, **values) -> Phrase:
        return cls(key, tuple(values.items()), count)

    def said(self, words) -> str:
        """The phrase in the language of `words` (core.i18n.Words)."""
        values = dict(self.values)
        return words(self.key, **values) if self.count is None else words.n(self.key, self.count, **values)


@dataclass(frozen=True)
class Number:
    """A number, written as the language writes numbers: whole (45.378, 45,378), or with `places` decimals
    (2,1 and 2.1)."""

    value: int | float
    places: int = 0


@dataclass(frozen=True)
class Named:
    """A name that each language says its own way (a language's or a country's name)."""

    by_language: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, **by_language: str) -> Named:
        return cls(tuple(by_language.items()))


@dataclass(frozen=True)
class Genre:
    """A genre (TMDB's name), said as the interface names it; the course's JSON keeps TMDB's."""

    name: str


@dataclass(frozen=True)
class Joined:
    """Several values said one after the other, with a separator between them."""

    parts: tuple
    separator: str = "; "


@dataclass(frozen=True)
class Step:
    """A step of the build or its reason for dropping rows, as the manifest writes it in English
    ('movies: duplicate ids'), said part by part in the language (its build.<part> words)."""

    text: str


def progress(step) -> Phrase:
    """A stage of the build (core.build.progress.Progress), to say: 'leer: credits.csv: 45.506 filas en 2,1 s';
    under way, of how many and from how many people: 'aprender …: 12.000 de 45.466 películas, de 270.896
    personas, en 30,2 s'."""
    values = {"stage": Step(step.stage), "rows": Number(step.rows), "seconds": Number(step.seconds, places=1)}
    if step.people is not None:
        return Phrase.of("build.progress_people", of=Number(step.of or step.rows), people=Number(step.people), **values)
    return Phrase.of("build.progress", **values)
