"""Suggested duplicate pairs: reading them (best first, explained, clustered) and deciding them.

Decisions are enums, recorded in the pairs table and the history journal; a
decided pair is never reopened by a rescan.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass
from enum import Enum
from typing import Iterator

from curator.core.dedupe.clusters import Pair, union_find
from curator.core.dedupe.reasons import passages_and_paragraphs, summarize
from curator.core.dedupe.scoring import Verdict, explain
from curator.core.errors import Refusal
from curator.core.library.history import RowChanges, record
from curator.core.library.settings import DUPLICATE_THRESHOLD_SQL
from curator.core.library.labels import named_articles
from curator.core.library.sql import chunks, placeholders
from curator.core.library.states import ArticleStatus, Operation, PairKind, PairStatus
from curator.core.library.store import Changes, Library, utc_now


# Open suggestions scoring at least the library's threshold whose two articles are both still
# active: once one side is merged away the suggestion is moot (the kept article is compared
# again on the next scan), and while one is in the trash it waits. The articles merged away or
# trashed are listed once from the small (status, id) index, so a pair is tested without reading
# any article row with its body, and a count along the queue-order index reads the index alone.
_INACTIVE = f"(SELECT id FROM articles WHERE status IN ('{ArticleStatus.MERGED}', '{ArticleStatus.TRASHED}'))"


_BOTH_ACTIVE = f" AND p.a NOT IN {_INACTIVE} AND p.b NOT IN {_INACTIVE}"
_ONE_INACTIVE = f" AND (p.a IN {_INACTIVE} OR p.b IN {_INACTIVE})"


def _waiting(status: PairStatus) -> str:
    return f"pairs p WHERE p.status = '{status}' AND p.score >= {DUPLICATE_THRESHOLD_SQL}{_BOTH_ACTIVE}"


def _by_sides(sql: str) -> str:
    """``sql`` (a filter on ``pairs p``) read through the indexes of the pairs' two sides: the unary +
    keeps SQLite from the status index, which would walk every open pair (tens of milliseconds at
    20k articles) to find a few articles' pairs."""
    return sql.replace("p.status =", "+p.status =", 1).replace("p.score >=", "+p.score >=", 1)


_OPEN = _waiting(PairStatus.OPEN)
# Pairs listed at once by iter_open_pairs: their rows and both articles' summaries.
LISTING_BLOCK = 5000
# Articles whose summaries stay read between blocks of a listing: each about 0.8 KB with its JSON, 120 MB at
# most. In queue order an article comes back block after block: keeping 50,000, a 100k library's listing
# read summaries again and again (its 293k pairs took 5.5 s against 4.2 s, peaking 38 MB lower).
SUMMARIES_KEPT = 150_000
# Skipped pairs wait the same way for a later decision: the queue's Skipped filter lists them.
_SKIPPED = _waiting(PairStatus.SKIPPED)


class PairError(Refusal):
    """A decision on a pair that cannot be taken; the message says why.

    A refusal: nothing changed, and the message says what to do (unmerge first, say).
    """


class Decision(Enum):
    """What a curator decided about a suggested pair: the status it gives the pair."""

    MERGE = PairStatus.MERGED
    NOT_DUPLICATE = PairStatus.NOT_DUPLICATE  # for a same-story suggestion: different stories
    SKIP = PairStatus.SKIPPED
    SAME_STORY = PairStatus.LINKED  # versions of one story, kept apart


# What a pair decided so is, in a refusal to decide it so again.
_DECIDED_WORDS = {Decision.NOT_DUPLICATE: "marked not duplicates", Decision.SKIP: "skipped"}
_DECISION_WORDS = {
    Decision.NOT_DUPLICATE: "Marked not duplicates",
    Decision.SKIP: "Skipped",
    Decision.SAME_STORY: "Linked as one story",
}


def _queue_order(table: str) -> str:
    """Copies first, then the same stories rewritten; best first within each (the pairs_in_queue_order index)."""
    return f"({table}.kind = '{PairKind.RELATED}'), {table}.score DESC, {table}.a, {table}.b"


QUEUE_ORDER = _queue_order("p")
KINDS = tuple(PairKind)


def _in_queue_order(sql: str) -> str:
    """``sql`` (a filter on ``pairs p``) read along the queue-order index: a page is then a walk of
    the index, not a sort of every open pair (SQLite would pick the score index for the score range)."""
    return sql.replace("pairs p WHERE", "pairs p INDEXED BY pairs_in_queue_order WHERE", 1)


