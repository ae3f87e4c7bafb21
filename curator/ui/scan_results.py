"""File → Open Scan Results…: a sample of a cluster scan's results, built into a library and opened.

The results folder is chosen first, then what to sample (``ScanSampleDialog``); the library is
built on the worker by ``import_scan``, the function ``curator import-scan`` runs, with progress
and Cancel, and then opened like any other. Reading results needs the ``cluster`` extra (pyarrow,
pandas, Dask): without it the command says what to install instead.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)

from curator.core.library import Library
from curator.ui import file_dialogs, ops
from curator.ui.tasks import Task, TaskRunner

# What the sample is made of and how it is picked, as import-scan's --of and --by name them.
GROUPS = {"clusters": "Clusters of copies", "stories": "Stories (copies and versions of one story)"}
ORDERS = {"largest": "The largest", "random": "At random", "score": "Spread over score bands"}
DEFAULT_SAMPLE = 50
MISSING_EXTRA = ("Opening scan results needs Curator's cluster extra, which is not installed ({missing} is missing).\n\n"
                 "Install it with:  pip install 'curator[cluster]'")


class ScanSampleDialog(QDialog):
    """How many clusters or stories to review, picked how, into which library."""

    def __init__(self, parent: QWidget, folder: Path):
        super().__init__(parent)
        self.setWindowTitle("Open Scan Results")
        self.folder = folder
        self.groups = QComboBox()
        for key, label in GROUPS.items():
            self.groups.addItem(label, key)
        self.sample_size = QSpinBox()
        self.sample_size.setRange(1, 100_000)
        self.sample_size.setValue(DEFAULT_SAMPLE)
        self.order = QComboBox()
        for key, label in ORDERS.items():
            self.order.addItem(label, key)
        self.library_path = QLineEdit(str(folder / "review.db"))
        choose = QPushButton("Choose…")
        choose.clicked.connect(self._choose_library)
        library_row = QHBoxLayout()
        library_row.addWidget(self.library_path)
        library_row.addWidget(choose)
        form = QFormLayout(self)
        form.addRow("Review:", self.groups)
        form.addRow("How many:", self.sample_size)
        form.addRow("Which:", self.order)
        form.addRow("Into the library:", library_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Build and Open")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _choose_library(self) -> None:
        path, _ = file_dialogs.get_save_file_name(self, "Review Library", self.library_path.text(),
                                              "Curator libraries (*.db);;All files (*)")
        if path:
            self.library_path.setText(path)

    def chosen(self) -> tuple[str, int, str, Path]:
        """(groups, sample size, order, library path)."""
        return self.groups.currentData(), self.sample_size.value(), self.order.currentData(), Path(self.library_path.text())


class ScanResults(QObject):
    """The File menu's Open Scan Results… action; ``open_requested`` carries the built library's path."""

    open_requested = Signal(Path)

    def __init__(self, window: QWidget, tasks: TaskRunner):
        super().__init__(window)
        self._window = window
        self._tasks = tasks
        self.open_action = QAction("Open Scan Results…", self)
        self.open_action.setStatusTip("Review a sample of a cluster scan's results (curator cluster-scan) in a library")
        self.open_action.triggered.connect(self.choose)

    def choose(self) -> Task | None:
        """Ask for a results folder and a sample, then build the library and open it."""
        missing = missing_extra()
        if missing:
            QMessageBox.information(self._window, "Open Scan Results", MISSING_EXTRA.format(missing=missing))
            return None
        folder = file_dialogs.get_existing_directory(self._window, "Open Scan Results")
        if not folder:
            return None
        dialog = ScanSampleDialog(self._window, Path(folder))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return self.build(Path(folder), *dialog.chosen())

    def build(self, folder: Path, groups: str, count: int, order: str, path: Path) -> Task:
        """Import the sample into the library at ``path`` on the worker, then ask to open it."""
        from curator.cluster.review import import_scan

        def job(_current: Library, progress, cancelled):
            review = Library.open(path)
            try:
                return import_scan(review, str(folder), count, order, groups=groups, progress=progress,
                                   cancelled=cancelled)
            finally:
                review.close()

        def done(report) -> None:
            ops.show_status(self._window, report.summary(), 10000)
            self.open_requested.emit(path)

        return ops.run_job(self._window, self._tasks, "Open Scan Results", job, done,
                           progress=ops.JobProgress(self._window, "Opening scan results", "Importing the sample…"),
                           failure="Articles imported before the problem are kept in the review library.")


def missing_extra() -> str | None:
    """The first module of the cluster extra that cannot be imported, or None when it is installed."""
    for module in ("pyarrow", "pandas", "dask.dataframe", "distributed", "fsspec"):
        try:
            importlib.import_module(module)
        except ImportError:
            return module.split(".")[0]
    return None
