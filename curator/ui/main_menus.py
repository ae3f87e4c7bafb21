"""The main window's menu bar and toolbar, laid out from the actions it and its commands own.

Only where each action shows lives here; what the actions do stays with the window (and
its ``LibraryFiles`` and ``EntityCommands``), which builds one ``MainMenus`` and keeps it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QLineEdit,
    QSizePolicy,
    QToolBar,
    QToolButton,
    QWidget,
)

from curator.ui.context_menus import add_menu_entries
from curator.ui.dialogs.shortcuts_dialog import name_on_sheet

if TYPE_CHECKING:
    from curator.ui.main_window import MainWindow

# The search box's width: room for a long search, and the least before it would leave the toolbar.
SEARCH_WIDTH_MOST, SEARCH_WIDTH_LEAST = 320, 150


class MainMenus:
    """The menus and the toolbar of one window.

    ``view_menu`` takes the window's panels as they are added, ``edit_menu`` the article list's
    context-menu entries worth a place in the menu bar; ``search_box`` and
    ``show_merged_box`` filter the article list (the window connects them to its query);
    ``show_for`` hides the toolbar's parts that do not apply to the page shown.
    """

    def __init__(self, window: MainWindow):
        self._create_menus(window)
        self._create_toolbar(window)

    def _create_menus(self, window: MainWindow) -> None:
        menu_bar = window.menuBar()
        file_menu = menu_bar.addMenu("&File")
        files = window.library_files
        file_menu.addAction(files.new_action)
        file_menu.addAction(files.open_action)
        file_menu.addMenu(files.recent_menu)
        file_menu.addAction(window.scan_results.open_action)
        file_menu.addSeparator()
        file_menu.addAction(window.import_files_action)
        file_menu.addAction(window.import_folder_action)
        file_menu.addAction(window.load_samples_action)
        file_menu.addSeparator()
        file_menu.addAction(window.export_action)
        file_menu.addAction(files.backup_action)
        file_menu.addSeparator()
        file_menu.addAction(window.quit_action)
        self.edit_menu = edit_menu = menu_bar.addMenu("&Edit")
        edit_menu.addAction(window.undo_action)
        edit_menu.addAction(window.redo_action)
        # Their texts name the step they would take ("Undo Merge"); the shortcut sheet names the key's work.
        name_on_sheet(window.undo_action, "Undo")
        name_on_sheet(window.redo_action, "Redo")
        name_on_sheet(window.show_duplicates_action, "Duplicates")  # its text counts the open pairs
        edit_menu.addSeparator()
        for action in (window.articles.edit_action, window.articles.trash_action, window.articles.restore_action):
            edit_menu.addAction(action)
        edit_menu.addSeparator()
        edit_menu.addAction(window.find_action)
        edit_menu.addSeparator()
        edit_menu.addAction(window.preferences_action)
        self.view_menu = menu_bar.addMenu("&View")
        self.view_menu.addAction(window.show_library_action)
        self.view_menu.addAction(window.show_duplicates_action)
        self.view_menu.addAction(window.show_stories_action)
        self.view_menu.addAction(window.articles.show_trash_action)
        self.view_menu.addSeparator()
        self.review_menu = review_menu = menu_bar.addMenu("&Review")
        review_actions: list[QAction | None] = [
            window.merge_action, window.same_story_action, window.not_duplicate_action, window.skip_action,
            window.unskip_action, None,
            window.next_pair_action, window.previous_pair_action, None, window.merge_exact_action,
            window.link_suggested_action, window.watch.find_action]
        add_menu_entries(review_menu, review_actions)
        menu_bar.addMenu(window.entities.menu)
        help_menu = menu_bar.addMenu("&Help")
        help_menu.addAction(window.help.shortcuts_action)
        help_menu.addAction(window.help.log_folder_action)
        help_menu.addSeparator()
        help_menu.addAction(window.help.about_action)

    def _create_toolbar(self, window: MainWindow) -> None:
        toolbar = QToolBar("Library")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setFloatable(False)
        toolbar.setIconSize(QSize(18, 18))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.toggleViewAction().setEnabled(False)  # nothing to bring it back with if hidden
        toolbar.addAction(window.import_files_action)
        toolbar.addAction(window.import_folder_action)
        toolbar.addSeparator()
        # Buttons wrapping the actions, so they can hide on the welcome panel while the menu entries stay.
        self._page_actions = [toolbar.addWidget(_tool_button(action))
                              for action in (window.show_library_action, window.show_duplicates_action,
                                             window.show_stories_action)]

        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)

        self.search_box = QLineEdit()
        self.search_box.setObjectName("searchBox")
        self.search_box.setPlaceholderText("Search titles and text")
        self.search_box.setClearButtonEnabled(True)
        # As wide as a search needs on a large screen, narrower on a small one rather than out of sight.
        self.search_box.setMinimumWidth(SEARCH_WIDTH_LEAST)
        self.search_box.setMaximumWidth(SEARCH_WIDTH_MOST)
        self.search_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.show_merged_box = QCheckBox("Show merged")
        self.show_merged_box.setToolTip("Also list articles that were merged into another one")
        self._filter_actions = [toolbar.addWidget(self.search_box), toolbar.addWidget(_gap(8)),
                                toolbar.addWidget(self.show_merged_box), toolbar.addWidget(_gap(6))]
        window.addToolBar(toolbar)

    def show_for(self, *, empty: bool, library_shown: bool) -> None:
        """The page buttons show once there are articles; the search only over the article list."""
        for action in self._filter_actions:
            action.setVisible(not empty and library_shown)
        for action in self._page_actions:
            action.setVisible(not empty)


def _tool_button(action: QAction) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return button


def _gap(width: int) -> QWidget:
    gap = QWidget()
    gap.setFixedWidth(width)
    return gap
