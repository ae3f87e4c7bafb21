"""A window that follows what the command line does to its library, and checks every article it gets."""

import subprocess
import sys
import threading
import time

from PySide6.QtWidgets import QProgressBar

from curator.core.curation import unchecked_articles
from curator.core.dedupe import count_open_pairs
from curator.core.ingest import import_paths, sample_paths


def curator_command(library, *args: str) -> None:
    """Run ``curator`` in a process of its own on the library, as a user at a terminal would."""
    subprocess.run([sys.executable, "-m", "curator", "--db", str(library.path), *args], check=True,
                   capture_output=True, timeout=60)


def test_on_opening_the_window_checks_articles_imported_while_it_was_closed(qtbot, make_window, sync_tasks,
                                                                           library):
    import_paths(library, sample_paths())  # no scan, as `curator import` does
    window = make_window(sync_tasks)
    assert count_open_pairs(library) == 0
    window.watch.start()
    qtbot.waitUntil(lambda: unchecked_articles(library) == 0, timeout=5000)
    assert window.statusBar().currentMessage() == "Checked 2 new articles: 1 possible duplicate pair."
    assert window.show_duplicates_action.text() == "Duplicates (1)"
    assert not window.watch.status.isVisible()
    qtbot.wait(50)  # the turns after the progress left the bar: the message alone, never over the counts
    assert window.statusBar().currentMessage() == "Checked 2 new articles: 1 possible duplicate pair."
    assert not window.count_label.isVisible() and not window.suggestions_label.isVisible()


def test_a_cli_import_while_the_window_is_open_shows_up_and_is_checked(qtbot, make_window, sync_tasks, library):
    window = make_window(sync_tasks)
    window.watch.start()
    assert window.showing_welcome
    curator_command(library, "import", *map(str, sample_paths()))
    qtbot.waitUntil(lambda: window.count_label.text() == "2 articles", timeout=5000)
    assert not window.showing_welcome and window.library_view.article_count == 2
    qtbot.waitUntil(lambda: window.show_duplicates_action.text() == "Duplicates (1)", timeout=5000)
    # A trash from the command line leaves the list and the queue as soon as the window looks again.
    window.library_view.select_row(0)
    curator_command(library, "trash", "2")
    qtbot.waitUntil(lambda: window.count_label.text() == "1 article", timeout=5000)
    assert window.show_duplicates_action.text() == "Duplicates"
    assert window.library_view.selected_article_id() == 1  # the selection is kept
    assert "Move to Trash" in window.undo_action.text()


def test_find_duplicates_now_checks_on_demand_and_says_when_nothing_is_new(qtbot, window, library):
    import_paths(library, sample_paths())
    window.watch.find_action.trigger()
    assert unchecked_articles(library) == 0
    assert window.statusBar().currentMessage().startswith("Checked 2 new articles")
    window.watch.find_action.trigger()
    assert window.statusBar().currentMessage() == "Every article has been checked for duplicates."
    assert window.watch.find_action in window.menus.review_menu.actions()


def test_a_long_check_shows_its_progress_in_the_status_bar_and_cancels(qtbot, make_window, threaded_tasks,
                                                                       library, tmp_path, monkeypatch):
    from curator.core.curation import scanning

    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(40):
        (folder / f"{n}.txt").write_text(f"Story {n}\n\nThe text of story {n}, unique {n * 7919}.\n")
    import_paths(library, [folder])
    real_check = scanning.check_new_articles

    def slow_check(library, *, progress, cancelled):
        def slow_progress(done, total, phase):
            progress(done, total, phase)
            time.sleep(0.05)  # slow enough for the Cancel to land mid-scan
        return real_check(library, progress=slow_progress, cancelled=cancelled)

    monkeypatch.setattr(scanning, "check_new_articles", slow_check)
    window = make_window(threaded_tasks)
    window.watch.check_now()
    status = window.watch.status
    qtbot.waitUntil(lambda: status.isVisible() and status.bar.maximum() > 0, timeout=5000)
    assert status.findChild(QProgressBar) is status.bar
    status.cancel_button.click()
    qtbot.waitUntil(lambda: not window.watch.scan_running, timeout=10000)
    assert not status.isVisible()
    assert unchecked_articles(library) == 40  # a cancelled scan writes nothing


