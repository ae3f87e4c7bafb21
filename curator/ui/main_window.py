"""The main window: its actions, the welcome panel or the library, and the status bar.

It assembles widgets and routes user actions to ``ops``; the widgets do the
showing and ``ops`` does the work. ``MainMenus`` lays the actions out in menus and the toolbar.
Importing, the review of duplicate pairs and the history (undo, redo, its panel) come from the
``WindowImports``, ``WindowReview`` and ``WindowHistory`` mixins.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QResizeEvent,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QStyle,
    QWidget,
)

from curator.core.dedupe import count_open_pairs
from curator.core.library import (
    ArticleQuery,
    Changes,
    Library,
)
from curator.ui import ops, read_only
from curator.ui.article_commands import ArticleCommands
from curator.ui.assets import app_icon
from curator.ui.confirmations import confirmed
from curator.ui.context_menus import ContextMenus
from curator.ui.dialogs.export_dialog import open_export_dialog
from curator.ui.dialogs.preferences_dialog import PreferencesDialog
from curator.ui.entity_commands import EntityCommands
from curator.ui.help_commands import HelpCommands
from curator.ui.library_files import LibraryFiles
from curator.ui.library_watch import LibraryWatch
from curator.ui.main_menus import MainMenus
from curator.ui.scan_results import ScanResults
from curator.ui.screen_room import resize_for_screen
from curator.ui.tasks import Task, TaskRunner, raise_on_ui_thread
from curator.ui.view_state import restore_view_state, save_view_state
from curator.ui.widgets.duplicates_view import DuplicatesView
from curator.ui.widgets.library_view import LibraryView
from curator.ui.widgets.page_stack import PageStack
from curator.ui.widgets.stories_view import StoriesView
from curator.ui.widgets.welcome import WelcomePanel
from curator.ui.window_history import WindowHistory, redo_keys
from curator.ui.window_imports import WindowImports
from curator.ui.window_review import WindowReview

SEARCH_DELAY_MS = 250
DEFAULT_SIZE = QSize(1200, 760)
# The library's list narrower than this after a panel opened beside it: the list and the reading pane
# share the room again.
LIST_LEAST_WIDTH = 320
# The most of the window's width a side panel opens at.
MAX_PANEL_SHARE = 0.36

GEOMETRY_KEY = "window/geometry"
SPLITTER_KEY = "window/splitter"
REVIEW_SPLITTER_KEY = "window/review_splitter"


class MainWindow(WindowImports, WindowReview, WindowHistory, QMainWindow):
    """One open library. ``tasks`` runs every write (a ``TaskManager``, or a synchronous one in tests).

    Changes run one at a time (``run_change``); when one is done, each view re-reads what its
    ``Changes`` say it changed.
    """

    # Another library was chosen (File → New, Open, Open Recent): the application opens it in a new window.
    open_library_requested = Signal(Path)

    def __init__(self, library: Library, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._library = library
        self._tasks = tasks
        self.library_files = LibraryFiles(self, library, tasks)
        self.library_files.open_requested.connect(self.open_library_requested)
        self.scan_results = ScanResults(self, tasks)
        self.scan_results.open_requested.connect(self.open_library_requested)
        self._import_task: Task | None = None
        self.setObjectName("mainWindow")
        self.setWindowTitle(f"Curator — {library.name}")
        if library.path is not None:
            self.setWindowFilePath(str(library.path))
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)

        self.welcome = WelcomePanel()
        self.library_view = LibraryView(library, tasks)
        self.duplicates_view = DuplicatesView(library, tasks)
        self._pages = PageStack()
        self._pages.addWidget(self.welcome)
        self._pages.addWidget(self.library_view)
        self._pages.addWidget(self.duplicates_view)
        self.stories_view = StoriesView(tasks, self._run_confirmed_change)
        self._pages.addWidget(self.stories_view)
        self.setCentralWidget(self._pages)
        self._change_running = False
        self._status_deferred = False  # while several views re-read, the status bar counts once, at the end
        # The open suggestions, as last counted on the reader thread; whether a count is under way, and
        # whether another was asked for meanwhile (the changes since may have moved it).
        self._suggestions = 0
        self._counting = self._count_again = False

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_query)

        self._create_actions()
        self._create_review_actions()
        self.entities = EntityCommands(self, library, tasks, self.library_view, self)
        self.help = HelpCommands(self, library)
        self.articles = ArticleCommands(self, library, tasks, self.library_view, self)
        self.watch = LibraryWatch(self, library, tasks, lambda: self._change_running or self.import_running)
        self.menus = MainMenus(self)
        self.context_menus = ContextMenus(self, tasks, self._run_confirmed_change)
        # The filter sits in the toolbar, but the article query is read from it here.
        self.search_box = self.menus.search_box
        self.show_merged_box = self.menus.show_merged_box
        self.search_box.textChanged.connect(self._schedule_search)
        self.search_box.returnPressed.connect(self._apply_query)
        self.show_merged_box.toggled.connect(self._apply_query)
        self._create_status_bar()
        read_only.mark_read_only(self, library)
        self._create_history_dock()
        self._place_entities_dock()
        self.welcome.import_files_requested.connect(self.choose_files_to_import)
        self.welcome.import_folder_requested.connect(self.choose_folder_to_import)
        self.welcome.load_samples_requested.connect(self.load_samples)
        self.library_view.articles_changed.connect(self._update_status)
        self.library_view.article_view.provenance.unmerge_requested.connect(self.unmerge)
        self.stories_view.article_requested.connect(self._open_article)
        self.entities.articles_listed.connect(lambda: self.show_view(self.library_view))
        self.articles.trash_shown.connect(lambda _shown: self.show_view(self.library_view))
        # The Library button (Ctrl+1) leads back to the library from its trash too, as the trash's banner does.
        self.show_library_action.triggered.connect(lambda _checked=False: self.articles.show_trash(False))
        self.library_view.trash_banner.clear_requested.connect(lambda: self.articles.show_trash(False))
        self.watch.changed_elsewhere.connect(self.refresh_views)
        self.watch.checked.connect(lambda _changes: self.refresh_views())
        self.entities.types_changed.connect(self.library_view.redraw_article)
        self.duplicates_view.queue_changed.connect(self._update_status)
        self.duplicates_view.pair_changed.connect(self.update_review_actions)
        # Three groups, so that stacked in a narrow pane no row is wider than the queue leaves it.
        self.duplicates_view.add_decision_actions([
            [self.merge_action, self.same_story_action],
            [self.not_duplicate_action, self.skip_action, self.unskip_action],
            [self.previous_pair_action, self.next_pair_action],
        ])

        self._restore_settings()
        self._show_page()
        restore_view_state(self)
        self._update_status()
        self._update_history()

    # Construction ----------------------------------------------------------

    def _create_actions(self) -> None:
        style = self.style()
        file_icon = style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        self.import_files_action = QAction(file_icon, "Import Files…", self)
        self.import_files_action.setShortcut(QKeySequence.StandardKey.Open)
        self.import_files_action.setStatusTip("Import article files or zip archives")
        self.import_files_action.triggered.connect(self.choose_files_to_import)

        folder_icon = style.standardIcon(QStyle.StandardPixmap.SP_DirIcon)
        self.import_folder_action = QAction(folder_icon, "Import Folder…", self)
        self.import_folder_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.import_folder_action.setStatusTip("Import every supported file in a folder and its subfolders")
        self.import_folder_action.triggered.connect(self.choose_folder_to_import)

        self.load_samples_action = QAction("Load Sample Articles", self)
        self.load_samples_action.setStatusTip("Import two outlets' versions of one story, to try Curator out")
        self.load_samples_action.triggered.connect(self.load_samples)

        self.quit_action = QAction("Quit", self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)

        self.find_action = QAction("Find", self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self._focus_search)

        self.preferences_action = QAction("Preferences…", self)
        self.preferences_action.setShortcut(QKeySequence("Ctrl+,"))
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.preferences_action.triggered.connect(self.show_preferences)

        self.export_action = QAction("Export…", self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.setStatusTip("Write the articles, their mentions or the entities to JSONL, CSV or span files")
        self.export_action.triggered.connect(self.export)

        self.undo_action = QAction("Undo", self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(self.undo)
        self.redo_action = QAction("Redo", self)
        self.redo_action.setShortcuts(redo_keys())
        self.redo_action.triggered.connect(self.redo)

        self.show_library_action = QAction("Library", self)
        self.show_library_action.setShortcut(QKeySequence("Ctrl+1"))
        self.show_library_action.setStatusTip("Browse and search the articles")
        self.show_duplicates_action = QAction("Duplicates", self)
        self.show_duplicates_action.setShortcut(QKeySequence("Ctrl+2"))
        self.show_duplicates_action.setStatusTip("Review suggested duplicate pairs")
        self.show_stories_action = QAction("Stories", self)
        self.show_stories_action.setShortcut(QKeySequence("Ctrl+3"))
        self.show_stories_action.setStatusTip("Every story, its versions on a timeline")
        self._page_group = QActionGroup(self)
        self._page_actions = {self.library_view: self.show_library_action,
                              self.duplicates_view: self.show_duplicates_action,
                              self.stories_view: self.show_stories_action}
        for page, action in self._page_actions.items():
            action.setCheckable(True)
            self._page_group.addAction(action)
            action.triggered.connect(lambda _checked=False, page=page: self.show_view(page))
        self.show_library_action.setChecked(True)

    def _create_status_bar(self) -> None:
        self.count_label = QLabel()
        self.count_label.setObjectName("articleCount")
        path_label = QLabel(str(self._library.path or self._library.name))
        path_label.setObjectName("libraryPath")
        path_label.setToolTip("The library file")
        path_label.setEnabled(False)  # drawn muted: context, not content
        self.suggestions_label = QLabel()
        self.suggestions_label.setObjectName("suggestionCount")
        self.suggestions_label.setTextFormat(Qt.TextFormat.RichText)
        self.suggestions_label.linkActivated.connect(lambda _link: self.show_view(self.duplicates_view))
        self.statusBar().addWidget(self.count_label)
        self.statusBar().addWidget(self.suggestions_label, 1)
        self.statusBar().addPermanentWidget(path_label)
        # A message has the bar to itself, the path too making way, so a long one is read whole: the bar's
        # own hiding of its labels under a message did not hold, and the two were drawn over each other.
        self._status_labels = (self.count_label, self.suggestions_label, path_label)
        self.statusBar().messageChanged.connect(self._make_way_for_message)

    def _make_way_for_message(self, message: str) -> None:
        for label in self._status_labels:
            label.setVisible(not message)

    def _place_entities_dock(self) -> None:
        dock = self.entities.dock
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.tabifyDockWidget(self.history_dock, dock)
        dock.hide()
        self.menus.view_menu.addAction(dock.toggleViewAction())
        for panel in (dock, self.history_dock):
            panel.visibilityChanged.connect(lambda _visible: QTimer.singleShot(0, self._keep_the_list_readable))
            # The panels share a place as tabs: one just turned on comes to the front.
            panel.toggleViewAction().triggered.connect(lambda shown, panel=panel: panel.raise_() if shown else None)

    def _keep_the_list_readable(self) -> None:
        """After a panel opens beside the pages: the library's list takes all of a narrower window (the
        reading pane keeps its width); squeezed past reading, it and the pane share the room again. In
        a small window the panel takes no more than its share, the pages being what is read."""
        panels = [panel for panel in (self.entities.dock, self.history_dock) if panel.isVisible()]
        most = int(self.width() * MAX_PANEL_SHARE)
        if panels and max(panel.width() for panel in panels) > most:
            self.resizeDocks(panels, [most] * len(panels), Qt.Orientation.Horizontal)
            QTimer.singleShot(0, self._share_the_library_width)  # once the panel's new width is laid out
        else:
            self._share_the_library_width()

    def _share_the_library_width(self) -> None:
        if self.library_view.table.width() < LIST_LEAST_WIDTH:
            self.library_view.split_for_width(self.library_view.width())

    # Pages and status ------------------------------------------------------

    @property
    def showing_welcome(self) -> bool:
        return self._pages.currentWidget() is self.welcome

    def _library_is_empty(self) -> bool:
        return self._library.count_articles(ArticleQuery(include_merged=True)) == 0

    @property
    def library_path(self) -> Path | None:
        return self._library.path

    @property
    def chosen_page(self) -> QWidget:
        """The page chosen in the View menu (the welcome panel stands in for it while the library is empty)."""
        return next(page for page, action in self._page_actions.items() if action.isChecked())

    @property
    def showing_duplicates(self) -> bool:
        return self._pages.currentWidget() is self.duplicates_view

    def show_view(self, page: QWidget) -> None:
        """Switch between the library, the duplicates review and the stories (the welcome panel shows while empty)."""
        self._page_actions.get(page, self.show_library_action).setChecked(True)
        self._show_page()
        if page is self.stories_view:
            self.stories_view.refresh()
        self._update_status()
        if self.showing_duplicates:
            self.duplicates_view.table.setFocus(Qt.FocusReason.OtherFocusReason)

    @contextmanager
    def _one_status_update(self) -> Iterator[None]:
        """Each view a refresh re-reads asks for the status bar's counts (a count of the whole queue, on this
        thread); while several are re-read, count once, at the end."""
        self._status_deferred = True
        try:
            yield
        finally:
            self._status_deferred = False
            self._update_status()

    def _show_page(self) -> None:
        empty = self._library_is_empty()
        chosen = self.chosen_page
        self._pages.setCurrentWidget(self.welcome if empty else chosen)
        self.menus.show_for(empty=empty, library_shown=chosen is self.library_view)
        self.find_action.setEnabled(not empty and chosen is self.library_view)
        self.articles.set_list_shown(not empty and chosen is self.library_view)
        self.update_review_actions()

    def _update_status(self) -> None:
        """Show the counts in the status bar, and count the open suggestions again on the reader
        thread (a count of the whole queue takes tens of ms at 100k articles); they show when it comes."""
        if self._status_deferred:
            return  # a refresh of several views is under way: the counts are read once, when it ends
        self._show_status()
        if self._counting:
            self._count_again = True
        elif not self.showing_welcome:
            self._counting = True
            self._tasks.read(count_open_pairs, self._suggestions_counted, self._count_failed)

    def _suggestions_counted(self, suggestions: int) -> None:
        self._suggestions = suggestions
        self._counting = False
        if self._count_again:
            self._count_again = False
            self._update_status()
        else:
            self._show_status()

    def _count_failed(self, error: BaseException) -> None:
        """A count that failed (a damaged file, say) is reported; the next change counts again."""
        self._counting = self._count_again = False
        raise_on_ui_thread(error)

    def _show_status(self) -> None:
        if self.showing_welcome:
            self.count_label.setText("No articles yet")
            self.suggestions_label.setText("")
            return
        count = self.library_view.article_count
        text = f"{count:,} article{'' if count == 1 else 's'}"
        search = self.library_view.model.query.search.strip()
        if search:
            text += f" match{'es' if count == 1 else ''} “{search}”"
        if self.library_view.model.query.entity_id is not None:
            text += f" mentioning {self.library_view.entity_name}"
        if self.articles.showing_trash:
            text += " in the trash"
        self.count_label.setText(f"Searching for “{search}”…" if self.library_view.searching else text)
        suggestions = self._suggestions
        self.show_duplicates_action.setText(f"Duplicates ({suggestions:,})" if suggestions else "Duplicates")
        if self.showing_duplicates:
            pairs = self.duplicates_view.pair_count
            if self.duplicates_view.showing_skipped:
                self.count_label.setText(f"{pairs:,} skipped pair{'' if pairs == 1 else 's'} ({suggestions:,} open)")
            else:
                shown = f"{pairs:,} pair{'' if pairs == 1 else 's'} to review"
                self.count_label.setText(shown if pairs == suggestions else f"{shown} ({suggestions:,} in all)")
        self.suggestions_label.setText(
            f"·  <a href=\"review\">{suggestions:,} duplicate suggestion{'' if suggestions == 1 else 's'}</a> to review"
            if suggestions and not self.showing_duplicates else ""
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() < event.oldSize().width():
            # A panel keeps its width as the window narrows, and the pages would give up all the rest.
            QTimer.singleShot(0, self._keep_the_list_readable)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            # A label's link is coloured as its text is set: set again, in the new theme's link colour.
            link = self.suggestions_label.text()
            self.suggestions_label.clear()
            self.suggestions_label.setText(link)

    def _schedule_search(self) -> None:
        """Search once typing pauses, not on every keystroke."""
        self._search_timer.start()

    def _apply_query(self) -> None:
        self._search_timer.stop()
        query = replace(self.library_view.model.query, search=self.search_box.text().strip(),
                        include_merged=self.show_merged_box.isChecked())
        if query != self.library_view.model.query:
            self.library_view.set_query(query)

    def _focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    # Refreshing and exporting ----------------------------------------------

    def refresh_views(self) -> None:
        """Re-read everything shown, keeping the selection (after an import, a check, or a change made elsewhere);
        what a cancelled import kept is then checked in the background."""
        with self._one_status_update():
            self.library_view.refresh()
            self.library_view.redraw_article()
            self.duplicates_view.refresh()
            if self._pages.currentWidget() is self.stories_view:
                self.stories_view.refresh()
            self._update_history()
            self._show_page()
        self.watch.acknowledge()

    def export(self):
        """File → Export…: for all articles, the search result, or the selected article."""
        selected = self.library_view.selected_article_id() if self._pages.currentWidget() is self.library_view else None
        return open_export_dialog(self, self._tasks, self._library.path, [selected] if selected is not None else [],
                                  self.library_view.model.query.search.strip())

    # Changes, undo and redo ------------------------------------------------

    @property
    def change_running(self) -> bool:
        return self._change_running

    def run_change(self, start: ops.StartChange) -> None:
        """Start one change at a time (keys pressed meanwhile are ignored); every view follows when done."""
        if self._change_running:
            self.statusBar().showMessage("The last change is still being saved; try again in a moment.", 4000)
            return
        if read_only.refused(self, self._library, "Change"):
            return
        self._change_running = True
        self.update_review_actions()
        start(self.stories_view.noting_place(self._after_change), self._change_failed)

    def _run_confirmed_change(self, start: ops.StartChange) -> None:
        """``run_change``, the status bar saying what was done, in the journal's words, and how to undo it."""
        self.run_change(lambda done, failed: start(confirmed(self, done, self._history_words), failed))

    def _change_failed(self) -> None:
        self._change_running = False
        self.update_review_actions()
        self._update_history()
        self.articles.update_actions()

    def _after_change(self, changes: Changes) -> None:
        """Each view re-reads what the change touched; the counts and the history are always cheap to redo."""
        self._change_running = False
        with self._one_status_update():
            self.library_view.show_changes(changes)
            if changes.pairs:
                self.duplicates_view.refresh()
            self.entities.show_changes(changes)
            stories_changed = changes.pairs or changes.articles or changes.stories
            if stories_changed and self._pages.currentWidget() is self.stories_view:
                self.stories_view.refresh()
            self._show_page()
        self._update_history()
        self.articles.update_actions()
        self.watch.acknowledge()

    def _open_article(self, article_id: int) -> None:
        self.show_view(self.library_view)
        self.library_view.open_article(article_id)

    # Preferences -----------------------------------------------------------

    def show_preferences(self) -> PreferencesDialog:
        dialog = PreferencesDialog(self, self._tasks, self._library)
        dialog.applied.connect(self._after_change)
        dialog.open()
        return dialog

    # Settings --------------------------------------------------------------

    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value(GEOMETRY_KEY)
        # A kept geometry is fitted to the screen by Qt; the default size, here.
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.resize(DEFAULT_SIZE)
            self._fit_to_screen()
        splitter = settings.value(SPLITTER_KEY)
        if not (isinstance(splitter, QByteArray) and self.library_view.restoreState(splitter)):
            self.library_view.split_for_width(self.width())
        review = settings.value(REVIEW_SPLITTER_KEY)
        if not (isinstance(review, QByteArray) and self.duplicates_view.splitter.restoreState(review)):
            self.duplicates_view.split_for_width(self.width())

    def _fit_to_screen(self) -> None:
        """No larger than the screen's free area (a screen smaller than the default size), so every button
        and the status bar can be seen and reached."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None or self.isMaximized() or self.isFullScreen():
            return
        if resize_for_screen(self, self.size()):
            self.move(screen.availableGeometry().topLeft())

    def save_settings(self) -> None:
        save_view_state(self)
        settings = QSettings()
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        settings.setValue(SPLITTER_KEY, self.library_view.saveState())
        settings.setValue(REVIEW_SPLITTER_KEY, self.duplicates_view.splitter.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self._search_timer.stop()  # a search typed just before closing must not read a closed library
        self.watch.stop()
        # What a cancelled import already read is kept; the worker stops at the next file.
        self._tasks.cancel_all()
        super().closeEvent(event)
