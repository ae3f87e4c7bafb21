"""A run of several capitalized words cut into candidate names: where a sentence starts inside it
("in the U.S. The company"), job titles cut out ("Russian President Vladimir Putin" -> "Vladimir
Putin"), a person parted from an organisation ("United Nations Nikki Haley" -> "United Nations",
"Nikki Haley"), and connectors and dates trimmed from the ends ("Monday", "of"). The run alone
decides its names, so each run is cut once however many articles it recurs in.
"""

from __future__ import annotations

import re
from functools import lru_cache

from curator.core.entities.name_words import (
    _ABBREVIATIONS,
    _CONNECTOR_WORDS,
    COMPASS_POINTS,
    HEADLINE_WORDS,
    HOLIDAY_WORDS,
    LEADING_COUNTRIES,
    OPENERS,
    OPENERS_ANYWHERE,
    ORG_WORDS,
    PAGE_FURNITURE,
    PARTY_MEMBERS,
    PLACE_PREFIXES,
    TIME_WORDS,
    TITLE_ENDINGS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    _demonyms,
)

MAX_PHRASE_WORDS = 5

_TOKEN = re.compile(r"[^ \u00a0]+")
_QUOTES_AND_SPACE = " \t\r\n\u00a0\"'“”‘’«»([{*-–—•"
# What may stand before the space in front of a sentence's first word: quotes and spaces, or its end.
_MAY_END_SENTENCE = frozenset(_QUOTES_AND_SPACE + "!?:;….")
# Marks that open a quotation when they follow a space or a bracket (a straight one closes it after a word).
_OPENING_QUOTES = frozenset("\"'“‘«")
_BEFORE_QUOTATION = frozenset(" \t\r\n\u00a0([{")
# A name cut from a run: start and end in the run, its text, words, whether it opens a sentence, is a person.
_RunName = tuple[int, int, str, int, bool, bool]