def open_pairs(library: Library, *, min_score: float = 0.0, limit: int | None = None, explained: bool = False,
               kinds: tuple[PairKind, ...] = KINDS) -> list[dict]:
    """Open suggestions of the given kinds, best first, each with both articles' summary and source path.

    ``reason`` holds the stored score components and their summary in words; with
    ``explained`` it also holds the shared passages and the paragraphs only one side
    has, which are computed from both bodies (about a millisecond a pair) and so only
    on request.
    """
    return list(iter_open_pairs(library, min_score=min_score, limit=limit, explained=explained, kinds=kinds))


def iter_open_pairs(library: Library, *, min_score: float = 0.0, limit: int | None = None, explained: bool = False,
                    kinds: tuple[PairKind, ...] = KINDS) -> Iterator[dict]:
    """:func:`open_pairs` one at a time, read a block of pairs at a time: a listing of hundreds of
    thousands of pairs holds one block in memory, not all of them."""
    summaries = _Summaries(library)
    for a, b, score, kind, reason in _open_rows(library, summaries, min_score, limit, kinds):
        yield {"a": summaries.read[a], "b": summaries.read[b], "score": score, "kind": kind,
               "reason": _reason(library, a, b, Verdict(score, kind, json.loads(reason)), explained)}


def iter_open_pairs_json(library: Library, *, min_score: float = 0.0, limit: int | None = None,
                         kinds: tuple[PairKind, ...] = KINDS) -> Iterator[str]:
    """:func:`iter_open_pairs` (unexplained), each pair as the line ``json.dumps(pair, ensure_ascii=False)``
    makes of it. Each article's summary is written once for all its pairs, and a stored reason that
    would be written again as it is (a same-story pair's, all ASCII) is taken as it is: reading and
    writing again 233,000 same-story reasons was a third of listing a 100k library's pairs."""
    summaries = _Summaries(library)
    # A score is a float (the column's type), which JSON writes as its repr.
    for a, b, score, kind, reason in _open_rows(library, summaries, min_score, limit, kinds):
        if kind != PairKind.RELATED or "\\u" in reason:
            reason = json.dumps(_reason(library, a, b, Verdict(score, kind, json.loads(reason)), False),
                                ensure_ascii=False)
        yield (f'{{"a": {summaries.written(a)}, "b": {summaries.written(b)}, "score": {float.__repr__(score)}, '
               f'"kind": "{kind.value}", "reason": {reason}}}')


def _open_rows(library: Library, summaries: _Summaries, min_score: float, limit: int | None,
               kinds: tuple[PairKind, ...]) -> Iterator[tuple[int, int, float, PairKind, str]]:
    """The open pairs' rows in queue order, their articles' summaries read into ``summaries`` a block
    of pairs at a time."""
    if not kinds:
        return
    cursor = library.db.execute(
        f"SELECT p.a, p.b, p.score, p.kind, p.reason FROM {_in_queue_order(_OPEN)} AND p.score >= ? "
        f"AND p.kind IN ({placeholders(list(kinds))}) ORDER BY {QUEUE_ORDER} LIMIT ?",
        [min_score, *kinds, -1 if limit is None else limit],
    )
    while rows := cursor.fetchmany(LISTING_BLOCK):
        summaries.need(sorted({i for a, b, *_ in rows for i in (a, b)}))
        for a, b, score, kind, reason in rows:
            yield a, b, score, PairKind(kind), reason


def _reason(library: Library, a: int, b: int, verdict: Verdict, explained: bool) -> dict:
    """A listed pair's reason: the stored one with its summary in words, or explained in full."""
    if explained:
        return _explain(library, a, b, verdict)
    if verdict.kind != PairKind.RELATED:  # a rewrite's stored evidence has its summary already
        verdict.reason["summary"] = summarize(verdict.kind, verdict.reason)
    return verdict.reason


