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
from functools import lru_cache
from typing import NamedTuple

from curator.core.entities.gazetteer import demonym_words, place_names
from curator.core.text import COMMON_ACRONYMS

MIN_SINGLE_OCCURRENCES = 2
MAX_PHRASE_WORDS = 5
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
_CONNECTORS = ("of the", "of", "for", "de la", "de los", "de", "da", "das", "do", "dos", "del", "della", "di", "du",
               "van der", "van den", "van de", "van", "von der", "von", "der", "den", "ten", "ter", "bin", "ibn",
               "la", "le", "y", "al", "el")
_SPACE = "[ \u00a0]"


def _run_of_names(first: str) -> re.Pattern[str]:
    """A run of name words whose words start with a character of ``first`` (a class); the first word
    not right after a word character or a full stop."""
    return re.compile(rf"{first}(?<![\w.].){_AFTER_FIRST}"
                      rf"(?:{_SPACE}(?:(?:{'|'.join(_CONNECTORS)}){_SPACE})*{first}{_AFTER_FIRST})*")


_RUN = _run_of_names(rf"[{_UPPER}{_PREFIX_FIRSTS}]")
# The same runs in a text with no prefix before a capital (no "al-", "bin-", "d'"), where a name's words
# all start with a capital: the search then skips the lower-case letters prefixes start with, which
# are common letters ("a", "e", "i"): half the search's time in most texts.
_CAPITALISED_RUN = _run_of_names(rf"[{_UPPER}]")
# A prefix's mark before a capital, found by the marks, which are rare: whether a text needs :data:`_RUN`.
_PREFIXED = re.compile(rf"[-'’](?:{'|'.join(rf'(?<={prefix}.)' for prefix in _NAME_PREFIXES)})[{_UPPER}]")
_TOKEN = re.compile(r"[^ \u00a0]+")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")
_CONNECTOR_WORDS = frozenset({"and", *(word for connector in _CONNECTORS for word in connector.split())})

