"""Pairs found outside the library, by articles' external ids: stored as suggestions, decisions read back.

A duplicate scan run elsewhere (``curator cluster-scan`` over a pipeline's Parquet) names
articles by the pipeline's ids; imported articles keep theirs in ``metadata[key]``. Its pairs
join the review queue as open suggestions like the library scan's, and the decisions a person
takes on them are read back by those ids, for the pipeline to apply.

>>> library = Library.open(":memory:")
>>> add_external_pairs(library, [ExternalPair("x", "y", 0.9, PairKind.NEAR, {})], key="scan_id").pairs
()
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from curator.core.library.sql import chunks, placeholders
from curator.core.library.states import Operation, PairKind, PairStatus
from curator.core.library.store import Changes, Library, utc_now


@dataclass(frozen=True)
class ExternalPair:
    """A pair of articles named by external ids (a before b in the source's order), scored elsewhere."""

    a: str
    b: str
    score: float
    kind: PairKind
    reason: dict  # the score components, as the library scan stores them


def articles_by_external_id(library: Library, key: str, ids: list[str]) -> dict[str, int]:
    """Article id of each external id found in ``metadata[key]`` (the lowest, should one repeat)."""
    found: dict[str, int] = {}
    for chunk in chunks(sorted(set(ids))):
        for external, article_id in library.db.execute(
            f"SELECT CAST(json_extract(metadata, ?) AS TEXT) AS external, min(id) FROM articles "
            f"WHERE external IN ({placeholders(chunk)}) GROUP BY external", [f"$.{_quoted(key)}", *chunk],
        ):
            found[external] = article_id
    return found


def add_external_pairs(library: Library, pairs: list[ExternalPair], *, key: str) -> Changes:
    """Store the pairs whose two articles are in the library as open suggestions (known pairs stay as they are).

    One transaction with its history row; returns the pairs added, as article ids.
    """
    article_of = articles_by_external_id(library, key, [name for pair in pairs for name in (pair.a, pair.b)])
    now = utc_now()
    rows = {}
    for pair in pairs:
        a, b = article_of.get(pair.a), article_of.get(pair.b)
        if a is not None and b is not None and a != b:
            rows[(min(a, b), max(a, b))] = pair
    with library.atomic() as db:
        known = set()
        for chunk in chunks(sorted({a for a, _ in rows})):
            known.update(db.execute(f"SELECT a, b FROM pairs WHERE a IN ({placeholders(chunk)})", chunk).fetchall())
        added = sorted(set(rows) - known)
        db.conn.executemany(
            "INSERT INTO pairs (a, b, score, kind, reason, status, found_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(a, b, rows[a, b].score, str(rows[a, b].kind), json.dumps(rows[a, b].reason), PairStatus.OPEN, now)
             for a, b in added],
        )
        history_id = library.journal(
            Operation.SCAN_DUPLICATES,
            f"Added {len(added)} duplicate suggestion{'s' if len(added) != 1 else ''} found by a scan outside the "
            "library",
            args={"key": key, "pairs": len(pairs)},
            after={"pairs": added},
        )
    return Changes(history_id, pairs=tuple(added))


def decided_external_pairs(library: Library, key: str) -> list[dict]:
    """Every decided pair whose two articles carry an external id: a, b (those ids), decision, kind, score."""
    path = f"$.{_quoted(key)}"
    rows = library.db.execute(
        "SELECT CAST(json_extract(x.metadata, ?) AS TEXT), CAST(json_extract(y.metadata, ?) AS TEXT), "
        "p.status, p.kind, p.score, p.decided_at FROM pairs p JOIN articles x ON x.id = p.a "
        "JOIN articles y ON y.id = p.b WHERE p.status != ? AND json_extract(x.metadata, ?) IS NOT NULL "
        "AND json_extract(y.metadata, ?) IS NOT NULL ORDER BY p.decided_at, p.a, p.b",
        [path, path, PairStatus.OPEN, path, path],
    ).fetchall()
    return [{"a": a, "b": b, "decision": status, "kind": kind, "score": score, "decided_at": decided_at}
            for a, b, status, kind, score, decided_at in rows]


def _quoted(key: str) -> str:
    """A metadata key as one JSON path step, whatever characters it holds."""
    return json.dumps(key)
