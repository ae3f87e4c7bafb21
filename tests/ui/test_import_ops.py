"""Importing through the GUI: progress, cancel, and the summary of what happened."""

import re
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton

from curator.core.curation import unchecked_articles
from curator.core.ingest.importing import import_paths as real_import_paths
from curator.ui import ops


def write_articles(folder, count):
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"story-{n:03d}.txt").write_text(f"Story number {n}\n\nThe text of story {n}, unique {n * 7919}.\n")
    return folder


def summary_box(window):
    """The latest import summary still open (closed ones are deleted on the next event loop pass)."""
    boxes = [box for box in window.findChildren(QMessageBox, "importSummary") if box.isVisible()]
    return boxes[-1] if boxes else None


def test_a_bad_file_is_named_in_the_summary_details(window, tmp_path):
    folder = write_articles(tmp_path / "mixed", 2)
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02\x03 not text \x00\xff" * 50)
    window.import_paths([folder])
    box = summary_box(window)
    assert box.isVisible()
    assert box.text() == "Imported 2 articles, 1 failed."
    assert box.icon() == QMessageBox.Icon.Warning
    assert "broken.txt" in box.detailedText()
    assert "story-000.txt" not in box.detailedText()
    assert box.informativeText().startswith("No new duplicates found.")
    assert window.library_view.article_count == 2


def test_import_folder_lists_links_leading_outside_and_does_not_follow_them(window, tmp_path):
    folder = write_articles(tmp_path / "chosen", 1)
    outside = write_articles(tmp_path / "outside", 2)
    (folder / "linked").symlink_to(outside)
    window.import_paths([folder])
    box = summary_box(window)
    assert box.text() == "Imported 1 article, 1 link not followed."
    assert box.detailedText() == f"{folder / 'linked'}: leads outside the imported folder, to {outside}; not followed"
    assert window.library_view.article_count == 1


def test_reimporting_reports_articles_already_in_the_library(window, tmp_path):
    folder = write_articles(tmp_path / "again", 3)
    window.import_paths([folder])
    summary_box(window).close()
    window.import_paths([folder])
    assert summary_box(window).text() == "Imported 0 articles, 3 already in the library."
    assert summary_box(window).informativeText() == ""  # nothing new, so no duplicate scan
    # Show Details names the files skipped, so a person looking for one finds it.
    assert summary_box(window).detailedText().splitlines() == [
        f"{path}: already in the library, not imported again" for path in sorted(map(str, folder.iterdir()))]


def test_a_fast_import_never_shows_the_progress_dialog(window, tmp_path):
    window.import_paths([write_articles(tmp_path / "quick", 3)])
    assert not [dialog for dialog in window.findChildren(QProgressDialog) if dialog.isVisible()]


def test_an_unexpected_failure_is_shown_and_does_not_block_the_next_import(window, tmp_path, monkeypatch):
    def broken_import(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(ops, "import_and_sketch", broken_import)
    window.import_paths([write_articles(tmp_path / "any", 1)])
    boxes = [box for box in window.findChildren(QMessageBox) if box.windowTitle() == "Import failed"]
    assert boxes and "disk on fire" in boxes[0].informativeText()
    assert not window.import_running


def test_cancel_stops_a_threaded_import_early_and_keeps_what_was_imported(
    qtbot, make_window, threaded_tasks, library, tmp_path, monkeypatch
):
    folder = write_articles(tmp_path / "many", 300)

    def slow_import(library, paths, *, progress, cancelled, **options):
        # Slow each file down so the progress dialog appears and Cancel lands mid-import.
        def slow_progress(done, total, path):
            time.sleep(0.01)
            progress(done, total, path)

        return real_import_paths(library, paths, progress=slow_progress, cancelled=cancelled, **options)

    monkeypatch.setattr(ops, "import_and_sketch", slow_import)
    window = make_window(threaded_tasks)
    window.watch.start()
    window.import_paths([folder])
    assert window.import_running

    def visible_progress():
        return next((d for d in window.findChildren(QProgressDialog) if d.isVisible()), None)

    qtbot.waitUntil(lambda: visible_progress() is not None, timeout=5000)
    dialog = visible_progress()
    qtbot.waitUntil(lambda: "story-" in dialog.labelText(), timeout=5000)
    assert dialog.labelText().startswith("Importing ")
    assert dialog.maximum() == 300
    (cancel_button,) = dialog.findChildren(QPushButton)
    qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: summary_box(window) is not None, timeout=10000)
    box = summary_box(window)
    assert box.windowTitle() == "Import cancelled"
    imported = int(re.match(r"Imported (\d+) articles? \(cancelled\)\.", box.text()).group(1))
    assert 0 < imported < 300
    assert library.count_articles() == imported  # kept, and visible to the UI's own connection
    assert window.library_view.article_count == imported
    assert not window.import_running
    # What the cancelled import kept is checked for duplicates in the background, and the status bar says so.
    qtbot.waitUntil(lambda: unchecked_articles(library) == 0, timeout=20000)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith(f"Checked {imported:,} new articles"),
                    timeout=5000)


def test_the_summary_counts_the_suggestions_to_review_as_the_duplicates_tab_does(qtbot, window, library, tmp_path):
    from curator.core.dedupe import count_open_pairs
    from curator.core.ingest.samples import sample_paths
    from tests.core.test_stories import HYWIND, HYWIND_REWRITE

    folder = tmp_path / "stories"
    folder.mkdir()
    for number, (title, body, published) in enumerate((HYWIND, HYWIND_REWRITE)):
        (folder / f"{number}.txt").write_text(f"{title}\nDate: {published}\n\n{body}")
    for path in sample_paths():
        (folder / path.name).write_bytes(path.read_bytes())
    window.import_paths([folder])
    waiting = count_open_pairs(library)
    assert waiting == 2  # the seeds' copy and the rewrite
    assert summary_box(window).informativeText().splitlines() == [
        "1 possible duplicate pair found.", "1 possible same-story pair found (rewrites, not copies).",
        "2 suggestions to review in all."]
    qtbot.waitUntil(lambda: window.show_duplicates_action.text() == "Duplicates (2)")
