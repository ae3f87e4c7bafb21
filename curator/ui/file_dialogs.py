"""File dialogs that never read the files they list, in the shapes of ``QFileDialog``'s own functions.

Qt's file dialog works out each listed file's type from its first bytes when its name does not say.
Reading the library's file so, even for a moment, opens and closes a handle to it in this process; on
Linux and macOS closing any handle to a file drops every lock the process holds on it, SQLite's
included. A command run meanwhile (``curator import``) then takes itself for the library's last user,
folds the write-ahead log into the file and deletes it while the window still writes through it: the
library is damaged. These dialogs tell files apart by their names only, and are Qt's own, whose
listing this controls, except on Windows, where a lock belongs to its handle and the desktop's dialog
is safe.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QFileInfo, QMimeDatabase
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QDialog, QFileDialog, QFileIconProvider, QWidget

_NATIVE_IS_SAFE = sys.platform == "win32"


class NamesOnlyIcons(QFileIconProvider):
    """Icons and kinds of file told from names alone; the folders' and files' icons of the style."""

    def __init__(self) -> None:
        super().__init__()
        self._types = QMimeDatabase()

    def icon(self, which: QFileInfo | QAbstractFileIconProvider.IconType) -> QIcon:
        if isinstance(which, QFileInfo):
            kinds = QAbstractFileIconProvider.IconType
            which = kinds.Folder if which.isDir() else kinds.File
        return super().icon(which)

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        return self._types.mimeTypeForFile(info.fileName(), QMimeDatabase.MatchMode.MatchExtension).comment()


_icons: NamesOnlyIcons | None = None  # one for every dialog, made once there is an application


def file_dialog(parent: QWidget | None, caption: str, folder: str, filters: str) -> QFileDialog:
    """A file dialog that reads no file it lists (see the module's note)."""
    global _icons
    dialog = QFileDialog(parent, caption, folder, filters)
    if not _NATIVE_IS_SAFE:
        if _icons is None:
            _icons = NamesOnlyIcons()
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setIconProvider(_icons)
    return dialog


def _chosen(dialog: QFileDialog) -> list[str]:
    return dialog.selectedFiles() if dialog.exec() == QDialog.DialogCode.Accepted else []


def get_open_file_name(parent: QWidget | None, caption: str, folder: str, filters: str) -> tuple[str, str]:
    """One existing file, and the filter it was chosen under; ``("", "")`` when cancelled."""
    dialog = file_dialog(parent, caption, folder, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    chosen = _chosen(dialog)
    return (chosen[0], dialog.selectedNameFilter()) if chosen else ("", "")


def get_open_file_names(parent: QWidget | None, caption: str, folder: str, filters: str) -> tuple[list[str], str]:
    """Existing files, and the filter they were chosen under; ``([], "")`` when cancelled."""
    dialog = file_dialog(parent, caption, folder, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    chosen = _chosen(dialog)
    return (chosen, dialog.selectedNameFilter()) if chosen else ([], "")


def get_save_file_name(parent: QWidget | None, caption: str, suggested: str, filters: str) -> tuple[str, str]:
    """A file to write (replacing one is asked first), and the filter it was chosen under; ``("", "")``
    when cancelled."""
    dialog = file_dialog(parent, caption, suggested, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    chosen = _chosen(dialog)
    return (chosen[0], dialog.selectedNameFilter()) if chosen else ("", "")


def get_existing_directory(parent: QWidget | None, caption: str, folder: str = "") -> str:
    """An existing folder; ``""`` when cancelled."""
    dialog = file_dialog(parent, caption, folder, "")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    chosen = _chosen(dialog)
    return chosen[0] if chosen else ""
