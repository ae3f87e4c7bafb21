"""The main window's importing: Import Files…, Import Folder…, Load Sample Articles, and the files and
folders dropped on the window. One import runs at a time, in the background, and the folder last
imported from is where the next file dialog opens.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QSettings
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

from curator.core.ingest import ImportReport, sample_paths, supported_extensions
from curator.ui import file_dialogs, ops, read_only
from curator.ui.window_parts import WindowParts

LAST_IMPORT_FOLDER_KEY = "import/last_folder"


class WindowImports(WindowParts):
    """Importing, mixed into ``MainWindow``."""

    @property
    def import_running(self) -> bool:
        return self._import_task is not None and not self._import_task.finished

    def import_paths(self, paths: list[Path], *, summarize_success: bool = True,
                     then: Callable[[], None] | None = None) -> None:
        """Import files and folders in the background; the list refreshes when it is done, then ``then`` runs."""
        if not paths:
            return
        if self.import_running:
            self.statusBar().showMessage("An import is already running; try again when it has finished.", 5000)
            return
        if read_only.refused(self, self._library, "Import"):
            return
        def done(report: ImportReport) -> None:
            self._after_import(report)
            if then is not None:
                then()

        self._import_task = ops.import_files(self, self._tasks, paths, done, summarize_success=summarize_success,
                                             on_trash=self.articles.trash_ids)

    def _after_import(self, report: ImportReport) -> None:
        was_welcome = self.showing_welcome
        if report.imported:
            # The queue may have been left (or reopened) on the Skipped filter: what the import found
            # is among the open suggestions, which its summary counts.
            self.duplicates_view.show_open_pairs()
        self.refresh_views()
        if was_welcome and self.library_view.article_count:
            self.library_view.select_row(0)
            self.library_view.table.setFocus()

    def choose_files_to_import(self) -> None:
        if read_only.refused(self, self._library, "Import"):  # before the files are chosen
            return
        patterns = " ".join(f"*{extension}" for extension in supported_extensions())
        filters = f"Articles ({patterns} *.zip);;Zip archives (*.zip);;All files (*)"
        paths, _ = file_dialogs.get_open_file_names(self, "Import Files", self._last_import_folder(), filters)
        if paths:
            self._remember_import_folder(Path(paths[0]).parent)
            self.import_paths([Path(path) for path in paths])

    def choose_folder_to_import(self) -> None:
        if read_only.refused(self, self._library, "Import"):
            return
        folder = file_dialogs.get_existing_directory(self, "Import Folder", self._last_import_folder())
        if folder:
            self._remember_import_folder(Path(folder))
            self.import_paths([Path(folder)])

    def load_samples(self) -> None:
        """Import the two sample articles and open their duplicate pair: the first thing to try."""
        self.import_paths(sample_paths(), summarize_success=False, then=self._show_sample_pair)

    def _show_sample_pair(self) -> None:
        if self.duplicates_view.pair_count:
            self.show_view(self.duplicates_view)
            self.statusBar().showMessage("The samples are two outlets' versions of one story: compare them, "
                                         "then press M to merge.", 15000)

    def _last_import_folder(self) -> str:
        return str(QSettings().value(LAST_IMPORT_FOLDER_KEY, str(Path.home())))

    def _remember_import_folder(self, folder: Path) -> None:
        QSettings().setValue(LAST_IMPORT_FOLDER_KEY, str(folder))

    # Drag and drop ---------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_paths(event):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if _dropped_paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = _dropped_paths(event)
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)


def _dropped_paths(event: QDropEvent) -> list[Path]:
    """The local files and folders being dragged in (enter and move events are drop events too)."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
