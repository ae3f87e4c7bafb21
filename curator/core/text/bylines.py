"""By-lines: "By Jane Doe and John Roe", with or without the date the story ran."""

from __future__ import annotations

import re

from curator.core.text.dates import parse_date

_BY_LINE = re.compile(r"\s*by\s+(?P<names>\S.{0,80}?)\s*", re.IGNORECASE)
# Lower-case words a by-line may contain between capitalised names.
_JOINERS = frozenset("and & de van von der da la le du bin al".split())
# What sets a date off from the names: "Jane Doe | May 2, 2023", "Jane Doe, 2 May 2023 10:15", "Jane Doe - May 2".
_DATE_SEPARATOR = re.compile(r"\s*(?:[|,;•·]|\s[-–—])\s*")


def read_byline(line: str) -> tuple[str, str | None] | None:
    """The names a by-line gives and the date it states (ISO), if any; None when ``line`` is no by-line.

    >>> read_byline("By Jane Doe | May 2, 2023")
    ('Jane Doe', '2023-05-02')
    >>> read_byline("by Jane Doe and John Roe")
    ('Jane Doe and John Roe', None)
    >>> read_byline("By the end of the year it was over.") is None
    True
    """
    match = _BY_LINE.fullmatch(line)
    if match is None:
        return None
    names, date = match["names"], None
    for separator in _DATE_SEPARATOR.finditer(names):
        if date := parse_date(names[separator.end() :]):
            names = names[: separator.start()]
            break
    return (names, date) if _looks_like_names(names) else None


def _looks_like_names(names: str) -> bool:
    words = names.replace(",", " ").split()
    return 0 < len(words) <= 8 and all(word[0].isupper() or word.casefold() in _JOINERS for word in words)
