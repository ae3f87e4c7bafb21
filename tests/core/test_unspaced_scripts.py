"""Scripts written without spaces between words (Chinese, Japanese, Thai): stories read as pairs of
characters and copies as a letter a word, scored and suggested like any other, and read again once
by libraries indexed before."""

from __future__ import annotations

import sqlite3

from hypothesis import given
from hypothesis import strategies as st

from curator.core.dedupe import compare_bodies, scan_duplicates
from curator.core.library import Library
from curator.core.stories import Weights, compare_stories, scan_stories, story_text
from curator.core.stories.terms import term_counts, word_count
from curator.core.text import word_ids
from tests.factories import add_article

WIND_FARM = ("挪威国家石油公司启动全球最大浮式风电场",
             "挪威国家石油公司周一表示，全球最大的浮式风电场已在北海投产。该风电场的十一台风机将为两座油气平台供电，"
             "每年减少二十万吨排放。", "2022-11-14")
WIND_FARM_RETOLD = ("北海浮式风电场开始为油气平台供电",
                    "全球最大的浮式风电场已开始向北海的油气平台输送电力，挪威国家石油公司表示。这十一台浮式风机每年可减少约"
                    "二十万吨碳排放。", "2022-11-15")
REFERENDUM = ("智利选民否决新宪法草案",
              "智利选民在周日的公投中以百分之六十二的票数否决了由制宪会议起草的新宪法。总统表示将与国会合作启动新的制宪进程。",
              "2022-11-14")
COPPER = ("铜价因中国需求疲软而下跌",
          "伦敦金属交易所铜价跌至三个月低点，中国工厂数据显示工业金属需求降温。交易商预计整个冬季库存将增加。", "2022-11-14")
TOKYO = ("東京都、新たなコロナ対策を発表",
         "東京都は七日、新型コロナウイルスの感染拡大を受けて、飲食店に営業時間の短縮を要請する新たな対策を発表した。",
         "2022-11-14")
TOKYO_RETOLD = ("東京都が飲食店に時短要請　コロナ感染拡大で",
                "新型コロナウイルスの感染拡大を受け、東京都は飲食店に対し営業時間を短縮するよう要請すると七日発表した。",
                "2022-11-14")


def score(a: tuple, b: tuple) -> float:
    return compare_stories(story_text(*a), story_text(*b), Weights.background()).score


def test_a_retold_chinese_or_japanese_story_scores_as_one_story_and_others_do_not():
    assert score(WIND_FARM, WIND_FARM_RETOLD) > 0.5
    assert score(TOKYO, TOKYO_RETOLD) > 0.5
    for a, b in [(WIND_FARM, REFERENDUM), (WIND_FARM_RETOLD, COPPER), (REFERENDUM, COPPER), (TOKYO, WIND_FARM)]:
        assert score(a, b) < 0.2


def test_the_evidence_shows_shared_pairs_of_characters_and_counts_characters_as_words():
    evidence = compare_stories(story_text(*WIND_FARM), story_text(*WIND_FARM_RETOLD), Weights.background())
    assert {"风电", "浮式"} <= set(evidence.shared_terms)
    assert {"no names found in A", "no names found in B"} <= set(evidence.missing)  # capitals mark none
    assert word_count(WIND_FARM[1]) == len([c for c in WIND_FARM[1] if c not in "，。"])
    assert word_count("Equinor 风电 farm") == 4


def test_half_width_kana_and_a_lone_character_are_terms_and_spaced_words_stay_words():
    assert term_counts("ｺﾛﾅ 美") == {"コロ": 1, "ロナ": 1, "美": 1}
    assert term_counts("Tokyo 東京都") == {"tokyo": 1, "東京": 1, "京都": 1}
    assert term_counts("ประเทศไทย") == {"ปร": 1, "ระ": 1, "ะเ": 1, "เท": 1, "ทศ": 1, "ศไ": 1, "ไท": 1, "ทย": 1}


