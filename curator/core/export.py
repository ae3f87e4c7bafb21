"""Exporting the curated corpus: articles as JSON Lines or CSV, tagged spans for NER tools,
and the entity registry as CSV.

An export only reads the library, so it writes no history row. The file is written
beside its target under a temporary name, synced and renamed over the target: a
failure or a cancel leaves no partial file, and an existing file is either replaced
whole or left as it was. Articles are read a page at a time, so memory stays flat
however large the library is.

An export never replaces what it must not: the library itself or the files SQLite keeps
beside it, another SQLite database, a folder, a device, a pipe or a socket. CSV cells that
a spreadsheet would run as a formula are written as text (see :func:`neutralise_cell`).

>>> import tempfile
>>> from curator.core.ingest import import_paths, sample_paths
>>> library = Library.open(":memory:")
>>> _ = import_paths(library, sample_paths())
>>> with tempfile.TemporaryDirectory() as folder:
...     export_library(library, Path(folder) / "corpus.jsonl", ExportFormat.JSONL).what
...     _ = export_library(library, Path(folder) / "ner.jsonl", ExportFormat.SPANS,
...                        query=ArticleQuery(search="Lavrov"))
...     sorted(json.loads((Path(folder) / "ner.jsonl").read_text().splitlines()[0]))
'2 articles'
['label', 'meta', 'spans', 'text']
"""

from __future__ import annotations

import csv
import glob
import json
import os
import re
import stat
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import TextIO

from curator.core.curation.provenance import sources
from curator.core.errors import Cancelled, Refusal
from curator.core.library.fields import EXPORT_CSV_COLUMNS, RECORD_FIELDS
from curator.core.library.sql import chunks, placeholders
from curator.core.library.states import ArticleStatus, MentionStatus
from curator.core.library.store import ArticleQuery, Library
from curator.core.progress import (
    CancelCheck,
    ProgressCallback,
    never_cancelled,
    no_progress,
)
from curator.core.stories import list_stories, story_of_articles
from curator.core.text import neutralise_cell

# Articles read, with their mentions and sources, per query; bodies can be long.
PAGE_SIZE = 200
CSV_COLUMNS = EXPORT_CSV_COLUMNS
ENTITY_COLUMNS = ("id", "name", "type", "aliases", "notes", "external_id", "mentions", "articles")
# What the spans format puts in each line's "meta" (when set): enough to find the article again.
SPAN_META = ("id", "title", "outlet", "published", "url")
# Joins several values in one CSV cell.
CSV_SEPARATOR = "; "
# SQLite keeps these beside a library file (write-ahead log, its index, the rollback journal).
_SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")
_SQLITE_HEADER = b"SQLite format 3\x00"


class ExportFormat(Enum):
    """What an export writes; the value is the name the command line uses."""

    JSONL = "jsonl"  # articles with every field, sources, entities and mentions
    CSV = "csv"  # the same articles, one flat row each
    SPANS = "spans"  # article text with its tagged spans, as Prodigy, doccano and spaCy read it
    ENTITIES = "entities"  # the entity registry
    STORIES = "stories"  # one line per story: the articles linked as its versions

    @property
    def suffix(self) -> str:
        return ".csv" if self in (ExportFormat.CSV, ExportFormat.ENTITIES) else ".jsonl"

    @property
    def of_articles(self) -> bool:
        return self not in (ExportFormat.ENTITIES, ExportFormat.STORIES)


def format_for_path(path: str | Path) -> ExportFormat | None:
    """The article format a file name asks for by its extension (.jsonl, .ndjson, .csv), if any."""
    return {".jsonl": ExportFormat.JSONL, ".ndjson": ExportFormat.JSONL,
            ".csv": ExportFormat.CSV}.get(Path(path).suffix.lower())


class ExportError(Refusal):
    """An export that cannot be done (an unknown article, a file that cannot be written); the message says why.

    A refusal: the target is written whole or not at all, so nothing changed, and the user
    can choose other articles or another place.
    """


