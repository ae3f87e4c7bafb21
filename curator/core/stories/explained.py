"""The evidence of the same-story pairs a scan keeps, in words: what ``compare_stories`` says of
each, worked out from the scan's matrices and the index, a block of pairs at a time."""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass
from typing import Iterator

import numpy as np
from scipy import sparse

from curator.core.arrays import distinct
from curator.core.library.sql import chunks, placeholders
from curator.core.library.states import MentionStatus
from curator.core.library.store import Library
from curator.core.stories.score import (
    STRONGEST_TERMS,
    StoryFacts,
    evidences,
    parse_day,
)
from curator.core.stories.signatures import IndexedRows

# Pairs whose texts are read at once for their evidence: each text holds its terms, so a few
# thousand pairs' texts are a few tens of megabytes.
EVIDENCE_PAIRS = 4000
# Articles whose index rows stay read between blocks of pairs (an article is in many blocks).
FACTS_KEPT = 40_000


@dataclass(frozen=True)
class Candidates:
    """The pairs the story score puts over the threshold (``ids_a[i] < ids_b[i]``), with their library
    scores, their rows of ``indexed`` and their cosines, in arrays: the evidence of the few kept is
    worked out from :meth:`blocks` by :func:`explain_blocks`."""

    ids_a: np.ndarray
    ids_b: np.ndarray
    scores: np.ndarray
    rows_a: np.ndarray
    rows_b: np.ndarray
    text_cosines: np.ndarray
    title_cosines: np.ndarray
    closest: np.ndarray  # whether the two are each other's closest
    indexed: IndexedRows
    texts: sparse.csr_matrix
    terms: list[str]

    def blocks(self, library: Library, positions: np.ndarray) -> Iterator[EvidenceBlock]:
        """The pairs at ``positions`` a block at a time, with what their evidence is worked out from
        (:func:`explain_blocks`): the terms each pair shares by the product of their weights, and its
        articles' rows of the index as stored.

        A block at a time: a large library's hundreds of thousands of pairs' evidence, held at once,
        would take more memory than finding them."""
        # Rows and mentions read for earlier blocks, least recent first.
        kept: OrderedDict[int, tuple[tuple, list[tuple[int, str, str]]]] = OrderedDict()
        for start in range(0, len(positions), EVIDENCE_PAIRS):
            block = positions[start:start + EVIDENCE_PAIRS]
            rows_a, rows_b = self.rows_a[block], self.rows_b[block]
            rows = distinct(np.concatenate([rows_a, rows_b]))
            ids = self.indexed.ids[rows].tolist()
            kept.update(_stored_rows(library, self.indexed, rows[[i not in kept for i in ids]]))
            for article_id in ids:
                kept.move_to_end(article_id)
            strongest, bounds = strongest_columns(self.texts[rows_a].multiply(self.texts[rows_b]).tocsr())
            yield EvidenceBlock(
                self.ids_a[block].tolist(), self.ids_b[block].tolist(), self.text_cosines[block].tolist(),
                self.title_cosines[block].tolist(), self.closest[block].tolist(),
                [[self.terms[column] for column in strongest[first:last]] for first, last in zip(bounds, bounds[1:])],
                [kept[article_id][0] for article_id in ids],
                [mention for article_id in ids for mention in kept[article_id][1]])
            while len(kept) > FACTS_KEPT:
                kept.popitem(last=False)


@dataclass(frozen=True)
class EvidenceBlock:
    """A block of pairs (``ids_a[i]``, ``ids_b[i]``) to explain, in lists and strings, which go to a
    worker process quickly: their cosines, whether each two are each other's closest, the terms
    each pair shares most, and their articles' rows of the index as stored with the curator's
    accepted mentions of them (``accepted_mentions``)."""

    ids_a: list[int]
    ids_b: list[int]
    text_cosines: list[float]
    title_cosines: list[float]
    closest: list[bool]
    strongest_terms: list[list[str]]
    articles: list[tuple[int, str, str, int, str | None, bool, bool]]
    mentions: list[tuple[int, str, str]]


