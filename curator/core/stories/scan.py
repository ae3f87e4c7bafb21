"""The story scan: read new articles' terms and names, find the articles telling the same story,
and suggest those that are not copies as ``related`` pairs.

Incremental like the copy scan: an active article without a ``story_index`` row is new; its
terms update the library's document frequencies (``story_terms``), then every new article is
compared with every indexed one by sparse TF-IDF cosines of texts and of titles, and the best
candidates of each are scored with the full story score. Pairs already suggested or decided (a
copy, say) are left as they are, so the copy scan runs first. One transaction stores the index
rows, the frequencies, the new pairs and a history row.

>>> from curator.core.ingest import import_paths, sample_paths
>>> from curator.core.library import Library
>>> library = Library.open(":memory:")
>>> from curator.core.dedupe import scan_duplicates
>>> _ = import_paths(library, sample_paths())
>>> _ = scan_duplicates(library)                 # the samples are a copy pair: the copy scan has them
>>> report = scan_stories(library)
>>> report.new_articles, report.pairs_added
(2, 0)
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterator

import numpy as np
from scipy import sparse

from curator.core.dedupe.clusters import Pair
from curator.core.errors import Cancelled
from curator.core.library.sql import chunks, placeholders
from curator.core.library.states import (
    ArticleStatus,
    MentionStatus,
    Operation,
    PairKind,
    PairStatus,
)
from curator.core.library.store import Library, utc_now
from curator.core.parallel import ordered_map
from curator.core.progress import (
    CancelCheck,
    ProgressCallback,
    never_cancelled,
    no_progress,
)
from curator.core.stories import score
from curator.core.stories.score import (
    LIBRARY_MODEL,
    MIN_SHARED_NAMES,
    STRONGEST_TERMS,
    StoryEvidence,
    StoryText,
    days_apart,
    evidence,
    shared_names,
    story_text,
)
from curator.core.stories.terms import Weights

# Each new article's best candidates by text cosine (and by title cosine) are scored in full.
CANDIDATES_PER_ARTICLE = 30
# Cosines under these are too low for the story score to reach the threshold.
MIN_TEXT_COSINE = 0.1
MIN_TITLE_COSINE = 0.4
# Terms in more than this share of the articles are left out of candidate generation.
COMMON_TERM_SHARE = 0.02
BATCH = 500
# New articles whose cosines are computed at once: bounds the memory of the sparse product.
PRODUCT_ROWS = 100
# Candidate pairs whose exact cosines are computed at once.
PAIRS_PER_BLOCK = 20_000
# Each new article is suggested with at most this many other versions, its closest.
VERSIONS_PER_ARTICLE = 5
# From this many new articles on, reading them runs in worker processes.
PARALLEL_MIN_ARTICLES = 4000


@dataclass
class StoryScanReport:
    new_articles: int = 0
    candidates: int = 0
    pairs_added: int = 0
    seconds: float = 0.0
    added: list[Pair] = field(default_factory=list)

    def summary(self) -> str:
        return (f"Read {self.new_articles} new article{'s' if self.new_articles != 1 else ''} for stories: "
                f"{self.pairs_added} same-story suggestion{'s' if self.pairs_added != 1 else ''}")


def count_unread(library: Library) -> int:
    """How many active articles the next story scan would read."""
    return library.db.execute(
        "SELECT count(*) FROM articles a WHERE status = ? AND NOT EXISTS "
        "(SELECT 1 FROM story_index s WHERE s.article_id = a.id)", [ArticleStatus.ACTIVE]).fetchone()[0]


def scan_stories(library: Library, *, progress: ProgressCallback = no_progress,
                 cancelled: CancelCheck = never_cancelled) -> StoryScanReport:
    """Index the articles new to the story scan and suggest their same-story pairs."""
    started = time.perf_counter()
    report = StoryScanReport()
    new_ids = [row[0] for row in library.db.execute(
        "SELECT id FROM articles a WHERE status = ? AND NOT EXISTS "
        "(SELECT 1 FROM story_index s WHERE s.article_id = a.id) ORDER BY id", [ArticleStatus.ACTIVE])]
    report.new_articles = len(new_ids)
    if not new_ids:
        report.seconds = time.perf_counter() - started
        return report
    texts: dict[int, StoryText] = {}

    def batches() -> Iterator[tuple[list[int], list[tuple[str | None, str, str | None]]]]:
        for chunk in chunks(new_ids, BATCH):
            rows = library.db.execute(
                f"SELECT id, title, body, published FROM articles WHERE id IN ({placeholders(chunk)})", chunk)
            ids, articles = [], []
            for article_id, title, body, published in rows:
                ids.append(article_id)
                articles.append((title, body or "", published))
            yield ids, articles

    reading = ordered_map(read_stories, batches(), parallel=len(new_ids) >= PARALLEL_MIN_ARTICLES)
    try:
        for ids, read in reading:
            if cancelled():
                raise Cancelled("Story scan cancelled; nothing was changed")
            texts.update(zip(ids, read))
            progress(len(texts), len(new_ids), "Reading articles for stories")
    finally:
        reading.close()
    progress(len(new_ids), len(new_ids), "Comparing stories")
    with library.atomic() as db:
        _store_index(library, texts)
        indexed = _indexed_texts(library)
        weights = _weights(library)
        candidates = _candidates(indexed, new_ids, weights, _known_pairs(library, new_ids), cancelled)
        report.candidates = len(candidates)
        now = utc_now()
        suggested = {pair: signs for pair, signs in candidates.items() if signs.suggested}
        for a, b in closest_versions(suggested, set(new_ids)):
            signs = suggested[(a, b)]
            db.execute("INSERT INTO pairs (a, b, score, kind, reason, status, found_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [a, b, round(signs.library_score, 4), PairKind.RELATED, json.dumps(signs.as_reason()),
                        PairStatus.OPEN, now])
            report.added.append((a, b))
        report.pairs_added = len(report.added)
        # Listed for the record, not undone: undo takes back decisions, and a scan decides nothing.
        library.journal(Operation.SCAN_STORIES, report.summary(),
                        args={"new_articles": report.new_articles, "pairs_added": report.pairs_added})
    report.seconds = time.perf_counter() - started
    return report


def closest_versions(suggested: dict[Pair, StoryEvidence], new: set[int]) -> list[Pair]:
    """The suggested pairs among each new article's best few, in order: a story has a handful of
    versions, and an article close to dozens of others is on a busy topic, not in one story."""
    best: dict[int, list[Pair]] = {}
    for pair in sorted(suggested, key=lambda pair: -suggested[pair].library_score):
        for article in pair:
            if article in new:
                best.setdefault(article, []).append(pair)
    return sorted({pair for pairs in best.values() for pair in pairs[:VERSIONS_PER_ARTICLE]})


def read_stories(articles: list[tuple[str | None, str, str | None]]) -> list[StoryText]:
    """Each ``(title, body, published)`` read for the story score; runs in worker processes too."""
    return [story_text(title, body, published) for title, body, published in articles]


def _store_index(library: Library, texts: dict[int, StoryText]) -> None:
    frequencies: Counter[str] = Counter()
    for article_id, text in texts.items():
        library.db.execute(
            "INSERT INTO story_index (article_id, terms, title_terms, names, openers, words, published) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [article_id, json.dumps(text.terms), json.dumps(text.title_terms), json.dumps(text.names),
             json.dumps(text.openers), text.words, text.published.isoformat() if text.published else None])
        frequencies.update(text.terms.keys())
    library.db.conn.executemany(
        "INSERT INTO story_terms (term, articles) VALUES (?, ?) "
        "ON CONFLICT (term) DO UPDATE SET articles = articles + excluded.articles", frequencies.items())


def _indexed_texts(library: Library) -> dict[int, StoryText]:
    """Every active article's indexed text, its names as the curator's entities name them."""
    rows = library.db.execute(
        "SELECT s.article_id, s.terms, s.title_terms, s.names, s.openers, s.words, s.published FROM story_index s "
        "JOIN articles a ON a.id = s.article_id WHERE a.status = ?", [ArticleStatus.ACTIVE])
    texts = {article_id: StoryText.stored(json.loads(terms), json.loads(title_terms), json.loads(names),
                                          json.loads(openers), words, published)
             for article_id, terms, title_terms, names, openers, words, published in rows}
    _name_entities(library, texts)
    return texts


def _name_entities(library: Library, texts: dict[int, StoryText]) -> None:
    """Put each accepted mention's entity in place of the words that name it, so "UK" in one
    article and "United Kingdom" in another, tagged as one entity, count as a name both share."""
    for article_id, words, entity in library.db.execute(
            "SELECT m.article_id, m.text, e.name FROM mentions m JOIN entities e ON e.id = m.entity_id "
            "WHERE m.status = ?", [MentionStatus.ACCEPTED]):
        text = texts.get(article_id)
        if text is None:
            continue
        folded = words.casefold()
        text.names.pop(folded, None)
        text.openers.pop(folded, None)
        text.names[entity.casefold()] = entity


def _weights(library: Library) -> Weights:
    articles = library.db.execute("SELECT count(*) FROM story_index").fetchone()[0]
    return Weights(articles, dict(library.db.execute("SELECT term, articles FROM story_terms").fetchall()))


def _candidates(indexed: dict[int, StoryText], new_ids: list[int], weights: Weights, known: set[Pair],
                cancelled: CancelCheck) -> dict[Pair, StoryEvidence]:
    """Pairs of a new article and an indexed one that the story score may put over the threshold,
    with their evidence (what ``compare_stories`` says of them, from the matrices' cosines).

    Each new article's nearest articles by text and by title (sparse cosines over the terms rare
    enough to tell stories apart, a block of new articles at a time so memory stays bounded) are
    scored with exact cosines and their dates; names, the one sign read in Python per pair, are
    read only where the rest leaves the score within reach.
    """
    ids = np.array(sorted(indexed))
    row_of = {int(article_id): row for row, article_id in enumerate(ids)}
    new_rows = np.array([row_of[article_id] for article_id in new_ids if article_id in row_of], dtype=np.int64)
    texts, vocabulary = _tfidf_matrix([indexed[int(i)].terms for i in ids], weights)
    titles, _ = _tfidf_matrix([indexed[int(i)].title_terms for i in ids], weights)
    found: set[Pair] = set()
    for matrix, floor in ((texts, MIN_TEXT_COSINE), (titles, MIN_TITLE_COSINE)):
        telling = _without_common_terms(matrix)
        for block in range(0, len(new_rows), PRODUCT_ROWS):
            if cancelled():
                raise Cancelled("Story scan cancelled; nothing was changed")
            rows = new_rows[block:block + PRODUCT_ROWS]
            similar = (telling[rows] @ telling.T).tocsr()
            for position, row in enumerate(rows):
                start, end = similar.indptr[position], similar.indptr[position + 1]
                columns, values = similar.indices[start:end], similar.data[start:end]
                columns = columns[values >= floor * 0.5]  # the pruned terms make these cosines an underestimate
                values = values[values >= floor * 0.5]
                for column in columns[np.argsort(-values)[:CANDIDATES_PER_ARTICLE + 1]]:
                    if column != row:
                        a, b = sorted((int(ids[row]), int(ids[column])))
                        found.add((a, b))
    pairs = sorted(found - known)
    if not pairs:
        return {}
    names_matrix = _names_matrix([indexed[int(i)] for i in ids])
    name_counts = np.diff(names_matrix.indptr)
    reachable = {}
    for (a, b), text, title, common in zip(pairs, _row_cosines(texts, pairs, row_of),
                                           _row_cosines(titles, pairs, row_of), _row_cosines(names_matrix, pairs, row_of)):
        # Names and sentence openers both sides have: at least the names the two share, so a
        # pair out of reach with these is out of reach.
        fewer = min(name_counts[row_of[a]], name_counts[row_of[b]])
        days = days_apart(indexed[a], indexed[b])
        if common < MIN_SHARED_NAMES or LIBRARY_MODEL.logit(text, title, common / fewer, days) < score.threshold_logit():
            continue
        names, overlap = shared_names(indexed[a], indexed[b])
        if len(names) >= MIN_SHARED_NAMES and LIBRARY_MODEL.logit(text, title, overlap, days) >= score.threshold_logit():
            strongest = _strongest_common_terms(texts, row_of[a], row_of[b], vocabulary)
            reachable[(a, b)] = evidence(indexed[a], indexed[b], text, title, strongest)
    return reachable


def _strongest_common_terms(matrix: sparse.csr_matrix, row_a: int, row_b: int, vocabulary: list[str]) -> list[str]:
    """The terms two rows share, by the product of their weights, strongest first."""
    slice_a = slice(matrix.indptr[row_a], matrix.indptr[row_a + 1])
    slice_b = slice(matrix.indptr[row_b], matrix.indptr[row_b + 1])
    common, at_a, at_b = np.intersect1d(matrix.indices[slice_a], matrix.indices[slice_b], return_indices=True)
    products = matrix.data[slice_a][at_a] * matrix.data[slice_b][at_b]
    return [vocabulary[column] for column in common[np.argsort(-products, kind="stable")[:STRONGEST_TERMS]]]


def _row_cosines(matrix: sparse.csr_matrix, pairs: list[Pair], row_of: dict[int, int]) -> Iterator[float]:
    """The exact cosine of each pair's rows, a block of pairs at a time so memory stays bounded."""
    for start in range(0, len(pairs), PAIRS_PER_BLOCK):
        block = pairs[start:start + PAIRS_PER_BLOCK]
        first = np.array([row_of[a] for a, _ in block])
        second = np.array([row_of[b] for _, b in block])
        yield from np.asarray(matrix[first].multiply(matrix[second]).sum(axis=1)).ravel().tolist()


