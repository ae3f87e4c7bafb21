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
    if names.casefold() in _NOT_NAMES or (words and words[0].casefold().rstrip(".") in _TIME_WORDS):
        return False  # "BY THE NUMBERS", a kicker; "By Friday, …", a deadline
    return 0 < len(words) <= 8 and all(word[0].isupper() or word.casefold() in _JOINERS for word in words)


# Headings that open "By" and name no one.
_NOT_NAMES = frozenset({"the numbers", "the way", "the book", "design", "default", "contrast", "comparison"})
# Days and months: "By Friday" and "By March 2024" are deadlines, not people.
_TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today tomorrow tonight january february march "
    "april may june july august september october november december midnight noon then now".split())


# Lines an article's text may open with before its first paragraph: a by-line, a date line, at most these.
_OPENING_LINES_READ = 3


def take_opening_byline(text: str) -> tuple[str | None, str | None, str]:
    r"""The by-line's names and the date (ISO) that open ``text`` on lines of their own, and the text
    after them: "By Jane Doe\nMay 2, 2023 10:15\n\nThe farm…" -> ("Jane Doe", "2023-05-02", "The farm…").
    A line that is neither ends the opening; ``text`` comes back whole when it has none.

    >>> take_opening_byline("By Jane Doe | May 2, 2023\n\nThe farm opened.")
    ('Jane Doe', '2023-05-02', 'The farm opened.')
    >>> take_opening_byline("Updated: May 2, 2023\nThe farm opened.")
    (None, '2023-05-02', 'The farm opened.')
    >>> take_opening_byline("By the end of May the farm had opened.")
    (None, None, 'By the end of May the farm had opened.')
    """
    names = date = None
    rest = text.lstrip()
    for _ in range(_OPENING_LINES_READ):
        first, _newline, after = rest.partition("\n")
        if names is None and (byline := read_byline(first)) is not None:
            names, date = byline[0], date or byline[1]
        elif date is None and (stated := parse_date(first)) is not None:
            date = stated
        else:
            break
        rest = after.lstrip()
    return (names, date, rest) if names or date else (None, None, text)
