"""Sorted article lists, skipped pairs waiting for a later decision, and where a search's words are in a text."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.core.dedupe import (
    KINDS,
    Decision,
    PairError,
    PairOrder,
    PairQuery,
    count_open_pairs,
    count_pairs,
    decide_pair,
    pair_page,
    review_group,
    unskip_pair,
)
from curator.core.library import (
    ArticleQuery,
    ArticleSort,
    Library,
    PairKind,
    PairStatus,
    next_undo,
    redo,
    undo,
)
from curator.core.text import search_hits
from tests.factories import add_articles, add_pairs, set_pair_status


@pytest.fixture
def articles(library):
    rows = [
        {"title": "beta", "body": "Short text about Minsk.", "published": "2024-03-01", "outlet": "Zeta"},
        {"title": "Alpha", "body": "A much longer text about Lavrov in Minsk.", "published": "2024-01-01",
         "outlet": "alpha"},
        {"title": "alpha", "body": "Mid-length text on Minsk.", "published": None, "outlet": None},
        {"title": "Gamma", "body": "Text.", "published": "2024-02-01", "outlet": "Beta"},
    ]
    return add_articles(library, rows)


def page(library: Library, **query) -> list[int]:
    return [row["id"] for row in library.article_page(ArticleQuery(**query), 0, 100)]


def test_each_column_sorts_both_ways_with_ties_broken_by_id(library, articles):
    one, two, three, four = articles
    # Titles and outlets ignore case; equal titles keep their ids' order, reversed with the rest.
    assert page(library, sort=ArticleSort.TITLE) == [two, three, one, four]
    assert page(library, sort=ArticleSort.TITLE, descending=True) == [four, one, three, two]
    assert page(library, sort=ArticleSort.PUBLISHED) == [three, two, four, one]
    assert page(library, sort=ArticleSort.OUTLET) == [three, two, four, one]
    assert page(library, sort=ArticleSort.LENGTH, descending=True) == [two, three, one, four]
    # Sorting a search's matches sorts only them; without a sort they come by relevance.
    assert page(library, search="minsk", sort=ArticleSort.LENGTH) == [one, three, two]
    assert set(page(library, search="minsk")) == {one, two, three}
    assert library.article_ids(ArticleQuery(sort=ArticleSort.PUBLISHED, descending=True)) == [one, four, two, three]


@pytest.mark.parametrize("sort", list(ArticleSort))
@pytest.mark.parametrize("descending", [False, True])
def test_a_sorted_page_walks_an_index_instead_of_sorting_every_article(library, sort, descending):
    direction = "DESC" if descending else "ASC"
    plan = library.db.execute(
        "EXPLAIN QUERY PLAN SELECT articles.id FROM articles WHERE articles.status = 'active' "
        f"ORDER BY {sort.value} {direction}, articles.id {direction} LIMIT 200 OFFSET 1000").fetchall()
    details = " ".join(row[3] for row in plan)
    assert "INDEX articles_by_" in details and "TEMP B-TREE" not in details


def test_skipped_pairs_wait_in_their_own_list_and_can_be_decided_or_put_back(library, articles):
    one, two, three, four = articles
    add_pairs(library, [(one, two), (three, four)])
    decide_pair(library, one, two, Decision.SKIP)
    assert [(p["a"], p["b"]) for p in pair_page(library, PairQuery(), 0, 10)] == [(three, four)]
    skipped = PairQuery(skipped=True)
    assert count_pairs(library, skipped) == 1
    assert [(p["a"], p["b"]) for p in pair_page(library, skipped, 0, 10)] == [(one, two)]

    changes = unskip_pair(library, one, two)
    assert changes.pairs == ((one, two),) and next_undo(library).summary.startswith("Put back in the queue")
    assert count_pairs(library, skipped) == 0 and count_pairs(library) == 2
    undo(library)
    assert count_pairs(library, skipped) == 1 and count_pairs(library) == 1
    redo(library)
    assert count_pairs(library, skipped) == 0
    with pytest.raises(PairError, match="not a skipped pair"):
        unskip_pair(library, one, two)

    # Decided from the skipped list, a pair leaves it for good.
    decide_pair(library, one, two, Decision.SKIP)
    decide_pair(library, one, two, Decision.NOT_DUPLICATE)
    assert count_pairs(library, skipped) == 0
    assert library.db.execute("SELECT status FROM pairs WHERE a = ?", [one]).fetchone()[0] == PairStatus.NOT_DUPLICATE


def test_a_skipped_pairs_merge_group_holds_both_articles_and_their_open_links(library, articles):
    one, two, three, four = articles
    add_pairs(library, [(one, two), (two, three)])
    set_pair_status(library, one, two, "skipped")
    assert review_group(library, one, two) == [one, two, three]
    assert review_group(library, three, four) == [two, three, four]


def test_a_merge_group_follows_copies_not_other_versions_of_the_story(library, articles):
    one, two, three, four = articles
    add_pairs(library, [(one, two)])
    add_pairs(library, [(two, three), (three, four)], score=0.7, kind="related")
    # Merging a same-story pair found to be a copy starts from both and their copies, not their stories.
    assert review_group(library, two, three) == [one, two, three]
    assert review_group(library, one, two) == [one, two]


def test_search_hits_are_whole_words_the_search_would_match_whatever_their_case_or_accents():
    text = "Lavrov met Kim in Minsk; MINSKERS cheered the São Paulo delegation and Sao Tomé."
    hits = [text[start:end] for start, end in search_hits(text, "minsk sao")]
    assert hits == ["Minsk", "MINSKERS", "São", "Sao"]
    assert search_hits(text, "  ,;  ") == []
    assert search_hits(text, "kim") == [(11, 14)]


def test_search_hits_of_a_script_without_spaces_are_wherever_its_word_occurs():
    text = "Equinor 在北京举行会议。北京很大, Minsk."
    hits = [text[start:end] for start, end in search_hits(text, "北京 minsk")]
    assert hits == ["北京", "北京", "Minsk"]


def test_a_word_spelt_with_zero_width_non_joiners_or_without_is_found_in_either_spelling(library, tmp_path):
    from curator.core.ingest import import_paths

    zwnj = "\u200c"
    text = f"Persian report\n\nمی{zwnj}خواهم بروم به بازار و نیم{zwnj}فاصله را ببینم امروز صبح زود."
    (tmp_path / "with.txt").write_text(text, encoding="utf-8")
    (tmp_path / "without.txt").write_text(text.replace(zwnj, ""), encoding="utf-8")
    (tmp_path / "apart.txt").write_text(text.replace(zwnj, " "), encoding="utf-8")  # two words: no match
    with_it, without_it, _ = import_paths(library, [tmp_path / name for name in ("with.txt", "without.txt", "apart.txt")]
                                          ).article_ids
    assert f"می{zwnj}خواهم" in library.article(with_it)["body"]  # the cleaned body keeps its spelling
    for typed, hit_with, hit_without in ((f"می{zwnj}خواهم", f"می{zwnj}خواهم", "میخواهم"),  # as a keyboard writes it
                                         ("میخواهم", f"می{zwnj}خواهم", "میخواهم"),  # and as it is often typed
                                         ("میخوا", f"می{zwnj}خوا", "میخوا"),  # the start of the word
                                         ("Persian میخواهم", f"می{zwnj}خواهم", "میخواهم")):
        assert sorted(library.article_ids(ArticleQuery(search=typed))) == [with_it, without_it], typed
        for article_id, hit in ((with_it, hit_with), (without_it, hit_without)):
            body = library.article(article_id)["body"]
            assert [body[start:end] for start, end in search_hits(body, typed)] == [hit], typed


def test_a_sinhala_word_spelt_with_zero_width_joiners_or_without_is_found_in_either_spelling(library, tmp_path):
    from curator.core.ingest import import_paths

    zwj = "\u200d"
    # Sinhala joins touching letters with one; a joiner between two Persian letters is kept there too.
    text = (f"Sinhala report\n\nශ්{zwj}රී ලංකා මහ බැංකුව අද පොලී අනුපාත වෙනස් නොකිරීමට තීරණය කළේය. "
            f"کتاب{zwj}ها")
    (tmp_path / "with.txt").write_text(text, encoding="utf-8")
    (tmp_path / "without.txt").write_text(text.replace(zwj, ""), encoding="utf-8")
    with_it, without_it = import_paths(library, [tmp_path / "with.txt", tmp_path / "without.txt"]).article_ids
    assert f"ශ්{zwj}රී" in library.article(with_it)["body"]
    for typed in (f"ශ්{zwj}රී ලංකා", "ශ්රී ලංකා", "ශ්රී", "کتابها", f"کتاب{zwj}ها"):
        assert sorted(library.article_ids(ArticleQuery(search=typed))) == [with_it, without_it], typed


def test_a_hindi_word_is_searched_whole_not_as_the_pieces_between_its_vowel_signs(library, tmp_path):
    """Vowel signs and viramas are no word characters to Python's patterns or the full-text index:
    "भारत" was searched as "भ" and "रत", and found in a text saying "भी रतन" ("also Ratan")."""
    from curator.core.ingest import import_paths

    (tmp_path / "india.txt").write_text("Policy\n\nभारत सरकार ने आज नई नीति की घोषणा की।", encoding="utf-8")
    (tmp_path / "ratan.txt").write_text("Mumbai\n\nरतन टाटा भी आज मुंबई में थे।", encoding="utf-8")
    india, ratan = import_paths(library, [tmp_path / "india.txt", tmp_path / "ratan.txt"]).article_ids
    for typed in ("भारत", "भारत सरकार", "सरकार", "घोषणा"):
        assert library.article_ids(ArticleQuery(search=typed)) == [india], typed
    assert library.article_ids(ArticleQuery(search="रतन")) == [ratan]
    body = library.article(india)["body"]
    assert [body[start:end] for start, end in search_hits(body, "भारत घोषणा")] == ["भारत", "घोषणा"]


def test_the_queue_orders_by_kind_then_score_or_by_score_alone(library, articles):
    one, two, three, four = articles
    add_pairs(library, [(one, two)], score=0.8)
    add_pairs(library, [(three, four)], score=0.95, kind="related")
    add_pairs(library, [(one, three), (two, four)], score=0.9)

    def order(sort: PairOrder) -> list[tuple[int, int]]:
        return [(p["a"], p["b"]) for p in pair_page(library, PairQuery(order=sort), 0, 10)]

    assert order(PairOrder.QUEUE) == [(one, three), (two, four), (one, two), (three, four)]
    assert order(PairOrder.BEST_FIRST) == [(three, four), (one, three), (two, four), (one, two)]
    assert order(PairOrder.WORST_FIRST) == [(one, two), (one, three), (two, four), (three, four)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sets(st.tuples(st.integers(0, 7), st.integers(0, 7)).filter(lambda pair: pair[0] < pair[1]), max_size=20),
       st.lists(st.sampled_from(["active", "merged", "trashed"]), min_size=8, max_size=8),
       st.lists(st.sampled_from(["exact", "near", "contained", "related"]), min_size=20, max_size=20))
def test_the_queue_counts_what_it_lists_whatever_articles_are_merged_or_trashed(pairs, statuses, kinds):
    library = Library.open(":memory:")
    ids = add_articles(library, [{"title": f"T{n}", "body": f"Body {n}."} for n in range(8)])
    for (a, b), kind in zip(sorted(pairs), kinds):
        add_pairs(library, [(ids[a], ids[b])], kind=kind)
    with library.atomic() as db:
        db.conn.executemany("UPDATE articles SET status = ? WHERE id = ?", zip(statuses, ids))
    for query in (PairQuery(), PairQuery(kinds=(PairKind.RELATED,)),
                  PairQuery(kinds=tuple(kind for kind in KINDS if kind is not PairKind.RELATED))):
        listed = pair_page(library, query, 0, 100)
        assert count_pairs(library, query) == len(listed)
        assert all(statuses[ids.index(row["a"])] == statuses[ids.index(row["b"])] == "active" for row in listed)
    assert count_open_pairs(library) == len(pair_page(library, PairQuery(), 0, 100))
    library.close()
