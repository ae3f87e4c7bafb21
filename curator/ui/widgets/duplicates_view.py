"""The review page: the queue of suggested duplicate pairs, filters, and the comparison of the current pair.

The window owns the decision actions (merge, not duplicates, skip, next,
previous) and shows them in its menus; this view shows them as buttons under
the comparison and makes their single-key shortcuts work while it has focus.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QHideEvent, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from curator.core.dedupe import (
    KINDS,
    PairComparison,
    PairOrder,
    PairQuery,
    compare_articles,
    pair_outlets,
)
from curator.core.library import Library, PairKind, percent_of, scores_in_percents
from curator.ui.models.pair_table import (
    ARTICLES,
    DATES,
    KIND,
    KIND_NAMES,
    OUTLETS,
    SCORE,
    PairTableModel,
)
from curator.ui.tasks import TaskRunner
from curator.ui.widgets.comparison import ComparisonView
from curator.ui.widgets.entity_filter import FilterBanner
from curator.ui.widgets.tables import NarrowColumns, configure_list_table, select_table_row
from curator.ui.widgets.wrapping_bar import WrappingBar

# Showing a comparison waits until arrow-key navigation pauses this long, so holding
# a key down moves through the queue without computing every pair on the way.
COMPARE_DELAY_MS = 60
COLUMN_SAMPLE_TEXT = {SCORE: "100%", KIND: "Contained", OUTLETS: "Daily Outlet", DATES: "0000-00-00"}
# The width the two headlines of a pair keep before other columns give way to them.
ARTICLES_ROOM = 180
EMPTY_QUEUE = "No duplicate suggestions to review.\n\nImport more articles, or widen the filters above."
BANNER_TITLE_CHARS = 70
EMPTY_FOR_ARTICLE = "No suggested pairs with this article.\n\nClear the filter above to list every pair."
EMPTY_SKIPPED = "No skipped pairs.\n\nPairs you skip (S) wait here to be decided later."


class DuplicatesView(QWidget):
    """Lists the open pairs matching the filters and compares the selected one.

    ``pair_changed`` carries the current pair (a dict from the queue) or None;
    ``queue_changed`` fires after the queue is re-read, for the window's counts.
    """

    pair_changed = Signal(object)
    queue_changed = Signal()

    def __init__(self, library: Library, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("duplicatesView")
        self._library = library
        self._tasks = tasks
        self.model = PairTableModel(library, parent=self)
        self._compare_timer = QTimer(self)
        self._compare_timer.setSingleShot(True)
        self._compare_timer.setInterval(COMPARE_DELAY_MS)
        self._compare_timer.timeout.connect(self._show_current_comparison)
        self._compared: tuple[int, int] | None = None
        self._order = PairOrder.QUEUE
        self._article_id: int | None = None  # only this article's pairs, when set

        self.table = QTableView()
        self.table.setObjectName("pairTable")
        self.table.setModel(self.model)
        self._configure_table()
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)

        self._empty = QLabel(EMPTY_QUEUE)
        self._empty.setObjectName("emptyQueue")
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._empty.setBackgroundRole(QPalette.ColorRole.Base)
        self._empty.setAutoFillBackground(True)
        self._list_stack = QStackedWidget()
        self._list_stack.addWidget(self.table)
        self._list_stack.addWidget(self._empty)

        self.comparison = ComparisonView()
        self.decision_bar = WrappingBar()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        right_layout.addWidget(self.comparison, 1)
        right_layout.addWidget(self.decision_bar)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("duplicatesSplitter")
        self.splitter.addWidget(self._list_stack)
        self.splitter.addWidget(right)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._create_filter_bar())
        self.article_banner = FilterBanner()
        self.article_banner.setObjectName("pairArticleBanner")
        self.article_banner.clear_button.setToolTip("List every pair again")
        self.article_banner.clear_requested.connect(lambda: self.show_pairs_of(None))
        # A long title must not widen the window: the banner cuts it short instead.
        self.article_banner.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.article_banner)
        layout.addWidget(self.splitter, 1)
        self._after_reset(keep_row=None)

    # Construction ----------------------------------------------------------

    def _create_filter_bar(self) -> QWidget:
        # A tool bar, so filters that do not fit a narrow window wait behind its » button instead of
        # widening the window past the screen.
        bar = QToolBar()
        bar.setObjectName("pairFilters")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.setContentsMargins(6, 2, 6, 2)
        self.kind_boxes: dict[PairKind, QCheckBox] = {}
        for kind in KINDS:
            box = QCheckBox(KIND_NAMES[kind])
            box.setChecked(True)
            box.toggled.connect(self._apply_filters)
            self.kind_boxes[kind] = box
            bar.addWidget(_spaced(box))
        bar.addSeparator()
        # Skipped pairs wait here, out of the queue, for the decision put off.
        self.skipped_box = QCheckBox("Skipped")
        self.skipped_box.setObjectName("skippedFilter")
        self.skipped_box.setToolTip("List the pairs skipped to decide later, instead of the open ones")
        self.skipped_box.toggled.connect(self._apply_filters)
        bar.addWidget(_spaced(self.skipped_box))
        bar.addSeparator()
        self.min_score = _percent_box(0, "Lowest score shown")
        self.max_score = _percent_box(100, "Highest score shown")
        for score_box in (self.min_score, self.max_score):
            score_box.valueChanged.connect(self._apply_filters)
        bar.addWidget(_spaced(QLabel("Score"), self.min_score, QLabel("to"), self.max_score))
        bar.addSeparator()
        self.outlet_box = QComboBox()
        self.outlet_box.setObjectName("outletFilter")
        self.outlet_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.outlet_box.setMaximumWidth(self.fontMetrics().horizontalAdvance("The Daily Outlet Online") + 40)
        self.outlet_box.currentIndexChanged.connect(self._apply_filters)
        bar.addWidget(_spaced(QLabel("Outlet"), self.outlet_box))
        self._reload_outlets()
        return bar

    def _configure_table(self) -> None:
        configure_list_table(self.table, COLUMN_SAMPLE_TEXT, ARTICLES, lines_per_row=2)
        # The comparison beside the list shows outlets and dates too: they go first when the list is narrow.
        self._narrow_columns = NarrowColumns(self.table, (OUTLETS, DATES), ARTICLES, room=ARTICLES_ROOM)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.sectionClicked.connect(self._header_clicked)
        self._show_sort_indicator()

    def _header_clicked(self, column: int) -> None:
        """Score sorts best first, then worst first; Kind returns to the queue's order (copies, then rewrites)."""
        if column == SCORE:
            self.set_order(PairOrder.WORST_FIRST if self._order is PairOrder.BEST_FIRST else PairOrder.BEST_FIRST)
        elif column == KIND:
            self.set_order(PairOrder.QUEUE)
        else:
            self._show_sort_indicator()

    def set_order(self, order: PairOrder) -> None:
        self._order = order
        self._show_sort_indicator()
        self._apply_filters()

    def _show_sort_indicator(self) -> None:
        column, direction = {PairOrder.QUEUE: (KIND, Qt.SortOrder.AscendingOrder),
                             PairOrder.BEST_FIRST: (SCORE, Qt.SortOrder.DescendingOrder),
                             PairOrder.WORST_FIRST: (SCORE, Qt.SortOrder.AscendingOrder)}[self._order]
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(column, direction)
        header.blockSignals(False)

    def add_decision_actions(self, groups: list[list[QAction]]) -> None:
        """Show the window's decision actions as buttons (a group apiece) and take their keys."""
        for group in groups:
            buttons = []
            for action in group:
                button = QToolButton()
                button.setDefaultAction(action)
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
                button.setAutoRaise(False)
                # A button shows while its action does (Skip and Return to Queue take turns).
                button.setVisible(action.isVisible())
                action.changed.connect(lambda button=button, action=action: self._show_button_of(button, action))
                # Single-key shortcuts act only while the review page has focus, never while typing elsewhere.
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.addAction(action)
                buttons.append(button)
            self.decision_bar.add_group(buttons)

    def _show_button_of(self, button: QToolButton, action: QAction) -> None:
        if button.isHidden() == action.isVisible():
            button.setVisible(action.isVisible())
            self.decision_bar.regroup()

    def split_for_width(self, total_width: int) -> None:
        queue = max(380, total_width * 3 // 8)
        self.splitter.setSizes([queue, total_width - queue])

    # The queue -------------------------------------------------------------

    @property
    def pair_count(self) -> int:
        return self.model.rowCount()

    def refresh(self) -> None:
        """Re-read the queue after a change, staying at the same place in it.

        After a decision the decided pair leaves the queue, so the same row now
        holds the next pair: it opens at once.
        """
        row = self.table.currentIndex().row()
        self._reload_outlets()
        self.model.refresh()
        self._after_reset(keep_row=row if row >= 0 else 0)

    def query(self) -> PairQuery:
        """The pairs the queue shows, as it is filtered."""
        kinds = tuple(kind for kind, box in self.kind_boxes.items() if box.isChecked())
        least, greatest = scores_in_percents(*sorted((self.min_score.value(), self.max_score.value())))
        return PairQuery(kinds, least, greatest, self.outlet_box.currentData() or "",
                         skipped=self.skipped_box.isChecked(), order=self._order, article_id=self._article_id)

    def show_pairs_of(self, article_id: int | None, title: str = "") -> None:
        """List only the open pairs one article is in (None lists them all again)."""
        self._article_id = article_id
        shown = title if len(title) <= BANNER_TITLE_CHARS else title[:BANNER_TITLE_CHARS - 1].rstrip() + "…"
        self.article_banner.show_text(f"Pairs with article {article_id:,}: {shown}" if article_id is not None else "")
        if article_id is not None:
            self.skipped_box.blockSignals(True)  # the article's open pairs, whatever the list showed
            self.skipped_box.setChecked(False)
            self.skipped_box.blockSignals(False)
        self._apply_filters()

    @property
    def showing_skipped(self) -> bool:
        return self.model.query.skipped

    def set_query(self, query: PairQuery) -> None:
        """Set the filters to ``query`` (an outlet no longer in the library is left out) and list what they pass."""
        boxes = [*self.kind_boxes.values(), self.skipped_box, self.min_score, self.max_score, self.outlet_box]
        for box in boxes:
            box.blockSignals(True)
        for kind, box in self.kind_boxes.items():
            box.setChecked(kind in query.kinds)
        self.skipped_box.setChecked(query.skipped)
        self._article_id = query.article_id
        self.min_score.setValue(percent_of(query.min_score))
        self.max_score.setValue(percent_of(query.max_score))
        self.outlet_box.setCurrentIndex(max(0, self.outlet_box.findData(query.outlet)) if query.outlet else 0)
        for box in boxes:
            box.blockSignals(False)
        self.set_order(query.order)

    def select_pair(self, a: int, b: int, near: int = 0) -> bool:
        """Select the pair's row when it is among the rows around ``near`` (a bounded look); False if not."""
        row = self.model.row_of(a, b, near=near)
        if row is not None:
            self.select_row(row)
        return row is not None

    def show_open_pairs(self) -> None:
        """Leave the Skipped filter, if it is on, for the open suggestions (the other filters stay)."""
        self.skipped_box.setChecked(False)

    def _apply_filters(self) -> None:
        query = self.query()
        if query != self.model.query:
            self.model.set_query(query)
            self._after_reset(keep_row=0)

    def _reload_outlets(self) -> None:
        chosen = self.outlet_box.currentData()
        self.outlet_box.blockSignals(True)
        self.outlet_box.clear()
        self.outlet_box.addItem("All outlets", "")
        for outlet in pair_outlets(self._library):
            self.outlet_box.addItem(outlet, outlet)
        self.outlet_box.setCurrentIndex(max(0, self.outlet_box.findData(chosen)) if chosen else 0)
        self.outlet_box.blockSignals(False)

    def _after_reset(self, keep_row: int | None) -> None:
        count = self.model.rowCount()
        self._list_stack.setCurrentWidget(self.table if count else self._empty)
        query = self.model.query
        self._empty.setText(EMPTY_SKIPPED if query.skipped else
                            EMPTY_FOR_ARTICLE if query.article_id is not None else EMPTY_QUEUE)
        self._compared = None
        if count and keep_row is not None:
            self.select_row(min(keep_row, count - 1))
        else:
            self.comparison.clear("Select a pair to compare the two articles" if count else "Nothing to review")
            self.pair_changed.emit(None)
        self.queue_changed.emit()

    # Moving through the queue ----------------------------------------------

    def select_row(self, row: int) -> None:
        select_table_row(self.table, row, ARTICLES)

    def next_pair(self) -> None:
        self.select_row(min(self.table.currentIndex().row() + 1, self.model.rowCount() - 1))

    def previous_pair(self) -> None:
        self.select_row(max(self.table.currentIndex().row() - 1, 0))

    def current_pair(self) -> dict | None:
        index = self.table.currentIndex()
        return self.model.pair(index.row()) if index.isValid() else None

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        pair = self.model.pair(current.row()) if current.isValid() else None
        self.pair_changed.emit(pair)
        if pair is None:
            self.comparison.clear("Select a pair to compare the two articles")
        elif self._page_hidden():
            # Read when the page is shown: every check and import re-reads the queue, and comparing a
            # pair nobody sees would cost each of them a comparison on this thread.
            self._compared = None
        elif self._compared is None:
            self._show_current_comparison()  # the first pair after opening or a decision: no wait
        else:
            self._compare_timer.start()

    def _show_current_comparison(self) -> None:
        self._compare_timer.stop()
        pair = self.current_pair()
        if pair is None or self._compared == (pair["a"], pair["b"]):
            return
        wanted = self._compared = (pair["a"], pair["b"])

        def compared(comparison: PairComparison) -> None:
            if self._compared == wanted:  # not when another pair, or a re-read queue, came meanwhile
                self.comparison.show_comparison(comparison)

        # Read and aligned on the reader thread: 20-30 ms a pair, which after a decision came on top of
        # re-reading the queue on this thread.
        self._tasks.read(lambda library: compare_articles(library, *wanted), compared)

    def hideEvent(self, event: QHideEvent) -> None:
        # A comparison still waiting for navigation to pause is shown when the page is shown again,
        # not read meanwhile (from a closed window's library, say).
        self._compare_timer.stop()
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        pair = self.current_pair()
        if pair is None or self._compared == (pair["a"], pair["b"]):
            return
        if self._compared is None:
            self._show_current_comparison()  # selected while the page was hidden: shown with the page
        else:
            self._compare_timer.start()

    def _page_hidden(self) -> bool:
        """Whether the window's page switcher hides this view (a view on its own is always compared)."""
        return self.parentWidget() is not None and self.isHidden()

    def show_pending_comparison(self) -> None:
        """Show the current pair's comparison now rather than when navigation pauses (for tests)."""
        self._show_current_comparison()


def _percent_box(value: int, tooltip: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, 100)
    box.setSuffix("%")
    box.setValue(value)
    box.setToolTip(tooltip)
    box.setKeyboardTracking(False)  # filter once a number is typed, not at every digit
    return box


def _spaced(*widgets: QWidget) -> QWidget:
    """Widgets side by side as one tool-bar item, with room around them: a label stays with its box."""
    group = QWidget()
    layout = QHBoxLayout(group)
    layout.setContentsMargins(4, 0, 4, 0)
    layout.setSpacing(6)
    for widget in widgets:
        layout.addWidget(widget)
    return group
