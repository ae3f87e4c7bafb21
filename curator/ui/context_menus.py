"""Right-click menus on the article list and the review queue.

They are laid out from actions: the window's and its commands' own (Edit, Move to Trash, the review
decisions), so a key and an enabled state live in one place, and the few only these menus offer
(open or show an article's source file, copy its title or URL, merge the selected articles).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu, QTableView

from curator.core.curation import SourceFile
from curator.core.stories import Story, stories_for
from curator.ui import ops
from curator.ui.confirmations import confirm
from curator.ui.tasks import TaskRunner
from curator.ui.widgets.stories_view import NEW_STORY, RunChange, choose_story

if TYPE_CHECKING:
    from curator.ui.main_window import MainWindow


class ContextMenus(QObject):
    """The article list's menu (``library_menu``) and the review queue's (``pair_menu``) for one window."""

    def __init__(self, window: MainWindow, tasks: TaskRunner, run_change: RunChange):
        super().__init__(window)
        self._window = window
        self._tasks = tasks
        self._run_change = run_change  # the window's: one change at a time, its result said in the status bar
        view = window.library_view

        self.open_source_action = self._action("Open Source File", "Open the file the article was imported from",
                                               self.open_source)
        self.show_in_folder_action = self._action("Show in Folder", "Open the folder that holds the source file",
                                                  self.show_in_folder)
        self.copy_title_action = self._action("Copy Title", "Copy the article's title", self.copy_title)
        # Ctrl+C on the list copies the title; in the reading pane it copies the selected text as ever.
        self.copy_title_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        self.copy_title_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        view.table.addAction(self.copy_title_action)
        self.copy_url_action = self._action("Copy URL", "Copy the article's web address", self.copy_url)
        self.merge_selected_action = self._action("Merge Selected…", "Merge the selected articles into one, "
                                                  "choosing field by field", self.merge_selected)
        self.find_duplicates_action = self._action("Find Duplicates of This", "List the suggested pairs this "
                                                   "article is in, on the review page", self.find_duplicates)
        self.add_to_story_action = self._action("Add to Story…", "Put the selected articles into a story as its "
                                                "versions", self.add_to_story)
        articles = window.articles
        window.menus.edit_menu.insertAction(articles.trash_action, self.merge_selected_action)
        window.menus.edit_menu.insertAction(articles.trash_action, self.add_to_story_action)
        self.library_menu = self._menu(view.table, [
            self.open_source_action, self.show_in_folder_action, None, self.copy_title_action, self.copy_url_action,
            None, articles.edit_action, self.merge_selected_action, self.add_to_story_action,
            self.find_duplicates_action, None,
            articles.trash_action,
            articles.restore_action])
        view.table.selectionModel().selectionChanged.connect(self.update_actions)
        view.articles_changed.connect(self.update_actions)

        self.compare_action = self._action("Compare", "Show the two articles side by side", self.compare)
        self.pair_menu = self._menu(window.duplicates_view.table, [
            window.merge_action, window.same_story_action, window.not_duplicate_action, window.skip_action,
            window.unskip_action, None, self.compare_action])
        self.update_actions()

    def _action(self, text: str, tip: str, slot) -> QAction:
        action = QAction(text, self._window)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _menu(self, table: QTableView, entries: list[QAction | None]) -> QMenu:
        menu = QMenu(table)
        add_menu_entries(menu, entries)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(lambda position: self._popup(table, menu, position))
        return menu

    def _popup(self, table: QTableView, menu: QMenu, position: QPoint) -> None:
        # The press has selected the row under the pointer (or kept the selection it is part of).
        if not table.indexAt(position).isValid():
            return
        self._window.update_review_actions()
        self.update_actions()
        menu.popup(table.viewport().mapToGlobal(position))

    # The article list ------------------------------------------------------

    def update_actions(self, *_args) -> None:
        window = self._window
        article = window.library_view.shown_article
        source = self._source()
        self.open_source_action.setEnabled(source is not None)
        self.show_in_folder_action.setEnabled(source is not None)
        self.copy_title_action.setEnabled(article is not None)
        self.copy_url_action.setEnabled(article is not None and bool(article.url))
        self.find_duplicates_action.setEnabled(article is not None and not window.articles.showing_trash)
        count = len(window.library_view.selected_article_ids())
        self.merge_selected_action.setEnabled(count > 1 and not window.articles.showing_trash
                                              and not window.change_running)
        self.merge_selected_action.setText(f"Merge {count:,} Articles…" if count > 1 else "Merge Selected…")
        self.add_to_story_action.setEnabled(count > 0 and not window.articles.showing_trash
                                            and not window.change_running)

    def _source(self) -> SourceFile | None:
        article = self._window.library_view.shown_article
        return article.sources[0] if article is not None and article.sources else None

    def open_source(self) -> None:
        source = self._source()
        if source is not None and self._exists(source):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(source.file_on_disk)))

    def show_in_folder(self) -> None:
        source = self._source()
        if source is not None and self._exists(source):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(source.file_on_disk.parent)))

    def _exists(self, source: SourceFile) -> bool:
        if source.file_on_disk.is_file():
            return True
        confirm(self._window, f"The source file is no longer at {source.file_on_disk}")
        return False

    def copy_title(self) -> None:
        article = self._window.library_view.shown_article
        if article is not None:
            QGuiApplication.clipboard().setText(article.title)
            confirm(self._window, "Copied the title")

    def copy_url(self) -> None:
        article = self._window.library_view.shown_article
        if article is not None and article.url:
            QGuiApplication.clipboard().setText(article.url)
            confirm(self._window, "Copied the URL")

    def merge_selected(self) -> None:
        ids = self._window.library_view.selected_article_ids()
        if len(ids) > 1:
            self._window.open_merge_dialog(ids)

    def add_to_story(self) -> None:
        """Read the stories on the worker, then ask which one takes the selected articles."""
        ids = self._window.library_view.selected_article_ids()
        if ids:
            self._tasks.submit(lambda library, _progress, _cancelled: stories_for(library, ids),
                               on_done=lambda stories: self._add_to_chosen_story(ids, stories))

    def _add_to_chosen_story(self, ids: list[int], stories: list[Story]) -> None:
        # Offered likeliest first: the story whose versions the scans suggested beside these. Two or more
        # articles may also be a story of their own, offered first: choosing them together says as much.
        new_story = f"A new story of these {len(ids):,} articles" if len(ids) > 1 else None
        if not stories and new_story is None:
            confirm(self._window, "There is no story to add it to: choose two articles or more to make one, or "
                    "link two versions with Same Story (L) in the review queue")
            return
        count = f"{len(ids):,} articles" if len(ids) > 1 else "the article"
        target = choose_story(self._window, "Add to Story", f"Add {count} to the story:", stories,
                              new_story=new_story)
        if target == NEW_STORY:
            self._run_change(lambda done, failed: ops.start_new_story(self._window, self._tasks, ids, done, failed))
        elif target is not None:
            self._run_change(lambda done, failed: ops.move_to_story(self._window, self._tasks, ids, target, done,
                                                                    failed))

    def find_duplicates(self) -> None:
        article = self._window.library_view.shown_article
        if article is not None:
            self._window.duplicates_view.show_pairs_of(article.id, article.title)
            self._window.show_view(self._window.duplicates_view)

    # The review queue ------------------------------------------------------

    def compare(self) -> None:
        view = self._window.duplicates_view
        view.show_pending_comparison()
        view.comparison.setFocus(Qt.FocusReason.OtherFocusReason)


def add_menu_entries(menu: QMenu, entries: list[QAction | None]) -> None:
    """Actions in order, ``None`` for a separator: the menu bar's menus and the context menus alike."""
    for entry in entries:
        if entry is None:
            menu.addSeparator()
        else:
            menu.addAction(entry)