def test_the_windows_own_changes_are_not_read_twice_but_a_restore_is_checked_again(qtbot, make_window, threaded_tasks,
                                                                                   library):
    import_paths(library, sample_paths())
    window = make_window(threaded_tasks)
    window.watch.start()
    qtbot.waitUntil(lambda: unchecked_articles(library) == 0 and not window.watch.scan_running, timeout=10000)
    window.watch.poll()  # the check's own writes are acknowledged already
    refreshes = []
    window.watch.changed_elsewhere.connect(lambda: refreshes.append(1))
    window.library_view.select_row(1)
    window.articles.trash_action.trigger()
    qtbot.waitUntil(lambda: window.library_view.article_count == 1 and not window.change_running, timeout=5000)
    window.watch.poll()
    assert refreshes == []
    # Undoing the trashing by hand is a change like any other; restoring asks for a new check.
    window.articles.show_trash_action.trigger()
    window.library_view.select_row(0)
    window.articles.restore_action.trigger()
    qtbot.waitUntil(lambda: checked_after_restore(window, library), timeout=10000)
    assert refreshes == []
    # A check after a change that finds nothing new leaves the change's own message in the status bar.
    assert window.statusBar().currentMessage() == "Moved the article back to the library — Ctrl+Z to undo"


def checked_after_restore(window, library) -> bool:
    """Both articles active again, and checked by a check that has ended."""
    active = library.db.execute("SELECT count(*) FROM articles WHERE status = 'active'").fetchone()[0]
    return active == 2 and unchecked_articles(library) == 0 and not window.watch.scan_running \
        and not window.change_running


def test_a_restore_made_while_a_check_runs_is_checked_when_that_check_ends(qtbot, make_window, threaded_tasks,
                                                                          library, monkeypatch):
    from curator.ui import library_watch

    release = threading.Event()
    release.set()
    real_check = library_watch.check_in_background

    def held_check(library, **options):
        release.wait(10)
        return real_check(library, **options)

    monkeypatch.setattr(library_watch, "check_in_background", held_check)
    import_paths(library, sample_paths())
    window = make_window(threaded_tasks)
    window.watch.start()
    qtbot.waitUntil(lambda: unchecked_articles(library) == 0 and not window.watch.scan_running, timeout=10000)
    release.clear()
    window.library_view.select_row(1)
    window.articles.trash_action.trigger()  # the change is followed by a check, held on the worker
    qtbot.waitUntil(lambda: window.library_view.article_count == 1 and window.watch.scan_running, timeout=5000)
    window.articles.show_trash_action.trigger()
    window.library_view.select_row(0)
    window.articles.restore_action.trigger()  # queued on the worker behind the held check
    release.set()
    time.sleep(1)  # the worker ends the check and restores before this thread hears of either
    qtbot.waitUntil(lambda: checked_after_restore(window, library), timeout=10000)


def test_a_check_reads_no_comparison_for_the_hidden_queue_and_shows_it_with_the_page(qtbot, window, library,
                                                                                    monkeypatch):
    from curator.ui.widgets import duplicates_view

    compared: list[tuple[int, int]] = []
    real_compare = duplicates_view.compare_articles

    def recording_compare(library, a, b):
        compared.append((a, b))
        return real_compare(library, a, b)

    monkeypatch.setattr(duplicates_view, "compare_articles", recording_compare)
    import_paths(library, sample_paths())
    window.watch.find_action.trigger()
    assert window.show_duplicates_action.text() == "Duplicates (1)"
    assert not window.showing_duplicates and compared == []  # the queue was re-read; nobody sees a pair
    window.show_view(window.duplicates_view)
    assert compared == [(1, 2)]
    header = window.duplicates_view.comparison.findChild(object, "comparisonHeader")
    assert header.text()
