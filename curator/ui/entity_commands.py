"""A window's entity commands: the Tag menu, the Entities panel, suggestions and tagging.

The window holds one ``EntityCommands``, places its ``menu`` and ``dock``, and starts every
change it asks for through its one-change-at-a-time gate (a ``ChangeRunner``).
"""

from __future__ import annotations

from typing import Callable, Protocol

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDockWidget, QMainWindow, QMenu, QMessageBox

from curator.core.entities import SuggestReport, entity, entity_types, rank_entities
from curator.core.library import Changes, Library
from curator.ui import ops, read_only
from curator.ui.dialogs.entity_chooser import EntityChooser
from curator.ui.tasks import TaskRunner
from curator.ui.widgets.entity_browser import EntityBrowser
from curator.ui.widgets.library_view import LibraryView
from curator.ui.widgets.suggestion_review import SuggestionReview


class ChangeRunner(Protocol):
    """Runs one change at a time, and has every view follow it when it is done."""

    @property
    def change_running(self) -> bool: ...

    def run_change(self, start: ops.StartChange) -> None: ...


class EntityCommands(QObject):
    """Tagging and entity management for one window.

    ``articles_listed`` fires when the article list was narrowed to an entity's articles
    (or widened again), for the window to show the list; ``types_changed`` when the entity
    types' names, labels, colours or keys did, for what shows them to redraw.
    """

    articles_listed = Signal()
    types_changed = Signal()

    def __init__(self, window: QMainWindow, library: Library, tasks: TaskRunner, library_view: LibraryView,
                 changes: ChangeRunner):
        super().__init__(window)
        self._window = window
        self._library = library
        self._tasks = tasks
        self._library_view = library_view
        self._changes = changes
        self.review: SuggestionReview | None = None
        self._create_actions()
        self._create_menu()
        self._create_dock()
        self._connect_signals()

    def _create_actions(self) -> None:
        """The Tag menu's entries. Its keys are handled by the article view (a window-wide "1" would
        swallow digits typed in the search box), so the menu only shows them, after a tab."""
        def action(text: str, slot: Callable[[], object]) -> QAction:
            created = QAction(text, self._window)
            created.triggered.connect(lambda _checked=False: slot())
            return created

        controller = self._library_view.article_view.mentions
        self._types = entity_types(self._library)
        self.type_actions = self._type_actions()
        self.tag_existing_action = action("Tag as Existing Entity…", lambda: self.tag_selection(None))
        self.accept_mention_action = action("Accept Mention\tEnter", controller.accept_selected)
        self.remove_mention_action = action("Remove Mention\tDelete", controller.remove_selected)
        self.propagate_action = action("Tag All Occurrences…", controller.propagate_selected)
        self.suggest_action = action("Suggest Entities", self.suggest_entities)
        self.suggest_action.setToolTip("Find likely people, organisations and places in every article; "
                                       "they are shown underlined for you to accept or reject")
        self.review_action = action("Review Suggestions…", self.review_suggestions)
        self.review_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.review_action.setToolTip("Decide the suggestions a name at a time, with one key each")

    def _create_menu(self) -> None:
        self.menu = QMenu("&Tag", self._window)
        self.menu.aboutToShow.connect(self._enable_mention_actions)
        for action in (self.suggest_action, self.review_action, None, *self.type_actions, self.tag_existing_action, None,
                       self.accept_mention_action, self.remove_mention_action, self.propagate_action):
            if action is None:
                self.menu.addSeparator()
            else:
                self.menu.addAction(action)

    def _enable_mention_actions(self) -> None:
        """The entries for mentions only where the text selected in the article has some to act on:
        otherwise they would do nothing, and say nothing."""
        mentions = self._library_view.article_view.mentions
        chosen = mentions.selected_mentions()
        words = mentions.article is not None and mentions.selected_span() is not None
        for entry in (*self.type_actions, self.tag_existing_action):
            entry.setEnabled(words)
            entry.setStatusTip("" if words else "Select some words of an article first")
        self.accept_mention_action.setEnabled(any(m["status"] == "pending" for m in chosen))
        self.remove_mention_action.setEnabled(bool(chosen))
        self.propagate_action.setEnabled(len([m for m in chosen if m["status"] == "accepted"]) == 1)
        for entry in (self.accept_mention_action, self.remove_mention_action, self.propagate_action):
            entry.setStatusTip("" if entry.isEnabled() else "Select a tagged or suggested name in the article first")

    def _type_actions(self) -> list[QAction]:
        """"Tag as Person  1" and so on, one per type with a number key."""
        actions = []
        for entity_type in self._types:
            if entity_type["key"] is not None:
                created = QAction(f"Tag as {entity_type['label']}\t{entity_type['key']}", self._window)
                created.triggered.connect(lambda _checked=False, name=entity_type["name"]: self.tag_selection(name))
                actions.append(created)
        return actions

    def _follow_types(self) -> bool:
        """Rebuild the Tag menu's type entries if the entity types changed; True if they did.

        Changes name no entity type, so every change is checked: Preferences edits them, and
        undo or redo can restore an edit made there."""
        types = entity_types(self._library)
        if types == self._types:
            return False
        self._types = types
        for old in self.type_actions:
            self.menu.removeAction(old)
            old.deleteLater()
        self.type_actions = self._type_actions()
        self.menu.insertActions(self.tag_existing_action, self.type_actions)
        self.types_changed.emit()
        return True

    def _create_dock(self) -> None:
        """The Entities panel, for the window to place; its toggle ends the Tag menu."""
        self.browser = EntityBrowser(self._tasks)
        self.dock = QDockWidget("Entities", self._window)
        self.dock.setObjectName("entitiesDock")
        self.dock.setWidget(self.browser)
        self.dock.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea)
        self.dock.visibilityChanged.connect(self._panel_visibility_changed)
        toggle = self.dock.toggleViewAction()
        toggle.setText("Entities Panel")
        toggle.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.menu.addSeparator()
        self.menu.addAction(toggle)

    def _panel_visibility_changed(self, visible: bool) -> None:
        if visible:
            self.browser.refresh()

    def show_changes(self, changes: Changes) -> None:
        """Follow a change: the Tag menu if the types changed, and the panel (a hidden one is filled
        when it is shown) if they or entities or mentions did. A merge carries its members' mentions
        into the merged text, and its changes name only the articles: those count too."""
        types_changed = self._follow_types()
        if self.dock.isVisible() and (types_changed or changes.entities or changes.mentions or changes.articles):
            self.browser.refresh()

    def _change(self, start: ops.StartChange) -> None:
        self._changes.run_change(start)

    def _connect_signals(self) -> None:
        window, tasks = self._window, self._tasks
        controller = self._library_view.article_view.mentions
        controller.tag_requested.connect(self.tag_span)
        controller.tag_existing_requested.connect(self.choose_entity_for_span)
        controller.accept_requested.connect(lambda ids: self._change(
            lambda done, failed: ops.accept_mentions(window, tasks, ids, done, failed)))
        controller.remove_requested.connect(lambda ids: self._change(
            lambda done, failed: ops.remove_mentions(window, tasks, ids, done, failed)))
        controller.propagate_requested.connect(lambda mention_id: self._change(
            lambda done, failed: ops.propagate_mention(window, tasks, mention_id, done, failed)))
        browser = self.browser
        browser.entity_activated.connect(self.show_entity_articles)
        browser.rename_requested.connect(lambda entity_id, name: self._change(
            lambda done, failed: ops.update_entity(window, tasks, entity_id, done, failed, name=name)))
        browser.type_requested.connect(lambda entity_id, type: self._change(
            lambda done, failed: ops.update_entity(window, tasks, entity_id, done, failed, type=type)))
        browser.aliases_requested.connect(lambda entity_id, aliases: self._change(
            lambda done, failed: ops.update_entity(window, tasks, entity_id, done, failed, aliases=aliases)))
        browser.merge_requested.connect(lambda keep, other: self._change(
            lambda done, failed: ops.merge_entities(window, tasks, keep, other, done, failed)))
        browser.delete_requested.connect(lambda entity_id: self._change(
            lambda done, failed: ops.delete_entity(window, tasks, entity_id, done, failed)))
        for signal, accept in ((browser.accept_suggestions_requested, True),
                               (browser.reject_suggestions_requested, False)):
            signal.connect(lambda row, accept=accept: self._change(
                lambda done, failed: ops.decide_suggestions(window, tasks, row, accept, done, failed)))

    def suggest_entities(self) -> None:
        """Run the suggesters (progress and Cancel), then show the Entities panel and a summary that
        opens the review queue."""
        def start(done: ops.OnDone, failed: ops.OnFailed) -> object:
            def suggested(changes: Changes) -> None:
                done(changes)
                self.dock.show()
                self.dock.raise_()

            return ops.suggest_entities(self._window, self._tasks, suggested, failed, on_report=self._offer_review)

        self._change(start)

    def _offer_review(self, report: SuggestReport) -> None:
        """The run's summary, left open beside the window, with the way into the review queue."""
        if not report.total:
            return
        box = QMessageBox(QMessageBox.Icon.Information, "Suggestions", report.summary() + ".",
                          QMessageBox.StandardButton.Close, self._window)
        box.setObjectName("suggestRunSummary")
        box.setInformativeText("Review them a name at a time, with one key each, or in the articles and the "
                               "Entities panel.")
        review = box.addButton("Review Suggestions…", QMessageBox.ButtonRole.AcceptRole)
        review.clicked.connect(self.review_suggestions)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.show()

    def review_suggestions(self) -> SuggestionReview:
        """Open the review queue (or bring the open one forward)."""
        if self.review is not None and shiboken6.isValid(self.review):
            self.review.raise_()
            self.review.activateWindow()
            return self.review
        review = SuggestionReview(self._tasks, entity_types(self._library), self._window)
        review.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window, tasks = self._window, self._tasks

        def decide(group: dict, accept: bool, new_type: str) -> None:
            self._change_for(review, review.decided, lambda done, failed: ops.decide_suggestion_group(
                window, tasks, group, accept, new_type or None, done, failed))

        review.decide_requested.connect(decide)
        review.undo_requested.connect(lambda history_id: self._change_for(
            review, review.undone, lambda done, failed: ops.undo_group_decision(window, tasks, history_id, done,
                                                                                 failed)))
        self.review = review
        review.show()
        return review

    def _change_for(self, review: SuggestionReview, answer: Callable[[Changes], None], start: ops.StartChange) -> None:
        """Run a change the review queue asked for; the queue hears how it went (a refused one too)."""
        if self._changes.change_running:
            ops.show_status(self._window, "The last change is still being saved; try again in a moment.", 4000)
            review.refused()
            return

        def started(done: ops.OnDone, failed: ops.OnFailed) -> object:
            def finished(changes: Changes) -> None:
                done(changes)
                if shiboken6.isValid(review):
                    answer(changes)

            def stopped() -> None:
                failed()
                if shiboken6.isValid(review):
                    review.refused()

            return start(finished, stopped)

        self._change(started)

    def tag_selection(self, type: str | None) -> None:
        """Tag the article view's selection as ``type`` (None: choose an entity)."""
        controller = self._library_view.article_view.mentions
        done = controller.tag_selection(type) if type else controller.tag_selection_as_existing()
        if not done:
            ops.show_status(self._window, "Select some words of an article to tag them.", 4000)

    def tag_span(self, article_id: int, start: int, end: int, type: str, field: str = "body") -> None:
        self._change(lambda done, failed: ops.tag_mention(
            self._window, self._tasks, article_id, start, end, done, failed, type=type, field=field))

    def choose_entity_for_span(self, article_id: int, start: int, end: int,
                               field: str = "body") -> EntityChooser | None:
        """Ask which entity ``body[start:end]`` (or the dateline's) names, closest existing ones first; then tag it."""
        text = self._library_view.article_view.mentions.text_of(field)[start:end]
        if not text or self._changes.change_running or read_only.refused(self._window, self._library, "Tag"):
            return None
        dialog = EntityChooser(text, rank_entities(self._library, text), entity_types(self._library), self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def chosen(result: int) -> None:
            if result != QDialog.DialogCode.Accepted:
                return
            entity_id, name, type = dialog.chosen_entity_id(), dialog.new_name(), dialog.new_type()
            self._change(lambda done, failed: ops.tag_mention(
                self._window, self._tasks, article_id, start, end, done, failed, entity_id=entity_id, field=field,
                **({} if entity_id is not None else {"name": name, "type": type})))

        dialog.finished.connect(chosen)
        dialog.open()
        return dialog

    def show_entity_articles(self, entity_id: int | None) -> None:
        """List only the articles that mention an entity (None: all of them again)."""
        found = entity(self._library, entity_id) if entity_id is not None else None
        self._library_view.set_entity_filter(found["id"] if found else None, found["name"] if found else "")
        self.articles_listed.emit()
        if found and self._library_view.article_count:
            self._library_view.select_row(0)
