"""The merge dialog on real articles: its defaults, each choice, the live preview and the keyboard."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QLabel, QPushButton, QRadioButton, QTextBrowser

from curator.core.dedupe.scan import scan_duplicates
from curator.core.ingest.importing import import_paths
from curator.core.curation.merge import BodyStrategy, suggest_plan
from curator.core.text import split_paragraphs
from curator.core.ingest.samples import sample_paths
from curator.ui.dialogs.merge_dialog import MergeDialog
from curator.ui.tints import LIGHT

# A wire story three outlets ran: B adds a paragraph, C opens with a dateline only it has.
SHARED = "The harbour authority approved the new ferry terminal on Monday after a long public debate about costs. " * 3
CLUSTER = {
    "a.txt": f"Harbour approves ferry terminal\n\n{SHARED}\n\nCouncillors will vote on the budget next month.",
    "b.txt": f"Ferry terminal gets green light\n\n{SHARED}\n\nConstruction could start in spring, the authority "
             "said.\n\nCouncillors will vote on the budget next month.",
    "c.txt": f"Terminal approved\n\nOSLO: {SHARED}",
}


@pytest.fixture
def seeds(library):
    import_paths(library, sample_paths())
    scan_duplicates(library)
    return library


@pytest.fixture
def cluster(library, tmp_path):
    for name, text in CLUSTER.items():
        (tmp_path / name).write_text(text)
    import_paths(library, [tmp_path / name for name in CLUSTER])
    return library


@pytest.fixture
def open_dialog(qtbot):
    def open_(suggestion):
        dialog = MergeDialog(suggestion)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return open_


def preview_text(dialog) -> str:
    return dialog.findChild(QTextBrowser, "mergePreview").toPlainText()


def test_the_defaults_are_the_suggestion_and_enter_merges_with_them(qtbot, seeds, open_dialog):
    suggestion = suggest_plan(seeds, [1, 2])
    dialog = open_dialog(suggestion)
    assert dialog.windowTitle() == "Merge Articles"
    assert dialog.findChild(QRadioButton, "keepButton1").isChecked()
    date_choice = dialog.findChild(QComboBox, "publishedChoice")
    assert date_choice.isVisible() and date_choice.currentText() == "B · 2017-11-30"
    assert any(label.text() == suggestion.why and label.isVisible() for label in dialog.findChildren(QLabel))
    text = preview_text(dialog)
    assert "2017-11-30" in text
    assert split_paragraphs(suggestion.articles[1]["body"])[0] in text
    assert "COMMERCIAL BREAK" not in text
    assert dialog.focusWidget() is dialog.findChild(QPushButton, "mergeButton")

    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.plan() == suggestion.plan


def test_enter_merges_with_the_choices_made_wherever_the_focus_went(qtbot, seeds, open_dialog):
    dialog = open_dialog(suggest_plan(seeds, [1, 2]))
    other = dialog.findChild(QRadioButton, "keepButton2")
    qtbot.mouseClick(other, Qt.MouseButton.LeftButton, pos=other.rect().center())
    cancel = next(button for button in dialog.findChildren(QPushButton) if button.text() == "Cancel")
    cancel.setFocus()  # where some window systems put the focus after a click on a choice
    qtbot.keyClick(cancel, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.plan().keep == 2


def test_adding_the_paragraphs_only_the_other_has_shows_them_in_the_preview(cluster, open_dialog):
    only_b = "Construction could start in spring, the authority said."
    dialog = open_dialog(suggest_plan(cluster, [1, 2], keep=1))
    assert only_b not in preview_text(dialog)
    assert "Would add 1 paragraph from B" in dialog.findChild(QLabel, "combineNote").text()

    dialog.findChild(QCheckBox, "combineBox").click()
    assert dialog.plan().body is BodyStrategy.COMBINE
    text = preview_text(dialog)
    assert only_b in text and "from B" in text and text.count("Councillors will vote") == 1
    tinted = dialog.findChild(QTextBrowser, "mergePreview").document().rootFrame().childFrames()
    assert [frame.frameFormat().background().color().name() for frame in tinted] == [LIGHT.only_b]
    assert dialog.findChild(QLabel, "combineNote").text().startswith("Adds 1 paragraph from B")


def test_a_paragraph_the_text_tells_in_other_words_is_not_added_twice(seeds, open_dialog):
    # B's lead and its Lavrov quote are A's, rewritten ("Russia on Thursday (Nov 30) rejected a US call…").
    dialog = open_dialog(suggest_plan(seeds, [1, 2]))
    assert dialog.findChild(QLabel, "combineNote").text().startswith("Nothing to add")
    assert not dialog.findChild(QCheckBox, "combineBox").isEnabled()
    assert preview_text(dialog).count("rejected a US call to cut ties") == 2  # the title, and A's lead only


def test_keeping_the_other_article_takes_its_text_and_fields(seeds, open_dialog):
    dialog = open_dialog(suggest_plan(seeds, [1, 2]))
    dialog.findChild(QRadioButton, "keepButton2").click()
    plan = dialog.plan()
    assert (plan.keep, plan.others, plan.body_from) == (2, (1,), 2)
    assert plan.fields["title"] == plan.fields["dateline"] == 2
    assert dialog.findChild(QComboBox, "textFromChoice").currentText().startswith("B ·")
    assert preview_text(dialog).count("Russia on Thursday (Nov 30)") == 2  # the title, and the first paragraph


def test_a_member_of_a_larger_cluster_can_be_left_out_but_not_the_kept_one(qtbot, cluster, open_dialog):
    suggestion = suggest_plan(cluster, [1, 2, 3])
    assert suggestion.plan.keep == 2 and set(suggestion.plan.others) == {1, 3}
    assert suggestion.plan.fields["dateline"] == 3
    dialog = open_dialog(suggestion)
    merge_button = dialog.findChild(QPushButton, "mergeButton")

    untick = lambda article_id: qtbot.mouseClick(  # noqa: E731
        dialog.findChild(QCheckBox, f"includeBox{article_id}"), Qt.MouseButton.LeftButton)

    untick(3)
    plan = dialog.plan()
    assert plan.others == (1,)
    assert plan.fields["dateline"] == 2  # C had the only dateline: the kept article's (empty) one is used
    assert not dialog.findChild(QComboBox, "datelineChoice").isVisible()
    assert not dialog.findChild(QRadioButton, "keepButton3").isEnabled()

    kept_box = dialog.findChild(QCheckBox, "includeBox2")
    assert not kept_box.isEnabled()
    untick(2)
    assert kept_box.isChecked() and dialog.plan().keep == 2
    assert merge_button.isEnabled()

    untick(1)
    assert not merge_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted

    untick(3)  # ticks it again
    assert merge_button.isEnabled() and dialog.plan().others == (3,)
    assert dialog.plan().fields["dateline"] == 3


def test_escape_cancels(qtbot, seeds, open_dialog):
    dialog = open_dialog(suggest_plan(seeds, [1, 2]))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()
