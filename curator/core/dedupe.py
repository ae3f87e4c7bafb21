"""Duplicate suggestions: exact, near and abridged copies, scored, explained and remembered.

``scan_duplicates`` indexes the articles the scan has not seen yet (a MinHash
signature and LSH band keys each, stored in the library), finds candidates among
them and against the stored index, verifies every candidate exactly (shingle
Jaccard, containment, a rapidfuzz ratio) and stores the pairs that score as
duplicates with their reasons. Decided pairs are never reopened.

>>> from curator.core.store import Library
>>> library = Library.open(":memory:")
>>> scan_duplicates(library).pairs_added
0
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from enum import Enum
from typing import Callable, Iterable

import numpy as np
from rapidfuzz import fuzz

from curator.core import reasons
from curator.core.normalize import normalize_for_matching
from curator.core.shingles import (
    band_keys,
    overlap,
    shingle_set,
    signature,
    word_ids,
)
from curator.core.store import Changes, Library, utc_now

SUGGEST_THRESHOLD = 0.5
CONTAINED_MIN_CONTAINMENT = 0.8
CONTAINED_MAX_SIZE_RATIO = 0.8
# A band key shared by more articles than this carries little information; its
# members are chained (first-to-each) instead of paired all-to-all.
BUCKET_PAIR_LIMIT = 40
CHUNK = 2000
# Candidates whose estimated containment is below this are not verified. It sits
# well under the containment a suggested pair needs, leaving room for the
# estimate's error (about ±0.05 with 128 bins).
PLAUSIBLE_CONTAINMENT = 0.3

ProgressCallback = Callable[[int, int, str], None]


class Decision(Enum):
    """What a curator decided about a suggested pair."""

    MERGE = "merged"
    NOT_DUPLICATE = "not_duplicate"
    SKIP = "skipped"


@dataclass(frozen=True)
class Verdict:
    """A scored comparison of two texts."""

    score: float
    kind: str
    reason: dict


@dataclass
class ScanReport:
    new_articles: int = 0
    candidates: int = 0
    pairs_added: int = 0
    open_pairs: int = 0
    seconds: float = 0.0
    cancelled: bool = False
    added: list[tuple[int, int]] = field(default_factory=list)

    def summary(self) -> str:
        if self.cancelled:
            return "Duplicate scan cancelled; nothing was changed"
        return (
            f"Scanned {self.new_articles} new article{'s' if self.new_articles != 1 else ''}: "
            f"{self.pairs_added} new duplicate suggestion{'s' if self.pairs_added != 1 else ''}, "
            f"{self.open_pairs} open in all"
        )


# Scoring -----------------------------------------------------------------------


def body_hash(ids: np.ndarray) -> str:
    """Hash of the normalised word sequence: equal for texts that differ only in case, spacing, quotes."""
    return hashlib.blake2b(ids.tobytes(), digest_size=16).hexdigest()


def _score(containment: float, jaccard: float, ratio: float) -> float:
    # Containment carries most weight: an abridged copy is a duplicate even when
    # its Jaccard is low; Jaccard and the fuzzy ratio separate near-identical
    # copies from partial overlaps. Calibrated on bench/dedupe_quality.py.
    return round(0.7 * containment + 0.15 * jaccard + 0.15 * ratio, 4)


def _kind(overlap_value) -> str:
    smaller, larger = sorted((overlap_value.size_a, overlap_value.size_b))
    if overlap_value.containment >= CONTAINED_MIN_CONTAINMENT and larger and smaller / larger <= CONTAINED_MAX_SIZE_RATIO:
        return "contained"
    return "near"


def compare_bodies(body_a: str, body_b: str) -> Verdict:
    """Score two clean bodies and explain the score (no library needed)."""
    return _verify(body_a, body_b, _Features.of(body_a), _Features.of(body_b), explain=True)


@dataclass(frozen=True)
class _Features:
    body_hash: str
    shingles: np.ndarray
    normalized: str  # for the fuzzy ratio

    @classmethod
    def of(cls, body: str) -> "_Features":
        ids = word_ids(body)
        return cls(body_hash(ids), shingle_set(ids), normalize_for_matching(body))


def _verify(body_a: str, body_b: str, a: _Features, b: _Features, *, threshold: float = 0.0, explain: bool) -> Verdict:
    """Score a pair exactly; with a threshold, a pair that cannot reach it is scored roughly and cheaply."""
    shared = overlap(a.shingles, b.shingles)
    if a.body_hash == b.body_hash:
        kind, ratio, score = "exact", 1.0, 1.0
    else:
        without_ratio = _score(shared.containment, shared.jaccard, 0.0)
        if without_ratio + 0.15 < threshold:  # even a perfect ratio could not lift it over
            return Verdict(without_ratio, "near", {})
        needed_ratio = max(0.0, (threshold - without_ratio) / 0.15)
        ratio = fuzz.ratio(a.normalized, b.normalized, score_cutoff=needed_ratio * 100) / 100
        kind, score = _kind(shared), _score(shared.containment, shared.jaccard, ratio)
    reason = reasons.explain(body_a, body_b, shared, ratio, kind, score) if explain else {}
    return Verdict(score, kind, reason)


# Scanning ----------------------------------------------------------------------


class _BodyCache:
    """Bodies and shingle sets of recently compared articles (candidates cluster by id)."""

    def __init__(self, library: Library, capacity: int = 20_000):
        self.library, self.capacity = library, capacity
        self.entries: OrderedDict[int, tuple[str, _Features]] = OrderedDict()

    def get(self, article_id: int) -> tuple[str, _Features]:
        if article_id in self.entries:
            self.entries.move_to_end(article_id)
            return self.entries[article_id]
        body = self.library.db.execute("SELECT body FROM articles WHERE id = ?", [article_id]).fetchone()[0]
        entry = self.entries[article_id] = (body, _Features.of(body))
        if len(self.entries) > self.capacity:
            self.entries.popitem(last=False)
        return entry


def _pairs_from_groups(keys: np.ndarray, owners: np.ndarray) -> set[tuple[int, int]]:
    """Pairs of owners sharing a key; large groups are chained rather than paired all-to-all."""
    order = np.lexsort((owners, keys))
    keys, owners = keys[order], owners[order]
    boundaries = np.flatnonzero(np.diff(keys)) + 1
    pairs: set[tuple[int, int]] = set()
    for group in np.split(owners, boundaries):
        if len(group) < 2:
            continue
        members = np.unique(group).tolist()
        if len(members) > BUCKET_PAIR_LIMIT:
            pairs.update((members[0], other) for other in members[1:])
        else:
            pairs.update((x, y) for i, x in enumerate(members) for y in members[i + 1:])
    return pairs


def scan_duplicates(
    library: Library,
    *,
    progress: ProgressCallback | None = None,
    cancelled: Callable[[], bool] | None = None,
    threshold: float = SUGGEST_THRESHOLD,
) -> ScanReport:
    """Index the articles the scan has not seen and store the duplicate pairs they form.

    Only new articles are queried against the stored index, so a rescan after an
    import costs in proportion to the import. Nothing is written if cancelled.
    """
    started = time.perf_counter()
    report = ScanReport()
    is_cancelled = cancelled or (lambda: False)
    new_ids = [row[0] for row in library.db.execute(
        "SELECT id FROM articles WHERE status = 'active' AND id NOT IN (SELECT article_id FROM dedupe_index) ORDER BY id"
    )]
    report.new_articles = len(new_ids)
    index_rows, sketches, hashes = [], {}, {}
    for start in range(0, len(new_ids), CHUNK):
        if is_cancelled():
            return _cancelled(report, started)
        chunk = new_ids[start:start + CHUNK]
        for article_id, body in library.db.execute(
            f"SELECT id, body FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk
        ):
            ids = word_ids(body)
            shingles, digest = shingle_set(ids), body_hash(ids)
            sig = signature(shingles)
            hashes.setdefault(digest, []).append(article_id)
            index_rows.append((article_id, digest, len(shingles), None if sig is None else sig.tobytes()))
            if sig is not None:
                sketches[article_id] = (sig, len(shingles))
        if progress:
            progress(min(start + CHUNK, len(new_ids)), len(new_ids), "Indexing new articles")

    owners = list(sketches)
    keys = band_keys(np.vstack([sketches[i][0] for i in owners])) if owners else np.empty((0, 0), np.int64)
    exact: set[tuple[int, int]] = set()
    for members in hashes.values():
        exact.update((members[0], other) for other in members[1:])
    exact |= _exact_matches_in_index(library, hashes)
    similar: set[tuple[int, int]] = set()
    if owners:
        similar = _pairs_from_groups(keys.ravel(), np.repeat(np.array(owners, dtype=np.int64), keys.shape[1]))
        similar |= _lsh_matches_in_index(library, keys, owners)
    candidates = {(min(a, b), max(a, b)) for a, b in exact | similar}
    candidates -= _known_pairs(library, candidates)
    report.candidates = len(candidates)
    exact = {(min(a, b), max(a, b)) for a, b in exact}
    likely = sorted((candidates & exact) | _plausible(library, candidates - exact, sketches))

    found, cache = [], _BodyCache(library)
    for done, (a, b) in enumerate(likely):
        if done % 500 == 0:
            if is_cancelled():
                return _cancelled(report, started)
            if progress:
                progress(done, len(likely), "Comparing candidate pairs")
        (body_a, features_a), (body_b, features_b) = cache.get(a), cache.get(b)
        verdict = _verify(body_a, body_b, features_a, features_b, threshold=threshold, explain=False)
        if verdict.score >= threshold:
            found.append((a, b, _verify(body_a, body_b, features_a, features_b, explain=True)))
    if is_cancelled():
        return _cancelled(report, started)
    _store_scan(library, index_rows, keys, owners, found, report)
    report.seconds = time.perf_counter() - started
    return report


def _plausible(library: Library, candidates: set[tuple[int, int]], sketches: dict) -> set[tuple[int, int]]:
    """Candidates whose signatures suggest enough containment to be worth an exact check.

    The MinHash estimate of Jaccard, with both shingle counts, gives an estimate of
    containment; pairs far below what a duplicate needs are dropped before the
    (much costlier) exact comparison.
    """
    if not candidates:
        return set()
    missing = sorted({i for pair in candidates for i in pair} - sketches.keys())
    sketches = dict(sketches)
    for chunk in _chunks(missing):
        for article_id, sig, count in library.db.execute(
            f"SELECT article_id, signature, shingles FROM dedupe_index WHERE article_id IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            sketches[article_id] = (np.frombuffer(sig, dtype=np.uint64), count)
    pairs = sorted(candidates)
    sig_a = np.vstack([sketches[a][0] for a, _ in pairs])
    sig_b = np.vstack([sketches[b][0] for _, b in pairs])
    size_a = np.array([sketches[a][1] for a, _ in pairs], dtype=np.float64)
    size_b = np.array([sketches[b][1] for _, b in pairs], dtype=np.float64)
    jaccard = (sig_a == sig_b).mean(axis=1)
    containment = jaccard * (size_a + size_b) / ((1 + jaccard) * np.minimum(size_a, size_b))
    keep = containment >= PLAUSIBLE_CONTAINMENT
    return {pair for pair, kept in zip(pairs, keep.tolist()) if kept}


def _cancelled(report: ScanReport, started: float) -> ScanReport:
    report.cancelled, report.seconds = True, time.perf_counter() - started
    return report


def _chunks(values: list, size: int = 500) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _exact_matches_in_index(library: Library, hashes: dict[str, list[int]]) -> set[tuple[int, int]]:
    matches = set()
    for chunk in _chunks(list(hashes)):
        rows = library.db.execute(
            f"SELECT body_hash, article_id FROM dedupe_index WHERE body_hash IN ({','.join('?' * len(chunk))})", chunk
        )
        for digest, old_id in rows:
            matches.update((old_id, new_id) for new_id in hashes[digest])
    return matches


def _lsh_matches_in_index(library: Library, keys: np.ndarray, owners: list[int]) -> set[tuple[int, int]]:
    """Stored articles sharing a band key with a new one, through a join on the bucket index."""
    if not owners or library.db.execute("SELECT 1 FROM lsh_buckets LIMIT 1").fetchone() is None:
        return set()
    db = library.db
    with library.atomic():
        db.execute("CREATE TEMP TABLE IF NOT EXISTS scan_keys (key INTEGER, article_id INTEGER)")
        db.execute("DELETE FROM scan_keys")
        db.conn.executemany(
            "INSERT INTO scan_keys VALUES (?, ?)",
            zip(keys.ravel().tolist(), np.repeat(owners, keys.shape[1]).tolist()),
        )
        rows = db.execute(
            "SELECT DISTINCT s.article_id, l.article_id FROM scan_keys s JOIN lsh_buckets l ON l.key = s.key"
        ).fetchall()
        db.execute("DELETE FROM scan_keys")
    return {(a, b) for a, b in rows if a != b}


def _known_pairs(library: Library, candidates: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Candidates already stored as pairs, open or decided: never recomputed, never reopened."""
    involved = sorted({a for a, _ in candidates})
    known = set()
    for chunk in _chunks(involved):
        known.update(library.db.execute(
            f"SELECT a, b FROM pairs WHERE a IN ({','.join('?' * len(chunk))})", chunk
        ).fetchall())
    return known & candidates


