"""Resolve what a user typed to one known name: exact, then whole words, else suggestions."""

from __future__ import annotations

from collections.abc import Iterable

from thefuzz import fuzz, process, utils

from core.errors import Ambiguous, NotFound
from core.phrases import Phrase
from core.text import MAX_QUERY_LENGTH, normalize

SUGGESTIONS = 5
# Fuzzy matching scores every name with thefuzz's plain ratio first (rapidfuzz underneath, no
# processing: the names are normalised already), then re-ranks the best hundred with UWRatio, which
# handles partial and reordered words but is ~30x slower (the U: letters beyond ASCII are kept).
# A hundred, not more: names far from the text in length then stay out, which finds typo'd titles
# more often (bench/recommender.py: 0.81 against 0.76 with two hundred at full size).
PREFILTER = 100


def closest(text: str, names: list[str], limit: int = PREFILTER) -> list[tuple[str, int]]:
    """The `limit` names closest to the normalised `text`, best first, with thefuzz's scores (0–100).

    Text with no letter or digit (`(.*)`, `!!!`) is close to nothing.
    """
    if not utils.full_process(text):
        return []
    rough = process.extract(text, names, processor=None, scorer=fuzz.ratio, limit=limit)
    return process.extract(text, [name for name, _ in rough], scorer=fuzz.UWRatio, limit=limit)


class NameIndex:
    """Known names (keys, most important first) and the spellings that lead to each."""

    def __init__(
        self,
        displays: dict[str, str],
        aliases: Iterable[tuple[str, str]] = (),
        what: str = "names",
        ignore_words: Iterable[str] = (),
        english: dict[str, str] | None = None,
    ):
        self.displays = displays
        self.english = english  # the keys' names in English, where they differ (languages, countries)
        self.what = Phrase.of(f"names.what.{what}")  # what the names are ("languages"), as words say it
        self.ignore_words = frozenset(ignore_words)
        rank = {key: position for position, key in enumerate(displays)}
        by_alias: dict[str, set[str]] = {}
        for alias, key in [*((display, key) for key, display in displays.items()), *aliases]:
            if key in rank and (normalized := self.normalize(alias)):
                by_alias.setdefault(normalized, set()).add(key)
        self._by_alias = {alias: sorted(keys, key=rank.__getitem__) for alias, keys in by_alias.items()}
        self._alias_list = list(self._by_alias)
        self._by_word: dict[str, list[str]] = {}
        for alias in self._alias_list:
            for word in set(alias.split()):
                self._by_word.setdefault(word, []).append(alias)
        self._rank = rank

    def normalize(self, text: str) -> str:
        words = normalize(text).split()
        return " ".join(word for word in words if word not in self.ignore_words) or " ".join(words)

    @property
    def keys_by_alias(self) -> dict[str, list[str]]:
        """Every normalised spelling and the keys it leads to, most important first."""
        return self._by_alias

    def __len__(self) -> int:
        return len(self.displays)

    def resolve(self, query: str) -> str:
        """The one key `query` names; raises NotFound with suggestions when none or several fit."""
        keys = self.candidates(query)
        if len(keys) == 1:
            return keys[0]
        if keys:
            shown = keys[:SUGGESTIONS]
            raise Ambiguous(
                "names.ambiguous",
                suggestions=[self.displays[key] for key in shown],
                english_suggestions=self._in_english(shown),
                text=_shorten(query),
                count=len(keys),
                what=self.what,
            )
        suggested = self.suggest_keys(query)
        raise NotFound(
            "names.unknown" if normalize(query or "") else "names.empty",
            suggestions=[self.displays[key] for key in suggested],
            english_suggestions=self._in_english(suggested),
            text=_shorten(query),
            what=self.what,
        )

    def named(self, key: str, language: str = "es") -> str:
        """The key's name as the interface says it."""
        return self.english[key] if language == "en" and self.english else self.displays[key]

    def _in_english(self, keys: list[str]) -> list[str] | None:
        return [self.english[key] for key in keys] if self.english else None

    def candidates(self, query: str) -> list[str]:
        """Keys an exact spelling names, else keys whose name holds all of `query` as whole words."""
        text = self.normalize(query or "")
        if not text or len(text) > MAX_QUERY_LENGTH:
            return []
        if text in self._by_alias:
            return self._by_alias[text]
        # Only spellings holding the query's rarest word can hold the whole query: a lookup, not a scan.
        words = text.split()
        rarest = min(words, key=lambda word: len(self._by_word.get(word, ())))
        needle = f" {text} "
        found = {
            key for alias in self._by_word.get(rarest, ()) if needle in f" {alias} " for key in self._by_alias[alias]
        }
        return sorted(found, key=self._rank.__getitem__)

    def suggest(self, query: str, limit: int = SUGGESTIONS) -> list[str]:
        """Up to `limit` known names closest to `query`; the most important names for empty input."""
        return [self.displays[key] for key in self.suggest_keys(query, limit)]

    def suggest_keys(self, query: str, limit: int = SUGGESTIONS) -> list[str]:
        """The keys of `suggest`'s names."""
        text = self.normalize(query or "")[:MAX_QUERY_LENGTH]
        matches = closest(text, self._alias_list)
        if not matches:  # nothing to compare: the most important names
            return list(self.displays)[:limit]
        keys: dict[str, str] = {}  # display -> key: a name is suggested once
        for alias, _ in matches:
            for key in self._by_alias[alias]:
                keys.setdefault(self.displays[key], key)
        return list(keys.values())[:limit]


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
