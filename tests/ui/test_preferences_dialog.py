"""The Preferences dialog on a real library: what it shows, what OK changes, and the theme."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QColorDialog, QLabel, QMessageBox, QPushButton, QRadioButton

from curator.core.dedupe.scan import scan_duplicates
from curator.core.entities import add_entity_type, create_entity, entity_types
from curator.core.dedupe.pairs import count_open_pairs
from curator.core.library.settings import Settings, get_settings, update_settings
from curator.ui.assets import style_sheet
from curator.ui.dialogs.preferences_dialog import PreferencesDialog
from curator.ui.theme import Theme, apply_theme, is_dark, saved_theme
from tests.factories import add_article
from tests.core.test_settings import FULL, edited, index_sizes


@pytest.fixture
def open_dialog(qtbot, window, sync_tasks, library):
    """The dialog as the window opens it; ``applied`` collects what it reports."""
    def open_():
        dialog = PreferencesDialog(window, sync_tasks, library)
        dialog.reported = []
        dialog.applied.connect(dialog.reported.append)
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog

    return open_


@pytest.fixture
def app_theme(qapp):
    """Whatever a test does to the theme, the next test starts in the platform's light look."""
    yield qapp
    apply_theme(qapp, Theme.AUTOMATIC)


def phrases(dialog) -> list[str]:
    return [dialog.own_phrases.item(row).text() for row in range(dialog.own_phrases.count())]


def built_in(dialog, text):
    return dialog.built_in_phrases.findItems(text, Qt.MatchFlag.MatchExactly)[0]


def type_row(dialog, label) -> int:
    return next(index for index, row in enumerate(dialog.types_editor.rows()) if row.label == label)


def keys(library) -> dict:
    return {row["name"]: row["key"] for row in entity_types(library)}


def test_it_shows_the_library_settings(open_dialog, library):
    update_settings(library, duplicate_threshold=0.6, shingle_words=5, max_file_mb=10,
                    boilerplate_phrases=["Listen to this article"], disabled_boilerplate=["Read more"])
    dialog = open_dialog()
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == [
        "Duplicates", "Import", "Entity Types", "Entity Suggestions", "Appearance"]
    assert (dialog.threshold_box.value(), dialog.shingle_box.value(), dialog.max_file_box.value()) == (60, 5, 10)
    assert dialog.floor_box.value() == 50
    assert phrases(dialog) == ["Listen to this article"]
    assert built_in(dialog, "Read more").checkState() == Qt.CheckState.Unchecked
    assert built_in(dialog, "Advertisement").checkState() == Qt.CheckState.Checked
    assert dialog.findChild(QRadioButton, "themeAutomatic").isChecked()
    assert dialog.threshold_box.toolTip() and dialog.shingle_box.toolTip() and dialog.max_file_box.toolTip()


def test_ok_saves_only_what_changed_and_cancel_nothing(open_dialog, library):
    dialog = open_dialog()
    dialog.threshold_box.setValue(70)
    dialog.reject()
    assert get_settings(library) == Settings()

    dialog = open_dialog()
    dialog.threshold_box.setValue(70)
    dialog.max_file_box.setValue(20)
    dialog.accept()
    assert not dialog.isVisible()
    assert get_settings(library) == Settings(duplicate_threshold=0.7, max_file_mb=20)
    (entry,) = library.history(1)
    assert entry["summary"] == "Changed preferences: duplicate threshold 0.5 → 0.7; import size limit 50 → 20 MB"
    assert [changes.history_id for changes in dialog.reported] == [entry["id"]]


def test_a_number_typed_outside_its_range_is_said_and_keeps_the_dialog_open(qtbot, open_dialog, library):
    dialog = open_dialog()
    dialog.threshold_box.lineEdit().setText("30 %")  # typed; the box offers 40 % to 95 %
    dialog.accept()
    assert dialog.isVisible() and get_settings(library) == Settings()
    problem = dialog.findChild(QLabel, "preferencesProblem")
    assert problem.isVisibleTo(dialog) and problem.text().startswith("30 % is not one of the values offered: 40–95")
    dialog.threshold_box.lineEdit().setText("45 %")
    dialog.accept()
    assert not dialog.isVisible() and get_settings(library).duplicate_threshold == 0.45


def test_ok_saves_the_entity_suggestion_floor(open_dialog, library):
    dialog = open_dialog()
    dialog.floor_box.setValue(70)
    dialog.accept()
    assert get_settings(library).suggestion_floor == 0.7
    assert library.history(1)[0]["summary"] == "Changed preferences: suggestion confidence floor 0.5 → 0.7"


def test_a_raised_threshold_takes_weaker_pairs_out_of_the_queue(open_dialog, library):
    add_article(library, FULL), add_article(library, edited(9)), add_article(library, FULL.upper())
    scan_duplicates(library)
    assert count_open_pairs(library) == 3
    dialog = open_dialog()
    dialog.threshold_box.setValue(70)
    assert not dialog.findChild(QLabel, "rescanNote").isVisible()
    dialog.accept()
    assert count_open_pairs(library) == 1
    assert len(index_sizes(library)) == 3  # no rescan was needed


