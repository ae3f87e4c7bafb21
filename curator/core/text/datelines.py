"""Datelines: the place (and sometimes date) that opens a wire story's first paragraph."""

from __future__ import annotations

import re

from curator.core.text.dates import MONTH_NAME
from curator.core.text.places import is_dateline_place

_PLACE_WORD = r"[^\W\d_](?:[^\W\d_]|['’.\-](?=[^\W\d_]))*\.?"
_DATELINE = re.compile(
    rf"""
    (?P<head>
        (?P<place>{_PLACE_WORD}(?:[ ]{_PLACE_WORD}){{0,3}})
        (?:,[ ]*(?P<region>{_PLACE_WORD}(?:[ ]{_PLACE_WORD}){{0,2}}))?
        (?:,[ ]*(?P<date>{MONTH_NAME}[ ]+\d{{1,2}}(?:,?[ ]+\d{{4}})?|\d{{1,2}}[ ]+{MONTH_NAME}(?:[ ]+\d{{4}})?))?
        (?:[ ]*\((?P<agency>[A-Z][\w.&'’ /\-]{{0,30}}|dpa)\))?
    )
    [ ]*(?P<separator>:|[-–—]{{1,2}})[ ]*(?=\S)
    """,
    re.VERBOSE,
)
# Small words allowed inside a place name: "Rio de Janeiro", "Frankfurt am Main".
_PLACE_CONNECTORS = frozenset("de del da do dos das la le les el al am an of upon sur en".split())
# Words that open a paragraph with a colon or dash but are not places.
_NOT_PLACES = frozenset(
    """note notes update updated correction clarification editor editors editor's warning
    source sources photo photos video watch listen read also related breaking exclusive
    analysis opinion comment summary background question answer q a disclaimer transcript
    caption credit file title headline date published byline author by url link image
    us u.s. uk u.k. un u.n. eu nato police""".split()
)


def split_dateline(paragraph: str) -> tuple[str | None, str]:
    """Take a dateline off the start of a paragraph: ``(dateline, rest)``.

    Conservative on purpose, because a wrong dateline eats the first words of the
    article. An agency in brackets or a date makes the shape a dateline when the place is
    all capitals ("NEW YORK (AP) —", "LONDON, June 3 —") or Title case with an agency
    ("Washington (Reuters) -"); a region after the place ("JACKSON, Miss. (AP) -") only
    with an agency. A bare place before a dash or a colon ("OSLO —", "Moscow: Russia said")
    must name a known place (see ``places``): "BREXIT -", "FACTBOX-" and "The Hydrogen
    Stream:" open headlines, not datelines.

    >>> split_dateline("PARIS, Nov 3 (Reuters) - France said")
    ('PARIS, Nov 3 (Reuters)', 'France said')
    >>> split_dateline("Note: prices fell")
    (None, 'Note: prices fell')
    >>> split_dateline("COVID-19 cases surge")
    (None, 'COVID-19 cases surge')
    >>> split_dateline("BREXIT - What happens next")
    (None, 'BREXIT - What happens next')
    """
    text = paragraph.lstrip()
    match = _DATELINE.match(text)
    if match is None or _joins_words(text, match):
        return None, paragraph
    words = match["place"].split()
    if any(word.casefold() in _NOT_PLACES for word in words):
        return None, paragraph
    # Connectors count only in lower case: "DA NANG" is a place, "da" inside one is not.
    if words[0] in _PLACE_CONNECTORS:
        return None, paragraph
    named = [word for word in words if word not in _PLACE_CONNECTORS]
    all_capitals = all(word.isupper() for word in named) and len(named[0].rstrip(".")) > 1
    title_case = all(word[0].isupper() for word in named)
    rest = text[match.end() :]
    if match["region"] and not match["agency"]:
        return None, paragraph  # "JACKSON, Miss. (AP)" only: a bare "Word, Word -" is prose
    if (all_capitals and (match["agency"] or match["date"])) or (title_case and match["agency"]):
        return match["head"].strip(), rest
    if match["date"] or not is_dateline_place(match["place"]):
        return None, paragraph
    if all_capitals or (title_case and match["separator"] == ":" and _starts_sentence(rest)):
        return match["head"].strip(), rest
    return None, paragraph


def _joins_words(text: str, match: re.Match) -> bool:
    """A hyphen that joins the word to a number or a lower-case word ("COVID-19", "MH-17",
    "LONDON-based") is part of a name, not a dateline's separator."""
    start, end = match.span("separator")
    following = text[end : end + 1]
    return (match["separator"] == "-" and not text[start - 1 : start].isspace()
            and (following.isdigit() or following.islower()))


def _starts_sentence(text: str) -> bool:
    first = text.lstrip("\"'“‘(")[:1]
    return first.isupper() or first.isdigit()
