"""Exports on real library files: every format, scopes, atomic writes, and round trips back in."""

import csv
import io
import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.core import export as export_module
from curator.core.entities import tag_mention, update_entity
from curator.core.entities.registry import find_by_name
from curator.core.export import (
    CSV_COLUMNS,
    ExportError,
    ExportFormat,
    articles_in_scope,
    count_in_scope,
    export_library,
    format_for_path,
)
from curator.core.ingest.importing import import_paths
from curator.core.ingest.records import parse_json_lines
from curator.core.curation.merge import merge_articles, suggest_plan
from curator.core.ingest.samples import sample_paths
from curator.core.library.store import ArticleQuery, Library
from tests.factories import add_article

COMPARED_FIELDS = ("title", "body", "published", "outlet", "url", "byline", "dateline", "language")


def span_of(body: str, text: str) -> tuple[int, int]:
    start = body.index(text)
    return start, start + len(text)


@pytest.fixture
def merged_seeds(library):
    """The two sample articles merged into one, with two people and places tagged in its body and dateline."""
    import_paths(library, sample_paths())
    plan = suggest_plan(library, [1, 2]).plan
    merge_articles(library, plan)
    body = library.article(plan.keep)["body"]
    tag_mention(library, plan.keep, *span_of(body, "Sergei Lavrov"), type="PERSON")
    tag_mention(library, plan.keep, *span_of(body, "Minsk"), type="PLACE")
    tag_mention(library, plan.keep, *span_of(body, "Kim Jong-Un"), type="PERSON")
    tag_mention(library, plan.keep, 0, 6, type="PLACE", field="dateline")
    return library, plan.keep, plan.others[0]


def add_articles(library: Library, *texts: str) -> list[int]:
    """Articles stored straight into the library (title = their first word), in order."""
    return [add_article(library, text, title=text.split()[0]) for text in texts]


def read_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file, strict=True))


# JSON Lines -----------------------------------------------------------------------------

def test_jsonl_holds_each_active_article_with_its_sources_entities_and_mentions(merged_seeds, tmp_path):
    library, kept, merged = merged_seeds
    report = export_library(library, tmp_path / "corpus.jsonl", ExportFormat.JSONL)
    assert report.summary() == f"Exported 1 article to {tmp_path / 'corpus.jsonl'}"
    [record] = read_lines(tmp_path / "corpus.jsonl")
    article = library.article(kept)
    assert {name: record[name] for name in COMPARED_FIELDS} == {name: article[name] for name in COMPARED_FIELDS}
    assert (record["id"], record["status"], record["merged_into"]) == (kept, "active", None)
    assert record["published"] == "2017-11-30"
    assert [Path(source["path"]).name for source in record["sources"]] == [
        "russia-rejects-us-call-to-cut-ties-1.txt", "russia-rejects-us-call-to-cut-ties-2.txt"]
    assert [source["article_id"] for source in record["sources"]] == [kept, merged]
    assert record["provenance"]["merged"] == [merged]
    assert [(e["name"], e["type"], e["mentions"]) for e in record["entities"]] == [
        ("Kim Jong-Un", "PERSON", 1), ("Minsk", "PLACE", 1), ("Moscow", "PLACE", 1), ("Sergei Lavrov", "PERSON", 1)]
    texts = {"body": record["body"], "dateline": record["dateline"]}
    assert [(m["field"], m["text"], m["type"]) for m in record["mentions"]] == [
        ("dateline", "Moscow", "PLACE"), ("body", "Kim Jong-Un", "PERSON"), ("body", "Sergei Lavrov", "PERSON"),
        ("body", "Minsk", "PLACE")]
    assert all(texts[m["field"]][m["start"]:m["end"]] == m["text"] for m in record["mentions"])


