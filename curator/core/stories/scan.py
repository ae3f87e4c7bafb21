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

import numpy as np
from scipy import sparse

from curator.core.dedupe.clusters import Pair
from curator.core.errors import Cancelled
from curator.core.library.history import RowChanges, record
from curator.core.library.sql import chunks, placeholders
from curator.core.library.states import ArticleStatus, Operation, PairKind, PairStatus
from curator.core.library.store import Library, utc_now
from curator.core.progress import CancelCheck, ProgressCallback, never_cancelled, no_progress
from curator.core.stories.score import StoryText, compare_stories, story_text
from curator.core.stories.terms import Weights

# Suggested from this score: more likely the same story than not.
RELATED_THRESHOLD = 0.5
# Each new article's best candidates by text cosine (and by title cosine) are scored in full.
CANDIDATES_PER_ARTICLE = 30
# Cosines under these are too low for the story score to reach the threshold.
MIN_TEXT_COSINE = 0.1
MIN_TITLE_COSINE = 0.4
BATCH = 500


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
    for done, chunk in enumerate(chunks(new_ids, BATCH)):
        if cancelled():
            raise Cancelled("Story scan cancelled; nothing was changed")
        progress(done * BATCH, len(new_ids), "Reading articles for stories")
        for article_id, title, body, published in library.db.execute(
                f"SELECT id, title, body, published FROM articles WHERE id IN ({placeholders(chunk)})", chunk):
            texts[article_id] = story_text(title, body or "", published)
    progress(len(new_ids), len(new_ids), "Comparing stories")
    with library.atomic() as db:
        _store_index(library, texts)
        indexed = _indexed_texts(library)
        weights = _weights(library)
        candidates = _candidates(indexed, new_ids, weights) - _known_pairs(library, new_ids)
        report.candidates = len(candidates)
        now = utc_now()
        rows = RowChanges(library)
        for a, b in sorted(candidates):
            if cancelled():
                raise Cancelled("Story scan cancelled; nothing was changed")
            evidence = compare_stories(indexed[a], indexed[b], weights)
            if evidence.score >= RELATED_THRESHOLD:
                db.execute("INSERT INTO pairs (a, b, score, kind, reason, status, found_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           [a, b, round(evidence.score, 4), PairKind.RELATED, json.dumps(evidence.as_reason()),
                            PairStatus.OPEN, now])
                report.added.append((a, b))
        report.pairs_added = len(report.added)
        record(library, Operation.SCAN_STORIES, report.summary(),
               {"new_articles": report.new_articles, "pairs_added": report.pairs_added}, rows)
    report.seconds = time.perf_counter() - started
    return report


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
    """Every active article's indexed text."""
    rows = library.db.execute(
        "SELECT s.article_id, s.terms, s.title_terms, s.names, s.openers, s.words, s.published FROM story_index s "
        "JOIN articles a ON a.id = s.article_id WHERE a.status = ?", [ArticleStatus.ACTIVE])
    return {article_id: StoryText.stored(json.loads(terms), json.loads(title_terms), json.loads(names),
                                         json.loads(openers), words, published)
            for article_id, terms, title_terms, names, openers, words, published in rows}


def _weights(library: Library) -> Weights:
    articles = library.db.execute("SELECT count(*) FROM story_index").fetchone()[0]
    return Weights(articles, dict(library.db.execute("SELECT term, articles FROM story_terms").fetchall()))


def _candidates(indexed: dict[int, StoryText], new_ids: list[int], weights: Weights) -> set[Pair]:
    """Pairs of a new article and any indexed one whose texts or titles are alike enough to score."""
    ids = sorted(indexed)
    row_of = {article_id: row for row, article_id in enumerate(ids)}
    new_rows = [row_of[article_id] for article_id in new_ids if article_id in row_of]
    found: set[Pair] = set()
    for attribute, floor in (("terms", MIN_TEXT_COSINE), ("title_terms", MIN_TITLE_COSINE)):
        matrix = _tfidf_matrix([getattr(indexed[article_id], attribute) for article_id in ids], weights)
        similar = (matrix[new_rows] @ matrix.T).tocsr()
        for position, row in enumerate(new_rows):
            start, end = similar.indptr[position], similar.indptr[position + 1]
            columns, values = similar.indices[start:end], similar.data[start:end]
            keep = values >= floor
            columns, values = columns[keep], values[keep]
            best = columns[np.argsort(-values)[:CANDIDATES_PER_ARTICLE + 1]]
            found.update((min(ids[row], ids[column]), max(ids[row], ids[column])) for column in best if column != row)
    return found


def _tfidf_matrix(counts: list[Counter[str]], weights: Weights) -> sparse.csr_matrix:
    """Rows of L2-normalised TF-IDF vectors, one per text, over a shared term index."""
    columns: dict[str, int] = {}
    indptr, indices, data = [0], [], []
    for text in counts:
        for term, value in weights.vector(text).items():
            indices.append(columns.setdefault(term, len(columns)))
            data.append(value)
        indptr.append(len(indices))
    return sparse.csr_matrix((np.array(data, dtype=np.float32), np.array(indices, dtype=np.int64), indptr),
                             shape=(len(counts), max(len(columns), 1)))


def _known_pairs(library: Library, new_ids: list[int]) -> set[Pair]:
    """Pairs already suggested or decided that involve a new article."""
    known: set[Pair] = set()
    for chunk in chunks(new_ids):
        marks = placeholders(chunk)
        known.update(library.db.execute(f"SELECT a, b FROM pairs WHERE a IN ({marks}) OR b IN ({marks})",
                                        chunk + chunk).fetchall())
    return known
