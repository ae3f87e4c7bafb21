"""The reading pane: empty state, header, sources and comfortable body text."""

from PySide6.QtGui import QTextBlockFormat

from curator.core.curation import ReadingView, SourceFile
from curator.ui.widgets.article_view import EMPTY_MESSAGE, MIN_SIDE_MARGIN, ArticleView

ARTICLE = ReadingView(
    id=7,
    title="Volcano erupts near coastal villages",
    published="2024-03-02T06:15:00",
    outlet="Harbour Herald",
    dateline="REYKJAVIK",
    byline="Anna Jónsdóttir",
    url="https://www.example.com/news/volcano",
    body="First paragraph of the story.\n\nSecond paragraph,\nwith a line break.\n\n\nThird paragraph.",
    sources=(
        SourceFile(7, "/data/incoming/volcano.html", None, "html", "utf-8"),
        SourceFile(7, "/data/feeds.csv", "row 3", "csv", "latin-1"),
    ),
)


def make_view(qtbot, width=900):
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(width, 700)
    view.show()
    return view


def test_nothing_selected_shows_a_hint(qtbot):
    view = make_view(qtbot)
    assert not view.showing_article
    assert view.currentWidget().text() == EMPTY_MESSAGE
    assert view.title_text() == ""


def test_an_article_shows_title_meta_link_sources_and_body(qtbot):
    view = make_view(qtbot)
    view.show_article(ARTICLE)
    assert view.showing_article and view.article_id == 7
    assert view.title_text() == ARTICLE.title
    text = view.browser.toPlainText()
    assert "2024-03-02  ·  Harbour Herald  ·  REYKJAVIK  ·  By Anna Jónsdóttir  ·  example.com/news/volcano" in text
    assert "Source: volcano.html — html, utf-8  ·  /data/incoming" in text
    assert "Source: feeds.csv (row 3) — csv, latin-1  ·  /data" in text
    assert 'href="https://www.example.com/news/volcano"' in view.browser.toHtml()
    assert view.browser.isReadOnly() and view.browser.openExternalLinks()


def test_the_body_is_split_into_spaced_paragraphs(qtbot):
    view = make_view(qtbot)
    view.show_article(ARTICLE)
    document = view.browser.document()
    blocks = [document.findBlockByNumber(n) for n in range(document.blockCount())]
    body = [block for block in blocks if block.text().startswith(("First", "Second", "Third"))]
    assert [block.text() for block in body] == [
        "First paragraph of the story.",
        "Second paragraph,\u2028with a line break.",
        "Third paragraph.",
    ]
    for block in body:
        assert block.blockFormat().bottomMargin() > 0
        assert block.blockFormat().lineHeightType() == QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
        assert block.blockFormat().lineHeight() == 150


def test_a_wide_pane_keeps_the_text_at_reading_width(qtbot):
    view = make_view(qtbot, width=1800)
    view.show_article(ARTICLE)
    margin = view.browser.document().rootFrame().frameFormat().leftMargin()
    assert margin > MIN_SIDE_MARGIN
    narrow = make_view(qtbot, width=400)
    narrow.show_article(ARTICLE)
    assert narrow.browser.document().rootFrame().frameFormat().leftMargin() == MIN_SIDE_MARGIN


def test_missing_fields_leave_no_empty_separators(qtbot):
    view = make_view(qtbot)
    view.show_article(ReadingView(id=1, title="Bare", body="Only text."))
    assert view.browser.toPlainText().splitlines() == ["Bare", "Only text."]
    assert "·" not in view.browser.toPlainText()


def test_clearing_returns_to_the_hint(qtbot):
    view = make_view(qtbot)
    view.show_article(ARTICLE)
    view.show_article(None)
    assert not view.showing_article and view.article_id is None
