"""The main window's entity commands: the Tag menu, the Entities panel, suggestions and tagging.

A mixin of ``MainWindow`` (kept apart to keep the window's module readable): it uses
the window's ``_library``, ``_tasks``, ``_run_change`` and ``_after_change``, and its
``library_view``, ``view_menu`` and ``history_dock``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDockWidget

from curator.core.entities import SuggestReport, entity, entity_types, rank_entities
from curator.ui import ops
from curator.ui.dialogs.entity_chooser import EntityChooser
from curator.ui.widgets.entity_browser import EntityBrowser


class EntityCommands:
    """Tagging and entity management for ``MainWindow``."""

    def _create_tag_actions(self) -> None:
        """The Tag menu. Its keys are handled by the article view (a window-wide "1" would
        swallow digits typed in the search box), so the menu only shows them, after a tab."""
        def action(text: str, slot) -> QAction:
            created = QAction(text, self)
            created.triggered.connect(lambda _checked=False: slot())
            return created

        controller = self.library_view.article_view.mentions
        self.tag_type_actions = self._type_actions()
        self.tag_existing_action = action("Tag as Existing Entity…", lambda: self._tag_selection(None))
        self.accept_mention_action = action("Accept Mention\tEnter", controller.accept_selected)
        self.remove_mention_action = action("Remove Mention\tDelete", controller.remove_selected)
        self.propagate_action = action("Tag All Occurrences…", controller.propagate_selected)
        self.suggest_action = action("Suggest Entities…", self.suggest_entities)
        self.suggest_action.setToolTip("Find likely people, organisations and places in every article; "
                                       "they are shown underlined for you to accept or reject")

    def _type_actions(self) -> list[QAction]:
        """"Tag as Person  1" and so on, one per type with a number key."""
        actions = []
        for entity_type in entity_types(self._library):
            if entity_type["key"] is not None:
                created = QAction(f"Tag as {entity_type['label']}\t{entity_type['key']}", self)
                created.triggered.connect(lambda _checked=False, name=entity_type["name"]: self._tag_selection(name))
                actions.append(created)
        return actions

    def refresh_tag_types(self) -> None:
        """Rebuild the Tag menu's type entries after the types, labels or keys changed."""
        for old in self.tag_type_actions:
            self.tag_menu.removeAction(old)
            old.deleteLater()
        self.tag_type_actions = self._type_actions()
        self.tag_menu.insertActions(self.tag_existing_action, self.tag_type_actions)

    def _create_entities_dock(self) -> None:
        self.entity_browser = EntityBrowser(self._tasks)
        self.entities_dock = QDockWidget("Entities", self)
        self.entities_dock.setObjectName("entitiesDock")
        self.entities_dock.setWidget(self.entity_browser)
        self.entities_dock.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.entities_dock)
        self.tabifyDockWidget(self.history_dock, self.entities_dock)
        self.entities_dock.hide()
        self.entities_dock.visibilityChanged.connect(lambda visible: visible and self.entity_browser.refresh())
        toggle = self.entities_dock.toggleViewAction()
        toggle.setText("Entities Panel")
        toggle.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.view_menu.addAction(toggle)
        self.tag_menu.addSeparator()
        self.tag_menu.addAction(toggle)

    def _connect_entity_signals(self) -> None:
        view = self.library_view.article_view
        view.tag_requested.connect(self.tag_span)
        view.tag_existing_requested.connect(self.choose_entity_for_span)
        view.accept_requested.connect(lambda ids: self._run_change(
            lambda done, failed: ops.accept_mentions(self, self._tasks, ids, done, failed)))
        view.remove_requested.connect(lambda ids: self._run_change(
            lambda done, failed: ops.remove_mentions(self, self._tasks, ids, done, failed)))
        view.propagate_requested.connect(lambda mention_id: self._run_change(
            lambda done, failed: ops.propagate_mention(self, self._tasks, mention_id, done, failed)))
        browser = self.entity_browser
        browser.entity_activated.connect(self.show_entity_articles)
        browser.rename_requested.connect(lambda entity_id, name: self._run_change(
            lambda done, failed: ops.update_entity(self, self._tasks, entity_id, done, failed, name=name)))
        browser.type_requested.connect(lambda entity_id, type: self._run_change(
            lambda done, failed: ops.update_entity(self, self._tasks, entity_id, done, failed, type=type)))
        browser.aliases_requested.connect(lambda entity_id, aliases: self._run_change(
            lambda done, failed: ops.update_entity(self, self._tasks, entity_id, done, failed, aliases=aliases)))
        browser.merge_requested.connect(lambda keep, other: self._run_change(
            lambda done, failed: ops.merge_entities(self, self._tasks, keep, other, done, failed)))
        browser.delete_requested.connect(lambda entity_id: self._run_change(
            lambda done, failed: ops.delete_entity(self, self._tasks, entity_id, done, failed)))
        for signal, accept in ((browser.accept_suggestions_requested, True),
                               (browser.reject_suggestions_requested, False)):
            signal.connect(lambda row, accept=accept: self._run_change(
                lambda done, failed: ops.decide_suggestions(self, self._tasks, row, accept, done, failed)))

    def suggest_entities(self) -> None:
        """Run the suggesters (progress and Cancel), then show the Entities panel to review them."""
        def done(report: SuggestReport) -> None:
            self._after_change(report)
            self.entities_dock.show()
            self.entities_dock.raise_()

        self._run_change(lambda _done, failed: ops.suggest_entities(self, self._tasks, done, failed))

    def _tag_selection(self, type: str | None) -> None:
        """Tag the article view's selection as ``type`` (None: choose an entity)."""
        controller = self.library_view.article_view.mentions
        done = controller.tag_selection(type) if type else controller.tag_selection_as_existing()
        if not done:
            self.statusBar().showMessage("Select some words of an article to tag them.", 4000)

    def tag_span(self, article_id: int, start: int, end: int, type: str, field: str = "body") -> None:
        self._run_change(lambda done, failed: ops.tag_mention(
            self, self._tasks, article_id, start, end, done, failed, type=type, field=field))

    def choose_entity_for_span(self, article_id: int, start: int, end: int,
                               field: str = "body") -> EntityChooser | None:
        """Ask which entity ``body[start:end]`` (or the dateline's) names, closest existing ones first; then tag it."""
        text = self.library_view.article_view.mentions.text_of(field)[start:end]
        if not text or self._change_running:
            return None
        dialog = EntityChooser(text, rank_entities(self._library, text), entity_types(self._library), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def chosen(result: int) -> None:
            if result != QDialog.DialogCode.Accepted:
                return
            entity_id, name, type = dialog.chosen_entity_id(), dialog.new_name(), dialog.new_type()
            self._run_change(lambda done, failed: ops.tag_mention(
                self, self._tasks, article_id, start, end, done, failed, entity_id=entity_id, field=field,
                **({} if entity_id is not None else {"name": name, "type": type})))

        dialog.finished.connect(chosen)
        dialog.open()
        return dialog

    def show_entity_articles(self, entity_id: int | None) -> None:
        """List only the articles that mention an entity (None: all of them again)."""
        found = entity(self._library, entity_id) if entity_id is not None else None
        self.library_view.set_entity_filter(found["id"] if found else None, found["name"] if found else "")
        self.show_view(self.library_view)
        if found and self.library_view.article_count:
            self.library_view.select_row(0)
