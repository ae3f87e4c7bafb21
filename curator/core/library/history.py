"""Undo and redo, across restarts, from row snapshots kept in the history journal.

A reversible operation records, in its history row, every row it touched as it
was before (``before``) and after (``after``). Undo writes the ``before`` rows
back; redo writes the ``after`` rows. Both first check that the rows still look
the way the operation left them, so a later change is never silently
overwritten: a :class:`HistoryConflict` says which article is in the way.

An operation tracks the rows it is about to change, changes them and records itself, all in
one transaction (here, as ``update_entity_type`` does):

>>> library = Library.open(":memory:")
>>> with library.atomic():
...     rows = RowChanges(library)
...     rows.track("entity_types", [("EVENT",)])
...     _ = library.db.execute("UPDATE entity_types SET label = 'Happening' WHERE name = 'EVENT'")
...     _ = record(library, Operation.UPDATE_ENTITY_TYPE, "Relabelled Event", {"name": "EVENT"}, rows)
>>> step = next_undo(library)
>>> f"Undo {step.op.label}", step.summary
('Undo Entity Type Edit', 'Relabelled Event')
>>> _ = undo(library)
>>> library.db.execute("SELECT label FROM entity_types WHERE name = 'EVENT'").fetchone()[0]
'Event'
>>> undo(library)
Traceback (most recent call last):
...
curator.core.library.history.NothingToDo: Nothing to undo
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Iterable

from curator.core.errors import Refusal
from curator.core.library.sql import chunks, placeholders
from curator.core.library.states import HistoryState, Operation
from curator.core.library.store import Changes, Library

# The tables operations snapshot, and each one's key columns.
KEYS = {
    "articles": ("id",),
    "stories": ("id",),
    "story_members": ("article_id",),
    "entity_types": ("name",),
    "entities": ("id",),
    "mentions": ("id",),
    "pairs": ("a", "b"),
    "dedupe_index": ("article_id",),
    "story_index": ("article_id",),
}
# Derived data: rebuilt from articles, so restoring it never conflicts with a later change.
DERIVED = frozenset({"dedupe_index", "story_index"})
# Rows are written back in this order and removed in the reverse, so references hold.
# Restored by deleting and inserting again: a mention's span is unique, so restoring one row in
# place could collide with another that has yet to move back. Nothing references mentions; the
# types' number keys are unique too (two types swap keys), and references to a type are checked
# at commit (see apply_snapshot), when it is back.
REINSERTED = {"mentions", "entity_types"}
TABLE_ORDER = ("articles", "stories", "story_members", "entity_types", "entities", "mentions", "pairs", "dedupe_index", "story_index")

Key = tuple
Snapshot = dict[str, list[list]]  # table -> [[key values, row or None], ...]


class HistoryConflict(Refusal):
    """Undo, redo or unmerge would overwrite a change made since; the message says which.

    A refusal: nothing was written, and undoing that later change first makes it possible.
    """


class NothingToDo(Refusal):
    """There is no operation to undo (or to redo); a refusal, since nothing changed."""


@dataclass(frozen=True)
class Step:
    """The operation undo (or redo) would reverse (or repeat) next, for menu labels."""

    history_id: int
    op: Operation
    summary: str
    operations: int  # how many operations of its batch go with it

    @property
    def words(self) -> str:
        """The step as a person reads it: a run of many operations ("Merge All") says how many more go with it."""
        more = self.operations - 1
        return f"{self.summary} (and {more:,} more of this run)" if more > 0 else self.summary


class RowChanges:
    """Collects the rows an operation touches: call :meth:`track` before changing them."""

    def __init__(self, library: Library):
        self._library = library
        self._before: dict[str, dict[Key, dict | None]] = {table: {} for table in TABLE_ORDER}

    def track(self, table: str, keys: Iterable[Key]) -> None:
        """Remember how these rows look now (rows tracked already keep their first look)."""
        new = [tuple(key) for key in keys if tuple(key) not in self._before[table]]
        if new:
            self._before[table].update(read_rows(self._library, table, new))

    def track_created(self, table: str, keys: Iterable[Key]) -> None:
        """Remember rows the operation has just inserted: before it, they did not exist."""
        for key in keys:
            self._before[table].setdefault(tuple(key), None)

    def snapshots(self) -> tuple[Snapshot, Snapshot]:
        """``(before, after)`` for every tracked row, ready for the journal."""
        before, after = {}, {}
        for table, rows in self._before.items():
            if not rows:
                continue
            now = read_rows(self._library, table, list(rows))
            before[table] = [[list(key), _encode(row)] for key, row in rows.items()]
            after[table] = [[list(key), _encode(now[key])] for key in rows]
        return before, after


def read_rows(library: Library, table: str, keys: list[Key]) -> dict[Key, dict | None]:
    """The rows with these keys, as column → value dicts (None where there is no such row)."""
    key_columns = KEYS[table]
    found: dict[Key, dict | None] = {tuple(key): None for key in keys}
    if len(key_columns) == 1:
        # A single-column key is read a chunk at a time: a suggestion run snapshots tens of thousands.
        for chunk in chunks([key[0] for key in found]):
            cursor = library.db.execute(
                f"SELECT * FROM {table} WHERE {key_columns[0]} IN ({placeholders(chunk)})", chunk)
            names = [c[0] for c in cursor.description]
            for row in cursor:
                read = dict(zip(names, row))
                found[(read[key_columns[0]],)] = read
        return found
    condition = " AND ".join(f"{column} = ?" for column in key_columns)
    for key in keys:
        cursor = library.db.execute(f"SELECT * FROM {table} WHERE {condition}", list(key))
        row = cursor.fetchone()
        found[tuple(key)] = None if row is None else dict(zip([c[0] for c in cursor.description], row))
    return found


def record(library: Library, op: Operation, summary: str, args: dict, rows: RowChanges, *,
           batch: str | None = None) -> int:
    """Journal a reversible operation (inside its ``atomic()``); it ends whatever could be redone."""
    before, after = rows.snapshots()
    library.db.execute("UPDATE history SET undone = ? WHERE undone = ?", [HistoryState.SUPERSEDED, HistoryState.UNDONE])
    return library.journal(op, summary, args=args, before=before, after=after, reversible=True, batch=batch)


# Undo and redo ---------------------------------------------------------------

def next_undo(library: Library) -> Step | None:
    return _step(library, _latest_in_effect(library), HistoryState.IN_EFFECT)


def next_redo(library: Library) -> Step | None:
    return _step(library, _earliest_undone(library), HistoryState.UNDONE)


def undo(library: Library) -> Changes:
    """Reverse the latest operation still in effect (with the rest of its batch)."""
    return _replay(library, "undo")


def redo(library: Library) -> Changes:
    """Repeat the earliest undone operation (with the rest of its batch)."""
    return _replay(library, "redo")


def _replay(library: Library, direction: str) -> Changes:
    undoing = direction == "undo"
    with library.atomic():
        start = _latest_in_effect(library) if undoing else _earliest_undone(library)
        entries = _batch_of(library, start, HistoryState.IN_EFFECT if undoing else HistoryState.UNDONE,
                            newest_first=undoing)
        if not entries:
            raise NothingToDo(f"Nothing to {direction}")
        for entry in entries:
            if undoing:
                apply_snapshot(library, target=entry["before"], expected=entry["after"])
            else:
                apply_snapshot(library, target=entry["after"], expected=entry["before"])
        _mark(library, entries, HistoryState.UNDONE if undoing else HistoryState.IN_EFFECT)
    return _changes(entries)


def apply_snapshot(library: Library, *, target: Snapshot, expected: Snapshot) -> None:
    """Write the ``target`` rows, after checking that the rows are still as ``expected``."""
    expected_rows = {table: {tuple(key): row for key, row in rows} for table, rows in expected.items()}
    for table, rows in expected_rows.items():
        if table in DERIVED:
            continue
        current = read_rows(library, table, list(rows))
        for key, row in rows.items():
            if _encode(current[key]) != row:
                raise HistoryConflict(_conflict_message(table, key))
    # References are checked when the transaction commits, not row by row: a restored row
    # may point at one restored after it (a mention at the entity it names, say).
    library.db.execute("PRAGMA defer_foreign_keys = ON")
    writes = {table: [(tuple(key), _decode(row)) for key, row in target.get(table, [])] for table in TABLE_ORDER}
    for table in reversed(TABLE_ORDER):
        _delete(library, table, [key for key, row in writes[table] if row is None or table in REINSERTED])
    for table in TABLE_ORDER:
        restored = [(key, row) for key, row in writes[table] if row is not None]
        if table in REINSERTED:
            _insert(library, table, [row for _, row in restored])
        else:
            for key, row in restored:
                _upsert(library, table, key, row)


def _conflict_message(table: str, key: Key) -> str:
    if table in ("entities", "mentions", "entity_types"):
        kind = {"entities": "Entity", "mentions": "Mention", "entity_types": "Entity type"}[table]
        return f"{kind} {key[0]} has changed since; undo that change first"
    if table in ("stories", "story_members"):
        story = f"Story {key[0]}" if table == "stories" else f"The story of article {key[0]}"
        return f"{story} has changed since; undo that change first"
    if table == "pairs":
        return f"The suggestion for articles {key[0]} and {key[1]} has changed since; undo that change first"
    return f"Article {key[0]} has changed since; undo or unmerge that change first"


def _delete(library: Library, table: str, keys: list[Key]) -> None:
    """Delete these rows; a single-column key a chunk at a time (a suggestion run's undo removes thousands)."""
    key_columns = KEYS[table]
    if len(key_columns) == 1:
        for chunk in chunks([key[0] for key in keys]):
            library.db.execute(f"DELETE FROM {table} WHERE {key_columns[0]} IN ({placeholders(chunk)})", chunk)
        return
    condition = " AND ".join(f"{column} = ?" for column in key_columns)
    library.db.conn.executemany(f"DELETE FROM {table} WHERE {condition}", [list(key) for key in keys])


def _insert(library: Library, table: str, rows: list[dict]) -> None:
    """Insert rows deleted just before, those with the same columns in one statement."""
    by_columns: dict[tuple[str, ...], list[list]] = {}
    for row in rows:
        by_columns.setdefault(tuple(row), []).append(list(row.values()))
    for columns, values in by_columns.items():
        library.db.conn.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})", values)


