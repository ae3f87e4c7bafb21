"""Scoring one pair of texts: how much of them is shared, one calibrated score, a kind.

>>> verdict = compare_bodies("One two three four five six.", "one two three four five six")
>>> verdict.kind, verdict.score
(<PairKind.EXACT: 'exact'>, 1.0)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

from curator.core.dedupe import reasons
from curator.core.dedupe.sketch import (
    SHINGLE_WORDS,
    Overlap,
    overlap,
    shingle_set,
)
from curator.core.library.states import PairKind
from curator.core.text import word_ids

CONTAINED_MIN_CONTAINMENT = 0.8
CONTAINED_MAX_SIZE_RATIO = 0.8
# Score weights. Containment carries most: an abridged copy is a duplicate even
# when its Jaccard is low; Jaccard and the fuzzy ratio separate near-identical
# copies from partial overlaps. Calibrated with bench/dedupe_quality.py.
CONTAINMENT_WEIGHT, JACCARD_WEIGHT, RATIO_WEIGHT = 0.7, 0.15, 0.15


@dataclass(frozen=True)
class Verdict:
    """A scored comparison of two texts; ``reason`` holds the score components.

    The components are shingle Jaccard, containment (share of the smaller text's
    shingles found in the other) and a rapidfuzz ratio over the normalised words.
    """

    score: float
    kind: PairKind
    reason: dict


class Features:
    """What scoring needs of one text, computed once per article (shingles of ``shingle_words`` words)."""

    __slots__ = ("ids", "body_hash", "shingles")

    def __init__(self, ids: np.ndarray, shingle_words: int = SHINGLE_WORDS):
        self.ids = ids
        self.body_hash = body_hash(ids)
        self.shingles = shingle_set(ids, shingle_words)

    @classmethod
    def of(cls, body: str, shingle_words: int = SHINGLE_WORDS) -> "Features":
        return cls(word_ids(body), shingle_words)


def body_hash(ids: np.ndarray) -> str:
    """Hash of the normalised word sequence: equal for texts that differ only in case, spacing, quotes."""
    return hashlib.blake2b(ids.tobytes(), digest_size=16).hexdigest()


def score(containment: float, jaccard: float, ratio: float) -> float:
    return round(CONTAINMENT_WEIGHT * containment + JACCARD_WEIGHT * jaccard + RATIO_WEIGHT * ratio, 4)


def kind_of(shared: Overlap) -> PairKind:
    smaller, larger = sorted((shared.size_a, shared.size_b))
    if shared.containment >= CONTAINED_MIN_CONTAINMENT and larger and smaller / larger <= CONTAINED_MAX_SIZE_RATIO:
        return PairKind.CONTAINED
    return PairKind.NEAR


def components(shared: Overlap, ratio: float) -> dict:
    return {
        "jaccard": round(shared.jaccard, 4),
        "containment": round(shared.containment, 4),
        "ratio": round(ratio, 4),
        "shingles": [shared.size_a, shared.size_b],
    }


def verify(a: Features, b: Features, *, threshold: float = 0.0) -> Verdict:
    """Score a pair exactly. With a threshold, a pair that cannot reach it is scored cheaply (ratio 0)."""
    shared = overlap(a.shingles, b.shingles)
    if a.body_hash == b.body_hash:
        return Verdict(1.0, PairKind.EXACT, components(shared, 1.0))
    without_ratio = score(shared.containment, shared.jaccard, 0.0)
    if without_ratio + RATIO_WEIGHT < threshold:  # even a perfect ratio could not lift it over
        return Verdict(without_ratio, PairKind.NEAR, components(shared, 0.0))
    needed_ratio = max(0.0, (threshold - without_ratio) / RATIO_WEIGHT)
    # The ratio compares normalised word sequences: word order and wording, at a
    # fraction of the cost of comparing characters.
    ratio = fuzz.ratio(a.ids.tolist(), b.ids.tolist(), score_cutoff=needed_ratio * 100) / 100
    return Verdict(score(shared.containment, shared.jaccard, ratio), kind_of(shared), components(shared, ratio))


def explain(body_a: str, body_b: str, verdict: Verdict) -> dict:
    """The full reason for a pair: score components plus shared passages and what each side lacks."""
    detail = reasons.passages_and_paragraphs(body_a, body_b)
    summary = reasons.summarize(verdict.kind, verdict.reason, len(detail["only_a"]), len(detail["only_b"]))
    return {**verdict.reason, **detail, "summary": summary}


def compare_bodies(body_a: str, body_b: str, *, shingle_words: int = SHINGLE_WORDS) -> Verdict:
    """Score two clean bodies and explain the score in full (no library needed)."""
    verdict = verify(Features.of(body_a, shingle_words), Features.of(body_b, shingle_words))
    return Verdict(verdict.score, verdict.kind, explain(body_a, body_b, verdict))
