"""The export dialog on a real library: choices, counts, the file chooser, progress, cancel and errors."""

import csv
import json
import threading

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from curator.core import export as export_module
from curator.core.curation.merge import merge_articles, suggest_plan
from curator.core.entities import tag_mention
from curator.core.ingest.importing import import_paths
from curator.core.ingest.samples import sample_paths
from curator.ui import file_dialogs
from curator.ui.dialogs import export_dialog
from curator.ui.dialogs.export_dialog import (
    LAST_FOLDER_KEY,
    LAST_FORMAT_KEY,
    ExportDialog,
    open_export_dialog,
)


@pytest.fixture
def seeds(library):
    import_paths(library, sample_paths())
    return library


@pytest.fixture
def open_dialog(qtbot):
    parents = []  # the dialog is deleted with its parent, so the test keeps it

    def open_(tasks, library, selection_ids=(), search=""):
        parent = QWidget()
        qtbot.addWidget(parent)
        parents.append(parent)
        dialog = ExportDialog(parent, tasks, library.path, list(selection_ids), search)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return open_


@pytest.fixture
def save_as(monkeypatch):
    """The file chooser answers with the given path; what it was asked is kept."""
    asked = []

    def answer(path):
        def fake_dialog(parent, caption, suggested, filters):
            asked.append((suggested, filters))
            return str(path), filters.split(";;")[0]
        monkeypatch.setattr(file_dialogs, "get_save_file_name", fake_dialog)
        return asked

    return answer


def finished_box(dialog) -> QMessageBox:
    return dialog.parentWidget().findChild(QMessageBox, "exportFinished")


