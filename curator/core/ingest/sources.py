"""Turn the paths a user gave into a flat list of files to import.

Folders are walked recursively and ``.zip`` archives are read in place (never
extracted to disk), with limits that stop hostile archives: absolute or ``..``
entry names, too many entries, and zip bombs (a compression ratio no article
reaches, and budgets of expanded bytes per archive and per import, counted in
bytes actually read).

Only regular files are read: a pipe would block the import forever and a device
such as /dev/zero never ends, so those (and links to them) are reported by name
and never opened. A file is read with a hard cap at the size limit, whatever its
size on disk claims.

A symbolic link found in a folder that leads outside the folder being imported (to a
regular file or a folder elsewhere) is reported and not followed unless ``follow_links``: the
user chose a folder, not what its links reach. A link to a folder inside it is never
followed (the folder's files are found under their own path, and a link back to a
folder above it would loop); followed links never enter a folder twice.
"""

from __future__ import annotations

import io
import os
import stat
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
    # Bytes read out of one archive (the archives inside it included), and out of every archive of one import.
    max_archive_expanded_bytes: int = 1024 * MB
    max_import_expanded_bytes: int = 4096 * MB
    # Entries listed in one archive, and in every archive of one import (nested ones included).
    max_archive_entries: int = 50_000
    max_import_entries: int = 200_000
    # An entry expanding more than this, whatever its size, is treated as a bomb: news text compresses
    # about 3:1, and deflate cannot pass about 1,000:1.
    max_compression_ratio: int = 200
    max_archive_depth: int = 3


@dataclass
class Source:
    """One file to import: where it came from and how to read its bytes.

    ``file`` is the path on disk of a file outside any archive, which any process can
    read (with ``read_file``); an archive entry is read through ``read`` alone, in the
    process that spends its archive's budgets.
    """

    path: str
    size: int
    read: Callable[[], bytes]
    file: str | None = None


@dataclass
class SourceProblem:
    path: str
    reason: str


@dataclass
class CollectedSources:
    sources: list[Source] = field(default_factory=list)
    problems: list[SourceProblem] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)
    # Links in a folder that lead outside it, not followed: the link and where it leads.
    links_not_followed: list[SourceProblem] = field(default_factory=list)


def collect_sources(paths: list[str | Path], limits: ImportLimits, *, follow_links: bool = False) -> CollectedSources:
    """List every importable file under ``paths`` without reading file contents.

    A file named explicitly with an unknown extension is a problem; one found
    while walking a folder or archive is only reported as unsupported. Links that
    lead outside a folder are followed only when ``follow_links``.
    """
    collected = CollectedSources()
    archives = _Budget(limits.max_import_expanded_bytes, limits.max_import_entries, "this import's archives")
    for given in paths:
        # Absolute, so a file's provenance means the same from any folder (Open Source File, exports).
        path = Path(os.path.abspath(Path(given).expanduser()))
        if path.is_dir():
            real = os.path.realpath(path)
            _walk_folder(str(path), _Walk(real, follow_links, {real}), limits, collected, archives)
        elif path.exists() or path.is_symlink():
            _add_file(path, limits, collected, archives, explicit=True)
        else:
            collected.problems.append(SourceProblem(str(path), "no such file or folder"))
    return collected


def _is_hidden(name: str) -> bool:
    return name.startswith(".") or name == "__MACOSX"


@dataclass
class _Walk:
    """One imported folder's walk: its real path, whether links out of it are followed, the real
    paths of the folders entered so far (so no link enters one twice)."""

    top: str
    follow_links: bool
    entered: set[str]

    def leads_outside(self, real: str) -> bool:
        return not _within(real, self.top)

    def walked_already(self, real: str) -> bool:
        return any(_within(real, folder) for folder in self.entered)


def _within(real: str, folder: str) -> bool:
    return real == folder or real.startswith(folder.rstrip(os.sep) + os.sep)


def _walk_folder(folder: str, walk: _Walk, limits: ImportLimits, collected: CollectedSources,
                 archives: _Budget) -> None:
    # followlinks=False: links to folders are judged one by one in _enter_linked_folder.
    for root, dirs, files in os.walk(folder, followlinks=False, onerror=lambda e: collected.problems.append(
        SourceProblem(str(e.filename), f"cannot read folder: {e.strerror}")
    )):
        visible = sorted(d for d in dirs if not _is_hidden(d))
        linked = [os.path.join(root, d) for d in visible if os.path.islink(os.path.join(root, d))]
        dirs[:] = [d for d in visible if os.path.join(root, d) not in linked]
        for name in sorted(files):
            if not _is_hidden(name):
                # Plain strings, not Path objects: a folder of 100,000 articles pays for every call here.
                _add_file(os.path.join(root, name), limits, collected, archives, explicit=False, walk=walk)
        for path in linked:
            _enter_linked_folder(path, walk, limits, collected, archives)


