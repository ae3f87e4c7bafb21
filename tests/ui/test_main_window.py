"""The main window over a real library file: welcome, samples, search, import, settings."""

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, QRect, QSettings, QSize, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

import curator
from curator.core.ingest.samples import sample_paths
from curator.core.library.store import ArticleQuery
from curator.core.stories import link_versions
from curator.ui import file_dialogs
from curator.ui.main_window import GEOMETRY_KEY, SPLITTER_KEY
from curator.ui.models.article_table import TITLE
from curator.ui.screen_room import fitted_size
from curator.ui.window_imports import LAST_IMPORT_FOLDER_KEY
from tests.factories import add_numbered_articles, add_pairs, merge_into


def write_article(folder: Path, name: str, title: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    return path


def test_the_title_names_the_library(window, library):
    assert window.windowTitle() == "Curator — test"
    assert library.name == "test"


def test_an_empty_library_shows_the_welcome_panel(window):
    assert window.showing_welcome
    assert window.welcome.isVisible()
    assert not window.search_box.isVisible()
    assert window.count_label.text() == "No articles yet"


def test_load_sample_articles_opens_their_duplicate_pair_and_fills_the_library(qtbot, window):
    qtbot.mouseClick(window.welcome.load_samples_button, Qt.MouseButton.LeftButton)
    assert not window.showing_welcome
    # Straight to the samples' pair, side by side, with the next step in the status bar.
    assert window.showing_duplicates and window.duplicates_view.isVisible()
    assert window.duplicates_view.current_pair() is not None
    assert "press M to merge" in window.statusBar().currentMessage()
    window.show_library_action.trigger()
    assert window.library_view.isVisible()
    assert window.library_view.article_count == 2
    assert window.count_label.text() == "2 articles"
    # The import scanned the samples for duplicates on the worker: they are one pair.
    assert window.suggestions_label.text() == '·  <a href="review">1 duplicate suggestion</a> to review'
    assert window.show_duplicates_action.text() == "Duplicates (1)"
    first_title = window.library_view.model.data(window.library_view.model.index(0, TITLE))
    assert window.library_view.table.currentIndex().row() == 0
    assert window.library_view.article_view.showing_article
    assert window.library_view.article_view.title_text() == first_title
    assert "Lavrov" in window.library_view.article_view.browser.toPlainText()
    qtbot.waitUntil(window.search_box.isVisible)  # toolbar widgets show on the next layout pass
    # Samples that import cleanly need no summary: the library appearing says it.
    assert not window.findChildren(QMessageBox)


def test_a_library_with_articles_opens_on_the_table(make_window, sync_tasks, library):
    add_numbered_articles(library, 3)
    window = make_window(sync_tasks)
    assert not window.showing_welcome
    assert window.count_label.text() == "3 articles"
    assert not window.library_view.article_view.showing_article


def test_search_filters_the_table_after_a_short_pause(qtbot, window):
    texts = [path.read_text(encoding="utf-8") for path in sample_paths()]
    assert ["scorn" in text for text in texts] == [True, False]  # a word only the first sample uses
    window.load_samples()
    window.show_library_action.trigger()
    qtbot.waitUntil(window.search_box.isVisible)
    qtbot.keyClicks(window.search_box, "scorn")
    assert window.library_view.article_count == 2  # debounced: nothing happens per keystroke
    qtbot.waitUntil(lambda: window.library_view.article_count == 1, timeout=2000)
    model = window.library_view.model
    only = window.library_view._library.article(model.article_id(0))
    assert "poured scorn" in only["body"]
    assert window.count_label.text() == "1 article matches “scorn”"
    window.search_box.clear()
    qtbot.waitUntil(lambda: window.library_view.article_count == 2, timeout=2000)


def test_a_search_is_ranked_on_the_reader_thread_and_says_it_is_searching(qtbot, make_window, threaded_tasks,
                                                                          library):
    add_numbered_articles(library, 40)
    window = make_window(threaded_tasks)
    window.show_library_action.trigger()
    shown = []
    window.library_view.model.search_ranked.connect(
        lambda: shown.append((window.count_label.text(), window.library_view.article_count)))
    window.search_box.setText("article 3")
    window.search_box.returnPressed.emit()
    # Asked, not answered: the ranking runs on the reader thread, the window keeps answering.
    assert window.library_view.searching
    assert window.count_label.text() == "Searching for “article 3”…"
    assert window.library_view._list_note.text() == "Searching for “article 3”…"
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    matches = len(library.article_ids(ArticleQuery(search="article 3")))
    assert shown == [(f"{matches} articles match “article 3”", matches)]
    assert window.library_view.table.isVisible()


def test_the_open_suggestions_are_counted_on_the_reader_thread(qtbot, make_window, threaded_tasks, library,
                                                               monkeypatch):
    import threading

    import curator.ui.main_window as main_window

    first, second, third = add_numbered_articles(library, 3)
    add_pairs(library, [(first, second), (first, third)])
    counted_on = []

    def count_open_pairs(reader):
        counted_on.append(threading.current_thread() is threading.main_thread())
        return real_count(reader)

    real_count = main_window.count_open_pairs
    monkeypatch.setattr(main_window, "count_open_pairs", count_open_pairs)
    window = make_window(threaded_tasks)
    # Shown when the count comes: the window never waits for a count of the whole queue.
    qtbot.waitUntil(lambda: window.show_duplicates_action.text() == "Duplicates (2)", timeout=5000)
    assert window.suggestions_label.text() == '·  <a href="review">2 duplicate suggestions</a> to review'
    window.show_view(window.duplicates_view)
    qtbot.waitUntil(lambda: window.count_label.text() == "2 pairs to review", timeout=5000)
    assert counted_on and not any(counted_on)


def test_a_failed_count_is_reported_and_the_next_change_counts_again(make_window, sync_tasks, library, monkeypatch):
    import curator.ui.main_window as main_window

    first, second, third = add_numbered_articles(library, 3)
    add_pairs(library, [(first, second)])
    window = make_window(sync_tasks)
    reported = []
    monkeypatch.setattr(main_window, "raise_on_ui_thread", reported.append)
    real_count = main_window.count_open_pairs
    monkeypatch.setattr(main_window, "count_open_pairs", lambda reader: 1 / 0)
    window._update_status()
    assert [type(error) for error in reported] == [ZeroDivisionError]
    monkeypatch.setattr(main_window, "count_open_pairs", real_count)
    add_pairs(library, [(first, third)])
    window._update_status()
    assert window.show_duplicates_action.text() == "Duplicates (2)"


def test_the_current_pair_is_compared_on_the_reader_thread_and_a_late_comparison_is_dropped(
        qtbot, make_window, threaded_tasks, library, monkeypatch):
    import threading

    import curator.ui.widgets.duplicates_view as duplicates_view

    first, second, third = add_numbered_articles(library, 3)
    add_pairs(library, [(first, second), (first, third)])
    compared_on = []

    def compare_articles(reader, a, b):
        compared_on.append(threading.current_thread() is threading.main_thread())
        return real_compare(reader, a, b)

    real_compare = duplicates_view.compare_articles
    monkeypatch.setattr(duplicates_view, "compare_articles", compare_articles)
    window = make_window(threaded_tasks)
    view = window.duplicates_view
    shown = []
    real_show = view.comparison.show_comparison
    monkeypatch.setattr(view.comparison, "show_comparison",
                        lambda comparison: (shown.append((comparison.a.id, comparison.b.id)), real_show(comparison)))
    window.show_view(view)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    first_pair = (view.current_pair()["a"], view.current_pair()["b"])
    assert shown == [first_pair]
    view.select_row(1)
    view._show_current_comparison()  # the second pair is asked for...
    view.select_row(0)
    view._show_current_comparison()  # ...and the first again before that answer came
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=5000)
    qtbot.wait(400)  # time for the late answer, and the navigation's own delayed comparison, to be shown
    assert shown == [first_pair, first_pair] and view.comparison.showing_comparison
    assert len(compared_on) == 3 and not any(compared_on)


