"""What the reading pane shows of one article, read together: its fields and text, the files behind
it, its mentions with their types' colours, and where a merge took it from or put it.

One article's worth of small queries, so the window reads it on the UI thread when the
selection changes; the pane renders the :class:`ReadingView` it is given and asks nothing else.

>>> from curator.core.ingest import import_paths, sample_paths
>>> from curator.core.library import Library
>>> library = Library.open(":memory:")
>>> _ = import_paths(library, sample_paths())
>>> view = reading_view(library, 1)
>>> view.title
'Russia on Thursday rejected a US call to cut ties with Pyongyang, suggesting Washington has been doing everything to prompt North Korean leader Kim Jong-Un to "lose it"'
>>> view.merge_note, len(view.sources)
('', 1)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from curator.core.curation.provenance import Provenance, sources
from curator.core.entities import article_entities, article_mentions, entity_types
from curator.core.ingest import SourcePath
from curator.core.library.states import ArticleStatus
from curator.core.library.store import Library


@dataclass(frozen=True)
class SourceFile:
    """A file behind the article: its own, or one of an article merged into it (``from_member``)."""

    article_id: int
    path: str
    record: str | None  # which record of the file, for files holding several articles
    importer: str | None
    encoding: str | None
    from_member: bool = False

    @property
    def file_on_disk(self) -> Path:
        """The file itself, or for an entry of a zip archive the outermost archive: what can be opened or shown."""
        source = SourcePath.parse(self.path)
        return Path(source.archives[0] if source.archives else source.file)

    @property
    def description(self) -> str:
        """One line, e.g. "Source (article 2): feeds.csv (row 3) — csv, latin-1  ·  /data"."""
        name = SourcePath.parse(self.path).name
        where = f"{name} ({self.record})" if self.record else name
        details = ", ".join(detail for detail in (self.importer, self.encoding) if detail)
        folder = self.path[: -len(name)].rstrip("/\\") if self.path.endswith(name) else self.path
        member = f" (article {self.article_id})" if self.from_member else ""
        return (f"Source{member}: {where}" + (f" — {details}" if details else "")
                + (f"  ·  {folder}" if folder else ""))


@dataclass(frozen=True)
class ReadingView:
    """One article as the reading pane shows it.

    ``mentions`` are ``article_mentions`` rows (accepted and pending, with the type's colour),
    ``entity_types`` the ``entity_types`` rows (label, colour, number key), ``entities`` the
    ``article_entities`` of the article. With no types, the pane offers no tagging.
    """

    id: int
    title: str
    body: str
    published: str | None = None
    outlet: str | None = None
    dateline: str | None = None
    byline: str | None = None
    url: str | None = None
    status: ArticleStatus = ArticleStatus.ACTIVE
    merged_into: int | None = None
    provenance: Provenance | None = None
    member_outlets: dict[int, str | None] = field(default_factory=dict)  # each merged member's outlet, by id
    sources: tuple[SourceFile, ...] = ()
    mentions: tuple[dict, ...] = ()
    entity_types: tuple[dict, ...] = ()
    entities: dict[int, dict] = field(default_factory=dict)

    @property
    def merge_note(self) -> str:
        """What the provenance bar says: where a merge put this article, or what it was merged from; or nothing."""
        if self.status is ArticleStatus.MERGED:
            return f"Merged into article {self.merged_into}. Unmerge to restore it as it was."
        return self.provenance.summary(self.member_outlets) if self.provenance is not None else ""

    def text_of(self, field: str) -> str:
        """The text a mention's offsets count in: ``"body"`` or ``"dateline"``."""
        return (self.dateline or "") if field == "dateline" else self.body


def reading_view(library: Library, article_id: int) -> ReadingView | None:
    """Everything the reading pane shows of ``article_id`` (None when there is no such article)."""
    rows = list(library.db.query(
        "SELECT id, title, body, published, outlet, dateline, byline, url, status, merged_into, provenance "
        "FROM articles WHERE id = ?", [article_id]))
    if not rows:
        return None
    article = rows[0]
    members = sources(library, article_id)
    files = tuple(SourceFile(source["article_id"], source["path"], source["record"], source["importer"],
                             source["encoding"], from_member=source["article_id"] != article_id)
                  for source in members if source["file_id"] is not None)
    return ReadingView(
        id=article_id, title=article["title"], body=article["body"] or "", published=article["published"],
        outlet=article["outlet"], dateline=article["dateline"], byline=article["byline"], url=article["url"],
        status=ArticleStatus(article["status"]), merged_into=article["merged_into"],
        provenance=Provenance.from_json(article_id, article["provenance"]) if article["provenance"] else None,
        member_outlets={member["article_id"]: member["outlet"] for member in members},
        sources=files, mentions=tuple(article_mentions(library, article_id)),
        entity_types=tuple(entity_types(library)), entities=article_entities(library, article_id),
    )
