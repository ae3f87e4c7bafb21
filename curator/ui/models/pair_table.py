"""The review queue as a lazy table: open duplicate suggestions, best first.

Each row is one pair on two lines (A above B), so titles, outlets and dates of
both articles read at a glance. Rows are read a page at a time (``PagedRows``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from curator.core.dedupe import PairQuery, count_pairs, pair_page
from curator.core.library import Library, whole_percent
from curator.ui.models.article_table import format_date
from curator.ui.models.paged import PagedTableModel

COLUMNS = ("Score", "Kind", "Articles", "Outlets", "Dates")
SCORE, KIND, ARTICLES, OUTLETS, DATES = range(len(COLUMNS))

KIND_NAMES = {"exact": "Exact", "near": "Near", "contained": "Contained", "related": "Same story"}
KIND_TOOLTIPS = {
    "exact": "The same text after normalisation",
    "near": "Mostly the same text, edited",
    "contained": "One is an abridged copy of the other",
    "related": "The same story told in other words: another version, not a copy",
}
EMPTY = "—"


class PairTableModel(PagedTableModel):
    """Rows are the open suggestions matching ``query``, best first."""

    COLUMNS = COLUMNS

    def __init__(self, library: Library, query: PairQuery = PairQuery(), *, page_size: int = 200,
                 parent: QObject | None = None):
        super().__init__(query, lambda query: count_pairs(library, query),
                         lambda query, offset, limit: pair_page(library, query, offset, limit),
                         page_size=page_size, parent=parent)

    def pair(self, row: int) -> dict | None:
        """The pair shown in ``row``: ids ``a`` and ``b``, score, kind, both titles, outlets and dates."""
        return self._rows.row(row)

    def row_of(self, a: int, b: int, *, near: int = 0, window: int = 400) -> int | None:
        """The row showing pair (a, b), looked for among the rows around ``near``."""
        for row in range(max(0, near - window), min(len(self._rows), near + window)):
            pair = self._rows.row(row)
            if pair and (pair["a"], pair["b"]) == (a, b):
                return row
        return None

    # QAbstractTableModel ---------------------------------------------------

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        pair = self.pair(index.row())
        if pair is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display_text(pair, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == KIND:
                return KIND_TOOLTIPS.get(pair["kind"])
            if column == ARTICLES:
                return f"A #{pair['a']}: {pair['a_title']}\nB #{pair['b']}: {pair['b_title']}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            vertical = Qt.AlignmentFlag.AlignVCenter
            return (Qt.AlignmentFlag.AlignRight if column == SCORE else Qt.AlignmentFlag.AlignLeft) | vertical
        return None


def _display_text(pair: dict, column: int) -> str:
    if column == SCORE:
        return whole_percent(pair["score"])
    if column == KIND:
        return KIND_NAMES.get(pair["kind"], pair["kind"])
    if column == ARTICLES:
        return f"A  {pair['a_title']}\nB  {pair['b_title']}"
    if column == OUTLETS:
        return f"{pair['a_outlet'] or EMPTY}\n{pair['b_outlet'] or EMPTY}"
    if column == DATES:
        return f"{format_date(pair['a_published']) or EMPTY}\n{format_date(pair['b_published']) or EMPTY}"
    return ""
