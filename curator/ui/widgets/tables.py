"""What the app's long list tables share: fixed row heights, sized columns, whole-row selection."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
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
