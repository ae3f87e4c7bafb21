"""Capitalized phrases as entity suggestions: "Kim Jong-Un", "United Nations", "Ursula von der Leyen".

A run of capitalized words (joined by "of", "de", "von der", …; hyphenated parts
such as "Jong-Un" included) is cut into candidate names: a leading "The" or
sentence opener is dropped, job titles are cut out ("Russian President Vladimir
Putin" -> "Vladimir Putin"), and an organisation followed by a person is split
("United Nations Nikki Haley"). Two passes over the corpus: :meth:`PhraseStats.add`
gathers how each phrase is spelled and how often single words appear capitalized
mid-sentence; :func:`phrase_candidates` then proposes spans with one label per
phrase whatever its casing ("Kim Jong-Un" and "Kim Jong-un" share the most
frequent spelling).

Each label gets a type when the corpus shows it: ``ORG`` for a name ending in an
organisation word ("Justice Department") or a short acronym ("NATO"), ``PERSON``
for a name that somewhere follows a job title ("Foreign Minister Sergei Lavrov",
"leader Kim Jong-Un") or is split off an organisation ("United Nations Nikki
Haley"), else ``UNKNOWN``.

A single capitalized word is proposed only when it is evidently a name: it
appears capitalized mid-sentence at least ``MIN_SINGLE_OCCURRENCES`` times in the
corpus and seldom in lower case, or it is part of a longer name in the same
article ("Lavrov" next to "Sergei Lavrov", labelled "Sergei Lavrov").
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import NamedTuple

from curator.core.entities.gazetteer import place_names
from curator.core.entities.name_runs import _run_names, sentence_initial
from curator.core.entities.name_words import (
    _CONNECTOR_WORDS,
    _CONNECTORS,
    _ENDS_AFTER_AND,
    _LONGEST_TITLE,
    _LOWERCASE_TITLES,
    _NOT_SINGLE_NAMES,
    LEADING_COUNTRIES,
    OPENERS,
    OPENERS_ANYWHERE,
    ORG_WORDS,
    PLACE_PREFIXES,
    TIME_WORDS,
    TITLE_HEADS,
    _demonyms,
)
from curator.core.entities.title_case import (
    confirmed_names,
    lowercase_words,
    overlapping,
    title_case_spans,
)

MIN_SINGLE_OCCURRENCES = 2
# wordfreq's Zipf scale (log10 of uses per billion words): a capitalised word below this is a name.
RARE_WORD_ZIPF = 3.3
RARE_OPENING_WORD_ZIPF = 2.5
# A single word is a common word, not a name, when the articles it appears in lower
# case in number at least this share of those it appears capitalized in.
LOWERCASE_SHARE = 0.25

# Capital and title-case letters of the Basic Multilingual Plane (names beyond it are vanishingly rare).
_UPPER = "".join(c for c in map(chr, range(0x10000)) if c.isupper() or c.istitle())
# Hyphenated words that describe a name without being part of it: "Orkney-based", "US-led".
PLACE_AFFIXES = ("based", "headquartered", "born", "bound")
AFFIXES = (*PLACE_AFFIXES, "led", "backed", "owned", "funded", "listed", "run", "made", "registered", "controlled",
           "linked", "affiliated", "allied", "aligned", "style", "era", "wide", "focused", "dominated", "operated",
           "built", "flagged", "inspired", "sponsored", "supported", "brokered", "designed", "produced", "language")
# A name's word is written from its first character on, and each of its forms is told by a lookbehind
# at that character, so that the pattern of a run opens with a character class: the regex engine
# then skips to the characters a name can start with instead of trying the pattern everywhere.
# Prefixes of names in lower case: "al-Assad", "bin-Salman", "d'Estaing".
_NAME_PREFIXES = ("al", "el", "bin", "ibn", "abu", "d")
# What follows a word's capital: "Jong-Un", "O'Brien"; capitals joined by an ampersand ("S&P", "AT&T");
# "Workers'" only inside a name ("Workers' Party"); not "-based".
_AFTER_CAPITAL = (rf"\w*(?:&[{_UPPER}][{_UPPER}\d]*(?!\w))?(?:['’][{_UPPER}]\w*)?(?:-(?!(?:{'|'.join(AFFIXES)})\b)\w+)*"
                  rf"(?:(?<=s)['’](?=[ \u00a0][{_UPPER}]))?")
_PREFIX_FIRSTS = "".join(dict.fromkeys(prefix[0] for prefix in _NAME_PREFIXES))
# After a capital: initials inside a name, before another capitalised word ("John F. Kennedy", "U.S.
# Customs"), else an abbreviation of initials as a word of its own ("the U.S.", "U.N."), else a place's
# abbreviated first word before the rest of its name ("St. Louis", "Mt. Vernon", "Ft. Worth"), else the rest of
# a capitalised word; after a prefix's first letter, its rest and the word.
_AFTER_FIRST = (rf"(?:(?<=[{_UPPER}])(?:\.(?:[{_UPPER}]\.){{0,2}}(?=[ \u00a0][{_UPPER}])|\.(?:[{_UPPER}]\.){{1,2}}"
                rf"|(?<=\b[SMF])t\.(?=[ \u00a0][{_UPPER}])|{_AFTER_CAPITAL})|(?:"
                + "|".join(rf"(?<={first})(?:{'|'.join(prefix[1:] for prefix in _NAME_PREFIXES if prefix[0] == first)})"
                           for first in _PREFIX_FIRSTS)
                + rf")[-'’][{_UPPER}]{_AFTER_CAPITAL})")
_AFFIX_AFTER = re.compile(rf"-({'|'.join(AFFIXES)})\b")
_SPACE = "[ \u00a0]"


def _run_of_names(first: str) -> re.Pattern[str]:
    """A run of name words whose words start with a character of ``first`` (a class); the first word
    not right after a word character or a full stop."""
    return re.compile(rf"{first}(?<![\w.].){_AFTER_FIRST}"
                      rf"(?:{_SPACE}(?:(?:{'|'.join(_CONNECTORS)}){_SPACE})*{first}{_AFTER_FIRST})*")


# The two run patterns are compiled on first use, not at import: their classes of every capital letter
# take about 70 ms to compile, and most processes that import this module (each command, each worker)
# never cut a name.
@cache
def _run() -> re.Pattern[str]:
    """A run of names whose words start with a capital or a prefix ("al-Assad")."""
    return _run_of_names(rf"[{_UPPER}{_PREFIX_FIRSTS}]")


@cache
def _capitalised_run() -> re.Pattern[str]:
    """The same runs in a text with no prefix before a capital (no "al-", "bin-", "d'"), where a name's
    words all start with a capital: the search then skips the lower-case letters prefixes start with,
    which are common letters ("a", "e", "i"): half the search's time in most texts."""
    return _run_of_names(rf"[{_UPPER}]")


