"""``import_paths``: read files and folders into the library, losslessly, with a report.

Every file is hashed; bytes already in the library are skipped and reported as
such. Parsing happens before any write, and each batch of files is stored in one
transaction together with its history row, so a crash or a cancel never leaves
half a record.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from curator.core.ingest import ArticleDraft, UnreadableFile, importer_for
from curator.core.ingest.base import is_doubtful
from curator.core.ingest.sources import (
    MB,
    ImportLimits,
    Source,
    SourceReadError,
    collect_sources,
    read_source,
)
from curator.core.library.settings import get_settings
from curator.core.library.sql import inserted_id
from curator.core.library.states import ArticleStatus, Operation
from curator.core.library.store import Library, utc_now
from curator.core.progress import (
    CancelCheck,
    ProgressCallback,
    never_cancelled,
    no_progress,
)
from curator.core.text import Boilerplate


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
    unsupported: list[str] = field(default_factory=list)
    errors: list[ImportProblem] = field(default_factory=list)
    doubtful: list[ImportProblem] = field(default_factory=list)  # files whose text encoding is a guess
    files_imported: int = 0
    cancelled: bool = False

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
            "unsupported_paths": self.unsupported,
            "errors": [{"path": e.path, "record": e.record, "error": e.reason} for e in self.errors],
            "doubtful": [{"path": d.path, "encoding": d.reason} for d in self.doubtful],
        }

    def summary(self) -> str:
        parts = [f"Imported {self.imported} article{'s' if self.imported != 1 else ''}"]
        if self.skipped:
            parts.append(f"{len(self.skipped)} already in the library")
        if self.unsupported:
            parts.append(f"{len(self.unsupported)} unsupported")
        if self.errors:
            parts.append(f"{len(self.errors)} failed")
        if self.doubtful:
            parts.append(f"{len(self.doubtful)} read in a doubtful encoding")
        text = ", ".join(parts)
        return text + (" (cancelled)" if self.cancelled else "")


@dataclass
class _ParsedFile:
    source: Source
    sha256: str
    importer: str
    encoding: str | None
    drafts: list[ArticleDraft]


def import_paths(
    library: Library,
    paths: list[str | Path],
    *,
    limits: ImportLimits | None = None,
    progress: ProgressCallback = no_progress,
    cancelled: CancelCheck = never_cancelled,
    batch_files: int = 500,
) -> ImportReport:
    """Import files, folders and zip archives; return what happened.

    ``progress(done, total, path)`` is called after each file; ``cancelled()`` is
    checked before each one, and what was read before a cancel is kept. The size
    limits default to the library's setting, and text is cleaned with the library's
    boilerplate phrases.
    """
    settings = get_settings(library)
    boilerplate = settings.boilerplate
    collected = collect_sources(paths, ImportLimits(max_file_bytes=settings.max_file_mb * MB) if limits is None else limits)
    report = ImportReport(unsupported=list(collected.unsupported))
    report.errors.extend(ImportProblem(p.path, p.reason) for p in collected.problems)
    total = len(collected.sources)
    seen_hashes: set[str] = set()
    pending: list[_ParsedFile] = []
    for done, source in enumerate(collected.sources):
        if cancelled():
            report.cancelled = True
            break
        parsed = _parse_source(library, source, boilerplate, seen_hashes, report)
        if parsed is not None:
            pending.append(parsed)
        if len(pending) >= batch_files:
            _store_batch(library, pending, paths, report)
            pending = []
        progress(done + 1, total, source.path)
    if pending:
        _store_batch(library, pending, paths, report)
    return report


def _parse_source(library: Library, source: Source, boilerplate: Boilerplate, seen_hashes: set[str],
                  report: ImportReport) -> _ParsedFile | None:
    try:
        data = read_source(source)
    except SourceReadError as error:
        report.errors.append(ImportProblem(source.path, str(error)))
        return None
    sha256 = hashlib.sha256(data).hexdigest()
    if sha256 in seen_hashes or library.has_file_hash(sha256):
        report.skipped.append(source.path)
        return None
    seen_hashes.add(sha256)
    importer = importer_for(source.path)
    assert importer is not None, "collect_sources sets aside the files no importer reads"
    importer_name, parse = importer
    try:
        result = parse(source.path, data, boilerplate)
    except UnreadableFile as error:
        report.errors.append(ImportProblem(source.path, str(error)))
        return None
    except Exception as error:  # a parser bug must cost one file, never the import
        report.errors.append(ImportProblem(source.path, f"could not be read ({type(error).__name__}: {error})"))
        return None
    report.errors.extend(ImportProblem(source.path, e.reason, e.record) for e in result.errors)
    if not result.drafts:
        if not result.errors:
            report.errors.append(ImportProblem(source.path, "no articles found"))
        return None
    if is_doubtful(result.encoding):
        report.doubtful.append(ImportProblem(source.path, f"read as {result.encoding}"))
    return _ParsedFile(source, sha256, importer_name, result.encoding, result.drafts)


def _store_batch(library: Library, batch: list[_ParsedFile], paths: list, report: ImportReport) -> None:
    now = utc_now()
    article_ids: list[int] = []
    file_ids: list[int] = []
    stored = 0
    with library.atomic() as db:
        for parsed in batch:
            # Asked again under the write lock: another import may have stored these bytes since they were read.
            if library.has_file_hash(parsed.sha256):
                report.skipped.append(parsed.source.path)
                continue
            stored += 1
            for draft in parsed.drafts:
                article_id = inserted_id(db.execute(
                    "INSERT INTO articles (title, body, published, outlet, url, language, dateline, byline, "
                    "metadata, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        draft.title, draft.body, draft.published, draft.outlet, draft.url, draft.language,
                        draft.dateline, draft.byline, json.dumps(draft.metadata, ensure_ascii=False, default=str),
                        ArticleStatus.ACTIVE, now, now,
                    ],
                ))
                file_ids.append(inserted_id(
                    db.execute(
                        "INSERT INTO files (path, record, sha256, size, importer, encoding, raw_text, imported_at, "
                        "article_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [
                            parsed.source.path, draft.record, parsed.sha256, parsed.source.size, parsed.importer,
                            parsed.encoding, draft.raw_text, now, article_id,
                        ],
                    )
                ))
                article_ids.append(article_id)
        if stored:
            library.journal(
                Operation.IMPORT,
                f"Imported {len(article_ids)} articles from {stored} files",
                args={"paths": [str(p) for p in paths]},
                after={"article_ids": article_ids, "file_ids": file_ids},
            )
    report.article_ids.extend(article_ids)
    report.files_imported += stored
