"""Shared fixtures. Qt runs offscreen, and never reads or writes the user's settings or logs."""

import os

# Before anything imports Qt: the platform plugin is chosen when the QApplication is created.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from curator.core.library.store import Library  # noqa: E402


@pytest.fixture(autouse=True)
def isolated_qsettings(tmp_path_factory):
    """Every test gets empty QSettings in its own folder, under a test-only application name."""
    from PySide6.QtCore import QCoreApplication, QSettings

    folder = tmp_path_factory.mktemp("settings")
    QCoreApplication.setOrganizationName("Curator Tests")
    QCoreApplication.setApplicationName("Curator Tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.SystemScope, str(folder / "system"))
    return folder


@pytest.fixture(autouse=True)
def isolated_log_folder(tmp_path_factory, monkeypatch):
    """The app logs into a folder of the test's own, never the user's log folder."""
    folder = tmp_path_factory.mktemp("logs")
    monkeypatch.setenv("CURATOR_LOG_DIR", str(folder))
    return folder


@pytest.fixture
def library(tmp_path):
    """A real, empty library file on disk."""
    library = Library.open(tmp_path / "test.db")
    yield library
    library.close()
