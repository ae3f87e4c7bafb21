"""Reading entities, their types and mentions: what the Entities panel, the article view and Merge Into list."""

from __future__ import annotations

import json

from rapidfuzz import fuzz, process, utils

from curator.core.entities.confidence import best_confidence
from curator.core.entities.model import MERGE_RANKED, EntityMatch
from curator.core.library.sql import placeholders
from curator.core.library.states import MentionStatus
from curator.core.library.store import Library


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
        [article_id] if include_rejected else [article_id, MentionStatus.REJECTED],
    )
    return list(rows)


def entity_summaries(library: Library, search: str = "") -> list[dict]:
    """Entities with their accepted and pending mention counts and the articles they appear in.

    Pending counts include suggestions that propose an entity's name (and type) without
    being linked to it yet: accepting one links it there."""
    like = f"%{search.strip()}%"
    rows = library.db.query(
        "SELECT e.id, e.name, e.type, e.aliases, e.external_id, "
        f"count(CASE WHEN m.status = '{MentionStatus.ACCEPTED}' THEN 1 END) AS accepted, "
        f"count(CASE WHEN m.status = '{MentionStatus.PENDING}' THEN 1 END) AS pending, "
        f"count(DISTINCT CASE WHEN m.status = '{MentionStatus.ACCEPTED}' THEN m.article_id END) AS articles "
        "FROM entities e LEFT JOIN mentions m ON m.entity_id = e.id "
        "WHERE e.name LIKE ? OR e.aliases LIKE ? GROUP BY e.id ORDER BY accepted DESC, e.name",
        [like, like],
    )
    unlinked = {(label.casefold(), type): count for label, type, count, *_ in _unlinked_suggestions(library)}
    return [{**row, "aliases": json.loads(row["aliases"]),
             "pending": row["pending"] + unlinked.get((row["name"].casefold(), row["type"]), 0)} for row in rows]


def _unlinked_suggestions(library: Library, search: str = "") -> list[tuple]:
    """(label, type, pending count, article count, article ids joined by commas, suggesters joined by
    commas) of the pending suggestions linked to no entity, grouped by the name they propose."""
    return library.db.execute(
        "SELECT label, type, count(*), count(DISTINCT article_id), group_concat(DISTINCT article_id), "
        "group_concat(DISTINCT coalesce(source, '')) FROM mentions "
        "WHERE entity_id IS NULL AND status = ? AND label LIKE ? GROUP BY label, type "
        "ORDER BY count(*) DESC, label", [MentionStatus.PENDING, f"%{search.strip()}%"]).fetchall()


def entity_listing(library: Library) -> list[dict]:
    """Every entity known or suggested: name, type, aliases, accepted and pending counts, article ids.

    A suggestion not linked to an entity yet is listed under the name it proposes,
    with ``"suggested": true``, no id, and its ``confidence``. Every entry has the same keys otherwise.
    """
    listing = []
    for row in entity_summaries(library):
        listing.append({"id": row["id"], "name": row["name"], "type": row["type"], "aliases": row["aliases"],
                        "external_id": row["external_id"], "accepted": row["accepted"], "pending": row["pending"],
                        "article_ids": entity_article_ids(library, row["id"], include_pending=True),
                        "suggested": False})
    for row in suggestion_summaries(library):
        listing.append({"id": None, "name": row["name"], "type": row["type"], "aliases": [], "external_id": None,
                        "accepted": 0, "pending": row["pending"],
                        "article_ids": sorted(int(i) for i in row["article_list"].split(",")),
                        "suggested": True, "confidence": row["confidence"]})
    return listing


def suggestion_summaries(library: Library, search: str = "") -> list[dict]:
    """Pending suggestions proposing a name no entity (of their type) has yet, one row per name
    and type, the surest first (``confidence``, from the suggesters that proposed it, its type and
    the articles it is in), then the most suggested; shaped like ``entity_summaries`` rows, with
    ``"suggested": True``."""
    named = {(name.casefold(), type) for name, type in library.db.execute("SELECT name, type FROM entities")}
    rows = [{"id": None, "name": label, "type": type, "aliases": [], "accepted": 0, "pending": pending,
             "articles": articles, "article_list": article_list, "suggested": True,
             "confidence": best_confidence(sources, type, label, articles)}
            for label, type, pending, articles, article_list, sources in _unlinked_suggestions(library, search)
            if (label.casefold(), type) not in named]
    return sorted(rows, key=lambda row: -row["confidence"])  # stable: the most suggested first within a level


def pending_suggestions(library: Library, *, entity_id: int | None = None, label: str | None = None,
                        type: str | None = None) -> list[int]:
    """The ids of the pending suggestions of an entity (linked to it, or proposing its name and type),
    or of a proposed name (and type) with no entity yet."""
    if entity_id is not None:
        rows = library.db.execute(
            "SELECT m.id FROM mentions m JOIN entities e ON e.id = ? WHERE m.status = ? AND "
            "(m.entity_id = e.id OR (m.entity_id IS NULL AND m.label = e.name COLLATE NOCASE AND m.type = e.type)) "
            "ORDER BY m.id", [entity_id, MentionStatus.PENDING])
    else:
        rows = library.db.execute("SELECT id FROM mentions WHERE entity_id IS NULL AND label = ? AND type = ? "
                                  "AND status = ? ORDER BY id", [label, type, MentionStatus.PENDING])
    return [row[0] for row in rows]


def article_entities(library: Library, article_id: int) -> dict[int, dict]:
    """The entities tagged in one article, by id, most mentioned there first.

    Each has ``name``, ``type``, ``aliases``, ``here`` (accepted mentions in this article),
    ``total`` (in the library) and ``articles`` (how many articles mention it).
    """
    rows = library.db.query(
        "SELECT e.id, e.name, e.type, e.aliases, count(*) AS here, "
        "(SELECT count(*) FROM mentions o WHERE o.entity_id = e.id AND o.status = :accepted) AS total, "
        "(SELECT count(DISTINCT o.article_id) FROM mentions o WHERE o.entity_id = e.id AND o.status = :accepted) "
        "AS articles FROM mentions m JOIN entities e ON e.id = m.entity_id "
        "WHERE m.article_id = :article AND m.status = :accepted GROUP BY e.id ORDER BY here DESC, e.name",
        {"article": article_id, "accepted": MentionStatus.ACCEPTED},
    )
    return {row["id"]: {**row, "aliases": json.loads(row["aliases"])} for row in rows}


def entity_article_ids(library: Library, entity_id: int, *, include_pending: bool = False) -> list[int]:
    statuses = [MentionStatus.ACCEPTED, MentionStatus.PENDING] if include_pending else [MentionStatus.ACCEPTED]
    rows = library.db.execute("SELECT DISTINCT article_id FROM mentions WHERE entity_id = ? "
                              f"AND status IN ({placeholders(statuses)}) ORDER BY article_id", [entity_id, *statuses])
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


def mention_ids(library: Library, where: str, params: list) -> list[tuple[int]]:
    return [(row[0],) for row in library.db.execute(f"SELECT id FROM mentions WHERE {where}", params)]
