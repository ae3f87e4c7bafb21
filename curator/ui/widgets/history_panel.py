"""The History panel: the library's operations in words, newest first, with Undo and Redo."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QAction, QFont, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from curator.core.library import HistoryState

# Operations that cannot be undone are listed too, as context: they say where articles came from.
NOT_UNDOABLE_NOTE = "This operation is not undoable; it is listed for the record."
# Pixels around an entry's text.
ENTRY_PADDING = 3


class HistoryPanel(QWidget):
    """Lists history entries; the window feeds it (``show_entries``) after every change."""

    def __init__(self, undo_action: QAction, redo_action: QAction, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("historyPanel")
        self.list = QListWidget()
        self.list.setObjectName("historyList")
        self.list.setWordWrap(True)
        # Each entry laid out again for the panel's width, so a long one (or one in a script without
        # spaces) wraps whole, its time line with it, rather than being cut short.
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setItemDelegate(_WrappedEntry(self.list))
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
        """Show ``entries`` (from ``Library.history_runs``, newest first; one run of many operations is
        one entry that says how many)."""
        self.list.clear()
        muted = self.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        for entry in entries:
            undone = entry["undone"] != HistoryState.IN_EFFECT
            more = entry.get("operations", 1) - 1
            run = f" (and {more:,} more of this run)" if more else ""
            text = f"{entry['summary']}{run}\n{_when(entry['at'])}" + ("  ·  undone" if undone else "")
            item = QListWidgetItem(text)
            if undone:
                font = QFont(self.list.font())
                font.setStrikeOut(True)
                item.setFont(font)
                item.setForeground(muted)
            if not entry["reversible"]:
                item.setToolTip(NOT_UNDOABLE_NOTE)
            self.list.addItem(item)
        # The newest entry is what a person looks for after a change: scrolled down before, it would be out of sight.
        self.list.scrollToTop()

    def summaries(self) -> list[str]:
        """The listed operations' first lines, for tests and accessibility checks."""
        return [self.list.item(row).text().split("\n")[0] for row in range(self.list.count())]


class _WrappedEntry(QStyledItemDelegate):
    """An entry as tall as its text wrapped to the list's width, breaking anywhere a word is longer
    than a line: the style's own measure left out the last line of a long entry in Chinese, its time."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        view = self.parent()
        if not isinstance(view, QListView):
            return hint
        width = max(1, view.viewport().width() - 2 * view.spacing() - 2 * ENTRY_PADDING)
        flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.TextFlag.TextWrapAnywhere)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        height = option.fontMetrics.boundingRect(QRect(0, 0, width, 1 << 20), flags, text).height()
        return QSize(hint.width(), max(hint.height(), height + 2 * ENTRY_PADDING))


def _when(stamp: str) -> str:
    """A journal timestamp (UTC ISO) as local time, e.g. "23 Nov 2026, 14:05"."""
    try:
        moment = datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return stamp
    return moment.strftime("%d %b %Y, %H:%M").lstrip("0")
