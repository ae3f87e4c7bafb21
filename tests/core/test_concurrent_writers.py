"""Writers take turns: a second writer waits for the first instead of failing, and no file is stored twice.

The end-to-end case runs real second processes (the ``curator`` command) against one library file.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlite_utils import Database

from curator.core.ingest.importing import import_paths
from curator.core.library.schema import migrations
from curator.core.library.store import Library, LibraryError
from tests.corpus import generate_articles, write_text_folder
from tests.factories import add_article

REPO = Path(__file__).resolve().parents[2]


def _hash_counts(path: Path) -> tuple[int, int]:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT count(*), count(DISTINCT sha256) FROM files").fetchone()


def test_a_transaction_holds_the_write_lock_from_its_first_read(tmp_path, monkeypatch):
    # A deferred transaction that has read cannot write once another writer has committed in
    # between ("database is locked" at once, whatever the timeout); a transaction that takes the
    # lock as it begins keeps the other writer waiting instead.
    path = tmp_path / "lib.db"
    library = Library.open(path)
    monkeypatch.setattr("curator.core.library.store.BUSY_TIMEOUT_SECONDS", 0.2)
    other = Library.open(path)
    with library.atomic():
        assert library.count_articles() == 0
        with pytest.raises(LibraryError, match="is busy"), other.atomic():
            add_article(other, "Slipped in between.")
        add_article(library, "Written after the read.")
    assert [row["body"] for row in library.db.query("SELECT body FROM articles")] == ["Written after the read."]


def test_files_another_import_stored_meanwhile_are_skipped_not_stored_again(tmp_path):
    folder = tmp_path / "in"
    write_text_folder(generate_articles(6), folder)
    path = tmp_path / "lib.db"
    library, other = Library.open(path), Library.open(path)

    def import_the_same_folder_elsewhere(done, total, label):
        if done == 1:  # this import has read its first file; the other stores all six
            assert import_paths(other, [folder]).imported == 6

    report = import_paths(library, [folder], progress=import_the_same_folder_elsewhere)
    assert report.imported == 0 and len(report.skipped) == 6 and report.files_imported == 0
    assert _hash_counts(path) == (6, 6)
    assert [row["op"] for row in library.db.query("SELECT op FROM history")] == ["import"]


def test_scans_another_process_ran_meanwhile_store_nothing_twice_and_fail_nowhere(tmp_path, monkeypatch):
    from curator.core.dedupe import scan as copy_scan
    from curator.core.dedupe import scan_duplicates
    from curator.core.stories import scan_stories

    folder = tmp_path / "in"
    write_text_folder(generate_articles(12), folder)
    path = tmp_path / "lib.db"
    library, other = Library.open(path), Library.open(path)
    import_paths(library, [folder])
    real_store = copy_scan._store_scan

    def store_after_the_other_scan(*args, **kwargs):
        monkeypatch.setattr(copy_scan, "_store_scan", real_store)
        scan_duplicates(other)  # done and committed while this scan was verifying
        return real_store(*args, **kwargs)

    monkeypatch.setattr(copy_scan, "_store_scan", store_after_the_other_scan)
    report = scan_duplicates(library)
    assert report.pairs_added == 0 and report.new_articles == 0
    monkeypatch.undo()
    real_atomic = library.atomic

    def atomic_after_the_other_scan():
        scan_stories(other)  # it read the same new articles first
        return real_atomic()

    monkeypatch.setattr(library, "atomic", atomic_after_the_other_scan)
    assert scan_stories(library).new_articles == 0
    monkeypatch.undo()
    ops = [row["op"] for row in library.db.query("SELECT op FROM history ORDER BY id")]
    assert ops == ["import", "scan_duplicates", "scan_stories"]


def test_the_library_refuses_a_second_row_for_the_same_file_content(library):
    import_paths(library, [REPO / "seeds"])
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"), library.atomic() as db:
        db.execute("INSERT INTO files (path, record, sha256, size, importer, raw_text, imported_at, article_id) "
                   "SELECT 'copy.txt', record, sha256, size, importer, raw_text, imported_at, article_id "
                   "FROM files LIMIT 1")


def test_copies_stored_before_the_unique_index_stay_as_marked_repeats(tmp_path):
    path = tmp_path / "old.db"
    db = Database(path)
    migrations.apply(db, stop_before="0010_unique_file_hash")
    rows = [  # one file stored twice by two imports, and a two-record file whose records share its hash
        ("a.txt", None, "aaa", 1), ("again/a.txt", None, "aaa", 2),
        ("t.csv", "row 1", "ccc", 3), ("t.csv", "row 2", "ccc", 4), ("t2.csv", "row 1", "ccc", 5),
    ]
    for file_path, record, sha256, article in rows:
        db.execute("INSERT INTO articles (id, title, body, created_at, updated_at) VALUES (?, 't', 'b', '', '')",
                   [article])
        db.execute("INSERT INTO files (path, record, sha256, size, importer, raw_text, imported_at, article_id) "
                   "VALUES (?, ?, ?, 1, 'text', 'b', '', ?)", [file_path, record, sha256, article])
    db.close()

    library = Library.open(path)
    kept = library.db.execute("SELECT id, path, repeat_of FROM files ORDER BY id").fetchall()
    assert kept == [(1, "a.txt", None), (2, "again/a.txt", 1), (3, "t.csv", None), (4, "t.csv", None),
                    (5, "t2.csv", 3)]
    assert library.count_articles() == 5  # every article stays, for the duplicate scan to pair


def test_a_library_another_curator_upgrades_meanwhile_is_not_upgraded_twice(tmp_path):
    path = tmp_path / "old.db"
    db = Database(path)
    db.enable_wal()
    migrations.apply(db, stop_before="0010_unique_file_hash")
    other = Database(sqlite3.connect(path, check_same_thread=False))
    other.conn.execute("BEGIN IMMEDIATE")  # another Curator, about to upgrade the library
    opened: list[object] = []
    opener = threading.Thread(target=lambda: opened.append(_open_or_fail(path)))
    opener.start()
    time.sleep(0.5)  # the opener has seen the upgrade pending and waits for the write lock
    migrations.apply(other)
    other.conn.execute("COMMIT")
    opener.join(timeout=30)
    assert [type(result) for result in opened] == [Library]
    assert db.execute("SELECT count(*) FROM _sqlite_migrations WHERE name = '0010_unique_file_hash'"
                      ).fetchone() == (1,)


def _open_or_fail(path: Path) -> object:
    try:
        return Library.open(path)
    except LibraryError as error:  # the test reports what went wrong in the thread
        return error


def _overlapping_folders(tmp_path: Path, files: int, folders: int) -> tuple[list[Path], int]:
    """``folders`` folders, each file in two neighbouring ones; how many distinct files in all."""
    source = tmp_path / "source"
    write_text_folder(generate_articles(files, seed=3), source)
    targets = [tmp_path / f"in{index}" for index in range(folders)]
    for target in targets:
        target.mkdir()
    for index, file in enumerate(sorted(source.iterdir())):
        for target in (targets[index % folders], targets[(index + 1) % folders]):
            shutil.copy(file, target / file.name)
    return targets, files


def _curator(*argv: str) -> list[str]:
    return [sys.executable, "-m", "curator", *argv]


def test_concurrent_imports_and_merges_all_succeed_and_store_each_file_once(tmp_path):
    path = tmp_path / "lib.db"
    folders, distinct = _overlapping_folders(tmp_path, files=400, folders=4)
    subprocess.run(_curator("--db", str(path), "import", str(REPO / "seeds")), check=True, capture_output=True)
    imports = [subprocess.Popen(_curator("--db", str(path), "import", str(folder)), cwd=REPO,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for folder in folders]
    failures = []
    for _ in range(4):
        for argv in (("undo",), ("merge", "1", "2")):
            done = subprocess.run(_curator("--db", str(path), *argv), cwd=REPO, capture_output=True, text=True,
                                  check=False)
            if done.returncode != 0 and "Nothing to undo" not in done.stderr:
                failures.append(done.stderr)
    for process in imports:
        _, err = process.communicate(timeout=120)
        if process.returncode != 0:
            failures.append(err)
    assert failures == []
    assert _hash_counts(path) == (distinct + 2, distinct + 2)
