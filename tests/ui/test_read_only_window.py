"""A window on a library on read-only storage: it opens, browses and backs up, says "Read-only", checks
nothing on its own, and refuses each change with the core's one line, before any dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QLabel, QMessageBox

from curator.core.ingest import import_paths, sample_paths
from curator.core.entities import tag_mention
from curator.core.library import Library
from curator.core.stories import start_story
from curator.ui import app as app_module
from curator.ui import file_dialogs, read_only
from curator.ui.dialogs.entity_chooser import EntityChooser
from curator.ui.main_window import DEFAULT_SIZE, MainWindow
from curator.ui.widgets.mentions import READ_ONLY_HINT
from curator.ui.tasks import SynchronousTaskManager
from tests.read_only_storage import files_in, mount_read_only


@pytest.fixture
def archive(tmp_path, monkeypatch) -> Path:
    """The sample articles, imported and never checked for duplicates, on read-only storage."""
    folder = tmp_path / "archive"
    folder.mkdir()
    library = Library.open(folder / "news.db")
    ids = import_paths(library, sample_paths()).article_ids
    start_story(library, ids)
    tag_mention(library, ids[0], 0, 6, type="PLACE")
    library.close()
    mount_read_only(monkeypatch, folder)
    return folder / "news.db"


@pytest.fixture
def archive_window(qtbot, archive):
    library = Library.open(archive)
    tasks = SynchronousTaskManager(archive)
    window = MainWindow(library, tasks)
    window.resize(DEFAULT_SIZE)
    qtbot.addWidget(window)
    window.show()
    window.watch.start()
    yield window
    window.close()
    tasks.shutdown()
    library.close()


def _refusal(window) -> str:
    box = window.findChild(QMessageBox, "refusal")
    assert box is not None
    return box.text()


def test_the_window_opens_the_library_read_only_and_says_so(qtbot, archive, archive_window):
    window = archive_window
    assert window.windowTitle() == "Curator — news (Read-Only)"
    label = window.statusBar().findChild(QLabel, "readOnly")
    assert label is not None and label.isVisible() and label.text() == "Read-only"
    assert "copy it to a folder you can write in" in label.toolTip()
    assert window.library_view.article_count == 2
    window.library_view.select_row(0)
    qtbot.wait(50)  # the scan it would start on opening, were it writable
    assert window.findChild(QMessageBox) is None and not window.watch.scan_running
    # The reading pane shows the tags without offering to add any.
    strip = window.library_view.article_view.entity_strip
    assert strip.info.text() == READ_ONLY_HINT and strip.legend.toolTip() == READ_ONLY_HINT


def test_a_change_is_refused_with_one_line_and_nothing_written(qtbot, archive, archive_window, monkeypatch):
    """What has no action to disable (a dropped file, the welcome page's buttons) is refused before it begins."""
    before = files_in(archive.parent)
    window = archive_window
    monkeypatch.setattr(file_dialogs, "get_open_file_names", lambda *args: pytest.fail("no files to choose"))
    window.choose_files_to_import()  # refused before the files are chosen
    assert _refusal(window) == (f"This library is on read-only storage ({archive}): copy it to a folder you can "
                                "write in to change it")
    window.findChild(QMessageBox, "refusal").close()
    window.import_paths(sample_paths())  # as files dropped on the window are
    assert "read-only storage" in _refusal(window)
    assert window.library_view.article_count == 2 and not window.change_running
    assert files_in(archive.parent) == before


def test_every_change_is_disabled_saying_why(qtbot, archive_window):
    """Calibre's way: what cannot work is not offered, and its tooltip says why, whatever the selection."""
    window = archive_window
    window.library_view.table.selectAll()
    window.entities.dock.show()
    window.show_view(window.stories_view)
    view = window.stories_view
    qtbot.waitUntil(lambda: view.story_count == 1)
    view.select_versions([0, 1])
    browser = window.entities.browser
    qtbot.waitUntil(lambda: bool(browser.names()))
    assert browser.select_entity(browser.model.rows[0]["id"])
    actions = read_only.change_actions(window)
    assert {window.articles.trash_action, window.merge_action, window.undo_action, view.split_action,
            window.entities.browser.rename_action} <= set(actions)
    for action in actions:
        assert not action.isEnabled(), action.text()
        assert "read-only storage" in action.toolTip() and "Back Up Library" in action.statusTip(), action.text()
    for button in (view.rename_button, view.split_button, view.move_button, view.remove_button):
        assert not button.isEnabled() and "read-only storage" in button.toolTip()
    assert view.open_button.isEnabled() is False  # two chosen: Open takes one; it is no change
    view.select_versions([1])
    assert view.open_button.isEnabled() and not view.remove_button.isEnabled()
    assert window.export_action.isEnabled() and window.library_files.backup_action.isEnabled()
    assert window.preferences_action.isEnabled()  # the theme is this computer's


def test_tagging_from_the_reading_pane_is_refused_before_the_entity_is_chosen(qtbot, archive_window, monkeypatch):
    window = archive_window
    monkeypatch.setattr(EntityChooser, "open", lambda self: pytest.fail("no entity to choose"))
    window.library_view.select_row(0)
    mentions = window.library_view.article_view.mentions
    mentions.select_span(0, 6)
    assert mentions.tag_selection_as_existing()
    assert "read-only storage" in _refusal(window)


def test_preferences_keep_the_library_settings_and_change_the_theme(qtbot, archive, archive_window):
    before = files_in(archive.parent)
    dialog = archive_window.show_preferences()
    appearance = dialog.tabs.currentWidget()
    assert appearance is dialog.appearance_tab and appearance.isEnabled()
    assert not dialog.threshold_box.isEnabled() and not dialog.types_editor.isEnabled()
    assert "read-only storage" in dialog.problem_label.text() and dialog.problem_label.isVisible()
    dialog.threshold_box.setValue(dialog.threshold_box.value() + 5)  # as a restore of the defaults would
    dialog.accept()
    assert archive_window.findChild(QMessageBox) is None and files_in(archive.parent) == before


def test_a_read_only_library_backs_up_to_a_copy_that_can_be_changed(qtbot, archive, archive_window, tmp_path):
    archive_window.library_files.back_up_to(tmp_path / "copy.db")
    assert "Backed up the library to" in archive_window.statusBar().currentMessage()
    copy = Library.open(tmp_path / "copy.db")
    try:
        assert not copy.read_only and copy.count_articles() == 2
    finally:
        copy.close()


def test_without_a_lock_file_the_local_server_keeps_one_window_per_library(qtbot, tmp_path, monkeypatch):
    """On read-only storage no lock file can be made beside the library."""
    monkeypatch.setattr(QLockFile, "tryLock", lambda self, timeout=0: False)
    monkeypatch.setattr(QLockFile, "error", lambda self: QLockFile.LockError.PermissionError)
    library = tmp_path / "news.db"
    first, second, third = (app_module.LibraryGuard(library) for _ in range(3))
    assert first.claim()
    try:
        assert not second.claim()  # the first answers: a second start asks it to come forward
    finally:
        first.release()
    assert third.claim()
    third.release()


def test_a_backup_of_a_read_only_library_is_offered_a_folder_it_can_be_written_to(archive, archive_window, monkeypatch):
    offered = []
    monkeypatch.setattr(file_dialogs, "get_save_file_name", lambda _parent, _title, path, _filter: (
        offered.append(Path(path)) or ("", "")))
    archive_window.library_files.choose_backup()
    # Not the library's own folder, on storage nothing can be written to.
    assert offered[0].parent == Path.home() and offered[0].parent != archive.parent