@given(st.text(alphabet=st.characters(max_codepoint=0x2FFF, blacklist_categories=("Cs",))))
def test_a_text_without_those_scripts_is_read_as_before(text):
    # Below U+3000 only Thai, Lao, Burmese and Khmer are written without spaces: leave them out.
    text = "".join(c for c in text if not ("\u0e00" <= c <= "\u0eff" or "\u1000" <= c <= "\u109f"
                                           or "\u1780" <= c <= "\u17ff"))
    assert word_count(text) == len(text.split())


def test_the_scan_suggests_the_retold_stories(library):
    ids = {name: add_article(library, body, title=title, published=published) for name, (title, body, published) in {
        "wind": WIND_FARM, "wind retold": WIND_FARM_RETOLD, "referendum": REFERENDUM, "copper": COPPER,
        "tokyo": TOKYO, "tokyo retold": TOKYO_RETOLD}.items()}
    report = scan_stories(library)
    assert sorted(report.added) == sorted([(ids["wind"], ids["wind retold"]), (ids["tokyo"], ids["tokyo retold"])])


ENGLISH = ("Equinor starts Hywind Tampen", "Equinor started the Hywind Tampen wind farm in the North Sea on Monday.")


def reopened_as_left_before(path, first_body: str, first_title: str, scan, migration: str) -> tuple[Library, int, int]:
    """A library holding ``first_body`` and an English article, scanned (``scan``) by a Curator without
    ``migration``, reopened by this one; and the two articles' ids."""
    library = Library.open(path)
    first = add_article(library, first_body, title=first_title)
    english = add_article(library, ENGLISH[1], title=ENGLISH[0])
    scan(library)
    library.close()
    connection = sqlite3.connect(path)
    connection.execute("DELETE FROM _sqlite_migrations WHERE name = ?", [migration])
    connection.commit()
    connection.close()
    return Library.open(path), first, english


def test_a_library_indexed_before_reads_its_unspaced_articles_again_once(tmp_path):
    library, chinese, english = reopened_as_left_before(tmp_path / "older.db", WIND_FARM[1], WIND_FARM[0],
                                                        scan_stories, "0017_story_terms_of_unspaced_scripts")
    try:
        indexed = [row[0] for row in library.db.execute("SELECT article_id FROM story_index")]
        assert indexed == [english]
        retold = add_article(library, WIND_FARM_RETOLD[1], title=WIND_FARM_RETOLD[0], published=WIND_FARM_RETOLD[2])
        report = scan_stories(library)
        assert report.new_articles == 2
        assert report.added == [(chinese, retold)]
    finally:
        library.close()


STIMULUS = ("中国政府周一宣布了一项新的经济刺激计划，旨在提振国内消费。该计划包括减税和基础设施投资。分析人士认为，这将有助于"
            "稳定经济增长。官员表示，具体措施将在未来几周内公布。")
STIMULUS_EDITED = STIMULUS.replace("周一", "周二").replace("刺激计划", "刺激方案")


def test_a_near_copy_in_chinese_is_found_as_one_letter_a_word():
    verdict = compare_bodies(STIMULUS, STIMULUS_EDITED)
    assert verdict.kind == "near" and verdict.score > 0.8  # a clause a word: 0.23
    assert len(word_ids(STIMULUS)) == sum(character.isalpha() for character in STIMULUS)  # each letter a word


def test_a_library_scanned_before_sketches_its_unspaced_articles_again_once(tmp_path):
    library, first, english = reopened_as_left_before(tmp_path / "older.db", STIMULUS, "经济刺激计划",
                                                      scan_duplicates, "0018_copy_words_of_unspaced_scripts")
    try:
        assert [row[0] for row in library.db.execute("SELECT article_id FROM dedupe_index")] == [english]
        edited = add_article(library, STIMULUS_EDITED, title="经济刺激方案")
        scan_duplicates(library)
        assert library.db.execute("SELECT a, b, kind FROM pairs").fetchall() == [(first, edited, "near")]
    finally:
        library.close()
