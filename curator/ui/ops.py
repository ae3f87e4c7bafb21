"""One wrapper per core operation: run it on the worker, show progress, report the outcome.

Each wrapper is the GUI's whole story for that operation (as Anki's
``aqt.operations`` are): the window calls it with a callback for refreshing its
views, and never touches the core call, the thread or the dialogs itself. They
(and the dialogs' own operations, such as export) run through :func:`run_job`,
which shows the progress and tells a failure by its kind: a refusal, a cancel, an error.
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path
from typing import Callable, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox, QProgressDialog, QWidget

from curator.core import curation, entities
from curator.core.curation import (
    MergePlan,
    check_in_background,
    import_and_sketch,
    merge_articles,
    unmerge_article,
)
from curator.core.dedupe import (
    Decision,
    ScanReport,
    count_open_pairs,
    decide_pair,
    unskip_pair,
)
from curator.core.entities import SuggestReport, suggest_mentions
from curator.core.errors import Cancelled, Refusal
from curator.core.ingest import ImportReport, SourcePath
from curator.core.library import Changes, Library, quoted, redo, undo
from curator.core.progress import CancelCheck, ProgressCallback
from curator.core.stories import (
    StoryScanReport,
    link_versions,
    move_versions,
    rename_story,
    split_story,
    start_story,
)
from curator.ui.confirmations import confirmed
from curator.ui.import_summary import show_import_summary
from curator.ui.tasks import Task, TaskRunner

log = logging.getLogger("curator.ui")

# A progress dialog for a job that ends sooner than this would only flash.
PROGRESS_DELAY_MS = 300
# Progress texts of the duplicate scan that follows an import carry this prefix.
SCAN_PHASE = "scan:"

Result = TypeVar("Result")
OnDone = Callable[[Changes], None]
OnFailed = Callable[[], None]
# Starts one change, given what to call when it is done or has failed: ``start(on_done, on_failed)``.
StartChange = Callable[[OnDone, OnFailed], object]


class JobProgress(QProgressDialog):
    """Progress of a background job: appears only if the job is slow, and Cancel cancels it."""

    def __init__(self, parent: QWidget, title: str, label: str):
        # No range yet (a busy bar) until the job reports its total.
        super().__init__(label, "Cancel", 0, 0, parent)
        self.setWindowTitle(title)
        # Not modal: a modal QProgressDialog runs processEvents() inside setValue(), so the
        # job's result could arrive and delete this dialog while it is still in setValue().
        # The library stays browsable meanwhile; the window refuses a second job until this ends.
        self.setWindowModality(Qt.WindowModality.NonModal)
        # The show timer starts at construction with Qt's 4 s default; it restarts with the
        # new delay only while the value is at the minimum, hence the setValue first.
        self.setValue(0)
        self.setMinimumDuration(PROGRESS_DELAY_MS)
        self.setMinimumWidth(460)
        self.setAutoReset(False)
        self.setAutoClose(False)
        self._task: Task | None = None
        self.canceled.connect(self._cancel_task)

    def update_progress(self, done: int, total: int, label: str) -> None:
        if self.wasCanceled():
            return  # QProgressDialog would show itself again on the next setValue
        self.setLabelText(label)
        self.setMaximum(total)
        self.setValue(done)

    def follow(self, task: Task) -> None:
        """Cancel ``task`` when the user presses Cancel."""
        self._task = task

    def finish(self) -> None:
        self.reset()
        self.hide()
        self.deleteLater()

    def _cancel_task(self) -> None:
        if self._task is not None:
            self._task.cancel()


class ImportProgress(JobProgress):
    """Progress of an import and the duplicate scan that follows it."""

    def __init__(self, parent: QWidget):
        super().__init__(parent, "Importing", "Looking for files…")

    def update_progress(self, done: int, total: int, path: str) -> None:
        if self.wasCanceled():
            return
        if path.startswith(SCAN_PHASE):
            self.setWindowTitle("Looking for duplicates")
            phase = path.removeprefix(SCAN_PHASE)
            self.setLabelText(f"{phase}: {done:,} of {total:,}" if total else f"{phase}…")  # no total: a busy bar
            self.setMaximum(total)
            self.setValue(done)
            return
        name = SourcePath.parse(path).name
        # Elided to the dialog's width so a long file name never makes the dialog jump.
        shown_name = self.fontMetrics().elidedText(name, Qt.TextElideMode.ElideMiddle, self.width() - 48)
        self.setLabelText(f"Importing {done:,} of {total:,}\n{shown_name}")
        self.setMaximum(total)
        self.setValue(done)


# Running a job, and telling the user how it went --------------------------------------

def run_job(parent: QWidget, tasks: TaskRunner, what: str,
            job: Callable[[Library, ProgressCallback, CancelCheck], Result], on_done: Callable[[Result], None], *,
            progress: JobProgress | None = None, failure: str = "", on_failed: OnFailed | None = None,
            on_cancelled: Callable[[], None] | None = None) -> Task:
    """Run ``job`` on the worker and hand its result to ``on_done``; ``progress`` (if any) follows it.

    A failure is explained (see :func:`explain_failure`; ``what`` names the operation,
    ``failure`` says what stopped and what was kept) and then ``on_failed`` runs. A cancel
    is no failure to explain: ``on_cancelled`` runs instead of a box, then ``on_failed``.
    """

    def finished(result: Result) -> None:
        if progress is not None:
            progress.finish()
        on_done(result)

    def failed(error: BaseException) -> None:
        if progress is not None:
            progress.finish()
        if isinstance(error, Cancelled) and on_cancelled is not None:
            on_cancelled()
        explain_failure(parent, what, error, failure)
        if on_failed is not None:
            on_failed()

    task = tasks.submit(job, on_done=finished, on_error=failed,
                        on_progress=progress.update_progress if progress is not None else None)
    if progress is not None:
        progress.follow(task)
    return task


def explain_failure(parent: QWidget, what: str, error: BaseException, failure: str = "") -> QMessageBox | None:
    """Tell the user why ``what`` did not happen.

    A :class:`Refusal` (a merge of an article merged already, an undo blocked by a later
    change) is a warning with its reason; a cancel needs no word; any other error, expected
    or a bug, is an error box with the traceback in its details.
    """
    if isinstance(error, Cancelled):
        return None
    if isinstance(error, Refusal):
        return show_refusal(parent, f"{what} not possible", error)
    return show_error(parent, f"{what} failed", failure or f"{what} stopped because of an unexpected error.", error)


def show_refusal(parent: QWidget, title: str, error: BaseException) -> QMessageBox:
    """A non-blocking warning saying why an operation was refused."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, str(error), QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("refusal")
    box.open()
    return box


