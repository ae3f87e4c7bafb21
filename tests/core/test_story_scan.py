"""The story scan on a corpus large enough for its shortcuts: candidates from the telling terms,
names counted before cosines, signatures read in bulk, new articles against the stored index."""

from __future__ import annotations

import itertools
import json
import random
from datetime import date, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from curator.core.dedupe import open_pairs
from curator.core.library import Library, PairKind
from curator.core.library import sql as library_sql
from curator.core.stories import (
    CANDIDATES_PER_ARTICLE,
    MIN_TEXT_COSINE,
    Weights,
    closest_columns,
    compare_stories,
    scan_stories,
    story_text,
)
from tests.factories import add_articles

FILLER = ["Officials said the talks would continue next week.", "The announcement came after months of delays.",
          "Analysts expect more details in the coming days.", "The decision was welcomed by some and criticised by others.",
          "A spokesperson declined to comment further on Tuesday.", "Local media reported the news earlier in the day."]


def corpus(stories: int = 64, versions: int = 4, seed: int = 7) -> list[tuple[str, str, str]]:
    """``stories`` stories of ``versions`` independently worded articles each: every story has its own
    names and terms, and shares a topic's terms with the other stories of its topic (a topic shares
    words, a story its names)."""
    rng = random.Random(seed)

    def word(capital: bool = False) -> str:
        made = "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(3, 4)))
        return made.capitalize() if capital else made

    topics = [[word() for _ in range(8)] for _ in range(stories // 8)]
    articles = []
    for story in range(stories):
        topic = topics[story % len(topics)]
        names = [f"{word(True)} {word(True)}" for _ in range(5)]
        terms = [word() for _ in range(10)]
        day = date(2022, 1, 1) + timedelta(days=7 * story)
        for _ in range(versions):
            chosen_names, chosen_terms = rng.sample(names, 4), rng.sample(terms, 7) + rng.sample(topic, 4)
            sentences = [f"{name} {' '.join(rng.sample(chosen_terms, 3))} {rng.choice(FILLER).lower()}"
                         for name in chosen_names] + rng.sample(FILLER, 3)
            rng.shuffle(sentences)
            title = f"{chosen_names[0]} {' '.join(chosen_terms[:3])}"
            articles.append((title, " ".join(sentences), (day + timedelta(days=rng.randint(0, 2))).isoformat()))
    rng.shuffle(articles)
    return articles


def add(library: Library, articles: list[tuple[str, str, str]]) -> list[int]:
    return add_articles(library, [{"title": title, "body": body, "published": published}
                                  for title, body, published in articles])


def related(library: Library) -> set[tuple[int, int]]:
    return {(pair["a"]["id"], pair["b"]["id"]) for pair in open_pairs(library) if pair["kind"] == PairKind.RELATED}


def test_the_scan_finds_what_comparing_every_pair_of_a_corpus_finds(library):
    articles = corpus()
    ids = add(library, articles)
    scan_stories(library)
    weights = Weights(articles=len(ids), document_frequency=dict(library.db.execute(
        "SELECT term, articles FROM story_terms").fetchall()))
    texts = [story_text(*article) for article in articles]
    every_pair = {(ids[i], ids[j]) for i, j in itertools.combinations(range(len(ids)), 2)
                  if compare_stories(texts[i], texts[j], weights).suggested}
    assert len(every_pair) > len(articles) // 2
    assert related(library) == every_pair


def test_the_scan_reports_its_reading_then_a_busy_comparison_then_the_suggestions_it_explains(library):
    ids = add(library, corpus())
    reported: list[tuple[int, int, str]] = []
    report = scan_stories(library, progress=lambda done, total, phase: reported.append((done, total, phase)))
    phases = [phase for _, _, phase in reported]
    reading = phases.index("Comparing stories")
    assert set(phases[:reading]) == {"Reading articles for stories"} and reported[reading - 1][:2] == (len(ids),) * 2
    # Nothing to count while the matrices are compared: a busy bar, not one stopped at its end.
    assert reported[reading][:2] == (0, 0)
    explaining = reported[reading + 1:]
    assert {phase for _, _, phase in explaining} == {"Explaining same-story suggestions"}
    assert [done for done, _, _ in explaining] == sorted(done for done, _, _ in explaining)
    assert explaining[-1][:2] == (report.pairs_added, report.pairs_added) and report.pairs_added


def test_new_articles_against_the_stored_index_find_what_a_scan_of_all_of_them_finds(tmp_path):
    articles = corpus()
    at_once = Library.open(tmp_path / "at-once.db")
    add(at_once, articles)
    scan_stories(at_once)
    in_steps = Library.open(tmp_path / "in-steps.db")
    for start, end in ((0, 150), (150, 230), (230, len(articles))):
        add(in_steps, articles[start:end])
        assert scan_stories(in_steps).new_articles == end - start
    assert related(in_steps) == related(at_once) and related(at_once)
    # The same document frequencies, whatever ids the terms were given in.
    counts = "SELECT term, articles FROM story_terms ORDER BY term"
    assert in_steps.db.execute(counts).fetchall() == at_once.db.execute(counts).fetchall()


def test_an_index_stored_before_signatures_is_signed_once_and_scans_as_before(tmp_path):
    articles = corpus(stories=16)
    fresh = Library.open(tmp_path / "fresh.db")
    add(fresh, articles[:48])
    scan_stories(fresh)
    add(fresh, articles[48:])
    scan_stories(fresh)
    # An index as the version before signatures stored it: JSON terms, no signatures, no term ids.
    older = Library.open(tmp_path / "older.db")
    ids = add(older, articles[:48])
    scan_stories(older)
    with older.atomic() as db:
        for article_id, article in zip(ids, articles[:48]):
            text = story_text(*article)
            db.execute("UPDATE story_index SET terms = ?, title_terms = ?, signature = NULL WHERE article_id = ?",
                       [json.dumps(text.terms), json.dumps(text.title_terms), article_id])
        db.execute("UPDATE story_terms SET id = NULL")
        db.execute("DELETE FROM story_names")
    add(older, articles[48:])
    scan_stories(older)
    assert related(older) == related(fresh) and related(fresh)
    assert older.db.execute("SELECT count(*) FROM story_index WHERE signature IS NULL OR terms IS NOT NULL"
                            ).fetchone()[0] == 0


def test_the_terms_are_weighed_over_every_indexed_row_trashed_ones_too(tmp_path):
    from curator.core.curation.editing import trash_articles
    from curator.core.stories import scan

    articles = corpus(stories=8)
    library = Library.open(tmp_path / "library.db")
    first = add(library, articles[:20])
    scan_stories(library)
    trash_articles(library, first[:3])
    add(library, articles[20:])
    scan_stories(library)
    # Counted without reading the index: every active article, and the trashed ones indexed before.
    assert scan._weights(library).articles == library.db.execute("SELECT count(*) FROM story_index").fetchone()[0]
    assert scan._weights(library).articles == len(articles)


def test_a_library_read_weighed_and_multiplied_in_small_blocks_scans_as_in_one(tmp_path, monkeypatch):
    from curator.core.stories import scan, signatures

    def pairs_found(name: str) -> set[tuple[int, int]]:
        library = Library.open(tmp_path / f"{name}.db")
        add(library, articles[:40])
        scan_stories(library)
        add(library, articles[40:])
        scan_stories(library)
        return related(library)

    articles = corpus(stories=16)
    in_one = pairs_found("one")
    monkeypatch.setattr(signatures, "DECODE_ROWS", 7)
    monkeypatch.setattr(scan, "TFIDF_ROWS", 5)
    # A product of a few rows at a time, as in a library large enough that one would hold the interpreter long.
    monkeypatch.setattr(scan, "PRODUCT_CELLS", 100)
    # The pairs stored with the pairs' indexes made again after them, as a large scan stores them.
    monkeypatch.setattr(library_sql, "BULK_FROM_ROWS", 1)
    assert in_one and pairs_found("blocks") == in_one


def test_evidence_worked_out_in_worker_processes_is_stored_as_here(tmp_path, monkeypatch):
    from curator.core.entities import tag_mention
    from curator.core.stories import explained, scan

    def stored(name: str) -> list[tuple]:
        library = Library.open(tmp_path / f"{name}.db")
        ids = add(library, articles)
        # A tagged name in one article: its entity stands in for its words, wherever the evidence is made.
        body = library.article(ids[0])["body"]
        first_name = body.split(" ")[0]
        tag_mention(library, ids[0], 0, len(first_name), type="PERSON", name=f"{first_name} the Elder")
        scan_stories(library)
        found = library.db.execute("SELECT a, b, score, reason FROM pairs WHERE kind = 'related' ORDER BY a, b"
                                   ).fetchall()
        library.close()
        return found

    articles = corpus(stories=16)
    # Blocks of a few pairs, and few articles' rows kept between them: rows are read again.
    monkeypatch.setattr(explained, "EVIDENCE_PAIRS", 5)
    monkeypatch.setattr(explained, "FACTS_KEPT", 3)
    monkeypatch.setattr(scan, "PARALLEL_MIN_PAIRS", 10**9)
    here = stored("here")
    monkeypatch.setattr(scan, "PARALLEL_MIN_PAIRS", 1)
    assert len(here) > 20 and stored("workers") == here


def test_of_equally_close_articles_the_closest_are_the_first_in_the_whole_and_in_column_blocks():
    # An article and 36 copies of another, all equally close to it, and one closer still (column 36).
    copies = np.tile(np.array([[0.6, 0.8, 0.0]], dtype=np.float32), (36, 1))
    columns = sparse.csr_matrix(np.vstack([copies, [[0.8, 0.6, 0.0]]]).astype(np.float32))
    article = sparse.csr_matrix(np.array([[0.8, 0.6, 0.0]], dtype=np.float32))
    whole = closest_columns(article, columns.T.tocsr(), MIN_TEXT_COSINE)
    expected = [36, *range(CANDIDATES_PER_ARTICLE)]
    assert sorted(whole.indices.tolist()) == sorted(expected)
    by_blocks = []
    for start in range(0, columns.shape[0], 12):
        found = closest_columns(article, columns[start:start + 12].T.tocsr(), MIN_TEXT_COSINE)
        by_blocks += [(-value, start + column) for value, column in zip(found.data.tolist(), found.indices.tolist())]
    assert sorted(column for _, column in sorted(by_blocks)[:CANDIDATES_PER_ARTICLE + 1]) == sorted(expected)


@given(st.lists(st.lists(st.integers(0, 5), min_size=6, max_size=6), min_size=200, max_size=260))
@settings(max_examples=25, deadline=None)
def test_candidates_are_found_without_the_terms_in_more_than_a_few_percent_of_the_articles(rows):
    from curator.core.stories import scan

    # Empty rows anywhere, first and last too; a term in most rows and terms in few.
    dense = np.array(rows, dtype=np.float32) * (np.arange(6) < 2)
    dense[len(rows) // 3, 2] = dense[-2, 3] = 1.0
    telling = scan._without_common_terms(sparse.csr_matrix(dense))
    common = np.count_nonzero(dense, axis=0) > max(20, len(rows) * scan.COMMON_TERM_SHARE)
    assert np.array_equal(telling.toarray(), np.where(common, 0, dense))
    assert telling.nnz == np.count_nonzero(np.where(common, 0, dense))


def test_tfidf_rows_are_sublinear_counts_times_idf_normalised_with_unweighed_terms_left_out(monkeypatch):
    from curator.core.stories import scan

    counts = sparse.csr_matrix(np.array([[1, 3, 0, 2], [0, 0, 0, 0], [4, 0, 1, 1], [0, 2, 5, 0]], dtype=np.float32))
    monkeypatch.setattr(scan, "TFIDF_ROWS", 3)  # a block boundary inside the rows
    for idf in (np.array([1.5, 0.7, 2.0, 0.3]), np.array([1.5, 0.0, 2.0, 0.3])):
        dense = counts.toarray().astype(np.float64)
        expected = np.where(dense > 0, (1 + np.log(np.where(dense > 0, dense, 1))) * idf, 0.0)
        norms = np.linalg.norm(expected, axis=1, keepdims=True)
        expected = np.divide(expected, norms, out=np.zeros_like(expected), where=norms > 0)
        weighed = scan._tfidf_matrix(counts, idf)
        assert np.allclose(weighed.toarray(), expected, atol=1e-6)
        assert weighed.nnz == np.count_nonzero(expected)  # no stored zeros: a term of IDF 0 is no term
