"""Property tests for merge, unmerge, decisions, edits, the trash, undo and redo on a small real library.

A: whatever sequence of operations a curator performs, the library ends up exactly
   as if only the operations still in effect (the journal's reversible rows with
   ``undone = 0``, in id order) had been performed, once each, on a fresh library.
B: merge then unmerge, and merge then undo, give back every row byte for byte.

Why the replay model of A is well defined: a new operation supersedes every undone
one, undo takes the latest operation in effect and redo the earliest undone one.
So at any moment every undone row is newer than every row in effect, and the rows
in effect, in id order, are one linear history in which each operation ran on the
state its predecessors left. Re-running them in that order on a fresh library must
therefore succeed, and must produce the same rows (and journal snapshots) -- given
a clock frozen for both libraries, since replay runs fewer operations than the
original. Property B runs on a clock that ticks on every call, so any timestamp
that undo or unmerge failed to restore would show.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import sys
import tempfile
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

import curator.core.library.store
from curator.core.curation.editing import (
    EditError,
    edit_article,
    restore_articles,
    trash_articles,
)
from curator.core.curation.merge import (
    BodyStrategy,
    MergeError,
    MergePlan,
    merge_articles,
    suggest_plan,
    unmerge_article,
)
from curator.core.dedupe.pairs import Decision, PairError, decide_pair
from curator.core.dedupe.scan import scan_duplicates
from curator.core.entities import (
    EntityError,
    GroupDecision,
    create_entity,
    decide_suggestion_group,
    occurrences,
    propagate_mention,
    propagation_preview,
    suggest_mentions,
    suggestion_groups,
    tag_mention,
)
from curator.core.ingest.importing import import_paths
from curator.core.library.fields import FIELDS
from curator.core.library.history import (
    HistoryConflict,
    NothingToDo,
    next_redo,
    next_undo,
    redo,
    undo,
)
from curator.core.library.store import Changes, Library
from curator.core.stories import (
    StoryRefusal,
    link_versions,
    list_stories,
    move_versions,
    rename_story,
    split_story,
    start_story,
    story_of_articles,
)
from curator.core.stories.catalog import version_count
from tests.factories import seal_history

# Every module that stamps times binds utc_now by name, so each is patched.
CLOCK_MODULES = tuple(module for name, module in sorted(sys.modules.items()) if name.startswith("curator.core.")
                      and getattr(module, "utc_now", None) is curator.core.library.store.utc_now)
FROZEN = "2024-06-01T12:00:00+00:00"

# The isolated_log_folder autouse fixture is function-scoped but holds nothing an example could change.
PROPERTY_SETTINGS = settings(max_examples=60, deadline=None,
                             suppress_health_check=[HealthCheck.function_scoped_fixture])

HARBOUR = [
    "The city council voted on Tuesday to rebuild the old harbour wall after winter storms broke through it "
    "twice in one month.",
    "Engineers told the council that the new wall would be two metres higher and built from reinforced "
    "concrete blocks.",
    "Fishermen who moor their boats inside the harbour welcomed the decision but asked for the works to wait "
    "until the season ends.",
    "The mayor said the cost would be shared between the city and the regional government, and that work "
    "could start in spring.",
]
FERRY = [
    "Ferry crews walked out at dawn on Friday, stranding hundreds of travellers at the island terminals.",
    "The union says the operator has refused to discuss pay for two years while fares have risen every season.",
    "The operator said it would run a reduced timetable with managers on the bridge and apologised to passengers.",
]
ORCHARD = [
    "A village orchard planted by schoolchildren forty years ago produced its largest apple harvest on record "
    "this autumn.",
    "Volunteers pressed the fruit into juice and sold it at the Saturday market to pay for new trees.",
]


def _text(header: list[str], paragraphs: list[str]) -> str:
    return "\n".join(header) + "\n\n" + "\n\n".join(paragraphs) + "\n"


# Three near-copies of one story, two of another, one unrelated; fields filled unevenly.
ARTICLES = {
    "harbour-1.txt": _text(["Title: Council backs new harbour wall", "Date: 2024-03-05", "Source: Coast Herald",
                            "By Ann Lee"], HARBOUR),
    "harbour-2.txt": _text(["Title: Harbour wall to be rebuilt", "Date: 2024-03-06",
                            "URL: https://example.org/harbour-wall"],
                           HARBOUR[:3] + ["Residents will be invited to a public meeting about the design next week."]
                           + HARBOUR[3:]),
    "harbour-3.txt": _text(["Title: Harbour wall vote", "Source: Wire Service"],
                           [HARBOUR[0], HARBOUR[1].replace("two metres", "three metres"), HARBOUR[3]]),
    "ferry-1.txt": _text(["Title: Ferry crews strike", "Date: 2024-04-12", "Source: Island News"], FERRY),
    "ferry-2.txt": _text(["Title: Ferry strike strands travellers", "By Tom Kerr"],
                         FERRY[:2] + ["Talks are expected to resume on Monday at the labour ministry."]),
    "orchard.txt": _text(["Title: Record apple harvest"], ORCHARD),
}
ARTICLE_IDS = tuple(range(1, len(ARTICLES) + 1))
DATA_TABLES = ("articles", "files", "pairs", "dedupe_index", "entities", "mentions", "stories", "story_members")


# Clocks and libraries -----------------------------------------------------------

@contextmanager
def clock(now):
    """Every ``utc_now`` in the core returns ``now()`` inside the block."""
    with pytest.MonkeyPatch.context() as patch:
        for module in CLOCK_MODULES:
            patch.setattr(module, "utc_now", now)
        yield


def frozen_clock():
    return clock(lambda: FROZEN)


def ticking_clock():
    """A clock that moves on by a second each time anyone reads it."""
    start, seconds = datetime(2024, 6, 1, 12, tzinfo=timezone.utc), itertools.count()
    return clock(lambda: (start + timedelta(seconds=next(seconds))).isoformat(timespec="seconds"))


@pytest.fixture(scope="module")
def base_library(tmp_path_factory) -> Path:
    """The six articles imported and scanned once, on the frozen clock; examples work on copies."""
    folder = tmp_path_factory.mktemp("history-properties")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    with frozen_clock():
        library = Library.open(folder / "base.db")
        report = import_paths(library, sorted(folder.glob("*.txt")))
        assert report.imported == len(ARTICLES) and not report.errors
        scan_duplicates(library)
        # Tagged mentions in every article, so merges have mentions to carry and unmerges to restore.
        for word, type in (("council", "ORG"), ("harbour", "PLACE"), ("operator", "ORG"), ("fruit", "EVENT")):
            article_id, (start, end) = next((i, spans[0]) for i in ARTICLE_IDS if (spans := occurrences(
                word, library.article(i)["body"])))
            mention = tag_mention(library, article_id, start, end, type=type).mentions[0]
            if propagation_preview(library, mention):
                propagate_mention(library, mention)
        # Entities the articles name but nobody has tagged yet, for suggestion runs to find.
        create_entity(library, "The Mayor", "PERSON", aliases=["mayor"])
        create_entity(library, "Ferry Workers Union", "ORG", aliases=["union"])
        # The tagging is the examples' starting state, not something their undos may reach.
        seal_history(library)
    pairs = library.db.execute("SELECT a, b FROM pairs ORDER BY a, b").fetchall()
    library.close()
    assert len(pairs) >= 3, pairs  # the near-copies really are suggested to each other
    return folder / "base.db"


@contextmanager
def copies(base: Path, count: int):
    """``count`` fresh libraries, each a byte-for-byte copy of ``base``."""
    with tempfile.TemporaryDirectory() as folder:
        libraries = []
        try:
            for n in range(count):
                path = Path(folder) / f"copy-{n}.db"
                source, target = sqlite3.connect(base), sqlite3.connect(path)
                source.backup(target)
                source.close()
                target.close()
                libraries.append(Library.open(path))
            yield libraries
        finally:
            for library in libraries:
                library.close()


# Comparing libraries ------------------------------------------------------------

def dump(library: Library) -> dict:
    """Every row of every data table, the search index's content and its terms per document."""
    state = {table: library.db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall() for table in DATA_TABLES}
    state["fts"] = library.db.execute("SELECT rowid, title, body FROM articles_fts ORDER BY rowid").fetchall()
    # articles_fts reads its columns from articles (external content): compare the index itself too.
    library.db.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_terms USING fts5vocab(main, articles_fts, instance)")
    state["fts_terms"] = library.db.execute("SELECT doc, col, term FROM temp.fts_terms ORDER BY 1, 2, 3").fetchall()
    return state


