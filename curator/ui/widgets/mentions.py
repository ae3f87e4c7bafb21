"""Entity mentions in the reading pane: highlighting, selection, keyboard tagging, menus, the legend.

The article body is rendered one paragraph per text block (see ``ArticleView._render``);
``BodyMap`` remembers where each paragraph starts in the body and in the document,
so spans of the body (mentions) and positions in the document (selections, clicks)
convert both ways. The dateline, shown in the header, has mentions of its own
(``field`` "dateline"); the view tells the controller where it is drawn. ``MentionController``
works on an ``ArticleView``'s text browser and entity strip: it highlights the mentions and
turns keys, clicks and menu choices into its request signals; the window runs the changes.
"""

from __future__ import annotations

import bisect
import html
import re

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPalette,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QMenu,
    QTextBrowser,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from curator.core.curation import ReadingView
from curator.core.library import ArticleStatus

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# An accepted mention's background: its type colour at this opacity over the page.
ACCEPTED_OPACITY = 0.35
# A background lighter than this (0–1) gets dark text; a darker one keeps the palette's text colour.
LIGHT_BACKGROUND = 0.55
DARK_TEXT = "#1b1b1b"
DIGIT_KEYS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}
# Trimmed from both ends of a selection before tagging; a final "." only when it ends a sentence.
EDGE_PUNCTUATION = " \t\n\u2028,;:!?\"'“”‘’«»()[]{}"
TAG_HINT = "Select text and press its number to tag it"
# What the strip says instead in a library that cannot be changed, where tagging is refused.
READ_ONLY_HINT = "Tags are shown, not changed: this library is open read-only"
CLICK_SLOP = 4
# The strip's side margins, as the text column's smallest ones.
MIN_STRIP_MARGIN = 28


def paragraph_spans(body: str) -> list[tuple[int, str]]:
    """Each paragraph as ``(offset in body, text as shown)``: blank lines separate paragraphs;
    a single newline inside one is shown as a line break (one character, like the newline)."""
    spans, start = [], 0
    pieces = []
    for found in PARAGRAPH_BREAK.finditer(body):
        pieces.append((start, body[start:found.start()]))
        start = found.end()
    pieces.append((start, body[start:]))
    for offset, part in pieces:
        stripped = part.strip()
        if stripped:
            lead = len(part) - len(part.lstrip())
            spans.append((offset + lead, stripped.replace("\n", "\u2028")))
    return spans


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _code_points(text: str, units: int) -> int:
    """How many characters of ``text`` fill ``units`` UTF-16 units (Qt's positions) ."""
    within = 0
    for char in text:
        if units <= 0:
            break
        units -= 2 if ord(char) > 0xFFFF else 1
        within += 1
    return within


class BodyMap:
    """Where each paragraph of the body starts in the body and in the rendered document."""

    def __init__(self) -> None:
        self._body_starts: list[int] = []
        self._doc_starts: list[int] = []
        self._texts: list[str] = []

    def add(self, body_start: int, doc_start: int, text: str) -> None:
        """Record a paragraph, in order, as it is inserted."""
        self._body_starts.append(body_start)
        self._doc_starts.append(doc_start)
        self._texts.append(text)

    def __bool__(self) -> bool:
        return bool(self._body_starts)

    @property
    def first_position(self) -> int:
        return self._doc_starts[0] if self._doc_starts else 0

    def to_document(self, offset: int) -> int:
        """The document position of a body offset (an offset between paragraphs goes to the nearer end)."""
        index = max(0, bisect.bisect_right(self._body_starts, offset) - 1)
        text = self._texts[index]
        within = min(max(0, offset - self._body_starts[index]), len(text))
        # Qt counts UTF-16 units; Python counts code points.
        return self._doc_starts[index] + _utf16_length(text[:within])

    def to_body(self, position: int) -> int | None:
        """The body offset of a document position; None in the title and header above the body."""
        if not self._doc_starts or position < self._doc_starts[0]:
            return None
        index = bisect.bisect_right(self._doc_starts, position) - 1
        return self._body_starts[index] + _code_points(self._texts[index], position - self._doc_starts[index])