# Words that open sentences; dropped from the start of a phrase that opens one ("In Moscow").
OPENERS = frozenset("""
The A An In On At By For From To With Without Within But And Or Nor So Yet If When While Whilst After Before As
Since Until Although Though Because Despite During Under Over Of Into Through Across Against Among Between Beyond
About Above Below Around Along Amid Near Outside Inside It Its He She They We I You His Her Their Our My Your This
That These Those There Here Then Now Today Yesterday Tomorrow Tonight Meanwhile However Also Still Even Only Just
Some Many Most More Much Few All Any Each Every Both Several Other Others Another Such No Not Never What Which Who
Whom Whose Why How Where Whether According Last Next First Once Later Earlier Already Instead Indeed Overall
Nevertheless Thus Hence Is Are Was Were Be Been Has Have Had Do Does Did Will Would Can Could Should May Might Must
Shall Let Please Yes Oh Well Like Unlike Following Including Asked Speaking Writing Dear
Thousands Hundreds Millions Dozens Scores Residents Members Supporters Citizens Officials Leaders People Families
Read Click Follow Subscribe Share Related Advertisement Copyright Photo Former Shares Stocks Prices Sales Analysts
Investors Lawmakers Prosecutors Researchers Scientists Experts Doctors Workers Voters Fans Critics Sources
""".split())
# Openers dropped from the start of a phrase anywhere: the words no name is on its own, articles,
# pronouns, prepositions, conjunctions. Inside a sentence they are "The" of "at The Hague", the pronoun
# "I", which quotes put in most news articles ("As I said"; "Elizabeth I" keeps it, at the end), and
# the first word of a sentence whose full stop a page lost between a heading or a caption and the text
# ("gunman made her nervous A woman who sat near him"). Not the openers that are names too ("May",
# "Will", "Today").
OPENERS_ANYWHERE = frozenset("""
The A An In On At By For From To With Without Within But And Or Nor So Yet If When While Whilst After Before As
Since Until Although Though Because Despite During Under Over Of Into Through Across Against Among Between Beyond
About Above Below Around Along Amid It Its He She They We I You His Her Their Our My Your This That These Those
There Here Then Meanwhile However Also Some Many Most Few All Any Each Every Both Several Another Such No Not What
Which Who Whom Whose Why How Where Whether Is Are Was Were
""".split())
TIME_WORDS = frozenset("""
Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun January
February March April May June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep
Sept Oct Nov Dec Christmas Easter Year Day Eve Ramadan Eid Halloween Thanksgiving Week Weekend
""".split())
# Words that name a holiday, or wish one, with the time word after them ("Happy New Year", "Lunar New
# Year", "Merry Christmas", "Black Friday", "Memorial Day"): the phrase is a date, not a name, and left
# behind once its time word is cut they made names ("Happy New") that every article of the season shared.
HOLIDAY_WORDS = frozenset("""
New Lunar Happy Merry Good Black Cyber Boxing Memorial Labor Labour Independence Valentine's Valentine’s
Mother's Mother’s Father's Father’s Veterans Presidents Election Inauguration
""".split())
# Pronouns and verbs: a capitalized run holding one after its first word is a headline.
HEADLINE_WORDS = frozenset("""
He She It They We You Is Are Was Were Be Been Has Have Had Does Did Will Would Can Could Should Says Said Say
""".split())
# The words of a web page's buttons and links: a run holding two of them ("Share Email Print", "Report
# Subscribe Thank") is what a saved page kept of its furniture, not a name.
PAGE_FURNITURE = frozenset("""
Subscribe Unsubscribe Share Shares Email Print Comment Comments Reply Login Logout Log Sign Register Click Read More
Tweet Retweet Like Follow Newsletter Advertisement Sponsored Thank Thanks Download Menu Skip Continue Reading
""".split())
# Job titles: cut out of a run ("Foreign Minister Sergei Lavrov"). A head title may
# follow modifiers ("Deputy Prime Minister"); "General" only completes one ("Attorney General").
TITLE_HEADS = frozenset("""
President Presidents President-elect Vice-President Minister Ministers Ambassador Secretary Secretary-General
Chancellor Senator Sen Governor Gov Mayor King Queen Prince Princess Pope Emperor Sheikh Emir Sultan Judge Justice
Justices Magistrate Prosecutor Attorney Commissioner Envoy Spokesman Spokeswoman Spokesperson Chairman Chairwoman
Chair Director Director-General Administrator Manager Coach Captain Capt Commander Colonel Col Lieutenant Lt
Sergeant Sgt Admiral Adm Marshal Brigadier Officer Detective Inspector Constable Superintendent Sheriff
Representative Rep Congressman Congresswoman Lawmaker Speaker Premier Leader Mr Mrs Ms Miss Mx Dr Prof Professor
Sir Dame Lord Lady Rev Reverend Father Bishop Archbishop Cardinal Rabbi Imam Ayatollah CEO CFO COO Founder
Co-founder Executive Striker Midfielder Defender Goalkeeper Boss Candidate Nominee Economist Analyst Banker
Businessman Businesswoman Tycoon Billionaire Entrepreneur Investor Lawyer Activist Journalist Author Actor Actress
Singer Rapper Chef Artist Scientist Researcher Teacher Veteran
""".split())
TITLE_MODIFIERS = frozenset("""
Foreign Prime Deputy Vice Acting Former Senior Junior Assistant Associate Chief Executive Finance Defence Defense
Interior Home Health Trade Economy Economic Energy Environment Education Transport Labour Labor State Federal Grand
Crown Head Special First Lead Managing Permanent High Opposition Police Army Military Majority Minority District
Supreme Team Club Party Union Presidential Democratic Republican Conservative Agriculture Treasury Budget
Employment Culture Tourism Industry Fisheries Immigration Housing Digital Science Technology Communications
Infrastructure Development Planning Social Welfare Sports Youth Family Water Mining Petroleum Oil Food Climate
Cabinet Local Public Works Veterans Commerce Business Enterprise Competition Security Homeland Intelligence
Information Media Heritage Forestry Europe Brexit Regional Women
""".split())
TITLE_ENDINGS = frozenset({"General", "Elect", "Designate"})
# Country abbreviations that open a name without being part of it ("US Supreme Court").
LEADING_COUNTRIES = frozenset({"US", "U.S", "U.S.", "UK", "U.K.", "USA", "UAE"})
# First words of place names that read like common words: never dropped as a sentence's opener
# ("New South Wales", "North Korea" opening a sentence).
PLACE_PREFIXES = frozenset({
    "New", "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Upper", "Lower",
    "Greater", "Great", "Little", "Old", "Saint", "St", "San", "Santa", "Los", "Las", "Port", "Fort", "Mount",
    "Lake", "Cape", "Red", "Black", "White", "Royal", "National", "Federal", "Central", "United", "General",
    "Grand", "Golden", "Silver", "Middle", "Far", "Near"
})
# A party's member after a place: "a Missouri Republican" names Missouri and the party, not one thing.
PARTY_MEMBERS = frozenset({"Republican", "Republicans", "Democrat", "Democrats", "Tory", "Tories"})
# Words that end organisation names: a title before one is part of the name ("Justice
# Department"), and a person after one is split off ("United Nations Nikki Haley").
ORG_WORDS = frozenset("""
Department Ministry Office Agency Commission Committee Council Court Bank Fund Party Union Nations Organization
Organisation Association Federation Foundation Institute University College School Academy Authority Board Bureau
Service Services Corporation Corp Company Co Inc Ltd Group Holdings Airlines Airways Motors League Club Church Army
Navy Force Forces Guard Police Parliament Assembly Senate Congress House Cabinet Government Administration Times
Post Journal News Press Network Society Centre Center Alliance Coalition Movement Front Brigade Brigades Watch
International Partners Capital Securities Exchange Reserve Treasury Survey Collaboration Cup Championship Games
Olympics Unit Team Project Programme Program Mission Tribunal Parliamentary Centers Centres Laboratory
Laboratories Museum Ventures Energy Renewables Industries Bancorp Fed
""".split())
# Last words after which "and" stays inside a name ("House Ways and Means Committee", "U.S. Customs
# and Border Protection", "Utah Test and Training Range").
_ENDS_AFTER_AND = ORG_WORDS | frozenset({
    "Protection", "Range", "Development", "Affairs", "Security", "Research", "Technology", "Industry", "Trade",
    "Welfare", "Enforcement", "Prevention", "Control", "Standards", "Resources", "Services", "Markets", "Relations",
    "Means"
})
# Adjectives of regions, faiths and languages: capitalized, but no entity's name on their own.
NOT_NAMES_ALONE = frozenset("""
European African Asian Arab Arabic Latin Western Eastern Northern Southern Central Middle Pacific Atlantic Nordic
Baltic Balkan Caribbean Scandinavian Gulf Islamic Muslim Christian Jewish Catholic Protestant Orthodox Hindu
Buddhist Sunni Shia Shiite Kurdish English Celtic Anglo Hispanic Olympic Internet God Celsius Fahrenheit New
""".split())
_ABBREVIATIONS = frozenset("Mr Mrs Ms Dr St Gen Sen Rep Gov Lt Col Capt Sgt Prof Rev Jr Sr No vs Co Inc Ltd Corp"
                           .split())
