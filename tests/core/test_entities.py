"""Entities and mentions on the shipped samples: tagging, propagation, editing, merges, undo."""

import pytest

from curator.core.dedupe.scan import scan_duplicates
from curator.core.entities import (
    EntityError,
    accept_mentions,
    add_entity_type,
    article_mentions,
    create_entity,
    delete_entity,
    entity,
    entity_summaries,
    inside_a_longer_name,
    merge_entities,
    occurrences,
    propagate_mention,
    preview_propagation,
    propagation_preview,
    rank_entities,
    remove_mentions,
    tag_mention,
    update_entity,
)
from curator.core.library.history import undo
from curator.core.ingest.importing import import_paths
from curator.core.curation.merge import BodyStrategy, MergePlan, merge_articles, suggest_plan, unmerge_article
from curator.core.ingest.samples import sample_paths
from tests.core.test_merge import dump
from tests.factories import add_article, add_suggestion


@pytest.fixture
def seeds(library):
    import_paths(library, sample_paths())
    scan_duplicates(library)
    return library


def span_of(library, article_id, text, nth=0):
    return occurrences(text, library.article(article_id)["body"])[nth]


def test_a_persian_name_is_found_written_with_its_non_joiner_or_without_but_not_inside_a_longer_word():
    zwnj = "\u200c"
    body = f"علی{zwnj}اکبر ولایتی آمد. علیاکبر ولایتی رفت. پسر{zwnj}علی{zwnj}اکبر ماند."
    for name in (f"علی{zwnj}اکبر", "علیاکبر"):
        assert [body[start:end] for start, end in occurrences(name, body)] == [f"علی{zwnj}اکبر", "علیاکبر"]
    assert occurrences("اکبر", body) == []  # the end of a word is no word


def tag(library, article_id, text, type, **kwargs):
    start, end = span_of(library, article_id, text)
    return tag_mention(library, article_id, start, end, type=type, **kwargs)


def test_tagging_creates_the_entity_once_and_reuses_it_by_name_or_alias(seeds):
    tag(seeds, 1, "Lavrov", "PERSON", name="Sergei Lavrov")
    update_entity(seeds, 1, aliases=["Lavrov"])
    tag(seeds, 2, "Lavrov", "PERSON")
    assert [(e["name"], e["accepted"], e["articles"]) for e in entity_summaries(seeds)] == [("Sergei Lavrov", 2, 2)]
    mention = article_mentions(seeds, 2)[0]
    body = seeds.article(2)["body"]
    assert body[mention["start"]:mention["end"]] == "Lavrov" and mention["entity_name"] == "Sergei Lavrov"


def test_rank_entities_resolves_spellings(seeds):
    create_entity(seeds, "Kim Jong-un", "PERSON")
    create_entity(seeds, "Kim Yo-jong", "PERSON")
    assert rank_entities(seeds, "Kim Jong-Un")[0].name == "Kim Jong-un"


def test_propagation_tags_every_occurrence_in_both_seeds_and_undoes_as_one(seeds):
    tag(seeds, 1, "Lavrov", "PERSON", name="Sergei Lavrov")
    [by_hand] = article_mentions(seeds, 1)
    # Not where "Lavrov" ends a longer name ("Foreign Minister Sergei Lavrov"): a tag there would cut it.
    assert propagation_preview(seeds, by_hand["id"]) == {1: 2, 2: 1}
    preview = preview_propagation(seeds, by_hand["id"], listed=1)
    assert (preview.text, preview.counts, preview.total) == ("Lavrov", {1: 2, 2: 1}, 3)
    assert preview.most == [(1, 2, seeds.article(1)["title"])]
    before = dump_entities(seeds)
    propagate_mention(seeds, by_hand["id"])
    for article_id in (1, 2):
        body = seeds.article(article_id)["body"]
        tagged = {(m["start"], m["end"]) for m in article_mentions(seeds, article_id)}
        alone = {(s, e) for s, e in occurrences("Lavrov", body) if not inside_a_longer_name(body, s, e)}
        assert tagged == alone | ({(by_hand["start"], by_hand["end"])} if article_id == 1 else set())
    undo(seeds)
    assert dump_entities(seeds) == before


