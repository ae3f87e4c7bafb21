"""The library's stories as a curator sees them: each with its versions, outlets and dates.

A story is stored (``stories`` and ``story_members``); it grows only through links a person
accepted, and through what they moved into it. A version merged away counts as the article it was
merged into, so a story keeps its members through merges and shows the copies merged into each;
an article in the trash leaves the list until it comes back.

>>> from curator.core.library import Library
>>> list_stories(Library.open(":memory:"))
[]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from curator.core.dedupe.compare import compare_articles
from curator.core.errors import Refusal
from curator.core.library.labels import quoted
from curator.core.library.sql import chunks, placeholders
from curator.core.library.states import ArticleStatus, PairStatus
from curator.core.library.store import Library
from curator.core.stories.terms import STOPWORDS
from curator.core.text import fold_case


class StoryRefusal(Refusal):
    """A story that is not there, or a change to one that cannot be made as asked; nothing was written."""


@dataclass(frozen=True)
class StoryVersion:
    """One version of a story, as the Stories view and the stories export list it."""

    id: int
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    copies: tuple[int, ...] = ()  # articles merged into this one


@dataclass(frozen=True)
class Story:
    """One story: its versions, oldest first, with their outlets and date span."""

    id: int
    title: str
    named: bool  # the curator named it; otherwise ``title`` is its earliest version's headline
    article_ids: tuple[int, ...]
    outlets: tuple[str, ...]
    first: str | None
    last: str | None
    versions: tuple[StoryVersion, ...]  # the articles of ``article_ids``, in that order
    in_trash: tuple[int, ...] = ()  # its members in the trash, versions again once restored

    @property
    def copies(self) -> int:
        return sum(len(version.copies) for version in self.versions)

    def as_record(self) -> dict:
        return {"id": self.id, "title": self.title, "article_ids": list(self.article_ids),
                "outlets": list(self.outlets), "first": self.first, "last": self.last}


def list_stories(library: Library) -> list[Story]:
    """Every story with two or more versions in the library, best first: most versions, then most
    outlets, then the most recent."""
    members: dict[int, list[int]] = {}
    for story_id, article_id in library.db.execute("SELECT story_id, article_id FROM story_members"):
        members.setdefault(story_id, []).append(article_id)
    stories = _stories(library, members)
    stories.sort(key=lambda story: (story.last or "", story.id), reverse=True)
    stories.sort(key=lambda story: (len(story.versions), len(story.outlets)), reverse=True)
    return stories


def stories_for(library: Library, article_ids: list[int]) -> list[Story]:
    """The stories these articles could join, likeliest first: those whose versions the scans suggested
    as copies or versions of them (and no one marked different) most often, then as ``list_stories``
    orders them. Stories that hold all of them already are left out."""
    wanted = set(article_ids)
    stories = [story for story in list_stories(library) if not wanted <= set(story.article_ids)]
    story_of = {article: story.id for story in stories for article in story.article_ids}
    suggested: dict[int, float] = {}
    for chunk in chunks(sorted(wanted)):
        marks = placeholders(chunk)
        for a, b, score in library.db.execute(
                f"SELECT a, b, score FROM pairs WHERE status != ? AND (a IN ({marks}) OR b IN ({marks}))",
                [PairStatus.NOT_DUPLICATE, *chunk, *chunk]):
            other = b if a in wanted else a
            if other not in wanted and other in story_of:
                suggested[story_of[other]] = suggested.get(story_of[other], 0.0) + score
    # Where no pair says, the headlines do: the story whose versions' headlines share most words with theirs.
    titles = [row[0] or "" for chunk in chunks(sorted(wanted)) for row in library.db.execute(
        f"SELECT title FROM articles WHERE id IN ({placeholders(chunk)})", chunk)]
    words = _headline_words(" ".join(titles))

    def shared_words(story: Story) -> int:
        return len(words & _headline_words(" ".join(version.title or "" for version in story.versions)))

    # A stable sort: stories neither points to keep their order, after those something does.
    return sorted(stories, key=lambda story: (-suggested.get(story.id, 0.0), -shared_words(story)))


def _headline_words(text: str) -> set[str]:
    """A headline's words that say what it is about: folded, of four letters or more, no function words."""
    return set(_LONG_WORD.findall(fold_case(text))) - STOPWORDS


_LONG_WORD = re.compile(r"[^\W\d_]{4,}")


def read_story(library: Library, story_id: int) -> Story:
    """One story, even one with a single version left (the Stories view's page of it)."""
    members = [row[0] for row in library.db.execute(
        "SELECT article_id FROM story_members WHERE story_id = ?", [story_id])]
    found = _stories(library, {story_id: members}, smallest=1)
    if not found:
        raise StoryRefusal(f"There is no story {story_id}")
    return found[0]


def story_label(library: Library, story_id: int) -> str:
    """A story as a change's summary names it: by its name, or its earliest version's headline."""
    try:
        return f"story {quoted(read_story(library, story_id).title)}"
    except StoryRefusal:  # none of its versions is left to name it
        return "a story"


@dataclass(frozen=True)
class VersionChange:
    """What one version adds to and cuts from the story's earliest version, in words."""

    version: StoryVersion
    added_words: int
    cut_words: int
    new_headline: bool


