"""Entities (people, organisations, places, …) and their mentions in articles.

A mention is a span of an article's clean body (or of its dateline: ``field``),
linked to an entity (or, for a suggestion, proposing a name in ``label``). Every change here is one
transaction with a reversible history row, so undo and redo cover tagging too.

>>> tag_mention(library, article_id=1, start=0, end=6, type="PLACE")   # "Moscow"
>>> propagate_mention(library, mention_id)     # every other "Moscow" in the library, in one step
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from curator.core.history import RowChanges, record
from curator.core.store import Changes, Library, utc_now

MAX_NAME_LENGTH = 200
# "Merge Into" offers this many closest names before the rest.
MERGE_RANKED = 10


class EntityError(Exception):
    """An entity operation that cannot be done; the message says why."""


@dataclass(frozen=True)
class EntityMatch:
    """An existing entity that a surface text may refer to, and how closely (0–100)."""

    id: int
    name: str
    type: str
    score: float
    matched: str  # the name or alias that matched


# Reading --------------------------------------------------------------------------

def entity_types(library: Library) -> list[dict]:
    """Every type (built-in first), with its label, colour and number key."""
    return list(library.db.query("SELECT name, label, colour, key, builtin FROM entity_types "
                                 "ORDER BY builtin DESC, coalesce(key, 99), name"))


def entity(library: Library, entity_id: int) -> dict | None:
    rows = list(library.db.query("SELECT * FROM entities WHERE id = ?", [entity_id]))
    if not rows:
        return None
    found = rows[0]
    found["aliases"] = json.loads(found["aliases"])
    return found


def article_mentions(library: Library, article_id: int, *, include_rejected: bool = False) -> list[dict]:
    """An article's mentions in reading order, with each one's entity name and type colour."""
    rows = library.db.query(
        "SELECT m.id, m.field, m.start, m.end, m.text, m.entity_id, m.type, m.label, m.origin, m.status, m.source, "
        "e.name AS entity_name, t.colour FROM mentions m LEFT JOIN entities e ON e.id = m.entity_id "
        "JOIN entity_types t ON t.name = m.type WHERE m.article_id = ? "
        f"{'' if include_rejected else 'AND m.status != ?'} ORDER BY m.field DESC, m.start, m.end",
        [article_id] if include_rejected else [article_id, "rejected"],
    )
    return list(rows)


def entity_summaries(library: Library, search: str = "") -> list[dict]:
    """Entities with their accepted and pending mention counts and the articles they appear in.

    Pending counts include suggestions that propose an entity's name (and type) without
    being linked to it yet: accepting one links it there."""
    like = f"%{search.strip()}%"
    rows = library.db.query(
        "SELECT e.id, e.name, e.type, e.aliases, e.external_id, "
        "count(CASE WHEN m.status = 'accepted' THEN 1 END) AS accepted, "
        "count(CASE WHEN m.status = 'pending' THEN 1 END) AS pending, "
        "count(DISTINCT CASE WHEN m.status = 'accepted' THEN m.article_id END) AS articles "
        "FROM entities e LEFT JOIN mentions m ON m.entity_id = e.id "
        "WHERE e.name LIKE ? OR e.aliases LIKE ? GROUP BY e.id ORDER BY accepted DESC, e.name",
        [like, like],
    )
    unlinked = {(label.casefold(), type): count for label, type, count, _, _ in _unlinked_suggestions(library)}
    return [{**row, "aliases": json.loads(row["aliases"]),
             "pending": row["pending"] + unlinked.get((row["name"].casefold(), row["type"]), 0)} for row in rows]


def _unlinked_suggestions(library: Library, search: str = "") -> list[tuple]:
    """(label, type, pending count, article count, article ids joined by commas) of the pending
    suggestions linked to no entity, grouped by the name they propose."""
    return library.db.execute(
        "SELECT label, type, count(*), count(DISTINCT article_id), group_concat(DISTINCT article_id) FROM mentions "
        "WHERE entity_id IS NULL AND status = 'pending' AND label LIKE ? GROUP BY label, type "
        "ORDER BY count(*) DESC, label", [f"%{search.strip()}%"]).fetchall()


def entity_listing(library: Library) -> list[dict]:
    """Every entity known or suggested: name, type, aliases, accepted and pending counts, article ids.

    A suggestion not linked to an entity yet is listed under the name it proposes,
    with ``"suggested": true`` and no id.
    """
    listing = []
    for row in entity_summaries(library):
        listing.append({"id": row["id"], "name": row["name"], "type": row["type"], "aliases": row["aliases"],
                        "external_id": row["external_id"], "accepted": row["accepted"], "pending": row["pending"],
                        "article_ids": entity_article_ids(library, row["id"], include_pending=True),
                        "suggested": False})
    for row in suggestion_summaries(library):
        listing.append({**row, "external_id": None,
                        "article_ids": sorted(int(i) for i in row.pop("article_list").split(","))})
    return listing


def suggestion_summaries(library: Library, search: str = "") -> list[dict]:
    """Pending suggestions proposing a name no entity (of their type) has yet, one row per name
    and type, most suggested first; shaped like ``entity_summaries`` rows, with ``"suggested": True``."""
    named = {(name.casefold(), type) for name, type in library.db.execute("SELECT name, type FROM entities")}
    return [{"id": None, "name": label, "type": type, "aliases": [], "accepted": 0, "pending": pending,
             "articles": articles, "article_list": article_list, "suggested": True}
            for label, type, pending, articles, article_list in _unlinked_suggestions(library, search)
            if (label.casefold(), type) not in named]


def pending_suggestions(library: Library, *, entity_id: int | None = None, label: str | None = None,
                        type: str | None = None) -> list[int]:
    """The ids of the pending suggestions of an entity (linked to it, or proposing its name and type),
    or of a proposed name (and type) with no entity yet."""
    if entity_id is not None:
        rows = library.db.execute(
            "SELECT m.id FROM mentions m JOIN entities e ON e.id = ? WHERE m.status = 'pending' AND "
            "(m.entity_id = e.id OR (m.entity_id IS NULL AND m.label = e.name COLLATE NOCASE AND m.type = e.type)) "
            "ORDER BY m.id", [entity_id])
    else:
        rows = library.db.execute("SELECT id FROM mentions WHERE entity_id IS NULL AND label = ? AND type = ? "
                                  "AND status = 'pending' ORDER BY id", [label, type])
    return [row[0] for row in rows]


def article_entities(library: Library, article_id: int) -> dict[int, dict]:
    """The entities tagged in one article, by id, most mentioned there first.

    Each has ``name``, ``type``, ``aliases``, ``here`` (accepted mentions in this article),
    ``total`` (in the library) and ``articles`` (how many articles mention it).
    """
    rows = library.db.query(
        "SELECT e.id, e.name, e.type, e.aliases, count(*) AS here, "
        "(SELECT count(*) FROM mentions o WHERE o.entity_id = e.id AND o.status = 'accepted') AS total, "
        "(SELECT count(DISTINCT o.article_id) FROM mentions o WHERE o.entity_id = e.id AND o.status = 'accepted') "
        "AS articles FROM mentions m JOIN entities e ON e.id = m.entity_id "
        "WHERE m.article_id = ? AND m.status = 'accepted' GROUP BY e.id ORDER BY here DESC, e.name",
        [article_id],
    )
    return {row["id"]: {**row, "aliases": json.loads(row["aliases"])} for row in rows}


def entity_article_ids(library: Library, entity_id: int, *, include_pending: bool = False) -> list[int]:
    statuses = "('accepted', 'pending')" if include_pending else "('accepted')"
    rows = library.db.execute(f"SELECT DISTINCT article_id FROM mentions WHERE entity_id = ? AND status IN {statuses} "
                              "ORDER BY article_id", [entity_id])
    return [row[0] for row in rows]


def rank_entities(library: Library, surface: str, *, type: str | None = None, limit: int = 8) -> list[EntityMatch]:
    """Existing entities the text may name, best first, by fuzzy similarity to names and aliases.

    "Kim Jong-Un" ranks an existing "Kim Jong-un" first; a surname alone ("Lavrov")
    still finds "Sergei Lavrov" through partial matching.
    """
    choices: list[tuple[str, dict]] = []
    for row in library.db.query("SELECT id, name, type, aliases FROM entities" + (" WHERE type = ?" if type else ""),
                                [type] if type else []):
        for name in [row["name"], *json.loads(row["aliases"])]:
            choices.append((name, row))
    if not choices or not surface.strip():
        return []
    found = process.extract(surface, [name for name, _ in choices], scorer=_name_similarity,
                            processor=utils.default_process, limit=limit * 3, score_cutoff=60)
    best: dict[int, EntityMatch] = {}
    for name, score, index in found:
        row = choices[index][1]
        if row["id"] not in best or best[row["id"]].score < score:
            best[row["id"]] = EntityMatch(row["id"], row["name"], row["type"], score, name)
    return sorted(best.values(), key=lambda match: (-match.score, match.name))[:limit]


def merge_candidates(library: Library, entity_id: int) -> list[tuple[int, str, str]]:
    """(id, name, type) of the entities another may be merged into: those whose names are closest
    to its name (a variant spelling, a surname) first, then the rest, same type first, by name."""
    chosen = entity(library, entity_id)
    if chosen is None:
        return []
    ranked = [(m.id, m.name, m.type) for m in rank_entities(library, chosen["name"], limit=MERGE_RANKED + 1)
              if m.id != entity_id][:MERGE_RANKED]
    listed = {entity_id, *(i for i, _, _ in ranked)}
    rest = library.db.execute("SELECT id, name, type FROM entities ORDER BY type != ?, name COLLATE NOCASE",
                              [chosen["type"]]).fetchall()
    return ranked + [tuple(row) for row in rest if row[0] not in listed]


def _name_similarity(surface: str, name: str, **kwargs) -> float:
    # A surname alone is a partial match of the full name: weigh it a little below a full one.
    return max(fuzz.ratio(surface, name, **kwargs), 0.9 * fuzz.partial_token_set_ratio(surface, name, **kwargs))


# Entities ---------------------------------------------------------------------------

def _check_type(library: Library, type: str) -> None:
    if library.db.execute("SELECT 1 FROM entity_types WHERE name = ?", [type]).fetchone() is None:
        raise EntityError(f"Unknown entity type '{type}'")


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise EntityError("An entity needs a name")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise EntityError(f"An entity name is at most {MAX_NAME_LENGTH} characters")
    return cleaned


def _find_by_name(library: Library, name: str, type: str) -> int | None:
    """An entity of ``type`` whose name or an alias equals ``name``, ignoring case."""
    row = library.db.execute("SELECT id FROM entities WHERE name = ? COLLATE NOCASE AND type = ?", [name, type]).fetchone()
    if row:
        return row[0]
    folded = name.casefold()
    for entity_id, aliases in library.db.execute("SELECT id, aliases FROM entities WHERE type = ? AND aliases != '[]'",
                                                 [type]):
        if any(alias.casefold() == folded for alias in json.loads(aliases)):
            return entity_id
    return None


def _insert_entity(library: Library, rows: RowChanges, name: str, type: str, aliases=(), notes=None,
                   external_id=None) -> int:
    cursor = library.db.execute(
        "INSERT INTO entities (name, type, aliases, notes, external_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        [name, type, json.dumps(_unique(aliases, exclude=name)), notes, external_id, utc_now()],
    )
    rows.track_created("entities", [(cursor.lastrowid,)])
    return cursor.lastrowid


def _unique(names, *, exclude: str = "") -> list[str]:
    seen, result = {exclude.casefold()}, []
    for name in names:
        cleaned = " ".join(str(name).split())
        if cleaned and cleaned.casefold() not in seen:
            seen.add(cleaned.casefold())
            result.append(cleaned)
    return result


def create_entity(library: Library, name: str, type: str, *, aliases=(), notes: str | None = None,
                  external_id: str | None = None) -> Changes:
    """Add an entity to the registry (refused if one of that type already has the name)."""
    name = _clean_name(name)
    with library.atomic():
        _check_type(library, type)
        if _find_by_name(library, name, type) is not None:
            raise EntityError(f"There is already a {type.lower()} called {name}")
        rows = RowChanges(library)
        entity_id = _insert_entity(library, rows, name, type, aliases, notes, external_id)
        history_id = record(library, "create_entity", f"Added {type.lower()} {name}", {"id": entity_id}, rows)
    return Changes(history_id, entities=(entity_id,))


def update_entity(library: Library, entity_id: int, *, name: str | None = None, type: str | None = None,
                  aliases=None, notes: str | None = None, external_id: str | None = None) -> Changes:
    """Rename an entity, retype it, or edit its aliases, notes or external id."""
    with library.atomic() as db:
        current = entity(library, entity_id)
        if current is None:
            raise EntityError(f"There is no entity {entity_id}")
        new_name = _clean_name(name) if name is not None else current["name"]
        new_type = type or current["type"]
        _check_type(library, new_type)
        clash = _find_by_name(library, new_name, new_type)
        if clash not in (None, entity_id):
            raise EntityError(f"There is already a {new_type.lower()} called {new_name}; merge the two instead")
        rows = RowChanges(library)
        rows.track("entities", [(entity_id,)])
        db.execute(
            "UPDATE entities SET name = ?, type = ?, aliases = ?, notes = ?, external_id = ? WHERE id = ?",
            [new_name, new_type, json.dumps(_unique(current["aliases"] if aliases is None else aliases,
                                                    exclude=new_name)),
             current["notes"] if notes is None else notes,
             current["external_id"] if external_id is None else external_id, entity_id],
        )
        if new_type != current["type"]:
            ids = _mention_ids(library, "entity_id = ?", [entity_id])
            rows.track("mentions", ids)
            db.execute("UPDATE mentions SET type = ? WHERE entity_id = ?", [new_type, entity_id])
        history_id = record(library, "update_entity", f"Edited {new_type.lower()} {new_name}", {"id": entity_id}, rows)
    return Changes(history_id, entities=(entity_id,))


def merge_entities(library: Library, keep: int, other: int) -> Changes:
    """Fold ``other`` into ``keep``: its mentions move over, its name and aliases become aliases."""
    if keep == other:
        raise EntityError("Choose two different entities to merge")
    with library.atomic() as db:
        kept, gone = entity(library, keep), entity(library, other)
        if kept is None or gone is None:
            raise EntityError(f"There is no entity {other if kept else keep}")
        rows = RowChanges(library)
        rows.track("entities", [(keep,), (other,)])
        moved = _mention_ids(library, "entity_id = ?", [other])
        rows.track("mentions", moved)
        aliases = _unique([*kept["aliases"], gone["name"], *gone["aliases"]], exclude=kept["name"])
        db.execute("UPDATE entities SET aliases = ? WHERE id = ?", [json.dumps(aliases), keep])
        db.execute("UPDATE mentions SET entity_id = ?, type = ? WHERE entity_id = ?", [keep, kept["type"], other])
        db.execute("DELETE FROM entities WHERE id = ?", [other])
        history_id = record(library, "merge_entities", f"Merged entity {gone['name']} into {kept['name']}",
                            {"keep": keep, "other": other}, rows)
    return Changes(history_id, entities=(keep, other), mentions=tuple(key[0] for key in moved))


def delete_entity(library: Library, entity_id: int) -> Changes:
    """Remove an entity and every mention tagged with it (undo brings them back)."""
    with library.atomic() as db:
        current = entity(library, entity_id)
        if current is None:
            raise EntityError(f"There is no entity {entity_id}")
        rows = RowChanges(library)
        rows.track("entities", [(entity_id,)])
        removed = _mention_ids(library, "entity_id = ?", [entity_id])
        rows.track("mentions", removed)
        db.execute("DELETE FROM mentions WHERE entity_id = ?", [entity_id])
        db.execute("DELETE FROM entities WHERE id = ?", [entity_id])
        history_id = record(library, "delete_entity", f"Deleted {current['type'].lower()} {current['name']}",
                            {"id": entity_id}, rows)
    return Changes(history_id, entities=(entity_id,), mentions=tuple(key[0] for key in removed))


def add_entity_type(library: Library, name: str, label: str, colour: str, key: int | None = None) -> Changes:
    """A user-defined type, e.g. ``("SHIP", "Ship", "#4a90a4", 5)``."""
    name = name.strip().upper()
    if not re.fullmatch(r"[A-Z][A-Z0-9_]{0,31}", name):
        raise EntityError("A type name is a word of capital letters, digits or underscores")
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        raise EntityError("A colour is written #rrggbb")
    with library.atomic() as db:
        if db.execute("SELECT 1 FROM entity_types WHERE name = ?", [name]).fetchone():
            raise EntityError(f"There is already a type {name}")
        if key is not None and db.execute("SELECT 1 FROM entity_types WHERE key = ?", [key]).fetchone():
            raise EntityError(f"Key {key} already tags another type")
        rows = RowChanges(library)
        db.execute("INSERT INTO entity_types (name, label, colour, key) VALUES (?, ?, ?, ?)",
                   [name, label.strip() or name.title(), colour, key])
        rows.track_created("entity_types", [(name,)])
        history_id = record(library, "add_entity_type", f"Added entity type {label or name}", {"name": name}, rows)
    return Changes(history_id)


# Mentions ---------------------------------------------------------------------------

def _mention_ids(library: Library, where: str, params: list) -> list[tuple[int]]:
    return [(row[0],) for row in library.db.execute(f"SELECT id FROM mentions WHERE {where}", params)]


FIELDS = ("body", "dateline")


def _article_text(library: Library, article_id: int, field: str = "body") -> str:
    """The text a mention's offsets count in: the article's clean body or its dateline."""
    if field not in FIELDS:
        raise EntityError(f"Mentions are in the body or the dateline, not “{field}”")
    row = library.db.execute(f"SELECT coalesce({field}, ''), status FROM articles WHERE id = ?",
                             [article_id]).fetchone()
    if row is None:
        raise EntityError(f"There is no article {article_id}")
    if row[1] != "active":
        raise EntityError(f"Article {article_id} was merged into another; tag the merged article instead")
    return row[0]


def tag_mention(library: Library, article_id: int, start: int, end: int, *, type: str | None = None,
                entity_id: int | None = None, name: str | None = None, field: str = "body") -> Changes:
    """Tag ``body[start:end]`` (or the dateline's, with ``field="dateline"``) as a mention of an entity, accepted.

    The entity is ``entity_id``, else the entity of ``type`` named (or aliased)
    ``name`` — by default the selected text — which is created when there is none.
    A suggestion on the same span becomes this manual mention.
    """
    with library.atomic() as db:
        body = _article_text(library, article_id, field)
        if not 0 <= start < end <= len(body) or not body[start:end].strip():
            raise EntityError("Select some text of the article to tag")
        text = body[start:end]
        rows = RowChanges(library)
        if entity_id is not None:
            chosen = entity(library, entity_id)
            if chosen is None:
                raise EntityError(f"There is no entity {entity_id}")
            type = chosen["type"]
        else:
            if type is None:
                raise EntityError("Choose a type or an entity for the mention")
            _check_type(library, type)
            wanted = _clean_name(name if name is not None else text)
            entity_id = _find_by_name(library, wanted, type) or _insert_entity(library, rows, wanted, type)
        overlapping = db.execute(
            "SELECT id FROM mentions WHERE article_id = ? AND field = ? AND status = 'accepted' AND start < ? "
            "AND end > ? AND NOT (start = ? AND end = ?)", [article_id, field, end, start, start, end],
        ).fetchone()
        if overlapping:
            raise EntityError("That text overlaps a tagged mention; remove it first")
        existing = db.execute("SELECT id FROM mentions WHERE article_id = ? AND field = ? AND start = ? AND end = ?",
                              [article_id, field, start, end]).fetchone()
        if existing:
            rows.track("mentions", [existing])
            db.execute("UPDATE mentions SET entity_id = ?, type = ?, label = NULL, origin = 'manual', "
                       "status = 'accepted' WHERE id = ?", [entity_id, type, existing[0]])
            mention_id = existing[0]
        else:
            mention_id = db.execute(
                "INSERT INTO mentions (article_id, field, start, end, text, entity_id, type, origin, status, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'manual', 'accepted', ?)",
                [article_id, field, start, end, text, entity_id, type, utc_now()],
            ).lastrowid
            rows.track_created("mentions", [(mention_id,)])
        entity_name = db.execute("SELECT name FROM entities WHERE id = ?", [entity_id]).fetchone()[0]
        history_id = record(library, "tag_mention", f"Tagged “{_short(text)}” as {entity_name}",
                            {"article": article_id, "start": start, "end": end, "entity": entity_id}, rows)
    return Changes(history_id, articles=(article_id,), entities=(entity_id,), mentions=(mention_id,))


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def accept_mentions(library: Library, mention_ids: list[int]) -> Changes:
    """Accept suggestions: each is linked to its proposed entity, created if needed."""
    with library.atomic() as db:
        found = list(db.query(f"SELECT * FROM mentions WHERE id IN ({_marks(mention_ids)}) AND status != 'accepted'",
                              mention_ids))
        if not found:
            raise EntityError("There are no suggestions to accept")
        rows = RowChanges(library)
        rows.track("mentions", [(m["id"],) for m in found])
        for mention in found:
            entity_id = mention["entity_id"]
            if entity_id is None:
                name = _clean_name(mention["label"] or mention["text"])
                entity_id = _find_by_name(library, name, mention["type"]) or _insert_entity(
                    library, rows, name, mention["type"])
            db.execute("UPDATE mentions SET status = 'accepted', entity_id = ? WHERE id = ?", [entity_id, mention["id"]])
        history_id = record(library, "accept_mentions", _count_summary("Accepted", found), {"ids": mention_ids}, rows)
    return Changes(history_id, articles=_articles_of(found), mentions=tuple(m["id"] for m in found))


def remove_mentions(library: Library, mention_ids: list[int]) -> Changes:
    """Delete tags, and reject suggestions (a rejected span is never suggested again)."""
    with library.atomic() as db:
        found = list(db.query(f"SELECT * FROM mentions WHERE id IN ({_marks(mention_ids)}) AND status != 'rejected'",
                              mention_ids))
        if not found:
            raise EntityError("There is nothing to remove")
        rows = RowChanges(library)
        rows.track("mentions", [(m["id"],) for m in found])
        for mention in found:
            if mention["origin"] == "suggested":
                db.execute("UPDATE mentions SET status = 'rejected' WHERE id = ?", [mention["id"]])
            else:
                db.execute("DELETE FROM mentions WHERE id = ?", [mention["id"]])
        history_id = record(library, "remove_mentions", _count_summary("Removed", found), {"ids": mention_ids}, rows)
    return Changes(history_id, articles=_articles_of(found), mentions=tuple(m["id"] for m in found))


def _marks(values: list) -> str:
    return ", ".join("?" for _ in values) or "NULL"


def _articles_of(mentions: list[dict]) -> tuple[int, ...]:
    return tuple(sorted({m["article_id"] for m in mentions}))


def _count_summary(verb: str, mentions: list[dict]) -> str:
    if len(mentions) == 1:
        return f"{verb} mention “{_short(mentions[0]['text'])}”"
    return f"{verb} {len(mentions)} mentions"


# Propagation ------------------------------------------------------------------------

def occurrences(text: str, body: str) -> list[tuple[int, int]]:
    """Where ``text`` occurs in ``body`` as whole words (case-sensitive: "Turkey" is not "turkey")."""
    pattern = re.compile(rf"(?<!\w){re.escape(text)}(?!\w)")
    return [(found.start(), found.end()) for found in pattern.finditer(body)]


def propagation_preview(library: Library, mention_id: int) -> dict[int, int]:
    """How many new mentions "tag all occurrences" would add, per article."""
    mention = _accepted_mention(library, mention_id)
    return {article_id: len(spans) for article_id, spans in _untagged_occurrences(library, mention).items()}


def propagate_mention(library: Library, mention_id: int) -> Changes:
    """Tag every occurrence of the mention's text across the library with its entity, as one operation."""
    with library.atomic() as db:
        mention = _accepted_mention(library, mention_id)
        found = _untagged_occurrences(library, mention)
        rows = RowChanges(library)
        pending = {}
        for article_id, spans in found.items():
            for start, end in spans:
                existing = db.execute("SELECT id FROM mentions WHERE article_id = ? AND field = 'body' "
                                      "AND start = ? AND end = ?", [article_id, start, end]).fetchone()
                if existing:
                    pending[existing[0]] = article_id
        rows.track("mentions", [(i,) for i in pending])
        db.conn.executemany("UPDATE mentions SET status = 'accepted', entity_id = ?, type = ?, label = NULL, "
                            "origin = 'propagated' WHERE id = ?",
                            [(mention["entity_id"], mention["type"], i) for i in pending])
        now, created = utc_now(), []
        for article_id, spans in found.items():
            for start, end in spans:
                if not db.execute("SELECT 1 FROM mentions WHERE article_id = ? AND field = 'body' AND start = ? "
                                  "AND end = ?", [article_id, start, end]).fetchone():
                    created.append(db.execute(
                        "INSERT INTO mentions (article_id, start, end, text, entity_id, type, origin, status, "
                        "created_at) VALUES (?, ?, ?, ?, ?, ?, 'propagated', 'accepted', ?)",
                        [article_id, start, end, mention["text"], mention["entity_id"], mention["type"], now],
                    ).lastrowid)
        rows.track_created("mentions", [(i,) for i in created])
        total = len(created) + len(pending)
        history_id = record(library, "propagate_mention",
                            f"Tagged {total} more “{_short(mention['text'])}” in {len(found)} articles",
                            {"mention": mention_id}, rows)
    return Changes(history_id, articles=tuple(sorted(found)), entities=(mention["entity_id"],),
                   mentions=tuple(sorted([*created, *pending])))


def _accepted_mention(library: Library, mention_id: int) -> dict:
    rows = list(library.db.query("SELECT * FROM mentions WHERE id = ?", [mention_id]))
    if not rows or rows[0]["status"] != "accepted" or rows[0]["entity_id"] is None:
        raise EntityError("Only a tagged mention can be propagated")
    return rows[0]


def _untagged_occurrences(library: Library, mention: dict) -> dict[int, list[tuple[int, int]]]:
    """Occurrences of the mention's text in active articles that no accepted or rejected mention covers."""
    found: dict[int, list[tuple[int, int]]] = {}
    match = _fts_phrase(mention["text"])
    candidates = library.db.execute(
        "SELECT articles.id, articles.body FROM articles_fts CROSS JOIN articles ON articles.id = articles_fts.rowid "
        "WHERE articles_fts MATCH ? AND articles.status = 'active'", [match],
    ) if match else library.db.execute("SELECT id, body FROM articles WHERE status = 'active'")
    for article_id, body in candidates:
        spans = occurrences(mention["text"], body)
        if not spans:
            continue
        taken = library.db.execute("SELECT start, end FROM mentions WHERE article_id = ? AND field = 'body' "
                                   "AND status != 'pending'", [article_id]).fetchall()
        free = [(s, e) for s, e in spans if not any(s < t_end and e > t_start for t_start, t_end in taken)]
        if free:
            found[article_id] = free
    return found


def _fts_phrase(text: str) -> str | None:
    """An FTS5 query for articles holding every word of ``text``, so only they are read.

    The index keeps no word positions (``detail=column``), so it cannot match the
    phrase itself; ``occurrences`` checks that in the text.
    """
    words = re.findall(r"\w+", text)
    return " ".join(f'"{word}"' for word in words) if words else None


# Mentions follow merges ---------------------------------------------------------------

_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")
# An edited paragraph's mention is placed where the text around it reads this alike.
CONTEXT_CHARS = 40
SAME_CONTEXT_RATIO = 60


def _paragraph_spans(body: str) -> list[tuple[int, int]]:
    return [(found.start(), found.end()) for found in _PARAGRAPH.finditer(body)]


def carry_mentions_into_merge(library: Library, rows: RowChanges, bodies: dict[int, str], keep: int,
                              merged_body: str, merged_dateline: str | None = None) -> list[int]:
    """Move the members' mentions onto the kept article's merged text (inside the merge's transaction).

    A mention moves when its paragraph is in the merged text word for word; its
    offsets are shifted to where that paragraph now is. A dateline mention moves
    when the merged dateline has its text at the same place. A merged-away article's
    mention that cannot be placed (or would land on a span already tagged) stays
    on it; one of the kept article's own that no longer fits is dropped. Unmerge
    and undo restore all of them from the merge's snapshot.
    """
    ids = list(bodies)
    mentions = list(library.db.query(f"SELECT * FROM mentions WHERE article_id IN ({_marks(ids)})", ids))
    if not mentions:
        return []
    rows.track("mentions", [(m["id"],) for m in mentions])
    starts_of: dict[str, list[int]] = {}
    for start, end in _paragraph_spans(merged_body):
        starts_of.setdefault(merged_body[start:end], []).append(start)
    placed, dropped = [], []
    taken: dict[str, set[tuple[int, int]]] = {field: set() for field in FIELDS}
    # The kept article's mentions claim their spans first, then the others' in article order.
    for mention in sorted(mentions, key=lambda m: (m["article_id"] != keep, m["article_id"], m["start"])):
        if mention["field"] == "dateline":
            dateline = merged_dateline or ""
            span = (mention["start"], mention["end"]) if dateline[mention["start"]:mention["end"]] == mention[
                "text"] else None
        else:
            span = _new_span(mention, bodies[mention["article_id"]], merged_body, starts_of)
        free = span is not None and not any(span[0] < end and span[1] > start for start, end in taken[mention["field"]])
        if free:
            taken[mention["field"]].add(span)
            placed.append((mention, span))
        elif mention["article_id"] == keep:
            dropped.append(mention["id"])
    moving = [mention for mention, span in placed if (mention["article_id"], mention["start"], mention["end"])
              != (keep, *span)]
    changed = [m["id"] for m in moving] + dropped
    library.db.execute(f"DELETE FROM mentions WHERE id IN ({_marks(changed)})", changed)
    spans = {m["id"]: span for m, span in placed}
    columns = [c for c in mentions[0] if c not in ("article_id", "start", "end")]
    for mention in moving:
        start, end = spans[mention["id"]]
        library.db.execute(
            f"INSERT INTO mentions (article_id, start, end, {', '.join(columns)}) "
            f"VALUES (?, ?, ?, {', '.join('?' for _ in columns)})",
            [keep, start, end, *[mention[c] for c in columns]],
        )
    return changed


def _new_span(mention: dict, body: str, merged_body: str, starts_of: dict[str, list[int]]) -> tuple[int, int] | None:
    """Where the mention lands in the merged text: in the same paragraph if it is there word for
    word, else at the occurrence of its text whose surroundings read most alike (an edited paragraph)."""
    for start, end in _paragraph_spans(body):
        if start <= mention["start"] and mention["end"] <= end:
            targets = starts_of.get(body[start:end])
            if targets:
                new_start = targets[0] + mention["start"] - start
                new_end = new_start + mention["end"] - mention["start"]
                if merged_body[new_start:new_end] == mention["text"]:
                    return new_start, new_end
            break
    context = body[max(0, mention["start"] - CONTEXT_CHARS):mention["end"] + CONTEXT_CHARS]
    best, best_score = None, SAME_CONTEXT_RATIO
    for new_start, new_end in occurrences(mention["text"], merged_body):
        around = merged_body[max(0, new_start - CONTEXT_CHARS):new_end + CONTEXT_CHARS]
        score = fuzz.ratio(context, around)
        if score >= best_score:
            best, best_score = (new_start, new_end), score
    return best


# Entity types: editing and removing --------------------------------------------------

def update_entity_type(library: Library, name: str, *, label: str | None = None, colour: str | None = None,
                       key: int | None = None) -> Changes:
    """Relabel or recolour a type, or give it another number key (``key=0`` takes its key away).

    Keys are unique: a key another type has moves to this one, and that type takes this
    one's old key in exchange, so two types swap keys in one step (and one undo).
    """
    if label is not None and not label.strip():
        raise EntityError("An entity type needs a label")
    if label is not None and len(label.strip()) > MAX_NAME_LENGTH:
        raise EntityError(f"A type label is at most {MAX_NAME_LENGTH} characters")
    if colour is not None and not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        raise EntityError("A colour is written #rrggbb")
    if key is not None and not 0 <= key <= 9:
        raise EntityError("A type's key is 1 to 9 (or 0 for none)")
    with library.atomic() as db:
        current = db.execute("SELECT label, colour, key FROM entity_types WHERE name = ?", [name]).fetchone()
        if current is None:
            raise EntityError(f"Unknown entity type '{name}'")
        old_label, old_colour, old_key = current
        new = (" ".join(label.split()) if label is not None else old_label, colour or old_colour,
               old_key if key is None else key or None)
        if new == tuple(current):
            return Changes(None)
        rows = RowChanges(library)
        rows.track("entity_types", [(name,)])
        details = [f"{what} {before or 'none'} → {after or 'none'}" for what, before, after in
                   zip(("label", "colour", "key"), current, new) if before != after]
        holder = db.execute("SELECT name, label FROM entity_types WHERE key = ? AND name != ?",
                            [new[2], name]).fetchone() if new[2] is not None else None
        if holder is not None:
            rows.track("entity_types", [(holder[0],)])
            db.execute("UPDATE entity_types SET key = NULL WHERE name = ?", [name])
            db.execute("UPDATE entity_types SET key = ? WHERE name = ?", [old_key, holder[0]])
            details.append(f"{holder[1]} takes key {old_key or 'none'}")
        db.execute("UPDATE entity_types SET label = ?, colour = ?, key = ? WHERE name = ?", [*new, name])
        history_id = record(library, "update_entity_type", f"Edited entity type {new[0]}: {', '.join(details)}",
                            {"name": name}, rows)
    return Changes(history_id)


def delete_entity_type(library: Library, name: str) -> Changes:
    """Remove a type of the user's own; refused while any entity or mention has it."""
    with library.atomic() as db:
        found = db.execute("SELECT label, builtin FROM entity_types WHERE name = ?", [name]).fetchone()
        if found is None:
            raise EntityError(f"Unknown entity type '{name}'")
        label, builtin = found
        if builtin:
            raise EntityError(f"{label} is a built-in type: it can be relabelled and recoloured, not removed")
        entities_count = db.execute("SELECT count(*) FROM entities WHERE type = ?", [name]).fetchone()[0]
        mentions_count = db.execute("SELECT count(*) FROM mentions WHERE type = ?", [name]).fetchone()[0]
        if entities_count or mentions_count:
            raise EntityError(
                f"{label} is still the type of {_counted(entities_count, 'entity', 'entities')} and "
                f"{_counted(mentions_count, 'mention', 'mentions')}; give them another type or delete them first")
        rows = RowChanges(library)
        rows.track("entity_types", [(name,)])
        db.execute("DELETE FROM entity_types WHERE name = ?", [name])
        history_id = record(library, "delete_entity_type", f"Removed entity type {label}", {"name": name}, rows)
    return Changes(history_id)


def _counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def entity_type_usage(library: Library) -> dict[str, tuple[int, int]]:
    """How many entities and mentions (of any status) each type has; unused types are left out."""
    usage: dict[str, list[int]] = {}
    for column, table in ((0, "entities"), (1, "mentions")):
        for name, count in library.db.execute(f"SELECT type, count(*) FROM {table} GROUP BY type"):
            usage.setdefault(name, [0, 0])[column] = count
    return {name: (counts[0], counts[1]) for name, counts in usage.items()}