class _Summaries:
    """The summaries of a listing's articles, read a block of pairs at a time; the most recent stay
    read between blocks, since an article is in many pairs (at 100k articles, reading them again for
    every block took 3 s of a 10 s listing)."""

    def __init__(self, library: Library):
        self.library = library
        self.read: OrderedDict[int, dict] = OrderedDict()  # least recently listed first
        self._written: dict[int, str] = {}

    def need(self, ids: list[int]) -> None:
        """Have the summaries of ``ids`` read (and those of the articles least recently listed let go)."""
        self.read.update(_article_summaries(self.library, [i for i in ids if i not in self.read]))
        for article_id in ids:
            self.read.move_to_end(article_id)
        while len(self.read) > SUMMARIES_KEPT:
            self._written.pop(self.read.popitem(last=False)[0], None)

    def written(self, article_id: int) -> str:
        """The article's summary as JSON, written once."""
        found = self._written.get(article_id)
        if found is None:
            found = self._written[article_id] = json.dumps(self.read[article_id], ensure_ascii=False)
        return found


def explain_pair(library: Library, a: int, b: int) -> dict:
    """The full reason for a stored pair: components, shared passages, what each side lacks."""
    a, b = min(a, b), max(a, b)
    row = library.db.execute("SELECT score, kind, reason FROM pairs WHERE a = ? AND b = ?", [a, b]).fetchone()
    if row is None:
        raise PairError(f"There is no suggested pair of articles {a} and {b}")
    return _explain(library, a, b, Verdict(row[0], PairKind(row[1]), json.loads(row[2])))


def _explain(library: Library, a: int, b: int, verdict: Verdict) -> dict:
    bodies = dict(library.db.execute("SELECT id, body FROM articles WHERE id IN (?, ?)", [a, b]).fetchall())
    if verdict.kind == PairKind.RELATED:
        # A rewrite's reason is the story evidence stored with it; the passages they share and the
        # paragraphs only one side has are added, as for a copy.
        return {**passages_and_paragraphs(bodies[a] or "", bodies[b] or ""), **verdict.reason}
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
    return _count_waiting(library, _OPEN, [])


def _count_waiting(library: Library, sql: str, params: list) -> int:
    """How many pairs ``sql`` (a filter from :func:`_waiting`, narrowed further) selects: those of
    any articles, counted along the queue-order index alone, less those with a side merged away or
    in the trash, found through those few articles' pairs. Testing each pair's sides instead costs
    more than the count (55 ms against 22 ms for 294k pairs, with no article inactive)."""
    every = library.db.execute(f"SELECT count(*) FROM {_in_queue_order(sql.replace(_BOTH_ACTIVE, '', 1))}", params)
    inactive = library.db.execute(f"SELECT count(*) FROM {_by_sides(sql.replace(_BOTH_ACTIVE, _ONE_INACTIVE, 1))}",
                                  params)
    return every.fetchone()[0] - inactive.fetchone()[0]


def duplicate_clusters(library: Library, *, min_score: float = 0.0) -> list[list[int]]:
    """Open pairs grouped (union-find) so five copies of one story are one group, largest first."""
    edges = library.db.execute(f"SELECT p.a, p.b FROM {_OPEN} AND p.score >= ?", [min_score]).fetchall()
    return sorted(union_find(edges), key=lambda group: (-len(group), group[0]))


def review_group(library: Library, a: int, b: int) -> list[int]:
    """What merging the pair (a, b) starts from: both articles, and every article open copy
    suggestions link to either of them (sorted). The pair itself may have been skipped, or be a
    same-story pair found to be a copy: it still counts."""
    return sorted(set(cluster_of(library, a)) | set(cluster_of(library, b)))


def cluster_of(library: Library, article_id: int) -> list[int]:
    """The articles linked to ``article_id`` by open copy suggestions, directly or in a chain (sorted).
    Same-story suggestions are not followed: they link versions told in other words, which a merge
    does not make one, and on a busy topic their chains reach most of a library."""
    members, frontier = {article_id}, [article_id]
    while frontier:
        linked = []
        for chunk in chunks(frontier):
            marks = placeholders(chunk)
            linked += [other for a, b in library.db.execute(
                f"SELECT p.a, p.b FROM {_by_sides(_OPEN)} AND p.kind != '{PairKind.RELATED}' "
                f"AND (p.a IN ({marks}) OR p.b IN ({marks}))", chunk + chunk,
            ) for other in (a, b) if other not in members]
        frontier = sorted(set(linked))
        members.update(frontier)
    return sorted(members)


# The review queue ------------------------------------------------------------------


