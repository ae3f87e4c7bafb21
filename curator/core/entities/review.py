"""The suggestion review queue: pending suggestions grouped by the name they propose, decided a group at a time.

A group is every pending mention across the library that proposes one name as one type: the
name of the entity a suggestion is linked to, else its proposed ``label``. Groups come surest
first (their best confidence), then the most mentioned. Deciding a group accepts (creating or
attaching the entity, of the type chosen) or rejects all its mentions in one transaction with
one history row, so one undo takes the whole decision back.

>>> from curator.core.ingest import import_paths, sample_paths
>>> from curator.core.entities.suggest import suggest_mentions
>>> library = Library.open(":memory:")
>>> _ = import_paths(library, sample_paths())
>>> _ = suggest_mentions(library, use_spacy=False)
>>> first = suggestion_groups(library, limit=1)[0]
>>> first["confidence"] >= suggestion_groups(library, offset=1, limit=1)[0]["confidence"]
True
>>> changes = decide_suggestion_group(library, first["name"], first["type"], GroupDecision.ACCEPT)
>>> len(changes.mentions) == first["mentions"]
True
"""

from __future__ import annotations

from enum import Enum

from curator.core.entities.confidence import best_confidence
from curator.core.entities.model import EntityError
from curator.core.entities.names import surname_of
from curator.core.entities.registry import (
    check_type,
    clean_name,
    find_by_name,
    insert_entity,
    propose_entity_for,
)
from curator.core.library.history import RowChanges, next_undo, record, undo
from curator.core.library.sql import placeholders
from curator.core.library.states import MentionStatus, Operation
from curator.core.library.store import Changes, Library

UNKNOWN_TYPE = "UNKNOWN"
PERSON_TYPE = "PERSON"
# Characters of context shown on each side of a mention in a group's snippets.
SNIPPET_CONTEXT = 70
SNIPPETS = 3
# The most groups one read returns: a page of the queue, never the whole of a huge library.
MAX_PAGE = 500

# The name a pending mention proposes: its entity's, else its label (a suggestion has one or the other).
_PROPOSED_NAME = "coalesce(e.name, m.label)"
_PENDING = (f"mentions m LEFT JOIN entities e ON e.id = m.entity_id WHERE m.status = '{MentionStatus.PENDING}' "
            "AND (m.entity_id IS NOT NULL OR m.label IS NOT NULL)")
# The pending mentions proposing the name ``:name``, found through the entity and label indexes
# rather than by computing every mention's proposed name.
_NAMED_CONDITION = ("(m.entity_id IN (SELECT id FROM entities WHERE name = :name COLLATE NOCASE AND name = :name) "
                    "OR (m.entity_id IS NULL AND m.label = :name))")
_NAMED = f"{_PENDING} AND {_NAMED_CONDITION}"


class GroupDecision(Enum):
    """What a reviewer decided about a suggested name: every one of its pending mentions follows."""

    ACCEPT = MentionStatus.ACCEPTED
    REJECT = MentionStatus.REJECTED


def _all_groups(library: Library) -> list[dict]:
    """Every group's name, type, counts, suggesters and confidence, in queue order (no snippets)."""
    rows = library.db.execute(
        f"SELECT {_PROPOSED_NAME}, m.type, count(*), count(DISTINCT m.article_id), "
        "group_concat(DISTINCT coalesce(m.source, '')), min(m.entity_id) "
        f"FROM {_PENDING} GROUP BY {_PROPOSED_NAME}, m.type").fetchall()
    groups = [{"name": name, "type": type, "mentions": mentions, "articles": articles, "entity_id": entity_id,
               "sources": sorted(source for source in sources.split(",") if source),
               "confidence": best_confidence(sources, type, name, articles)}
              for name, type, mentions, articles, sources, entity_id in rows]
    return sorted(groups, key=lambda g: (-g["confidence"], -g["mentions"], g["name"].casefold(), g["type"]))


def count_suggestion_groups(library: Library) -> int:
    """How many distinct names (and types) pending suggestions propose."""
    return library.db.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM {_PENDING} GROUP BY {_PROPOSED_NAME}, m.type)").fetchone()[0]


def suggestion_groups(library: Library, *, offset: int = 0, limit: int = 50, snippets: int = SNIPPETS) -> list[dict]:
    """One page of the review queue, surest first, then the most mentioned.

    Each group has ``name``, ``type``, ``entity_id`` (the entity its suggestions are linked to,
    or None), ``mentions``, ``articles``, ``sources``, ``confidence`` and up to ``snippets``
    ``snippets`` from different articles: ``article_id``, ``title``, ``before``, ``text``, ``after``.
    """
    page = _all_groups(library)[offset:offset + min(limit, MAX_PAGE)]
    for group in page:
        group["snippets"] = _snippets(library, group["name"], group["type"], snippets)
    return page


def _snippets(library: Library, name: str, type: str, limit: int) -> list[dict]:
    """The text around a group's first mentions, one per article; only the span and its context are read."""
    # Each article's first mention is chosen from the mentions alone; only those few read their article.
    rows = library.db.execute(
        "WITH chosen AS (SELECT min(m.id) AS id FROM mentions m "
        f"WHERE m.status = '{MentionStatus.PENDING}' AND {_NAMED_CONDITION} AND m.type = :type "
        "GROUP BY m.article_id ORDER BY m.article_id LIMIT :limit) "
        "SELECT m.article_id, a.title, m.text, "
        "CASE WHEN m.field = 'body' THEN substr(a.body, max(1, m.start + 1 - :context), min(m.start, :context)) "
        "ELSE substr(coalesce(a.dateline, ''), 1, m.start) END, "
        "CASE WHEN m.field = 'body' THEN substr(a.body, m.end + 1, :context) "
        "ELSE substr(coalesce(a.dateline, ''), m.end + 1) END "
        "FROM chosen JOIN mentions m ON m.id = chosen.id JOIN articles a ON a.id = m.article_id "
        "ORDER BY m.article_id",
        {"context": SNIPPET_CONTEXT, "name": name, "type": type, "limit": limit}).fetchall()
    return [{"article_id": article_id, "title": title, "before": _trim_start(before), "text": text,
             "after": _trim_end(after)} for article_id, title, text, before, after in rows]


