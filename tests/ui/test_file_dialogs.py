"""The file dialogs never read the files they list: a dialog over the library's folder keeps the
window's locks on the library, which a command run meanwhile counts on."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel, QLineEdit

from curator.core.ingest import import_paths, sample_paths
from curator.core.library import Library
from curator.ui import file_dialogs

pytestmark = pytest.mark.skipif(not Path("/proc/locks").exists() or sys.platform == "win32",
                                reason="POSIX locks are read from /proc/locks")


def locks_held(path: Path) -> int:
    """The POSIX locks this process holds on the library's file and its shared-memory file."""
    inodes = {os.stat(file).st_ino for file in (path, Path(f"{path}-shm")) if file.exists()}
    pid = str(os.getpid())
    return sum(1 for line in Path("/proc/locks").read_text().splitlines()
               if line.split()[4] == pid and int(line.split()[5].rsplit(":", 1)[1]) in inodes)


@pytest.fixture
def open_library(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    library = Library.open(folder / "news.db")
    import_paths(library, sample_paths())
    library.db.execute("SELECT count(*) FROM articles").fetchall()
    yield library
    library.close()


def listed(qtbot, dialog: QFileDialog, folder: Path) -> QFileSystemModel:
    """The dialog's model once it lists ``folder``, each file's icon and kind asked for."""
    dialog.show()
    model = dialog.findChild(QFileSystemModel)
    qtbot.waitUntil(lambda: model.rowCount(model.index(str(folder))) >= 1, timeout=5000)
    parent = model.index(str(folder))
    for row in range(model.rowCount(parent)):
        model.fileIcon(model.index(row, 0, parent))
        model.type(model.index(row, 0, parent))
    return model


def test_a_dialog_over_the_library_folder_keeps_the_locks_on_the_library(qtbot, open_library):
    path = open_library.path
    held = locks_held(path)
    assert held > 0
    dialog = file_dialogs.file_dialog(None, "Open Library", str(path.parent), "Curator libraries (*.db)")
    qtbot.addWidget(dialog)
    model = listed(qtbot, dialog, path.parent)
    qtbot.wait(1000)  # the file information gathered on Qt's thread arrives
    assert model.type(model.index(str(path))) != ""
    assert locks_held(path) == held


def test_qt_s_own_dialog_reading_the_library_would_drop_them(qtbot, open_library):
    # Why the dialogs above are needed: reading the file to tell its type closes a handle to it.
    path = open_library.path
    dialog = QFileDialog(None, "Open Library", str(path.parent), "Curator libraries (*.db)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    listed(qtbot, dialog, path.parent)
    qtbot.waitUntil(lambda: locks_held(path) == 0, timeout=5000)


def answer(choose) -> None:
    """Once the dialog is up, ``choose(dialog)`` in it."""
    def pick() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, pick)
            return
        choose(dialog)
    QTimer.singleShot(20, pick)


def test_the_dialogs_answer_what_was_chosen_and_nothing_when_cancelled(qtbot, tmp_path):
    (tmp_path / "a.txt").write_text("A")
    (tmp_path / "b.txt").write_text("B")

    def select(*names: str):
        def choose(dialog: QFileDialog) -> None:
            # Typed, as a person would: the listing may not be read yet to select from.
            typed = " ".join(f'"{name}"' for name in names) if len(names) > 1 else names[0]
            dialog.findChild(QLineEdit, "fileNameEdit").setText(typed)
            dialog.accept()
        return choose

    answer(select("a.txt"))
    assert file_dialogs.get_open_file_name(None, "Open", str(tmp_path), "Text (*.txt)") == (
        str(tmp_path / "a.txt"), "Text (*.txt)")
    answer(select("a.txt", "b.txt"))
    chosen, _ = file_dialogs.get_open_file_names(None, "Import Files", str(tmp_path), "Text (*.txt)")
    assert sorted(chosen) == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    answer(lambda dialog: dialog.accept())
    assert file_dialogs.get_save_file_name(None, "Export", str(tmp_path / "out.csv"), "CSV (*.csv)")[0] == str(
        tmp_path / "out.csv")
    answer(lambda dialog: dialog.accept())
    assert file_dialogs.get_existing_directory(None, "Import Folder", str(tmp_path)) == str(tmp_path)
    answer(lambda dialog: dialog.reject())
    assert file_dialogs.get_open_file_names(None, "Import Files", str(tmp_path), "Text (*.txt)") == ([], "")
