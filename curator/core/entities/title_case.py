"""Headlines written in title case, where every word is capitalised, and the names in them.

A saved page often runs its headline into the text ("Greek President Pavlopoulos Calls on Turkey
to Live in Peace ATHENS – President of …"), and there a run of capitalised words is no evidence of a
name: "Pavlopoulos Calls", "Klobuchar Jabs Trump", "Suggests Someone Must" were proposed as names.
A headline is told by its words: a stretch of capitalised words opening a line or a sentence that
holds words a sentence writes in lower case ("Calls", "Live", "Peace", "Of", "Him"). In it, a name
is proposed only in the words the article also writes capitalised in its running text ("Pavlopoulos",
"Trump"), or as a name the offline lists know; the rest of the stretch is dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from curator.core.entities import name_words as words
from curator.core.entities.name_runs import sentence_initial

# Lower-case words a title-case stretch may hold: a headline in AP style leaves its short function
# words in lower case ("Calls on Turkey to Live in Peace").
_SMALL_WORDS = frozenset("""
a an the and but or nor for of on in to at by up as vs via with from off per into onto over out
""".split())
# Capitalised, these are a headline's: no name holds them after its first word.
_FUNCTION_WORDS = frozenset(word.casefold() for word in words.OPENERS_ANYWHERE | words.HEADLINE_WORDS) | _SMALL_WORDS
# A stretch is a headline when it holds at least this many capitalised words a sentence writes in lower case.
MIN_LOWERCASE_WORDS = 2
# … and at least this many capitalised words up to the last of those ("Ping An Insurance, HSBC's largest
# shareholder" opening a paragraph is no headline).
MIN_HEADLINE_WORDS = 4

_TOKEN = re.compile(r"\S+")
_NAME_TOKEN = re.compile(r"[^ \u00a0]+")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")
_EDGE_PUNCTUATION = "\"'“”‘’«»()[]{}*,:;!?…"
# Where a sentence may start: the text's start, a line's, or after a sentence's last mark.
_SENTENCE_START = re.compile(r"(?:\A|\n|[.!?][\"'”’)]*[ \t\u00a0])[ \t\u00a0\n]*")
# A stretch's first word and three more not in lower case, short function words between them: most
# sentences fail this at their second word, and the walk below is spared.
_SMALL_WORD = "|".join(sorted(_SMALL_WORDS))
_FOUR_CAPITALISED = re.compile(rf"\S+(?:[ \t\u00a0]+(?:(?:{_SMALL_WORD})[ \t\u00a0]+)*[^\sa-z]\S*){{3}}")
_DASHES = frozenset({"-", "–", "—", "|", "•"})


@lru_cache(maxsize=1)
def _name_vocabulary() -> frozenset[str]:
    """Capitalised words that belong to names and titles, though sentences write some in lower case
    ("President", "Department", "North"): no evidence of a headline."""
    return frozenset(word.casefold() for word in (
        words.TITLE_HEADS | words.TITLE_MODIFIERS | words.TITLE_ENDINGS | words.ORG_WORDS | words.PLACE_PREFIXES
        | words.PLACE_ENDINGS | words.TIME_WORDS | words.HOLIDAY_WORDS | words.LEADING_COUNTRIES
        | words.COMPASS_POINTS | words._demonyms()))


def _ends_sentence(token: str) -> bool:
    """Whether ``token`` ends a sentence: a full stop, a question or an exclamation after a word
    that is no abbreviation ("Sen.", "U.S." are not)."""
    stripped = token.rstrip("\"'”’)")
    if stripped.endswith(("!", "?")):
        return True
    if not stripped.endswith(".") or stripped.endswith(".."):
        return False
    word = stripped[:-1].lstrip("\"'“‘(")
    return not (len(word) <= 4 and word[:1].isupper() or "." in word)


def title_case_spans(body: str, lowercase_word: Callable[[str], bool]) -> list[tuple[int, int]]:
    """(start, end) of each title-case headline in ``body``: a stretch of capitalised words (numbers,
    quotes and short function words in lower case between them) that opens a line, or a sentence
    when it holds a capitalised function word ("To", "In"), with at least ``MIN_LOWERCASE_WORDS``
    capitalised words a sentence writes in lower case: function words ("Of", "Him") or words
    ``lowercase_word`` says are common ones ("Calls", "Peace"), and ``MIN_HEADLINE_WORDS`` capitalised
    words up to the last of them, where the span ends: the name opening the text a headline runs
    into ("Peace ATHENS – President of the Hellenic Republic …") stays out of it."""
    spans: list[tuple[int, int]] = []
    for opening in _SENTENCE_START.finditer(body):
        start = opening.end()
        opens_line = start == 0 or "\n" in opening.group()
        if _FOUR_CAPITALISED.match(body, start) and (opens_line or sentence_initial(body, start)):
            spans.extend(_headline_parts(body, start, opens_line, lowercase_word))
    return spans


def _headline_parts(body: str, start: int, opens_line: bool,
                    lowercase_word: Callable[[str], bool]) -> list[tuple[int, int]]:
    """The title-case spans of the stretch of capitalised words at ``start``: one for each of its parts
    between commas that holds words a sentence writes in lower case, from the part's start to the last
    of them. So "Becky Bohrer, The Associated Press" leaves the name out, and "High Speed Chase Ends in
    Crash in El Monte, Two Arrested" leaves out "El Monte"."""
    vocabulary = _name_vocabulary()
    parts: list[tuple[int, int]] = []
    evidence = function_words = capitalised = counted = 0
    part_start, part_end = start, -1
    for index, match in enumerate(_TOKEN.finditer(body, start)):
        token = match.group()
        if token in _DASHES or (index and "\n" in body[match.start() - 2:match.start()]):
            break
        if index and token[-1:] == "." and token[:-1] in words.TITLE_HEADS:
            break  # "Sen. Chuck Grassley": a title abbreviated as running text writes it opens the text
        core = token.strip(_EDGE_PUNCTUATION)
        if core[:1].isalpha():
            if core[0].islower():
                if core not in _SMALL_WORDS:
                    break
            else:
                capitalised += 1
                folded = core.casefold()
                # A word in capitals ("TO:", "HAVE YOUR SAY") is a heading's, not a title-case one.
                if index and not (len(core) > 1 and core.isupper()) and folded not in vocabulary and (
                        folded in _FUNCTION_WORDS or _common(folded, lowercase_word)):
                    evidence += 1
                    function_words += folded in _FUNCTION_WORDS
                    counted, part_end = capitalised, match.end()
        if token.endswith(",") or _ends_sentence(token) or "|" in token:
            if part_end > part_start:
                parts.append((part_start, part_end))
            if not token.endswith(","):
                break
            part_start = match.end() + 1
    if part_end > part_start and (not parts or parts[-1][1] != part_end):
        parts.append((part_start, part_end))
    if evidence >= MIN_LOWERCASE_WORDS and counted >= MIN_HEADLINE_WORDS and (opens_line or function_words):
        return parts
    return []