def _trim_start(text: str) -> str:
    """Context before a mention, from a word's start (or the paragraph's, if nearer)."""
    text = text.rsplit("\n", 1)[-1]
    return text if len(text) < SNIPPET_CONTEXT or " " not in text else "…" + text.split(" ", 1)[1]


def _trim_end(text: str) -> str:
    text = text.split("\n", 1)[0]
    return text if len(text) < SNIPPET_CONTEXT or " " not in text else text.rsplit(" ", 1)[0].rstrip(".,;:") + "…"


def suggested_types(library: Library, name: str) -> list[str]:
    """The types pending suggestions propose ``name`` as."""
    return [row[0] for row in library.db.execute(
        f"SELECT DISTINCT m.type FROM {_NAMED} ORDER BY m.type", {"name": name})]


def _group_mentions(library: Library, name: str, type: str) -> list[dict]:
    return list(library.db.query(
        f"SELECT m.id, m.article_id, m.entity_id, m.type FROM {_NAMED} AND m.type = :type ORDER BY m.id",
        {"name": name, "type": type}))


def decide_suggestion_group(library: Library, name: str, type: str, decision: GroupDecision, *,
                            new_type: str | None = None) -> Changes:
    """Accept or reject every pending suggestion proposing ``name`` as ``type``, as one undoable operation.

    Accepting links them to their entity, or to the entity of that name and type (an alias
    counts), created if there is none; ``new_type`` accepts them as another type instead. A
    name suggested as Unknown needs a type to be accepted.
    """
    with library.atomic() as db:
        found = _group_mentions(library, name, type)
        if not found:
            raise EntityError(f"There are no pending suggestions of “{name}” as {type}")
        rows = RowChanges(library)
        rows.track("mentions", [(m["id"],) for m in found])
        ids = [m["id"] for m in found]
        entity_ids: set[int] = set()
        if decision is GroupDecision.REJECT:
            db.execute(f"UPDATE mentions SET status = ? WHERE id IN ({placeholders(ids)})",
                       [MentionStatus.REJECTED, *ids])
            summary = f"Rejected {_mentions(len(found))} of “{name}”"
            op = Operation.REMOVE_MENTIONS
        else:
            chosen = new_type or type
            check_type(library, chosen)
            if chosen == UNKNOWN_TYPE:
                raise EntityError(f"Choose a type for “{name}” to accept it")
            linked = {m["entity_id"] for m in found} if chosen == type else {None}
            entity_id = linked.pop() if len(linked) == 1 and None not in linked else None
            if entity_id is None:
                wanted = clean_name(name)
                entity_id = find_by_name(library, wanted, chosen) or insert_entity(library, rows, wanted, chosen)
            entity_ids.add(entity_id)
            db.execute(f"UPDATE mentions SET status = ?, entity_id = ?, type = ? WHERE id IN ({placeholders(ids)})",
                       [MentionStatus.ACCEPTED, entity_id, chosen, *ids])
            label = db.execute("SELECT label FROM entity_types WHERE name = ?", [chosen]).fetchone()[0]
            summary = f"Accepted {_mentions(len(found))} of “{name}” as {label}"
            op = Operation.ACCEPT_MENTIONS
            if chosen == PERSON_TYPE:
                person, surname, proposed = _propose_for_surname(library, rows, entity_id)
                ids += proposed
                if proposed:
                    summary += f", and proposed {person} for {_mentions(len(proposed))} of “{surname}” alone"
        history_id = record(library, op, summary, {"name": name, "type": type, "decision": decision.name.lower(),
                                                   "new_type": new_type}, rows)
    return Changes(history_id, articles=tuple(sorted({m["article_id"] for m in found})),
                   entities=tuple(sorted(entity_ids)), mentions=tuple(ids))


def _propose_for_surname(library: Library, rows: RowChanges, entity_id: int) -> tuple[str, str | None, list[int]]:
    """Propose a person for the pending suggestions of their surname alone ("Starmer" once "Keir
    Starmer" is accepted), unless another person has that surname. The person's name, the surname, and
    the ids of those proposed."""
    name = library.db.execute("SELECT name FROM entities WHERE id = ?", [entity_id]).fetchone()[0]
    surname = surname_of(name)
    others = [row[0] for row in library.db.execute(
        "SELECT name FROM entities WHERE type = ? AND id != ?", [PERSON_TYPE, entity_id])]
    if surname is None or any(surname_of(other) == surname for other in others):
        return name, surname, []  # two people share it: which one a bare surname names is the curator's to say
    return name, surname, propose_entity_for(library, rows, entity_id, [surname], PERSON_TYPE)


def _mentions(count: int) -> str:
    return f"{count:,} mention{'s' if count != 1 else ''}"


def undo_group_decision(library: Library, history_id: int) -> Changes:
    """Take back a group decision, if it is still the latest change in effect (else refused:
    what came after it must be undone first, from the Edit menu)."""
    with library.atomic():
        step = next_undo(library)
        if step is None or step.history_id != history_id:
            raise EntityError("Another change was made since that decision; undo it first (Edit → Undo)")
        return undo(library)
