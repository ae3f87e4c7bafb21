"""The real window follows each change: every view re-reads only what the change's ``Changes`` name."""

from PySide6.QtWidgets import QDialog, QMessageBox

from curator.core.entities import entity_summaries, tag_mention, update_entity_type
from curator.ui.dialogs.merge_dialog import MergeDialog
from curator.ui.models.article_table import SOURCES


def shown_draws(monkeypatch, window) -> list[int]:
    """The ids of the articles the reading pane draws from now on."""
    view = window.library_view.article_view
    drawn: list[int] = []
    draw = view.show_article

    def counted(article, search=""):
        drawn.append(article.id if article is not None else None)
        draw(article, search)

    monkeypatch.setattr(view, "show_article", counted)
    return drawn


def test_a_merge_refreshes_the_queue_the_library_rows_and_the_open_article_it_changed(qtbot, window):
    window.load_samples()
    window.library_view.select_row(0)
    article_view = window.library_view.article_view
    assert article_view.article_id == 1 and not article_view.provenance.isVisible()
    window.show_view(window.duplicates_view)
    assert window.duplicates_view.pair_count == 1

    dialog = window.merge_current()
    assert isinstance(dialog, MergeDialog)
    dialog.done(QDialog.DialogCode.Accepted)

    assert window.duplicates_view.pair_count == 0
    model = window.library_view.model
    assert window.library_view.article_count == 1
    assert model.data(model.index(0, SOURCES)) == "2"
    # The open article was the kept one: it is drawn again, now with its merge.
    assert article_view.article_id == 1
    assert "Merged from articles 1 and 2" in article_view.provenance.label.text()


def test_tagging_another_article_leaves_the_open_one_and_the_queue_alone(qtbot, monkeypatch, library, window):
    window.load_samples()
    window.library_view.select_row(1)
    assert window.library_view.article_view.article_id == 2
    drawn = shown_draws(monkeypatch, window)
    body = library.article(1)["body"]
    start = body.index("Lavrov")

    with qtbot.assertNotEmitted(window.duplicates_view.queue_changed):
        window.entities.tag_span(1, start, start + len("Lavrov"), "PERSON")

    assert window.undo_action.text() == "Undo Tagging"
    assert drawn == [] and window.library_view.article_view.article_id == 2


def test_renaming_an_entity_redraws_the_article_that_mentions_it_without_rereading_the_list(
        qtbot, monkeypatch, library, window):
    window.load_samples()
    body = library.article(1)["body"]
    start = body.index("Lavrov")
    tag_mention(library, 1, start, start + len("Lavrov"), type="PERSON")
    window.library_view.show_article(1)  # tagged behind the window's back: read again
    drawn = shown_draws(monkeypatch, window)
    [lavrov] = entity_summaries(library)

    with qtbot.assertNotEmitted(window.library_view.articles_changed):
        window.entities.browser.rename_requested.emit(lavrov["id"], "Sergei Lavrov")

    assert drawn == [1]
    assert "Sergei Lavrov (1)" in window.library_view.article_view.entity_strip.entities.text()


def test_redoing_an_entity_type_edit_reaches_the_tag_menu(qtbot, library, window):
    update_entity_type(library, "PERSON", label="People")
    window.undo()
    assert "Tag as Person\t1" in [action.text() for action in window.entities.menu.actions()]
    window.redo()
    assert "Tag as People\t1" in [action.text() for action in window.entities.menu.actions()]


def test_merging_all_exact_copies_says_so_and_refreshes_the_queue(qtbot, window, tmp_path):
    for name in "abc":
        (tmp_path / f"{name}.txt").write_text(f"Headline {name}\n\n" + "Identical wire copy about the flood. " * 15)
    window.import_paths([tmp_path / f"{name}.txt" for name in "abc"], summarize_success=False)
    assert window.duplicates_view.pair_count == 3
    window.merge_all_exact()
    window.findChild(QMessageBox, "confirmBulkMerge").button(QMessageBox.StandardButton.Yes).click()
    assert window.duplicates_view.pair_count == 0 and window.library_view.article_count == 1
    assert window.statusBar().currentMessage() == "Merged 1 group of exact copies (done) — Ctrl+Z to undo"


def test_the_mention_controller_owns_its_request_signals(qtbot, library, window):
    window.load_samples()
    window.library_view.select_row(0)
    controller = window.library_view.article_view.mentions
    start = library.article(1)["body"].index("Lavrov")
    controller.select_span(start, start + len("Lavrov"))
    with qtbot.waitSignal(controller.tag_requested) as request:
        assert controller.tag_selection("PERSON")
    assert request.args == [1, start, start + len("Lavrov"), "PERSON", "body"]
