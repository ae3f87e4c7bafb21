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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Iterator

import numpy as np
from scipy import sparse
from sparse_dot_topn import sp_matmul_topn

from curator.core.arrays import contains, difference, distinct
from curator.core.dedupe.clusters import Pair
from curator.core.errors import Cancelled
from curator.core.library.sql import bulk_insert, chunks, placeholders
from curator.core.library.states import ArticleStatus, Operation, PairKind, PairStatus
from curator.core.library.store import Library, utc_now
from curator.core.parallel import ordered_map, threaded_map, worker_count
from curator.core.progress import CancelCheck, ProgressCallback, never_cancelled, no_progress
from curator.core.stories import score
from curator.core.stories.closest import clear_closest, mutually_closest
from curator.core.stories.explained import Candidates, accepted_mentions, explain_blocks
from curator.core.stories.score import (
    MIN_SHARED_NAMES,
    StoryText,
    story_text,
)
from curator.core.stories.signatures import (
    IndexedRows,
    ReadTexts,
    Signatures,
    Vocabulary,
    read_signatures,
)
from curator.core.stories.terms import Weights

# Each new article's best candidates by text cosine (and by title cosine) are scored in full.
CANDIDATES_PER_ARTICLE = 30
# The product keeps this many more than the best of each row, to choose among equal cosines by column.
TIED_ROOM = 8
# Cosines under these are too low for the story score to reach the threshold.
MIN_TEXT_COSINE = 0.1
MIN_TITLE_COSINE = 0.4
# No cosine of two unit vectors exceeds 1 by more than its rounding.
MOST_COSINE = 1.001
# Terms in more than this share of the articles are left out of candidate generation.
COMMON_TERM_SHARE = 0.02
BATCH = 500
# New articles whose nearest rows are found at once (each keeps only its best few, so memory stays small)...
PRODUCT_ROWS = 2000
# ...and fewer in a large library: the product holds the interpreter while it runs (sparse_dot_topn does
# not let go of it), and the app's window waits for it. New rows times library rows in one product:
# about 15 ms on the bench machine (2,000 rows at 100k articles held it 140 ms); smaller blocks cost
# the scan a few percent of the products' time.
PRODUCT_CELLS = 20_000_000
# Rows weighed at once when the TF-IDF matrices are built.
TFIDF_ROWS = 10_000
# Candidate pairs whose exact cosines are computed at once.
PAIRS_PER_BLOCK = 20_000
# Each new article is suggested with at most this many other versions, its closest.
VERSIONS_PER_ARTICLE = 5
# From this many new articles on, reading them runs in worker processes.
PARALLEL_MIN_ARTICLES = 4000
# From this many pairs kept on, their evidence is worked out in worker processes (starting them costs
# about half a second, the evidence about 50 microseconds a pair).
PARALLEL_MIN_PAIRS = 50_000
# The signatures of the active articles, in the index's own order: joined to the articles, SQLite
# sorted every signature again (a third of a second at 100k articles).
ACTIVE_SIGNATURES = ("SELECT article_id, signature FROM story_index WHERE article_id NOT IN "
                     "(SELECT id FROM articles WHERE status != ?) ORDER BY article_id")


