"""File menu commands about whole libraries: New, Open, Open Recent and Backup.

Switching libraries replaces the window (a window belongs to one library and its
worker), so New and Open only choose a path and emit ``open_requested``; the
application opens it (see ``curator.ui.app``). Recent libraries are remembered in
the user's settings, most recent first.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from curator.core.library import (
    Library,
    backup_library,
    suggested_backup_name,
)
from curator.ui import file_dialogs, ops
from curator.ui.tasks import Task, TaskRunner

RECENT_KEY = "libraries/recent"
RECENT_LIMIT = 8
LIBRARY_FILTER = "Curator libraries (*.db *.sqlite *.sqlite3);;All files (*)"


def recent_libraries() -> list[Path]:
    """Libraries opened before, most recent first, leaving out files that no longer exist."""
    stored = QSettings().value(RECENT_KEY, [])
    # A list of one comes back from some settings formats as the bare string.
    paths = [stored] if isinstance(stored, str) else stored if isinstance(stored, list) else []
    return [Path(path) for path in paths if Path(path).is_file()]


def remember_library(path: Path) -> None:
    """Put ``path`` first in the recent libraries."""
    path = Path(path).absolute()
    others = [str(p) for p in recent_libraries() if p.absolute() != path]
    QSettings().setValue(RECENT_KEY, [str(path), *others][:RECENT_LIMIT])


class LibraryFiles(QObject):
    """The actions and the Open Recent menu; ``open_requested`` carries the chosen library's path."""

    open_requested = Signal(Path)

    def __init__(self, window: QWidget, library: Library, tasks: TaskRunner):
        super().__init__(window)
        self._window = window
        self._library = library
        self._tasks = tasks
        self.new_action = QAction("New Library…", self)
        self.new_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.new_action.setStatusTip("Start an empty library in a file of your choice")
        self.new_action.triggered.connect(self.choose_new)
        self.open_action = QAction("Open Library…", self)
        self.open_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.open_action.setStatusTip("Open another library file")
        self.open_action.triggered.connect(self.choose_existing)
        self.backup_action = QAction("Back Up Library…", self)
        self.backup_action.setStatusTip("Write a complete copy of this library, safe to make while you work")
        self.backup_action.triggered.connect(self.choose_backup)
        self.recent_menu = QMenu("Open Recent")
        self.recent_menu.setObjectName("recentLibraries")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        if library.path is not None:
            remember_library(library.path)
        self._fill_recent()

    def _folder(self) -> str:
        return str(self._library.path.parent) if self._library.path is not None else str(Path.home())

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        current = self._library.path.absolute() if self._library.path is not None else None
        for path in recent_libraries():
            action = self.recent_menu.addAction(f"{path.stem}  —  {path.parent}")
            action.setToolTip(str(path))
            action.setEnabled(path.absolute() != current)
            action.triggered.connect(lambda _checked=False, path=path: self.open_requested.emit(path))
        self.recent_menu.setEnabled(bool(self.recent_menu.actions()))

    def choose_new(self) -> None:
        path, _ = file_dialogs.get_save_file_name(self._window, "New Library", str(Path(self._folder()) / "news.db"),
                                              LIBRARY_FILTER)
        if not path:
            return
        chosen = Path(path) if Path(path).suffix else Path(path).with_suffix(".db")
        if chosen.exists():
            # The save dialog has already asked to replace it; a library is never overwritten, though.
            QMessageBox.warning(self._window, "New Library",
                                f"{chosen.name} already exists. Choose a new name, or use Open Library to open it.")
            return
        self.open_requested.emit(chosen)

    def choose_existing(self) -> None:
        path, _ = file_dialogs.get_open_file_name(self._window, "Open Library", self._folder(), LIBRARY_FILTER)
        if path:
            self.open_requested.emit(Path(path))

    def choose_backup(self) -> Task | None:
        name = suggested_backup_name(self._library, date.today().isoformat())
        # A library open read-only is often on storage no copy can go to: the copy is offered a home folder.
        folder = str(Path.home()) if self._library.read_only else self._folder()
        path, _ = file_dialogs.get_save_file_name(self._window, "Back Up Library", str(Path(folder) / name),
                                              LIBRARY_FILTER)
        return self.back_up_to(Path(path)) if path else None

    def back_up_to(self, destination: Path) -> Task:
        """Copy the library to ``destination`` on the worker, with progress and Cancel."""
        window = self._window
        return ops.run_job(
            window, self._tasks, "Backup", lambda library, report, cancelled: backup_library(
                library, destination, progress=report, cancelled=cancelled),
            lambda written: ops.show_status(window, f"Backed up the library to {written}", 10000),
            progress=ops.JobProgress(window, "Backing up", "Copying the library…"),
            failure="The library could not be copied. It is unchanged.",
            on_cancelled=lambda: ops.show_status(window, "Backup cancelled; nothing was written.", 6000))
