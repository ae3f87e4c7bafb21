"""The reading pane: one article's title, where it came from, and its clean text.

It renders a ``ReadingView`` the core has put together, and reads nothing itself.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPalette,
    QResizeEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QStyle,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from curator.core.curation import ReadingView
from curator.core.text import search_hits
from curator.ui.models.article_table import format_date
from curator.ui.tints import tints_for
from curator.ui.widgets.mentions import (
    BodyMap,
    EntityStrip,
    MentionController,
    paragraph_spans,
)

EMPTY_MESSAGE = "Select an article to read it"

# A line of about 75 characters is the comfortable reading measure; wider panes get side margins.
READING_WIDTH_CHARS = 75
BODY_FONT_SCALE = 1.15
HEADER_GAP = 22
MIN_SIDE_MARGIN = 28
TOP_MARGIN = 24
BOTTOM_MARGIN = 32


class ReadingBrowser(QTextBrowser):
    """A read-only text browser that keeps its text column at a readable width, centred."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setOpenExternalLinks(True)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    def body_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(self.font().pointSizeF() * BODY_FONT_SCALE)
        return font

    def reading_width(self) -> int:
        return QFontMetrics(self.body_font()).averageCharWidth() * READING_WIDTH_CHARS

    def fit_text_column(self) -> None:
        # Computed from the widget's width minus a scroll bar, not the viewport's: then the
        # margins do not change when the scroll bar appears, which could loop.
        scroll_bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        available = self.width() - scroll_bar
        side = max(MIN_SIDE_MARGIN, (available - self.reading_width()) // 2)
        root = self.document().rootFrame()
        frame_format = root.frameFormat()
        wanted = (side, side, TOP_MARGIN, BOTTOM_MARGIN)
        current = (frame_format.leftMargin(), frame_format.rightMargin(), frame_format.topMargin(),
                   frame_format.bottomMargin())
        if current != wanted:  # setting the format re-lays out the whole text
            frame_format.setLeftMargin(side)
            frame_format.setRightMargin(side)
            frame_format.setTopMargin(TOP_MARGIN)
            frame_format.setBottomMargin(BOTTOM_MARGIN)
            root.setFrameFormat(frame_format)

    def preferred_width(self) -> int:
        """Wide enough for a full text column between minimal margins."""
        scroll_bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return self.reading_width() + 2 * MIN_SIDE_MARGIN + scroll_bar

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.fit_text_column()
        super().resizeEvent(event)


class ProvenanceBar(QFrame):
    """Above a merged article: what it was merged from (or into), with an Unmerge button."""

    unmerge_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._article_id = 0
        self.setObjectName("provenanceBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.label = QLabel()
        self.label.setObjectName("provenanceText")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.unmerge_button = QPushButton("Unmerge")
        self.unmerge_button.setObjectName("unmergeButton")
        self.unmerge_button.setToolTip("Restore the merged articles exactly as they were before the merge")
        self.unmerge_button.clicked.connect(lambda: self.unmerge_requested.emit(self._article_id))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 10, 8)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.unmerge_button, 0, Qt.AlignmentFlag.AlignVCenter)

    def show_for(self, article: ReadingView) -> None:
        """Say what ``article``'s merge did, or hide when it has none."""
        self._article_id = article.id
        self.label.setText(article.merge_note)
        self.setVisible(bool(article.merge_note))


