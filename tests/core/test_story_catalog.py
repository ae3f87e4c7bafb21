"""Stories as a curator makes them: linked, joined, renamed, split, moved; read back with their versions."""

from __future__ import annotations

import pytest

from curator.core.dedupe import Decision, PairError, decide_pair, scan_duplicates
from curator.core.library import Library, named_articles, redo, undo
from curator.core.stories import (
    StoryRefusal,
    kept_versions,
    link_versions,
    list_stories,
    move_versions,
    read_story,
    rename_story,
    scan_stories,
    split_story,
    start_story,
    story_page,
)
from curator.core.stories.catalog import story_label
from tests.core.test_stories import ELECTION, HYWIND, HYWIND_REWRITE, add
from tests.factories import add_article, add_pairs, merge_into

CHILE_REWRITE = ("Chile referendum: new charter rejected",
                 "Voters in Chile turned down the draft constitution by a wide margin on Sunday; President Gabriel "
                 "Boric promised a new process with Congress.", "2022-09-05")
HYWIND_LATER = (HYWIND[0], HYWIND_REWRITE[1] + " Construction began in 2020.", "2022-11-16")


def members(library: Library) -> list[tuple[str, tuple[int, ...]]]:
    return [(story.title, story.article_ids) for story in list_stories(library)]


@pytest.fixture
def stories(library):
    """Three versions of the Hywind story and two of the Chile one, every rewrite suggested."""
    ids = {name: add(library, story) for name, story in (
        ("hywind", HYWIND), ("rewrite", HYWIND_REWRITE), ("later", HYWIND_LATER),
        ("chile", ELECTION), ("chile_rewrite", CHILE_REWRITE))}
    scan_duplicates(library)
    scan_stories(library)
    return ids


def test_a_link_joining_versions_marked_different_stories_says_so(library, stories):
    hywind, rewrite, later = stories["hywind"], stories["rewrite"], stories["later"]
    kinds = dict(((a, b), kind) for a, b, kind in library.db.execute("SELECT a, b, kind FROM pairs"))
    first, second = sorted((hywind, rewrite))
    assert kinds[(first, second)] == "related"
    decide_pair(library, hywind, rewrite, Decision.NOT_DUPLICATE)
    link_versions(library, rewrite, later)
    assert "different stories" not in library.history(1)[0]["summary"]
    link_versions(library, later, hywind)  # the curator's to make: it is made, and the summary says what it went against
    assert [story.article_ids for story in list_stories(library)] == [(hywind, rewrite, later)]
    assert library.history(1)[0]["summary"].endswith(
        f"; the story now holds {named_articles(library, [first, second])}, marked different stories before")


def test_suggestions_are_not_stories_until_a_person_links_them(library, stories):
    assert list_stories(library) == []
    link_versions(library, stories["hywind"], stories["rewrite"])
    [story] = list_stories(library)
    assert story.article_ids == (stories["hywind"], stories["rewrite"])
    assert story.title == HYWIND[0] and not story.named  # the earliest version's headline
    assert (story.first, story.last) == ("2022-11-14", "2022-11-15")


def test_a_link_joins_the_two_stories_and_keeps_the_name_one_was_given(library, stories):
    link_versions(library, stories["hywind"], stories["rewrite"])
    [hywind_story] = list_stories(library)
    rename_story(library, hywind_story.id, "  Hywind   Tampen  ")
    assert members(library) == [("Hywind Tampen", (stories["hywind"], stories["rewrite"]))]
    link_versions(library, stories["chile"], stories["chile_rewrite"])
    # Best first: as many versions, so the more recent story leads.
    assert [title for title, _ in members(library)] == ["Hywind Tampen", ELECTION[0]]
    assert library.db.execute("SELECT count(*) FROM stories").fetchone()[0] == 2
    link_versions(library, stories["rewrite"], stories["later"])
    assert members(library)[0] == ("Hywind Tampen", (stories["hywind"], stories["rewrite"], stories["later"]))


