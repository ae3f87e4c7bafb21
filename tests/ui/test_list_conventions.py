"""The article list as desktop libraries have it: sortable columns, a context menu, search words marked
in the reader, and the window reopening where it was left."""

from pathlib import Path

from PySide6.QtCore import QObject, QPoint, Qt, QUrl, Slot
from PySide6.QtGui import QContextMenuEvent, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QTableView

from curator.core.library import ArticleSort, Library, named_articles
from curator.ui.dialogs.merge_dialog import MergeDialog
from curator.ui.main_window import MainWindow
from curator.ui.models.article_table import DATE, DATELINE, LENGTH, TITLE
from curator.ui.tasks import SynchronousTaskManager
from tests.factories import add_articles

ROWS = [
    {"title": "beta rising", "body": "Short text about Minsk.", "published": "2024-03-01", "outlet": "Zeta",
     "url": "https://example.com/beta"},
    {"title": "Alpha falls", "body": "A much longer text about Lavrov meeting officials in MINSK.",
     "published": "2024-01-01", "outlet": "alpha"},
    {"title": "gamma holds", "body": "Mid-length text on the talks.", "published": "2024-02-01", "outlet": "Beta"},
]


def click_header(qtbot, table: QTableView, column: int) -> None:
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def titles(window) -> list[str]:
    model = window.library_view.model
    return [model.summary(row)["title"] for row in range(model.rowCount())]


def indicator(window) -> tuple[int, Qt.SortOrder]:
    header = window.library_view.table.horizontalHeader()
    return header.sortIndicatorSection(), header.sortIndicatorOrder()


def right_click(qtbot, table: QTableView, row: int) -> None:
    """A right click on a row: the press selects it (or keeps the selection it is in), then the menu is asked for."""
    position = table.visualRect(table.model().index(row, 0)).center()
    qtbot.mousePress(table.viewport(), Qt.MouseButton.RightButton, pos=position)
    qtbot.mouseRelease(table.viewport(), Qt.MouseButton.RightButton, pos=position)
    QApplication.sendEvent(table.viewport(), QContextMenuEvent(QContextMenuEvent.Reason.Mouse, position,
                                                               table.viewport().mapToGlobal(position)))


def test_clicking_a_header_sorts_up_then_down_then_back_and_a_refresh_keeps_it(qtbot, make_window, sync_tasks,
                                                                                library):
    add_articles(library, ROWS)
    window = make_window(sync_tasks)
    table = window.library_view.table
    assert titles(window) == ["beta rising", "Alpha falls", "gamma holds"] and indicator(window)[0] == -1

    click_header(qtbot, table, TITLE)
    assert titles(window) == ["Alpha falls", "beta rising", "gamma holds"]
    assert indicator(window) == (TITLE, Qt.SortOrder.AscendingOrder)
    click_header(qtbot, table, TITLE)
    assert titles(window) == ["gamma holds", "beta rising", "Alpha falls"]
    assert indicator(window) == (TITLE, Qt.SortOrder.DescendingOrder)
    click_header(qtbot, table, TITLE)
    assert titles(window) == ["beta rising", "Alpha falls", "gamma holds"] and indicator(window)[0] == -1

    click_header(qtbot, table, LENGTH)
    assert titles(window) == ["beta rising", "gamma holds", "Alpha falls"]
    # A column the library cannot sort by leaves the order and the indicator as they were.
    click_header(qtbot, table, DATELINE)
    assert indicator(window) == (LENGTH, Qt.SortOrder.AscendingOrder)
    window.library_view.select_row(2)
    window.refresh_views()
    assert titles(window) == ["beta rising", "gamma holds", "Alpha falls"]
    assert window.library_view.selected_article_id() == 2
    # Sorting keeps the open article open, in its new row.
    click_header(qtbot, table, DATE)
    assert titles(window) == ["Alpha falls", "gamma holds", "beta rising"]
    assert window.library_view.table.currentIndex().row() == 0
    assert window.library_view.article_view.title_text() == "Alpha falls"
    # Sorted far down a long list, where its row is not looked for, it stays open with no row selected.
    window.library_view.model.row_of = lambda *_args, **_kwargs: None
    click_header(qtbot, table, DATE)
    assert window.library_view.article_view.title_text() == "Alpha falls"
    assert window.library_view.selected_article_ids() == []


