import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.core.dedupe.compare import (
    Segment,
    align_paragraphs,
    boilerplate_lines,
    compare_articles,
    split_paragraphs,
    word_diff,
)
from curator.core.dedupe.scan import scan_duplicates
from curator.core.ingest.importing import import_paths
from curator.core.ingest.samples import sample_paths

LEDE = "Russia on Thursday rejected a US call to cut ties with North Korea after its latest missile launch."
QUOTE = "\"We see this negatively,\" Foreign Minister Sergei Lavrov told journalists in the Belarusian capital Minsk."
ACCUSED = "He accused the United States of seeking to provoke the regime and asked whether Washington planned to destroy it."
KREMLIN = "The Kremlin on Wednesday called the latest missile test a provocative action and appealed for calm on all sides."
EMBARGO = "The United States earlier this year pressed for a full oil embargo but dropped it after resistance from China."
PUTIN = "Russian President Vladimir Putin has emerged as one of the most strident voices against punishing Pyongyang."


def pairs(rows):
    return [(row.a, row.b) for row in rows]


def test_identical_versions_pair_one_to_one():
    rows = align_paragraphs([LEDE, QUOTE, ACCUSED], [LEDE, QUOTE, ACCUSED])
    assert pairs(rows) == [(0, 0), (1, 1), (2, 2)]
    assert [row.similarity for row in rows] == [1.0, 1.0, 1.0]


def test_inserted_deleted_edited_and_trimmed_paragraphs():
    a = [LEDE, QUOTE, ACCUSED, KREMLIN, EMBARGO]
    b = [
        LEDE.replace("Thursday", "Wednesday").replace("latest", "newest"),  # edited
        PUTIN,  # inserted
        QUOTE,
        # ACCUSED deleted
        "The Kremlin on Wednesday called the latest missile test a provocative action.",  # trimmed
        EMBARGO,
    ]
    rows = align_paragraphs(a, b)
    assert pairs(rows) == [(0, 0), (None, 1), (1, 2), (2, None), (3, 3), (4, 4)]
    assert 0.8 < rows[0].similarity < 1.0
    assert rows[4].similarity < 0.8  # a trimmed paragraph pairs through containment, not its ratio


def test_a_paragraph_split_in_two_spans_both_halves():
    first, second = QUOTE.split(" Foreign")[0], "Foreign" + QUOTE.split(" Foreign")[1]
    rows = align_paragraphs([LEDE, QUOTE, ACCUSED], [LEDE, first + " he said.", second, ACCUSED])
    assert pairs(rows) == [(0, 0), (1, 1), (None, 2), (2, 3)]
    assert rows[2].continues and not rows[1].continues


def test_unrelated_paragraphs_never_pair():
    assert pairs(align_paragraphs([LEDE, ACCUSED], [PUTIN, EMBARGO])) == [(0, None), (1, None), (None, 0), (None, 1)]


def test_empty_sides():
    assert align_paragraphs([], []) == []
    assert pairs(align_paragraphs([LEDE], [])) == [(0, None)]
    assert pairs(align_paragraphs([], [LEDE, "—"])) == [(None, 0), (None, 1)]


def test_word_diff_marks_changed_words_and_keeps_the_text():
    a = "The Kremlin yesterday called the test a “provocative action”."
    b = "The KREMLIN on Wednesday called the test a \"provocative action\"  and appealed for calm."
    diff_a, diff_b = word_diff(a, b)
    assert "".join(text for text, _ in diff_a) == a and "".join(text for text, _ in diff_b) == b
    assert [text for text, shared in diff_a if not shared] == ["yesterday"]
    assert [text for text, shared in diff_b if not shared] == ["on Wednesday", "and appealed for calm."]
    assert diff_b[0] == Segment("The KREMLIN ", True)


def test_word_diff_finds_a_word_written_with_a_non_joiner_the_same_as_without_it():
    a = "دولت می\u200cخواهد قیمت\u200cها را ثابت نگه دارد."
    diff_a, diff_b = word_diff(a, a.replace("\u200c", ""))
    assert "".join(text for text, _ in diff_a) == a
    assert all(shared for _, shared in diff_a) and all(shared for _, shared in diff_b)


def test_word_diff_of_texts_without_words():
    assert word_diff("", "") == ([], [])
    assert word_diff("* * *", "Text.") == ([Segment("* * *", True)], [Segment("Text.", False)])


