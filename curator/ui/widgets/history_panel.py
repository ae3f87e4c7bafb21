"""The History panel: the library's operations in words, newest first, with Undo and Redo."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from curator.core.library import HistoryState

# Operations that cannot be undone are listed too, as context: they say where articles came from.
NOT_UNDOABLE_NOTE = "This operation is not undoable; it is listed for the record."


class HistoryPanel(QWidget):
    """Lists history entries; the window feeds it (``show_entries``) after every change."""

    def __init__(self, undo_action: QAction, redo_action: QAction, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("historyPanel")
        self.list = QListWidget()
        self.list.setObjectName("historyList")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(3)
        self.list.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(6, 6, 6, 0)
        for action in (undo_action, redo_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(buttons)
        layout.addWidget(self.list, 1)

    def show_entries(self, entries: list[dict]) -> None:
        """Show ``entries`` (from ``Library.history``, newest first)."""
        self.list.clear()
        muted = self.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        for entry in entries:
            undone = entry["undone"] != HistoryState.IN_EFFECT
            text = f"{entry['summary']}\n{_when(entry['at'])}" + ("  ·  undone" if undone else "")
            item = QListWidgetItem(text)
            if undone:
                font = QFont(self.list.font())
                font.setStrikeOut(True)
                item.setFont(font)
                item.setForeground(muted)
            if not entry["reversible"]:
                item.setToolTip(NOT_UNDOABLE_NOTE)
            self.list.addItem(item)

    def summaries(self) -> list[str]:
        """The listed operations' first lines, for tests and accessibility checks."""
        return [self.list.item(row).text().split("\n")[0] for row in range(self.list.count())]


def _when(stamp: str) -> str:
    """A journal timestamp (UTC ISO) as local time, e.g. "23 Nov 2026, 14:05"."""
    try:
        moment = datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return stamp
    return moment.strftime("%d %b %Y, %H:%M").lstrip("0")