def show_error(parent: QWidget, title: str, text: str, error: BaseException) -> QMessageBox:
    """A non-blocking error box with the exception's message, and its traceback in the details
    (and in the log file, where a bug report can be taken from)."""
    log.error("%s: %s", title, text, exc_info=error)
    box = QMessageBox(parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowTitle(title)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setText(text)
    box.setInformativeText(str(error) or type(error).__name__)
    box.setDetailedText("".join(traceback.format_exception(error)))
    box.open()
    return box


def show_status(parent: QWidget, text: str, timeout_ms: int) -> None:
    """Say ``text`` for a while in the status bar of the window ``parent`` is in."""
    window = parent.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, timeout_ms)


# Importing ----------------------------------------------------------------------------

def import_files(
    parent: QWidget,
    tasks: TaskRunner,
    paths: list[Path],
    on_done: Callable[[ImportReport], None],
    *,
    summarize_success: bool = True,
    on_trash: Callable[[list[int]], None] | None = None,
) -> Task:
    """Import ``paths`` (files, folders, zip archives) on the worker, then summarise the outcome.

    A scan for duplicates among the new articles follows on the worker, in the
    same progress dialog; only new articles are compared against the index.

    ``summarize_success=False`` skips the summary when everything went well (used
    for the bundled samples, where the library appearing is feedback enough). With ``on_trash`` the
    summary offers to undo the import: it hands the new articles' ids to ``on_trash``.
    """
    file_list: list[str | Path] = [str(path) for path in paths]

    def run(library: Library, report_progress: ProgressCallback,
            cancelled: CancelCheck) -> tuple[ImportReport, ScanReport | None, StoryScanReport | None, int]:
        # The window reads its list again while the import runs: sorted by a column, without the list's
        # indexes, a page of 100k articles takes 140 ms on its thread.
        report = import_and_sketch(library, file_list, progress=report_progress, cancelled=cancelled,
                                   defer_list_indexes=False)
        if report.cancelled or not report.imported:
            return report, None, None, 0

        def scan_progress(done: int, total: int, phase: str) -> None:
            report_progress(done, total, SCAN_PHASE + phase)

        checked = check_in_background(library, progress=scan_progress, cancelled=cancelled)
        # Counted once both scans are done, as the window's Duplicates tab counts the queue.
        waiting = count_open_pairs(library)
        return (report, None, None, waiting) if checked is None else (report, checked.copies, checked.stories, waiting)

    def finished(outcome: tuple[ImportReport, ScanReport | None, StoryScanReport | None, int]) -> None:
        report, scan, stories, waiting = outcome
        if summarize_success or report.errors or report.unsupported or report.imported == 0:
            show_import_summary(parent, report, scan, stories, on_trash, waiting=waiting)
        on_done(report)

    return run_job(parent, tasks, "Import", run, finished, progress=ImportProgress(parent),
                   failure="The import stopped because of an unexpected error.")


