"""Checking new articles: which are unchecked, the two scans as one step, and the undo stack left alone."""

from __future__ import annotations

from curator.core.curation import (
    check_in_background,
    check_new_articles,
    merge_articles,
    suggest_plan,
    unchecked_articles,
)
from curator.core.dedupe import count_open_pairs
from curator.core.ingest import import_paths, sample_paths
from curator.core.library import next_redo, redo, undo
from curator.core.parallel import run_apart as real_run
from tests.factories import damage_middle_page
from tests.factories import add_article


def test_articles_imported_without_a_scan_are_unchecked_until_checked(library):
    import_paths(library, sample_paths())
    assert unchecked_articles(library) == 2 and count_open_pairs(library) == 0
    report = check_new_articles(library)
    assert (report.copies.new_articles, report.copies.pairs_added, report.cancelled) == (2, 1, False)
    assert report.summary() == "Checked 2 new articles: 1 possible duplicate pair"
    assert unchecked_articles(library) == 0 and count_open_pairs(library) == 1
    again = check_new_articles(library)
    assert again.summary() == "Checked 0 new articles: 0 possible duplicate pairs"


def test_a_cancelled_check_changes_nothing_and_leaves_the_articles_unchecked(library):
    import_paths(library, sample_paths())
    report = check_new_articles(library, cancelled=lambda: True)
    assert report.cancelled and report.summary() == "The duplicate check was cancelled; nothing was changed"
    assert unchecked_articles(library) == 2 and count_open_pairs(library) == 0


def test_an_article_the_story_scan_has_not_read_is_unchecked_too(library):
    import_paths(library, sample_paths())
    check_new_articles(library)
    library.db.execute("DELETE FROM story_index WHERE article_id = 2")
    assert unchecked_articles(library) == 1


def test_a_check_between_undo_and_redo_leaves_the_redo(library):
    """Scans are journaled for the record only: what was undone can still be redone after one."""
    import_paths(library, sample_paths())
    merge_articles(library, suggest_plan(library, [1, 2]).plan)
    undo(library)
    add_article(library, "A third article, about something else entirely, long enough to be read.", title="Third")
    check_new_articles(library)
    assert next_redo(library) is not None
    redo(library)
    assert library.article(2)["status"] == "merged"


def test_a_large_background_check_runs_apart_and_finds_what_a_check_here_finds(library, tmp_path, monkeypatch):
    from curator.core.curation import scanning
    from curator.core.library import Library

    import_paths(library, sample_paths())
    add_article(library, "A third article, about something else entirely, long enough to be read.", title="Third")
    here = Library.open(tmp_path / "here.db")
    import_paths(here, sample_paths())
    add_article(here, "A third article, about something else entirely, long enough to be read.", title="Third")
    expected = check_new_articles(here)
    monkeypatch.setattr(scanning, "APART_MIN_ARTICLES", 2)
    ran_apart = []
    monkeypatch.setattr(scanning, "run_apart", lambda *args, **kwargs: ran_apart.append(args) or real_run(*args, **kwargs))
    reported = []
    report = check_in_background(library, progress=lambda *report: reported.append(report))
    assert ran_apart == [(scanning.check_library_at, (library.path,))]
    assert report.summary() == expected.summary() == "Checked 3 new articles: 1 possible duplicate pair"
    assert (report.copies.added, report.stories.added) == (expected.copies.added, expected.stories.added)
    assert reported[0] == (0, 0, "Checking new articles for duplicates") and len(reported) > 1
    assert unchecked_articles(library) == 0 and count_open_pairs(library) == 1
    assert check_in_background(library) is None  # nothing new: nothing run


def test_a_damaged_library_is_found_before_a_check_runs_apart(tmp_path, monkeypatch):
    import pytest

    from curator.core.curation import scanning
    from curator.core.library import Library, LibraryError

    db, folder = tmp_path / "lib.db", tmp_path / "in"
    folder.mkdir()
    for index in range(60):
        (folder / f"{index}.txt").write_text(f"Headline {index}\n\n" + f"Paragraph {index} of words. " * 400)
    library = Library.open(db)
    import_paths(library, [folder])
    library.close()
    damage_middle_page(db)
    monkeypatch.setattr(scanning, "APART_MIN_ARTICLES", 2)
    monkeypatch.setattr(scanning, "run_apart", lambda *args, **kwargs: pytest.fail("checked apart"))
    library = Library.open(db)
    with pytest.raises(LibraryError, match="is damaged"):
        check_in_background(library)
    library.close()