@dataclass
class StoryScanReport:
    new_articles: int = 0
    candidates: int = 0
    pairs_added: int = 0
    seconds: float = 0.0
    added: list[Pair] = field(default_factory=list)

    def summary(self) -> str:
        found = f"found {self.pairs_added:,} to review" if self.pairs_added else "found none"
        return (f"Looked for rewrites of stories among {self.new_articles:,} new "
                f"article{'s' if self.new_articles != 1 else ''}: {found}")


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

    def unread(at_most: int = -1) -> list[int]:
        return [row[0] for row in library.db.execute(
            "SELECT id FROM articles a WHERE status = ? AND NOT EXISTS "
            "(SELECT 1 FROM story_index s WHERE s.article_id = a.id) ORDER BY id DESC LIMIT ?",
            [ArticleStatus.ACTIVE, at_most])][::-1]

    # Whether there is any to read: new articles have the highest ids, so looking from the newest
    # finds one at once, where listing them all walks every article.
    if not unread(at_most=1):
        report.seconds = time.perf_counter() - started
        return report

    def batches() -> Iterator[tuple[list[int], list[tuple[str | None, str, str | None]]]]:
        for chunk in chunks(new_ids, BATCH):
            rows = library.db.execute(
                f"SELECT id, title, body, published FROM articles WHERE id IN ({placeholders(chunk)})", chunk).fetchall()
            yield [row[0] for row in rows], [(title, body or "", published) for _, title, body, published in rows]

    # One transaction from the first read: each batch is stored as it is read, so memory holds a
    # batch of texts, not all of them, and a cancel still leaves the library as it was.
    with library.atomic() as db:
        # Asked again under the write lock: a scan in another process may have read them meanwhile.
        new_ids = unread()
        report.new_articles = len(new_ids)
        if not new_ids:
            report.seconds = time.perf_counter() - started
            return report
        vocabulary = Vocabulary.read(library)
        frequencies = np.zeros(0, dtype=np.int64)  # articles per term id
        reading = ordered_map(read_stories, batches(), parallel=len(new_ids) >= PARALLEL_MIN_ARTICLES)
        done = 0
        try:
            for ids, read in reading:
                if cancelled():
                    raise Cancelled("Story scan cancelled; nothing was changed")
                frequencies = _store_index(library, ids, read, vocabulary, frequencies)
                done += len(ids)
                progress(done, len(new_ids), "Reading articles for stories")
        finally:
            reading.close()
        # No count to give while the matrices are compared: a busy bar, not one stopped at its end.
        progress(0, 0, "Comparing stories")
        _sign_unsigned(library, vocabulary)
        vocabulary.store(library)
        _count_terms(library, frequencies, vocabulary)
        candidates = _candidates(library, new_ids, vocabulary, cancelled)
        report.candidates = len(candidates.scores)
        now = utc_now()
        # Only the pairs kept are explained: reading texts for every pair within reach costs more
        # than finding them, and the scores alone choose which each new article keeps.
        new_id_array = np.array(new_ids, dtype=np.int64)
        kept = closest_positions(candidates.ids_a, candidates.ids_b, candidates.scores,
                                 contains(candidates.ids_a, new_id_array), contains(candidates.ids_b, new_id_array))
        explaining = ordered_map(explain_blocks, ((None, [block]) for block in candidates.blocks(library, kept)),
                                 parallel=len(kept) >= PARALLEL_MIN_PAIRS)
        explained_pairs = 0
        try:
            with bulk_insert(db.conn, "pairs", len(kept)):
                for _, explained in explaining:
                    explained_pairs += len(explained)
                    progress(explained_pairs, len(kept), "Explaining same-story suggestions")
                    # Two versions a story holds already are linked, as the story's own suggestions are.
                    holding = library.stories_holding(sorted({i for a, b, _, _ in explained for i in (a, b)}))
                    linked = {(a, b) for a, b, _, _ in explained if holding[a] & holding[b]}
                    db.conn.executemany(
                        "INSERT INTO pairs (a, b, score, kind, reason, status, found_at, decided_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [(a, b, library_score, PairKind.RELATED, reason, *(
                            (PairStatus.LINKED, now, now) if (a, b) in linked else (PairStatus.OPEN, now, None)))
                         for a, b, library_score, reason in explained])
                    report.added.extend((a, b) for a, b, _, _ in explained if (a, b) not in linked)
        finally:
            explaining.close()
        report.pairs_added = len(report.added)
        # Listed for the record, not undone: undo takes back decisions, and a scan decides nothing.
        library.journal(Operation.SCAN_STORIES, report.summary(),
                        args={"new_articles": report.new_articles, "pairs_added": report.pairs_added})
    report.seconds = time.perf_counter() - started
    return report


