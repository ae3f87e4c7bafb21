"""Two articles side by side: paragraphs aligned in reading order, word differences, dropped boilerplate.

Outlets reword, trim, split and reorder the paragraphs of a wire story. The alignment
keeps both reading orders (an LCS-style dynamic programme over paragraphs) and pairs
paragraphs fuzzily, one to one or one to two (a paragraph split in two). Paragraphs
left unpaired are then looked for anywhere on the other side, so a moved paragraph
shows as moved rather than as new text.

>>> [(row.a, row.b) for row in align_paragraphs(["Lavrov spoke in Minsk today.", "An old line."],
...                                              ["Lavrov spoke in Minsk on Thursday.", "Brand new words here."])]
[(0, 0), (1, None), (None, 1)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel, LCSseq

from curator.core.dedupe.pairs import explain_pair
from curator.core.dedupe.scoring import compare_bodies
from curator.core.library.fields import FIELD_LABELS
from curator.core.library.settings import get_settings
from curator.core.library.store import Library
from curator.core.text import (
    BUILT_IN_BOILERPLATE,
    Boilerplate,
    fold_word,
    normalize_for_matching,
    split_furniture,
    split_paragraphs,
    word_ids,
)

# Two paragraphs in step pair when their words, taken together, are 40% common and in
# order (rapidfuzz's Indel ratio over folded words: 2·LCS / (len a + len b)). On the
# shipped seeds the two outlets' rewritten ledes score 0.47 and edited paragraphs 0.85-1,
# while different paragraphs of the story, sharing names and function words, stay <= 0.33.
PAIR_RATIO = 0.4
# A paragraph out of step (moved) needs more: nothing but its words says it belongs there.
MOVED_RATIO = 0.5
# A trimmed paragraph has a low ratio against the full one, so one whose words are 80%
# found, in order, in the other pairs too, if long enough for that to mean something.
CONTAINED_FRACTION = 0.8
MIN_CONTAINED_WORDS = 5
# A paragraph pairs with two consecutive ones (it was split) only if each half is at least
# half found in it; otherwise an unrelated neighbour could be swallowed as a second half.
SPLIT_PART_FRACTION = 0.5

# A word goes on past a zero-width non-joiner or joiner (Persian "می\u200cخواهم"), which ``fold_word`` deletes:
# written with it or without, it is the same word.
_WORD = re.compile(r"\w+(?:[\u200c\u200d]+\w+)*")
_UNIT = re.compile(r"\w+(?:[\u200c\u200d]+\w+)*\W*")  # a word with the punctuation and space after it
_SKIP_A, _SKIP_B, _PAIR, _SPLIT_A, _SPLIT_B = range(5)


class Segment(NamedTuple):
    """A run of a paragraph's original text, and whether the other version has those words too."""

    text: str
    shared: bool


class AlignedRow(NamedTuple):
    """Paragraph indices side by side (None where a side has nothing here) and their similarity.

    ``continues``: this paragraph was split off the paragraph the other side has in the
    previous row, which spans both rows.
    """

    a: int | None
    b: int | None
    similarity: float
    continues: bool = False


@dataclass(frozen=True)
class ArticleSide:
    """The fields of one compared article; ``sources`` are its files' paths."""

    id: int
    title: str
    published: str | None
    outlet: str | None
    dateline: str | None
    byline: str | None
    url: str | None
    language: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class FieldComparison:
    """One metadata field of both articles (``name`` is the attribute, ``label`` the words shown)."""

    name: str
    label: str
    a: str | None
    b: str | None
    same: bool


@dataclass(frozen=True)
class ComparedRow:
    """One row of the bodies side by side; a side is None where it shows nothing.

    ``kind``: "paired"; "continued" (split off the other side's paragraph in the row
    above, which spans this row too); "moved" (its text is on the other side in row
    ``counterpart_row``); "only" (the other side has none of it); "boilerplate" (a line
    the import dropped).
    """

    kind: str
    a: tuple[Segment, ...] | None
    b: tuple[Segment, ...] | None
    similarity: float = 0.0
    counterpart_row: int | None = None


