"""The library page: the article table on the left, the reading pane on the right."""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from curator.core.curation import ReadingView, reading_view
from curator.core.entities import entity
from curator.core.library import ArticleQuery, ArticleSort, Changes, Library
from curator.ui.models.article_table import (
    DATE,
    DATELINE,
    LENGTH,
    OUTLET,
    SORTS,
    SOURCES,
    TITLE,
    ArticleTableModel,
)
from curator.ui.tasks import TaskRunner
from curator.ui.widgets.article_view import ArticleView
from curator.ui.widgets.entity_filter import FilterBanner
from curator.ui.widgets.tables import NarrowColumns, configure_list_table, select_table_row

# Initial column widths, as sample text plus padding; the title column takes whatever is left.
# The width titles keep before other columns give way to them.
TITLE_ROOM = 220
COLUMN_SAMPLE_TEXT = {DATE: "0000-00-00", OUTLET: "The Daily Outlet", DATELINE: "WASHINGTON", SOURCES: "Sources",
                      LENGTH: "000,000"}


class LibraryView(QSplitter):
    """Lists the articles matching a query and shows the selected one.

    ``articles_changed`` fires after the list is re-read (new query or refresh),
    so the window can update its article count.
    """

    articles_changed = Signal()

    def __init__(self, library: Library, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("librarySplitter")
        self._library = library
        self._tasks = tasks
        # The search last sent to be ranked, shared with the reader thread: one that has not started
        # when a later search is asked for is skipped, as typing asks for several.
        self._latest_search: list[ArticleQuery | None] = [None]
        self.model = ArticleTableModel(library, rank=self._rank_on_reader, parent=self)
        self.model.search_ranked.connect(self._search_ranked)
        self.entity_name = ""  # the entity the list is narrowed to, if any (``model.query.entity_id``)
        self._shown: ReadingView | None = None  # the article last read for the reading pane, with its mentions

        self.table = QTableView()
        self.table.setObjectName("articleTable")
        self.table.setModel(self.model)
        self._configure_table()
        self.table.selectionModel().currentRowChanged.connect(self._show_row)

        self._list_note = QLabel()  # in place of the list: no matches, searching, or an empty trash
        self._list_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._list_note.setWordWrap(True)
        self._list_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._list_note.setBackgroundRole(QPalette.ColorRole.Base)  # where the table would be
        self._list_note.setAutoFillBackground(True)
        self._list_stack = QStackedWidget()
        self._list_stack.addWidget(self.table)
        self._list_stack.addWidget(self._list_note)

        self.filter_banner = FilterBanner()
        self.filter_banner.clear_requested.connect(lambda: self.set_entity_filter(None))
        # Says the list is the trash while it is, with the way back (the window connects it).
        self.trash_banner = FilterBanner(button="Back to Library", tip="List the library's articles again (Ctrl+1)",
                                         name="trash")
        list_pane = QWidget()
        list_layout = QVBoxLayout(list_pane)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.setSpacing(0)
        list_layout.addWidget(self.trash_banner)
        list_layout.addWidget(self.filter_banner)
        list_layout.addWidget(self._list_stack, 1)

        self.article_view = ArticleView()
        self.addWidget(list_pane)
        self.addWidget(self.article_view)
        self.setChildrenCollapsible(False)
        # A wider window widens the list; the reading pane only needs its reading width.
        self.setStretchFactor(0, 1)
        self.setStretchFactor(1, 0)

    def split_for_width(self, total_width: int) -> None:
        """Give the reading pane room for one full text column, and the list the rest."""
        reading = min(self.article_view.preferred_width(), total_width // 2)
        self.setSizes([total_width - reading, reading])

    def _configure_table(self) -> None:
        configure_list_table(self.table, COLUMN_SAMPLE_TEXT, TITLE)
        # The reading pane shows all of these: they go, the least read first, when the list is narrow.
        self._narrow_columns = NarrowColumns(self.table, (DATE, OUTLET, SOURCES, LENGTH, DATELINE), TITLE,
                                             room=TITLE_ROOM)
        # Ctrl- and Shift-clicks pick several articles to trash; the reading pane shows the current one.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.sectionClicked.connect(self._header_clicked)

    # Queries ---------------------------------------------------------------

    @property
    def shown_article(self) -> ReadingView | None:
        """The article the reading pane shows, as read for it."""
        return self._shown

    @property
    def article_count(self) -> int:
        return self.model.rowCount()

    def set_query(self, query: ArticleQuery) -> None:
        """List another query's articles (a search typed or cleared, an entity's), keeping the open
        article open when the new list has it near its top."""
        shown = self.article_view.article_id
        self.model.set_query(query)
        self._show_sort_indicator()
        self._after_reset(keep_row=None)
        if shown is not None:
            self.show_article_row(shown)

    def set_sort(self, sort: ArticleSort | None, descending: bool = False) -> None:
        """Sort the list by a column (None: import order, or relevance while searching), keeping the open
        article open: selected where the sorted list has it near its top, else shown with no row selected."""
        shown = self.article_view.article_id
        self.model.set_query(replace(self.model.query, sort=sort, descending=descending and sort is not None))
        self._show_sort_indicator()
        self._after_reset(keep_row=None)
        self.table.scrollToTop()
        if shown is not None and not self.show_article_row(shown):
            self.show_article(shown)

    def _header_clicked(self, column: int) -> None:
        """A sortable column sorts up, then down, then back to the list's own order; the others keep the order."""
        query = self.model.query
        sort = SORTS.get(column)
        if sort is None:
            self._show_sort_indicator()
        elif query.sort is not sort:
            self.set_sort(sort)
        elif not query.descending:
            self.set_sort(sort, descending=True)
        else:
            self.set_sort(None)

    def _show_sort_indicator(self) -> None:
        query = self.model.query
        column = next((column for column, sort in SORTS.items() if sort is query.sort), -1)
        order = Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(column, order)
        header.blockSignals(False)

    def show_article_row(self, article_id: int, near: int = 0) -> bool:
        """Select the article's row when it is among the rows around ``near`` (a bounded look); False if not."""
        row = self.model.row_of(article_id, near=near)
        if row is None:
            return False
        self.select_row(row)
        return True

    def open_article(self, article_id: int) -> None:
        """Show an article chosen elsewhere (a story's version) with its row selected when it is listed
        near the current one; else with no row selected, so an action on the selection (Edit, Move to
        Trash) never takes the row left selected for the article shown."""
        if not self.show_article_row(article_id, near=max(0, self.table.currentIndex().row())):
            self.table.clearSelection()
            self.table.setCurrentIndex(QModelIndex())
            self.show_article(article_id)

    def set_entity_filter(self, entity_id: int | None, name: str = "") -> None:
        """List only the articles that mention an entity (None lists them all again)."""
        self.entity_name = name if entity_id is not None else ""
        self.filter_banner.show_entity(self.entity_name)
        self.set_query(replace(self.model.query, entity_id=entity_id))

    def refresh(self) -> None:
        """Re-read the list (after a change), keeping the selected article selected wherever it is now;
        when it has left the list (moved to the trash, merged away), the article now in its row is
        selected, as a mail client does, so the keyboard goes on from there."""
        row = self.table.currentIndex().row()
        shown_id = self.article_view.article_id
        self.model.refresh()
        self._after_reset(keep_row=row if row >= 0 else None)
        if row < 0 or shown_id is None or self.article_view.article_id is not None or not self.model.rowCount():
            return
        if not self.show_article_row(shown_id, near=row):
            self.select_row(min(row, self.model.rowCount() - 1))

    def show_changes(self, changes: Changes) -> None:
        """Re-read what an operation changed: the list when its articles (or the listed entity) did,
        and the open article when it is among them or shows one of the changed entities or mentions."""
        listed = self.model.query.entity_id
        if listed is not None and listed in changes.entities and entity(self._library, listed) is None:
            self.set_entity_filter(None)  # the listed entity was merged away or deleted
        elif changes.articles or (listed is not None and listed in changes.entities):
            self.refresh()
        if self._shown is not None and _touches(self._shown, changes):
            self.redraw_article()

    def redraw_article(self) -> None:
        """Read the open article again and show it, keeping the reader's place (after a change to it,
        or to the entity types its mentions are drawn in)."""
        if self.article_view.article_id is not None:
            self.show_article(self.article_view.article_id)

    def _after_reset(self, keep_row: int | None) -> None:
        shown_id = self.article_view.article_id
        if keep_row is not None and shown_id is not None and self.model.article_id(keep_row) == shown_id:
            self.select_row(keep_row)
        else:
            self.article_view.clear()
        search = self.model.query.search.strip()
        if self.model.rowCount() == 0 and search:
            self._list_note.setText(f"Searching for “{search}”…" if self.model.searching
                                    else f"No articles match “{search}”")
            self._list_stack.setCurrentWidget(self._list_note)
        elif self.model.rowCount() == 0 and self.model.query.trash:
            # An empty table reads as a list that failed to load; an empty trash says so.
            self._list_note.setText("The trash is empty. Articles moved to the trash wait here until restored.")
            self._list_stack.setCurrentWidget(self._list_note)
        else:
            self._list_stack.setCurrentWidget(self.table)
        self.articles_changed.emit()

    @property
    def searching(self) -> bool:
        """Whether a new search is being ranked (the list shows it when the ranking comes)."""
        return self.model.searching

    def _rank_on_reader(self, query: ArticleQuery, deliver: Callable[[list[int]], None]) -> None:
        """Rank a search on the reader thread: at a second and more in a large library, it would
        freeze the window."""
        latest = self._latest_search
        latest[0] = query

        def rank(library: Library) -> list[int] | None:
            return library.article_ids(query) if latest[0] == query else None

        def ranked(ids: list[int] | None) -> None:
            if ids is not None:
                deliver(ids)

        self._tasks.read(rank, ranked)

    def _search_ranked(self) -> None:
        """The rows of a search came: show them, keeping the open article's row if it has one."""
        shown = self.article_view.article_id
        self._after_reset(keep_row=None)
        if shown is not None:
            self.show_article_row(shown)

    # Selection -------------------------------------------------------------

    def select_row(self, row: int) -> None:
        select_table_row(self.table, row, TITLE)

    def selected_article_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.article_id(index.row()) if index.isValid() else None

    def selected_article_ids(self) -> list[int]:
        """Every selected article, in list order."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        ids = [self.model.article_id(row) for row in rows]
        return [i for i in ids if i is not None]

    def _show_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        article_id = self.model.article_id(current.row()) if current.isValid() else None
        # Re-reading the list selects the open article's row again: what changed in it is
        # redrawn by show_changes, so the reader's place is not lost to a needless redraw.
        if article_id is None or article_id != self.article_view.article_id:
            self.show_article(article_id)

    def show_article(self, article_id: int | None) -> None:
        """Show an article with every source it was merged from (or nothing, for None)."""
        # One article's few small reads: cheap enough for the UI thread.
        self._shown = reading_view(self._library, article_id) if article_id is not None else None
        self.article_view.show_article(self._shown, self.model.query.search)


def _touches(article: ReadingView, changes: Changes) -> bool:
    """Whether ``changes`` alter what the reading pane shows of ``article``."""
    return (article.id in changes.articles
            or any(mention["id"] in changes.mentions or mention["entity_id"] in changes.entities
                   for mention in article.mentions))