def closest_positions(ids_a: np.ndarray, ids_b: np.ndarray, scores: np.ndarray, new_a: np.ndarray,
                      new_b: np.ndarray) -> np.ndarray:
    """The positions of the pairs (``ids_a[i]``, ``ids_b[i]``) among the ``VERSIONS_PER_ARTICLE`` best
    of a new article (``new_a``, ``new_b``: whether each side is new), ascending: a story has a handful
    of versions, and an article close to dozens of others is on a busy topic, not in one story. Of
    equal scores the pair listed first counts as the better."""
    rank = np.empty(len(scores), dtype=np.int64)
    rank[np.argsort(-scores, kind="stable")] = np.arange(len(scores))
    articles = np.concatenate([ids_a[new_a], ids_b[new_b]])
    positions = np.concatenate([np.flatnonzero(new_a), np.flatnonzero(new_b)])
    by_article = np.lexsort((rank[positions], articles))
    articles, positions = articles[by_article], positions[by_article]
    starts = np.flatnonzero(np.concatenate(([True], articles[1:] != articles[:-1])))
    place = np.arange(len(articles)) - np.repeat(starts, np.diff(np.append(starts, len(articles))))
    return distinct(positions[place < VERSIONS_PER_ARTICLE])


def read_stories(articles: list[tuple[str | None, str, str | None]]) -> ReadTexts:
    """Each ``(title, body, published)`` read for the story index; runs in worker processes too."""
    return ReadTexts.of(story_text(title, body, published) for title, body, published in articles)


def _store_index(library: Library, ids: list[int], read: ReadTexts, vocabulary: Vocabulary,
                 frequencies: np.ndarray) -> np.ndarray:
    """Store the index rows of the articles ``ids`` read as ``read``; the articles per term id
    (``frequencies``) with theirs added."""
    signatures, term_ids = vocabulary.sign(read)
    library.db.conn.executemany(
        "INSERT INTO story_index (article_id, names, openers, words, published, signature) VALUES (?, ?, ?, ?, ?, ?)",
        zip(ids, read.names_json, read.openers_json, read.words, read.published, signatures))
    counted = np.bincount(term_ids, minlength=len(frequencies))
    counted[:len(frequencies)] += frequencies
    return counted


def _count_terms(library: Library, frequencies: np.ndarray, vocabulary: Vocabulary) -> None:
    """Add the new articles' terms (articles per term id) to the library's document frequencies."""
    terms = vocabulary.term_list()
    library.db.conn.executemany(
        "INSERT INTO story_terms (term, articles, id) VALUES (?, ?, ?) "
        "ON CONFLICT (term) DO UPDATE SET articles = articles + excluded.articles",
        [(terms[term_id], articles, term_id) for term_id, articles in zip(np.flatnonzero(frequencies).tolist(),
                                                                            frequencies[frequencies > 0].tolist())])


def _sign_unsigned(library: Library, vocabulary: Vocabulary) -> None:
    """Give a signature to each row indexed before signatures were kept (its JSON terms, read once, go).
    Looked for only where the vocabulary says there may be some: finding none reads the whole index."""
    if not vocabulary.may_hold_unsigned:
        return
    rows = library.db.execute("SELECT article_id, terms, title_terms, names, openers, words, published "
                              "FROM story_index WHERE signature IS NULL").fetchall()
    library.db.conn.executemany("UPDATE story_index SET signature = ?, terms = NULL, title_terms = NULL WHERE article_id = ?", [
        (vocabulary.encode(StoryText.stored(json.loads(terms), json.loads(title_terms), json.loads(names),
                                            json.loads(openers), words, published)), article_id)
        for article_id, terms, title_terms, names, openers, words, published in rows])


def _names_as_entities(library: Library, table: Signatures, vocabulary: Vocabulary) -> sparse.csr_matrix:
    """``table``'s names matrix with each accepted mention's entity in place of its words, as
    :func:`_name_entities` puts them in the texts."""
    changed: dict[int, set[int]] = {}
    names = table.names
    for article_id, words, entity in accepted_mentions(library):
        row = int(np.searchsorted(table.ids, article_id))
        if row == len(table.ids) or table.ids[row] != article_id:
            continue
        if row not in changed:
            changed[row] = set(names.indices[names.indptr[row]:names.indptr[row + 1]].tolist())
        changed[row].discard(vocabulary.names.get(words.casefold(), -1))
        changed[row].add(vocabulary.name_id(entity.casefold()))
    if not changed:
        return names
    vocabulary.store(library)
    coo = names.tocoo()
    kept = ~np.isin(coo.row, list(changed))
    rows = np.concatenate([coo.row[kept], np.repeat(list(changed), [len(ids) for ids in changed.values()])])
    columns = np.concatenate([coo.col[kept], [name for ids in changed.values() for name in ids]]).astype(np.int64)
    return sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, columns)),
                             shape=(names.shape[0], max(names.shape[1], len(vocabulary.names))))


