"""Why two articles look like copies: score components, shared passages, what each side lacks.

Offsets are character offsets into each article's stored (clean) body, so a view
can highlight them directly. Passages are found through shingles, not a global
alignment, so paragraphs that were swapped between outlets still count as shared.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from curator.core.dedupe.sketch import SHINGLE_WORDS, shingle_hashes
from curator.core.library.states import PairKind
from curator.core.text import paragraph_spans, word_spans

MIN_PASSAGE_WORDS = 8
MAX_PASSAGES = 12
PARAGRAPH_SHARED_FRACTION = 0.5


@dataclass(frozen=True)
class Passage:
    a: tuple[int, int]
    b: tuple[int, int]
    words: int


@dataclass(frozen=True)
class _Side:
    ids: np.ndarray
    spans: list[tuple[int, int]]
    paragraphs: list[tuple[int, int]]  # character ranges of paragraphs
    paragraph_words: list[tuple[int, int]]  # word index ranges of the same paragraphs
    shingles: np.ndarray  # positional: shingles[i] starts at word i


def _side(body: str) -> _Side:
    ids, spans = word_spans(body)
    paragraphs = paragraph_spans(body)
    word_starts = np.array([s for s, _ in spans], dtype=np.int64)
    bounds = np.searchsorted(word_starts, np.array(paragraphs, dtype=np.int64).ravel()).reshape(-1, 2)
    return _Side(ids, spans, paragraphs, [(start, end) for start, end in bounds.tolist()], shingle_hashes(ids))


def shared_passages(a: _Side, b: _Side) -> list[Passage]:
    """Maximal runs of words that appear, in the same order, in both articles (longest first)."""
    if len(a.shingles) == 0 or len(b.shingles) == 0:
        return []
    order = np.argsort(b.shingles, kind="stable")
    sorted_b = b.shingles[order]
    found = np.minimum(np.searchsorted(sorted_b, a.shingles), len(sorted_b) - 1)
    position_in_b = np.where(sorted_b[found] == a.shingles, order[found], -1)
    matched = position_in_b >= 0
    # A run continues while consecutive shingles of A are consecutive shingles of B.
    continues = np.zeros(len(position_in_b), dtype=bool)
    continues[1:] = matched[1:] & matched[:-1] & (position_in_b[1:] == position_in_b[:-1] + 1)
    breaks = np.flatnonzero(~continues)
    starts = np.flatnonzero(matched & ~continues)
    following = np.searchsorted(breaks, starts, side="right")  # the first break after each start
    lasts = np.where(following < len(breaks), breaks[np.minimum(following, len(breaks) - 1)] - 1, len(matched) - 1)
    passages = []
    for first, last in zip(starts.tolist(), lasts.tolist()):
        words = last - first + SHINGLE_WORDS
        if words >= MIN_PASSAGE_WORDS:
            a_last = last + SHINGLE_WORDS - 1
            b_first, b_last = int(position_in_b[first]), int(position_in_b[last]) + SHINGLE_WORDS - 1
            passages.append(Passage((a.spans[first][0], a.spans[a_last][1]), (b.spans[b_first][0], b.spans[b_last][1]), words))
    passages.sort(key=lambda p: (-p.words, p.a))
    return passages


def _paragraphs_missing_from(side: _Side, other: _Side) -> list[tuple[int, int]]:
    """Paragraphs of ``side`` that are mostly not found (as shingles) in ``other``."""
    found_before = np.concatenate([[0], np.cumsum(np.isin(side.shingles, other.shingles))])
    other_words = set(other.ids.tolist())
    missing = []
    for (begin, end), (first, last) in zip(side.paragraphs, side.paragraph_words):
        if last == first:
            continue
        if last - first < SHINGLE_WORDS:
            shared = all(word in other_words for word in side.ids[first:last].tolist())
        else:
            count = last - first - SHINGLE_WORDS + 1
            shared = (found_before[first + count] - found_before[first]) / count >= PARAGRAPH_SHARED_FRACTION
        if not shared:
            missing.append((begin, end))
    return missing


def passages_and_paragraphs(body_a: str, body_b: str) -> dict:
    """Shared passages and the paragraphs only one side has, as character offsets."""
    a, b = _side(body_a), _side(body_b)
    only_a, only_b = _paragraphs_missing_from(a, b), _paragraphs_missing_from(b, a)
    return {
        "paragraphs": [len(a.paragraphs), len(b.paragraphs)],
        "shared_paragraphs": [len(a.paragraphs) - len(only_a), len(b.paragraphs) - len(only_b)],
        "passages": [{"a": list(p.a), "b": list(p.b), "words": p.words} for p in shared_passages(a, b)[:MAX_PASSAGES]],
        "only_a": [list(span) for span in only_a],
        "only_b": [list(span) for span in only_b],
    }


def _paragraph_count(count: int) -> str:
    return f"{count} paragraph{'s' if count != 1 else ''}"


def summarize(kind: PairKind, components: dict, only_a: int = 0, only_b: int = 0) -> str:
    """The reason in words, e.g. "B is 92% contained in A; A adds 2 paragraphs".

    Without the paragraph counts (from ``passages_and_paragraphs``) it says what the
    stored score components say, e.g. "B is 92% contained in A".
    """
    if kind == PairKind.EXACT:
        return "Same text after normalisation (case, quotes, spacing, boilerplate)"
    parts = []
    if kind == PairKind.CONTAINED:
        size_a, size_b = components["shingles"]
        shorter, longer = ("A", "B") if size_a <= size_b else ("B", "A")
        parts.append(f"{shorter} is {components['containment']:.0%} contained in {longer}")
    else:
        parts.append(f"{components['jaccard']:.0%} of word sequences shared")
    if only_a:
        parts.append(f"A adds {_paragraph_count(only_a)}")
    if only_b:
        parts.append(f"B adds {_paragraph_count(only_b)}")
    return "; ".join(parts)