def _enter_linked_folder(link: str, walk: _Walk, limits: ImportLimits, collected: CollectedSources,
                         archives: _Budget) -> None:
    real = os.path.realpath(link)
    if walk.walked_already(real):
        return  # inside the imported folder (walked under its own path) or one entered already: a loop
    if any(_within(folder, real) for folder in walk.entered):
        collected.links_not_followed.append(SourceProblem(link, f"leads to {real}, a folder holding this one (a loop)"))
        return
    if not walk.follow_links:
        collected.links_not_followed.append(SourceProblem(link, f"leads outside the imported folder, to {real}"))
        return
    walk.entered.add(real)
    _walk_folder(link, walk, limits, collected, archives)


def _add_file(path: Path | str, limits: ImportLimits, collected: CollectedSources, archives: _Budget, *,
              explicit: bool, walk: _Walk | None = None) -> None:
    """List one file (``walk``: the folder walk that found it); a link is judged by what it leads to."""
    display = str(path)
    name = os.path.basename(display)
    is_archive = extension_of(name) == ".zip"
    importer = None if is_archive else importer_for(name)
    if not is_archive and importer is None and not explicit:
        collected.unsupported.append(display)  # never read, so whatever it is does not matter
        return
    try:
        found = os.lstat(path)  # one call for a file that is no link, the common case
        link = stat.S_ISLNK(found.st_mode)
        if link:
            found = os.stat(path)  # through the link, to what reading would reach
    except OSError as error:
        collected.problems.append(SourceProblem(display, f"cannot read file: {error.strerror}"))
        return
    if not stat.S_ISREG(found.st_mode):
        collected.problems.append(SourceProblem(display, not_regular_reason(found.st_mode)))
        return
    if link and walk is not None and not walk.follow_links and walk.leads_outside(real := os.path.realpath(path)):
        collected.links_not_followed.append(SourceProblem(display, f"leads outside the imported folder, to {real}"))
        return
    size = found.st_size
    if is_archive:
        if size > limits.max_file_bytes * 20:
            collected.problems.append(SourceProblem(display, f"archive is larger than {limits.max_file_bytes * 20 // MB} MB"))
            return
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as error:
            collected.problems.append(SourceProblem(display, _unreadable_archive(error)))
            return
        budget = _Budget(limits.max_archive_expanded_bytes, limits.max_archive_entries, "this archive", within=archives)
        _add_archive(archive, display, limits, collected, budget, depth=1)
        return
    if importer is None:
        collected.problems.append(SourceProblem(display, f"unsupported file type '{Path(name).suffix or name}'"))
        return
    if size > limits.max_file_bytes:
        collected.problems.append(SourceProblem(display, _too_large(size, limits)))
        return
    collected.sources.append(Source(display, size, partial(read_file, display, limits.max_file_bytes), display))


def not_regular_reason(mode: int) -> str:
    """Why a file that is not a regular file is not read, naming what it is."""
    if stat.S_ISFIFO(mode):
        kind = "a pipe"
    elif stat.S_ISSOCK(mode):
        kind = "a socket"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "a device"
    else:
        kind = "a special file"
    return f"not a regular file ({kind}); not read"


# What a file is read by once it has said more than it held.
READ_AHEAD = 1 << 20


