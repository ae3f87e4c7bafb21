"""A library Curator cannot write opens read-only: it reads as it would read it writable, and every change is
refused before it begins, leaving the file and its folder as they were."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from curator.core.curation import check_new_articles, import_and_sketch
from curator.core.entities import suggest_mentions
from curator.core.ingest import import_paths, sample_paths
from curator.core.library import ArticleQuery, Library, LibraryError, ReadOnlyLibrary, update_settings
from tests.read_only_storage import files_in, mount_read_only, run_unprivileged, shared_folder  # noqa: F401


def _make(folder: Path) -> Path:
    """A closed library of the sample articles, checked for duplicates, in ``folder`` (made) alone."""
    folder.mkdir()
    library = Library.open(folder / "news.db")
    import_and_sketch(library, sample_paths())
    check_new_articles(library)
    library.close()
    assert sorted(path.name for path in folder.iterdir()) == ["news.db"]
    return folder / "news.db"


@pytest.fixture
def made(tmp_path) -> Path:
    return _make(tmp_path / "archive")


def _reading(library: Library) -> tuple:
    return (library.article_page(ArticleQuery(), 0, 10), library.article(1), library.history(),
            library.db.execute("SELECT a, b, kind, score FROM pairs ORDER BY a, b").fetchall())


def test_a_library_on_read_only_storage_opens_read_only_and_reads_as_it_did(made, monkeypatch):
    writable = Library.open(made)
    expected = _reading(writable)
    writable.close()
    before = files_in(made.parent)

    mount_read_only(monkeypatch, made.parent)
    library = Library.open(made)
    try:
        assert library.read_only
        assert _reading(library) == expected
        # SQLite itself holds the file read-only, whatever the user may do.
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            library.db.execute("UPDATE articles SET title = 'x'")
    finally:
        library.close()
    assert files_in(made.parent) == before  # no -wal, -shm or lock made beside it, nothing written


@pytest.mark.parametrize("change", [
    lambda library: library.atomic().__enter__(),
    lambda library: library.check_ahead(),
    lambda library: library.ensure_intact(),
    lambda library: library.trust_intact(),
    lambda library: import_paths(library, [Path("/nowhere/at/all.txt")]),
    lambda library: update_settings(library, duplicate_threshold=0.5),
    lambda library: check_new_articles(library),
    lambda library: suggest_mentions(library),
], ids=["atomic", "check_ahead", "ensure_intact", "trust_intact", "import", "settings", "scan", "suggest"])
def test_every_change_is_refused_before_it_begins_with_what_to_do(made, monkeypatch, change):
    before = files_in(made.parent)
    mount_read_only(monkeypatch, made.parent)
    library = Library.open(made)
    try:
        with pytest.raises(ReadOnlyLibrary) as refused:
            change(library)
    finally:
        library.close()
    assert str(refused.value) == (f"This library is on read-only storage ({made}): copy it to a folder you can "
                                  "write in to change it")
    assert files_in(made.parent) == before


def test_read_only_can_be_asked_for_and_then_sees_what_others_write(made):
    library = Library.open(made, read_only=True)
    other = Library.open(made)
    try:
        assert library.read_only and not other.read_only
        with other.atomic() as db:
            db.execute("UPDATE articles SET title = 'Renamed' WHERE id = 1")
        assert library.article(1)["title"] == "Renamed"  # SQLite's read-only path, with its locks: no stale copy
        with pytest.raises(ReadOnlyLibrary, match="open it again without read-only"):
            library.refuse_changes()
    finally:
        library.close()
        other.close()


def _leave_work_in_the_log(path: Path) -> None:
    """Commit a change and stop, as a Curator killed with the library open does: the change is in the log
    (``-wal``, with its index ``-shm``), never moved into the file."""
    script = ("import os, sqlite3, sys\n"
              "db = sqlite3.connect(sys.argv[1]); db.execute('PRAGMA wal_autocheckpoint=0')\n"
              "db.execute(\"UPDATE articles SET title = 'Only in the log' WHERE id = 1\"); db.commit()\n"
              "os._exit(0)\n")
    subprocess.run([sys.executable, "-c", script, str(path)], check=True)
    assert Path(f"{path}-wal").stat().st_size > 0


def test_work_left_in_the_log_is_read_through_it_not_left_out(made, monkeypatch):
    _leave_work_in_the_log(made)
    kept = {name: data for name, data in files_in(made.parent).items() if not name.endswith("-shm")}
    mount_read_only(monkeypatch, made.parent)
    library = Library.open(made)
    try:
        assert library.read_only
        assert library.article(1)["title"] == "Only in the log"  # immutable=1 would read the file alone
    finally:
        library.close()
    # The file and its log as they were (the -shm is SQLite's index of the log, which it keeps up itself).
    assert {name: data for name, data in files_in(made.parent).items() if not name.endswith("-shm")} == kept


# A child that opens the library as a user who may not write it, and says what it read or why it could not.
READER = """
import json, sys
from curator.core.library import Library, LibraryError
try:
    library = Library.open(sys.argv[1])
