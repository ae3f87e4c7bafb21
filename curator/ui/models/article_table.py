"""A lazy table of article summaries that stays fast with 100,000 articles.

Rows are read a page at a time (``PagedRows``); bodies are never loaded.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Callable

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from curator.core.library import ArticleQuery, ArticleSort, Library
from curator.ui.models.paged import PagedTableModel

COLUMNS = ("Title", "Date", "Outlet", "Dateline", "Sources", "Length")
TITLE, DATE, OUTLET, DATELINE, SOURCES, LENGTH = range(len(COLUMNS))

HEADER_TOOLTIPS = {
    SOURCES: "How many articles were merged into this one, itself included",
    LENGTH: "Length of the cleaned text, in characters",
}
RIGHT_ALIGNED = (SOURCES, LENGTH)
# Ranks a search: ``rank(query, deliver)`` hands the matching ids, best first, to ``deliver``, now or later.
Ranker = Callable[[ArticleQuery, Callable[[list[int]], None]], None]
# The columns a header click sorts by (the library sorts them through an index each).
SORTS = {TITLE: ArticleSort.TITLE, DATE: ArticleSort.PUBLISHED, OUTLET: ArticleSort.OUTLET, LENGTH: ArticleSort.LENGTH}


class ArticleTableModel(PagedTableModel):
    """Rows are the articles matching ``query``, in the library's order.

    A search listed by relevance is ranked once, by ``rank``: ranking weighs every match (tens of
    microseconds each, a second or more in a large library), so its pages are then read by id,
    not ranked again for each. ``rank(query, deliver)`` may answer at once or later (from a reader
    thread, through the event loop); until it does, a new search shows no rows and ``searching``
    is true, and a search re-read after a change keeps its rows until the new ranking comes.
    ``search_ranked`` is emitted when rows arrive that way."""

    COLUMNS = COLUMNS
    HEADER_TOOLTIPS = HEADER_TOOLTIPS
    RIGHT_ALIGNED = RIGHT_ALIGNED

    search_ranked = Signal()

    def __init__(self, library: Library, query: ArticleQuery = ArticleQuery(), *, rank: Ranker | None = None,
                 page_size: int = 200, max_cached_pages: int = 4, parent: QObject | None = None):
        self._library = library
        self._rank: Ranker = rank or (lambda query, deliver: deliver(library.article_ids(query)))
        self._ranked: list[int] = []  # a relevance-ordered search's article ids, in order
        self._ranked_query: ArticleQuery | None = None  # the search they rank
        self._arrived = False  # whether rankings came that the rows do not show yet
        self._counting = False
        self.searching = False  # a new search is being ranked: no rows yet
        super().__init__(query, self._count, self._read_page, page_size=page_size,
                         max_cached_pages=max_cached_pages, parent=parent)

    def _count(self, query: ArticleQuery) -> int:
        if not _by_relevance(query):
            self._ranked, self._ranked_query, self.searching = [], None, False
            return self._library.count_articles(query)
        if not (self._arrived and self._ranked_query == query):
            if self._ranked_query != query:
                self._ranked, self._ranked_query, self.searching = [], None, True
            self._counting = True
            try:
                self._rank(query, partial(self._take_ranking, query))
            finally:
                self._counting = False
        self._arrived = False
        return len(self._ranked)

    def _take_ranking(self, query: ArticleQuery, ids: list[int]) -> None:
        if query != self.query:
            return  # a later query replaced it
        self._ranked, self._ranked_query, self._arrived, self.searching = ids, query, True, False
        if not self._counting:  # it came later: the rows are read again with it
            self.refresh()
            self.search_ranked.emit()

    def _read_page(self, query: ArticleQuery, offset: int, limit: int) -> list[dict]:
        if _by_relevance(query):
            return self._library.article_summaries(self._ranked[offset:offset + limit])
        return self._library.article_page(query, offset, limit)

    @property
    def cached_page_indexes(self) -> list[int]:
        """Pages currently held in memory, least recently used first."""
        return self._rows.cached_page_indexes

    def article_id(self, row: int) -> int | None:
        summary = self.summary(row)
        return summary["id"] if summary else None

    def row_of(self, article_id: int, *, near: int = 0, window: int = 400) -> int | None:
        """The row showing ``article_id``, looked for among the rows around ``near``."""
        for row in range(max(0, near - window), min(self.rowCount(), near + window)):
            if self.article_id(row) == article_id:
                return row
        return None

    def summary(self, row: int) -> dict | None:
        """The summary dict (id, title, published, outlet, ...) shown in ``row``."""
        return self._rows.row(row)

    # QAbstractTableModel ---------------------------------------------------

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
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
        if role == Qt.ItemDataRole.ToolTipRole and column == SOURCES and summary["sources"] > 1:
            return f"Merged from {summary['sources']:,} articles"
        if role == Qt.ItemDataRole.TextAlignmentRole and column in RIGHT_ALIGNED:
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


def _by_relevance(query: ArticleQuery) -> bool:
    """Whether ``query`` lists a search's matches best first (ranked, not read a page at a time)."""
    return bool(query.search.strip()) and query.sort is None


def _display_text(summary: dict, column: int) -> str:
    if column == TITLE:
        return summary["title"]
    if column == DATE:
        return format_date(summary["published"])
    if column == OUTLET:
        return summary["outlet"] or ""
    if column == DATELINE:
        return summary["dateline"] or ""
    if column == SOURCES:
        return f"{summary['sources']:,}" if summary["sources"] > 1 else ""
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
