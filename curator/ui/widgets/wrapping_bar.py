"""A bar of button groups side by side that stacks them when its width runs short."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QSizePolicy, QWidget

GROUP_SPACING = 6


class WrappingBar(QWidget):
    """Groups of widgets in one row, the first at the left and the last at the right; too narrow for one
    row, each group takes a row of its own. So a pane of buttons never holds a small window wider
    than its screen, nor squeezes a button's label."""

    def __init__(self, parent: QWidget | None = None, *, margins: tuple[int, int, int, int] = (12, 6, 12, 8)):
        super().__init__(parent)
        self._groups: list[QWidget] = []
        self._rows = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._rows.setContentsMargins(*margins)
        self._rows.setSpacing(GROUP_SPACING)
        # The width the bar asks for is the widest group's, set below; one row is only a preference.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def add_group(self, widgets: Sequence[QWidget]) -> None:
        group = QWidget()
        row = QHBoxLayout(group)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(GROUP_SPACING)
        # Stacked, the first group keeps to the left and the others to the right, as in one row.
        if self._groups:
            row.addStretch(1)
        for widget in widgets:
            row.addWidget(widget)
        if not self._groups:
            row.addStretch(1)
        if self._groups:
            self._rows.addStretch(1)
        self._rows.addWidget(group)
        self._groups.append(group)
        self.regroup()

    def regroup(self) -> None:
        """Lay the groups in one row if they fit, else one above the other (after a group changes)."""
        widths = [group.sizeHint().width() for group in self._groups]
        self.setMinimumWidth(max(widths, default=0) + self._sides())
        one_row = sum(widths) + GROUP_SPACING * max(len(widths) - 1, 0) + self._sides() <= self.width()
        direction = QBoxLayout.Direction.LeftToRight if one_row else QBoxLayout.Direction.TopToBottom
        if self._rows.direction() != direction:
            self._rows.setDirection(direction)
        self._rows.invalidate()

    def _sides(self) -> int:
        margins = self._rows.contentsMargins()
        return margins.left() + margins.right()

    @property
    def rows(self) -> int:
        return 1 if self._rows.direction() == QBoxLayout.Direction.LeftToRight else len(self._groups)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.regroup()
