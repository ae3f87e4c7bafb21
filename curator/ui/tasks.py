"""Run library operations off the UI thread, one at a time.

One worker thread owns the write connection: its ``Library`` is opened inside
that thread and every job runs there in submission order, so writes never race
and the UI never waits on SQLite. A job is ``job(library, progress, cancelled)``;
its result (or exception) comes back to the UI thread through a queued Qt
signal and is handed to ``on_done`` (or ``on_error``).

Reads too long for the UI thread (ranking a search, counting the open suggestions,
comparing a pair) run on a second thread with its own connection (``read``):
under WAL they never wait for a write, nor a write for them, so a search answers
while an import runs.

>>> tasks = TaskManager(library_path)
>>> tasks.submit(lambda library, progress, cancelled: library.count_articles(),
...              on_done=lambda count: print(count))

Tests can swap in :class:`SynchronousTaskManager`, which has the same interface
but runs each job inline.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any, Callable, Protocol

from PySide6.QtCore import QObject, Qt, Signal

from curator.core.library import Library
from curator.core.progress import CancelCheck, ProgressCallback

Job = Callable[[Library, ProgressCallback, CancelCheck], Any]
ReadJob = Callable[[Library], Any]
DoneCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


def raise_on_ui_thread(error: BaseException) -> None:
    """The default ``on_error``: re-raise, so a failure is never silently dropped."""
    raise error


class Task:
    """One submitted job, as the UI sees it: cancel it, or ask whether it has finished.

    Progress reports are coalesced: however fast the worker reports, at most one
    update per task waits in the UI's event queue, and it carries the latest values.
    """

    def __init__(self, on_progress: ProgressCallback | None, post: Callable[[Callable[[], None]], None]):
        self._on_progress = on_progress
        self._post = post
        self._cancel_requested = threading.Event()
        self._lock = threading.Lock()
        self._latest_progress: tuple[int, int, str] | None = None
        self.finished = False

    def cancel(self) -> None:
        """Ask the job to stop; it notices the next time it checks ``cancelled()``."""
        self._cancel_requested.set()

    def is_cancelled(self) -> bool:
        return self._cancel_requested.is_set()

    def report_progress(self, done: int, total: int, label: str) -> None:
        """Called by the job (on the worker thread)."""
        if self._on_progress is None:
            return
        with self._lock:
            already_queued = self._latest_progress is not None
            self._latest_progress = (done, total, label)
        if not already_queued:
            self._post(self._deliver_progress)

    def _deliver_progress(self) -> None:
        with self._lock:
            latest, self._latest_progress = self._latest_progress, None
        if latest is not None and not self.finished and self._on_progress is not None:
            self._on_progress(*latest)


class TaskRunner(Protocol):
    """What windows and ops need from a task manager; both managers below provide it."""

    def submit(
        self,
        job: Job,
        on_done: DoneCallback,
        on_error: ErrorCallback = raise_on_ui_thread,
        on_progress: ProgressCallback | None = None,
    ) -> Task: ...

    def read(self, job: ReadJob, on_done: DoneCallback, on_error: ErrorCallback = raise_on_ui_thread) -> None: ...

    def cancel_all(self) -> None: ...

    def shutdown(self) -> None: ...


class TaskManager(QObject):
    """The single background worker. Create one per open library; ``shutdown()`` when done."""

    _run_on_ui_thread = Signal(object)

    def __init__(self, library_path: Path, parent: QObject | None = None):
        super().__init__(parent)
        self._library_path = library_path
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="curator-worker")
        self._worker_library: Library | None = None  # opened and used only on the worker thread
        self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="curator-reader")
        self._reader_library: Library | None = None  # opened and used only on the reader thread
        self._running: set[Task] = set()
        self._shut_down = False
        # Queued explicitly: the slot must run on this object's (the UI) thread even
        # though the signal is emitted from the worker thread.
        self._run_on_ui_thread.connect(self._call, Qt.ConnectionType.QueuedConnection)

    def submit(
        self,
        job: Job,
        on_done: DoneCallback,
        on_error: ErrorCallback = raise_on_ui_thread,
        on_progress: ProgressCallback | None = None,
    ) -> Task:
        if self._shut_down:
            raise RuntimeError("the task manager has been shut down")
        task = Task(on_progress, self._run_on_ui_thread.emit)
        self._running.add(task)
        self._executor.submit(self._run_on_worker, task, job, on_done, on_error)
        return task

    def read(self, job: ReadJob, on_done: DoneCallback, on_error: ErrorCallback = raise_on_ui_thread) -> None:
        """Run ``job(library)`` on the reader thread, which writes nothing; its result goes to ``on_done``."""
        if self._shut_down:
            raise RuntimeError("the task manager has been shut down")
        self._reader.submit(self._read_on_reader, job, on_done, on_error)

    def cancel_all(self) -> None:
        for task in list(self._running):
            task.cancel()

    def shutdown(self) -> None:
        """Cancel what is running, wait for the worker to stop and close its connection."""
        if self._shut_down:
            return
        self._shut_down = True
        self.cancel_all()
        self._executor.submit(self._close_worker_library)
        self._reader.submit(self._close_reader_library)
        self._executor.shutdown(wait=True)
        self._reader.shutdown(wait=True)

    def _run_on_worker(self, task: Task, job: Job, on_done: DoneCallback, on_error: ErrorCallback) -> None:
        try:
            if self._worker_library is None:
                self._worker_library = Library.open(self._library_path)
            result = job(self._worker_library, task.report_progress, task.is_cancelled)
        except Exception as error:  # handed to on_error on the UI thread, never lost
            self._run_on_ui_thread.emit(partial(self._finish, task, on_error, error))
        else:
            self._run_on_ui_thread.emit(partial(self._finish, task, on_done, result))

    def _read_on_reader(self, job: ReadJob, on_done: DoneCallback, on_error: ErrorCallback) -> None:
        try:
            if self._reader_library is None:
                self._reader_library = Library.open(self._library_path)
            result = job(self._reader_library)
        except Exception as error:  # handed to on_error on the UI thread, never lost
            self._run_on_ui_thread.emit(partial(self._answer, on_error, error))
        else:
            self._run_on_ui_thread.emit(partial(self._answer, on_done, result))

    def _answer(self, callback: Callable[[Any], None], value: Any) -> None:
        if not self._shut_down:  # the window that asked is gone; nobody wants the answer
            callback(value)

    def _close_reader_library(self) -> None:
        if self._reader_library is not None:
            self._reader_library.close()
            self._reader_library = None

    def _close_worker_library(self) -> None:
        if self._worker_library is not None:
            self._worker_library.close()
            self._worker_library = None

    def _finish(self, task: Task, callback: Callable[[Any], None], value: Any) -> None:
        task.finished = True
        self._running.discard(task)
        if not self._shut_down:  # the window that asked is gone; nobody wants the answer
            callback(value)

    def _call(self, closure: Callable[[], None]) -> None:
        closure()


class SynchronousTaskManager:
    """Runs every job inline on the calling thread, for tests: results arrive before ``submit`` returns."""

    def __init__(self, library_path: Path):
        self._library = Library.open(library_path)

    def submit(
        self,
        job: Job,
        on_done: DoneCallback,
        on_error: ErrorCallback = raise_on_ui_thread,
        on_progress: ProgressCallback | None = None,
    ) -> Task:
        task = Task(on_progress, lambda deliver: deliver())
        try:
            result = job(self._library, task.report_progress, task.is_cancelled)
        except Exception as error:
            task.finished = True
            on_error(error)
        else:
            task.finished = True
            on_done(result)
        return task

    def read(self, job: ReadJob, on_done: DoneCallback, on_error: ErrorCallback = raise_on_ui_thread) -> None:
        try:
            result = job(self._library)
        except Exception as error:
            on_error(error)
        else:
            on_done(result)

    def cancel_all(self) -> None:
        """Nothing can be running between calls: every job finishes inside ``submit``."""

    def shutdown(self) -> None:
        self._library.close()
