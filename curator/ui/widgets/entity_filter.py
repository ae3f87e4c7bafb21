"""The banner above a list while it is narrowed: the library's to one entity's articles, the review queue's
to one article's pairs."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget


class FilterBanner(QFrame):
    """"Articles mentioning Sergei Lavrov" and a Clear button, above the list while it is narrowed (or
    another list, with its own button: the trash, and Back to Library)."""

    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, button: str = "Clear", tip: str = "List every article again",
                 name: str = "entityFilter"):
        super().__init__(parent)
        self.setObjectName(f"{name}Banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.label = QLabel()
        self.label.setObjectName(f"{name}Text")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        # Wrapped, so a long note asks for height, never for a window wider than the screen.
        self.label.setWordWrap(True)
        self.clear_button = QToolButton()
        self.clear_button.setObjectName(f"{name}Clear")
        self.clear_button.setText(button)
        self.clear_button.setToolTip(tip)
        self.clear_button.clicked.connect(self.clear_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.clear_button)
        self.hide()

    def show_entity(self, name: str | None) -> None:
        self.show_text(f"Articles mentioning {name}" if name else "")

    def show_text(self, text: str) -> None:
        """Say what the list is narrowed to, or hide for nothing."""
        self.label.setText(text)
        self.setVisible(bool(text))
