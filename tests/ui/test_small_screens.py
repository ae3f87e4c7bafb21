"""A small screen: the window fits it, the search stays in the toolbar and the lists keep their titles readable."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from curator.core.dedupe import scan_duplicates
from curator.core.ingest import import_paths, sample_paths
from curator.ui.main_window import LIST_LEAST_WIDTH, MainWindow
from curator.ui.models.article_table import DATE, DATELINE, TITLE
from curator.ui.widgets.duplicates_view import ARTICLES, ARTICLES_ROOM, DATES, OUTLETS
from curator.ui.widgets.library_view import TITLE_ROOM


def test_a_window_on_a_small_screen_fits_it_and_keeps_titles_readable(qtbot, library, sync_tasks):
    import_paths(library, sample_paths())
    scan_duplicates(library)
    free = QGuiApplication.primaryScreen().availableGeometry()
    assert free.width() < 1000  # the offscreen screen: smaller than the default window
    window = MainWindow(library, sync_tasks)
    qtbot.addWidget(window)
    window.show()
    assert window.width() <= free.width() and window.height() <= free.height()
    qtbot.waitUntil(window.search_box.isVisible)

    table = window.library_view.table
    header = table.horizontalHeader()
    qtbot.waitUntil(lambda: header.sectionSize(TITLE) >= TITLE_ROOM)
    assert header.isSectionHidden(DATELINE)
    window.show_view(window.duplicates_view)
    pairs = window.duplicates_view.table.horizontalHeader()
    qtbot.waitUntil(lambda: pairs.sectionSize(ARTICLES) >= ARTICLES_ROOM)
    assert pairs.isSectionHidden(OUTLETS) and pairs.isSectionHidden(DATES)

    window.resize(1400, 800)  # a large screen's window, its list as wide as it starts there: every column again
    window.duplicates_view.split_for_width(1400)
    qtbot.waitUntil(lambda: not pairs.isSectionHidden(DATES))
    assert not pairs.isSectionHidden(OUTLETS)
    window.show_view(window.library_view)
    qtbot.waitUntil(lambda: not header.isSectionHidden(DATELINE))
    assert not header.isSectionHidden(DATE)


def test_a_panel_opened_beside_the_library_leaves_its_list_readable(qtbot, make_window, sync_tasks, library):
    import_paths(library, sample_paths())
    window = make_window(sync_tasks)
    window.resize(1280, 800)
    window.entities.dock.show()  # the reading pane kept its width: the list alone would give the panel room
    qtbot.waitUntil(lambda: window.library_view.table.width() >= LIST_LEAST_WIDTH)
    assert window.library_view.article_view.width() >= LIST_LEAST_WIDTH


def test_the_trash_and_a_long_undo_leave_a_small_window_its_size(qtbot, library, sync_tasks):
    import_paths(library, sample_paths())
    window = MainWindow(library, sync_tasks)
    qtbot.addWidget(window)
    window.show()
    width = window.width()
    free = QGuiApplication.primaryScreen().availableGeometry().width()
    window.history_dock.show()
    window.library_view.select_row(0)
    window.articles.trash_selected()  # "Undo Move to Trash of “…”" on the panel's button
    window.articles.show_trash(True)  # the trash's banner above the list
    qtbot.wait(50)
    assert window.library_view.trash_banner.isVisible()
    assert window.width() <= max(width, free)
    window.library_view.select_row(0)
    window.articles.restore_selected()  # "Undo Restore from Trash" on the panel's button
    window.articles.show_trash(False)
    qtbot.wait(50)
    assert window.width() <= max(width, free)


def test_on_a_small_screen_the_entities_panel_keeps_its_names_readable(qtbot, library, sync_tasks):
    from curator.core.entities import create_entity
    from curator.ui.widgets.entity_browser import ARTICLES, NAME, NAME_ROOM

    import_paths(library, sample_paths())
    create_entity(library, "Norwegian Offshore Directorate", "ORG")
    window = MainWindow(library, sync_tasks)
    qtbot.addWidget(window)
    window.show()
    window.entities.dock.show()
    window.resizeDocks([window.entities.dock], [290], Qt.Orientation.Horizontal)
    table = window.entities.browser.table
    qtbot.waitUntil(lambda: table.model().rowCount() > 0)
    header = table.horizontalHeader()
    qtbot.waitUntil(lambda: header.isSectionHidden(ARTICLES))
    assert header.sectionSize(NAME) >= NAME_ROOM
    window.resize(1400, 800)  # room again: every count
    window.resizeDocks([window.entities.dock], [600], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: not header.isSectionHidden(ARTICLES))


def window_with_the_entities_panel(qtbot, library, sync_tasks, width: int, height: int) -> MainWindow:
    """A window on the sample articles at this size, its Entities panel opened."""
    import_paths(library, sample_paths())
    window = MainWindow(library, sync_tasks)
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    window.entities.dock.show()
    return window


def test_on_a_small_screen_a_panel_leaves_the_article_list_a_readable_width(qtbot, library, sync_tasks):
    window = window_with_the_entities_panel(qtbot, library, sync_tasks, 800, 600)
    # The entity types' legend above the text wraps: the reading pane gives way as well as the list.
    qtbot.waitUntil(lambda: window.library_view.table.width() >= 150)
    assert window.library_view.article_view.minimumSizeHint().width() < 250
    # The panel opens at no more than its share of a small window.
    qtbot.waitUntil(lambda: window.entities.dock.width() <= 0.4 * window.width())
    qtbot.waitUntil(lambda: window.library_view.article_view.width() >= 200)


def test_a_window_made_smaller_with_a_panel_open_keeps_the_panel_to_its_share(qtbot, library, sync_tasks):
    window = window_with_the_entities_panel(qtbot, library, sync_tasks, 1280, 800)
    qtbot.wait(50)  # opened at its share of the window
    window.resizeDocks([window.entities.dock], [600], Qt.Orientation.Horizontal)  # then widened by hand
    qtbot.waitUntil(lambda: window.entities.dock.width() >= 500)
    window.resize(800, 600)  # then the window is made smaller: the pages are what is read
    qtbot.waitUntil(lambda: window.entities.dock.width() <= 0.4 * window.width())
    qtbot.waitUntil(lambda: window.library_view.table.width() >= 150)