class PairOrder(Enum):
    """How the review queue is ordered: copies first then rewrites, best first within each (the queue's
    own order), or by score alone, best or worst first; equal scores by article ids."""

    QUEUE = "queue"
    BEST_FIRST = "best_first"
    WORST_FIRST = "worst_first"

    def sql(self, table: str) -> str:
        if self is PairOrder.QUEUE:
            return _queue_order(table)
        return f"{table}.score {'DESC' if self is PairOrder.BEST_FIRST else 'ASC'}, {table}.a, {table}.b"


@dataclass(frozen=True)
class PairQuery:
    """Which suggestions the review queue shows: kinds, a score range, an outlet on either side;
    the open ones, or with ``skipped`` the ones skipped to decide later; with ``article_id``, only that
    article's pairs; in ``order``."""

    kinds: tuple[PairKind, ...] = KINDS
    min_score: float = 0.0
    max_score: float = 1.0
    outlet: str = ""
    skipped: bool = False
    order: PairOrder = PairOrder.QUEUE
    article_id: int | None = None


def _pair_filter(query: PairQuery) -> tuple[str, list]:
    kinds, params = _kind_filter(query.kinds)
    sql = f"{_SKIPPED if query.skipped else _OPEN} AND p.score BETWEEN ? AND ?{kinds}"
    params = [query.min_score, query.max_score, *params]
    if query.outlet:
        sql += " AND EXISTS (SELECT 1 FROM articles o WHERE o.outlet = ? AND o.id IN (p.a, p.b))"
        params.append(query.outlet)
    if query.article_id is not None:
        sql += " AND ? IN (p.a, p.b)"
        params.append(query.article_id)
    return sql, params


def _kind_filter(kinds: tuple[PairKind, ...]) -> tuple[str, list]:
    """The test of a pair's kind, as the queue-order index holds it where it can: every kind, the
    copies or the rewrites alone are told by ``kind = 'related'``, which the index keeps."""
    if set(kinds) == set(KINDS):
        return "", []
    if set(kinds) == {PairKind.RELATED}:
        return f" AND (p.kind = '{PairKind.RELATED}') = 1", []
    if set(kinds) == set(KINDS) - {PairKind.RELATED}:
        return f" AND (p.kind = '{PairKind.RELATED}') = 0", []
    return f" AND p.kind IN ({placeholders(list(kinds))})", list(kinds)


def count_pairs(library: Library, query: PairQuery = PairQuery()) -> int:
    if not query.kinds:
        return 0
    sql, params = _pair_filter(query)
    return _count_waiting(library, sql, params)


def pair_page(library: Library, query: PairQuery, offset: int, limit: int) -> list[dict]:
    """One page of the review queue in the query's order: both articles' title, outlet and date per pair."""
    if not query.kinds:
        return []
    sql, params = _pair_filter(query)
    # The queue's order walks its index; by score alone, the score index leads.
    source = _in_queue_order(sql) if query.order is PairOrder.QUEUE else sql
    # The page is chosen from the pairs table alone; only its rows look up their articles.
    rows = library.db.execute(
        f"WITH page AS (SELECT p.a, p.b, p.score, p.kind FROM {source} ORDER BY {query.order.sql('p')} "
        "LIMIT ? OFFSET ?) "
        "SELECT page.a, page.b, page.score, page.kind, x.title, x.outlet, x.published, y.title, y.outlet, "
        "y.published FROM page JOIN articles x ON x.id = page.a JOIN articles y ON y.id = page.b "
        f"ORDER BY {query.order.sql('page')}", [*params, limit, offset],
    ).fetchall()
    return [{"a": a, "b": b, "score": score, "kind": kind,
             "a_title": at, "a_outlet": ao, "a_published": ap, "b_title": bt, "b_outlet": bo, "b_published": bp}
            for a, b, score, kind, at, ao, ap, bt, bo, bp in rows]


def selected_pairs(library: Library, query: PairQuery) -> list[Pair]:
    """Every pair ``query`` selects, as ``(a, b)``, in its order."""
    if not query.kinds:
        return []
    sql, params = _pair_filter(query)
    return [tuple(row) for row in library.db.execute(f"SELECT p.a, p.b FROM {sql} ORDER BY {query.order.sql('p')}",
                                                     params)]


def pair_outlets(library: Library) -> list[str]:
    """The library's outlets, for the review queue's outlet filter (read from the outlet index)."""
    rows = library.db.execute("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY outlet")
    return [row[0] for row in rows if row[0]]


