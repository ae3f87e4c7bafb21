"""The duplicate scan: index new articles, find candidates, verify them, store pairs.

``scan_duplicates`` indexes the articles it has not seen yet (a body hash, a
MinHash signature and LSH band keys each, stored in the library), finds
candidates among them and against the stored index, verifies the plausible
ones exactly (see ``scoring``) and stores the pairs that score as duplicates.
Copies of copies are caught through their clusters. Decided pairs are never
reopened, and a restart recomputes nothing. The threshold and the shingle size
are the library's settings (``core.settings``); each index row records the size it
was sketched with, and a row of another size counts as not indexed.

>>> from curator.core.ingest import import_paths, sample_paths
>>> library = Library.open(":memory:")
>>> import_paths(library, sample_paths()).imported
2
>>> scan_duplicates(library).summary()
'Scanned 2 new articles: 1 new duplicate suggestion, 1 open in all'
>>> scan_duplicates(library).summary()   # nothing new to compare
'Scanned 0 new articles: 0 new duplicate suggestions, 1 open in all'
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections import OrderedDict
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
from sqlite_utils import Database

# The scan's pure steps, which the cluster scan runs per partition too.
from curator.core.arrays import contains, distinct
from curator.core.dedupe import candidates as steps
from curator.core.dedupe.clusters import Pair, union_find
from curator.core.dedupe.scoring import Features, Verdict
from curator.core.dedupe.sketch import band_keys, signature
from curator.core.errors import Cancelled
from curator.core.library.settings import get_settings
from curator.core.library.sql import bulk_insert, chunks, placeholders
from curator.core.library.states import ArticleStatus, Operation, PairKind, PairStatus
from curator.core.library.store import BUSY_TIMEOUT_SECONDS, Library, utc_now
from curator.core.parallel import ordered_map, worker_count
from curator.core.progress import (
    CancelCheck,
    ProgressCallback,
    never_cancelled,
    no_progress,
)

CHUNK = 2000
# From this many new articles on, sketching runs in worker processes.
PARALLEL_MIN_ARTICLES = 4000
# Candidate pairs compared per slice: their bodies are read in one query.
VERIFY_SLICE = 2000
# From this many candidate pairs on, they are compared in worker processes: comparing was about
# two fifths of a first scan of 100k articles. Fewer are compared sooner here than workers start.
PARALLEL_MIN_PAIRS = 20_000
# Features each worker keeps (about 6 KB an article: 120 MB a worker), and its slices' size in
# VERIFY_SLICEs.
WORKER_CACHE = 20_000
WORKER_SLICES = 3
# Candidate pairs whose signatures are compared at once for their estimated containment: the two sides'
# signatures of 10,000 pairs (20 MB) stay in the processor's caches, where those of 50,000 took twice as long.
PLAUSIBLE_SLICE = 10_000


@dataclass
class ScanReport:
    new_articles: int = 0
    candidates: int = 0
    pairs_added: int = 0
    open_pairs: int = 0
    seconds: float = 0.0
    cancelled: bool = False
    added: list[Pair] = field(default_factory=list)

    def summary(self) -> str:
        if self.cancelled:
            return "Duplicate scan cancelled; nothing was changed"
        return (
            f"Scanned {self.new_articles:,} new article{'s' if self.new_articles != 1 else ''}: "
            f"{self.pairs_added:,} new duplicate suggestion{'s' if self.pairs_added != 1 else ''}, "
            f"{self.open_pairs} open in all"
        )


@dataclass
class _NewArticles:
    """What indexing the new articles produced, before anything is written."""

    hashes: dict[int, str] = field(default_factory=dict)
    shingle_counts: dict[int, int] = field(default_factory=dict)
    signatures: dict[int, np.ndarray] = field(default_factory=dict)  # only articles long enough to shingle
    by_hash: dict[str, list[int]] = field(default_factory=dict)
    owners: list[int] = field(default_factory=list)  # articles with a signature, in row order of keys
    keys: np.ndarray = field(default_factory=lambda: np.empty((0, 0), np.int64))


def count_unscanned(library: Library) -> int:
    """How many active articles the next scan would index: the ones it has not seen (at today's shingle size)."""
    return library.db.execute(
        f"SELECT count(*) FROM articles WHERE status = '{ArticleStatus.ACTIVE}' AND id NOT IN "
        "(SELECT article_id FROM dedupe_index WHERE shingle_words = ?)", [get_settings(library).shingle_words]
    ).fetchone()[0]


def scan_duplicates(
    library: Library,
    *,
    progress: ProgressCallback = no_progress,
    cancelled: CancelCheck = never_cancelled,
    threshold: float | None = None,
) -> ScanReport:
    """Index the articles the scan has not seen and store the duplicate pairs they form.

    Only new articles are queried against the stored index, so a rescan after an
    import costs in proportion to the import. Nothing is written if cancelled.
    ``threshold`` defaults to the library's setting.
    """
    started = time.perf_counter()
    library.check_ahead()  # while the candidates are found and verified, for the store to wait for
    report = ScanReport()
    settings = get_settings(library)
    threshold = settings.duplicate_threshold if threshold is None else threshold
    size = settings.shingle_words
    try:
        new = _index_new_articles(library, size, report, progress, cancelled)
        exact = _ordered(_exact_candidates(library, size, new.by_hash))
        similar = _lsh_candidates(library, size, new)  # ordered already, as band-key pairing gives them
        known = _known_pairs(library, exact | similar)
        report.candidates = len((exact | similar) - known)
        to_verify = (exact - known) | _plausible(library, size, similar - known - exact, new)
        verify = _Verification(library, threshold, size, progress, cancelled)
        found = verify(sorted(to_verify))
        found.update(verify(sorted(_cluster_closure(library, threshold, found) - known - to_verify)))
    except Cancelled:
        report.cancelled, report.seconds = True, time.perf_counter() - started
        return report
    if new.hashes or found:
        _store_scan(library, size, new, found, report, threshold)
    else:  # nothing new: nothing to store, and no change for the history to list
        report.open_pairs = _open_pairs(library, threshold)
    report.seconds = time.perf_counter() - started
    return report


def _ordered(pairs: Iterable[Pair]) -> set[Pair]:
    return {(min(a, b), max(a, b)) for a, b in pairs if a != b}


def sketch_bodies(bodies: list[str], shingle_words: int) -> list[tuple[str, int, np.ndarray | None]]:
    """(body hash, distinct shingle count, signature) of each body; runs in worker processes too."""
    sketches = []
    for body in bodies:
        features = Features.of(body, shingle_words)
        sketches.append((features.body_hash, len(features.shingles), signature(features.shingles)))
    return sketches


def _sketched_chunks(library: Library, new_ids: list[int], size: int):
    """Yield (article ids, their sketches) chunk by chunk, in order.

    Large scans spread the sketching over worker processes: tokenising and
    hashing is the bulk of a first scan and is independent per article. Small
    scans stay in this process, where a pool would cost more than it saves.
    """
    def chunks_of_rows():
        for start in range(0, len(new_ids), CHUNK):
            chunk = new_ids[start:start + CHUNK]
            rows = library.db.execute(f"SELECT id, body FROM articles WHERE id IN ({placeholders(chunk)})", chunk)
            yield [list(column) for column in zip(*rows.fetchall())] or [[], []]

    yield from ordered_map(sketch_bodies, chunks_of_rows(), parallel=len(new_ids) >= PARALLEL_MIN_ARTICLES,
                           args=(size,))


def _index_new_articles(library: Library, size: int, report: ScanReport, progress: ProgressCallback,
                        cancelled: CancelCheck) -> _NewArticles:
    new_ids = [row[0] for row in library.db.execute(
        f"SELECT id FROM articles WHERE status = '{ArticleStatus.ACTIVE}' AND id NOT IN "
        "(SELECT article_id FROM dedupe_index WHERE shingle_words = ?) ORDER BY id", [size]
    )]
    report.new_articles = len(new_ids)
    sketches = _import_sketches(library, new_ids, size)
    done = len(sketches)
    progress(done, len(new_ids), "Indexing new articles")
    for ids, chunk_sketches in _sketched_chunks(library, [i for i in new_ids if i not in sketches], size):
        if cancelled():
            raise Cancelled("Duplicate scan cancelled")
        sketches.update(zip(ids, chunk_sketches))
        done += len(ids)
        progress(done, len(new_ids), "Indexing new articles")
    new = _NewArticles()
    for article_id in new_ids:  # in id order, whichever process sketched them
        digest, shingle_count, sig = sketches[article_id]
        new.hashes[article_id] = digest
        new.by_hash.setdefault(digest, []).append(article_id)
        new.shingle_counts[article_id] = shingle_count
        if sig is not None:
            new.signatures[article_id] = sig
    new.owners = list(new.signatures)
    if new.owners:
        new.keys = band_keys(np.vstack([new.signatures[i] for i in new.owners]))
    return new


# What sketching one body gives: its body hash, its distinct shingle count and its signature.
Sketch = tuple[str, int, np.ndarray | None]


def store_import_sketches(db: Database, sketches: list[tuple[int, Sketch]], shingle_words: int) -> None:
    """Keep the sketches an import made of its new articles (with ``sketch_bodies``), for their scan."""
    db.conn.executemany(
        "INSERT OR REPLACE INTO dedupe_sketches (article_id, body_hash, shingles, signature, shingle_words) "
        "VALUES (?, ?, ?, ?, ?)",
        [(article_id, digest, count, None if sig is None else sig.tobytes(), shingle_words)
         for article_id, (digest, count, sig) in sketches],
    )


def _import_sketches(library: Library, new_ids: list[int], size: int) -> dict[int, Sketch]:
    """The sketches imports made of ``new_ids`` at today's shingle size."""
    wanted = set(new_ids)
    return {
        article_id: (digest, count, None if sig is None else np.frombuffer(sig, dtype=np.uint64))
        for article_id, digest, count, sig in library.db.execute(
            "SELECT article_id, body_hash, shingles, signature FROM dedupe_sketches WHERE shingle_words = ?", [size])
        if article_id in wanted
    }


def _exact_candidates(library: Library, size: int, by_hash: dict[str, list[int]]) -> set[Pair]:
    """New articles with the same normalised text as each other or as an indexed one."""
    pairs = {pair for members in by_hash.values() for pair in steps.chained(members)}
    for chunk in chunks(list(by_hash)):
        # Each hash looked up, then its article: "article_id IN (SELECT id FROM articles …)" built the
        # list of every active article again for each chunk, and a plain join starts from that list
        # too (CROSS JOIN keeps SQLite to this order).
        for digest, old_id in library.db.execute(
            f"SELECT d.body_hash, d.article_id FROM dedupe_index d CROSS JOIN articles a ON a.id = d.article_id "
            f"WHERE d.body_hash IN ({placeholders(chunk)}) AND d.shingle_words = ? AND a.status = ?",
            [*chunk, size, ArticleStatus.ACTIVE]
        ):
            pairs.update((old_id, new_id) for new_id in by_hash[digest])
    return pairs


def _lsh_candidates(library: Library, size: int, new: _NewArticles) -> set[Pair]:
    """Pairs sharing an LSH band key: new with new, and new with indexed articles.

    The indexed articles' keys are read from the library as one array and only
    those equal to a new article's key are kept, so the index costs a read and
    one vectorised membership test, not a query per key.
    """
    if not new.owners:
        return set()
    keys, owners = new.keys.ravel(), np.repeat(np.array(new.owners, dtype=np.int64), new.keys.shape[1])
    old_ids, old_keys = [], []
    # Merged-away and trashed articles keep their index rows (an unmerge or a restore brings them back)
    # but are never candidates. They are few: left out by id, not by a join that looks up every article.
    inactive = {row[0] for row in library.db.execute(
        f"SELECT id FROM articles WHERE status != '{ArticleStatus.ACTIVE}'")}
    for article_id, blob in library.db.execute(
        "SELECT article_id, band_keys FROM dedupe_index WHERE band_keys IS NOT NULL AND shingle_words = ?", [size]
    ):
        if article_id not in inactive:
            old_ids.append(article_id)
            old_keys.append(blob)
    if old_ids:
        stored = np.frombuffer(b"".join(old_keys), dtype=np.int64)
        stored_owners = np.repeat(np.array(old_ids, dtype=np.int64), len(stored) // len(old_ids))
        relevant = contains(stored, keys)
        keys = np.concatenate([keys, stored[relevant]])
        owners = np.concatenate([owners, stored_owners[relevant]])
    pairs = steps.pairs_sharing_keys(keys, owners)
    if not old_ids:  # every owner is new (a first scan): nothing to leave out
        return pairs
    new_ids = set(new.owners)
    return {pair for pair in pairs if pair[0] in new_ids or pair[1] in new_ids}


def _known_pairs(library: Library, candidates: set[Pair]) -> set[Pair]:
    """Candidates already stored as pairs, open or decided: never recomputed, never reopened. None in
    a library without pairs, as at its first scan: asking for each candidate's pairs took 0.4 s at 100k."""
    if library.db.execute("SELECT 1 FROM pairs LIMIT 1").fetchone() is None:
        return set()
    known = set()
    for chunk in chunks(sorted({a for a, _ in candidates})):
        known.update(library.db.execute(f"SELECT a, b FROM pairs WHERE a IN ({placeholders(chunk)})", chunk).fetchall())
    return known & candidates


def _plausible(library: Library, size: int, candidates: set[Pair], new: _NewArticles) -> set[Pair]:
    """Candidates whose signatures suggest enough containment to be worth an exact check."""
    if not candidates:
        return set()
    pairs = np.array(list(candidates), dtype=np.int64)
    # Each article's row among the sorted ids involved: one binary search per side, not a dict per pair.
    involved = distinct(pairs)
    sketches = {i: (sig, new.shingle_counts[i]) for i, sig in new.signatures.items()}
    missing = [i for i in involved.tolist() if i not in sketches]
    for chunk in chunks(missing):
        for article_id, sig, count in library.db.execute(
            f"SELECT article_id, signature, shingles FROM dedupe_index WHERE article_id IN ({placeholders(chunk)}) "
            "AND shingle_words = ?", [*chunk, size]
        ):
            sketches[article_id] = (np.frombuffer(sig, dtype=np.uint64), count)
    signatures = np.vstack([sketches[i][0] for i in involved.tolist()])
    sizes = np.array([sketches[i][1] for i in involved.tolist()], dtype=np.float64)
    plausible: set[Pair] = set()
    # In slices, so memory stays bounded however many candidates there are.
    for start in range(0, len(pairs), PLAUSIBLE_SLICE):
        part = pairs[start:start + PLAUSIBLE_SLICE]
        rows_a, rows_b = np.searchsorted(involved, part[:, 0]), np.searchsorted(involved, part[:, 1])
        containment = steps.estimated_containment(signatures[rows_a], signatures[rows_b], sizes[rows_a], sizes[rows_b])
        kept = part[containment >= steps.PLAUSIBLE_CONTAINMENT]
        plausible.update(zip(kept[:, 0].tolist(), kept[:, 1].tolist()))
    return plausible


def _cluster_closure(library: Library, threshold: float, found: dict[Pair, Verdict]) -> set[Pair]:
    """Pairs within the clusters the found pairs join (with the stored open pairs) that were never compared."""
    if not found:
        return set()
    involved = sorted({i for pair in found for i in pair})
    edges = set(found)
    for chunk in chunks(involved):
        marks = placeholders(chunk)
        # Looked up by article: the unary + keeps SQLite from walking every open pair along the status index.
        edges.update(library.db.execute(
            f"SELECT a, b FROM pairs WHERE +status = '{PairStatus.OPEN}' AND +score >= ? "
            f"AND (a IN ({marks}) OR b IN ({marks}))",
            [threshold, *chunk, *chunk],
        ).fetchall())
    return steps.closure_pairs(union_find(edges)) - edges


@dataclass
class _Verification:
    """Exact comparison of candidate pairs, slice by slice: here, or from ``PARALLEL_MIN_PAIRS`` on
    (in a library file) in worker processes that each read the bodies on a connection of their own."""

    library: Library
    threshold: float
    size: int
    progress: ProgressCallback
    cancelled: CancelCheck

    def __call__(self, pairs: list[Pair]) -> dict[Pair, Verdict]:
        parallel = self.library.path is not None and len(pairs) >= PARALLEL_MIN_PAIRS and worker_count() >= 2
        # A worker's slices are larger: the pairs of one slice share articles, and each worker caches its own.
        step = VERIFY_SLICE * (WORKER_SLICES if parallel else 1)
        slices = ((start, pairs[start:start + step]) for start in range(0, len(pairs), step))
        if parallel:
            verdicts = ordered_map(verify_in_worker, slices, parallel=True,
                                   args=(str(self.library.path), self.threshold, self.size))
        else:
            verifier = _Verifier(self.library.db.execute, self.threshold, self.size)
            verdicts = ((start, verifier.verify(part)) for start, part in slices)
        found: dict[Pair, Verdict] = {}
        try:
            with closing(verdicts):  # a cancel drops the slices not yet compared
                for start, verdicts_of_slice in verdicts:
                    if self.cancelled():
                        raise Cancelled("Duplicate scan cancelled")
                    # As each slice is done: the count reaches its end with the last.
                    self.progress(min(start + step, len(pairs)), len(pairs), "Comparing candidate pairs")
                    found.update(verdicts_of_slice)
        finally:
            _worker_verifier.clear()  # slices a broken pool left to this process opened a connection here
        return found


# A worker's verifier, kept between the slices it is given: its connection and its cache of features.
_worker_verifier: dict[tuple[str, float, int], "_Verifier"] = {}


def verify_in_worker(pairs: list[Pair], path: str, threshold: float, size: int) -> dict[Pair, Verdict]:
    """``_Verifier.verify`` in a worker process, reading the library at ``path`` read-only."""
    key = (path, threshold, size)
    if key not in _worker_verifier:
        _worker_verifier.clear()
        connection = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True,
                                     timeout=BUSY_TIMEOUT_SECONDS)
        _worker_verifier[key] = _Verifier(connection.execute, threshold, size, capacity=WORKER_CACHE)
    return _worker_verifier[key].verify(pairs)


class _Verifier:
    """Exact comparison of candidate pairs, with the articles' features cached.

    Each slice's missing bodies are read in one query; the cache keeps the features of
    the articles used last (pairs cluster by id), bounded so memory stays flat at any scale.
    """

    def __init__(self, execute: Callable[..., sqlite3.Cursor], threshold: float, size: int,
                 capacity: int = 30_000):
        self.execute, self.threshold, self.size, self.capacity = execute, threshold, size, capacity
        self.features: OrderedDict[int, Features] = OrderedDict()

    def verify(self, pairs: list[Pair]) -> dict[Pair, Verdict]:
        self._load({i for pair in pairs for i in pair})
        found = {}
        for a, b in pairs:
            verdict = steps.verified(self.features[a], self.features[b], self.threshold)
            if verdict is not None:
                found[(a, b)] = verdict
        return found

    def _load(self, ids: set[int]) -> None:
        """Features for every one of ``ids`` in the cache, the least recently used given up for them."""
        for article_id in ids & self.features.keys():
            self.features.move_to_end(article_id)
        for chunk in chunks(sorted(ids - self.features.keys())):
            for article_id, body in self.execute(f"SELECT id, body FROM articles WHERE id IN ({placeholders(chunk)})",
                                                 chunk):
                self.features[article_id] = Features.of(body, self.size)
        while len(self.features) > max(self.capacity, len(ids)):
            self.features.popitem(last=False)


def _open_pairs(library: Library, threshold: float) -> int:
    """The open copy suggestions: the story scan's rewrites are its own to count. Told apart by
    ``kind = 'related'`` as the queue-order index holds it, the count reads the index alone (a 100k
    library's: 4 ms, against 390 ms looking up each open pair's kind)."""
    return library.db.execute(f"SELECT count(*) FROM pairs WHERE status = ? AND (kind = '{PairKind.RELATED}') = 0 "
                              "AND score >= ?", [PairStatus.OPEN, threshold]).fetchone()[0]


def _count_indexed(library: Library, ids: list[int], size: int) -> int:
    """How many of ``ids`` the index holds, sketched with ``size``-word shingles."""
    return sum(library.db.execute(
        f"SELECT count(*) FROM dedupe_index WHERE shingle_words = ? AND article_id IN ({placeholders(chunk)})",
        [size, *chunk]).fetchone()[0] for chunk in chunks(ids))


def _store_scan(library: Library, size: int, new: _NewArticles, found: dict[Pair, Verdict], report: ScanReport,
                threshold: float) -> None:
    now = utc_now()
    keys_of = dict(zip(new.owners, new.keys))
    index_rows = []
    for article_id, digest in new.hashes.items():
        sig, keys = new.signatures.get(article_id), keys_of.get(article_id)
        index_rows.append((article_id, digest, new.shingle_counts[article_id],
                           None if sig is None else sig.tobytes(), None if keys is None else keys.tobytes(), size))
    with library.atomic() as db:
        if new.hashes and _count_indexed(library, list(new.hashes), size) == len(new.hashes):
            # A scan in another process indexed these while this one ran, and stored their pairs:
            # nothing is left to store, or for the history to list.
            report.new_articles, report.added, report.pairs_added = 0, [], 0
            report.open_pairs = _open_pairs(library, threshold)
            return
        # REPLACE: an article's row of another shingle size gives way to the new sketch.
        db.conn.executemany(
            "INSERT OR REPLACE INTO dedupe_index "
            "(article_id, body_hash, shingles, signature, band_keys, shingle_words) VALUES (?, ?, ?, ?, ?, ?)",
            index_rows,
        )
        # Indexed now: the sketches their import made are spent.
        db.conn.executemany("DELETE FROM dedupe_sketches WHERE article_id = ?", [(i,) for i in new.hashes])
        with bulk_insert(db.conn, "pairs", len(found)):
            db.conn.executemany(
                "INSERT OR IGNORE INTO pairs (a, b, score, kind, reason, status, found_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(a, b, v.score, v.kind, json.dumps(v.reason), PairStatus.OPEN, now)
                 for (a, b), v in sorted(found.items())],
            )
        report.added = sorted(found)
        report.pairs_added = len(found)
        report.open_pairs = _open_pairs(library, threshold)
        library.journal(
            Operation.SCAN_DUPLICATES,
            f"Found {len(found):,} duplicate suggestion{'s' if len(found) != 1 else ''} among "
            f"{report.new_articles:,} new article{'s' if report.new_articles != 1 else ''}",
            args={"threshold": threshold, "shingle_words": size},
            after={"pairs": report.added},
        )
