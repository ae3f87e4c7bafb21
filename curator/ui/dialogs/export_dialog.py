"""The export dialog: what to write (a format), which articles (a scope), then where.

The counts beside each scope and the export itself run on the worker through the
task manager; the dialog only collects choices and reports the outcome.

>>> open_export_dialog(window, tasks, library.path, selection_ids=[12, 14], search="ferry")
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from curator.core.export import (
    ExportFormat,
    ExportReport,
    annotated_article_ids,
    count_in_scope,
    export_library,
)
from curator.core.library import ArticleQuery, Library
from curator.core.progress import CancelCheck, ProgressCallback
from curator.ui import file_dialogs
from curator.ui.ops import JobProgress, run_job
from curator.ui.tasks import Task, TaskRunner
from curator.ui.widgets.labels import heading, muted

LAST_FOLDER_KEY = "export/last_folder"
LAST_FORMAT_KEY = "export/format"
# Formats read as training data, where an article with no tagged span says "no entity here": only the
# tagged articles are written unless the user asks for every one.
ANNOTATED_BY_DEFAULT = frozenset({ExportFormat.SPANS})
# A longer search is shortened in the scope's label; the tooltip has all of it.
MAX_SEARCH_CHARS = 40


@dataclass(frozen=True)
class FormatChoice:
    format: ExportFormat
    title: str
    explanation: str
    file_name: str
    file_filter: str


FORMATS = (
    FormatChoice(ExportFormat.JSONL, "Articles — JSON Lines",
                 "All fields, source files, tagged entities and mentions; Curator can import it again.",
                 "curator-export.jsonl", "JSON Lines (*.jsonl)"),
    FormatChoice(ExportFormat.CSV, "Articles — CSV",
                 "One row per article, for spreadsheets and pandas. Text that a spreadsheet would run as a "
                 "formula (it begins with =, +, - or @) is written after an apostrophe.",
                 "curator-export.csv", "CSV (*.csv)"),
    FormatChoice(ExportFormat.SPANS, "Tagged spans — JSON Lines",
                 "Texts with their tagged entities as labelled spans, for Prodigy, doccano and spaCy.",
                 "curator-spans.jsonl", "JSON Lines (*.jsonl)"),
    FormatChoice(ExportFormat.ENTITIES, "Entity list — CSV",
                 "Every entity with its type, aliases, external id and how often it is tagged.",
                 "curator-entities.csv", "CSV (*.csv)"),
    FormatChoice(ExportFormat.STORIES, "Stories — JSON Lines",
                 "One line per story: the articles linked as its versions, with their outlets and dates.",
                 "curator-stories.jsonl", "JSON Lines (*.jsonl)"),
)


class Scope(str, Enum):
    """Which articles an article format writes."""

    ALL = "all"
    SEARCH = "search"  # the search box's result
    SELECTION = "selection"  # the articles selected in the list


Counts = dict[tuple[Scope, bool, bool], int]  # (scope, merged-away too, tagged only): articles


def _count_scopes(search: str, selection_ids: list[int]):
    """A job counting the articles of each scope, without and with the merged-away ones, all of them and
    only those with a tagged entity."""

    def count(library: Library, progress: ProgressCallback, cancelled: CancelCheck) -> Counts:
        counts = {}
        annotated = annotated_article_ids(library)
        scopes = {Scope.ALL: ("", None), Scope.SEARCH: (search, None), Scope.SELECTION: ("", selection_ids)}
        for scope, (words, ids) in scopes.items():
            if (scope is Scope.SEARCH and not search) or (scope is Scope.SELECTION and not selection_ids):
                continue
            for merged in (False, True):
                query = ArticleQuery(search=words, include_merged=merged)
                for tagged in (False, True):
                    counts[scope, merged, tagged] = count_in_scope(library, query, ids, annotated_only=tagged,
                                                                   annotated=annotated)
        return counts

    return count


class ExportDialog(QDialog):
    """Choose a format and the articles, then a file; the export runs on the worker with a progress dialog.

    ``selection_ids`` are the articles selected in the list and ``search`` what the
    search box holds; each scope is offered only when it has something in it.
    """

    def __init__(self, parent: QWidget | None, tasks: TaskRunner, library_path: Path, selection_ids: list[int],
                 search: str):
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(f"Export from {Path(library_path).stem}")
        self._tasks = tasks
        self._search = search.strip()
        self._selection_ids = list(dict.fromkeys(selection_ids))
        self._counts: Counts = {}
        self._task: Task | None = None
        self._closed = False

        self.format_group = QButtonGroup(self)
        format_grid = QGridLayout()
        format_grid.setHorizontalSpacing(0)
        format_grid.setVerticalSpacing(2)
        indent = (self.style().pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth)
                  + self.style().pixelMetric(QStyle.PixelMetric.PM_RadioButtonLabelSpacing))
        for index, choice in enumerate(FORMATS):
            button = QRadioButton(choice.title)
            button.setObjectName(f"{choice.format.value}Format")
            self.format_group.addButton(button, index)
            explanation = muted(QLabel(choice.explanation))
            explanation.setWordWrap(True)  # the CSV's note runs longer than the dialog is wide
            explanation.setContentsMargins(indent, 0, 0, 8)
            format_grid.addWidget(button, index * 2, 0)
            format_grid.addWidget(explanation, index * 2 + 1, 0)

        self.scope_group = QButtonGroup(self)
        self.scope_buttons: dict[Scope, QRadioButton] = {}
        for scope in Scope:
            button = QRadioButton()
            button.setObjectName(f"{scope.value}Scope")
            self.scope_group.addButton(button)
            self.scope_buttons[scope] = button
        self._offered = {Scope.ALL: True, Scope.SEARCH: bool(self._search), Scope.SELECTION: bool(self._selection_ids)}
        if len(self._search) > MAX_SEARCH_CHARS:
            self.scope_buttons[Scope.SEARCH].setToolTip(self._search)
        self.include_merged_box = QCheckBox("Include merged-away articles (marked as merged)")
        self.include_merged_box.setObjectName("includeMergedBox")
        self.annotated_box = QCheckBox("Only articles with a tagged entity")
        self.annotated_box.setObjectName("annotatedOnlyBox")
        self.annotated_box.setToolTip("Leave out the articles nothing is tagged in yet: as training data, an "
                                      "article without spans says it names no entity")
        self.entities_note = muted(QLabel("The entity list always covers every entity in the library."))
        # Kept in the layout when hidden, so switching formats never resizes the dialog.
        note_policy = self.entities_note.sizePolicy()
        note_policy.setRetainSizeWhenHidden(True)
        self.entities_note.setSizePolicy(note_policy)

        self.status_label = QLabel()
        self.status_label.setObjectName("exportStatus")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = QPushButton("Export…")
        self.export_button.setObjectName("exportButton")
        self.export_button.setDefault(True)
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.choose_file_and_export)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(6)
        layout.addWidget(heading("Format"))
        layout.addLayout(format_grid)
        layout.addSpacing(8)
        layout.addWidget(heading("Articles"))
        for button in self.scope_buttons.values():
            layout.addWidget(button)
        layout.addSpacing(4)
        layout.addWidget(self.include_merged_box)
        layout.addWidget(self.annotated_box)
        layout.addWidget(self.entities_note)
        layout.addSpacing(6)
        layout.addWidget(self.status_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

        last_format = QSettings().value(LAST_FORMAT_KEY, ExportFormat.JSONL.value)
        self.format_group.button(next((i for i, c in enumerate(FORMATS) if c.format.value == last_format), 0)
                                 ).setChecked(True)
        default_scope = (Scope.SELECTION if len(self._selection_ids) > 1
                         else Scope.SEARCH if self._search else Scope.ALL)
        self.scope_buttons[default_scope].setChecked(True)
        self.annotated_box.setChecked(self.format_choice.format in ANNOTATED_BY_DEFAULT)
        self.format_group.idToggled.connect(self._format_toggled)
        self.scope_group.buttonToggled.connect(lambda _button, _checked: self._update())
        self.include_merged_box.toggled.connect(lambda _checked: self._update())
        self.annotated_box.toggled.connect(lambda _checked: self._update())
        self._update()
        self.export_button.setFocus()
        # The counts are only labels: if they cannot be had, the scopes go without them
        # and the export itself reports whatever is wrong.
        tasks.submit(_count_scopes(self._search, self._selection_ids), on_done=self._show_counts,
                     on_error=lambda _error: None)

    # Choices -------------------------------------------------------------------------

    @property
    def format_choice(self) -> FormatChoice:
        return FORMATS[self.format_group.checkedId()]

    @property
    def scope(self) -> Scope:
        return next(scope for scope, button in self.scope_buttons.items() if button.isChecked())

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.finished

    def _format_toggled(self, _id: int, checked: bool) -> None:
        """A format chosen: the tagged-only box as that format wants it (the user may change it after)."""
        if checked:
            self.annotated_box.setChecked(self.format_choice.format in ANNOTATED_BY_DEFAULT)
        self._update()

    def _show_counts(self, counts: Counts) -> None:
        if self._closed:
            return  # closed (and perhaps deleted) while the worker was busy with something else
        self._counts = counts
        self._update()

    def _update(self) -> None:
        merged, tagged = self.include_merged_box.isChecked(), self.annotated_box.isChecked()
        search = self._search if len(self._search) <= MAX_SEARCH_CHARS else self._search[:MAX_SEARCH_CHARS - 1] + "…"
        texts = {
            Scope.ALL: "All articles" if merged else "All active articles",
            Scope.SEARCH: f"The search result for “{search}”" if search else "The search result (nothing searched)",
            Scope.SELECTION: ("The selected article" if len(self._selection_ids) == 1 else "The selected articles")
            if self._selection_ids else "The selected articles (none selected)",
        }
        of_articles = self.format_choice.format.of_articles
        for scope, button in self.scope_buttons.items():
            count = self._counts.get((scope, merged, tagged))
            button.setText(texts[scope] + (f"  ({count:,})" if count is not None else ""))
            button.setEnabled(of_articles and self._offered[scope])
        self.include_merged_box.setEnabled(of_articles)
        self.annotated_box.setEnabled(of_articles)
        # Whatever is not a list of articles covers the whole library, each in its own words.
        self.entities_note.setText("The story list always covers every story in the library."
                                   if self.format_choice.format is ExportFormat.STORIES
                                   else "The entity list always covers every entity in the library.")
        self.entities_note.setVisible(not of_articles)
        nothing = of_articles and self._counts.get((self.scope, merged, tagged)) == 0
        self.export_button.setEnabled(not self.running and not nothing)
        untagged = nothing and bool(self._counts.get((self.scope, merged, False)))
        self.status_label.setText("No article in this choice has a tagged entity yet." if untagged
                                  else "There are no articles to export in this choice." if nothing else "")

    # Exporting -----------------------------------------------------------------------

    def choose_file_and_export(self) -> None:
        """Ask where to write (suggesting a name in the last folder used), then export there."""
        choice = self.format_choice
        folder = QSettings().value(LAST_FOLDER_KEY) or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        chosen, _ = file_dialogs.get_save_file_name(self, "Export", str(Path(folder) / choice.file_name),
                                                f"{choice.file_filter};;All files (*)")
        if not chosen:
            return
        path = Path(chosen)
        if not path.suffix:
            path = path.with_suffix(choice.format.suffix)
        QSettings().setValue(LAST_FOLDER_KEY, str(path.parent))
        QSettings().setValue(LAST_FORMAT_KEY, choice.format.value)
        self.export_to(path)

    def export_to(self, path: Path) -> Task:
        """Export the chosen format and articles to ``path`` on the worker, with progress and Cancel."""
        format = self.format_choice.format
        query = ArticleQuery(search=self._search if self.scope == Scope.SEARCH else "",
                             include_merged=self.include_merged_box.isChecked())
        ids = self._selection_ids if self.scope == Scope.SELECTION else None
        tagged = format.of_articles and self.annotated_box.isChecked()

        def run(library: Library, report_progress: ProgressCallback, cancelled: CancelCheck) -> ExportReport:
            return export_library(library, path, format, query=query, ids=ids, annotated_only=tagged,
                                  progress=report_progress, cancelled=cancelled)

        def finished(report: ExportReport) -> None:
            self._update()
            if report.cancelled:
                self.status_label.setText("Export cancelled; nothing was written.")
                return
            show_export_finished(self.parentWidget(), report)
            self.accept()

        self.status_label.setText("")
        self.export_button.setEnabled(False)
        task = run_job(self, self._tasks, "Export", run, finished,
                       progress=JobProgress(self, "Exporting", "Exporting…"),
                       failure="The export stopped because of an unexpected error; nothing was written.",
                       on_failed=self._update)
        self._task = task
        return task

    def done(self, result: int) -> None:
        self._closed = True
        super().done(result)

    def reject(self) -> None:
        """Cancel stops a running export first (nothing is written); pressed again, it closes the dialog."""
        if self._task is not None and not self._task.finished:
            self._task.cancel()
            return
        super().reject()


def show_export_finished(parent: QWidget | None, report: ExportReport) -> QMessageBox:
    """A non-blocking note of what was written and where, with a button that shows the folder."""
    box = QMessageBox(parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("exportFinished")
    box.setWindowTitle("Export finished")
    box.setIcon(QMessageBox.Icon.Information)
    box.setText(f"Exported {report.what}.")
    box.setInformativeText(str(report.path) + (
        f"\n\nOf the selected articles, {report.left_out} {'were' if report.left_out_merged + report.left_out_trashed > 1 else 'was'} left out."
        if report.left_out else ""))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    show_folder = box.addButton("Show Folder", QMessageBox.ButtonRole.ActionRole)
    show_folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(report.path.parent))))
    box.open()
    return box


def open_export_dialog(parent: QWidget, tasks: TaskRunner, library_path: Path, selection_ids: list[int],
                       search: str) -> ExportDialog:
    """Open the export dialog over ``parent``; it deletes itself when closed."""
    dialog = ExportDialog(parent, tasks, library_path, selection_ids, search)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
