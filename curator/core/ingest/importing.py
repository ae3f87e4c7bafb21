"""``import_paths``: read files and folders into the library, losslessly, with a report.

Every file is hashed; bytes already in the library are skipped and reported as
such. Parsing happens before any write, and each batch of files is stored in one
transaction together with its history row, so a crash or a cancel never leaves
half a record.
"""

from __future__ import annotations

import hashlib
import json
import uuid
import zlib
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from curator.core.ingest import ArticleDraft, UnreadableFile, importer_for
from curator.core.ingest.base import is_doubtful
from curator.core.ingest.paths import readable_path
from curator.core.ingest.sources import (
    MB,
    ImportLimits,
    Source,
    SourceReadError,
    collect_sources,
    read_file,
    read_source,
)
from curator.core.library.originals import kept_raw_text
from curator.core.library.schema import drop_list_indexes, make_list_indexes
from curator.core.library.settings import get_settings
from curator.core.library.sql import chunks, placeholders
from curator.core.library.states import ArticleStatus, Operation
from curator.core.library.store import Library, LibraryError, utc_now
from curator.core.parallel import ordered_map
from curator.core.progress import (
    CancelCheck,
    ProgressCallback,
    never_cancelled,
    no_progress,
)
from curator.core.text import Boilerplate, without_controls


@dataclass
class ImportProblem:
    path: str
    reason: str
    record: str | None = None

    def describe(self) -> str:
        where = f"{self.path} ({self.record})" if self.record else self.path
        return f"{where}: {self.reason}"


@dataclass
class ImportReport:
    """What an import did: articles created, files skipped or unsupported, and every problem."""

    article_ids: list[int] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    in_trash: list[str] = field(default_factory=list)  # of those skipped, the files whose articles are all in the trash
    unsupported: list[str] = field(default_factory=list)
    errors: list[ImportProblem] = field(default_factory=list)
    doubtful: list[ImportProblem] = field(default_factory=list)  # files whose text encoding is a guess
    links_not_followed: list[ImportProblem] = field(default_factory=list)  # links leading out of a folder
    files_imported: int = 0
    cancelled: bool = False
    # Shared by the history rows of this import's batches: one import, however many transactions it took.
    run: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def imported(self) -> int:
        return len(self.article_ids)

    def to_json(self) -> dict:
        return {
            "imported": self.imported,
            "skipped": len(self.skipped),
            "unsupported": len(self.unsupported),
            "failed": len(self.errors),
            "files_imported": self.files_imported,
            "cancelled": self.cancelled,
            "article_ids": self.article_ids,
            "skipped_paths": self.skipped,
            "in_trash_paths": self.in_trash,
            "unsupported_paths": self.unsupported,
            "errors": [{"path": e.path, "record": e.record, "error": e.reason} for e in self.errors],
            "doubtful": [{"path": d.path, "encoding": d.reason} for d in self.doubtful],
            "links_not_followed": [{"path": link.path, "reason": link.reason} for link in self.links_not_followed],
        }

    def summary(self) -> str:
        parts = [f"Imported {self.imported} article{'s' if self.imported != 1 else ''}"]
        if self.skipped:
            # Imported again after "Move the Imported Articles to Trash", a file is skipped: the trash is where it is.
            trashed = f" ({len(self.in_trash)} in the trash, to restore from there)" if self.in_trash else ""
            parts.append(f"{len(self.skipped)} already in the library{trashed}")
        if self.unsupported:
            parts.append(f"{len(self.unsupported)} unsupported")
        if self.errors:
            parts.append(f"{len(self.errors)} failed")
        if self.doubtful:
            parts.append(f"{len(self.doubtful)} read in a doubtful encoding")
        if self.links_not_followed:
            count = len(self.links_not_followed)
            parts.append(f"{count} link{'s' if count != 1 else ''} not followed")
        text = ", ".join(parts)
        return text + (" (cancelled)" if self.cancelled else "")


@dataclass(frozen=True)
class BodySketch:
    """Work on each new article's body done where the article is parsed, and stored with it.

    ``compute(bodies, *args)`` must be a module-level function (it runs in the parse
    workers) returning one sketch per body; ``store(db, [(article_id, sketch), ...])``
    runs in the import's transaction, after the batch's articles are inserted, so an
    article and its sketch are written together or not at all.
    """

    compute: Callable[..., list]
    args: tuple
    store: Callable[[Database, list[tuple[int, Any]]], None]


@dataclass
class _ParsedFile:
    """What reading and parsing one file produced, in whichever process parsed it."""

    path: str
    size: int
    sha256: str = ""
    importer: str = ""
    encoding: str | None = None
    drafts: list[ArticleDraft] = field(default_factory=list)
    errors: list[ImportProblem] = field(default_factory=list)
    original: bytes = b""  # the file's bytes, zlib-compressed where it was parsed (a worker, in a large import)
    sketches: list = field(default_factory=list)  # one per draft, when the import sketches bodies


