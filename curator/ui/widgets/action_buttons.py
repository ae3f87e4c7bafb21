"""A push button standing for an action: it triggers the action, and follows its enabled state and its
tooltip, so whatever enables, disables or explains the action (a library open read-only, say) does the
same to the button."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton


def action_button(action: QAction) -> QPushButton:
    """A button with ``action``'s text that triggers it, enabled and explained as it is."""
    button = QPushButton(action.text())
    button.clicked.connect(action.trigger)

    def follow() -> None:
        button.setEnabled(action.isEnabled())
        button.setToolTip(action.toolTip())

    follow()
    action.changed.connect(follow)
    return button