def _names_matrix(texts: list[StoryText]) -> sparse.csr_matrix:
    """One row per text, a 1 in the column of each name or sentence opener it has."""
    columns: dict[str, int] = {}
    indptr, indices = [0], list[int]()
    for text in texts:
        indices.extend(columns.setdefault(name, len(columns)) for name in text.names.keys() | text.openers.keys())
        indptr.append(len(indices))
    return sparse.csr_matrix((np.ones(len(indices), dtype=np.float32), np.array(indices, dtype=np.int64), indptr),
                             shape=(len(texts), max(len(columns), 1)))


def _without_common_terms(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """``matrix`` without the columns of terms in more than a few percent of the articles: they link
    nearly everything to everything and tell no story apart, so candidates are found without them."""
    rows = matrix.shape[0]
    if rows < 200:
        return matrix
    in_articles = np.bincount(matrix.indices, minlength=matrix.shape[1])
    keep = np.flatnonzero(in_articles <= max(20, rows * COMMON_TERM_SHARE))
    return matrix[:, keep].tocsr()


def _tfidf_matrix(counts: list[Counter[str]], weights: Weights) -> tuple[sparse.csr_matrix, list[str]]:
    """Rows of L2-normalised TF-IDF vectors, one per text, over a shared term index (the terms, in
    column order, come with it): the vectors ``Weights.vector`` gives, weighed in arrays (each
    term's IDF worked out once)."""
    columns: dict[str, int] = {}
    indptr, indices, occurrences = [0], list[int](), list[int]()
    for text in counts:
        for term, count in text.items():
            indices.append(columns.setdefault(term, len(columns)))
            occurrences.append(count)
        indptr.append(len(indices))
    column_of = np.array(indices, dtype=np.int64)
    idf = np.array([weights.idf(term) for term in columns], dtype=np.float64)
    values = (1 + np.log(np.array(occurrences, dtype=np.float64))) * idf[column_of] if indices else np.zeros(0)
    matrix = sparse.csr_matrix((values, column_of, indptr), shape=(len(counts), max(len(columns), 1)))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    matrix = sparse.diags(1 / norms) @ matrix
    matrix.eliminate_zeros()
    return matrix.astype(np.float32).tocsr(), list(columns)


def _known_pairs(library: Library, new_ids: list[int]) -> set[Pair]:
    """Pairs already suggested or decided that involve a new article."""
    known: set[Pair] = set()
    for chunk in chunks(new_ids):
        marks = placeholders(chunk)
        known.update(library.db.execute(f"SELECT a, b FROM pairs WHERE a IN ({marks}) OR b IN ({marks})",
                                        chunk + chunk).fetchall())
    return known
