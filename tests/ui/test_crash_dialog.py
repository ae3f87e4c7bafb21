"""An unexpected error is logged and shown with the log file's path; a hard crash leaves its stack in the log."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from curator.ui import app as app_module


def test_an_error_in_the_running_app_is_logged_and_the_dialog_names_the_log_file(
        qtbot, tmp_path, monkeypatch, isolated_log_folder):
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own; restore it afterwards

    def broken_slot():
        raise ValueError("the byline is missing")

    def fake_exec():
        QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(lambda: len(shown) == 1)
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    assert app_module.run(tmp_path / "news.db") == 0

    log_file = isolated_log_folder / "curator.log"
    box = shown[0]
    assert str(log_file) in box.text()
    assert box.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert box.informativeText() == "the byline is missing"
    assert "ValueError: the byline is missing" in box.detailedText()
    logged = log_file.read_text(encoding="utf-8")
    assert "CRITICAL curator.app: Unexpected error\nTraceback (most recent call last):" in logged
    assert 'in broken_slot\n    raise ValueError("the byline is missing")\nValueError: the byline is missing' in logged


def test_a_hard_crash_leaves_every_threads_stack_in_the_log(tmp_path):
    crash = ("import faulthandler\n"
             "from curator.ui.app import logging_to_file\n"
             "with logging_to_file():\n"
             "    faulthandler._sigsegv()\n")
    env = {**os.environ, "CURATOR_LOG_DIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", crash], env=env, capture_output=True, timeout=120)
    assert result.returncode != 0
    logged = (tmp_path / "curator.log").read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in logged
    assert 'File "<string>", line 4 in <module>' in logged