@dataclass(frozen=True)
class PairComparison:
    """Everything a side-by-side view shows about two articles; A is the lower id."""

    a: ArticleSide
    b: ArticleSide
    fields: tuple[FieldComparison, ...]
    rows: tuple[ComparedRow, ...]
    score: float
    kind: str  # exact | near | contained | related, or unrelated: not a suggestion and below the threshold
    summary: str
    reason: dict
    suggested: bool  # a stored suggestion, not two articles compared on request
    words_only_a: int
    words_only_b: int
    status: str | None = None  # the stored suggestion's: open, or the decision taken on it


def _words(paragraph: str) -> list[int]:
    return word_ids(paragraph).tolist()


def _lcs_matrix(queries: list[list[int]], choices: list[list[int]]) -> np.ndarray:
    """Words in common, in order, for every query × choice (computed by rapidfuzz in C++)."""
    if not queries or not choices:
        return np.zeros((len(queries), len(choices)), dtype=np.int64)
    return process.cdist(queries, choices, scorer=LCSseq.similarity, dtype=np.int32).astype(np.int64)


def _pair_similarity(shared: np.ndarray, lengths_a: np.ndarray, lengths_b: np.ndarray) -> np.ndarray:
    """The word ratio of every pair similar enough to pair, else 0."""
    total, shorter = lengths_a[:, None] + lengths_b, np.minimum(lengths_a[:, None], lengths_b)
    ratio = np.divide(2 * shared, total, out=np.zeros(shared.shape), where=total > 0)
    contained = (shorter >= MIN_CONTAINED_WORDS) & (shared >= CONTAINED_FRACTION * shorter)
    return np.where(((ratio >= PAIR_RATIO) | contained) & (shorter > 0), ratio, 0.0)


def _split_similarity(words_x, words_y, shared: np.ndarray, lengths_x: np.ndarray, lengths_y: np.ndarray) -> np.ndarray:
    """Similarity of each X paragraph with each two consecutive Y paragraphs, as if Y split it."""
    joined = _lcs_matrix(words_x, [first + second for first, second in zip(words_y, words_y[1:])])
    similarity = _pair_similarity(joined, lengths_x, lengths_y[:-1] + lengths_y[1:])
    halves = (shared[:, :-1] >= SPLIT_PART_FRACTION * lengths_y[:-1]) & (shared[:, 1:] >= SPLIT_PART_FRACTION * lengths_y[1:])
    return similarity * halves


class _Alignment(NamedTuple):
    rows: list[AlignedRow]
    shared: np.ndarray  # words in common, for every pair of single paragraphs
    lengths_a: np.ndarray
    lengths_b: np.ndarray


def _align(words_a: list[list[int]], words_b: list[list[int]]) -> _Alignment:
    n, m = len(words_a), len(words_b)
    lengths_a, lengths_b = np.array([len(w) for w in words_a]), np.array([len(w) for w in words_b])
    shared = _lcs_matrix(words_a, words_b)
    single = _pair_similarity(shared, lengths_a, lengths_b).tolist()
    split_b = _split_similarity(words_a, words_b, shared, lengths_a, lengths_b).tolist()
    split_a = _split_similarity(words_b, words_a, shared.T, lengths_b, lengths_a).T.tolist()
    # best[i][j]: the highest total similarity of an alignment of A[:i] with B[:j]. On ties
    # a pair beats a skip and skipping B beats skipping A, so between two pairs A's
    # unpaired paragraphs come first, as in a diff.
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[_SKIP_B] * (m + 1)] + [[_SKIP_A] * (m + 1) for _ in range(n)]
    for i in range(1, n + 1):
        above, here = best[i - 1], best[i]
        for j in range(1, m + 1):
            score, chosen = (here[j - 1], _SKIP_B) if here[j - 1] >= above[j] else (above[j], _SKIP_A)
            if single[i - 1][j - 1] and above[j - 1] + single[i - 1][j - 1] >= score:
                score, chosen = above[j - 1] + single[i - 1][j - 1], _PAIR
            if j >= 2 and split_b[i - 1][j - 2] and above[j - 2] + split_b[i - 1][j - 2] > score:
                score, chosen = above[j - 2] + split_b[i - 1][j - 2], _SPLIT_B
            if i >= 2 and split_a[i - 2][j - 1] and best[i - 2][j - 1] + split_a[i - 2][j - 1] > score:
                score, chosen = best[i - 2][j - 1] + split_a[i - 2][j - 1], _SPLIT_A
            here[j], move[i][j] = score, chosen
    rows: list[AlignedRow] = []  # built backwards
    i, j = n, m
    while i or j:
        chosen = move[i][j]
        if chosen == _SKIP_A:
            rows.append(AlignedRow(i - 1, None, 0.0))
        elif chosen == _SKIP_B:
            rows.append(AlignedRow(None, j - 1, 0.0))
        elif chosen == _PAIR:
            rows.append(AlignedRow(i - 1, j - 1, single[i - 1][j - 1]))
        elif chosen == _SPLIT_B:
            rows += [AlignedRow(None, j - 1, split_b[i - 1][j - 2], True), AlignedRow(i - 1, j - 2, split_b[i - 1][j - 2])]
        else:
            rows += [AlignedRow(i - 1, None, split_a[i - 2][j - 1], True), AlignedRow(i - 2, j - 1, split_a[i - 2][j - 1])]
        i -= chosen != _SKIP_B
        j -= chosen != _SKIP_A
        i -= chosen == _SPLIT_A
        j -= chosen == _SPLIT_B
    return _Alignment(rows[::-1], shared, lengths_a, lengths_b)


