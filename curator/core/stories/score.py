"""The story score: how likely two articles tell the same story, 0..1, whatever their wording.

Copies share text; rewrites share what survives rewriting: the story's terms (TF-IDF cosine
of the whole texts), the headline's terms, the names of its people, organisations and places,
and its time (a story lives for days, not years). The score is a logistic model of those
signs, calibrated so that 0.5 means "more likely the same story than not" (fitted by
``bench/story_quality.py`` on graded human judgements of English news pairs). Odd input is
scored from what it has, and the evidence says what was missing.

>>> a = story_text("Equinor starts Hywind Tampen", "Equinor has started Hywind Tampen, the floating "
...                "wind farm off Norway that powers oil platforms in the North Sea.", "2022-11-14")
>>> b = story_text("Hywind Tampen floating wind farm opens", "The Hywind Tampen floating wind farm built by "
...                "Equinor began supplying power to North Sea oil platforms off Norway.", "2022-11-15")
>>> evidence = compare_stories(a, b, Weights.background())
>>> evidence.shared_names
('Hywind Tampen', 'North Sea', 'Equinor', 'Norway')
>>> evidence.score > 0.5, evidence.days_apart
(True, 1)
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from curator.core.entities.gazetteer import demonym_words
from curator.core.entities.names import pieces
from curator.core.stories.terms import (
    Weights,
    cosine,
    read_terms,
    term_counts,
    word_count,
)
from curator.core.text import COMMON_ACRONYMS

# A sign of one pair, or of many pairs as an array.
Signs = float | np.ndarray


@dataclass(frozen=True)
class StoryModel:
    """A logistic model of the signs: log-odds = intercept + weights · (√text cosine, √title cosine,
    share of names in common) - the date penalty. The square roots spread the low range where
    rewrites and unrelated articles part."""

    intercept: float
    text: float
    title: float
    names: float

    def logit(self, text: Signs, title: Signs, overlap: Signs, days: Signs | None) -> Any:
        """The log-odds of one pair, or of many at once from arrays (``days`` NaN where a date is
        unknown): the same arithmetic in the same order, so a pair gets the same figure either way."""
        return (self.intercept + self.text * np.sqrt(np.maximum(text, 0.0))
                + self.title * np.sqrt(np.maximum(title, 0.0)) + self.names * overlap - _date_penalty(days))


# How alike two articles' stories are, judged as a pair: fitted on graded human judgements of
# English news pairs (bench/story_quality.py --fit), each grade from 1 (same story) to 4 (unrelated)
# taken as the share of "same story" it stands for, so the score follows the grade rather than
# only its side of a cut. Shared names add a fixed half: past the texts' cosine the graded pairs
# give them nothing to fit, yet a name in common is a reason a person reads.
PAIR_MODEL = StoryModel(intercept=-3.07, text=5.16, title=1.80, names=0.5)
# Whether a candidate found in a library is a version of the story: the more confident of two
# models, each fitted for what the other misses (bench/story_quality.py --fit).
# By names: on the graded pairs together with the candidates of a generated library with known
# stories, where most candidates share only a topic; names in common count for much more there,
# since a topic shares words and a story its names. It holds up as unrelated articles arrive. These
# are the weights as first fitted; the generated library has changed since, and a refit on today's
# (printed by --fit beside them) gives other weights that have not yet been judged on the dev library.
LIBRARY_NAMES_MODEL = StoryModel(intercept=-6.41, text=5.60, title=2.27, names=7.42)
# By text: on every pair of the graded articles put in one library, the pairs judged the same story
# (grade <= 2) against all the others, judged or not. There the texts' cosine alone ranks best
# (titles and names, added, lowered the cross-validated F1); 0.5 falls at a cosine of 0.32. It finds
# the rewrites that name few people, which the model by names misses.
LIBRARY_TEXT_MODEL = StoryModel(intercept=-10.00, text=17.68, title=0.0, names=0.0)
# What being each other's closest article adds to the model by text, in log-odds: two articles that
# are each the other's nearest in the library (by a margin, ``stories.closest``) and share a fifth of
# their weighted terms are more likely versions than not, where two articles that merely share as much
# are usually on one topic. Set so that the text model puts such a pair at 0.5 from a cosine of 0.12
# (where it puts others at 0.32): on the graded pairs' texts that tell a story, each among the
# others, that cut keeps every pair it finds right (bench/story_library.py --stories-only).
CLOSEST_FROM_COSINE = 0.12
CLOSEST_BONUS = -(LIBRARY_TEXT_MODEL.intercept + LIBRARY_TEXT_MODEL.text * math.sqrt(CLOSEST_FROM_COSINE))
# Being each other's closest tells a story of two texts that share no name only if they are long enough
# to be placed among their neighbours: two one-line items ("Rain expected across the region today.",
# "Heavy traffic expected across the region today.") were each other's closest in a small library for
# their common words alone, and suggested at 0.9995, where a one-line brief of a story names what it
# tells ("Copper prices on the London Metal Exchange slid…"). The graded pairs found as each other's
# closest without a name in common have 26 words and more.
CLOSEST_LEAST_WORDS = 20
# Days apart that cost nothing; each further week lowers the odds, up to a floor. A story's versions
# come out within days; articles on one topic weeks apart are most often its next event (another strike,
# another quarter's figures), so two weeks apart cost as much as a title in common says for one story.
# The floor outweighs the most any two texts can say for one story (identical texts, each the other's
# closest: 11.6), so from 59 days apart nothing is suggested as a version: a story lives for days, not
# years, and the same text printed again so late is a copy, which the copy scan finds.
DAYS_FREE = 3
PENALTY_PER_WEEK = 1.5
MAX_DATE_PENALTY = 12.0
# Suggested from this score: more likely the same story than not...
RELATED_THRESHOLD = 0.5
# ...when the two share at least this many names: articles on one topic share a country or two,
# while versions of one story share its people, organisations and places.
MIN_SHARED_NAMES = 2
# A text with fewer words than this is a brief: scored, and the evidence says so.
BRIEF_WORDS = 60
STRONGEST_TERMS = 6
_WORDS = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class StoryText:
    """What the story score reads of one article."""

    terms: Counter[str]
    title_terms: Counter[str]
    names: dict[str, str]  # folded name -> the name as written
    openers: dict[str, str]  # capitalised single words opening a sentence: names only if the other side agrees
    words: int
    published: date | None

    @classmethod
    def stored(cls, terms: dict[str, int], title_terms: dict[str, int], names: dict[str, str],
               openers: dict[str, str], words: int, published: str | None) -> StoryText:
        """A text as the story index stores it."""
        return cls(Counter(terms), Counter(title_terms), names, openers, words, parse_day(published))

    @property
    def facts(self) -> StoryFacts:
        return StoryFacts(self.names, self.openers, self.words, self.published, bool(self.terms),
                          bool(self.title_terms))


@dataclass(frozen=True)
class StoryFacts:
    """What the evidence reads of a text beside the cosines worked out for it: the scan reads these
    from its index without the texts' terms."""

    names: dict[str, str]
    openers: dict[str, str]
    words: int
    published: date | None
    has_terms: bool
    has_title: bool


