"""File → New, Open, Open Recent and Back Up Library."""

from pathlib import Path

from curator.core.ingest.importing import import_paths
from curator.core.ingest.samples import sample_paths
from curator.core.library.store import Library
from curator.ui import file_dialogs
from curator.ui.library_files import recent_libraries, remember_library
from tests.core.test_merge import dump


def test_the_window_names_its_library_and_remembers_it(window, library):
    assert window.windowTitle() == "Curator — test"
    assert recent_libraries() == [library.path]


def test_open_recent_lists_other_libraries_and_asks_to_open_one(qtbot, window, library, tmp_path):
    other = Library.open(tmp_path / "archive.db")
    other.close()
    remember_library(tmp_path / "archive.db")
    remember_library(tmp_path / "deleted.db")  # gone since: not listed
    menu = window.library_files.recent_menu
    menu.aboutToShow.emit()
    entries = {action.toolTip(): action for action in menu.actions()}
    assert list(entries) == [str(tmp_path / "archive.db"), str(library.path)]
    assert not entries[str(library.path)].isEnabled()  # the open one
    with qtbot.waitSignal(window.open_library_requested) as opened:
        entries[str(tmp_path / "archive.db")].trigger()
    assert opened.args == [tmp_path / "archive.db"]


def test_new_library_asks_for_a_file_and_never_picks_an_existing_one(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setattr(file_dialogs, "get_save_file_name", lambda *args, **kwargs: (str(tmp_path / "fresh"), ""))
    with qtbot.waitSignal(window.open_library_requested) as opened:
        window.library_files.new_action.trigger()
    assert opened.args == [tmp_path / "fresh.db"]
    (tmp_path / "fresh.db").write_bytes(b"")
    with qtbot.assertNotEmitted(window.open_library_requested):
        monkeypatch.setattr("curator.ui.library_files.QMessageBox.warning", lambda *args: None)
        window.library_files.new_action.trigger()


def test_back_up_library_writes_a_copy_that_opens_as_the_same_library(qtbot, window, library, tmp_path):
    import_paths(library, sample_paths())
    window.library_files.back_up_to(tmp_path / "copy.db")
    assert "Backed up the library to" in window.statusBar().currentMessage()
    copy = Library.open(tmp_path / "copy.db")
    assert dump(copy) == dump(library)
    copy.close()


def test_a_failed_backup_says_why(qtbot, window, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    window.library_files.back_up_to(Path(tmp_path / "missing" / "copy.db"))
    box = next(b for b in window.findChildren(QMessageBox) if b.windowTitle() == "Backup failed")
    assert "does not exist" in box.informativeText()


def test_file_export_offers_the_search_and_the_selected_article(qtbot, window):
    from curator.ui.dialogs.export_dialog import ExportDialog

    window.load_samples()
    window.show_library_action.trigger()
    window.search_box.setText("scorn")
    window.search_box.returnPressed.emit()
    window.library_view.select_row(0)
    dialog = window.export()
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    assert dialog._search == "scorn" and dialog._selection_ids == [window.library_view.selected_article_id()]
    dialog.reject()
