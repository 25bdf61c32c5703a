"""Why a movie is on a list, as data: what it shares with the liked movie it names, or how many people
liked both; said through the words catalogue (reason.*)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.i18n import Words

# What two movies may share, strongest first, and how many names of each a reason shows.
SHOWN = {"collection": 0, "directors": 2, "cast": 2, "keywords": 3, "plot": 3, "genres": 3}
MOST_FACTS = 3  # facts a reason names, at most


@dataclass(frozen=True)
class Reason:
    """What made a movie rank for the liked movie `liked` (a title): the features both share
    (`shared`: what, and its names, strongest first), and how many of the `likers` people who liked
    `liked` liked it too (`both`), when that counted. `several`: the list was for several liked
    movies, so the reason names which one it is like."""

    liked: str
    shared: tuple[tuple[str, tuple[str, ...]], ...] = ()
    both: int | None = None
    likers: int | None = None
    several: bool = False

    def said(self, words: Words) -> str:
        """The reason in the words' language (genres as the interface names them; TMDB's in the course's JSON)."""
        if not self.shared and self.both is not None:
            return liked_both_said(self.both, self.likers or 0, self.liked, words)
        facts = []
        for what, names in self.shared:
            if what == "genres":
                names = tuple(words.genre(name) for name in names)
            facts.append(
                words.n(f"reason.{what}", len(names), names=", ".join(names)) if names else words(f"reason.{what}")
            )
        if self.both:
            facts.append(words.n("reason.fans", self.likers or self.both, both=self.both, title=self.liked))
        said = " · ".join(facts)
        return words("reason.like", title=self.liked, said=said) if self.several else said


def shared_facts(liked: dict, other: dict, plot: Sequence[str] = ()) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """What `other` shares with `liked` (each a dict of collection, directors, cast, keywords and
    genres), strongest first, at most MOST_FACTS; `plot`: the words both overviews share, the most
    telling first. A word already named as a keyword is not named again as a plot word."""
    facts: list[tuple[str, tuple[str, ...]]] = []
    if isinstance(liked["collection"], str) and liked["collection"] == other["collection"]:
        facts.append(("collection", ()))
    named: set[str] = set()
    for what in ("directors", "cast", "keywords", "plot", "genres"):
        if what == "plot":
            names = [word for word in plot if word not in named]
        else:  # in the liked movie's order (its billing, its main genre first)
            theirs = set(other[what])
            names = [name for name in liked[what] if name in theirs]
        if names := tuple(dict.fromkeys(names))[: SHOWN[what]]:
            facts.append((what, names))
            named.update(name.lower() for name in names)
    return tuple(facts[:MOST_FACTS])


def liked_both_said(both: int, likers: int, title: str, words: Words) -> str:
    """How many of the people who liked `title` also liked a movie, as a sentence that agrees with
    its numbers (one person, nobody); empty when nobody liked `title`."""
    if not likers:
        return ""
    if likers == 1:
        return words("reason.one_liked" if both else "reason.one_not_liked", title=title)
    if not both:
        return words("reason.liked_none", likers=likers, title=title)
    return words.n("reason.liked_both", both, likers=likers, title=title)