def decide_pair(library: Library, a: int, b: int, decision: Decision) -> Changes:
    """Record a decision on a pair (journaled, undoable); a decided pair never comes back on a rescan.

    Merging is not a flag on the pair: it goes through ``merge.merge_articles``; nor is linking two
    versions of a story, which ``stories.link_versions`` records with the story they join.
    """
    if decision is Decision.MERGE:
        raise ValueError("merge the articles with merge_articles(); it records the decision itself")
    if decision is Decision.SAME_STORY:
        raise ValueError("link the versions with stories.link_versions(); it keeps their story in step")
    pair: Pair = (min(a, b), max(a, b))
    with library.atomic():
        rows = RowChanges(library)
        summary = write_decision(library, rows, pair, decision)
        history_id = record(library, Operation.DECIDE_PAIR, summary,
                            {"a": pair[0], "b": pair[1], "decision": decision.value}, rows)
    return Changes(history_id, articles=pair, pairs=(pair,))


def unskip_pair(library: Library, a: int, b: int) -> Changes:
    """Put a skipped pair back into the queue of open suggestions (journaled, undoable)."""
    pair: Pair = (min(a, b), max(a, b))
    with library.atomic():
        row = library.db.execute("SELECT status FROM pairs WHERE a = ? AND b = ?", pair).fetchone()
        if row is None or row[0] != PairStatus.SKIPPED:
            raise PairError(f"Articles {pair[0]} and {pair[1]} are not a skipped pair")
        _refuse_within_one_story(library, pair, "ask about them again")
        rows = RowChanges(library)
        rows.track("pairs", [pair])
        library.db.execute("UPDATE pairs SET status = ?, decided_at = NULL WHERE a = ? AND b = ?",
                           [PairStatus.OPEN, *pair])
        history_id = record(library, Operation.DECIDE_PAIR, f"Put back in the queue: {named_articles(library, pair)}",
                            {"a": pair[0], "b": pair[1], "decision": PairStatus.OPEN.value}, rows)
    return Changes(history_id, articles=pair, pairs=(pair,))


def write_decision(library: Library, rows: RowChanges, pair: Pair, decision: Decision) -> str:
    """Inside the caller's transaction: check the pair can be decided, track and write its new
    status; returns the words its history row says."""
    row = library.db.execute(
        "SELECT p.status, x.status, y.status, p.kind FROM pairs p JOIN articles x ON x.id = p.a "
        "JOIN articles y ON y.id = p.b WHERE p.a = ? AND p.b = ?", pair,
    ).fetchone()
    if row is None:
        for article_id in pair:
            if library.db.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone() is None:
                raise PairError(f"There is no article {article_id}")
        raise PairError(f"There is no suggested pair of articles {pair[0]} and {pair[1]}")
    if row[0] == PairStatus.MERGED or ArticleStatus.MERGED in row[1:3]:
        raise PairError(f"Articles {pair[0]} and {pair[1]} have been merged; unmerge them to decide again")
    if ArticleStatus.TRASHED in row[1:3]:
        raise PairError(f"Article {pair[0] if row[1] == ArticleStatus.TRASHED else pair[1]} is in the trash; "
                        "restore it to decide")
    if row[0] == decision.value and decision is not Decision.SAME_STORY:  # a link may join stories split since
        raise PairError(f"Articles {pair[0]} and {pair[1]} are {_DECIDED_WORDS[decision]} already")
    if decision is not Decision.SAME_STORY and row[3] == PairKind.RELATED:
        _refuse_within_one_story(library, pair, "mark them different stories" if decision is Decision.NOT_DUPLICATE
                                 else "ask about them again")
    rows.track("pairs", [pair])
    library.db.execute("UPDATE pairs SET status = ?, decided_at = ? WHERE a = ? AND b = ?",
                       [decision.value, utc_now(), *pair])
    words = _DECISION_WORDS[decision]
    if decision is Decision.NOT_DUPLICATE and row[3] == PairKind.RELATED:
        words = "Marked different stories"
    return f"{words}: {named_articles(library, pair)}"


def _refuse_within_one_story(library: Library, pair: Pair, wish: str) -> None:
    """Refuse to ask "same story?" again, or to answer no, about two versions one story holds: the
    story says yes, so the pair stays linked until one of them is taken out of it."""
    holding = library.stories_holding(list(pair))
    shared = holding[pair[0]] & holding[pair[1]]
    if shared:
        raise PairError(f"Articles {pair[0]} and {pair[1]} are versions of story {min(shared)}; take one out of it "
                        f"to {wish}")
