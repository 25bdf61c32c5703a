"""What each question asks, declared once: a frozen request type per question, its fields with their
defaults, bounds and help (the catalogue's ask.* words), validated when it is made. The command line
builds one from its arguments, the API from its parameters, the pages from their widgets; each door
derives how it asks for a field (an option, a query parameter) from the same declaration."""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass, field

from core import schema
from core.errors import BadRequest
from core.limits import (
    MAX_EXCLUDED,
    MAX_LIKED_IDS,
    MAX_RECOMMENDATIONS,
    MAX_TOP,
    MODES,
)

MAX_LIKED = MAX_LIKED_IDS  # titles or ids one recommendation combines


@dataclass(frozen=True)
class Ask:
    """How a field is asked for: its help (a catalogue key, ask.<name>), its bounds (`low`, `high`; `most`
    items for a list), the values it takes (`choices`), and the command line's short flag (`-k`)."""

    help: str
    low: float | None = None
    high: float | None = None
    most: int | None = None
    choices: tuple[str, ...] = ()
    flag: str | None = None


def asked(default, name: str, **how) -> dataclasses.Field:
    """A request field with its default (MISSING: none, the field is required) and how it is asked for (Ask)."""
    return field(default=default, metadata={"ask": Ask(f"ask.{name}", **how)})


def help_of(ask: Ask, words) -> str:
    """A field's help in the words' language, its bounds written in (ask.k: 'Cuántas recomendaciones (1–20).')."""
    bounds = {"low": _whole(ask.low), "high": _whole(ask.high), "most": ask.most}
    return words(ask.help, **{name: value for name, value in bounds.items() if value is not None})


def ids_from(text: str, most: int, name: str) -> tuple[int, ...]:
    """Movie ids written as `862,8844` (a query string's, an option's), in order, once each (at most `most`
    different ones, as every door counts them); BadRequest saying what is wrong otherwise."""
    parts = [part.strip() for part in text.split(",")] if text.strip() else []
    if not all(part.isascii() and part.isdigit() and len(part) <= 10 for part in parts):
        raise BadRequest("ask.not_ids", name=name)
    ids = tuple(dict.fromkeys(int(part) for part in parts))
    if len(ids) > most:
        raise BadRequest("ask.too_many", name=name, most=most, count=len(ids))
    return ids


def _whole(bound: float | None):
    return int(bound) if bound is not None and bound == int(bound) else bound


def asks(request: type) -> list[tuple[dataclasses.Field, Ask, object]]:
    """Each field of a request type that a door asks for: the field, how, and its type."""
    hints = typing.get_type_hints(request)
    return [
        (each, each.metadata["ask"], hints[each.name]) for each in dataclasses.fields(request) if "ask" in each.metadata
    ]


def _check(request) -> None:
    """The request's fields within their declared bounds; BadRequest naming the first that is not."""
    for each, ask, _ in asks(request):
        check(each.name, ask, getattr(request, each.name))


def check(name: str, ask: Ask, value) -> None:
    """One field's value within its bounds and choices (None: not asked); BadRequest saying how it is not."""
    if value is None:
        return
    if ask.choices and value not in ask.choices:
        raise BadRequest("ask.not_one_of", name=name, value=str(value)[:60], choices=", ".join(ask.choices))
    if ask.most is not None and len(value) > ask.most:
        raise BadRequest("ask.too_many", name=name, most=ask.most, count=len(value))
    if isinstance(value, int | float) and not isinstance(value, bool):
        low, high = ask.low if ask.low is not None else value, ask.high if ask.high is not None else value
        if not low <= value <= high:  # NaN too
            raise BadRequest("ask.out_of_bounds", name=name, value=value, low=ask.low, high=ask.high)


@dataclass(frozen=True)
class QueryRequest:
    """One of the six course queries (or any of QUERIES) and its argument."""

    function: str
    argument: str


