"""Merging duplicates into one article, field by field, and taking merges apart again.

A merge keeps one article and gives it the chosen fields, a body and a
provenance record (see ``provenance.py``); the other members stay in the library with
``status = 'merged'`` and ``merged_into`` set, their source files untouched, so
nothing is lost and :func:`unmerge_article` (or undo) restores every row.

>>> from curator.core.ingest import import_paths, sample_paths
>>> library = Library.open(":memory:")
>>> _ = import_paths(library, sample_paths())
>>> plan = suggest_plan(library, [1, 2]).plan      # keep the most complete, fill gaps from the other
>>> plan.keep, plan.others
(1, (2,))
>>> _ = merge_articles(library, plan)               # one transaction, one history row
>>> library.article(2)["status"], library.article(2)["merged_into"]
('merged', 1)
>>> _ = unmerge_article(library, 2)                 # both articles exactly as they were
>>> library.article(2)["status"], library.article(2)["merged_into"]
('active', None)
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from curator.core.curation.provenance import BodyStrategy, Provenance
from curator.core.dedupe.clusters import union_find
from curator.core.dedupe.reasons import passages_and_paragraphs
from curator.core.entities import carry_mentions_into_merge, propose_known_entities
from curator.core.errors import Refusal
from curator.core.library.fields import FIELD_LABELS, FIELDS
from curator.core.library.history import (
    HistoryConflict,
    RowChanges,
    apply_snapshot,
    record,
)
from curator.core.library.labels import named_articles, quoted
from curator.core.library.sql import placeholders
from curator.core.library.states import (
    ArticleStatus,
    HistoryState,
    Operation,
    PairKind,
    PairStatus,
)
from curator.core.library.store import Changes, Library, utc_now
from curator.core.progress import (
    CancelCheck,
    ProgressCallback,
    never_cancelled,
    no_progress,
)
from curator.core.stories import drop_merged_story, join_merged_stories
from curator.core.text import split_paragraphs, word_ids

# A paragraph of another member "is" a paragraph of the body when their words are this similar.
SAME_PARAGRAPH_RATIO = 70
# Paragraphs whose words (in order) are this alike tell the same thing: the seeds' two leads are 47 alike,
# a paragraph one of them adds at most 20 alike to any of the other's.
REWORDED_RATIO = 40


class MergeError(Refusal):
    """A merge or unmerge that cannot be done; the message says why.

    A refusal: it is raised before anything is written, and the message names what to do instead.
    """


@dataclass(frozen=True)
class MergePlan:
    """Everything a merge needs: who is kept, who is merged into it, where each field comes from."""

    keep: int
    others: tuple[int, ...]
    fields: dict[str, int]  # field -> id of the member whose value is taken
    body: BodyStrategy = BodyStrategy.KEEP
    body_from: int | None = None  # the member whose text is kept (or extended); default: ``keep``

    @property
    def members(self) -> tuple[int, ...]:
        return (self.keep, *self.others)

    @property
    def body_source(self) -> int:
        return self.keep if self.body_from is None else self.body_from

    def to_json(self) -> dict:
        return {"keep": self.keep, "others": list(self.others), "fields": self.fields,
                "body": self.body.value, "body_from": self.body_source}

    @classmethod
    def from_json(cls, data: dict) -> "MergePlan":
        return cls(data["keep"], tuple(data["others"]), dict(data["fields"]), BodyStrategy(data["body"]),
                   data["body_from"])


@dataclass(frozen=True)
class MergeSuggestion:
    """The default plan for some articles, and why that article is the one kept."""

    plan: MergePlan
    why: str
    articles: dict[int, dict] = field(repr=False)  # every member's fields and body


@dataclass
class BulkMergeReport:
    """What a bulk merge did: groups merged, articles merged away, whether it was cancelled."""

    groups: int = 0
    merged_away: int = 0
    cancelled: bool = False
    batch: str = ""
    kept: list[int] = field(default_factory=list)
    articles: list[int] = field(default_factory=list)  # every merged group's members
    pairs: list[tuple[int, int]] = field(default_factory=list)  # and the pairs among them

    @property
    def changes(self) -> Changes:
        """What the run changed, for views to refresh (its merges have a history row each)."""
        return Changes(None, articles=tuple(self.articles), pairs=tuple(self.pairs))


# Planning ----------------------------------------------------------------------

def read_members(library: Library, ids: list[int]) -> dict[int, dict]:
    """The members' fields, bodies and provenance; refuses unknown, merged-away or trashed articles."""
    if len(set(ids)) < 2:
        raise MergeError("A merge needs at least two different articles")
    rows = {row["id"]: row for row in library.db.query(
        f"SELECT id, title, body, published, outlet, dateline, byline, url, language, metadata, status, "
        f"merged_into, provenance FROM articles WHERE id IN ({placeholders(ids)})", ids,
    )}
    for article_id in ids:
        if article_id not in rows:
            raise MergeError(f"There is no article {article_id}")
        if rows[article_id]["status"] == ArticleStatus.TRASHED:
            raise MergeError(f"Article {article_id} is in the trash; restore it first")
        if rows[article_id]["status"] != ArticleStatus.ACTIVE:
            raise MergeError(f"Article {article_id} was already merged into article {rows[article_id]['merged_into']}")
    return {article_id: rows[article_id] for article_id in ids}


