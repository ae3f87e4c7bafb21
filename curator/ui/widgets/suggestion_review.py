"""The suggestion review queue: one card per suggested name, decided with a key, surest first.

A card shows the name, the type proposed, the confidence, how many mentions in how many
articles, and a few of them in context. **A** accepts every mention of the name, **X** or **R**
rejects them, **T** picks another type (then accepts), **S** or Space skips, and Backspace or
Ctrl+Z takes back the last decision. The queue moves on by itself; a name proposed as Unknown
asks for its type first. The dialog only reads (a page at a time, on the worker) and asks for
decisions through its signals: the window runs them as changes like any other.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from curator.core.entities import SOURCE_WORDS, count_suggestion_groups, suggestion_groups
from curator.core.library import Changes, Library
from curator.ui.tasks import TaskRunner

# Cards read at a time; the next page is read when the queue comes near the end of this one.
PAGE = 50
READ_AHEAD = 5
UNKNOWN_TYPE = "UNKNOWN"
# How strongly a snippet's name is tinted with its type's colour, over the page.
HIGHLIGHT_OPACITY = 0.35
KEYS_HINT = "A Accept  ·  X Reject  ·  T Change type  ·  S Skip  ·  ⌫ Undo  ·  Esc Close"


@dataclass
class _Decision:
    """A card passed: skipped (no history row), or decided (the row one undo takes back)."""

    index: int
    history_id: int | None


class SuggestionReview(QDialog):
    """The queue over a library's pending suggestions, grouped by name.

    ``decide_requested(group, accept, new_type)`` asks for a group to be accepted (as
    ``new_type``, when not empty) or rejected; ``undo_requested(history_id)`` for a decision
    to be taken back. The window answers with :meth:`decided` / :meth:`undone`, or
    :meth:`refused` when the change did not happen.
    """

    decide_requested = Signal(dict, bool, str)
    undo_requested = Signal(int)

    def __init__(self, tasks: TaskRunner, types: list[dict], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("suggestionReview")
        self.setWindowTitle("Review Suggestions")
        self._tasks = tasks
        self._types = {t["name"]: t for t in types}
        self._choices = [t for t in types if t["name"] != UNKNOWN_TYPE][:9]
        self.groups: list[dict] = []
        self.total = 0
        self.index = 0
        self._passed: list[_Decision] = []
        self._exhausted = False
        self._reading = False
        self.busy = False
        self._build()
        self.resize(720, 520)
        self._read_page(first=True)

    # Layout ------------------------------------------------------------------------

    def _build(self) -> None:
        self.progress = QLabel("Reading suggestions…")
        self.progress.setObjectName("reviewProgress")
        progress_font = self.progress.font()
        progress_font.setBold(True)
        self.progress.setFont(progress_font)
        self.name = QLabel()
        self.name.setObjectName("reviewName")
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.name.setFont(font)
        self.name.setWordWrap(True)
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        self.facts = QLabel()
        self.facts.setObjectName("reviewFacts")
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.facts.setWordWrap(True)
        self.snippets = QLabel()
        self.snippets.setObjectName("reviewSnippets")
        self.snippets.setTextFormat(Qt.TextFormat.RichText)
        self.snippets.setWordWrap(True)
        self.snippets.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        card = QFrame()
        card.setObjectName("reviewCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setAutoFillBackground(True)
        card.setBackgroundRole(QPalette.ColorRole.Base)
        inside = QVBoxLayout(card)
        inside.setContentsMargins(18, 14, 18, 14)
        inside.setSpacing(8)
        inside.addWidget(self.name)
        inside.addWidget(self.facts)
        inside.addSpacing(4)
        inside.addWidget(self.snippets, 1)
        self.picker = self._type_picker()
        self.accept_button = self._button("Accept", "A", self.accept_current)
        self.reject_button = self._button("Reject", "X", self.reject_current)
        self.type_button = self._button("Change Type…", "T", self.show_type_picker)
        self.skip_button = self._button("Skip", "S", self.skip_current)
        self.undo_button = self._button("Undo", "⌫", self.undo_last)
        buttons = QHBoxLayout()
        for button in (self.accept_button, self.reject_button, self.type_button, self.skip_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.undo_button)
        self.hint = QLabel(KEYS_HINT)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.addWidget(self.progress)
        layout.addWidget(card, 1)
        layout.addWidget(self.picker)
        layout.addLayout(buttons)
        layout.addWidget(self.hint)

    def _button(self, text: str, key: str, slot) -> QPushButton:
        button = QPushButton(f"{text}  ({key})")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the dialog's keys stay the dialog's
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _type_picker(self) -> QFrame:
        picker = QFrame()
        picker.setObjectName("reviewTypePicker")
        row = QHBoxLayout(picker)
        row.setContentsMargins(0, 0, 0, 0)
        self.picker_label = QLabel()
        row.addWidget(self.picker_label)
        self.type_buttons = []
        for number, entity_type in enumerate(self._choices, 1):
            button = QPushButton(f"{number} {entity_type['label']}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAutoDefault(False)
            button.setStyleSheet(f"QPushButton {{ border-left: 4px solid {entity_type['colour']}; padding: 3px 8px; }}")
            button.clicked.connect(lambda _checked=False, name=entity_type["name"]: self.choose_type(name))
            row.addWidget(button)
            self.type_buttons.append(button)
        row.addStretch(1)
        picker.hide()
        return picker

    # Reading ------------------------------------------------------------------------

    def _read_page(self, *, first: bool = False) -> None:
        """Read the next page on the worker. Decided groups leave the pending set, so the next page starts
        after the groups still pending that this queue holds; any it holds already are left out."""
        if self._reading or self._exhausted:
            return
        self._reading = True
        decided = sum(1 for d in self._passed if d.history_id is not None)
        offset = len(self.groups) - decided

        def job(library: Library, _progress, _cancelled) -> tuple[int, list[dict]]:
            total = count_suggestion_groups(library) if first else -1
            return total, suggestion_groups(library, offset=max(0, offset), limit=PAGE)

        self._tasks.submit(job, on_done=lambda result: self._add_page(first, *result))

    def _add_page(self, first: bool, total: int, page: list[dict]) -> None:
        if not shiboken6.isValid(self):
            return
        self._reading = False
        if first:
            self.total = total
        held = {(g["name"], g["type"]) for g in self.groups}
        new = [g for g in page if (g["name"], g["type"]) not in held]
        self._exhausted = len(page) < PAGE or not new
        self.groups.extend(new)
        self.total = max(self.total, len(self.groups))
        self._show_card()

    # Showing ----------------------------------------------------------------------------

    @property
    def current(self) -> dict | None:
        return self.groups[self.index] if self.index < len(self.groups) else None

    def _show_card(self) -> None:
        self.picker.hide()
        group = self.current
        # The card shown is the how-manieth ("1 of 70"); past the last, all of them were.
        self.progress.setText(f"{min(self.index + 1, self.total) if group is not None else self.index:,} of "
                              f"{self.total:,}")
        for button in (self.accept_button, self.reject_button, self.type_button, self.skip_button):
            button.setEnabled(group is not None)
        self.undo_button.setEnabled(bool(self._passed))
        if group is None:
            self.name.setText("All suggestions reviewed" if self._exhausted else "Reading suggestions…")
            self.facts.setText("")
            self.snippets.setText("Close this window, or take back the last decision with Backspace."
                                  if self._exhausted and self._passed else "")
            return
        if len(self.groups) - self.index <= READ_AHEAD:
            self._read_page()
        entity_type = self._types.get(group["type"], {"label": group["type"], "colour": "#999999"})
        self.name.setText(group["name"])
        mentions, articles = group["mentions"], group["articles"]
        found = ", ".join(SOURCE_WORDS.get(source, source) for source in group["sources"])
        self.facts.setText(
            f'<span style="color:{entity_type["colour"]}">&#9632;</span>&nbsp;<b>{html.escape(entity_type["label"])}'
            f"</b>&nbsp;&nbsp;·&nbsp;&nbsp;confidence {group['confidence']:.2f}&nbsp;&nbsp;·&nbsp;&nbsp;"
            f"{mentions:,} mention{'s' if mentions != 1 else ''} in {articles:,} article{'s' if articles != 1 else ''}"
            f"&nbsp;&nbsp;·&nbsp;&nbsp;<i>{html.escape(found)}</i>")
        self.snippets.setText(self._snippet_html(group, QColor(entity_type["colour"])))

    def _snippet_html(self, group: dict, colour: QColor) -> str:
        base = self.palette().color(QPalette.ColorRole.Base)
        tint = QColor.fromRgbF(*(c * HIGHLIGHT_OPACITY + b * (1 - HIGHLIGHT_OPACITY) for c, b in zip(
            (colour.redF(), colour.greenF(), colour.blueF()), (base.redF(), base.greenF(), base.blueF()))))
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        parts = []
        for snippet in group["snippets"]:
            parts.append(
                f'<p style="margin-bottom:10px">{html.escape(snippet["before"])}'
                f'<b style="background-color:{tint.name()}">&nbsp;{html.escape(snippet["text"])}&nbsp;</b>'
                f'{html.escape(snippet["after"])}<br><span style="color:{muted}; font-size:small">'
                f'— {html.escape(snippet["title"] or "Article " + str(snippet["article_id"]))}</span></p>')
        return "".join(parts)

    # Deciding ---------------------------------------------------------------------------

    def accept_current(self) -> None:
        """Accept the card's name; one proposed as Unknown asks for a type first."""
        group = self.current
        if group is None or self.busy:
            return
        if group["type"] == UNKNOWN_TYPE:
            self.show_type_picker(f"“{group['name']}” is of an unknown type; accept it as:")
            return
        self._ask(group, True, "")

    def reject_current(self) -> None:
        if self.current is not None and not self.busy:
            self._ask(self.current, False, "")

    def skip_current(self) -> None:
        if self.current is not None and not self.busy:
            self._passed.append(_Decision(self.index, None))
            self.index += 1
            self._show_card()

    def show_type_picker(self, prompt: str = "Accept as:") -> None:
        if self.current is None or self.busy:
            return
        self.picker_label.setText(prompt)
        self.picker.show()

    def choose_type(self, type: str) -> None:
        group = self.current
        if group is None or self.busy:
            return
        self.picker.hide()
        self._ask(group, True, "" if type == group["type"] else type)

    def _ask(self, group: dict, accept: bool, new_type: str) -> None:
        self.busy = True
        self.decide_requested.emit(group, accept, new_type)

    def decided(self, changes: Changes) -> None:
        """The decision on the current card is stored: on to the next."""
        self.busy = False
        self._passed.append(_Decision(self.index, changes.history_id))
        self.index += 1
        self._show_card()

    def refused(self) -> None:
        """The change did not happen (the window said why): the card stays."""
        self.busy = False
        self._show_card()

    def undo_last(self) -> None:
        """Back to the last card passed; a decision on it is taken back first."""
        if not self._passed or self.busy:
            return
        last = self._passed[-1]
        if last.history_id is None:
            self._passed.pop()
            self.index = last.index
            self._show_card()
            return
        self.busy = True
        self.undo_requested.emit(last.history_id)

    def undone(self, _changes: Changes) -> None:
        self.busy = False
        last = self._passed.pop()
        self.index = last.index
        self._show_card()

    # Keys -------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, text = event.key(), event.text().lower()
        if event.matches(QKeySequence.StandardKey.Undo) or key == Qt.Key.Key_Backspace:
            self.undo_last()
        elif key == Qt.Key.Key_Escape and self.picker.isVisible():
            self.picker.hide()
        elif self.picker.isVisible() and text.isdigit() and 1 <= int(text) <= len(self._choices):
            self.choose_type(self._choices[int(text) - 1]["name"])
        elif text == "a":
            self.accept_current()
        elif text in ("x", "r"):
            self.reject_current()
        elif text == "t":
            self.show_type_picker()
        elif text == "s" or key == Qt.Key.Key_Space:
            self.skip_current()
        else:
            super().keyPressEvent(event)
