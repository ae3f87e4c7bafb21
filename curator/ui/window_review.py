"""The main window's review of duplicate pairs: the Review menu's actions and keys (Merge…, Same Story,
Not Duplicates, Skip, Return to Queue, Next and Previous Pair), the merge dialog, Merge All Exact
Duplicates… and Unmerge. Each decision is one change, run by the window's ``run_change`` one at a time.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog

from curator.core.curation import suggest_plan
from curator.core.dedupe import Decision, review_group
from curator.core.errors import Refusal
from curator.core.library import PairKind
from curator.ui import bulk, ops, read_only
from curator.ui.confirmations import confirmed
from curator.ui.dialogs.merge_dialog import MergeDialog
from curator.ui.window_parts import WindowParts


class WindowReview(WindowParts):
    """The duplicates review, mixed into ``MainWindow``: its changes run through the window's ``run_change``."""

    def _create_review_actions(self) -> None:
        def action(text: str, key: str, tip: str, slot) -> QAction:
            created = QAction(text, self)
            created.setIconText(f"{text.rstrip('…')}  ({key})")  # buttons show the key; menus show it anyway
            created.setShortcut(QKeySequence(key))
            created.setToolTip(f"{tip} ({key})")
            created.setStatusTip(tip)
            created.triggered.connect(slot)
            return created

        self.merge_action = action("Merge…", "M", "Merge the two articles, choosing field by field", self.merge_current)
        self.not_duplicate_action = action("Not Duplicates", "N", "They are different stories: never suggest them again",
                                           lambda: self.decide_current(Decision.NOT_DUPLICATE))
        self.skip_action = action("Skip", "S", "Decide later: take the pair out of the queue",
                                  lambda: self.decide_current(Decision.SKIP))
        self.same_story_action = action("Same Story", "L", "Link them as versions of one story, kept apart",
                                        lambda: self.decide_current(Decision.SAME_STORY))
        self.unskip_action = action("Return to Queue", "U", "Put the skipped pair back among the open ones",
                                    self.unskip_current)
        self.next_pair_action = action("Next Pair", "J", "Show the next pair", self.duplicates_view.next_pair)
        self.previous_pair_action = action("Previous Pair", "K", "Show the previous pair",
                                           self.duplicates_view.previous_pair)
        # Short button captions keep the review page usable in an 800-pixel-wide window.
        self.next_pair_action.setIconText("Next  (J)")
        self.previous_pair_action.setIconText("Previous  (K)")
        self.merge_exact_action = QAction("Merge All Exact Duplicates…", self)
        self.merge_exact_action.setStatusTip("Merge every group of identical articles at once, after a preview")
        self.merge_exact_action.triggered.connect(self.merge_all_exact)
        self.link_suggested_action = QAction("Link All Suggested Versions…", self)
        self.link_suggested_action.setStatusTip("Link every same-story suggestion the queue shows as versions of "
                                                "their stories, after a preview")
        self.link_suggested_action.triggered.connect(self.link_all_suggested)

    def update_review_actions(self, _pair: dict | None = None) -> None:
        pair = self.duplicates_view.current_pair() if self.showing_duplicates else None
        available = pair is not None and not self._change_running
        for action in (self.merge_action, self.same_story_action, self.not_duplicate_action,
                       self.next_pair_action, self.previous_pair_action):
            action.setEnabled(available)
        # A skipped pair is skipped already; only a skipped one goes back to the queue.
        skipped = self.duplicates_view.showing_skipped
        for action, shown in ((self.skip_action, not skipped), (self.unskip_action, skipped)):
            action.setVisible(shown)  # a hidden action is disabled: show it first
            action.setEnabled(available and shown)
        # For a rewrite the same key says the two are different stories.
        rewrite = pair is not None and pair["kind"] == PairKind.RELATED
        self.not_duplicate_action.setText("Different Stories" if rewrite else "Not Duplicates")
        self.not_duplicate_action.setIconText(f"{self.not_duplicate_action.text()}  (N)")

    def decide_current(self, decision: Decision) -> None:
        pair = self.duplicates_view.current_pair()
        if pair is not None:
            self.run_change(lambda done, failed: ops.decide(self, self._tasks, pair["a"], pair["b"], decision,
                                                            confirmed(self, done, self._history_words), failed))

    def unskip_current(self) -> None:
        pair = self.duplicates_view.current_pair()
        if pair is not None and self.duplicates_view.showing_skipped:
            self.run_change(lambda done, failed: ops.unskip(self, self._tasks, pair["a"], pair["b"],
                                                            confirmed(self, done, self._history_words), failed))

    def merge_current(self) -> MergeDialog | None:
        """Open the merge dialog for the current pair (and the rest of its group of copies)."""
        pair = self.duplicates_view.current_pair()
        return None if pair is None else self.open_merge_dialog(review_group(self._library, pair["a"], pair["b"]))

    def open_merge_dialog(self, article_ids: list[int]) -> MergeDialog | None:
        """Ask how to merge these articles into one; the merge runs when the dialog is accepted."""
        if self._change_running or read_only.refused(self, self._library, "Merge"):
            return None
        try:
            suggestion = suggest_plan(self._library, article_ids)
        except Refusal as error:
            ops.explain_failure(self, "Merge", error)
            return None
        dialog = MergeDialog(suggestion, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda result: self._merge_decided(dialog, result))
        dialog.open()
        return dialog

    def _merge_decided(self, dialog: MergeDialog, result: int) -> None:
        if result == QDialog.DialogCode.Accepted:
            plan = dialog.plan()
            said = f"Merged {len(plan.members):,} articles"
            self.run_change(lambda done, failed: ops.merge(self, self._tasks, plan, confirmed(self, done, said), failed))

    def merge_all_exact(self) -> None:
        """Preview, confirm and run the bulk merge; it has its own progress dialog and Cancel."""
        bulk.merge_all_exact(self, self._tasks, self._after_change)

    def link_all_suggested(self) -> None:
        """Preview, confirm and link the same-story suggestions the queue shows, as it is filtered."""
        bulk.link_all_suggested(self, self._tasks, self.duplicates_view.query(), self._after_change)

    def unmerge(self, article_id: int) -> None:
        self.run_change(lambda done, failed: ops.unmerge(self, self._tasks, article_id,
                                                         confirmed(self, done, self._history_words),
                                                         failed))