@dataclass
class ExportReport:
    """What an export wrote: how many articles (or entities, or stories), where, and whether it was cancelled."""

    format: ExportFormat
    path: Path
    written: int = 0
    left_out_merged: int = 0  # chosen by id but merged away, and merged-away articles were not asked for
    left_out_trashed: int = 0  # chosen by id but in the trash, which no export writes
    cancelled: bool = False

    @property
    def what(self) -> str:
        """What was written, counted: "12 articles", "1 entity", "3 stories"."""
        if self.format is ExportFormat.ENTITIES:
            return f"{self.written:,} {'entity' if self.written == 1 else 'entities'}"
        if self.format is ExportFormat.STORIES:
            return f"{self.written:,} {'story' if self.written == 1 else 'stories'}"
        return f"{self.written:,} article{'' if self.written == 1 else 's'}"

    def summary(self) -> str:
        if self.cancelled:
            return f"Export cancelled; {self.path} was not written"
        text = f"Exported {self.what} to {self.path}"
        if self.left_out:
            text += f" ({self.left_out} left out)"
        return text

    @property
    def left_out(self) -> str:
        """The chosen articles not written, and why: "1 merged-away article and 2 articles in the trash"."""
        parts = []
        if self.left_out_merged:
            parts.append(f"{self.left_out_merged:,} merged-away article{'s' if self.left_out_merged != 1 else ''}")
        if self.left_out_trashed:
            parts.append(f"{self.left_out_trashed:,} article{'s' if self.left_out_trashed != 1 else ''} in the trash")
        return " and ".join(parts)


def export_library(
    library: Library,
    path: str | Path,
    format: ExportFormat,
    *,
    query: ArticleQuery = ArticleQuery(),
    ids: Iterable[int] | None = None,
    annotated_only: bool = False,
    progress: ProgressCallback = no_progress,
    cancelled: CancelCheck = never_cancelled,
    raw_csv: bool = False,
) -> ExportReport:
    """Write the articles matching ``query`` (only those among ``ids``, if given) to ``path`` in ``format``;
    with ``annotated_only``, only the articles with an accepted mention in their body (a training set).

    The entity registry (``ExportFormat.ENTITIES``) has no article scope: ``query``
    and ``ids`` apply to the article formats only. A cancel returns a report with
    ``cancelled`` set and nothing written. CSV cells that would begin a formula are
    neutralised unless ``raw_csv`` (for programs that read the file, not spreadsheets).
    Raises :class:`ExportError` for a target an export must not replace
    (see :func:`check_export_target`).
    """
    path = Path(path)
    report = ExportReport(format, path)
    check_export_target(library, path)
    # A link is followed to the file it names, which is the one replaced: never the link itself.
    path = path.resolve() if path.is_symlink() else path
    article_ids: list[int] = []
    if format.of_articles:
        article_ids, report.left_out_merged, report.left_out_trashed = articles_in_scope(library, query, ids)
        if annotated_only:
            annotated = annotated_article_ids(library)
            article_ids = [article_id for article_id in article_ids if article_id in annotated]
    try:
        with _atomic_file(path) as file:
            if format.of_articles:
                report.written = _write_articles(library, file, format, article_ids, progress, cancelled, raw_csv)
            elif format is ExportFormat.STORIES:
                report.written = _write_stories(library, file, progress, cancelled)
            else:
                report.written = _write_entities(library, file, progress, cancelled, raw_csv)
    except Cancelled:  # raised inside the file being written, so it is thrown away
        report.cancelled = True
    except OSError as error:
        raise ExportError(f"Cannot write {path}: {error.strerror or error}") from error
    return report


def check_export_target(library: Library, path: Path) -> None:
    """Raise :class:`ExportError` if writing ``path`` could destroy something an export must leave alone.

    Refused: a folder; the library being exported; a file SQLite keeps beside a database
    (its ``-wal``, ``-shm`` or ``-journal``), by name even before SQLite makes it; any existing
    SQLite database, such as another library; and anything that is not a regular file (a
    device such as /dev/null, a pipe, a socket), which a rename would replace, or a process's open
    file reached through /dev or /proc (/dev/stdout sent to a file). Links are followed to what a
    write would reach, and the export replaces that file, never the link.
    """
    try:
        found = os.stat(path)
    except FileNotFoundError:
        found = None
    except OSError as error:
        raise ExportError(f"Cannot export to {path}: {error.strerror or error}") from error
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise ExportError(f"{path} is a folder; choose a file name to export to")
    target = path.resolve()
    if library.path is not None and (target == library.path.resolve()
                                     or (found is not None and os.path.samefile(path, library.path))):
        raise ExportError(f"{path} is the library being exported; an export never writes there. "
                          "Choose another file name")
    for suffix in _SQLITE_COMPANIONS:
        database = target.with_name(target.name.removesuffix(suffix))
        if target.name.endswith(suffix) and _is_sqlite(database):
            raise ExportError(f"{path} is a file SQLite keeps beside the database {database.name}; an export "
                              "never writes there. Choose another file name")
    if found is None:
        return
    if not stat.S_ISREG(found.st_mode):
        raise ExportError(f"{path} is not a regular file (a device, pipe or socket); choose a file name to export to")
    if os.name == "posix" and {target.parts[1:2], path.absolute().parts[1:2]} & {("dev",), ("proc",)}:
        # /dev/stdout sent to a file: a link the system keeps to a process's open file, never one to replace.
        raise ExportError(f"{path} is a process's open file, not a file to export to; choose a file name")
    if _is_sqlite(path):
        raise ExportError(f"{path} is a SQLite database, perhaps a library; an export never replaces one. "
                          "Choose another file name")