# A prefix's mark before a capital, found by the marks, which are rare: whether a text needs :func:`_run`.
_PREFIXED = re.compile(rf"[-'’](?:{'|'.join(rf'(?<={prefix}.)' for prefix in _NAME_PREFIXES)})[{_UPPER}]")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")

_TRAILING_WORD = re.compile(r"[a-z]+\Z")
# A capitalised token after a number ("20 GW", "1.4GWh") or, in capitals, before one ("USD 5m"):
# where that is most of its uses, a unit or a currency, not a name.
_NUMBER_THEN_TOKEN = re.compile(rf"\d[ \u00a0]?([{_UPPER}][A-Za-z]{{0,5}})(?![\w'’-])")
_TOKEN_THEN_NUMBER = re.compile(r"(?<![\w.$-])([A-Z]{2,5})[$€£]?[ \u00a0]?\d")
# An abbreviation in brackets: after words in lower case that spell it out, "power purchase agreement
# (PPA)", a term, not a name; right after a name, "Global Energy Ventures (GEV)", that name's.
_BRACKETED_ABBREVIATION = re.compile(r" \(([A-Z][A-Za-z&]{1,7})\)")
_WORDS_BEFORE = re.compile(r"(?:[a-z][\w-]*,? ){1,7}\Z")


class Piece(NamedTuple):
    """A candidate name cut from a run of capitalized words."""

    start: int
    end: int
    text: str
    words: int  # capitalized words, connectors not counted
    initial: bool  # its first word opens a sentence
    person: bool = False  # it follows a job title, or was split off an organisation as a person
    affixed: bool = False  # written with "-based", "-led", … ("Orkney-based"): a name for sure
    place: bool = False  # written with "-based" or "-born": a place