def align_paragraphs(paragraphs_a: list[str], paragraphs_b: list[str]) -> list[AlignedRow]:
    """Pair two versions' paragraphs in reading order, fuzzily; unpaired ones get a row of their own."""
    return _align([_words(p) for p in paragraphs_a], [_words(p) for p in paragraphs_b]).rows


def _pairs(rows: list[AlignedRow]) -> list[tuple[int, int]]:
    """The (a, b) paragraph pairs of an alignment, both halves of a split included."""
    pairs: list[tuple[int, int]] = []
    for row in rows:
        if row.continues:
            pairs.append((pairs[-1][0] if row.a is None else row.a, pairs[-1][1] if row.b is None else row.b))
        elif row.a is not None and row.b is not None:
            pairs.append((row.a, row.b))
    return pairs


def word_diff(text_a: str, text_b: str) -> tuple[list[Segment], list[Segment]]:
    """Word-level differences of two paragraphs, as runs of each one's original text.

    Words are compared folded (case, width) and without punctuation; each side's
    segments join back to its text exactly.

    >>> word_diff("Lavrov said no.", "lavrov SAID yes")[1]
    [Segment(text='lavrov SAID ', shared=True), Segment(text='yes', shared=False)]
    """
    sides = []
    for text in (text_a, text_b):
        first = _WORD.search(text)
        start = first.start() if first else len(text)
        sides.append((text[:start], _UNIT.findall(text, start)))
    keys = [[" ".join(map(fold_word, _WORD.findall(unit))) for unit in units] for _, units in sides]
    shared_a, shared_b = [False] * len(keys[0]), [False] * len(keys[1])
    for block in Indel.opcodes(*keys):
        if block.tag == "equal":
            shared_a[block.src_start:block.src_end] = [True] * (block.src_end - block.src_start)
            shared_b[block.dest_start:block.dest_end] = [True] * (block.dest_end - block.dest_start)
    return _segments(*sides[0], shared_a), _segments(*sides[1], shared_b)


def _segments(prefix: str, units: list[str], shared: list[bool]) -> list[Segment]:
    pieces = [Segment(prefix, True)]
    for index, (unit, is_shared) in enumerate(zip(units, shared)):
        # The space after a changed run is neutral, so a tint covers words, not the gap after them.
        run_goes_on = index + 1 < len(units) and not shared[index + 1]
        words = unit if is_shared or run_goes_on else unit.rstrip()
        pieces += [Segment(words, is_shared), Segment(unit[len(words):], True)]
    segments: list[Segment] = []
    for piece in pieces:
        if segments and segments[-1].shared == piece.shared:
            segments[-1] = Segment(segments[-1].text + piece.text, piece.shared)
        elif piece.text:
            segments.append(piece)
    return segments


