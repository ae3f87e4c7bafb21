"""A window on a library on read-only storage: it opens, browses and backs up, says "Read-only", checks
nothing on its own, and refuses each change with the core's one line, before any dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QLabel, QMessageBox

from curator.core.ingest import import_paths, sample_paths
from curator.core.library import Library
from curator.ui import app as app_module
from curator.ui import file_dialogs
from curator.ui.main_window import DEFAULT_SIZE, MainWindow
from curator.ui.tasks import SynchronousTaskManager
from tests.read_only_storage import files_in, mount_read_only


@pytest.fixture
def archive(tmp_path, monkeypatch) -> Path:
    """The sample articles, imported and never checked for duplicates, on read-only storage."""
    folder = tmp_path / "archive"
    folder.mkdir()
    library = Library.open(folder / "news.db")
    import_paths(library, sample_paths())
    library.close()
    mount_read_only(monkeypatch, folder)
    return folder / "news.db"


@pytest.fixture
def archive_window(qtbot, archive):
    library = Library.open(archive)
    tasks = SynchronousTaskManager(archive)
    window = MainWindow(library, tasks)
    window.resize(DEFAULT_SIZE)
    qtbot.addWidget(window)
    window.show()
    window.watch.start()
    yield window
    window.close()
    tasks.shutdown()
    library.close()


def _refusal(window) -> str:
    box = window.findChild(QMessageBox, "refusal")
    assert box is not None
    return box.text()


def test_the_window_opens_the_library_read_only_and_says_so(qtbot, archive, archive_window):
    window = archive_window
    assert window.windowTitle() == "Curator — news (Read-Only)"
    label = window.statusBar().findChild(QLabel, "readOnly")
    assert label is not None and label.isVisible() and label.text() == "Read-only"
    assert "copy it to a folder you can write in" in label.toolTip()
    assert window.library_view.article_count == 2
    window.library_view.select_row(0)
    qtbot.wait(50)  # the scan it would start on opening, were it writable
    assert window.findChild(QMessageBox) is None and not window.watch.scan_running


def test_a_change_is_refused_with_one_line_and_nothing_written(qtbot, archive, archive_window, monkeypatch):
    before = files_in(archive.parent)
    window = archive_window
    window.library_view.select_row(0)
    window.articles.trash_action.trigger()
    assert _refusal(window) == (f"This library is on read-only storage ({archive}): copy it to a folder you can "
                                "write in to change it")
    assert window.library_view.article_count == 2 and not window.change_running
    window.findChild(QMessageBox, "refusal").close()

    monkeypatch.setattr(file_dialogs, "get_open_file_names", lambda *args: pytest.fail("no files to choose"))
    window.import_files_action.trigger()  # refused before the files are chosen
    assert "read-only storage" in _refusal(window)
    assert files_in(archive.parent) == before


def test_a_read_only_library_backs_up_to_a_copy_that_can_be_changed(qtbot, archive, archive_window, tmp_path):
    archive_window.library_files.back_up_to(tmp_path / "copy.db")
    assert "Backed up the library to" in archive_window.statusBar().currentMessage()
    copy = Library.open(tmp_path / "copy.db")
    try:
        assert not copy.read_only and copy.count_articles() == 2
    finally:
        copy.close()


def test_without_a_lock_file_the_local_server_keeps_one_window_per_library(qtbot, tmp_path, monkeypatch):
    """On read-only storage no lock file can be made beside the library."""
    monkeypatch.setattr(QLockFile, "tryLock", lambda self, timeout=0: False)
    monkeypatch.setattr(QLockFile, "error", lambda self: QLockFile.LockError.PermissionError)
    library = tmp_path / "news.db"
    first, second, third = (app_module.LibraryGuard(library) for _ in range(3))
    assert first.claim()
    try:
        assert not second.claim()  # the first answers: a second start asks it to come forward
    finally:
        first.release()
    assert third.claim()
    third.release()