def snap_span(body: str, start: int, end: int) -> tuple[int, int] | None:
    """Widen a selection to whole words, then trim spaces and punctuation around it; None if nothing is left."""
    start, end = max(0, min(start, end)), min(len(body), max(start, end))
    while start > 0 and start < len(body) and body[start].isalnum() and body[start - 1].isalnum():
        start -= 1
    while 0 < end < len(body) and body[end - 1].isalnum() and body[end].isalnum():
        end += 1
    while start < end and body[start] in EDGE_PUNCTUATION + ".-–—":
        start += 1
    while start < end and body[end - 1] in EDGE_PUNCTUATION + "-–—":
        end -= 1
    # "Moscow." loses its full stop; "U.S." keeps it.
    if start < end and body[end - 1] == "." and "." not in body[start:end - 1]:
        end -= 1
    while start < end and body[end - 1] in EDGE_PUNCTUATION:
        end -= 1
    return (start, end) if start < end else None


def _blend(colour: QColor, base: QColor, opacity: float) -> QColor:
    return QColor.fromRgbF(colour.redF() * opacity + base.redF() * (1 - opacity),
                           colour.greenF() * opacity + base.greenF() * (1 - opacity),
                           colour.blueF() * opacity + base.blueF() * (1 - opacity))


def mention_format(mention: dict, palette: QPalette) -> QTextCharFormat:
    """Accepted: a tinted background in the type colour. Pending: a dashed underline in it."""
    colour = QColor(mention["colour"])
    chosen = QTextCharFormat()
    if mention["status"] == "accepted":
        background = _blend(colour, palette.color(QPalette.ColorRole.Base), ACCEPTED_OPACITY)
        chosen.setBackground(background)
        if background.lightnessF() > LIGHT_BACKGROUND:
            chosen.setForeground(QColor(DARK_TEXT))
    else:
        chosen.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
        chosen.setUnderlineColor(colour)
    return chosen


# Suggestions a merge or a story link made from what another version had tagged say so.
VERSION_SOURCES = {"merged": ", tagged in an article merged into this one",
                   "linked": ", tagged in another version of this story"}


def describe_mention(mention: dict, entities: dict[int, dict], types: dict[str, dict]) -> str:
    """One line about a mention's entity, e.g. "Sergei Lavrov — Person · also Lavrov · 5 mentions in 2 articles"."""
    label = types.get(mention["type"], {}).get("label", mention["type"].title())
    if mention["status"] != "accepted":
        name = mention["entity_name"] or mention["label"] or mention["text"]
        why = VERSION_SOURCES.get(mention.get("source") or "", "")
        return f"Suggested: {name} — {label}{why}.  Enter accepts it, Delete rejects it."
    found = entities.get(mention["entity_id"], {})
    parts = [f"{mention['entity_name']} — {label}"]
    if found.get("aliases"):
        parts.append("also " + ", ".join(found["aliases"]))
    if found:
        total, articles = found["total"], found["articles"]
        parts.append(f"{total:,} mention{'s' if total != 1 else ''} in {articles:,} article{'s' if articles != 1 else ''}")
    return " · ".join(parts)


class EntityStrip(QFrame):
    """Above the text: the types and their keys, the article's entities, and the selected mention."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("entityStrip")
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.legend = QLabel()
        self.legend.setObjectName("entityLegend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        # Wrapped, so the legend of many types never holds the reading pane wider than a small window leaves it.
        self.legend.setWordWrap(True)
        self.entities = QLabel()
        self.entities.setObjectName("articleEntities")
        self.entities.setWordWrap(True)
        self.entities.setTextFormat(Qt.TextFormat.PlainText)
        self.info = QLabel()
        self.info.setObjectName("mentionInfo")
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        for label in (self.legend, self.info):
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(MIN_STRIP_MARGIN, 8, MIN_STRIP_MARGIN, 6)
        self._layout.setSpacing(3)
        self._layout.addWidget(self.legend)
        self._layout.addWidget(self.entities)
        self._layout.addWidget(self.info)
        self._hint = TAG_HINT
        self._read_only = False

    def show_types(self, types: list[dict]) -> None:
        keyed = [t for t in types if t["key"] is not None]
        swatch = '<span style="color:{colour}">&#9632;</span>&nbsp;{key}&nbsp;{label}'
        # A type keeps its swatch, key and name together; the line may break between types.
        self.legend.setText("&nbsp;&nbsp;·&nbsp; ".join(
            swatch.format(colour=t["colour"], key=t["key"], label=html.escape(t["label"])) for t in keyed))
        self.legend.setToolTip(READ_ONLY_HINT if self._read_only else TAG_HINT + "; right-click for more")

    def show_entities(self, entities: dict[int, dict], pending: int) -> None:
        listed = ", ".join(f"{e['name']} ({e['here']})" for e in entities.values())
        self.entities.setText(f"Entities: {listed}" if listed else "No entities tagged yet")
        self._hint = READ_ONLY_HINT if self._read_only else TAG_HINT
        if pending and not self._read_only:
            self._hint = (f"{pending} suggestion{'s' if pending != 1 else ''} to review (underlined): "
                          "click one; Enter accepts, Delete rejects")

    def offer_no_tagging(self) -> None:
        """For a library open read-only: the hint says tags are shown, not how to add them."""
        self._read_only = True
        self._hint = READ_ONLY_HINT
        self.legend.setToolTip(READ_ONLY_HINT)
        if not self.info.text() or self.info.text() == TAG_HINT:
            self.info.setText(READ_ONLY_HINT)

    def show_info(self, text: str) -> None:
        """What the selected mention is; with none selected, how to tag."""
        self.info.setText(text or self._hint)

    def align_with(self, side_margin: int) -> None:
        """Start the lines where the article's text column starts."""
        margins = self._layout.contentsMargins()
        if margins.left() != side_margin:
            self._layout.setContentsMargins(side_margin, margins.top(), side_margin, margins.bottom())



