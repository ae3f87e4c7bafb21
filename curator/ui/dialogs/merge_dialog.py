"""The merge dialog: which article to keep, where each field and the text come from, and a live preview.

Everything it shows comes from a :class:`MergeSuggestion`, so it never touches
the library; the caller runs the merge with the plan the user settled on:

>>> dialog = MergeDialog(suggest_plan(library, [1, 2]), window)
>>> if dialog.exec():
...     merge_articles(library, dialog.plan())
"""

from __future__ import annotations

from itertools import groupby
from string import ascii_uppercase

from PySide6.QtCore import QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QPaintEvent,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFrameFormat,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

from curator.core.curation import (
    BodyStrategy,
    MergePlan,
    MergeSuggestion,
    combined_body,
    merged_article,
)
from curator.core.library import FIELD_LABELS, FIELDS
from curator.core.text import count_words, split_paragraphs
from curator.ui.models.article_table import format_date
from curator.ui.screen_room import resize_for_screen
from curator.ui.tints import tints_for
from curator.ui.widgets.article_view import ReadingBrowser
from curator.ui.widgets.labels import ElidedLabel, heading, muted

DEFAULT_SIZE = (980, 680)
# Beyond this many members the list scrolls, so the choices and the preview keep their room.
VISIBLE_MEMBERS = 5
# Field values longer than this are shortened in the lists; the tooltip has the whole value.
MAX_CHOICE_CHARS = 80
EMPTY = "(empty)"
HEADER_GAP = 20
# Added paragraphs are tinted; their text colours are fixed too, so they stay readable in a dark theme.
LETTER_STYLE = ("#memberLetter { background: palette(midlight); border-radius: 10px; font-weight: bold;"
                " min-width: 20px; max-width: 20px; min-height: 20px; max-height: 20px; }")


def member_letter(index: int) -> str:
    """A, B, C… for the members in id order (numbers past Z)."""
    return ascii_uppercase[index] if index < len(ascii_uppercase) else str(index + 1)


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_CHOICE_CHARS else text[: MAX_CHOICE_CHARS - 1].rstrip() + "…"