def test_split_move_and_rename_are_undone_and_redone(library, stories):
    hywind, rewrite, later = stories["hywind"], stories["rewrite"], stories["later"]
    link_versions(library, hywind, rewrite)
    link_versions(library, rewrite, later)
    [story] = list_stories(library)
    before = members(library)
    split_story(library, story.id, [later])
    assert members(library) == [(HYWIND[0], (hywind, rewrite))]
    move_versions(library, [later, stories["chile"]], story.id)
    assert members(library) == [(ELECTION[0], (stories["chile"], hywind, rewrite, later))]
    earliest = story_label(library, story.id)
    rename_story(library, story.id, "Mixed\x07 up")  # nothing a terminal would obey is kept
    split_story(library, story.id, [stories["chile"], later])
    assert sorted(members(library)) == [("Mixed up", (hywind, rewrite)), (ELECTION[0], (stories["chile"], later))]
    move_versions(library, [hywind], None)
    # The summaries name stories and articles as the app shows them, not by ids.
    assert [entry["summary"] for entry in library.history(3)] == [
        f"Took {named_articles(library, [hywind])} out of story “Mixed up”; the story, down to one version, is gone",
        "Split 2 versions off story “Mixed up” into a story of their own",
        f"Renamed {earliest} to “Mixed up”"]
    assert sorted(members(library)) == [(ELECTION[0], (stories["chile"], later))]  # rewrite, alone, is no story
    for _ in range(5):
        undo(library)
    assert members(library) == before
    for _ in range(5):
        redo(library)
    assert sorted(members(library)) == [(ELECTION[0], (stories["chile"], later))]


def test_versions_split_off_a_story_keep_its_name_when_only_one_version_stays_behind(library, stories):
    hywind, rewrite, later = stories["hywind"], stories["rewrite"], stories["later"]
    link_versions(library, hywind, rewrite)
    link_versions(library, rewrite, later)
    [story] = list_stories(library)
    rename_story(library, story.id, "Hywind Tampen opens")
    split_story(library, story.id, [rewrite, later])
    assert members(library) == [("Hywind Tampen opens", (rewrite, later))]
    assert library.history(1)[0]["summary"] == ("Split 2 versions off story “Hywind Tampen opens”; they keep its "
                                                "name; the one version left is in no story now")
    undo(library)
    assert members(library) == [("Hywind Tampen opens", (hywind, rewrite, later))]


def test_changes_that_make_no_sense_are_refused_and_write_nothing(library, stories):
    link_versions(library, stories["hywind"], stories["rewrite"])
    [story] = list_stories(library)
    history = library.history(1)
    refusals = [
        (lambda: rename_story(library, 99, "x"), "There is no story 99"),
        (lambda: split_story(library, story.id, [stories["chile"]]), f"is not in story {story.id}"),
        (lambda: split_story(library, story.id, list(story.article_ids)), "not none or all"),
        (lambda: move_versions(library, [stories["hywind"]], story.id), "there already"),
        (lambda: move_versions(library, [12345], story.id), "There is no article 12345"),
        (lambda: rename_story(library, story.id, "x" * 301), "at most 300"),
        (lambda: link_versions(library, stories["rewrite"], stories["hywind"]), "versions of one story already"),
    ]
    for change, words in refusals:
        with pytest.raises(StoryRefusal, match=words):
            change()
    decide_pair(library, stories["chile"], stories["chile_rewrite"], Decision.SKIP)
    history = library.history(1)
    for change, words in [
        (lambda: decide_pair(library, stories["chile_rewrite"], stories["chile"], Decision.SKIP), "skipped already"),
        (lambda: decide_pair(library, stories["chile"], 12345, Decision.NOT_DUPLICATE), "There is no article 12345"),
    ]:
        with pytest.raises(PairError, match=words):
            change()
    assert library.history(1) == history


def test_a_merged_copy_shows_under_the_version_it_was_merged_into(library, stories):
    hywind, rewrite, later = stories["hywind"], stories["rewrite"], stories["later"]
    link_versions(library, hywind, rewrite)
    link_versions(library, rewrite, later)
    merge_into(library, rewrite, [later])
    [story] = list_stories(library)
    assert story.article_ids == (hywind, rewrite)
    assert story.versions[1].copies == (later,) and story.copies == 1
    undo(library)
    assert list_stories(library)[0].article_ids == (hywind, rewrite, later)