_NOT_SINGLE_NAMES = (OPENERS | TIME_WORDS | TITLE_HEADS | TITLE_MODIFIERS | TITLE_ENDINGS | COMMON_ACRONYMS
                     | NOT_NAMES_ALONE)
# Job titles written in lower case before a name ("leader Kim Jong-Un", "spokesman Dmitry Peskov").
_LOWERCASE_TITLES = frozenset(title.lower() for title in TITLE_HEADS if title.isalpha() and len(title) > 3)
_LONGEST_TITLE = max(map(len, _LOWERCASE_TITLES))
_TRAILING_WORD = re.compile(r"[a-z]+\Z")
# A capitalised token after a number ("20 GW", "1.4GWh") or, in capitals, before one ("USD 5m"):
# where that is most of its uses, a unit or a currency, not a name.
_NUMBER_THEN_TOKEN = re.compile(rf"\d[ \u00a0]?([{_UPPER}][A-Za-z]{{0,5}})(?![\w'’-])")
_TOKEN_THEN_NUMBER = re.compile(r"(?<![\w.$-])([A-Z]{2,5})[$€£]?[ \u00a0]?\d")
# An abbreviation spelled out in lower case before it, "power purchase agreement (PPA)": a term, not a name.
_BRACKETED_ABBREVIATION = re.compile(r" \(([A-Z][A-Za-z&]{1,7})\)")
_WORDS_BEFORE = re.compile(r"(?:[a-z][\w-]*,? ){1,7}\Z")
# An abbreviation right after a name: "Global Energy Ventures (GEV)".
_ABBREVIATION_AFTER = re.compile(r" \(([A-Z][A-Za-z&]{1,7})\)")
_QUOTES_AND_SPACE = " \t\r\n\u00a0\"'“”‘’«»([{*-–—•"
# What may stand before the space in front of a sentence's first word: quotes and spaces, or its end.
_MAY_END_SENTENCE = frozenset(_QUOTES_AND_SPACE + "!?:;….")
# Marks that open a quotation when they follow a space or a bracket (a straight one closes it after a word).
_OPENING_QUOTES = frozenset("\"'“‘«")
_BEFORE_QUOTATION = frozenset(" \t\r\n\u00a0([{")


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