@dataclass
class PhraseStats:
    """What the first pass learns about capitalized phrases across the corpus."""

    spellings: dict[str, Counter] = field(default_factory=dict)  # casefolded text -> spellings, first seen first
    mid_sentence: Counter = field(default_factory=Counter)  # casefolded text -> occurrences not opening a sentence
    single_articles: Counter = field(default_factory=Counter)  # single word -> articles it is capitalized in
    articles: Counter = field(default_factory=Counter)  # casefolded text -> articles it is a piece in
    lowercase_articles: Counter = field(default_factory=Counter)  # lower-case word -> articles it appears in
    known: dict[str, str] = field(default_factory=dict)  # casefolded name -> its label, once decided
    people: Counter = field(default_factory=Counter)  # casefolded text -> occurrences marked as a person
    places: Counter = field(default_factory=Counter)  # casefolded text -> occurrences written "…-based"
    beside_numbers: Counter = field(default_factory=Counter)  # token -> occurrences next to a number
    uses: Counter = field(default_factory=Counter)  # token next to a number somewhere -> all its occurrences
    terms: Counter = field(default_factory=Counter)  # abbreviation -> times spelled out in lower case before it

    def add(self, body: str, found: list[Piece] | None = None) -> list[Piece]:
        """Count one article's phrases, spellings and lower-case words; return its pieces
        (``found``, if they were cut already)."""
        singles, keys = set(), set()
        found = pieces(body) if found is None else found
        for piece in found:
            key = piece.text.casefold()
            keys.add(key)
            self.spellings.setdefault(key, Counter())[piece.text] += 1
            if not piece.initial:
                self.mid_sentence[key] += 1
            if piece.words == 1:
                singles.add(key)
            if piece.person:
                self.people[key] += 1
            if piece.place:
                self.places[key] += 1
        self.single_articles.update(singles)
        self.articles.update(keys)
        self.lowercase_articles.update(set(_LOWER_WORD.findall(body)))
        beside = Counter(_NUMBER_THEN_TOKEN.findall(body)) + Counter(_TOKEN_THEN_NUMBER.findall(body))
        for token, count in beside.items():
            self.beside_numbers[token] += count
            self.uses[token] += len(re.findall(rf"(?<![A-Za-z]){re.escape(token)}(?![A-Za-z])", body))
        for bracketed in _BRACKETED_ABBREVIATION.finditer(body):
            words = _WORDS_BEFORE.search(body, max(0, bracketed.start() - 120), bracketed.start() + 1)
            abbreviation = bracketed.group(1)
            if words and abbreviation[0].casefold() in {word[0] for word in words.group().split()}:
                self.terms[abbreviation] += 1
        return found

    def keep_label(self, label: str) -> None:
        """A name already in the library (a stored label, an entity): its casing is kept."""
        self.known.setdefault(label.casefold(), label)

    def label(self, text: str) -> str:
        """The library's spelling of ``text`` if it has one, else the corpus's most frequent
        spelling (ties: the first seen), so every casing of a name gets one label. Ask only once
        every article has been added: the answer is remembered."""
        key = text.casefold()
        if key not in self.known:
            counts = self.spellings.get(key)
            # Remembered: the second pass asks for the same names again and again.
            self.known[key] = counts.most_common(1)[0][0] if counts else text
        return self.known[key]

    def type_of(self, label: str) -> str:
        """The entity type the corpus suggests for a label: ORG, PERSON, PLACE or UNKNOWN."""
        # "Reserve Bank", and "Ministry of Defence", "Office for National Statistics", "Bank of England".
        head = re.split(r" (?:of|for) ", label, maxsplit=1)[0] if (" of " in label or " for " in label) else label
        if (label.rsplit(" ", 1)[-1] in ORG_WORDS or head.rsplit(" ", 1)[-1] in ORG_WORDS
                or (label.isupper() and label.isalnum() and len(label) <= 6)):
            return "ORG"
        if self.places.get(label.casefold()):
            return "PLACE"  # "Orkney-based"
        # "Vladimir Putin" is a person where the corpus has "President Putin".
        words = label.casefold().split()
        return "PERSON" if self.people.get(label.casefold()) or (
            len(words) > 1 and self.people.get(words[-1])) else "UNKNOWN"

    def is_unit(self, word: str) -> bool:
        """Whether ``word`` is mostly written next to a number ("GW", "MWh", "USD"): a unit or a currency."""
        beside = self.beside_numbers.get(word, 0)
        return beside >= 2 and beside * 2 >= self.uses.get(word, 0)

    def is_term(self, word: str) -> bool:
        """Whether ``word`` abbreviates lower-case words somewhere ("front-end engineering and design (FEED)")."""
        return word in self.terms

    def is_common_word(self, word: str) -> bool:
        """Whether ``word`` is often written in lower case too ("Nature", "Commission"): then not a name."""
        key = word.casefold()
        lowercase = self.lowercase_articles.get(key, 0)
        return lowercase > 0 and lowercase >= LOWERCASE_SHARE * max(1, self.single_articles.get(key, 0))


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    # On first use, not at import: every command imports this module, few cut names.
    return frozenset(surface for surface, _ in place_names())