def test_each_article_is_kept_as_itself_or_the_article_it_was_merged_into(library, stories):
    from curator.core.curation import trash_articles

    hywind, rewrite, later, chile = stories["hywind"], stories["rewrite"], stories["later"], stories["chile"]
    merge_into(library, rewrite, [later])
    merge_into(library, hywind, [rewrite])  # later went into rewrite, which went into hywind
    trash_articles(library, [chile])
    assert kept_versions(library, [hywind, rewrite, later, chile, stories["chile_rewrite"]]) == {
        hywind: hywind, rewrite: hywind, later: hywind, chile: None, stories["chile_rewrite"]: stories["chile_rewrite"]}


def test_a_version_split_off_or_moved_takes_the_copies_merged_into_it_along(library, stories):
    hywind, rewrite, later = stories["hywind"], stories["rewrite"], stories["later"]
    chile, chile_rewrite = stories["chile"], stories["chile_rewrite"]
    link_versions(library, hywind, rewrite)
    link_versions(library, rewrite, later)
    merge_into(library, rewrite, [later])
    story_id = list_stories(library)[0].id
    quoted_story = story_label(library, story_id)
    split_story(library, story_id, [rewrite])
    assert members(library) == []  # the rewrite left with its copy: the Hywind story is down to one version
    said = library.history(1)[0]["summary"]
    assert said == (f"Took {named_articles(library, [rewrite])} out of {quoted_story}; the story, down to one "
                    "version, is gone")
    with pytest.raises(StoryRefusal, match="There is no story"):  # gone whole, not left holding the copy
        split_story(library, 1, [rewrite])
    undo(library)
    assert members(library) == [(HYWIND[0], (hywind, rewrite))]
    link_versions(library, chile, chile_rewrite)
    move_versions(library, [rewrite], [s.id for s in list_stories(library) if chile in s.article_ids][0])
    assert sorted(ids for _, ids in members(library)) == [(chile, chile_rewrite, rewrite)]
    assert [story.versions[-1].copies for story in list_stories(library)] == [(later,)]


def test_a_copy_suggestion_between_two_versions_of_one_story_is_still_decided_same_story(library, stories):
    hywind, rewrite, later = stories["hywind"], stories["rewrite"], stories["later"]
    link_versions(library, hywind, rewrite)
    link_versions(library, rewrite, later)
    with library.atomic() as db:  # a copy the copy scan suggests between two of its versions
        db.execute("DELETE FROM pairs WHERE a = ? AND b = ?", (min(hywind, later), max(hywind, later)))
    add_pairs(library, [(hywind, later)])
    link_versions(library, hywind, later)
    status = library.db.execute("SELECT status FROM pairs WHERE a = ? AND b = ?", (min(hywind, later), max(hywind, later)))
    assert status.fetchone()[0] == "linked"
    assert members(library) == [(HYWIND[0], (hywind, rewrite, later))]


def test_a_story_page_says_what_each_version_adds_and_cuts_against_the_earliest(library, stories):
    link_versions(library, stories["hywind"], stories["rewrite"])
    link_versions(library, stories["rewrite"], stories["later"])
    [story] = list_stories(library)
    page = story_page(library, story.id)
    earliest, rewrite, later = page.changes
    assert earliest.version.id == stories["hywind"] and (earliest.added_words, earliest.cut_words) == (0, 0)
    assert rewrite.added_words > 20 and rewrite.cut_words > 20 and rewrite.new_headline
    assert later.added_words > rewrite.added_words and not later.new_headline  # same headline, one more sentence
    assert read_story(library, story.id) == story


def test_stories_linked_before_they_were_stored_become_stories(tmp_path):
    library = Library.open(tmp_path / "old.db")
    ids = [add(library, story) for story in (HYWIND, HYWIND_REWRITE, HYWIND_LATER, ELECTION, CHILE_REWRITE)]
    scan_stories(library)
    library.db.execute("UPDATE pairs SET status = 'linked'")
    library.db.executescript("DROP TABLE story_members; DROP TABLE stories; "
                             "DELETE FROM _sqlite_migrations WHERE name = '0009_stories';")
    library.close()
    library = Library.open(tmp_path / "old.db")
    assert sorted(story.article_ids for story in list_stories(library)) == [tuple(ids[:3]), tuple(ids[3:])]
    assert sorted(story.id for story in list_stories(library)) == [ids[0], ids[3]]
    library.close()


