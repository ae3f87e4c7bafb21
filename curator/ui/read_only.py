"""A window on a library open read-only (on read-only storage, or one this user may not write): it says so in
its title and its status bar, and every action that would change the library is disabled, its tooltip and
status tip saying why, as the title's mark does. What has no action of its own (a key in the reading pane, a
dropped file, the welcome page's buttons, a dialog's choice) is refused as it is asked for, before a dialog
opens or the worker runs, with the one line the core refuses it with (``Library.refuse_changes``).
Browsing, searching, comparing, exporting and backing up (a copy one can change) work as on any library.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QWidget

from curator.core.library import Library, ReadOnlyLibrary
from curator.ui import ops

if TYPE_CHECKING:
    from curator.ui.main_window import MainWindow

TITLE_MARK = "(Read-Only)"


def why_read_only(library: Library) -> str | None:
    """Why ``library`` cannot be changed, with the way to a copy that can, or None when it can."""
    try:
        library.refuse_changes()
    except ReadOnlyLibrary as refusal:
        return f"{refusal}. File > Back Up Library saves a copy you can change."
    return None


def mark_read_only(window: MainWindow, library: Library) -> QLabel | None:
    """Say in ``window``'s title and status bar that ``library`` is open read-only, with why in the label's
    tooltip, and disable the window's changes; the label, or None for a library open for writing."""
    why = why_read_only(library)
    if why is None:
        return None
    window.setWindowTitle(f"{window.windowTitle()} {TITLE_MARK}")
    label = QLabel("Read-only")
    label.setObjectName("readOnly")
    label.setToolTip(why)
    window.statusBar().addPermanentWidget(label)
    disable(window, change_actions(window), why)
    window.library_view.article_view.entity_strip.offer_no_tagging()
    return label


def change_actions(window: MainWindow) -> list[QAction]:
    """Every action of ``window`` that changes its library: its menus', toolbar's, context menus', keys',
    the Entities panel's and the story page's."""
    entities, browser = window.entities, window.entities.browser
    return [
        window.import_files_action, window.import_folder_action, window.load_samples_action,
        window.undo_action, window.redo_action,
        window.merge_action, window.same_story_action, window.not_duplicate_action, window.skip_action,
        window.unskip_action, window.merge_exact_action, window.link_suggested_action, window.watch.find_action,
        window.articles.edit_action, window.articles.trash_action, window.articles.restore_action,
        window.context_menus.merge_selected_action, window.context_menus.add_to_story_action,
        entities.suggest_action, entities.review_action, *entities.type_actions, entities.tag_existing_action,
        entities.accept_mention_action, entities.remove_mention_action, entities.propagate_action,
        browser.accept_all_action, browser.reject_all_action, browser.rename_action, browser.aliases_action,
        browser.type_action, browser.merge_action, browser.delete_action,
        *window.stories_view.change_actions,
    ]


def disable(owner: QWidget, actions: Iterable[QAction], why: str) -> QActionGroup:
    """Disable ``actions`` for good, their tooltips and status tips saying ``why``: in a disabled group, as
    they are here, an action stays disabled whatever enables it as the selection changes. The menus that
    list them show their tooltips."""
    group = QActionGroup(owner)
    group.setExclusionPolicy(QActionGroup.ExclusionPolicy.None_)
    for action in actions:
        group.addAction(action)
        action.setToolTip(why)
        action.setStatusTip(why)
        for widget in action.associatedObjects():
            if isinstance(widget, QMenu):
                widget.setToolTipsVisible(True)
    group.setEnabled(False)
    return group


def refused(parent: QWidget, library: Library, what: str) -> bool:
    """Whether ``what`` (a change) is refused because ``library`` is open read-only; the refusal is shown as
    every refusal is (a warning with its reason)."""
    try:
        library.refuse_changes()
    except ReadOnlyLibrary as refusal:
        ops.explain_failure(parent, what, refusal)
        return True
    return False
