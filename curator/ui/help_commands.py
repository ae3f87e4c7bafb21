"""A window's Help menu: the keyboard shortcut sheet, the log folder and About."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox

import curator
from curator.core.library import Library
from curator.ui.assets import app_icon
from curator.ui.dialogs.shortcuts_dialog import ShortcutSheet, menu_shortcuts
from curator.ui.logfiles import log_folder


class HelpCommands(QObject):
    """Keyboard Shortcuts (F1 or ?), Show Log Folder and About Curator, for one window."""

    def __init__(self, window: QMainWindow, library: Library):
        super().__init__(window)
        self._window = window
        self._library = library
        self.shortcuts_action = QAction("Keyboard Shortcuts", window)
        self.shortcuts_action.setShortcuts([QKeySequence("F1"), QKeySequence("?")])
        self.shortcuts_action.triggered.connect(self.show_shortcuts)

        self.log_folder_action = QAction("Show Log Folder", window)
        self.log_folder_action.setStatusTip("Open the folder with Curator's log, to attach to a bug report")
        self.log_folder_action.triggered.connect(self.show_log_folder)

        self.about_action = QAction("About Curator", window)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)

    def show_shortcuts(self) -> ShortcutSheet:
        """The menus' keys, then the keys of the panels and lists, spelled as the menus spell them
        (the delete key as Move to Trash shows it)."""
        delete_key = QKeySequence(QKeySequence.StandardKey.Delete).toString(QKeySequence.SequenceFormat.NativeText)
        copy_key = QKeySequence(QKeySequence.StandardKey.Copy).toString(QKeySequence.SequenceFormat.NativeText)
        sheet = ShortcutSheet(menu_shortcuts(self._window.menuBar()) + [
            ("Article list", [(copy_key, "Copy the title")]),
            ("Duplicates", [("↓ or ↑", "Next or previous pair, like J and K")]),
            ("Merge dialog", [("Enter", "Merge with the choices shown")]),
            ("Entities panel", [("Enter or double-click", "List the entity's articles"), ("F2", "Rename"),
                                (delete_key, "Delete the entity")]),
            ("Review Suggestions", [("A", "Accept every mention of the name"), ("X or R", "Reject them"),
                                    ("T, then 1–9", "Accept as another type"), ("S or Space", "Skip"),
                                    ("Backspace or Ctrl+Z", "Take back the last decision")]),
        ], self._window)
        sheet.open()
        return sheet

    def show_log_folder(self) -> Path:
        folder = log_folder()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        return folder

    def show_about(self) -> QMessageBox:
        box = QMessageBox(self._window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowTitle("About Curator")
        box.setIconPixmap(app_icon().pixmap(QSize(64, 64)))
        box.setTextFormat(Qt.TextFormat.RichText)
        location = html.escape(str(self._library.path or self._library.name))
        box.setText(
            f"<h3>Curator {html.escape(curator.__version__)}</h3>"
            "<p>Curate news articles: import them, merge the duplicates, tag the entities, export.</p>"
            f"<p>Library: <code>{location}</code></p>"
        )
        box.open()
        return box
