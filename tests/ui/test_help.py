"""Help: the keyboard shortcut sheet (F1 or ?) and About."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

import curator
from curator.ui.dialogs.shortcuts_dialog import ShortcutSheet


def test_f1_opens_a_sheet_listing_the_menus_keys(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    sheet = window.findChild(ShortcutSheet)
    assert sheet is not None and sheet.isVisible()
    rows = {title: dict((meaning, keys) for keys, meaning in rows) for title, rows in sheet.sections}
    assert rows["Edit"]["Undo"] == "Ctrl+Z"
    assert "Ctrl+Shift+Z" in rows["Edit"]["Redo"] and "Redo" not in rows["Edit"]["Redo"]  # no keyboard's Redo key
    assert rows["Review"]["Merge"] == "M" and rows["Review"]["Next Pair"] == "J"
    assert rows["Tag"]["Tag as Person"] == "1" and rows["Tag"]["Accept Mention"] == "Enter"
    assert "Entities Panel" in rows["View"] and "Entities Panel" not in rows["Tag"]  # listed once
    # One key, one spelling: the panel's delete key as Move to Trash shows it.
    assert rows["Entities panel"]["Delete the entity"] == rows["Edit"]["Move to Trash"]
    text = sheet.text.toPlainText()
    assert "Keyboard Shortcuts" in rows["Help"] and "Ctrl+Shift+Z" in text
    sheet.close()


def test_the_sheet_names_undo_and_redo_by_their_work_not_by_the_step_they_would_take(qtbot, window):
    window.load_samples()
    window.entities.tag_span(1, 0, 6, "PLACE")  # "Russia"
    assert window.undo_action.text() == "Undo Tagging"  # the menu names the step it would take
    sheet = window.help.show_shortcuts()
    rows = {title: dict((meaning, keys) for keys, meaning in rows) for title, rows in sheet.sections}
    assert rows["Edit"]["Undo"] == "Ctrl+Z" and "Ctrl+Shift+Z" in rows["Edit"]["Redo"]
    assert "Undo" in sheet.text.toPlainText() and window.undo_action.text() not in sheet.text.toPlainText()
    # Nor the review page by the count of the moment its menu entry shows.
    assert window.show_duplicates_action.text() == "Duplicates (1)" and rows["View"]["Duplicates"] == "Ctrl+2"
    sheet.close()


def test_the_sheet_lists_the_keys_of_the_list_and_the_merge_dialog_that_no_menu_shows(window):
    sheet = window.help.show_shortcuts()
    rows = {title: dict((meaning, keys) for keys, meaning in rows) for title, rows in sheet.sections}
    assert rows["Article list"]["Copy the title"] == "Ctrl+C"
    assert rows["Merge dialog"]["Merge with the choices shown"] == "Enter"
    sheet.close()


def test_question_mark_opens_the_sheet_but_types_in_the_search_box(qtbot, window):
    window.load_samples()
    window.show_library_action.trigger()
    window.activateWindow()  # a window's shortcuts reach only the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.waitUntil(window.search_box.isVisible)
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "who?")
    assert window.search_box.text() == "who?" and window.findChild(ShortcutSheet) is None
    window.library_view.table.setFocus()
    qtbot.keyClick(window.library_view.table, "?")
    assert window.findChild(ShortcutSheet) is not None


def test_about_names_the_version_and_the_library_file(window, library):
    box = window.help.show_about()
    assert curator.__version__ in box.text() and str(library.path) in box.text()
    box.close()


def test_preferences_open_from_the_edit_menu_and_renamed_types_reach_the_tag_menu(qtbot, window, library):
    from curator.core.entities import update_entity_type
    from curator.core.library.store import Changes
    from curator.ui.dialogs.preferences_dialog import PreferencesDialog

    window.preferences_action.trigger()
    dialog = window.findChild(PreferencesDialog)
    assert dialog is not None and dialog.isVisible()
    changes = update_entity_type(library, "PERSON", label="People")
    dialog.applied.emit(Changes(changes.history_id))
    assert "Tag as People\t1" in [action.text() for action in window.entities.menu.actions()]
    assert window.undo_action.text() == "Undo Entity Type Edit"
    dialog.reject()


def test_show_log_folder_opens_the_folder_the_app_logs_to(window, isolated_log_folder, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    window.help.log_folder_action.trigger()
    assert opened == [str(isolated_log_folder)] and isolated_log_folder.is_dir()


def test_a_failed_job_is_logged_with_its_traceback(window, caplog):
    from curator.ui import ops

    try:
        raise ValueError("the disk is full")
    except ValueError as error:
        box = ops.show_error(window, "Export failed", "The file could not be written.", error)
    box.close()
    record = next(r for r in caplog.records if r.name == "curator.ui")
    assert "Export failed" in record.getMessage() and record.exc_info[1].args == ("the disk is full",)
