"""Tagging entities in the real window: highlighting, number keys, propagation, removal, undo, the Entities panel."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextCursor, QTextDocumentFragment
from PySide6.QtWidgets import QApplication, QMessageBox

from curator.core.entities import article_mentions, tag_mention
from curator.core.library import quoted
from curator.ui.dialogs.entity_chooser import EntityChooser
from curator.ui.widgets.mentions import ACCEPTED_OPACITY, BodyMap, _blend, paragraph_spans, snap_span
from tests.factories import add_suggestion

PERSON_COLOUR = "#e07a5f"


def press(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier):
    """A key press where a user's would land: ``widget`` focused in the active window."""
    window = widget.window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.keyClick(QApplication.focusWidget() or widget, key, modifier)


def char_format(view, offset: int) -> QTextCharFormat:
    """The format of the body character at ``offset`` as the view renders it."""
    cursor = QTextCursor(view.browser.document())
    cursor.setPosition(view.body_map.to_document(offset) + 1)  # a cursor's format is the character before it
    return cursor.charFormat()


def lavrovs(library, article_id):
    return [(m["start"], m["end"]) for m in article_mentions(library, article_id)
            if m["text"] == "Lavrov" and m["status"] == "accepted"]


@pytest.fixture
def seeded(window):
    window.load_samples()
    window.library_view.select_row(0)
    view = window.library_view.article_view
    assert view.article_id == 1
    return window, view


