"""Which library files passed SQLite's quick check, and in what state they were left since.

The check reads every page before a command's first write: 1.5 s for a 100k-article library whose
pages are in memory, half a minute from a cold disk, for an import of ten files. So once a check has
passed, and again when Curator closes a library it had checked and nothing but its own writes changed
since, the file's state is noted in the user's cache folder: its device, inode, size and modification
time, and those of its write-ahead log. A later command that finds the file in the noted state skips the check. Anything else that touches the
file changes one of them and brings the full check back: another program writing to it, a copy or a
restore, a Curator killed in the middle of a write (its log grew after the note). A note older than
``TRUSTED_FOR`` is not trusted either, so damage a disk does by itself is looked for at least that often;
SQLite also refuses any page it reads that is malformed.
"""

from __future__ import annotations

import json
import os
import time
from contextlib import suppress
from pathlib import Path

from curator.core.text.derived import cache_folder

TRUSTED_FOR = 7 * 24 * 3600.0  # seconds
# Libraries remembered: the most recently noted ones; the note of one left out is only a check more.
REMEMBERED = 64


def _notes_file() -> Path:
    return cache_folder() / "checked-libraries.json"


def file_state(path: Path) -> list | None:
    """What identifies the file and its last change, with its write-ahead log's; None if it is gone."""
    try:
        main = path.stat()
    except OSError:
        return None
    log_state: list | None = None  # no log, or an empty one (as opening the library makes): the file alone
    with suppress(OSError):
        log = Path(f"{path}-wal").stat()
        if log.st_size:
            log_state = [log.st_ino, log.st_size, log.st_mtime_ns]
    return [main.st_dev, main.st_ino, main.st_size, main.st_mtime_ns, log_state]


def _read_notes() -> dict:
    try:
        notes = json.loads(_notes_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return notes if isinstance(notes, dict) else {}


def is_noted_intact(path: Path) -> bool:
    """Whether ``path`` is in the state noted after its last check or Curator's last use of it."""
    note = _read_notes().get(str(path.resolve()))
    if not isinstance(note, dict) or time.time() - note.get("checked_at", 0) > TRUSTED_FOR:
        return False
    state = file_state(path)
    return state is not None and note.get("state") == state


def note_intact(path: Path, *, checked_now: bool) -> None:
    """Note ``path``'s present state as intact: after a check passed (``checked_now``), or after a
    Curator that had checked it, or trusted the note, closed it. Closing keeps the time of the check."""
    state = file_state(path)
    if state is None:
        return
    key = str(path.resolve())
    notes = _read_notes()
    previous = notes.pop(key, None)
    if checked_now:
        checked_at = time.time()
    elif isinstance(previous, dict) and isinstance(previous.get("checked_at"), (int, float)):
        checked_at = previous["checked_at"]
    else:
        return  # nothing says when it was last checked
    notes[key] = {"state": state, "checked_at": checked_at}
    kept = dict(list(notes.items())[-REMEMBERED:])
    target = _notes_file()
    # A note that cannot be written is only a check more next time.
    with suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(kept), encoding="utf-8")
        os.replace(temporary, target)
