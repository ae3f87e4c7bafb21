"""Words of the Indic scripts in the story score: whole words with their vowel signs, weighed by how
common they are in their language."""

from __future__ import annotations

import re
import sqlite3

from hypothesis import given
from hypothesis import strategies as st

from curator.core.library import Library
from curator.core.stories import Weights, compare_stories, scan_stories, story_text
from curator.core.stories import terms
from curator.core.stories.terms import term_counts
from tests.factories import add_article

POLICY = ("सरकार ने नई शिक्षा नीति की घोषणा की",
          "केंद्र सरकार ने बुधवार को नई राष्ट्रीय शिक्षा नीति की घोषणा की। शिक्षा मंत्री ने कहा कि नीति के तहत स्कूलों में "
          "मातृभाषा में पढ़ाई पर ज़ोर दिया जाएगा और विश्वविद्यालयों में प्रवेश के लिए एक साझा परीक्षा होगी। "
          "विपक्ष ने नीति पर संसद में चर्चा की मांग की है।", "2023-07-12")
POLICY_RETOLD = ("नई राष्ट्रीय शिक्षा नीति: मातृभाषा में पढ़ाई, साझा प्रवेश परीक्षा",
                 "नई राष्ट्रीय शिक्षा नीति में स्कूली बच्चों को मातृभाषा में पढ़ाने पर ज़ोर है, शिक्षा मंत्री ने बुधवार को "
                 "बताया। विश्वविद्यालयों में दाख़िले के लिए अब एक साझा प्रवेश परीक्षा होगी। विपक्षी दलों ने संसद में "
                 "इस नीति पर बहस की माँग की।", "2023-07-12")
CRICKET = ("भारत ने ऑस्ट्रेलिया को छह विकेट से हराया",
           "भारतीय क्रिकेट टीम ने रविवार को खेले गए एकदिवसीय मुकाबले में ऑस्ट्रेलिया को छह विकेट से हरा दिया। "
           "कप्तान ने शतक लगाया और गेंदबाज़ों ने शानदार प्रदर्शन किया। श्रृंखला अब बराबरी पर है।", "2023-07-12")
MONSOON = ("मानसून से कई राज्यों में भारी बारिश",
           "मौसम विभाग ने बताया कि मानसून के कारण उत्तर भारत के कई राज्यों में भारी बारिश हुई है। नदियों का जलस्तर बढ़ "
           "गया है और प्रशासन ने निचले इलाकों के लोगों को सतर्क रहने को कहा है।", "2023-07-12")
ENGLISH = ("Equinor starts Hywind Tampen", "Equinor started the Hywind Tampen wind farm in the North Sea on Monday.")
# The letters and marks of Devanagari to Sinhala, and of Myanmar.
INDIC_LETTER = re.compile(r"[\u0900-\u0dff\u1000-\u109f]")


def evidence(a: tuple, b: tuple):
    return compare_stories(story_text(*a), story_text(*b), Weights.background())


def test_an_indic_word_is_one_term_with_its_vowel_signs_and_viramas():
    counts = term_counts("भारत सरकार ने नई शिक्षा नीति की घोषणा की। বাংলাদেশ সরকার। இந்திய அரசு")
    # Split at its marks, "भारत" was the term "रत", and "नीति" (policy) no term at all.
    assert {"भारत", "सरकार", "शिक्षा", "नीति", "घोषणा", "বাংলাদেশ", "সরকার", "இந்திய", "அரசு"} <= counts.keys()
    assert "रत" not in counts and counts["की"] == 2


@given(st.text(alphabet=st.characters(max_codepoint=0x2FFF, blacklist_categories=("Cs",))))
def test_a_text_without_indic_letters_is_read_into_the_words_it_was(text):
    text = INDIC_LETTER.sub("", text)
    # As terms were read before: runs of two letters or more.
    assert terms._TERM.findall(text) == re.findall(r"[^\W\d_]{2,}", text)


def test_a_retold_hindi_story_scores_as_one_story_and_others_do_not():
    retold = evidence(POLICY, POLICY_RETOLD)
    assert retold.score > 0.8
    assert {"नीति", "शिक्षा", "मातृभाषा"} <= set(retold.shared_terms)  # words, not the pieces between marks
    # The commonest words of Hindi ("ने", "में", "को") weigh little: unrelated articles share them all.
    for a, b in [(POLICY, CRICKET), (POLICY_RETOLD, MONSOON), (CRICKET, MONSOON), (POLICY, MONSOON)]:
        assert evidence(a, b).score < 0.2


def test_the_commonest_words_of_hindi_weigh_little_and_english_words_as_before():
    weights = Weights.background()
    assert weights.idf("में") < weights.idf("the") + 1 < weights.idf("मातृभाषा")
    assert weights.idf("equinor") > weights.idf("wind") > weights.idf("the")


def test_a_library_indexed_before_reads_its_indic_articles_again_once(tmp_path):
    path = tmp_path / "older.db"
    library = Library.open(path)
    policy = add_article(library, POLICY[1], title=POLICY[0], published=POLICY[2])
    english = add_article(library, ENGLISH[1], title=ENGLISH[0])
    scan_stories(library)
    counted = dict(library.db.execute("SELECT term, articles FROM story_terms").fetchall())
    library.close()
    # As a Curator without the migration left it (its terms were other pieces then, counted the same way).
    connection = sqlite3.connect(path)
    connection.execute("DELETE FROM _sqlite_migrations WHERE name = '0020_story_terms_of_indic_words'")
    connection.commit()
    connection.close()
    library = Library.open(path)
    try:
        assert [row[0] for row in library.db.execute("SELECT article_id FROM story_index")] == [english]
        uncounted = dict(library.db.execute("SELECT term, articles FROM story_terms").fetchall())
        assert uncounted["नीति"] == counted["नीति"] - 1 and uncounted["equinor"] == counted["equinor"]
        retold = add_article(library, POLICY_RETOLD[1], title=POLICY_RETOLD[0], published=POLICY_RETOLD[2])
        report = scan_stories(library)
        assert report.new_articles == 2 and report.added == [(policy, retold)]
        assert dict(library.db.execute("SELECT term, articles FROM story_terms").fetchall())["नीति"] == 2
    finally:
        library.close()
