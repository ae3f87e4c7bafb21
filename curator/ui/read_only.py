"""A window on a library open read-only (on read-only storage, or one this user may not write): it says so in
its title and its status bar, and refuses each change as it is asked for, before a file dialog or the
worker, with the one line the core refuses it with (``Library.refuse_changes``). Browsing, searching,
comparing, exporting and backing up (a copy one can change) work as on any library.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from curator.core.library import Library, ReadOnlyLibrary
from curator.ui import ops

TITLE_MARK = "(Read-Only)"


def mark_read_only(window: QMainWindow, library: Library) -> QLabel | None:
    """Say in ``window``'s title and status bar that ``library`` is open read-only, with why in the label's
    tooltip; the label, or None for a library open for writing."""
    try:
        library.refuse_changes()
    except ReadOnlyLibrary as refusal:
        window.setWindowTitle(f"{window.windowTitle()} {TITLE_MARK}")
        label = QLabel("Read-only")
        label.setObjectName("readOnly")
        label.setToolTip(f"{refusal}. File > Back Up Library saves a copy you can change.")
        window.statusBar().addPermanentWidget(label)
        return label
    return None


def refused(parent: QWidget, library: Library, what: str) -> bool:
    """Whether ``what`` (a change) is refused because ``library`` is open read-only; the refusal is shown as
    every refusal is (a warning with its reason)."""
    try:
        library.refuse_changes()
    except ReadOnlyLibrary as refusal:
        ops.explain_failure(parent, what, refusal)
        return True
    return False
