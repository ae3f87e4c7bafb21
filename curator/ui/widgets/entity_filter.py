"""Narrowing the library list to the articles that mention one entity.

``ArticleScope`` stands in for the library where the article table reads its rows
(``count_articles`` and ``article_page``, the only two calls the table makes), so the
table, its paging and the search box work unchanged; ``FilterBanner`` says what the
list is narrowed to and clears it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from curator.core.entity_queries import count_entity_articles, entity_article_page
from curator.core.store import ArticleQuery, Library


class ArticleScope:
    """The library's articles, or only those mentioning ``entity_id`` when it is set."""

    def __init__(self, library: Library):
        self.library = library
        self.entity_id: int | None = None
        self.entity_name = ""

    def count_articles(self, query: ArticleQuery = ArticleQuery()) -> int:
        if self.entity_id is None:
            return self.library.count_articles(query)
        return count_entity_articles(self.library, self.entity_id, query)

    def article_page(self, query: ArticleQuery, offset: int, limit: int) -> list[dict]:
        if self.entity_id is None:
            return self.library.article_page(query, offset, limit)
        return entity_article_page(self.library, self.entity_id, query, offset, limit)


class FilterBanner(QFrame):
    """"Articles mentioning Sergei Lavrov" and a Clear button, above the list while it is narrowed."""

    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("entityFilterBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.label = QLabel()
        self.label.setObjectName("entityFilterText")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.clear_button = QToolButton()
        self.clear_button.setObjectName("clearEntityFilter")
        self.clear_button.setText("Clear")
        self.clear_button.setToolTip("List every article again")
        self.clear_button.clicked.connect(self.clear_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.clear_button)
        self.hide()

    def show_entity(self, name: str | None) -> None:
        self.label.setText(f"Articles mentioning {name}" if name else "")
        self.setVisible(bool(name))
