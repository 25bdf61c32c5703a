"""How far the build is, stage by stage, for whoever shows it (the command line's log, the app's steps)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    """A stage of the build, finished or under way: its rows (so far, `of` how many when known), and, for
    what the ratings teach, the people counted."""

    stage: str
    rows: int
    seconds: float
    of: int | None = None
    people: int | None = None


ProgressCallback = Callable[[Progress], None]
