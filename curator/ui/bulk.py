"""Changes in bulk, each after a preview and a question: merging every group of exact copies, linking
every open same-story suggestion. Each runs as a job with its own progress dialog and Cancel, and one
Undo reverses the whole run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from curator.core.curation import BulkMergeReport, exact_duplicate_groups, merge_exact_duplicates
from curator.core.dedupe import PairQuery, count_pairs, pair_page
from curator.core.library import Library
from curator.core.progress import CancelCheck, ProgressCallback
from curator.core.stories import BulkLinkReport, link_suggested_versions, same_story_suggestions
from curator.ui.confirmations import confirm, undo_hint
from curator.ui.ops import JobProgress, OnDone, run_job
from curator.ui.tasks import Task, TaskRunner

# Items named in a bulk change's preview; the rest are counted.
PREVIEW_GROUPS = 200


def merge_all_exact(parent: QWidget, tasks: TaskRunner, on_done: OnDone) -> Task:
    """Count the groups of exact copies, ask (with a preview of each group), then merge them all."""

    def find(library: Library, progress: ProgressCallback,
             cancelled: CancelCheck) -> tuple[list[list[int]], list[str]]:
        groups = exact_duplicate_groups(library)
        titles = library.titles([min(group) for group in groups[:PREVIEW_GROUPS]])
        return groups, [f"{len(group):,} copies: {titles.get(min(group), '')}" for group in groups[:PREVIEW_GROUPS]]

    def ask(found: tuple[list[list[int]], list[str]]) -> None:
        groups, previews = found
        copies = sum(len(group) - 1 for group in groups)
        _ask_bulk(parent, BulkQuestion(
            "Merge Exact Duplicates", "confirmBulkMerge", "There are no exact copies left to merge.",
            f"Merge {len(groups):,} group{'s' if len(groups) != 1 else ''} of exact copies? "
            f"{copies:,} article{'s' if copies != 1 else ''} will be merged away.",
            "In each group the most complete article is kept and empty fields are filled from the others. Every "
            "source is kept, and one Undo reverses the whole run.", "Merge All", "groups"),
            len(groups), previews, lambda: _run_bulk_merge(parent, tasks, on_done))

    return run_job(parent, tasks, "Merge", find, ask, failure="Could not list exact copies.")


def _run_bulk_merge(parent: QWidget, tasks: TaskRunner, on_done: OnDone) -> Task:
    def finished(report: BulkMergeReport) -> None:
        on_done(report.changes)
        state = "stopped" if report.cancelled else "done"
        confirm(parent, undo_hint(f"Merged {report.groups:,} group{'' if report.groups == 1 else 's'} of exact copies"
                                  f" ({state})"))

    return run_job(parent, tasks, "Merge", lambda library, report_progress, cancelled: merge_exact_duplicates(
        library, report_progress, cancelled), finished, progress=JobProgress(parent, "Merging exact duplicates",
                                                                             "Merging…"),
        failure="The bulk merge stopped; the groups merged before it stopped are kept.")


def link_all_suggested(parent: QWidget, tasks: TaskRunner, shown: PairQuery, on_done: OnDone) -> Task:
    """Count the same-story suggestions the queue shows (``shown``, its filters), ask (with a preview of
    the pairs, the best first), then link them all as versions of their stories."""
    query = same_story_suggestions(shown)

    def find(library: Library, progress: ProgressCallback, cancelled: CancelCheck) -> tuple[int, list[str]]:
        # Each pair on two lines, its score leading: wrapped on one, where one pair ended was hard to see.
        return count_pairs(library, query), [f"{pair['score']:>4.0%}  {pair['a_title']}\n       ↔  {pair['b_title']}"
                                             for pair in pair_page(library, query, 0, PREVIEW_GROUPS)]

    def ask(found: tuple[int, list[str]]) -> None:
        count, previews = found
        _ask_bulk(parent, BulkQuestion(
            "Link Suggested Versions", "confirmBulkLink", "The review queue, as it is filtered, shows no "
            "same-story suggestions to link.", f"Link the {count:,} same-story suggestion{'s' if count != 1 else ''} "
            "the review queue shows as versions of their stories?" if count != 1 else "Link the same-story "
            "suggestion the review queue shows as versions of one story?", "Each pair is linked as Same Story "
            "links it, the best first. Copies not merged yet stay versions of their own until they are merged. "
            "One Undo reverses the whole run.", "Link All", "pairs"),
            count, previews, lambda: _run_bulk_link(parent, tasks, query, on_done))

    return run_job(parent, tasks, "Link", find, ask, failure="Could not list the same-story suggestions.")


def _run_bulk_link(parent: QWidget, tasks: TaskRunner, query: PairQuery, on_done: OnDone) -> Task:
    def finished(report: BulkLinkReport) -> None:
        on_done(report.changes)
        # Nothing linked (every pair passed over): nothing to undo either.
        confirm(parent, undo_hint(report.summary()) if report.linked else report.summary())

    return run_job(parent, tasks, "Link", lambda library, report_progress, cancelled: link_suggested_versions(
        library, query, report_progress, cancelled), finished, progress=JobProgress(
        parent, "Linking suggested versions", "Linking…"),
        failure="The bulk link stopped; the pairs linked before it stopped are kept.")


@dataclass(frozen=True)
class BulkQuestion:
    """What a bulk change asks before it runs: its title, the dialog's object name, what it says when
    there is nothing to do, the question, what follows from it, the button that runs it and what
    the previewed items are called."""

    title: str
    name: str
    nothing: str
    question: str
    consequences: str
    run: str
    items: str


def _ask_bulk(parent: QWidget, question: BulkQuestion, count: int, previews: list[str],
              accepted: Callable[[], object]) -> None:
    """Ask ``question`` of ``count`` items, the first of them previewed; run ``accepted`` on yes."""
    if not count:
        box = QMessageBox(QMessageBox.Icon.Information, question.title, question.nothing,
                          QMessageBox.StandardButton.Ok, parent)
        box.setObjectName("nothingToDo")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return
    box = QMessageBox(parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName(question.name)
    box.setWindowTitle(question.title)
    box.setIcon(QMessageBox.Icon.Question)
    box.setText(question.question)
    box.setInformativeText(question.consequences)
    more = [f"… and {count - len(previews):,} more {question.items}"] if count > len(previews) else []
    box.setDetailedText("\n".join(previews + more))
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Yes).setText(question.run)
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    box.accepted.connect(accepted)
    box.open()
