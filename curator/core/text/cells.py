"""Spreadsheet cells: text a spreadsheet would run as a formula, written so it never runs, and back.

OWASP's rule against CSV injection: text that begins with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return gets a leading apostrophe, which spreadsheets read as "this is text".
So does text that begins with apostrophes and then one of those, which makes the rule
reversible: remove one apostrophe from a cell that begins with apostrophes followed by one
of them, and the text is back exactly. Numbers, and text that is only a signed number, are
left alone: a spreadsheet reads them as that number and nothing else.

>>> [neutralise_cell(v) for v in ("=1+2", "@SUM(A1)", "'=x", "-2+3 cmd", "-12.5", "Minsk", -3)]
["'=1+2", "'@SUM(A1)", "''=x", "'-2+3 cmd", '-12.5', 'Minsk', -3]
>>> [restore_cell(cell) for cell in ("'=1+2", "''=x", "-12.5", "'quoted")]
['=1+2', "'=x", '-12.5', "'quoted"]
"""

from __future__ import annotations

import re

# A spreadsheet runs a cell that begins with one of these as a formula (OWASP's list), any apostrophes
# it begins with first counted in.
_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
# What neutralise_cell gave an apostrophe: one or more of them, then a formula's first character.
_NEUTRALISED = re.compile(r"'+[=+\-@\t\r]")
# A signed number is only ever read as that number, so it keeps its sign as it is.
_SIGNED_NUMBER = re.compile(r"[+-][0-9]+(?:\.[0-9]+)?")


def neutralise_cell(value: object) -> object:
    """``value`` as a CSV cell no spreadsheet runs as a formula."""
    if isinstance(value, str) and _FORMULA_START.match(value) and not _SIGNED_NUMBER.fullmatch(value):
        return "'" + value
    return value


def restore_cell(cell: str) -> str:
    """The text :func:`neutralise_cell` was given for ``cell``."""
    return cell[1:] if _NEUTRALISED.match(cell) else cell
