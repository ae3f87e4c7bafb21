"""Starting the app: the icon, an unopenable library, and a clean start and stop."""

import sys

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QMessageBox

from curator.ui import app as app_module
from curator.ui.assets import ICON_SIZES, app_icon, resources_folder
from tests.core.test_newer_library import digest, written_by_a_newer_curator


def test_the_icon_loads_at_every_rendered_size(qapp):
    icon = app_icon()
    assert not icon.isNull()
    for size in ICON_SIZES:
        assert (resources_folder() / "icons" / f"curator-{size}.png").is_file()
        assert icon.pixmap(QSize(size, size)).width() == size


def test_a_library_that_cannot_be_opened_is_explained_not_a_traceback(qtbot, tmp_path, monkeypatch):
    not_a_library = tmp_path / "notes.db"
    not_a_library.write_bytes(b"These are my notes, not a database. " * 100)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    assert app_module.main(["--db", str(not_a_library)]) == 1
    assert "could not be opened" in shown[0] and str(not_a_library) in shown[0]


def test_run_opens_the_window_on_the_library_and_stops_the_worker(qtbot, tmp_path, monkeypatch):
    opened = {}

    def fake_exec():
        window = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow")
        opened["title"] = window.windowTitle()
        opened["icon"] = not QApplication.windowIcon().isNull()
        window.close()
        return 0

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own; restore it afterwards
    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    assert app_module.run(tmp_path / "news.db") == 0
    assert opened == {"title": "Curator — news", "icon": True}
    assert (tmp_path / "news.db").exists()


def test_the_saved_theme_is_applied_at_start_up(qapp):
    from curator.ui.theme import Theme, apply_theme, is_dark, save_theme

    app_module.configure_application(qapp)  # names the app, which places its settings
    save_theme(Theme.DARK)
    try:
        app_module.configure_application(qapp)
        assert is_dark(qapp.palette())
    finally:
        apply_theme(qapp, Theme.AUTOMATIC)
    assert not is_dark(qapp.palette())


def test_a_library_from_a_newer_curator_is_explained_and_left_alone(qtbot, tmp_path, monkeypatch):
    newer = written_by_a_newer_curator(tmp_path / "newer.db", "delete")
    before = digest(newer)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    assert app_module.main(["--db", str(newer)]) == 1
    assert "written by a newer version of Curator" in shown[0]
    assert digest(newer) == before
