"""Small label helpers shared by the dialogs and views: a bold section heading, a muted note, a line
shortened with "…" to the width it gets."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy

Label = TypeVar("Label", bound=QLabel)


def muted(label: Label) -> Label:
    """``label`` in the palette's secondary text colour (for notes and explanations)."""
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def heading(text: str) -> QLabel:
    """A bold label that starts a section of a dialog."""
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class ElidedLabel(QLabel):
    """One line of text shortened with "…" to the width it gets; the whole text is its tooltip,
    unless it has one of its own (``own_tooltip``)."""

    def __init__(self, text: str = "", *, own_tooltip: bool = False):
        super().__init__()
        self._own_tooltip = own_tooltip
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        self._full_text = text
        self._elide()

    def full_text(self) -> str:
        return self._full_text

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full_text, Qt.TextElideMode.ElideRight, self.width())
        self.setText(shown)
        if not self._own_tooltip:
            self.setToolTip(self._full_text if shown != self._full_text else "")