def test_a_merge_that_changes_the_text_is_read_again_by_the_story_scan_and_undo_restores_it(library, stories):
    from curator.core.curation import BodyStrategy, MergePlan, merge_articles

    hywind, rewrite = stories["hywind"], stories["rewrite"]
    indexed = library.db.execute("SELECT * FROM story_index WHERE article_id = ?", [hywind]).fetchone()
    merge_articles(library, MergePlan(hywind, (rewrite,), {}, BodyStrategy.COMBINE))
    assert library.db.execute("SELECT 1 FROM story_index WHERE article_id = ?", [hywind]).fetchone() is None
    assert scan_stories(library).new_articles == 1  # the combined text, read again
    undo(library)
    assert library.db.execute("SELECT * FROM story_index WHERE article_id = ?", [hywind]).fetchone() == indexed
    assert scan_stories(library).new_articles == 0


HYWIND_THIRD = ("Equinor's Hywind Tampen now powering Snorre and Gullfaks",
                "Equinor has brought the Hywind Tampen floating wind farm into production off Norway, its eleven "
                "turbines supplying the Snorre and Gullfaks platforms in the North Sea. The company expects the "
                "project, the largest floating wind farm in the world, to cut emissions by 200,000 tonnes a year.",
                "2022-11-17")


def test_once_two_versions_are_in_one_story_their_own_suggestion_leaves_the_queue(library):
    from curator.core.dedupe import open_pairs

    def open_now() -> set[tuple[int, int]]:
        return {(pair["a"]["id"], pair["b"]["id"]) for pair in open_pairs(library)}

    hywind, rewrite, third = (add(library, story) for story in (HYWIND, HYWIND_REWRITE, HYWIND_THIRD))
    scan_stories(library)
    assert open_now() == {(hywind, rewrite), (hywind, third), (rewrite, third)}
    link_versions(library, hywind, rewrite)
    changes = link_versions(library, hywind, third)
    assert (rewrite, third) in changes.pairs  # linked with the story, not asked again
    assert library.history(1)[0]["summary"].endswith("(and 1 more pair of its versions)")
    assert open_now() == set()
    undo(library)
    assert open_now() == {(hywind, third), (rewrite, third)}


def test_names_the_curator_tagged_as_one_entity_count_as_shared(library):
    import numpy as np

    from curator.core.entities import tag_mention
    from curator.core.stories.explained import _facts, _stored_rows
    from curator.core.stories.scan import _names_as_entities
    from curator.core.stories.score import shared_names
    from curator.core.stories.signatures import IndexedRows, Vocabulary, read_signatures

    def shared(a: int, b: int) -> list[str]:
        """The names two indexed articles share, as the scan reads them: from the texts, and counted
        in the names matrix that picks its candidates (which must agree)."""
        vocabulary = Vocabulary.read(library)
        table = read_signatures(library, "SELECT article_id, signature FROM story_index ORDER BY article_id")
        stored = _stored_rows(library, IndexedRows.of(table), np.arange(len(table.ids))).values()
        texts = _facts([row for row, _ in stored], [mention for _, mentions in stored for mention in mentions])
        names = _names_as_entities(library, table, vocabulary)
        rows = [int(np.searchsorted(table.ids, article)) for article in (a, b)]
        found = shared_names(texts[a], texts[b])[0]
        assert names[rows[0]].multiply(names[rows[1]]).sum() == len(found)
        return found

    uk = add(library, ("Ofgem caps prices", "The UK energy regulator Ofgem capped household prices on Friday.",
                       "2022-08-26"))
    britain = add(library, ("Price cap set", "Britain's regulator Ofgem set the new cap for households.",
                            "2022-08-26"))
    scan_stories(library)
    assert shared(uk, britain) == ["ofgem"]
    for article_id, word in ((uk, "UK"), (britain, "Britain")):
        body = library.article(article_id)["body"]
        start = body.index(word)
        tag_mention(library, article_id, start, start + len(word), type="PLACE", name="United Kingdom")
    assert shared(uk, britain) == ["united kingdom", "ofgem"]



