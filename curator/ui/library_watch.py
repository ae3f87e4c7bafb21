"""Keeping an open window true to its library: changes made elsewhere, and articles nobody checked yet.

Every couple of seconds the window's reader connection asks SQLite whether another connection
has committed (``PRAGMA data_version``, one cheap pragma on the UI thread). The command line, or
the window's own worker, has then changed the library: the window re-reads what it shows, and
any article the duplicate and story scans have not seen (imported by ``curator import``, kept
from a cancelled import, restored from the trash) is checked in the background, with its progress
and a Cancel button in the status bar. Review → Find Duplicates Now runs the same check on demand.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import suppress
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QToolButton,
    QWidget,
)

from curator.core.curation import CheckReport, check_in_background
from curator.core.errors import Cancelled
from curator.core.library import Changes, Library
from curator.core.progress import CancelCheck, ProgressCallback
from curator.ui import ops
from curator.ui.tasks import Task, TaskRunner

POLL_MS = 2000
MESSAGE_MS = 12000


class ScanStatus(QWidget):
    """The status bar's part while a check runs: what it is doing, how far it is, and Cancel."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("scanStatus")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel("Checking new articles for duplicates…")
        self.bar = QProgressBar()
        self.bar.setFixedWidth(140)
        self.bar.setTextVisible(False)
        self.bar.setRange(0, 0)  # busy until the scan reports its total
        self.cancel_button = QToolButton()
        self.cancel_button.setObjectName("cancelScan")
        self.cancel_button.setText("Cancel")
        self.cancel_button.setToolTip("Stop checking; nothing is lost, and the check runs again later")
        for widget in (self.label, self.bar, self.cancel_button):
            layout.addWidget(widget)
        self.hide()

    def show_progress(self, done: int, total: int, phase: str) -> None:
        self.label.setText(f"{phase}: {done:,} of {total:,}" if total else f"{phase}…")
        self.bar.setRange(0, max(total, 0))
        self.bar.setValue(done)