def _block(*, bottom: float = 0, line_height: int = 150) -> QTextBlockFormat:
    block = QTextBlockFormat()
    block.setBottomMargin(bottom)
    block.setLineHeight(line_height, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    return block


class ElidedComboBox(QComboBox):
    """A combo box that shortens its current text with "…" instead of cutting it off."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        option.currentText = self.fontMetrics().elidedText(option.currentText, Qt.TextElideMode.ElideRight,
                                                           field.width())
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class MergePreview(ReadingBrowser):
    """The merged article as it will read, with the paragraphs taken from other members tinted."""

    def show_article(self, article: dict, added: dict[str, str]) -> None:
        """Show ``article``; ``added`` maps each added paragraph to the letter of the member it comes from."""
        document = self.document()
        document.clear()
        document.setDefaultFont(self.font())
        cursor = QTextCursor(document)
        base_size = self.font().pointSizeF()
        spacing = round(base_size * 0.9)
        title, meta, body, added_body, added_label = (QTextCharFormat() for _ in range(5))
        title.setFontPointSize(base_size * 1.4)
        title.setFontWeight(QFont.Weight.Bold)
        meta.setForeground(self.palette().brush(QPalette.ColorRole.PlaceholderText))
        body.setFont(self.body_font())
        added_body.setFont(self.body_font())
        tints = tints_for(self.palette())
        added_body.setForeground(QColor(tints.added_text))
        added_label.setFontPointSize(base_size * 0.85)
        added_label.setFontWeight(QFont.Weight.DemiBold)
        added_label.setForeground(QColor(tints.added_label))
        frame = QTextFrameFormat()
        frame.setBackground(QColor(tints.only_b))
        frame.setPadding(10)
        frame.setBottomMargin(spacing)

        cursor.setBlockFormat(_block(bottom=8, line_height=115))
        cursor.insertText(article["title"] or "Untitled", title)
        details = [format_date(article["published"]), article["outlet"], article["dateline"],
                   f"By {article['byline']}" if article["byline"] else None]
        # The URL gets a line of its own: wrapped inside the details line, it breaks mid-address.
        for line in ("  ·  ".join(part for part in details if part), article["url"]):
            if line:
                cursor.insertBlock(_block(bottom=2, line_height=100))
                cursor.insertText(line, meta)
        block = cursor.blockFormat()
        block.setBottomMargin(HEADER_GAP)
        cursor.setBlockFormat(block)
        header_end = cursor.blockNumber()
        fresh = False  # whether the cursor is in an empty block the next paragraph can take

        def write(text: str, text_format: QTextCharFormat, block: QTextBlockFormat) -> None:
            nonlocal fresh
            cursor.setBlockFormat(block) if fresh else cursor.insertBlock(block)
            cursor.insertText(text.replace("\n", "\u2028"), text_format)  # a single newline stays a line break
            fresh = False

        for is_added, run in groupby(split_paragraphs(article["body"] or ""), key=lambda text: text in added):
            if not is_added:
                for text in run:
                    write(text, body, _block(bottom=spacing))
                continue
            added_run = list(run)
            # A frame ignores the margin of the block before it, so right after the header it keeps the gap itself.
            frame.setTopMargin(HEADER_GAP if cursor.blockNumber() == header_end and not fresh else 0)
            tinted = cursor.insertFrame(frame)
            fresh, source = True, None
            for n, text in enumerate(added_run):
                if added[text] != source:
                    source = added[text]
                    write(f"from {source}", added_label, _block(bottom=2, line_height=100))
                write(text, added_body, _block(bottom=0 if n == len(added_run) - 1 else spacing))
            # Out of the frame, into the empty block Qt keeps after it.
            cursor.setPosition(tinted.lastPosition())
            cursor.movePosition(QTextCursor.MoveOperation.NextBlock)
            fresh = True
        self.fit_text_column()
        self.moveCursor(QTextCursor.MoveOperation.Start)


class MergeDialog(QDialog):
    """Choose how the members of a suggestion become one article; ``plan()`` is the result.

    ``plan_changed`` carries the new :class:`MergePlan` after every choice the user makes.
    """

    plan_changed = Signal(object)

    def __init__(self, suggestion: MergeSuggestion, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Merge Articles")
        self.setStyleSheet(LETTER_STYLE)
        self._suggestion = suggestion
        self._members = {i: suggestion.articles[i] for i in sorted(suggestion.articles)}
        self._letters = {i: member_letter(n) for n, i in enumerate(self._members)}
        self._words = {i: count_words(article["body"] or "") for i, article in self._members.items()}
        self._ranked = suggestion.plan.members  # fields fall back in the suggestion's order of completeness
        self._keep = suggestion.plan.keep
        self._included = set(self._members)
        self._fields = dict(suggestion.plan.fields)
        self._body_from = suggestion.plan.body_source
        self._combine = suggestion.plan.body is BodyStrategy.COMBINE
        self._combined: dict[tuple[int, tuple[int, ...]], str] = {}

        intro = muted(QLabel("The kept article takes the fields and text chosen below. The others stay in "
                              "the library as merged, and Unmerge restores them exactly."))
        intro.setWordWrap(True)
        members, member_table = self._build_members()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_choices())
        splitter.addWidget(self._build_preview())
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([400, 560])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self._merge_button = buttons.addButton("Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        self._merge_button.setObjectName("mergeButton")
        self._merge_button.setDefault(True)
        # Enter merges wherever the focus is (Escape cancels): a Cancel that took the focus would
        # otherwise become the default, and under some window systems a click on a choice hands it
        # the focus, so the Enter the dialog promises threw the choices away.
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self._too_few = muted(QLabel("Include at least two articles to merge."))
        footer = QHBoxLayout()
        footer.addWidget(self._too_few, 1)
        footer.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(heading(f"Merge {len(self._members):,} articles into one"))
        layout.addWidget(intro)
        layout.addWidget(members)
        layout.addWidget(splitter, 1)
        layout.addLayout(footer)
        resize_for_screen(self, QSize(*DEFAULT_SIZE))

        self.plan_changed.connect(self._show_preview)
        self._refresh()
        # Sized once the why line shows under the kept row only. A long list scrolls, and shows
        # half a row at the bottom so that it looks scrollable (the header and why line are about a row each).
        height = member_table.sizeHint().height()
        if len(self._members) > VISIBLE_MEMBERS:
            height = round(height * (VISIBLE_MEMBERS + 2.5) / (len(self._members) + 2))
        members.setFixedHeight(height + 2 * members.frameWidth())
        # Keyboard first: Enter merges with the defaults straight away, Escape cancels.
        self._merge_button.setFocus()

    def plan(self) -> MergePlan:
        """The merge the dialog describes, using only the included articles."""
        body = BodyStrategy.COMBINE if self._combine else BodyStrategy.KEEP
        fields = {name: self._field_source(name) for name in FIELDS}
        return MergePlan(self._keep, self._others(), fields, body, self._body_source())

    # Building ----------------------------------------------------------------

    def _build_members(self) -> tuple[QScrollArea, QWidget]:
        """The members' rows, and the scroll area they are in."""
        table = QWidget()
        grid = QGridLayout(table)
        grid.setContentsMargins(10, 6, 12, 6)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        # Leaving a member out only makes sense when at least two would remain.
        choose_members = len(self._members) > 2
        first = int(choose_members)  # the column of the Keep buttons
        headers = {0: "Include"} if choose_members else {}
        headers |= {first: "Keep", first + 1: "Article", first + 3: "Outlet", first + 4: "Date", first + 5: "Words"}
        for column, text in headers.items():
            header = muted(QLabel(text))
            if text == "Words":
                header.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(header, 0, column, 1, 2 if text == "Article" else 1)
        grid.setColumnStretch(first + 2, 1)
        grid.setColumnMinimumWidth(first + 3, 150)
        grid.setColumnMinimumWidth(first + 4, 90)
        self._keep_group = QButtonGroup(self)
        self._include_boxes: dict[int, QCheckBox] = {}
        self._row_labels: dict[int, list[QLabel]] = {}
        self._why_labels: dict[int, ElidedLabel] = {}
        for row, (article_id, article) in enumerate(self._members.items(), start=1):
            if choose_members:
                include = QCheckBox()
                include.setObjectName(f"includeBox{article_id}")
                include.toggled.connect(lambda checked, i=article_id: self._set_included(i, checked))
                grid.addWidget(include, 2 * row - 1, 0, Qt.AlignmentFlag.AlignCenter)
                self._include_boxes[article_id] = include
            keep = QRadioButton()
            keep.setObjectName(f"keepButton{article_id}")
            keep.setToolTip(f"Keep article {self._letters[article_id]}; the others are merged into it")
            keep.toggled.connect(lambda checked, i=article_id: self._keep_toggled(i, checked))
            self._keep_group.addButton(keep, article_id)
            grid.addWidget(keep, 2 * row - 1, first, Qt.AlignmentFlag.AlignCenter)
            badge = QLabel(self._letters[article_id])
            badge.setObjectName("memberLetter")
            badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
            words = QLabel(f"{self._words[article_id]:,}")
            words.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            labels = [badge, ElidedLabel(article["title"] or "Untitled"), ElidedLabel(article["outlet"] or "—"),
                      QLabel(format_date(article["published"]) or "—"), words]
            for column, label in enumerate(labels, start=first + 1):
                grid.addWidget(label, 2 * row - 1, column)
            why = muted(ElidedLabel())
            grid.addWidget(why, 2 * row, first + 2, 1, 4)
            self._row_labels[article_id], self._why_labels[article_id] = labels, why
        scroll = QScrollArea()
        scroll.setWidget(table)
        scroll.setWidgetResizable(True)
        scroll.setBackgroundRole(QPalette.ColorRole.Base)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return scroll, table

    def _build_choices(self) -> QWidget:
        panel = QWidget()
        grid = QGridLayout(panel)
        grid.setContentsMargins(0, 4, 12, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(1, 1)
        grid.addWidget(heading("Fields"), 0, 0, 1, 2)
        self._field_values: dict[str, ElidedLabel] = {}
        self._field_combos: dict[str, QComboBox] = {}
        for row, (name, caption) in enumerate(FIELD_LABELS.items(), start=1):
            value = muted(ElidedLabel())
            combo = self._combo(f"{name}Choice")
            combo.currentIndexChanged.connect(lambda _, n=name, c=combo: self._choose_field(n, c.currentData()))
            cell = QHBoxLayout()  # the value, or the choice when the members differ, in the same cell
            cell.addWidget(value)
            cell.addWidget(combo)
            grid.addWidget(QLabel(caption), row, 0)
            grid.addLayout(cell, row, 1)
            self._field_values[name], self._field_combos[name] = value, combo
        row = len(FIELDS) + 1
        grid.setRowMinimumHeight(row, 12)
        grid.addWidget(heading("Text"), row + 1, 0, 1, 2)
        grid.addWidget(QLabel("Text from"), row + 2, 0)
        self._body_combo = self._combo("textFromChoice")
        self._body_combo.currentIndexChanged.connect(lambda: self._choose_body(self._body_combo.currentData()))
        grid.addWidget(self._body_combo, row + 2, 1)
        self._combine_box = QCheckBox("Add the paragraphs only the others have")
        self._combine_box.setObjectName("combineBox")
        self._combine_box.toggled.connect(self._set_combine)
        grid.addWidget(self._combine_box, row + 3, 1)
        self._combine_note = muted(QLabel())
        self._combine_note.setObjectName("combineNote")
        self._combine_note.setWordWrap(True)
        # Lined up with the check box's text rather than its box.
        self._combine_note.setIndent(self.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + 6)
        grid.addWidget(self._combine_note, row + 4, 1)
        grid.setRowStretch(row + 5, 1)
        # Scrolled on a small screen (800x600), so the dialog, and its Merge button, fit on it.
        scroll = QScrollArea()
        scroll.setWidget(panel)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return scroll

    def _combo(self, name: str) -> QComboBox:
        combo = ElidedComboBox()
        combo.setObjectName(name)
        # Long values must not widen the dialog: the box keeps a modest width and its list shows more.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(16)
        combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return combo

    def _build_preview(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(12, 4, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(heading("Preview"))
        self._preview = MergePreview()
        self._preview.setObjectName("mergePreview")
        self._preview.setFrameShape(QFrame.Shape.StyledPanel)
        layout.addWidget(self._preview, 1)
        return panel

    # Choices -------------------------------------------------------------------

    def _set_included(self, article_id: int, included: bool) -> None:
        if included:
            self._included.add(article_id)
        elif article_id != self._keep:
            self._included.discard(article_id)
        self._refresh()

    def _keep_toggled(self, article_id: int, checked: bool) -> None:
        if checked:
            self._set_keep(article_id)

    def _set_keep(self, article_id: int) -> None:
        """Keep ``article_id``, with its own text and fields, and the others' values where it has none."""
        self._keep = self._body_from = article_id
        self._fields = {name: self._first_with_value(name) for name in FIELDS}
        self._refresh()

    def _choose_field(self, name: str, article_id: int) -> None:
        self._fields[name] = article_id
        self._refresh()

    def _choose_body(self, article_id: int) -> None:
        self._body_from = article_id
        self._refresh()

    def _set_combine(self, combine: bool) -> None:
        self._combine = combine
        self._refresh()

    def _others(self) -> tuple[int, ...]:
        return tuple(i for i in self._ranked if i != self._keep and i in self._included)

    def _first_with_value(self, name: str) -> int:
        return next((i for i in (self._keep, *self._others()) if self._members[i][name]), self._keep)

    def _field_source(self, name: str) -> int:
        """The chosen member, or the first with a value when the chosen one is left out."""
        chosen = self._fields[name]
        return chosen if chosen in self._included else self._first_with_value(name)

    def _body_source(self) -> int:
        return self._body_from if self._body_from in self._included else self._keep

    # Showing the state ----------------------------------------------------------

    def _refresh(self) -> None:
        self._show_members()
        self._show_fields()
        self._show_text_choice()
        enough = len(self._included) >= 2
        self._merge_button.setEnabled(enough)
        self._too_few.setVisible(not enough)
        self.plan_changed.emit(self.plan())

    def _show_members(self) -> None:
        suggested = self._suggestion.plan.keep
        for article_id in self._members:
            included, kept = article_id in self._included, article_id == self._keep
            if include := self._include_boxes.get(article_id):
                with QSignalBlocker(include):
                    include.setChecked(included)
                include.setEnabled(not kept)  # the others are merged into the kept one: it cannot be left out
                include.setToolTip("The kept article is always included" if kept
                                   else f"Include article {self._letters[article_id]} in the merge")
            keep = self._keep_group.button(article_id)
            with QSignalBlocker(keep):
                keep.setChecked(kept)
            keep.setEnabled(included)
            for label in self._row_labels[article_id]:
                label.setEnabled(included)
            self._why_labels[article_id].setVisible(kept)
            self._why_labels[article_id].set_full_text(
                self._suggestion.why if article_id == suggested
                else f"Your choice. {self._letters[suggested]} was suggested — {self._suggestion.why}")

    def _show_fields(self) -> None:
        included = [i for i in self._members if i in self._included]
        for name, combo in self._field_combos.items():
            values = {i: self._members[i][name] or "" for i in included}
            same = len(set(values.values())) == 1
            self._field_values[name].setVisible(same)
            combo.setVisible(not same)
            if same:
                self._field_values[name].set_full_text(values[included[0]] or EMPTY)
            else:
                self._fill(combo, {i: _shorten(value) or EMPTY for i, value in values.items()},
                           self._field_source(name), tooltips=values)

    def _show_text_choice(self) -> None:
        included = [i for i in self._members if i in self._included]
        self._fill(self._body_combo, {i: f"{self._words[i]:,} words" for i in included}, self._body_source())
        with QSignalBlocker(self._combine_box):
            self._combine_box.setChecked(self._combine)
        added = self._added_paragraphs(self.plan())
        if added:
            count = f"{len(added):,} paragraph{'s' if len(added) != 1 else ''}"
            sources = " and ".join(sorted(set(added.values())))
            note = f"{'Adds' if self._combine else 'Would add'} {count} from {sources}, tinted in the preview."
        else:
            note = "Nothing to add: this text has every paragraph of the others, some in other words."
        # Offered only where it adds something (or is on already, to be turned off).
        self._combine_box.setEnabled(bool(added) or self._combine)
        self._combine_note.setText(note)

    def _fill(self, combo: QComboBox, items: dict[int, str], current: int, tooltips: dict[int, str] | None = None,
              ) -> None:
        """List ``items`` as "A · text" with ``current`` chosen, without reporting it as the user's choice."""
        with QSignalBlocker(combo):
            combo.clear()
            for article_id, text in items.items():
                combo.addItem(f"{self._letters[article_id]} · {text}", article_id)
                if tooltips and tooltips[article_id] not in (text, ""):
                    combo.setItemData(combo.count() - 1, tooltips[article_id], Qt.ItemDataRole.ToolTipRole)
            combo.setCurrentIndex(combo.findData(current))
        combo.setToolTip(combo.currentData(Qt.ItemDataRole.ToolTipRole) or "")

    def _added_paragraphs(self, plan: MergePlan) -> dict[str, str]:
        """Each paragraph combining adds to the chosen text, with the letter of the member it comes from."""
        others = tuple(i for i in plan.members if i != plan.body_source)
        key = (plan.body_source, others)
        if key not in self._combined:  # combining compares every pair of paragraphs: worth remembering
            self._combined[key] = combined_body(self._members[plan.body_source]["body"] or "",
                                                [self._members[i]["body"] or "" for i in others])
        present = set(split_paragraphs(self._members[plan.body_source]["body"] or ""))
        return {text: next(self._letters[i] for i in others if text in split_paragraphs(self._members[i]["body"] or ""))
                for text in split_paragraphs(self._combined[key]) if text not in present}

    def _show_preview(self, plan: MergePlan) -> None:
        article = merged_article({i: self._members[i] for i in plan.members}, plan)
        added = self._added_paragraphs(plan) if plan.body is BodyStrategy.COMBINE else {}
        self._preview.show_article(article, added)