def test_jsonl_imports_back_as_the_same_article(merged_seeds, tmp_path):
    library, kept, _ = merged_seeds
    export_library(library, tmp_path / "corpus.jsonl", ExportFormat.JSONL)
    copy = Library.open(tmp_path / "copy.db")
    report = import_paths(copy, [tmp_path / "corpus.jsonl"])
    assert report.imported == 1 and not report.errors
    original, imported = library.article(kept), copy.article(report.article_ids[0])
    assert {name: imported[name] for name in COMPARED_FIELDS} == {name: original[name] for name in COMPARED_FIELDS}
    # Where it came from stays with it; empty lists and the exported metadata object are not nested in.
    assert [Path(s["path"]).name for s in imported["metadata"]["sources"]] == [
        "russia-rejects-us-call-to-cut-ties-1.txt", "russia-rejects-us-call-to-cut-ties-2.txt"]
    assert "metadata" not in imported["metadata"]
    copy.close()


def test_the_importer_unpacks_an_exported_metadata_object_and_drops_empty_values():
    line = {"title": "T", "body": "Text.", "metadata": {"section": "World"}, "sources": [], "provenance": None,
            "mentions": [], "entities": {}, "views": 0}
    [draft] = parse_json_lines("corpus.jsonl", json.dumps(line).encode()).drafts
    assert draft.metadata == {"section": "World", "views": 0}


def test_merged_away_articles_only_when_asked_and_flagged(merged_seeds, tmp_path):
    library, kept, merged = merged_seeds
    export_library(library, tmp_path / "all.jsonl", ExportFormat.JSONL, query=ArticleQuery(include_merged=True))
    records = read_lines(tmp_path / "all.jsonl")
    assert [(r["id"], r["status"], r["merged_into"]) for r in records] == sorted(
        [(kept, "active", None), (merged, "merged", kept)])
    merged_record = next(r for r in records if r["id"] == merged)
    assert [Path(s["path"]).name for s in merged_record["sources"]] == ["russia-rejects-us-call-to-cut-ties-2.txt"]


# CSV ----------------------------------------------------------------------------------------

