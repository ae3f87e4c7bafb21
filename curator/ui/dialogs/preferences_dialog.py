"""Preferences: the library's settings (duplicates, import, entity types) and the app's theme.

The library's settings are read once when the dialog opens (one small read) and written on
OK by one job on the worker: ``update_settings``, each entity type change, and, when the
change needs it, a scan of the whole library (with progress; if it is cancelled, the next
scan finishes it). The theme belongs to the user, not the library: it is kept in QSettings
and applied at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from curator.core import entities
from curator.core.dedupe import ScanReport, scan_duplicates
from curator.core.entities import EntityError
from curator.core.library import (
    MAX_FILE_MB_RANGE,
    SHINGLE_WORDS_RANGE,
    THRESHOLD_RANGE,
    ArticleQuery,
    Changes,
    Library,
    Settings,
    SettingsError,
    checked,
    get_settings,
    rescan_needed,
    update_settings,
)
from curator.core.text import BOILERPLATE_LINES
from curator.ui.ops import JobProgress, show_error
from curator.ui.tasks import CancelCheck, ProgressCallback, TaskRunner
from curator.ui.theme import Theme, apply_theme, save_theme, saved_theme

KEY_CHOICES = [None, *range(1, 10)]
NEW_TYPE_COLOURS = ("#f1c232", "#45818e", "#8e7cc3", "#e69138", "#6d9eeb", "#c27ba0")
THEME_LABELS = {
    Theme.AUTOMATIC: "Automatic: follow the system's light or dark setting",
    Theme.LIGHT: "Light",
    Theme.DARK: "Dark",
}


@dataclass(eq=False)  # rows are told apart by identity: two new rows may look alike
class TypeEdit:
    """One row of the entity types table: a type as the dialog will leave it (``name`` None: a new one)."""

    name: str | None
    label: str
    colour: str
    key: int | None
    builtin: bool = False


@dataclass
class PreferencesOutcome:
    """What applying the preferences did: the last history row, refusals in words, the scan if one ran."""

    history_id: int | None = None
    refusals: list[str] = field(default_factory=list)
    scan: ScanReport | None = None


def type_name_for(label: str, taken: set[str]) -> str:
    """A new type's stored name from its label: "Ship class" → "SHIP_CLASS" (made unique)."""
    base = re.sub(r"[^A-Z0-9]+", "_", label.upper()).strip("_")[:28] or "TYPE"
    if not base[0].isalpha():
        base = f"TYPE_{base}"[:28]
    name, number = base, 2
    while name in taken:
        name, number = f"{base}_{number}", number + 1
    return name


def apply_preferences(library: Library, changes: dict, original: list[dict], edited: list[TypeEdit],
                      progress: ProgressCallback, cancelled: CancelCheck) -> PreferencesOutcome:
    """The worker's half: settings, then entity types (removals, additions, edits), then a scan if needed.

    Keys move with swaps (see ``update_entity_type``), so applying each type's wanted key in
    turn ends with every type holding its own, whatever the order. A refused type change
    is reported and the others still apply.
    """
    outcome = PreferencesOutcome()
    before = get_settings(library)
    if changes:
        outcome.history_id = update_settings(library, **changes).history_id

    def attempt(change) -> bool:
        try:
            outcome.history_id = change().history_id or outcome.history_id
            return True
        except EntityError as refusal:
            outcome.refusals.append(str(refusal))
            return False

    kept = {row.name for row in edited if row.name is not None}
    removed = {row["name"] for row in original if row["name"] not in kept
               and attempt(lambda name=row["name"]: entities.delete_entity_type(library, name))}
    held = {row["key"] for row in original if row["name"] not in removed and row["key"] is not None}
    names = {row["name"] for row in original}
    current = {row["name"]: row for row in original}
    for row in edited:
        if row.name is None:
            row.name = type_name_for(row.label, names)
            names.add(row.name)
            key = row.key if row.key not in held else None  # a key still held is taken by the edit below
            if not attempt(lambda: entities.add_entity_type(library, row.name, row.label, row.colour, key)):
                continue
            held.add(key)
            current[row.name] = {"label": row.label, "colour": row.colour, "key": key}
    for row in edited:
        was = current.get(row.name)
        if was is not None and (was["label"], was["colour"], was["key"]) != (row.label, row.colour, row.key):
            attempt(lambda: entities.update_entity_type(library, row.name, label=row.label, colour=row.colour,
                                                        key=row.key or 0))
    if rescan_needed(before, get_settings(library)):
        outcome.scan = scan_duplicates(library, progress=progress, cancelled=cancelled)
    return outcome


