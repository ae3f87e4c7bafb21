"""A bar of button groups side by side that wraps them onto more rows when its width runs short."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

GROUP_SPACING = 6


class WrappingBar(QWidget):
    """Groups of widgets in one row, the first at the left and the others at the right; too narrow for
    one row, the groups fill as many rows as they need, in order, a group never split. So a pane of
    buttons never holds a small window wider than its screen, nor squeezes a button's label."""

    def __init__(self, parent: QWidget | None = None, *, margins: tuple[int, int, int, int] = (12, 6, 12, 8)):
        super().__init__(parent)
        self._groups: list[QWidget] = []
        self._packing: list[list[int]] = []  # the groups of each row, by index
        self._rows: list[QHBoxLayout] = []  # one for each group, should each need its own
        self._lines = QVBoxLayout(self)
        self._lines.setContentsMargins(*margins)
        self._lines.setSpacing(GROUP_SPACING)
        # The width the bar asks for is the widest group's, set below; one row is only a preference.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def add_group(self, widgets: Sequence[QWidget]) -> None:
        group = QWidget(self)
        row = QHBoxLayout(group)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(GROUP_SPACING)
        for widget in widgets:
            row.addWidget(widget)
        self._groups.append(group)
        self._rows.append(QHBoxLayout())
        self._lines.addLayout(self._rows[-1])
        self._packing = []
        self.regroup()

    def regroup(self) -> None:
        """Fill the rows with the groups that fit (after a resize, or a group's buttons changed)."""
        widths = [group.sizeHint().width() for group in self._groups]
        self.setMinimumWidth(max(widths, default=0) + self._sides())
        room = self.width() - self._sides()
        packing: list[list[int]] = []
        used = 0
        for index, width in enumerate(widths):
            if packing and used + GROUP_SPACING + width <= room:
                packing[-1].append(index)
                used += GROUP_SPACING + width
            else:
                packing.append([index])
                used = width
        if packing != self._packing:
            self._packing = packing
            self._lay_out()

    def _lay_out(self) -> None:
        for row in self._rows:
            while row.count():
                row.takeAt(0)  # the groups stay the bar's; the stretches between them go
        for row, indexes in zip(self._rows, self._packing):
            # The first group keeps to the left, the others to the right, in every row.
            if indexes[0] != 0:
                row.addStretch(1)
            for index in indexes:
                row.addWidget(self._groups[index])
                if index == 0:
                    row.addStretch(1)
        self._lines.invalidate()

    def _sides(self) -> int:
        margins = self._lines.contentsMargins()
        return margins.left() + margins.right()

    @property
    def rows(self) -> int:
        return len(self._packing)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.regroup()