def _completeness(article: dict) -> tuple[int, int, int]:
    """Longest text first, then the most fields filled in, then the oldest."""
    filled = sum(1 for name in FIELDS if article[name])
    return (len(word_ids(article["body"])), filled, -article["id"])


def suggest_plan(library: Library, ids: list[int], *, keep: int | None = None) -> MergeSuggestion:
    """The plan a curator starts from: keep the most complete article (or ``keep``), fill its gaps from the others."""
    members = read_members(library, ids)
    ranked = sorted(members.values(), key=_completeness, reverse=True)
    if keep is not None:
        if keep not in members:
            raise MergeError(f"Article {keep} is not among the articles being merged")
        ranked.sort(key=lambda article: article["id"] != keep)  # stable: the others stay ranked
    kept = ranked[0]
    fields = {}
    for name in FIELDS:
        source = next((article for article in ranked if article[name]), kept)
        fields[name] = source["id"]
    plan = MergePlan(kept["id"], tuple(a["id"] for a in ranked[1:]), fields, BodyStrategy.KEEP, kept["id"])
    return MergeSuggestion(plan, _why_kept(kept, ranked[1:]), members)


def _why_kept(keep: dict, others: list[dict]) -> str:
    if others and _completeness(keep) < _completeness(others[0]):
        return f"Chosen to keep; article {others[0]['id']} is more complete"
    words = len(word_ids(keep["body"]))
    runner_up = len(word_ids(others[0]["body"])) if others else 0
    if words > runner_up:
        return f"Longest text: {words:,} words (next: {runner_up:,})"
    filled = sum(1 for name in FIELDS if keep[name])
    return f"Same length as the others, and the most fields filled in ({filled} of {len(FIELDS)})"


def combined_body(base: str, others: list[str]) -> str:
    """``base`` plus each paragraph only the others have, placed after the paragraph it follows there.
    A paragraph the text has in other words (another outlet's rewrite of the lead, mostly the same
    words in the same order) is not added: the article would tell it twice."""
    result = split_paragraphs(base)
    for other in others:
        body = "\n\n".join(result)
        detail = passages_and_paragraphs(body, other)
        missing = {other[start:end].strip() for start, end in detail["only_b"]}
        insert_at = 0
        for paragraph in split_paragraphs(other):
            if paragraph in missing and not _reworded_in(result, paragraph):
                result.insert(insert_at, paragraph)
                insert_at += 1
            else:
                insert_at = _position_of_match(result, paragraph, insert_at)
    return "\n\n".join(result)


def _reworded_in(result: list[str], paragraph: str) -> bool:
    """Whether some paragraph of ``result`` says ``paragraph`` in other words: their words, in order,
    alike by ``REWORDED_RATIO`` or more (a new paragraph shares a name or two, no more)."""
    words = word_ids(paragraph).tolist()
    return bool(words) and any(fuzz.ratio(words, word_ids(kept).tolist()) >= REWORDED_RATIO for kept in result)


def _position_of_match(result: list[str], paragraph: str, default: int) -> int:
    """Just after the paragraph of ``result`` most like ``paragraph`` (``default`` if none is)."""
    words = word_ids(paragraph).tolist()
    best, best_score = default, 0.0
    for index, candidate in enumerate(result):
        score = fuzz.partial_ratio(words, word_ids(candidate).tolist()) if words else 0
        if score > best_score:
            best, best_score = index + 1, score
    return best if best_score >= SAME_PARAGRAPH_RATIO else default


