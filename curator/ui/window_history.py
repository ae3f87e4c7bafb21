"""The main window's history: Undo and Redo, named after what they would do, their keys, and the History
panel listing what was done. Undoing or redoing is one change, run by the window's ``run_change``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget

from curator.core.library import Changes, next_redo, next_undo
from curator.ui import ops, read_only
from curator.ui.confirmations import confirmed, redo_hint
from curator.ui.widgets.history_panel import HistoryPanel
from curator.ui.window_parts import WindowParts

HISTORY_ROWS = 200


class WindowHistory(WindowParts):
    """Undo, Redo and the History panel, mixed into ``MainWindow``."""

    def _create_history_dock(self) -> None:
        self.history_panel = HistoryPanel(self.undo_action, self.redo_action)
        self.history_dock = QDockWidget("History", self)
        self.history_dock.setObjectName("historyDock")
        self.history_dock.setWidget(self.history_panel)
        self.history_dock.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.history_dock)
        self.history_dock.hide()
        self.history_dock.visibilityChanged.connect(self._history_visibility_changed)
        toggle = self.history_dock.toggleViewAction()
        toggle.setText("History Panel")
        toggle.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.menus.view_menu.addAction(toggle)

    def _history_visibility_changed(self, visible: bool) -> None:
        if visible:
            self._update_history()

    def _update_history(self) -> None:
        """Name what Undo and Redo would do, and list the history."""
        for action, step, verb in ((self.undo_action, next_undo(self._library), "Undo"),
                                   (self.redo_action, next_redo(self._library), "Redo")):
            action.setEnabled(step is not None and not self._change_running)
            # Undo and Redo name the operation (its label); the summary is in the tooltip.
            label = "" if step is None else step.op.label
            if step is not None and step.operations > 1:
                label = f"{step.operations:,} {label}s"
            action.setText(f"{verb} {label}".strip())
            action.setToolTip(read_only.why_read_only(self._library) or (step.summary if step else verb))
        if self.history_dock.isVisible():  # a hidden panel is filled when it is shown
            self.history_panel.show_entries(self._library.history_runs(HISTORY_ROWS))

    def _history_words(self, changes: Changes) -> str:
        """What the journal says the change did ("Skipped: articles 3 and 4")."""
        return self._library.history_summary(changes.history_id)

    def undo(self) -> None:
        step = next_undo(self._library)
        said = f"Undid: {step.words}" if step is not None else "Undid"
        self.run_change(lambda done, failed: ops.undo_last(
            self, self._tasks, confirmed(self, self._selecting_pairs_back(done, undoing=True), said, redo_hint), failed))

    def redo(self) -> None:
        step = next_redo(self._library)
        said = f"Redid: {step.words}" if step is not None else "Redid"
        self.run_change(lambda done, failed: ops.redo_last(
            self, self._tasks, confirmed(self, self._selecting_pairs_back(done), said), failed))

    def _selecting_pairs_back(self, done: Callable[[Changes], None], undoing: bool = False) -> Callable[[Changes], None]:
        """``done``, then the queue's selection on a pair the undo (or redo) brought back to it: a skip
        undone is the pair one wants to look at again, not whatever row its place now holds. A change
        undone on the story page shows the story and versions the page showed as it was made."""
        def finished(changes: Changes) -> None:
            if undoing and self._pages.currentWidget() is self.stories_view:
                self.stories_view.return_to_before(changes.history_id)
            done(changes)
            row = max(0, self.duplicates_view.table.currentIndex().row())
            for a, b in changes.pairs:
                if self.duplicates_view.select_pair(a, b, near=row):
                    break
        return finished


def redo_keys() -> list[QKeySequence]:
    """The platform's Redo keys, and Ctrl+Shift+Z and Ctrl+Y where the platform does not list them
    (on macOS, Cmd+Shift+Z only), each once: a key bound twice is ambiguous, and Qt then ignores it."""
    keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo) + [QKeySequence("Ctrl+Shift+Z")]
    if sys.platform != "darwin":
        keys.append(QKeySequence("Ctrl+Y"))
    return list({key.toString(): key for key in keys if not key.isEmpty()}.values())