# From this many files on, reading and parsing run in worker processes while this one stores.
PARALLEL_MIN_FILES = 4000
# zlib's level for the stored originals: 6, its default, is within a few per cent of 9 at a third of its time.
ORIGINAL_COMPRESSION_LEVEL = 6
# The fields of a draft that hold one line of text each.
_ONE_LINE_FIELDS = ("title", "outlet", "url", "byline", "dateline", "language")
# Files a worker reads and parses per call: enough to make a call cheap, few enough to keep them all busy.
PARSE_BATCH = 200
# Calls queued per worker: while this process stores a batch (up to a second at 100k articles), the
# workers go on parsing the next one instead of waiting. 8 is 3,200 files ahead, about 25 MB.
PARSE_AHEAD = 8


def import_paths(
    library: Library,
    paths: list[str | Path],
    *,
    limits: ImportLimits | None = None,
    progress: ProgressCallback = no_progress,
    cancelled: CancelCheck = never_cancelled,
    batch_files: int = 2000,
    follow_links: bool = False,
    sketch: BodySketch | None = None,
    defer_list_indexes: bool = True,
) -> ImportReport:
    """Import files, folders and zip archives; return what happened.

    ``progress(done, total, path)`` is called after each file; ``cancelled()`` is
    checked before each one, and what was read before a cancel is kept. The size
    limits default to the library's setting, and text is cleaned with the library's
    boilerplate phrases. Large imports read and parse in worker processes; this
    process only writes, ``batch_files`` files to a transaction. Links in a folder
    that lead outside it are listed, not followed, unless ``follow_links``. A large import into an
    empty library makes the list's sort indexes after its last batch, unless not ``defer_list_indexes``
    (for a window that lists the library sorted while the import runs).
    """
    library.check_ahead()  # while the files are found and parsed, for the first batch to wait for
    settings = get_settings(library)
    limits = ImportLimits(max_file_bytes=settings.max_file_mb * MB) if limits is None else limits
    collected = collect_sources(paths, limits, follow_links=follow_links)
    report = ImportReport(unsupported=list(collected.unsupported),
                          links_not_followed=[ImportProblem(p.path, p.reason) for p in collected.links_not_followed])
    report.errors.extend(ImportProblem(p.path, p.reason) for p in collected.problems)
    total = len(collected.sources)
    seen_hashes: set[str] = set()
    pending: list[_ParsedFile] = []
    parallel = total >= PARALLEL_MIN_FILES
    parsed_files = _parsed(collected.sources, settings.boilerplate, limits.max_file_bytes, sketch, parallel=parallel)
    with _list_indexes_deferred(library, defer=parallel and defer_list_indexes):
        try:
            for done, parsed in enumerate(parsed_files):
                if cancelled():
                    report.cancelled = True
                    break
                if parsed.sha256 and parsed.sha256 in seen_hashes:
                    report.skipped.append(parsed.path)
                elif parsed.drafts:  # its record errors are reported once it is stored, not if it is skipped
                    seen_hashes.add(parsed.sha256)
                    pending.append(parsed)
                else:
                    seen_hashes.add(parsed.sha256)
                    report.errors.extend(parsed.errors)
                if len(pending) >= batch_files:
                    _store_batch(library, pending, paths, report, sketch)
                    pending = []
                progress(done + 1, total, parsed.path)
        finally:
            parsed_files.close()  # after a cancel, the files not yet parsed are dropped
        if pending:
            _store_batch(library, pending, paths, report, sketch)
    return report


@contextmanager
def _list_indexes_deferred(library: Library, *, defer: bool) -> Iterator[None]:
    """Around a large import: when the library holds no article yet, its list indexes are dropped
    for the import and made again after it, in one sort each instead of one place at a time for
    every article (100k files: about 5 s less). A reader in between lists without them, only slower."""
    empty = "SELECT NOT EXISTS (SELECT 1 FROM articles)"
    # Read first, so an import into a library with articles goes on parsing while its check runs.
    if defer and library.db.execute(empty).fetchone()[0]:
        with library.atomic() as db:
            defer = db.execute(empty).fetchone()[0]  # asked again under the write lock
            if defer:
                drop_list_indexes(db)
    else:
        defer = False
    try:
        yield
    except BaseException:
        if defer:
            with suppress(LibraryError):  # the import's own error is the one to tell; the next open makes them
                with library.atomic() as db:
                    make_list_indexes(db)
        raise
    if defer:
        with library.atomic() as db:
            make_list_indexes(db)


