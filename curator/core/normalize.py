"""Text cleaning shared by the importers, dedupe and entities.

Everything here is pure string work (no Qt, no I/O) and runs once per article on
imports of tens of thousands of files, so the regular expressions are compiled once
(at import time; a ``Boilerplate``'s on its first use) and no function makes more
than a few linear passes over its input.

>>> clean_article_text("MOSCOW: Russia said no.\\n\\nAdvertisement\\n\\nIt said  it  again.")
('MOSCOW', 'Russia said no.\\n\\nIt said it again.')
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

# An entry ending in "…" matches any line starting with it (up to _BOILERPLATE_MAX_CHARS);
# every other entry must be the whole line, give or take trailing punctuation.
BOILERPLATE_LINES: tuple[str, ...] = (
    "Advertisement",
    "Advertising",
    "Sponsored content",
    "COMMERCIAL BREAK",
    "SCROLL TO CONTINUE READING",
    "Scroll to continue with content",
    "Story continues below",
    "Story continues below advertisement",
    "Article continues below",
    "Continue reading",
    "Continue reading below",
    "Continue reading the main story",
    "Skip advertisement",
    "Read more",
    "Read more:…",
    "Also read:…",
    "Share this article",
    "Share this story",
    "Share this",
    "Share on Facebook",
    "Share on Twitter",
    "Share via email",
    "Subscribe…",
    "Sign up for our newsletter…",
    "Sign up to our newsletter…",
    "Click here to…",
    "Follow us on…",
    "Like us on Facebook",
    "Recommended for you",
    "Most read",
)

_BOILERPLATE_MAX_CHARS = 120
_TRAILING_PUNCTUATION = r"[\s.,:;!?…»›>|*\-–—]*"


def _phrase_pattern(phrase: str) -> str:
    return r"\s+".join(re.escape(word) for word in phrase.split())


def _boilerplate_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    whole = [_phrase_pattern(p) for p in phrases if not p.endswith("…")]
    prefixes = [_phrase_pattern(p[:-1]) for p in phrases if p.endswith("…")]
    # An empty group would match the empty line (and any line of punctuation): leave it out.
    alternatives = ([rf"(?:{'|'.join(whole)}){_TRAILING_PUNCTUATION}"] if whole else []) + (
        [rf"(?:{'|'.join(prefixes)})(?:\W.*)?"] if prefixes else [])
    return re.compile("|".join(alternatives) or r"(?!)", re.IGNORECASE)


# Wire credits and copyright lines: "(Reporting by A; Editing by B)", "Copyright 2009 dpa. All rights reserved."
_CREDIT_LINE = re.compile(
    r"\(?\s*(?:additional\s+)?(?:reporting|writing|editing)\s+by\b[^()]*\)?\.?"
    r"|(?:copyright|\(c\)|©)\s*(?:©\s*)?(?:\d{4}\b)[^\n]*"
    r"|all\s+rights\s+reserved\.?",
    re.IGNORECASE,
)
_HAS_WORD_CHARACTER = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class Boilerplate:
    """Which lines cleaning drops as outlet furniture: the built-in phrases, less those
    turned off (``disabled``), plus the curator's own (``extra``), in the same notation as
    ``BOILERPLATE_LINES``. Wire credits and copyright lines are always dropped.

    >>> own = Boilerplate(extra=("Listen to this article",), disabled=("Read more",))
    >>> own.matches("LISTEN TO THIS ARTICLE."), own.matches("Read more"), own.matches("Advertisement")
    (True, False, True)
    """

    extra: tuple[str, ...] = ()
    disabled: tuple[str, ...] = ()

    @cached_property
    def phrases(self) -> tuple[str, ...]:
        off = {phrase.casefold() for phrase in self.disabled}
        return tuple(p for p in BOILERPLATE_LINES if p.casefold() not in off) + self.extra

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        return _boilerplate_pattern(self.phrases)

    def matches(self, line: str) -> bool:
        """True when the whole line is furniture ("Advertisement", "Read more", ...)."""
        stripped = line.strip()
        if len(stripped) > _BOILERPLATE_MAX_CHARS:
            return False
        return self._pattern.fullmatch(stripped) is not None or _CREDIT_LINE.fullmatch(stripped) is not None


BUILT_IN_BOILERPLATE = Boilerplate()


def is_boilerplate(line: str, boilerplate: Boilerplate = BUILT_IN_BOILERPLATE) -> bool:
    """True when the whole line is outlet furniture ("Advertisement", "Read more", ...).

    >>> is_boilerplate("  SCROLL TO CONTINUE READING "), is_boilerplate("Read more about it in court.")
    (True, False)
    """
    return boilerplate.matches(line)


# Zero-width characters and soft hyphens are invisible but break word matching.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def clean_body(text: str, boilerplate: Boilerplate = BUILT_IN_BOILERPLATE) -> str:
    """Article text as paragraphs separated by one blank line.

    Paragraphs are split on blank lines, or on every line break when the text has no
    blank lines at all (one paragraph per line is the common shape of such files).
    Boilerplate lines (as ``boilerplate`` defines them) and lines without a letter or
    digit (rules such as ``* * *``) are dropped and whitespace inside a paragraph is collapsed to single spaces.
    """
    lines = _INVISIBLE.sub("", text).strip().splitlines()
    one_paragraph_per_line = all(line.strip() for line in lines)
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        words = line.split()
        if not words:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        collapsed = " ".join(words)
        if not _HAS_WORD_CHARACTER.search(collapsed) or boilerplate.matches(collapsed):
            continue
        if one_paragraph_per_line:
            paragraphs.append(collapsed)
        else:
            current.append(collapsed)
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


# --- datelines -------------------------------------------------------------------

_PLACE_WORD = r"[^\W\d_](?:[^\W\d_]|['’.\-](?=[^\W\d_]))*\.?"
_MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATELINE = re.compile(
    rf"""
    (?P<head>
        (?P<place>{_PLACE_WORD}(?:[ ]{_PLACE_WORD}){{0,3}})
        (?:,[ ]*(?P<region>{_PLACE_WORD}(?:[ ]{_PLACE_WORD}){{0,2}}))?
        (?:,[ ]*(?P<date>{_MONTH}[ ]+\d{{1,2}}(?:,?[ ]+\d{{4}})?|\d{{1,2}}[ ]+{_MONTH}(?:[ ]+\d{{4}})?))?
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
    us u.s. uk u.k. un u.n. eu nato""".split()
)


def split_dateline(paragraph: str) -> tuple[str | None, str]:
    """Take a dateline off the start of a paragraph: ``(dateline, rest)``.

    Conservative on purpose, because a wrong dateline eats the first words of the
    article: the place must be all capitals ("MOSCOW:", "NEW YORK (AP) —"), or carry
    an agency in brackets ("Washington (Reuters) -"), or be a Title-case place
    directly followed by a colon ("Moscow: Russia said ..."). A region after the place
    ("JACKSON, Miss. (AP) -") is only accepted with an agency.

    >>> split_dateline("PARIS, Nov 3 (Reuters) - France said")
    ('PARIS, Nov 3 (Reuters)', 'France said')
    >>> split_dateline("Note: prices fell")
    (None, 'Note: prices fell')
    """
    text = paragraph.lstrip()
    match = _DATELINE.match(text)
    if match is None:
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
    if all_capitals or (title_case and match["agency"]):
        return match["head"].strip(), rest
    if title_case and match["separator"] == ":" and not match["date"] and _starts_sentence(rest):
        return match["head"].strip(), rest
    return None, paragraph


def _starts_sentence(text: str) -> bool:
    first = text.lstrip("\"'“‘(")[:1]
    return first.isupper() or first.isdigit()


def clean_article_text(text: str, boilerplate: Boilerplate = BUILT_IN_BOILERPLATE) -> tuple[str | None, str]:
    """``clean_body`` then ``split_dateline`` on the first paragraph: ``(dateline, body)``."""
    body = clean_body(text, boilerplate)
    first, separator, others = body.partition("\n\n")
    dateline, first = split_dateline(first)
    return dateline, first + separator + others


# --- titles ------------------------------------------------------------------------

_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)\]]*(?=\s+\S)")
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr st sen rep gov gen lt col sgt capt prof jr sr inc co corp ltd vs
    u.s u.k u.n a.m p.m jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)


def first_sentence(paragraph: str) -> str:
    """The paragraph up to the end of its first sentence (skipping "Mr." and "U.S.")."""
    for match in _SENTENCE_BREAK.finditer(paragraph):
        before = paragraph[: match.start()]
        last_word = before.rsplit(None, 1)[-1].casefold() if before.strip() else ""
        if (len(last_word) == 1 and last_word.isalpha()) or last_word.lstrip("(\"'“‘") in _ABBREVIATIONS:
            continue
        following = paragraph[match.end() :].lstrip().lstrip("\"'“‘([")
        if following[:1].islower():
            continue
        return paragraph[: match.end()]
    return paragraph


def derive_title(body: str, limit: int = 100) -> str:
    """A title made from the first sentence, cut at a word boundary to ``limit`` chars.

    >>> derive_title("Russia said no. It said so again.")
    'Russia said no'
    """
    sentence = " ".join(first_sentence(body.strip().split("\n\n", 1)[0]).split())
    if len(sentence) <= limit:
        return sentence.rstrip(".").strip()
    boundary = sentence.rfind(" ", 0, limit)
    cut = sentence[:boundary] if boundary > 0 else sentence[: limit - 1]
    return cut.rstrip(" ,;:-–—") + "…"


# --- dates -------------------------------------------------------------------------

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
    _WEEKDAY + rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{_MONTH}),?\s+(?P<y>\d{{4}})(?!\d)", re.I
)
_MONTH_DAY_YEAR = re.compile(
    _WEEKDAY + rf"(?P<mon>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})(?!\d)", re.I
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


# --- matching ----------------------------------------------------------------------

_TO_ASCII = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′`´", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
    }
)


def normalize_for_matching(text: str) -> str:
    """Text folded for comparison: NFKC, casefolded, ASCII quotes and dashes, single spaces.

    >>> normalize_for_matching("“Lose  IT” — now")
    '"lose it" - now'
    """
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_TO_ASCII)
    return " ".join(folded.split())