def test_linking_versions_of_two_stories_joins_them_whole(library, stories):
    hywind, rewrite, later = stories["hywind"], stories["rewrite"], stories["later"]
    link_versions(library, hywind, rewrite)
    link_versions(library, stories["chile"], stories["chile_rewrite"])
    chile_story = next(story.id for story in list_stories(library) if stories["chile"] in story.article_ids)
    move_versions(library, [later], chile_story)
    link_versions(library, rewrite, later)  # each side's story comes along, every article once
    [story] = list_stories(library)
    assert sorted(story.article_ids) == sorted(stories.values())
    undo(library)
    assert sorted(sorted(article_ids) for _, article_ids in members(library)) == sorted(
        [sorted((hywind, rewrite)), sorted((later, stories["chile"], stories["chile_rewrite"]))])


def test_the_stories_an_article_could_join_come_likeliest_first(library, stories):
    from curator.core.stories import stories_for

    link_versions(library, stories["chile"], stories["chile_rewrite"])
    link_versions(library, stories["hywind"], stories["rewrite"])
    hywind, chile = list_stories(library)  # the later story listed first
    assert hywind.article_ids[0] == stories["hywind"]
    # The later Hywind version was suggested beside Hywind's versions: that story first.
    assert [story.id for story in stories_for(library, [stories["later"]])] == [hywind.id, chile.id]
    assert [story.id for story in stories_for(library, [stories["hywind"]])] == [chile.id]  # not its own
    # Marked a different story from them, and suggested beside a Chile version: the Chile story first.
    for version in ("hywind", "rewrite"):
        decide_pair(library, *sorted((stories["later"], stories[version])), Decision.NOT_DUPLICATE)
    add_pairs(library, [tuple(sorted((stories["later"], stories["chile"])))], score=0.6)
    assert [story.id for story in stories_for(library, [stories["later"]])] == [chile.id, hywind.id]


def test_a_version_put_in_a_story_by_hand_answers_its_suggestions_to_the_story_s_others(library, stories):
    link_versions(library, stories["hywind"], stories["rewrite"])
    [story] = [s for s in list_stories(library) if stories["hywind"] in s.article_ids]
    later = stories["later"]
    rewrites = "SELECT a, b FROM pairs WHERE status = 'open' AND kind = 'related' AND (a = ? OR b = ?)"
    open_before = library.db.execute(rewrites, [later, later]).fetchall()
    assert open_before  # the scan suggested the later version as a rewrite of the story's others
    changes = move_versions(library, [later], story.id)
    assert set(changes.pairs) == {tuple(pair) for pair in open_before}
    assert library.db.execute(rewrites, [later, later]).fetchall() == []  # a copy suggestion, if any, stays
    assert "suggested pair" in library.history_summary(changes.history_id)
    undo(library)
    assert library.db.execute(rewrites, [later, later]).fetchall() == open_before


def test_where_no_pair_says_the_headlines_choose_the_likeliest_story(library, stories):
    from curator.core.stories import stories_for

    link_versions(library, stories["chile"], stories["chile_rewrite"])
    link_versions(library, stories["hywind"], stories["rewrite"])
    hywind, chile = list_stories(library)
    # No scan ever compared it with anything: its headline shares the Chile story's words.
    alone = add_article(library, "Officials began planning the next drafting process.",
                        title="Chile constitution: what comes after the referendum")
    assert [story.id for story in stories_for(library, [alone])] == [chile.id, hywind.id]


def test_a_story_is_made_of_chosen_articles_and_undone(library, stories):
    link_versions(library, stories["chile"], stories["chile_rewrite"])
    before = members(library)
    changes = start_story(library, [stories["later"], stories["chile"]])
    made = [story for story in list_stories(library) if stories["later"] in story.article_ids]
    assert [set(story.article_ids) for story in made] == [{stories["later"], stories["chile"]}]
    said = library.history_summary(changes.history_id)
    assert said.startswith("Made a story of ") and "down to one version, is gone" in said  # the Chile story
    assert len(list_stories(library)) == 1
    undo(library)
    assert members(library) == before
    with pytest.raises(StoryRefusal, match="two articles or more"):
        start_story(library, [stories["later"]])
    with pytest.raises(StoryRefusal, match="a story of their own already"):
        start_story(library, [stories["chile"], stories["chile_rewrite"]])


