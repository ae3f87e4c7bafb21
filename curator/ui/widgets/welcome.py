"""The first-run panel, shown instead of the table while the library is empty."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from curator.ui.assets import app_icon

DESCRIPTION = "Collect news articles, merge the versions of the same story, and tag who and where they are about."

STEPS = (
    ("Import", "Text, HTML, CSV or JSON files,\nfolders and zip archives"),
    ("Review duplicates", "Compare versions of one story\nand merge them"),
    ("Tag entities", "Mark the people, places and\norganisations in the text"),
)


class WelcomePanel(QWidget):
    """Buttons to get articles in, and a hint of what comes next."""

    import_files_requested = Signal()
    import_folder_requested = Signal()
    load_samples_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("welcomePanel")

        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(QSize(96, 96)))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)

        name = QLabel("Curator")
        name.setObjectName("welcomeTitle")
        name.setFont(_scaled_font(self.font(), 2.4, QFont.Weight.Bold))
        name.setAlignment(Qt.AlignmentFlag.AlignCenter)

        description = QLabel(DESCRIPTION)
        description.setWordWrap(True)
        description.setAlignment(Qt.AlignmentFlag.AlignCenter)
        description.setFont(_scaled_font(self.font(), 1.15))
        description.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.import_files_button = QPushButton("Import Files…")
        self.import_files_button.setDefault(True)
        self.import_files_button.setObjectName("primaryButton")
        self.import_folder_button = QPushButton("Import Folder…")
        self.load_samples_button = QPushButton("Load sample articles")
        self.import_files_button.clicked.connect(self.import_files_requested)
        self.import_folder_button.clicked.connect(self.import_folder_requested)
        self.load_samples_button.clicked.connect(self.load_samples_requested)
        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        buttons.addStretch()
        for button in (self.import_files_button, self.import_folder_button, self.load_samples_button):
            button.setMinimumHeight(34)
            button.setMinimumWidth(150)
            buttons.addWidget(button)
        buttons.addStretch()

        drop_hint = QLabel("or drop files and folders anywhere in this window")
        drop_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        drop_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        column = QVBoxLayout()
        column.setSpacing(8)
        column.addStretch(3)
        column.addWidget(icon)
        column.addSpacing(4)
        column.addWidget(name)
        column.addWidget(description)
        column.addSpacing(22)
        column.addLayout(buttons)
        column.addSpacing(2)
        column.addWidget(drop_hint)
        column.addSpacing(40)
        column.addLayout(self._steps())
        column.addStretch(4)

        # Keep the content a readable column in the middle of a wide window.
        content = QWidget()
        content.setLayout(column)
        content.setMaximumWidth(760)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 24)
        outer.addStretch(1)
        outer.addWidget(content, 10)
        outer.addStretch(1)

    def _steps(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(12)
        for number, (title, caption) in enumerate(STEPS, start=1):
            if number > 1:
                arrow = QLabel("→")
                arrow.setFont(_scaled_font(self.font(), 1.5))
                arrow.setForegroundRole(QPalette.ColorRole.PlaceholderText)
                arrow.setAlignment(Qt.AlignmentFlag.AlignCenter)
                row.addWidget(arrow)
            row.addWidget(self._step_card(number, title, caption), 1)
        return row

    def _step_card(self, number: int, title: str, caption: str) -> QFrame:
        card = QFrame()
        card.setObjectName("stepCard")
        badge = QLabel(str(number))
        badge.setObjectName("stepNumber")
        badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        badge.setFixedSize(28, 28)
        heading = QLabel(title)
        heading.setFont(_scaled_font(self.font(), 1.05, QFont.Weight.DemiBold))
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(caption)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(12, 14, 12, 14)
        layout.setSpacing(6)
        layout.addWidget(badge, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(heading)
        layout.addWidget(text)
        return card


def _scaled_font(base: QFont, factor: float, weight: QFont.Weight | None = None) -> QFont:
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * factor)
    if weight is not None:
        font.setWeight(weight)
    return font
