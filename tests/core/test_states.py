"""The stored states as enums: the values the tables hold, and the operations the journal records."""

import importlib.util
import json
import re
import sys

import pytest

from curator.core.curation import merge_articles, suggest_plan, unmerge_article
from curator.core.dedupe import Decision, decide_pair, scan_duplicates
from curator.core.entities import (
    accept_mentions,
    article_mentions,
    create_entity,
    delete_entity,
    merge_entities,
    propagate_mention,
    remove_mentions,
    suggest_mentions,
    tag_mention,
    update_entity,
)
from curator.core.ingest import import_paths, sample_paths
from curator.core.library import (
    ArticleStatus,
    HistoryState,
    MentionOrigin,
    MentionStatus,
    Operation,
    PairKind,
    PairStatus,
    next_undo,
    redo,
    states,
    undo,
    update_settings,
)


def test_every_operation_has_a_label():
    for operation in Operation:
        assert operation.label.strip() == operation.label and operation.label[0].isupper(), operation


@pytest.mark.parametrize(("states_of", "table", "column"), [
    (ArticleStatus, "articles", "status"),
    (PairKind, "pairs", "kind"),
    (PairStatus, "pairs", "status"),
    (MentionStatus, "mentions", "status"),
    (MentionOrigin, "mentions", "origin"),
])
def test_each_enum_is_exactly_what_its_column_accepts(library, states_of, table, column):
    schema = library.db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    allowed = re.search(rf"CHECK \({column} IN \(([^)]*)\)\)", schema).group(1)
    assert {value for value in re.findall(r"'([^']*)'", allowed)} == {member.value for member in states_of}


def test_members_are_stored_printed_and_serialised_as_their_values(library):
    assert str(PairStatus.NOT_DUPLICATE) == f"{PairStatus.NOT_DUPLICATE}" == "not_duplicate"
    assert json.dumps({"kind": PairKind.EXACT, "undone": HistoryState.UNDONE}) == '{"kind": "exact", "undone": 1}'
    stored = library.db.execute("SELECT ?, ?", [ArticleStatus.MERGED, HistoryState.SUPERSEDED]).fetchone()
    assert stored == ("merged", 2)
    assert ArticleStatus("active") is ArticleStatus.ACTIVE and HistoryState(0) is HistoryState.IN_EFFECT


def test_the_fallback_for_python_3_10_behaves_as_str_enum(monkeypatch):
    monkeypatch.setattr(sys, "version_info", (3, 10, 13, "final", 0))
    spec = importlib.util.spec_from_file_location("states_on_3_10", states.__file__)
    fallback = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fallback)
    member = fallback.PairStatus.OPEN
    assert member == "open" and str(member) == f"{member}" == f"{member:<6}".strip() == "open"
    assert json.dumps(member) == '"open"' and fallback.Operation("merge").label == "Merge"


def test_every_operation_a_library_records_is_an_operation_and_names_its_undo(library):
    import_paths(library, sample_paths())
    scan_duplicates(library)
    tagged = tag_mention(library, 1, 0, 6, type="PLACE")
    propagate_mention(library, tagged.mentions[0])
    suggest_mentions(library, use_spacy=False)
    pending = [m["id"] for m in article_mentions(library, 2) if m["status"] == MentionStatus.PENDING]
    accept_mentions(library, pending[:1])
    remove_mentions(library, pending[1:2])
    lavrov = create_entity(library, "Sergei Lavrov", "PERSON").entities[0]
    update_entity(library, lavrov, aliases=["Lavrov"])
    minister = create_entity(library, "Russian Foreign Minister", "PERSON").entities[0]
    merge_entities(library, lavrov, minister)
    delete_entity(library, lavrov)
    update_settings(library, duplicate_threshold=0.6)
    decide_pair(library, 1, 2, Decision.SKIP)
    undo(library)
    merge_articles(library, suggest_plan(library, [1, 2]).plan)
    unmerge_article(library, 2)
    undo(library)
    redo(library)

    recorded = {Operation(entry["op"]) for entry in library.history(limit=1000)}  # each parses, or ValueError
    assert recorded == {
        Operation.IMPORT, Operation.SCAN_DUPLICATES, Operation.TAG_MENTION, Operation.PROPAGATE_MENTION,
        Operation.SUGGEST_MENTIONS, Operation.ACCEPT_MENTIONS, Operation.REMOVE_MENTIONS, Operation.CREATE_ENTITY,
        Operation.UPDATE_ENTITY, Operation.MERGE_ENTITIES, Operation.DELETE_ENTITY, Operation.UPDATE_SETTINGS,
        Operation.DECIDE_PAIR, Operation.MERGE, Operation.UNMERGE,
    }
    step = next_undo(library)
    assert step.op is Operation.UNMERGE and f"Undo {step.op.label}" == "Undo Unmerge"


def test_history_states_follow_undo_and_a_later_operation(library):
    import_paths(library, sample_paths())
    scan_duplicates(library)
    decision = decide_pair(library, 1, 2, Decision.NOT_DUPLICATE).history_id
    undo(library)

    def state() -> HistoryState:
        return HistoryState(library.db.execute("SELECT undone FROM history WHERE id = ?", [decision]).fetchone()[0])

    assert state() is HistoryState.UNDONE
    decide_pair(library, 1, 2, Decision.SKIP)
    assert state() is HistoryState.SUPERSEDED
    stored = library.db.execute("SELECT status FROM pairs WHERE a = 1 AND b = 2").fetchone()[0]
    assert PairStatus(stored) is PairStatus.SKIPPED is Decision.SKIP.value
