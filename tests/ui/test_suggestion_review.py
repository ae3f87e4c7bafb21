"""The suggestion review queue in the real window: keys decide whole names, the queue moves on by itself,
progress counts, the type picker, undo; reached from the Tag menu and from a suggestion run's summary."""

from __future__ import annotations

import html

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from curator.core.entities import (
    article_mentions,
    count_suggestion_groups,
    suggest_mentions,
    suggestion_groups,
    tag_mention,
)
from curator.core.ingest import import_paths, sample_paths
from curator.ui.widgets.suggestion_review import SuggestionReview
from tests.ui.test_review import press


def statuses(library, name: str) -> set[tuple[str, str]]:
    """(status, type) of every mention proposing or tagged with ``name``."""
    return set(library.db.execute(
        "SELECT m.status, m.type FROM mentions m LEFT JOIN entities e ON e.id = m.entity_id "
        "WHERE coalesce(e.name, m.label, m.text) = ?", [name]).fetchall())


@pytest.fixture
def review(qtbot, library, window) -> SuggestionReview:
    window.load_samples()
    suggest_mentions(library, use_spacy=False)
    window.entities.review_action.trigger()
    dialog = window.findChild(SuggestionReview, "suggestionReview")
    qtbot.waitUntil(lambda: dialog.current is not None)
    return dialog