def _is_sqlite(path: Path) -> bool:
    """Whether ``path`` is a regular file that begins as every SQLite database does (never opens anything else)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open(path, "rb") as existing:
            return existing.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    except OSError:
        return False  # absent, or unreadable here: the write itself will say whether it can replace it


def articles_in_scope(library: Library, query: ArticleQuery = ArticleQuery(),
                      ids: Iterable[int] | None = None) -> tuple[list[int], int, int]:
    """The ids an article export writes, in list order, and how many of ``ids`` it leaves out as merged-away
    and as in the trash.

    Raises :class:`ExportError` when ``ids`` names an article the library does not have.
    """
    if ids is None:
        return library.article_ids(query), 0, 0
    wanted = sorted(set(ids))
    status: dict[int, str] = {}
    for chunk in chunks(wanted):
        status.update(library.db.execute(
            f"SELECT id, status FROM articles WHERE id IN ({placeholders(chunk)})", chunk).fetchall())
    missing = [article_id for article_id in wanted if article_id not in status]
    if missing:
        raise ExportError(f"There is no article {', '.join(map(str, missing[:10]))}")
    if query.search.strip() or query.entity_id is not None:
        # The search (or entity) narrows the choice, and orders it as the list does.
        wanted = [i for i in library.article_ids(replace(query, include_merged=True)) if i in status]
    chosen = [i for i in wanted if status[i] == ArticleStatus.ACTIVE
              or (query.include_merged and status[i] == ArticleStatus.MERGED)]
    trashed = sum(status[i] == ArticleStatus.TRASHED for i in wanted)
    return chosen, len(wanted) - len(chosen) - trashed, trashed


def annotated_article_ids(library: Library) -> set[int]:
    """The articles with an accepted mention in their body: what ``annotated_only`` keeps (a training set)."""
    return {row[0] for row in library.db.execute(
        "SELECT DISTINCT article_id FROM mentions WHERE status = ? AND field = 'body'", [MentionStatus.ACCEPTED])}


def count_in_scope(library: Library, query: ArticleQuery = ArticleQuery(), ids: Iterable[int] | None = None, *,
                   annotated_only: bool = False, annotated: set[int] | None = None) -> int:
    """How many articles an article export of ``query`` (among ``ids``, if given) writes; with
    ``annotated_only``, of those with an accepted mention in their body (``annotated``, when read already)."""
    if not annotated_only:
        return library.count_articles(query) if ids is None else len(articles_in_scope(library, query, ids)[0])
    tagged = annotated_article_ids(library) if annotated is None else annotated
    wanted = tagged if ids is None else tagged.intersection(ids)
    return len(articles_in_scope(library, query, wanted)[0]) if wanted else 0


# Writing ------------------------------------------------------------------------------

@contextmanager
def _atomic_file(path: Path) -> Iterator[TextIO]:
    """A UTF-8 text file that appears at ``path`` whole when the block ends, or not at all.

    It is written as ``.NAME.PID-TOKEN.part`` beside ``path``: an exception or an interrupt
    removes it, and what a killed export left is removed by the next export to ``path``.
    """
    _remove_abandoned_parts(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.part")
    # os.open rather than tempfile: the file gets the usual permissions (umask), not 0600.
    # O_BINARY (Windows only) keeps the C runtime from turning "\n" into "\r\n".
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with open(descriptor, "w", encoding="utf-8", newline="") as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _remove_abandoned_parts(path: Path) -> None:
    """Delete the temporary files of earlier exports to ``path`` whose process has ended (killed, say)."""
    prefix = f".{path.name}."
    pattern = re.compile(re.escape(prefix) + r"([0-9]+)-[0-9a-f]{8}\.part")
    for candidate in path.parent.glob(glob.escape(prefix) + "*.part"):
        match = pattern.fullmatch(candidate.name)
        if match and not _process_running(int(match[1])):
            try:
                candidate.unlink()
            except OSError:
                pass  # gone already, or still held open (Windows will not delete an open file)


def _process_running(pid: int) -> bool:
    """Whether process ``pid`` exists. Elsewhere than POSIX this cannot be asked safely (``os.kill``
    would end it), so every process is taken as ended: a file it still writes cannot be deleted there."""
    if os.name != "posix":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _sync_folder(folder: Path) -> None:
    """Make the rename itself survive a power cut (POSIX only: Windows cannot open a folder)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# Line breaks to ``str.splitlines`` (and U+2028/U+2029 to JavaScript) that JSON leaves unescaped.
