"""SQL helpers: lists of ids in chunks (SQLite caps a statement's variables), the id an INSERT made,
and bulk inserts that make a table's indexes again after the rows.

>>> placeholders([3, 5, 8])
'?,?,?'
>>> placeholders([])
'NULL'
>>> [len(chunk) for chunk in chunks(list(range(1200)))]
[500, 500, 200]
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from typing import Iterator, Sequence, TypeVar

Item = TypeVar("Item")

# Well under SQLite's limit on a statement's variables (32,766 since 3.32; 999 before).
CHUNK_SIZE = 500
# Inserting at least this many rows, and at least this share of the rows a table holds, its indexes
# are made again after the rows: 233k same-story pairs went into a 100k library's three pair indexes
# in 4.2 s one row at a time, and in 1.9 s with 1.1 s to make the indexes again after them.
BULK_FROM_ROWS = 20_000
BULK_FROM_SHARE = 0.5


def chunks(values: Sequence[Item], size: int = CHUNK_SIZE) -> Iterator[list[Item]]:
    """``values`` in lists of at most ``size``, in order."""
    for start in range(0, len(values), size):
        yield list(values[start:start + size])


def placeholders(values: Sequence[object]) -> str:
    """``?,?,…`` for ``IN (…)``, one per value; ``NULL`` for none, so ``IN (NULL)`` matches nothing."""
    return ",".join("?" * len(values)) or "NULL"


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The id of the row an INSERT just made (``lastrowid`` is None only on a cursor that inserted nothing)."""
    if cursor.lastrowid is None:
        raise RuntimeError("the statement inserted no row")
    return cursor.lastrowid


@contextmanager
def bulk_insert(connection: sqlite3.Connection, table: str, coming: int) -> Iterator[None]:
    """Around the insert of ``coming`` rows into ``table``, inside a transaction: when they are many
    beside what the table holds, its indexes (not its primary key) are dropped for the insert and
    made again after it, each in one sort instead of a row at a time. Readers see either the old
    table and indexes or the new ones; if the insert fails, rolling the transaction back (as
    ``Library.atomic`` does) brings the indexes back with the rows."""
    held = connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    if coming < BULK_FROM_ROWS or coming < BULK_FROM_SHARE * held:
        yield
        return
    indexes = connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                                 "AND sql IS NOT NULL ORDER BY name", [table]).fetchall()
    for name, _ in indexes:
        connection.execute(f'DROP INDEX "{name}"')
    yield
    for _, made in indexes:
        connection.execute(made)
