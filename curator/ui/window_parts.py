"""What the main window's mixins (``WindowImports``, ``WindowReview``, ``WindowHistory``) use of the
window: its library, tasks, views, actions and article commands, and the methods that show a page and run
a change. Declared here for the type checker; ``MainWindow`` sets and defines them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QWidget

from curator.core.library import Changes, Library
from curator.ui import ops
from curator.ui.article_commands import ArticleCommands
from curator.ui.tasks import Task, TaskRunner
from curator.ui.widgets.duplicates_view import DuplicatesView
from curator.ui.widgets.library_view import LibraryView
from curator.ui.widgets.page_stack import PageStack
from curator.ui.widgets.stories_view import StoriesView

if TYPE_CHECKING:
    from curator.ui.main_menus import MainMenus

# The type checker reads the mixins as a QMainWindow. At run time the window's class lists QMainWindow
# after its mixins, so that a mixin's event handler (``dropEvent``) is found before Qt's.
if TYPE_CHECKING:
    _Window = QMainWindow
else:
    _Window = object


class WindowParts(_Window):
    """The base of the window's mixins: the window's attributes and methods they call."""

    _library: Library
    _tasks: TaskRunner
    _import_task: Task | None
    _change_running: bool
    articles: ArticleCommands
    library_view: LibraryView
    duplicates_view: DuplicatesView
    stories_view: StoriesView
    undo_action: QAction
    redo_action: QAction
    menus: MainMenus
    _pages: PageStack

    if TYPE_CHECKING:
        @property
        def showing_welcome(self) -> bool: ...
        @property
        def showing_duplicates(self) -> bool: ...
        def show_view(self, page: QWidget) -> None: ...
        def refresh_views(self) -> None: ...
        def run_change(self, start: ops.StartChange) -> None: ...
        def _after_change(self, changes: Changes) -> None: ...
        def _history_words(self, changes: Changes) -> str: ...
