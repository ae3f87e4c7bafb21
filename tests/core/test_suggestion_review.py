"""The suggestion review queue: groups by proposed name, whole-group decisions and their undo, on the seeds;
and what merging or linking two versions proposes from the entities one of them has tagged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from curator.cli import main
from curator.core.curation import merge_articles, suggest_plan
from curator.core.dedupe import scan_duplicates
from curator.core.entities import (
    EntityError,
    GroupDecision,
    article_mentions,
    count_suggestion_groups,
    decide_suggestion_group,
    occurrences,
    suggest_mentions,
    suggestion_groups,
    tag_mention,
    undo_group_decision,
)
from curator.core.ingest import import_paths, sample_paths
from curator.core.library import Library, redo, undo
from curator.core.stories import link_versions
from tests.factories import add_suggestion

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


@pytest.fixture
def suggested(library):
    import_paths(library, sample_paths())
    suggest_mentions(library, use_spacy=False)
    return library


def pending(library, **where) -> list[dict]:
    clause = "".join(f" AND {column} = ?" for column in where)
    return list(library.db.query(f"SELECT * FROM mentions WHERE status = 'pending'{clause} ORDER BY id",
                                 list(where.values())))


def test_groups_cover_every_pending_mention_once_surest_first(suggested):
    groups = suggestion_groups(suggested, limit=500)
    assert len(groups) == count_suggestion_groups(suggested) > 10
    assert sum(g["mentions"] for g in groups) == len(pending(suggested))
    keys = [(-g["confidence"], -g["mentions"]) for g in groups]
    assert keys == sorted(keys)
    # "US", "United States" and "American" all propose the United States: one card.
    united_states = next(g for g in groups if g["name"] == "United States")
    assert united_states["type"] == "PLACE" and united_states["mentions"] == len(pending(suggested, label="United States"))
    assert united_states["articles"] == 2 and {"gazetteer", "demonym"} <= set(united_states["sources"])
    # Snippets: one per article, the mention's own text between its context.
    lavrov = next(g for g in groups if g["name"] == "Sergei Lavrov")
    assert [s["article_id"] for s in lavrov["snippets"]] == [1, 2]
    for snippet in lavrov["snippets"]:
        body = suggested.article(snippet["article_id"])["body"]
        assert snippet["text"] in ("Sergei Lavrov", "Lavrov")
        assert snippet["before"].lstrip("…") + snippet["text"] + snippet["after"].rstrip("…") in body


def test_pages_follow_one_another(suggested):
    whole = [(g["name"], g["type"]) for g in suggestion_groups(suggested, limit=100)]
    paged = [(g["name"], g["type"]) for offset in range(0, len(whole), 4)
             for g in suggestion_groups(suggested, offset=offset, limit=4)]
    assert paged == whole


def test_accepting_a_group_tags_every_mention_of_it_and_one_undo_takes_it_back(suggested):
    group = next(g for g in suggestion_groups(suggested) if g["name"] == "Sergei Lavrov")
    before = pending(suggested)
    changes = decide_suggestion_group(suggested, group["name"], group["type"], GroupDecision.ACCEPT)
    accepted = list(suggested.db.query(
        "SELECT m.*, e.name FROM mentions m JOIN entities e ON e.id = m.entity_id WHERE m.status = 'accepted'"))
    assert len(accepted) == group["mentions"] == len(changes.mentions)
    assert {m["name"] for m in accepted} == {"Sergei Lavrov"} and {m["text"] for m in accepted} == {
        "Sergei Lavrov", "Lavrov"}
    assert changes.articles == (1, 2) and len(changes.entities) == 1
    assert suggested.history_summary(changes.history_id) == f"Accepted {group['mentions']} mentions of " \
                                                            "“Sergei Lavrov” as Person"
    undo_group_decision(suggested, changes.history_id)
    assert pending(suggested) == before
    assert not suggested.db.execute("SELECT count(*) FROM entities").fetchone()[0]
    redo(suggested)
    assert len(pending(suggested)) == len(before) - group["mentions"]


def test_rejecting_a_group_rejects_all_of_it_and_it_is_not_suggested_again(suggested):
    decide_suggestion_group(suggested, "Kremlin", "UNKNOWN", GroupDecision.REJECT)
    assert not [m for m in pending(suggested) if m["text"] == "Kremlin"]
    assert suggest_mentions(suggested, use_spacy=False).total == 0
    assert "Kremlin" not in {g["name"] for g in suggestion_groups(suggested, limit=100)}


def test_accepting_a_person_proposes_them_where_their_surname_stands_alone(library):
    from tests.factories import add_article

    first = add_article(library, "Prime Minister Keir Starmer met the King on Monday.", title="a")
    later = add_article(library, "Officials said Starmer would visit Aberdeen on Friday.", title="b")
    add_suggestion(library, later, 15, 22, type="UNKNOWN", label="Starmer")
    [group] = [g for g in suggestion_groups(library) if g["name"] == "Starmer"]
    add_suggestion(library, first, 15, 27, type="PERSON", label="Keir Starmer")
    changes = decide_suggestion_group(library, "Keir Starmer", "PERSON", GroupDecision.ACCEPT)
    [alone] = [m for m in article_mentions(library, later) if m["text"] == "Starmer"]
    assert (alone["status"], alone["type"], alone["entity_name"]) == ("pending", "PERSON", "Keir Starmer")
    assert alone["id"] in changes.mentions and library.history(1)[0]["summary"].endswith(
        "and proposed Keir Starmer for 1 mention of “Starmer” alone")
    assert [g["name"] for g in suggestion_groups(library)] == ["Keir Starmer"]  # one card, to accept at a glance
    undo(library)
    assert [m["type"] for m in article_mentions(library, later)] == ["UNKNOWN"]
    assert group["name"] == "Starmer"


def test_an_alias_given_later_reaches_the_suggestions_already_pending(library):
    from curator.core.entities import create_entity, update_entity
    from tests.factories import add_article

    article = add_article(library, "Officials said Fauci would testify on Friday.", title="a")
    mention = add_suggestion(library, article, 15, 20, type="UNKNOWN", label="Fauci")
    fauci = create_entity(library, "Anthony Fauci", "PERSON").entities[0]
    changes = update_entity(library, fauci, aliases=["Fauci"])
    assert mention in changes.mentions
    [proposed] = article_mentions(library, article)
    assert (proposed["status"], proposed["type"], proposed["entity_name"]) == ("pending", "PERSON", "Anthony Fauci")
    undo(library)
    assert [m["entity_name"] for m in article_mentions(library, article)] == [None]


def test_an_unknown_name_is_accepted_only_with_a_type(suggested):
    with pytest.raises(EntityError, match="Choose a type"):
        decide_suggestion_group(suggested, "Kremlin", "UNKNOWN", GroupDecision.ACCEPT)
    changes = decide_suggestion_group(suggested, "Kremlin", "UNKNOWN", GroupDecision.ACCEPT, new_type="ORG")
    tagged = [m for m in article_mentions(suggested, 1) + article_mentions(suggested, 2) if m["text"] == "Kremlin"]
    assert {(m["status"], m["type"], m["entity_name"]) for m in tagged} == {("accepted", "ORG", "Kremlin")}
    assert len(changes.mentions) == 2


def test_a_retyped_group_attaches_to_the_entity_of_that_type(suggested):
    decide_suggestion_group(suggested, "Moscow", "PLACE", GroupDecision.ACCEPT, new_type="ORG")
    assert suggested.db.execute("SELECT name, type FROM entities").fetchall() == [("Moscow", "ORG")]


def test_a_decision_is_undone_only_while_it_is_the_latest(suggested):
    first = decide_suggestion_group(suggested, "Kremlin", "UNKNOWN", GroupDecision.REJECT)
    decide_suggestion_group(suggested, "Moscow", "PLACE", GroupDecision.REJECT)
    with pytest.raises(EntityError, match="Another change"):
        undo_group_decision(suggested, first.history_id)
    with pytest.raises(EntityError, match="no pending suggestions"):
        decide_suggestion_group(suggested, "Moscow", "PLACE", GroupDecision.REJECT)


def test_the_cli_lists_groups_as_json_and_decides_one(capsys, tmp_path, monkeypatch):
    from curator.core.entities import review

    db = str(tmp_path / "x.db")
    main(["--db", db, "import", str(SEEDS[0].parent)])
    main(["--db", db, "suggest"])
    capsys.readouterr()
    monkeypatch.setattr(review, "MAX_PAGE", 2)  # the queue is read a page at a time: more than a page is listed
    assert main(["--db", db, "suggestions", "--json", "--limit", "3"]) == 0
    groups = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(groups) == 3 and len({(group["name"], group["type"]) for group in groups}) == 3 and set(groups[0]) == {"name", "type", "entity_id", "mentions", "articles", "sources",
                                                   "confidence", "snippets"}
    assert set(groups[0]["snippets"][0]) == {"article_id", "title", "before", "text", "after"}
    assert main(["--db", db, "suggestions", "accept", "Kremlin"]) == 1
    assert "Choose a type for “Kremlin”" in capsys.readouterr().err
    assert main(["--db", db, "suggestions", "accept", "Kremlin", "--type", "org"]) == 0
    assert capsys.readouterr().out == "Accepted 2 mentions of “Kremlin” as Organisation.\n"
    main(["--db", db, "suggestions", "--limit", "100"])
    assert "Kremlin" not in capsys.readouterr().out


# Entities across merges and links -----------------------------------------------------

@pytest.fixture
def versions(library):
    """The seeds: two outlets' versions of one story, suggested to each other by the scan."""
    import_paths(library, SEEDS)
    scan_duplicates(library)
    assert library.db.execute("SELECT a, b FROM pairs").fetchall() == [(1, 2)]
    return library