_LINE_BREAKS_JSON_KEEPS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def json_line(value: object) -> str:
    """``value`` as one line of JSON Lines, which no reader splits: every line break in it is escaped."""
    return json.dumps(value, ensure_ascii=False).translate(_LINE_BREAKS_JSON_KEEPS) + "\n"


def _csv_writer(file: TextIO, raw: bool) -> Callable[[Sequence[object]], object]:
    """``writerow`` for a CSV file, neutralising formula cells unless ``raw``."""
    writer = csv.writer(file)
    if raw:
        return writer.writerow
    return lambda row: writer.writerow([neutralise_cell(value) for value in row])


def _write_articles(library: Library, file: TextIO, format: ExportFormat, ids: list[int],
                    progress: ProgressCallback, cancelled: CancelCheck, raw_csv: bool) -> int:
    if format is ExportFormat.CSV:
        write_row = _csv_writer(file, raw_csv)
        write_row(CSV_COLUMNS)

        def write(article: dict) -> None:
            write_row(csv_row(article))
    else:
        shape = span_record if format is ExportFormat.SPANS else (lambda article: article)

        def write(article: dict) -> None:
            file.write(json_line(shape(article)))

    total = len(ids)
    story_of = story_of_articles(library)
    for done in range(0, total, PAGE_SIZE):
        if cancelled():
            raise Cancelled("Export cancelled")
        progress(done, total, f"Exporting articles: {done:,} of {total:,}")
        for article in article_records(library, ids[done:done + PAGE_SIZE],
                                       with_sources=format is not ExportFormat.SPANS):
            write({**article, "story_id": story_of.get(article["id"])})
    progress(total, total, f"Exported {total:,} articles")
    return total


def _write_stories(library: Library, file: TextIO, progress: ProgressCallback, cancelled: CancelCheck) -> int:
    """One JSON line per story: ``curator stories --json``'s object, with each version's summary."""
    stories = list_stories(library)
    for done, story in enumerate(stories):
        if cancelled():
            raise Cancelled("Export cancelled")
        progress(done, len(stories), f"Exporting stories: {done:,} of {len(stories):,}")
        members = [{"id": v.id, "title": v.title, "outlet": v.outlet, "published": v.published, "url": v.url,
                    "merged_copies": list(v.copies)} for v in story.versions]
        file.write(json_line({**story.as_record(), "members": members}))
    progress(len(stories), len(stories), f"Exported {len(stories):,} stories")
    return len(stories)


def _write_entities(library: Library, file: TextIO, progress: ProgressCallback, cancelled: CancelCheck,
                    raw_csv: bool) -> int:
    total = library.db.execute("SELECT count(*) FROM entities").fetchone()[0]
    write_row = _csv_writer(file, raw_csv)
    write_row(ENTITY_COLUMNS)
    cursor = library.db.execute(
        "SELECT e.id, e.name, e.type, e.aliases, e.notes, e.external_id, "
        f"(SELECT count(*) FROM mentions m WHERE m.entity_id = e.id AND m.status = '{MentionStatus.ACCEPTED}'), "
        "(SELECT count(DISTINCT m.article_id) FROM mentions m WHERE m.entity_id = e.id "
        f"AND m.status = '{MentionStatus.ACCEPTED}') "
        "FROM entities e ORDER BY e.id"
    )
    done = 0
    while rows := cursor.fetchmany(PAGE_SIZE):
        if cancelled():
            raise Cancelled("Export cancelled")
        progress(done, total, f"Exporting entities: {done:,} of {total:,}")
        for entity_id, name, type, aliases, notes, external_id, mentions, articles in rows:
            write_row([entity_id, name, type, CSV_SEPARATOR.join(json.loads(aliases)), notes, external_id,
                             mentions, articles])
        done += len(rows)
    progress(done, total, f"Exported {done:,} entities")
    return done


