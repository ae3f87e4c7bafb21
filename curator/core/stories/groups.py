"""Stories as groups: the articles a curator linked as versions of one story.

A story grows only through links a person accepted (pairs decided ``linked``): an article joins
through a link it has, never by a leap no one saw. A version merged away counts as the article it
was merged into, so a story keeps its members through merges.

>>> from curator.core.library import Library
>>> story_groups(Library.open(":memory:"))
[]
"""

from __future__ import annotations

from dataclasses import dataclass

from curator.core.dedupe.clusters import union_find
from curator.core.library.sql import chunks, placeholders
from curator.core.library.states import ArticleStatus, PairStatus
from curator.core.library.store import Library


@dataclass(frozen=True)
class StoryVersion:
    """One version of a story, as the Stories panel and the stories export list it."""

    id: int
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None


@dataclass(frozen=True)
class Story:
    """One story: its versions, oldest first, with their outlets and date span."""

    id: int  # the id of its first article: stable while that article stays in the story
    title: str
    article_ids: tuple[int, ...]
    outlets: tuple[str, ...]
    first: str | None
    last: str | None
    versions: tuple[StoryVersion, ...]  # the articles of ``article_ids``, in that order

    def as_record(self) -> dict:
        return {"id": self.id, "title": self.title, "article_ids": list(self.article_ids),
                "outlets": list(self.outlets), "first": self.first, "last": self.last}


def story_groups(library: Library) -> list[Story]:
    """Every story of two or more active articles, the largest first."""
    links = library.db.execute("SELECT a, b FROM pairs WHERE status = ?", [PairStatus.LINKED]).fetchall()
    if not links:
        return []
    kept = _kept_articles(library, sorted({i for link in links for i in link}))
    trashed = set(_trashed(library, sorted(set(kept.values()))))
    groups = [group for group in union_find({(min(kept[a], kept[b]), max(kept[a], kept[b]))
                                             for a, b in links if kept[a] != kept[b]
                                             and not {kept[a], kept[b]} & trashed}) if len(group) > 1]
    stories = [_story(library, group) for group in groups]
    return sorted(stories, key=lambda story: (-len(story.article_ids), story.id))


def _trashed(library: Library, ids: list[int]) -> list[int]:
    """Those of ``ids`` in the trash: out of every story until restored."""
    found = []
    for chunk in chunks(ids):
        found += [row[0] for row in library.db.execute(
            f"SELECT id FROM articles WHERE status = ? AND id IN ({placeholders(chunk)})",
            [ArticleStatus.TRASHED, *chunk])]
    return found


def _kept_articles(library: Library, ids: list[int]) -> dict[int, int]:
    """Each article, or the active article it was merged into (through earlier merges too)."""
    kept = {}
    for article_id in ids:
        current = article_id
        while True:
            row = library.db.execute("SELECT status, merged_into FROM articles WHERE id = ?", [current]).fetchone()
            if row is None or row[0] != ArticleStatus.MERGED or row[1] is None:
                break
            current = row[1]
        kept[article_id] = current
    return kept


def _story(library: Library, members: list[int]) -> Story:
    rows = []
    for chunk in chunks(members):
        rows += library.db.execute(
            f"SELECT id, title, outlet, published, url FROM articles WHERE id IN ({placeholders(chunk)})",
            chunk).fetchall()
    # Oldest first; undated versions after the dated ones, in the order they were imported.
    versions = sorted((StoryVersion(*row) for row in rows),
                      key=lambda version: (version.published is None, version.published or "", version.id))
    dates = sorted(version.published[:10] for version in versions if version.published)
    outlets = tuple(dict.fromkeys(version.outlet for version in versions if version.outlet))
    return Story(id=min(members), title=versions[0].title or "", article_ids=tuple(v.id for v in versions),
                 outlets=outlets, first=dates[0] if dates else None, last=dates[-1] if dates else None,
                 versions=tuple(versions))
