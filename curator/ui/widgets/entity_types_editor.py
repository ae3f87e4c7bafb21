"""The entity types as an editable table: a colour swatch, the label and the number key of each
type; Add and Remove. The table edits its own rows; ``edits()`` says what OK asks of the library."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from curator.core.entities import EntityTypeChange, EntityTypeEdit, EntityTypeRemoval, NewEntityType

CellWidget = TypeVar("CellWidget", bound=QWidget)

KEY_CHOICES = [None, *range(1, 10)]
NEW_TYPE_COLOURS = ("#f1c232", "#45818e", "#8e7cc3", "#e69138", "#6d9eeb", "#c27ba0")


@dataclass(eq=False)  # rows are told apart by identity: two new rows may look alike
class TypeRow:
    """One row of the entity types table: a type as the dialog will leave it (``name`` None: a new one)."""

    name: str | None
    label: str
    colour: str
    key: int | None
    builtin: bool = False


class EntityTypesEditor(QWidget):
    """The entity types as a table: a colour swatch, the label, the number key; Add and Remove."""

    COLOUR, LABEL, KEY, REMOVE = range(4)

    def __init__(self, types: list[dict], parent: QWidget | None = None):
        super().__init__(parent)
        self._original = {row["name"]: (row["label"], row["colour"], row["key"]) for row in types}
        self._rows: list[TypeRow] = []
        self._usage: dict[str, tuple[int, int]] = {}
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("entityTypesTable")
        self.table.setHorizontalHeaderLabels(["Colour", "Label", "Key", ""])
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.LABEL, QHeaderView.ResizeMode.Stretch)
        for column in (self.COLOUR, self.KEY, self.REMOVE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.add_button = QPushButton("Add Type")
        self.add_button.setObjectName("addEntityType")
        self.add_button.setToolTip("A type of your own, such as Ship or Law, with a colour and a key")
        self.add_button.clicked.connect(self.add_type)
        intro = QLabel("Select text in an article and press a type's key to tag it as that type. "
                       "Built-in types can be relabelled and recoloured; your own can also be removed "
                       "while nothing is tagged with them.")
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        for row in types:
            self._append(TypeRow(row["name"], row["label"], row["colour"], row["key"], bool(row["builtin"])))

    def rows(self) -> list[TypeRow]:
        """The types as edited, in table order (copies, so the table's own rows stay as shown)."""
        return [TypeRow(**vars(row)) for row in self._rows]

    def edits(self) -> list[EntityTypeEdit]:
        """What OK asks of the library: the types removed, added, and changed in label, colour or key."""
        kept = {row.name for row in self._rows if row.name is not None}
        edits: list[EntityTypeEdit] = [EntityTypeRemoval(name) for name in self._original if name not in kept]
        for row in self._rows:
            if row.name is None:
                edits.append(NewEntityType(row.label, row.colour, row.key))
            elif (row.label, row.colour, row.key) != self._original[row.name]:
                edits.append(EntityTypeChange(row.name, row.label, row.colour, row.key))
        return edits

    def problem(self) -> str | None:
        """Why the types cannot be saved as they are, or None."""
        seen = set()
        for row in self._rows:
            if not row.label:
                return "Every entity type needs a label."
            if row.label.casefold() in seen:
                return f"Two entity types are labelled “{row.label}”; give them different labels."
            seen.add(row.label.casefold())
        return None

    def set_usage(self, usage: dict[str, tuple[int, int]]) -> None:
        """How many entities and mentions each type has; a used type cannot be removed."""
        self._usage = usage
        for index, row in enumerate(self._rows):
            self._update_remove_button(index, row)

    def add_type(self) -> None:
        used = {row.key for row in self._rows}
        key = next((key for key in KEY_CHOICES[1:] if key not in used), None)
        self._append(TypeRow(None, "", NEW_TYPE_COLOURS[len(self._rows) % len(NEW_TYPE_COLOURS)], key))
        self.table.scrollToBottom()
        self.label_edit(len(self._rows) - 1).setFocus()

    def label_edit(self, index: int) -> QLineEdit:
        return self._cell(index, self.LABEL, QLineEdit)

    def key_box(self, index: int) -> QComboBox:
        return self._cell(index, self.KEY, QComboBox)

    def colour_button(self, index: int) -> QToolButton:
        return self._cell(index, self.COLOUR, QToolButton)

    def remove_button(self, index: int) -> QPushButton:
        return self._cell(index, self.REMOVE, QPushButton)

    def _cell(self, index: int, column: int, kind: type[CellWidget]) -> CellWidget:
        widget = self.table.cellWidget(index, column)
        assert isinstance(widget, kind), f"row {index}, column {column} holds no {kind.__name__}"
        return widget

    def _append(self, row: TypeRow) -> None:
        index = len(self._rows)
        self._rows.append(row)
        self.table.insertRow(index)

        swatch = QToolButton()
        swatch.setObjectName("typeColour")
        swatch.setToolTip("Choose the colour tagged text of this type is highlighted in")
        swatch.setIcon(_swatch(row.colour))
        swatch.clicked.connect(lambda: self._choose_colour(row, swatch))
        self.table.setCellWidget(index, self.COLOUR, swatch)

        label = QLineEdit(row.label)
        label.setObjectName("typeLabel")
        label.setPlaceholderText("Name of the type, such as Ship")
        label.setToolTip("The name shown in menus, the Entities panel and the article's type strip")
        label.textChanged.connect(lambda text: setattr(row, "label", " ".join(text.split())))
        self.table.setCellWidget(index, self.LABEL, label)

        key_box = QComboBox()
        key_box.setObjectName("typeKey")
        key_box.setToolTip("The number key that tags selected text as this type; a key another type "
                           "has is swapped with it")
        for key in KEY_CHOICES:
            key_box.addItem("None" if key is None else str(key), key)
        key_box.setCurrentIndex(KEY_CHOICES.index(row.key))
        key_box.currentIndexChanged.connect(lambda position: self._key_chosen(row, KEY_CHOICES[position]))
        self.table.setCellWidget(index, self.KEY, key_box)

        remove = QPushButton("Remove")
        remove.setObjectName("removeEntityType")
        remove.clicked.connect(lambda: self._remove(row))
        self.table.setCellWidget(index, self.REMOVE, remove)
        self._update_remove_button(index, row)

    def _update_remove_button(self, index: int, row: TypeRow) -> None:
        button = self.remove_button(index)
        entities_count, mentions_count = (0, 0) if row.name is None else self._usage.get(row.name, (0, 0))
        if row.builtin:
            button.setEnabled(False)
            button.setToolTip("Built-in types cannot be removed")
        elif entities_count or mentions_count:
            button.setEnabled(False)
            button.setToolTip(f"Used by {entities_count:,} entities and {mentions_count:,} mentions; "
                              "give them another type first")
        else:
            button.setEnabled(True)
            button.setToolTip("Remove this type")

    def _key_chosen(self, row: TypeRow, key: int | None) -> None:
        holder_index = next((i for i, other in enumerate(self._rows) if other is not row and key is not None
                             and other.key == key), None)
        previous, row.key = row.key, key
        if holder_index is not None:  # the other type takes this one's old key, as the library will
            self._rows[holder_index].key = previous
            box = self.key_box(holder_index)
            box.blockSignals(True)
            box.setCurrentIndex(KEY_CHOICES.index(previous))
            box.blockSignals(False)

    def _choose_colour(self, row: TypeRow, swatch: QToolButton) -> QColorDialog:
        dialog = QColorDialog(QColor(row.colour), self)
        dialog.setObjectName("typeColourDialog")
        dialog.setWindowTitle(f"Colour of {row.label or 'the new type'}")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def chosen(colour: QColor) -> None:
            row.colour = colour.name()
            swatch.setIcon(_swatch(row.colour))

        dialog.colorSelected.connect(chosen)
        dialog.open()
        return dialog

    def _remove(self, row: TypeRow) -> None:
        index = self._rows.index(row)
        self._rows.pop(index)
        self.table.removeRow(index)


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(28, 16)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)
