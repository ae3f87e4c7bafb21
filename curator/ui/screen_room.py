"""Windows and dialogs sized to the screen they open on: no larger than its free area, so every button
can be seen and reached on a small screen (800x600), and no smaller than their contents need."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Pixels left around a window on a small screen for the title bar and frame the window manager adds,
# which are not known before the window is shown.
FRAME_ALLOWANCE = 40


def fitted_size(wanted: QSize, free: QRect, least: QSize) -> QSize:
    """``wanted``, no larger than ``free`` less a frame's room, and no smaller than ``least``."""
    room = QSize(free.width() - FRAME_ALLOWANCE, free.height() - FRAME_ALLOWANCE)
    return wanted.boundedTo(room).expandedTo(least)


def resize_for_screen(widget: QWidget, wanted: QSize) -> bool:
    """Resize ``widget`` to ``wanted``, fitted to its screen's free area; whether it had to be made smaller."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        widget.resize(wanted)
        return False
    size = fitted_size(wanted, screen.availableGeometry(), widget.minimumSizeHint())
    widget.resize(size)
    return size != wanted