def test_a_search_without_matches_says_so(qtbot, window):
    window.load_samples()
    window.show_library_action.trigger()
    window.search_box.setText("zeppelin")
    window.search_box.returnPressed.emit()  # Enter searches at once
    assert window.library_view.article_count == 0
    assert window.library_view._list_note.isVisible()
    assert "zeppelin" in window.library_view._list_note.text()
    assert not window.library_view.article_view.showing_article


def test_show_merged_lists_merged_away_articles(window, library):
    first, _, merged = add_numbered_articles(library, 3)
    merge_into(library, first, [merged])
    window.library_view.refresh()
    window._show_page()
    assert window.library_view.article_count == 2
    window.show_merged_box.setChecked(True)
    assert window.library_view.article_count == 3


def test_an_import_refreshes_the_table_and_keeps_the_selection(qtbot, window, tmp_path):
    window.load_samples()
    window.library_view.select_row(1)
    selected = window.library_view.selected_article_id()
    window.import_paths([write_article(tmp_path / "new", "a.txt", "A new story", "Something happened today.")])
    assert window.library_view.article_count == 3
    assert window.library_view.selected_article_id() == selected
    assert window.library_view.article_view.article_id == selected
    box = window.findChild(QMessageBox, "importSummary")
    assert box.text() == "Imported 1 article."


