"""A consistent copy of the library, made while it is in use (SQLite's online backup).

The copy is written next to its destination under a temporary name and renamed
into place once complete, so a failed or cancelled backup never leaves a partial
file or damages an earlier backup of the same name. The copy is a single
self-contained file (rollback journal, not WAL), ready to open or archive.

>>> import tempfile
>>> library = Library.open(":memory:")
>>> with tempfile.TemporaryDirectory() as folder:
...     backup_library(library, Path(folder) / "news-2026-11-23.db").name
'news-2026-11-23.db'
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from curator.core.errors import Cancelled, CuratorError
from curator.core.library.store import Library
from curator.core.progress import (
    CancelCheck,
    ProgressCallback,
    never_cancelled,
    no_progress,
)

# Pages copied per step: about 16 MB, so progress moves and Cancel is heard.
PAGES_PER_STEP = 4096


class BackupError(CuratorError):
    """The backup could not be made; the message says why.

    A failure rather than a refusal: most causes (a full disk, a copy that fails SQLite's
    integrity check) are found while copying, and they are reported as errors.
    """


def backup_library(library: Library, destination: Path, *, progress: ProgressCallback = no_progress,
                   cancelled: CancelCheck = never_cancelled) -> Path:
    """Copy the whole library to ``destination`` (replaced if it exists); return its path.

    A cancel raises :class:`Cancelled`, and nothing is written.
    """
    destination = Path(destination).expanduser().absolute()
    if library.path is not None and destination.exists() and destination.samefile(library.path):
        raise BackupError("Choose another file: a backup cannot replace the library it copies")
    if not destination.parent.is_dir():
        raise BackupError(f"The folder {destination.parent} does not exist")
    temporary = destination.with_name(f".{destination.name}.{os.getpid()}.partial")

    def step(_status: int, remaining: int, total: int) -> None:
        if cancelled():
            raise Cancelled("Backup cancelled; nothing was written")
        progress(total - remaining, total, "Copying the library")

    try:
        target = sqlite3.connect(temporary)
        try:
            library.db.conn.backup(target, pages=PAGES_PER_STEP, progress=step)
            target.execute("PRAGMA journal_mode = DELETE")
            if target.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError("The copy did not pass SQLite's integrity check; the library was not changed")
        finally:
            target.close()
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, destination)
    except sqlite3.Error as error:
        raise BackupError(f"The backup failed: {error}") from error
    except OSError as error:
        raise BackupError(f"The backup could not be written: {error.strerror or error}") from error
    finally:
        for leftover in (temporary, temporary.with_name(temporary.name + "-journal")):
            leftover.unlink(missing_ok=True)
    return destination


def suggested_backup_name(library: Library, today: str) -> str:
    """A file name for today's backup: "news-backup-2026-11-23.db"."""
    return f"{library.name}-backup-{today}.db"