@dataclass(frozen=True)
class RecommendRequest:
    """A list for up to MAX_LIKED liked movies (titles, typos forgiven, or TMDB ids; the last the most
    recent): `modo` parecidas (movies like them) or gustos (what the people who liked them also liked),
    within the filters, never one of `excluir` (already seen)."""

    titles: tuple[str, ...] = asked((), "titles", most=MAX_LIKED)
    ids: tuple[int, ...] = asked((), "ids", most=MAX_LIKED)
    modo: str = asked(MODES[0], "modo", choices=MODES)
    k: int = asked(5, "k", low=1, high=MAX_RECOMMENDATIONS, flag="-k")
    desde: int | None = asked(None, "desde")
    hasta: int | None = asked(None, "hasta")
    genero: str | None = asked(None, "genero")
    idioma: str | None = asked(None, "idioma")
    excluir: tuple[int, ...] = asked((), "excluir", most=MAX_EXCLUDED)
    popularidad: float | None = asked(None, "popularidad", low=0, high=1)
    diversas: bool = asked(False, "diversas")

    def __post_init__(self) -> None:
        object.__setattr__(self, "titles", tuple(self.titles))
        object.__setattr__(self, "ids", tuple(dict.fromkeys(self.ids)))
        object.__setattr__(self, "excluir", tuple(dict.fromkeys(self.excluir)))
        if self.titles and self.ids:
            raise BadRequest("ask.titles_or_ids")
        if not 1 <= len(self.titles or self.ids) <= MAX_LIKED:
            raise BadRequest("recommend.ids_between" if self.ids else "recommend.titles_between", most=MAX_LIKED)
        _check(self)

    @classmethod
    def of_ids(cls, ids, **asked) -> RecommendRequest:
        """A list for liked movies given by TMDB id (a door's `ids`): BadRequest naming `ids` when there is none."""
        if not ids:
            raise BadRequest("recommend.ids_between", most=MAX_LIKED)
        return cls(ids=tuple(ids), **asked)

    def filters(self) -> dict:
        """The filters and controls, as the recommender takes them."""
        return {name: getattr(self, name) for name in ("desde", "hasta", "genero", "idioma", "popularidad", "diversas")}


@dataclass(frozen=True)
class TopRequest:
    """The best rated by IMDb's weighted rating, optionally of one genre and within years, never one of
    `excluir`; `diversas`: the best of each collection only."""

    genero: str | None = asked(None, "genero")
    desde: int | None = asked(None, "desde")
    hasta: int | None = asked(None, "hasta")
    n: int = asked(10, "n", low=1, high=MAX_TOP, flag="-n")
    excluir: tuple[int, ...] = asked((), "excluir", most=MAX_EXCLUDED)
    diversas: bool = asked(False, "diversas")

    def __post_init__(self) -> None:
        object.__setattr__(self, "excluir", tuple(dict.fromkeys(self.excluir)))
        _check(self)


@dataclass(frozen=True)
class DescribeRequest:
    """The movies whose overview, keywords and title best match a description of their plot."""

    texto: str = asked(dataclasses.MISSING, "texto")
    k: int = asked(10, "k_described", low=1, high=MAX_TOP, flag="-k")

    def __post_init__(self) -> None:
        _check(self)


# Exploración: a chart of the movies its filters select.
NUMERIC = ("runtime", "vote_average", "vote_count", "popularity", "budget", "revenue", "return")  # what charts measure
LONG_TAILED = frozenset({"vote_count", "popularity", "budget", "revenue", "return"})  # drawn on a log scale first
TOP_COLUMNS = ("collection", "production_companies", "directors", "production_countries")  # whose names rank
TOP_NAMES = 10  # how many names a top list ranks
WORD_SOURCES = schema.WORD_SOURCES  # the texts whose words are counted
CHARTS = (
    "histogram", "box_by_genre", "correlation", "budget_vs_revenue", "per_year", "money_per_year",
    "genre_share_by_decade", "top_list", "best_rated", "top_words",
)  # fmt: skip


@dataclass(frozen=True)
class Filters:
    """What Exploración's sidebar selects: years, genres (TMDB's names), an original language, the fewest
    votes, and whether budget and revenue must be known. Hashable, so charts are cached by it."""

    years: tuple[int, int]
    genres: tuple[str, ...] = ()
    language: str | None = None
    min_votes: int = 0
    known_money: bool = False


@dataclass(frozen=True)
class ChartRequest:
    """One of Exploración's charts (core.eda's function `chart`) over the movies the filters select,
    with that chart's options (`column`, `log`, `method`, `color`, `by`, `source`) as (name, value) pairs."""

    chart: str
    filters: Filters
    options: tuple[tuple[str, object], ...] = ()

    def __post_init__(self) -> None:
        if self.chart not in CHARTS:
            raise BadRequest("ask.not_one_of", name="chart", value=self.chart[:60], choices=", ".join(CHARTS))

    @classmethod
    def of(cls, chart: str, filters: Filters, **options) -> ChartRequest:
        return cls(chart, filters, tuple(sorted(options.items())))
