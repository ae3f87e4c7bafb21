"""The lazy article table: counts up front, reads pages only when asked, never bodies."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from curator.core.library import ArticleQuery, ArticleSort
from curator.ui.models.article_table import COLUMNS, DATE, LENGTH, TITLE, ArticleTableModel, format_date
from tests.factories import add_numbered_articles, merge_into


class CountingLibrary:
    """The library, counting how many pages the model reads."""

    def __init__(self, library):
        self._library = library
        self.page_reads = []

    def count_articles(self, query):
        return self._library.count_articles(query)

    def article_page(self, query, offset, limit):
        self.page_reads.append(offset)
        return self._library.article_page(query, offset, limit)


def test_five_thousand_articles_are_counted_without_reading_any_page(library):
    add_numbered_articles(library, 5000)
    counting = CountingLibrary(library)
    model = ArticleTableModel(counting, page_size=200, max_cached_pages=4)
    assert model.rowCount() == 5000
    assert model.columnCount() == len(COLUMNS)
    assert counting.page_reads == []


def test_reading_the_last_row_fetches_only_its_page(library):
    add_numbered_articles(library, 5000)
    counting = CountingLibrary(library)
    model = ArticleTableModel(counting, page_size=200, max_cached_pages=4)
    assert model.data(model.index(4999, TITLE)) == "Article 4999"
    assert model.data(model.index(4998, TITLE)) == "Article 4998"
    assert counting.page_reads == [4800]
    assert model.cached_page_indexes == [24]


def test_the_page_cache_keeps_only_the_most_recently_used_pages(library):
    add_numbered_articles(library, 5000)
    model = ArticleTableModel(library, page_size=200, max_cached_pages=4)
    for row in range(0, 5000, 100):
        model.data(model.index(row, TITLE))
    assert model.cached_page_indexes == [21, 22, 23, 24]
    model.data(model.index(0, TITLE))
    assert model.cached_page_indexes == [22, 23, 24, 0]


def test_a_view_scrolled_to_the_bottom_reads_only_the_pages_it_shows(qtbot, library):
    add_numbered_articles(library, 5000)
    counting = CountingLibrary(library)
    model = ArticleTableModel(counting, page_size=200, max_cached_pages=4)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(800, 600)
    view.show()
    qtbot.waitExposed(view)
    view.scrollToBottom()
    qtbot.wait(20)
    assert len(model.cached_page_indexes) <= 4
    assert 24 in model.cached_page_indexes
    assert len(counting.page_reads) <= 4


def test_set_query_resets_to_the_matching_articles(qtbot, library):
    add_numbered_articles(library, 300)
    add_numbered_articles(library, 1, title="Volcano erupts near {n} villages")
    model = ArticleTableModel(library)
    model.data(model.index(0, TITLE))
    with qtbot.waitSignal(model.modelReset):
        model.set_query(ArticleQuery(search="volcano"))
    assert model.rowCount() == 1
    assert model.cached_page_indexes == []
    assert model.data(model.index(0, TITLE)) == "Volcano erupts near 0 villages"


def test_merged_articles_show_only_when_asked_and_look_dimmed(library):
    [first, *_] = add_numbered_articles(library, 3)
    merge_into(library, first, add_numbered_articles(library, 2, title="Merged {n}"))
    model = ArticleTableModel(library)
    assert model.rowCount() == 3
    model.set_query(ArticleQuery(include_merged=True))
    assert model.rowCount() == 5
    assert model.data(model.index(4, TITLE)) == "Merged 1"
    assert model.data(model.index(4, TITLE), Qt.ItemDataRole.FontRole).italic()
    assert model.data(model.index(0, TITLE), Qt.ItemDataRole.FontRole) is None


def test_cells_show_the_date_part_and_a_right_aligned_length(library):
    add_numbered_articles(library, 1)
    model = ArticleTableModel(library)
    assert model.data(model.index(0, DATE)) == "2024-01-01"
    body_length = len("Body of article 0. " * 20)
    assert model.data(model.index(0, LENGTH)) == f"{body_length:,}"
    alignment = model.data(model.index(0, LENGTH), Qt.ItemDataRole.TextAlignmentRole)
    assert alignment & Qt.AlignmentFlag.AlignRight
    assert model.headerData(LENGTH, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)


def test_rows_past_the_end_are_empty_rather_than_errors(library):
    add_numbered_articles(library, 2)
    model = ArticleTableModel(library)
    assert model.article_id(2) is None
    assert model.summary(-1) is None


def test_format_date_keeps_plain_dates_and_unusual_text():
    assert format_date("2017-11-30") == "2017-11-30"
    assert format_date("2017-11-30T08:00:00+00:00") == "2017-11-30"
    assert format_date("2017-11-30 08:00") == "2017-11-30"
    assert format_date("Thursday") == "Thursday"
    assert format_date(None) == ""


class RankingLibrary(CountingLibrary):
    """The library, counting how often a search is ranked and which articles are read by id."""

    def __init__(self, library):
        super().__init__(library)
        self.rankings = 0
        self.read_by_id = []

    def article_ids(self, query):
        self.rankings += 1
        return self._library.article_ids(query)

    def article_summaries(self, ids):
        self.read_by_id.append(len(ids))
        return self._library.article_summaries(ids)


def test_a_search_by_relevance_is_ranked_once_and_its_pages_read_by_id(library):
    add_numbered_articles(library, 1000)
    query = ArticleQuery(search="article")
    ranking = RankingLibrary(library)
    model = ArticleTableModel(ranking, query, page_size=100, max_cached_pages=2)
    for row in (0, 450, 999, 120):
        model.data(model.index(row, TITLE))
    assert ranking.rankings == 1 and ranking.page_reads == [] and ranking.read_by_id == [100] * 4
    # The same rows, in the same order, as the library's own pages give them.
    shown = [model.summary(row)["id"] for row in range(model.rowCount())]
    assert shown == [row["id"] for offset in range(0, 1000, 100) for row in library.article_page(query, offset, 100)]
    # Sorted by a column, a search is read a page at a time as any list.
    model.set_query(ArticleQuery(search="article", sort=ArticleSort.TITLE))
    model.data(model.index(0, TITLE))
    assert ranking.rankings == 1 and ranking.page_reads == [0]


class LaterRanking:
    """A ranker that answers when told to, as the reader thread answers through the event loop."""

    def __init__(self, library):
        self._library = library
        self.waiting = []

    def __call__(self, query, deliver):
        self.waiting.append((query, deliver))

    def answer(self, index=0):
        query, deliver = self.waiting.pop(index)
        deliver(self._library.article_ids(query))


def test_a_search_ranked_later_shows_no_rows_until_its_ranking_comes(qtbot, library):
    add_numbered_articles(library, 300)
    later = LaterRanking(library)
    model = ArticleTableModel(library, rank=later)
    assert model.rowCount() == 300 and not later.waiting  # no search: counted, not ranked
    model.set_query(ArticleQuery(search="article"))
    assert model.rowCount() == 0 and model.searching and len(later.waiting) == 1
    with qtbot.waitSignal(model.search_ranked):
        later.answer()
    assert model.rowCount() == 300 and not model.searching
    assert model.summary(0)["id"] == library.article_ids(ArticleQuery(search="article"))[0]


def test_a_ranking_for_a_search_since_replaced_is_dropped(qtbot, library):
    add_numbered_articles(library, 30)
    later = LaterRanking(library)
    model = ArticleTableModel(library, rank=later)
    model.set_query(ArticleQuery(search="article"))
    model.set_query(ArticleQuery(search="article 7"))
    with qtbot.assertNotEmitted(model.search_ranked):
        later.answer(0)  # the first search's ranking comes after the second was asked for
    assert model.rowCount() == 0 and model.searching
    later.answer(0)
    assert model.rowCount() == len(library.article_ids(ArticleQuery(search="article 7")))


def test_a_search_read_again_keeps_its_rows_until_ranked_again(library):
    add_numbered_articles(library, 20)
    later = LaterRanking(library)
    query = ArticleQuery(search="article")
    model = ArticleTableModel(library, query, rank=later)
    later.answer()
    add_numbered_articles(library, 5)
    model.refresh()  # after a change: the old ranking shows while the new one is made
    assert model.rowCount() == 20 and not model.searching
    later.answer()
    assert model.rowCount() == 25
