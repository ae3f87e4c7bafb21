"""What the app's long list tables share: fixed row heights, sized columns, whole-row selection."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

CELL_PADDING = 20


def configure_list_table(table: QTableView, column_samples: dict[int, str], stretch_column: int, *,
                         lines_per_row: int = 1) -> None:
    """One selected row at a time; columns sized to sample text, ``stretch_column`` taking the rest.

    Rows have a fixed height, so the view never measures rows and never reads pages it does not show.
    """
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setCornerButtonEnabled(False)
    table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    table.verticalHeader().hide()
    rows = table.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    metrics = table.fontMetrics()
    rows.setDefaultSectionSize(metrics.lineSpacing() * lines_per_row + (10 if lines_per_row == 1 else 12))
    columns = table.horizontalHeader()
    columns.setHighlightSections(False)
    columns.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    columns.setStretchLastSection(False)
    columns.setMinimumSectionSize(40)
    for column, sample in column_samples.items():
        columns.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        columns.resizeSection(column, metrics.horizontalAdvance(sample) + CELL_PADDING)
    columns.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)


def select_table_row(table: QTableView, row: int, column: int) -> None:
    """Make ``row`` the current, selected row and scroll it into view (nothing if out of range)."""
    index = table.model().index(row, column)
    if not index.isValid():
        return
    table.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    table.scrollTo(index)


class NarrowColumns(QObject):
    """Hides a list's ``optional`` columns, the last first, while the list is too narrow to leave
    ``room`` pixels to its stretching column, and shows them again when it widens: on a small screen
    the titles stay readable, where "A …" under every other column's header read as nothing."""

    def __init__(self, table: QTableView, optional: tuple[int, ...], stretch_column: int, room: int) -> None:
        super().__init__(table)
        self._table, self._optional, self._stretch, self._room = table, optional, stretch_column, room
        self._widths = {column: table.horizontalHeader().sectionSize(column) for column in optional}
        self._pending = False
        self._left_out: set[int] = set()
        table.installEventFilter(self)

    def leave_out(self, columns: set[int]) -> None:
        """Hide these optional columns whatever the width (a column every row leaves empty says nothing),
        giving their room to the others; the rest of the optional columns are shown again as width allows."""
        if columns != self._left_out:
            self._left_out = set(columns)
            self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._table and event.type() in (QEvent.Type.Resize, QEvent.Type.Show) and not self._pending:
            # After the table has laid out its viewport for the new size, which it does after this event.
            self._pending = True
            QTimer.singleShot(0, self.fit)
        return False

    def fit(self) -> None:
        self._pending = False
        header = self._table.horizontalHeader()
        for column in self._optional:
            if not header.isSectionHidden(column):
                self._widths[column] = header.sectionSize(column)  # as the user last left it
        fixed = sum(header.sectionSize(column) for column in range(header.count())
                    if column != self._stretch and column not in self._optional and not header.isSectionHidden(column))
        shown = [column for column in self._optional if column not in self._left_out]
        while shown and self._table.viewport().width() - fixed - sum(self._widths[c] for c in shown) < self._room:
            shown.pop()
        for column in self._optional:
            if header.isSectionHidden(column) != (column not in shown):
                header.setSectionHidden(column, column not in shown)
                if column in shown:
                    header.resizeSection(column, self._widths[column])