def _store_scan(library, index_rows, keys: np.ndarray, owners: list[int], found, report: ScanReport) -> None:
    now = utc_now()
    with library.atomic() as db:
        db.conn.executemany("INSERT INTO dedupe_index VALUES (?, ?, ?, ?)", index_rows)
        if owners:
            bucket_rows = sorted(zip(keys.ravel().tolist(), np.repeat(owners, keys.shape[1]).tolist()))
            db.conn.executemany("INSERT OR IGNORE INTO lsh_buckets VALUES (?, ?)", bucket_rows)
        db.conn.executemany(
            "INSERT OR IGNORE INTO pairs (a, b, score, kind, reason, status, found_at) VALUES (?, ?, ?, ?, ?, 'open', ?)",
            [(a, b, v.score, v.kind, json.dumps(v.reason), now) for a, b, v in found],
        )
        report.pairs_added = len(found)
        report.added = [(a, b) for a, b, _ in found]
        report.open_pairs = db.execute("SELECT count(*) FROM pairs WHERE status = 'open'").fetchone()[0]
        library.journal(
            "scan_duplicates",
            f"Found {len(found)} duplicate suggestions among {report.new_articles} new articles",
            args={"threshold": SUGGEST_THRESHOLD},
            after={"pairs": report.added},
        )


