"""Ctrl+C on the command line: a cancel the core honours at its next check, never a traceback.

The first Ctrl+C asks the running operation to stop (an export then writes nothing, an
import keeps what it stored before); a second one stops at once, as an interrupt that
``main`` reports in one line. Either way the command exits with ``EXIT_INTERRUPTED``, the
shell's code for a command ended by SIGINT.
"""

from __future__ import annotations

import signal
import threading
from contextlib import AbstractContextManager, contextmanager
from typing import Iterator

from curator.core.progress import CancelCheck, never_cancelled

EXIT_INTERRUPTED = 130


def cancel_on_interrupt() -> AbstractContextManager[CancelCheck]:
    """A cancel check that turns true at the first Ctrl+C inside the block; a second raises KeyboardInterrupt."""
    return _interrupts(second_stops=True)


def interrupts_held() -> AbstractContextManager[CancelCheck]:
    """Ctrl+C inside the block is held, not acted on, however often pressed: for a change that is one
    short transaction (an undo), where stopping after its commit would leave the command saying
    nothing happened. The check says whether Ctrl+C came."""
    return _interrupts(second_stops=False)


@contextmanager
def _interrupts(second_stops: bool) -> Iterator[CancelCheck]:
    if threading.current_thread() is not threading.main_thread():
        yield never_cancelled  # only the main thread may handle signals; Ctrl+C stays an interrupt
        return
    requested = threading.Event()

    def on_interrupt(signum, frame) -> None:
        if second_stops and requested.is_set():
            raise KeyboardInterrupt
        requested.set()

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        yield requested.is_set
    finally:
        signal.signal(signal.SIGINT, previous)