def test_a_lowered_threshold_compares_the_whole_library_again(open_dialog, library):
    story, copy = add_article(library, FULL), add_article(library, edited(7))  # scores 0.48
    scan_duplicates(library)
    dialog = open_dialog()
    dialog.threshold_box.setValue(45)
    note = dialog.findChild(QLabel, "rescanNote")
    assert note.isVisible() and "whole library again (2 articles)" in note.text()
    dialog.accept()
    assert count_open_pairs(library) == 1
    assert dialog.reported[-1].pairs == ((story, copy),)


def test_a_new_shingle_size_re_indexes_and_finds_what_it_now_matches(open_dialog, library):
    story, copy = add_article(library, FULL), add_article(library, edited(7))
    scan_duplicates(library)
    dialog = open_dialog()
    dialog.shingle_box.setValue(3)
    assert dialog.findChild(QLabel, "rescanNote").isVisible()
    dialog.accept()
    assert index_sizes(library) == [(story, 3), (copy, 3)]
    assert dialog.reported[-1].pairs == ((story, copy),)


def test_an_own_phrase_is_dropped_from_the_next_import_in_the_app(open_dialog, window, library, tmp_path):
    dialog = open_dialog()
    dialog.tabs.setCurrentIndex(1)
    dialog.new_phrase.setText("  Listen to   this article ")
    dialog.findChild(QPushButton, "addPhrase").click()
    dialog.new_phrase.setText("* * *")
    dialog.findChild(QPushButton, "addPhrase").click()
    problem = dialog.findChild(QLabel, "preferencesProblem")
    assert problem.isVisible() and "letter or digit" in problem.text()
    built_in(dialog, "Read more").setCheckState(Qt.CheckState.Unchecked)
    assert phrases(dialog) == ["Listen to this article"]
    dialog.accept()

    story = tmp_path / "story.txt"
    story.write_text("Headline\n\nFirst paragraph.\n\nListen to this article\n\nRead more\n\nLast paragraph.\n")
    window.import_paths([story], summarize_success=False)
    assert library.article(1)["body"] == "First paragraph.\n\nRead more\n\nLast paragraph."


def test_the_size_limit_applies_to_imports_in_the_app(open_dialog, window, library, tmp_path):
    dialog = open_dialog()
    dialog.max_file_box.setValue(1)
    dialog.accept()
    big = tmp_path / "big.txt"
    big.write_text("Headline\n\n" + "Words of a long story. " * 60_000)
    window.import_paths([big])
    box = [box for box in window.findChildren(QMessageBox, "importSummary") if box.isVisible()][-1]
    assert "over the 1 MB import limit" in box.detailedText()
    assert library.count_articles() == 0


def test_restore_defaults_resets_settings_and_theme_but_not_types(open_dialog, library):
    update_settings(library, duplicate_threshold=0.8, boilerplate_phrases=["Listen"])
    dialog = open_dialog()
    dialog.findChild(QRadioButton, "themeDark").setChecked(True)
    dialog.types_editor.label_edit(0).setText("Human")
    dialog.buttons.button(dialog.buttons.StandardButton.RestoreDefaults).click()
    assert dialog.chosen_settings() == Settings()
    assert dialog.chosen_theme() is Theme.AUTOMATIC
    assert dialog.types_editor.rows()[0].label == "Human"


# Entity types -----------------------------------------------------------------------

def test_types_are_recoloured_rekeyed_added_and_removed(qtbot, open_dialog, library):
    add_entity_type(library, "SHIP", "Ship", "#4a90a4", 5)
    dialog = open_dialog()
    editor = dialog.types_editor
    editor.colour_button(type_row(dialog, "Person")).click()
    chooser = editor.findChild(QColorDialog, "typeColourDialog")
    chooser.setCurrentColor(QColor("#123456"))
    chooser.accept()
    editor.key_box(type_row(dialog, "Person")).setCurrentIndex(2)  # key 2: Organisation takes 1
    assert editor.key_box(type_row(dialog, "Organisation")).currentText() == "1"
    editor.remove_button(type_row(dialog, "Ship")).click()
    editor.add_button.click()
    new_row = len(editor.rows()) - 1
    assert editor.key_box(new_row).currentText() == "5"  # the first key nobody has
    qtbot.keyClicks(editor.label_edit(new_row), "Vessel class")
    dialog.accept()

    types = {row["name"]: row for row in entity_types(library)}
    assert (types["PERSON"]["colour"], types["PERSON"]["key"], types["ORG"]["key"]) == ("#123456", 2, 1)
    assert "SHIP" not in types
    assert (types["VESSEL_CLASS"]["label"], types["VESSEL_CLASS"]["key"]) == ("Vessel class", 5)
    (entry,) = [entry for entry in library.history() if entry["op"] != "add_entity_type"]  # one step, one undo
    assert entry["op"] == "edit_entity_types" and dialog.reported[-1].history_id == entry["id"]


