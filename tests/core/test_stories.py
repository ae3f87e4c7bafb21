"""The story tier: the same-story score on literal texts, the incremental scan, and its place in the queue."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.core.dedupe import (
    Decision,
    PairQuery,
    count_pairs,
    decide_pair,
    open_pairs,
    pair_page,
    scan_duplicates,
)
from curator.core.library import PairKind, PairStatus, named_articles, redo, undo
from curator.core.stories import (
    CLOSEST_RATIO,
    MIN_TEXT_COSINE,
    Weights,
    compare_stories,
    link_versions,
    scan_stories,
    story_text,
)
from tests.factories import add_article

HYWIND = ("Equinor starts up Hywind Tampen floating wind farm",
          "Equinor has started production at Hywind Tampen, the world's largest floating wind farm, off the coast "
          "of Norway. The eleven turbines will supply power to the Snorre and Gullfaks oil and gas platforms in "
          "the North Sea, cutting emissions by 200,000 tonnes a year, the Norwegian company said on Monday.",
          "2022-11-14")
HYWIND_REWRITE = ("Hywind Tampen floating wind farm begins supplying North Sea platforms",
                  "Norway's Equinor said the Hywind Tampen project, eleven floating turbines in the North Sea, "
                  "is now sending power to the Gullfaks and Snorre platforms. The wind farm, the largest floating "
                  "one anywhere, should cut carbon emissions from the fields by about 200,000 tonnes annually.",
                  "2022-11-15")
ELECTION = ("Voters in Chile reject proposed constitution",
            "Chileans have rejected a new constitution drafted by an elected assembly, with 62% voting against it "
            "in Sunday's referendum. President Gabriel Boric said he would work with Congress on a new process.",
            "2022-09-05")
MARKETS = ("Copper prices slide as China demand weakens",
           "Copper fell to a three-month low on the London Metal Exchange as factory data from China showed "
           "demand for industrial metals cooling. Traders expect stockpiles to grow through the winter.",
           "2022-11-14")
HEADLINE_ONLY = ("Equinor starts up Hywind Tampen floating wind farm", "", None)


def score(a: tuple, b: tuple, weights: Weights | None = None) -> float:
    return compare_stories(story_text(*a), story_text(*b), weights or Weights.background()).score


def test_a_rewrite_of_the_story_scores_as_the_same_story_and_unrelated_articles_do_not():
    assert score(HYWIND, HYWIND_REWRITE) > 0.5
    for other in (ELECTION, MARKETS):
        assert score(HYWIND, other) < 0.2
        assert score(HYWIND_REWRITE, other) < 0.2


def test_the_evidence_names_what_the_two_share():
    evidence = compare_stories(story_text(*HYWIND), story_text(*HYWIND_REWRITE), Weights.background())
    assert {"Equinor", "Hywind Tampen", "North Sea"} <= set(evidence.shared_names)
    assert evidence.days_apart == 1
    summary = evidence.summary()
    assert "shares" in summary and "Hywind Tampen" in summary and "1 day apart" in summary
    assert evidence.as_reason()["summary"] == summary


def test_the_summary_names_what_tells_the_story_once():
    greek = (HYWIND[0], HYWIND[1] + " Greek and Dutch ministers welcomed it.", HYWIND[2])
    greek_rewrite = (HYWIND_REWRITE[0], HYWIND_REWRITE[1] + " A Greek and a Dutch firm supplied the cables.", HYWIND_REWRITE[2])
    evidence = compare_stories(story_text(*greek), story_text(*greek_rewrite), Weights.background())
    # A nationality is the topic's, not the story's; a name's words are not repeated as its terms.
    assert not {"Greek", "Dutch"} & set(evidence.shared_names)
    assert {"hywind", "tampen"} <= set(evidence.shared_terms)
    terms = evidence.summary().split("common terms: ")[1].split(";")[0].split(", ")
    assert terms and not {"hywind", "tampen", "equinor"} & set(terms)


def test_a_story_retold_a_year_later_scores_lower():
    later = (*HYWIND_REWRITE[:2], "2023-11-15")
    assert score(HYWIND, later) < score(HYWIND, HYWIND_REWRITE) - 0.2


STRIKE = ("French rail workers strike over pensions",
          "Rail workers at SNCF walked out on Tuesday over the government's pension reform, halting most TGV and "
          "regional trains across France. The CGT and SUD-Rail unions said the strike would continue until the reform "
          "was withdrawn. Transport Minister Clement Beaune urged commuters to work from home.", "2023-01-17")
NEXT_STRIKE = ("New rail strike halts French trains",
               "A fresh strike by SNCF rail workers stopped most TGV and regional trains across France on Tuesday, as "
               "the CGT and SUD-Rail unions stepped up their fight against the pension reform. Transport Minister "
               "Clement Beaune said services would be restored by the weekend.")


def test_weeks_apart_the_same_names_and_words_are_more_likely_the_topic_s_next_event():
    next_day, two_weeks, four_weeks = (score(STRIKE, (*NEXT_STRIKE, day)) for day in ("2023-01-18", "2023-01-31", "2023-02-14"))
    assert next_day > 0.9
    assert two_weeks < next_day - 0.2
    assert four_weeks < 0.2


@pytest.mark.parametrize("odd", [
    HEADLINE_ONLY,
    ("", "", None),
    ("Brief", "Equinor starts Hywind Tampen.", "2022-11-14"),
    ("Équinor démarre Hywind Tampen", "Le parc éolien flottant Hywind Tampen alimente les plateformes de Snorre "
     "et Gullfaks en mer du Nord, a indiqué Equinor lundi.", "not a date"),
    ("Advertisement", "Advertisement\n\nSubscribe now\n\nAdvertisement", "2022-11-14"),
])
def test_odd_input_is_scored_and_the_evidence_says_what_was_missing(odd):
    evidence = compare_stories(story_text(*HYWIND), story_text(*odd), Weights.background())
    assert 0.0 <= evidence.score <= 1.0
    assert evidence.missing
    assert evidence.summary()


def test_library_weights_blend_in_what_the_library_has_seen():
    common_here = Weights(articles=5000, document_frequency={"turbines": 4000})
    assert common_here.idf("turbines") < Weights.background().idf("turbines")


def add(library, story: tuple) -> int:
    title, body, published = story
    return add_article(library, body, title=title, published=published)


def test_word_frequencies_are_wordfreq_s_read_from_its_file_or_through_wordfreq(monkeypatch):
    from wordfreq import get_frequency_list

    from curator.core.stories import terms

    def read_as_wordfreq_does():
        assert terms.frequency_list("en") == get_frequency_list("en")
        assert terms.frequency_list("hi") == get_frequency_list("hi", wordlist="small")
        # Read only as far as the bucket asked for: the 451 most frequent buckets, down to a Zipf of 4.5.
        assert terms.frequency_list("fr", 450) == get_frequency_list("fr", wordlist="small")[:451]
        assert "fr" in terms._other_languages() and "en" not in terms._other_languages()

    read_as_wordfreq_does()
    # Where wordfreq keeps its lists elsewhere, wordfreq itself reads them.
    monkeypatch.setattr(terms.importlib.util, "find_spec", lambda name: None)
    read_as_wordfreq_does()


def test_a_vocabulary_weighed_at_once_is_weighed_as_its_terms_one_by_one():
    from curator.core.stories import terms

    buckets = terms.frequency_list("en")
    # Common and rare words, and words never seen.
    common = [word for bucket in buckets[:400] for word in bucket]
    # Words of other languages too, some of them English words as well ("die", "war").
    french = [word for bucket in terms.frequency_list("fr", 450)[200:300] for word in bucket]
    vocabulary = list(dict.fromkeys([*common, *buckets[600][:300], *french, "und", "die", "war", "и", "zzqx", "equinorr"]))
    terms._background_zipf.cache_clear()
    at_once = terms._backgrounds(vocabulary)
    one_by_one = [terms._backgrounds([term])[0] for term in vocabulary]  # through the table of every word
    assert len(vocabulary) >= terms._LOOKED_UP_IN_BULK and at_once == one_by_one


def test_the_scan_suggests_rewrites_as_related_below_copies_and_never_twice(library):
    hywind, rewrite, election, markets = (add(library, story) for story in (HYWIND, HYWIND_REWRITE, ELECTION, MARKETS))
    copy = add(library, (ELECTION[0], ELECTION[1] + " The vote was compulsory.", ELECTION[2]))
    scan_duplicates(library)
    report = scan_stories(library)
    assert report.new_articles == 5
    assert report.added == [(hywind, rewrite)]
    kinds = [(pair["a"]["id"], pair["b"]["id"], pair["kind"]) for pair in open_pairs(library)]
    assert kinds[-1] == (hywind, rewrite, PairKind.RELATED)  # copies come first
    assert (election, copy) in [(a, b) for a, b, kind in kinds if kind != PairKind.RELATED]
    assert scan_stories(library).new_articles == 0
    later = add(library, (HYWIND[0], HYWIND_REWRITE[1], "2022-11-16"))
    report = scan_stories(library)
    assert report.new_articles == 1 and set(report.added) == {(hywind, later), (rewrite, later)}
    assert markets not in {i for pair in report.added for i in pair}


def test_the_scan_finds_what_comparing_every_pair_finds(library):
    stories = [HYWIND, HYWIND_REWRITE, ELECTION, MARKETS,
               ("Chile referendum: new charter rejected", "Voters in Chile turned down the draft constitution "
                "by a wide margin on Sunday; President Gabriel Boric promised a new process with Congress.",
                "2022-09-05"),
               ("Metals: copper at three-month low", "Copper prices on the London Metal Exchange slid to a "
                "three-month low after weak Chinese factory figures.", "2022-11-15")]
    ids = [add(library, story) for story in stories]
    scan_stories(library)
    stored = {(pair["a"]["id"], pair["b"]["id"]) for pair in open_pairs(library)}
    weights = Weights(articles=len(ids), document_frequency=dict(library.db.execute(
        "SELECT term, articles FROM story_terms").fetchall()))
    texts = [story_text(*story) for story in stories]
    closest = each_others_closest(texts, weights)
    every_pair = {(ids[i], ids[j]) for i, j in itertools.combinations(range(len(ids)), 2)
                  if compare_stories(texts[i], texts[j], weights, closest=(i, j) in closest).suggested}
    assert every_pair and stored == every_pair
    # The two copper reports share no two names; being each other's closest is what suggests them.
    assert (ids[3], ids[5]) in stored and (3, 5) in closest


def each_others_closest(texts: list, weights: Weights) -> set[tuple[int, int]]:
    """The pairs (i < j) of texts each the other's closest by text cosine, ``CLOSEST_RATIO`` times as close
    as its next nearest, worked out pair by pair (cosines under the scan's listing floor count as 0)."""
    floor = MIN_TEXT_COSINE / 2
    cosine = {}
    for i, j in itertools.combinations(range(len(texts)), 2):
        found = compare_stories(texts[i], texts[j], weights).text_similarity
        cosine[i, j] = cosine[j, i] = found if found >= floor else 0.0
    best = {}
    for i in range(len(texts)):
        ranked = sorted((j for j in range(len(texts)) if j != i and cosine[i, j] > 0), key=lambda j: (-cosine[i, j], j))
        if ranked and cosine[i, ranked[0]] >= (cosine[i, ranked[1]] if len(ranked) > 1 else 0.0) * CLOSEST_RATIO:
            best[i] = ranked[0]
    return {(i, j) for i, j in best.items() if i < j and best.get(j) == i}


def test_same_story_and_different_stories_are_decisions_that_undo(library):
    hywind, rewrite = add(library, HYWIND), add(library, HYWIND_REWRITE)
    scan_stories(library)
    assert count_pairs(library, PairQuery(kinds=(PairKind.RELATED,))) == 1
    assert count_pairs(library, PairQuery(kinds=(PairKind.NEAR,))) == 0
    assert pair_page(library, PairQuery(), 0, 10)[0]["kind"] == PairKind.RELATED
    with pytest.raises(ValueError):
        decide_pair(library, hywind, rewrite, Decision.SAME_STORY)  # a link goes through its story
    link_versions(library, hywind, rewrite)
    assert library.db.execute("SELECT status FROM pairs").fetchone()[0] == PairStatus.LINKED
    assert library.history(1)[0]["summary"] == f"Linked as one story: {named_articles(library, [hywind, rewrite])}"
    undo(library)
    assert library.db.execute("SELECT status FROM pairs").fetchone()[0] == PairStatus.OPEN
    decide_pair(library, hywind, rewrite, Decision.NOT_DUPLICATE)
    assert library.history(1)[0]["summary"] == f"Marked different stories: {named_articles(library, [hywind, rewrite])}"
    assert open_pairs(library) == []
    scan_stories(library)
    assert open_pairs(library) == []
    undo(library)
    redo(library)
    assert open_pairs(library) == []


def test_reading_in_worker_processes_stores_what_reading_here_stores(tmp_path, monkeypatch):
    from curator.core.library import Library
    from curator.core.stories import scan as story_scan

    def index_of(parallel: bool) -> list[tuple]:
        library = Library.open(tmp_path / f"{parallel}.db")
        for story in (HYWIND, HYWIND_REWRITE, ELECTION, MARKETS):
            add(library, story)
        monkeypatch.setattr(story_scan, "PARALLEL_MIN_ARTICLES", 1 if parallel else 10**9)
        scan_stories(library)
        rows = library.db.execute("SELECT * FROM story_index ORDER BY article_id").fetchall()
        library.close()
        return rows

    assert index_of(parallel=True) == index_of(parallel=False)


def test_exports_carry_each_article_s_story_and_the_stories_themselves(library, tmp_path):
    import csv
    import json

    from curator.core.export import ExportFormat, export_library

    hywind, rewrite, election = add(library, HYWIND), add(library, HYWIND_REWRITE), add(library, ELECTION)
    scan_stories(library)
    link_versions(library, hywind, rewrite)
    [story_id] = [row[0] for row in library.db.execute("SELECT id FROM stories")]
    export_library(library, tmp_path / "articles.jsonl", ExportFormat.JSONL)
    records = [json.loads(line) for line in (tmp_path / "articles.jsonl").read_text().splitlines()]
    assert [(record["id"], record["story_id"]) for record in records] == [
        (hywind, story_id), (rewrite, story_id), (election, None)]
    export_library(library, tmp_path / "articles.csv", ExportFormat.CSV)
    rows = list(csv.DictReader((tmp_path / "articles.csv").open(newline="")))
    assert [row["story_id"] for row in rows] == [str(story_id), str(story_id), ""]
    report = export_library(library, tmp_path / "stories.jsonl", ExportFormat.STORIES)
    [story] = [json.loads(line) for line in (tmp_path / "stories.jsonl").read_text().splitlines()]
    assert report.written == 1 and story["article_ids"] == [hywind, rewrite] and report.what == "1 story"
    assert [member["published"] for member in story["members"]] == ["2022-11-14", "2022-11-15"]


dates = st.one_of(st.none(), st.dates().map(str), st.text(max_size=12))


@settings(max_examples=150, deadline=None)
@given(st.tuples(st.text(max_size=80), st.text(max_size=400), dates),
       st.tuples(st.text(max_size=80), st.text(max_size=400), dates))
def test_any_two_texts_get_a_score_between_0_and_1_and_a_reason(a, b):
    evidence = compare_stories(story_text(*a), story_text(*b), Weights(articles=10, document_frequency={"the": 9}))
    assert 0.0 <= evidence.score <= 1.0 and 0.0 <= evidence.library_score <= 1.0
    assert evidence.summary() and evidence.as_reason()["summary"] == evidence.summary()


def test_ordinal_endings_and_contractions_are_no_terms():
    from curator.core.stories.terms import read_terms

    terms, _ = read_terms("On the 15th and 21st they've said they're ready; we'll see on the 2nd and 3rd.")
    assert not {"th", "st", "ve", "re", "ll", "nd", "rd"} & set(terms)
    assert {"ready", "see"} <= set(terms)



def test_a_persian_word_written_with_a_non_joiner_is_the_same_term_as_without_it():
    from curator.core.stories.terms import read_terms

    text = "دولت می\u200cخواهد قیمت\u200cها را در هفته\u200cهای آینده ثابت نگه دارد"
    assert read_terms(text) == read_terms(text.replace("\u200c", ""))
    assert {"میخواهد", "قیمتها", "هفتههای"} <= set(read_terms(text)[0])

def test_one_line_items_sharing_common_words_are_not_each_other_s_version(library):
    weather = ("Weather update", "Rain expected across the region today.", None)
    traffic = ("Traffic update", "Heavy traffic expected across the region today.", None)
    for story in (weather, traffic, ("Markets update", "Shares expected to open lower today.", None), HYWIND,
                  ELECTION, MARKETS):
        add(library, story)
    scan_duplicates(library)
    scan_stories(library)
    # Each other's closest in this small library for "expected", "region" and "today" alone: of two
    # sharing no name, that says a story only of texts long enough to be placed among their neighbours
    # (the one-line copper brief below the scan test's report shares the London Metal Exchange).
    assert library.db.execute("SELECT a, b FROM pairs").fetchall() == []
    assert not compare_stories(story_text(*weather), story_text(*traffic), Weights.background(), closest=True).closest
    # Four and three times as long (24 and 21 words): each other's closest counts again.
    longer = [story_text(title, " ".join([body] * times), None) for (title, body, _), times in ((weather, 4), (traffic, 3))]
    assert compare_stories(*longer, Weights.background(), closest=True).closest
