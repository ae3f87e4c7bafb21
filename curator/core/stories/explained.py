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
from curator.core.dedupe.clusters import Pair
from curator.core.library.sql import chunks, placeholders
from curator.core.library.states import MentionStatus
from curator.core.library.store import Library
from curator.core.stories.score import (
    STRONGEST_TERMS,
    StoryEvidence,
    StoryFacts,
    evidences,
    parse_day,
)
from curator.core.stories.signatures import IndexedRows

# Pairs whose texts are read at once for their evidence: each text holds its terms, so a few
# thousand pairs' texts are a few tens of megabytes.
EVIDENCE_PAIRS = 4000
# Articles whose evidence facts stay read between blocks of pairs (an article is in many blocks).
FACTS_KEPT = 40_000


@dataclass(frozen=True)
class Candidates:
    """The pairs the story score puts over the threshold (``ids_a[i] < ids_b[i]``), with their library
    scores, their rows of ``indexed`` and their cosines, in arrays: the evidence of the few kept is
    worked out by :meth:`evidence`."""

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

    def evidence(self, library: Library, positions: np.ndarray) -> Iterator[dict[Pair, StoryEvidence]]:
        """The evidence of the pairs at ``positions`` (what ``compare_stories`` says of them, from the
        matrices' cosines), with the terms each pair shares by the product of their weights.

        A block of pairs at a time, texts read for each: a large library's hundreds of thousands of
        pairs' evidence, held at once, would take more memory than finding them."""
        kept: OrderedDict[int, StoryFacts] = OrderedDict()  # facts read for earlier blocks, least recent first
        for start in range(0, len(positions), EVIDENCE_PAIRS):
            block = positions[start:start + EVIDENCE_PAIRS]
            rows_a, rows_b = self.rows_a[block], self.rows_b[block]
            rows = distinct(np.concatenate([rows_a, rows_b]))
            ids = self.indexed.ids[rows].tolist()
            kept.update(_stored_facts(library, self.indexed, rows[[i not in kept for i in ids]]))
            for article_id in ids:
                kept.move_to_end(article_id)
            strongest, bounds = _strongest_columns(self.texts[rows_a].multiply(self.texts[rows_b]).tocsr())
            ids_a, ids_b = self.ids_a[block].tolist(), self.ids_b[block].tolist()
            found = dict(zip(zip(ids_a, ids_b), evidences(
                [(kept[a], kept[b]) for a, b in zip(ids_a, ids_b)], self.text_cosines[block].tolist(),
                self.title_cosines[block].tolist(),
                [[self.terms[column] for column in strongest[first:last]] for first, last in zip(bounds, bounds[1:])],
                self.closest[block].tolist())))
            while len(kept) > FACTS_KEPT:
                kept.popitem(last=False)
            yield found


def _strongest_columns(products: sparse.csr_matrix) -> tuple[list[int], list[int]]:
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


def _stored_facts(library: Library, indexed: IndexedRows, rows: np.ndarray) -> dict[int, StoryFacts]:
    """What the evidence reads of the indexed articles at ``rows``, their names as the curator's
    entities name them: names from the index, whether it has terms from the signatures."""
    facts: dict[int, StoryFacts] = {}
    ids = indexed.ids[rows].tolist()
    position_of = {article_id: position for position, article_id in enumerate(ids)}
    has_terms = indexed.has_terms[rows].tolist()
    has_title = indexed.has_title[rows].tolist()
    for chunk in chunks(ids):
        for article_id, names, openers, word_count, published in library.db.execute(
                f"SELECT article_id, names, openers, words, published FROM story_index "
                f"WHERE article_id IN ({placeholders(chunk)})", chunk):
            position = position_of[article_id]
            facts[article_id] = StoryFacts(json.loads(names), json.loads(openers), word_count, parse_day(published),
                                           has_terms[position], has_title[position])
    _name_entities(library, facts)
    return facts


def _name_entities(library: Library, texts: dict[int, StoryFacts]) -> None:
    """Put each accepted mention's entity in place of the words that name it, so "UK" in one
    article and "United Kingdom" in another, tagged as one entity, count as a name both share."""
    for article_id, words, entity in accepted_mentions(library, list(texts)):
        text = texts[article_id]
        folded = words.casefold()
        text.names.pop(folded, None)
        text.openers.pop(folded, None)
        text.names[entity.casefold()] = entity


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
