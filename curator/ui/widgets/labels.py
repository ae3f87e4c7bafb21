"""Small label helpers shared by the dialogs: a bold section heading, a muted note."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel

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