# Records ------------------------------------------------------------------------------

def article_records(library: Library, ids: list[int], *, with_sources: bool = True) -> list[dict]:
    """The JSON Lines records of some articles, in the order of ``ids``.

    Each has the article's fields, ``body``, ``metadata``, the merge ``provenance``
    (or null), ``sources`` (every file behind it, through merges too; empty unless
    ``with_sources``), ``entities`` (the entities tagged in it, with how often) and
    ``mentions`` (its accepted mentions, with offsets into the body or the dateline).
    """
    rows = {row["id"]: row for row in library.db.query(
        f"SELECT {', '.join(RECORD_FIELDS)}, body, metadata, provenance FROM articles "
        f"WHERE id IN ({placeholders(ids)})", ids)}
    mentions: dict[int, list[dict]] = defaultdict(list)
    for mention in library.db.query(
        "SELECT m.article_id, m.field, m.start, m.end, m.text, m.type, m.entity_id, e.name AS entity, "
        "e.aliases, e.external_id FROM mentions m JOIN entities e ON e.id = m.entity_id "
        f"WHERE m.article_id IN ({placeholders(ids)}) AND m.status = '{MentionStatus.ACCEPTED}' "
        "ORDER BY m.article_id, m.field DESC, m.start", ids,
    ):
        mentions[mention.pop("article_id")].append(mention)
    records = []
    for article_id in ids:
        row = rows[article_id]
        records.append({
            **{name: row[name] for name in RECORD_FIELDS},
            "body": row["body"],
            "metadata": json.loads(row["metadata"] or "{}"),
            "provenance": json.loads(row["provenance"]) if row["provenance"] else None,
            "sources": _sources(library, article_id) if with_sources else [],
            "entities": _entities(mentions[article_id]),
            "mentions": [{"field": m["field"], "start": m["start"], "end": m["end"], "text": m["text"],
                          "type": m["type"], "entity": m["entity"], "entity_id": m["entity_id"]}
                         for m in mentions[article_id]],
        })
    return records


def _sources(library: Library, article_id: int) -> list[dict]:
    """Every source file behind an article (its own first), without the library's internal file ids."""
    return [{key: value for key, value in source.items() if key != "file_id"}
            for source in sources(library, article_id)]


def _entities(mentions: list[dict]) -> list[dict]:
    """The entities some mentions name, most mentioned first, each with its mention count."""
    by_entity: dict[int, dict] = {}
    for mention in mentions:
        entity = by_entity.setdefault(mention["entity_id"], {
            "id": mention["entity_id"], "name": mention["entity"], "type": mention["type"],
            "aliases": json.loads(mention["aliases"]), "external_id": mention["external_id"], "mentions": 0,
        })
        entity["mentions"] += 1
    return sorted(by_entity.values(), key=lambda entity: (-entity["mentions"], entity["name"].casefold()))


def csv_row(article: dict) -> list:
    """An article record as one CSV row (``CSV_COLUMNS``): several sources or entities share a cell."""
    located = [f"{s['path']} ({s['record']})" if s["record"] else s["path"] for s in article["sources"] if s["path"]]
    named = [f"{entity['name']} ({entity['type']})" for entity in article["entities"]]
    return [*(article[name] for name in RECORD_FIELDS), article["story_id"], CSV_SEPARATOR.join(located),
            CSV_SEPARATOR.join(named), article["body"],
            json.dumps(article["metadata"], ensure_ascii=False) if article["metadata"] else ""]


def span_record(article: dict) -> dict:
    """An article record as Prodigy and doccano read a span-annotated text.

    ``text`` is exactly the body and the offsets are Python character offsets into
    it; only mentions in the body are spans (a dateline mention has no place in it).
    ``label`` repeats the spans in doccano's ``[start, end, label]`` form.
    """
    spans = [{"start": m["start"], "end": m["end"], "label": m["type"]}
             for m in article["mentions"] if m["field"] == "body"]
    return {
        "text": article["body"],
        "spans": spans,
        "label": [[span["start"], span["end"], span["label"]] for span in spans],
        "meta": {name: article[name] for name in SPAN_META if article[name] is not None},
    }