# Reading and deciding ----------------------------------------------------------


def open_pairs(library: Library, *, min_score: float = 0.0, limit: int | None = None) -> list[dict]:
    """Open suggestions, best first, each with both articles' summary and source path."""
    rows = library.db.execute(
        "SELECT a, b, score, kind, reason FROM pairs WHERE status = 'open' AND score >= ? "
        "ORDER BY score DESC, a, b LIMIT ?",
        [min_score, -1 if limit is None else limit],
    ).fetchall()
    summaries = _article_summaries(library, {i for a, b, *_ in rows for i in (a, b)})
    return [
        {"a": summaries[a], "b": summaries[b], "score": score, "kind": kind, "reason": json.loads(reason)}
        for a, b, score, kind, reason in rows
    ]


def _article_summaries(library: Library, ids: set[int]) -> dict[int, dict]:
    summaries = {}
    for chunk in _chunks(sorted(ids)):
        marks = ",".join("?" * len(chunk))
        for article_id, title, url, outlet, published, source in library.db.execute(
            f"SELECT a.id, a.title, a.url, a.outlet, a.published, "
            f"(SELECT path FROM files WHERE article_id = a.id ORDER BY id LIMIT 1) "
            f"FROM articles a WHERE a.id IN ({marks})", chunk,
        ):
            summaries[article_id] = {"id": article_id, "title": title, "source": source, "url": url,
                                     "outlet": outlet, "published": published}
    return summaries


