"""Edit → Edit Article…: an article's title, date, outlet, URL, byline and dateline in a small form.

Only what the user changed goes to ``edit_article``; the core reads the date and refuses what it
cannot store, and the source file keeps what it said.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from curator.core.curation import EDITABLE_FIELDS, field_problem
from curator.core.library import FIELD_LABELS
from curator.ui.widgets.labels import muted

PLACEHOLDERS = {"published": "2021-06-24, or 24 June 2021", "url": "https://…", "dateline": "MOSCOW"}


class EditArticleDialog(QDialog):
    """A form over one article's editable fields; ``changed_fields()`` is what the user changed."""

    def __init__(self, article: dict, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("editArticleDialog")
        self.setWindowTitle("Edit Article")
        self.article_id: int = article["id"]
        self._original = {name: article.get(name) or "" for name in EDITABLE_FIELDS}
        self.editors: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name in EDITABLE_FIELDS:
            editor = QLineEdit(self._original[name])
            editor.setObjectName(f"{name}Edit")
            editor.setPlaceholderText(PLACEHOLDERS.get(name, ""))
            editor.setMinimumWidth(440)
            editor.setCursorPosition(0)
            self.editors[name] = editor
            form.addRow(f"&{FIELD_LABELS[name]}:", editor)
        note = muted(QLabel("The source file keeps what it said; Undo brings these values back."))
        note.setWordWrap(True)
        # What stops Save, said under the form, with the field to put right chosen.
        self.problem = QLabel()
        self.problem.setObjectName("editProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: white; background: #b3261e; padding: 4px 6px;"
                                   "border-radius: 3px;")
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.editors["title"].selectAll()

    def accept(self) -> None:
        """Save, unless a changed field holds what the article cannot take: then say why and stay open."""
        for name, value in self.changed_fields().items():
            problem = field_problem(name, value)
            if problem is not None:
                self.problem.setText(problem + ".")
                self.problem.show()
                self.editors[name].setFocus()
                self.editors[name].selectAll()
                return
        super().accept()

    def changed_fields(self) -> dict[str, str]:
        """The fields whose text the user changed, with their new text ("" clears a field)."""
        return {name: editor.text().strip() for name, editor in self.editors.items()
                if editor.text().strip() != self._original[name].strip()}
