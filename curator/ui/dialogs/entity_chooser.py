"""Choose which entity a selected text names: the closest existing ones first, or a new one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from curator.core.entities import EntityMatch

NEW_ENTITY = -1


class EntityChooser(QDialog):
    """Lists ``matches`` (from ``rank_entities``, best first) and "New entity…" with a name and type.

    After ``accept``: ``chosen_entity_id()`` is an entity id, or None for a new entity
    named ``new_name()`` of type ``new_type()``.
    """

    def __init__(self, text: str, matches: list[EntityMatch], types: list[dict], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("entityChooser")
        self.setWindowTitle("Tag as Entity")
        self.setMinimumWidth(420)
        labels = {t["name"]: t["label"] for t in types}
        intro = QLabel(f"Which entity does “{text}” name?")
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("entityChoices")
        for match in matches:
            item = QListWidgetItem(f"{match.name}  —  {labels.get(match.type, match.type)}"
                                   + (f"   (as “{match.matched}”)" if match.matched != match.name else ""))
            item.setData(Qt.ItemDataRole.UserRole, match.id)
            colour = next((t["colour"] for t in types if t["name"] == match.type), "#999999")
            swatch = QPixmap(10, 10)
            swatch.fill(QColor(colour))
            item.setIcon(swatch)
            self.list.addItem(item)
        new_item = QListWidgetItem("New entity…")
        new_item.setData(Qt.ItemDataRole.UserRole, NEW_ENTITY)
        self.list.addItem(new_item)
        self.list.setCurrentRow(0)

        self.name_box = QLineEdit(text)
        self.name_box.setObjectName("newEntityName")
        self.type_box = QComboBox()
        self.type_box.setObjectName("newEntityType")
        for entity_type in types:
            self.type_box.addItem(entity_type["label"], entity_type["name"])
        self._new_fields = QWidget()
        form = QFormLayout(self._new_fields)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Name:", self.name_box)
        form.addRow("Type:", self.type_box)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Tag")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.list.currentRowChanged.connect(self._update)
        self.name_box.textChanged.connect(self._update)
        self._ok = buttons.button(QDialogButtonBox.StandardButton.Ok)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self._new_fields)
        layout.addWidget(buttons)
        self._update()

    def chosen_entity_id(self) -> int | None:
        item = self.list.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else NEW_ENTITY
        return None if value == NEW_ENTITY else value

    def new_name(self) -> str:
        return self.name_box.text().strip()

    def new_type(self) -> str:
        return self.type_box.currentData()

    def _update(self, *_args) -> None:
        new = self.chosen_entity_id() is None
        self._new_fields.setEnabled(new)
        self._ok.setEnabled(not new or bool(self.new_name()))
