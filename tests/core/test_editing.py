"""Editing articles and the trash: what they change, what they refuse, and what leaves the lists."""

from __future__ import annotations

import sqlite3

import pytest

from curator.core.curation import (
    EditError,
    MergeError,
    edit_article,
    import_article_ids,
    restore_articles,
    suggest_plan,
    trash_articles,
    trashed_ids,
)
from curator.core.dedupe import (
    Decision,
    PairError,
    count_open_pairs,
    decide_pair,
    open_pairs,
    scan_duplicates,
)
from curator.core.export import ExportFormat, export_library
from curator.core.ingest import import_paths, sample_paths
from curator.core.library import ArticleQuery, Library, undo
from curator.core.stories import link_versions, list_stories
from tests.factories import add_article, merge_into

WIRE = ("The port authority approved a second container terminal on Monday after three years of planning. "
        "The terminal will double the harbour's capacity and employ four hundred people when it opens. ")


@pytest.fixture
def samples(library):
    import_paths(library, sample_paths())
    scan_duplicates(library)
    return library


def test_an_edit_changes_the_fields_and_keeps_the_source_file_as_it_was(samples):
    raw = samples.raw_text(samples.article(1)["files"][0]["id"])
    changes = edit_article(samples, 1, title="  Russia \x1b  rejects US call ", published="June 24, 2021",
                           outlet="The Wire\x07", url="https://example.org/a")  # a terminal would obey \x1b and \x07
    article = samples.article(1)
    assert (article["title"], article["published"], article["outlet"], article["url"]) == (
        "Russia rejects US call", "2021-06-24", "The Wire", "https://example.org/a")
    assert samples.raw_text(article["files"][0]["id"]) == raw
    assert changes.articles == (1,)
    assert samples.history(1)[0]["summary"] == "Edited the title, date, outlet, URL of “Russia rejects US call”"
    # The search index follows the new title.
    assert samples.article_ids(ArticleQuery(search="rejects")) == [1]


@pytest.mark.parametrize("fields, message", [
    ({"title": "   "}, "needs a title"),
    ({"title": "\u200b\u200b \u00ad"}, "needs a title"),  # nothing visible is no title
    ({"published": "next week"}, "not a date"),
    ({"language": "fr"}, "cannot be edited"),
])
def test_bad_edits_are_refused_and_change_nothing(samples, fields, message):
    before = samples.article(1)
    with pytest.raises(EditError, match=message):
        edit_article(samples, 1, **fields)
    assert samples.article(1) == before


def test_an_edit_giving_the_same_values_is_refused(samples):
    title = samples.article(1)["title"]
    with pytest.raises(EditError, match="nothing to change"):
        edit_article(samples, 1, title=title)


def test_a_merged_away_article_is_edited_through_the_article_it_was_merged_into(samples):
    merge_into(samples, 1, [2])
    with pytest.raises(EditError, match="merged into article 1"):
        edit_article(samples, 2, title="New")


def test_trashed_articles_leave_the_list_the_queue_the_stories_and_exports_until_restored(samples, tmp_path):
    assert count_open_pairs(samples) == 1
    link_versions(samples, 1, 2)
    assert len(list_stories(samples)) == 1
    undo(samples)
    changes = trash_articles(samples, [2])
    assert changes.pairs == ((1, 2),)
    assert samples.count_articles() == 1
    assert samples.count_articles(ArticleQuery(include_merged=True)) == 1
    assert samples.article_ids(ArticleQuery(trash=True)) == trashed_ids(samples) == [2]
    assert count_open_pairs(samples) == 0 and open_pairs(samples) == []
    with pytest.raises(PairError, match="Article 2 is in the trash"):
        link_versions(samples, 1, 2)
    with pytest.raises(PairError, match="Article 2 is in the trash"):
        decide_pair(samples, 1, 2, Decision.SKIP)
    with pytest.raises(MergeError, match="in the trash"):
        suggest_plan(samples, [1, 2])
    report = export_library(samples, tmp_path / "out.jsonl", ExportFormat.JSONL, ids=[1, 2],
                            query=ArticleQuery(include_merged=True))
    assert report.written == 1
    restore_articles(samples, [2])
    assert samples.count_articles() == 2 and count_open_pairs(samples) == 1


def test_a_restored_article_is_scanned_again_and_meets_the_articles_that_came_while_it_was_away(library):
    first = add_article(library, WIRE * 3, title="Port approves terminal")
    scan_duplicates(library)
    trash_articles(library, [first])
    copy = add_article(library, WIRE * 3 + "Shipping lines welcomed the news.", title="Terminal approved")
    assert scan_duplicates(library).pairs_added == 0  # nothing to compare it with
    restore_articles(library, [first])
    assert scan_duplicates(library).pairs_added == 1
    assert [(pair["a"]["id"], pair["b"]["id"]) for pair in open_pairs(library)] == [(first, copy)]


def test_a_trashed_version_leaves_its_story_until_restored(library):
    ids = [add_article(library, f"Text {n}.", title=f"Version {n}") for n in range(3)]
    with library.atomic() as db:
        for a, b in ((ids[0], ids[1]), (ids[1], ids[2])):
            db.execute("INSERT INTO pairs (a, b, score, kind, reason, status, found_at) "
                       "VALUES (?, ?, 0.8, 'related', '{}', 'open', '2024')", [a, b])
    link_versions(library, ids[0], ids[1])
    link_versions(library, ids[1], ids[2])
    assert [story.article_ids for story in list_stories(library)] == [tuple(ids)]
    trash_articles(library, [ids[1]])
    # The curator put the other two in the story: they stay in it, the trashed one leaves.
    assert [story.article_ids for story in list_stories(library)] == [(ids[0], ids[2])]
    trash_articles(library, [ids[2]])
    assert list_stories(library) == []  # one version left is no story to list
    restore_articles(library, [ids[1], ids[2]])
    assert [story.article_ids for story in list_stories(library)] == [tuple(ids)]