def test_propagation_tags_a_name_inside_the_run_of_a_script_written_without_spaces(library):
    first = add_article(library, "挪威国家石油公司在北京举行会议。", title="会议")
    second = add_article(library, "代表团昨天抵达北京。北京很冷。", title="抵达")
    tag(library, first, "北京", "PLACE", name="北京")
    mention = article_mentions(library, first)[0]["id"]
    assert propagation_preview(library, mention) == {second: 2}
    propagate_mention(library, mention)
    body = library.article(second)["body"]
    assert [body[m["start"]:m["end"]] for m in article_mentions(library, second)] == ["北京", "北京"]


def dump_entities(library):
    return {table: library.db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in ("entities", "mentions")}


def test_removing_a_suggestion_rejects_it_and_accepting_links_an_entity(seeds):
    start, end = span_of(seeds, 1, "Pyongyang")
    add_suggestion(seeds, 1, start, end, type="PLACE", label="Pyongyang", source="gazetteer")
    accept_mentions(seeds, [1])
    assert article_mentions(seeds, 1)[0]["entity_name"] == "Pyongyang"
    undo(seeds)
    remove_mentions(seeds, [1])
    assert seeds.db.execute("SELECT status FROM mentions").fetchall() == [("rejected",)]
    assert article_mentions(seeds, 1) == []


def test_mentions_follow_a_merge_onto_the_right_characters_and_unmerge_restores(seeds):
    for article_id in (1, 2):
        tag(seeds, article_id, "Lavrov", "PERSON", name="Sergei Lavrov")
    tag(seeds, 2, "Nikki Haley", "PERSON")  # in a paragraph only article 2 has
    before = dump(seeds), dump_entities(seeds)
    plan = suggest_plan(seeds, [1, 2]).plan
    merge_articles(seeds, MergePlan(plan.keep, plan.others, plan.fields, BodyStrategy.COMBINE))
    body = seeds.article(1)["body"]
    kept = article_mentions(seeds, 1)
    assert all(body[m["start"]:m["end"]] == m["text"] for m in kept)
    assert {m["text"] for m in kept} == {"Lavrov", "Nikki Haley"}
    unmerge_article(seeds, 2)
    assert (dump(seeds), dump_entities(seeds)) == before


def test_a_dateline_mention_follows_the_dateline_a_merge_keeps(seeds):
    # Article 1's dateline is "Moscow", article 2's "MOSCOW"; the merge keeps article 2's date and
    # dateline fields only where 1 has none, so 1's own "Moscow" stays and 2's moves nowhere.
    tag_mention(seeds, 1, 0, 6, type="PLACE", field="dateline")
    tag_mention(seeds, 2, 0, 6, type="PLACE", name="Moscow", field="dateline")
    assert [(m["field"], m["text"]) for m in article_mentions(seeds, 2)] == [("dateline", "MOSCOW")]
    before = dump(seeds), dump_entities(seeds)
    plan = suggest_plan(seeds, [1, 2]).plan
    merge_articles(seeds, MergePlan(plan.keep, plan.others, {**plan.fields, "dateline": 2}, plan.body))
    kept = [(m["field"], m["start"], m["end"], m["text"]) for m in article_mentions(seeds, 1)]
    assert seeds.article(1)["dateline"] == "MOSCOW" and kept == [("dateline", 0, 6, "MOSCOW")]
    undo(seeds)
    assert (dump(seeds), dump_entities(seeds)) == before


def test_a_dateline_span_must_be_inside_the_dateline(seeds):
    with pytest.raises(EntityError):
        tag_mention(seeds, 1, 0, 9, type="PLACE", field="dateline")
    with pytest.raises(EntityError):
        tag_mention(seeds, 1, 0, 6, type="PLACE", field="title")


