"""Reviewing duplicates in the real window: the queue, keyboard decisions, merge, undo, redo, unmerge."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from curator.core.library.store import Library
from curator.ui.dialogs.merge_dialog import MergeDialog
from curator.ui.main_window import MainWindow
from curator.ui.tasks import SynchronousTaskManager
from tests.core.test_merge import dump


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier):
    """A key press where a user's would land: the focused widget of the active window."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifier)


def open_review(qtbot, window):
    window.load_samples()
    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.showing_duplicates
    return window.duplicates_view


def test_the_seeds_end_to_end_merge_undo_redo_and_unmerge_after_reopening(qtbot, library, make_window, sync_tasks,
                                                                           tmp_path):
    window = make_window(sync_tasks)
    view = open_review(qtbot, window)
    assert view.pair_count == 1
    assert "contained" in view.comparison.findChild(object, "comparisonHeader").text().lower()
    before = dump(library)
    longer_body = library.article(1)["body"]

    press(qtbot, window, Qt.Key.Key_M)
    dialog = window.findChild(MergeDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert not dialog.isVisible()

    kept = library.article(1)
    assert kept["body"] == longer_body and "COMMERCIAL BREAK" not in kept["body"]
    assert kept["published"] == "2017-11-30"
    assert library.article(2)["status"] == "merged"
    assert view.pair_count == 0
    assert window.undo_action.text() == "Undo Merge"
    assert window.undo_action.toolTip().startswith("Merged 2 articles into “Russia on Thursday")
    merged = dump(library)

    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dump(library) == before
    assert view.pair_count == 1
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert dump(library) == merged

    # The library view shows the merged article with both sources and an Unmerge button.
    press(qtbot, window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    window.library_view.select_row(0)
    article_view = window.library_view.article_view
    assert "Merged from articles 1 and 2" in article_view.provenance.label.text()
    assert window.library_view.model.data(window.library_view.model.index(0, 4)) == "2"
    window.close()

    # Reopen the library: unmerge from the provenance panel restores both articles exactly.
    library.close()
    reopened = Library.open(tmp_path / "test.db")
    tasks = SynchronousTaskManager(reopened.path)
    second = MainWindow(reopened, tasks)
    qtbot.addWidget(second)
    second.show()
    second.library_view.select_row(0)
    qtbot.mouseClick(second.library_view.article_view.provenance.unmerge_button, Qt.MouseButton.LeftButton)
    assert dump(reopened) == before
    assert second.library_view.article_count == 2
    second.close()
    tasks.shutdown()
    reopened.close()


def test_keyboard_decisions_move_to_the_next_pair(qtbot, library, make_window, sync_tasks, tmp_path):
    for name, text in (("a", "The harbour strike"), ("b", "The harbour strike"), ("c", "A council vote"),
                       ("d", "A council vote")):
        (tmp_path / f"{name}.txt").write_text(f"{text} ({name})\n\n" + f"{text} continued for a long while today. " * 12)
    window = make_window(sync_tasks)
    window.import_paths([tmp_path / f"{name}.txt" for name in "abcd"], summarize_success=False)
    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    view = window.duplicates_view
    assert view.pair_count == 2
    first = view.current_pair()
    press(qtbot, window, Qt.Key.Key_J)
    assert view.current_pair() != first
    press(qtbot, window, Qt.Key.Key_K)
    assert view.current_pair() == first
    press(qtbot, window, Qt.Key.Key_N)
    assert view.pair_count == 1 and view.current_pair() is not None and view.current_pair() != first
    press(qtbot, window, Qt.Key.Key_S)
    assert view.pair_count == 0 and not window.merge_action.isEnabled()
    decided = dict(library.db.execute("SELECT a, status FROM pairs").fetchall())
    assert decided[first["a"]] == "not_duplicate" and sorted(decided.values()) == ["not_duplicate", "skipped"]
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.pair_count == 1
    # Left on the Skipped list, the queue shows what the next import finds, not the skipped pair.
    press(qtbot, window, Qt.Key.Key_S)
    view.skipped_box.setChecked(True)
    assert view.pair_count == 1
    (tmp_path / "e.txt").write_text("The harbour strike (e)\n\n" + "The harbour strike continued for a long while today. " * 12)
    window.import_paths([tmp_path / "e.txt"], summarize_success=False)
    assert not view.skipped_box.isChecked() and view.pair_count == 2


def test_filters_narrow_the_queue(qtbot, library, make_window, sync_tasks):
    window = make_window(sync_tasks)
    view = open_review(qtbot, window)
    view.kind_boxes["contained"].setChecked(False)
    assert view.pair_count == 0 and view.findChild(object, "emptyQueue").isVisible()
    view.kind_boxes["contained"].setChecked(True)
    view.min_score.setValue(90)
    assert view.pair_count == 0
    view.min_score.setValue(50)
    assert view.pair_count == 1
    view.outlet_box.setCurrentIndex(0)
    assert window.count_label.text() == "1 pair to review"
    view.min_score.setValue(80)
    assert window.count_label.text() == "0 pairs to review (1 in all)"


def test_merge_all_exact_duplicates_previews_then_merges_and_undoes_in_one_step(qtbot, library, make_window,
                                                                               sync_tasks, tmp_path):
    for name in "abcde":
        text = "Identical wire copy about the flood. " if name in "abc" else "The same report on the vote. "
        (tmp_path / f"{name}.txt").write_text(f"Headline {name}\n\n" + text * 15)
    window = make_window(sync_tasks)
    window.import_paths([tmp_path / f"{name}.txt" for name in "abcde"], summarize_success=False)
    window.merge_all_exact()
    box = window.findChild(QMessageBox, "confirmBulkMerge")
    assert "Merge 2 groups of exact copies? 3 articles will be merged away." in box.text()
    assert box.detailedText().splitlines() == ["3 copies: Headline a", "2 copies: Headline d"]
    box.button(QMessageBox.StandardButton.Yes).click()
    assert library.count_articles() == 2
    assert window.undo_action.text() == "Undo 2 Merges"
    window.history_dock.show()  # one run, one entry
    assert window.history_panel.summaries()[0].endswith("(and 1 more of this run)")
    assert not any("of this run" in summary for summary in window.history_panel.summaries()[1:])
    window.undo()
    assert library.count_articles() == 5


def test_a_refused_unmerge_explains_why(qtbot, library, make_window, sync_tasks):
    window = make_window(sync_tasks)
    window.load_samples()
    window.unmerge(1)
    box = window.findChild(QMessageBox, "refusal")
    assert box is not None and "not part of a merge" in box.text()
    assert not window.change_running


def test_the_history_panel_lists_operations_in_words(qtbot, library, make_window, sync_tasks):
    window = make_window(sync_tasks)
    window.load_samples()
    window.history_dock.show()
    assert window.history_panel.summaries()[:3] == ["Looked for rewrites of stories among 2 new articles: found none",
                                                    "Found 1 duplicate suggestion among 2 new articles",
                                                    "Imported 2 articles from 2 files"]


def test_a_long_history_entry_in_a_script_without_spaces_keeps_its_time_line(qtbot):
    from PySide6.QtGui import QAction

    from curator.core.library import HistoryState
    from curator.ui.widgets.history_panel import ENTRY_PADDING, HistoryPanel

    panel = HistoryPanel(QAction("Undo"), QAction("Redo"))
    qtbot.addWidget(panel)
    panel.resize(300, 400)
    panel.show()
    summary = "Tagged “北京举行会议挪威国家石油公司代表团昨天抵达北京北京很冷” as 北京"
    panel.show_entries([{"summary": summary, "at": "2026-12-07T03:00:00+00:00", "undone": HistoryState.IN_EFFECT,
                         "reversible": True}])
    panel.resize(240, 400)  # the dock narrowed
    item = panel.list.item(0)
    lines = panel.list.fontMetrics().lineSpacing()
    # The summary wraps to two lines at this width; the time is a third, with the entry's padding around them
    # (the style's own measure gave the three lines 46 pixels, and the last was cut).
    qtbot.waitUntil(lambda: panel.list.visualItemRect(item).height() >= 3 * lines + 2 * ENTRY_PADDING)


def test_the_history_panel_shows_its_newest_entry_after_each_change(qtbot):
    from PySide6.QtGui import QAction

    from curator.core.library import HistoryState
    from curator.ui.widgets.history_panel import HistoryPanel

    panel = HistoryPanel(QAction("Undo"), QAction("Redo"))
    qtbot.addWidget(panel)
    panel.resize(300, 200)
    panel.show()
    entries = [{"summary": f"Skipped pair {n}", "at": "2026-12-07T03:00:00+00:00", "undone": HistoryState.IN_EFFECT,
                "reversible": True} for n in range(40)]
    panel.show_entries(entries)
    bar = panel.list.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())  # a person scrolled down to older entries
    panel.show_entries([{**entries[0], "summary": "Merged 2 articles"}, *entries])
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    qtbot.wait(50)
    assert bar.value() == 0


def test_an_undone_skip_brings_the_pair_back_selected(qtbot, library, make_window, sync_tasks):
    from tests.factories import add_numbered_articles, add_pairs

    one, two, three, four = add_numbered_articles(library, 4)
    add_pairs(library, [(one, two), (three, four)], score=0.9)
    window = make_window(sync_tasks)
    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    view = window.duplicates_view
    view.select_row(1)  # the last pair: skipped, the row before it is selected
    skipped = (view.current_pair()["a"], view.current_pair()["b"])
    press(qtbot, window, Qt.Key.Key_S)
    assert (view.current_pair()["a"], view.current_pair()["b"]) != skipped  # the next pair, in its place
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.pair_count == 2
    assert (view.current_pair()["a"], view.current_pair()["b"]) == skipped


def test_link_all_suggested_versions_previews_then_links_from_the_queue_s_lowest_score(qtbot, library, make_window,
                                                                                      sync_tasks):
    from curator.core.dedupe import PairQuery
    from curator.core.library import PairKind
    from curator.core.stories import list_stories, scan_stories, suggested_versions
    from tests.core.test_stories import ELECTION, HYWIND, HYWIND_REWRITE, add
    from tests.core.test_story_catalog import CHILE_REWRITE, HYWIND_THIRD

    for story in (HYWIND, HYWIND_REWRITE, HYWIND_THIRD, ELECTION, CHILE_REWRITE):
        add(library, story)
    scan_stories(library)
    window = make_window(sync_tasks)
    open_review(qtbot, window)
    view = window.duplicates_view
    # Above every suggestion's score (each of these scores 99.9-100%, so shown as 100%), or without the
    # same-story kind shown: none to link.
    for filtered in (lambda: view.min_score.setValue(100), lambda: view.kind_boxes[PairKind.RELATED].setChecked(False)):
        filtered()
        window.link_all_suggested()
        box = window.findChild(QMessageBox, "nothingToDo")
        assert box.text() == "The review queue, as it is filtered, shows no same-story suggestions to link."
        box.close()
        view.min_score.setValue(0)
        view.kind_boxes[PairKind.RELATED].setChecked(True)
    assert list_stories(library) == []
    window.link_all_suggested()
    box = window.findChild(QMessageBox, "confirmBulkLink")
    assert box.text() == "Link the 4 same-story suggestions the review queue shows as versions of their stories?"
    previews = box.detailedText().splitlines()
    assert len(previews) == 8 and all(line.strip().startswith(("100%", "99%")) for line in previews[::2])
    assert all(line.strip().startswith("↔  ") for line in previews[1::2])
    box.button(QMessageBox.StandardButton.Yes).click()
    assert [len(story.article_ids) for story in list_stories(library)] == [3, 2]
    # The queue keeps the copy suggestion the scan on opening found, and no same-story one.
    assert suggested_versions(library, PairQuery()) == [] and view.pair_count == 1
    window.history_dock.show()  # one run, one entry
    assert window.history_panel.summaries()[0].endswith("(and 2 more of this run)")
    window.undo()
    assert list_stories(library) == [] and view.pair_count == 5


def test_a_bulk_link_that_passes_over_every_pair_offers_no_undo(qtbot, library, make_window, sync_tasks):
    from curator.core.dedupe import Decision, decide_pair
    from curator.core.stories import link_versions, list_stories, scan_stories
    from tests.core.test_stories import HYWIND, HYWIND_REWRITE, add
    from tests.core.test_story_catalog import HYWIND_THIRD

    hywind, rewrite, third = (add(library, story) for story in (HYWIND, HYWIND_REWRITE, HYWIND_THIRD))
    scan_stories(library)
    link_versions(library, hywind, rewrite)
    decide_pair(library, hywind, third, Decision.NOT_DUPLICATE)  # the rewrite-third link would join them
    window = make_window(sync_tasks)
    open_review(qtbot, window)
    window.link_all_suggested()
    window.findChild(QMessageBox, "confirmBulkLink").button(QMessageBox.StandardButton.Yes).click()
    assert window.statusBar().currentMessage() == (
        "Linked 0 same-story suggestions as versions of their stories; passed over 1 that would have put articles "
        "marked different stories into one story")
    assert [story.article_ids for story in list_stories(library)] == [(hywind, rewrite)]