def test_number_key_tags_propagate_remove_undo_and_the_entities_panel(qtbot, library, seeded, tmp_path):
    window, view = seeded
    body = library.article(1)["body"]
    start = body.index("Lavrov")
    # Part of the word selected: the tag snaps to the whole word.
    view.mentions.select_span(start + 1, start + 4)
    press(qtbot, view.browser, Qt.Key.Key_1)

    tagged = article_mentions(library, 1)
    assert [(m["start"], m["end"], m["type"], m["entity_name"], m["status"]) for m in tagged] == [
        (start, start + 6, "PERSON", "Lavrov", "accepted")]
    assert window.undo_action.text() == "Undo Tagging"
    # Shown again with the mention highlighted in the person colour, over the page colour.
    highlighted = char_format(view, start + 2)
    expected = _blend(QColor(PERSON_COLOUR), view.browser.palette().color(QPalette.ColorRole.Base), ACCEPTED_OPACITY)
    assert highlighted.background().style() != Qt.BrushStyle.NoBrush
    assert highlighted.background().color().name() == expected.name()
    assert char_format(view, start - 2).background().style() == Qt.BrushStyle.NoBrush
    assert view.entity_strip.entities.text() == "Entities: Lavrov (1)"
    legend = QTextDocumentFragment.fromHtml(view.entity_strip.legend.text()).toPlainText().replace("\xa0", " ")
    assert legend == "■ 1 Person  ·  ■ 2 Organisation  ·  ■ 3 Place  ·  ■ 4 Event"

    # Tag every other "Lavrov": a confirmation lists the counts per article first. The Tag menu offers it
    # for a tagged name selected, not for nothing.
    tag_menu = window.entities.menu
    view.mentions.select_span(start, start)  # no words: nothing to tag
    tag_menu.aboutToShow.emit()
    assert not any(entry.isEnabled() for entry in (*window.entities.type_actions, window.entities.tag_existing_action))
    view.mentions.select_span(start - 4, start - 2)
    tag_menu.aboutToShow.emit()
    assert all(entry.isEnabled() for entry in (*window.entities.type_actions, window.entities.tag_existing_action))
    assert not window.entities.propagate_action.isEnabled() and not window.entities.remove_mention_action.isEnabled()
    view.mentions.select_span(start, start + 6)
    tag_menu.aboutToShow.emit()
    assert window.entities.propagate_action.isEnabled() and not window.entities.accept_mention_action.isEnabled()
    assert "Lavrov — Person" in view.entity_strip.info.text()
    assert view.mentions.propagate_selected()
    box = window.findChild(QMessageBox, "confirmPropagation")
    # Not where "Lavrov" ends "Foreign Minister Sergei Lavrov": a tag there would cut the name.
    assert box.text() == "Tag 3 more “Lavrov” in 2 articles?"
    assert box.detailedText().splitlines() == [
        "2 in " + quoted(library.article(1)["title"]), "1 in " + quoted(library.article(2)["title"])]
    box.button(QMessageBox.StandardButton.Yes).click()
    assert len(lavrovs(library, 1)) == 3 and len(lavrovs(library, 2)) == 1
    assert not window.change_running
    assert window.statusBar().currentMessage() == "Tagged 3 more “Lavrov” — Ctrl+Z to undo"

    # Delete removes the selected mention; Undo brings it back.
    second = lavrovs(library, 1)[1]
    view.mentions.select_span(*second)
    press(qtbot, view.browser, Qt.Key.Key_Delete)
    assert second not in lavrovs(library, 1) and len(lavrovs(library, 1)) == 2
    assert char_format(view, second[0] + 1).background().style() == Qt.BrushStyle.NoBrush
    press(qtbot, view.browser, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert second in lavrovs(library, 1)
    assert char_format(view, second[0] + 1).background().style() != Qt.BrushStyle.NoBrush

    # The Entities panel lists the entity with its counts.
    (tmp_path / "other.txt").write_text("A council vote\n\nThe council voted on the harbour budget today.\n")
    window.import_paths([tmp_path / "other.txt"], summarize_success=False)
    assert window.library_view.article_count == 3
    window.entities.dock.show()
    browser = window.entities.browser
    assert browser.names() == ["Lavrov"]
    row = browser.model.rows[0]
    assert (row["type"], row["accepted"], row["pending"], row["articles"]) == ("PERSON", 4, 0, 2)

    # Activating it lists only the two articles that mention it, under a banner that clears the filter.
    browser.table.selectRow(0)
    press(qtbot, browser.table, Qt.Key.Key_Return)
    assert window.library_view.article_count == 2
    assert window.library_view.filter_banner.isVisible()
    assert window.library_view.filter_banner.label.text() == "Articles mentioning Lavrov"
    assert window.count_label.text() == "2 articles mentioning Lavrov"
    window.library_view.filter_banner.clear_button.click()
    assert window.library_view.article_count == 3 and not window.library_view.filter_banner.isVisible()


def test_pending_suggestions_are_underlined_and_enter_accepts_them(qtbot, library, seeded):
    window, view = seeded
    body = library.article(1)["body"]
    start = body.index("Pyongyang")
    add_suggestion(library, 1, start, start + 9, type="PLACE", label="Pyongyang", source="gazetteer")
    window.library_view.show_article(1)
    underlined = char_format(view, start + 3)
    assert underlined.underlineStyle() == QTextCharFormat.UnderlineStyle.DashUnderline
    assert underlined.underlineColor().name() == "#6aa84f"
    assert view.entity_strip.info.text() == ("1 suggestion to review (underlined): "
                                             "click one; Enter accepts, Delete rejects")

    view.mentions.select_span(start, start + 9)
    assert view.entity_strip.info.text().startswith("Suggested: Pyongyang — Place")
    press(qtbot, view.browser, Qt.Key.Key_Return)
    accepted = [m for m in article_mentions(library, 1) if m["text"] == "Pyongyang"]
    assert [(m["status"], m["entity_name"]) for m in accepted] == [("accepted", "Pyongyang")]
    assert char_format(view, start + 3).background().style() != Qt.BrushStyle.NoBrush


def test_clicking_a_mention_selects_it(qtbot, library, seeded):
    window, view = seeded
    body = library.article(1)["body"]
    start = body.index("Lavrov")
    tag_mention(library, 1, start, start + 6, type="PERSON")
    window.library_view.show_article(1)
    view.mentions.select_span(start + 3, start + 3)
    rect = view.browser.cursorRect()
    qtbot.mouseClick(view.browser.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.mentions.selected_span() == ("body", start, start + 6)
    assert view.entity_strip.info.text().startswith("Lavrov — Person")


def test_tag_as_existing_entity_offers_the_closest_first(qtbot, library, seeded):
    window, view = seeded
    body = library.article(1)["body"]
    full = body.index("Sergei Lavrov")
    tag_mention(library, 1, full, full + len("Sergei Lavrov"), type="PERSON")
    window.library_view.show_article(1)
    later = body.index("Lavrov", full + 20)
    view.mentions.select_span(later, later + 6)
    window.entities.tag_selection(None)
    dialog = window.findChild(EntityChooser)
    assert dialog.list.item(0).text().startswith("Sergei Lavrov")
    assert dialog.list.item(dialog.list.count() - 1).text() == "New entity…"
    dialog.accept()
    linked = [m for m in article_mentions(library, 1) if m["start"] == later]
    assert [m["entity_name"] for m in linked] == ["Sergei Lavrov"]
    assert view.entity_strip.entities.text() == "Entities: Sergei Lavrov (2)"


def test_context_menu_entries_follow_the_selection(qtbot, library, seeded):
    from PySide6.QtWidgets import QMenu

    window, view = seeded
    body = library.article(1)["body"]
    start = body.index("Washington")
    end = start + len("Washington")
    view.mentions.select_span(start, end)
    menu = QMenu()
    view.mentions.add_actions(menu)
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts == ["Tag as Person\t1", "Tag as Organisation\t2", "Tag as Place\t3", "Tag as Event\t4",
                     "Tag as Existing Entity…"]
    next(a for a in menu.actions() if a.text() == "Tag as Place\t3").trigger()
    assert [(m["type"], m["text"]) for m in article_mentions(library, 1)] == [("PLACE", "Washington")]
    view.mentions.select_span(start, end)
    menu = QMenu()
    view.mentions.add_actions(menu)
    assert [a.text() for a in menu.actions() if a.text()][:2] == ["Remove\tDelete",
                                                                   "Tag All Occurrences of “Washington”…"]


def test_entity_commands_rename_merge_delete_and_undo(qtbot, library, seeded):
    window, view = seeded
    body = library.article(1)["body"]
    for word in ("Lavrov", "Pyongyang"):
        at = body.index(word)
        tag_mention(library, 1, at, at + len(word), type="PERSON")
    window.entities.dock.show()
    browser = window.entities.browser
    ids = {row["name"]: row["id"] for row in browser.model.rows}
    browser.rename_requested.emit(ids["Lavrov"], "Sergei Lavrov")
    assert sorted(browser.names()) == ["Pyongyang", "Sergei Lavrov"]
    browser.merge_requested.emit(ids["Lavrov"], ids["Pyongyang"])
    assert browser.names() == ["Sergei Lavrov"] and browser.model.rows[0]["aliases"] == ["Pyongyang"]
    browser.delete_requested.emit(ids["Lavrov"])
    assert browser.names() == [] and browser.empty.isVisible()
    assert article_mentions(library, 1) == []
    window.undo()
    assert browser.names() == ["Sergei Lavrov"] and len(article_mentions(library, 1)) == 2


def test_a_refused_tag_explains_why(qtbot, library, seeded):
    window, view = seeded
    body = library.article(1)["body"]
    start = body.index("Sergei Lavrov")
    tag_mention(library, 1, start, start + 13, type="PERSON")
    window.library_view.show_article(1)
    view.mentions.select_span(start + 7, start + 13)  # "Lavrov", inside the tagged "Sergei Lavrov"
    window.entities.tag_span(1, start + 7, start + 13, "PERSON")
    box = window.findChild(QMessageBox, "refusal")
    assert box is not None and "overlaps" in box.text()
    assert not window.change_running


# The offset map and the snapping, without a window ----------------------------------

def test_paragraph_spans_match_the_body_offsets():
    body = "  First line\nsecond line\n\n\n  Third 😀 para \n \nLast"
    spans = paragraph_spans(body)
    assert [text for _, text in spans] == ["First line\u2028second line", "Third 😀 para", "Last"]
    for start, text in spans:
        assert body[start:start + len(text)] == text.replace("\u2028", "\n")


def test_body_map_converts_both_ways_across_astral_characters(qtbot):
    from PySide6.QtGui import QTextDocument

    body = "Title-free 😀 Lavrov\n\nMoscow 🙂 and Minsk"
    document = QTextDocument()
    cursor = QTextCursor(document)
    cursor.insertText("Header")
    body_map = BodyMap()
    for start, text in paragraph_spans(body):
        cursor.insertBlock()
        body_map.add(start, cursor.position(), text)
        cursor.insertText(text)
    for word in ("Lavrov", "Moscow", "Minsk"):
        start = body.index(word)
        selection = QTextCursor(document)
        selection.setPosition(body_map.to_document(start))
        selection.setPosition(body_map.to_document(start + len(word)), QTextCursor.MoveMode.KeepAnchor)
        assert selection.selectedText() == word
        assert body_map.to_body(selection.selectionStart()) == start
        assert body_map.to_body(selection.selectionEnd()) == start + len(word)
    assert body_map.to_body(2) is None  # in the header


@pytest.mark.parametrize(("selected", "expected"), [
    ("avro", "Lavrov"), (" Lavrov, ", "Lavrov"), ("“Moscow.”", "Moscow"), ("the U.S.", "the U.S."),
    ("Kim Jong-Un", "Kim Jong-Un"), ("  ", None),
])
def test_snap_span_takes_whole_words_without_the_spaces_and_punctuation(selected, expected):
    body = "He met Lavrov, in “Moscow.” with the U.S. envoy and Kim Jong-Un  today."
    start = body.index(selected)
    span = snap_span(body, start, start + len(selected))
    assert (body[span[0]:span[1]] if span else None) == expected


def test_the_tag_menu_tags_the_selection_and_the_reader_keeps_their_place(qtbot, library, seeded):
    window, view = seeded
    window.resize(900, 500)
    body = library.article(1)["body"]
    start = body.rindex("Washington")
    bar = view.browser.verticalScrollBar()
    bar.setValue(bar.maximum())
    view.mentions.select_span(start, start + len("Washington"))
    kept = bar.value()
    assert kept > 0
    place = next(a for a in window.entities.type_actions if a.text() == "Tag as Place\t3")
    place.trigger()
    assert [(m["start"], m["type"]) for m in article_mentions(library, 1)] == [(start, "PLACE")]
    assert bar.value() == kept
    view.browser.setTextCursor(QTextCursor(view.browser.document()))  # nothing selected
    place.trigger()
    assert "Select some words" in window.statusBar().currentMessage()
