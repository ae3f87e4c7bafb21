"""Reading articles for the story scan: its quick paths read what the full ones read."""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.core.entities.names import OPENERS, OPENERS_ANYWHERE, pieces
from curator.core.library import Library
from curator.core.stories import scan_stories, story_text, within_reach
from curator.core.stories.score import library_logit, threshold_logit
from curator.core.stories.signatures import ReadTexts, Vocabulary
from curator.core.stories.terms import STOPWORDS, term_counts
from curator.core.text import UNSPACED_RUN, fold_word
from tests.factories import add_article

FIXTURES = sorted((Path(__file__).parent.parent / "data" / "entities").glob("*.txt"))
_WORDS = st.sampled_from(["Kim", "Jong-Un", "of", "the", "The", "US", "U.S.", "J.", "Lavrov", "Mr.", "President",
                          "spokesman", "in", "and", "&", "Bank", "England", "al-Assad", "d’Estaing", "bin", "abu-Said",
                          "Orkney-based", "Workers'", "Party", "Ⓐ", "İstanbul", "São", "“Equinor’s”", "€5m", "—",
                          "\n\n", ".", ",", "said", "Monday", "New", "York", "\u00a0", "東京都は", "ｺﾛﾅ", "习近平。",
                          "ประเทศไทย", "\u0e48", "ソウル・"])
_TEXT = st.one_of(st.text(max_size=200), st.lists(_WORDS, max_size=60).map(" ".join))


def _fixture_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in FIXTURES]


def _read(found: list) -> list[tuple]:
    """What the story score reads of each piece: where it is, its text, its words, whether it opens a sentence."""
    return [(piece.start, piece.end, piece.text, piece.words, piece.initial) for piece in found]


def test_pieces_without_roles_are_the_pieces_of_labelled_articles():
    assert FIXTURES
    for body in _fixture_texts():
        assert _read(pieces(body, roles=False)) == _read(pieces(body))


@settings(max_examples=300, deadline=None)
@given(body=_TEXT)
def test_pieces_without_roles_are_the_pieces_of_any_text(body):
    assert _read(pieces(body, roles=False)) == _read(pieces(body))


@pytest.mark.parametrize("body, found", [
    ("Syria’s al-Assad met Valéry d’Estaing and Mohammed bin Salman in Abu Dhabi.",
     [("Syria", True), ("al-Assad", False), ("Valéry d’Estaing", False), ("Mohammed bin Salman", False),
      ("Abu Dhabi", False)]),
    ("The abu-Bakr and ibn-Saud, el-Sisi, d'Arc: ⒶⒷ Ⓒd.",
     [("abu-Bakr", False), ("ibn-Saud", False), ("el-Sisi", False), ("d'Arc", False), ("Ⓐ", True), ("Ⓑ Ⓒd", False)]),
    ("Talks with al-Assad, abu-Said and bin-Laden ended.",
     [("Talks", True), ("al-Assad", False), ("abu-Said", False), ("bin-Laden", False)]),
])
def test_names_open_with_a_prefix_in_lower_case_or_any_capital(body, found):
    # A capital that is no word character ("Ⓐ") ends its name, and the next may start right after it.
    assert [(piece.text, piece.initial) for piece in pieces(body)] == found


def test_the_pronoun_i_is_no_name_a_story_shares_but_a_regnal_number_is():
    quoted = story_text("Talks end", '"As I said, I will go," Smith told Reuters. I think so. Elizabeth I came.', None)
    assert set(quoted.names) == {"smith", "reuters", "elizabeth i"}
    assert "i" not in quoted.openers


def test_a_letter_or_an_abbreviation_naming_no_one_is_no_name_a_story_shares():
    brief = story_text("Stocks rise", "The S&P 500 and AT&T rose on Monday as GDP grew, the CEO said in St. Louis.", None)
    assert set(brief.names) | set(brief.openers) == {"s&p", "at&t", "st. louis"}


@pytest.mark.parametrize("body", ['He said, "It is settled," Smith told Reuters.', "Smith said: “We are sure,” in Oslo.",
                                  "Smith told Reuters ('This is it') in Oslo.",
                                  "Smith made her nervous A woman who sat near him In Oslo told Reuters."])
def test_a_word_opening_a_quotation_or_a_sentence_that_lost_its_full_stop_is_no_name(body):
    # "It", "We", "This" open what is quoted; "A" and "In" a sentence whose full stop a page lost.
    assert {piece.text for piece in pieces(body)} <= {"Smith", "Reuters", "Oslo"}


def test_the_openers_that_are_no_name_anywhere_are_openers():
    assert OPENERS_ANYWHERE < OPENERS and not {"May", "Will", "Today"} & OPENERS_ANYWHERE