def test_exports_the_search_result_as_csv_where_the_user_chose(qtbot, seeds, sync_tasks, open_dialog, save_as,
                                                                tmp_path):
    dialog = open_dialog(sync_tasks, seeds, selection_ids=[1], search="intercontinental")
    assert dialog.windowTitle() == "Export from test"
    # One article was selected, so the search result is the default scope.
    assert dialog.scope_buttons["search"].isChecked()
    assert dialog.scope_buttons["search"].text() == "The search result for “intercontinental”  (1)"
    assert dialog.scope_buttons["all"].text() == "All active articles  (2)"
    assert dialog.scope_buttons["selection"].text() == "The selected article  (1)"

    dialog.findChild(type(dialog.scope_buttons["all"]), "csvFormat").click()
    asked = save_as(tmp_path / "found")  # no extension: the format's is added
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)

    assert asked[0][0].endswith("curator-export.csv") and asked[0][1].startswith("CSV (*.csv)")
    with open(tmp_path / "found.csv", encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert [row["id"] for row in rows] == ["2"]
    assert "intercontinental" in rows[0]["body"]
    box = finished_box(dialog)
    assert box.text() == "Exported 1 article." and box.informativeText() == str(tmp_path / "found.csv")
    assert dialog.result() == dialog.DialogCode.Accepted
    assert QSettings().value(LAST_FOLDER_KEY) == str(tmp_path)
    assert QSettings().value(LAST_FORMAT_KEY) == "csv"


def test_the_last_format_and_folder_are_offered_again(seeds, sync_tasks, open_dialog, save_as, tmp_path):
    QSettings().setValue(LAST_FOLDER_KEY, str(tmp_path))
    QSettings().setValue(LAST_FORMAT_KEY, "spans")
    dialog = open_dialog(sync_tasks, seeds)
    assert dialog.findChild(type(dialog.scope_buttons["all"]), "spansFormat").isChecked()
    dialog.annotated_box.click()  # nothing is tagged in the samples: every article, spans or not
    asked = save_as(tmp_path / "ner.jsonl")
    dialog.export_button.click()
    assert asked[0][0] == str(tmp_path / "curator-spans.jsonl")
    records = [json.loads(line) for line in (tmp_path / "ner.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [record["meta"]["id"] for record in records] == [1, 2]


def test_counts_follow_the_merged_box_and_empty_choices_cannot_be_exported(seeds, sync_tasks, open_dialog, save_as,
                                                                            tmp_path):
    merge_articles(seeds, suggest_plan(seeds, [1, 2], keep=1).plan)
    dialog = open_dialog(sync_tasks, seeds, selection_ids=[2, 2])
    assert not dialog.scope_buttons["search"].isEnabled()
    assert dialog.scope_buttons["all"].text() == "All active articles  (1)"
    dialog.scope_buttons["selection"].click()
    assert dialog.scope_buttons["selection"].text() == "The selected article  (0)"
    assert not dialog.export_button.isEnabled()
    assert dialog.status_label.text() == "There are no articles to export in this choice."

    dialog.include_merged_box.click()
    assert dialog.scope_buttons["all"].text() == "All articles  (2)"
    assert dialog.scope_buttons["selection"].text() == "The selected article  (1)"
    assert dialog.export_button.isEnabled() and dialog.status_label.text() == ""
    save_as(tmp_path / "merged.jsonl")
    dialog.export_button.click()
    [record] = [json.loads(line) for line in (tmp_path / "merged.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (record["id"], record["status"], record["merged_into"]) == (2, "merged", 1)


def test_tagged_spans_are_of_the_tagged_articles_unless_every_article_is_asked_for(seeds, sync_tasks, open_dialog,
                                                                                   save_as, tmp_path):
    """As training data an article without spans says it names no entity: the spans format writes only the
    articles something is tagged in, and says so before anything is written."""
    body = seeds.article(2)["body"]
    start = body.index("Lavrov")
    tag_mention(seeds, article_id=2, start=start, end=start + len("Lavrov"), type="PERSON")
    dialog = open_dialog(sync_tasks, seeds)
    assert not dialog.annotated_box.isChecked()  # the articles' own formats write them all
    dialog.findChild(type(dialog.scope_buttons["all"]), "spansFormat").click()
    assert dialog.annotated_box.isChecked() and dialog.annotated_box.isEnabled()
    assert dialog.scope_buttons["all"].text() == "All active articles  (1)"
    save_as(tmp_path / "ner.jsonl")
    dialog.export_button.click()
    [record] = [json.loads(line) for line in (tmp_path / "ner.jsonl").read_text(encoding="utf-8").splitlines()]
    assert record["meta"]["id"] == 2 and record["spans"] == [{"start": start, "end": start + 6, "label": "PERSON"}]
    assert finished_box(dialog).text() == "Exported 1 article."


def test_a_choice_with_nothing_tagged_says_so_and_exports_nothing(seeds, sync_tasks, open_dialog):
    dialog = open_dialog(sync_tasks, seeds, selection_ids=[1])
    dialog.findChild(type(dialog.scope_buttons["all"]), "spansFormat").click()
    assert dialog.scope_buttons["all"].text() == "All active articles  (0)"
    assert not dialog.export_button.isEnabled()
    assert dialog.status_label.text() == "No article in this choice has a tagged entity yet."
    dialog.annotated_box.click()
    assert dialog.scope_buttons["selection"].text() == "The selected article  (1)"
    assert dialog.export_button.isEnabled() and dialog.status_label.text() == ""
    dialog.findChild(type(dialog.scope_buttons["all"]), "entitiesFormat").click()
    assert not dialog.annotated_box.isEnabled()


def test_the_entity_list_has_no_article_choices(seeds, sync_tasks, open_dialog, save_as, tmp_path):
    dialog = open_dialog(sync_tasks, seeds, selection_ids=[1], search="Lavrov")
    dialog.findChild(type(dialog.scope_buttons["all"]), "entitiesFormat").click()
    assert not any(button.isEnabled() for button in dialog.scope_buttons.values())
    assert not dialog.include_merged_box.isEnabled() and dialog.entities_note.isVisible()
    assert "every entity" in dialog.entities_note.text()
    dialog.findChild(type(dialog.scope_buttons["all"]), "storiesFormat").click()
    assert "every story" in dialog.entities_note.text()  # not the entity list's words
    dialog.findChild(type(dialog.scope_buttons["all"]), "entitiesFormat").click()
    save_as(tmp_path / "entities.csv")
    dialog.export_button.click()
    assert (tmp_path / "entities.csv").read_bytes() == b"id,name,type,aliases,notes,external_id,mentions,articles\r\n"
    assert finished_box(dialog).text() == "Exported 0 entities."


def test_an_impossible_export_is_explained_and_the_dialog_stays(seeds, sync_tasks, open_dialog, save_as, tmp_path):
    dialog = open_dialog(sync_tasks, seeds)
    save_as(tmp_path / "missing" / "out.jsonl")
    dialog.export_button.click()
    refusal = dialog.findChild(QMessageBox, "refusal")
    assert refusal.isVisible() and "Cannot write" in refusal.text()
    assert dialog.isVisible() and dialog.export_button.isEnabled()
    assert finished_box(dialog) is None


def test_choosing_the_library_file_is_refused_and_the_library_kept(seeds, sync_tasks, open_dialog, save_as):
    dialog = open_dialog(sync_tasks, seeds)
    save_as(seeds.path)
    dialog.export_button.click()
    refusal = dialog.findChild(QMessageBox, "refusal")
    assert refusal.isVisible() and "is the library being exported" in refusal.text()
    assert seeds.count_articles() == 2 and finished_box(dialog) is None


def test_cancel_while_exporting_writes_nothing_and_keeps_the_dialog(qtbot, seeds, threaded_tasks, open_dialog,
                                                                    save_as, monkeypatch, tmp_path):
    monkeypatch.setattr(export_module, "PAGE_SIZE", 1)
    started, proceed = threading.Event(), threading.Event()
    real_export = export_dialog.export_library

    def export_that_waits(*args, progress, **kwargs):
        def report(done, total, label):
            started.set()
            proceed.wait(5)
            progress(done, total, label)
        return real_export(*args, progress=report, **kwargs)

    monkeypatch.setattr(export_dialog, "export_library", export_that_waits)
    dialog = open_dialog(threaded_tasks, seeds)
    qtbot.waitUntil(lambda: "(2)" in dialog.scope_buttons["all"].text())
    save_as(tmp_path / "out.jsonl")
    dialog.export_button.click()
    qtbot.waitUntil(started.is_set)
    assert dialog.running and not dialog.export_button.isEnabled()

    dialog.reject()  # the dialog's Cancel button, or Escape
    proceed.set()
    qtbot.waitUntil(lambda: not dialog.running)
    assert dialog.isVisible() and dialog.status_label.text() == "Export cancelled; nothing was written."
    assert list(tmp_path.glob("*out.jsonl*")) == []
    assert finished_box(dialog) is None and dialog.export_button.isEnabled()


def test_opened_for_a_window_it_is_modal_and_goes_away_when_closed(qtbot, seeds, sync_tasks):
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    dialog = open_export_dialog(window, sync_tasks, seeds.path, [], "")
    assert dialog.isVisible() and dialog.windowModality() == Qt.WindowModality.WindowModal
    dialog.reject()
    qtbot.waitUntil(lambda: window.findChild(ExportDialog) is None)


def test_counts_arriving_after_the_dialog_closed_are_dropped(qtbot, seeds, threaded_tasks):
    window = QWidget()
    qtbot.addWidget(window)
    busy, finished = threading.Event(), []
    threaded_tasks.submit(lambda library, progress, cancelled: busy.wait(5), on_done=lambda _result: None)
    dialog = open_export_dialog(window, threaded_tasks, seeds.path, [1], "")
    dialog.reject()
    qtbot.waitUntil(lambda: window.findChild(ExportDialog) is None)
    busy.set()
    threaded_tasks.submit(lambda library, progress, cancelled: None, on_done=finished.append)
    qtbot.waitUntil(lambda: finished == [None])