def test_boilerplate_lines_are_placed_before_the_paragraph_they_preceded():
    raw = (
        "MOSCOW: First paragraph here, which is long enough.\n\nAdvertisement\n\n"
        "Second paragraph, also\nspread over two lines.\nSCROLL TO CONTINUE READING\nStill the second.\n\n"
        "Third paragraph.\n\nRead more: Russia says talks are over\n"
    )
    body = "First paragraph here, which is long enough.\n\nSecond paragraph, also spread over two lines. Still the second.\n\nThird paragraph."
    assert boilerplate_lines(raw, body) == [
        (1, "Advertisement"),
        (2, "SCROLL TO CONTINUE READING"),  # inside a paragraph: shown after it
        (3, "Read more: Russia says talks are over"),
    ]
    assert boilerplate_lines("One.\nAdvertisement\nTwo.", "One.\n\nTwo.") == [(1, "Advertisement")]
    assert boilerplate_lines(body, body) == []


@pytest.fixture
def seeds(library):
    import_paths(library, sample_paths())
    scan_duplicates(library)
    return library


def test_comparing_the_seed_pair(seeds):
    comparison = compare_articles(seeds, 2, 1)  # A is always the lower id
    assert (comparison.a.id, comparison.b.id) == (1, 2)
    assert comparison.suggested and comparison.kind == "contained" and comparison.score >= 0.7
    assert "contained" in comparison.summary and comparison.summary == comparison.reason["summary"]
    fields = {field.name: field for field in comparison.fields}
    assert [field.label for field in comparison.fields] == [
        "Title", "Date", "Outlet", "URL", "Byline", "Dateline", "Source files"]
    assert (fields["published"].a, fields["published"].b, fields["published"].same) == (None, "2017-11-30", False)
    assert fields["dateline"].same  # "Moscow" and "MOSCOW"
    assert fields["outlet"].same and fields["outlet"].a is None
    assert fields["sources"].a.endswith("russia-rejects-us-call-to-cut-ties-1.txt") and not fields["sources"].same

    rows = comparison.rows
    boilerplate = [row for row in rows if row.kind == "boilerplate"]
    assert [(row.a[0].text, row.b) for row in boilerplate] == [
        ("COMMERCIAL BREAK", None), ("SCROLL TO CONTINUE READING", None)]
    assert rows.index(boilerplate[0]) == 1  # after the lede, where the file had it
    body_a, body_b = (seeds.article(i)["body"] for i in (1, 2))
    shown_a = ["".join(text for text, _ in row.a) for row in rows if row.a and row.kind != "boilerplate"]
    shown_b = ["".join(text for text, _ in row.b) for row in rows if row.b and row.kind != "boilerplate"]
    assert shown_a == split_paragraphs(body_a) and shown_b == split_paragraphs(body_b)

    only_a = [row for row in rows if row.kind == "only" and row.a]
    assert any(row.a[0].text.startswith("Lavrov pointed to Washington's plans") for row in only_a)
    moved = [row for row in rows if row.kind == "moved"]
    assert moved and all(rows[row.counterpart_row].kind == "moved" for row in moved)
    kremlin = next(row for row in rows if row.a and row.a[0].text.startswith("The Kremlin"))
    assert [text for text, shared in kremlin.a if not shared] == ["yesterday"]
    assert [text for text, shared in kremlin.b if not shared] == ["on Wednesday"]
    assert comparison.words_only_a > comparison.words_only_b > 0


def test_comparing_articles_that_are_not_a_suggestion(library):
    import_paths(library, sample_paths())  # never scanned, so not suggested to each other
    comparison = compare_articles(library, 1, 2)
    assert not comparison.suggested and comparison.kind == "contained"
    assert "contained in A" in comparison.summary
    with pytest.raises(KeyError):
        compare_articles(library, 1, 99)


paragraph = st.lists(st.sampled_from("russia us korea missile the a said lavrov minsk kremlin — 2017".split()),
                     max_size=12).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(paragraph, max_size=8), st.lists(paragraph, max_size=8))
def test_every_paragraph_appears_once_in_reading_order(paragraphs_a, paragraphs_b):
    rows = align_paragraphs(paragraphs_a, paragraphs_b)
    assert [row.a for row in rows if row.a is not None] == list(range(len(paragraphs_a)))
    assert [row.b for row in rows if row.b is not None] == list(range(len(paragraphs_b)))
    assert not rows or not rows[0].continues


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.text(max_size=80))
def test_word_diff_segments_join_back_to_the_inputs(text_a, text_b):
    diff_a, diff_b = word_diff(text_a, text_b)
    assert "".join(text for text, _ in diff_a) == text_a
    assert "".join(text for text, _ in diff_b) == text_b
    assert all(text for text, _ in diff_a + diff_b)
