"""The listing as JSON lines is what writing each listed pair gives, whatever its reason and articles hold."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from curator.core.dedupe import iter_open_pairs, iter_open_pairs_json, scan_duplicates
from curator.core.dedupe import pairs as pair_listing
from curator.core.ingest import import_paths, sample_paths
from curator.core.library import Library
from tests.factories import add_numbered_articles

# Reasons as the story scan stores them (json.dumps: non-ASCII escaped), with any text in them.
reasons = st.fixed_dictionaries({
    "summary": st.text(), "text_similarity": st.floats(0, 1), "shared_names": st.lists(st.text(), max_size=3),
    "days_apart": st.none() | st.integers(0, 400), "closest": st.booleans()})


@settings(max_examples=25, deadline=None)
@given(st.lists(reasons, min_size=1, max_size=12), st.text(max_size=30))
def test_each_json_line_is_the_listed_pair_written(listed_reasons, title):
    library = Library.open(":memory:")
    import_paths(library, sample_paths())
    scan_duplicates(library)  # the samples' copy pair, its summary made in words when listed
    ids = add_numbered_articles(library, len(listed_reasons) + 1,
                                title=title.replace("{", "{{").replace("}", "}}") + " {n}")
    with library.atomic() as db:
        db.conn.executemany(
            "INSERT INTO pairs (a, b, score, kind, reason, status, found_at) VALUES (?, ?, ?, 'related', ?, 'open', ?)",
            [(ids[0], other, 0.5 + position / 100, json.dumps(reason), "2026-01-01T00:00:00")
             for position, (other, reason) in enumerate(zip(ids[1:], listed_reasons))])
    expected = [json.dumps(pair, ensure_ascii=False) for pair in iter_open_pairs(library)]
    assert list(iter_open_pairs_json(library)) == expected
    assert len(expected) == len(listed_reasons) + 1


def test_summaries_let_go_between_blocks_are_read_again(monkeypatch):
    monkeypatch.setattr(pair_listing, "LISTING_BLOCK", 3)
    monkeypatch.setattr(pair_listing, "SUMMARIES_KEPT", 7)
    library = Library.open(":memory:")
    ids = add_numbered_articles(library, 30)
    with library.atomic() as db:
        db.conn.executemany(
            "INSERT INTO pairs (a, b, score, kind, reason, status, found_at) VALUES (?, ?, ?, 'related', '{}', 'open', ?)",
            [(a, b, 0.9 - (a + b) / 1000, "2026-01-01T00:00:00") for a in ids for b in ids if a < b and (a * b) % 7 == 1])
    lines = list(iter_open_pairs_json(library))
    pairs = list(iter_open_pairs(library))
    assert lines == [json.dumps(pair, ensure_ascii=False) for pair in pairs] and len(lines) > 20
    assert all(pair["a"]["title"] == f"Article {pair['a']['id'] - 1}" for pair in map(json.loads, lines))
