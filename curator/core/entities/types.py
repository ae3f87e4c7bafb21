"""Entity types: the built-in Person, Organisation, Place and Event and the user's own; editing and removing them."""

from __future__ import annotations

import re

from curator.core.entities.model import MAX_NAME_LENGTH, EntityError
from curator.core.library.history import RowChanges, record
from curator.core.library.store import Changes, Library


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
