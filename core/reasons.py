"""Why a movie is on a list, as data: what it shares with the liked movie it names, or how many people
liked both; said in Spanish or English."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.i18n import genre_name

# What two movies may share, strongest first, and how many names of each a reason shows.
SHOWN = {"collection": 0, "directors": 2, "cast": 2, "keywords": 3, "plot": 3, "genres": 3}
MOST_FACTS = 3  # facts a reason names, at most

WORDS = {
    "es": {
        "collection": ("misma colección", "misma colección"),
        "directors": ("mismo director", "mismos directores"),
        "cast": ("reparto", "reparto"),
        "keywords": ("tema", "temas"),
        "plot": ("argumento", "argumento"),
        "genres": ("género", "géneros"),
        "like": "como {title}: {said}",
    },
    "en": {
        "collection": ("same collection", "same collection"),
        "directors": ("same director", "same directors"),
        "cast": ("cast", "cast"),
        "keywords": ("theme", "themes"),
        "plot": ("plot", "plot"),
        "genres": ("genre", "genres"),
        "like": "like {title}: {said}",
    },
}


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

    def said(self, language: str = "es", translated: bool = True) -> str:
        """The reason in `language`; `translated`: genres as the interface names them (the JSON keeps TMDB's)."""
        if not self.shared and self.both is not None:
            return liked_both_said(self.both, self.likers or 0, self.liked, language)
        words = WORDS[language]
        facts = []
        for what, names in self.shared:
            one, many = words[what]
            if what == "genres" and translated:
                names = tuple(genre_name(name, language) for name in names)
            facts.append(one if not names else f"{one if len(names) == 1 else many}: {', '.join(names)}")
        if self.both:
            facts.append(fans_said(self.both, self.likers or self.both, self.liked, language))
        said = " · ".join(facts)
        return words["like"].format(title=self.liked, said=said) if self.several else said


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


def fans_said(both: int, likers: int, title: str, language: str = "es") -> str:
    """How many of the people who liked `title` liked a movie too, in a few words (a reason's last fact)."""
    if language == "en":
        return (
            f"liked by the one fan of {title}"
            if likers == 1
            else f"liked by {both:,} of the {likers:,} fans of {title}"
        )
    return f"gustó al único fan de {title}" if likers == 1 else f"gustó a {both} de los {likers} fans de {title}"


def liked_both_said(both: int, likers: int, title: str, language: str = "es") -> str:
    """How many of the people who liked `title` also liked a movie, as a sentence that agrees with
    its numbers (one person, nobody); empty when nobody liked `title`."""
    if not likers:
        return ""
    if language == "en":
        if likers == 1:
            return f"The one person who liked {title} {'also liked' if both else 'did not like'} this one"
        if not both:
            return f"None of the {likers:,} people who liked {title} liked this one"
        return f"{both:,} of the {likers:,} people who liked {title} also liked this one"
    if likers == 1:
        return f"A la única persona a la que le gustó {title} {'también le gustó' if both else 'no le gustó'} esta"
    if not both:
        return f"A ninguna de las {likers} personas a las que les gustó {title} le gustó esta"
    verb = "le gustó" if both == 1 else "les gustó"
    return f"A {both} de las {likers} personas a las que les gustó {title} también {verb} esta"