@dataclass(frozen=True)
class StoryPage:
    """A story's page: its versions on a timeline, each against the earliest (which has no change)."""

    story: Story
    changes: tuple[VersionChange, ...]


def story_page(library: Library, story_id: int) -> StoryPage:
    """The story with each later version compared to its earliest (the aligned comparison's counts)."""
    story = read_story(library, story_id)
    earliest = story.versions[0]
    changes = [VersionChange(earliest, 0, 0, False)]
    for version in story.versions[1:]:
        comparison = compare_articles(library, earliest.id, version.id)
        earliest_is_a = comparison.a.id == earliest.id
        added, cut = ((comparison.words_only_b, comparison.words_only_a) if earliest_is_a
                      else (comparison.words_only_a, comparison.words_only_b))
        headline_same = next((field.same for field in comparison.fields if field.name == "title"), True)
        changes.append(VersionChange(version, added, cut, not headline_same))
    return StoryPage(story, tuple(changes))


def story_of_articles(library: Library) -> dict[int, int]:
    """Each article in a story → its story's id, copies merged into a version included (for exports)."""
    story_of = {}
    for story in list_stories(library):
        for version in story.versions:
            for article_id in (version.id, *version.copies):
                story_of[article_id] = story.id
    return story_of


def _stories(library: Library, members: dict[int, list[int]], *, smallest: int = 2) -> list[Story]:
    # Only these stories' names: a merge names the one story its articles are in, in a library of many.
    titles = {story_id: title for chunk in chunks(list(members)) for story_id, title in library.db.execute(
        f"SELECT id, title FROM stories WHERE id IN ({placeholders(chunk)})", chunk)}
    articles = _articles(library, sorted({i for ids in members.values() for i in ids}))
    kept = {article_id: _kept(articles, article_id) for article_id in articles}
    stories = []
    for story_id, ids in members.items():
        if story_id not in titles:
            continue
        versions = sorted({k for i in ids if (k := kept.get(i)) is not None})
        if len(versions) < smallest:
            continue
        # Its members merged into a version, and every other article merged into one, through earlier merges too.
        copies = {version: {i for i in ids if i != version and kept.get(i) == version} for version in versions}
        for version, merged in library.merged_copies(versions).items():
            copies[version].update(merged)
        story = _story(story_id, titles[story_id], [_version(articles[v], tuple(copies[v])) for v in versions])
        stories.append(replace(story, in_trash=tuple(sorted(i for i in ids if kept.get(i) is None))))
    return stories


def _version(article: tuple, copies: tuple[int, ...]) -> StoryVersion:
    _status, _merged, article_id, title, outlet, published, url = article
    return StoryVersion(article_id, title, outlet, published, url, copies=tuple(sorted(copies)))


def _articles(library: Library, ids: list[int]) -> dict[int, tuple]:
    """id → (status, merged_into, title, outlet, published, url), for these articles and every
    article they were merged into."""
    rows: dict[int, tuple] = {}
    wanted = ids
    while wanted:
        for chunk in chunks(wanted):
            for row in library.db.execute(
                    "SELECT id, status, merged_into, title, outlet, published, url FROM articles "
                    f"WHERE id IN ({placeholders(chunk)})", chunk):
                rows[row[0]] = (row[1], row[2], row[0], *row[3:])
        wanted = sorted({row[1] for row in rows.values() if row[1] is not None} - rows.keys())
    return rows


def kept_versions(library: Library, ids: list[int]) -> dict[int, int | None]:
    """Each of these articles → the active article it is, or was merged into (None: in the trash)."""
    articles = _articles(library, ids)
    return {article_id: _kept(articles, article_id) for article_id in ids}


def version_count(library: Library, ids: list[int]) -> int:
    """How many versions these story members are: distinct articles once each merged-away member is
    counted as the article it went into (through earlier merges too). An article in the trash counts
    as the version it is again once restored, the copies merged into it with it."""
    articles = _articles(library, ids)
    return len({_root(articles, article_id) for article_id in ids})


def _kept(articles: dict[int, tuple], article_id: int) -> int | None:
    """The active article this one is, or was merged into (through earlier merges too); None for
    an article in the trash."""
    root = _root(articles, article_id)
    return root if root in articles and articles[root][0] == ArticleStatus.ACTIVE else None


def _root(articles: dict[int, tuple], article_id: int) -> int:
    """The article this one is, or was merged into through earlier merges too: active, or in the trash."""
    seen = set()
    current = article_id
    while current in articles and current not in seen:
        seen.add(current)
        status, merged_into = articles[current][:2]
        if status != ArticleStatus.MERGED or merged_into is None:
            return current
        current = merged_into
    return current


def _story(story_id: int, name: str | None, versions: list[StoryVersion]) -> Story:
    # Oldest first; undated versions after the dated ones, in the order they were imported.
    versions.sort(key=lambda version: (version.published is None, version.published or "", version.id))
    dates = sorted(version.published[:10] for version in versions if version.published)
    outlets = tuple(dict.fromkeys(version.outlet for version in versions if version.outlet))
    return Story(id=story_id, title=name or versions[0].title or f"Article {versions[0].id}", named=bool(name),
                 article_ids=tuple(version.id for version in versions), outlets=outlets,
                 first=dates[0] if dates else None, last=dates[-1] if dates else None, versions=tuple(versions))
