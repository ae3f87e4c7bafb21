"""The shipped samples in the real window: suggest, accept from the Entities panel, merge, undo."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from curator.core.entities import article_mentions
from curator.ui.dialogs.merge_dialog import MergeDialog
from tests.ui.test_review import press

EXPECTED = ["Sergei Lavrov", "Kim Jong-Un", "Donald Trump", "Nikki Haley", "Vladimir Putin", "Moscow", "Minsk",
            "Pyongyang", "North Korea", "United States", "China"]


def panel_button(browser, text: str) -> QPushButton:
    return next(button for button in browser.findChildren(QPushButton) if button.text() == text)


def accept_row(qtbot, browser, name: str) -> None:
    """Select a suggested name in the Entities panel and click Accept Suggestions."""
    row = next(i for i, r in enumerate(browser.model.rows) if r["name"] == name)
    browser.table.selectRow(row)
    qtbot.mouseClick(panel_button(browser, "Accept Suggestions"), Qt.MouseButton.LeftButton)


def all_mentions(library) -> list[dict]:
    return list(library.db.query("SELECT * FROM mentions ORDER BY id"))


def test_suggest_accept_merge_and_undo_on_the_samples(qtbot, library, window):
    window.load_samples()
    window.entities.suggest_action.trigger()
    browser = window.entities.browser
    assert window.entities.dock.isVisible()
    suggested = {row["name"] for row in browser.model.rows if row.get("suggested")}
    assert set(EXPECTED) <= suggested
    # Both spellings of Kim's name are one suggestion.
    assert [name for name in suggested if name.casefold() == "kim jong-un"] == ["Kim Jong-Un"]

    for name in EXPECTED:
        accept_row(qtbot, browser, name)
    entities = {row["name"]: row for row in browser.model.rows if not row.get("suggested")}
    assert set(EXPECTED) <= set(entities)
    kim = [m for article_id in (1, 2) for m in article_mentions(library, article_id)
           if m["entity_name"] == "Kim Jong-Un"]
    assert {m["text"] for m in kim} >= {"Kim Jong-Un", "Kim Jong-un"} and len({m["entity_id"] for m in kim}) == 1
    assert entities["Moscow"]["accepted"] == 2 and entities["Moscow"]["articles"] == 2  # both datelines
    assert entities["Sergei Lavrov"]["articles"] == 2

    # The article view draws the dateline's mention in the header, in the Place colour.
    listed = window.library_view.model
    window.library_view.select_row(next(row for row in range(listed.rowCount()) if listed.article_id(row) == 2))
    view = window.library_view.article_view
    start, text = view.dateline_at
    assert text == "MOSCOW" and view.browser.document().toPlainText()[start:start + 6] == "MOSCOW"

    before = all_mentions(library)
    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, window, Qt.Key.Key_M)
    dialog = window.findChild(MergeDialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    merged = library.article(1)
    assert library.article(2)["status"] == "merged"
    kept = article_mentions(library, 1)
    texts = {"body": merged["body"], "dateline": merged["dateline"]}
    assert kept and all(texts[m["field"]][m["start"]:m["end"]] == m["text"] for m in kept)
    # Lavrov's mentions in the text the merge kept all came along.
    assert sum(m["entity_name"] == "Sergei Lavrov" for m in kept) == merged["body"].count("Lavrov")

    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert library.article(2)["status"] == "active"
    assert all_mentions(library) == before


def test_a_dateline_suggestion_is_accepted_and_a_dateline_tagged_from_the_header(qtbot, library, window):
    window.load_samples()
    window.entities.suggest_action.trigger()
    window.library_view.select_row(0)
    view = window.library_view.article_view
    article_id = view.article_id
    controller = view.mentions
    controller.select_span(0, 6, "dateline")
    assert [(m["field"], m["text"], m["status"]) for m in controller.selected_mentions()] == [
        ("dateline", library.article(article_id)["dateline"], "pending")]
    qtbot.keyClick(view.browser, Qt.Key.Key_Return)
    dateline = [m for m in article_mentions(library, article_id) if m["field"] == "dateline"]
    assert [(m["status"], m["entity_name"]) for m in dateline] == [("accepted", "Moscow")]

    # Removed, then tagged again by hand: selecting the dateline in the header and pressing 3 (Place).
    controller.select_span(0, 6, "dateline")
    qtbot.keyClick(view.browser, Qt.Key.Key_Delete)
    assert [m for m in article_mentions(library, article_id) if m["field"] == "dateline"] == []
    controller.select_span(0, 6, "dateline")
    qtbot.keyClick(view.browser, Qt.Key.Key_3)
    dateline = [m for m in article_mentions(library, article_id) if m["field"] == "dateline"]
    assert [(m["origin"], m["entity_name"]) for m in dateline] == [("manual", "Moscow")]


def test_change_type_from_the_panel_retypes_the_entity(qtbot, library, window, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    window.load_samples()
    window.entities.suggest_action.trigger()
    browser = window.entities.browser
    accept_row(qtbot, browser, "Kremlin")  # nothing in the samples says what it is: its type is unknown
    row = next(i for i, r in enumerate(browser.model.rows) if r["name"] == "Kremlin" and not r.get("suggested"))
    browser.table.selectRow(row)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *args: ("Organisation", True))
    browser.type_action.trigger()
    assert {r["type"] for r in browser.model.rows if r["name"] == "Kremlin"} == {"ORG"}
    window.undo()
    assert {r["type"] for r in browser.model.rows if r["name"] == "Kremlin"} == {"UNKNOWN"}


def test_the_panel_reads_on_the_worker_and_ignores_an_outdated_read(qtbot, library, make_window, threaded_tasks):
    from curator.core.ingest.importing import import_paths
    from curator.core.ingest.samples import sample_paths
    from curator.core.entities.suggest import suggest_mentions

    import_paths(library, sample_paths())
    suggest_mentions(library)
    window = make_window(threaded_tasks)
    browser = window.entities.browser
    window.entities.dock.show()
    browser.search_box.setText("Kor")
    qtbot.waitUntil(lambda: bool(browser.model.rows) and all("Kor" in row["name"] for row in browser.model.rows))
    assert {row["name"] for row in browser.model.rows} == {"North Korea", "South Korea"}
    # Rows of a read that a later one has overtaken (the search changed meanwhile) are dropped.
    browser._show_rows(browser._reads - 1, [], [])
    assert {row["name"] for row in browser.model.rows} == {"North Korea", "South Korea"}


def test_merge_into_offers_the_other_spelling_first_and_merges(qtbot, library, window, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from curator.core.entities import create_entity

    window.load_samples()
    create_entity(library, "Kim Jong-Un", "PERSON")
    create_entity(library, "Kim Jong Un", "PERSON")
    create_entity(library, "Minsk", "PLACE")
    browser = window.entities.browser
    window.entities.dock.show()
    browser.refresh()
    browser.table.selectRow(next(i for i, r in enumerate(browser.model.rows) if r["name"] == "Kim Jong Un"))
    offered = []
    monkeypatch.setattr(QInputDialog, "getItem", lambda parent, title, text, labels, *rest: (
        offered.extend(labels) or labels[0], True))
    browser.merge_action.trigger()
    assert offered == ["Kim Jong-Un (Person)", "Minsk (Place)"]
    names = [r["name"] for r in browser.model.rows if not r.get("suggested")]
    assert "Kim Jong Un" not in names and "Kim Jong-Un" in names
