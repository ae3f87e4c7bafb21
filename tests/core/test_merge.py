"""Merging, unmerging, undo and redo on the shipped samples and small literal libraries."""

import json

import pytest

from curator.core.dedupe.scan import scan_duplicates
from curator.core.library.history import HistoryConflict, NothingToDo, next_redo, next_undo, redo, undo
from curator.core.ingest.importing import import_paths
from curator.core.curation.merge import (
    BodyStrategy,
    MergeError,
    MergePlan,
    combined_body,
    exact_duplicate_groups,
    merge_articles,
    merge_exact_duplicates,
    suggest_plan,
    unmerge_article,
)
from curator.core.curation.provenance import sources
from curator.core.dedupe.pairs import Decision, PairError, count_open_pairs, decide_pair
from curator.core.ingest.samples import sample_paths
from tests.factories import add_article, set_pair_status

TABLES = ("articles", "files", "pairs", "dedupe_index")


def dump(library) -> dict:
    """Every row of every data table (and the search index), to compare whole libraries."""
    state = {table: list(library.db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()) for table in TABLES}
    state["fts"] = library.db.execute("SELECT rowid, title, body FROM articles_fts ORDER BY rowid").fetchall()
    return state


@pytest.fixture
def seeds(library):
    import_paths(library, sample_paths())
    scan_duplicates(library)
    return library


def test_the_default_plan_keeps_the_longer_seed_and_takes_the_date_from_the_other(seeds):
    suggestion = suggest_plan(seeds, [2, 1])
    assert suggestion.plan.keep == 1 and suggestion.plan.others == (2,)
    assert suggestion.plan.fields["published"] == 2
    assert suggestion.plan.fields["title"] == 1
    assert suggestion.why.startswith("Longest text")


def test_merging_the_seeds_keeps_both_sources_and_marks_the_other_merged(seeds):
    longer_body = seeds.article(1)["body"]
    changes = merge_articles(seeds, suggest_plan(seeds, [1, 2]).plan)
    kept, merged = seeds.article(1), seeds.article(2)
    assert kept["body"] == longer_body
    assert "COMMERCIAL BREAK" not in kept["body"]
    assert kept["published"] == "2017-11-30"
    assert merged["status"] == "merged" and merged["merged_into"] == 1
    assert [s["path"].rsplit("/", 1)[-1] for s in sources(seeds, 1)] == [
        "russia-rejects-us-call-to-cut-ties-1.txt", "russia-rejects-us-call-to-cut-ties-2.txt"]
    assert json.loads(kept["provenance"])["fields"]["published"] == 2
    assert changes.articles == (1, 2) and changes.pairs == ((1, 2),)
    assert count_open_pairs(seeds) == 0
    assert seeds.db.execute("SELECT status FROM pairs").fetchone()[0] == "merged"


def test_undo_restores_every_row_and_redo_merges_again(seeds):
    before = dump(seeds)
    merge_articles(seeds, suggest_plan(seeds, [1, 2]).plan)
    after = dump(seeds)
    assert next_undo(seeds).op == "merge"
    undo(seeds)
    assert dump(seeds) == before
    assert next_undo(seeds) is None and next_redo(seeds).op == "merge"
    redo(seeds)
    assert dump(seeds) == after
    with pytest.raises(NothingToDo):
        redo(seeds)


def test_unmerge_after_reopening_restores_both_articles(seeds, tmp_path):
    before = dump(seeds)
    merge_articles(seeds, suggest_plan(seeds, [1, 2]).plan)
    seeds.close()
    from curator.core.library.store import Library
    reopened = Library.open(tmp_path / "test.db")
    unmerge_article(reopened, 2)
    assert dump(reopened) == before
    with pytest.raises(MergeError, match="not part of a merge"):
        unmerge_article(reopened, 2)
    undo(reopened)  # undoing the unmerge merges again
    assert reopened.article(2)["status"] == "merged"
    reopened.close()


def test_combined_body_adds_the_paragraphs_only_the_other_has_in_order():
    base = "One two three four five six seven eight.\n\nNine ten eleven twelve thirteen fourteen fifteen."
    other = ("One two three four five six seven eight.\n\nA brand new paragraph about something else entirely here."
             "\n\nNine ten eleven twelve thirteen fourteen fifteen.")
    assert combined_body(base, [other]).split("\n\n") == [
        "One two three four five six seven eight.",
        "A brand new paragraph about something else entirely here.",
        "Nine ten eleven twelve thirteen fourteen fifteen.",
    ]