def history_rows(library: Library) -> list[tuple]:
    return library.db.execute("SELECT * FROM history ORDER BY id").fetchall()


def fts_is_consistent(library: Library) -> bool:
    try:
        library.db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError:
        return False
    return True


def in_effect(library: Library) -> list[dict]:
    """The operations in effect that an example performed (the base library's tagging is already in every copy)."""
    rows = library.db.query(
        "SELECT id, op, summary, args, before, after FROM history WHERE reversible = 1 AND undone = 0 "
        "AND op IN ('merge', 'unmerge', 'decide_pair', 'rename_story', 'split_story', 'move_versions', "
        "'edit_article', 'trash_articles', 'restore_articles', 'suggest_mentions', 'accept_mentions', "
        "'remove_mentions') ORDER BY id")
    return [{**row, "args": json.loads(row["args"])} for row in rows]


def active_ids(library: Library) -> list[int]:
    return [row[0] for row in library.db.execute("SELECT id FROM articles WHERE status = 'active' ORDER BY id")]


# Operations ---------------------------------------------------------------------

# How often each kind of operation is drawn: merges, undo and redo are what the property is about.
KINDS = ("merge",) * 3 + ("undo", "redo") * 2 + ("unmerge", "decide", "decide", "story", "story", "edit", "trash",
                                               "restore", "suggest", "review", "review")