_FOLDED_COUNTRIES = frozenset(country.casefold() for country in LEADING_COUNTRIES)


# Job titles abbreviated with a full stop, as wire copy writes them before a person's name.
_ABBREVIATED_TITLES = re.compile(r"(?<![\w.])(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Adm|Maj|Prof|Rev|Pres|"
                                 r"Supt|Insp|Det|Cmdr|Atty|Lt\. Gov|Lt\. Col)\. \Z")


def _after_title(body: str, start: int) -> bool:
    """Whether a job title comes right before ``start``: in lower case ("leader Kim Jong-Un") or
    abbreviated ("Gov. Gavin Newsom", "Dr. Anthony Fauci"), which the run itself never holds (its
    full stop ends the run)."""
    return _after_lowercase_title(body, start) or _ABBREVIATED_TITLES.search(body, max(0, start - 12), start) is not None


def _after_lowercase_title(body: str, start: int) -> bool:
    """Whether a job title in lower case comes right before ``start`` ("leader Kim Jong-Un")."""
    if start < 2 or body[start - 1] not in " \u00a0":
        return False
    word = _TRAILING_WORD.search(body, max(0, start - _LONGEST_TITLE - 1), start - 1)
    return word is not None and word.group() in _LOWERCASE_TITLES


def pieces(body: str, roles: bool = True) -> list[Piece]:
    """Every candidate name in ``body``, in order. Without ``roles``, the looks around each run that
    tell a name's role are skipped (a title in lower case before it, "-based" after it), and so
    ``person`` says only whether a title inside the run came first, ``affixed`` and ``place`` stay
    False: the story score reads only a name's text, its words and whether it opens a sentence,
    and those looks cost a good share of the reading."""
    found: list[Piece] = []
    joined_until = 0
    for run in (_run() if _PREFIXED.search(body) else _capitalised_run()).finditer(body):
        offset = run.start()
        if offset < joined_until:
            continue  # already part of the name before it
        text, end = run.group(), run.end()
        titled = roles and _after_title(body, offset)
        if body.startswith((" & ", " and "), end):
            joined_end = _end_over_and(body, text, end)
            if joined_end != end:
                text, end = body[offset:joined_end], joined_end
                joined_until = joined_end
        before = len(found)
        opens_sentence = sentence_initial(body, offset)
        if " " not in text and "\u00a0" not in text:
            # Most runs are one word: the same rules as below, without the token lists.
            if not ((text in OPENERS and (opens_sentence or text in OPENERS_ANYWHERE)) or text in TITLE_HEADS
                    or text in TIME_WORDS or text in LEADING_COUNTRIES):
                found.append(Piece(offset, end, text, 1, opens_sentence, titled))
        else:
            found.extend([Piece(offset + start, offset + stop, name, words, initial, person)
                          for start, stop, name, words, initial, person in _run_names(text, opens_sentence, titled)])
        if roles and len(found) > before and found[-1].end == end:
            affix = _AFFIX_AFTER.match(body, end)
            if affix:
                # "Orkney-based", "Kremlin-backed": a name for sure; "-based" says it is a place.
                found[-1] = found[-1]._replace(affixed=True, place=affix.group(1) in PLACE_AFFIXES)
    return found