def _parsed(sources: list[Source], boilerplate: Boilerplate, max_bytes: int, sketch: BodySketch | None, *,
            parallel: bool) -> Generator[_ParsedFile, None, None]:
    """Every source read, hashed and parsed, in order; in worker processes when ``parallel``.

    A file on disk travels to a worker as its path; an archive entry is read here,
    where its archive's budgets are spent, and travels as bytes.
    """
    def batches():
        for start in range(0, len(sources), PARSE_BATCH):
            batch = sources[start:start + PARSE_BATCH]
            yield None, [(source.path, source.size, _content(source, parallel)) for source in batch]

    sketching = (sketch.compute, sketch.args) if sketch else None
    for _, parsed in ordered_map(parse_files, batches(), parallel=parallel,
                                 args=(boilerplate, max_bytes, sketching), ahead=PARSE_AHEAD):
        yield from parsed


def _content(source: Source, parallel: bool) -> str | bytes | SourceReadError:
    """What a parser needs to read a source: the path of a file on disk (read by the worker), else its bytes."""
    if parallel and source.file is not None:
        return source.file
    try:
        return read_source(source)
    except SourceReadError as error:
        return error


def parse_files(items: list[tuple[str, int, str | bytes | SourceReadError]], boilerplate: Boilerplate,
                max_bytes: int, sketching: tuple[Callable[..., list], tuple] | None = None) -> list[_ParsedFile]:
    """Read (when given a path, at most ``max_bytes``), hash and parse each ``(path, size, content)``;
    with ``sketching`` (a function and its further arguments), sketch every draft's body too.

    Runs in worker processes too: it touches no library.
    """
    parsed = [_parse(path, size, content, boilerplate, max_bytes) for path, size, content in items]
    if sketching is not None:
        compute, args = sketching
        sketches = iter(compute([draft.body for file in parsed for draft in file.drafts], *args))
        for file in parsed:
            file.sketches = [next(sketches) for _ in file.drafts]
    return parsed


def _parse(path: str, size: int, content: str | bytes | SourceReadError, boilerplate: Boilerplate,
           max_bytes: int) -> _ParsedFile:
    parsed = _ParsedFile(readable_path(path), size)
    try:
        if isinstance(content, SourceReadError):
            raise content
        data = read_source(Source(path, size, partial(read_file, content, max_bytes))) \
            if isinstance(content, str) else content
    except SourceReadError as error:
        parsed.errors.append(ImportProblem(parsed.path, str(error)))
        return parsed
    # The size of the bytes hashed and kept, which a file that grew since it was listed no longer has on disk.
    parsed.sha256, parsed.size = hashlib.sha256(data).hexdigest(), len(data)
    importer = importer_for(path)
    assert importer is not None, "collect_sources sets aside the files no importer reads"
    parsed.importer, parse = importer
    try:
        result = parse(parsed.path, data, boilerplate)  # its name may make a title: the readable one
    except UnreadableFile as error:
        parsed.errors.append(ImportProblem(parsed.path, str(error)))
        return parsed
    except Exception as error:  # a parser bug must cost one file, never the import
        parsed.errors.append(ImportProblem(parsed.path, f"could not be read ({type(error).__name__}: {error})"))
        return parsed
    parsed.errors.extend(ImportProblem(parsed.path, e.reason, e.record) for e in result.errors)
    if not result.drafts and not result.errors:
        parsed.errors.append(ImportProblem(parsed.path, "no articles found"))
    parsed.encoding = result.encoding
    # A draft whose raw text is the file's bytes decoded leaves it to the kept bytes (``originals``).
    parsed.drafts = [replace(clean, raw_text=kept_raw_text(clean.raw_text, data, result.encoding))
                     for clean in map(_without_controls, result.drafts)]
    if result.drafts:
        parsed.original = zlib.compress(data, ORIGINAL_COMPRESSION_LEVEL)
    return parsed


def _without_controls(draft: ArticleDraft) -> ArticleDraft:
    """``draft`` with no control character in its one-line fields (its body is cleaned of them already):
    an escape sequence in a title would take over the terminal that lists it."""
    fields: dict[str, Any] = {name: without_controls(value) for name in _ONE_LINE_FIELDS
                              if (value := getattr(draft, name)) and not value.isprintable()}
    return replace(draft, **fields) if fields else draft