def test_csv_has_flat_columns_and_imports_back(merged_seeds, tmp_path):
    library, kept, _ = merged_seeds
    export_library(library, tmp_path / "corpus.csv", ExportFormat.CSV)
    raw = (tmp_path / "corpus.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.split(b"\r\n", 1)[0].decode() == ",".join(CSV_COLUMNS)
    [row] = read_csv(tmp_path / "corpus.csv")
    article = library.article(kept)
    assert row["body"] == article["body"] and "\n\n" in row["body"]
    assert row["id"] == str(kept) and row["status"] == "active" and row["merged_into"] == ""
    assert [Path(path).name for path in row["sources"].split("; ")] == [
        "russia-rejects-us-call-to-cut-ties-1.txt", "russia-rejects-us-call-to-cut-ties-2.txt"]
    assert row["entities"] == "Kim Jong-Un (PERSON); Minsk (PLACE); Moscow (PLACE); Sergei Lavrov (PERSON)"

    copy = Library.open(tmp_path / "copy.db")
    report = import_paths(copy, [tmp_path / "corpus.csv"])
    assert report.imported == 1 and not report.errors
    imported = copy.article(report.article_ids[0])
    assert {name: imported[name] for name in COMPARED_FIELDS} == {name: article[name] for name in COMPARED_FIELDS}
    copy.close()


# Spans --------------------------------------------------------------------------------------

def test_spans_are_body_offsets_labelled_with_the_entity_type(merged_seeds, tmp_path):
    library, kept, _ = merged_seeds
    export_library(library, tmp_path / "ner.jsonl", ExportFormat.SPANS)
    [record] = read_lines(tmp_path / "ner.jsonl")
    body = library.article(kept)["body"]
    assert record["text"] == body
    # The dateline mention ("Moscow") is not in the body, so it is not a span.
    assert [(body[s["start"]:s["end"]], s["label"]) for s in record["spans"]] == [
        ("Kim Jong-Un", "PERSON"), ("Sergei Lavrov", "PERSON"), ("Minsk", "PLACE")]
    assert record["label"] == [[s["start"], s["end"], s["label"]] for s in record["spans"]]
    assert record["meta"] == {"id": kept, "title": library.article(kept)["title"], "published": "2017-11-30"}


def test_spans_of_every_tagged_article_match_the_mention_texts(library, tmp_path):
    ids = add_articles(library, "Ana met Bo in Lyon.", "Nobody here.", "Bo flew from Lyon to Oslo, then Lyon.")
    for article_id, text in [(ids[0], "Ana met Bo in Lyon."), (ids[2], "Bo flew from Lyon to Oslo, then Lyon.")]:
        for word, type in (("Bo", "PERSON"), ("Lyon", "PLACE")):
            tag_mention(library, article_id, *span_of(text, word), type=type)
    export_library(library, tmp_path / "ner.jsonl", ExportFormat.SPANS)
    records = read_lines(tmp_path / "ner.jsonl")
    assert [len(r["spans"]) for r in records] == [2, 0, 2]
    mentions = {(row[0], row[1], row[2]): row[3] for row in library.db.execute(
        "SELECT article_id, start, end, text FROM mentions WHERE status = 'accepted'")}
    for record in records:
        for span in record["spans"]:
            assert record["text"][span["start"]:span["end"]] == mentions[(record["meta"]["id"], span["start"],
                                                                          span["end"])]


def test_spans_load_in_spacy(merged_seeds, tmp_path):
    spacy = pytest.importorskip("spacy")
    library, _, _ = merged_seeds
    export_library(library, tmp_path / "ner.jsonl", ExportFormat.SPANS, query=ArticleQuery(include_merged=True))
    nlp = spacy.blank("en")
    for record in read_lines(tmp_path / "ner.jsonl"):
        doc = nlp.make_doc(record["text"])
        for span in record["spans"]:
            assert doc.char_span(span["start"], span["end"], label=span["label"]) is not None


# Entities -----------------------------------------------------------------------------------

def test_entities_csv_lists_the_registry_with_counts(merged_seeds, tmp_path):
    library, _, _ = merged_seeds
    update_entity(library, find_by_name(library, "Sergei Lavrov", "PERSON"), aliases=["Lavrov", "Sergey Lavrov"],
                  external_id="Q130809", notes="Foreign minister")
    report = export_library(library, tmp_path / "entities.csv", ExportFormat.ENTITIES)
    assert report.summary() == f"Exported 4 entities to {tmp_path / 'entities.csv'}"
    rows = read_csv(tmp_path / "entities.csv")
    assert rows[0] == {"id": "1", "name": "Sergei Lavrov", "type": "PERSON", "aliases": "Lavrov; Sergey Lavrov",
                       "notes": "Foreign minister", "external_id": "Q130809", "mentions": "1", "articles": "1"}
    assert [(r["name"], r["type"], r["mentions"]) for r in rows[1:]] == [
        ("Minsk", "PLACE", "1"), ("Kim Jong-Un", "PERSON", "1"), ("Moscow", "PLACE", "1")]


# Scope --------------------------------------------------------------------------------------

def test_a_search_exports_what_it_finds_in_the_order_the_list_shows(library, tmp_path):
    add_articles(library, "Harbour news today.", "Ferry news.", "Ferry terminal opens.", "Harbour ferry delays.")
    query = ArticleQuery(search="ferry")
    export_library(library, tmp_path / "found.jsonl", ExportFormat.JSONL, query=query)
    found = [r["id"] for r in read_lines(tmp_path / "found.jsonl")]
    assert sorted(found) == [2, 3, 4]
    assert found == [row["id"] for row in library.article_page(query, 0, 10)]


def test_chosen_ids_leave_out_merged_away_articles_unless_asked(merged_seeds, tmp_path):
    library, kept, merged = merged_seeds
    assert articles_in_scope(library, ArticleQuery(), [merged, kept, kept]) == ([kept], 1, 0)
    assert articles_in_scope(library, ArticleQuery(include_merged=True), [merged, kept]) == ([kept, merged], 0, 0)
    assert articles_in_scope(library, ArticleQuery(search="Belarusian"), [kept]) == ([kept], 0, 0)
    assert articles_in_scope(library, ArticleQuery(search="giraffe"), [kept]) == ([], 0, 0)
    report = export_library(library, tmp_path / "chosen.csv", ExportFormat.CSV, ids=[merged])
    assert report.summary().endswith("(1 merged-away article left out)")
    assert read_csv(tmp_path / "chosen.csv") == []


def test_counts_in_scope_are_what_an_export_of_the_same_choice_writes(library, tmp_path):
    ids = add_articles(library, "Harbour news today.", "Ferry news.", "Ferry terminal opens.", "Harbour ferry delays.")
    tag_mention(library, ids[2], 0, 5, type="ORG")  # "Ferry": only the third article has a tagged entity
    ferry = ArticleQuery(search="ferry")
    for query, chosen in ((ArticleQuery(), None), (ferry, None), (ArticleQuery(), [ids[0], ids[2]]), (ferry, [ids[0]])):
        for tagged in (False, True):
            report = export_library(library, tmp_path / "out.jsonl", ExportFormat.SPANS, query=query, ids=chosen,
                                    annotated_only=tagged)
            assert count_in_scope(library, query, chosen, annotated_only=tagged) == report.written
    assert count_in_scope(library, ferry, annotated_only=True) == 1
    assert count_in_scope(library, ferry, [ids[0]], annotated_only=True) == 0


def test_an_unknown_id_is_refused_before_anything_is_written(merged_seeds, tmp_path):
    library, kept, _ = merged_seeds
    with pytest.raises(ExportError, match="There is no article 99"):
        export_library(library, tmp_path / "chosen.jsonl", ExportFormat.JSONL, ids=[kept, 99])
    assert list(tmp_path.glob("chosen*")) == list(tmp_path.glob(".chosen*")) == []


def test_format_for_path():
    assert format_for_path("a.JSONL") is format_for_path("b.ndjson") is ExportFormat.JSONL
    assert format_for_path("out/a.csv") is ExportFormat.CSV
    assert format_for_path("a.txt") is None and format_for_path("jsonl") is None


# Writing: pages, progress, cancel, failure --------------------------------------------------

def test_articles_are_read_in_pages_with_progress(library, tmp_path, monkeypatch):
    monkeypatch.setattr(export_module, "PAGE_SIZE", 2)
    add_articles(library, *(f"Article {n} text." for n in range(5)))
    reports = []
    export_library(library, tmp_path / "out.jsonl", ExportFormat.JSONL,
                   progress=lambda done, total, label: reports.append((done, total)))
    assert reports == [(0, 5), (2, 5), (4, 5), (5, 5)]
    assert [r["title"] for r in read_lines(tmp_path / "out.jsonl")] == ["Article"] * 5


def test_a_cancel_writes_nothing_and_keeps_the_existing_file(library, tmp_path, monkeypatch):
    monkeypatch.setattr(export_module, "PAGE_SIZE", 2)
    add_articles(library, *(f"Article {n} text." for n in range(5)))
    target = tmp_path / "out.csv"
    target.write_text("the previous export")
    pages = []
    report = export_library(library, target, ExportFormat.CSV, progress=lambda done, total, label: pages.append(done),
                            cancelled=lambda: len(pages) == 2)
    assert report.cancelled and report.summary() == f"Export cancelled; {target} was not written"
    assert target.read_text() == "the previous export"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.csv", "test.db", "test.db-shm", "test.db-wal"]


def test_a_failure_midway_leaves_no_partial_file(library, tmp_path, monkeypatch):
    monkeypatch.setattr(export_module, "PAGE_SIZE", 2)
    add_articles(library, *(f"Article {n} text." for n in range(5)))

    def fail_on_second_page(done: int, total: int, label: str) -> None:
        if done == 2:
            raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError, match="disk on fire"):
        export_library(library, tmp_path / "out.jsonl", ExportFormat.JSONL, progress=fail_on_second_page)
    assert not list(tmp_path.glob("*out.jsonl*"))


