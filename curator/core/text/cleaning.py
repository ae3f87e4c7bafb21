"""Clean an article's text: drop outlet boilerplate and invisible characters, tidy whitespace,
and split the dateline off the first paragraph.

Everything in ``curator.core.text`` is pure string work (no Qt, no I/O) and runs once per article
on imports of tens of thousands of files, so the regular expressions are compiled once
(at import time; a ``Boilerplate``'s on its first use) and no function makes more
than a few linear passes over its input.

>>> clean_article_text("MOSCOW: Russia said no.\\n\\nAdvertisement\\n\\nIt said  it  again.")
('MOSCOW', 'Russia said no.\\n\\nIt said it again.')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from curator.core.text.datelines import split_dateline
from curator.core.text.words import NON_JOINER_LETTERS, NON_JOINER_LETTERS_AND_MARKS

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
    "Share on LinkedIn",
    "Share on WhatsApp",
    "Share on X",
    "Share on Reddit",
    "Share this article on…",
    "Share this story on…",
    "Subscribe…",
    "Sign up for our newsletter…",
    "Sign up to our newsletter…",
    "Sign up for our free…",
    "Sign up for our daily…",
    "Sign up for our weekly…",
    "Click here to…",
    "Follow us on…",
    "Like us on Facebook",
    "Recommended for you",
    "Most read",
    "Related stories:…",
    "Cookie policy",
    "Privacy policy",
    "Terms of use",
    "Terms of service",
    "Sign up now",
    "This material may not be published, broadcast, rewritten or redistributed…",
    "Our Standards: The Thomson Reuters Trust Principles",
    "Scroll to continue",
    "Share",
    "Save",
    "Copy link",
    "Listen to this article",
    "Image source…",
    "Image caption…",
    "Media caption…",
    # The same furniture as outlets in other languages label it.
    "Anzeige",
    "Werbung",
    "Publicité",
    "Publicidad",
    "Pubblicità",
    "Publicidade",
    "Advertentie",
    "Reklame",
    "Реклама",
    "Lesen Sie auch:…",
    "Mehr zum Thema:…",
    "Weiterlesen",
    "Lire aussi:…",
    "À lire aussi:…",
    "A lire aussi:…",
    "Lire la suite",
    "Lee también:…",
    "Leer también:…",
    "Leer más",
    "Leggi anche:…",
    "Continua a leggere",
    "Leia também:…",
    "Continue lendo",
    "Lees ook:…",
    "Lees verder",
    "Читайте также:…",
)

_BOILERPLATE_MAX_CHARS = 120
_CREDIT_MAX_CHARS = 300
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
# How every credit starts: a paragraph that does not start so cannot start with one.
_CREDIT_START = re.compile(r"\(?\s*(?:additional\s+)?(?:reporting|writing|editing)\s+by\b|copyright|\(c\)|©|all\s+rights",
                           re.IGNORECASE)
# A credit names people, outlets and places after its "by" or its year, in capitals: a line that goes on in
# lower case is a sentence ("Reporting by the Guardian first exposed the gap", "Copyright 2019 rules were
# blamed"). Short words ("dpa", "of", "the") and a credit's own words may stand in lower case.
_CREDIT_WORDS = frozenset("reporting writing editing additional all rights reserved staff with from".split())
_LOWER_CASE_WORD = re.compile(r"\b[a-z][a-z'’-]{3,}\b")
# Who a credit's first "by" names, up to its end or the next credit.
_BY_WHOM = re.compile(r"\bby\s+([^;()]*)", re.IGNORECASE)
_HAS_WORD_CHARACTER = re.compile(r"[^\W_]")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")


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
        """True when the whole line is furniture ("Advertisement", "Read more", ...), or a run of
        furniture, each sentence of it furniture ("Subscribe to our newsletter. Cookie policy. Advertisement.")."""
        stripped = line.strip()
        if len(stripped) > _BOILERPLATE_MAX_CHARS:
            if len(stripped) <= _CREDIT_MAX_CHARS and _is_credit(stripped):
                return True  # a wire's credits run long: "(Reporting by A in X and B in Y; Writing by ...)"
            # Split into sentences only a line that starts as furniture or a credit ("Copyright 2023 The
            # Associated Press. All rights reserved. This material may not be…"): a look at its start is
            # all most paragraphs cost.
            if self._pattern.match(stripped) is None and _CREDIT_START.match(stripped) is None:
                return False
            sentences = _SENTENCE_BREAK.split(stripped)
            return ((self._pattern.match(stripped) is not None or _is_credit(sentences[0]))
                    and all(map(self._is_furniture, sentences)))
        return self._is_furniture(stripped)

    def is_line_of_its_own(self, line: str) -> bool:
        """Whether ``line`` (stripped) is furniture that stands on a line of its own: a whole phrase
        ("Advertisement"), not one that only starts it ("Subscribe…"), or a credit."""
        if len(line) > _BOILERPLATE_MAX_CHARS:
            return len(line) <= _CREDIT_MAX_CHARS and _is_credit(line)
        return self._whole_line_pattern.fullmatch(line) is not None or _is_credit(line)

    @cached_property
    def _whole_line_pattern(self) -> re.Pattern[str]:
        return _boilerplate_pattern(tuple(phrase for phrase in self.phrases if not phrase.endswith("…")))

    def _is_furniture(self, text: str) -> bool:
        return len(text) <= _BOILERPLATE_MAX_CHARS and (
            self._pattern.fullmatch(text) is not None or _is_credit(text))


def _is_credit(text: str) -> bool:
    # A credit opens a line of its own with a capital ("Reporting by", "(Editing by", "©"): a hard-wrapped
    # sentence's line that goes on "reporting by Anna Berg in" is the text's.
    # And it names people: "Editing by Machine", a subheading, names no one.
    if text[:1].islower() or _CREDIT_LINE.fullmatch(text) is None:
        return False
    named = _BY_WHOM.search(text)
    return (all(word in _CREDIT_WORDS for word in _LOWER_CASE_WORD.findall(text))
            and (named is None or len(named[1].split()) >= 2))


BUILT_IN_BOILERPLATE = Boilerplate()


def is_boilerplate(line: str, boilerplate: Boilerplate = BUILT_IN_BOILERPLATE) -> bool:
    """True when the whole line is outlet furniture ("Advertisement", "Read more", ...).

    >>> is_boilerplate("  SCROLL TO CONTINUE READING "), is_boilerplate("Read more about it in court.")
    (True, False)
    """
    return boilerplate.matches(line)


# Control characters are no text: a terminal obeys them (ESC starts a sequence that recolours it or
# sets its title). Tab, the line breaks and the separators that break lines are kept.
_CONTROLS = "\x01-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f"
CONTROL_CHARACTERS = re.compile(f"[{_CONTROLS}]")
# Dropped from a body in one pass with them: zero-width characters and soft hyphens, invisible but
# breaking word matching, and NUL, never text (a JSON "\u0000" decodes to it).
# A joiner between two pictographs is kept: it makes them one emoji ("👩‍👩‍👧", "🏳️‍🌈").
# A non-joiner or a joiner inside a word of a script that writes it is kept too: there it is spelling
# (Persian "می‌خواهم" is misspelt without its non-joiner, a Malayalam or Hindi conjunct takes its
# half-form by one, Sinhala writes "ශ්‍රී", of Sri Lanka, and its other touching letters with a joiner), a
# letter or mark of the script before it and a letter after. Word matching folds both away
# (``words.without_joiners``). Anywhere else (between Latin letters, at a word's edge, beside a space,
# doubled) either is junk from a web page.
_PICTOGRAPH = "\u2600-\u27bf\ufe0f\U0001f000-\U0001faff"
_INVISIBLE = re.compile(f"[\x00{_CONTROLS}\u200b\u2060\ufeff\u00ad]"
                        f"|(?<![{_PICTOGRAPH}{NON_JOINER_LETTERS_AND_MARKS}])\u200d"
                        f"|(?<=[{_PICTOGRAPH}])\u200d(?![{_PICTOGRAPH}])"
                        f"|(?<=[{NON_JOINER_LETTERS_AND_MARKS}])\u200d(?![{NON_JOINER_LETTERS}])"
                        f"|\u200c(?:(?<![{NON_JOINER_LETTERS_AND_MARKS}]\u200c)|(?![{NON_JOINER_LETTERS}]))")
# Any of them: one character class is searched many times faster than the alternatives above are
# substituted, and most texts have none.
_ANY_INVISIBLE = re.compile(f"[\x00{_CONTROLS}\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def without_controls(text: str) -> str:
    """``text`` without control characters other than tab and line breaks.

    >>> without_controls("Evil \\x1b]0;PWNED\\x07title")
    'Evil ]0;PWNEDtitle'
    """
    return CONTROL_CHARACTERS.sub("", text) if not text.isprintable() else text


def without_invisibles(text: str) -> str:
    """``text`` without control characters, zero-width characters, soft hyphens and NUL (a joiner
    between two pictographs is kept, and a non-joiner or joiner inside a word of a script that writes it): what a
    name typed by hand keeps, so none is made of nothing visible.

    >>> without_invisibles("Hywind\\u200b Tampen\\x1b\\u00ad")
    'Hywind Tampen'
    >>> without_invisibles("می\\u200cخواهم\\u200c") == "می\\u200cخواهم"
    True
    """
    return _INVISIBLE.sub("", text) if _ANY_INVISIBLE.search(text) else text


def clean_body(text: str, boilerplate: Boilerplate = BUILT_IN_BOILERPLATE) -> str:
    """Article text as paragraphs separated by one blank line, without its furniture
    (:func:`split_furniture`) and with whitespace inside a paragraph collapsed to single spaces."""
    return "\n\n".join(split_furniture(without_invisibles(text), boilerplate)[0])


def split_furniture(text: str, boilerplate: Boilerplate = BUILT_IN_BOILERPLATE
                    ) -> tuple[list[str], list[tuple[int, str]]]:
    """``text``'s paragraphs, and the furniture dropped from it, each with the number of paragraphs
    kept before it (and the one it was inside, if any).

    Paragraphs are split on blank lines, or on every line break when the text has no blank lines at
    all (one paragraph per line is the common shape of such files). A paragraph is dropped when it is
    furniture as a whole (as ``boilerplate`` defines it); a line of a paragraph only when the line is
    a phrase of its own ("Advertisement") or a credit: a hard-wrapped paragraph's line that starts
    "subscribe to the scheme…" is the article's text. Lines without a letter or digit (rules such as
    ``* * *``) go without a word.
    """
    lines = text.strip().splitlines()
    one_paragraph_per_line = all(line.strip() for line in lines)
    kept: list[str] = []
    dropped: list[tuple[int, str]] = []
    current: list[str] = []

    def close_paragraph() -> None:
        lines_kept = current
        if len(current) > 1:
            lines_kept = []
            for line in current:
                if boilerplate.is_line_of_its_own(line):
                    dropped.append((len(kept) + bool(lines_kept), line))
                else:
                    lines_kept.append(line)
        if lines_kept:
            paragraph = " ".join(lines_kept)
            if boilerplate.matches(paragraph):
                dropped.append((len(kept), paragraph))
            else:
                kept.append(paragraph)
        current.clear()

    for line in lines:
        words = line.split()
        if not words:
            close_paragraph()
            continue
        collapsed = " ".join(words)
        if _HAS_WORD_CHARACTER.search(collapsed):
            current.append(collapsed)
            if one_paragraph_per_line:
                close_paragraph()
    close_paragraph()
    links = _page_links_from(kept)
    if links < len(kept):
        # The links join the furniture in the order the page has them (a paragraph kept as the j-th comes
        # after what was dropped before it, with j kept before), all where the links begin.
        in_order = sorted([(before, 0, line) for before, line in dropped]
                          + [(j, 1, kept[j]) for j in range(links, len(kept))], key=lambda entry: entry[:2])
        dropped = [(min(before, links), line) for before, _, line in in_order]
    return kept[:links], dropped


# A heading a page's links follow after the article ("Related Topics", then "Norway", "Energy"): from
# it on, what is left is the page's, when all of it is lines shaped like headlines and topics. Only
# headings a page's furniture uses: "See also", "Trending" or "Recommended" head sections of articles too.
_END_HEADING = re.compile(
    r"(?:Related\s+(?:[Tt]opics|[Ss]tories|[Aa]rticles|[Cc]ontent|[Ii]nternet\s+[Ll]inks|[Cc]overage)"
    r"|More\s+on\s+this\s+story|More\s+stories|More\s+from\s+[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,3}"
    r"|You\s+may\s+also\s+like|Read\s+next|Top\s+stories|Most\s+(?:read|popular|viewed)"
    r"|RELATED\s+(?:TOPICS|STORIES|ARTICLES)|MORE\s+ON\s+THIS\s+STORY|MOST\s+READ)" + _TRAILING_PUNCTUATION)
_LINK_LINE_MAX_CHARS = 120
# A line a page lists as a link: a headline or a topic, which no sentence's end closes.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def _page_links_from(kept: list[str]) -> int:
    """Where the links a page lists after its article begin in ``kept`` (its length when none do)."""
    for index in range(1, len(kept)):
        if _END_HEADING.fullmatch(kept[index]) and all(
                len(paragraph) <= _LINK_LINE_MAX_CHARS and not _SENTENCE_END.search(paragraph)
                for paragraph in kept[index + 1:]):
            return index
    return len(kept)


def clean_article_text(text: str, boilerplate: Boilerplate = BUILT_IN_BOILERPLATE) -> tuple[str | None, str]:
    """``clean_body`` then ``split_dateline`` on the first paragraph: ``(dateline, body)``."""
    body = clean_body(text, boilerplate)
    first, separator, others = body.partition("\n\n")
    dateline, first = split_dateline(first)
    return dateline, first + separator + others