# What an edit may write: new values, the same value again (refused: nothing to change), clearing, a bad date.
EDITS = st.sampled_from([("title", "Harbour works agreed"), ("title", "Council backs new harbour wall"),
                         ("title", ""), ("published", "7 March 2024"), ("published", ""), ("published", "soon"),
                         ("outlet", "Coast Herald"), ("outlet", ""), ("url", "https://example.org/x"),
                         ("byline", "By Sam Ode"), ("dateline", "")])


@st.composite
def operations(draw) -> list[tuple]:
    """One operation, or a run of one to three undos or redos (so deeper stacks are taken apart)."""
    kind = draw(st.sampled_from(KINDS))
    if kind == "merge":
        return [(
            "merge",
            draw(st.booleans()),  # members among the active articles (True), or any ids, merged-away ones too
            draw(st.lists(st.integers(0, len(ARTICLE_IDS) - 1), min_size=1, max_size=4, unique=True)),
            draw(st.integers(0, 5)),  # keeper, as an index into the members
            draw(st.lists(st.integers(0, 5), min_size=len(FIELDS), max_size=len(FIELDS))),  # each field's source
            draw(st.sampled_from(BodyStrategy)),
            draw(st.integers(0, 5)),  # whose text is kept or extended
        )]
    if kind in ("undo", "redo"):
        return [(kind,)] * draw(st.integers(1, 3))
    if kind == "unmerge":
        # Mostly an article a merge made or absorbed; else any, which is refused when it is neither.
        among_merged = draw(st.sampled_from((True, True, True, False)))
        return [("unmerge", among_merged, draw(st.integers(0, len(ARTICLE_IDS) - 1)))]
    if kind == "story":
        # Rename, split, move or make a story, on a story and articles picked by index (refused where they make no sense).
        change = draw(st.sampled_from(("rename", "split", "move", "move out", "new")))
        return [("story", change, draw(st.integers(0, 5)),
                 draw(st.lists(st.integers(0, len(ARTICLE_IDS) - 1), min_size=1, max_size=3, unique=True)))]
    if kind == "edit":
        return [("edit", draw(st.integers(0, len(ARTICLE_IDS) - 1)), draw(st.lists(EDITS, min_size=1, max_size=3)))]
    if kind in ("trash", "restore"):
        # Mostly articles that can go (active ones to the trash, trashed ones back); else any, often refused.
        return [(kind, draw(st.booleans()), draw(st.lists(st.integers(0, len(ARTICLE_IDS) - 1), min_size=1,
                                                            max_size=3, unique=True)))]
    if kind == "suggest":
        return [("suggest",)]
    if kind == "review":
        # A suggested name by index, accepted (as its own type, or as another) or rejected; an Unknown one
        # accepted without a type is refused.
        return [("review", draw(st.integers(0, 20)), draw(st.sampled_from(GroupDecision)),
                 draw(st.sampled_from(("", "", "ORG", "PLACE"))))]
    decisions = st.sampled_from([Decision.NOT_DUPLICATE, Decision.SKIP] + [Decision.SAME_STORY] * 3)
    return [("decide", draw(st.integers(0, 20)), draw(decisions))]


