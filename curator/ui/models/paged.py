"""Rows of a long query, read a page at a time and only when a view asks for them.

Only the row count is known up front; a few recently used pages are kept. Each
read is one bounded query (``LIMIT page_size``), cheap enough for the UI thread,
so tables stay fast with 100,000 rows.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Callable

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

CountRows = Callable[[], int]
ReadPage = Callable[[int, int], list[dict]]  # (offset, limit) -> rows


class PagedRows:
    """A lazily read, page-cached list of row dicts."""

    def __init__(self, count: CountRows, read_page: ReadPage, *, page_size: int = 200, max_cached_pages: int = 4):
        self._count = count
        self._read_page = read_page
        self._page_size = page_size
        self._max_cached_pages = max_cached_pages
        self._pages: OrderedDict[int, list[dict]] = OrderedDict()  # page index -> rows, least recently used first
        self._row_count = count()

    def reload(self) -> None:
        """Forget every cached row and count again."""
        self._pages.clear()
        self._row_count = self._count()

    def __len__(self) -> int:
        return self._row_count

    @property
    def cached_page_indexes(self) -> list[int]:
        """Pages currently held in memory, least recently used first."""
        return list(self._pages)

    def row(self, index: int) -> dict | None:
        if not 0 <= index < self._row_count:
            return None
        page = self._page(index // self._page_size)
        offset = index % self._page_size
        # The data can shrink under a page we counted; show nothing rather than fail.
        return page[offset] if offset < len(page) else None

    def _page(self, index: int) -> list[dict]:
        if index in self._pages:
            self._pages.move_to_end(index)
            return self._pages[index]
        rows = self._read_page(index * self._page_size, self._page_size)
        self._pages[index] = rows
        while len(self._pages) > self._max_cached_pages:
            self._pages.popitem(last=False)
        return rows


def header_data(columns: tuple[str, ...], section: int, orientation: Qt.Orientation, role: int, *,
                tooltips: dict[int, str] | None = None, right_aligned: tuple[int, ...] = ()) -> Any:
    """A table model's ``headerData``: column names, their tooltips, counts aligned right."""
    if orientation != Qt.Orientation.Horizontal:
        return None
    if role == Qt.ItemDataRole.DisplayRole:
        return columns[section]
    if role == Qt.ItemDataRole.ToolTipRole:
        return (tooltips or {}).get(section)
    if role == Qt.ItemDataRole.TextAlignmentRole and section in right_aligned:
        return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    return None


class PagedTableModel(QAbstractTableModel):
    """A table over ``PagedRows`` of a query: ``count(query)`` rows, read by ``read_page(query, offset, limit)``.

    Subclasses give ``COLUMNS`` (and optionally ``HEADER_TOOLTIPS`` and ``RIGHT_ALIGNED``) and ``data``.
    """

    COLUMNS: tuple[str, ...] = ()
    HEADER_TOOLTIPS: dict[int, str] = {}
    RIGHT_ALIGNED: tuple[int, ...] = ()

    def __init__(self, query, count: Callable[[Any], int], read_page: Callable[[Any, int, int], list[dict]], *,
                 page_size: int = 200, max_cached_pages: int = 4, parent: QObject | None = None):
        super().__init__(parent)
        self._query = query
        self._rows = PagedRows(lambda: count(self._query),
                               lambda offset, limit: read_page(self._query, offset, limit),
                               page_size=page_size, max_cached_pages=max_cached_pages)

    @property
    def query(self):
        return self._query

    def set_query(self, query) -> None:
        """Show the rows matching ``query`` instead."""
        self._query = query
        self.refresh()

    def refresh(self) -> None:
        """Re-read the count and forget cached rows, e.g. after a change."""
        self.beginResetModel()
        self._rows.reload()
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return header_data(self.COLUMNS, section, orientation, role, tooltips=self.HEADER_TOOLTIPS,
                           right_aligned=self.RIGHT_ALIGNED)
