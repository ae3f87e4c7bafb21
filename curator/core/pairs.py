"""Suggested duplicate pairs: reading them (best first, explained, clustered) and deciding them.

Decisions are enums, recorded in the pairs table and the history journal; a
decided pair is never reopened by a rescan.
"""

from __future__ import annotations

import json
from enum import Enum

from curator.core.dedupe import Pair, chunks, placeholders, union_find
from curator.core.scoring import Verdict, explain
from curator.core.store import Changes, Library, utc_now


class Decision(Enum):
    """What a curator decided about a suggested pair."""

    MERGE = "merged"
    NOT_DUPLICATE = "not_duplicate"
    SKIP = "skipped"


_DECISION_WORDS = {
    Decision.MERGE: "Marked merged",
    Decision.NOT_DUPLICATE: "Marked not duplicates",
    Decision.SKIP: "Skipped",
}


def open_pairs(library: Library, *, min_score: float = 0.0, limit: int | None = None, explained: bool = False) -> list[dict]:
    """Open suggestions, best first, each with both articles' summary and source path.

    ``reason`` holds the score components; with ``explained`` it also holds the
    shared passages and the paragraphs only one side has (computed on demand).
    """
    rows = library.db.execute(
        "SELECT a, b, score, kind, reason FROM pairs WHERE status = 'open' AND score >= ? "
        "ORDER BY score DESC, a, b LIMIT ?",
        [min_score, -1 if limit is None else limit],
    ).fetchall()
    summaries = _article_summaries(library, sorted({i for a, b, *_ in rows for i in (a, b)}))
    pairs = []
    for a, b, score, kind, reason in rows:
        verdict = Verdict(score, kind, json.loads(reason))
        if explained:
            verdict = Verdict(score, kind, _explain(library, a, b, verdict))
        pairs.append({"a": summaries[a], "b": summaries[b], "score": score, "kind": kind, "reason": verdict.reason})
    return pairs


def explain_pair(library: Library, a: int, b: int) -> dict:
    """The full reason for a stored pair: components, shared passages, what each side lacks."""
    a, b = min(a, b), max(a, b)
    row = library.db.execute("SELECT score, kind, reason FROM pairs WHERE a = ? AND b = ?", [a, b]).fetchone()
    if row is None:
        raise KeyError(f"no suggested pair {a}–{b}")
    return _explain(library, a, b, Verdict(row[0], row[1], json.loads(row[2])))


def _explain(library: Library, a: int, b: int, verdict: Verdict) -> dict:
    bodies = dict(library.db.execute("SELECT id, body FROM articles WHERE id IN (?, ?)", [a, b]).fetchall())
    return explain(bodies[a], bodies[b], verdict)


def _article_summaries(library: Library, ids: list[int]) -> dict[int, dict]:
    summaries = {}
    for chunk in chunks(ids):
        for article_id, title, url, outlet, published, source in library.db.execute(
            "SELECT a.id, a.title, a.url, a.outlet, a.published, "
            "(SELECT path FROM files WHERE article_id = a.id ORDER BY id LIMIT 1) "
            f"FROM articles a WHERE a.id IN ({placeholders(chunk)})", chunk,
        ):
            summaries[article_id] = {"id": article_id, "title": title, "source": source, "url": url,
                                     "outlet": outlet, "published": published}
    return summaries


def count_open_pairs(library: Library) -> int:
    return library.db.execute("SELECT count(*) FROM pairs WHERE status = 'open'").fetchone()[0]


def duplicate_clusters(library: Library, *, min_score: float = 0.0) -> list[list[int]]:
    """Open pairs grouped (union-find) so five copies of one story are one group, largest first."""
    edges = library.db.execute("SELECT a, b FROM pairs WHERE status = 'open' AND score >= ?", [min_score]).fetchall()
    return sorted(union_find(edges), key=lambda group: (-len(group), group[0]))


def decide_pair(library: Library, a: int, b: int, decision: Decision) -> Changes:
    """Record a decision on a pair (journaled); a decided pair never comes back on a rescan."""
    pair: Pair = (min(a, b), max(a, b))
    with library.atomic() as db:
        row = db.execute("SELECT status, decided_at FROM pairs WHERE a = ? AND b = ?", pair).fetchone()
        if row is None:
            raise KeyError(f"no suggested pair {pair[0]}–{pair[1]}")
        now = utc_now()
        db.execute("UPDATE pairs SET status = ?, decided_at = ? WHERE a = ? AND b = ?", [decision.value, now, *pair])
        history_id = library.journal(
            "decide_pair", f"{_DECISION_WORDS[decision]}: articles {pair[0]} and {pair[1]}",
            args={"a": pair[0], "b": pair[1], "decision": decision.value},
            before={"status": row[0], "decided_at": row[1]}, after={"status": decision.value, "decided_at": now},
        )
    return Changes(history_id, articles=pair, pairs=(pair,))

