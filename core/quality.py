"""The recommenders' measured quality as the app shows it: names in both languages, and a table.

Read side: the figures come from the manifest (the build ran core.build.evaluate); nothing here measures.
"""

from __future__ import annotations

import pandas as pd

from core.i18n import Words, words
from core.phrases import Number

PROTOCOLS = ("last", "history")
ALIKE = ("genre", "audience", "top10", "distinct")


def _named(words: Words, kind: str, key: str) -> str:
    """A recommender, a protocol or a figure as the words name it (the key itself when they have no name)."""
    return words(f"quality.{kind}.{key}") if words.has(f"quality.{kind}.{key}") else key


def explained(figures: dict, language: str = "es") -> str:
    """What the figures measure, on which ratings, with how many people and movies they were measured on."""
    source = figures.get("from", {"file": "ratings_small.csv", "people": figures["people"]})
    return words(language)(
        "quality.explained",
        file=source["file"],
        rated=Number(source["people"]),
        people=Number(figures["people"]),
        movies=Number(figures.get("alike_over", 0)),
    )


def _column(said: Words, metric: str, protocol: str) -> str:
    """A figure's column in the table: 'HR@10 · desde la última que gustó'."""
    return f"{metric.upper()} · {_named(said, 'protocol', protocol)}"


def hit_rate_columns(language: str = "es") -> list[str]:
    """The table's HR@10 columns, one per protocol: what a page draws as bars."""
    said = words(language)
    return [_column(said, "hr@10", p) for p in PROTOCOLS]


def quality_table(figures: dict, language: str = "es") -> pd.DataFrame:
    """One row per recommender: its name in `language`, HR@10 and nDCG@10 in both protocols, and how
    like the movie its lists are (empty where not measured)."""
    said = words(language)
    return pd.DataFrame(
        [
            {said("quality.model"): _named(said, "model", name)}
            | {_column(said, metric, p): by_protocol[p][metric] for p in PROTOCOLS for metric in ("hr@10", "ndcg@10")}
            | {_named(said, "alike", measure): by_protocol.get("alike", {}).get(measure) for measure in ALIKE}
            for name, by_protocol in figures["models"].items()
        ]
    )