def _common(word: str, lowercase_word: Callable[[str], bool]) -> bool:
    """Whether ``word`` (casefolded) is one a sentence writes in lower case; a hyphenated one when each
    of its parts is ("cross-dresses"), as names' are not ("jong-un")."""
    return all(part.isalpha() and lowercase_word(part) for part in word.split("-"))


def overlapping(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start``-``end`` overlaps one of the ``spans`` (few: an article has a headline or two)."""
    return any(s < end and start < e for s, e in spans)


def lowercase_words(body: str) -> frozenset[str]:
    """The words ``body`` writes in lower case."""
    return frozenset(_LOWER_WORD.findall(body))


def confirmed_names(start: int, text: str, spans: list[tuple[int, int]],
                    confirmed: Callable[[str], bool]) -> list[tuple[int, int, str, int]]:
    """The names left of a candidate (``text`` at ``start``) once the words of it inside a headline
    that are not ``confirmed`` are dropped: (start, end, text, words) of each stretch of its other
    words, connectors ("of") kept between two of them. "Klobuchar Jabs Trump" -> "Klobuchar", "Trump"
    where the article writes those two in its text and never "Jabs"."""
    names: list[tuple[int, int, str, int]] = []
    kept: list[tuple[int, int, str]] = []

    def close() -> None:
        while kept and kept[-1][2] in words._CONNECTOR_WORDS:
            kept.pop()
        if kept:
            count = sum(1 for token in kept if token[2] not in words._CONNECTOR_WORDS)
            names.append((kept[0][0], kept[-1][1], text[kept[0][0] - start:kept[-1][1] - start], count))
        kept.clear()

    for token in _NAME_TOKEN.finditer(text):
        word, token_start, token_end = token.group(), start + token.start(), start + token.end()
        if word in words._CONNECTOR_WORDS:
            if kept:
                kept.append((token_start, token_end, word))
        elif not overlapping(spans, token_start, token_end) or confirmed(word):
            kept.append((token_start, token_end, word))
        else:
            close()
    close()
    return names
