"""How a change's summary names what it touched: articles by headline, as every list shows them,
not by ids no window shows. The command line prints the same summaries, and takes ids.

>>> from curator.core.library import Library
>>> library = Library.open(":memory:")
>>> for title in ("Ship hits Baltimore Key Bridge, which collapses into the river", "Bridge collapse", ""):
...     _ = library.db.execute("INSERT INTO articles (title, body, created_at, updated_at) VALUES (?, 'x', '', '')",
...                            [title])
>>> named_articles(library, [1])
'“Ship hits Baltimore Key Bridge, which…”'
>>> named_articles(library, [2, 3])
'“Bridge collapse” and an untitled article'
>>> named_articles(library, [1, 2, 3])
'“Ship hits Baltimore Key Bridge, which…”, “Bridge collapse” and 1 more'
>>> for outlet in ("Reuters", "AP"):
...     _ = library.db.execute("INSERT INTO articles (title, body, outlet, created_at, updated_at) "
...                            "VALUES ('Bridge collapse', 'x', ?, '', '')", [outlet])
>>> named_articles(library, [4, 5])                   # copies share a headline: their outlets tell them apart
'“Bridge collapse” (Reuters) and “Bridge collapse” (AP)'
"""

from __future__ import annotations

import math
from typing import Sequence

from curator.core.library.sql import placeholders
from curator.core.library.store import Library

# A headline longer than this is cut at a word: a summary names two articles on one status-bar line.
HEADLINE_ROOM = 40
# Articles named in full before "and N more".
NAMED_AT_MOST = 2


def quoted(title: str | None) -> str:
    """A headline in quotation marks, shortened at a word boundary to ``HEADLINE_ROOM`` characters."""
    text = " ".join((title or "").split())
    if len(text) > HEADLINE_ROOM:
        cut = text[:HEADLINE_ROOM]
        text = (cut[:cut.rfind(" ")] if " " in cut else cut).rstrip(",;:—–- ") + "\u2026"
    return f"\u201c{text}\u201d"


def named_articles(library: Library, ids: Sequence[int]) -> str:
    """These articles by headline: “A”; “A” and “B”; “A”, “B” and 3 more. Two alike headlines
    (copies often share one) are told apart by outlet, where they have one."""
    shown = list(ids[:NAMED_AT_MOST])
    found = {row[0]: row[1:] for row in library.db.execute(
        f"SELECT id, title, outlet FROM articles WHERE id IN ({placeholders(shown)})", shown)}
    names = [quoted(found[i][0]) if found.get(i, ("",))[0] else "an untitled article" for i in shown]
    if len(names) == 2 and names[0] == names[1] and names[0] != "an untitled article":
        outlets = [found[i][1] for i in shown]
        if all(outlets) and outlets[0] != outlets[1]:
            names = [f"{name} ({outlet})" for name, outlet in zip(names, outlets)]
    if len(ids) == 1:
        return names[0]
    if len(ids) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{', '.join(names)} and {len(ids) - len(names):,} more"


def whole_percent(score: float) -> str:
    """A score in whole percent, rounded, but never up to a certain 100% that it has not reached.

    >>> whole_percent(0.9989), whole_percent(1.0), whole_percent(0.745), whole_percent(0.29)
    ('99%', '100%', '75%', '29%')
    """
    return f"{percent_of(score)}%"


def two_places(score: float) -> str:
    """A score with two decimals, as the command line prints it, rounded as :func:`whole_percent` is.

    >>> two_places(0.9987), two_places(1.0), two_places(0.745)
    ('0.99', '1.00', '0.75')
    """
    return f"{percent_of(score) / 100:.2f}"


def percent_of(score: float) -> int:
    """The whole percent :func:`whole_percent` shows: half a percent rounds up (a hair of float error
    never costs one), and only a score of 1 is 100."""
    return 100 if score >= 1 else min(99, math.floor(score * 100 + 0.5 + 1e-9))


def scores_in_percents(low: int, high: int) -> tuple[float, float]:
    """The least and the greatest score that :func:`whole_percent` shows as ``low``% to ``high``%,
    both included: what a score filter of whole percents lets through.

    >>> least, greatest = scores_in_percents(75, 99)
    >>> [whole_percent(score) for score in (least, greatest)], 0.9999 <= greatest < 1
    (['75%', '99%'], True)
    >>> scores_in_percents(0, 100)
    (0.0, 1.0)
    """
    least = 1.0 if low >= 100 else max(0.0, (low - 0.5) / 100)
    greatest = 1.0 if high >= 100 else (1.0 if high >= 99 else (high + 0.5) / 100) - 1e-9
    return least, greatest
