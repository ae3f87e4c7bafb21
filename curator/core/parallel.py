"""Run independent per-batch work across worker processes, in order, falling back to this process.

Used by the duplicate scan (sketching bodies), the entity suggesters (cutting
capitalised phrases) and the story scan (reading articles): each spends most of a
large run on work that depends only on each article's text. Work done in compiled
code that lets go of the interpreter runs on threads instead (``threaded_map``).

>>> batches = [("first", [1, 2]), ("second", [3, 4, 5])]
>>> list(ordered_map(sum, batches, parallel=False, args=(100,)))   # sum(items, 100), batch by batch
[('first', 103), ('second', 112)]
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import pickle
import queue
import signal
import sys
from collections import deque
from contextlib import suppress
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Generator, Iterable, TypeVar

from curator.core.progress import CancelCheck, ProgressCallback

Key = TypeVar("Key")
Item = TypeVar("Item")
Result = TypeVar("Result")
MAX_WORKERS = 4
# prctl's option that sends a signal to a process when the one that started it ends (linux/prctl.h).
_PR_SET_PDEATHSIG = 1


def worker_count() -> int:
    """Worker processes for a parallel run: one per core, up to four."""
    return min(os.cpu_count() or 1, MAX_WORKERS)


def ordered_map(function: Callable[..., Any], batches: Iterable[tuple[Key, list]], *, parallel: bool,
                args: tuple = (), ahead: int = 2) -> Generator[tuple[Key, Any], None, None]:
    """Yield ``(key, function(items, *args))`` for each ``(key, items)`` batch, in the batches' order.

    With ``parallel`` (and more than one core) the calls run in worker processes,
    ``ahead`` batches a worker ahead of the consumer; closing the generator early (a cancel)
    drops the batches not yet started. ``function`` must be a module-level function.
    """
    workers = worker_count()
    if not parallel or workers < 2:
        for key, items in batches:
            yield key, function(items, *args)
        return
    # spawn, not fork: the app runs this on a worker thread, and forking a
    # threaded process is unsafe.
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_worker_started)
    try:
        pending: deque[tuple[Key, list, Future]] = deque()
        for key, items in batches:
            pending.append((key, items, pool.submit(function, items, *args)))
            if len(pending) > ahead * workers:
                yield _result_or_inline(function, args, *pending.popleft())
        while pending:
            yield _result_or_inline(function, args, *pending.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _worker_started() -> None:
    """Set up a worker process (a pool's, or ``run_apart``'s). It ignores Ctrl+C: that reaches the
    whole process group, and only the process that started it decides what it means (a cancel,
    checked between batches); a worker that died of it would print a traceback. On Linux it also
    ends with that process: killed (kill -9), the process would leave its workers waiting for
    batches that never come, or computing what no one will read."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        parent = multiprocessing.parent_process()
        if parent is not None and parent.pid != os.getppid():  # it ended before the kernel was asked to tell
            os._exit(0)


def _result_or_inline(function: Callable[..., Any], args: tuple, key, items: list, future: Future):
    """A worker's result, or the same computed here if the pool could not run.

    Spawned workers re-import the caller's main module; a script without a
    ``__main__`` guard breaks the pool, and the run must still complete.
    """
    try:
        return key, future.result()
    except BrokenProcessPool:
        return key, function(items, *args)


def threaded_map(function: Callable[[Item], Result], items: Iterable[Item]) -> list[Result]:
    """``function`` of each item, in order, on a thread per core: for work done in compiled code that
    lets go of the interpreter (numpy's and scipy's), which a thread runs as fast as a process would."""
    with ThreadPoolExecutor(max_workers=worker_count()) as pool:
        return list(pool.map(function, items))


# How often a run in a process of its own looks at its caller's cancel while nothing is reported (seconds).
_CANCEL_POLL_S = 0.1


def run_apart(function: Callable[..., Result], args: tuple, *, progress: ProgressCallback,
              cancelled: CancelCheck) -> Result:
    """``function(*args, progress=..., cancelled=...)`` run in a process of its own; its progress is
    reported and its cancel asked for here, its result or error returned or raised here.

    For long work on a thread of the app: a thread that computes, letting go of the interpreter and
    taking it back thousands of times a second (numpy on small arrays does), keeps the window's
    thread waiting for it, while a thread waiting on a process leaves it free. ``function`` must be
    a module-level function, its arguments and result picklable.

    Where no process can start (a script without a ``__main__`` guard), or one ends without a word,
    the work is done here instead, as ``ordered_map`` does with a broken pool: it must still complete."""
    context = multiprocessing.get_context("spawn")
    reports: Any = context.Queue()
    stop = context.Event()
    process = context.Process(target=_report_apart, args=(function, args, reports, stop), daemon=False)
    try:
        process.start()
    except RuntimeError:
        return function(*args, progress=progress, cancelled=cancelled)
    try:
        while True:
            if cancelled():
                stop.set()
            try:
                kind, value = reports.get(timeout=_CANCEL_POLL_S)
            except queue.Empty:
                if not process.is_alive() and reports.empty():
                    return function(*args, progress=progress, cancelled=cancelled)
                continue
            if kind == "progress":
                progress(*value)
            elif kind == "error":
                raise value
            else:
                return value
    finally:
        stop.set()
        process.join()


def _report_apart(function: Callable[..., Any], args: tuple, reports: Any, stop: Any) -> None:
    _worker_started()  # as a pool's worker: the caller decides what Ctrl+C means, and it ends with the caller
    try:
        result = function(*args, progress=lambda done, total, phase: reports.put(("progress", (done, total, phase))),
                          cancelled=stop.is_set)
    except BaseException as error:  # handed to the caller, never lost
        try:
            pickle.dumps(error)
        except Exception:  # an error that cannot cross to the caller is told in words
            error = RuntimeError(f"{type(error).__name__}: {error}")
        reports.put(("error", error))
    else:
        reports.put(("done", result))
