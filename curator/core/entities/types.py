"""Entity types: the built-in Person, Organisation, Place and Event and the user's own; editing and removing them.

>>> from curator.core.library import Library
>>> library = Library.open(":memory:")
>>> _ = edit_entity_types(library, [EntityTypeChange("PERSON", "Person", "#e07a5f", 2),
...                                 EntityTypeChange("ORG", "Organisation", "#3d85c6", 1),
...                                 NewEntityType("Ship", "#4a90a4", 5)])   # one transaction, one undo
>>> library.history(1)[0]["summary"]
'Edited entity types: Person (key 1 → 2); Organisation (key 2 → 1); added Ship'
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Sequence, Union

from curator.core.entities.model import EntityError, tidied_name
from curator.core.library.history import RowChanges, record
from curator.core.library.states import Operation
from curator.core.library.store import Changes, Library


def update_entity_type(library: Library, name: str, *, label: str | None = None, colour: str | None = None,
                       key: int | None = None) -> Changes:
    """Relabel or recolour a type, or give it another number key (``key=0`` takes its key away).

    Keys are unique: a key another type has moves to this one, and that type takes this
    one's old key in exchange, so two types swap keys in one step (and one undo).
    """
    if label is not None:
        label = _checked_label(label)
    if colour is not None:
        _check_colour(colour)
    if key is not None and not 0 <= key <= 9:
        raise EntityError("A type's key is 1 to 9 (or 0 for none)")
    with library.atomic() as db:
        current = db.execute("SELECT label, colour, key FROM entity_types WHERE name = ?", [name]).fetchone()
        if current is None:
            raise EntityError(f"Unknown entity type '{name}'")
        old_label, old_colour, old_key = current
        new = (label if label is not None else old_label, colour or old_colour,
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
        history_id = record(library, Operation.UPDATE_ENTITY_TYPE, f"Edited entity type {new[0]}: {', '.join(details)}",
                            {"name": name}, rows)
    return Changes(history_id)


def delete_entity_type(library: Library, name: str) -> Changes:
    """Remove a type of the user's own; refused while any entity or mention has it."""
    with library.atomic() as db:
        found = db.execute("SELECT label, builtin FROM entity_types WHERE name = ?", [name]).fetchone()
        if found is None:
            raise EntityError(f"Unknown entity type '{name}'")
        label, builtin = found
        _check_removable(library, name, label, builtin)
        rows = RowChanges(library)
        rows.track("entity_types", [(name,)])
        db.execute("DELETE FROM entity_types WHERE name = ?", [name])
        history_id = record(library, Operation.DELETE_ENTITY_TYPE, f"Removed entity type {label}", {"name": name}, rows)
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
    _check_colour(colour)
    with library.atomic() as db:
        if db.execute("SELECT 1 FROM entity_types WHERE name = ?", [name]).fetchone():
            raise EntityError(f"There is already a type {name}")
        if key is not None and db.execute("SELECT 1 FROM entity_types WHERE key = ?", [key]).fetchone():
            raise EntityError(f"Key {key} already tags another type")
        rows = RowChanges(library)
        db.execute("INSERT INTO entity_types (name, label, colour, key) VALUES (?, ?, ?, ?)",
                   [name, label.strip() or name.title(), colour, key])
        rows.track_created("entity_types", [(name,)])
        history_id = record(library, Operation.ADD_ENTITY_TYPE, f"Added entity type {label or name}",
                            {"name": name}, rows)
    return Changes(history_id)


# Several types at once -------------------------------------------------------------

@dataclass(frozen=True)
class NewEntityType:
    """A type to add; its stored name is made from the label ("Ship class" becomes SHIP_CLASS)."""

    label: str
    colour: str
    key: int | None = None


@dataclass(frozen=True)
class EntityTypeChange:
    """An existing type as it should be: its label, colour and number key (None: no key)."""

    name: str
    label: str
    colour: str
    key: int | None = None


@dataclass(frozen=True)
class EntityTypeRemoval:
    """A type of the user's own to remove; refused while any entity or mention has it."""

    name: str


EntityTypeEdit = Union[NewEntityType, EntityTypeChange, EntityTypeRemoval]


