"""Stories kept in step with merges, decisions and scans: every article in one story at most, as the
stories list, the export and the review queue all read it."""

from __future__ import annotations

import json

import pytest

from curator.core.curation import unmerge_article
from curator.core.dedupe import Decision, PairError, decide_pair, open_pairs, scan_duplicates, unskip_pair
from curator.core.export import ExportFormat, export_library
from curator.core.library import ArticleQuery, redo, undo
from curator.core.stories import (
    StoryRefusal,
    link_versions,
    list_stories,
    rename_story,
    scan_stories,
    split_story,
    start_story,
    story_of_articles,
)
from curator.core.stories.catalog import story_label
from tests.core.test_story_catalog import CHILE_REWRITE, stories  # noqa: F401  (the fixture: the Hywind and Chile versions)
from tests.core.test_stories import ELECTION, HYWIND, HYWIND_REWRITE, add
from tests.factories import merge_into


def listed(library) -> list[tuple[int, ...]]:
    """Each listed story's versions and the copies merged into them, every article it counts."""
    return sorted(tuple(sorted(i for version in story.versions for i in (version.id, *version.copies)))
                  for story in list_stories(library))


def exported_story_ids(library, tmp_path) -> dict[int, int | None]:
    path = tmp_path / "out.jsonl"
    export_library(library, path, ExportFormat.JSONL, query=ArticleQuery(include_merged=True))
    return {record["id"]: record["story_id"] for record in map(json.loads, path.read_text().splitlines())}


def test_merging_versions_of_two_stories_joins_them_as_a_link_would(library, stories, tmp_path):
    hywind, rewrite, later = stories["hywind"], stories["rewrite"], stories["later"]
    chile, chile_rewrite = stories["chile"], stories["chile_rewrite"]
    link_versions(library, hywind, rewrite)
    start_story(library, [later, chile, chile_rewrite])  # the later version put in the Chile story by mistake
    before = listed(library)
    labels = [story_label(library, story_id) for story_id in sorted(story.id for story in list_stories(library))]
    changes = merge_into(library, rewrite, [later])  # the two are one article: one story holds them
    # The merged article is listed once, in one story holding both stories' versions.
    assert listed(library) == [tuple(sorted(stories.values()))]
    [story] = list_stories(library)
    assert story.article_ids.count(rewrite) == 1 and later not in story.article_ids
    assert library.history_summary(changes.history_id).endswith(f"; {labels[0]} and {labels[1]} are one story now")
    # The stories list, its export and each article's story_id agree.
    assert story_of_articles(library) == {article: story.id for article in stories.values()}
    assert exported_story_ids(library, tmp_path) == {article: story.id for article in stories.values()}
    # Undo and unmerge give both stories back as they were.
    undo(library)
    assert listed(library) == before
    redo(library)
    unmerge_article(library, later)
    assert listed(library) == before


def test_merging_a_version_with_an_article_in_no_story_keeps_one_story(library, stories):
    hywind, rewrite, later = stories["hywind"], stories["rewrite"], stories["later"]
    link_versions(library, hywind, rewrite)
    merge_into(library, later, [rewrite])  # kept: the article in no story
    assert listed(library) == [tuple(sorted((hywind, rewrite, later)))]
    assert [story.article_ids for story in list_stories(library)] == [(hywind, later)]


def test_a_story_s_versions_are_not_marked_different_stories_or_asked_about_again(library, stories):
    hywind, rewrite = stories["hywind"], stories["rewrite"]
    link_versions(library, hywind, rewrite)
    [story] = list_stories(library)
    history = library.history(1)
    for decision, words in ((Decision.NOT_DUPLICATE, "to mark them different stories"),
                            (Decision.SKIP, "to ask about them again")):
        with pytest.raises(PairError, match=f"versions of story {story.id}; take one out of it {words}"):
            decide_pair(library, hywind, rewrite, decision)
    assert library.history(1) == history
    split_story(library, story.id, [rewrite])
    decide_pair(library, hywind, rewrite, Decision.NOT_DUPLICATE)  # apart again, they may be told apart
    assert list_stories(library) == []


def test_a_copy_merged_into_a_version_counts_as_it_for_the_refusal(library, stories):
    hywind, rewrite, later = stories["hywind"], stories["rewrite"], stories["later"]
    start_story(library, [hywind, later])
    merge_into(library, rewrite, [later])  # the rewrite is a version now, through its copy
    with pytest.raises(PairError, match="versions of story"):
        decide_pair(library, hywind, rewrite, Decision.NOT_DUPLICATE)