def count_open_pairs(library: Library) -> int:
    return library.db.execute("SELECT count(*) FROM pairs WHERE status = 'open'").fetchone()[0]


def duplicate_clusters(library: Library, *, min_score: float = 0.0) -> list[list[int]]:
    """Open pairs grouped (union-find) so five copies of one story are one group, largest first."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in library.db.execute("SELECT a, b FROM pairs WHERE status = 'open' AND score >= ?", [min_score]):
        parent[root(a)] = root(b)
    groups: dict[int, list[int]] = {}
    for member in list(parent):
        groups.setdefault(root(member), []).append(member)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: (-len(g), g[0]))


def decide_pair(library: Library, a: int, b: int, decision: Decision) -> Changes:
    """Record a decision on a pair (journaled); a decided pair never comes back on a rescan."""
    a, b = min(a, b), max(a, b)
    with library.atomic() as db:
        row = db.execute("SELECT status, decided_at FROM pairs WHERE a = ? AND b = ?", [a, b]).fetchone()
        if row is None:
            raise KeyError(f"no suggested pair {a}–{b}")
        now = utc_now()
        db.execute("UPDATE pairs SET status = ?, decided_at = ? WHERE a = ? AND b = ?", [decision.value, now, a, b])
        words = {Decision.NOT_DUPLICATE: "Marked not duplicates", Decision.SKIP: "Skipped",
                 Decision.MERGE: "Marked merged"}[decision]
        history_id = library.journal(
            "decide_pair", f"{words}: articles {a} and {b}", args={"a": a, "b": b, "decision": decision.value},
            before={"status": row[0], "decided_at": row[1]}, after={"status": decision.value, "decided_at": now},
        )
    return Changes(history_id, articles=(a, b), pairs=((a, b),))


def mark_not_duplicate(library: Library, a: int, b: int) -> Changes:
    return decide_pair(library, a, b, Decision.NOT_DUPLICATE)


def skip_pair(library: Library, a: int, b: int) -> Changes:
    return decide_pair(library, a, b, Decision.SKIP)
