"""One app per library: a second start brings the first window forward and leaves; the CLI is never locked out."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from curator.core.ingest.samples import sample_paths
from curator.core.library.store import Library
from curator.ui import app as app_module
from tests.app_process import START_TIMEOUT, app_environment, app_process, log_text, wait_for_log


def test_a_second_start_brings_the_first_window_forward_and_exits(tmp_path):
    env = app_environment(tmp_path)
    library = tmp_path / "news.db"
    command = [sys.executable, "-m", "curator.ui.app", "--db", str(library)]
    with app_process(command, env, tmp_path / "first.out") as first:
        wait_for_log(env, f"Opened library {library}", first, tmp_path / "first.out")

        second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=START_TIMEOUT)
        assert second.returncode == 0, second.stderr
        assert f"Curator is already open on {library}" in second.stderr
        assert first.poll() is None
        assert "Another start on this library asked the window to come forward" in log_text(env)

        # The command line takes no lock: it imports while the app has the library open.
        cli = subprocess.run([sys.executable, "-m", "curator", "--db", str(library), "import",
                              str(sample_paths()[0].parent)], env=env, capture_output=True, text=True,
                             timeout=START_TIMEOUT)
        assert (cli.returncode, cli.stdout) == (0, "Imported 2 articles.\n")

        first.terminate()
        first.wait(timeout=START_TIMEOUT)
    with sqlite3.connect(library) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    reopened = Library.open(library)
    assert reopened.db.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    reopened.close()


def test_a_lock_left_by_a_killed_app_is_taken_over(qtbot, tmp_path, monkeypatch):
    env = app_environment(tmp_path)
    library = tmp_path / "news.db"
    with app_process([sys.executable, "-m", "curator.ui.app", "--db", str(library)], env,
                     tmp_path / "first.out") as first:
        wait_for_log(env, f"Opened library {library}", first, tmp_path / "first.out")
        first.kill()
    assert (tmp_path / "news.db.lock").is_file()

    titles = []

    def fake_exec():
        titles.extend(w.windowTitle() for w in QApplication.topLevelWidgets()
                      if w.objectName() == "mainWindow" and w.isVisible())
        return 0

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    assert app_module.run(library) == 0
    assert titles == ["Curator — news"]
    assert not (tmp_path / "news.db.lock").exists()


def test_a_library_held_by_an_app_that_does_not_answer_is_explained(qtbot, tmp_path, monkeypatch):
    library = tmp_path / "news.db"
    holder = app_module.LibraryGuard(library)
    assert holder.claim()  # listening, but this thread never returns to an event loop to answer
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(app_module, "ANSWER_TIMEOUT_SECONDS", 0.5)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    try:
        assert app_module.run(library) == 1
    finally:
        holder.release()
    assert f"The library {library} is open in another Curator window" in shown[0]
    assert str(tmp_path / "news.db.lock") in shown[0]
    assert not library.exists()  # the second start never opened it


def test_a_library_opened_from_a_window_gets_its_own_window_and_lock(qtbot, tmp_path, monkeypatch):
    news, archive = tmp_path / "news.db", tmp_path / "archive.db"
    seen = {}

    def visible_titles():
        return sorted(w.windowTitle() for w in QApplication.topLevelWidgets()
                      if w.objectName() == "mainWindow" and w.isVisible())

    def fake_exec():
        first = next(w for w in QApplication.topLevelWidgets()
                     if w.isVisible() and w.windowTitle() == "Curator — news")
        first.open_library_requested.emit(archive)
        first.open_library_requested.emit(archive)  # open already: brought forward, not opened twice
        first.open_library_requested.emit(news)
        seen["windows"] = visible_titles()
        seen["locks"] = sorted(path.name for path in tmp_path.glob("*.lock"))
        first.close()
        qtbot.waitUntil(lambda: not (tmp_path / "news.db.lock").exists())
        seen["after closing news"] = visible_titles()
        return 0

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    assert app_module.run(news) == 0
    assert seen == {
        "windows": ["Curator — archive", "Curator — news"],
        "locks": ["archive.db.lock", "news.db.lock"],
        "after closing news": ["Curator — archive"],
    }
    assert list(tmp_path.glob("*.lock")) == []
