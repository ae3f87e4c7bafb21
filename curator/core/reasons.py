"""Why two articles look like copies: score components, shared passages, what each side lacks.

Offsets are character offsets into each article's stored (clean) body, so a view
can highlight them directly. Passages are found through shingles, not a global
alignment, so paragraphs that were swapped between outlets still count as shared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from curator.core.shingles import SHINGLE_WORDS, Overlap, shingle_hashes, word_spans

MIN_PASSAGE_WORDS = 8
MAX_PASSAGES = 12
PARAGRAPH_SHARED_FRACTION = 0.5
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


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
    shingles: np.ndarray  # positional: shingles[i] starts at word i


def _side(body: str) -> _Side:
    ids, spans = word_spans(body)
    paragraphs, start = [], 0
    for brk in _PARAGRAPH_BREAK.finditer(body):
        paragraphs.append((start, brk.start()))
        start = brk.end()
    paragraphs.append((start, len(body)))
    return _Side(ids, spans, [p for p in paragraphs if body[p[0]:p[1]].strip()], shingle_hashes(ids))


def shared_passages(a: _Side, b: _Side) -> list[Passage]:
    """Maximal runs of words that appear, in the same order, in both articles (longest first)."""
    if len(a.shingles) == 0 or len(b.shingles) == 0:
        return []
    order = np.argsort(b.shingles, kind="stable")
    sorted_b = b.shingles[order]
    found = np.searchsorted(sorted_b, a.shingles)
    found_clipped = np.minimum(found, len(sorted_b) - 1)
    matched = sorted_b[found_clipped] == a.shingles
    position_in_b = np.where(matched, order[found_clipped], -1)
    passages, run_start = [], None
    for i, j in enumerate(position_in_b.tolist() + [-1]):
        continues = run_start is not None and j != -1 and j == position_in_b[i - 1] + 1
        if continues:
            continue
        if run_start is not None:
            a_first, a_last = run_start[0], i - 1 + SHINGLE_WORDS - 1
            b_first, b_last = run_start[1], position_in_b[i - 1] + SHINGLE_WORDS - 1
            words = a_last - a_first + 1
            if words >= MIN_PASSAGE_WORDS:
                passages.append(Passage(
                    (a.spans[a_first][0], a.spans[a_last][1]), (b.spans[b_first][0], b.spans[b_last][1]), words
                ))
        run_start = (i, j) if j != -1 else None
    passages.sort(key=lambda p: (-p.words, p.a))
    return passages


def _paragraphs_missing_from(side: _Side, other: _Side) -> list[tuple[int, int]]:
    """Paragraphs of ``side`` that are mostly not found (as shingles) in ``other``."""
    found = np.isin(side.shingles, other.shingles)
    other_words = set(other.ids.tolist())
    starts = np.array([s for s, _ in side.spans], dtype=np.int64)
    missing = []
    for begin, end in side.paragraphs:
        first, last = int(np.searchsorted(starts, begin)), int(np.searchsorted(starts, end))
        if last == first:
            continue
        if last - first < SHINGLE_WORDS:
            shared = all(word in other_words for word in side.ids[first:last].tolist())
        else:
            shared = found[first:last - SHINGLE_WORDS + 1].mean() >= PARAGRAPH_SHARED_FRACTION
        if not shared:
            missing.append((begin, end))
    return missing


def explain(body_a: str, body_b: str, overlap: Overlap, ratio: float, kind: str, score: float) -> dict:
    """The reason stored with a pair: components, shared passages, paragraphs only one side has."""
    a, b = _side(body_a), _side(body_b)
    only_a, only_b = _paragraphs_missing_from(a, b), _paragraphs_missing_from(b, a)
    passages = shared_passages(a, b)
    return {
        "jaccard": round(overlap.jaccard, 4),
        "containment": round(overlap.containment, 4),
        "ratio": round(ratio, 4),
        "shingles": [overlap.size_a, overlap.size_b],
        "paragraphs": [len(a.paragraphs), len(b.paragraphs)],
        "shared_paragraphs": [len(a.paragraphs) - len(only_a), len(b.paragraphs) - len(only_b)],
        "passages": [{"a": list(p.a), "b": list(p.b), "words": p.words} for p in passages[:MAX_PASSAGES]],
        "only_a": [list(span) for span in only_a],
        "only_b": [list(span) for span in only_b],
        "summary": summarize(kind, overlap, len(only_a), len(only_b), score),
    }


def _paragraph_count(count: int) -> str:
    return f"{count} paragraph{'s' if count != 1 else ''}"


def summarize(kind: str, overlap: Overlap, only_a: int, only_b: int, score: float) -> str:
    """The reason in words, e.g. "B is 92% contained in A; A adds 2 paragraphs"."""
    if kind == "exact":
        return "Same text after normalisation (case, quotes, spacing, boilerplate)"
    parts = []
    if kind == "contained":
        shorter, longer = ("A", "B") if overlap.size_a <= overlap.size_b else ("B", "A")
        parts.append(f"{shorter} is {overlap.containment:.0%} contained in {longer}")
    else:
        parts.append(f"{overlap.jaccard:.0%} of word sequences shared")
    if only_a:
        parts.append(f"A adds {_paragraph_count(only_a)}")
    if only_b:
        parts.append(f"B adds {_paragraph_count(only_b)}")
    return "; ".join(parts)