def test_entity_edits_merge_and_delete_are_undoable(seeds):
    tag(seeds, 1, "Lavrov", "PERSON")
    create_entity(seeds, "S. Lavrov", "PERSON", aliases=["Sergey Lavrov"])
    before = dump_entities(seeds)
    merge_entities(seeds, 1, 2)
    assert entity(seeds, 1)["aliases"] == ["S. Lavrov", "Sergey Lavrov"]
    delete_entity(seeds, 1)
    assert article_mentions(seeds, 1) == []
    undo(seeds)
    undo(seeds)
    assert dump_entities(seeds) == before


def test_bad_requests_are_refused_with_reasons(seeds):
    with pytest.raises(EntityError, match="Characters 5 to 5 hold no words: choose words to tag"):
        tag_mention(seeds, 1, 5, 5, type="PERSON")
    with pytest.raises(EntityError, match="Unknown entity type"):
        tag(seeds, 1, "Lavrov", "SHIP")
    add_entity_type(seeds, "ship", "Ship", "#4a90a4", 5)
    tag(seeds, 1, "Lavrov", "SHIP")
    with pytest.raises(EntityError, match="overlaps"):
        start, end = span_of(seeds, 1, "Lavrov")
        tag_mention(seeds, 1, start, end + 7, type="PERSON")
    with pytest.raises(EntityError, match="Key 5"):
        add_entity_type(seeds, "BOAT", "Boat", "#123456", 5)
    with pytest.raises(EntityError, match="only a tagged mention|Only a tagged mention"):
        propagate_mention(seeds, 999)


def test_article_queries_narrow_to_an_entity_and_combine_with_search(seeds):
    from curator.core.library.store import ArticleQuery
    tag(seeds, 2, "Nikki Haley", "PERSON")
    assert seeds.count_articles(ArticleQuery(entity_id=1)) == 1
    assert [a["id"] for a in seeds.article_page(ArticleQuery(search="Minsk", entity_id=1), 0, 10)] == [2]
    assert seeds.count_articles(ArticleQuery(search="puppy", entity_id=1)) == 1
    assert seeds.count_articles(ArticleQuery(search="Pyongyang Lavrov scorn", entity_id=1)) == 0


def test_suggestions_proposing_an_entitys_name_count_and_are_accepted_as_its(seeds):
    from curator.core.entities import pending_suggestions, suggestion_summaries
    from curator.core.entities.suggest import suggest_mentions

    suggest_mentions(seeds)
    pyongyang = [m["id"] for m in seeds.db.query("SELECT id FROM mentions WHERE label = 'Pyongyang' ORDER BY id")]
    assert ("Pyongyang", "PLACE") in {(r["name"], r["type"]) for r in suggestion_summaries(seeds)}
    accept_mentions(seeds, pyongyang[:1])
    # Now an entity: its row counts the other suggestions, and the suggested name is no longer listed apart.
    row = next(r for r in entity_summaries(seeds) if r["name"] == "Pyongyang")
    assert (row["accepted"], row["pending"]) == (1, len(pyongyang) - 1)
    assert "Pyongyang" not in {r["name"] for r in suggestion_summaries(seeds)}
    assert pending_suggestions(seeds, entity_id=row["id"]) == pyongyang[1:]
    accept_mentions(seeds, pending_suggestions(seeds, entity_id=row["id"]))
    row = next(r for r in entity_summaries(seeds) if r["name"] == "Pyongyang")
    assert (row["accepted"], row["pending"]) == (len(pyongyang), 0)


def test_merge_candidates_offer_the_closest_names_first(seeds):
    from curator.core.entities import merge_candidates

    kim = create_entity(seeds, "Kim Jong-Un", "PERSON").entities[0]
    create_entity(seeds, "Beijing", "PLACE")
    create_entity(seeds, "Angela Merkel", "PERSON")
    variant = create_entity(seeds, "Kim Jong-un", "UNKNOWN").entities[0]
    names = [name for _, name, _ in merge_candidates(seeds, kim)]
    # The other spelling first; then the rest, people before places.
    assert names == ["Kim Jong-un", "Angela Merkel", "Beijing"]
    assert [i for i, _, _ in merge_candidates(seeds, variant)][0] == kim
    assert merge_candidates(seeds, 999) == []
