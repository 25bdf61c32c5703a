"""Find a movie by title: exact, then prefix, then fuzzy; understands a year and original titles."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import numpy as np
from thefuzz import fuzz, process

from core.catalog import Catalog, sample_gap
from core.errors import Ambiguous, NotFound
from core.names import SUGGESTIONS, closest
from core.phrases import Phrase
from core.text import MAX_QUERY_LENGTH, normalize

_YEAR = re.compile(r"^(?P<title>.*?)[\s,]*\(?(?P<year>(18|19|20)\d\d)\)?$")
# A fuzzy match is taken without asking when it scores this well and clearly beats the next title.
CONFIDENT_SCORE = 80
CLEAR_LEAD = 4
# Text scoring below this against every close title names no movie (see _resembles). Chosen on
# bench/recommender.py's typo'd titles (accuracy 0.99 on the sample, as with the old gate of 50 on the
# ranking's own score) and junk text, which the old gate turned away 7% of the time and this one 96%.
MATCH_SCORE = 65
MAX_CANDIDATES = 10
# A title read from a file (a list's upload) names a movie only when it is the title, or that title
# misspelt by a letter or two: thefuzz's plain ratio of the whole texts, so that a few letters of a long
# string ("rexedcya") never name a short title ("Ed"); "toy stroy" scores 89 against "toy story", random
# letters such as "maphlice" 86 against "malice" (bench/lists.py: none of 67,069 random strings taken,
# 99% of titles with two letters swapped taken for the right movie). Only for texts of NEAR_LENGTH
# characters or more: one letter off a short word is another word ("hat", Heat).
NEAR_EXACT = 88
NEAR_LENGTH = 6


@dataclass(frozen=True)
class Candidate:
    row: int
    id: int
    titulo: str
    anio: int

    @property
    def etiqueta(self) -> str:
        return f"{self.titulo} ({self.anio})"


@dataclass(frozen=True)
class SearchResult:
    """Movies that fit the query, best first; `certain` when the first is the answer."""

    consulta: str
    candidates: tuple[Candidate, ...]
    certain: bool

    @property
    def best(self) -> Candidate:
        return self.candidates[0]

    def chosen(self) -> Candidate:
        """The movie meant, or NotFound listing the candidates when the user must pick one."""
        if not self.certain:
            labels = [candidate.etiqueta for candidate in self.candidates[:SUGGESTIONS]]
            said = self.consulta.strip()[:60]
            raise Ambiguous("search.ambiguous", suggestions=labels, text=said)
        return self.best


class TitleSearch:
    """Title and original-title lookups over the catalog, built once from its title index."""

    def __init__(self, catalog: Catalog):
        self.movies = catalog.movies
        self.sample_gap = sample_gap(catalog) if catalog.is_sample else None
        lookups = catalog.lookups
        self.rows_by_alias = {
            alias: list(dict.fromkeys(row for key in keys for row in lookups.title_rows[key].tolist()))
            for alias, keys in lookups.titles.keys_by_alias.items()
        }
        self.sorted_aliases = sorted(self.rows_by_alias)
        self.aliases = list(self.rows_by_alias)
        self.popularity = self.movies["vote_count"].to_numpy()
        self.years = self.movies["release_year"].to_numpy()

    def search(self, query: str) -> SearchResult:
        """Resolve what the user typed; NotFound with suggestions when nothing fits."""
        text = normalize(query or "")
        if not text or len(text) > MAX_QUERY_LENGTH:
            raise NotFound("search.too_long" if text else "search.empty", suggestions=self._suggest(text))
        for title, year in self._readings(text):
            if rows := self._filter_year(self.rows_by_alias.get(title, []), year):
                return self._result(query, rows, certain=len(rows) == 1)
            if rows := self._filter_year(self._prefixed(title), year):
                return self._result(query, rows, certain=len(rows) == 1)
        return self._fuzzy(query, text)

    def exact(self, query: str) -> Candidate | None:
        """The one movie `query` names for sure: its title (or original title), with the year when
        several share it, or that title misspelt by a letter or two; None otherwise (no prefixes, no
        guesses, no namesakes left to choose among)."""
        text = normalize(query or "")
        if not text or len(text) > MAX_QUERY_LENGTH:
            return None
        for title, year in self._readings(text):
            rows = self._filter_year(self.rows_by_alias.get(title, []), year)
            if not rows and len(title) >= NEAR_LENGTH:
                near = process.extract(title, self.aliases, processor=None, scorer=fuzz.ratio, limit=2)
                near = [
                    (alias, score) for alias, score, *_ in near if score >= NEAR_EXACT and len(alias) >= NEAR_LENGTH
                ]
                if len(near) == 1 or (len(near) == 2 and near[0][1] - near[1][1] >= CLEAR_LEAD):
                    rows = self._filter_year(self.rows_by_alias[near[0][0]], year)
            if len(rows) == 1:
                return self.candidate(rows[0])
        return None

    def _readings(self, text: str) -> list[tuple[str, int | None]]:
        """The whole text as a title, then, if it ends in a year, the rest as a title of that year."""
        readings: list[tuple[str, int | None]] = [(text, None)]
        if (match := _YEAR.match(text)) and match["title"]:
            readings.append((match["title"], int(match["year"])))
        return readings

    def _filter_year(self, rows: list[int], year: int | None) -> list[int]:
        return rows if year is None else [row for row in rows if self.years[row] == year]

    def _prefixed(self, text: str) -> list[int]:
        start = bisect.bisect_left(self.sorted_aliases, text)
        end = bisect.bisect_left(self.sorted_aliases, text + "\uffff")
        rows = {row for alias in self.sorted_aliases[start:end] for row in self.rows_by_alias[alias]}
        return sorted(rows, key=lambda row: -self.popularity[row])

    def _fuzzy(self, query: str, text: str) -> SearchResult:
        scored = closest(text, self.aliases)
        if not any(_resembles(text, alias) for alias, _ in scored[:SUGGESTIONS]):
            said = Phrase.of("search.no_movie_like", text=query.strip()[:60])
            if self.sample_gap:
                said = Phrase.of("error.with_gap", error=said, gap=self.sample_gap)
            raise NotFound(said, suggestions=self._labels(scored) or self.most_voted())
        rows = list(dict.fromkeys(row for alias, _ in scored[:SUGGESTIONS] for row in self._popular_first(alias)))
        best_score, next_score = scored[0][1], scored[1][1] if len(scored) > 1 else 0
        clear = best_score >= CONFIDENT_SCORE and best_score - next_score >= CLEAR_LEAD
        return self._result(query, rows[:SUGGESTIONS], certain=clear and len(self.rows_by_alias[scored[0][0]]) == 1)

    def _popular_first(self, alias: str) -> list[int]:
        return sorted(self.rows_by_alias[alias], key=lambda row: -self.popularity[row])

    def _labels(self, scored: list[tuple[str, int]]) -> list[str]:
        rows = list(dict.fromkeys(row for alias, _ in scored[:SUGGESTIONS] for row in self._popular_first(alias)))
        return [self.candidate(row).etiqueta for row in rows[:SUGGESTIONS]]

    def _suggest(self, text: str) -> list[str]:
        return self._labels(closest(text[:MAX_QUERY_LENGTH], self.aliases)) or self.most_voted()

    def most_voted(self) -> list[str]:
        """What to suggest when nothing is close to the text (no text, or no letter in it)."""
        rows = np.argsort(-self.popularity, kind="stable")[:SUGGESTIONS]
        return [self.candidate(int(row)).etiqueta for row in rows]

    def candidate(self, row: int) -> Candidate:
        return Candidate(
            row=row, id=int(self.movies.at[row, "id"]), titulo=self.movies.at[row, "title"], anio=int(self.years[row])
        )

    def _result(self, query: str, rows: list[int], certain: bool) -> SearchResult:
        candidates = tuple(self.candidate(row) for row in rows[:MAX_CANDIDATES])
        return SearchResult(consulta=query, candidates=candidates, certain=certain)


def _resembles(text: str, title: str) -> bool:
    """Whether `text` is this title misspelt or some of its words (thefuzz's ratio or token-set ratio).

    The ranking's own score forgives too much to say so (one word shared scores 86): "<script>alert(1)
    </script>" scores 38 against Stalker here, "hello world" 62 against The Whole Wide World, while
    "shawshank" scores 100 against The Shawshank Redemption and "brave heart" 95 against Braveheart.
    """
    return max(fuzz.ratio(text, title), fuzz.token_set_ratio(text, title)) >= MATCH_SCORE
