"""A window's commands on the articles it lists: edit one, move the selected ones to the trash,
the Trash view and restoring from it.

Like ``EntityCommands``, it owns its actions, and the window places them in its menus and runs each
change through its one-change-at-a-time gate.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMainWindow

from curator.core.library import Library
from curator.ui import ops, read_only
from curator.ui.confirmations import confirmed
from curator.ui.dialogs.edit_article_dialog import EditArticleDialog
from curator.ui.entity_commands import ChangeRunner
from curator.ui.tasks import TaskRunner
from curator.ui.widgets.library_view import LibraryView


# Above the list while it lists the trash.
TRASH_NOTE = "The trash: out of the library, its lists and exports. Restore articles from the Edit menu."

class ArticleCommands(QObject):
    """Edit Article…, Move to Trash (Delete), Restore from Trash and View → Trash for one window.

    ``trash_shown`` fires when the list switches to the trash or back, for the window to show the list.
    """

    trash_shown = Signal(bool)

    def __init__(self, window: QMainWindow, library: Library, tasks: TaskRunner, library_view: LibraryView,
                 changes: ChangeRunner):
        super().__init__(window)
        self._window = window
        self._library = library
        self._tasks = tasks
        self._view = library_view
        self._changes = changes
        # The commands act on the list's selection: on another page it is out of sight.
        self._list_shown = True

        self.edit_action = QAction("Edit Article…", window)
        self.edit_action.setShortcut(QKeySequence("F2"))
        self.edit_action.setStatusTip("Correct the title, date, outlet, URL, byline or dateline of the article")
        self.edit_action.triggered.connect(self.edit_current)
        self.trash_action = QAction("Move to Trash", window)
        self.trash_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.trash_action.setStatusTip("Take the selected articles out of the library; View → Trash restores them")
        self.trash_action.triggered.connect(self.trash_selected)
        self.restore_action = QAction("Restore from Trash", window)
        self.restore_action.setStatusTip("Put the selected articles back into the library")
        self.restore_action.triggered.connect(self.restore_selected)
        # Keys that act on the list's rows act only while the list (or the reading pane) has focus.
        for action in (self.edit_action, self.trash_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            library_view.addAction(action)
        self.show_trash_action = QAction("Trash", window)
        self.show_trash_action.setCheckable(True)
        self.show_trash_action.setStatusTip("List the articles in the trash, to restore them")
        self.show_trash_action.toggled.connect(self.show_trash)

        library_view.table.selectionModel().selectionChanged.connect(self.update_actions)
        library_view.articles_changed.connect(self.update_actions)
        self.update_actions()

    @property
    def showing_trash(self) -> bool:
        return self._view.model.query.trash

    def set_list_shown(self, shown: bool) -> None:
        """Whether the library's list is the page showing: only then do the commands act on its rows."""
        self._list_shown = shown
        self.update_actions()

    def update_actions(self, *_args) -> None:
        selected = self._view.selected_article_ids() if self._list_shown else []
        idle = not self._changes.change_running
        self.edit_action.setEnabled(idle and len(selected) == 1 and not self.showing_trash)
        self.trash_action.setEnabled(idle and bool(selected) and not self.showing_trash)
        self.restore_action.setEnabled(idle and bool(selected) and self.showing_trash)
        count = len(selected)
        self.trash_action.setText(f"Move {count:,} Articles to Trash" if count > 1 else "Move to Trash")

    def show_trash(self, shown: bool) -> None:
        """List the trash instead of the library (or the library again)."""
        if shown != self.showing_trash:
            self._view.set_query(replace(self._view.model.query, trash=shown))
        self._view.trash_banner.show_text(TRASH_NOTE if shown else "")
        self.show_trash_action.setChecked(shown)
        self.trash_shown.emit(shown)

    def edit_current(self) -> EditArticleDialog | None:
        ids = self._view.selected_article_ids()
        article = self._library.article(ids[0]) if len(ids) == 1 else None
        if article is None or self._changes.change_running or read_only.refused(self._window, self._library, "Edit"):
            return None
        dialog = EditArticleDialog(article, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda result: self._edit_decided(dialog, result))
        dialog.open()
        return dialog

    def _edit_decided(self, dialog: EditArticleDialog, result: int) -> None:
        fields = dialog.changed_fields()
        if result != QDialog.DialogCode.Accepted or not fields:
            return
        article_id = dialog.article_id
        self._changes.run_change(lambda done, failed: ops.edit_article(
            self._window, self._tasks, article_id, fields, self._said(done, "Saved the article"), failed))

    def trash_selected(self) -> None:
        if not self.showing_trash:
            self.trash_ids(self._view.selected_article_ids())

    def trash_ids(self, ids: list[int]) -> None:
        """Move these articles to the trash (the selected ones, or an import's, to undo it)."""
        if ids:
            self._changes.run_change(lambda done, failed: ops.trash_articles(
                self._window, self._tasks, ids, self._said(done, _moved(len(ids), "to the trash")), failed))

    def restore_selected(self) -> None:
        ids = self._view.selected_article_ids()
        if ids and self.showing_trash:
            self._changes.run_change(lambda done, failed: ops.restore_articles(
                self._window, self._tasks, ids, self._said(done, _moved(len(ids), "back to the library")), failed))

    def _said(self, done: ops.OnDone, message: str) -> ops.OnDone:
        """``done``, then the message in the status bar with the key that undoes it."""
        return confirmed(self._window, done, message)


def _moved(count: int, where: str) -> str:
    return f"Moved {'the article' if count == 1 else f'{count:,} articles'} {where}"