def _end_over_and(body: str, text: str, end: int) -> int:
    """Where a name continues over "and" or "&": "Organisation for Economic Co-operation and
    Development", "House Ways and Means Committee", "England and Wales Cricket Board", "Procter
    & Gamble"; else ``end``."""
    if body.startswith(" & ", end):
        following = _run().match(body, end + 3)
        return following.end() if following and following.group()[0].isupper() else end
    if not body.startswith(" and ", end):
        return end
    following = _run().match(body, end + 5)
    if not following or not following.group()[0].isupper():
        return end
    words, next_words = text.split(), following.group().split()
    if (" of " in text or " for " in text) and len(next_words) == 1:
        return following.end()
    named_words = len([word for word in words if word not in _CONNECTOR_WORDS])
    # A lone word joins only as a place ("England and Wales …"): "Trump and Republican Party" is two names.
    if (next_words[-1] in _ENDS_AFTER_AND and words[-1] not in ORG_WORDS and len(next_words) <= 4
            and (1 < named_words <= 4 or text in _places()) and next_words[0] not in OPENERS):
        return following.end()
    return end


def is_single_name_word(word: str) -> bool:
    if len(word) < 2 or word in _NOT_SINGLE_NAMES or word in _demonyms() or not word[0].isalpha():
        return False
    if word[1] == "-" and word[2:3].islower():
        return False  # "U-turn", "X-ray", "T-shirt"
    return not (word.isupper() and len(word) > 6)  # a shouted word, not an acronym


def _evident_name(piece: Piece) -> bool:
    """A word that is a name on its face, even once: an abbreviation mid-sentence ("NATO", "BYD",
    "A24"; in news copy nearly always an organisation) or a word in camel case ("WestJet", "McCarthy")."""
    text = piece.text
    if text.isupper():
        return not piece.initial and text.isalnum() and len(text) <= 6
    return any(a.islower() and b.isupper() for a, b in zip(text, text[1:]))


def _letters(*blocks: tuple[int, int]) -> frozenset[str]:
    return frozenset(c for start, end in blocks for c in map(chr, range(start, end)) if c.isalpha())


# The alphabets with capitals whose words a frequency list is asked about, and the language asked:
# Latin (Basic Latin to Latin Extended-B, and Latin Extended Additional), Cyrillic and Greek.
_ALPHABETS = (("en", _letters((0, 0x250), (0x1E00, 0x1F00))), ("ru", _letters((0x400, 0x530))),
              ("el", _letters((0x370, 0x400), (0x1F00, 0x2000))))


def _rare_word(word: str, initial: bool) -> bool:
    """A capitalised word English seldom uses in any case ("Enermech", "Peterhead", "Jefferies"):
    a name, even once. wordfreq folds case, so a name in everyday use ("Apple") is no rare word.
    Opening a sentence, any word is capitalised: there only a rarer one counts ("Negotiators" does not).
    A word in Cyrillic or Greek letters is asked of Russian's or Greek's frequencies ("Инфляция" is common
    there); English says nothing of it."""
    if len(word) < 3 or not word.isalpha() or word.isupper():
        return False
    language = next((language for language, letters in _ALPHABETS if all(map(letters.__contains__, word))), None)
    if language is None:
        return False
    from wordfreq import zipf_frequency  # loaded on first use: it takes a while

    return zipf_frequency(word.casefold(), language) < (RARE_OPENING_WORD_ZIPF if initial else RARE_WORD_ZIPF)


def pack(found: list[Piece]) -> array:
    """Pieces in 16 bytes each, so the first pass can keep every article's for the second."""
    return array("i", [value for piece in found
                       for value in (piece.start, piece.end, piece.words,
                                     piece.initial | piece.person << 1 | piece.affixed << 2 | piece.place << 3)])