def tag_first(library, article_id: int, text: str, type: str) -> None:
    start, end = occurrences(text, library.article(article_id)["body"])[0]
    tag_mention(library, article_id, start, end, type=type)


def test_linking_versions_proposes_each_ones_entities_in_the_other(versions):
    tag_first(versions, 1, "Sergei Lavrov", "PERSON")
    tag_first(versions, 2, "Kremlin", "ORG")
    changes = link_versions(versions, 1, 2)
    proposed = {(a, m["text"], m["entity_name"], m["status"], m["source"])
                for a in (1, 2) for m in article_mentions(versions, a) if m["source"] == "linked"}
    assert (2, "Sergei Lavrov", "Sergei Lavrov", "pending", "linked") in proposed
    assert (1, "Kremlin", "Kremlin", "pending", "linked") in proposed
    assert {p[3] for p in proposed} == {"pending"} and len(proposed) == len(changes.mentions)
    # One card each in the queue, sure of itself.
    cards = {g["name"]: g for g in suggestion_groups(versions)}
    assert cards["Kremlin"]["confidence"] == 0.9 and cards["Kremlin"]["entity_id"] is not None
    undo(versions)
    assert not [m for a in (1, 2) for m in article_mentions(versions, a) if m["status"] == "pending"]
    redo(versions)
    assert len([m for a in (1, 2) for m in article_mentions(versions, a) if m["source"] == "linked"]) == len(proposed)


