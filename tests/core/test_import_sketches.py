"""The copy scan's sketches made by the import's parse workers: equal to the scan's own, stored with
their articles, and the scan that follows finds exactly the pairs it finds without them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from curator.core.curation import import_and_sketch, merge_articles, suggest_plan
from curator.core.dedupe import scan, scan_duplicates, sketch_bodies
from curator.core.ingest import import_paths, importing, sample_paths
from curator.core.library import get_settings
from curator.core.library.store import Library
from tests.corpus import generate_articles, write_text_folder


def _corpus(folder: Path) -> Path:
    """Generated articles with copies of some of them: one with the same text under another title, some abridged, some with a paragraph changed."""
    articles = generate_articles(30, seed=5)
    copies = [replace(articles[3], title="The same story under another headline")]
    for index in (4, 9, 17):
        paragraphs = articles[index].body.split("\n\n")
        copies.append(replace(articles[index], body="\n\n".join(paragraphs[:-1])))
    for index in (6, 21):
        paragraphs = articles[index].body.split("\n\n")
        copies.append(replace(articles[index], body="\n\n".join([*paragraphs[:2], "A new paragraph of its own.",
                                                                    *paragraphs[3:]])))
    write_text_folder(articles + copies, folder)
    return folder


def _stored_sketches(library: Library) -> dict[int, tuple]:
    return {article_id: (digest, count, sig) for article_id, digest, count, sig in library.db.execute(
        "SELECT article_id, body_hash, shingles, signature FROM dedupe_sketches")}


def _pairs(library: Library) -> list[tuple]:
    return library.db.execute("SELECT a, b, score, kind, reason FROM pairs ORDER BY a, b").fetchall()


@pytest.fixture
def in_workers(monkeypatch):
    """Imports read, parse and sketch in worker processes, several batches to each worker."""
    monkeypatch.setattr(importing, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(importing, "PARSE_BATCH", 7)


def test_sketches_made_in_the_workers_equal_those_made_in_this_process(tmp_path, in_workers):
    library = Library.open(tmp_path / "library.db")
    report = import_and_sketch(library, [_corpus(tmp_path / "in")], batch_files=9)
    stored = _stored_sketches(library)
    assert sorted(stored) == report.article_ids and len(stored) == 36
    bodies = [library.article(article_id)["body"] for article_id in report.article_ids]
    here = sketch_bodies(bodies, get_settings(library).shingle_words)
    for article_id, (digest, count, sig) in zip(report.article_ids, here):
        assert stored[article_id] == (digest, count, sig.tobytes())


def test_a_scan_after_a_sketching_import_finds_the_same_pairs_without_sketching_again(tmp_path, monkeypatch,
                                                                                         in_workers):
    folder = _corpus(tmp_path / "in")
    plain = Library.open(tmp_path / "plain.db")
    import_paths(plain, [folder])
    scan_duplicates(plain)
    expected = _pairs(plain)
    assert len(expected) >= 6

    sketched = Library.open(tmp_path / "sketched.db")
    import_and_sketch(sketched, [folder])

    def sketch_again(bodies, shingle_words):
        raise AssertionError("the import's sketches were not used")

    monkeypatch.setattr(scan, "sketch_bodies", sketch_again)
    report = scan_duplicates(sketched)
    assert report.new_articles == 36 and _pairs(sketched) == expected
    assert _stored_sketches(sketched) == {}  # spent once the articles are indexed
    index = "SELECT article_id, body_hash, shingles, signature, band_keys FROM dedupe_index ORDER BY article_id"
    assert sketched.db.execute(index).fetchall() == plain.db.execute(index).fetchall()


def test_a_cancelled_import_keeps_a_sketch_for_exactly_the_articles_it_kept(tmp_path, in_workers):
    library = Library.open(tmp_path / "library.db")
    asked = iter(range(1000))
    report = import_and_sketch(library, [_corpus(tmp_path / "in")], batch_files=9,
                               cancelled=lambda: next(asked) >= 20)
    assert report.cancelled and 0 < report.imported < 36
    assert sorted(_stored_sketches(library)) == report.article_ids
    assert scan_duplicates(library).new_articles == report.imported


def test_a_merge_before_the_scan_drops_the_sketch_of_the_text_it_replaced(library):
    import_and_sketch(library, sample_paths())
    plan = suggest_plan(library, [1, 2]).plan
    kept, before = plan.keep, library.article(plan.keep)["body"]
    merge_articles(library, replace(plan, body_from=plan.others[0]))
    assert library.article(kept)["body"] != before
    assert kept not in _stored_sketches(library)
    scan_duplicates(library)
    digest, count, sig = sketch_bodies([library.article(kept)["body"]], get_settings(library).shingle_words)[0]
    stored = library.db.execute("SELECT body_hash, shingles, signature FROM dedupe_index WHERE article_id = ?",
                                [kept]).fetchone()
    assert stored == (digest, count, None if sig is None else np.asarray(sig).tobytes())


def test_a_scan_spends_the_sketches_of_the_articles_it_indexed_and_keeps_the_others(tmp_path):
    from curator.core.curation import trash_articles

    library = Library.open(tmp_path / "library.db")
    report = import_and_sketch(library, [_corpus(tmp_path / "in")])
    trashed = report.article_ids[5]
    trash_articles(library, [trashed])
    assert scan_duplicates(library).new_articles == 35
    # The trashed article was not indexed: its sketch waits for the scan after it is restored.
    assert sorted(_stored_sketches(library)) == [trashed]
