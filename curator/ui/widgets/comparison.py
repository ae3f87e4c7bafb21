"""Two suggested duplicates side by side: score and reason, metadata, and the bodies aligned row by row."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFrameFormat,
    QTextLength,
    QTextTableCellFormat,
    QTextTableFormat,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from curator.core.dedupe import ArticleSide, ComparedRow, PairComparison, Segment
from curator.core.ingest import SourcePath
from curator.core.library import PairStatus, whole_percent
from curator.ui.models.article_table import format_date
from curator.ui.tints import tints_for
from curator.ui.widgets.labels import ElidedLabel

KIND_LABELS = {
    "exact": "Exact copy",
    "near": "Near copy",
    "contained": "Contained (abridged) copy",
    "related": "Same story, rewritten",
    "unrelated": "Not a suggested duplicate",
}
# What was decided of a suggestion, said where the comparison says where the pair came from.
DECIDED: dict[str, str] = {
    PairStatus.LINKED: "Linked as versions of one story",
    PairStatus.MERGED: "Merged",
    PairStatus.NOT_DUPLICATE: "Judged apart",
    PairStatus.SKIPPED: "Skipped for later",
}
# Tints are fixed light colours, so text on them is always dark, in dark themes too.
EMPTY_VALUE = "—"
CELL_PADDING = 8
COLUMN_GAP = 14  # each side of the line between the two columns
FIELD_LABEL_WIDTH = 96
MAX_FIELD_LINES = 3
# The fewest lines of the bodies a short window keeps, the fields scrolling instead.
MIN_BODY_LINES = 4
# ...and the most of the page's height the fields take, the texts below having the rest.
MAX_FIELDS_SHARE = 0.22
FIELD_ROW_PADDING = 4
LINE_HEIGHT_PERCENT = 135
ROW_GAP = 3


class ComparisonView(QStackedWidget):
    """Shows ``show_comparison(comparison)`` (from ``core.compare.compare_articles``), or a message.

    A thin view: it renders what it is given and never reads the library.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._message = QLabel()
        self._message.setObjectName("comparisonMessage")
        self._message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message.setWordWrap(True)
        self._message.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._message.setBackgroundRole(QPalette.ColorRole.Base)
        self._message.setAutoFillBackground(True)

        self.header = QLabel()
        self.header.setObjectName("comparisonHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)

        self.fields = QTableWidget(0, 3)
        self.fields.setObjectName("comparisonFields")
        self._page_layout: QVBoxLayout | None = None  # the comparison page's, once built below
        self._configure_fields()

        self.legend = QLabel()
        self.legend.setObjectName("comparisonLegend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)

        # A long file name ends in "…" (its tooltip lists the sources whole) rather than widening the pane.
        self.heading_a, self.heading_b = ElidedLabel(own_tooltip=True), ElidedLabel(own_tooltip=True)
        headings = QHBoxLayout()
        # Matches the browser's columns: equal halves, less its scroll bar on the right.
        headings.setContentsMargins(CELL_PADDING, 0, self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent), 0)
        headings.setSpacing(2 * COLUMN_GAP)
        for heading in (self.heading_a, self.heading_b):
            heading.setFont(_scaled_font(self.font(), 1.0, QFont.Weight.DemiBold))
            headings.addWidget(heading, 1)

        self.bodies = QTextBrowser()
        self.bodies.setObjectName("comparisonBodies")
        self.bodies.setOpenLinks(False)  # the only links are to other rows of this comparison
        self.bodies.anchorClicked.connect(self._follow_link)
        self.bodies.document().setDocumentMargin(0)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(16, 14, 16, 0)
        layout.setSpacing(10)
        layout.addWidget(self.header)
        layout.addWidget(self.fields)
        layout.addWidget(self.legend)
        layout.addSpacing(2)
        layout.addLayout(headings)
        layout.addWidget(self.bodies, 1)
        self._page = page
        self._page_layout = layout
        self._headings = headings
        # A short window takes its room from the fields (they scroll) before the bodies would overlap them.
        page.installEventFilter(self)
        self.addWidget(self._message)
        self.addWidget(page)
        self.comparison: PairComparison | None = None
        self._earliest: int | None = None
        self.clear("Select a pair to compare its articles")

    @property
    def showing_comparison(self) -> bool:
        return self.currentWidget() is self._page

    def clear(self, message: str) -> None:
        """Show ``message`` instead of a comparison."""
        self.comparison = None
        self._message.setText(message)
        self.bodies.clear()
        self.setCurrentWidget(self._message)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # A theme chosen while a comparison shows: its tints and muted text are drawn in the old colours.
        if event.type() == QEvent.Type.PaletteChange and self.comparison is not None:
            self.show_comparison(self.comparison, earliest=self._earliest)

    def show_comparison(self, comparison: PairComparison, *, earliest: int | None = None) -> None:
        """Render ``comparison``, scrolled to the top. A story's page names the side that is its
        ``earliest`` version: A is always the lower id, so the earliest may be either."""
        self.comparison, self._earliest = comparison, earliest
        self.header.setText(self._header_html(comparison))
        self._fill_fields(comparison)
        self.legend.setText(self._legend_html(comparison))
        for letter, side, heading in (("A", comparison.a, self.heading_a), ("B", comparison.b, self.heading_b)):
            # "earliest" before the name: a long file name is cut short at its end, never the word that matters.
            heading.set_full_text(f"{letter} · " + ("earliest · " if side.id == earliest else "") + _side_name(side))
        self.heading_a.setToolTip("\n".join(comparison.a.sources))
        self.heading_b.setToolTip("\n".join(comparison.b.sources))
        self._render_bodies(comparison.rows)
        self.setCurrentWidget(self._page)

    # Header, fields and legend --------------------------------------------------

    def _muted(self) -> str:
        return self.palette().color(QPalette.ColorRole.PlaceholderText).name()

    def _header_html(self, comparison: PairComparison) -> str:
        size = self.font().pointSizeF()
        kind = KIND_LABELS.get(comparison.kind, comparison.kind.capitalize())
        if not comparison.suggested and self._earliest is not None:
            # On a story's page, a version no scan suggested is one a person put there.
            kind, origin = "Version of this story", "Added to the story by hand; the score is their shared text"
        elif not comparison.suggested:
            origin = "Compared on request"
        elif comparison.status in DECIDED:
            origin = DECIDED[comparison.status]
        else:
            origin = "Suggested version of one story" if comparison.kind == "related" else "Suggested duplicate"
        return (
            f'<table cellspacing="0" cellpadding="0"><tr>'
            f'<td valign="middle" style="padding-right: 14px; font-size: {size * 2.1:.1f}pt; font-weight: 700;">'
            f"{whole_percent(comparison.score)}</td>"
            f'<td valign="middle"><span style="font-size: {size * 1.2:.1f}pt; font-weight: 600;">{escape(kind)}</span>'
            f'<span style="color: {self._muted()};">&nbsp;&nbsp;·&nbsp;&nbsp;{origin}</span><br>'
            f"{escape(comparison.summary)}</td></tr></table>"
        )

    def _legend_html(self, comparison: PairComparison) -> str:
        def swatch(tint: str, text: str) -> str:
            return (f'<span style="background-color: {tint}; color: {tints.text};">'
                    f'&nbsp;{text.replace(" ", "&nbsp;")}&nbsp;</span>')

        tints = tints_for(self.palette())
        muted = self._muted()
        # Each part kept on one line (no-break spaces): a line break inside one left "paragraph" alone.
        parts = [
            f"{swatch(tints.only_a, 'Only in A')}&nbsp;{_words(comparison.words_only_a).replace(' ', '&nbsp;')}",
            f"{swatch(tints.only_b, 'Only in B')}&nbsp;{_words(comparison.words_only_b).replace(' ', '&nbsp;')}",
            f'<s style="color: {muted};">Boilerplate</s>&nbsp;dropped&nbsp;on&nbsp;import',
            "↑↓&nbsp;moved&nbsp;paragraph",
        ]
        # Lines break between the parts only, after a separator's dot.
        separator = f'<span style="color: {muted};">&nbsp;&nbsp;·</span> &nbsp;'
        return f'<span style="color: {muted};">Shared text is plain.</span> &nbsp;' + separator.join(parts)

    def _configure_fields(self) -> None:
        table = self.fields
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        table.setShowGrid(False)
        table.setWordWrap(True)
        table.setFrameShape(QTableWidget.Shape.NoFrame)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.verticalHeader().hide()
        table.setHorizontalHeaderLabels(["", "A", "B"])
        columns = table.horizontalHeader()
        columns.setHighlightSections(False)
        columns.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        columns.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        columns.resizeSection(0, FIELD_LABEL_WIDTH)
        columns.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        columns.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        columns.sectionResized.connect(lambda *_: self._fit_fields_height())

    def _fill_fields(self, comparison: PairComparison) -> None:
        table = self.fields
        # A field neither article has says nothing, and its row is room the texts below need.
        shown = [field for field in comparison.fields if field.a or field.b]
        table.setRowCount(len(shown))
        muted = QBrush(self.palette().color(QPalette.ColorRole.PlaceholderText))
        highlight = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        highlight.setAlpha(38)  # a subtle tint of the theme's own accent, light or dark
        for row, field in enumerate(shown):
            label = QTableWidgetItem(field.label)
            label.setForeground(muted)
            table.setItem(row, 0, label)
            for column, value in ((1, field.a), (2, field.b)):
                item = QTableWidgetItem(_field_text(field.name, value) if value else EMPTY_VALUE)
                item.setToolTip(value or "")
                if not value:
                    item.setForeground(muted)
                if not field.same:
                    font = item.font()
                    font.setWeight(QFont.Weight.DemiBold)
                    item.setFont(font)
                    item.setBackground(highlight)
                table.setItem(row, column, item)
            if not field.same:
                label.setText(f"{field.label}  ≠")
                label.setToolTip("The two articles differ here")
        self._fit_fields_height()

    def _fit_fields_height(self) -> None:
        """Rows as tall as their wrapped text; the table as tall as its rows (no scroll bar) when the page
        has the room, else as tall as the room left above a few lines of the bodies, scrolling."""
        table = self.fields
        table.resizeRowsToContents()
        tallest = MAX_FIELD_LINES * table.fontMetrics().lineSpacing() + 8  # a long title keeps room for the bodies
        for row in range(table.rowCount()):
            table.setRowHeight(row, min(table.rowHeight(row) + FIELD_ROW_PADDING, tallest))
        header = table.horizontalHeader().height() + 2 * table.frameWidth()
        full = header + sum(table.rowHeight(r) for r in range(table.rowCount()))
        first_row = table.rowHeight(0) if table.rowCount() else 0
        height = max(min(full, self._room_for_fields()), header + first_row)
        if height < full:
            # Whole rows only: a row cut in half reads as a field with half a value.
            shown = header
            for row in range(table.rowCount()):
                if shown + table.rowHeight(row) > height:
                    break
                shown += table.rowHeight(row)
            height = max(shown, header + first_row)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded if height < full
                                         else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setFixedHeight(height)

    def _room_for_fields(self) -> int:
        """The page's height less everything else on it at its width (the bodies at their fewest lines)."""
        layout = self._page_layout
        if layout is None or self._page.height() <= 0:
            return 1 << 20
        page = self._page
        margins = layout.contentsMargins()
        width = page.width() - margins.left() - margins.right()
        others = (self.header.heightForWidth(width) + self.legend.heightForWidth(width)
                  + self._headings.sizeHint().height() + MIN_BODY_LINES * self.bodies.fontMetrics().lineSpacing()
                  + 2 + 5 * layout.spacing() + margins.top() + margins.bottom())
        # On a short page the texts are what a person reads: the fields never take more than their share.
        return min(page.height() - others, int(page.height() * MAX_FIELDS_SHARE))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._page and event.type() == QEvent.Type.Resize and self.fields.rowCount():
            self._fit_fields_height()
        return super().eventFilter(watched, event)

    # Bodies -----------------------------------------------------------------------

    def _render_bodies(self, rows: tuple[ComparedRow, ...]) -> None:
        document = self.bodies.document()
        document.clear()
        document.setDefaultFont(self.bodies.font())
        cursor = QTextCursor(document)
        if not rows:
            cursor.insertText("Neither article has any text.", self._muted_format())
            return
        table_format = QTextTableFormat()
        table_format.setBorder(0)
        table_format.setCellSpacing(0)
        table_format.setCellPadding(0)
        table_format.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
        table_format.setColumnWidthConstraints([QTextLength(QTextLength.Type.PercentageLength, 50)] * 2)
        # One edit block: otherwise the shown document lays the whole table out again after
        # every insertion, which costs ~100 ms for an ordinary pair.
        cursor.beginEditBlock()
        table = cursor.insertTable(len(rows), 2, table_format)
        link_targets = {row.counterpart_row for row in rows if row.kind == "moved"}
        for number, row in enumerate(rows):
            for side, segments in enumerate((row.a, row.b)):
                cell = table.cellAt(number, side)
                gap_below = _tinted(row, side) and number + 1 < len(rows) and _tinted(rows[number + 1], side)
                cell.setFormat(self._cell_format(row, side, segments, gap_below))
                self._fill_cell(cell.firstCursorPosition(), number, row, side, segments, number in link_targets)
        # Merged once filled: the other side's paragraph spans a row split off from it.
        for number, row in enumerate(rows):
            if row.kind == "continued":
                table.mergeCells(number - 1, 0 if row.a is None else 1, 2, 1)
        cursor.endEditBlock()
        self.bodies.moveCursor(QTextCursor.MoveOperation.Start)

    def _cell_format(self, row: ComparedRow, side: int, segments: tuple[Segment, ...] | None,
                     gap_below: bool) -> QTextTableCellFormat:
        cell_format = QTextTableCellFormat()
        small = row.kind == "boilerplate"
        cell_format.setTopPadding(2 if small else CELL_PADDING)
        cell_format.setBottomPadding(2 if small else CELL_PADDING)
        cell_format.setLeftPadding(CELL_PADDING if side == 0 else COLUMN_GAP)
        cell_format.setRightPadding(COLUMN_GAP if side == 0 else CELL_PADDING)
        divider = QBrush(self.palette().color(QPalette.ColorRole.Mid))
        if side == 0:  # one line between the columns, drawn by the left cell
            cell_format.setRightBorder(1)
            cell_format.setRightBorderBrush(divider)
            cell_format.setRightBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
        if _tinted(row, side):
            tints = tints_for(self.palette())
            cell_format.setBackground(QColor(tints.only_a if side == 0 else tints.only_b))
        if gap_below:  # a line of the page's colour, so two tinted paragraphs in a row stay two
            cell_format.setBottomBorder(ROW_GAP)
            cell_format.setBottomBorderBrush(self.palette().brush(QPalette.ColorRole.Base))
            cell_format.setBottomBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
        return cell_format

    def _fill_cell(self, cursor: QTextCursor, number: int, row: ComparedRow, side: int,
                   segments: tuple[Segment, ...] | None, link_target: bool) -> None:
        block = cursor.blockFormat()
        block.setLineHeight(LINE_HEIGHT_PERCENT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        cursor.setBlockFormat(block)
        if segments is None:
            if row.kind == "moved" and row.counterpart_row is not None:
                self._insert_moved_note(cursor, number, row.counterpart_row, side)
            return
        if link_target:  # a moved paragraph's note on the other side scrolls here
            anchor = QTextCharFormat()
            anchor.setAnchorNames([f"row{number}"])
            cursor.insertText("\u200b", anchor)
        if row.kind == "boilerplate":
            struck = self._muted_format()
            struck.setFontStrikeOut(True)
            cursor.insertText(_joined(segments), struck)
            return
        tints = tints_for(self.palette())
        tint = QColor(tints.only_a if side == 0 else tints.only_b)
        for text, shared in segments:
            text_format = QTextCharFormat()
            if row.kind == "only" or not shared:
                text_format.setForeground(QColor(tints.text))
            if not shared and row.kind != "only":  # an "only" cell is tinted as a whole
                text_format.setBackground(tint)
            cursor.insertText(text.replace("\n", "\u2028"), text_format)

    def _insert_moved_note(self, cursor: QTextCursor, number: int, target: int, side: int) -> None:
        # This cell's side has the paragraph too, further down or up, in row ``target``.
        here = "A" if side == 0 else "B"
        arrow, where = ("↓", "below") if target > number else ("↑", "above")
        note = self._muted_format()
        note.setFontItalic(True)
        note.setFontPointSize(self.bodies.font().pointSizeF() * 0.92)
        link = QTextCharFormat(note)
        link.setAnchor(True)
        link.setAnchorHref(f"#row{target}")
        link.setFontUnderline(True)
        cursor.insertText(f"{arrow} Moved: ", note)
        cursor.insertText(f"in {here} {where}", link)

    def _muted_format(self) -> QTextCharFormat:
        muted = QTextCharFormat()
        muted.setForeground(self.palette().brush(QPalette.ColorRole.PlaceholderText))
        return muted

    def _follow_link(self, url: QUrl) -> None:
        if url.fragment():
            self.bodies.scrollToAnchor(url.fragment())


def _side_name(side: ArticleSide) -> str:
    """The outlet, else the source file's name, else the article's id."""
    if side.outlet:
        return side.outlet
    if side.sources:
        return _file_name(side.sources[0])
    return f"article {side.id}"


def _file_name(path: str) -> str:
    return SourcePath.parse(path).name


def _field_text(name: str, value: str) -> str:
    if name == "sources":
        return ", ".join(_file_name(path) for path in value.splitlines())
    if name == "published":
        return format_date(value)
    return value


def _tinted(row: ComparedRow, side: int) -> bool:
    """Whether a row's cell on ``side`` is tinted as a whole (a paragraph only that side has)."""
    return row.kind == "only" and (row.a, row.b)[side] is not None


def _joined(segments: tuple[Segment, ...]) -> str:
    return "".join(text for text, _ in segments)


def _words(count: int) -> str:
    return f"{count:,} word{'s' if count != 1 else ''}"


def _scaled_font(base: QFont, scale: float, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * scale)
    font.setWeight(weight)
    return font