# Changes: decisions, merges, undo ------------------------------------------------



def _change(parent: QWidget, tasks: TaskRunner, what: str, job: Callable[[Library], Changes],
            on_done: OnDone, on_failed: OnFailed | None) -> Task:
    """Run a one-transaction change on the worker; a failure is explained, then ``on_failed`` runs."""
    return run_job(parent, tasks, what, lambda library, _progress, _cancelled: job(library), on_done,
                   on_failed=on_failed)


def decide(parent: QWidget, tasks: TaskRunner, a: int, b: int, decision: Decision,
           on_done: OnDone, on_failed: OnFailed | None = None) -> Task:
    def job(library: Library) -> Changes:
        if decision is Decision.SAME_STORY:
            return link_versions(library, a, b)
        return decide_pair(library, a, b, decision)

    return _change(parent, tasks, "Decision", job, on_done, on_failed)


def unskip(parent: QWidget, tasks: TaskRunner, a: int, b: int, on_done: OnDone,
           on_failed: OnFailed | None = None) -> Task:
    return _change(parent, tasks, "Return to Queue", lambda library: unskip_pair(library, a, b), on_done, on_failed)


def rename_story_named(parent: QWidget, tasks: TaskRunner, story_id: int, title: str, on_done: OnDone,
                       on_failed: OnFailed | None = None) -> Task:
    return _change(parent, tasks, "Rename", lambda library: rename_story(library, story_id, title), on_done, on_failed)


def split_off(parent: QWidget, tasks: TaskRunner, story_id: int, article_ids: list[int], on_done: OnDone,
              on_failed: OnFailed | None = None) -> Task:
    return _change(parent, tasks, "Split", lambda library: split_story(library, story_id, article_ids), on_done,
                   on_failed)


def move_to_story(parent: QWidget, tasks: TaskRunner, article_ids: list[int], story_id: int | None,
                  on_done: OnDone, on_failed: OnFailed | None = None) -> Task:
    return _change(parent, tasks, "Move", lambda library: move_versions(library, article_ids, story_id), on_done,
                   on_failed)


def start_new_story(parent: QWidget, tasks: TaskRunner, article_ids: list[int], on_done: OnDone,
                    on_failed: OnFailed | None = None) -> Task:
    return _change(parent, tasks, "New Story", lambda library: start_story(library, article_ids), on_done, on_failed)


def merge(parent: QWidget, tasks: TaskRunner, plan: MergePlan, on_done: OnDone,
          on_failed: OnFailed | None = None) -> Task:
    return _change(parent, tasks, "Merge", lambda library: merge_articles(library, plan), on_done, on_failed)


def unmerge(parent: QWidget, tasks: TaskRunner, article_id: int, on_done: OnDone,
            on_failed: OnFailed | None = None) -> Task:
    return _change(parent, tasks, "Unmerge", lambda library: unmerge_article(library, article_id), on_done,
                   on_failed)


