"""Editing an article's fields, and moving articles to the trash and back: journaled, undoable.

An edit changes the stored fields only; what the source file said stays in its ``files`` row.
A trashed article keeps every row (sources, pairs, mentions) but leaves the lists, the review
queue, the stories and exports until it is restored, or its trashing is undone.

>>> from curator.core.ingest import import_paths, sample_paths
>>> library = Library.open(":memory:")
>>> _ = import_paths(library, sample_paths())
>>> _ = edit_article(library, 1, title="A better title", published="24 June 2021")
>>> library.article(1)["title"], library.article(1)["published"]
('A better title', '2021-06-24')
>>> _ = trash_articles(library, [2])
>>> library.count_articles()
1
>>> _ = restore_articles(library, [2])
>>> library.count_articles()
2
"""

from __future__ import annotations

import json

from curator.core.errors import Refusal
from curator.core.library.fields import FIELD_LABELS
from curator.core.library.history import RowChanges, record
from curator.core.library.labels import named_articles
from curator.core.library.sql import chunks, placeholders
from curator.core.library.states import (
    ArticleStatus,
    MentionStatus,
    Operation,
    PairStatus,
)
from curator.core.library.store import Changes, Library, utc_now
from curator.core.text import parse_date, without_invisibles

# The fields a curator edits by hand; the language is the importer's reading, not a fact to correct.
EDITABLE_FIELDS = ("title", "published", "outlet", "url", "byline", "dateline")


class EditError(Refusal):
    """An edit, trashing or restoring that cannot be done; the message says why. Nothing changed."""


def edit_article(library: Library, article_id: int, **fields: str | None) -> Changes:
    """Set some of an article's fields (``title=``, ``published=``, ``outlet=``, ``url=``, ``byline=``,
    ``dateline=``); a field given as None is left alone, one given as "" is cleared (except the title).

    ``published`` is read as a date in any spelling the importers read, and stored as ISO. A dateline
    with tagged mentions is refused (remove the mentions first); its pending and rejected suggestions
    go with the old dateline.
    """
    unknown = sorted(set(fields) - set(EDITABLE_FIELDS))
    if unknown:
        raise EditError(f"These fields cannot be edited: {', '.join(unknown)}")
    wanted = {name: _clean(name, value) for name, value in fields.items() if value is not None}
    with library.atomic() as db:
        current = _article_row(library, article_id)
        if current["status"] == ArticleStatus.MERGED:
            raise EditError(f"Article {article_id} was merged into article {current['merged_into']}; "
                            "edit that article instead")
        changed = {name: value for name, value in wanted.items() if value != current[name]}
        if not changed:
            raise EditError(f"Article {article_id} already has these values; nothing to change")
        rows = RowChanges(library)
        rows.track("articles", [(article_id,)])
        dropped: list[int] = []
        if "dateline" in changed:
            dropped = _drop_dateline_mentions(library, rows, article_id)
        db.execute(f"UPDATE articles SET {', '.join(f'{name} = ?' for name in changed)}, updated_at = ? WHERE id = ?",
                   [*changed.values(), utc_now(), article_id])
        labels = ", ".join(label if label.isupper() else label.lower()
                           for label in (FIELD_LABELS[name] for name in changed))
        history_id = record(library, Operation.EDIT_ARTICLE, f"Edited the {labels} of {named_articles(library, [article_id])}",
                            {"id": article_id, "fields": {name: value or "" for name, value in changed.items()}}, rows)
    return Changes(history_id, articles=(article_id,), mentions=tuple(dropped))


def field_problem(name: str, value: str) -> str | None:
    """Why :func:`edit_article` would refuse ``value`` for the field ``name``, or None: a form asks
    before it closes, so a date it cannot read is put right there instead of lost with the form."""
    try:
        _clean(name, value)
    except EditError as refusal:
        return str(refusal)
    return None


def _clean(name: str, value: str) -> str | None:
    # One line, without control characters (a terminal that lists it obeys them, as the importers know)
    # or invisible ones: a title of zero-width spaces is no title.
    value = " ".join(without_invisibles(value).split())
    if name == "title":
        if not value:
            raise EditError("An article needs a title")
        return value
    if name == "published" and value:
        date = parse_date(value)
        if date is None:
            raise EditError(f"“{value}” is not a date Curator can read; write it as 2021-06-24, say")
        return date
    return value or None


def _article_row(library: Library, article_id: int) -> dict:
    rows = list(library.db.query("SELECT * FROM articles WHERE id = ?", [article_id]))
    if not rows:
        raise EditError(f"There is no article {article_id}")
    return rows[0]


def _drop_dateline_mentions(library: Library, rows: RowChanges, article_id: int) -> list[int]:
    mentions = library.db.execute("SELECT id, status FROM mentions WHERE article_id = ? AND field = 'dateline'",
                                  [article_id]).fetchall()
    if any(status == MentionStatus.ACCEPTED for _, status in mentions):
        raise EditError(f"The dateline of article {article_id} has tagged mentions; remove them before editing it")
    ids = [mention_id for mention_id, _ in mentions]
    if ids:
        rows.track("mentions", [(i,) for i in ids])
        library.db.execute(f"DELETE FROM mentions WHERE id IN ({placeholders(ids)})", ids)
    return ids


