"""The Entities panel: every entity with its mention counts, searchable, with rename, aliases, merge, delete.

A thin view over ``entities.entity_summaries`` and, below the entities, the names
suggested for no entity yet (``entities.suggestion_summaries``, in italics), read on
the worker (counting a large library's mentions takes a while). The
window calls ``refresh`` after every change and runs what the ``*_requested``
signals ask for. Activating an entity (double-click or Enter) emits
``entity_activated`` so the window can list its articles. A row's suggestions can be
accepted or rejected all at once.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFont, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from curator.core.entities import (
    entity_summaries,
    entity_types,
    merge_candidates,
    suggestion_summaries,
)
from curator.core.library import Library
from curator.ui.models.paged import header_data
from curator.ui.dialogs.name_prompt import ask_for_name
from curator.ui.tasks import TaskRunner
from curator.ui.widgets.action_buttons import action_button
from curator.ui.widgets.tables import NarrowColumns

COLUMNS = ("Name", "Type", "Tagged", "Pending", "Articles")
NAME, TYPE, ACCEPTED, PENDING, ARTICLES = range(len(COLUMNS))
# The width the Name column keeps before the count columns are hidden.
NAME_ROOM = 110
COUNT_KEYS = {ACCEPTED: "accepted", PENDING: "pending", ARTICLES: "articles"}
HEADER_TOOLTIPS = {ACCEPTED: "Accepted mentions in the library", PENDING: "Suggestions waiting for review",
                   ARTICLES: "Articles with an accepted mention"}
SWATCH_SIZE = 10
# The panel's width where the window has room: names, types and counts unclipped.
PREFERRED_WIDTH_CHARS = 60


class EntityTableModel(QAbstractTableModel):
    """Rows are entity summary dicts (``entity_summaries``)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[dict] = []
        self.types: dict[str, dict] = {}
        self._swatches: dict[str, QPixmap] = {}

    def set_rows(self, rows: list[dict], types: list[dict]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.types = {t["name"]: t for t in types}
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return header_data(COLUMNS, section, orientation, role, tooltips=HEADER_TOOLTIPS, right_aligned=tuple(COUNT_KEYS))

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == NAME:
                return row["name"]
            if column == TYPE:
                return self.types.get(row["type"], {}).get("label", row["type"].title())
            value = row[COUNT_KEYS[column]]
            return f"{value:,}" if value else "–"
        if role == Qt.ItemDataRole.DecorationRole and column == TYPE:
            return self._swatch(self.types.get(row["type"], {}).get("colour", "#999999"))
        if role == Qt.ItemDataRole.FontRole and row.get("suggested"):
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == NAME and row.get("suggested"):
            return (f"Suggested, not an entity yet: accepting its suggestions creates it "
                    f"(confidence {row.get('confidence', 0):.0%})")
        if role == Qt.ItemDataRole.ToolTipRole and column == NAME and row["aliases"]:
            return "Also: " + ", ".join(row["aliases"])
        if role == Qt.ItemDataRole.TextAlignmentRole and column in COUNT_KEYS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def _swatch(self, colour: str) -> QPixmap:
        if colour not in self._swatches:
            pixmap = QPixmap(SWATCH_SIZE, SWATCH_SIZE)
            pixmap.fill(QColor(colour))
            self._swatches[colour] = pixmap
        return self._swatches[colour]


class EntityBrowser(QWidget):
    """Search box, entity table and the entity commands."""

    entity_activated = Signal(int)
    rename_requested = Signal(int, str)
    type_requested = Signal(int, str)  # entity id, type name
    aliases_requested = Signal(int, list)
    merge_requested = Signal(int, int)  # keep, other
    delete_requested = Signal(int)
    # A row (an entity, or a suggested name) whose pending suggestions are all accepted / rejected.
    accept_suggestions_requested = Signal(dict)
    reject_suggestions_requested = Signal(dict)

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("entityBrowser")
        self._tasks = tasks
        self._reads = 0  # refreshes asked for; only the latest one's rows are shown
        self.search_box = QLineEdit()
        self.search_box.setObjectName("entitySearch")
        self.search_box.setPlaceholderText("Find an entity")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(self.refresh)

        self.model = EntityTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("entityTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 8)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column in (TYPE, ACCEPTED, PENDING, ARTICLES):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # In a narrow panel the counts give way, the last first, so the names stay readable.
        NarrowColumns(self.table, (ACCEPTED, PENDING, ARTICLES), NAME, NAME_ROOM)
        self.table.activated.connect(lambda index: self._activate(index.row()))
        self.table.doubleClicked.connect(lambda index: self._activate(index.row()))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

        self.empty = QLabel("No entities yet. Select words in an article and press 1–4 to tag them.")
        self.empty.setObjectName("noEntities")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setEnabled(False)

        self.rename_action = self._action("Rename…", "F2", self.rename_selected)
        self.aliases_action = self._action("Edit Aliases…", None, self.edit_aliases_of_selected)
        self.type_action = self._action("Change Type…", None, self.change_type_of_selected)
        self.merge_action = self._action("Merge Into…", None, self.merge_selected)
        self.delete_action = self._action("Delete…", "Del", self.delete_selected)
        self.show_articles_action = self._action("Show Articles", None, lambda: self._activate(self._row()))
        self.accept_all_action = self._action("Accept Suggestions", None, lambda: self._request_for_suggestions(
            self.accept_suggestions_requested))
        self.accept_all_action.setToolTip("Accept every pending suggestion of this row")
        self.reject_all_action = self._action("Reject Suggestions", None, lambda: self._request_for_suggestions(
            self.reject_suggestions_requested))
        self.reject_all_action.setToolTip("Reject every pending suggestion of this row; they are not offered again")
        # Two buttons a row, so the panel stays narrow enough to sit beside any page of a small window.
        buttons = QGridLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for position, action in enumerate((self.accept_all_action, self.reject_all_action, self.rename_action,
                                           self.aliases_action, self.merge_action, self.delete_action)):
            buttons.addWidget(action_button(action), *divmod(position, 2))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.search_box)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self._update_actions()

    def sizeHint(self) -> QSize:
        """Wide enough for every column where there is room; the panel's minimum stays that of its buttons."""
        hint = super().sizeHint()
        preferred = self.fontMetrics().horizontalAdvance("x") * PREFERRED_WIDTH_CHARS
        return QSize(max(hint.width(), preferred), hint.height())

    def _action(self, text: str, key: str | None, slot) -> QAction:
        action = QAction(text, self)
        if key:
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.table.addAction(action)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    # Reading ---------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the entities matching the search on the worker; the rows appear when read."""
        self._reads += 1
        read, search = self._reads, self.search_box.text()

        def job(library: Library, _progress, _cancelled) -> tuple[list[dict], list[dict]]:
            rows = entity_summaries(library, search) + suggestion_summaries(library, search)
            return rows, entity_types(library)

        self._tasks.submit(job, on_done=lambda result: self._show_rows(read, *result))

    def _show_rows(self, read: int, rows: list[dict], types: list[dict]) -> None:
        """Show a refresh's rows, keeping the selected one selected, unless a newer refresh is on its way."""
        if read != self._reads or not shiboken6.isValid(self):
            return
        selected = self.selected_entity()
        self.model.set_rows(rows, types)
        self.table.setVisible(bool(self.model.rows) or bool(self.search_box.text().strip()))
        self.empty.setVisible(not self.table.isVisible())
        if selected is not None:
            self._select_row(self.row_of(selected["id"]) if selected["id"] is not None else
                             self.row_of_suggestion(selected["name"], selected["type"]))
        self._update_actions()

    def names(self) -> list[str]:
        return [row["name"] for row in self.model.rows]

    def row_of(self, entity_id: int) -> int | None:
        return next((i for i, row in enumerate(self.model.rows) if row["id"] == entity_id), None)

    def row_of_suggestion(self, name: str, type: str) -> int | None:
        """The row of a suggested name that is no entity yet."""
        return next((i for i, row in enumerate(self.model.rows)
                     if row.get("suggested") and (row["name"], row["type"]) == (name, type)), None)

    def select_entity(self, entity_id: int) -> bool:
        return self._select_row(self.row_of(entity_id))

    def _select_row(self, row: int | None) -> bool:
        if row is None:
            return False
        self.table.selectRow(row)
        return True

    def selected_entity(self) -> dict | None:
        row = self._row()
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def _row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _activate(self, row: int) -> None:
        if 0 <= row < len(self.model.rows) and self.model.rows[row]["id"] is not None:
            self.entity_activated.emit(self.model.rows[row]["id"])

    def _update_actions(self, *_args) -> None:
        chosen = self.selected_entity()
        is_entity = chosen is not None and chosen["id"] is not None
        for action in (self.rename_action, self.aliases_action, self.type_action, self.merge_action,
                       self.delete_action, self.show_articles_action):
            action.setEnabled(is_entity)
        for action in (self.accept_all_action, self.reject_all_action):
            action.setEnabled(chosen is not None and chosen["pending"] > 0)

    def _request_for_suggestions(self, signal) -> None:
        chosen = self.selected_entity()
        if chosen is not None and chosen["pending"]:
            signal.emit({"entity_id": chosen["id"], "label": chosen["name"], "type": chosen["type"]})

    def _context_menu(self, point: QPoint) -> None:
        index = self.table.indexAt(point)
        if index.isValid():
            self.table.selectRow(index.row())
        if self.selected_entity() is None:
            return
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for action in (self.show_articles_action, None, self.accept_all_action, self.reject_all_action, None,
                       self.rename_action, self.type_action, self.aliases_action, self.merge_action, None,
                       self.delete_action):
            if action is None:
                menu.addSeparator()
            elif action.isEnabled():
                menu.addAction(action)
        menu.popup(self.table.viewport().mapToGlobal(point))

    # Commands (each asks, then emits its request) ----------------------------

    def rename_selected(self) -> None:
        chosen = self.selected_entity()
        if chosen is None:
            return
        name = ask_for_name(self, "Rename Entity", "Name:", chosen["name"])
        if name is not None and name.strip() and name.strip() != chosen["name"]:
            self.rename_requested.emit(chosen["id"], name.strip())

    def change_type_of_selected(self) -> None:
        chosen = self.selected_entity()
        if chosen is None or chosen["id"] is None:
            return
        names = list(self.model.types)
        labels = [self.model.types[name]["label"] for name in names]
        current = names.index(chosen["type"]) if chosen["type"] in names else 0
        picked, ok = QInputDialog.getItem(self, "Change Type", f"{chosen['name']} is a:", labels, current, False)
        if ok and picked in labels and names[labels.index(picked)] != chosen["type"]:
            self.type_requested.emit(chosen["id"], names[labels.index(picked)])

    def edit_aliases_of_selected(self) -> None:
        chosen = self.selected_entity()
        if chosen is None:
            return
        text, ok = QInputDialog.getMultiLineText(self, "Edit Aliases",
                                                 f"Other names of {chosen['name']}, one per line:",
                                                 "\n".join(chosen["aliases"]))
        if ok:
            self.aliases_requested.emit(chosen["id"], [line.strip() for line in text.splitlines() if line.strip()])

    def merge_selected(self) -> None:
        """Ask which entity to merge the selected one into: the closest names first (read on the worker)."""
        chosen = self.selected_entity()
        if chosen is None or chosen["id"] is None:
            return

        def job(library: Library, _progress, _cancelled) -> list[tuple[int, str, str]]:
            return merge_candidates(library, chosen["id"])

        self._tasks.submit(job, on_done=lambda candidates: self._ask_merge_target(chosen, candidates))

    def _ask_merge_target(self, chosen: dict, candidates: list[tuple[int, str, str]]) -> None:
        if not shiboken6.isValid(self):
            return
        if not candidates:
            QMessageBox.information(self, "Merge Into", "There is no other entity to merge into.")
            return
        labels = [f"{name} ({self.model.types.get(type, {}).get('label', type)})" for _, name, type in candidates]
        picked, ok = QInputDialog.getItem(self, "Merge Into",
                                          f"Merge {chosen['name']} into (its mentions move there, its name "
                                          "becomes an alias):", labels, 0, False)
        if ok and picked in labels:
            self.merge_requested.emit(candidates[labels.index(picked)][0], chosen["id"])

    def delete_selected(self) -> None:
        chosen = self.selected_entity()
        if chosen is None:
            return
        count = chosen["accepted"] + chosen["pending"]
        answer = QMessageBox.question(
            self, "Delete Entity",
            f"Delete {chosen['name']} and its {count:,} mention{'s' if count != 1 else ''}? Undo brings them back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_requested.emit(chosen["id"])
