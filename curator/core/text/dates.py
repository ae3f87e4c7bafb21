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
# The months in the languages outlets most often write besides English (German, French, Spanish,
# Italian, Portuguese, Dutch; Russian in the genitive, as a date has it), all written day first.
_FOREIGN_MONTHS = {
    number: names.split()
    for number, names in enumerate(
        (
            "januar jänner janvier enero gennaio janeiro januari января",
            "februar février fevrier febrero febbraio fevereiro februari февраля",
            "märz maerz mars marzo março marco maart марта",
            "avril abril aprile апреля",
            "mai mayo maggio maio mei мая",
            "juni juin junio giugno junho июня",
            "juli juillet julio luglio julho июля",
            "août aout agosto augustus августа",
            "septembre septiembre setiembre settembre setembro сентября",
            "oktober octobre octubre ottobre outubro октября",
            "novembre noviembre novembro ноября",
            "dezember décembre decembre diciembre dicembre dezembro december декабря",
        ),
        start=1,
    )
}
_MONTH_NUMBERS.update({name: number for number, names in _FOREIGN_MONTHS.items() for name in names})
_FOREIGN_MONTH_NAME = "(?i:" + "|".join(sorted((name for names in _FOREIGN_MONTHS.values() for name in names),
                                                key=len, reverse=True)) + ")"
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_YEAR_FIRST = re.compile(r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)")
_YEAR_LAST = re.compile(_WEEKDAY + r"(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?!\d)", re.I)
_DAY_MONTH_YEAR = re.compile(
    _WEEKDAY + rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th|\.)?(?:\s+|-)(?P<mon>{MONTH_NAME}),?(?:\s+|-)(?P<y>\d{{4}})(?!\d)", re.I
)
# "2. Mai 2023", "2 de mayo de 2023", "2 мая 2023 г.", "1er juillet 2023".
_FOREIGN_DAY_MONTH_YEAR = re.compile(
    rf"(?P<d>\d{{1,2}})(?:\.|er)?\s+(?:de\s+)?(?P<mon>{_FOREIGN_MONTH_NAME})\.?\s+(?:de\s+)?(?P<y>\d{{4}})(?!\d)"
    r"(?:\s*г\.)?", re.I
)
# Chinese, Japanese and Korean: "2023年5月2日", "2023년 5월 2일".
_EAST_ASIAN = re.compile(r"(?P<y>\d{4})\s*[年년]\s*(?P<m>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})\s*[日일]?")
# A whole value of digits, as feeds and dumps write a day: "20230502", "20230502T101500Z".
_COMPACT = re.compile(r"(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?:T\d{4,6}(?:Z|[+-]\d{2}:?\d{2})?)?\s*")
# Words a date field opens with before its date: "Updated: May 2, 2023", "Published 10:15 BST, 2 May 2023".
_DATE_LABEL = re.compile(
    r"\s*(?:(?:last\s+)?(?:updated|published|posted|modified|first\s+published)(?:\s+on)?\s*:?\s*)?"
    r"(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?,?\s+(?:on\s+)?)?", re.I)
_MONTH_DAY_YEAR = re.compile(
    _WEEKDAY + rf"(?P<mon>{MONTH_NAME})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})(?!\d)", re.I
)
# What may follow a date inside one value: a clock time with its seconds, a.m./p.m. and zone ("at 10:15
# a.m. ET", "T09:15:00.000+02:00", "à 10h15"), and nothing else: words after it are text, not the date's.
_TIME_TAIL = re.compile(
    r"(?:[T\s,]+(?:(?i:at|à|às|um|om|alle|a\s+las|в)\s+)?\d{1,2}[:.h]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?"
    r"(?:\s*[aApP]\.?[mM]\.?)?(?:\s*(?:Z|[+\-]\d{2}:?\d{2}|\(?[A-Z]{2,5}(?:[+\-]\d{1,2})?\)?|Uhr))?)?\s*|Z\s*")


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
    elif match := _DAY_MONTH_YEAR.match(text) or _MONTH_DAY_YEAR.match(text) or _FOREIGN_DAY_MONTH_YEAR.match(text):
        month = _MONTH_NUMBERS[match["mon"].rstrip(".").casefold()]
        parts = int(match["y"]), month, int(match["d"])
    elif match := _EAST_ASIAN.match(text):
        parts = int(match["y"]), int(match["m"]), int(match["d"])
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
    if compact := _COMPACT.fullmatch(value.strip()):
        try:
            return datetime.date(int(compact["y"]), int(compact["m"]), int(compact["d"])).isoformat()
        except ValueError:
            return None
    label = _DATE_LABEL.match(value)
    start = label.end() if label else 0
    found = match_date(value[start:])
    if found is None:
        return None
    iso, end = found
    return iso if _TIME_TAIL.fullmatch(value, start + end) else None