except LibraryError as error:
    print(json.dumps({"refused": str(error)}))
else:
    try:
        library.refuse_changes()
    except Exception as refusal:
        print(json.dumps({"read_only": library.read_only, "title": library.article(1)["title"],
                          "refusal": str(refusal)}))
    library.close()
"""


def _read_unprivileged(path: Path) -> dict:
    child = run_unprivileged("-c", READER, str(path))
    assert child.returncode == 0 and child.stderr == "", child.stderr
    return json.loads(child.stdout)


@pytest.fixture
def locked(shared_folder) -> Path:
    """A library of the sample articles in a folder others can reach, for ``_lock`` to make read-only to them."""
    return _make(shared_folder / "locked")


def _lock(folder: Path) -> None:
    for path in folder.iterdir():
        path.chmod(0o444)
    folder.chmod(0o555)


def test_work_left_in_a_log_sqlite_cannot_read_here_is_refused_with_the_way_out(locked):
    _leave_work_in_the_log(locked)
    Path(f"{locked}-shm").unlink()  # as a copy that took the file and its log only leaves it
    _lock(locked.parent)
    before = files_in(locked.parent)
    assert _read_unprivileged(locked) == {"refused": (
        f"{locked} has changes in news.db-wal that were never written into it, and Curator cannot write here to "
        "finish that; copy the library together with that file to a folder you can write in, and open the copy")}
    assert files_in(locked.parent) == before


def test_work_left_in_the_log_of_a_library_this_user_may_not_write_is_read(locked):
    _leave_work_in_the_log(locked)
    _lock(locked.parent)
    before = files_in(locked.parent)
    read = _read_unprivileged(locked)
    assert read["read_only"] and read["title"] == "Only in the log"
    assert files_in(locked.parent) == before


def test_a_library_this_user_may_not_write_is_read_where_sqlite_follows_its_writers(locked):
    """Whoever may write it could be changing it: never read as immutable, and refused where SQLite could
    not follow their writes (no index of the log beside it, and none can be made)."""
    _lock(locked.parent)
    refused = _read_unprivileged(locked)["refused"]
    assert refused.startswith(f"Curator cannot write in the folder {locked.parent}")
    assert files_in(locked.parent).keys() == {"news.db"}

    writer = sqlite3.connect(locked)  # the owner, at work on it: its log and index lie beside it
    try:
        writer.execute("UPDATE articles SET title = 'Changed meanwhile' WHERE id = 1")
        writer.commit()
        read = _read_unprivileged(locked)
    finally:
        writer.close()
    assert read == {"read_only": True, "title": "Changed meanwhile", "refusal": (
        f"You may not write to this library ({locked}), so Curator opened it read-only: copy it to a folder you "
        "can write in to change it")}


def test_a_library_that_can_be_written_is_not_read_only(made):
    library = Library.open(made)
    try:
        assert not library.read_only
        library.refuse_changes()  # nothing to refuse
    finally:
        library.close()
