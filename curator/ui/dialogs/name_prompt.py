"""Asking for a name: a story's, an entity's. Wide enough to show a headline-long name whole."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QInputDialog, QWidget

# Wide enough for a long headline, where QInputDialog's own width showed a third of one.
NAME_FIELD_WIDTH = 460


def ask_for_name(parent: QWidget, title: str, label: str, name: str) -> str | None:
    """The name typed (``name`` to start from, all of it selected to type over), or None if cancelled."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(name)
    screen = parent.screen().availableGeometry().width() if parent.screen() else NAME_FIELD_WIDTH
    dialog.resize(min(NAME_FIELD_WIDTH, int(screen * 0.9)), dialog.sizeHint().height())
    return dialog.textValue() if dialog.exec() == QDialog.DialogCode.Accepted else None
