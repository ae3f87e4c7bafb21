"""The library page: the article table on the left, the reading pane on the right."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QSplitter, QStackedWidget, QTableView, QWidget

from curator.core.store import ArticleQuery, Library
from curator.ui.models.article_table import DATE, DATELINE, LENGTH, OUTLET, TITLE, ArticleTableModel
from curator.ui.widgets.article_view import ArticleView

# Initial column widths, as sample text plus padding; the title column takes whatever is left.
COLUMN_SAMPLE_TEXT = {DATE: "0000-00-00", OUTLET: "The Daily Outlet", DATELINE: "WASHINGTON", LENGTH: "000,000"}
CELL_PADDING = 20


class LibraryView(QSplitter):
    """Lists the articles matching a query and shows the selected one.

    ``articles_changed`` fires after the list is re-read (new query or refresh),
    so the window can update its article count.
    """

    articles_changed = Signal()

    def __init__(self, library: Library, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("librarySplitter")
        self._library = library
        self.model = ArticleTableModel(library, parent=self)

        self.table = QTableView()
        self.table.setObjectName("articleTable")
        self.table.setModel(self.model)
        self._configure_table()
        self.table.selectionModel().currentRowChanged.connect(self._show_row)

        self._no_matches = QLabel()
        self._no_matches.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._no_matches.setWordWrap(True)
        self._no_matches.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._no_matches.setBackgroundRole(QPalette.ColorRole.Base)  # where the table would be
        self._no_matches.setAutoFillBackground(True)
        self._list_stack = QStackedWidget()
        self._list_stack.addWidget(self.table)
        self._list_stack.addWidget(self._no_matches)

        self.article_view = ArticleView()
        self.addWidget(self._list_stack)
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
        table = self.table
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setCornerButtonEnabled(False)
        table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        table.verticalHeader().hide()
        # Fixed row heights: the view never measures rows, so it never reads pages it does not show.
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(table.fontMetrics().height() + 10)
        columns = table.horizontalHeader()
        columns.setHighlightSections(False)
        columns.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        columns.setStretchLastSection(False)
        columns.setMinimumSectionSize(48)
        metrics = table.fontMetrics()
        for column, sample in COLUMN_SAMPLE_TEXT.items():
            columns.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            columns.resizeSection(column, metrics.horizontalAdvance(sample) + CELL_PADDING)
        columns.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)

    # Queries ---------------------------------------------------------------

    @property
    def article_count(self) -> int:
        return self.model.rowCount()

    def set_query(self, query: ArticleQuery) -> None:
        self.model.set_query(query)
        self._after_reset(keep_row=None)

    def refresh(self) -> None:
        """Re-read the list (after an import), keeping the selected article selected if it is still there."""
        row = self.table.currentIndex().row()
        self.model.refresh()
        self._after_reset(keep_row=row if row >= 0 else None)

    def _after_reset(self, keep_row: int | None) -> None:
        shown_id = self.article_view.article_id
        if keep_row is not None and shown_id is not None and self.model.article_id(keep_row) == shown_id:
            self.select_row(keep_row)
        else:
            self.article_view.clear()
        search = self.model.query.search.strip()
        if self.model.rowCount() == 0 and search:
            self._no_matches.setText(f"No articles match “{search}”")
            self._list_stack.setCurrentWidget(self._no_matches)
        else:
            self._list_stack.setCurrentWidget(self.table)
        self.articles_changed.emit()

    # Selection -------------------------------------------------------------

    def select_row(self, row: int) -> None:
        index = self.model.index(row, TITLE)
        if not index.isValid():
            return
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)

    def selected_article_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.article_id(index.row()) if index.isValid() else None

    def _show_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        article_id = self.model.article_id(current.row()) if current.isValid() else None
        self.article_view.show_article(self._library.article(article_id) if article_id is not None else None)
