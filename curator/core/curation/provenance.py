"""Where a merged article came from: its members, which field came from which, how its text was chosen.

A merge writes a :class:`Provenance` on the article it keeps, as JSON in ``articles.provenance``::

    {"merged": [2], "fields": {"title": 1, "published": 2, ...},
     "body": {"strategy": "keep", "from": 1}, "at": "2024-03-02T06:15:00+00:00",
     "earlier": {...}}

``earlier`` is the kept article's own record when it was already the result of a merge. The
record does not repeat the kept article's id: it is the id of the row it is stored on.
:func:`merged_members` and :func:`sources` follow ``merged_into`` through every merge.

>>> record = '{"merged": [2], "fields": {"published": 2}, "body": {"strategy": "keep", "from": 1}}'
>>> Provenance.from_json(1, record).summary()
'Merged from articles 1 and 2: date from 2; text from 1.'
>>> Provenance.from_json(1, record).summary({1: "Reuters", 2: "AP"})
'Merged from articles 1 (Reuters) and 2 (AP): date from 2; text from 1.'
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from curator.core.library.fields import FIELD_LABELS
from curator.core.library.sql import chunks, placeholders
from curator.core.library.states import ArticleStatus
from curator.core.library.store import Library


class BodyStrategy(Enum):
    """How the kept article's text is chosen."""

    KEEP = "keep"  # one member's text as it is
    COMBINE = "combine"  # one member's text plus the paragraphs only the others have, in order


@dataclass(frozen=True)
class Provenance:
    """One merge's record on the article it kept (``kept``), and the records of merges before it."""

    kept: int
    merged: tuple[int, ...]  # the articles this merge merged into ``kept``
    fields: dict[str, int]  # field -> the member whose value was taken
    body: BodyStrategy
    body_from: int  # the member whose text was kept (or extended)
    at: str | None = None  # when, in UTC
    earlier: Provenance | None = None

    @property
    def members(self) -> tuple[int, ...]:
        """Every article of this merge, the kept one included, in id order."""
        return tuple(sorted({self.kept, *self.merged}))

    def summary(self, outlets: Mapping[int, str | None] | None = None) -> str:
        """In words, e.g. "Merged from articles 1 and 2: date from 2; text from 1."

        Fields taken from the kept article itself go without saying. With ``outlets`` (a member's
        outlet by its id), each member is named with its outlet: the ids alone tell a reader little.
        """
        outlets = outlets or {}
        names = [f"{member} ({outlet})" if (outlet := outlets.get(member)) else str(member)
                 for member in self.members]
        listed = f"{', '.join(names[:-1])} and {names[-1]}"
        borrowed = [f"{label.lower()} from {source}" for name, label in FIELD_LABELS.items()
                    if (source := self.fields.get(name)) not in (None, self.kept)]
        text_from = f"text from {self.body_from}"
        if self.body is BodyStrategy.COMBINE:
            text_from += " plus the others' extra paragraphs"
        return f"Merged from articles {listed}: " + "; ".join([*borrowed, text_from]) + "."

    def to_json(self) -> str:
        """The stored record, as ``articles.provenance`` holds it."""
        return json.dumps(self._record())

    @classmethod
    def from_json(cls, kept: int, text: str) -> Provenance:
        """The record stored on article ``kept``."""
        return cls._from_record(kept, json.loads(text))

    def _record(self) -> dict:
        record: dict = {"merged": list(self.merged), "fields": self.fields,
                        "body": {"strategy": self.body.value, "from": self.body_from}}
        if self.at is not None:
            record["at"] = self.at
        if self.earlier is not None:
            record["earlier"] = self.earlier._record()
        return record

    @classmethod
    def _from_record(cls, kept: int, record: dict) -> Provenance:
        earlier = record.get("earlier")
        return cls(kept, tuple(record["merged"]), dict(record.get("fields", {})),
                   BodyStrategy(record["body"]["strategy"]), record["body"]["from"], record.get("at"),
                   cls._from_record(kept, earlier) if earlier else None)


def merged_members(library: Library, article_id: int) -> list[int]:
    """Every article merged into ``article_id``, directly or through an earlier merge, in id order."""
    found: list[int] = []
    frontier = [article_id]
    while frontier:
        children = []
        for chunk in chunks(frontier):
            children += [row[0] for row in library.db.execute(
                f"SELECT id FROM articles WHERE merged_into IN ({placeholders(chunk)}) AND status = ?",
                [*chunk, ArticleStatus.MERGED],
            )]
        found += children
        frontier = children
    return sorted(found)


def sources(library: Library, article_id: int) -> list[dict]:
    """Where an article's text came from: each member's outlet, date and source files (its own first)."""
    ids = [article_id, *merged_members(library, article_id)]
    rows = library.db.query(
        "SELECT a.id AS article_id, a.title, a.outlet, a.published, a.status, f.id AS file_id, f.path, f.record, "
        "f.importer, f.encoding, "
        f"f.imported_at FROM articles a LEFT JOIN files f ON f.article_id = a.id WHERE a.id IN ({placeholders(ids)}) "
        "ORDER BY a.id = ? DESC, a.id, f.id", [*ids, article_id],
    )
    return list(rows)
