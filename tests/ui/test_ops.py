"""The one way the app runs a job: progress, then the result, or a failure told by its kind."""

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from curator.core.errors import Cancelled, CuratorError, Refusal
from curator.ui import ops


def raising(error: BaseException):
    def job(library, progress, cancelled):
        raise error

    return job


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def run_failing(parent, sync_tasks, error: BaseException) -> list[str]:
    """Run a job raising ``error`` with a progress dialog; what was called back, in order."""
    called: list[str] = []
    progress = ops.JobProgress(parent, "Backing up", "Copying…")
    ops.run_job(parent, sync_tasks, "Backup", raising(error), lambda _result: called.append("done"),
                progress=progress, failure="The library is unchanged.", on_failed=lambda: called.append("failed"),
                on_cancelled=lambda: called.append("cancelled"))
    assert not progress.isVisible()
    return called


def boxes(parent) -> list[QMessageBox]:
    return [box for box in parent.findChildren(QMessageBox) if box.isVisible()]


def test_a_refusal_is_a_warning_with_its_reason(parent, sync_tasks):
    assert run_failing(parent, sync_tasks, Refusal("Choose another file")) == ["failed"]
    [box] = boxes(parent)
    assert box.objectName() == "refusal" and box.icon() == QMessageBox.Icon.Warning
    assert box.windowTitle() == "Backup not possible" and box.text() == "Choose another file"


def test_a_cancel_says_nothing(parent, sync_tasks):
    assert run_failing(parent, sync_tasks, Cancelled("stopped")) == ["cancelled", "failed"]
    assert boxes(parent) == []


@pytest.mark.parametrize("error", [CuratorError("The disk is full"), RuntimeError("The disk is full")])
def test_any_other_error_is_an_error_box_with_the_traceback(parent, sync_tasks, error):
    assert run_failing(parent, sync_tasks, error) == ["failed"]
    [box] = boxes(parent)
    assert box.icon() == QMessageBox.Icon.Critical and box.windowTitle() == "Backup failed"
    assert box.text() == "The library is unchanged." and box.informativeText() == "The disk is full"
    assert "Traceback" in box.detailedText()


def test_the_result_goes_to_on_done_after_the_progress_closes(parent, sync_tasks):
    progress = ops.JobProgress(parent, "Counting", "Counting…")
    results = []
    ops.run_job(parent, sync_tasks, "Count", lambda library, report, cancelled: library.count_articles(),
                lambda count: results.append((count, progress.isVisible())), progress=progress)
    assert results == [(0, False)]


def test_a_refused_undo_in_the_window_shows_a_warning(window):
    window.undo()
    [box] = [box for box in window.findChildren(QMessageBox) if box.isVisible()]
    assert box.objectName() == "refusal" and box.text() == "Nothing to undo"
    assert not window.change_running