def test_an_unwritable_target_is_an_export_error(library, tmp_path):
    with pytest.raises(ExportError, match="Cannot write .*missing.*No such file"):
        export_library(library, tmp_path / "missing" / "out.csv", ExportFormat.CSV)
    with pytest.raises(ExportError, match="is a folder"):
        export_library(library, tmp_path, ExportFormat.CSV)


# Any text survives ---------------------------------------------------------------------------

def restore_cell(cell: str) -> str:
    """A CSV cell as stored, from the neutralised one (the README's rule): one apostrophe less where
    apostrophes are followed by a formula's first character."""
    return cell[1:] if re.match(r"'+[=+\-@\t\r]", cell) else cell


# Any character SQLite can store: everything but lone surrogates.
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1)
# What breaks CSV and JSON Lines writers: line breaks of every kind, quotes, separators, astral and odd characters.
AWKWARD = st.sampled_from(["\r\n", "\n", "\r", '"', ",", "; ", "\u2028", "\x85", "😀", "\x00", "\ufeff"])
TRICKY_TEXT = st.lists(st.one_of(ANY_TEXT, AWKWARD), min_size=1).map("".join)


@settings(max_examples=60, deadline=None)
@given(titles=st.lists(TRICKY_TEXT, min_size=1, max_size=3), bodies=st.lists(TRICKY_TEXT, min_size=3, max_size=3))
def test_any_text_survives_jsonl_and_csv_round_trips(titles, bodies):
    library = Library.open(":memory:")
    for title, body in zip(titles, bodies):
        add_article(library, body, title=title)
    expected = [(title, body) for title, body in zip(titles, bodies)]
    with tempfile.TemporaryDirectory() as folder:
        export_library(library, Path(folder) / "out.jsonl", ExportFormat.JSONL)
        export_library(library, Path(folder) / "out.csv", ExportFormat.CSV)
        lines = (Path(folder) / "out.jsonl").read_text(encoding="utf-8")
        assert len(lines.splitlines()) == len(expected)  # no character breaks a record across lines
        assert [(r["title"], r["body"]) for r in read_lines(Path(folder) / "out.jsonl")] == expected
        text = (Path(folder) / "out.csv").read_bytes().decode("utf-8")
        rows = list(csv.DictReader(io.StringIO(text, newline=""), strict=True))
        assert [(restore_cell(r["title"]), restore_cell(r["body"])) for r in rows] == expected
    library.close()