def unpack(body: str, packed: array) -> list[Piece]:
    return [Piece(packed[i], packed[i + 1], body[packed[i]:packed[i + 1]], packed[i + 2], bool(packed[i + 3] & 1),
                  bool(packed[i + 3] & 2), bool(packed[i + 3] & 4), bool(packed[i + 3] & 8))
            for i in range(0, len(packed), 4)]


def phrase_candidates(body: str, stats: PhraseStats, found: list[Piece] | None = None) -> list[tuple[int, int, str]]:
    """(start, end, label) of the names proposed in ``body``, given the corpus's statistics
    (and its ``pieces``, if already cut)."""
    found = [_without_unknown_opener(piece, stats) for piece in (pieces(body) if found is None else found)]
    found = _names_in_headlines(body, found, stats)
    longer = _LongerNames([(piece.text.casefold().split(), stats.label(piece.text))
                           for piece in found if piece.words >= 2])
    defined = _defined_abbreviations(body, found, stats)
    candidates = []
    for piece in found:
        words = piece.text.casefold().split()
        containing = longer.shortened_by(piece.text, words, piece.initial)
        if piece.words >= 2:
            label = containing.pop() if len(containing) == 1 else stats.label(piece.text)
        elif piece.text in defined:
            label = defined[piece.text]  # "GEV" after "Global Energy Ventures (GEV)"
        elif not is_single_name_word(piece.text) or stats.is_unit(piece.text) or stats.is_term(piece.text):
            continue
        elif len(containing) == 1:
            label = containing.pop()
        elif ((stats.mid_sentence.get(words[0], 0) >= MIN_SINGLE_OCCURRENCES or _evident_name(piece)
               or piece.affixed or _rare_word(piece.text, piece.initial)) and not stats.is_common_word(piece.text)):
            label = stats.label(piece.text)
        else:
            continue
        candidates.append((piece.start, piece.end, label))
    return candidates


def _names_in_headlines(body: str, found: list[Piece], stats: PhraseStats) -> list[Piece]:
    """The pieces with those inside a title-case headline cut down to the words the article writes
    capitalised in its running text, or the corpus as a name ("Klobuchar Jabs Trump" -> "Klobuchar",
    "Trump"; "Suggests Someone Must" -> nothing): a headline capitalises every word, names or not."""
    written: list[frozenset[str]] = []  # the body's words in lower case, read if a stretch asks

    def lowercase(word: str) -> bool:
        if not written:
            written.append(lowercase_words(body))
        return word in written[0] or stats.is_common_word(word)

    spans = title_case_spans(body, lowercase)
    if not spans:
        return found
    # Words of names outside the headlines; a sentence's first word is capitalised whatever it is.
    running = {word for piece in found if not overlapping(spans, piece.start, piece.end)
               for word in (piece.text.split()[piece.initial:] if piece.words == 1 else piece.text.split())}
    known = _known_names()

    def confirmed(word: str) -> bool:
        return word in running or word.casefold() in known or (
            stats.mid_sentence.get(word.casefold(), 0) >= MIN_SINGLE_OCCURRENCES and not stats.is_common_word(word))

    kept: list[Piece] = []
    for piece in found:
        if not overlapping(spans, piece.start, piece.end) or piece.text.casefold() in known:
            kept.append(piece)
            continue
        for start, end, text, words in confirmed_names(piece.start, piece.text, spans, confirmed):
            first = start == piece.start
            kept.append(Piece(start, end, text, words, piece.initial and first, piece.person and first,
                              piece.affixed and end == piece.end, piece.place and end == piece.end))
    return kept


@lru_cache(maxsize=1)
def _known_names() -> frozenset[str]:
    """The offline lists' places and organisations, casefolded: names wherever they are written."""
    from curator.core.entities.organisations import organisation_names

    return frozenset(surface.casefold() for surface, _ in (*place_names(), *organisation_names()))


def _defined_abbreviations(body: str, found: list[Piece], stats: PhraseStats) -> dict[str, str]:
    """Abbreviation -> label of the name it follows in brackets: "Global Energy Ventures (GEV)",
    "Australian Securities Exchange (ASX)" (the first letters agree)."""
    defined: dict[str, str] = {}
    for piece in found:
        after = _BRACKETED_ABBREVIATION.match(body, piece.end) if piece.words >= 2 else None
        if after and after.group(1)[0] == piece.text[0] and after.group(1) != piece.text:
            defined.setdefault(after.group(1), stats.label(piece.text))
    return defined