def read_file(path: str, max_bytes: int) -> bytes:
    """The bytes of a regular file, at most ``max_bytes``: its size on disk is not trusted (it may grow
    while read, or be a file in /proc that says 0). Opened without blocking and checked again, so a file
    replaced by a pipe since it was listed cannot hang the import."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with open(descriptor, "rb", buffering=0) as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise SourceReadError(not_regular_reason(status.st_mode))
        # First what the file says it holds and a byte more: asked for the whole limit at once, each
        # read set 50 MB aside (a third of the time of reading a 2 KB file). Then on to its end.
        parts, left, asked = [], max_bytes + 1, status.st_size + 1
        while left > 0 and (part := file.read(min(left, asked))):
            parts.append(part)
            left -= len(part)
            asked = max(asked, READ_AHEAD)
    data = b"".join(parts)
    if len(data) > max_bytes:
        raise SourceReadError(f"file is larger than the {_amount(max_bytes)} import limit")
    return data


def _too_large(size: int, limits: ImportLimits) -> str:
    return f"file is {_amount(size)}, over the {_amount(limits.max_file_bytes)} import limit"


def _amount(size: int) -> str:
    """A size in words: "50 MB", "0.7 MB", "52.3 MB"; under 0.1 MB in bytes."""
    return f"{size / MB:,.1f}".removesuffix(".0") + " MB" if size >= MB / 10 else f"{size:,} bytes"


# The general purpose flag bit of a zip entry that says it is encrypted.
_ENCRYPTED = 0x1


def _unsafe_entry_name(name: str) -> bool:
    normalized = name.replace("\\", "/")
    parts = PurePosixPath(normalized).parts
    return (
        normalized.startswith("/")
        or (len(normalized) > 1 and normalized[1] == ":")  # a Windows drive letter
        or ".." in parts
    )


def _add_archive(archive: zipfile.ZipFile, display: str, limits: ImportLimits, collected: CollectedSources,
                 budget: _Budget, depth: int) -> None:
    entries = [info for info in archive.infolist() if not info.is_dir()]
    if len(entries) > limits.max_archive_entries:
        collected.problems.append(SourceProblem(display, f"archive has {len(entries)} entries, over the limit of {limits.max_archive_entries}"))
        return
    refusal = budget.count_entries(len(entries))
    if refusal:
        collected.problems.append(SourceProblem(display, refusal))
        return
    for info in entries:
        entry_path = str(SourcePath.in_archive(display, info.filename))
        name = PurePosixPath(info.filename.replace("\\", "/")).name
        if _unsafe_entry_name(info.filename):
            collected.problems.append(SourceProblem(entry_path, "unsafe path in archive (absolute or containing '..'); not imported"))
            continue
        if any(_is_hidden(part) for part in PurePosixPath(info.filename.replace("\\", "/")).parts):
            continue
        if stat.S_ISLNK(info.external_attr >> 16):
            # Its content is the path it names ("/etc/passwd"), no article; links are never followed.
            collected.links_not_followed.append(SourceProblem(entry_path, "a link inside the archive; not followed"))
            continue
        if info.file_size > info.compress_size * limits.max_compression_ratio:
            collected.problems.append(SourceProblem(
                entry_path, f"expands {info.file_size / max(info.compress_size, 1):,.0f} times; no article expands more "
                f"than {limits.max_compression_ratio} times (possible zip bomb); not imported"))
            continue
        if extension_of(name) == ".zip":
            if depth >= limits.max_archive_depth:
                collected.problems.append(SourceProblem(entry_path, f"archives nested more than {limits.max_archive_depth} deep are not opened"))
                continue
            try:
                data = _read_entry(archive, info, limits, budget)
                inner = zipfile.ZipFile(io.BytesIO(data))
            except (zipfile.BadZipFile, SourceReadError, OSError, RuntimeError) as error:
                collected.problems.append(SourceProblem(entry_path, _unreadable_archive(error)))
                continue
            _add_archive(inner, entry_path, limits, collected, budget, depth + 1)
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


class _Budget:
    """What archives may still hold: entries, counted as they are listed, and expanded bytes, counted as
    they are actually read. One for each archive on disk (shared by the archives inside it), spending
    within one for every archive of the import."""

    def __init__(self, max_bytes: int, max_entries: int, what: str, within: _Budget | None = None):
        self.max_bytes, self.max_entries, self.what, self.within = max_bytes, max_entries, what, within
        self.spent = 0
        self.entries = 0

    def _chain(self) -> list[_Budget]:
        return [self] + (self.within._chain() if self.within else [])

    def count_entries(self, count: int) -> str | None:
        """Count an archive's entries; why it is not opened if that passes a limit (nothing is counted then)."""
        for budget in self._chain():
            if budget.entries + count > budget.max_entries:
                return f"with this one, {budget.what} would hold more than {budget.max_entries:,} entries; not opened"
        for budget in self._chain():
            budget.entries += count
        return None

    def spend(self, amount: int) -> None:
        """Count bytes read out of an archive; raise once a budget is passed (the entry being read is refused)."""
        chain = self._chain()
        for budget in chain:
            budget.spent += amount
        for budget in chain:
            if budget.spent > budget.max_bytes:
                raise SourceReadError(f"{budget.what} expanded beyond the {_amount(budget.max_bytes)} size limit "
                                      "(possible zip bomb); not imported")


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: ImportLimits, budget: _Budget) -> bytes:
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
    except RuntimeError as error:
        if info.flag_bits & _ENCRYPTED:  # zipfile's own message shows the entry's whole record
            raise SourceReadError("the archive entry is encrypted (a password is needed); not imported") from error
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


def _unreadable_archive(error: Exception) -> str:
    """Why an archive could not be opened, in a reader's words rather than the zip module's."""
    if isinstance(error, zipfile.BadZipFile):
        return "not a readable zip archive: damaged, or not a zip file"
    return f"not a readable zip archive: {error}"