def explain_blocks(blocks: list[EvidenceBlock]) -> list[tuple[int, int, float, str]]:
    """Each block's pairs as stored: ``(a, b, library score, reason as JSON)``, the evidence
    ``compare_stories`` gives them worked out from the block. Runs in worker processes too: reading
    the articles' names and weighing and writing the evidence of hundreds of thousands of pairs is
    most of a large scan's last step."""
    stored = []
    for block in blocks:
        facts = _facts(block.articles, block.mentions)
        for a, b, evidence in zip(block.ids_a, block.ids_b, evidences(
                [(facts[a], facts[b]) for a, b in zip(block.ids_a, block.ids_b)], block.text_cosines,
                block.title_cosines, block.strongest_terms, block.closest)):
            stored.append((a, b, round(evidence.library_score, 4), json.dumps(evidence.as_reason())))
    return stored


def strongest_columns(products: sparse.csr_matrix) -> tuple[list[int], list[int]]:
    """Each row's ``STRONGEST_TERMS`` columns of greatest value (of equal values the lower column
    first), all rows' one after another, and where each row's start (one more bound than rows)."""
    products.sort_indices()
    lengths = np.diff(products.indptr)
    rows = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    # One sort of one key, row then value downwards: a positive float's bits rise with it, so its
    # bits taken from the largest 32-bit number fall. Stable: equal values keep their columns' order.
    # Four times quicker than sorting by two keys.
    falling = np.iinfo(np.uint32).max - products.data.astype(np.float32).view(np.uint32).astype(np.int64)
    order = np.argsort((rows << 32) | falling, kind="stable")
    rank = np.arange(len(order)) - products.indptr[rows[order]]
    bounds = np.concatenate(([0], np.cumsum(np.minimum(lengths, STRONGEST_TERMS))))
    return products.indices[order[rank < STRONGEST_TERMS]].tolist(), bounds.tolist()


def _stored_rows(library: Library, indexed: IndexedRows, rows: np.ndarray
                 ) -> dict[int, tuple[tuple, list[tuple[int, str, str]]]]:
    """The index rows of the articles at ``rows`` as an :class:`EvidenceBlock` holds them (names and
    openers as stored, JSON, words, date, and whether each has terms and a title with terms), each
    with the accepted mentions of its article (``accepted_mentions``)."""
    found: dict[int, tuple[tuple, list[tuple[int, str, str]]]] = {}
    ids = indexed.ids[rows].tolist()
    position_of = {article_id: position for position, article_id in enumerate(ids)}
    has_terms = indexed.has_terms[rows].tolist()
    has_title = indexed.has_title[rows].tolist()
    for chunk in chunks(ids):
        for article_id, names, openers, word_count, published in library.db.execute(
                f"SELECT article_id, names, openers, words, published FROM story_index "
                f"WHERE article_id IN ({placeholders(chunk)})", chunk):
            position = position_of[article_id]
            found[article_id] = ((article_id, names, openers, word_count, published, has_terms[position],
                                  has_title[position]), [])
    for mention in accepted_mentions(library, ids):
        found[mention[0]][1].append(mention)
    return found


def _facts(articles: list[tuple[int, str, str, int, str | None, bool, bool]], mentions: list[tuple[int, str, str]]
           ) -> dict[int, StoryFacts]:
    """What the evidence reads of ``articles`` (rows as :func:`_stored_rows` gives them), with each
    accepted mention's entity (``mentions``: article, words, entity) in place of the words that name
    it, so "UK" in one article and "United Kingdom" in another, tagged as one entity, count as a name
    both share."""
    texts = {article_id: StoryFacts(json.loads(names), json.loads(openers), words, parse_day(published), has_terms,
                                    has_title)
             for article_id, names, openers, words, published, has_terms, has_title in articles}
    for article_id, words, entity in mentions:
        text = texts[article_id]
        folded = words.casefold()
        text.names.pop(folded, None)
        text.openers.pop(folded, None)
        text.names[entity.casefold()] = entity
    return texts


def accepted_mentions(library: Library, article_ids: list[int] | None = None) -> list[tuple[int, str, str]]:
    """Accepted mentions as (article, words, entity), in the order they were made: of every article,
    or of ``article_ids`` only (a block of pairs' articles, not the library's every mention)."""
    query = ("SELECT m.article_id, m.text, e.name FROM mentions m JOIN entities e ON e.id = m.entity_id "
             "WHERE m.status = ?")
    if article_ids is None:
        return library.db.execute(f"{query} ORDER BY m.rowid", [MentionStatus.ACCEPTED]).fetchall()
    found = []
    for chunk in chunks(article_ids):
        found += library.db.execute(f"{query} AND m.article_id IN ({placeholders(chunk)}) ORDER BY m.rowid",
                                    [MentionStatus.ACCEPTED, *chunk]).fetchall()
    return found
