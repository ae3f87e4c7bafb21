"""How long operations report progress and hear a cancel, the same in the app, the CLI and tests.

A ``ProgressCallback`` is called with ``(done, total, label)``; a ``CancelCheck`` returns True once
the user has asked to stop, and the operation then raises :class:`curator.core.errors.Cancelled`
at its next safe point.

>>> no_progress(1, 2, "Reading")
>>> never_cancelled()
False
"""

from __future__ import annotations

from typing import Callable

ProgressCallback = Callable[[int, int, str], None]
CancelCheck = Callable[[], bool]


def no_progress(done: int, total: int, label: str) -> None:
    """A progress callback for callers that show none."""


def never_cancelled() -> bool:
    """A cancel check for callers that cannot cancel."""
    return False