def test_import_files_remembers_the_folder_it_came_from(qtbot, window, tmp_path, monkeypatch):
    path = write_article(tmp_path / "picked", "story.txt", "Picked story", "Text of the picked story.")
    asked = {}

    def fake_dialog(parent, caption, folder, filters):
        asked.update(caption=caption, folder=folder, filters=filters)
        return [str(path)], ""

    monkeypatch.setattr(file_dialogs, "get_open_file_names", fake_dialog)
    window.import_files_action.trigger()
    assert window.library_view.article_count == 1
    assert "*.txt" in asked["filters"] and "*.zip" in asked["filters"]
    assert QSettings().value(LAST_IMPORT_FOLDER_KEY) == str(tmp_path / "picked")
    window.import_files_action.trigger()
    assert asked["folder"] == str(tmp_path / "picked")


def test_dropping_a_folder_imports_it(qtbot, window, tmp_path):
    folder = tmp_path / "dropped"
    write_article(folder, "one.txt", "First dropped", "The first dropped story.")
    write_article(folder, "two.txt", "Second dropped", "The second dropped story.")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    assert window.library_view.article_count == 2
    assert window.library_view.article_view.showing_article  # first import: first article selected


def test_a_large_import_in_the_window_keeps_the_lists_sort_indexes(qtbot, window, tmp_path, monkeypatch):
    # The window reads its list again while an import runs; sorted by a column, without these
    # indexes every page would be a sort of the whole library on the window's thread.
    from curator.core.ingest import importing

    monkeypatch.setattr(importing, "PARALLEL_MIN_FILES", 1)  # "large": parsed in worker processes
    dropped = []
    monkeypatch.setattr(importing, "drop_list_indexes", lambda db: dropped.append(db))
    folder = tmp_path / "dropped"
    for index in range(6):
        write_article(folder, f"{index}.txt", f"Story {index}", f"The text of story number {index}.")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    for event in (QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                  Qt.KeyboardModifier.NoModifier),
                  QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                             Qt.KeyboardModifier.NoModifier)):
        QApplication.sendEvent(window, event)
    assert window.library_view.article_count == 6 and dropped == []