def test_a_merge_proposes_tagged_entities_where_the_merged_text_names_them_untagged(versions):
    tag_first(versions, 2, "Russia", "PLACE")  # the first of several
    untagged = len(occurrences("Russia", versions.article(1)["body"]))
    plan = suggest_plan(versions, [1, 2], keep=1).plan
    changes = merge_articles(versions, plan)
    kept = article_mentions(versions, 1)
    proposed = [m for m in kept if m["source"] == "merged"]
    merged_body = versions.article(1)["body"]
    assert proposed and all(m["status"] == "pending" and m["entity_name"] == "Russia" for m in proposed)
    assert len(proposed) + len([m for m in kept if m["status"] == "accepted"]) == len(
        occurrences("Russia", merged_body)) >= untagged
    assert set(changes.mentions) == {m["id"] for m in proposed}
    undo(versions)
    assert not [m for m in article_mentions(versions, 1) if m["source"] == "merged"]


def test_a_rejected_proposal_is_not_proposed_again_by_a_later_link(versions):
    tag_first(versions, 1, "Kremlin", "ORG")
    link_versions(versions, 1, 2)
    decide_suggestion_group(versions, "Kremlin", "ORG", GroupDecision.REJECT)
    assert not pending(versions)


def test_a_name_suggested_as_two_types_is_two_cards_and_the_cli_asks_which(capsys, tmp_path):
    db = tmp_path / "x.db"
    main(["--db", str(db), "import", str(SEEDS[0].parent)])
    library = Library.open(db)
    body = library.article(1)["body"]
    first, second = occurrences("Washington", body)[:2]
    add_suggestion(library, 1, *first, type="PLACE", label="Washington")
    add_suggestion(library, 1, *second, type="PERSON", label="Washington")
    assert [(g["name"], g["type"]) for g in suggestion_groups(library)] == [  # equally sure: by type
        ("Washington", "PERSON"), ("Washington", "PLACE")]
    library.close()
    capsys.readouterr()
    assert main(["--db", str(db), "suggestions", "reject", "Washington"]) == 1
    assert "“Washington” is suggested as PERSON and PLACE; choose one with --type" in capsys.readouterr().err
    assert main(["--db", str(db), "suggestions", "accept", "Washington", "--type", "person"]) == 0
    assert capsys.readouterr().out == "Accepted 1 mention of “Washington” as Person.\n"
    main(["--db", str(db), "suggestions", "--json"])
    assert [(g["name"], g["type"]) for g in map(json.loads, capsys.readouterr().out.splitlines())] == [
        ("Washington", "PLACE")]


def test_a_link_turns_a_pending_suggestion_on_the_span_into_the_tagged_entity(versions):
    suggest_mentions(versions, use_spacy=False)
    tag_first(versions, 1, "Kremlin", "ORG")  # the curator's answer to the Unknown suggestion, in one version
    before = [m for m in article_mentions(versions, 2) if m["text"] == "Kremlin"]
    assert [(m["status"], m["type"], m["label"], m["entity_id"]) for m in before] == [
        ("pending", "UNKNOWN", "Kremlin", None)]
    changes = link_versions(versions, 1, 2)
    after = [m for m in article_mentions(versions, 2) if m["text"] == "Kremlin"]
    assert [(m["id"], m["status"], m["type"], m["entity_name"], m["source"]) for m in after] == [
        (before[0]["id"], "pending", "ORG", "Kremlin", "linked")]
    assert before[0]["id"] in changes.mentions
    assert ("Kremlin", "ORG") in {(g["name"], g["type"]) for g in suggestion_groups(versions, limit=100)}
    undo(versions)
    assert [m for m in article_mentions(versions, 2) if m["text"] == "Kremlin"] == before
