"""Stories in the window: a rewrite linked from the queue, the Stories page, its versions, split and rename."""

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QInputDialog

from curator.core.dedupe import scan_duplicates
from curator.core.library import PairStatus
from curator.core.stories import link_versions, list_stories, scan_stories
from curator.ui.widgets import stories_view
from tests.core.test_stories import ELECTION, HYWIND, HYWIND_REWRITE, add
from tests.core.test_story_catalog import CHILE_REWRITE, HYWIND_LATER
from tests.factories import add_article
from tests.ui.test_review import press


def test_a_rewrite_is_linked_from_the_queue_and_shown_on_the_stories_page(qtbot, library, make_window, sync_tasks):
    add_article(library, HYWIND[1], title=HYWIND[0], published=HYWIND[2], outlet="Reuters")
    add_article(library, HYWIND_REWRITE[1], title=HYWIND_REWRITE[0], published=HYWIND_REWRITE[2],
                outlet="Offshore Energy")
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

    press(qtbot, window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    view = window.stories_view
    assert window._pages.currentWidget() is view and view.story_count == 1 and not view.note.isVisible()
    assert view.story_table.item(0, 0).text() == HYWIND[0] and view.story_table.item(0, 1).text() == "2"
    assert view.story_table.item(0, 2).text() == "2" and "Reuters, Offshore Energy" in view.story_table.item(0, 2).toolTip()
    assert view.heading.text() == HYWIND[0]
    versions = view.version_table
    assert [versions.item(row, 0).text() for row in range(versions.rowCount())] == ["2022-11-14", "2022-11-15"]
    assert [versions.item(row, 2).text() for row in range(2)] == [HYWIND[0], HYWIND_REWRITE[0]]
    assert versions.item(0, 3).text() == "earliest version"
    assert versions.item(1, 3).text().startswith("+") and "new headline" in versions.item(1, 3).text()
    view.select_versions([1])
    assert view.comparison.showing_comparison  # the rewrite beside the earliest version
    assert "Linked as versions of one story" in view.comparison.header.text()
    assert view.comparison.heading_a.full_text() == "A · earliest · Reuters"
    assert view.comparison.heading_b.full_text() == "B · Offshore Energy"
    window.library_view.select_row(0)  # another article's row, which actions on the selection would take
    view.open_button.click()
    assert window.library_view.article_view.title_text() == HYWIND_REWRITE[0]
    assert window.library_view.selected_article_ids() == [view.page.story.article_ids[1]]  # its own row

    press(qtbot, window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the link
    assert view.story_count == 0 and view.note.isVisibleTo(view) and view.heading.text() == "No story selected"


def two_stories(library) -> list[int]:
    """Three versions of the Hywind story and two of the Chile one, each story linked; the five articles' ids."""
    ids = [add(library, story) for story in (HYWIND, HYWIND_REWRITE, HYWIND_LATER, ELECTION, CHILE_REWRITE)]
    scan_stories(library)
    link_versions(library, ids[0], ids[1])
    link_versions(library, ids[1], ids[2])
    link_versions(library, ids[3], ids[4])
    return ids


def test_the_story_page_names_the_earliest_side_whichever_it_is(qtbot, library, make_window, sync_tasks):
    # The rewrite was imported first: A, the lower id, is the later version.
    rewrite = add_article(library, HYWIND_REWRITE[1], title=HYWIND_REWRITE[0], published=HYWIND_REWRITE[2],
                          outlet="Offshore Energy")
    earliest = add_article(library, HYWIND[1], title=HYWIND[0], published=HYWIND[2], outlet="Reuters")
    scan_duplicates(library)
    scan_stories(library)
    link_versions(library, rewrite, earliest)
    window = make_window(sync_tasks)
    press(qtbot, window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    view = window.stories_view
    view.select_versions([1])
    assert view.comparison.heading_a.full_text() == "A · Offshore Energy"
    assert view.comparison.heading_b.full_text() == "B · earliest · Reuters"


def test_a_story_is_renamed_split_and_moved_from_its_page(qtbot, library, make_window, sync_tasks, monkeypatch):
    ids = two_stories(library)
    window = make_window(sync_tasks)
    window.show_view(window.stories_view)
    view = window.stories_view
    assert view.story_count == 2 and view.page.story.article_ids == tuple(ids[:3])  # the largest first

    monkeypatch.setattr(stories_view, "ask_for_name", lambda *args: "Hywind Tampen")
    view.rename_button.click()
    assert view.heading.text() == "Hywind Tampen" and view.story_table.item(0, 0).text() == "Hywind Tampen"
    said = window.statusBar().currentMessage()  # what was done, in the journal's words, and how to undo it
    assert "Hywind Tampen" in said and said.endswith("Ctrl+Z to undo")

    view.select_versions([1, 2])
    assert view.split_button.isEnabled()
    view.select_versions([2])  # one version is taken out, not split off into a story of one
    assert not view.split_button.isEnabled() and view.remove_button.isEnabled() and view.move_button.isEnabled()
    view.remove_button.click()
    assert [story.article_ids for story in list_stories(library)] == [tuple(ids[:2]), tuple(ids[3:])]
    assert window.statusBar().currentMessage().startswith("Took “")  # out of a story, not "moved to no story"
    assert " out of story “Hywind Tampen” — " in window.statusBar().currentMessage()
    assert view.page.story.title == "Hywind Tampen" and len(view.page.changes) == 2

    view.select_versions([1])
    offered = []

    def choose_the_first(_parent, _title, _label, names, *args):
        offered.extend(names)
        return names[0], True

    monkeypatch.setattr(QInputDialog, "getItem", choose_the_first)
    view.move_button.click()
    # Each story is offered by its name, versions and dates: no id, which the window shows nowhere.
    assert len(offered) == 1 and "#" not in offered[0] and "  (2 versions, " in offered[0]  # the rewrite moves to the Chile story; the Hywind story, down to one, goes
    assert [story.article_ids for story in list_stories(library)] == [(ids[3], ids[4], ids[1])]
    assert view.story_count == 1
    # The page follows each undo: the move, the removal, the name.
    window.undo()
    listed = [view.story_table.item(row, 0).text() for row in range(view.story_table.rowCount())]
    assert view.story_count == 2 and "Hywind Tampen" in listed
    window.undo()
    assert [view.story_table.item(row, 1).text() for row in range(view.story_table.rowCount())] == ["3", "2"]
    window.undo()
    assert list_stories(library)[0].title == HYWIND[0]  # the name is undone too
    assert view.story_table.item(0, 0).text() == HYWIND[0]


def test_after_a_split_takes_its_story_apart_the_page_shows_where_the_versions_went_with_none_chosen(
        qtbot, library, make_window, sync_tasks):
    ids = two_stories(library)
    window = make_window(sync_tasks)
    window.show_view(window.stories_view)
    view = window.stories_view
    assert view.page.story.article_ids == tuple(ids[:3])
    view.select_versions([1, 2])
    view.split_button.click()  # the Hywind story, down to one version, goes
    assert set(view.page.story.article_ids) == {ids[1], ids[2]}  # not the Chile story, rows 1 and 2 still chosen
    assert view.selected_versions() == []
    assert not (view.remove_button.isEnabled() or view.split_button.isEnabled() or view.move_button.isEnabled())


def test_a_reopened_library_shows_the_story_it_was_left_at(qtbot, library, make_window, sync_tasks):
    ids = two_stories(library)
    window = make_window(sync_tasks)
    window.show_view(window.stories_view)
    window.stories_view.story_table.setCurrentCell(1, 0)  # the smaller story, listed second
    assert window.stories_view.page.story.article_ids == (ids[3], ids[4])
    window.stories_view.select_versions([1])
    window.close()
    reopened = make_window(sync_tasks)
    assert reopened.chosen_page is reopened.stories_view
    assert reopened.stories_view.page.story.article_ids == (ids[3], ids[4])
    assert reopened.stories_view.selected_versions() == [ids[4]]  # and the version chosen on it
    assert reopened.stories_view.comparison.showing_comparison


def test_a_renamed_story_keeps_the_version_chosen_on_it(qtbot, library, make_window, sync_tasks, monkeypatch):
    ids = two_stories(library)
    window = make_window(sync_tasks)
    window.show_view(window.stories_view)
    view = window.stories_view
    view.select_versions([2])
    monkeypatch.setattr(stories_view, "ask_for_name", lambda *args: "Hywind Tampen")
    view.rename_button.click()
    assert view.heading.text() == "Hywind Tampen" and view.selected_versions() == [ids[2]]


def test_two_stories_offered_alike_are_told_apart_by_a_number():
    from curator.ui.widgets.stories_view import _distinct

    assert _distinct(["Floods (2 versions, undated)", "Floods (2 versions, undated)", "Vote"]) == [
        "Floods (2 versions, undated)", "Floods (2 versions, undated) · 2", "Vote"]


def test_articles_are_added_to_a_story_from_the_article_list(qtbot, library, make_window, sync_tasks, monkeypatch):
    ids = [add(library, story) for story in (HYWIND, HYWIND_REWRITE, HYWIND_LATER, ELECTION, CHILE_REWRITE)]
    scan_stories(library)
    link_versions(library, ids[0], ids[1])
    link_versions(library, ids[3], ids[4])
    window = make_window(sync_tasks)
    menus = window.context_menus
    assert "Add to Story…" in [action.text() for action in menus.library_menu.actions()]
    window.library_view.select_row(window.library_view.model.row_of(ids[2]))
    assert window.library_view.selected_article_ids() == [ids[2]] and menus.add_to_story_action.isEnabled()
    offered = []

    def choose_the_first(_parent, _title, label, names, *args):
        offered.extend(names)
        offered.append(label)
        return names[0], True

    monkeypatch.setattr(QInputDialog, "getItem", choose_the_first)
    menus.add_to_story_action.trigger()
    assert offered[0].startswith(HYWIND[0][:20]) and offered[-1] == "Add the article to the story:"
    assert [story.article_ids for story in list_stories(library)][0] == tuple(ids[:3])
    said = window.statusBar().currentMessage()
    assert said.startswith("Added “") and said.endswith("Ctrl+Z to undo")  # from no story: added, not moved
    window.undo()
    assert [story.article_ids for story in list_stories(library)] == [tuple(ids[:2]), tuple(ids[3:])]


def test_renaming_a_story_starts_from_the_name_it_goes_by(qtbot, library, make_window, sync_tasks, monkeypatch):
    two_stories(library)
    window = make_window(sync_tasks)
    window.show_view(window.stories_view)
    offered = []
    monkeypatch.setattr(stories_view, "ask_for_name", lambda _parent, _title, _label, name: (offered.append(name), name)[1])
    window.stories_view.rename_button.click()
    assert offered == [HYWIND[0]]
    assert not list_stories(library)[0].named  # its headline, kept as it was, leaves it unnamed


def test_a_version_put_in_a_story_by_hand_is_called_one_on_its_page(qtbot, library, make_window, sync_tasks):
    from curator.core.stories import move_versions
    from tests.core.test_stories import MARKETS

    ids = two_stories(library)
    by_hand = add(library, MARKETS)  # no scan ever suggested it beside the Hywind story
    move_versions(library, [by_hand], list_stories(library)[0].id)
    window = make_window(sync_tasks)
    window.show_view(window.stories_view)
    view = window.stories_view
    view.select_versions([[change.version.id for change in view.page.changes].index(by_hand)])
    header = view.comparison.header.text()
    assert "Version of this story" in header and "by hand" in header and "Compared on request" not in header
    assert view.page.story.article_ids[0] == ids[0]


def test_in_a_narrow_story_page_the_outlets_stay_longest(qtbot, library, make_window, sync_tasks):
    from curator.core.curation import edit_article

    edit_article(library, two_stories(library)[0], outlet="Reuters")
    window = make_window(sync_tasks)
    window.resize(760, 560)
    window.show_view(window.stories_view)
    header = window.stories_view.version_table.horizontalHeader()
    outlet, against = 1, 3  # VERSION_COLUMNS: Date, Outlet, Headline, Against the earliest
    qtbot.waitUntil(lambda: header.isSectionHidden(against))
    assert not header.isSectionHidden(outlet)


def test_a_name_is_asked_for_in_a_field_wide_enough_for_a_headline(qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from curator.ui.dialogs.name_prompt import ask_for_name

    parent = QWidget()
    qtbot.addWidget(parent)
    seen = {}

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        seen["width"] = dialog.width()
        dialog.setTextValue("Hywind Tampen opens")
        dialog.accept()

    QTimer.singleShot(0, answer)
    assert ask_for_name(parent, "Rename Story", "Name:", "Equinor starts up Hywind Tampen") == "Hywind Tampen opens"
    assert seen["width"] >= 400


def test_two_articles_chosen_in_the_list_are_made_a_story_of_their_own(qtbot, library, make_window, sync_tasks,
                                                                         monkeypatch):
    first, second = add(library, HYWIND), add(library, HYWIND_LATER)  # no scan has compared them
    window = make_window(sync_tasks)
    view = window.library_view
    view.select_row(view.model.row_of(first))
    view.table.selectionModel().select(view.model.index(view.model.row_of(second), 0),
                                       QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    assert sorted(view.selected_article_ids()) == sorted([first, second])
    offered = []

    def choose_the_first(_parent, _title, _label, names, *args):
        offered.extend(names)
        return names[0], True

    monkeypatch.setattr(QInputDialog, "getItem", choose_the_first)
    window.context_menus.add_to_story_action.trigger()  # with no story yet, a new one is the choice
    assert offered == ["A new story of these 2 articles"]
    assert [set(story.article_ids) for story in list_stories(library)] == [{first, second}]
    assert window.statusBar().currentMessage().startswith("Made a story of ")
    window.undo()
    assert list_stories(library) == []


def test_a_long_outlet_name_never_hides_which_side_is_the_earliest(qtbot, library, make_window, sync_tasks):
    outlet = "The Offshore Energy and Renewables Daily, International Business Edition"
    rewrite = add_article(library, HYWIND_REWRITE[1], title=HYWIND_REWRITE[0], published=HYWIND_REWRITE[2],
                          outlet=outlet)
    earliest = add_article(library, HYWIND[1], title=HYWIND[0], published=HYWIND[2], outlet=outlet + " (wire)")
    scan_stories(library)
    link_versions(library, rewrite, earliest)
    window = make_window(sync_tasks)
    window.resize(800, 600)
    press(qtbot, window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    view = window.stories_view
    view.select_versions([1])
    heading = view.comparison.heading_b
    qtbot.waitUntil(lambda: heading.text() != heading.full_text())  # cut short to the half it has
    assert heading.text().startswith("B · earliest · ") and heading.text().endswith("…")


def test_an_undone_change_returns_the_page_to_the_story_and_versions_it_was_made_on(
        qtbot, library, make_window, sync_tasks, monkeypatch):
    ids = two_stories(library)
    window = make_window(sync_tasks)
    window.show_view(window.stories_view)
    view = window.stories_view
    view.story_table.setCurrentCell(1, 0)  # the Chile story
    assert view.page.story.article_ids == tuple(ids[3:])
    chile = view.page.story.id
    view.select_versions([0, 1])
    monkeypatch.setattr(QInputDialog, "getItem", lambda _parent, _title, _label, names, *args: (names[0], True))
    view.move_button.click()  # both into the Hywind story: the Chile story goes, the page follows the versions
    assert view.story_count == 1 and view.page.story.id != chile
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.page.story.id == chile and sorted(view.selected_versions()) == sorted(ids[3:])
    assert view.story_table.item(view.story_table.currentRow(), 0).text() == view.page.story.title

    view.story_table.setCurrentCell(0, 0)  # the Hywind story
    view.select_versions([2])
    taken = view.selected_versions()
    view.remove_button.click()
    assert view.selected_versions() == []
    window.undo()
    assert view.page.story.article_ids == tuple(ids[:3]) and view.selected_versions() == taken
    window.redo()  # a redo stays where the change left the page
    assert view.page.story.article_ids == tuple(ids[:2])


def test_a_story_none_of_whose_versions_is_dated_is_listed_as_undated(qtbot, library, make_window, sync_tasks):
    ids = [add_article(library, text, title=title) for title, text, _date in (HYWIND, HYWIND_REWRITE)]
    scan_stories(library)
    link_versions(library, *ids)
    window = make_window(sync_tasks)
    window.show_view(window.stories_view)
    view = window.stories_view
    assert view.story_table.item(0, 3).text() == "undated"  # as its page says, not a blank cell
    assert view.summary.text().endswith("· undated")


def stories_page(make_window, sync_tasks):
    """A window on the library showing its Stories page, and the page."""
    window = make_window(sync_tasks)
    window.show_view(window.stories_view)
    return window, window.stories_view


def merge_in_window(window, ids: list[int], keep: int) -> None:
    """Merge these articles into ``keep`` as Edit → Merge Selected… does, whatever page is shown."""
    from PySide6.QtWidgets import QRadioButton

    dialog = window.open_merge_dialog(ids)
    dialog.findChild(QRadioButton, f"keepButton{keep}").click()
    dialog.accept()


def test_a_merge_that_takes_the_shown_story_apart_leaves_no_story_shown_and_its_undo_returns_to_it(
        qtbot, library, make_window, sync_tasks):
    ids = two_stories(library)
    window, view = stories_page(make_window, sync_tasks)
    view.story_table.setCurrentCell(1, 0)  # the Chile story
    chile = view.page.story.id
    view.select_versions([1])
    merge_in_window(window, ids[3:], ids[3])  # its two versions one article: the story goes
    assert [story.article_ids for story in list_stories(library)] == [tuple(ids[:3])]
    # No story holds its versions now: none is shown, not the Hywind story, which holds none of them.
    assert view.page is None and view.heading.text() == "No story selected"
    assert view.story_count == 1 and view.story_table.currentRow() == -1 and not view.story_table.selectedItems()
    assert not (view.remove_button.isEnabled() or view.move_button.isEnabled() or view.rename_button.isEnabled())

    window.undo()  # a change made elsewhere, undone, returns the page to the story it showed
    assert view.page.story.id == chile and view.selected_versions() == [ids[4]]
    assert view.story_table.item(view.story_table.currentRow(), 0).text() == view.page.story.title


def test_a_story_merged_into_another_s_version_is_followed_to_that_story_until_undone(
        qtbot, library, make_window, sync_tasks):
    from curator.core.stories import start_story
    from tests.core.test_stories import MARKETS

    markets = [add(library, MARKETS), add_article(library, "Shares fell again on Friday.", title="Markets slide")]
    start_story(library, markets)  # the older of two stories of two versions: a merge keeps it, not the Chile one
    ids = two_stories(library)
    window, view = stories_page(make_window, sync_tasks)
    row = next(row for row in range(view.story_table.rowCount()) if view.story_table.item(row, 0).text() == ELECTION[0])
    view.story_table.setCurrentCell(row, 0)
    chile = view.page.story.id
    markets_story = next(story.id for story in list_stories(library) if markets[0] in story.article_ids)
    assert view.page.story.article_ids == tuple(ids[3:]) and view.story_table.item(0, 0).text() == HYWIND[0]
    view.select_versions([0, 1])
    merge_in_window(window, [*ids[3:], markets[0]], markets[0])  # both Chile versions into a Markets version
    assert chile not in [story.id for story in list_stories(library)]
    # The story holding the article they went into, not the first listed (which holds none of them).
    assert view.page.story.id == markets_story and view.page.story.article_ids == tuple(markets)
    assert view.selected_versions() == []

    window.undo()
    assert view.page.story.id == chile and sorted(view.selected_versions()) == sorted(ids[3:])
    window.redo()  # a redo stays where the change leads
    assert view.page.story.id == markets_story


def test_versions_that_name_no_outlet_give_its_column_to_what_each_changes(qtbot, library, make_window, sync_tasks):
    from curator.core.curation import edit_article

    ids = two_stories(library)
    window = make_window(sync_tasks)
    window.resize(1200, 800)
    window.show_view(window.stories_view)
    header = window.stories_view.version_table.horizontalHeader()
    # Every row would say "—" under Outlet: the changes take its room (at this width not both fit).
    qtbot.waitUntil(lambda: header.isSectionHidden(1) and not header.isSectionHidden(3))
    edit_article(library, ids[1], outlet="Offshore Energy")
    window.stories_view.refresh()
    qtbot.waitUntil(lambda: not header.isSectionHidden(1))