def merged_article(members: dict[int, dict], plan: MergePlan) -> dict:
    """The kept article's new fields, body and metadata under ``plan`` (nothing is written)."""
    _check_plan(members, plan)
    result = {name: members[source][name] for name, source in plan.fields.items()}
    base = members[plan.body_source]["body"]
    if plan.body is BodyStrategy.COMBINE:
        others = [members[i]["body"] for i in plan.members if i != plan.body_source]
        result["body"] = combined_body(base, others)
    else:
        result["body"] = base
    metadata: dict = {}
    for article_id in reversed(plan.members):  # the kept article's values win
        metadata.update(json.loads(members[article_id]["metadata"] or "{}"))
    result["metadata"] = metadata
    return result


def _check_plan(members: dict[int, dict], plan: MergePlan) -> None:
    if set(members) != set(plan.members) or len(plan.members) != len(set(plan.members)):
        raise MergeError("The plan's articles are not the articles being merged")
    unknown = set(plan.fields) - set(FIELDS)
    if unknown:
        raise MergeError(f"Unknown field(s): {', '.join(sorted(unknown))}")
    for name, source in plan.fields.items():
        if source not in members:
            raise MergeError(f"{FIELD_LABELS[name]} is taken from article {source}, which is not being merged")
    if plan.body_source not in members:
        raise MergeError(f"The text is taken from article {plan.body_source}, which is not being merged")


# Merging -----------------------------------------------------------------------

def merge_articles(library: Library, plan: MergePlan, *, batch: str | None = None) -> Changes:
    """Merge ``plan.others`` into ``plan.keep`` in one transaction, journaled so it can be undone."""
    with library.atomic() as db:
        members = read_members(library, list(plan.members))
        plan = replace(plan, fields={**{name: plan.keep for name in FIELDS}, **plan.fields})
        result = merged_article(members, plan)
        kept = members[plan.keep]
        ids = list(plan.members)
        member_pairs = [tuple(row) for row in db.execute(
            f"SELECT a, b FROM pairs WHERE a IN ({placeholders(ids)}) AND b IN ({placeholders(ids)})", ids + ids,
        ).fetchall()]
        rows = RowChanges(library)
        rows.track("articles", [(i,) for i in ids])
        rows.track("pairs", member_pairs)
        rows.track("dedupe_index", [(plan.keep,)])
        rows.track("story_index", [(plan.keep,)])
        # The merged article is a version of every story its members were in: those become one
        # (named in the summary as they were before the merge).
        stories = join_merged_stories(library, rows, ids)

        now = utc_now()
        provenance = Provenance(plan.keep, plan.others, plan.fields, plan.body, plan.body_source, now,
                                earlier=Provenance.from_json(plan.keep, kept["provenance"]) if kept["provenance"] else None)
        columns = list(FIELDS)
        db.execute(
            f"UPDATE articles SET {', '.join(f'{c} = ?' for c in columns)}, body = ?, metadata = ?, "
            "provenance = ?, updated_at = ? WHERE id = ?",
            [result[c] for c in columns] + [result["body"], json.dumps(result["metadata"]), provenance.to_json(),
                                             now, plan.keep],
        )
        db.execute(
            f"UPDATE articles SET status = '{ArticleStatus.MERGED}', merged_into = ?, updated_at = ? "
            f"WHERE id IN ({placeholders(list(plan.others))})",
            [plan.keep, now, *plan.others],
        )
        db.conn.executemany("UPDATE pairs SET status = ?, decided_at = ? WHERE a = ? AND b = ?",
                            [(PairStatus.MERGED, now, a, b) for a, b in member_pairs])
        if result["body"] != kept["body"]:
            # Its text changed: the next scan sketches it again and finds what it now duplicates.
            db.execute("DELETE FROM dedupe_index WHERE article_id = ?", [plan.keep])
            db.execute("DELETE FROM dedupe_sketches WHERE article_id = ?", [plan.keep])  # of the old text
        if any(result[name] != kept[name] for name in ("title", "body", "published")):
            # Its story signs changed: the next story scan reads it again (the terms it was counted
            # with stay in the library's document frequencies, as a merged-away article's do).
            db.execute("DELETE FROM story_index WHERE article_id = ?", [plan.keep])
        # A story the merge left with one version is no story, as after a split or a move.
        joined = drop_merged_story(library, rows, stories)
        carry_mentions_into_merge(library, rows, {i: members[i]["body"] for i in ids}, plan.keep, result["body"],
                                  result["dateline"])
        # What one version tagged is proposed where the merged text names it untagged.
        proposed = propose_known_entities(library, rows, ids, plan.keep, "merged")
        history_id = record(
            library, Operation.MERGE, f"Merged {len(ids):,} articles into {quoted(result['title'])}{joined}",
            plan.to_json(), rows, batch=batch,
        )
    settled = [pair for pair in stories.settled if pair not in member_pairs]  # a pair the merge merged is said once
    return Changes(history_id, articles=tuple(ids), pairs=(*member_pairs, *settled), mentions=tuple(proposed))


