"""QSettings for tests that run Qt: empty, in a folder of the test's own, under a test-only application name.

A module of its own (not a conftest) so that only the tests that use Qt take it in: the UI tests'
conftest and the launcher tests import ``isolated_qsettings``, and it applies to every test there.
"""

import pytest


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
