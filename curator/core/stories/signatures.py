"""Story signatures: what the story index keeps of each article, as numbers the scan reads in bulk.

A signature is one array of 32-bit integers: a header (how many terms, title terms and names,
and the publication day as an ordinal, 0 when unknown), then the term ids and their counts, the
title's term ids and counts, and the ids of its names and sentence openers. Term ids are
``story_terms.id``, name ids ``story_names.id``; ids are given once and never reused, so a
signature stays valid as the library grows. Reading a hundred thousand signatures is one query
and a few array operations, where reading the same from JSON takes seconds.

>>> from curator.core.stories.score import story_text
>>> vocabulary = Vocabulary({}, {})
>>> signature = vocabulary.encode(story_text("Equinor starts Hywind", "Equinor starts Hywind Tampen.", "2022-11-14"))
>>> table = Signatures.decode([7], [signature])
>>> sorted(vocabulary.terms, key=vocabulary.terms.get)
['equinor', 'starts', 'hywind', 'tampen']
>>> table.terms.toarray().tolist(), table.titles.toarray().tolist(), table.days.tolist()
([[2.0, 2.0, 2.0, 1.0]], [[1.0, 1.0, 1.0, 0.0]], [738473])
"""

from __future__ import annotations

import json
from array import array
from dataclasses import dataclass, field
from typing import Callable, Iterable

import numpy as np
from scipy import sparse

from curator.core.library.store import Library
from curator.core.stories.score import StoryText

# Terms, title terms and names counted, and the day: the header of every signature.
_HEADER = 4
# The parts of a signature after its header, in order.
_TERM_IDS, _TERM_COUNTS, _TITLE_IDS, _TITLE_COUNTS, _NAME_IDS = range(1, 6)
# Signatures decoded at once: bounds the memory their raw bytes take.
DECODE_ROWS = 10_000


@dataclass
class Vocabulary:
    """The ids of the terms and names the index has seen (folded names: names and openers alike);
    ids given here since the last :meth:`store` are written by it."""

    terms: dict[str, int]
    names: dict[str, int]
    new_terms: list[str] = field(default_factory=list)
    new_names: list[str] = field(default_factory=list)
    # Whether the index may hold rows stored before signatures were kept: their terms were counted
    # without ids, and each scan since gives every row a signature and every term an id in one
    # transaction. A vocabulary of no terms at all may be one of rows that had none.
    may_hold_unsigned: bool = False

    @classmethod
    def read(cls, library: Library) -> Vocabulary:
        """The library's vocabulary; terms counted before signatures existed get their ids now."""
        terms: dict[str, int] = {}
        unnumbered = []
        for term, term_id in library.db.execute("SELECT term, id FROM story_terms"):
            if term_id is None:
                unnumbered.append(term)
            else:
                terms[term] = term_id
        vocabulary = cls(terms, dict(library.db.execute("SELECT name, id FROM story_names").fetchall()),
                         may_hold_unsigned=bool(unnumbered) or not terms)
        if unnumbered:
            numbered = [(vocabulary.term_id(term), term) for term in unnumbered]
            library.db.conn.executemany("UPDATE story_terms SET id = ? WHERE term = ?", numbered)
            vocabulary.new_terms.clear()
        return vocabulary

    def term_id(self, term: str) -> int:
        found = self.terms.get(term)
        if found is None:
            found = self.terms[term] = len(self.terms)
            self.new_terms.append(term)
        return found

    def name_id(self, name: str) -> int:
        found = self.names.get(name)
        if found is None:
            found = self.names[name] = len(self.names)
            self.new_names.append(name)
        return found

    def encode(self, text: StoryText) -> bytes:
        """``text``'s signature, giving ids to the terms and names new to the vocabulary."""
        names = self._ids(_folded_names(text), self.names, self.name_id)
        values = [len(text.terms), len(text.title_terms), len(names),
                  text.published.toordinal() if text.published else 0,
                  *self._ids(text.terms, self.terms, self.term_id), *text.terms.values(),
                  *self._ids(text.title_terms, self.terms, self.term_id), *text.title_terms.values(), *names]
        return np.array(values, dtype=np.int32).tobytes()

    def sign(self, read: ReadTexts) -> tuple[list[bytes], np.ndarray]:
        """The signatures of ``read``'s texts, as :meth:`encode` gives them, and the term ids of them
        all, one text's after another's (for the document frequencies)."""
        term_ids = np.array(self._ids(read.terms, self.terms, self.term_id), dtype=np.int32)
        name_ids = np.array(self._ids(read.names, self.names, self.name_id), dtype=np.int32)
        values = np.frombuffer(read.values, dtype=np.int32).copy()
        starts = np.frombuffer(read.starts, dtype=np.int32).astype(np.int64)
        part = _layout(values, starts)[-1]
        for kind, ids in ((_TERM_IDS, term_ids), (_TITLE_IDS, term_ids), (_NAME_IDS, name_ids)):
            at = part == kind
            values[at] = ids[values[at]]
        data = values.tobytes()
        bounds = [*(4 * starts).tolist(), len(data)]
        return [data[start:end] for start, end in zip(bounds, bounds[1:])], values[part == _TERM_IDS]

    @staticmethod
    def _ids(words: Iterable[str], known: dict[str, int], give: Callable[[str], int]) -> list[int]:
        # Looked up in bulk first: a scan encodes millions of terms, nearly all of them known.
        ids = list(map(known.get, words))
        if None in ids:
            ids = [give(word) if found is None else found for word, found in zip(words, ids)]
        return ids  # type: ignore[return-value]

    def store(self, library: Library) -> None:
        """Write the ids given since the vocabulary was read (a term's count is the scan's to keep)."""
        library.db.conn.executemany(
            "INSERT INTO story_terms (term, articles, id) VALUES (?, 0, ?) ON CONFLICT (term) DO UPDATE SET id = excluded.id",
            [(term, self.terms[term]) for term in self.new_terms])
        library.db.conn.executemany("INSERT INTO story_names (name, id) VALUES (?, ?)",
                                    [(name, self.names[name]) for name in self.new_names])
        self.new_terms.clear()
        self.new_names.clear()

    def term_list(self) -> list[str]:
        """The terms, each at its id."""
        listed = [""] * len(self.terms)
        for term, term_id in self.terms.items():
            listed[term_id] = term
        return listed


