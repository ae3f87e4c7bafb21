"""What an import tells when it ends: how many articles it read, what the checks after it found, how many
suggestions wait in the queue, and each file that could not be read, in a box that does not block."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from curator.core.dedupe import ScanReport
from curator.core.ingest import ImportReport
from curator.core.stories import StoryScanReport

# The details box lists at most this many problem lines, so a huge failed import stays readable.
MAX_DETAIL_LINES = 500


def show_import_summary(parent: QWidget, report: ImportReport, scan: ScanReport | None,
                        stories: StoryScanReport | None,
                        on_trash: Callable[[list[int]], None] | None = None, *, waiting: int
                        ) -> QMessageBox:
    """A non-blocking message box: the counts, duplicates found, the suggestions ``waiting`` to review
    (counted as the Duplicates tab counts them), and each failed file in the details."""
    box = QMessageBox(parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("importSummary")
    box.setWindowTitle("Import cancelled" if report.cancelled else "Import finished")
    box.setIcon(QMessageBox.Icon.Warning if report.errors else QMessageBox.Icon.Information)
    box.setText(report.summary() + ".")
    if report.cancelled:
        box.setInformativeText("Articles read before the import was cancelled were kept.")
    else:
        notes = []
        if scan is not None and not scan.cancelled:
            notes.append(_duplicates_found(scan))
            if stories is None:
                notes.append("The search for other versions of the stories was cancelled; it runs again after "
                             "the next import.")
            elif stories.pairs_added:
                # Counted in pairs, as the copies above are: a story of three versions is up to three pairs.
                notes.append(f"{stories.pairs_added:,} possible same-story pair{'s' if stories.pairs_added != 1 else ''}"
                             " found (rewrites, not copies).")
            notes.append(f"{waiting:,} suggestion{'s' if waiting != 1 else ''} to review in all.")
        elif scan is not None:
            notes.append("The duplicate scan was cancelled; it runs again after the next import.")
        if report.errors:
            notes.append("Show Details lists each file that could not be imported and why.")
        box.setInformativeText("\n".join(notes))
    details = import_problem_lines(report)
    if details:
        box.setDetailedText("\n".join(details))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    if on_trash is not None and report.article_ids:
        ids = list(report.article_ids)
        # Said in full: under the duplicates found, "these" read as the duplicates, not the whole import.
        imported = "the Imported Article" if len(ids) == 1 else f"the {len(ids):,} Imported Articles"
        undo_import = box.addButton(f"Move {imported} to Trash", QMessageBox.ButtonRole.DestructiveRole)
        undo_import.setObjectName("trashImport")
        undo_import.setToolTip("Undo the import: its articles go to the trash, where View → Trash restores them")
        undo_import.clicked.connect(lambda: on_trash(ids))
    box.open()
    return box


def _duplicates_found(scan: ScanReport) -> str:
    if not scan.pairs_added:
        return "No new duplicates found."
    return f"{scan.pairs_added:,} possible duplicate pair{'s' if scan.pairs_added != 1 else ''} found."


def import_problem_lines(report: ImportReport) -> list[str]:
    lines = [problem.describe() for problem in report.errors]
    lines += [f"{path}: unsupported file type, not imported" for path in report.unsupported]
    lines += [f"{link.describe()}; not followed" for link in report.links_not_followed]
    # Last: a file skipped for holding bytes the library has is no fault, but a person may look for it.
    in_trash = set(report.in_trash)
    lines += [f"{path}: already in the library{' (in the trash)' if path in in_trash else ''}, not imported again"
              for path in report.skipped]
    if len(lines) > MAX_DETAIL_LINES:
        hidden = len(lines) - MAX_DETAIL_LINES
        lines = lines[:MAX_DETAIL_LINES] + [f"… and {hidden:,} more"]
    return lines