def boilerplate_lines(raw_text: str, body: str,
                     boilerplate: Boilerplate = BUILT_IN_BOILERPLATE) -> list[tuple[int, str]]:
    """The boilerplate lines cleaning dropped from ``raw_text``, each with the body paragraph they preceded.

    The raw text is split into paragraphs as cleaning splits it (``split_furniture``), and
    those are aligned with the body's (an importer may also have taken off a header or a
    dateline): a line goes before the first body paragraph after it, or at the end.
    """
    raw_paragraphs, dropped = split_furniture(raw_text, boilerplate)
    if not dropped:
        return []
    body_paragraphs = split_paragraphs(body)
    body_index: dict[int, int] = {}
    for raw_index, index in _pairs(align_paragraphs(raw_paragraphs, body_paragraphs)):
        body_index.setdefault(raw_index, index)
    following = [len(body_paragraphs)] * (len(raw_paragraphs) + 1)
    for raw_index in reversed(range(len(raw_paragraphs))):
        following[raw_index] = body_index.get(raw_index, following[raw_index + 1])
    return [(following[raw_index], line) for raw_index, line in dropped]


def _moved_links(alignment: _Alignment) -> list[tuple[int, int]]:
    """(a, b) links from each unpaired paragraph to where its text is on the other side, if anywhere."""
    shared, lengths_a, lengths_b = alignment.shared, alignment.lengths_a[:, None], alignment.lengths_b
    similar = (shared > 0) & (2 * shared >= MOVED_RATIO * (lengths_a + lengths_b))
    # Found: most of the unpaired paragraph's own words (not the shorter one's) are there.
    found_in_b = similar | ((lengths_a >= MIN_CONTAINED_WORDS) & (shared >= CONTAINED_FRACTION * lengths_a))
    found_in_a = similar | ((lengths_b >= MIN_CONTAINED_WORDS) & (shared >= CONTAINED_FRACTION * lengths_b))
    paired = _pairs(alignment.rows)
    paired_a, paired_b = {a for a, _ in paired}, {b for _, b in paired}
    links = [(i, int(np.argmax(np.where(found_in_b[i], shared[i], -1))))
             for i in range(shared.shape[0]) if i not in paired_a and found_in_b[i].any()]
    return links + [(int(np.argmax(np.where(found_in_a[:, j], shared[:, j], -1))), j)
                    for j in range(shared.shape[1]) if j not in paired_b and found_in_a[:, j].any()]


def _compared_rows(paragraphs: tuple[list[str], list[str]],
                   boilerplate: tuple[list[tuple[int, str]], list[tuple[int, str]]]) -> list[ComparedRow]:
    alignment = _align([_words(p) for p in paragraphs[0]], [_words(p) for p in paragraphs[1]])
    links: tuple[dict[int, set[int]], dict[int, set[int]]] = ({}, {})  # per side: paragraph -> other side's
    for a, b in _pairs(alignment.rows) + _moved_links(alignment):
        links[0].setdefault(a, set()).add(b)
        links[1].setdefault(b, set()).add(a)

    def cell(index: int | None, side: int) -> tuple[Segment, ...] | None:
        if index is None:
            return None
        text = paragraphs[side][index]
        if index not in links[side]:
            return (Segment(text, False),)
        other = "\n\n".join(paragraphs[1 - side][k] for k in sorted(links[side][index]))
        return tuple(word_diff(text, other)[0] if side == 0 else word_diff(other, text)[1])

    # Boilerplate goes before the row of the paragraph it preceded (before a split's first row).
    before: list[list[ComparedRow]] = [[] for _ in range(len(alignment.rows) + 1)]
    for side, lines in enumerate(boilerplate):
        rows_of_side = [n for n, row in enumerate(alignment.rows) if row[side] is not None] + [len(alignment.rows)]
        for index, line in lines:
            position = rows_of_side[min(index, len(rows_of_side) - 1)]
            while position < len(alignment.rows) and alignment.rows[position].continues:
                position -= 1
            segments = ((Segment(line, False),), None)
            before[position].append(ComparedRow("boilerplate", *(segments if side == 0 else segments[::-1])))
    # The rows in order: each paragraph row still to lay out, with the boilerplate rows between.
    entries: list[AlignedRow | ComparedRow] = []
    for position, aligned in enumerate(alignment.rows):
        entries += [*before[position], aligned]
    entries += before[-1]
    row_of: tuple[dict[int, int], dict[int, int]] = ({}, {})  # per side: paragraph -> its row
    for number, entry in enumerate(entries):
        if isinstance(entry, AlignedRow):
            for side, paragraph in enumerate((entry.a, entry.b)):
                if paragraph is not None:
                    row_of[side][paragraph] = number

    rows: list[ComparedRow] = []
    for entry in entries:
        if isinstance(entry, ComparedRow):
            rows.append(entry)
            continue
        side, paragraph = (0, entry.a) if entry.a is not None else (1, entry.b)
        assert paragraph is not None, "an aligned row has a paragraph on one side at least"
        linked = links[side].get(paragraph, set())
        kind = ("continued" if entry.continues else "paired" if entry.a is not None and entry.b is not None
                else "moved" if linked else "only")
        counterpart = row_of[1 - side][min(linked)] if kind == "moved" else None
        rows.append(ComparedRow(kind, cell(entry.a, 0), cell(entry.b, 1), entry.similarity, counterpart))
    return rows