def _folded_terms(text: str) -> Counter[str]:
    """Every word of two letters or more folded on its own, the function words left out; where the text
    has letters of a script written without spaces, read after NFKC, each run of them (with its marks)
    as its pairs of characters, after the words."""
    runs = UNSPACED_RUN.findall(unicodedata.normalize("NFKC", text)) if UNSPACED_RUN.search(text) else []
    if runs:
        text = UNSPACED_RUN.sub(" ", unicodedata.normalize("NFKC", text))
    terms = Counter(term for term in map(fold_word, re.findall(r"[^\W\d_]{2,}", text)) if term not in STOPWORDS)
    terms.update(run[start:start + 2] for run in runs if any(character.isalpha() for character in run)
                 for start in range(max(1, len(run) - 1)))
    return terms


def test_terms_are_the_folded_words_of_labelled_articles():
    for text in _fixture_texts():
        assert list(term_counts(text).items()) == list(_folded_terms(text).items())


@settings(max_examples=300, deadline=None)
@given(text=_TEXT)
def test_terms_are_the_folded_words_of_any_text(text):
    assert list(term_counts(text).items()) == list(_folded_terms(text).items())


def test_texts_signed_in_a_batch_are_signed_as_one_by_one():
    texts = [story_text(body.split("\n", 1)[0], body, "2022-11-14" if index % 2 else None)
             for index, body in enumerate(_fixture_texts())]
    one_by_one, batched = Vocabulary({}, {}), Vocabulary({}, {})
    signatures, term_ids = batched.sign(ReadTexts.of(texts))
    assert signatures == [one_by_one.encode(text) for text in texts]
    assert (one_by_one.terms, one_by_one.names) == (batched.terms, batched.names)
    assert term_ids.tolist() == [batched.terms[term] for text in texts for term in text.terms]


def test_pairs_within_reach_are_those_whose_score_reaches_the_threshold():
    random = np.random.default_rng(7)
    pairs = 20_000
    text = random.random(pairs, dtype=np.float32).astype(np.float64)
    title = (random.random(pairs, dtype=np.float32) ** 3).astype(np.float64)
    fewer = random.integers(2, 40, pairs)
    common = np.minimum(random.integers(2, 12, pairs), fewer).astype(np.float64)
    days_a, days_b = random.integers(0, 3, pairs) * random.integers(738000, 738100, pairs), \
        random.integers(738000, 738100, pairs)
    one_by_one = [index for index in range(pairs)
                  if library_logit(float(text[index]), float(title[index]), float(common[index]) / int(fewer[index]),
                                abs(int(days_a[index]) - int(days_b[index])) if days_a[index] else None)
                  >= threshold_logit()]
    assert 0 < len(one_by_one) < pairs
    assert within_reach(text, title, common, fewer, days_a, days_b).tolist() == one_by_one


def test_a_library_indexed_before_reads_the_articles_with_misread_names_again_once(tmp_path):
    path = tmp_path / "older.db"
    library = Library.open(path)
    misread = add_article(library, "Shares of AT&T rose as the S&P 500 fell in St. Louis.", title="Stocks rise")
    other = add_article(library, "Equinor started the Hywind Tampen wind farm in the North Sea.", title="Hywind")
    scan_stories(library)
    counted = dict(library.db.execute("SELECT term, articles FROM story_terms").fetchall())
    library.close()
    # As a Curator without the migration left it: "S&P" read as the names "S" and "P".
    connection = sqlite3.connect(path)
    connection.execute("UPDATE story_index SET names = ? WHERE article_id = ?", ['{"s": "S", "p": "P"}', misread])
    connection.execute("DELETE FROM _sqlite_migrations WHERE name = '0019_story_names_read_again'")
    connection.commit()
    connection.close()
    library = Library.open(path)
    try:
        assert [row[0] for row in library.db.execute("SELECT article_id FROM story_index")] == [other]
        uncounted = dict(library.db.execute("SELECT term, articles FROM story_terms").fetchall())
        assert uncounted["shares"] == counted["shares"] - 1 and uncounted["equinor"] == counted["equinor"]
        assert scan_stories(library).new_articles == 1
        assert dict(library.db.execute("SELECT term, articles FROM story_terms").fetchall()) == counted
        names = json.loads(library.db.execute("SELECT names FROM story_index WHERE article_id = ?", [misread]).fetchone()[0])
        assert set(names) == {"at&t", "s&p", "st. louis"}
    finally:
        library.close()


def test_no_two_articles_half_a_year_apart_are_versions_of_one_story_however_alike():
    assert library_logit(1.0, 1.0, 1.0, 30, closest=True) > threshold_logit()  # a month: alike enough still
    assert library_logit(1.0, 1.0, 1.0, 170, closest=True) < threshold_logit()
    assert library_logit(1.0, 1.0, 1.0, 364, closest=False) < threshold_logit()