class LibraryWatch(QObject):
    """Polls the library for changes made by other connections and checks articles nobody has checked.

    ``changed_elsewhere`` fires when the library changed while the window was idle: the window
    re-reads everything it shows. ``checked`` carries what a finished check changed.
    """

    changed_elsewhere = Signal()
    checked = Signal(Changes)

    def __init__(self, window: QMainWindow, library: Library, tasks: TaskRunner, busy: Callable[[], bool]):
        super().__init__(window)
        self._window = window
        self._library = library
        self._tasks = tasks
        self._busy = busy  # the window is importing or saving a change: it refreshes when that ends
        self._version = library.data_version()
        self._checked_at = -1  # the journal's latest id when the last check ended: no new check before it moves
        self._task: Task | None = None
        self._watching = False
        self.status = ScanStatus()
        self.status.cancel_button.clicked.connect(self.cancel)
        self.find_action = QAction("Find Duplicates Now", window)
        self.find_action.setStatusTip("Check the articles not checked yet for copies and other versions of their stories")
        self.find_action.triggered.connect(lambda: self.check_now())
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.poll)
        # Owned, so it dies with the window when that closes before the event loop gets to it.
        self._first_check = QTimer(self)
        self._first_check.setSingleShot(True)
        self._first_check.setInterval(0)
        self._first_check.timeout.connect(self.check_unchecked)

    def start(self) -> None:
        """Begin watching, and check what was imported while the window was closed (not in a library open
        read-only, which keeps no pairs a check finds: Find Duplicates Now says so)."""
        self._watching = True
        self._timer.start()
        if not self._library.read_only:
            self._first_check.start()

    def stop(self) -> None:
        """Stop for good: the window is closing, and its library with it."""
        self._watching = False
        self._timer.stop()
        self._first_check.stop()
        self.cancel()

    def acknowledge(self) -> None:
        """The window has just re-read what its change touched: that write needs no second refresh (what
        another process wrote before it was read too). Then check what the change left unchecked (a
        restored article, a merge's new text)."""
        self._version = self._library.data_version()
        self.check_unchecked()

    @property
    def scan_running(self) -> bool:
        return self._task is not None and not self._task.finished

    def poll(self) -> None:
        """Whether another connection wrote since the last look; if so (and the window is idle) say so."""
        if self.scan_running or self._busy():
            return  # looked at again when idle, so a change made meanwhile is not missed
        version = self._library.data_version()
        if version == self._version:
            return
        self._version = version
        self.changed_elsewhere.emit()  # the window refreshes, then acknowledges

    def check_unchecked(self) -> None:
        """Check the articles the scans have not seen, unless a check since the last change found them all
        (only while watching: until the app starts it, a window checks on demand only)."""
        if self._watching and self._library.latest_history_id() != self._checked_at:
            self.check_now(quiet=True)

    def check_now(self, *, quiet: bool = False) -> Task:
        """Review → Find Duplicates Now: scan what is new; say so when there is nothing (unless ``quiet``).
        Whether anything is new is counted on the worker too: in a large library, counting the
        articles a scan has not seen takes longer than the window may stop answering."""
        if self.scan_running and self._task is not None:
            return self._task

        # Where the journal stood when the check ended, read on the worker: the window's own changes
        # run there too, one at a time, so a change queued behind the check (a restore made while it
        # ran) comes after it and asks for a check of its own. Read on this thread when the check's
        # result arrives, it could already count that change as checked.
        journal_at = [self._library.latest_history_id()]

        def job(library: Library, progress: ProgressCallback, cancelled: CancelCheck) -> CheckReport | None:
            try:
                return check_in_background(library, progress=progress, cancelled=cancelled)
            finally:
                with suppress(sqlite3.Error):  # the check's own error is the one to report
                    journal_at[0] = library.latest_history_id()

        def show_progress(done: int, total: int, phase: str) -> None:
            if self.status.isHidden():
                # In the status bar only while it runs: even hidden, it would set the bar's height.
                self._window.statusBar().addPermanentWidget(self.status)
                self.status.show()
            self.status.show_progress(done, total, phase)

        self._task = self._tasks.submit(job, on_done=partial(self._finished, quiet, journal_at),
                                        on_error=partial(self._failed, journal_at), on_progress=show_progress)
        return self._task

    def cancel(self) -> None:
        if self.scan_running and self._task is not None:
            self._task.cancel()

    def _hide_status(self) -> None:
        if not self.status.isHidden():
            self._window.statusBar().removeWidget(self.status)
            self.status.hide()

    def _finished(self, quiet: bool, journal_at: list[int], report: CheckReport | None) -> None:
        self._hide_status()
        self._checked_at = journal_at[0]
        if report is None:  # nothing was new
            if not quiet:
                self._say("Every article has been checked for duplicates.")
            return
        added = tuple(report.copies.added) + tuple(report.stories.added if report.stories else ())
        # A quiet check that found nothing leaves a message in the status bar where it is: after a
        # merge it would take the place of "… — Ctrl+Z to undo".
        if added or not quiet or not self._window.statusBar().currentMessage():
            self._say(report.summary() + ".")
        self.checked.emit(Changes(None, pairs=added))

    def _say(self, text: str) -> None:
        """Say ``text`` in the status bar now, and again on the next turn of the event loop: taking the
        progress out re-lays the bar out, and Qt then shows its labels again, over a message said in the
        same turn; said again (Qt ignores the same message twice, so cleared first) it hides them."""
        ops.show_status(self._window, text, MESSAGE_MS)

        def again() -> None:
            bar = self._window.statusBar()
            if bar.currentMessage() == text:
                bar.clearMessage()
                ops.show_status(self._window, text, MESSAGE_MS)

        QTimer.singleShot(0, self, again)

    def _failed(self, journal_at: list[int], error: BaseException) -> None:
        self._hide_status()
        self._checked_at = journal_at[0]
        if not isinstance(error, Cancelled):
            ops.explain_failure(self._window, "Checking for duplicates", error,
                                "Checking for duplicates stopped; the pairs found before are kept.")
