"""What a busy, full, read-only or damaged library means, in one sentence the user can act on.

SQLite reports these conditions as ``sqlite3.Error`` and the file system as ``OSError``; the app
and the command line show the sentence instead of a traceback.

>>> describe_failure(sqlite3.OperationalError("database is locked"), Path("news.db"))
'news.db is busy (another Curator is writing to it); try again in a moment'
>>> describe_failure(sqlite3.OperationalError("no such table: nowhere"), None) is None
True
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

# SQLite's primary result codes: the low byte of the extended code an exception carries.
BUSY, LOCKED, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, NOTADB = 5, 6, 8, 10, 11, 13, 14, 26

# The messages SQLite gives each condition, for exceptions that carry no code (Python before
# 3.11, or raised by Curator itself).
_MESSAGES = {
    "database is locked": BUSY,
    "database table is locked": LOCKED,
    "attempt to write a readonly database": READONLY,
    "disk I/O error": IOERR,
    "database disk image is malformed": CORRUPT,
    "database or disk is full": FULL,
    "unable to open database file": CANTOPEN,
    "file is not a database": NOTADB,
}

_DISK_FULL = {errno.ENOSPC, errno.EDQUOT}
# Below this much free space, an I/O error is taken for a full disk: SQLite words a write that
# found no room (of the journal's shared memory, say) as "disk I/O error".
_NEARLY_FULL_BYTES = 1 << 20
_NOT_WRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM}


def sqlite_condition(error: sqlite3.Error) -> int | None:
    """The primary result code behind ``error``, or None when it is not SQLite's own."""
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    message = str(error)
    return next((condition for text, condition in _MESSAGES.items() if message.startswith(text)), None)


def describe_failure(error: BaseException, path: Path | None) -> str | None:
    """One line for a known condition of the library at ``path`` (or of a file ``error`` names);
    None for anything else, which is a fault to report in full."""
    name = str(path) if path is not None else "The library"
    if isinstance(error, sqlite3.Error):
        condition = sqlite_condition(error)
        if condition in (BUSY, LOCKED):
            return f"{name} is busy (another Curator is writing to it); try again in a moment"
        if condition == FULL or (condition in (CANTOPEN, IOERR) and _nearly_full(path)):
            # "the change under way": an import or a scan in several transactions keeps those done before it.
            return (f"The disk holding {name} is full, so the change under way was not saved (what was saved "
                    "before it stays); free some space and try again")
        if condition == READONLY:
            return f"{name} is read-only here; Curator can show it but not change it"
        if condition in (CORRUPT, NOTADB):
            return damaged(path, str(error))
        if condition in (CANTOPEN, IOERR):
            return f"Could not read or write {name} ({error})"
        return None
    if isinstance(error, OSError):
        where = f" ({error.filename})" if error.filename else ""
        if error.errno in _DISK_FULL:
            return f"The disk is full{where}; free some space and try again"
        if error.errno in _NOT_WRITABLE:
            return f"Permission denied or read-only{where}"
        return f"{error.strerror or error}{where}"
    return None


def _nearly_full(path: Path | None) -> bool:
    try:
        return path is not None and shutil.disk_usage(path.parent).free < _NEARLY_FULL_BYTES
    except OSError:
        return False


def damaged(path: Path | None, detail: str) -> str:
    """The library's file is corrupt: nothing more is written, and the way back is a backup."""
    name = str(path) if path is not None else "The library"
    detail = " ".join(detail.replace("*** in database main ***", "").split())  # quick_check's report, on one line
    rescue = f"; or save what is readable with: sqlite3 {path} .recover | sqlite3 recovered.db" if path else ""
    return (f"{name} is damaged ({detail}), so Curator will not write to it. "
            f"Restore your latest backup (File > Back Up Library makes them){rescue}")


def cannot_open(location: Path | None, error: sqlite3.Error) -> str:
    """Why the file at ``location`` (None: in memory) could not be opened as a library."""
    if location is None:
        return describe_failure(error, location) or f"The library could not be set up: {error}"
    folder = location.parent
    if not folder.exists():
        return f"The folder {folder} does not exist"
    if not folder.is_dir():
        return f"{folder} is not a folder"
    condition = sqlite_condition(error)
    if condition in (CANTOPEN, READONLY, IOERR):
        if location.is_dir():
            return f"{location} is a folder, not a library file"
        if not os.access(folder, os.W_OK):
            return (f"Curator cannot write in the folder {folder}, where it keeps {location.name}-wal and "
                    f"{location.name}-shm beside the library; open a copy from a folder you can write in")
        if location.exists() and not os.access(location, os.R_OK):
            return f"{location} cannot be read (permission denied)"
    if condition == READONLY:  # readable, but its schema needs an upgrade this user cannot write
        return (f"{location} is read-only, and this Curator must first upgrade it to its own format; "
                "make the file writable once, or open a writable copy")
    if condition == NOTADB:
        return f"{location} is not a Curator library: it is not a database file"
    if condition is None:
        return f"{location} is not a Curator library: {error}"
    return describe_failure(error, location) or f"{location} is not a Curator library: {error}"


def unfinished_log(location: Path) -> str:
    """The library at ``location``, which Curator cannot write, has work in its log SQLite cannot read here."""
    return (f"{location} has changes in {location.name}-wal that were never written into it, and Curator cannot "
            "write here to finish that; copy the library together with that file to a folder you can write in, "
            "and open the copy")


def upgrade_needs_writing(location: Path) -> str:
    """The library at ``location``, which Curator cannot write, was made by an older Curator."""
    return (f"{location} was made by an earlier Curator and must be brought up to this version's format, which "
            "is a change, and Curator cannot write to it here; copy it to a folder you can write in, and open "
            "the copy")
