"""Turn the paths a user gave into a flat list of files to import.

Folders are walked recursively and ``.zip`` archives are read in place (never
extracted to disk), with limits that stop hostile archives: absolute or ``..``
entry names, too many entries, and zip bombs (expanded size and ratio limits).
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Callable

from curator.core.errors import CuratorError
from curator.core.ingest.base import extension_of, importer_for
from curator.core.ingest.paths import SourcePath
from curator.core.library.settings import MAX_FILE_MB

MB = 1024 * 1024


@dataclass(frozen=True)
class ImportLimits:
    max_file_bytes: int = MAX_FILE_MB * MB
    max_archive_expanded_bytes: int = 1024 * MB
    max_archive_entries: int = 50_000
    max_compression_ratio: int = 200  # beyond this (on entries over 1 MB) an entry is treated as a bomb
    max_archive_depth: int = 3


@dataclass
class Source:
    """One file to import: where it came from and how to read its bytes."""

    path: str
    size: int
    read: Callable[[], bytes]


@dataclass
class SourceProblem:
    path: str
    reason: str


@dataclass
class CollectedSources:
    sources: list[Source] = field(default_factory=list)
    problems: list[SourceProblem] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)


def collect_sources(paths: list[str | Path], limits: ImportLimits) -> CollectedSources:
    """List every importable file under ``paths`` without reading file contents.

    A file named explicitly with an unknown extension is a problem; one found
    while walking a folder or archive is only reported as unsupported.
    """
    collected = CollectedSources()
    for given in paths:
        path = Path(given).expanduser()
        if path.is_dir():
            _walk_folder(path, limits, collected)
        elif path.is_file():
            _add_file(path, limits, collected, explicit=True)
        elif path.exists():
            collected.problems.append(SourceProblem(str(path), "not a regular file"))
        else:
            collected.problems.append(SourceProblem(str(path), "no such file or folder"))
    return collected


def _is_hidden(name: str) -> bool:
    return name.startswith(".") or name == "__MACOSX"


def _walk_folder(folder: Path, limits: ImportLimits, collected: CollectedSources) -> None:
    # followlinks=False: a symlink loop must not make an import run forever.
    for root, dirs, files in os.walk(folder, followlinks=False, onerror=lambda e: collected.problems.append(
        SourceProblem(str(e.filename), f"cannot read folder: {e.strerror}")
    )):
        dirs[:] = sorted(d for d in dirs if not _is_hidden(d))
        for name in sorted(files):
            if not _is_hidden(name):
                _add_file(Path(root) / name, limits, collected, explicit=False)


def _add_file(path: Path, limits: ImportLimits, collected: CollectedSources, *, explicit: bool) -> None:
    display = str(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        collected.problems.append(SourceProblem(display, f"cannot read file: {error.strerror}"))
        return
    if extension_of(path.name) == ".zip":
        if size > limits.max_file_bytes * 20:
            collected.problems.append(SourceProblem(display, f"archive is larger than {limits.max_file_bytes * 20 // MB} MB"))
            return
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as error:
            collected.problems.append(SourceProblem(display, f"not a readable zip archive: {error}"))
            return
        _add_archive(archive, display, limits, collected, depth=1)
        return
    if importer_for(path.name) is None:
        if explicit:
            collected.problems.append(SourceProblem(display, f"unsupported file type '{path.suffix or path.name}'"))
        else:
            collected.unsupported.append(display)
        return
    if size > limits.max_file_bytes:
        collected.problems.append(SourceProblem(display, _too_large(size, limits)))
        return
    collected.sources.append(Source(display, size, path.read_bytes))


def _too_large(size: int, limits: ImportLimits) -> str:
    return f"file is {size / MB:.1f} MB, over the {limits.max_file_bytes / MB:g} MB import limit"


def _unsafe_entry_name(name: str) -> bool:
    normalized = name.replace("\\", "/")
    parts = PurePosixPath(normalized).parts
    return (
        normalized.startswith("/")
        or (len(normalized) > 1 and normalized[1] == ":")  # a Windows drive letter
        or ".." in parts
    )


def _add_archive(archive: zipfile.ZipFile, display: str, limits: ImportLimits, collected: CollectedSources, depth: int) -> None:
    entries = [info for info in archive.infolist() if not info.is_dir()]
    if len(entries) > limits.max_archive_entries:
        collected.problems.append(SourceProblem(display, f"archive has {len(entries)} entries, over the limit of {limits.max_archive_entries}"))
        return
    budget = _ExpandedBudget(limits.max_archive_expanded_bytes)
    for info in entries:
        entry_path = str(SourcePath.in_archive(display, info.filename))
        name = PurePosixPath(info.filename.replace("\\", "/")).name
        if _unsafe_entry_name(info.filename):
            collected.problems.append(SourceProblem(entry_path, "unsafe path in archive (absolute or containing '..'); not imported"))
            continue
        if any(_is_hidden(part) for part in PurePosixPath(info.filename.replace("\\", "/")).parts):
            continue
        if info.file_size > 1 * MB and info.file_size > info.compress_size * limits.max_compression_ratio:
            collected.problems.append(SourceProblem(entry_path, "suspicious compression ratio (possible zip bomb); not imported"))
            continue
        if extension_of(name) == ".zip":
            if depth >= limits.max_archive_depth:
                collected.problems.append(SourceProblem(entry_path, f"archives nested more than {limits.max_archive_depth} deep are not opened"))
                continue
            try:
                data = _read_entry(archive, info, limits, budget)
                inner = zipfile.ZipFile(io.BytesIO(data))
            except (zipfile.BadZipFile, SourceReadError, OSError, RuntimeError) as error:
                collected.problems.append(SourceProblem(entry_path, f"not a readable zip archive: {error}"))
                continue
            _add_archive(inner, entry_path, limits, collected, depth + 1)
            continue
        if importer_for(name) is None:
            collected.unsupported.append(entry_path)
            continue
        if info.file_size > limits.max_file_bytes:
            collected.problems.append(SourceProblem(entry_path, _too_large(info.file_size, limits)))
            continue
        collected.sources.append(
            Source(entry_path, info.file_size, partial(_read_entry, archive, info, limits, budget))
        )


class _ExpandedBudget:
    """The bytes an archive may still expand to; shared by all of its entries."""

    def __init__(self, remaining: int):
        self.remaining = remaining

    def spend(self, amount: int) -> None:
        self.remaining -= amount
        if self.remaining < 0:
            raise SourceReadError("archive expands beyond the size limit (possible zip bomb)")


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: ImportLimits, budget: _ExpandedBudget) -> bytes:
    """Read one entry, never trusting its declared size: stop as soon as a limit is passed."""
    chunks, total = [], 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(256 * 1024):
                total += len(chunk)
                budget.spend(len(chunk))
                if total > limits.max_file_bytes:
                    raise SourceReadError(_too_large(total, limits))
                chunks.append(chunk)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as error:
        raise SourceReadError(f"damaged archive entry: {error}") from error
    except RuntimeError as error:  # encrypted entries
        raise SourceReadError(f"cannot read archive entry: {error}") from error
    return b"".join(chunks)


def read_source(source: Source) -> bytes:
    """The bytes of a source; raises ``SourceReadError`` with a user-facing reason."""
    try:
        return source.read()
    except OSError as error:
        raise SourceReadError(f"cannot read file: {error.strerror or error}") from error


class SourceReadError(CuratorError):
    """A file or archive entry that cannot be read (or is too large once read); the message says why.

    A failure of one input, not a refusal: the import reports it and goes on with the rest.
    """
