"""Library rows for tests (core and UI), made in one place.

Where the core has an operation that makes a state, tests use it: ``import_paths`` on files written to
``tmp_path``, ``merge_articles`` (``merge_into`` below), ``decide_pair``, ``tag_mention``,
``create_entity`` and ``update_entity``, ``update_settings``. What is here makes what no operation
makes, or not cheaply, and is the only place tests write the library's tables themselves:

- articles whose text is stored exactly as given, one or many in one transaction (importing cleans
  text, takes datelines off, records source files and journals every import);
- a pending suggestion on a chosen span (``suggest_mentions`` finds its own); suggested pairs
  between chosen articles (a scan finds its own);
- changes made behind the core's back: an article's text edited in place, a pair's status set without
  history, sketches forgotten, settings stored by another version, the history so far made the
  starting point no undo reaches back past.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path

from curator.core.curation import MergePlan, merge_articles
from curator.core.library.store import Changes, Library

# When fabricated rows say they were made: fixed, so that tests never depend on the clock.
STAMP = "2024-01-01T00:00:00"


# Articles ------------------------------------------------------------------------------------

def add_article(library: Library, body: str = "Body.", *, title: str = "Title", **columns: object) -> int:
    """Store one active article with exactly this text; ``columns`` sets others (published, outlet, ...)."""
    [article_id] = add_articles(library, [{"title": title, "body": body, **columns}])
    return article_id


def add_articles(library: Library, articles: Iterable[Mapping[str, object]]) -> list[int]:
    """Store articles in one transaction, each a mapping of ``articles`` columns (title and body at least),
    in order; their ids."""
    ids = []
    with library.atomic() as db:
        for article in articles:
            row = {"status": "active", "created_at": STAMP, "updated_at": STAMP, **article}
            ids.append(db.execute(
                f"INSERT INTO articles ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()),
            ).lastrowid)
    return ids


def add_numbered_articles(library: Library, count: int, *, title: str = "Article {n}") -> list[int]:
    """``count`` articles numbered from 0 (``title`` may use ``{n}``), with a date, outlet and dateline each;
    many thousands a second, where importing files would take minutes."""
    return add_articles(library, (
        {
            "title": title.format(n=n),
            "body": f"Body of article {n}. " * 20,
            "published": f"2024-01-{n % 28 + 1:02d}T09:30:00",
            "outlet": f"Outlet {n % 7}",
            "dateline": "LONDON",
        }
        for n in range(count)
    ))


def merge_into(library: Library, keep: int, others: Iterable[int]) -> Changes:
    """Merge ``others`` into ``keep`` with ``merge_articles``, keeping ``keep``'s fields and text as they are."""
    return merge_articles(library, MergePlan(keep, tuple(others), {}))


# Mentions ------------------------------------------------------------------------------------

def add_suggestion(library: Library, article_id: int, start: int, end: int, *, type: str,
                   label: str | None = None, source: str = "gazetteer", field: str = "body") -> int:
    """A pending suggestion on ``start:end`` of the article's ``field``, stored as ``suggest_mentions``
    stores one (not journaled); its id."""
    with library.atomic() as db:
        text = db.execute(f"SELECT {'body' if field == 'body' else 'dateline'} FROM articles WHERE id = ?",
                          [article_id]).fetchone()[0]
        return db.execute(
            "INSERT INTO mentions (article_id, field, start, end, text, type, label, origin, status, source, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'suggested', 'pending', ?, ?)",
            [article_id, field, start, end, text[start:end], type, label, source, STAMP],
        ).lastrowid


# Changes behind the core's back --------------------------------------------------------------

def set_body(library: Library, article_id: int, body: str) -> None:
    """Replace an article's text in place, as no operation does (a merge changes text, and journals it)."""
    with library.atomic() as db:
        db.execute("UPDATE articles SET body = ? WHERE id = ?", [body, article_id])


def add_pairs(library: Library, pairs: Iterable[tuple[int, int]], *, score: float = 0.9, kind: str = "near") -> None:
    """Open suggestions between these articles, as a scan stores them but without scoring their texts."""
    # The score components a copy's verdict stores, all equal to the score; a rewrite's evidence in words.
    reason = json.dumps({"jaccard": score, "containment": score, "shingles": [100, 100],
                         "summary": f"{score:.0%} alike"})
    with library.atomic() as db:
        db.conn.executemany("INSERT INTO pairs (a, b, score, kind, reason, status, found_at) "
                            "VALUES (?, ?, ?, ?, ?, 'open', ?)",
                            [(min(a, b), max(a, b), score, kind, reason, STAMP) for a, b in pairs])


def set_pair_status(library: Library, a: int, b: int, status: str) -> None:
    """Set a suggested pair's status without a history row (``decide_pair`` journals its decisions)."""
    with library.atomic() as db:
        db.execute("UPDATE pairs SET status = ? WHERE a = ? AND b = ?", [status, min(a, b), max(a, b)])


def forget_sketches(library: Library) -> None:
    """Drop every article's duplicate sketch, so that the next scan sketches and compares them all again."""
    with library.atomic() as db:
        db.execute("DELETE FROM dedupe_index")


def store_settings_as_text(library: Library, **stored: str) -> None:
    """Settings rows holding exactly this JSON text, unchecked, as another version may have stored them."""
    with library.atomic() as db:
        db.conn.executemany("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", stored.items())


def seal_history(library: Library) -> None:
    """Make everything done so far the starting state: its history rows stay, but undo never reaches them."""
    with library.atomic() as db:
        db.execute("UPDATE history SET reversible = 0")


def damage_middle_page(db: Path) -> None:
    """Garble the header of a page in the middle of the library file ``db`` (checkpointed first), far
    from its first articles: only SQLite's check of every page finds it."""
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages, size = (connection.execute(f"PRAGMA {name}").fetchone()[0] for name in ("page_count", "page_size"))
    with db.open("r+b") as file:
        file.seek(size * (pages // 2))
        file.write(b"\x0d\xff\xff\xff" * 16)
