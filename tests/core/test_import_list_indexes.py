"""A large import into an empty library drops the article list's sort indexes for its batches and
makes them again after the last; one cut off leaves them to the next open. Libraries that hold
articles keep them throughout."""

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from curator.core.ingest import importing
from curator.core.ingest.importing import import_paths
from curator.core.library.schema import LIST_INDEXES, missing_list_indexes
from curator.core.library import ArticleQuery, ArticleSort, Library
from curator.core.ingest.samples import sample_paths
from tests.corpus import generate_articles, write_text_folder


@pytest.fixture
def folder(tmp_path):
    write_text_folder(generate_articles(60, seed=5), tmp_path / "texts")
    return tmp_path / "texts"


@pytest.fixture
def in_workers(monkeypatch):
    monkeypatch.setattr(importing, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(importing, "PARSE_BATCH", 7)


def indexes_seen_during(library, folder, **options):
    """Which list indexes were missing at each file of an import of ``folder``."""
    seen = []
    report = import_paths(library, [folder], progress=lambda *_: seen.append(tuple(missing_list_indexes(library.db))),
                          batch_files=10, **options)
    return report, seen


def list_index_sql(library):
    return {name: sql for name, sql in library.db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'articles'")}


def test_a_large_import_into_an_empty_library_makes_its_list_indexes_again_after_it(tmp_path, folder, in_workers):
    library = Library.open(tmp_path / "library.db")
    before = list_index_sql(library)
    report, seen = indexes_seen_during(library, folder)
    assert report.imported == 60
    assert set(seen) == {tuple(LIST_INDEXES)}  # gone for every batch
    assert missing_list_indexes(library.db) == [] and list_index_sql(library) == before
    by_title = library.article_page(ArticleQuery(sort=ArticleSort.TITLE), 0, 100)
    assert [row["title"].casefold() for row in by_title] == sorted(row["title"].casefold() for row in by_title)
    assert library.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_import_into_a_library_with_articles_keeps_its_list_indexes(tmp_path, folder, in_workers):
    library = Library.open(tmp_path / "library.db")
    import_paths(library, sample_paths())
    report, seen = indexes_seen_during(library, folder)
    assert report.imported == 60 and set(seen) == {()}


def test_a_small_import_keeps_its_list_indexes(tmp_path, folder):
    library = Library.open(tmp_path / "library.db")
    report, seen = indexes_seen_during(library, folder)
    assert report.imported == 60 and set(seen) == {()}


def test_an_import_that_fails_makes_its_list_indexes_again(tmp_path, folder, in_workers, monkeypatch):
    library = Library.open(tmp_path / "library.db")
    stored = importing._store_batch

    def fail_on_the_third_batch(*args):
        if len(args[3].article_ids) >= 20:
            raise OSError("the disk went away")
        stored(*args)

    monkeypatch.setattr(importing, "_store_batch", fail_on_the_third_batch)
    with pytest.raises(OSError):
        indexes_seen_during(library, folder)
    assert library.db["articles"].count == 20 and missing_list_indexes(library.db) == []


def test_an_import_killed_midway_leaves_its_list_indexes_to_the_next_open(tmp_path, folder):
    path = tmp_path / "library.db"
    script = textwrap.dedent(f"""
        import os, signal
        from curator.core.ingest import importing
        from curator.core.library.store import Library
        importing.PARALLEL_MIN_FILES, importing.PARSE_BATCH = 1, 7

        def die_after_two_batches(done, total, path):
            if done == 25:
                os.kill(os.getpid(), signal.SIGKILL)

        if __name__ == "__main__":
            importing.import_paths(Library.open({str(path)!r}), [{str(folder)!r}], progress=die_after_two_batches,
                                   batch_files=10)
    """)
    (tmp_path / "killed_import.py").write_text(script)
    finished = subprocess.run([sys.executable, str(tmp_path / "killed_import.py")], cwd=os.getcwd())
    assert finished.returncode == -signal.SIGKILL
    library = Library.open(path)
    assert library.db["articles"].count == 20  # the two batches stored before the kill
    assert missing_list_indexes(library.db) == []
    assert library.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_import_asked_not_to_defer_keeps_its_list_indexes(tmp_path, folder, in_workers):
    library = Library.open(tmp_path / "library.db")
    report, seen = indexes_seen_during(library, folder, defer_list_indexes=False)
    assert report.imported == 60 and set(seen) == {()}