def plan_for(library: Library, ids: list[int], keeper: int, sources: list[int], body: BodyStrategy,
             body_from: int) -> MergePlan:
    """The suggested plan for ``ids`` with the keeper, field sources and body strategy chosen by index."""
    members = sorted(set(ids))
    suggestion = suggest_plan(library, ids, keep=members[keeper % len(members)])
    fields = {name: members[index % len(members)] for name, index in zip(FIELDS, sources)}
    return MergePlan(suggestion.plan.keep, suggestion.plan.others, fields, body, members[body_from % len(members)])


def perform(library: Library, operation: tuple) -> None:
    """Run one operation; refusals raise (MergeError, HistoryConflict, NothingToDo, PairError, EditError)."""
    kind = operation[0]
    if kind == "merge":
        _, among_active, picks, keeper, sources, body, body_from = operation
        pool = (active_ids(library) if among_active else []) or list(ARTICLE_IDS)
        ids = [pool[i % len(pool)] for i in picks]
        merge_articles(library, plan_for(library, ids, keeper, sources, body, body_from))
    elif kind == "unmerge":
        _, among_merged, index = operation
        merged = [row[0] for row in library.db.execute(
            "SELECT id FROM articles WHERE status = 'merged' OR provenance IS NOT NULL ORDER BY id")]
        pool = merged if among_merged and merged else list(ARTICLE_IDS)
        unmerge_article(library, pool[index % len(pool)])
    elif kind == "edit":
        _, index, edits = operation
        edit_article(library, ARTICLE_IDS[index], **dict(edits))
    elif kind in ("trash", "restore"):
        _, movable, picks = operation
        status = "active" if kind == "trash" else "trashed"
        pool = [row[0] for row in library.db.execute("SELECT id FROM articles WHERE status = ? ORDER BY id",
                                                     [status])] if movable else []
        pool = pool or list(ARTICLE_IDS)
        (trash_articles if kind == "trash" else restore_articles)(library, sorted({pool[i % len(pool)]
                                                                                  for i in picks}))
    elif kind == "undo":
        undo(library)
    elif kind == "redo":
        redo(library)
    elif kind == "decide":
        _, index, decision = operation
        open_pairs = library.db.execute("SELECT a, b FROM pairs WHERE status = 'open' ORDER BY a, b").fetchall()
        # With nothing open, decide on two articles that were never suggested: a refusal.
        a, b = open_pairs[index % len(open_pairs)] if open_pairs else (1, len(ARTICLE_IDS))
        decide(library, a, b, decision)
    elif kind == "story":
        _, change, story_index, picks = operation
        stories = [row[0] for row in library.db.execute("SELECT id FROM stories ORDER BY id")] or [1]
        story = stories[story_index % len(stories)]
        members = [row[0] for row in library.db.execute(
            "SELECT article_id FROM story_members WHERE story_id = ? ORDER BY article_id", [story])]
        if change == "rename":
            rename_story(library, story, f"Story {story_index}" if story_index % 3 else "")
        elif change == "split":
            split_story(library, story, [members[i % len(members)] for i in picks] if members else [picks[0] + 1])
        elif change == "new":
            pool = active_ids(library) or list(ARTICLE_IDS)
            start_story(library, sorted({pool[i % len(pool)] for i in picks}))
        else:
            pool = active_ids(library) or list(ARTICLE_IDS)
            move_versions(library, sorted({pool[i % len(pool)] for i in picks}), story if change == "move" else None)
    elif kind == "suggest":
        suggest_mentions(library, use_spacy=False)
    elif kind == "review":
        _, index, decision, new_type = operation
        groups = suggestion_groups(library, limit=100)
        # With nothing pending, a name never suggested: a refusal.
        name, type = (groups[index % len(groups)]["name"], groups[index % len(groups)]["type"]) if groups else (
            "Nowhere", "PLACE")
        decide_suggestion_group(library, name, type, decision, new_type=new_type or None)
    else:  # pragma: no cover
        raise AssertionError(kind)