def test_geometry_and_splitter_are_saved_on_close_and_restored(qtbot, make_window, sync_tasks):
    window = make_window(sync_tasks)
    window.resize(790, 560)  # inside the offscreen screen, which restoreGeometry clamps to
    window.library_view.setSizes([450, 300])
    window.close()
    settings = QSettings()
    assert settings.value(GEOMETRY_KEY) is not None
    assert settings.value(SPLITTER_KEY) is not None
    reopened = make_window(sync_tasks)
    assert reopened.size() == QSize(790, 560)


def test_about_names_the_version_and_the_library(window, library):
    box = window.help.show_about()
    assert curator.__version__ in box.text()
    assert str(library.path) in box.text()
    box.close()


def test_every_page_fits_an_800_pixel_screen_with_the_entities_panel_open(qtbot, window):
    """A hidden page never holds the window wide, the review buttons stack rather than widen it, and the
    Entities panel fits beside any page."""
    qtbot.mouseClick(window.welcome.load_samples_button, Qt.MouseButton.LeftButton)
    link_versions(window._library, 1, 2)  # a story, so its page shows versions, buttons and a comparison
    window.entities.dock.show()
    window.resize(800, 600)
    for view in (window.library_view, window.duplicates_view, window.stories_view):
        window.show_view(view)
        QApplication.processEvents()
        if view is window.stories_view:
            view.select_versions([1])
            QApplication.processEvents()
        assert window.minimumSizeHint().width() <= 800, type(view).__name__
        assert window.width() <= 800
    window.show_view(window.duplicates_view)
    QApplication.processEvents()
    assert window.duplicates_view.decision_bar.rows == 3  # too narrow for one row beside the panel
    assert window.duplicates_view.table.width() >= 150  # the queue keeps its titles readable
    window.entities.dock.hide()
    window.resize(1280, 800)
    QApplication.processEvents()
    assert window.duplicates_view.decision_bar.rows == 1


def test_a_window_or_dialog_is_no_larger_than_the_screen_it_opens_on():
    free = QRect(0, 0, 800, 600)
    assert fitted_size(QSize(980, 680), free, QSize(300, 200)) == QSize(760, 560)  # the merge dialog, on 800x600
    assert fitted_size(QSize(520, 640), free, QSize(300, 200)) == QSize(520, 560)  # the shortcut sheet
    assert fitted_size(QSize(400, 300), free, QSize(300, 200)) == QSize(400, 300)  # room enough: as wanted
    assert fitted_size(QSize(400, 300), QRect(0, 0, 200, 200), QSize(300, 200)) == QSize(300, 200)  # what it needs


def test_a_panel_turned_on_comes_to_the_front_of_the_panels_docked_as_tabs(qtbot, window):
    from PySide6.QtWidgets import QTabBar

    def front() -> str:
        bar = next(bar for bar in window.findChildren(QTabBar) if bar.count() == 2 and bar.isVisible())
        return bar.tabText(bar.currentIndex())

    qtbot.mouseClick(window.welcome.load_samples_button, Qt.MouseButton.LeftButton)
    window.show()
    window.history_dock.toggleViewAction().trigger()
    window.entities.dock.toggleViewAction().trigger()
    qtbot.waitUntil(lambda: front() == "Entities")
    window.history_dock.toggleViewAction().trigger()  # off
    window.history_dock.toggleViewAction().trigger()  # on again: in front, not behind Entities
    qtbot.waitUntil(lambda: front() == "History")


def test_a_status_message_has_the_bar_to_itself_and_the_counts_come_back_after_it(qtbot, library, make_window,
                                                                                   sync_tasks):
    from PySide6.QtWidgets import QLabel

    window = make_window(sync_tasks)
    path = window.findChild(QLabel, "libraryPath")
    bar = window.statusBar()
    bar.showMessage("Suggested 12 names: accept or reject them in the Entities panel")
    assert not (window.count_label.isVisible() or path.isVisible())  # the whole width for the message
    bar.clearMessage()
    assert window.count_label.isVisible() and path.isVisible()