def _upsert(library: Library, table: str, key: Key, row: dict) -> None:
    """Update the row in place (an article with source files must never be deleted), or insert it."""
    key_columns = KEYS[table]
    condition = " AND ".join(f"{column} = ?" for column in key_columns)
    columns = [column for column in row if column not in key_columns]
    cursor = library.db.execute(
        f"UPDATE {table} SET {', '.join(f'{column} = ?' for column in columns)} WHERE {condition}",
        [row[column] for column in columns] + list(key),
    )
    if cursor.rowcount == 0:
        names = list(row)
        library.db.execute(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
            [row[name] for name in names],
        )


def _latest_in_effect(library: Library) -> int | None:
    row = library.db.execute(
        "SELECT max(id) FROM history WHERE reversible = 1 AND undone = ?", [HistoryState.IN_EFFECT]
    ).fetchone()
    return row[0]


def _earliest_undone(library: Library) -> int | None:
    row = library.db.execute("SELECT min(id) FROM history WHERE reversible = 1 AND undone = ?",
                             [HistoryState.UNDONE]).fetchone()
    return row[0]


def _batch_of(library: Library, history_id: int | None, state: HistoryState, *, newest_first: bool) -> list[dict]:
    """The operation ``history_id`` and the others of its batch in the same state."""
    if history_id is None:
        return []
    order = "DESC" if newest_first else "ASC"
    rows = library.db.query(
        "SELECT id, op, summary, args, before, after FROM history "
        "WHERE reversible = 1 AND undone = ? AND (id = ? OR batch = (SELECT batch FROM history WHERE id = ?)) "
        f"ORDER BY id {order}",
        [state, history_id, history_id],
    )
    return [{**row, "args": json.loads(row["args"]), "before": json.loads(row["before"]),
             "after": json.loads(row["after"])} for row in rows]