class OpenedUrls(QObject):
    """Stands in for the desktop's file handler, through Qt's own hook for it."""

    def __init__(self):
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_the_list_context_menu_opens_and_copies_and_merges_the_selected_articles(qtbot, window, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name, title in (("one.txt", "The dam holds"), ("two.txt", "The dam holds for now")):
        (folder / name).write_text(f"{title}\n\nWater rose behind the dam all night.\n", encoding="utf-8")
    window.import_paths([folder], summarize_success=False)
    view = window.library_view
    view.select_row(0)
    right_click(qtbot, view.table, 0)
    menu = window.context_menus.library_menu
    qtbot.waitUntil(menu.isVisible)
    entries = [action.text() for action in menu.actions() if not action.isSeparator()]
    assert entries == ["Open Source File", "Show in Folder", "Copy Title", "Copy URL", "Edit Article…",
                       "Merge Selected…", "Add to Story…", "Find Duplicates of This", "Move to Trash",
                       "Restore from Trash"]
    enabled = {action.text() for action in menu.actions() if action.isEnabled() and not action.isSeparator()}
    assert enabled == {"Open Source File", "Show in Folder", "Copy Title", "Edit Article…", "Add to Story…",
                       "Find Duplicates of This", "Move to Trash"}
    opened = OpenedUrls()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton,
                         pos=menu.actionGeometry(window.context_menus.open_source_action).center())
        window.context_menus.show_in_folder_action.trigger()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [Path(url.toLocalFile()) for url in opened.urls] == [folder / "one.txt", folder]

    window.context_menus.copy_title_action.trigger()
    assert QGuiApplication.clipboard().text() == "The dam holds"
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)  # Ctrl+C on the list copies it too
    assert QGuiApplication.clipboard().text() == "The dam holds"

    view.table.selectAll()
    right_click(qtbot, view.table, 1)
    assert window.context_menus.merge_selected_action.isEnabled()
    assert window.context_menus.merge_selected_action.text() == "Merge 2 Articles…"
    window.context_menus.merge_selected_action.trigger()
    dialog = window.findChild(MergeDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.accept()
    assert view.article_count == 1
    assert window.statusBar().currentMessage() == "Merged 2 articles — Ctrl+Z to undo"
    window.undo()
    assert view.article_count == 2
    # What was undone, in the journal's words.
    said = window.statusBar().currentMessage()
    assert said.startswith("Undid: Merged 2 articles into “") and said.endswith(" — Ctrl+Shift+Z to redo")
    window.redo()
    said = window.statusBar().currentMessage()
    assert said.startswith("Redid: Merged 2 articles into “") and said.endswith(" — Ctrl+Z to undo")
    view.select_row(0)
    window.unmerge(view.selected_article_id())
    assert window.statusBar().currentMessage() == (
        f"Unmerged {named_articles(window._library, [1, 2])} — Ctrl+Z to undo")


def test_a_moved_source_file_is_said_to_be_missing(qtbot, window, tmp_path):
    path = tmp_path / "gone.txt"
    path.write_text("Gone\n\nA text that moves away.\n", encoding="utf-8")
    window.import_paths([path], summarize_success=False)
    path.unlink()
    window.library_view.select_row(0)
    window.context_menus.open_source_action.trigger()
    assert window.statusBar().currentMessage() == f"The source file is no longer at {path}"


def test_the_reader_marks_the_words_the_search_found_whatever_their_case(qtbot, make_window, sync_tasks, library):
    add_articles(library, ROWS)
    window = make_window(sync_tasks)
    window.search_box.setText("minsk")
    window.search_box.returnPressed.emit()
    assert window.library_view.article_count == 2
    window.library_view.show_article_row(2)
    assert window.library_view.article_view.search_hits == ["MINSK"]
    window.search_box.setText("alph min")
    window.search_box.returnPressed.emit()
    window.library_view.show_article_row(2)
    assert window.library_view.article_view.search_hits == ["Alpha", "MINSK"]
    window.search_box.clear()
    window.search_box.returnPressed.emit()
    window.library_view.select_row(0)
    assert window.library_view.article_view.search_hits == []


def test_a_reopened_library_shows_the_page_sort_search_and_article_it_was_left_at(qtbot, make_window, sync_tasks,
                                                                                   library, tmp_path):
    add_articles(library, ROWS)
    window = make_window(sync_tasks)
    window.search_box.setText("text")
    window.search_box.returnPressed.emit()
    click_header(qtbot, window.library_view.table, LENGTH)
    click_header(qtbot, window.library_view.table, LENGTH)
    window.library_view.show_article_row(3)
    window.close()

    reopened = make_window(sync_tasks)
    assert reopened.search_box.text() == "text"
    query = reopened.library_view.model.query
    assert (query.search, query.sort, query.descending) == ("text", ArticleSort.LENGTH, True)
    assert indicator(reopened) == (LENGTH, Qt.SortOrder.DescendingOrder)
    assert reopened.library_view.selected_article_id() == 3
    assert reopened.library_view.article_view.title_text() == "gamma holds"
    reopened.close()

    # Another library file remembers apart: it opens as a new window would.
    other = Library.open(tmp_path / "other.db")
    add_articles(other, ROWS)
    tasks = SynchronousTaskManager(other.path)
    fresh = MainWindow(other, tasks)
    qtbot.addWidget(fresh)
    assert fresh.search_box.text() == "" and fresh.library_view.model.query.sort is None
    fresh.close()
    tasks.shutdown()
    other.close()


def test_clearing_the_search_keeps_the_article_it_found_open(make_window, sync_tasks, library):
    add_articles(library, ROWS)
    window = make_window(sync_tasks)
    window.search_box.setText("lavrov")
    window.search_box.returnPressed.emit()
    window.library_view.select_row(0)
    assert window.library_view.article_view.title_text() == "Alpha falls"
    window.search_box.setText("")
    window.search_box.returnPressed.emit()
    assert window.library_view.article_count == 3
    assert window.library_view.article_view.title_text() == "Alpha falls"
    assert window.library_view.selected_article_id() == 2