# The trash --------------------------------------------------------------------------

def trash_articles(library: Library, ids: list[int]) -> Changes:
    """Move active articles to the trash, in one transaction; undo or :func:`restore_articles` brings them back."""
    return _move(library, ids, to=ArticleStatus.TRASHED)


def restore_articles(library: Library, ids: list[int]) -> Changes:
    """Bring trashed articles back. Each is scanned for duplicates again, so it meets the articles that
    arrived while it was in the trash."""
    return _move(library, ids, to=ArticleStatus.ACTIVE)


def trashed_ids(library: Library) -> list[int]:
    """The articles in the trash, in the library's order."""
    return [row[0] for row in library.db.execute("SELECT id FROM articles WHERE status = ? ORDER BY id",
                                                 [ArticleStatus.TRASHED])]


def import_article_ids(library: Library, history_id: int) -> list[int]:
    """The articles the import with this history number created that are still active (``curator history``
    shows the number): what "undo import" moves to the trash. An import of many files writes a row per
    transaction; any of its rows stands for the whole import."""
    row = library.db.execute("SELECT op, after, batch FROM history WHERE id = ?", [history_id]).fetchone()
    if row is None:
        raise EditError(f"There is no history entry {history_id} (curator history lists them)")
    if row[0] != Operation.IMPORT:
        raise EditError(f"History entry {history_id} is not an import")
    rows = [row[1]] if row[2] is None else [after for (after,) in library.db.execute(
        "SELECT after FROM history WHERE op = ? AND batch = ? ORDER BY id", [Operation.IMPORT, row[2]])]
    created = [article_id for after in rows for article_id in json.loads(after or "{}").get("article_ids", [])]
    active: set[int] = set()
    for chunk in chunks(created):
        active.update(i for (i,) in library.db.execute(
            f"SELECT id FROM articles WHERE status = ? AND id IN ({placeholders(chunk)})",
            [ArticleStatus.ACTIVE, *chunk]))
    if not active:
        raise EditError(f"None of the articles of import {history_id} is left to move to the trash")
    return sorted(active)


def _move(library: Library, ids: list[int], *, to: ArticleStatus) -> Changes:
    ids = sorted(set(ids))
    if not ids:
        raise EditError("No articles given")
    source = ArticleStatus.ACTIVE if to == ArticleStatus.TRASHED else ArticleStatus.TRASHED
    with library.atomic() as db:
        status = {}
        for chunk in chunks(ids):
            status.update({i: (s, into) for i, s, into in db.execute(
                f"SELECT id, status, merged_into FROM articles WHERE id IN ({placeholders(chunk)})", chunk)})
        for article_id in ids:
            _check_movable(article_id, status.get(article_id), source)
        pairs = []
        for chunk in chunks(ids):
            marks = placeholders(chunk)
            # By article (the unary + keeps SQLite from walking every open pair along the status index).
            pairs += [tuple(pair) for pair in db.execute(
                f"SELECT a, b FROM pairs WHERE +status = ? AND (a IN ({marks}) OR b IN ({marks}))",
                [PairStatus.OPEN, *chunk, *chunk])]
        pairs = sorted(set(pairs))
        rows = RowChanges(library)
        rows.track("articles", [(i,) for i in ids])
        # Unchanged, but tracked: their undo names them, so the review queue shows them again.
        rows.track("pairs", pairs)
        if to == ArticleStatus.ACTIVE:
            rows.track("dedupe_index", [(i,) for i in ids])
        now = utc_now()
        for chunk in chunks(ids):
            db.execute(f"UPDATE articles SET status = ?, updated_at = ? WHERE id IN ({placeholders(chunk)})",
                       [to, now, *chunk])
            if to == ArticleStatus.ACTIVE:
                db.execute(f"DELETE FROM dedupe_index WHERE article_id IN ({placeholders(chunk)})", chunk)
        what = named_articles(library, ids) if len(ids) == 1 else f"{len(ids):,} articles"
        if to == ArticleStatus.TRASHED:
            op, summary = Operation.TRASH_ARTICLES, f"Moved {what} to the trash"
        else:
            op, summary = Operation.RESTORE_ARTICLES, f"Restored {what} from the trash"
        history_id = record(library, op, summary, {"ids": ids}, rows)
    return Changes(history_id, articles=tuple(ids), pairs=tuple(pairs))


def _check_movable(article_id: int, found: tuple[str, int | None] | None, wanted: ArticleStatus) -> None:
    if found is None:
        raise EditError(f"There is no article {article_id}")
    status, merged_into = found
    if status == wanted:
        return
    if status == ArticleStatus.MERGED:
        raise EditError(f"Article {article_id} was merged into article {merged_into}; "
                        + ("trash that article instead" if wanted == ArticleStatus.ACTIVE else "it is not in the trash"))
    if status == ArticleStatus.TRASHED:
        raise EditError(f"Article {article_id} is in the trash already")
    raise EditError(f"Article {article_id} is not in the trash")