def _mark(library: Library, entries: list[dict], state: HistoryState) -> None:
    library.db.conn.executemany("UPDATE history SET undone = ? WHERE id = ?", [(state, e["id"]) for e in entries])


def _step(library: Library, history_id: int | None, state: HistoryState) -> Step | None:
    if history_id is None:
        return None
    row = library.db.execute("SELECT op, summary, batch FROM history WHERE id = ?", [history_id]).fetchone()
    operations = 1
    if row[2] is not None:
        operations = library.db.execute(
            "SELECT count(*) FROM history WHERE batch = ? AND reversible = 1 AND undone = ?", [row[2], state]
        ).fetchone()[0]
    return Step(history_id, Operation(row[0]), row[1], operations)


def _changes(entries: list[dict]) -> Changes:
    touched: dict[str, set] = {table: set() for table in KEYS}
    for entry in entries:
        for table, rows in entry["before"].items():
            touched[table].update(tuple(key) if table == "pairs" else key[0] for key, _ in rows)
    articles = touched["articles"] | touched["story_members"] | {
        row["article_id"] for entry in entries for side in ("before", "after")
        for _, row in entry[side].get("mentions", []) if row}
    # A story renamed has no member moved: the stories themselves are named, with those members left or joined.
    stories = touched["stories"] | {row["story_id"] for entry in entries for side in ("before", "after")
                                    for _, row in entry[side].get("story_members", []) if row}
    return Changes(entries[0]["id"], articles=tuple(sorted(articles)), pairs=tuple(sorted(touched["pairs"])),
                   entities=tuple(sorted(touched["entities"])), mentions=tuple(sorted(touched["mentions"])),
                   stories=tuple(sorted(stories)))


# Rows as JSON: blobs (MinHash signatures) as base64 -------------------------

def _encode(row: dict | None) -> dict | None:
    if row is None:
        return None
    return {column: {"base64": base64.b64encode(value).decode()} if isinstance(value, bytes) else value
            for column, value in row.items()}


def _decode(row: dict | None) -> dict | None:
    if row is None:
        return None
    return {column: base64.b64decode(value["base64"]) if isinstance(value, dict) else value
            for column, value in row.items()}
