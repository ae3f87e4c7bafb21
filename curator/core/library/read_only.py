"""Libraries Curator cannot write: on read-only storage (a published share, a snapshot, a DVD), or in a
file or folder this user may not write. Such a library opens read-only, to be browsed, searched, compared
and exported, and every change is refused before it begins (:class:`ReadOnlyLibrary`).

How SQLite is asked to read it, and why that is safe:

- A library in WAL mode is read through its ``-shm`` index, which SQLite makes beside the file when it is
  missing. On storage nobody can write, it cannot be made, and the file is opened with ``immutable=1``:
  SQLite then makes nothing beside it and takes no locks, assuming that nothing changes the file while it
  is open, which is true of a read-only file system (the check is the mount's own flag, ``ST_RDONLY``).
- ``immutable=1`` reads the file alone, never its ``-wal``: a log holding work never moved into the file
  (a Curator stopped while it had the library open) would be silently left out. So with such a log the
  file is opened ``mode=ro`` without it, which SQLite reads through the log (and its ``-shm``, both
  found beside it); where SQLite cannot (no ``-shm``), the library is refused with the way out: a copy,
  log included, in a folder one can write in.
- A library only this user may not write (the file or its folder lacks the permission, the storage does
  not) may be changed by someone who can while it is read: ``immutable=1`` would give wrong answers then.
  It is opened ``mode=ro``, where SQLite keeps to its locks and reads what others commit; in a folder this
  user cannot write, that needs the ``-shm`` the writer keeps beside it, and without one the library is
  refused as before (open a copy).

A library that an older Curator wrote, and that must be upgraded before this one can read it, is refused
(the upgrade is a write). A library never checked as intact is read as every library is read: the quick
check comes before a first write, which a read-only library never makes, and SQLite refuses a damaged page
it reads as damaged.

>>> ReadOnlyReason.STORAGE.refusal(Path("/media/dvd/news.db"))
'This library is on read-only storage (/media/dvd/news.db): copy it to a folder you can write in to change it'
"""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path

from curator.core.errors import Refusal


class ReadOnlyLibrary(Refusal):
    """A change asked of a library opened read-only: refused before anything was written."""


class ReadOnlyReason(Enum):
    """Why a library is open read-only."""

    STORAGE = "its file system is mounted read-only"
    PERMISSION = "this user may not write the file or its folder"
    ASKED = "it was asked to be opened read-only"

    def refusal(self, path: Path) -> str:
        """The one line a change to the library at ``path`` is refused with: what to do."""
        if self is ReadOnlyReason.STORAGE:
            return f"This library is on read-only storage ({path}): copy it to a folder you can write in to change it"
        if self is ReadOnlyReason.PERMISSION:
            return (f"You may not write to this library ({path}), so Curator opened it read-only: copy it to a "
                    "folder you can write in to change it")
        return f"This library is open read-only ({path}): open it again without read-only to change it"


def why_read_only(path: Path) -> ReadOnlyReason | None:
    """Why the existing library at ``path`` cannot be written here, or None when it can."""
    folder = path.parent
    if storage_is_read_only(folder):
        return ReadOnlyReason.STORAGE
    if not os.access(folder, os.W_OK) or not os.access(path, os.W_OK):
        return ReadOnlyReason.PERMISSION
    return None


def storage_is_read_only(folder: Path) -> bool:
    """Whether the file system holding ``folder`` is mounted read-only, so that nobody can change it."""
    statvfs = getattr(os, "statvfs", None)  # not on Windows, where a read-only share shows as no permission
    if statvfs is None:
        return False
    try:
        return bool(statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def log_has_work(path: Path) -> bool:
    """Whether a write-ahead log beside ``path`` holds work not yet moved into the file: a log is empty or
    gone once the last connection to the library has closed."""
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except OSError:
        return False


def read_only_uri(path: Path, reason: ReadOnlyReason) -> str:
    """The URI SQLite opens the library at ``path`` read-only with (see the module's notes)."""
    immutable = reason is ReadOnlyReason.STORAGE and not log_has_work(path)
    return f"{path.absolute().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")
