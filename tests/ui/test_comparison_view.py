"""The side-by-side comparison: header, field table, aligned bodies, and the message state."""

import pytest
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import QLabel, QTableWidget, QTextBrowser

from curator.core.dedupe.compare import compare_articles
from curator.core.dedupe.scan import scan_duplicates
from curator.core.ingest.importing import import_paths
from curator.core.ingest.samples import sample_paths
from curator.ui.tints import DARK, LIGHT
from curator.ui.widgets.comparison import ComparisonView


@pytest.fixture
def comparison(library):
    import_paths(library, sample_paths())
    scan_duplicates(library)
    return compare_articles(library, 1, 2)


@pytest.fixture
def view(qtbot):
    view = ComparisonView()
    qtbot.addWidget(view)
    view.resize(850, 700)
    view.show()
    return view


def fragments(document):
    """Every (text, char format) run of a document, table cells included."""
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            yield iterator.fragment().text(), iterator.fragment().charFormat()
            iterator += 1
        block = block.next()


def test_the_header_shows_score_kind_and_reason(view, comparison):
    view.show_comparison(comparison)
    header = view.findChild(QLabel, "comparisonHeader")
    assert view.showing_comparison and header.isVisible()
    assert f"{comparison.score:.0%}" in header.text()
    assert "Contained (abridged) copy" in header.text()
    assert "B is 82% contained in A" in header.text()


def test_the_field_table_marks_differing_rows(view, comparison):
    view.show_comparison(comparison)
    table = view.findChild(QTableWidget, "comparisonFields")
    labels = [table.item(row, 0).text().rstrip(" ≠") for row in range(table.rowCount())]
    assert labels == ["Title", "Date", "Dateline", "Source files"]  # no outlet, URL or byline on either side
    date, dateline = labels.index("Date"), labels.index("Dateline")
    assert (table.item(date, 1).text(), table.item(date, 2).text()) == ("—", "2017-11-30")
    assert table.item(date, 2).font().bold() and table.item(date, 0).text().endswith("≠")
    assert not table.item(dateline, 2).font().bold() and not table.item(dateline, 0).text().endswith("≠")
    assert table.item(labels.index("Source files"), 1).text() == "russia-rejects-us-call-to-cut-ties-1.txt"
    # Every row is visible without scrolling.
    assert table.height() >= table.horizontalHeader().height() + sum(map(table.rowHeight, range(table.rowCount())))


def test_the_bodies_show_both_sides_tints_and_struck_boilerplate(view, comparison):
    view.show_comparison(comparison)
    bodies = view.findChild(QTextBrowser, "comparisonBodies")
    text = bodies.toPlainText()
    assert "suggesting Washington has been doing everything" in text  # A's lede
    assert "in response to Pyongyang's launch of an intercontinental ballistic missile" in text  # B's lede
    runs = list(fragments(bodies.document()))
    struck = [text for text, char_format in runs if char_format.fontStrikeOut()]
    assert struck == ["COMMERCIAL BREAK", "SCROLL TO CONTINUE READING"]
    tinted_a = [text for text, f in runs if f.background().color() == QColor(LIGHT.only_a)]
    tinted_b = [text for text, f in runs if f.background().color() == QColor(LIGHT.only_b)]
    assert "yesterday" in tinted_a and "on Wednesday" in tinted_b
    assert view.heading_a.full_text() == "A · russia-rejects-us-call-to-cut-ties-1.txt"
    assert view.heading_b.full_text().startswith("B · ")
    # Narrower than its file name, a heading ends in "…" and keeps the sources in its tooltip.
    view.heading_a.resize(120, view.heading_a.height())
    assert view.heading_a.text().endswith("…") and "russia-rejects-us-call-to-cut-ties-1.txt" in view.heading_a.toolTip()


def test_a_paragraph_only_one_side_has_is_a_tinted_cell_beside_an_empty_one(view, comparison):
    view.show_comparison(comparison)
    document = view.bodies.document()
    cursor = QTextCursor(document)
    cursor.movePosition(QTextCursor.MoveOperation.NextBlock)
    table = cursor.currentTable()
    row = next(n for n, r in enumerate(comparison.rows) if r.kind == "only" and r.a and r.b is None)
    assert table.cellAt(row, 0).format().background().color() == QColor(LIGHT.only_a)
    right = table.cellAt(row, 1)
    assert right.firstCursorPosition().position() == right.lastCursorPosition().position()  # empty


