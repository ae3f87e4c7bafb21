"""Editing an article, moving library rows to the trash and restoring them, in the real window."""

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QPushButton

from curator.core.dedupe import scan_duplicates
from curator.core.ingest import import_paths, sample_paths
from curator.ui.dialogs.edit_article_dialog import EditArticleDialog
from tests.factories import add_numbered_articles


def select_rows(window, rows: list[int]) -> None:
    view = window.library_view
    view.select_row(rows[0])
    for row in rows[1:]:
        view.table.selectionModel().select(view.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                                           | QItemSelectionModel.SelectionFlag.Rows)


def focus_table(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.library_view.table.setFocus()


def test_delete_moves_the_selected_rows_to_the_trash_and_view_trash_restores_them(qtbot, make_window, sync_tasks,
                                                                                  library):
    add_numbered_articles(library, 5)
    window = make_window(sync_tasks)
    select_rows(window, [1, 3])
    assert window.library_view.selected_article_ids() == [2, 4]
    assert window.articles.trash_action.text() == "Move 2 Articles to Trash"
    focus_table(qtbot, window)
    qtbot.keyClick(window.library_view.table, Qt.Key.Key_Delete)
    assert window.library_view.article_count == 3 and window.count_label.text() == "3 articles"
    assert window.statusBar().currentMessage() == "Moved 2 articles to the trash — Ctrl+Z to undo"
    assert window.undo_action.text() == "Undo Move to Trash"

    window.articles.show_trash_action.trigger()
    assert window.count_label.text() == "2 articles in the trash"
    banner = window.library_view.trash_banner
    assert banner.isVisibleTo(window) and "The trash" in banner.label.text()
    assert not window.articles.trash_action.isEnabled()
    select_rows(window, [0])
    assert window.articles.restore_action.isEnabled()
    window.articles.restore_action.trigger()
    assert window.count_label.text() == "1 article in the trash"
    window.show_library_action.trigger()  # the Library button (Ctrl+1) leads out of the trash too
    assert window.library_view.article_count == 4 and not window.articles.show_trash_action.isChecked()
    assert not window.library_view.trash_banner.isVisibleTo(window)
    window.articles.show_trash_action.trigger()
    window.library_view.trash_banner.clear_button.click()  # and so does the banner's button
    assert window.library_view.article_count == 4
    window.undo_action.trigger()  # the restore
    window.undo_action.trigger()  # the trashing
    assert window.library_view.article_count == 5


def test_a_trashed_article_leaves_the_review_queue(qtbot, make_window, sync_tasks, library):
    import_paths(library, sample_paths())
    scan_duplicates(library)
    window = make_window(sync_tasks)
    assert window.show_duplicates_action.text() == "Duplicates (1)"
    select_rows(window, [1])
    window.articles.trash_action.trigger()
    assert window.show_duplicates_action.text() == "Duplicates"
    assert window.duplicates_view.pair_count == 0
    window.undo_action.trigger()
    assert window.duplicates_view.pair_count == 1


def test_edit_article_changes_the_fields_and_undo_brings_them_back(qtbot, make_window, sync_tasks, library):
    import_paths(library, sample_paths())
    window = make_window(sync_tasks)
    window.library_view.select_row(0)
    title = library.article(1)["title"]
    dialog = window.articles.edit_current()
    assert isinstance(dialog, EditArticleDialog) and dialog.editors["title"].text() == title
    dialog.editors["title"].setText("Russia rejects US call to cut ties with North Korea")
    dialog.editors["published"].setText("30 November 2017")
    dialog.editors["outlet"].setText("The Wire")
    assert dialog.changed_fields() == {"title": "Russia rejects US call to cut ties with North Korea",
                                       "published": "30 November 2017", "outlet": "The Wire"}
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    article = library.article(1)
    assert (article["title"], article["published"], article["outlet"]) == (
        "Russia rejects US call to cut ties with North Korea", "2017-11-30", "The Wire")
    assert window.library_view.article_view.title_text() == article["title"]  # the reading pane follows
    window.undo_action.trigger()
    assert library.article(1)["title"] == title


def test_an_edit_the_core_would_refuse_is_explained_in_the_form_and_keeps_the_other_edits(qtbot, make_window, sync_tasks, library):
    import_paths(library, sample_paths())
    window = make_window(sync_tasks)
    window.library_view.select_row(0)
    before = library.article(1)
    dialog = window.articles.edit_current()
    dialog.editors["title"].setText("A title worth keeping")
    dialog.editors["published"].setText("sometime soon")
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    save.click()
    # Said in the form, which stays open with the date chosen to put right: the other edits wait.
    assert dialog.isVisible() and "is not a date" in dialog.problem.text() and dialog.problem.isVisibleTo(dialog)
    assert dialog.focusWidget() is dialog.editors["published"] and library.article(1) == before
    assert window.findChild(QMessageBox, "refusal") is None
    dialog.editors["published"].setText("30 November 2017")
    save.click()
    assert not dialog.isVisible() and library.article(1)["title"] == "A title worth keeping"
    assert library.article(1)["published"] == "2017-11-30" and not window.change_running


def test_edit_and_trash_act_on_the_list_only_while_it_shows(make_window, sync_tasks, library):
    import_paths(library, sample_paths())
    window = make_window(sync_tasks)
    window.library_view.select_row(0)
    assert window.articles.edit_action.isEnabled() and window.articles.trash_action.isEnabled()
    for page in (window.duplicates_view, window.stories_view):
        window.show_view(page)  # the list's selection is out of sight: the Edit menu does not act on it
        assert not window.articles.edit_action.isEnabled() and not window.articles.trash_action.isEnabled()
    window.articles.trash_action.trigger()
    assert library.article(1)["status"] == "active"
    window.show_view(window.library_view)
    assert window.articles.edit_action.isEnabled() and window.articles.trash_action.isEnabled()


def test_edit_and_trash_are_in_the_edit_menu_and_trash_in_the_view_menu(window):
    menus = {menu.title().replace("&", ""): menu for menu in window.menuBar().findChildren(type(window.menus.view_menu))}
    edit = [action.text() for action in menus["Edit"].actions()]
    assert "Edit Article…" in edit and "Move to Trash" in edit and "Restore from Trash" in edit
    assert "Trash" in [action.text() for action in window.menus.view_menu.actions()]


def test_the_import_summary_undoes_the_import_by_moving_its_articles_to_the_trash(qtbot, make_window, sync_tasks,
                                                                                   library, tmp_path):
    import_paths(library, sample_paths())
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(f"Headline {n}\n\nThe text of article {n}, about nothing else.\n")
    window = make_window(sync_tasks)
    window.import_paths([tmp_path])
    box = window.findChild(QMessageBox, "importSummary")
    assert window.library_view.article_count == 5
    button = box.findChild(QPushButton, "trashImport")
    assert button.text() == "Move the 3 Imported Articles to Trash"  # these, not the duplicates listed above it
    button.click()
    assert window.library_view.article_count == 2
    assert [row[0] for row in library.db.execute("SELECT id FROM articles WHERE status = 'trashed'")] == [3, 4, 5]
    assert window.statusBar().currentMessage() == "Moved 3 articles to the trash — Ctrl+Z to undo"


def test_an_empty_trash_says_so(qtbot, make_window, sync_tasks, library):
    add_numbered_articles(library, 2)
    window = make_window(sync_tasks)
    view = window.library_view
    window.articles.show_trash_action.trigger()
    assert view._list_stack.currentWidget() is view._list_note and "The trash is empty" in view._list_note.text()
    window.articles.show_trash_action.trigger()  # the library again: its list, not the note
    assert view._list_stack.currentWidget() is view.table


def test_after_moving_an_article_to_the_trash_the_next_one_is_selected(qtbot, make_window, sync_tasks, library):
    add_numbered_articles(library, 4)
    window = make_window(sync_tasks)
    select_rows(window, [1])
    gone = window.library_view.selected_article_ids()
    following = window.library_view.model.article_id(2)
    window.articles.trash_selected()
    assert window.library_view.selected_article_ids() == [following] and following not in gone
    assert window.library_view.article_view.article_id == following