def _store_batch(library: Library, batch: list[_ParsedFile], paths: list, report: ImportReport,
                 sketch: BodySketch | None) -> None:
    """Store parsed files in one transaction: their articles, their file rows and one history row.

    Rows are written with ``executemany`` under ids chosen here: the transaction
    holds the write lock from its start, so the next free ids cannot change under it.
    """
    now = utc_now()
    article_rows: list[tuple] = []
    file_rows: list[tuple] = []
    original_rows: list[tuple] = []
    sketch_rows: list[tuple[int, Any]] = []
    with library.atomic() as db:
        # Asked again under the write lock: another import may have stored these bytes since they were read.
        stored_hashes = _stored_hashes(library, [parsed.sha256 for parsed in batch])
        article_id = db.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
        file_id = db.execute("SELECT coalesce(max(id), 0) FROM files").fetchone()[0]
        stored = 0
        trashed = _trashed_hashes(library, [parsed.sha256 for parsed in batch if parsed.sha256 in stored_hashes])
        for parsed in batch:
            if parsed.sha256 in stored_hashes:
                report.skipped.append(parsed.path)
                if parsed.sha256 in trashed:
                    report.in_trash.append(parsed.path)
                continue
            report.errors.extend(parsed.errors)
            if is_doubtful(parsed.encoding):
                report.doubtful.append(ImportProblem(parsed.path, f"read as {parsed.encoding}"))
            stored += 1
            original_rows.append((parsed.sha256, parsed.size, parsed.original))
            for index, draft in enumerate(parsed.drafts):
                article_id += 1
                if parsed.sketches:
                    sketch_rows.append((article_id, parsed.sketches[index]))
                file_id += 1
                article_rows.append((
                    article_id, draft.title, draft.body, draft.published, draft.outlet, draft.url, draft.language,
                    draft.dateline, draft.byline, _metadata_json(draft.metadata),
                    ArticleStatus.ACTIVE, now, now,
                ))
                file_rows.append((
                    file_id, parsed.path, draft.record, parsed.sha256, parsed.size, parsed.importer,
                    parsed.encoding, draft.raw_text, now, article_id,
                ))
        if stored:
            # The text index is filled for the whole batch at once (see migration 0011), in this transaction.
            db.execute("INSERT INTO text_index_deferred (id) VALUES (1)")
            db.conn.executemany(
                "INSERT INTO articles (id, title, body, published, outlet, url, language, dateline, byline, "
                "metadata, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                article_rows,
            )
            db.execute("INSERT INTO articles_fts (rowid, title, body) SELECT id, title, body FROM articles "
                       "WHERE id BETWEEN ? AND ?", [article_rows[0][0], article_rows[-1][0]])
            db.execute("DELETE FROM text_index_deferred")
            db.conn.executemany(
                "INSERT INTO files (id, path, record, sha256, size, importer, encoding, raw_text, imported_at, "
                "article_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                file_rows,
            )
            # Once per content: the records of one file share its original, and so do two copies in a batch.
            db.conn.executemany(
                "INSERT OR IGNORE INTO originals (sha256, size, compression, data) VALUES (?, ?, 'zlib', ?)",
                original_rows,
            )
            if sketch is not None and sketch_rows:
                sketch.store(db, sketch_rows)
            library.journal(
                Operation.IMPORT,
                f"Imported {_counted(len(article_rows), 'article')} from {_counted(stored, 'file')}",
                args={"paths": [str(p) for p in paths]},
                after={"article_ids": [row[0] for row in article_rows], "file_ids": [row[0] for row in file_rows]},
                batch=report.run,
            )
    report.article_ids.extend(row[0] for row in article_rows)
    report.files_imported += stored


def _counted(count: int, thing: str) -> str:
    return f"{count:,} {thing}{'' if count == 1 else 's'}"


def _metadata_json(metadata: dict) -> str:
    # Most files have none: "{}" without the encoder's cost, 20,000 times an import of a folder.
    return json.dumps(metadata, ensure_ascii=False, default=str) if metadata else "{}"


def _trashed_hashes(library: Library, hashes: list[str]) -> set[str]:
    """Those of ``hashes`` (stored already) whose articles are all in the trash."""
    found: set[str] = set()
    for chunk in chunks(sorted(set(hashes))):
        found.update(row[0] for row in library.db.execute(
            f"SELECT f.sha256 FROM files f JOIN articles a ON a.id = f.article_id WHERE f.sha256 IN "
            f"({placeholders(chunk)}) GROUP BY f.sha256 HAVING sum(a.status != ?) = 0", [*chunk, ArticleStatus.TRASHED]))
    return found


def _stored_hashes(library: Library, hashes: list[str]) -> set[str]:
    """Those of ``hashes`` some file in the library already has."""
    stored: set[str] = set()
    for chunk in chunks(sorted(set(hashes))):
        stored.update(row[0] for row in library.db.execute(
            f"SELECT sha256 FROM files WHERE sha256 IN ({placeholders(chunk)})", chunk))
    return stored