class EntityTypesEditor(QWidget):
    """The entity types as a table: a colour swatch, the label, the number key; Add and Remove."""

    COLOUR, LABEL, KEY, REMOVE = range(4)

    def __init__(self, types: list[dict], parent: QWidget | None = None):
        super().__init__(parent)
        self._rows: list[TypeEdit] = []
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
            self._append(TypeEdit(row["name"], row["label"], row["colour"], row["key"], bool(row["builtin"])))

    def rows(self) -> list[TypeEdit]:
        """The types as edited, in table order (a copy: applying them fills in new names)."""
        return [TypeEdit(**vars(row)) for row in self._rows]

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
        self._append(TypeEdit(None, "", NEW_TYPE_COLOURS[len(self._rows) % len(NEW_TYPE_COLOURS)], key))
        editor = self.table.cellWidget(len(self._rows) - 1, self.LABEL)
        self.table.scrollToBottom()
        editor.setFocus()

    def label_edit(self, index: int) -> QLineEdit:
        return self.table.cellWidget(index, self.LABEL)

    def key_box(self, index: int) -> QComboBox:
        return self.table.cellWidget(index, self.KEY)

    def colour_button(self, index: int) -> QToolButton:
        return self.table.cellWidget(index, self.COLOUR)

    def remove_button(self, index: int) -> QPushButton:
        return self.table.cellWidget(index, self.REMOVE)

    def _append(self, row: TypeEdit) -> None:
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

    def _update_remove_button(self, index: int, row: TypeEdit) -> None:
        button = self.remove_button(index)
        entities_count, mentions_count = self._usage.get(row.name, (0, 0))
        if row.builtin:
            button.setEnabled(False)
            button.setToolTip("Built-in types cannot be removed")
        elif entities_count or mentions_count:
            button.setEnabled(False)
            button.setToolTip(f"Used by {entities_count} entities and {mentions_count} mentions; "
                              "give them another type first")
        else:
            button.setEnabled(True)
            button.setToolTip("Remove this type")

    def _key_chosen(self, row: TypeEdit, key: int | None) -> None:
        holder_index = next((i for i, other in enumerate(self._rows) if other is not row and key is not None
                             and other.key == key), None)
        previous, row.key = row.key, key
        if holder_index is not None:  # the other type takes this one's old key, as the library will
            self._rows[holder_index].key = previous
            box = self.key_box(holder_index)
            box.blockSignals(True)
            box.setCurrentIndex(KEY_CHOICES.index(previous))
            box.blockSignals(False)

    def _choose_colour(self, row: TypeEdit, swatch: QToolButton) -> QColorDialog:
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

    def _remove(self, row: TypeEdit) -> None:
        index = self._rows.index(row)
        self._rows.pop(index)
        self.table.removeRow(index)


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(28, 16)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


def _section(title: str, label: str, field: QWidget, explanation: str) -> QGroupBox:
    """A titled group: one labelled field at its natural width, and what it does in a sentence or two."""
    box = QGroupBox(title)
    row = QHBoxLayout()
    row.addWidget(QLabel(label))
    row.addWidget(field)
    row.addStretch(1)
    layout = QVBoxLayout(box)
    layout.addLayout(row)
    layout.addWidget(_note(explanation))
    return box


def _note(text: str, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName(name)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 0.92)
    label.setFont(font)
    return label


