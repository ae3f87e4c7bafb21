"""Stories in the window: a rewrite in the queue, linked with L, listed in the Stories panel, opened from it."""

from PySide6.QtCore import Qt

from curator.core.dedupe import scan_duplicates
from curator.core.library import PairStatus
from curator.core.stories import scan_stories
from tests.core.test_stories import HYWIND, HYWIND_REWRITE, add
from tests.ui.test_review import press


def test_a_rewrite_is_linked_from_the_queue_and_opened_from_the_stories_panel(qtbot, library, make_window,
                                                                               sync_tasks):
    _hywind, _rewrite = add(library, HYWIND), add(library, HYWIND_REWRITE)
    scan_duplicates(library)
    scan_stories(library)
    window = make_window(sync_tasks)
    window.duplicates_view.refresh()
    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.showing_duplicates
    pair = window.duplicates_view.current_pair()
    assert pair["kind"] == "related" and window.not_duplicate_action.text() == "Different Stories"
    press(qtbot, window, Qt.Key.Key_L)
    assert library.db.execute("SELECT status FROM pairs").fetchone()[0] == PairStatus.LINKED
    assert window.duplicates_view.pair_count == 0

    window.stories_dock.toggleViewAction().trigger()
    tree = window.stories_panel.tree
    assert window.stories_panel.story_count == 1 and not window.stories_panel.note.isVisible()
    story = tree.topLevelItem(0)
    assert story.text(0).startswith(HYWIND[0]) and "2 versions" in story.text(0)
    assert [story.child(i).text(1) for i in range(story.childCount())] == ["2022-11-14", "2022-11-15"]
    tree.itemActivated.emit(story.child(1), 0)
    assert not window.showing_duplicates
    assert window.library_view.article_view.title_text() == HYWIND_REWRITE[0]

    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the link
    assert window.stories_panel.story_count == 0 and window.stories_panel.note.isVisibleTo(window.stories_panel)
