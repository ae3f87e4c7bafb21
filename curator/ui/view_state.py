"""Where the user was in each library: the page, the open article or pair, the queue's filters, the
list's sort and search. Saved when the window closes and restored when the same file opens again.

Kept in QSettings under a key made from the library file's path, so two libraries remember apart.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

from curator.core.dedupe import KINDS, PairOrder, PairQuery
from curator.core.library import ArticleSort

if TYPE_CHECKING:
    from curator.ui.main_window import MainWindow

PAGES = ("library", "duplicates", "stories")
_PAIR_ORDERS = {order.value for order in PairOrder}


def settings_group(window: MainWindow) -> str | None:
    """The QSettings group of the window's library (None for a library with no file)."""
    path = window.library_path
    if path is None:
        return None
    return "library_views/" + hashlib.sha1(str(path.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def save_view_state(window: MainWindow) -> None:
    group = settings_group(window)
    if group is None:
        return
    settings = QSettings()
    settings.beginGroup(group)
    settings.remove("")
    pages = dict(zip((window.library_view, window.duplicates_view, window.stories_view), PAGES))
    settings.setValue("page", pages.get(window.chosen_page, "library"))
    library = window.library_view
    query = library.model.query
    settings.setValue("search", query.search)
    settings.setValue("sort", query.sort.name if query.sort is not None else "")
    settings.setValue("descending", query.descending)
    article_id = library.selected_article_id()
    if article_id is not None and not query.trash:
        settings.setValue("article", article_id)
        settings.setValue("article_row", library.table.currentIndex().row())
    duplicates = window.duplicates_view
    pairs = duplicates.model.query
    settings.setValue("kinds", ",".join(pairs.kinds) or "none")
    settings.setValue("min_score", round(pairs.min_score * 100))
    settings.setValue("max_score", round(pairs.max_score * 100))
    settings.setValue("outlet", pairs.outlet)
    settings.setValue("skipped", pairs.skipped)
    settings.setValue("pair_order", pairs.order.value)
    pair = duplicates.current_pair()
    if pair is not None:
        settings.setValue("pair", f"{pair['a']},{pair['b']}")
        settings.setValue("pair_row", duplicates.table.currentIndex().row())
    if window.stories_view.page is not None:
        settings.setValue("story", window.stories_view.page.story.id)
        settings.setValue("story_versions", ",".join(map(str, window.stories_view.selected_versions())))
    settings.endGroup()


def restore_view_state(window: MainWindow) -> None:
    """Put the window back where it was left; what no longer exists (an article, an outlet) is passed over."""
    group = settings_group(window)
    if group is None:
        return
    settings = QSettings()
    settings.beginGroup(group)
    if settings.contains("page"):
        _restore_pair_filters(window, settings)
        _restore_article_list(window, settings)
        story = _int(settings.value("story"))
        if story is not None:
            versions = tuple(int(part) for part in str(settings.value("story_versions", "")).split(",") if part.isdigit())
            window.stories_view.show_story_when_read(story, versions)
        page = dict(zip(PAGES, (window.library_view, window.duplicates_view, window.stories_view)))
        window.show_view(page.get(str(settings.value("page")), window.library_view))
        _restore_pair(window, settings)
    settings.endGroup()


def _restore_article_list(window: MainWindow, settings: QSettings) -> None:
    library = window.library_view
    search = str(settings.value("search", ""))
    sort = ArticleSort.__members__.get(str(settings.value("sort", "")))
    descending = _flag(settings.value("descending", False))
    window.search_box.blockSignals(True)  # set at once, not after the typing pause
    window.search_box.setText(search)
    window.search_box.blockSignals(False)
    query = replace(library.model.query, search=search, sort=sort, descending=descending and sort is not None)
    if query != library.model.query:
        library.set_query(query)
    article = _int(settings.value("article"))
    if article is not None:
        library.show_article_row(article, near=_number(settings.value("article_row"), 0))


def _restore_pair_filters(window: MainWindow, settings: QSettings) -> None:
    stored = str(settings.value("kinds", ""))
    kinds = () if stored == "none" else tuple(kind for kind in KINDS if kind in stored.split(","))
    window.duplicates_view.set_query(PairQuery(
        kinds=kinds if stored else KINDS,
        min_score=_number(settings.value("min_score"), 0) / 100,
        max_score=_number(settings.value("max_score"), 100) / 100,
        outlet=str(settings.value("outlet", "")),
        skipped=_flag(settings.value("skipped", False)),
        order=PairOrder(order) if (order := str(settings.value("pair_order", ""))) in _PAIR_ORDERS else PairOrder.QUEUE))


def _restore_pair(window: MainWindow, settings: QSettings) -> None:
    stored = str(settings.value("pair", ""))
    ids = [int(part) for part in stored.split(",") if part.isdigit()]
    if len(ids) == 2:
        window.duplicates_view.select_pair(ids[0], ids[1], near=_number(settings.value("pair_row"), 0))


def _int(value: object, default: int | None = None) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return default


def _number(value: object, default: int) -> int:
    number = _int(value)
    return default if number is None else number


def _flag(value: object) -> bool:
    # The INI format reads a stored bool back as the string "true" or "false".
    return value is True or str(value).lower() == "true"