def sentence_initial(body: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence, paragraph or quotation (after a full stop, or
    right after an opening quotation mark: 'he said, "It is ...'."""
    if start > 1 and body[start - 1] == " " and body[start - 2] not in _MAY_END_SENTENCE:
        return False  # most words: one space after a word, answered before the walk back below
    if start > 0 and body[start - 1] in _OPENING_QUOTES and (start == 1 or body[start - 2] in _BEFORE_QUOTATION):
        return True
    i = start - 1
    while i >= 0 and body[i] in _QUOTES_AND_SPACE:
        i -= 1
    if i < 0 or "\n" in body[i + 1:start]:
        return True
    if body[i] in "!?:;…":
        return True
    if body[i] != ".":
        return False
    word_start = i
    while word_start > 0 and body[word_start - 1].isalpha():
        word_start -= 1
    before_dot = body[word_start:i]
    # "Mr. Smith", "U.S. President", "J. K. Rowling": the full stop ends an abbreviation.
    return not (before_dot in _ABBREVIATIONS or (len(before_dot) == 1 and before_dot.isupper()))


def _kind(token: str) -> str:
    if token in TITLE_HEADS:
        return "head"
    if token in TITLE_ENDINGS:
        return "ending"
    if token in TITLE_MODIFIERS or token in LEADING_COUNTRIES or token in _demonyms():
        return "modifier"
    return ""


def _title_at(tokens: list[tuple[int, int, str]], i: int) -> tuple[int | None, int]:
    """(index of the last token of a job title starting at ``i`` or None, end of the title-like words)."""
    j, last_head = i, -1
    while j < len(tokens) and _kind(tokens[j][2]):
        kind = _kind(tokens[j][2])
        if kind == "head" or (kind == "ending" and last_head >= 0):
            last_head = j
        j += 1
    if last_head < 0 and (tokens[i][2] in _demonyms() or tokens[i][2] in LEADING_COUNTRIES):
        # "Portuguese Emergency Minister": a country's adjective, a portfolio, then the title.
        for k in range(i + 1, min(i + 4, len(tokens))):
            word = tokens[k][2]
            if _kind(word) == "head":
                last_head = k
                while last_head + 1 < len(tokens) and _kind(tokens[last_head + 1][2]) in ("head", "ending"):
                    last_head += 1
                break
            if word in ORG_WORDS or word in _CONNECTOR_WORDS or word.isupper():
                break
    if last_head < 0 or (last_head + 1 < len(tokens) and tokens[last_head + 1][2] in ORG_WORDS):
        return None, j  # no title, or part of a name ("Justice Department")
    if last_head + 2 < len(tokens) and tokens[last_head + 1][2] == "of" and tokens[last_head + 2][2] in TITLE_MODIFIERS:
        # "Secretary of State", "Minister of Health", "Secretary of Homeland Security": the portfolio is the title's.
        last_head += 2
        while last_head + 1 < len(tokens) and tokens[last_head + 1][2] in TITLE_MODIFIERS:
            last_head += 1
        j = max(j, last_head + 1)
    return last_head, j


def _without_titles(tokens: list[tuple[int, int, str]],
                    titled: bool = False) -> list[tuple[list[tuple[int, int, str]], bool]]:
    """Cut job titles out of a run's tokens: the parts before and after each title, each with
    whether a title comes right before it (``titled``: one comes before the run)."""
    parts: list[tuple[list[tuple[int, int, str]], bool]] = []
    current: list[tuple[int, int, str]] = []
    i = 0
    while i < len(tokens):
        title_end, j = _title_at(tokens, i)
        if title_end is not None:
            parts.append((current, titled))
            current, i, titled = [], title_end + 1, True
            continue
        current.extend(tokens[i:max(j, i + 1)])
        i = max(j, i + 1)
    parts.append((current, titled))
    return [(part, after_title) for part, after_title in parts if part]


def _split_at_loose_for(tokens: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
    """ "for" joins a name only after an organisation word ("Institute for Fiscal Studies"), not in
    "the United States for Western governments"."""
    parts: list[list[tuple[int, int, str]]] = []
    current: list[tuple[int, int, str]] = []
    for token in tokens:
        if token[2] == "for" and current and current[-1][2] not in ORG_WORDS:
            parts.append(current)
            current = []
        else:
            current.append(token)
    return [*parts, current]


def _split_person_and_org(part: list[tuple[int, int, str]]) -> list[tuple[list[tuple[int, int, str]], bool]]:
    """Split a person from an organisation next to them: "United Nations Nikki Haley" -> "United
    Nations", "Nikki Haley"; "Amit Mehta of the US District Court" -> "Amit Mehta", "US District Court".
    Each part comes with whether it is the person."""
    for i in range(len(part) - 2, 0, -1):
        rest = part[i + 1:]
        if part[i][2] in ORG_WORDS and 2 <= len(rest) <= 3 and not any(
                t[2] in ORG_WORDS or t[2] in _CONNECTOR_WORDS for t in rest):
            return [(part[:i + 1], False), (rest, True)]
    for i, token in enumerate(part):
        if token[2] in _CONNECTOR_WORDS:
            before, after = part[:i], part[i + 1:]
            if 2 <= len(before) <= 3 and not any(t[2] in ORG_WORDS for t in before) and (
                    any(t[2] in ORG_WORDS for t in after) or (token[2] == "of" and _a_person_of_a_place(before, after))):
                return [(before, True), (after, False)]
            break
    return [(part, False)]


# Last words of a state's name before "of" ("People's Republic of China", "Federated States of Micronesia").
_STATE_WORDS = frozenset({"Republic", "Kingdom", "Emirates", "States", "Federation", "Commonwealth", "Duchy",
                          "Principality", "Islands", "Isle", "Sultanate", "Emirate", "Territory", "Province"})


# An acronym of an organisation, alone or opening a hyphenated name ("CGT", "SUD-Rail", "ver.di" is not one).
_ACRONYM = re.compile(r"[A-Z]{2,}(?:-\w+)?")


def _a_person_of_a_place(before: list[tuple[int, int, str]], after: list[tuple[int, int, str]]) -> bool:
    """Whether "Lisa Murkowski of Alaska" or "Fabien Villedieu of SUD-Rail" is a person, then a place or
    an organisation: the words before "of" are none a title's, a place's first word or a state's last,
    and what follows is a place the gazetteer knows or an acronym (no name runs "… of NATO")."""
    words = [t[2] for t in before]
    if any(word in TITLE_HEADS or word in TITLE_MODIFIERS or word in PLACE_PREFIXES for word in words) \
            or words[-1] in _STATE_WORDS:
        return False
    following = " ".join(t[2] for t in after)
    return following in _place_surfaces() or (len(after) == 1 and _ACRONYM.fullmatch(following) is not None)


@lru_cache(maxsize=1)
def _place_surfaces() -> frozenset[str]:
    # On first use: every command imports this module, few cut names.
    from curator.core.entities.gazetteer import place_names

    return frozenset(surface for surface, _ in place_names())


def _trim(part: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Drop connectors and dates from the ends ("of", "Monday"), and a possessive apostrophe
    left by a cut title ("Paris'" of "Paris' Mayor")."""
    # A country's abbreviation opens a name without being part of it ("US Supreme Court"), unless
    # the name runs over a connector ("U.S. Chamber of Commerce", "U.S. Customs and Border Protection").
    keeps_country = any(t[2] in _CONNECTOR_WORDS for t in part[1:-1])
    while part and (part[0][2] in _CONNECTOR_WORDS or part[0][2] in TIME_WORDS
                    or (part[0][2] in LEADING_COUNTRIES and not keeps_country)
                    or (part[0][2] in COMPASS_POINTS and len(part) > 2 and part[1][2] == "of")
                    or (part[0][2] == "New" and len(part) > 1 and part[1][2].startswith("Year"))):
        part = part[1:]
    dated = False
    while part and (part[-1][2] in _CONNECTOR_WORDS or _is_time_word(part[-1][2])
                    or (dated and part[-1][2] in HOLIDAY_WORDS)):
        dated = dated or _is_time_word(part[-1][2])
        part = part[:-1]
    if part and part[-1][2][-1] in "'’":
        start, end, text = part[-1]
        part = [*part[:-1], (start, end - 1, text[:-1])] if len(text) > 1 else part[:-1]
    return part


def _is_time_word(word: str) -> bool:
    """Whether ``word`` is a time word, possessive or not ("Year's" of "New Year's Eve")."""
    return word in TIME_WORDS or (word[-2:] in ("'s", "’s") and word[:-2] in TIME_WORDS)


def _sentences(tokens: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
    """A run cut where initials ended a sentence: "in the U.S. The company" -> "U.S.", "The"."""
    parts: list[list[tuple[int, int, str]]] = []
    current: list[tuple[int, int, str]] = []
    for token in tokens:
        if current and current[-1][2].endswith(".") and token[2] in OPENERS:
            parts.append(current)
            current = []
        current.append(token)
    return [*parts, current]


@lru_cache(maxsize=1 << 14)
def _run_names(run: str, opens_sentence: bool, titled: bool) -> tuple[_RunName, ...]:
    """The candidate names of a run of several words, at offsets into the run. The run alone
    decides them, given whether it opens a sentence and follows a title in lower case (a sentence
    starting inside it, "in the U.S. The company", is told by the run's own full stop), so names
    that recur across articles are cut once."""
    tokens = [(token.start(), token.end(), token.group()) for token in _TOKEN.finditer(run)]
    found: list[_RunName] = []
    for index, sentence in enumerate(_sentences(tokens)):
        found.extend(_run_pieces(run, sentence, titled and index == 0,
                                 opens_sentence if index == 0 else sentence_initial(run, sentence[0][0])))
    return tuple(found)


def _run_pieces(run: str, tokens: list[tuple[int, int, str]], titled: bool, opens_sentence: bool) -> list[_RunName]:
    """The candidate names of one sentence of a run of capitalised words (several tokens)."""
    found: list[_RunName] = []
    words = [t for t in tokens if t[2] not in _CONNECTOR_WORDS]
    if len(words) >= 2 and all(w[2].isupper() and len(w[2]) > 1 and w[2][-1] != "." for w in words):
        return found  # a heading in capitals ("COMMERCIAL BREAK"), not a name
    if sum(w[2] in PAGE_FURNITURE for w in words) >= 2:
        return found  # a page's buttons and links ("Share Email Print"), not a name
    if any(w[2] in HEADLINE_WORDS for w in words[1:]):
        return found  # a headline in title case ("Trump Says He Will Win"), not a name
    while tokens and tokens[0][2] in OPENERS and (opens_sentence or tokens[0][2] in OPENERS_ANYWHERE):
        tokens, opens_sentence = tokens[1:], False
    if not tokens:
        return found
    chunks = _split_at_loose_for(tokens)
    parts = [part for index, chunk in enumerate(chunks)
             for part in _without_titles(chunk, titled and index == 0)]
    for part, after_title in parts:
        for index, (piece, split_person) in enumerate(_split_person_and_org(part)):
            piece = _trim(piece)
            if len(piece) >= 2 and piece[-1][2] in PARTY_MEMBERS and piece[-2][2] not in _CONNECTOR_WORDS:
                cut = [piece[:-1], piece[-1:]]  # "Missouri Republican" -> "Missouri", "Republican"
            else:
                cut = [piece]
            for name in cut:
                count = sum(1 for t in name if t[2] not in _CONNECTOR_WORDS)
                if not name or count > MAX_PHRASE_WORDS:
                    continue
                start, end = name[0][0], name[-1][1]
                person = split_person or (after_title and index == 0)
                found.append((start, end, run[start:end], count, opens_sentence and start == tokens[0][0], person))
    return found