def test_combining_adds_no_paragraph_the_text_tells_in_other_words():
    lead = "Russia on Thursday rejected a US call to cut ties with Pyongyang, suggesting Washington provoked it."
    rewritten = ("Russia on Thursday (Nov 30) rejected a US call to cut ties with North Korea in response to "
                 "Pyongyang's launch of a missile.")
    news = "The missile flew higher than any before it, officials in Seoul said on Wednesday evening."
    assert combined_body(lead, [f"{rewritten}\n\n{news}"]).split("\n\n") == [lead, news]


def test_a_combined_merge_changes_the_text_and_drops_it_from_the_duplicate_index(seeds):
    add_article(seeds, seeds.article(1)["body"] + "\n\nA new paragraph on the talks in Minsk, which no other "
                "report of the day carried, closes this version.", title="A longer copy")
    scan_duplicates(seeds)
    plan = suggest_plan(seeds, [1, 3], keep=1).plan
    merge_articles(seeds, MergePlan(plan.keep, plan.others, plan.fields, BodyStrategy.COMBINE))
    body = seeds.article(1)["body"]
    assert body.endswith("closes this version.") and body.count("Russia on Thursday rejected") == 1
    assert seeds.db.execute("SELECT count(*) FROM dedupe_index WHERE article_id = 1").fetchone()[0] == 0


def test_merging_a_merged_away_article_or_a_single_one_is_refused(seeds):
    merge_articles(seeds, suggest_plan(seeds, [1, 2]).plan)
    with pytest.raises(MergeError, match="already merged into article 1"):
        suggest_plan(seeds, [2, 1])
    with pytest.raises(MergeError, match="at least two"):
        suggest_plan(seeds, [1, 1])
    with pytest.raises(MergeError, match="no article 99"):
        suggest_plan(seeds, [1, 99])


def test_a_later_merge_of_the_result_blocks_unmerging_the_earlier_one(library, tmp_path):
    for name in "abc":
        (tmp_path / f"{name}.txt").write_text(f"Story {name}\n\n" + "The same wire copy about the harbour. " * 30)
    import_paths(library, [tmp_path / f"{name}.txt" for name in "abc"])
    merge_articles(library, suggest_plan(library, [1, 2]).plan)
    merge_articles(library, suggest_plan(library, [3, 1]).plan)
    with pytest.raises(MergeError, match="has changed since"):
        unmerge_article(library, 2)
    undo(library)
    unmerge_article(library, 2)
    assert [library.article(i)["status"] for i in (1, 2, 3)] == ["active"] * 3


def test_merge_all_exact_duplicates_is_one_undo(library, tmp_path):
    for name in "abcde":
        text = "Exact wire copy of the council vote. " * 20 if name in "abc" else "The ferry strike story. " * 20
        (tmp_path / f"{name}.txt").write_text(f"Heading {name}\n\n{text}")
    import_paths(library, [tmp_path / f"{name}.txt" for name in "abcde"])
    scan_duplicates(library)
    assert exact_duplicate_groups(library) == [[1, 2, 3], [4, 5]]
    before = dump(library)
    report = merge_exact_duplicates(library)
    assert (report.groups, report.merged_away) == (2, 3)
    assert library.count_articles() == 2
    # What views re-read: every member, and the pairs the run closed.
    assert sorted(report.changes.articles) == [1, 2, 3, 4, 5]
    assert sorted(report.changes.pairs) == [(1, 2), (1, 3), (2, 3), (4, 5)]
    step = next_undo(library)
    assert step.operations == 2
    undo(library)
    assert dump(library) == before


def test_decisions_are_undoable_and_a_new_change_ends_redo(seeds):
    decide_pair(seeds, 1, 2, Decision.SKIP)
    undo(seeds)
    assert seeds.db.execute("SELECT status, decided_at FROM pairs").fetchone() == ("open", None)
    decide_pair(seeds, 1, 2, Decision.NOT_DUPLICATE)
    assert next_redo(seeds) is None
    with pytest.raises(ValueError):
        decide_pair(seeds, 1, 2, Decision.MERGE)


def test_undo_refuses_to_overwrite_a_change_made_outside_history(seeds):
    decide_pair(seeds, 1, 2, Decision.SKIP)
    set_pair_status(seeds, 1, 2, "open")
    with pytest.raises(HistoryConflict, match="articles 1 and 2"):
        undo(seeds)


def test_a_merged_pair_cannot_be_decided_again(seeds):
    merge_articles(seeds, suggest_plan(seeds, [1, 2]).plan)
    with pytest.raises(PairError, match="have been merged"):
        decide_pair(seeds, 1, 2, Decision.NOT_DUPLICATE)
    unmerge_article(seeds, 2)
