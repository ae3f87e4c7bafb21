"""The entity registry: create, rename, retype, merge and delete entities, each one journaled transaction."""

from __future__ import annotations

import json

from curator.core.entities.listing import entity, mention_ids
from curator.core.entities.model import EntityError, tidied_name
from curator.core.library.history import RowChanges, record
from curator.core.library.sql import inserted_id, placeholders
from curator.core.library.states import MentionStatus, Operation
from curator.core.library.store import Changes, Library, utc_now


def check_type(library: Library, type: str) -> None:
    if library.db.execute("SELECT 1 FROM entity_types WHERE name = ?", [type]).fetchone() is None:
        raise EntityError(f"Unknown entity type '{type}'")


def clean_name(name: str) -> str:
    return tidied_name(name, missing="An entity needs a name", too_long="An entity name")


def find_by_name(library: Library, name: str, type: str) -> int | None:
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


def insert_entity(library: Library, rows: RowChanges, name: str, type: str, aliases=(), notes=None,
                   external_id=None) -> int:
    entity_id = inserted_id(library.db.execute(
        "INSERT INTO entities (name, type, aliases, notes, external_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        [name, type, json.dumps(_unique(aliases, exclude=name)), notes, external_id, utc_now()],
    ))
    rows.track_created("entities", [(entity_id,)])
    return entity_id


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
    name = clean_name(name)
    with library.atomic():
        check_type(library, type)
        if find_by_name(library, name, type) is not None:
            raise EntityError(f"There is already a {type.lower()} called {name}")
        rows = RowChanges(library)
        entity_id = insert_entity(library, rows, name, type, aliases, notes, external_id)
        history_id = record(library, Operation.CREATE_ENTITY, f"Added {type.lower()} {name}", {"id": entity_id}, rows)
    return Changes(history_id, entities=(entity_id,))


def update_entity(library: Library, entity_id: int, *, name: str | None = None, type: str | None = None,
                  aliases=None, notes: str | None = None, external_id: str | None = None) -> Changes:
    """Rename an entity, retype it, or edit its aliases, notes or external id."""
    with library.atomic() as db:
        current = entity(library, entity_id)
        if current is None:
            raise EntityError(f"There is no entity {entity_id}")
        new_name = clean_name(name) if name is not None else current["name"]
        new_type = type or current["type"]
        check_type(library, new_type)
        clash = find_by_name(library, new_name, new_type)
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
            ids = mention_ids(library, "entity_id = ?", [entity_id])
            rows.track("mentions", ids)
            db.execute("UPDATE mentions SET type = ? WHERE entity_id = ?", [new_type, entity_id])
        added = [alias for alias in (aliases or []) if alias not in current["aliases"]]
        proposed = propose_entity_for(library, rows, entity_id, added, new_type)
        history_id = record(library, Operation.UPDATE_ENTITY, f"Edited {new_type.lower()} {new_name}",
                            {"id": entity_id}, rows)
    return Changes(history_id, entities=(entity_id,), mentions=tuple(proposed))


def propose_entity_for(library: Library, rows: RowChanges, entity_id: int, texts: list[str], type: str) -> list[int]:
    """Propose the entity for the pending suggestions written as one of ``texts`` (an alias, a
    surname) that name no entity yet and are untyped or of its type, inside the caller's
    transaction: they come up under its name in the review queue, still to accept. A text another
    entity is named or known by is left alone: which one it names is the curator's to say. The
    ids of the mentions proposed."""
    wanted = [text for text in texts if text and not library.db.execute(
        "SELECT 1 FROM entities WHERE id != ? AND (name = ? OR EXISTS "
        "(SELECT 1 FROM json_each(entities.aliases) WHERE value = ?))", [entity_id, text, text]).fetchone()]
    ids = [row[0] for text in wanted for row in library.db.execute(
        "SELECT id FROM mentions WHERE status = ? AND entity_id IS NULL AND text = ? AND type IN (?, ?)",
        [MentionStatus.PENDING, text, "UNKNOWN", type])]
    if ids:
        rows.track("mentions", [(i,) for i in ids])
        library.db.execute(f"UPDATE mentions SET entity_id = ?, type = ? WHERE id IN ({placeholders(ids)})",
                           [entity_id, type, *ids])
    return ids


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
        moved = mention_ids(library, "entity_id = ?", [other])
        rows.track("mentions", moved)
        aliases = _unique([*kept["aliases"], gone["name"], *gone["aliases"]], exclude=kept["name"])
        db.execute("UPDATE entities SET aliases = ? WHERE id = ?", [json.dumps(aliases), keep])
        db.execute("UPDATE mentions SET entity_id = ?, type = ? WHERE entity_id = ?", [keep, kept["type"], other])
        db.execute("DELETE FROM entities WHERE id = ?", [other])
        history_id = record(library, Operation.MERGE_ENTITIES, f"Merged entity {gone['name']} into {kept['name']}",
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
        removed = mention_ids(library, "entity_id = ?", [entity_id])
        rows.track("mentions", removed)
        db.execute("DELETE FROM mentions WHERE entity_id = ?", [entity_id])
        db.execute("DELETE FROM entities WHERE id = ?", [entity_id])
        history_id = record(library, Operation.DELETE_ENTITY, f"Deleted {current['type'].lower()} {current['name']}",
                            {"id": entity_id}, rows)
    return Changes(history_id, entities=(entity_id,), mentions=tuple(key[0] for key in removed))