def story_text(title: str | None, body: str, published: str | None) -> StoryText:
    """Read an article for the story score."""
    title = title or ""
    text = f"{title}\n\n{body}"
    names: dict[str, str] = {}
    openers: dict[str, str] = {}
    demonyms = demonym_words()
    for piece in pieces(text, roles=False):
        if piece.words == 1 and (len(piece.text) < 2 or piece.text in COMMON_ACRONYMS or piece.text in demonyms):
            continue  # "GDP", "CEO", "Greek", a letter: shared by articles of one topic, not one story
        found = names if piece.words >= 2 or not piece.initial else openers
        found.setdefault(piece.text.casefold(), piece.text)
    openers = {folded: name for folded, name in openers.items() if folded not in names}
    terms, unspaced = read_terms(text)
    # Words between spaces, unless the text is written without them: asking costs a look at every letter.
    words = word_count(body) if unspaced else len(body.split())
    return StoryText(terms, term_counts(title), names, openers, words, parse_day(published))


def parse_day(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


@dataclass(frozen=True)
class StoryEvidence:
    """Why two articles may tell one story, and the score it adds up to."""

    score: float  # as a pair: how likely the two tell one story (``related`` in ``curator compare``)
    library_score: float  # as a candidate in a library, where most candidates share only a topic
    text_similarity: float
    title_similarity: float
    shared_names: tuple[str, ...]
    name_overlap: float  # shared names over the names of the article with fewer
    shared_terms: tuple[str, ...]  # the strongest terms both have
    days_apart: int | None
    missing: tuple[str, ...]  # what one side lacked, in words
    closest: bool = False  # each is the other's closest article in the library

    @property
    def suggested(self) -> bool:
        """Whether the pair goes to the review queue as a version of one story: names in common are
        asked of any pair but two articles each other's closest in the library."""
        return self.library_score >= RELATED_THRESHOLD and (self.closest or len(self.shared_names) >= MIN_SHARED_NAMES)

    def summary(self) -> str:
        """The evidence in a line a person reads."""
        parts = ["each other's closest article in the library"] if self.closest else []
        shown_names = self.shared_names[:5]
        if shown_names:
            parts.append("shares " + ", ".join(shown_names))
        # A term that is a word of a name said already ("tampen" of "Hywind Tampen") says nothing more.
        said = {word for name in shown_names for word in _WORDS.split(name.casefold())}
        if terms := [term for term in self.shared_terms if term not in said]:
            parts.append("common terms: " + ", ".join(terms[:4]))
        parts.append(f"titles {self.title_similarity:.0%} alike")
        if self.days_apart is not None:
            parts.append("published the same day" if self.days_apart == 0 else
                         f"published {self.days_apart} day{'s' if self.days_apart != 1 else ''} apart")
        parts.extend(self.missing)
        return "; ".join(parts)

    def as_reason(self) -> dict:
        """The evidence as stored with a pair and printed by ``--json``."""
        return {"summary": self.summary(), "text_similarity": round(self.text_similarity, 4),
                "title_similarity": round(self.title_similarity, 4), "shared_names": list(self.shared_names),
                "shared_terms": list(self.shared_terms), "days_apart": self.days_apart,
                "missing": list(self.missing), "closest": self.closest}


def compare_stories(a: StoryText, b: StoryText, weights: Weights, *, closest: bool = False) -> StoryEvidence:
    """The evidence that ``a`` and ``b`` tell one story, weighted by ``weights`` (``closest``: whether
    each is the other's closest article in their library)."""
    return compare_pairs([(a, b)], weights, [closest])[0]


def compare_pairs(pairs: list[tuple[StoryText, StoryText]], weights: Weights, closest: list[bool]
                  ) -> list[StoryEvidence]:
    """:func:`compare_stories` of each of many pairs (``closest``: whether each pair's texts are each
    other's closest), each text's vectors weighed once however many pairs it is in."""
    vectors: dict[int, tuple[dict[str, float], dict[str, float]]] = {}  # by the text's id(): texts are not hashable

    def vectors_of(text: StoryText) -> tuple[dict[str, float], dict[str, float]]:
        found = vectors.get(id(text))
        if found is None:
            found = vectors[id(text)] = (weights.vector(text.terms), weights.vector(text.title_terms))
        return found

    texts, titles, strongest = [], [], []
    for a, b in pairs:
        (text_a, title_a), (text_b, title_b) = vectors_of(a), vectors_of(b)
        # Of equal weights, the term A has first comes first: a set's order changes from run to run.
        common = sorted([term for term in text_a if term in text_b], key=lambda term: -text_a[term] * text_b[term])
        texts.append(cosine(text_a, text_b))
        titles.append(cosine(title_a, title_b))
        strongest.append(common[:STRONGEST_TERMS])
    return evidences([(a.facts, b.facts) for a, b in pairs], texts, titles, strongest, closest)


def evidence(a: StoryFacts, b: StoryFacts, text: float, title: float, strongest_terms: list[str], *,
             closest: bool = False) -> StoryEvidence:
    """The evidence from the cosines of the texts and titles (and their strongest common terms),
    worked out by the caller: ``compare_stories`` from two vectors, the scan from its matrices."""
    return evidences([(a, b)], [text], [title], [strongest_terms], [closest])[0]


def evidences(pairs: list[tuple[StoryFacts, StoryFacts]], texts: list[float], titles: list[float],
              strongest_terms: list[list[str]], closest: list[bool],
              named: list[tuple[list[str], float]] | None = None) -> list[StoryEvidence]:
    """The :func:`evidence` of each of many pairs, the models' arithmetic done on arrays: a scan
    explains hundreds of thousands of pairs, and the same arithmetic on one pair's numbers at a
    time took longer than the rest of their evidence. ``named``: each pair's :func:`shared_names`,
    when the caller has them already."""
    if named is None:
        named = [shared_names(a, b) for a, b in pairs]
    closest = [is_closest and (bool(shared) or min(a.words, b.words) >= CLOSEST_LEAST_WORDS)
               for (a, b), (shared, _), is_closest in zip(pairs, named, closest)]
    days = [days_apart(a, b) for a, b in pairs]
    text_array, title_array = np.array(texts, dtype=np.float64), np.array(titles, dtype=np.float64)
    overlaps = np.array([overlap for _, overlap in named], dtype=np.float64)
    day_array = np.array([np.nan if apart is None else apart for apart in days], dtype=np.float64)
    pair_logits = PAIR_MODEL.logit(text_array, title_array, overlaps, day_array).tolist()
    library_logits = library_logit(text_array, title_array, overlaps, day_array,
                                   np.array(closest, dtype=bool)).tolist()
    return [StoryEvidence(
        score=_probability(pair_logit), library_score=_probability(library_score),
        text_similarity=text, title_similarity=title,
        shared_names=tuple(a.names.get(name) or a.openers[name] for name in shared), name_overlap=overlap,
        shared_terms=tuple(terms[:STRONGEST_TERMS]),
        days_apart=apart, missing=_missing(a, "A") + _missing(b, "B"), closest=is_closest)
        for (a, b), (shared, overlap), apart, text, title, terms, is_closest, pair_logit, library_score in zip(
            pairs, named, days, texts, titles, strongest_terms, closest, pair_logits, library_logits)]


def library_logit(text: Signs, title: Signs, overlap: Signs, days: Signs | None, closest: bool | np.ndarray = False
                  ) -> Any:
    """The log-odds that a library's candidate is a version of the story, of one pair or of many
    at once (as :meth:`StoryModel.logit`): the higher of the two library models', the model by text
    raised for two articles each other's closest (``closest``)."""
    return np.maximum(LIBRARY_NAMES_MODEL.logit(text, title, overlap, days),
                      LIBRARY_TEXT_MODEL.logit(text, title, overlap, days) + CLOSEST_BONUS * np.asarray(closest))


def threshold_logit() -> float:
    """``RELATED_THRESHOLD`` as log-odds, where the scan's candidates are cut."""
    return math.log(RELATED_THRESHOLD / (1 - RELATED_THRESHOLD))


def _probability(logit: float) -> float:
    return 1 / (1 + math.exp(-logit))


def shared_names(a: StoryText | StoryFacts, b: StoryText | StoryFacts) -> tuple[list[str], float]:
    """The folded names both have (longest first), and their share of the names of the side with fewer."""
    # A word opening a sentence ("Equinor has started…") is a name when the other side has it as one.
    shared = sorted((a.names.keys() & b.names.keys()) | (a.names.keys() & b.openers.keys())
                    | (a.openers.keys() & b.names.keys()), key=lambda name: (-len(name.split()), name))
    fewer = min(len(a.names.keys() | a.openers.keys()), len(b.names.keys() | b.openers.keys()))
    return shared, len(shared) / fewer if fewer else 0.0


def days_apart(a: StoryText | StoryFacts, b: StoryText | StoryFacts) -> int | None:
    return abs((a.published - b.published).days) if a.published and b.published else None


def _date_penalty(days: Signs | None) -> Any:
    if days is None:
        return 0.0
    return np.where(np.greater(days, DAYS_FREE),
                    np.minimum(MAX_DATE_PENALTY, PENALTY_PER_WEEK * (np.subtract(days, DAYS_FREE)) / 7), 0.0)


def _missing(text: StoryFacts, side: str) -> tuple[str, ...]:
    missing = []
    if text.published is None:
        missing.append(f"no date on {side}")
    if not text.has_terms:
        missing.append(f"{side} has no words to compare")
    elif text.words < BRIEF_WORDS:
        missing.append(f"{side} is a brief ({text.words} words)")
    if not text.has_title:
        missing.append(f"no title on {side}")
    if text.has_terms and not text.names and not text.openers:
        # No capitalised name at all: none written, or a script without capitals (Chinese, Arabic).
        missing.append(f"no names found in {side}")
    return tuple(missing)