def decide(library: Library, a: int, b: int, decision: Decision):
    return link_versions(library, a, b) if decision is Decision.SAME_STORY else decide_pair(library, a, b, decision)


def replay(library: Library, entries: list[dict]) -> dict[int, int]:
    """Re-run the journal ``entries`` on ``library``; returns their history ids there."""
    ids: dict[int, int] = {}
    for entry in entries:
        args = entry["args"]
        if entry["op"] == "merge":
            changes = merge_articles(library, MergePlan.from_json(args))
        elif entry["op"] == "unmerge":
            changes = unmerge_article(library, args["article"])
            # ... and it takes apart the same merge the original did.
            done = json.loads(library.db.execute("SELECT args FROM history WHERE id = ?",
                                                 [changes.history_id]).fetchone()[0])
            assert done["merge"] == ids[args["merge"]], (entry, done)
        elif entry["op"] == "decide_pair":
            changes = decide(library, args["a"], args["b"], Decision(args["decision"]))
        elif entry["op"] == "rename_story":
            changes = rename_story(library, args["story"], args["title"])
        elif entry["op"] == "split_story":
            changes = split_story(library, args["story"], args["articles"])
        elif entry["op"] == "move_versions" and args.get("new"):
            changes = start_story(library, args["articles"])
        elif entry["op"] == "move_versions":
            changes = move_versions(library, args["articles"], args["story"])
        elif entry["op"] == "edit_article":
            changes = edit_article(library, args["id"], **args["fields"])
        elif entry["op"] == "trash_articles":
            changes = trash_articles(library, args["ids"])
        elif entry["op"] == "restore_articles":
            changes = restore_articles(library, args["ids"])
        elif entry["op"] == "suggest_mentions":
            changes = Changes(suggest_mentions(library, use_spacy=False).history_ids[-1])
        elif entry["op"] in ("accept_mentions", "remove_mentions"):
            changes = decide_suggestion_group(library, args["name"], args["type"],
                                              GroupDecision[args["decision"].upper()], new_type=args["new_type"])
        else:  # pragma: no cover
            raise AssertionError(entry["op"])
        ids[entry["id"]] = changes.history_id
    return ids


# Property A -----------------------------------------------------------------------

def check_stories(library: Library) -> None:
    """Every stored story has two versions or more (distinct articles once a member merged away counts
    as the article it went into, one in the trash as itself: whatever leaves a story one version takes
    it apart, a merge as a split or a move), and every member is an article; as the stories are read
    back, every article is in one story at most, each listed version is active, and no open or skipped
    same-story suggestion asks about two versions of one story."""
    assert not library.db.execute(
        "SELECT story_id FROM story_members GROUP BY story_id HAVING count(*) < 2 "
        "UNION SELECT id FROM stories WHERE id NOT IN (SELECT story_id FROM story_members) "
        "UNION SELECT article_id FROM story_members WHERE article_id NOT IN (SELECT id FROM articles)").fetchall()
    members: dict[int, list[int]] = {}
    for story_id, article_id in library.db.execute("SELECT story_id, article_id FROM story_members"):
        members.setdefault(story_id, []).append(article_id)
    assert all(version_count(library, ids) >= 2 for ids in members.values()), members
    counted = [article for story in list_stories(library) for version in story.versions
               for article in (version.id, *version.copies)]
    assert len(counted) == len(set(counted)), counted
    active = set(active_ids(library))
    assert all(version.id in active for story in list_stories(library) for version in story.versions)
    story_of = story_of_articles(library)
    asked = library.db.execute("SELECT a, b FROM pairs WHERE kind = 'related' AND status IN ('open', 'skipped')")
    assert not [(a, b) for a, b in asked if a in story_of and story_of.get(a) == story_of.get(b)]


