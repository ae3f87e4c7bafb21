"""The Stories page (View → Stories): every story best first, and a story's versions on a timeline.

The list shows each story's name, number of versions and of outlets (named in its tooltip) and dates. The story's page lists its versions
oldest first, each with its outlet, date and what it adds to or cuts from the earliest version, the
copies merged into it noted; the selected version is laid beside the earliest in the aligned
comparison. A story can be renamed, versions split off it, moved to another story or out of any;
every change goes through ``run_change`` and is undoable. Reads run on the worker.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from curator.core.dedupe import PairComparison, compare_articles
from curator.core.library import Changes, Library
from curator.core.stories import Story, StoryPage, VersionChange, kept_versions, list_stories, story_page
from curator.ui import ops
from curator.ui.dialogs.name_prompt import ask_for_name
from curator.ui.models.article_table import format_date
from curator.ui.tasks import TaskRunner
from curator.ui.widgets.action_buttons import action_button
from curator.ui.widgets.comparison import ComparisonView
from curator.ui.widgets.labels import muted
from curator.ui.widgets.tables import NarrowColumns, configure_list_table
from curator.ui.widgets.wrapping_bar import WrappingBar

EMPTY_NOTE = ("No stories yet. In the review queue, Same Story (L) links two versions of one story; "
              "each story and its versions are shown here.")
STORY_COLUMNS = ("Story", "Versions", "Outlets", "Dates")
VERSION_COLUMNS = ("Date", "Outlet", "Headline", "Against the earliest")
# A story's name in the Move to Story list: long headlines made the dialog wider than the screen.
LISTED_NAME_CHARS = 70
ID_ROLE = Qt.ItemDataRole.UserRole
# The stories above a story's versions, beside the comparison: their share of the width, kept as the
# window grows (the versions' dates, outlets, headlines and changes need the room more than the
# comparison's two columns of text).
LIST_SHARE = 0.46
# Pixels a story's name, or a version's headline, keeps before other columns give way to it.
NAME_ROOM = 120
VERSIONS_SHARE = 0.55
RunChange = Callable[[ops.StartChange], None]
# A story and versions of it: the story a page showed, or is to show, and the versions that lead to
# where they went if it is gone.
Place = tuple[int, tuple[int, ...]]


class StoriesView(QWidget):
    """Stories and the selected story's page; ``article_requested`` names a version to open."""

    article_requested = Signal(int)

    def __init__(self, tasks: TaskRunner, run_change: RunChange, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("storiesView")
        self._tasks = tasks
        self._run_change = run_change
        self._reads = 0
        self._stories: list[Story] = []
        self.page: StoryPage | None = None
        self._story_to_show: int | None = None  # shown when the stories are first read (the one open when last closed)
        self._versions_to_choose: tuple[int, ...] = ()  # and its versions chosen then
        # The story the page showed last and its versions, kept when a change takes it apart: the page
        # then follows its versions, or shows no story, never the first one listed.
        self._last_shown: Place | None = None
        # Where the page was as each change began (its story and the versions chosen; None: not shown),
        # by history id: undone, the page goes back there, rather than stay on the story the change led to.
        self._places: dict[int, Place | None] = {}
        self._returning = False  # the next read shows _story_to_show with _versions_to_choose, whatever is shown

        self.note = muted(QLabel(EMPTY_NOTE))
        self.note.setWordWrap(True)
        self.story_table = _table(STORY_COLUMNS, {1: "3 + 1 merged", 2: "Outlets", 3: "2022-11-14 – 2022-11-17"}, 0)
        self.story_table.currentCellChanged.connect(lambda row, *_: self._story_chosen(row))
        stories = QWidget()
        stories_layout = QVBoxLayout(stories)
        stories_layout.setContentsMargins(0, 0, 0, 0)
        stories_layout.addWidget(self.note)
        stories_layout.addWidget(self.story_table, 1)

        self.heading = QLabel()
        self.heading.setObjectName("storyHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.summary = muted(QLabel())
        self.summary.setWordWrap(True)
        # The page's changes are actions (the buttons follow them), so what disables a change disables its button.
        self.rename_action = self._action("Rename…", "Name this story", self.rename_story)
        self.split_action = self._action("Split Off", "Make the selected versions (two or more) a story of their own",
                                         self.split_off)
        self.move_action = self._action("Move…", "Move the selected versions into another story", self.move_to_story)
        self.remove_action = self._action("Remove", "Take the selected versions out of this story",
                                          self.remove_versions)
        self.open_action = self._action("Open", "Open the selected version in the library", self._open_selected)
        self.rename_button, self.split_button, self.move_button, self.remove_button, self.open_button = (
            action_button(action) for action in (self.rename_action, self.split_action, self.move_action,
                                                 self.remove_action, self.open_action))
        title_row = QHBoxLayout()
        title_row.addWidget(self.heading, 1)
        title_row.addWidget(self.rename_button, 0, Qt.AlignmentFlag.AlignTop)
        # Stacked when the page runs narrow, so its buttons never hold a small window wider than its screen.
        buttons = WrappingBar(margins=(0, 0, 0, 0))
        buttons.add_group([self.split_button, self.move_button, self.remove_button])
        buttons.add_group([self.open_button])
        self.version_table = _table(VERSION_COLUMNS, {0: "2022-11-14", 1: "Offshore Energy",
                                                      3: "+100 / −100 words, new headline"}, 2, multiple=True)
        # On a small screen the names and headlines stay readable: the other columns give way (what a
        # version changes before its outlet, which is what tells a story's versions apart).
        self._narrow_columns = (NarrowColumns(self.story_table, (2, 3), 0, room=NAME_ROOM),
                                NarrowColumns(self.version_table, (1, 3), 2, room=NAME_ROOM))
        self.version_table.itemSelectionChanged.connect(self._version_chosen)
        self.version_table.itemActivated.connect(lambda _item: self._open_selected())
        self.comparison = ComparisonView()
        self.comparison.clear("Select a later version to see it beside the earliest.")

        versions = QWidget()
        versions_layout = QVBoxLayout(versions)
        versions_layout.setContentsMargins(0, 0, 0, 0)
        versions_layout.addLayout(title_row)
        versions_layout.addWidget(self.summary)
        versions_layout.addWidget(buttons)
        versions_layout.addWidget(self.version_table, 1)
        # Like the review page: the lists on the left, the comparison the full height on the right.
        self.list_splitter = QSplitter(Qt.Orientation.Vertical)
        self.list_splitter.addWidget(stories)
        self.list_splitter.addWidget(versions)
        self.list_splitter.setChildrenCollapsible(False)
        self.list_splitter.setSizes([int(1000 * (1 - VERSIONS_SHARE)), int(1000 * VERSIONS_SHARE)])
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.list_splitter)
        self.splitter.addWidget(self.comparison)
        self.splitter.setStretchFactor(0, round(100 * LIST_SHARE))
        self.splitter.setStretchFactor(1, round(100 * (1 - LIST_SHARE)))
        self.splitter.setSizes([int(1000 * LIST_SHARE), int(1000 * (1 - LIST_SHARE))])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.splitter)
        self._show_page(None)

    # Reading --------------------------------------------------------------------

    @property
    def story_count(self) -> int:
        return len(self._stories)

    def refresh(self) -> None:
        """Read the stories again on the worker, keeping the story shown if it is still there, else
        showing the one that holds most of its versions now (a change took it apart), or none."""
        self._reads += 1
        read = self._reads
        wished: list[Place] = []
        if self._story_to_show is not None and (self._returning or self._last_shown is None):
            wished.append((self._story_to_show, self._versions_to_choose))  # after an undo, or when first read
        if self._last_shown is not None:
            wished.append(self._last_shown)

        def job(library: Library, _progress, _cancelled) -> tuple[list[Story], StoryPage | None]:
            stories = list_stories(library)
            keep = story_to_keep(library, stories, wished)
            return stories, (story_page(library, keep) if keep is not None else None)

        self._tasks.submit(job, on_done=lambda result: self._show(read, *result))

    def show_story_when_read(self, story_id: int, versions: tuple[int, ...] = ()) -> None:
        """Show this story, if it is still there, when the stories are first read, with these of its
        versions chosen (those still in it)."""
        self._story_to_show, self._versions_to_choose = story_id, versions

    def noting_place(self, done: ops.OnDone) -> ops.OnDone:
        """``done``, for a change that begins now, noting where this page is (the story it shows and the
        versions chosen on it, if it is showing) for the change's undo to return to. An undo or a redo
        is under the history id of the change it takes back or makes again: the place noted when the
        change was made stays."""
        place = (self.page.story.id, tuple(self.selected_versions())) if self.page and self.isVisible() else None

        def made(changes: Changes) -> None:
            if changes.history_id is not None:
                self._places.setdefault(changes.history_id, place)
            done(changes)
        return made

    def return_to_before(self, history_id: int | None) -> None:
        """After an undo: if the change undone was made while this page showed a story, the next read
        shows that story, with the versions chosen then."""
        place = self._places.get(history_id) if history_id is not None else None
        if place is not None:
            self._story_to_show, self._versions_to_choose = place
            self._returning = True

    def _show(self, read: int, stories: list[Story], page: StoryPage | None) -> None:
        if read != self._reads:
            return
        self._stories = stories
        self.note.setVisible(not stories)
        table = self.story_table
        table.blockSignals(True)
        table.setRowCount(len(stories))
        for row, story in enumerate(stories):
            # Undated as the story's page and its versions say, not a blank beside the outlets' "—".
            dates = dict.fromkeys(format_date(date) for date in (story.first, story.last) if date)
            span = " – ".join(dates) or "undated"
            copies = f" + {story.copies:,} merged" if story.copies else ""
            cells = (story.title, f"{len(story.versions):,}{copies}", f"{len(story.outlets):,}" if story.outlets else "—",
                     span)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{story.title}\n{_summary(story)}")
                item.setData(ID_ROLE, story.id)
                table.setItem(row, column, item)
            if page is not None and story.id == page.story.id:
                table.setCurrentCell(row, 0)
        if page is None:  # no row stays chosen for a story the page does not show
            table.setCurrentCell(-1, -1)
            table.clearSelection()
        table.blockSignals(False)
        self._show_page(page)

    def _story_chosen(self, row: int) -> None:
        if not 0 <= row < len(self._stories):
            return
        story_id = self._stories[row].id
        self._reads += 1
        read = self._reads
        self._tasks.submit(lambda library, _progress, _cancelled: story_page(library, story_id),
                           on_done=lambda page: self._show_page(page) if read == self._reads else None)

    def _show_page(self, page: StoryPage | None) -> None:
        # The same story read again (renamed, a version removed) keeps the versions chosen on it; another
        # story's page starts with none, so no action takes rows chosen for the page before.
        if page is not None and self._returning and page.story.id == self._story_to_show:
            chosen = set(self._versions_to_choose)
        elif page is not None and self.page is not None and self.page.story.id == page.story.id:
            chosen = set(self.selected_versions())
        elif page is not None and page.story.id == self._story_to_show:
            chosen = set(self._versions_to_choose)
        else:
            chosen = set()
        self._versions_to_choose, self._returning = (), False
        self.page = page
        if page is not None:
            self._last_shown = page.story.id, page.story.article_ids
        for widget in (self.heading, self.summary, self.version_table):
            widget.setEnabled(page is not None)
        self.rename_action.setEnabled(page is not None)
        self.heading.setText(page.story.title if page else "No story selected")
        self.summary.setText(_summary(page.story) if page else "")
        self.version_table.blockSignals(True)
        # Rows chosen on the page before are not this page's: no action may take them for its own.
        self.version_table.clearSelection()
        self.version_table.setRowCount(len(page.changes) if page else 0)
        for row, change in enumerate(page.changes if page else ()):
            version = change.version
            headline = version.title or f"Article {version.id}"
            cells = (format_date(version.published) or "undated", version.outlet or "—", headline,
                     _change_text(change, earliest=row == 0))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{headline}\n{cells[3]}")
                item.setData(ID_ROLE, version.id)
                self.version_table.setItem(row, column, item)
        self.version_table.blockSignals(False)
        # No version naming its outlet, the column would say "—" in every row: what each changes takes its room.
        self._narrow_columns[1].leave_out(set() if page and any(c.version.outlet for c in page.changes) else {1})
        self.comparison.clear("Select a later version to see it beside the earliest.")
        rows = [row for row, change in enumerate(page.changes) if change.version.id in chosen] if page else []
        if rows:
            self.select_versions(rows)  # which shows what they are, as a choice by hand does
        else:
            self._version_chosen()

    def _action(self, text: str, tip: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    @property
    def change_actions(self) -> tuple[QAction, ...]:
        """The actions that change a story (all but Open)."""
        return self.rename_action, self.split_action, self.move_action, self.remove_action

    # Versions -------------------------------------------------------------------

    def selected_versions(self) -> list[int]:
        rows = sorted({index.row() for index in self.version_table.selectionModel().selectedRows()})
        return [self.page.changes[row].version.id for row in rows] if self.page else []

    def select_versions(self, rows: list[int]) -> None:
        self.version_table.clearSelection()
        mode = self.version_table.selectionMode()
        self.version_table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for row in rows:
            self.version_table.selectRow(row)
        self.version_table.setSelectionMode(mode)

    def _version_chosen(self) -> None:
        chosen = self.selected_versions()
        some, all_of_them = bool(chosen), self.page is not None and len(chosen) == len(self.page.changes)
        # One version split off is one taken out of the story: that is Remove's to do.
        self.split_action.setEnabled(len(chosen) >= 2 and not all_of_them)
        self.remove_action.setEnabled(some)
        self.move_action.setEnabled(some and len(self._stories) > 1)
        self.open_action.setEnabled(len(chosen) == 1)
        if self.page is None or len(chosen) != 1 or chosen[0] == self.page.changes[0].version.id:
            return
        earliest, version = self.page.changes[0].version.id, chosen[0]
        self._tasks.submit(lambda library, _progress, _cancelled: compare_articles(library, earliest, version),
                           on_done=lambda comparison: self._show_comparison(version, comparison))

    def _show_comparison(self, version: int, comparison: PairComparison) -> None:
        if self.selected_versions() == [version] and self.page is not None:
            self.comparison.show_comparison(comparison, earliest=self.page.changes[0].version.id)

    def _open_selected(self) -> None:
        chosen = self.selected_versions()
        if len(chosen) == 1:
            self.article_requested.emit(chosen[0])

    # Changes --------------------------------------------------------------------

    def rename_story(self) -> None:
        if self.page is None:
            return
        story = self.page.story
        # The name it goes by now, to edit or type over (emptied, it goes back to the earliest headline).
        title = ask_for_name(self, "Rename Story", "Name (empty for the earliest headline):", story.title)
        if title is not None and (story.named or title != story.title):  # its headline, kept, leaves it unnamed
            self._run_here(lambda done, failed: ops.rename_story_named(self, self._tasks, story.id, title,
                                                                       done, failed))

    def split_off(self) -> None:
        chosen = self.selected_versions()
        if self.page is not None and chosen:
            story_id = self.page.story.id
            self._run_here(lambda done, failed: ops.split_off(self, self._tasks, story_id, chosen, done, failed))

    def remove_versions(self) -> None:
        chosen = self.selected_versions()
        if chosen:
            self._run_here(lambda done, failed: ops.move_to_story(self, self._tasks, chosen, None, done, failed))

    def move_to_story(self) -> None:
        chosen = self.selected_versions()
        others = [story for story in self._stories if self.page is None or story.id != self.page.story.id]
        if not chosen or not others:
            return
        target = choose_story(self, "Move to Story", "Move the selected versions into:", others)
        if target is not None:
            self._run_here(lambda done, failed: ops.move_to_story(self, self._tasks, chosen, target, done, failed))

    def _run_here(self, start: ops.StartChange) -> None:
        """Run a change made on this page (the window notes where the page was, for its undo)."""
        if self.page is not None:
            self._run_change(start)


def story_to_keep(library: Library, stories: list[Story], wished: list[Place]) -> int | None:
    """The story a page shows once ``stories`` are read again: the first of the ``wished`` still listed;
    else the one holding most of a wished story's versions now, a version merged away counting as the
    article it went into (that article is a version of whatever story it is in); else none, never a
    story unrelated to them. With nothing wished for, the first story listed."""
    if not wished:
        return stories[0].id if stories else None
    listed = {story.id for story in stories}
    for story_id, _versions in wished:
        if story_id in listed:
            return story_id
    for _story_id, versions in wished:
        now = [kept for kept in kept_versions(library, list(versions)).values() if kept is not None]
        held = {story.id: sum(1 for kept in now if kept in story.article_ids) for story in stories}
        holding = max(stories, key=lambda story: held[story.id], default=None)  # the best listed on a tie
        if holding is not None and held[holding.id]:
            return holding.id
    return None


# What choose_story returns for its first choice, when it offers one, of a story of their own.
NEW_STORY = 0


def choose_story(parent: QWidget, title: str, label: str, stories: list[Story], *,
                 new_story: str | None = None) -> int | None:
    """The id of the story a person picks from ``stories`` (best first, so the first is offered), or
    ``NEW_STORY`` for the ``new_story`` choice offered before them, or None."""
    names = _distinct([f"{_shortened(story.title)}  ({len(story.versions):,} versions, {_span(story)})"
                       for story in stories])
    choices = [new_story, *names] if new_story else names
    name, accepted = QInputDialog.getItem(parent, title, label, choices, 0, False)
    if not accepted:
        return None
    return NEW_STORY if name == new_story else stories[names.index(name)].id


def _table(columns: tuple[str, ...], samples: dict[int, str], stretch: int, *, multiple: bool = False) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(columns)
    configure_list_table(table, samples, stretch)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    if multiple:
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    return table


def _summary(story: Story) -> str:
    outlets = ", ".join(story.outlets) or "no outlet named"
    copies = f", {story.copies:,} merged cop{'ies' if story.copies != 1 else 'y'}" if story.copies else ""
    return f"{len(story.versions):,} versions{copies} · {outlets} · {_span(story)}"


def _span(story: Story) -> str:
    return " to ".join(dict.fromkeys(format_date(date) for date in (story.first, story.last) if date)) or "undated"


def _distinct(labels: list[str]) -> list[str]:
    """``labels``, a number added to each repeat ("…", "… · 2"): a choice names one story, and no id
    shows anywhere else in the window to tell two alike apart."""
    seen: dict[str, int] = {}
    distinct = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        distinct.append(label if seen[label] == 1 else f"{label} · {seen[label]}")
    return distinct


def _shortened(title: str) -> str:
    return title if len(title) <= LISTED_NAME_CHARS else title[:LISTED_NAME_CHARS - 1].rstrip() + "…"


def _change_text(change: VersionChange, *, earliest: bool) -> str:
    parts = ["earliest version"] if earliest else [f"+{change.added_words:,} / −{change.cut_words:,} words"]
    if change.new_headline:
        parts.append("new headline")
    if change.version.copies:
        count = len(change.version.copies)
        parts.append(f"{count:,} merged cop{'ies' if count != 1 else 'y'}")
    return ", ".join(parts)