class PreferencesDialog(QDialog):
    """Edit Preferences: tabs for Duplicates, Import, Entity types and Appearance.

    ``applied`` carries a ``Changes`` once OK's changes are in the library (after the
    scan they needed, if any), so the window can refresh its views.
    """

    applied = Signal(object)

    def __init__(self, parent: QWidget | None, tasks: TaskRunner, library: Library):
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")
        self.setMinimumSize(700, 540)
        self._tasks = tasks
        self._settings = get_settings(library)
        self._types = entities.entity_types(library)
        self._articles = library.count_articles(ArticleQuery())
        self._theme = saved_theme()

        self.tabs = QTabWidget()
        self.tabs.setObjectName("preferencesTabs")
        self.tabs.addTab(self._duplicates_tab(), "Duplicates")
        self.tabs.addTab(self._import_tab(), "Import")
        self.types_editor = EntityTypesEditor(self._types)
        self.tabs.addTab(self.types_editor, "Entity Types")
        self.tabs.addTab(self._appearance_tab(), "Appearance")

        self.problem_label = QLabel()
        self.problem_label.setObjectName("preferencesProblem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("font-weight: bold;")
        self.problem_label.hide()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        restore = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.setToolTip("Put the duplicate, import and appearance settings back as they were at first "
                           "(entity types are kept)")
        restore.clicked.connect(self.restore_defaults)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problem_label)
        layout.addWidget(buttons)
        self._show_settings(self._settings, self._theme)
        # Which types are in use can take a scan of the mentions: asked of the worker.
        tasks.submit(lambda worker_library, progress, cancelled: entities.entity_type_usage(worker_library),
                     on_done=self.types_editor.set_usage)

    # Tabs -------------------------------------------------------------------------

    def _duplicates_tab(self) -> QWidget:
        low, high = THRESHOLD_RANGE
        self.threshold_box = QSpinBox()
        self.threshold_box.setObjectName("thresholdBox")
        self.threshold_box.setRange(round(low * 100), round(high * 100))
        self.threshold_box.setSingleStep(5)
        self.threshold_box.setSuffix(" %")
        self.threshold_box.setToolTip("Pairs scoring at least this are suggested as duplicates. The score mostly "
                                      "measures how much of the shorter article is found in the other.")
        self.shingle_box = QSpinBox()
        self.shingle_box.setObjectName("shingleWordsBox")
        self.shingle_box.setRange(*SHINGLE_WORDS_RANGE)
        self.shingle_box.setSuffix(" words")
        self.shingle_box.setToolTip("Two articles share text where they have this many words in a row in common")
        self.rescan_note = _note("", "rescanNote")
        self.rescan_note.setStyleSheet("font-weight: bold;")
        for box in (self.threshold_box, self.shingle_box):
            box.valueChanged.connect(self._update_rescan_note)

        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(_section(
            "Suggestions", "Suggest pairs scoring at least:", self.threshold_box,
            "Raising it takes weaker suggestions out of the review queue at once; they come back if you lower "
            "it again. Lowering it compares the whole library again, to find the pairs the old threshold left "
            "out."))
        layout.addWidget(_section(
            "Shared text", "Count text as shared in runs of:", self.shingle_box,
            "Fewer words catch heavily edited copies, but also chance overlaps such as quotes and stock phrases; "
            "more words catch only passages copied word for word. Changing it compares the whole library again. "
            "Suggestions found so far, and your decisions on them, are kept."))
        layout.addWidget(self.rescan_note)
        layout.addStretch(1)
        return tab

    def _import_tab(self) -> QWidget:
        self.max_file_box = QSpinBox()
        self.max_file_box.setObjectName("maxFileBox")
        self.max_file_box.setRange(*MAX_FILE_MB_RANGE)
        self.max_file_box.setSuffix(" MB")
        self.max_file_box.setToolTip("Files larger than this are not imported (each file inside a zip archive "
                                     "counts on its own); the import report lists them")
        size_section = _section("File size", "Refuse files larger than:", self.max_file_box,
                                "The import report lists the files left out. "
                                "On the command line, --max-file-mb overrides it for one import.")

        self.own_phrases = QListWidget()
        self.own_phrases.setObjectName("ownPhrases")
        self.own_phrases.setToolTip("Double-click a phrase to edit it")
        self.new_phrase = QLineEdit()
        self.new_phrase.setObjectName("newPhrase")
        self.new_phrase.setPlaceholderText("A line to remove")
        self.new_phrase.setToolTip("Lines equal to a phrase (ignoring case and trailing punctuation) are removed. "
                                   "End it with … or ... to remove every line that starts with it.")
        add = QPushButton("Add")
        add.setObjectName("addPhrase")
        add.clicked.connect(self.add_phrase)
        self.new_phrase.returnPressed.connect(self.add_phrase)
        remove = QPushButton("Remove")
        remove.setObjectName("removePhrase")
        remove.clicked.connect(lambda: [self.own_phrases.takeItem(self.own_phrases.row(item))
                                        for item in self.own_phrases.selectedItems()])
        adding = QHBoxLayout()
        adding.addWidget(self.new_phrase, 1)
        adding.addWidget(add)
        removing = QHBoxLayout()
        removing.addStretch(1)
        removing.addWidget(remove)
        own_box = QGroupBox("Your phrases")
        own_layout = QVBoxLayout(own_box)
        own_layout.addLayout(adding)
        own_layout.addWidget(self.own_phrases, 1)
        own_layout.addLayout(removing)

        self.built_in_phrases = QListWidget()
        self.built_in_phrases.setObjectName("builtInPhrases")
        self.built_in_phrases.setToolTip("Untick a phrase that is real text in your sources")
        for phrase in BOILERPLATE_LINES:
            item = QListWidgetItem(phrase)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            self.built_in_phrases.addItem(item)
        built_in_box = QGroupBox("Built-in phrases")
        built_in_layout = QVBoxLayout(built_in_box)
        built_in_layout.addWidget(self.built_in_phrases, 1)

        lists = QHBoxLayout()
        lists.addWidget(own_box, 1)
        lists.addWidget(built_in_box, 1)
        boilerplate = QGroupBox("Lines removed from imported text")
        boilerplate_layout = QVBoxLayout(boilerplate)
        boilerplate_layout.addWidget(_note(
            "Outlet furniture such as “Advertisement” is removed from the clean text of articles imported from "
            "now on; the original file keeps it, and the comparison shows it struck through. Wire credits and "
            "copyright lines are always removed."))
        boilerplate_layout.addLayout(lists, 1)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(size_section)
        layout.addWidget(boilerplate, 1)
        return tab

    def _appearance_tab(self) -> QWidget:
        self.theme_buttons = QButtonGroup(self)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        box = QGroupBox("Theme")
        choices = QVBoxLayout(box)
        for theme, text in THEME_LABELS.items():
            button = QRadioButton(text)
            button.setObjectName(f"theme{theme.name.title()}")
            self.theme_buttons.addButton(button)
            button.setProperty("theme", theme.value)
            choices.addWidget(button)
        choices.addWidget(_note("Applies to Curator on this computer, whichever library is open. Automatic also "
                                "switches when the system does."))
        layout.addWidget(box)
        layout.addStretch(1)
        return tab

    # Values -----------------------------------------------------------------------

    def _show_settings(self, settings: Settings, theme: Theme) -> None:
        self.threshold_box.setValue(round(settings.duplicate_threshold * 100))
        self.shingle_box.setValue(settings.shingle_words)
        self.max_file_box.setValue(settings.max_file_mb)
        self.own_phrases.clear()
        for phrase in settings.boilerplate_phrases:
            self._add_phrase_item(phrase)
        off = set(settings.disabled_boilerplate)
        for row in range(self.built_in_phrases.count()):
            item = self.built_in_phrases.item(row)
            item.setCheckState(Qt.CheckState.Unchecked if item.text() in off else Qt.CheckState.Checked)
        for button in self.theme_buttons.buttons():
            button.setChecked(button.property("theme") == theme.value)
        self._update_rescan_note()

    def chosen_settings(self) -> Settings:
        """The library settings as the dialog shows them (raises SettingsError for a bad phrase)."""
        phrases = [self.own_phrases.item(row).text() for row in range(self.own_phrases.count())]
        off = [self.built_in_phrases.item(row).text() for row in range(self.built_in_phrases.count())
               if self.built_in_phrases.item(row).checkState() == Qt.CheckState.Unchecked]
        return Settings(duplicate_threshold=self.threshold_box.value() / 100,
                        shingle_words=self.shingle_box.value(), max_file_mb=self.max_file_box.value(),
                        boilerplate_phrases=checked("boilerplate_phrases", phrases),
                        disabled_boilerplate=checked("disabled_boilerplate", off))

    def chosen_theme(self) -> Theme:
        button = self.theme_buttons.checkedButton()
        return Theme(button.property("theme")) if button else Theme.AUTOMATIC

    def restore_defaults(self) -> None:
        self._show_settings(Settings(), Theme.AUTOMATIC)

    def add_phrase(self) -> None:
        try:
            (phrase,) = checked("boilerplate_phrases", [self.new_phrase.text()])
        except SettingsError as error:
            self._show_problem(str(error) + ".")
            return
        existing = self.own_phrases.findItems(phrase, Qt.MatchFlag.MatchFixedString)
        item = existing[0] if existing else self._add_phrase_item(phrase)
        self.own_phrases.setCurrentItem(item)
        self.new_phrase.clear()
        self._show_problem(None)

    def _add_phrase_item(self, phrase: str) -> QListWidgetItem:
        item = QListWidgetItem(phrase)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.own_phrases.addItem(item)
        return item

    def _update_rescan_note(self) -> None:
        wanted = Settings(duplicate_threshold=self.threshold_box.value() / 100,
                          shingle_words=self.shingle_box.value())
        self.rescan_note.setVisible(rescan_needed(self._settings, wanted))
        self.rescan_note.setText(
            f"OK will compare the whole library again ({self._articles:,} articles). It runs in the background "
            "and can be cancelled; the next scan, after an import, then finishes it.")

    def _show_problem(self, text: str | None) -> None:
        self.problem_label.setText(text or "")
        self.problem_label.setVisible(bool(text))

    # Applying ---------------------------------------------------------------------

    def accept(self) -> None:
        try:
            chosen = self.chosen_settings()
        except SettingsError as error:
            self.tabs.setCurrentIndex(1)
            self._show_problem(f"{error}.")
            return
        problem = self.types_editor.problem()
        if problem:
            self.tabs.setCurrentWidget(self.types_editor)
            self._show_problem(problem)
            return
        theme = self.chosen_theme()
        if theme is not self._theme:
            save_theme(theme)
            apply_theme(QApplication.instance(), theme)
        changes = {name: value for name, value in vars(chosen).items() if getattr(self._settings, name) != value}
        edited = self.types_editor.rows()
        types_changed = [(row["name"], row["label"], row["colour"], row["key"]) for row in self._types] != [
            (row.name, row.label, row.colour, row.key) for row in edited]
        super().accept()
        if changes or types_changed:
            self._apply(changes, edited)

    def _apply(self, changes: dict, edited: list[TypeEdit]) -> None:
        owner = self.parentWidget() or self
        progress = JobProgress(owner, "Applying preferences", "Saving preferences…")
        original = self._types

        def run(library: Library, report_progress: ProgressCallback, cancelled: CancelCheck) -> PreferencesOutcome:
            return apply_preferences(library, changes, original, edited, report_progress, cancelled)

        def finished(outcome: PreferencesOutcome) -> None:
            progress.finish()
            if outcome.refusals:
                box = QMessageBox(QMessageBox.Icon.Warning, "Some preferences not applied",
                                  "\n\n".join(outcome.refusals), QMessageBox.StandardButton.Ok, owner)
                box.setObjectName("preferencesRefused")
                box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                box.open()
            elif outcome.scan is not None and outcome.scan.cancelled:
                box = QMessageBox(QMessageBox.Icon.Information, "Duplicate scan cancelled",
                                  "The preferences are saved. The whole library is compared again with the "
                                  "next duplicate scan, after an import.", QMessageBox.StandardButton.Ok, owner)
                box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                box.open()
            scanned = outcome.scan.added if outcome.scan is not None else []
            self.applied.emit(Changes(outcome.history_id, articles=tuple(sorted({i for pair in scanned for i in pair})),
                                      pairs=tuple(scanned)))

        def failed(error: BaseException) -> None:
            progress.finish()
            show_error(owner, "Preferences not saved", "Saving the preferences stopped because of an unexpected "
                       "error.", error)

        task = self._tasks.submit(run, on_done=finished, on_error=failed, on_progress=progress.update_progress)
        progress.follow(task)
