"""What the status bar says after a change, with the key that takes it back ("Merged 3 articles — Ctrl+Z to undo")."""

from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMainWindow, QWidget

from curator.core.library import Changes

CONFIRMATION_MS = 8000


def key_text(key: QKeySequence.StandardKey | str) -> str:
    """A key as the platform writes it ("Ctrl+Z"; "⌘Z" on macOS)."""
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


def undo_hint(message: str) -> str:
    return f"{message} — {key_text(QKeySequence.StandardKey.Undo)} to undo"


def redo_hint(message: str) -> str:
    # Ctrl+Shift+Z works on every platform (window_history.redo_keys); Ctrl+Y is not the Mac's.
    return f"{message} — {key_text('Ctrl+Shift+Z')} to redo"


def confirm(parent: QWidget, text: str) -> None:
    """Say ``text`` for a while in the status bar of the window ``parent`` is in."""
    window = parent.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, CONFIRMATION_MS)


def confirmed(parent: QWidget, done: Callable[[Changes], None], message: str | Callable[[Changes], str],
              hint: Callable[[str], str] = undo_hint) -> Callable[[Changes], None]:
    """``done``, then the message (or what ``message`` makes of the changes) with the key that takes it back."""
    def finished(changes: Changes) -> None:
        done(changes)
        confirm(parent, hint(message(changes) if callable(message) else message))
    return finished