def test_a_split_paragraph_spans_both_halves(view, comparison):
    view.show_comparison(comparison)
    cursor = QTextCursor(view.bodies.document())
    cursor.movePosition(QTextCursor.MoveOperation.NextBlock)
    table = cursor.currentTable()
    second_half = next(n for n, r in enumerate(comparison.rows) if r.kind == "continued")
    assert comparison.rows[second_half].a is None
    assert table.cellAt(second_half - 1, 0).rowSpan() == 2 and table.cellAt(second_half, 1).rowSpan() == 1
    assert "We have repeatedly stated" in table.cellAt(second_half, 1).firstCursorPosition().block().text()


def test_a_moved_paragraph_links_to_where_it_went(view, comparison):
    view.show_comparison(comparison)
    moved = next(n for n, r in enumerate(comparison.rows) if r.kind == "moved" and r.b is None)
    runs = list(fragments(view.bodies.document()))
    links = [f.anchorHref() for _, f in runs if f.isAnchor() and f.anchorHref()]
    assert f"#row{comparison.rows[moved].counterpart_row}" in links
    assert any(f"row{comparison.rows[moved].counterpart_row}" in f.anchorNames() for _, f in runs)


def test_clear_shows_the_message(view, comparison):
    view.show_comparison(comparison)
    view.clear("Select a pair to compare")
    assert not view.showing_comparison and view.comparison is None
    message = view.currentWidget()
    assert message.objectName() == "comparisonMessage" and message.text() == "Select a pair to compare"
    view.show_comparison(comparison)
    assert view.showing_comparison


def test_on_a_dark_page_the_tints_are_deep_and_the_text_light(view, comparison):
    from PySide6.QtGui import QPalette

    dark = QPalette(view.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e8e8e8"))
    view.show_comparison(comparison)
    view.setPalette(dark)  # a theme chosen while the comparison shows: drawn again in its colours
    runs = list(fragments(view.bodies.document()))
    tinted = [f for _, f in runs if f.background().color() in (QColor(DARK.only_a), QColor(DARK.only_b))]
    assert tinted and all(f.foreground().color() == QColor(DARK.text) for f in tinted)
    assert not [f for _, f in runs if f.background().color() in (QColor(LIGHT.only_a), QColor(LIGHT.only_b))]


def test_in_a_short_pane_the_fields_scroll_instead_of_running_under_the_legend(qtbot, view, comparison):
    view.show_comparison(comparison)
    fields = view.findChild(QTableWidget, "comparisonFields")
    legend = view.findChild(QLabel, "comparisonLegend")
    bodies = view.findChild(QTextBrowser, "comparisonBodies")
    view.resize(420, 700)
    qtbot.wait(50)
    every_row = fields.height()
    view.resize(420, 330)
    qtbot.waitUntil(lambda: fields.height() < every_row)
    assert fields.geometry().bottom() < legend.geometry().top()
    assert legend.geometry().bottom() < bodies.geometry().top()
    view.resize(420, 700)
    qtbot.waitUntil(lambda: fields.height() == every_row)  # room again: every row shows, no scroll bar


def test_in_a_short_pane_the_texts_keep_more_room_than_the_fields(qtbot, view, comparison):
    view.show_comparison(comparison)
    fields = view.findChild(QTableWidget, "comparisonFields")
    bodies = view.findChild(QTextBrowser, "comparisonBodies")
    view.resize(450, 420)  # the review page of an 800x600 screen
    qtbot.wait(50)
    assert fields.height() <= 0.22 * view.height()
    assert bodies.height() > 1.5 * fields.height()


def test_a_short_pane_shows_the_fields_in_whole_rows(qtbot, view, comparison):
    view.show_comparison(comparison)
    fields = view.findChild(QTableWidget, "comparisonFields")
    view.resize(450, 420)
    qtbot.wait(50)
    header = fields.horizontalHeader().height() + 2 * fields.frameWidth()
    heights = [fields.rowHeight(row) for row in range(fields.rowCount())]
    assert fields.height() - header in {sum(heights[:n]) for n in range(1, len(heights) + 1)}
