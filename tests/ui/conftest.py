"""Windows and task managers over a real library file; every UI test gets QSettings of its own."""

import pytest
from PySide6.QtCore import QSettings

from curator.ui.main_window import DEFAULT_SIZE, GEOMETRY_KEY, MainWindow
from curator.ui.tasks import SynchronousTaskManager, TaskManager
from tests.qt_settings import isolated_qsettings  # noqa: F401  (an autouse fixture: applies to every UI test)


@pytest.fixture
def sync_tasks(library):
    """Runs each job inline: results arrive before ``submit`` returns."""
    tasks = SynchronousTaskManager(library.path)
    yield tasks
    tasks.shutdown()


@pytest.fixture
def threaded_tasks(library):
    """The real background worker, with its own connection to the library file."""
    tasks = TaskManager(library.path)
    yield tasks
    tasks.shutdown()


@pytest.fixture
def make_window(qtbot, library):
    """Open a main window on ``library`` with the given task manager (closed after the test)."""
    windows = []

    def make(tasks):
        window = MainWindow(library, tasks)
        if not QSettings().contains(GEOMETRY_KEY):
            # The default size: the offscreen screen (800 wide) would have it fitted to a small screen.
            window.resize(DEFAULT_SIZE)
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


@pytest.fixture
def window(make_window, sync_tasks):
    return make_window(sync_tasks)