def stories_by_versions(library: Library) -> set[frozenset[int]]:
    """Each stored story as the versions it holds: its members, each merged-away one as the article it
    went into (through earlier merges too)."""
    merged_into = dict(library.db.execute("SELECT id, merged_into FROM articles WHERE status = 'merged'"))

    def version(article: int) -> int:
        while merged_into.get(article) is not None:
            article = merged_into[article]
        return article

    members: dict[int, set[int]] = {}
    for story_id, article_id in library.db.execute("SELECT story_id, article_id FROM story_members"):
        members.setdefault(story_id, set()).add(version(article_id))
    return {frozenset(versions) for versions in members.values()}


def check_journal_order(library: Library) -> None:
    """Every undone-but-redoable row is newer than every row in effect (what makes replay well defined)."""
    newest_in_effect, oldest_undone = library.db.execute(
        "SELECT (SELECT max(id) FROM history WHERE reversible = 1 AND undone = 0), "
        "(SELECT min(id) FROM history WHERE reversible = 1 AND undone = 1)").fetchone()
    if newest_in_effect is not None and oldest_undone is not None:
        assert newest_in_effect < oldest_undone


@PROPERTY_SETTINGS
@given(runs=st.lists(operations(), min_size=4, max_size=16))
# Always tried: a merge whose result is merged again, so unmerging the first is refused until the second is undone.
@example(runs=[
    [("merge", True, [0, 1], 0, [0] * len(FIELDS), BodyStrategy.COMBINE, 1)],  # 2 into 1, with 2's text combined
    [("merge", True, [0, 1], 1, [1, 0, 1, 0, 1, 0, 1], BodyStrategy.KEEP, 0)],  # 1 into 3
    [("unmerge", True, 1)],  # article 2: refused, article 1 has changed since
    [("undo",)],
    [("unmerge", True, 1)],  # article 2 again: now it is taken apart
    [("decide", 0, Decision.SKIP)],
    [("undo",)] * 3,
    [("redo",)] * 2,
])
# Always tried: two stories linked, one article moved between them (the other story goes), a split, a name.
@example(runs=[
    [("decide", 0, Decision.SAME_STORY)],  # 1 and 2: story 1
    [("decide", 2, Decision.SAME_STORY)],  # 4 and 5: story 2
    [("story", "move", 0, [3])],  # 4 into story 1; story 2 is down to 5 alone, and goes
    [("story", "split", 0, [0, 2])],  # 1 and 4 split off into a new story; 2 is left alone
    [("story", "rename", 1, [0])],
    [("undo",)] * 3,
    [("redo",)] * 2,
])
# Always tried: a story made of articles from two stories and none, which takes one of those apart.
@example(runs=[
    [("decide", 0, Decision.SAME_STORY)],
    [("decide", 2, Decision.SAME_STORY)],
    [("story", "new", 0, [0, 3, 5])],
    [("undo",)],
    [("redo",)],
])
# Always tried: an article moved out of its story takes the copy merged into it out of another story,
# which is down to one version and goes too.
@example(runs=[
    [("decide", 0, Decision.SAME_STORY)],
    [("decide", 0, Decision.SAME_STORY)],
    [("edit", 0, [("title", "Harbour works agreed")])],
    [("merge", False, [0, 2], 1, [0] * len(FIELDS), BodyStrategy.KEEP, 0)],
    [("story", "move out", 0, [1])],
])
# Always tried: two versions of two stories merged, which makes the two stories one (the merged article
# was listed in both); then unmerged, undone and redone.
@example(runs=[
    [("decide", 0, Decision.SAME_STORY)],  # 1 and 2: story 1
    [("decide", 2, Decision.SAME_STORY)],  # 4 and 5: story 2
    [("merge", False, [1, 3], 0, [0] * len(FIELDS), BodyStrategy.KEEP, 0)],  # 4 into 2
    [("unmerge", True, 0)],
    [("undo",)] * 2,
    [("redo",)] * 2,
])
# Always tried: a version linked to another story's through the copy merged into it, which brings
# its story along (the link put it in the other story while its copy stayed in its own).
@example(runs=[
    [("story", "new", 0, [0, 5])],  # 1 and 6: story 1
    [("story", "new", 0, [3, 4])],  # 4 and 5: story 2
    [("merge", False, [0, 2], 1, [1] * len(FIELDS), BodyStrategy.KEEP, 1)],  # 1 into 3
    [("decide", 1, Decision.SAME_STORY)],  # 3 and 4
    [("undo",)],
    [("redo",)],
])
# Always tried: a story's two versions merged into one article, which takes the story apart (it was
# kept, never listed); unmerged, undone and redone, it comes back and goes again.
@example(runs=[
    [("decide", 0, Decision.SAME_STORY)],  # 1 and 2: story 1
    [("merge", True, [0, 1], 0, [0] * len(FIELDS), BodyStrategy.KEEP, 0)],  # 2 into 1: story 1 goes
    [("unmerge", True, 1)],
    [("undo",)] * 2,
    [("redo",)] * 2,
])
# Always tried: a version and the copy merged into it in the trash count as one version, so moving the
# story's other version out takes the story apart (each counted as a version, it stayed, never listed).
@example(runs=[
    [("story", "new", 0, [0, 1, 3])],  # 1, 2 and 4: story 1
    [("merge", False, [1, 3], 1, [0] * len(FIELDS), BodyStrategy.KEEP, 0)],  # 2 into 4
    [("trash", False, [3])],  # 4, with its copy 2
    [("story", "move out", 0, [0])],  # 1 out: story 1 is down to one version, in the trash, and goes
    [("restore", True, [0])],
    [("undo",)] * 2,
    [("redo",)] * 2,
])
# Always tried: a story made of the versions of one story, one of them in it through the copy merged
# into it: it is that story already, and refused.
@example(runs=[
    [("story", "new", 0, [0, 5])],  # 1 and 6: story 1
    [("merge", False, [0, 2], 1, [1] * len(FIELDS), BodyStrategy.KEEP, 1)],  # 1 into 3
    [("story", "new", 0, [1, 4])],  # 3 and 6: story 1's versions
    [("undo",)],
])
def test_any_sequence_equals_replaying_the_operations_in_effect_on_a_fresh_library(base_library, runs):
    sequence = [operation for run in runs for operation in run]
    with frozen_clock(), copies(base_library, 2) as (library, fresh):
        for operation in sequence:
            before, journal = dump(library), history_rows(library)
            can_undo, can_redo = next_undo(library), next_redo(library)
            stories_before = stories_by_versions(library)
            try:
                perform(library, operation)
            except (MergeError, HistoryConflict, NothingToDo, PairError, StoryRefusal, EditError,
                    EntityError) as refusal:
                conflict = " because of a later change" if "changed since" in str(refusal) else ""
                event(f"refused: {operation[0]} ({type(refusal).__name__}{conflict})")
                assert dump(library) == before, (operation, refusal)
                assert history_rows(library) == journal, (operation, refusal)
                # Nothing but history changes the library here, so undo and redo are only
                # ever refused for having nothing to do -- never for a conflict.
                if operation[0] == "undo":
                    assert isinstance(refusal, NothingToDo) and can_undo is None, refusal
                if operation[0] == "redo":
                    assert isinstance(refusal, NothingToDo) and can_redo is None, refusal
            else:
                event(f"done: {operation[0]}")
                if operation[:2] == ("story", "new"):
                    # Made of one story's versions and no more, it is that story already: refused.
                    assert stories_by_versions(library) != stories_before, operation
                if operation[0] in ("undo", "redo"):
                    assert (can_undo if operation[0] == "undo" else can_redo) is not None
            check_journal_order(library)
            assert fts_is_consistent(library)
            check_stories(library)

        entries = in_effect(library)
        event(f"operations in effect at the end: {len(entries)}")
        event(f"in effect: {sorted({entry['op'] for entry in entries})}")
        ids = replay(fresh, entries)
        assert dump(fresh) == dump(library)
        # The journal of what is in effect is the same too: same plans, summaries and row snapshots.
        replayed = {row["id"]: row for row in in_effect(fresh)}
        assert sorted(replayed) == sorted(ids.values())
        for entry in entries:
            again = replayed[ids[entry["id"]]]
            args = entry["args"]
            if entry["op"] == "unmerge":  # it names its merge by history id, which differs in the replay
                args = {**args, "merge": ids[args["merge"]]}
            assert (again["op"], again["summary"], again["args"]) == (entry["op"], entry["summary"], args)
            assert (again["before"], again["after"]) == (entry["before"], entry["after"])


