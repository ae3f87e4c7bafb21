"""The review queue as desktop apps have it: a context menu of the decisions, skipped pairs kept for later
and put back, confirmations naming the undo key, and the queue reopening where it was left."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from curator.core.dedupe import PairOrder, PairQuery
from curator.core.library import PairKind, named_articles, scores_in_percents
from curator.ui.dialogs.merge_dialog import MergeDialog
from curator.ui.models.pair_table import KIND, SCORE
from tests.factories import add_articles, add_pairs
from tests.ui.test_list_conventions import click_header, right_click

ARTICLES = [{"title": f"Flood report {n}", "body": f"The river rose {n} metres overnight.", "outlet": outlet}
            for n, outlet in enumerate(["Wire", "Daily", "Wire", "Gazette", "Daily", "Wire"], start=1)]


def queue(window) -> list[tuple[int, int]]:
    model = window.duplicates_view.model
    return [(model.pair(row)["a"], model.pair(row)["b"]) for row in range(model.rowCount())]


def review_window(make_window, sync_tasks, library):
    add_articles(library, ARTICLES)
    add_pairs(library, [(1, 2), (3, 4)], score=0.95)
    add_pairs(library, [(5, 6)], score=0.8, kind="related")
    window = make_window(sync_tasks)
    window.show_view(window.duplicates_view)
    return window


def test_the_queue_context_menu_holds_the_decisions_and_skipped_pairs_wait_to_be_decided(qtbot, make_window,
                                                                                          sync_tasks, library):
    window = review_window(make_window, sync_tasks, library)
    view = window.duplicates_view
    assert queue(window) == [(1, 2), (3, 4), (5, 6)]
    right_click(qtbot, view.table, 0)
    menu = window.context_menus.pair_menu
    qtbot.waitUntil(menu.isVisible)
    shown = [action.text() for action in menu.actions() if action.isVisible() and not action.isSeparator()]
    assert shown == ["Merge…", "Same Story", "Not Duplicates", "Skip", "Compare"]
    # The menu's Skip is the window's: its key and its state are the same.
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(window.skip_action).center())
    assert queue(window) == [(3, 4), (5, 6)]
    assert window.statusBar().currentMessage() == f"Skipped: {named_articles(library, [1, 2])} — Ctrl+Z to undo"
    right_click(qtbot, view.table, 0)
    qtbot.keyClick(menu, Qt.Key.Key_Escape)
    assert not menu.isVisible()
    window.skip_action.trigger()
    assert queue(window) == [(5, 6)]

    # The Skipped filter lists them; there Skip gives way to Return to Queue (U).
    qtbot.mouseClick(view.skipped_box, Qt.MouseButton.LeftButton, pos=view.skipped_box.rect().center())
    assert view.showing_skipped and queue(window) == [(1, 2), (3, 4)]
    assert not window.skip_action.isVisible() and window.unskip_action.isEnabled()
    assert window.count_label.text() == "2 skipped pairs (1 open)"
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_U)
    assert queue(window) == [(3, 4)]
    assert window.statusBar().currentMessage() == f"Put back in the queue: {named_articles(library, [1, 2])} — Ctrl+Z to undo"
    window.undo()
    assert queue(window) == [(1, 2), (3, 4)]
    window.redo()
    assert queue(window) == [(3, 4)]

    # Decided from the Skipped list, a pair is decided for good.
    view.select_row(0)
    window.not_duplicate_action.trigger()
    assert queue(window) == [] and "No skipped pairs" in view._empty.text()
    view.skipped_box.setChecked(False)
    assert queue(window) == [(1, 2), (5, 6)] and window.skip_action.isVisible()


def test_a_skipped_pair_merges_from_the_skipped_list(qtbot, make_window, sync_tasks, library):
    window = review_window(make_window, sync_tasks, library)
    window.duplicates_view.select_row(0)
    window.skip_action.trigger()
    window.duplicates_view.skipped_box.setChecked(True)
    assert queue(window) == [(1, 2)]
    right_click(qtbot, window.duplicates_view.table, 0)
    assert window.merge_action.isEnabled()
    dialog = window.merge_current()
    assert isinstance(dialog, MergeDialog)
    dialog.accept()
    assert queue(window) == []
    assert library.article(2)["status"] == "merged"
    assert window.statusBar().currentMessage() == "Merged 2 articles — Ctrl+Z to undo"


def test_a_reopened_library_shows_the_review_page_filters_and_pair_it_was_left_at(qtbot, make_window, sync_tasks,
                                                                                   library):
    window = review_window(make_window, sync_tasks, library)
    view = window.duplicates_view
    view.kind_boxes[PairKind.EXACT].setChecked(False)
    view.min_score.setValue(50)
    header = view.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (KIND, Qt.SortOrder.AscendingOrder)
    click_header(qtbot, view.table, SCORE)
    assert queue(window) == [(1, 2), (3, 4), (5, 6)] and view.model.query.order is PairOrder.BEST_FIRST
    click_header(qtbot, view.table, SCORE)
    assert queue(window) == [(5, 6), (1, 2), (3, 4)]
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (SCORE, Qt.SortOrder.AscendingOrder)
    view.select_row(2)
    window.close()

    reopened = make_window(sync_tasks)
    assert reopened.showing_duplicates
    assert reopened.duplicates_view.model.query == PairQuery(
        kinds=(PairKind.NEAR, PairKind.CONTAINED, PairKind.RELATED), min_score=scores_in_percents(50, 100)[0],
        order=PairOrder.WORST_FIRST)
    assert reopened.duplicates_view.min_score.value() == 50
    assert not reopened.duplicates_view.kind_boxes[PairKind.EXACT].isChecked()
    assert reopened.duplicates_view.current_pair()["a"] == 3
    reopened.close()


def test_find_duplicates_of_this_lists_the_articles_pairs_until_cleared(qtbot, make_window, sync_tasks, library):
    window = review_window(make_window, sync_tasks, library)
    window.duplicates_view.skipped_box.setChecked(True)  # the article's open pairs are listed all the same
    window.show_view(window.library_view)
    window.library_view.select_row(3)
    right_click(qtbot, window.library_view.table, 3)
    menus = window.context_menus
    assert menus.library_menu.isVisible() and menus.find_duplicates_action.isEnabled()
    qtbot.mouseClick(menus.library_menu, Qt.MouseButton.LeftButton,
                     pos=menus.library_menu.actionGeometry(menus.find_duplicates_action).center())
    view = window.duplicates_view
    assert window.showing_duplicates and queue(window) == [(3, 4)] and not view.showing_skipped
    assert view.article_banner.isVisible() and view.article_banner.label.text() == "Pairs with article 4: Flood report 4"
    qtbot.mouseClick(view.article_banner.clear_button, Qt.MouseButton.LeftButton)
    assert queue(window) == [(1, 2), (3, 4), (5, 6)] and not view.article_banner.isVisible()


def test_a_comparison_waiting_for_navigation_to_pause_waits_while_the_page_is_hidden(qtbot, make_window, sync_tasks,
                                                                                     library):
    window = review_window(make_window, sync_tasks, library)
    view = window.duplicates_view
    view.select_row(0)
    view.select_row(1)  # moving on: its comparison waits for a pause
    assert view._compare_timer.isActive()
    window.show_view(window.library_view)
    assert not view._compare_timer.isActive()
    window.show_view(window.duplicates_view)
    qtbot.waitUntil(lambda: view._compared == (3, 4))


def test_a_near_certain_pair_is_never_shown_as_a_certain_100_and_the_score_filter_agrees(make_window, sync_tasks,
                                                                                         library):
    add_articles(library, ARTICLES)
    add_pairs(library, [(1, 2)], score=0.9989, kind="related")
    add_pairs(library, [(3, 4)], score=1.0, kind="exact")
    add_pairs(library, [(5, 6)], score=0.745)
    window = make_window(sync_tasks)
    window.show_view(window.duplicates_view)
    view = window.duplicates_view
    model = view.model
    shown = {(model.pair(row)["a"], model.pair(row)["b"]): model.index(row, SCORE).data() for row in range(3)}
    assert shown == {(1, 2): "99%", (3, 4): "100%", (5, 6): "75%"}
    for low, high, listed in [(100, 100, [(3, 4)]), (99, 99, [(1, 2)]), (75, 75, [(5, 6)]), (76, 98, [])]:
        view.min_score.setValue(low)
        view.max_score.setValue(high)
        assert sorted(queue(window)) == listed, (low, high)
