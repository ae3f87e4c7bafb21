"""How sure a suggestion is, from its evidence: a number from 0 to 1, shown with it and compared
with the library's floor (``suggestion_floor`` in the preferences), below which nothing is proposed.

The evidence, strongest first:

- **the registry**: the curator's own entity, by name or alias (0.95), or an entity tagged in an article
  merged with this one (``merged``, 0.95) or linked to it as a version of its story (``linked``, 0.9);
- **the offline lists**: a country, city, region or well-known organisation (0.9), a demonym (0.8);
- **spaCy**'s entity recogniser, when installed (0.7);
- **a capitalised phrase** (0.5), more when the corpus types it (a job title before it, an
  organisation word ending it, "-based" after it: +0.2), when it has several words (+0.1), when it
  recurs across articles (+0.05 for each doubling, up to +0.2), and when spaCy found the same
  span (+0.15).

>>> suggestion_confidence("gazetteer")
0.9
>>> suggestion_confidence("capitalized", "UNKNOWN", words=1, articles=1)
0.5
>>> suggestion_confidence("capitalized", "PERSON", words=2, articles=8)
0.95
"""

from __future__ import annotations

import math

SOURCE_CONFIDENCE = {"registry": 0.95, "merged": 0.95, "linked": 0.9, "gazetteer": 0.9, "demonym": 0.8, "spacy": 0.7,
                     "capitalized": 0.5}
TYPED_BONUS = 0.2
SEVERAL_WORDS_BONUS = 0.1
RECURRING_BONUS = 0.05  # for each doubling of the articles a name is in
MAX_RECURRING_BONUS = 0.2
AGREEMENT_BONUS = 0.15
MAX_CONFIDENCE = 0.99


def suggestion_confidence(source: str, type: str = "UNKNOWN", *, words: int = 1, articles: int = 1,
                          agreed: bool = False) -> float:
    """The confidence of a suggestion from ``source`` proposing a name of ``words`` words and ``type``,
    found in ``articles`` articles; ``agreed``: another suggester proposed the same span."""
    confidence = SOURCE_CONFIDENCE.get(source, SOURCE_CONFIDENCE["capitalized"])
    if source == "capitalized":
        confidence += TYPED_BONUS if type != "UNKNOWN" else 0.0
        confidence += SEVERAL_WORDS_BONUS if words > 1 else 0.0
        confidence += min(MAX_RECURRING_BONUS, RECURRING_BONUS * math.log2(max(1, articles)))
    if agreed:
        confidence += AGREEMENT_BONUS
    return round(min(MAX_CONFIDENCE, confidence), 2)


def best_confidence(sources: str, type: str, label: str, articles: int) -> float:
    """The confidence of a proposed name from what the library stores of its suggestions: the
    suggesters that proposed it (``sources``, joined by commas), its type and label, and how many
    articles it is suggested in."""
    found = [source for source in sources.split(",") if source]
    words = len(label.split())
    agreed = "spacy" in found and len(found) > 1
    return max((suggestion_confidence(source, type, words=words, articles=articles, agreed=agreed)
                for source in found), default=0.0)