# Property B -----------------------------------------------------------------------

def merge_choices(most: int):
    """Members (by index among the active articles), keeper, field sources, body strategy and source."""
    return st.tuples(
        st.lists(st.integers(0, len(ARTICLE_IDS) - 1), min_size=2, max_size=most, unique=True),
        st.integers(0, 5),
        st.lists(st.integers(0, 5), min_size=len(FIELDS), max_size=len(FIELDS)),
        st.sampled_from(BodyStrategy),
        st.integers(0, 5),
    )


def merge_among_active(library: Library, choice: tuple) -> MergePlan:
    picks, keeper, sources, body, body_from = choice
    pool = active_ids(library)
    ids = sorted({pool[i % len(pool)] for i in picks})
    if len(ids) < 2:  # two picks landed on one article
        ids = pool[:2]
    plan = plan_for(library, ids, keeper, sources, body, body_from)
    merge_articles(library, plan)
    return plan


@PROPERTY_SETTINGS
# An earlier merge takes at most four of the six articles, so two at least are left to merge.
@given(earlier=st.none() | merge_choices(4), choice=merge_choices(len(ARTICLE_IDS)), by_undo=st.booleans(),
       which=st.integers(0, 5))
def test_merge_then_unmerge_or_undo_restores_every_row(base_library, earlier, choice, by_undo, which):
    with ticking_clock(), copies(base_library, 1) as (library,):
        if earlier is not None:  # the kept article may itself be the result of a merge
            merge_among_active(library, earlier)
        before = dump(library)
        plan = merge_among_active(library, choice)
        merged = dump(library)
        assert merged != before
        statuses = dict(library.db.execute("SELECT id, status || ' ' || ifnull(merged_into, '') FROM articles"))
        assert statuses[plan.keep] == "active " and all(statuses[i] == f"merged {plan.keep}" for i in plan.others)
        if by_undo:
            undo(library)
            assert dump(library) == before
            redo(library)
        else:
            unmerge_article(library, plan.members[which % len(plan.members)])
            assert dump(library) == before
            undo(library)  # undoing the unmerge merges again
        assert dump(library) == merged
        assert fts_is_consistent(library)


# Property C -----------------------------------------------------------------------

@PROPERTY_SETTINGS
@given(index=st.integers(0, len(ARTICLE_IDS) - 1), edits=st.lists(EDITS, min_size=1, max_size=4),
       trashed=st.lists(st.integers(0, len(ARTICLE_IDS) - 1), min_size=1, max_size=4, unique=True))
def test_edit_and_trash_are_undone_and_redone_byte_for_byte(base_library, index, edits, trashed):
    with ticking_clock(), copies(base_library, 1) as (library,):
        states = [dump(library)]
        try:
            edit_article(library, ARTICLE_IDS[index], **dict(edits))
        except EditError:
            assert dump(library) == states[0]
        else:
            states.append(dump(library))
        trash_articles(library, [ARTICLE_IDS[i] for i in trashed])
        states.append(dump(library))
        assert library.count_articles() == len(ARTICLE_IDS) - len(trashed)
        for state in reversed(states[:-1]):
            undo(library)
            assert dump(library) == state
        for state in states[1:]:
            redo(library)
            assert dump(library) == state
        assert fts_is_consistent(library)