class _Positions(dict):
    """Each word's position in the order words are first asked for (looked up in bulk: most are known)."""

    def __missing__(self, word: str) -> int:
        position = self[word] = len(self)
        return position


@dataclass(frozen=True)
class ReadTexts:
    """Texts read for the story index as a worker process sends them back: the terms and names of
    them all listed once, each text's signature with its positions in those lists in place of ids
    (:meth:`Vocabulary.sign` puts the ids in), and what the index stores beside it. Lists of
    strings and arrays of numbers are quick to send between processes; the texts' counters are not,
    and the process that stores them has only to look up each term once a batch."""

    terms: list[str]
    names: list[str]
    values: array  # int32: the signatures one after another
    starts: array  # int32: where each text's signature starts in ``values``
    names_json: list[str]
    openers_json: list[str]
    words: list[int]
    published: list[str | None]

    @classmethod
    def of(cls, texts: Iterable[StoryText]) -> ReadTexts:
        terms, names = _Positions(), _Positions()
        read = cls(terms=[], names=[], values=array("i"), starts=array("i"), names_json=[], openers_json=[],
                   words=[], published=[])
        for text in texts:
            read.starts.append(len(read.values))
            # Positions given in the order encode gives ids, so new terms and names get the same ids.
            named = list(map(names.__getitem__, _folded_names(text)))
            read.values.extend((len(text.terms), len(text.title_terms), len(named),
                                text.published.toordinal() if text.published else 0))
            read.values.extend(map(terms.__getitem__, text.terms))
            read.values.extend(text.terms.values())
            read.values.extend(map(terms.__getitem__, text.title_terms))
            read.values.extend(text.title_terms.values())
            read.values.extend(named)
            read.names_json.append(json.dumps(text.names))
            read.openers_json.append(json.dumps(text.openers))
            read.words.append(text.words)
            read.published.append(text.published.isoformat() if text.published else None)
        read.terms.extend(terms)
        read.names.extend(names)
        return read


