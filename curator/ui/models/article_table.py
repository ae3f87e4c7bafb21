"""A lazy table of article summaries that stays fast with 100,000 articles.

Only the row count is known up front. Rows are read a page at a time, when a
view first asks for them, and a few recently used pages are kept; bodies are
never loaded. Each read is one bounded query (``LIMIT page_size``), cheap enough
for the UI thread.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from curator.core.store import ArticleQuery, Library

COLUMNS = ("Title", "Date", "Outlet", "Dateline", "Length")
TITLE, DATE, OUTLET, DATELINE, LENGTH = range(len(COLUMNS))

HEADER_TOOLTIPS = {LENGTH: "Length of the cleaned text, in characters"}


class ArticleTableModel(QAbstractTableModel):
    """Rows are the articles matching ``query``, in the library's order."""

    def __init__(
        self,
        library: Library,
        query: ArticleQuery = ArticleQuery(),
        *,
        page_size: int = 200,
        max_cached_pages: int = 4,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._library = library
        self._query = query
        self._page_size = page_size
        self._max_cached_pages = max_cached_pages
        self._pages: OrderedDict[int, list[dict]] = OrderedDict()  # page index -> rows, least recently used first
        self._row_count = library.count_articles(query)

    # Queries ---------------------------------------------------------------

    @property
    def query(self) -> ArticleQuery:
        return self._query

    def set_query(self, query: ArticleQuery) -> None:
        """Show the articles matching ``query`` instead."""
        self._query = query
        self.refresh()

    def refresh(self) -> None:
        """Re-read the count and forget cached rows, e.g. after an import."""
        self.beginResetModel()
        self._pages.clear()
        self._row_count = self._library.count_articles(self._query)
        self.endResetModel()

    @property
    def cached_page_indexes(self) -> list[int]:
        """Pages currently held in memory, least recently used first."""
        return list(self._pages)

    def article_id(self, row: int) -> int | None:
        summary = self.summary(row)
        return summary["id"] if summary else None

    def summary(self, row: int) -> dict | None:
        """The summary dict (id, title, published, outlet, ...) shown in ``row``."""
        if not 0 <= row < self._row_count:
            return None
        page = self._page(row // self._page_size)
        offset = row % self._page_size
        # The library can shrink under a page we counted; show nothing rather than fail.
        return page[offset] if offset < len(page) else None

    def _page(self, index: int) -> list[dict]:
        if index in self._pages:
            self._pages.move_to_end(index)
            return self._pages[index]
        rows = self._library.article_page(self._query, index * self._page_size, self._page_size)
        self._pages[index] = rows
        while len(self._pages) > self._max_cached_pages:
            self._pages.popitem(last=False)
        return rows

    # QAbstractTableModel ---------------------------------------------------

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._row_count

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TOOLTIPS.get(section)
        if role == Qt.ItemDataRole.TextAlignmentRole and section == LENGTH:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        summary = self.summary(index.row())
        if summary is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display_text(summary, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == TITLE:
            return summary["title"] + (f"\n{summary['url']}" if summary["url"] else "")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == LENGTH:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if summary["status"] == "merged":
            # Merged-away articles only show with "Show merged"; dim them so they read as history.
            if role == Qt.ItemDataRole.ForegroundRole:
                return QApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setItalic(True)
                return font
        return None


def _display_text(summary: dict, column: int) -> str:
    if column == TITLE:
        return summary["title"]
    if column == DATE:
        return format_date(summary["published"])
    if column == OUTLET:
        return summary["outlet"] or ""
    if column == DATELINE:
        return summary["dateline"] or ""
    if column == LENGTH:
        return f"{summary['body_length'] or 0:,}"
    return ""


def format_date(published: str | None) -> str:
    """The date part of an ISO timestamp ("2017-11-30T08:00:00" -> "2017-11-30"); other text as is."""
    if not published:
        return ""
    if len(published) > 10 and published[4:5] == "-" and published[10] in "T ":
        return published[:10]
    return published
