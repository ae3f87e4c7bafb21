"""Backups: a complete, consistent, self-contained copy, written atomically, while the library is in use."""

import sqlite3

import pytest

from curator.core.errors import Cancelled
from curator.core.library.backup import BackupError, backup_library, suggested_backup_name
from curator.core.ingest.importing import import_paths
from curator.core.ingest.samples import sample_paths
from curator.core.library.store import Library
from tests.core.test_merge import dump


@pytest.fixture
def seeds(library):
    import_paths(library, sample_paths())
    return library


def test_a_backup_opens_as_the_same_library(seeds, tmp_path):
    progress = []
    copy = backup_library(seeds, tmp_path / "copy.db", progress=lambda *args: progress.append(args))
    assert copy == tmp_path / "copy.db"
    restored = Library.open(copy)
    assert dump(restored) == dump(seeds)
    assert restored.history() == seeds.history()
    assert restored.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    restored.close()
    assert progress and progress[-1][0] == progress[-1][1]
    assert sorted(p.name for p in tmp_path.iterdir() if "copy" in p.name) == ["copy.db"]


def test_a_backup_is_one_file_without_a_write_ahead_log(seeds, tmp_path):
    copy = backup_library(seeds, tmp_path / "copy.db")
    connection = sqlite3.connect(copy)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    connection.close()


def test_a_backup_taken_while_another_connection_writes_is_consistent(seeds, tmp_path):
    writer = sqlite3.connect(seeds.path)
    writer.execute("BEGIN")
    writer.execute("UPDATE articles SET title = 'Uncommitted' WHERE id = 1")
    copy = backup_library(seeds, tmp_path / "copy.db")
    writer.rollback()
    writer.close()
    restored = Library.open(copy)
    assert restored.article(1)["title"] != "Uncommitted"
    restored.close()


def test_a_cancelled_backup_leaves_no_file_and_keeps_the_older_one(seeds, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    older = folder / "copy.db"
    older.write_bytes(b"an older backup")
    with pytest.raises(Cancelled):
        backup_library(seeds, older, cancelled=lambda: True)
    assert older.read_bytes() == b"an older backup"
    assert [p.name for p in folder.iterdir()] == ["copy.db"]


def test_refusals(seeds, tmp_path):
    with pytest.raises(BackupError, match="cannot replace the library"):
        backup_library(seeds, seeds.path)
    with pytest.raises(BackupError, match="does not exist"):
        backup_library(seeds, tmp_path / "missing" / "copy.db")


def test_suggested_name(library):
    assert suggested_backup_name(library, "2026-11-23") == "test-backup-2026-11-23.db"