def test_a_type_in_use_cannot_be_removed(open_dialog, library):
    add_entity_type(library, "SHIP", "Ship", "#4a90a4")
    create_entity(library, "Queen Mary", "SHIP")
    dialog = open_dialog()
    remove = dialog.types_editor.remove_button(type_row(dialog, "Ship"))
    assert not remove.isEnabled() and "Used by 1 entities and 0 mentions" in remove.toolTip()
    assert not dialog.types_editor.remove_button(type_row(dialog, "Person")).isEnabled()


def test_a_removal_refused_meanwhile_is_explained_and_no_type_changes(open_dialog, window, library):
    add_entity_type(library, "SHIP", "Ship", "#4a90a4", 5)
    dialog = open_dialog()
    create_entity(library, "Queen Mary", "SHIP")  # tagged after the dialog looked
    dialog.threshold_box.setValue(70)
    dialog.types_editor.remove_button(type_row(dialog, "Ship")).click()
    dialog.types_editor.label_edit(type_row(dialog, "Event")).setText("Happening")
    dialog.accept()
    box = window.findChild(QMessageBox, "preferencesRefused")
    assert box.isVisible() and "Ship is still the type of 1 entity" in box.text()
    assert {row["label"] for row in entity_types(library)} >= {"Ship", "Event"}
    assert get_settings(library).duplicate_threshold == 0.7  # the settings still apply
    (entry,) = library.history(1)
    assert entry["op"] == "update_settings" and dialog.reported[-1].history_id == entry["id"]


def test_two_types_with_one_label_keep_the_dialog_open(open_dialog, library):
    dialog = open_dialog()
    dialog.types_editor.label_edit(type_row(dialog, "Place")).setText("Person")
    dialog.accept()
    assert dialog.isVisible() and dialog.tabs.currentWidget() is dialog.types_editor
    assert "Two entity types are labelled “Person”" in dialog.findChild(QLabel, "preferencesProblem").text()
    assert keys(library)["PLACE"] == 3 and library.history() == []


# Theme ----------------------------------------------------------------------------------

def test_the_theme_choice_is_kept_and_applied_at_once(open_dialog, app_theme):
    dialog = open_dialog()
    dialog.tabs.setCurrentIndex(4)
    dialog.findChild(QRadioButton, "themeDark").setChecked(True)
    dialog.accept()
    assert saved_theme() is Theme.DARK and is_dark(QApplication.palette())
    assert dialog.reported == []  # the library was not touched

    dialog = open_dialog()
    assert dialog.findChild(QRadioButton, "themeDark").isChecked()
    dialog.findChild(QRadioButton, "themeLight").setChecked(True)
    dialog.accept()
    assert saved_theme() is Theme.LIGHT and not is_dark(QApplication.palette())


def test_a_theme_chosen_with_the_window_open_reaches_every_part_of_it(open_dialog, app_theme, window, library):
    app_theme.setStyleSheet(style_sheet())  # as the app has it: widgets it polished keep their colours
    article = add_article(library, "Ships docked in the harbour at dawn.", title="Harbour", published="2022-11-14")
    window.library_view.refresh()
    assert window.library_view.show_article_row(article)
    light_meta = meta_colour(window)
    dialog = open_dialog()
    dialog.findChild(QRadioButton, "themeDark").setChecked(True)
    dialog.accept()
    base = window.library_view.table.palette().color(QPalette.ColorRole.Base)
    assert base.lightness() < 128
    # The article, drawn in the palette's colours, is drawn again in the dark one's.
    assert meta_colour(window) == QApplication.palette().color(QPalette.ColorRole.PlaceholderText) != light_meta
    app_theme.setStyleSheet("")


def meta_colour(window) -> QColor:
    """The colour of the reading pane's line under the title (its date)."""
    block = window.library_view.article_view.browser.document().firstBlock()
    while block.isValid():
        for part in block:
            if "2022" in part.fragment().text():
                return part.fragment().charFormat().foreground().color()
        block = block.next()
    raise AssertionError("no date shown")


def test_automatic_follows_the_system_when_it_changes(app_theme):
    hints = app_theme.styleHints()
    apply_theme(app_theme, Theme.AUTOMATIC)
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert is_dark(QApplication.palette())
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert not is_dark(QApplication.palette())

    apply_theme(app_theme, Theme.LIGHT)  # a chosen scheme stays whatever the system does
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert not is_dark(QApplication.palette())


def test_with_the_background_worker_the_rescan_reports_when_done(qtbot, window, threaded_tasks, library):
    story, copy = add_article(library, FULL), add_article(library, edited(7))
    dialog = PreferencesDialog(window, threaded_tasks, library)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.shingle_box.setValue(3)
    with qtbot.waitSignal(dialog.applied, timeout=10_000) as applied:
        dialog.accept()
    assert applied.args[0].pairs == ((story, copy),)
    assert index_sizes(library) == [(story, 3), (copy, 3)]
