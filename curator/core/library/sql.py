"""SQL helpers: lists of ids in chunks (SQLite caps a statement's variables), and the id an INSERT made.

>>> placeholders([3, 5, 8])
'?,?,?'
>>> placeholders([])
'NULL'
>>> [len(chunk) for chunk in chunks(list(range(1200)))]
[500, 500, 200]
"""

from __future__ import annotations

import sqlite3
from typing import Iterator, Sequence, TypeVar

Item = TypeVar("Item")

# Well under SQLite's limit on a statement's variables (32,766 since 3.32; 999 before).
CHUNK_SIZE = 500


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