def test_a_suggestion_skipped_before_its_versions_were_put_in_one_story_is_settled_with_it(library, stories):
    chile, chile_rewrite = stories["chile"], stories["chile_rewrite"]
    decide_pair(library, chile, chile_rewrite, Decision.SKIP)
    changes = start_story(library, [chile, chile_rewrite])
    pair = (min(chile, chile_rewrite), max(chile, chile_rewrite))
    assert pair in changes.pairs
    assert library.db.execute("SELECT status FROM pairs WHERE a = ? AND b = ?", pair).fetchone()[0] == "linked"
    with pytest.raises(PairError, match="not a skipped pair"):
        unskip_pair(library, chile, chile_rewrite)
    undo(library)
    assert library.db.execute("SELECT status FROM pairs WHERE a = ? AND b = ?", pair).fetchone()[0] == "skipped"


def test_a_scan_finding_two_versions_of_one_story_does_not_ask_about_them(library):
    hywind, chile = add(library, HYWIND), add(library, ELECTION)
    scan_duplicates(library)
    scan_stories(library)
    rewrite, chile_rewrite = add(library, HYWIND_REWRITE), add(library, CHILE_REWRITE)
    start_story(library, [hywind, rewrite])  # put together before the scan read the rewrite
    report = scan_stories(library)
    assert report.added == [(chile, chile_rewrite)] and report.pairs_added == 1
    assert {(pair["a"]["id"], pair["b"]["id"]) for pair in open_pairs(library)} == {(chile, chile_rewrite)}
    status = library.db.execute("SELECT status, kind FROM pairs WHERE a = ? AND b = ?", (hywind, rewrite))
    assert status.fetchone() == ("linked", "related")


def test_a_story_named_with_nothing_visible_goes_back_to_its_earliest_headline(library, stories):
    link_versions(library, stories["hywind"], stories["rewrite"])
    [story] = list_stories(library)
    rename_story(library, story.id, "Hywind\u200b Tampen\n opens\x1b")
    assert list_stories(library)[0].title == "Hywind Tampen opens"
    rename_story(library, story.id, "\u200b\u2060\ufeff")  # zero-width: no name at all
    [story] = list_stories(library)
    assert story.title == HYWIND[0] and not story.named
    with pytest.raises(StoryRefusal, match="has no name"):
        rename_story(library, story.id, "\u200b")


def test_a_story_named_in_persian_keeps_the_non_joiners_of_its_spelling(library, stories):
    link_versions(library, stories["hywind"], stories["rewrite"])
    [story] = list_stories(library)
    rename_story(library, story.id, "قیمت\u200cها ثابت می\u200cماند\u200c")  # the last one ends a word
    assert list_stories(library)[0].title == "قیمت\u200cها ثابت می\u200cماند"
    rename_story(library, story.id, "\u200c \u200c\u200c")  # nothing visible: no name at all
    [story] = list_stories(library)
    assert story.title == HYWIND[0] and not story.named


def test_an_article_in_the_trash_or_merged_away_is_refused_saying_what_to_do(library, stories):
    from curator.core.curation import trash_articles
    from curator.core.stories import move_versions

    link_versions(library, stories["hywind"], stories["rewrite"])
    [story] = list_stories(library)
    trash_articles(library, [stories["chile"]])
    merge_into(library, stories["rewrite"], [stories["later"]])
    for ids, words in (([stories["chile"]], f"Article {stories['chile']} is in the trash; restore it first"),
                       ([stories["later"]], f"Article {stories['later']} was merged into article "
                                            f"{stories['rewrite']}; choose that article instead")):
        with pytest.raises(StoryRefusal, match=words):
            move_versions(library, ids, story.id)
        with pytest.raises(StoryRefusal, match=words):
            start_story(library, [*ids, stories["chile_rewrite"]])


def test_a_link_brings_the_story_a_version_is_in_through_its_merged_copy(library, stories):
    hywind, rewrite, later = stories["hywind"], stories["rewrite"], stories["later"]
    start_story(library, [later, stories["chile"]])
    start_story(library, [hywind, stories["chile_rewrite"]])
    merge_into(library, rewrite, [later])  # the rewrite is in the first story through its copy
    before = listed(library)
    link_versions(library, hywind, rewrite)
    assert listed(library) == [tuple(sorted(stories.values()))]  # one story, each article once
    undo(library)
    assert listed(library) == before


def test_a_version_in_its_story_through_its_merged_copy_can_be_taken_out_and_is_there_already(library, stories):
    from curator.core.stories import move_versions

    hywind, rewrite, later = stories["hywind"], stories["rewrite"], stories["later"]
    start_story(library, [later, hywind, stories["chile"]])
    merge_into(library, rewrite, [later])  # listed in the story, through its copy
    [story] = list_stories(library)
    assert rewrite in story.article_ids
    with pytest.raises(StoryRefusal, match="there already"):
        move_versions(library, [rewrite], story.id)
    move_versions(library, [rewrite], None)
    assert listed(library) == [tuple(sorted((hywind, stories["chile"])))]


