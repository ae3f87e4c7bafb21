"""Publication dates written in the many ways outlets write them, read as ISO dates."""

from __future__ import annotations

import datetime
import re

# A month's name or its abbreviation, in any case.
MONTH_NAME = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)

_MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_YEAR_FIRST = re.compile(r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)")
_YEAR_LAST = re.compile(_WEEKDAY + r"(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?!\d)", re.I)
_DAY_MONTH_YEAR = re.compile(
    _WEEKDAY + rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{MONTH_NAME}),?\s+(?P<y>\d{{4}})(?!\d)", re.I
)
_MONTH_DAY_YEAR = re.compile(
    _WEEKDAY + rf"(?P<mon>{MONTH_NAME})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})(?!\d)", re.I
)
# What may follow a date inside one value: a clock time, a zone, "at 10:00 GMT".
_TIME_TAIL = re.compile(r"(?:[T\s,]+(?:at\s+)?\d{1,2}[:.]\d{2}[\w:.+\-\s]*)?\s*|Z\s*", re.I)


def match_date(text: str) -> tuple[str, int] | None:
    """A date at the very start of ``text`` as ``(iso_date, end_offset)``, else None.

    Numeric day/month orders are only trusted when unambiguous: ``30.11.2017`` and
    ``11/30/2017`` parse, ``03/04/2017`` does not.
    """
    text_start = len(text) - len(text.lstrip())
    text = text.lstrip()
    if not text[:1].isalnum():
        return None
    if match := _YEAR_FIRST.match(text):
        parts = int(match["y"]), int(match["m"]), int(match["d"])
    elif match := _YEAR_LAST.match(text):
        first, second = int(match["a"]), int(match["b"])
        if match["sep"] == "." or first > 12:
            parts = int(match["y"]), second, first
        elif second > 12:
            parts = int(match["y"]), first, second
        else:
            return None
    elif match := _DAY_MONTH_YEAR.match(text) or _MONTH_DAY_YEAR.match(text):
        month = _MONTH_NUMBERS[match["mon"].rstrip(".").casefold()]
        parts = int(match["y"]), month, int(match["d"])
    else:
        return None
    try:
        iso = datetime.date(*parts).isoformat()
    except ValueError:
        return None
    return iso, text_start + match.end()


def parse_date(value: str) -> str | None:
    """``value`` as an ISO ``YYYY-MM-DD`` date, or None when it is not a date we can read.

    >>> parse_date("November 30, 2017"), parse_date("2017-11-30T09:15:00Z"), parse_date("soon")
    ('2017-11-30', '2017-11-30', None)
    """
    found = match_date(value)
    if found is None:
        return None
    iso, end = found
    return iso if _TIME_TAIL.fullmatch(value, end) else None