class MentionController(QObject):
    """Highlights the mentions of the article in ``browser``, lists them in ``strip``, and turns
    the reader's gestures into request signals."""

    tag_requested = Signal(int, int, int, str, str)  # article id, start, end, entity type, field
    tag_existing_requested = Signal(int, int, int, str)  # article id, start, end, field ("body" or "dateline")
    remove_requested = Signal(list)  # mention ids
    accept_requested = Signal(list)  # mention ids
    propagate_requested = Signal(int)  # mention id

    def __init__(self, browser: QTextBrowser, strip: EntityStrip, parent: QObject | None = None):
        super().__init__(parent)
        self.browser = browser
        self.strip = strip
        self.body_map = BodyMap()
        self.dateline_at: tuple[int, str] | None = None  # where the dateline is drawn, and its text
        self.article: ReadingView | None = None
        self.mentions: list[dict] = []
        self.types: dict[str, dict] = {}
        self._press: QPoint | None = None
        self.browser.installEventFilter(self)
        self.browser.viewport().installEventFilter(self)
        self.browser.selectionChanged.connect(self._selection_changed)

    # Showing ---------------------------------------------------------------

    def reset(self) -> None:
        self.article, self.mentions, self.body_map, self.dateline_at = None, [], BodyMap(), None

    def show(self, article: ReadingView, body_map: BodyMap, dateline_at: tuple[int, str] | None = None) -> None:
        """Highlight ``article``'s mentions in the freshly rendered document and fill the strip.

        ``dateline_at`` is the document position and text of the dateline, when it is shown."""
        self.article, self.body_map, self.dateline_at = article, body_map, dateline_at
        self.mentions = [m for m in article.mentions if m.get("field", "body") == "body" or dateline_at is not None]
        self.types = {t["name"]: t for t in article.entity_types}
        document = self.browser.document()
        palette = self.browser.palette()
        for mention in self.mentions:
            start, end = self._document_span(mention)
            cursor = QTextCursor(document)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(mention_format(mention, palette))
        strip = self.strip
        strip.setVisible(bool(article.entity_types))  # shown where tagging is offered
        strip.show_types(list(self.types.values()))
        strip.show_entities(article.entities, sum(m["status"] == "pending" for m in self.mentions))
        strip.show_info("")
        # With the controller as context, a pane closed meanwhile drops the call.
        QTimer.singleShot(0, self, self._align_strip)

    def _align_strip(self) -> None:
        margin = self.browser.document().rootFrame().frameFormat().leftMargin()
        self.strip.align_with(max(MIN_STRIP_MARGIN, round(margin)))

    def text_of(self, field: str) -> str:
        """The text a span of ``field`` ("body" or "dateline") counts in."""
        return self.article.text_of(field) if self.article is not None else ""

    def _document_span(self, mention: dict) -> tuple[int, int]:
        if mention.get("field", "body") == "dateline" and self.dateline_at is not None:
            position, text = self.dateline_at
            return (position + _utf16_length(text[:mention["start"]]),
                    position + _utf16_length(text[:mention["end"]]))
        return self.body_map.to_document(mention["start"]), self.body_map.to_document(mention["end"])

    def _dateline_offset(self, position: int) -> int | None:
        """The dateline offset of a document position inside the drawn dateline, else None."""
        if self.dateline_at is None:
            return None
        start, text = self.dateline_at
        if not start <= position <= start + _utf16_length(text):
            return None
        return _code_points(text, position - start)

    def type_for_key(self, number: int) -> str | None:
        return next((name for name, t in self.types.items() if t["key"] == number), None)

    # Selection -------------------------------------------------------------

    def select_span(self, start: int, end: int, field: str = "body") -> None:
        """Select ``body[start:end]`` (or the dateline's) in the view."""
        start, end = self._document_span({"field": field, "start": start, "end": end})
        cursor = QTextCursor(self.browser.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.browser.setTextCursor(cursor)

    def selected_span(self) -> tuple[str, int, int] | None:
        """The selected text as ``(field, start, end)``: in the body, or within the dateline; else None."""
        cursor = self.browser.textCursor()
        if not cursor.hasSelection():
            return None
        dateline_start = self._dateline_offset(cursor.selectionStart())
        dateline_end = self._dateline_offset(cursor.selectionEnd())
        if dateline_start is not None and dateline_end is not None:
            return ("dateline", dateline_start, dateline_end) if dateline_start < dateline_end else None
        if not self.body_map:
            return None
        end = self.body_map.to_body(cursor.selectionEnd())
        if end is None:
            return None
        start = self.body_map.to_body(max(cursor.selectionStart(), self.body_map.first_position))
        return ("body", start, end) if start is not None and start < end else None

    def selected_mentions(self) -> list[dict]:
        """Mentions overlapping the selection."""
        span = self.selected_span()
        if span is None:
            return []
        field, start, end = span
        return [m for m in self.mentions if m.get("field", "body") == field and m["start"] < end and m["end"] > start]

    def mention_at(self, point: QPoint) -> dict | None:
        """The mention under a point of the viewport."""
        if not self.body_map:
            return None
        cursor = self.browser.cursorForPosition(point)
        position = cursor.position()
        if point.x() < self.browser.cursorRect(cursor).x():
            position -= 1  # the click fell on the character before the nearest boundary
        dateline_offset = self._dateline_offset(position)
        field, offset = ("dateline", dateline_offset) if dateline_offset is not None else (
            "body", self.body_map.to_body(position))
        if offset is None:
            return None
        return next((m for m in self.mentions if m.get("field", "body") == field and m["start"] <= offset < m["end"]),
                    None)

    def select_mention(self, mention: dict) -> None:
        self.select_span(mention["start"], mention["end"], mention.get("field", "body"))

    def _selection_changed(self) -> None:
        chosen = self.selected_mentions()
        span = self.selected_span()
        if len(chosen) == 1 and span == (chosen[0].get("field", "body"), chosen[0]["start"], chosen[0]["end"]):
            self.strip.show_info(self._describe(chosen[0]))
        elif chosen:
            self.strip.show_info(f"{len(chosen):,} mentions selected: Delete removes them")
        else:
            self.strip.show_info("")

    def _describe(self, mention: dict) -> str:
        return describe_mention(mention, self.article.entities if self.article is not None else {}, self.types)

    # Requests --------------------------------------------------------------

    def _snapped(self) -> tuple[str, int, int] | None:
        span = self.selected_span()
        if span is None:
            return None
        snapped = snap_span(self.text_of(span[0]), span[1], span[2])
        return (span[0], *snapped) if snapped else None

    def tag_selection(self, type: str) -> bool:
        """Ask to tag the selected words as ``type``; False when nothing taggable is selected."""
        span = self._snapped()
        if self.article is None or span is None:
            return False
        field, start, end = span
        self.tag_requested.emit(self.article.id, start, end, type, field)
        return True

    def tag_selection_as_existing(self) -> bool:
        span = self._snapped()
        if self.article is None or span is None:
            return False
        field, start, end = span
        self.tag_existing_requested.emit(self.article.id, start, end, field)
        return True

    def remove_selected(self) -> bool:
        ids = [m["id"] for m in self.selected_mentions()]
        if ids:
            self.remove_requested.emit(ids)
        return bool(ids)

    def accept_selected(self) -> bool:
        ids = [m["id"] for m in self.selected_mentions() if m["status"] == "pending"]
        if ids:
            self.accept_requested.emit(ids)
        return bool(ids)

    def propagate_selected(self) -> bool:
        """Ask to tag every other occurrence of the selected (accepted) mention's text."""
        chosen = [m for m in self.selected_mentions() if m["status"] == "accepted"]
        if len(chosen) != 1:
            return False
        self.propagate_requested.emit(chosen[0]["id"])
        return True

    # Menus -----------------------------------------------------------------

    def add_actions(self, menu: QMenu) -> None:
        """The entity entries for what is selected: tag it, or accept, remove or propagate its mentions."""
        chosen = self.selected_mentions()
        span = self._snapped()
        if chosen:
            if any(m["status"] == "pending" for m in chosen):
                menu.addAction(_action(menu, "Accept\tEnter", self.accept_selected))
            menu.addAction(_action(menu, "Remove\tDelete", self.remove_selected))
            accepted = [m for m in chosen if m["status"] == "accepted"]
            if len(accepted) == 1:
                menu.addAction(_action(menu, f"Tag All Occurrences of “{accepted[0]['text']}”…",
                                       self.propagate_selected))
            menu.addSeparator()
        if span is not None and self.article is not None and self.article.status is ArticleStatus.ACTIVE:
            for name, entity_type in self.types.items():
                if entity_type["key"] is not None:
                    menu.addAction(_action(menu, f"Tag as {entity_type['label']}\t{entity_type['key']}",
                                           lambda name=name: self.tag_selection(name)))
            menu.addAction(_action(menu, "Tag as Existing Entity…", self.tag_selection_as_existing))

    def _context_menu(self, event: QContextMenuEvent, point: QPoint) -> None:
        under = self.mention_at(point)
        if under is not None and under not in self.selected_mentions():
            self.select_mention(under)
        offset = QPoint(self.browser.horizontalScrollBar().value(), self.browser.verticalScrollBar().value())
        menu = self.browser.createStandardContextMenu(point + offset)
        first = menu.actions()[0] if menu.actions() else None
        entries = QMenu()
        self.add_actions(entries)
        for action in entries.actions():
            action.setParent(menu)
            if first is None:
                menu.addAction(action)
            else:
                menu.insertAction(first, action)
        if entries.actions() and first is not None:
            menu.insertSeparator(first)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())

    # Events ----------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.article is None:
            return False
        kind = event.type()
        if watched is self.browser and isinstance(event, QKeyEvent) and kind == QEvent.Type.KeyPress:
            return self._key(event)
        if watched is self.browser and kind == QEvent.Type.Resize:
            QTimer.singleShot(0, self, self._align_strip)  # once the browser has fitted its text column
        if watched is self.browser.viewport():
            if isinstance(event, QMouseEvent) and event.button() == Qt.MouseButton.LeftButton:
                if kind == QEvent.Type.MouseButtonPress:
                    self._press = event.position().toPoint()
                elif kind == QEvent.Type.MouseButtonRelease:
                    return self._release(event)
            elif isinstance(event, QContextMenuEvent):
                self._context_menu(event, event.pos())
                return True
            elif isinstance(event, QHelpEvent) and kind == QEvent.Type.ToolTip:
                under = self.mention_at(event.pos())
                if under is None:
                    QToolTip.hideText()
                else:
                    QToolTip.showText(event.globalPos(), self._describe(under), self.browser.viewport())
                return True
        return False

    def _key(self, event: QKeyEvent) -> bool:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers != Qt.KeyboardModifier.NoModifier:
            return False
        key = event.key()
        if key in DIGIT_KEYS:
            chosen = self.type_for_key(DIGIT_KEYS[key])
            return chosen is not None and self.tag_selection(chosen)
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            return self.remove_selected()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return self.accept_selected()
        return False

    def _release(self, event: QMouseEvent) -> bool:
        point = event.position().toPoint()
        pressed, self._press = self._press, None
        # The browser finishes its own click first (ending a drag, following a link).
        type(self.browser).mouseReleaseEvent(self.browser, event)
        if pressed is not None and (point - pressed).manhattanLength() <= CLICK_SLOP:
            under = self.mention_at(point)
            if under is not None:
                self.select_mention(under)
        return True


def _action(parent: QObject, text: str, slot) -> QAction:
    action = QAction(text, parent)
    action.triggered.connect(lambda _checked=False: slot())
    return action