@dataclass(frozen=True)
class Signatures:
    """Many articles' signatures as matrices, one row per article (``ids``, ascending): term counts,
    title term counts, names (a 1 per name), and days (ordinals, 0 when unknown)."""

    ids: np.ndarray
    terms: sparse.csr_matrix
    titles: sparse.csr_matrix
    names: sparse.csr_matrix
    days: np.ndarray

    @classmethod
    def decode(cls, ids: list[int], signatures: list[bytes]) -> Signatures:
        values = np.frombuffer(b"".join(signatures), dtype=np.int32)
        starts = np.zeros(len(signatures), dtype=np.int64)
        np.cumsum([len(signature) // 4 for signature in signatures[:-1]], out=starts[1:])
        term_counts, title_counts, name_counts, days, part = _layout(values, starts)
        term_ids, title_ids = values[part == _TERM_IDS], values[part == _TITLE_IDS]
        # Titles' terms are counted in the text too; the widest row of either sets the width.
        width = max(int(term_ids.max(initial=-1)), int(title_ids.max(initial=-1))) + 1
        terms = _counts_matrix(term_ids, values[part == _TERM_COUNTS], term_counts, width)
        titles = _counts_matrix(title_ids, values[part == _TITLE_COUNTS], title_counts, width)
        names = values[part == _NAME_IDS]
        return cls(np.array(ids, dtype=np.int64), terms, titles,
                   _counts_matrix(names, np.ones(len(names)), name_counts, int(names.max(initial=-1)) + 1), days)

    def with_names(self, names: sparse.csr_matrix) -> Signatures:
        return Signatures(self.ids, self.terms, self.titles, names, self.days)


@dataclass(frozen=True)
class IndexedRows:
    """What the scan keeps of the index's rows once their TF-IDF matrices are made: ids (ascending),
    names, days, and whether each has terms and a title with terms. The term counts, the largest
    part of the signatures, are then let go: the candidates' products need memory more."""

    ids: np.ndarray
    names: sparse.csr_matrix
    days: np.ndarray
    has_terms: np.ndarray
    has_title: np.ndarray

    @classmethod
    def of(cls, table: Signatures) -> IndexedRows:
        return cls(table.ids, table.names, table.days, np.diff(table.terms.indptr) > 0,
                   np.diff(table.titles.indptr) > 0)


def read_signatures(library: Library, query: str, parameters: Iterable = ()) -> Signatures:
    """The signatures of the ``(article_id, signature)`` rows ``query`` selects, by article id; decoded
    a block of rows at a time, so the raw signatures of a large library are never all in memory."""
    cursor = library.db.execute(query, list(parameters))
    blocks = []
    while rows := cursor.fetchmany(DECODE_ROWS):
        blocks.append(Signatures.decode([row[0] for row in rows], [row[1] for row in rows]))
    if not blocks:
        return Signatures.decode([], [])
    return Signatures(np.concatenate([block.ids for block in blocks]), _stacked([block.terms for block in blocks]),
                      _stacked([block.titles for block in blocks]), _stacked([block.names for block in blocks]),
                      np.concatenate([block.days for block in blocks]))


def _folded_names(text: StoryText) -> list[str]:
    """The folded names and openers of ``text``, in order: a signature is the same in any process."""
    return list(dict.fromkeys([*text.names, *text.openers]))


def _layout(values: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, ...]:
    """The terms, title terms, names and days of the signatures in ``values`` (starting at ``starts``),
    and each value's part of its signature: every part of every signature is then one mask away,
    in signature order."""
    term_counts, title_counts, name_counts = (values[starts + i].astype(np.int64) for i in range(3))
    days = values[starts + 3].astype(np.int64)
    lengths = np.stack([np.full(len(starts), _HEADER), term_counts, term_counts, title_counts, title_counts,
                        name_counts], axis=1).ravel()
    part = np.repeat(np.tile(np.arange(6, dtype=np.int8), len(starts)), lengths)
    return term_counts, title_counts, name_counts, days, part


def _stacked(matrices: list[sparse.csr_matrix]) -> sparse.csr_matrix:
    """Rows of ``matrices``, one after another, as wide as the widest."""
    offsets = np.cumsum([0] + [matrix.nnz for matrix in matrices[:-1]])
    indptr = np.concatenate([[0]] + [matrix.indptr[1:] + offset for matrix, offset in zip(matrices, offsets)])
    return sparse.csr_matrix((np.concatenate([matrix.data for matrix in matrices]),
                              np.concatenate([matrix.indices for matrix in matrices]), indptr),
                             shape=(len(indptr) - 1, max(matrix.shape[1] for matrix in matrices)))


def _counts_matrix(columns: np.ndarray, counts: np.ndarray, lengths: np.ndarray, width: int) -> sparse.csr_matrix:
    """Rows of ``lengths`` entries each (no column twice in a row, as a signature has them)."""
    indptr = np.concatenate(([0], np.cumsum(lengths)))
    return sparse.csr_matrix((counts.astype(np.float32), columns, indptr), shape=(len(lengths), max(width, 1)))