class ArticleView(QStackedWidget):
    """Shows ``show_article(article)`` (a ``ReadingView``), or an empty-state hint.

    Its sources are listed under the header (for a merged article, every member's); its
    mentions are highlighted and its entities listed; tagging gestures come out as the
    ``*_requested`` signals of ``mentions`` (a ``MentionController``).
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._shown: tuple[ReadingView, str] | None = None  # the article shown, and the search marked in it
        self._empty = QLabel(EMPTY_MESSAGE)
        self._empty.setObjectName("emptyStateLabel")
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        # The same background as an article, so selecting one does not flash the pane.
        self._empty.setBackgroundRole(QPalette.ColorRole.Base)
        self._empty.setAutoFillBackground(True)
        self.browser = ReadingBrowser()
        self.browser.setObjectName("articleBrowser")
        self.provenance = ProvenanceBar()
        self.entity_strip = EntityStrip()
        self.body_map = BodyMap()
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.setSpacing(0)
        page_layout.addWidget(self.provenance)
        page_layout.addWidget(self.entity_strip)
        page_layout.addWidget(self.browser, 1)
        self._page = page
        self.addWidget(self._empty)
        self.addWidget(page)
        self.article_id: int | None = None
        self.dateline_at: tuple[int, str] | None = None
        self.mentions = MentionController(self.browser, self.entity_strip, self)

    def preferred_width(self) -> int:
        return self.browser.preferred_width()

    @property
    def showing_article(self) -> bool:
        return self.currentWidget() is self._page

    def clear(self) -> None:
        self.article_id = None
        self._shown = None
        self.browser.setExtraSelections([])
        self.mentions.reset()
        self.browser.clear()
        self.setCurrentWidget(self._empty)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # The text is drawn in the palette's colours when rendered: in a new theme, rendered again.
        if event.type() == QEvent.Type.PaletteChange and self._shown is not None:
            self.show_article(*self._shown)

    def show_article(self, article: ReadingView | None, search: str = "") -> None:
        """Show ``article`` with the words ``search`` finds in its title and text marked (or nothing, for None)."""
        if article is None:
            self.clear()
            return
        # Showing the same article again (after tagging) keeps the reader's place.
        scroll = self.browser.verticalScrollBar().value() if article.id == self.article_id else 0
        self.article_id = article.id
        self._shown = (article, search)
        # Rendered into the browser's own document: a new document per article would pile up.
        self._render(article, self.browser.document())
        self.mentions.show(article, self.body_map, self.dateline_at)
        self.browser.fit_text_column()
        # Rendering leaves the cursor at the end, and the browser scrolls to the cursor: start at the top.
        self.browser.moveCursor(QTextCursor.MoveOperation.Start)
        if scroll:
            # Laying out the last paragraph lays out all of them, so the scroll range is whole again.
            document = self.browser.document()
            document.documentLayout().blockBoundingRect(document.lastBlock())
            self.browser.verticalScrollBar().setValue(scroll)
        self.provenance.show_for(article)
        self._mark_search_hits(article, search)
        self.setCurrentWidget(self._page)

    @property
    def search_hits(self) -> list[str]:
        """The marked words, as the reader sees them (title first, then the text)."""
        return [selection.cursor.selectedText() for selection in self.browser.extraSelections()]

    def _mark_search_hits(self, article: ReadingView, search: str) -> None:
        # Extra selections lie over the text, apart from the mention formats drawn into it.
        marked = QTextCharFormat()
        tints = tints_for(self.palette())
        marked.setBackground(QColor(tints.search))
        marked.setForeground(QColor(tints.text))
        spans = [(_utf16_length(article.title[:start]), _utf16_length(article.title[:end]))
                 for start, end in search_hits(article.title, search)]
        if self.body_map:
            spans += [(self.body_map.to_document(start), self.body_map.to_document(end))
                      for start, end in search_hits(article.body, search)]
        selections = []
        for start, end in spans:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = QTextCursor(self.browser.document())
            selection.cursor.setPosition(start)
            selection.cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.format = marked
            selections.append(selection)
        self.browser.setExtraSelections(selections)

    def title_text(self) -> str:
        """The shown article's title, as displayed (empty when nothing is shown)."""
        return self.browser.document().firstBlock().text() if self.showing_article else ""

    def _render(self, article: ReadingView, document: QTextDocument) -> None:
        document.clear()
        document.setDefaultFont(self.browser.font())
        cursor = QTextCursor(document)
        palette = self.palette()
        base_size = self.browser.font().pointSizeF()

        title_format = QTextCharFormat()
        title_format.setFontPointSize(base_size * 1.5)
        title_format.setFontWeight(QFont.Weight.Bold)
        cursor.setBlockFormat(_block(bottom=10, line_height=115))
        cursor.insertText(article.title, title_format)

        muted = QTextCharFormat()
        muted.setForeground(palette.brush(QPalette.ColorRole.PlaceholderText))
        meta_parts = [
            ("published", format_date(article.published)),
            ("outlet", article.outlet),
            ("dateline", article.dateline),
            ("byline", f"By {article.byline}" if article.byline else None),
        ]
        shown = [(name, text) for name, text in meta_parts if text]
        meta = bool(shown)
        self.dateline_at = None
        if meta or article.url:
            cursor.insertBlock(_block(bottom=4))
            for index, (name, text) in enumerate(shown):
                if index:
                    cursor.insertText("  ·  ", muted)
                if name == "dateline":  # its mentions are drawn here
                    self.dateline_at = (cursor.position(), text)
                cursor.insertText(text, muted)
        if article.url:
            if meta:
                cursor.insertText("  ·  ", muted)
            link = QTextCharFormat()
            link.setAnchor(True)
            link.setAnchorHref(article.url)
            link.setForeground(palette.brush(QPalette.ColorRole.Link))
            link.setFontUnderline(True)
            link.setToolTip(article.url)
            cursor.insertText(_short_url(article.url), link)

        small_muted = QTextCharFormat(muted)
        small_muted.setFontPointSize(base_size * 0.9)
        for source in article.sources:
            cursor.insertBlock(_block(bottom=2))
            cursor.insertText(source.description, small_muted)
        # Space, not a rule, sets the text apart: Qt draws rules in the full text colour.
        header_end = cursor.blockFormat()
        header_end.setBottomMargin(HEADER_GAP)
        cursor.setBlockFormat(header_end)

        body_format = QTextCharFormat()
        body_format.setFont(self.browser.body_font())
        paragraph = _block(bottom=round(base_size * 0.9), line_height=150)
        self.body_map = BodyMap()
        for body_start, text in paragraph_spans(article.body):
            cursor.insertBlock(paragraph)
            self.body_map.add(body_start, cursor.position(), text)
            cursor.insertText(text, body_format)


def _block(*, top: float = 0, bottom: float = 0, line_height: int | None = None) -> QTextBlockFormat:
    block = QTextBlockFormat()
    block.setTopMargin(top)
    block.setBottomMargin(bottom)
    if line_height is not None:
        block.setLineHeight(line_height, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    return block


def _utf16_length(text: str) -> int:
    """Qt counts positions in UTF-16 units; Python counts code points."""
    return len(text.encode("utf-16-le")) // 2


def _short_url(url: str) -> str:
    """The URL without its scheme, shortened in the middle when long; the link keeps it whole."""
    shown = re.sub(r"^https?://(www\.)?", "", url)
    return shown if len(shown) <= 60 else shown[:40] + "…" + shown[-16:]