def edit_entity_types(library: Library, edits: Sequence[EntityTypeEdit]) -> Changes:
    """Add, change and remove types together, in one transaction with one history row (one undo).

    A change gives a type its final label, colour and key, so keys can be exchanged or
    passed round in one step; afterwards no two types may share a key or a label. Any
    refusal leaves every type as it was. Changes to what a type already is are left out,
    and with nothing left, nothing is recorded.
    """
    for edit in edits:
        if not isinstance(edit, EntityTypeRemoval):
            _checked_label(edit.label)
            _check_colour(edit.colour)
            if edit.key is not None and not 1 <= edit.key <= 9:
                raise EntityError("A type's key is 1 to 9, or none")
    named = Counter(edit.name for edit in edits if not isinstance(edit, NewEntityType))
    twice = next((name for name, count in named.items() if count > 1), None)
    if twice is not None:
        raise EntityError(f"Entity type '{twice}' is edited more than once")
    with library.atomic() as db:
        current = {row["name"]: row for row in db.query("SELECT name, label, colour, key, builtin FROM entity_types")}
        unknown = next((name for name in named if name not in current), None)
        if unknown is not None:
            raise EntityError(f"Unknown entity type '{unknown}'")
        removed = [current[edit.name] for edit in edits if isinstance(edit, EntityTypeRemoval)]
        for row in removed:
            _check_removable(library, row["name"], row["label"], row["builtin"])
        changed = [(current[edit.name], _type_row(edit.name, edit)) for edit in edits
                   if isinstance(edit, EntityTypeChange)]
        changed = [(was, now) for was, now in changed if _values(was) != _values(now)]
        taken = set(current)  # a removed type's name is not reused, so its history stays its own
        added = []
        for edit in edits:
            if isinstance(edit, NewEntityType):
                added.append(_type_row(_name_for(edit.label, taken), edit))
                taken.add(added[-1]["name"])
        if not (removed or changed or added):
            return Changes(None)
        removed_names = {row["name"] for row in removed}
        final = {name: row for name, row in current.items() if name not in removed_names}
        final.update({now["name"]: now for _, now in changed})
        final.update({row["name"]: row for row in added})
        _check_distinct(final, edited=[now for _, now in changed] + added)

        rows = RowChanges(library)
        rows.track("entity_types", [(row["name"],) for row in removed + [was for was, _ in changed]])
        db.conn.executemany("DELETE FROM entity_types WHERE name = ?", [(row["name"],) for row in removed])
        # Keys are unique at every statement, so the changed types let go of theirs before any is taken.
        db.conn.executemany("UPDATE entity_types SET key = NULL WHERE name = ?", [(now["name"],) for _, now in changed])
        db.conn.executemany("INSERT INTO entity_types (name, label, colour, key) VALUES (?, ?, ?, ?)",
                            [(row["name"], *_values(row)) for row in added])
        rows.track_created("entity_types", [(row["name"],) for row in added])
        db.conn.executemany("UPDATE entity_types SET label = ?, colour = ?, key = ? WHERE name = ?",
                            [(*_values(now), now["name"]) for _, now in changed])
        history_id = record(library, Operation.EDIT_ENTITY_TYPES, _summary(removed, changed, added),
                            {"added": [row["name"] for row in added], "changed": [now["name"] for _, now in changed],
                             "removed": [row["name"] for row in removed]}, rows)
    return Changes(history_id)


def _type_row(name: str, edit: NewEntityType | EntityTypeChange) -> dict:
    return {"name": name, "label": _checked_label(edit.label), "colour": edit.colour, "key": edit.key}


def _values(row: dict) -> tuple:
    return row["label"], row["colour"], row["key"]


def _name_for(label: str, taken: set[str]) -> str:
    """A new type's stored name from its label: "Ship class" → "SHIP_CLASS" (made unique)."""
    base = re.sub(r"[^A-Z0-9]+", "_", label.upper()).strip("_")[:28] or "TYPE"
    if not base[0].isalpha():
        base = f"TYPE_{base}"[:28]
    name, number = base, 2
    while name in taken:
        name, number = f"{base}_{number}", number + 1
    return name


def _check_distinct(final: dict[str, dict], edited: list[dict]) -> None:
    """Refuse when an edited type would share its key or label with another type."""
    for row in edited:
        other = next((o for o in final.values() if o["name"] != row["name"] and row["key"] is not None
                      and o["key"] == row["key"]), None)
        if other is not None:
            raise EntityError(f"Key {row['key']} would tag both {row['label']} and {other['label']}")
    labels = Counter(row["label"].casefold() for row in final.values())
    shared = next((row["label"] for row in edited if labels[row["label"].casefold()] > 1), None)
    if shared is not None:
        raise EntityError(f"Two entity types would be labelled “{shared}”")


def _summary(removed: list[dict], changed: list[tuple[dict, dict]], added: list[dict]) -> str:
    """E.g. "Edited entity types: Person (key 1 → 2); Organisation (key 2 → 1); added Ship"."""
    parts = []
    for was, now in changed:
        details = [f"{what} {before or 'none'} → {after or 'none'}"
                   for what, before, after in zip(("label", "colour", "key"), _values(was), _values(now))
                   if before != after]
        parts.append(f"{now['label']} ({', '.join(details)})")
    parts += [f"added {row['label']}" for row in added] + [f"removed {row['label']}" for row in removed]
    return "Edited entity types: " + "; ".join(parts)


# Rules every edit of a type follows -----------------------------------------------------

def _checked_label(label: str) -> str:
    """The label with its spaces tidied; refused when empty or too long."""
    return tidied_name(label, missing="An entity type needs a label", too_long="A type label")


def _check_colour(colour: str) -> None:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        raise EntityError("A colour is written #rrggbb")


def _check_removable(library: Library, name: str, label: str, builtin: int) -> None:
    """Refuse removing a built-in type, or one that entities or mentions still have."""
    if builtin:
        raise EntityError(f"{label} is a built-in type: it can be relabelled and recoloured, not removed")
    entities_count = library.db.execute("SELECT count(*) FROM entities WHERE type = ?", [name]).fetchone()[0]
    mentions_count = library.db.execute("SELECT count(*) FROM mentions WHERE type = ?", [name]).fetchone()[0]
    if entities_count or mentions_count:
        raise EntityError(
            f"{label} is still the type of {_counted(entities_count, 'entity', 'entities')} and "
            f"{_counted(mentions_count, 'mention', 'mentions')}; give them another type or delete them first")
