"""A bulk insert sets a table's indexes aside and makes them again; a failed one leaves them as they were."""

from __future__ import annotations

import pytest

from curator.core.library import Library
from curator.core.library import sql as library_sql
from curator.core.library.sql import bulk_insert
from tests.factories import add_numbered_articles


def pair_indexes(library: Library) -> list[tuple[str, str]]:
    return library.db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'pairs' "
                              "AND sql IS NOT NULL "
                              "ORDER BY name").fetchall()


def rows(count: int) -> list[tuple]:
    return [(1, 2 + n, 0.5 + n / (2 * count), "near", "{}", "open", "2026-01-01T00:00:00") for n in range(count)]


def insert(library: Library, count: int) -> None:
    library.db.conn.executemany("INSERT INTO pairs (a, b, score, kind, reason, status, found_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                rows(count))


def test_a_bulk_insert_makes_the_same_indexes_again_and_queries_use_them(tmp_path, monkeypatch):
    monkeypatch.setattr(library_sql, "BULK_FROM_ROWS", 10)
    library = Library.open(tmp_path / "lib.db")
    add_numbered_articles(library, 60)
    before = pair_indexes(library)
    dropped = []
    library.db.conn.set_trace_callback(lambda statement: dropped.append(statement) if "DROP INDEX" in statement else None)
    with library.atomic() as db:
        with bulk_insert(db.conn, "pairs", 50):
            insert(library, 50)
    library.db.conn.set_trace_callback(None)
    assert len(dropped) == len(before) == 3  # set aside, then made again
    assert pair_indexes(library) == before
    assert library.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    plan = " ".join(row[-1] for row in library.db.execute(
        "EXPLAIN QUERY PLAN SELECT a, b FROM pairs WHERE status = 'open' ORDER BY score DESC LIMIT 5"))
    assert "pairs_by_status_score" in plan
    assert library.db.execute("SELECT count(*) FROM pairs").fetchone()[0] == 50


def test_a_few_rows_beside_many_go_in_with_the_indexes_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(library_sql, "BULK_FROM_ROWS", 10)
    library = Library.open(tmp_path / "lib.db")
    add_numbered_articles(library, 60)
    with library.atomic():
        insert(library, 40)
    said: list[str] = []
    library.db.conn.set_trace_callback(said.append)
    with library.atomic() as db:
        with bulk_insert(db.conn, "pairs", 12):  # 12 beside 40: fewer than half
            db.conn.execute("DELETE FROM pairs WHERE b > 40")
    assert not [statement for statement in said if "DROP INDEX" in statement]


def test_a_failed_bulk_insert_leaves_rows_and_indexes_as_they_were(tmp_path, monkeypatch):
    monkeypatch.setattr(library_sql, "BULK_FROM_ROWS", 10)
    library = Library.open(tmp_path / "lib.db")
    add_numbered_articles(library, 60)
    before = pair_indexes(library)
    with pytest.raises(RuntimeError, match="midway"):
        with library.atomic() as db:
            with bulk_insert(db.conn, "pairs", 50):
                insert(library, 50)
                raise RuntimeError("midway")
    assert pair_indexes(library) == before
    assert library.db.execute("SELECT count(*) FROM pairs").fetchone()[0] == 0
