"""A library written by a newer Curator (a migration this version does not know) is refused, never written."""

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from curator.core.ingest import import_paths, sample_paths
from curator.core.library import Library, LibraryError
from curator.core.library.schema import unknown_migrations

FUTURE = "9999_from_the_future"


def written_by_a_newer_curator(path: Path, journal_mode: str) -> Path:
    """A library with two articles, closed, then marked the way a newer version's migration would mark it."""
    library = Library.open(path)
    import_paths(library, sample_paths())
    library.close()
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA journal_mode={journal_mode}")
    connection.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
                       ["curator", FUTURE, "2030-01-01"])
    connection.commit()
    connection.close()
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("journal_mode", ["wal", "delete"])  # a backup is a rollback-journal file
def test_opening_is_refused_with_the_reason_and_the_file_is_not_touched(tmp_path, journal_mode):
    path = written_by_a_newer_curator(tmp_path / "newer.db", journal_mode)
    before = digest(path)
    with pytest.raises(LibraryError, match=f"written by a newer version of Curator.*{FUTURE}"):
        Library.open(path)
    assert digest(path) == before
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == journal_mode
    assert connection.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    connection.close()


def test_this_versions_own_libraries_have_no_unknown_migration(library):
    assert unknown_migrations(library.db) == []


def test_the_command_line_says_so_in_one_line_and_imports_nothing(tmp_path):
    path = written_by_a_newer_curator(tmp_path / "newer.db", "wal")
    (tmp_path / "new.txt").write_text("A new article\n\nWith a body that is long enough to import.\n")
    result = subprocess.run([sys.executable, "-m", "curator", "--db", str(path), "import", str(tmp_path / "new.txt")],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "written by a newer version of Curator" in result.stderr
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    connection.close()
