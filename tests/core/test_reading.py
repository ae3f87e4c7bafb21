"""What the reading pane is given: an article's fields, sources, mentions and merge provenance, read by the core."""

import json

import pytest

from curator.core.curation import (
    BodyStrategy,
    MergePlan,
    Provenance,
    SourceFile,
    edit_article,
    merge_articles,
    reading_view,
    suggest_plan,
)
from curator.core.dedupe import scan_duplicates
from curator.core.entities import tag_mention
from curator.core.ingest import import_paths, sample_paths
from curator.core.library import ArticleStatus


@pytest.fixture
def seeds(library):
    import_paths(library, sample_paths())
    scan_duplicates(library)
    return library


def test_an_article_as_the_pane_shows_it(seeds):
    article = seeds.article(1)
    start = article["body"].index("Lavrov")
    tag_mention(seeds, 1, start, start + 6, type="PERSON")
    view = reading_view(seeds, 1)
    assert (view.id, view.title, view.body, view.dateline) == (1, article["title"], article["body"],
                                                               article["dateline"])
    assert view.status is ArticleStatus.ACTIVE and view.provenance is None and view.merge_note == ""
    assert [source.path for source in view.sources] == [file["path"] for file in article["files"]]
    assert not any(source.from_member for source in view.sources)
    (mention,) = view.mentions
    assert (mention["text"], mention["type"], mention["colour"]) == ("Lavrov", "PERSON", "#e07a5f")
    assert [t["label"] for t in view.entity_types][:2] == ["Person", "Organisation"]
    assert [entity["name"] for entity in view.entities.values()] == ["Lavrov"]
    assert view.text_of("dateline") == article["dateline"] and view.text_of("body") == article["body"]
    assert reading_view(seeds, 999) is None


def test_a_merged_article_lists_every_source_and_says_where_it_came_from(seeds):
    merge_articles(seeds, suggest_plan(seeds, [1, 2]).plan)
    kept, merged = reading_view(seeds, 1), reading_view(seeds, 2)
    assert [(source.article_id, source.from_member) for source in kept.sources] == [(1, False), (2, True)]
    assert kept.sources[1].description.startswith("Source (article 2): russia-rejects-us-call-to-cut-ties-2.txt")
    assert kept.provenance.members == (1, 2) and kept.provenance.fields["published"] == 2
    assert kept.merge_note == "Merged from articles 1 and 2: date from 2; text from 1."
    assert merged.status is ArticleStatus.MERGED and merged.merged_into == 1
    assert merged.merge_note == "Merged into article 1. Unmerge to restore it as it was."


def test_the_provenance_record_is_stored_as_before_and_reads_back(seeds):
    plan = suggest_plan(seeds, [1, 2]).plan
    merge_articles(seeds, MergePlan(plan.keep, plan.others, plan.fields, BodyStrategy.COMBINE, 2))
    stored = seeds.db.execute("SELECT provenance FROM articles WHERE id = 1").fetchone()[0]
    record = json.loads(stored)
    assert list(record) == ["merged", "fields", "body", "at"]
    assert record["merged"] == [2] and record["body"] == {"strategy": "combine", "from": 2}
    provenance = Provenance.from_json(1, stored)
    assert provenance.to_json() == stored
    assert provenance.summary() == ("Merged from articles 1 and 2: date from 2; "
                                    "text from 2 plus the others' extra paragraphs.")


def test_an_earlier_merge_nests_and_an_old_record_without_a_time_still_reads():
    old = {"merged": [3, 2], "fields": {"title": 3, "outlet": 1}, "body": {"strategy": "keep", "from": 1}}
    later = {"merged": [4], "fields": {}, "body": {"strategy": "keep", "from": 4}, "at": "2024-01-01T00:00:00Z",
             "earlier": old}
    provenance = Provenance.from_json(1, json.dumps(later))
    assert provenance.earlier.members == (1, 2, 3) and provenance.earlier.at is None
    assert provenance.earlier.summary() == "Merged from articles 1, 2 and 3: title from 3; text from 1."
    assert json.loads(provenance.to_json()) == later


def test_a_source_line_names_the_file_its_record_and_folder():
    source = SourceFile(7, "/data/feeds.csv", "row 3", "csv", "latin-1")
    assert source.description == "Source: feeds.csv (row 3) — csv, latin-1  ·  /data"
    in_zip = SourceFile(2, "/data/wire.zip!/2021/story.txt", None, None, None, from_member=True)
    assert in_zip.description == "Source (article 2): story.txt  ·  /data/wire.zip!/2021"


def test_a_merge_note_names_each_member_by_its_outlet_when_it_has_one(seeds):
    edit_article(seeds, 1, outlet="Reuters")
    edit_article(seeds, 2, outlet="The Straits Times")
    merge_articles(seeds, suggest_plan(seeds, [1, 2]).plan)
    assert reading_view(seeds, 1).merge_note == (
        "Merged from articles 1 (Reuters) and 2 (The Straits Times): date from 2; text from 1.")
