"""Libraries Curator cannot write, for tests, whoever runs them (permissions do not stop root):

- ``mount_read_only``: read-only storage. The folder's file system is reported as mounted read-only
  (``ST_RDONLY``), as ``os.statvfs`` reports a DVD, a snapshot or a share mounted so, and SQLite cannot open
  a library in it for writing, as it cannot there. A library in it opens through SQLite's own read-only path
  (``mode=ro``), which refuses every write.
- ``run_unprivileged``: a child process run as a user who may not write what the test made.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def mount_read_only(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Have ``os.statvfs`` report ``folder``'s file system as mounted read-only, and SQLite refuse to open a
    file in it for writing (as it does there: it cannot make the log's index beside it), for the rest of
    the test."""
    real_statvfs, real_connect = os.statvfs, sqlite3.connect
    folder = folder.resolve()

    def connect(database, *args, uri: bool = False, **kwargs):
        name = str(database)
        read_only = uri and "mode=ro" in name.partition("?")[2]
        path = Path(name.removeprefix("file:").partition("?")[0]) if uri else Path(name)
        if not read_only and name != ":memory:" and path.resolve().parent == folder:
            raise sqlite3.OperationalError("unable to open database file")
        return real_connect(database, *args, uri=uri, **kwargs)

    def statvfs(path):
        found = real_statvfs(path)
        if Path(path).resolve() != folder:
            return found
        fields = list(found)
        fields[8] = found.f_flag | os.ST_RDONLY  # f_flag, the mount's flags
        return os.statvfs_result(fields)

    monkeypatch.setattr(os, "statvfs", statvfs)
    monkeypatch.setattr(sqlite3, "connect", connect)


def files_in(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` with its bytes: what a read-only library must leave exactly as it was."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def unprivileged() -> list[str]:
    """How to run a child as a user who cannot write what this one made (root may write anything)."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


@pytest.fixture
def shared_folder():
    """A folder an unprivileged child can reach (pytest's own are private to this user), removed after."""
    folder = Path(tempfile.mkdtemp(prefix="curator-read-only-"))
    folder.chmod(0o777)
    if unprivileged() and (not shutil.which("setpriv") or subprocess.run(
            [*unprivileged(), sys.executable, "-c", "import curator"], cwd=REPO, check=False).returncode != 0):
        pytest.skip("an unprivileged user cannot run this checkout")
    yield folder
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_dir():
            path.chmod(0o700)
    for path in sorted(folder.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    folder.chmod(0o700)
    folder.rmdir()


def run_unprivileged(*argv: str) -> subprocess.CompletedProcess:
    """Run ``python argv...`` from the checkout as a user who may not write what this process made."""
    return subprocess.run([*unprivileged(), sys.executable, *argv], cwd=REPO, capture_output=True, text=True,
                          check=False)
