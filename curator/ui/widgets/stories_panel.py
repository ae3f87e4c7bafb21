"""The Stories panel: every story (articles linked as versions of one story), largest first, and each
story's versions in the order they were published; double-clicking a version opens it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QHeaderView,
    QLabel,
    QMainWindow,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from curator.core.library import Library
from curator.core.stories import Story, story_groups
from curator.ui.models.article_table import format_date
from curator.ui.tasks import TaskRunner
from curator.ui.widgets.labels import muted

EMPTY_NOTE = ("No stories yet. In the review queue, Same Story (L) links two versions of one story; "
              "linked versions are listed here.")
COLUMNS = ("Story, then its versions", "Date")
ARTICLE_ROLE = Qt.ItemDataRole.UserRole
# Narrow enough to sit beside the library in an 800-pixel window; wider when there is room.
MINIMUM_WIDTH = 180
PREFERRED_WIDTH = 420


class StoriesPanel(QWidget):
    """Lists the library's stories, read on the worker; ``article_requested`` names a version to open."""

    article_requested = Signal(int)

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("storiesPanel")
        self._tasks = tasks
        self._reads = 0
        self.tree = QTreeWidget()
        self.tree.setObjectName("storiesTree")
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.itemActivated.connect(self._open_version)
        # The titles take what room there is; the dates are as wide as their text.
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.setMinimumWidth(MINIMUM_WIDTH)
        self.note = muted(QLabel(EMPTY_NOTE))
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.note)
        layout.addWidget(self.tree, 1)

    def dock(self, window: QMainWindow) -> QDockWidget:
        """View → Stories Panel (Ctrl+3): the panel in a dock of ``window``, read again whenever it shows."""
        dock = QDockWidget("Stories", window)
        dock.setObjectName("storiesDock")
        dock.setWidget(self)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        dock.hide()
        dock.visibilityChanged.connect(self._visibility_changed)
        window.resizeDocks([dock], [PREFERRED_WIDTH], Qt.Orientation.Horizontal)
        toggle = dock.toggleViewAction()
        toggle.setText("Stories Panel")
        toggle.setShortcut(QKeySequence("Ctrl+3"))
        return dock

    def _visibility_changed(self, visible: bool) -> None:
        if visible:
            self.refresh()

    def refresh(self) -> None:
        """Re-read the stories on the worker; the tree is replaced when they arrive, unless a newer read is due."""
        self._reads += 1
        read = self._reads

        def job(library: Library, _progress, _cancelled) -> list[Story]:
            return story_groups(library)

        self._tasks.submit(job, on_done=lambda stories: self._show(read, stories))

    @property
    def story_count(self) -> int:
        return self.tree.topLevelItemCount()

    def _show(self, read: int, stories: list[Story]) -> None:
        if read != self._reads:
            return
        self.tree.clear()
        for story in stories:
            span = " – ".join(dict.fromkeys(format_date(date) for date in (story.first, story.last) if date))
            item = QTreeWidgetItem([f"{story.title}  ({len(story.article_ids)} versions)", span])
            item.setToolTip(0, f"{story.title}\n{len(story.article_ids)} versions: {', '.join(story.outlets) or 'no outlet'}")
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            item.setData(0, ARTICLE_ROLE, story.article_ids[0])
            for version in story.versions:
                title = version.title or f"Article {version.id}"
                row = QTreeWidgetItem([f"{version.outlet} · {title}" if version.outlet else title,
                                       format_date(version.published)])
                row.setToolTip(0, "Double-click to open this version")
                row.setData(0, ARTICLE_ROLE, version.id)
                item.addChild(row)
            self.tree.addTopLevelItem(item)
            item.setExpanded(True)
        self.note.setVisible(not stories)

    def _open_version(self, item: QTreeWidgetItem, _column: int) -> None:
        article_id = item.data(0, ARTICLE_ROLE)
        if article_id is not None:
            self.article_requested.emit(int(article_id))