# The fields compared side by side: the article's own (its language aside) and its source files.
_COMPARED_FIELDS = (*((name, label) for name, label in FIELD_LABELS.items() if name != "language"),
                    ("sources", "Source files"))


def _same(name: str, a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a == b
    if name == "published":  # a date and a time on that date agree
        return a[:10] == b[:10]
    if name in ("url", "sources"):
        return a.rstrip("/") == b.rstrip("/")
    return normalize_for_matching(a) == normalize_for_matching(b)


def _field_comparisons(a: ArticleSide, b: ArticleSide) -> tuple[FieldComparison, ...]:
    fields = []
    for name, label in _COMPARED_FIELDS:
        value_a, value_b = (("\n".join(side.sources) if name == "sources" else getattr(side, name)) or None for side in (a, b))
        fields.append(FieldComparison(name, label, value_a, value_b, _same(name, value_a, value_b)))
    return tuple(fields)


def _changed_words(rows: list[ComparedRow], side: str) -> int:
    return sum(len(_WORD.findall(segment.text)) for row in rows if row.kind != "boilerplate"
               for segment in getattr(row, side) or () if not segment.shared)


def compare_articles(library: Library, a_id: int, b_id: int) -> PairComparison:
    """Everything needed to show two articles side by side; A is the one with the lower id.

    Score, kind and reason are the stored suggestion's when the two are one (so the
    reason's "A" and "B" are these); otherwise the bodies are scored now, with the
    library's settings. Dropped boilerplate is found with the library's current phrases.
    """
    a_id, b_id = sorted((a_id, b_id))
    articles = []
    for article_id in (a_id, b_id):
        article = library.article(article_id)
        if article is None:
            raise KeyError(f"no article {article_id}")
        articles.append(article)
    bodies = [article["body"] or "" for article in articles]
    settings = get_settings(library)
    stored = library.db.execute("SELECT score, kind, status FROM pairs WHERE a = ? AND b = ?", [a_id, b_id]).fetchone()
    if stored is not None:
        (score, kind, _), reason = stored, explain_pair(library, a_id, b_id)
    else:
        verdict = compare_bodies(*bodies, shingle_words=settings.shingle_words)
        score, reason = verdict.score, verdict.reason
        kind = verdict.kind if score >= settings.duplicate_threshold else "unrelated"
    # The body was cleaned from its first file. Only a text file's lines are the lines cleaning
    # saw: HTML is markup before extraction, and a record's raw text is its JSON.
    raw_texts = [library.raw_text(files[0]["id"]) if (files := article["files"]) and files[0]["importer"] == "text"
                 else None for article in articles]
    boilerplate = [boilerplate_lines(raw, body, settings.boilerplate) if raw else []
                   for raw, body in zip(raw_texts, bodies)]
    rows = _compared_rows((split_paragraphs(bodies[0]), split_paragraphs(bodies[1])), (boilerplate[0], boilerplate[1]))
    side_a, side_b = (ArticleSide(article["id"], article["title"], article["published"], article["outlet"],
                                  article["dateline"], article["byline"], article["url"], article["language"],
                                  tuple(source["path"] for source in article["files"])) for article in articles)
    return PairComparison(side_a, side_b, _field_comparisons(side_a, side_b), tuple(rows), score, kind,
                          reason["summary"], reason, stored is not None, _changed_words(rows, "a"),
                          _changed_words(rows, "b"), stored[2] if stored is not None else None)