def test_a_story_all_of_whose_versions_move_away_is_said_to_be_left_with_none(library, stories):
    link_versions(library, stories["hywind"], stories["rewrite"])
    [emptied] = list_stories(library)
    start_story(library, [stories["chile"], stories["later"]])
    [target] = [story for story in list_stories(library) if story.id != emptied.id]
    labels = story_label(library, emptied.id), story_label(library, target.id)
    move_versions(library, [stories["hywind"], stories["rewrite"]], target.id)
    said = library.history(1)[0]["summary"]
    assert said.startswith(f"Moved 2 articles to {labels[1]}; {labels[0]}, left with no version, is gone")


def test_every_suggested_version_is_linked_in_one_run_that_one_undo_takes_back(library):
    from curator.core.dedupe import PairQuery, open_pairs
    from curator.core.stories import link_suggested_versions, suggested_versions

    every = PairQuery()
    hywind, rewrite, third = (add(library, story) for story in (HYWIND, HYWIND_REWRITE, HYWIND_THIRD))
    chile, chile_rewrite = add(library, ELECTION), add(library, CHILE_REWRITE)
    scan_stories(library)
    suggested = suggested_versions(library, every)
    assert set(suggested) == {(hywind, rewrite), (hywind, third), (rewrite, third), (chile, chile_rewrite)}
    scores = dict(library.db.execute("SELECT a || ',' || b, score FROM pairs").fetchall())
    assert [scores[f"{a},{b}"] for a, b in suggested] == sorted(scores.values(), reverse=True)  # the best first
    progress: list[tuple[int, int]] = []
    report = link_suggested_versions(library, every, progress=lambda done, total, _: progress.append((done, total)))
    # The third Hywind pair was settled by the two links before it, not linked again.
    assert (report.linked, report.settled, report.cancelled) == (3, 1, False)
    assert report.summary() == "Linked 4 same-story suggestions as versions of their stories"
    assert members(library) == [(HYWIND[0], (hywind, rewrite, third)), (ELECTION[0], (chile, chile_rewrite))]
    assert open_pairs(library) == [] and progress[0] == (0, 4) and progress[-1] == (3, 4)
    assert {entry["batch"] for entry in library.history(3)} == {report.batch}
    undo(library)
    assert members(library) == [] and set(suggested_versions(library, every)) == set(suggested)
    redo(library)
    assert len(members(library)) == 2 and suggested_versions(library, every) == []


def test_a_bulk_link_keeps_to_the_pairs_its_query_selects_and_keeps_what_it_linked_when_cancelled(library):
    from curator.core.curation import trash_articles
    from curator.core.dedupe import Decision, PairQuery, decide_pair
    from curator.core.library import PairKind
    from curator.core.stories import link_suggested_versions, suggested_versions

    for story in (HYWIND, HYWIND_REWRITE, ELECTION, CHILE_REWRITE):
        add(library, story)
    scan_stories(library)
    (best, best_score), (worse, worse_score) = library.db.execute(
        "SELECT a || ',' || b, score FROM pairs ORDER BY score DESC").fetchall()
    assert best_score > worse_score
    # Above the lower score only the better pair is linked; a query without the same-story kind links none.
    assert link_suggested_versions(library, PairQuery(kinds=(PairKind.NEAR,))).linked == 0
    assert link_suggested_versions(library, PairQuery(min_score=(best_score + worse_score) / 2)).linked == 1
    assert [f"{a},{b}" for story in list_stories(library) for a, b in [story.article_ids]] == [best]
    undo(library)
    asked = iter([False, True])
    report = link_suggested_versions(library, PairQuery(), cancelled=lambda: next(asked))
    assert (report.linked, report.cancelled) == (1, True) and len(list_stories(library)) == 1
    assert report.summary().endswith("; stopped after 1 link")
    (left,) = suggested_versions(library, PairQuery())
    # Skipped, the pair is linked only from the skipped ones, as the queue shows them.
    decide_pair(library, *left, Decision.SKIP)
    assert suggested_versions(library, PairQuery()) == []
    assert suggested_versions(library, PairQuery(skipped=True)) == [left]
    # A suggestion with an article in the trash is not linked.
    trash_articles(library, [left[0]])
    assert suggested_versions(library, PairQuery(skipped=True)) == []
    assert link_suggested_versions(library, PairQuery(skipped=True)).linked == 0
    undo(library)
    assert link_suggested_versions(library, PairQuery(skipped=True)).linked == 1 and len(list_stories(library)) == 2