def edit_article(parent: QWidget, tasks: TaskRunner, article_id: int, fields: dict[str, str], on_done: OnDone,
                 on_failed: OnFailed | None = None) -> Task:
    return _change(parent, tasks, "Edit", lambda library: curation.edit_article(library, article_id, **fields),
                   on_done, on_failed)


def trash_articles(parent: QWidget, tasks: TaskRunner, ids: list[int], on_done: OnDone,
                   on_failed: OnFailed | None = None) -> Task:
    return _change(parent, tasks, "Move to Trash", lambda library: curation.trash_articles(library, ids), on_done,
                   on_failed)


def restore_articles(parent: QWidget, tasks: TaskRunner, ids: list[int], on_done: OnDone,
                     on_failed: OnFailed | None = None) -> Task:
    return _change(parent, tasks, "Restore", lambda library: curation.restore_articles(library, ids), on_done,
                   on_failed)


def undo_last(parent: QWidget, tasks: TaskRunner, on_done: OnDone, on_failed: OnFailed | None = None) -> Task:
    return _change(parent, tasks, "Undo", undo, on_done, on_failed)


def redo_last(parent: QWidget, tasks: TaskRunner, on_done: OnDone, on_failed: OnFailed | None = None) -> Task:
    return _change(parent, tasks, "Redo", redo, on_done, on_failed)


def suggest_entities(parent: QWidget, tasks: TaskRunner, on_done: OnDone, on_failed: OnFailed | None = None,
                     on_report: Callable[[SuggestReport], None] | None = None) -> Task:
    """Run the entity suggesters over the library with a progress dialog and Cancel; ``on_report`` is
    given the run's report after ``on_done``.

    Batches stored before a cancel are kept (each is its own transaction, all one undoable step)."""

    def finished(report: SuggestReport) -> None:
        # The suggestions' own ids are not collected; their articles say what to redraw.
        on_done(Changes(report.history_ids[-1] if report.history_ids else None,
                        articles=tuple(report.article_ids)))
        show_status(parent, report.summary() + ". Accept or reject them in the articles or the Entities panel.",
                    10000)
        if on_report is not None:
            on_report(report)

    return run_job(parent, tasks, "Suggestions", lambda library, report_progress, cancelled: suggest_mentions(
        library, progress=report_progress, cancelled=cancelled), finished,
        progress=JobProgress(parent, "Suggesting entities", "Reading articles…"),
        failure="Finding entity suggestions stopped; what was found before is kept.", on_failed=on_failed)


# Entities ---------------------------------------------------------------------------

# The propagation preview lists at most this many articles in its details.
PREVIEW_ARTICLES = 200


def tag_mention(parent: QWidget, tasks: TaskRunner, article_id: int, start: int, end: int, on_done: OnDone,
                on_failed: OnFailed | None = None, *, type: str | None = None, entity_id: int | None = None,
                name: str | None = None, field: str = "body") -> Task:
    return _change(parent, tasks, "Tagging", lambda library: entities.tag_mention(
        library, article_id, start, end, type=type, entity_id=entity_id, name=name, field=field), on_done, on_failed)


def accept_mentions(parent: QWidget, tasks: TaskRunner, mention_ids: list[int], on_done: OnDone,
                    on_failed: OnFailed | None = None) -> Task:
    return _change(parent, tasks, "Accepting", lambda library: entities.accept_mentions(library, mention_ids),
                   on_done, on_failed)


def remove_mentions(parent: QWidget, tasks: TaskRunner, mention_ids: list[int], on_done: OnDone,
                    on_failed: OnFailed | None = None) -> Task:
    return _change(parent, tasks, "Removing", lambda library: entities.remove_mentions(library, mention_ids),
                   on_done, on_failed)


def decide_suggestions(parent: QWidget, tasks: TaskRunner, row: dict, accept: bool, on_done: OnDone,
                       on_failed: OnFailed | None = None) -> Task:
    """Accept (or reject) every pending suggestion of an entity, or of a suggested name with no entity:
    ``row`` has ``entity_id`` (or None), ``label`` and ``type``."""
    def job(library: Library) -> Changes:
        ids = entities.pending_suggestions(library, entity_id=row["entity_id"], label=row["label"], type=row["type"])
        return (entities.accept_mentions if accept else entities.remove_mentions)(library, ids)

    return _change(parent, tasks, "Accepting" if accept else "Rejecting", job, on_done, on_failed)