def _without_unknown_opener(piece: Piece, stats: PhraseStats) -> Piece:
    """ "Leftist Luiz Inacio Lula da Silva", "Former Alameda" opening a sentence -> the name the corpus
    knows mid-sentence; a place's first word stays ("New South Wales", "North Korea")."""
    if piece.words < 2 or not piece.initial or stats.mid_sentence.get(piece.text.casefold()):
        return piece  # "Mohamed Salah" opening a sentence stays whole though "Salah" is known
    # Its words may be parted by a no-break space ("Mr.\u00a0Smith"), as pieces reads them.
    first = piece.text.replace("\u00a0", " ").partition(" ")[0]
    rest = piece.text[len(first) + 1:]
    if (first in PLACE_PREFIXES or rest.replace("\u00a0", " ").partition(" ")[0] in _CONNECTOR_WORDS
            or not stats.mid_sentence.get(rest.casefold())):
        return piece
    if piece.words == 2 and not stats.is_common_word(first):
        return piece  # two words: only a common word is dropped ("Former Alameda", not "Mohamed Salah")
    return Piece(piece.end - len(rest), piece.end, rest, piece.words - 1, False, piece.person, piece.affixed,
                 piece.place)


# Last words of names that take their first word from another name: "Victoria Police", "Capitol Police",
# "Kansas City", "Orange County" are not what "Victoria", "Capitol", "Kansas" or "Orange" alone name.
_NAMED_AFTER_THEIR_FIRST_WORD = frozenset(word.casefold() for word in ORG_WORDS) | frozenset(
    "county city airport province district region island islands river valley bay street square park station "
    "bridge state".split())


class _LongerNames:
    """An article's multi-word names, indexed by the short forms that stand for them: their last
    words ("Lavrov" of "Sergei Lavrov", "Von der Leyen"), mid-sentence their first word ("Kim" of
    "Kim Jong-Un", "Tedros" of "Tedros Adhanom Ghebreyesus"), and their initials ("WHO")."""

    def __init__(self, names: list[tuple[list[str], str]]):
        self.by_ending: dict[tuple[str, ...], set[str]] = {}
        self.by_first: dict[str, set[str]] = {}
        self.by_initials: dict[str, set[str]] = {}
        for words, label in names:
            for length in range(1, len(words)):
                # Not "England" of "Bank of England": what follows "of" is another name.
                if words[-length - 1] not in _CONNECTOR_WORDS:
                    self.by_ending.setdefault(tuple(words[-length:]), set()).add(label)
            if words[-1] not in _NAMED_AFTER_THEIR_FIRST_WORD:
                self.by_first.setdefault(words[0], set()).add(label)
            initials = "".join(word[0] for word in words if word not in _CONNECTOR_WORDS)
            self.by_initials.setdefault(initials, set()).add(label)
            if words[0] in _FOLDED_COUNTRIES and len(words) > 2:
                # "CBP" of "U.S. Customs and Border Protection"
                self.by_initials.setdefault(initials[1:], set()).add(label)

    def shortened_by(self, text: str, words: list[str], initial: bool) -> set[str]:
        """Labels of the names ``text`` (casefolded into ``words``) may be a short form of."""
        found = set(self.by_ending.get(tuple(words), ()))
        if len(words) == 1:
            if not initial:
                found |= self.by_first.get(words[0], set())
            if text.isupper() and text.isalpha():
                found |= self.by_initials.get(words[0], set())
        return found


def surname_of(name: str) -> str | None:
    """The surname of a person's full name: the last word, from its particles on ("von der Leyen",
    "da Silva"), or the first word when the last is a hyphenated given name ("Kim" of "Kim
    Jong-un"); None for a one-word name."""
    words = name.split()
    if len(words) < 2:
        return None
    particle = next((i for i in range(1, len(words) - 1) if words[i][0].islower()), None)
    if particle is not None:
        return " ".join(words[particle:])
    surname = words[0] if "-" in words[-1] and words[-1][0].isupper() else words[-1]
    return surname if len(surname) > 1 else None