def test_a_bulk_link_passes_over_links_against_a_decision_which_one_link_at_a_time_makes(library):
    from curator.core.dedupe import Decision, PairQuery, decide_pair
    from curator.core.stories import link_suggested_versions

    hywind, rewrite, third = (add(library, story) for story in (HYWIND, HYWIND_REWRITE, HYWIND_THIRD))
    chile, chile_rewrite = add(library, ELECTION), add(library, CHILE_REWRITE)
    scan_stories(library)
    # Marked different stories: a run that would join them through the rewrite passes over that link.
    decide_pair(library, hywind, third, Decision.NOT_DUPLICATE)
    report = link_suggested_versions(library, PairQuery())
    assert (report.linked, report.against_decisions, report.changed_meanwhile) == (2, 1, 0)
    assert report.summary() == ("Linked 2 same-story suggestions as versions of their stories; passed over 1 that "
                                "would have put articles marked different stories into one story")
    assert {story.article_ids for story in list_stories(library)} == {(hywind, rewrite), (chile, chile_rewrite)}
    undo(library)
    # One at a time, a person sees the stories a link joins: the link is theirs to make, and it says so.
    link_versions(library, hywind, rewrite)
    changes = link_versions(library, rewrite, third)
    assert library.history_summary(changes.history_id).endswith("marked different stories before")


def test_a_bulk_link_passes_over_a_pair_another_process_changed_after_it_looked(library):
    from curator.core.curation import trash_articles
    from curator.core.dedupe import PairQuery
    from curator.core.stories import link_suggested_versions

    hywind, rewrite, chile, chile_rewrite = (add(library, story) for story in (HYWIND, HYWIND_REWRITE, ELECTION,
                                                                                CHILE_REWRITE))
    scan_stories(library)
    assert suggested_versions_of(library) == [(hywind, rewrite), (chile, chile_rewrite)]

    def trash_when_started(done: int, total: int, _: str) -> None:
        if done == 0 and total:  # after the run listed its pairs
            trash_articles(library, [chile_rewrite])

    report = link_suggested_versions(library, PairQuery(), progress=trash_when_started)
    assert (report.linked, report.changed_meanwhile) == (1, 1)
    assert report.summary().endswith("; passed over 1 another process changed meanwhile")
    assert [story.article_ids for story in list_stories(library)] == [(hywind, rewrite)]


def suggested_versions_of(library: Library) -> list[tuple[int, int]]:
    from curator.core.dedupe import PairQuery
    from curator.core.stories import suggested_versions

    return suggested_versions(library, PairQuery())


def test_a_bulk_link_stops_when_another_undoes_its_links(library):
    from curator.core.dedupe import PairQuery
    from curator.core.stories import link_suggested_versions

    for story in (HYWIND, HYWIND_REWRITE, ELECTION, CHILE_REWRITE):
        add(library, story)
    scan_stories(library)

    def undo_the_first_link(done: int, total: int, doing: str) -> None:
        if done == 1 and doing.startswith("Linking"):  # as the second link is about to be made
            undo(library)

    report = link_suggested_versions(library, PairQuery(), progress=undo_the_first_link)
    assert (report.linked, report.undone_meanwhile) == (1, True) and list_stories(library) == []
    assert report.summary().endswith("; stopped when another process undid its links")


def test_a_bulk_link_makes_no_story_larger_than_a_story_grows(library, monkeypatch):
    from curator.core.dedupe import PairQuery
    from curator.core.stories import editing, link_suggested_versions

    hywind, rewrite, third = (add(library, story) for story in (HYWIND, HYWIND_REWRITE, HYWIND_THIRD))
    scan_stories(library)
    monkeypatch.setattr(editing, "MOST_UNSEEN_VERSIONS", 2)
    report = link_suggested_versions(library, PairQuery())
    # The first link makes a story of two; a third article joining it through either pair is passed over.
    assert (report.linked, report.too_large) == (1, 2) and len(list_stories(library)) == 1
    assert report.summary().endswith("passed over 2 that would have made a story of more than 2 articles")
    # One at a time, the curator may make it as large as they see fit.
    (story,) = list_stories(library)
    (left_out,) = {hywind, rewrite, third} - set(story.article_ids)
    link_versions(library, story.article_ids[0], left_out)
    assert [len(story.article_ids) for story in list_stories(library)] == [3]