def test_chosen_ids_in_the_trash_are_left_out_and_said_to_be(merged_seeds, tmp_path):
    from curator.core.curation import trash_articles

    library, kept, merged = merged_seeds
    trash_articles(library, [kept])
    assert articles_in_scope(library, ArticleQuery(), [merged, kept]) == ([], 1, 1)
    report = export_library(library, tmp_path / "chosen.jsonl", ExportFormat.JSONL, ids=[merged, kept])
    assert report.summary().endswith("(1 merged-away article and 1 article in the trash left out)")


def test_a_csv_export_keeps_the_metadata_a_file_brought_and_gives_it_back(library, tmp_path):
    (tmp_path / "in.csv").write_text('title,text,section,wire_id\nWind,"The farm opened, at last.",World,=A-17\n')
    import_paths(library, [tmp_path / "in.csv"])
    assert library.article(1)["metadata"] == {"section": "World", "wire_id": "=A-17"}
    export_library(library, tmp_path / "out.csv", ExportFormat.CSV)
    again = Library.open(tmp_path / "again.db")
    import_paths(again, [tmp_path / "out.csv"])
    metadata = again.article(1)["metadata"]
    assert (metadata["section"], metadata["wire_id"]) == ("World", "=A-17")
    assert again.article(1)["body"] == "The farm opened, at last."
    again.close()
