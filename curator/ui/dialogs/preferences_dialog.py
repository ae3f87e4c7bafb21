"""Preferences: the library's settings (duplicates, import, entity types) and the app's theme.

The library's settings are read once when the dialog opens (one small read) and written on
OK by one job on the worker: ``update_settings``, ``edit_entity_types`` (every type change
together, so one undo reverses them), and, when the change needs it, a scan of the whole
library (with progress; if it is cancelled, the next scan finishes it). The theme belongs to
the user, not the library: it is kept in QSettings and applied at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from curator.core.dedupe import ScanReport, scan_duplicates
from curator.core.entities import EntityError, EntityTypeEdit, edit_entity_types, entity_type_usage, entity_types
from curator.core.library import (
    MAX_FILE_MB_RANGE,
    SHINGLE_WORDS_RANGE,
    SUGGESTION_FLOOR_RANGE,
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
from curator.core.progress import CancelCheck, ProgressCallback
from curator.core.text import BOILERPLATE_LINES
from curator.ui.ops import JobProgress, run_job
from curator.ui.read_only import why_read_only
from curator.ui.tasks import TaskRunner
from curator.ui.theme import Theme, apply_theme, save_theme, saved_theme
from curator.ui.widgets.entity_types_editor import EntityTypesEditor

THEME_LABELS = {
    Theme.AUTOMATIC: "Automatic: follow the system's light or dark setting",
    Theme.LIGHT: "Light",
    Theme.DARK: "Dark",
}


@dataclass
class PreferencesOutcome:
    """What applying the preferences did: the last history row, why the type edits were refused, the scan if one ran."""

    history_id: int | None = None
    type_refusal: str | None = None
    scan: ScanReport | None = None


def apply_preferences(library: Library, changes: dict, type_edits: list[EntityTypeEdit],
                      progress: ProgressCallback, cancelled: CancelCheck) -> PreferencesOutcome:
    """The worker's half: settings, then the entity types, then a scan if needed.

    The type edits apply all together or, refused, not at all; the settings apply either way.
    """
    outcome = PreferencesOutcome()
    before = get_settings(library)
    if changes:
        outcome.history_id = update_settings(library, **changes).history_id
    if type_edits:
        try:
            outcome.history_id = edit_entity_types(library, type_edits).history_id or outcome.history_id
        except EntityError as refusal:
            outcome.type_refusal = str(refusal)
    if rescan_needed(before, get_settings(library)):
        outcome.scan = scan_duplicates(library, progress=progress, cancelled=cancelled)
    return outcome


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


def _page(*widgets: QWidget) -> QWidget:
    """A tab's page: the widgets one under another, the space left below them."""
    page = QWidget()
    layout = QVBoxLayout(page)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return page