def unmerge_article(library: Library, article_id: int) -> Changes:
    """Take apart the merge that made (or absorbed) ``article_id``: every row as it was before it.

    Refused with a clear message when a later change (such as merging the result
    again) is in the way; undoing or unmerging that first makes it possible.
    """
    with library.atomic():
        merge = _merge_involving(library, article_id)
        if merge is None:
            raise MergeError(f"Article {article_id} is not part of a merge")
        rows = RowChanges(library)
        for table, snapshot in merge["after"].items():
            rows.track(table, [tuple(key) for key, _ in snapshot])
        try:
            apply_snapshot(library, target=merge["before"], expected=merge["after"])
        except HistoryConflict as conflict:
            raise MergeError(str(conflict)) from None
        plan = MergePlan.from_json(merge["args"])
        history_id = record(
            library, Operation.UNMERGE, f"Unmerged {named_articles(library, plan.members)}",
            {"merge": merge["id"], "article": article_id}, rows,
        )
    return Changes(history_id, articles=plan.members, pairs=tuple(tuple(key) for key, _ in merge["after"].get("pairs", [])))


def _merge_involving(library: Library, article_id: int) -> dict | None:
    """The latest merge in effect that kept or absorbed ``article_id`` and has not been unmerged."""
    in_effect = list(library.db.query(
        "SELECT id, op, args, before, after FROM history WHERE reversible = 1 AND undone = ? "
        "AND op IN (?, ?) ORDER BY id DESC", [HistoryState.IN_EFFECT, Operation.MERGE, Operation.UNMERGE],
    ))
    unmerged = {json.loads(row["args"])["merge"] for row in in_effect if row["op"] == Operation.UNMERGE}
    for row in in_effect:
        if row["op"] != Operation.MERGE or row["id"] in unmerged:
            continue
        args = json.loads(row["args"])
        if article_id == args["keep"] or article_id in args["others"]:
            return {"id": row["id"], "args": args, "before": json.loads(row["before"]),
                    "after": json.loads(row["after"])}
    return None


# Exact duplicates in bulk ----------------------------------------------------------

def exact_duplicate_groups(library: Library) -> list[list[int]]:
    """Groups of active articles with the same text (open exact suggestions), largest first."""
    edges = library.db.execute(
        "SELECT p.a, p.b FROM pairs p JOIN articles x ON x.id = p.a JOIN articles y ON y.id = p.b "
        "WHERE p.status = ? AND p.kind = ? AND x.status = ? AND y.status = ?",
        [PairStatus.OPEN, PairKind.EXACT, ArticleStatus.ACTIVE, ArticleStatus.ACTIVE],
    ).fetchall()
    return sorted(union_find(edges), key=lambda group: (-len(group), group[0]))


def merge_exact_duplicates(
    library: Library,
    progress: ProgressCallback = no_progress,
    cancelled: CancelCheck = never_cancelled,
) -> BulkMergeReport:
    """Merge every group of exact copies, each with its suggested plan, one transaction per group.

    All the merges share a batch, so one undo reverses the whole run; a cancel
    keeps the groups already merged.
    """
    groups = exact_duplicate_groups(library)
    report = BulkMergeReport(batch=uuid.uuid4().hex)
    for done, group in enumerate(groups):
        if cancelled():
            report.cancelled = True
            break
        progress(done, len(groups), f"Merging exact copies: group {done + 1:,} of {len(groups):,}")
        plan = suggest_plan(library, group).plan
        merged = merge_articles(library, plan, batch=report.batch)
        report.groups += 1
        report.merged_away += len(plan.others)
        report.kept.append(plan.keep)
        report.articles += merged.articles
        report.pairs += merged.pairs
    progress(report.groups, len(groups), "Merged exact copies")
    return report