def _weights(library: Library) -> Weights:
    """The library's term weights once the new articles are indexed. The index's rows are counted as
    every active article (all indexed by then) and the inactive ones indexed before: counting the
    index's rows themselves reads every page of it."""
    articles = library.db.execute(
        "SELECT (SELECT count(*) FROM articles WHERE status = ?) + (SELECT count(*) FROM story_index "
        "WHERE article_id IN (SELECT id FROM articles WHERE status != ?))",
        [ArticleStatus.ACTIVE, ArticleStatus.ACTIVE]).fetchone()[0]
    return Weights(articles, dict(library.db.execute("SELECT term, articles FROM story_terms").fetchall()))


def _candidates(library: Library, new_ids: list[int], vocabulary: Vocabulary,
                cancelled: CancelCheck) -> Candidates:
    """Pairs of a new article and an indexed one that the story score may put over the threshold,
    with their evidence (what ``compare_stories`` says of them, from the matrices' cosines).

    Each new article's nearest articles by text and by title (sparse cosines over the terms rare
    enough to tell stories apart, a block of new articles at a time so memory stays bounded) are
    kept if they share enough names, then scored with exact cosines and their dates; the texts
    are read from the index only where the rest leaves the score within reach.
    """
    terms = vocabulary.term_list()
    weights = _weights(library)
    # The vocabulary is weighed (in Python) on a second thread while this one reads the signatures,
    # waiting on SQLite and numpy, which let go of the interpreter. Not the other way round: the
    # signatures' arrays, made on another thread, would leave their memory in that thread's heap,
    # which the products after them cannot use (100-170 MB more at the peak, at 100k articles).
    with ThreadPoolExecutor(max_workers=1) as weigher:
        weighing = weigher.submit(lambda: (weights.idfs(terms), weights.document_frequencies(terms)))
        table = read_signatures(library, ACTIVE_SIGNATURES, [ArticleStatus.ACTIVE])
        idfs, frequencies = weighing.result()
        idf = np.array(idfs, dtype=np.float64)
    table = table.with_names(_names_as_entities(library, table, vocabulary))
    texts, titles = _tfidf_matrix(table.terms, idf), _tfidf_matrix(table.titles, idf)
    indexed = IndexedRows.of(table)
    del table  # the term counts: memory for the products next
    wanted = np.array(new_ids, dtype=np.int64)
    new_rows = np.searchsorted(indexed.ids, wanted)
    new_rows = new_rows[(new_rows < len(indexed.ids)) & (indexed.ids[np.minimum(new_rows, len(indexed.ids) - 1)] == wanted)]
    width = len(indexed.ids)
    known_rows = np.searchsorted(indexed.ids, _known_pairs(library, new_ids, indexed.ids))
    known_keys = known_rows[:, 0] * width + known_rows[:, 1]
    telling_texts = _Telling.of(texts, np.array(frequencies, dtype=np.int64))
    by_text = telling_texts.nearest(new_rows, MIN_TEXT_COSINE, cancelled)
    by_title = _Telling.of(titles).nearest(new_rows, MIN_TITLE_COSINE, cancelled)
    closest = _mutually_closest(telling_texts, by_text, new_rows, known_rows, cancelled)
    del telling_texts  # memory for the exact cosines next
    # Each pair once, as one integer: a large library's new articles have millions of candidates,
    # so the lists of nearest go as soon as their pairs are keyed, and rows are 32-bit.
    closest_keys = closest[:, 0] * width + closest[:, 1]
    keys = distinct(np.concatenate([np.minimum(owners, others) * width + np.maximum(owners, others)
                                     for owners, others, _ in (by_text, by_title)] + [closest_keys]))
    del by_text, by_title
    keys = keys[~contains(keys, known_keys)]
    is_closest = contains(keys, closest_keys)
    first, second = (keys // width).astype(np.int32), (keys % width).astype(np.int32)
    del keys
    # Names first: most pairs of one topic share fewer than the story score asks for, and
    # counting names is cheaper than the cosines.
    common = row_dots(indexed.names, first, second)
    enough = (common >= MIN_SHARED_NAMES) | is_closest
    first, second, common, is_closest = first[enough], second[enough], common[enough], is_closest[enough]
    name_counts = np.diff(indexed.names.indptr)
    fewer = np.minimum(name_counts[first], name_counts[second])
    title_cosines = row_dots(titles, first, second)
    del titles  # the titles matrix is done with: memory for the texts read next
    days_first, days_second = indexed.days[first], indexed.days[second]
    # The texts' cosines, the dearest, only where the score could reach the threshold were the texts alike.
    possible = within_reach(np.broadcast_to(MOST_COSINE, len(first)), title_cosines, common, fewer, days_first,
                            days_second, closest=is_closest)
    first, second, common, fewer, title_cosines, days_first, days_second, is_closest = (
        values[possible] for values in (first, second, common, fewer, title_cosines, days_first, days_second,
                                        is_closest))
    text_cosines = row_dots(texts, first, second)
    within = within_reach(text_cosines, title_cosines, common, fewer, days_first, days_second, closest=is_closest)
    first, second, common, fewer, text_cosines, title_cosines, days_first, days_second, is_closest = (
        values[within] for values in (first, second, common, fewer, text_cosines, title_cosines, days_first,
                                      days_second, is_closest))
    # A word both open a sentence with is no name they share: without those, the names in common are
    # those the score counts, and the pairs still within reach are those it puts over the threshold.
    common -= row_dots(_openers_only(library, indexed, vocabulary, distinct(np.concatenate([first, second]))),
                       first, second)
    # Of two sharing no name, being each other's closest counts only when both are long enough (few pairs).
    doubtful = np.flatnonzero(is_closest & (common < 1))
    is_closest[doubtful] = _long_enough(library, indexed.ids, np.stack([first[doubtful], second[doubtful]], axis=1))
    shared = np.flatnonzero((common >= MIN_SHARED_NAMES) | is_closest)
    within = shared[within_reach(text_cosines[shared], title_cosines[shared], common[shared], fewer[shared],
                                 days_first[shared], days_second[shared], closest=is_closest[shared])]
    first, second, is_closest = first[within], second[within], is_closest[within]
    logits = score.library_logit(text_cosines[within].astype(np.float64), title_cosines[within].astype(np.float64),
                                 _overlap(common[within], fewer[within]),
                                 _days_apart(days_first[within], days_second[within]), is_closest)
    return Candidates(indexed.ids[first], indexed.ids[second], 1 / (1 + np.exp(-logits)), first, second,
                      text_cosines[within], title_cosines[within], is_closest, indexed, texts, terms)


def _openers_only(library: Library, indexed: IndexedRows, vocabulary: Vocabulary, rows: np.ndarray
                  ) -> sparse.csr_matrix:
    """A matrix like ``indexed.names`` holding, for the articles at ``rows``, the names that are only
    sentence openers there, once the curator's entities are put in place as :func:`_name_entities`
    puts them (an opener tagged, or named by an entity, is no longer one). A text's openers are
    never among its names (``story_text`` keeps them apart)."""
    ids = indexed.ids[rows].tolist()
    openers: dict[int, set[int]] = {}
    for chunk in chunks(ids):
        for article_id, found in library.db.execute(
                f"SELECT article_id, openers FROM story_index WHERE article_id IN ({placeholders(chunk)})", chunk):
            openers[article_id] = set(map(vocabulary.names.__getitem__, json.loads(found)))
    for article_id, words, entity in accepted_mentions(library):
        if article_id in openers:
            openers[article_id].difference_update((vocabulary.names.get(words.casefold(), -1),
                                                   vocabulary.names.get(entity.casefold(), -1)))
    row_of = dict(zip(ids, rows.tolist()))
    article_rows = np.array([row_of[article_id] for article_id, found in openers.items() for _ in found], dtype=np.int64)
    columns = np.array([name for found in openers.values() for name in found], dtype=np.int64)
    return sparse.csr_matrix((np.ones(len(columns), dtype=np.float32), (article_rows, columns)),
                             shape=indexed.names.shape)


@dataclass(frozen=True)
class _Telling:
    """A TF-IDF matrix without its common terms (:func:`_without_common_terms`), and transposed, for
    finding each row's nearest rows."""

    rows: sparse.csr_matrix
    transposed: sparse.csr_matrix

    @classmethod
    def of(cls, matrix: sparse.csr_matrix, in_articles: np.ndarray | None = None) -> _Telling:
        telling = _without_common_terms(matrix, in_articles)
        return cls(telling, telling.T.tocsr())

    def nearest(self, rows: np.ndarray, floor: float, cancelled: CancelCheck
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each of ``rows``' closest rows (``CANDIDATES_PER_ARTICLE``, over the floor) as three arrays:
        the row, its neighbour, their telling cosine."""
        owners, others, cosines = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)], [np.zeros(0)]
        at_once = max(1, min(PRODUCT_ROWS, PRODUCT_CELLS // max(1, self.rows.shape[0])))
        for block in range(0, len(rows), at_once):
            if cancelled():
                raise Cancelled("Story scan cancelled; nothing was changed")
            chosen = rows[block:block + at_once]
            # On every core: each row's best are found on their own, so the threads find the same.
            closest = closest_columns(self.rows[chosen], self.transposed, floor, threads=worker_count())
            owner_rows = chosen[np.repeat(np.arange(len(chosen)), np.diff(closest.indptr))]
            columns = closest.indices.astype(np.int64)
            other = columns != owner_rows
            owners.append(owner_rows[other])
            others.append(columns[other])
            cosines.append(closest.data[other])
        return np.concatenate(owners), np.concatenate(others), np.concatenate(cosines)


def _mutually_closest(telling: _Telling, by_text: tuple[np.ndarray, np.ndarray, np.ndarray], new_rows: np.ndarray,
                      known_rows: np.ndarray, cancelled: CancelCheck) -> np.ndarray:
    """The pairs of rows, one new, each the other's clear closest by text (``closest.mutually_closest``):
    the closest of each new row (``by_text``: its nearest), and the nearest of those not new."""
    _, closest = clear_closest(*by_text, known_rows)
    others = difference(closest, new_rows)
    owners, neighbours, cosines = telling.nearest(others, MIN_TEXT_COSINE, cancelled)
    return mutually_closest(np.concatenate([by_text[0], owners]), np.concatenate([by_text[1], neighbours]),
                            np.concatenate([by_text[2], cosines]), known_rows)


def _long_enough(library: Library, ids: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Whether both articles of each pair of rows (``ids``: each row's article) have the words that
    being each other's closest asks for (``score.CLOSEST_LEAST_WORDS``): read for these few rows alone."""
    rows = distinct(pairs.ravel())
    articles = ids[rows].tolist()
    words: dict[int, int] = {}
    for chunk in chunks(articles):
        words.update(library.db.execute(
            f"SELECT article_id, words FROM story_index WHERE article_id IN ({placeholders(chunk)})", chunk))
    long = np.array([words.get(article, 0) >= score.CLOSEST_LEAST_WORDS for article in articles], dtype=bool)
    return long[np.searchsorted(rows, pairs[:, 0])] & long[np.searchsorted(rows, pairs[:, 1])]


def closest_columns(rows: sparse.csr_matrix, transposed: sparse.csr_matrix, floor: float, *,
                    threads: int = 1) -> sparse.csr_matrix:
    """The cosines of each of ``rows`` with its closest columns of ``transposed`` (rows of a telling
    matrix, transposed): ``CANDIDATES_PER_ARTICLE + 1`` of them, the row itself may be one, each at
    least half the floor, since the pruned terms make these cosines an underestimate.

    Of equal cosines the lower columns come first (copies of one article are equally close to any
    other), so the closest of the whole are the closest of the closest of its column blocks, and a
    product split by columns keeps what this keeps."""
    found = sp_matmul_topn(rows, transposed, top_n=CANDIDATES_PER_ARTICLE + 1 + TIED_ROOM,
                           threshold=np.nextafter(np.float32(floor * 0.5), np.float32(0)), n_threads=threads)
    owners = np.repeat(np.arange(found.shape[0]), np.diff(found.indptr))
    order = np.lexsort((found.indices, -found.data, owners))
    rank = np.arange(len(order)) - found.indptr[owners]
    kept = order[rank <= CANDIDATES_PER_ARTICLE]
    return sparse.csr_matrix((found.data[kept], found.indices[kept], np.concatenate(
        ([0], np.cumsum(np.bincount(owners[kept], minlength=found.shape[0]))))), shape=found.shape)


def row_dots(matrix: sparse.csr_matrix, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The dot product of each pair of rows (``first[i]``, ``second[i]``), a block of pairs at a time so
    memory stays bounded (a block per core at once): exact cosines of normalised rows, names in common
    of the names matrix."""

    def dots(block: slice) -> np.ndarray:
        return np.asarray(matrix[first[block]].multiply(matrix[second[block]]).sum(axis=1)).ravel()

    return np.concatenate([np.zeros(0), *threaded_map(dots, [slice(start, start + PAIRS_PER_BLOCK)
                                                             for start in range(0, len(first), PAIRS_PER_BLOCK)])])


def within_reach(text_cosines: np.ndarray, title_cosines: np.ndarray, common: np.ndarray, fewer: np.ndarray,
                 days_a: np.ndarray, days_b: np.ndarray, closest: np.ndarray | None = None
                 ) -> np.ndarray:
    """The positions of the pairs whose story score can reach the threshold, from their cosines, the
    names each pair has in common (``common``, of ``fewer`` names on the side with fewer), their days
    (ordinals, 0 when unknown) and whether each is the other's closest (``closest``, none if not
    given). Counted with sentence openers, the names are at least those the two share, so a pair out
    of reach with these is out of reach; counted as the score counts them, the pairs within reach are
    those it puts over the threshold."""
    threshold = score.threshold_logit()
    reach = [np.zeros(0, dtype=np.int64)]
    # A block of pairs at a time: each of the arrays weighed takes megabytes a million pairs.
    for start in range(0, len(text_cosines), PAIRS_PER_BLOCK):
        span = slice(start, start + PAIRS_PER_BLOCK)
        logits = score.library_logit(text_cosines[span].astype(np.float64), title_cosines[span].astype(np.float64),
                                     _overlap(common[span], fewer[span]), _days_apart(days_a[span], days_b[span]),
                                     False if closest is None else closest[span])
        reach.append(start + np.flatnonzero(logits >= threshold))
    return np.concatenate(reach)


def _overlap(common: np.ndarray, fewer: np.ndarray) -> np.ndarray:
    """The share of names in common of the side with fewer (0 where a side has none)."""
    return np.divide(common, fewer, out=np.zeros(len(common)), where=fewer > 0)


def _days_apart(days_a: np.ndarray, days_b: np.ndarray) -> np.ndarray:
    """Days between the two sides' dates (ordinals), NaN where one is unknown (0)."""
    days = np.abs(days_a - days_b).astype(np.float64)
    days[(days_a <= 0) | (days_b <= 0)] = np.nan
    return days


def _without_common_terms(matrix: sparse.csr_matrix, in_articles: np.ndarray | None = None) -> sparse.csr_matrix:
    """``matrix`` without the entries of terms in more than a few percent of the articles: they link
    nearly everything to everything and tell no story apart, so candidates are found without them.
    The columns keep their places (a product over them is the same), so no column is renumbered.

    The articles each term is in are counted from the matrix unless given (``in_articles``, by
    column): the texts' are the library's document frequencies, which counting 15 million entries
    at 100k articles takes longer than reading."""
    rows = matrix.shape[0]
    if rows < 200:
        return matrix
    if in_articles is None:
        in_articles = np.bincount(matrix.indices, minlength=matrix.shape[1])
    elif len(in_articles) < matrix.shape[1]:
        in_articles = np.pad(in_articles, (0, matrix.shape[1] - len(in_articles)))
    kept = (in_articles <= max(20, rows * COMMON_TERM_SHARE)).take(matrix.indices)
    return sparse.csr_matrix((np.compress(kept, matrix.data), np.compress(kept, matrix.indices),
                              _kept_bounds(matrix.indptr, kept)), shape=matrix.shape)


def _kept_bounds(indptr: np.ndarray, kept: np.ndarray) -> np.ndarray:
    """The row bounds (``indptr``) of a sparse matrix's entries once only those ``kept`` are kept.
    Counted row by row: a running sum over every entry, of booleans, took ten times as long."""
    lengths = np.diff(indptr)
    filled = np.flatnonzero(lengths)
    kept_in_row = np.zeros(len(lengths), dtype=np.int64)
    if len(filled):
        # From the start of each row with entries to the next's: the empty rows between hold none.
        kept_in_row[filled] = np.add.reduceat(kept, indptr[filled], dtype=np.int64)
    return np.concatenate(([0], np.cumsum(kept_in_row)))


def _tfidf_matrix(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Rows of L2-normalised TF-IDF vectors from rows of term counts (columns are term ids): the
    vectors ``Weights.vector`` gives, weighed in arrays, a block of rows at a time so the float64
    work stays small beside the float32 result. The result shares the counts' columns (the counts
    are let go after), and is written in place rather than stacked from blocks: stacking copied
    every value once more. On this thread: blocks weighed on other threads left their memory in
    those threads' heaps, 160 MB more at the peak of a 1k scan into 100k articles."""
    values = np.empty(counts.nnz, dtype=np.float32)
    rows = counts.shape[0]
    for start in range(0, rows, TFIDF_ROWS):
        bounds = counts.indptr[start:min(rows, start + TFIDF_ROWS) + 1]
        first, last = int(bounds[0]), int(bounds[-1])
        owners = np.repeat(np.arange(len(bounds) - 1), np.diff(bounds))
        weighed = (1 + np.log(counts.data[first:last].astype(np.float64))) * idf[counts.indices[first:last]]
        norms = np.sqrt(np.bincount(owners, weights=weighed * weighed, minlength=len(bounds) - 1))
        norms[norms == 0] = 1.0
        values[first:last] = weighed / norms[owners]
    kept = values != 0  # terms weighed 0 (an IDF of 0) are left out, as Weights.vector leaves them
    if kept.all():
        return sparse.csr_matrix((values, counts.indices, counts.indptr), shape=counts.shape)
    return sparse.csr_matrix((np.compress(kept, values), np.compress(kept, counts.indices),
                              _kept_bounds(counts.indptr, kept)), shape=counts.shape)


def _known_pairs(library: Library, new_ids: list[int], indexed_ids: np.ndarray) -> np.ndarray:
    """Pairs already suggested or decided that involve a new article, of articles indexed and active
    (``indexed_ids``, ascending), as rows of two ids, ascending: each new article's pairs read by the
    ``a`` and ``b`` indexes (in a first scan, every pair at once), then kept or not by arrays."""
    if len(new_ids) * 4 >= len(indexed_ids):
        rows = library.db.execute("SELECT a, b FROM pairs").fetchall()
    else:
        rows = []
        for chunk in chunks(new_ids):
            marks = placeholders(chunk)
            rows += library.db.execute(f"SELECT a, b FROM pairs WHERE a IN ({marks}) UNION ALL "
                                       f"SELECT a, b FROM pairs WHERE b IN ({marks})", chunk + chunk).fetchall()
    pairs = np.array(rows, dtype=np.int64).reshape(-1, 2)
    new = np.array(new_ids, dtype=np.int64)
    pairs = pairs[(contains(pairs[:, 0], new) | contains(pairs[:, 1], new))
                  & contains(pairs[:, 0], indexed_ids) & contains(pairs[:, 1], indexed_ids)]
    # Each once: a pair of two new articles is read by both sides.
    span = int(pairs.max(initial=0)) + 1
    keys = distinct(pairs[:, 0] * span + pairs[:, 1])
    return np.stack([keys // span, keys % span], axis=1)