# A name cut from a run: start and end in the run, its text, words, whether it opens a sentence, is a person.
_RunName = tuple[int, int, str, int, bool, bool]


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
        if label.rsplit(" ", 1)[-1] in ORG_WORDS or (label.isupper() and label.isalnum() and len(label) <= 6):
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


@lru_cache(maxsize=1)
def _demonyms() -> frozenset[str]:
    return demonym_words()


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    # On first use, not at import: every command imports this module, few cut names.
    return frozenset(surface for surface, _ in place_names())


_FOLDED_COUNTRIES = frozenset(country.casefold() for country in LEADING_COUNTRIES)


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
            if (2 <= len(before) <= 3 and not any(t[2] in ORG_WORDS for t in before)
                    and any(t[2] in ORG_WORDS for t in after)):
                return [(before, True), (after, False)]
            break
    return [(part, False)]


def _trim(part: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Drop connectors and dates from the ends ("of", "Monday"), and a possessive apostrophe
    left by a cut title ("Paris'" of "Paris' Mayor")."""
    # A country's abbreviation opens a name without being part of it ("US Supreme Court"), unless
    # the name runs over a connector ("U.S. Chamber of Commerce", "U.S. Customs and Border Protection").
    keeps_country = any(t[2] in _CONNECTOR_WORDS for t in part[1:-1])
    while part and (part[0][2] in _CONNECTOR_WORDS or part[0][2] in TIME_WORDS
                    or (part[0][2] in LEADING_COUNTRIES and not keeps_country)
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
    for run in (_RUN if _PREFIXED.search(body) else _CAPITALISED_RUN).finditer(body):
        offset = run.start()
        if offset < joined_until:
            continue  # already part of the name before it
        text, end = run.group(), run.end()
        titled = roles and _after_lowercase_title(body, offset)
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
        following = _RUN.match(body, end + 3)
        return following.end() if following and following.group()[0].isupper() else end
    if not body.startswith(" and ", end):
        return end
    following = _RUN.match(body, end + 5)
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


def _rare_word(word: str, initial: bool) -> bool:
    """A capitalised word English seldom uses in any case ("Enermech", "Peterhead", "Jefferies"):
    a name, even once. wordfreq folds case, so a name in everyday use ("Apple") is no rare word.
    Opening a sentence, any word is capitalised: there only a rarer one counts ("Negotiators" does not)."""
    if len(word) < 3 or not word.isalpha() or word.isupper():
        return False
    from wordfreq import zipf_frequency  # loaded on first use: it takes a while

    return zipf_frequency(word.casefold(), "en") < (RARE_OPENING_WORD_ZIPF if initial else RARE_WORD_ZIPF)


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


def _defined_abbreviations(body: str, found: list[Piece], stats: PhraseStats) -> dict[str, str]:
    """Abbreviation -> label of the name it follows in brackets: "Global Energy Ventures (GEV)",
    "Australian Securities Exchange (ASX)" (the first letters agree)."""
    defined: dict[str, str] = {}
    for piece in found:
        after = _ABBREVIATION_AFTER.match(body, piece.end) if piece.words >= 2 else None
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