def key(qtbot, dialog, which, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(dialog, which, modifier)


def test_keys_accept_reject_skip_and_undo_whole_names_moving_on_by_themselves(qtbot, library, window, review):
    total = count_suggestion_groups(library)
    expected = [g["name"] for g in suggestion_groups(library, limit=100)]
    assert [g["name"] for g in review.groups] == expected
    assert review.progress.text() == f"1 of {total}"
    first, second, third = expected[:3]
    assert review.name.text() == first
    assert "mentions in 2 articles" in review.facts.text() and "confidence 0.90" in review.facts.text()
    assert "places" in review.facts.text() and "gazetteer" not in review.facts.text()  # where it was found, in words
    # The mentions in context, each one's text highlighted.
    shown = review.snippets.text()
    assert shown.count("<p") == len(review.groups[0]["snippets"]) == 2
    assert all(f">&nbsp;{snippet['text']}&nbsp;</b>" in shown for snippet in review.groups[0]["snippets"])
    # Each snippet says which article it is from by its title, not by an id the window shows nowhere else.
    assert all(f"— {html.escape(snippet['title'])}</span>" in shown for snippet in review.groups[0]["snippets"])
    assert "article 1:" not in shown

    key(qtbot, review, Qt.Key.Key_A)
    assert statuses(library, first) == {("accepted", "PLACE")}
    assert review.name.text() == second and review.progress.text() == f"2 of {total}"
    assert window.undo_action.text().startswith("Undo Accept")
    key(qtbot, review, Qt.Key.Key_X)
    assert statuses(library, second) == {("rejected", "PLACE")}
    key(qtbot, review, Qt.Key.Key_S)
    assert statuses(library, third) == {("pending", "PLACE")}
    assert review.name.text() == expected[3] and review.progress.text() == f"4 of {total}"

    key(qtbot, review, Qt.Key.Key_Backspace)  # the skip: back to the card, nothing to undo in the library
    assert review.name.text() == third and statuses(library, second) == {("rejected", "PLACE")}
    key(qtbot, review, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the rejection
    assert review.name.text() == second and statuses(library, second) == {("pending", "PLACE")}
    key(qtbot, review, Qt.Key.Key_R)
    assert statuses(library, second) == {("rejected", "PLACE")} and review.name.text() == third
    key(qtbot, review, Qt.Key.Key_Space)
    assert review.progress.text() == f"4 of {total}"
    assert not window.change_running


def test_the_type_picker_accepts_as_another_type_and_unknown_asks_for_one(qtbot, library, review):
    key(qtbot, review, Qt.Key.Key_T)
    assert review.picker.isVisible()
    organisation = next(i for i, t in enumerate(review._choices, 1) if t["name"] == "ORG")
    key(qtbot, review, getattr(Qt.Key, f"Key_{organisation}"))
    assert not review.picker.isVisible()
    assert statuses(library, review.groups[0]["name"]) == {("accepted", "ORG")}

    kremlin = next(i for i, g in enumerate(review.groups) if g["name"] == "Kremlin")
    while review.index < kremlin:
        key(qtbot, review, Qt.Key.Key_S)
    assert review.name.text() == "Kremlin" and "Unknown" in review.facts.text()
    key(qtbot, review, Qt.Key.Key_A)
    assert review.picker.isVisible() and "unknown type" in review.picker_label.text()
    assert statuses(library, "Kremlin") == {("pending", "UNKNOWN")}
    key(qtbot, review, Qt.Key.Key_Escape)
    assert not review.picker.isVisible() and review.isVisible()
    key(qtbot, review, Qt.Key.Key_A)
    qtbot.mouseClick(review.type_buttons[organisation - 1], Qt.MouseButton.LeftButton)
    assert statuses(library, "Kremlin") == {("accepted", "ORG")}


def test_the_end_of_the_queue_says_so(qtbot, library, review):
    for _ in range(review.total):
        key(qtbot, review, Qt.Key.Key_X)
    assert review.name.text() == "All suggestions reviewed"
    assert review.progress.text() == f"{review.total} of {review.total}"
    assert not library.db.execute("SELECT count(*) FROM mentions WHERE status = 'pending'").fetchone()[0]
    assert not review.accept_button.isEnabled()


def test_a_suggestion_run_offers_the_queue(qtbot, library, window):
    window.load_samples()
    window.entities.suggest_action.trigger()
    box = window.findChild(QMessageBox, "suggestRunSummary")
    assert box.isVisible() and box.text().startswith("Suggested 87 mentions")
    review_button = next(b for b in box.buttons() if b.text() == "Review Suggestions…")
    review_button.click()
    dialog = window.findChild(SuggestionReview, "suggestionReview")
    qtbot.waitUntil(lambda: dialog.current is not None)
    assert dialog.isVisible() and dialog.progress.text() == f"1 of {count_suggestion_groups(library)}"
    # The run is one step in the Edit menu: undoing it empties the queue's source.
    dialog.close()
    window.undo()
    assert not library.db.execute("SELECT count(*) FROM mentions").fetchone()[0]


def test_linking_two_versions_in_the_queue_proposes_what_one_tagged_in_the_other(qtbot, library, window):
    window.load_samples()
    body = library.article(1)["body"]
    start = body.index("Sergei Lavrov")
    tag_mention(library, 1, start, start + len("Sergei Lavrov"), type="PERSON")
    window.duplicates_view.refresh()
    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, window, Qt.Key.Key_L)
    proposed = [m for m in article_mentions(library, 2) if m["source"] == "linked"]
    assert [(m["text"], m["entity_name"], m["status"]) for m in proposed] == [
        ("Sergei Lavrov", "Sergei Lavrov", "pending")] * len(proposed) and proposed
    # The reading pane says where the suggestion came from.
    listed = window.library_view.model
    window.library_view.select_row(next(row for row in range(listed.rowCount()) if listed.article_id(row) == 2))
    view = window.library_view.article_view
    view.mentions.select_span(proposed[0]["start"], proposed[0]["end"])
    assert "tagged in another version of this story" in view.entity_strip.info.text()
    # It is the first card of the queue; accepting it tags the version, and undoing the link removes it.
    window.entities.review_action.trigger()
    review = window.findChild(SuggestionReview, "suggestionReview")
    qtbot.waitUntil(lambda: review.current is not None)
    assert review.name.text() == "Sergei Lavrov" and "from linked versions" in review.facts.text()
    review.close()
    window.undo()
    assert not [m for m in article_mentions(library, 2) if m["source"] == "linked"]


def test_the_queue_reads_and_decides_on_the_worker_thread(qtbot, library, make_window, threaded_tasks):
    import_paths(library, sample_paths())
    suggest_mentions(library, use_spacy=False)
    window = make_window(threaded_tasks)
    review = window.entities.review_suggestions()
    qtbot.waitUntil(lambda: review.current is not None, timeout=10000)
    total = review.total
    name = review.name.text()
    key(qtbot, review, Qt.Key.Key_X)
    key(qtbot, review, Qt.Key.Key_S)  # pressed while the rejection may still be saving: ignored, or a skip
    qtbot.waitUntil(lambda: not review.busy and not window.change_running, timeout=10000)
    assert statuses(library, name) == {("rejected", review.groups[0]["type"])}
    assert review.progress.text() in (f"2 of {total}", f"3 of {total}")
    key(qtbot, review, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: not review.busy and not window.change_running, timeout=10000)
    if review.index == 1:  # the skip was taken back; now the rejection
        key(qtbot, review, Qt.Key.Key_Backspace)
        qtbot.waitUntil(lambda: not review.busy and not window.change_running, timeout=10000)
    assert review.index == 0 and statuses(library, name) == {("pending", review.groups[0]["type"])}