def _percent_box(name: str, value_range: tuple[float, float], tooltip: str) -> QSpinBox:
    """A spin box showing a fraction from ``value_range`` as a percentage, in steps of 5."""
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(round(value_range[0] * 100), round(value_range[1] * 100))
    box.setSingleStep(5)
    box.setSuffix(" %")
    box.setToolTip(tooltip)
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
        self._articles = library.count_articles(ArticleQuery())
        self._theme = saved_theme()

        self.tabs = QTabWidget()
        self.tabs.setObjectName("preferencesTabs")
        self.tabs.addTab(self._duplicates_tab(), "Duplicates")
        self.tabs.addTab(self._import_tab(), "Import")
        self.types_editor = EntityTypesEditor(entity_types(library))
        self.tabs.addTab(self.types_editor, "Entity Types")
        self.tabs.addTab(self._entity_suggestions_tab(), "Entity Suggestions")
        self.appearance_tab = self._appearance_tab()
        self.tabs.addTab(self.appearance_tab, "Appearance")

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
        # A library open read-only keeps its settings: only the theme, this computer's, can change.
        self._read_only = why_read_only(library)
        if self._read_only is not None:
            for index in range(self.tabs.count()):
                page = self.tabs.widget(index)
                if page is not None and page is not self.appearance_tab:
                    page.setEnabled(False)
                    page.setToolTip(self._read_only)
            restore.setEnabled(False)
            self.tabs.setCurrentWidget(self.appearance_tab)
            self._show_problem(self._read_only)
        # Which types are in use can take a scan of the mentions: asked of the worker.
        run_job(self, tasks, "Reading entity types",
                lambda worker_library, _progress, _cancelled: entity_type_usage(worker_library),
                self.types_editor.set_usage)

    # Tabs -------------------------------------------------------------------------

    def _duplicates_tab(self) -> QWidget:
        self.threshold_box = _percent_box("thresholdBox", THRESHOLD_RANGE,
                                          "Pairs scoring at least this are suggested as duplicates. The score "
                                          "mostly measures how much of the shorter article is found in the other.")
        self.shingle_box = QSpinBox()
        self.shingle_box.setObjectName("shingleWordsBox")
        self.shingle_box.setRange(*SHINGLE_WORDS_RANGE)
        self.shingle_box.setSuffix(" words")
        self.shingle_box.setToolTip("Two articles share text where they have this many words in a row in common")
        self.rescan_note = _note("", "rescanNote")
        self.rescan_note.setStyleSheet("font-weight: bold;")
        for box in (self.threshold_box, self.shingle_box):
            box.valueChanged.connect(self._update_rescan_note)

        return _page(
            _section("Suggestions", "Suggest pairs scoring at least:", self.threshold_box,
                     "Raising it takes weaker suggestions out of the review queue at once; they come back if you "
                     "lower it again. Lowering it compares the whole library again, to find the pairs the old "
                     "threshold left out."),
            _section("Shared text", "Count text as shared in runs of:", self.shingle_box,
                     "Fewer words catch heavily edited copies, but also chance overlaps such as quotes and stock "
                     "phrases; more words catch only passages copied word for word. Changing it compares the whole "
                     "library again. Suggestions found so far, and your decisions on them, are kept."),
            self.rescan_note)

    def _entity_suggestions_tab(self) -> QWidget:
        self.floor_box = _percent_box("suggestionFloorBox", SUGGESTION_FLOOR_RANGE,
                                      "Entity suggestions less sure than this are not proposed")
        return _page(_section(
            "Confidence", "Propose names at least this sure:", self.floor_box,
            "A suggestion's confidence comes from its evidence: your entities and the offline lists of places "
            "and organisations count most, a capitalised name more when a title or an organisation word types "
            "it and when it recurs across articles. It applies to the next Suggest Entities; suggestions "
            "already proposed stay."))

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
        self.floor_box.setValue(round(settings.suggestion_floor * 100))
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
                        disabled_boilerplate=checked("disabled_boilerplate", off),
                        suggestion_floor=self.floor_box.value() / 100)

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
        # A number typed outside its box's range would be dropped for the old one without a word.
        for box in self.findChildren(QSpinBox):
            if not box.hasAcceptableInput():
                page = box.parentWidget()
                while page is not None and self.tabs.indexOf(page) < 0:
                    page = page.parentWidget()
                if page is not None:
                    self.tabs.setCurrentWidget(page)
                box.setFocus()
                box.selectAll()
                self._show_problem(f"{box.text().strip()} is not one of the values offered: "
                                   f"{box.minimum()}–{box.maximum()}{box.suffix()}.")
                return
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
            app = QApplication.instance()
            if isinstance(app, QApplication):  # always, where a dialog can be shown
                apply_theme(app, theme)
        changes = {name: value for name, value in vars(chosen).items() if getattr(self._settings, name) != value}
        type_edits = self.types_editor.edits()
        if self._read_only is not None:
            changes, type_edits = {}, []
        super().accept()
        if changes or type_edits:
            self._apply(changes, type_edits)

    def _apply(self, changes: dict, type_edits: list[EntityTypeEdit]) -> None:
        # The dialog has closed by now: its boxes belong to the window that opened it.
        owner = self.parentWidget() or self

        def run(library: Library, report_progress: ProgressCallback, cancelled: CancelCheck) -> PreferencesOutcome:
            return apply_preferences(library, changes, type_edits, report_progress, cancelled)

        def finished(outcome: PreferencesOutcome) -> None:
            if outcome.type_refusal:
                box = QMessageBox(QMessageBox.Icon.Warning, "Entity types not changed",
                                  f"{outcome.type_refusal}.\n\nThe entity types were left as they were; "
                                  "the other preferences are saved.", QMessageBox.StandardButton.Ok, owner)
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

        run_job(owner, self._tasks, "Saving preferences", run, finished,
                progress=JobProgress(owner, "Applying preferences", "Saving preferences…"),
                failure="Saving the preferences stopped because of an unexpected error.")