def decide_suggestion_group(parent: QWidget, tasks: TaskRunner, group: dict, accept: bool, new_type: str | None,
                            on_done: OnDone, on_failed: OnFailed | None = None) -> Task:
    """Accept (as ``new_type``, if given) or reject every pending mention of a review card's name."""
    decision = entities.GroupDecision.ACCEPT if accept else entities.GroupDecision.REJECT
    return _change(parent, tasks, "Accepting" if accept else "Rejecting", lambda library: (
        entities.decide_suggestion_group(library, group["name"], group["type"], decision, new_type=new_type)),
        on_done, on_failed)


def undo_group_decision(parent: QWidget, tasks: TaskRunner, history_id: int, on_done: OnDone,
                        on_failed: OnFailed | None = None) -> Task:
    return _change(parent, tasks, "Undo", lambda library: entities.undo_group_decision(library, history_id),
                   on_done, on_failed)


def update_entity(parent: QWidget, tasks: TaskRunner, entity_id: int, on_done: OnDone,
                  on_failed: OnFailed | None = None, **fields) -> Task:
    """Rename, retype or re-alias an entity (``fields`` as ``entities.update_entity`` takes them)."""
    return _change(parent, tasks, "Editing the entity",
                   lambda library: entities.update_entity(library, entity_id, **fields), on_done, on_failed)


def merge_entities(parent: QWidget, tasks: TaskRunner, keep: int, other: int, on_done: OnDone,
                   on_failed: OnFailed | None = None) -> Task:
    return _change(parent, tasks, "Merging entities", lambda library: entities.merge_entities(library, keep, other),
                   on_done, on_failed)


def delete_entity(parent: QWidget, tasks: TaskRunner, entity_id: int, on_done: OnDone,
                  on_failed: OnFailed | None = None) -> Task:
    return _change(parent, tasks, "Deleting the entity", lambda library: entities.delete_entity(library, entity_id),
                   on_done, on_failed)


def propagate_mention(parent: QWidget, tasks: TaskRunner, mention_id: int, on_done: OnDone,
                      on_failed: OnFailed | None = None) -> Task:
    """Count the untagged occurrences per article, ask (listing them), then tag them all in one step.

    ``on_failed`` also runs when there is nothing to tag or the user cancels, so the
    window knows no change is coming.
    """

    def find(library: Library, progress: ProgressCallback, cancelled: CancelCheck) -> entities.PropagationPreview:
        return entities.preview_propagation(library, mention_id, PREVIEW_ARTICLES)

    def confirm(found: entities.PropagationPreview) -> None:
        text, counts, listed = found.text, found.counts, found.most
        if not counts:
            box = QMessageBox(QMessageBox.Icon.Information, "Tag All Occurrences",
                              f"Every “{text}” in the library is tagged already.", QMessageBox.StandardButton.Ok,
                              parent)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.setObjectName("nothingToPropagate")
            box.open()
            if on_failed is not None:
                on_failed()
            return
        total = found.total
        box = QMessageBox(parent)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setObjectName("confirmPropagation")
        box.setWindowTitle("Tag All Occurrences")
        box.setIcon(QMessageBox.Icon.Question)
        box.setText(f"Tag {total:,} more “{text}” in {len(counts):,} article{'s' if len(counts) != 1 else ''}?")
        lines = [f"{count:,} in {quoted(title)}" for _, count, title in listed]
        if len(counts) > len(listed):
            lines.append(f"… and {len(counts) - len(listed):,} more articles")
        box.setInformativeText("\n".join(lines[:8] + (["…"] if len(lines) > 8 else []))
                               + "\n\nOne Undo removes them all again.")
        box.setDetailedText("\n".join(lines))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText("Tag All")
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        tagged = confirmed(parent, on_done, f"Tagged {total:,} more “{text}”")
        box.accepted.connect(lambda: _change(parent, tasks, "Tagging", lambda library: entities.propagate_mention(
            library, mention_id), tagged, on_failed))
        box.rejected.connect(lambda: on_failed() if on_failed is not None else None)
        box.open()

    return run_job(parent, tasks, "Tagging", find, confirm, failure="Could not look for other occurrences.",
                   on_failed=on_failed)
