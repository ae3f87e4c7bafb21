"""Rows of a long query, read a page at a time and only when a view asks for them.

Only the row count is known up front; a few recently used pages are kept. Each
read is one bounded query (``LIMIT page_size``), cheap enough for the UI thread,
so tables stay fast with 100,000 rows.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Callable

CountRows = Callable[[], int]
ReadPage = Callable[[int, int], list[dict]]  # (offset, limit) -> rows


class PagedRows:
    """A lazily read, page-cached list of row dicts."""

    def __init__(self, count: CountRows, read_page: ReadPage, *, page_size: int = 200, max_cached_pages: int = 4):
        self._count = count
        self._read_page = read_page
        self._page_size = page_size
        self._max_cached_pages = max_cached_pages
        self._pages: OrderedDict[int, list[dict]] = OrderedDict()  # page index -> rows, least recently used first
        self._row_count = count()

    def reload(self) -> None:
        """Forget every cached row and count again."""
        self._pages.clear()
        self._row_count = self._count()

    def __len__(self) -> int:
        return self._row_count

    @property
    def cached_page_indexes(self) -> list[int]:
        """Pages currently held in memory, least recently used first."""
        return list(self._pages)

    def row(self, index: int) -> dict | None:
        if not 0 <= index < self._row_count:
            return None
        page = self._page(index // self._page_size)
        offset = index % self._page_size
        # The data can shrink under a page we counted; show nothing rather than fail.
        return page[offset] if offset < len(page) else None

    def _page(self, index: int) -> list[dict]:
        if index in self._pages:
            self._pages.move_to_end(index)
            return self._pages[index]
        rows = self._read_page(index * self._page_size, self._page_size)
        self._pages[index] = rows
        while len(self._pages) > self._max_cached_pages:
            self._pages.popitem(last=False)
        return rows