def test_a_copy_merged_into_a_copy_counts_under_the_version_and_is_exported_with_its_story(library, stories,
                                                                                         tmp_path):
    hywind, rewrite, later = stories["hywind"], stories["rewrite"], stories["later"]
    merge_into(library, rewrite, [later])
    merge_into(library, hywind, [rewrite])  # the later version went into the rewrite, which went into this
    start_story(library, [hywind, stories["chile"]])
    [story] = list_stories(library)
    assert [version.copies for version in story.versions if version.id == hywind] == [(rewrite, later)]
    assert exported_story_ids(library, tmp_path) == {
        hywind: story.id, rewrite: story.id, later: story.id, stories["chile"]: story.id,
        stories["chile_rewrite"]: None}


def stored_stories(library) -> list[tuple[int, ...]]:
    """Each stored story's members, listed or not."""
    members: dict[int, list[int]] = {}
    for story_id, article_id in library.db.execute("SELECT story_id, article_id FROM story_members ORDER BY 2"):
        members.setdefault(story_id, []).append(article_id)
    stored = [row[0] for row in library.db.execute("SELECT id FROM stories")]
    return sorted(tuple(members.get(story_id, ())) for story_id in stored)


def test_copies_merged_into_one_article_in_the_trash_count_as_one_version(library, stories):
    from curator.core.curation import restore_articles, trash_articles
    from curator.core.stories import move_versions

    hywind, rewrite, later = stories["hywind"], stories["rewrite"], stories["later"]
    start_story(library, [hywind, rewrite, later])
    [story] = list_stories(library)
    merge_into(library, later, [rewrite])
    trash_articles(library, [later])  # the rewrite went with it: one version in the trash, not two
    label = story_label(library, story.id)
    move_versions(library, [hywind], None)
    assert library.history(1)[0]["summary"].endswith(f"{label}; the story, down to one version, is gone")
    assert stored_stories(library) == []
    restore_articles(library, [later])
    assert stored_stories(library) == [] and list_stories(library) == []
    undo(library)
    undo(library)  # the move: the story is back as it was, its version and copy in the trash
    assert stored_stories(library) == [tuple(sorted((hywind, rewrite, later)))]


def test_a_merge_that_leaves_a_story_one_version_takes_it_apart_and_unmerge_brings_it_back(library, stories):
    hywind, rewrite, later = stories["hywind"], stories["rewrite"], stories["later"]
    start_story(library, [hywind, rewrite])
    [story] = list_stories(library)
    label = story_label(library, story.id)
    merge_into(library, later, [rewrite])  # the rewrite counts as the later version now: two versions still
    assert stored_stories(library) == [tuple(sorted((hywind, rewrite)))]
    before = stored_stories(library)
    changes = merge_into(library, later, [hywind])  # every version merged into one article: no story is left
    assert stored_stories(library) == [] and list_stories(library) == []
    assert library.history_summary(changes.history_id).endswith(f"; {label}, down to one version, is gone")
    with pytest.raises(StoryRefusal, match="There is no story"):
        split_story(library, story.id, [later])
    undo(library)
    assert stored_stories(library) == before and [s.id for s in list_stories(library)] == [story.id]
    redo(library)
    unmerge_article(library, hywind)
    assert stored_stories(library) == before


def test_a_merge_of_two_stories_whole_into_one_article_says_both_are_gone(library, stories):
    hywind, rewrite = stories["hywind"], stories["rewrite"]
    chile, chile_rewrite = stories["chile"], stories["chile_rewrite"]
    start_story(library, [hywind, rewrite])
    start_story(library, [chile, chile_rewrite])
    labels = [story_label(library, story.id) for story in sorted(list_stories(library), key=lambda s: s.id)]
    changes = merge_into(library, hywind, [rewrite, chile, chile_rewrite])
    assert stored_stories(library) == []
    assert library.history_summary(changes.history_id).endswith(
        f"; {labels[0]} and {labels[1]}, down to one version, are gone")
    undo(library)
    assert listed(library) == sorted([tuple(sorted((chile, chile_rewrite))), tuple(sorted((hywind, rewrite)))])


def test_a_story_made_again_of_its_versions_is_refused_though_one_is_in_it_through_its_copy(library, stories):
    hywind, rewrite, later = stories["hywind"], stories["rewrite"], stories["later"]
    start_story(library, [hywind, later])
    merge_into(library, rewrite, [later])  # the rewrite is the story's other version, through its copy
    before, history = stored_stories(library), library.history(1)
    with pytest.raises(StoryRefusal, match="a story of their own already"):
        start_story(library, [hywind, rewrite])
    assert stored_stories(library) == before and library.history(1) == history
    start_story(library, [hywind, rewrite, stories["chile"]])  # with another article, it is a new story
    assert listed(library) == [tuple(sorted((hywind, rewrite, later, stories["chile"])))]
