"""The library: one SQLite file holding articles, their source files and the journal.

>>> library = Library.open(":memory:")
>>> library.count_articles()
0
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import zlib
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import platformdirs
from sqlite_utils import Database

from curator import __version__
from curator.core.errors import CuratorError
from curator.core.library.failures import (
    CANTOPEN,
    cannot_open,
    damaged,
    describe_failure,
    sqlite_condition,
    unfinished_log,
    upgrade_needs_writing,
)
from curator.core.library.intact_notes import file_state, is_noted_intact, note_intact
from curator.core.library.originals import raw_text_of
from curator.core.library.queries import ArticleQuery, query_order, query_source, query_where
from curator.core.library.read_only import (
    ReadOnlyLibrary,
    ReadOnlyReason,
    log_has_work,
    read_only_uri,
    why_read_only,
)
from curator.core.library.schema import (
    make_list_indexes,
    migrations,
    missing_list_indexes,
    unknown_migrations,
)
from curator.core.library.sql import chunks, inserted_id, placeholders
from curator.core.library.states import ArticleStatus, Operation

APP_NAME = "Curator"
DB_ENV_VAR = "CURATOR_DB"

# How long a writer waits for another to finish before it gives up: long enough for any one
# batch of an import or a scan, so the command line and the app take turns instead of failing.
PAGE_CACHE_KIB = 16 * 1024
# History rows read for each entry a list of runs shows (``Library.history_runs``): a run of more
# rows than this counts only those.
RUN_ROWS_READ = 20
BUSY_TIMEOUT_SECONDS = 30.0

# Columns shown in lists; bodies are fetched one article at a time.
# ``sources``: the article itself plus every article merged into it, directly or through earlier merges.
SUMMARY_COLUMNS = (
    "articles.id, articles.title, articles.published, articles.outlet, articles.dateline, "
    "articles.url, articles.status, length(articles.body) AS body_length, "
    "(WITH RECURSIVE members(id) AS (SELECT articles.id UNION ALL "
    "SELECT merged.id FROM articles merged JOIN members ON merged.merged_into = members.id) "
    "SELECT count(*) FROM members) AS sources"
)


def default_library_path() -> Path:
    """Where the library lives unless ``--db`` or ``CURATOR_DB`` say otherwise.

    The user data folder is made if it is missing; a folder the user named must exist.
    """
    override = os.environ.get(DB_ENV_VAR)
    if override:
        return Path(override).expanduser()
    folder = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "library.db"


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Changes:
    """What an operation changed, so views refresh only that."""

    history_id: int | None
    articles: tuple[int, ...] = ()
    pairs: tuple[tuple[int, int], ...] = ()
    entities: tuple[int, ...] = ()
    mentions: tuple[int, ...] = ()
    stories: tuple[int, ...] = ()


class LibraryError(CuratorError):
    """The library file cannot be opened or used; the message says why.

    A failure, not a refusal: the file is damaged or not a library, which the user learns as an error.
    """


class _WriteLockingDatabase(Database):
    """sqlite-utils' Database whose every transaction takes the write lock as it begins.

    A deferred ``BEGIN`` that reads before it writes (as the full-text triggers do) cannot wait
    for another writer: SQLite refuses to upgrade it at once with "database is locked", whatever
    the busy timeout. ``BEGIN IMMEDIATE`` waits for the lock instead. The connection's own
    implicit transactions (a write outside :meth:`atomic`) begin the same way.
    """

    def __init__(self, conn: sqlite3.Connection):
        conn.isolation_level = "IMMEDIATE"
        super().__init__(conn)

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        if self.conn.in_transaction:  # nested: a savepoint inside the transaction that holds the lock
            with super().atomic() as db:
                yield db
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise


class Library:
    """An open library file. Writes go through :meth:`atomic`; each operation journals itself."""

    def __init__(self, db: Database, path: Path | None, read_only: ReadOnlyReason | None = None):
        self.db = db
        self.path = path
        self._read_only = read_only  # why it is open read-only; None when it can be written
        self._checked = False  # whether the file passed SQLite's quick check, which the first write waits for
        # The file's state (``intact_notes.file_state``) when it was checked or last written here: a close
        # notes the file as intact only if nothing else has changed it since.
        self._known_state: list | None = None
        self._check_running: Future[list] | None = None  # a check begun by :meth:`check_ahead`

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool | None = None) -> "Library":
        """Open (creating if needed) the library at ``path`` and bring its schema up to date.

        A library Curator cannot write (read-only storage, or a file or folder this user may not write)
        opens read-only instead, as ``read_only=True`` asks of any (see ``core.library.read_only``):
        :attr:`read_only` says so, and every change is refused before it begins. ``read_only=False``
        opens for writing or fails.
        """
        if str(path) == ":memory:":
            db = _WriteLockingDatabase(sqlite3.connect(":memory:", check_same_thread=False))
            location = None
            reason = None
        else:
            location = Path(path).expanduser()
            reason = None if read_only is False or not location.is_file() else why_read_only(location)
            if reason is None and read_only:
                reason = ReadOnlyReason.ASKED
            db = cls._connect(location, reason)
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        # 16 MB of pages (SQLite's default is 2 MB): a scan stores its pairs into four indexes in no
        # order of theirs, and with the default most pages are read again for each few rows
        # (234k same-story pairs into a 100k library: 4.6 s, 3.0 s with this).
        db.execute(f"PRAGMA cache_size=-{PAGE_CACHE_KIB}")
        library = cls(db, location, reason)
        try:
            if migrations.pending(db):
                if reason is not None and location is not None:
                    raise LibraryError(upgrade_needs_writing(location))
                library._check_intact()
                # Under the write lock, so a second Curator opening the same old library waits
                # and then finds nothing left to do.
                with db.atomic():
                    migrations.apply(db)
            # A large import into the empty library killed before making them, or one still running (which
            # then keeps them up for its remaining batches). Read-only, the lists are only slower without them.
            if reason is None and missing_list_indexes(db):
                library._check_intact()
                with db.atomic():
                    make_list_indexes(db)
        except sqlite3.DatabaseError as error:
            db.close()
            raise LibraryError(cannot_open(location, error)) from error
        except LibraryError:
            db.close()
            raise
        return library

    @staticmethod
    def _connect(location: Path, reason: ReadOnlyReason | None) -> _WriteLockingDatabase:
        """A connection to the library file at ``location``: read-only for a ``reason``, else for writing
        (in WAL mode); refused when it was written by a newer Curator."""
        try:
            if reason is None:
                connection = sqlite3.connect(str(location), timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)
            else:
                connection = sqlite3.connect(read_only_uri(location, reason), uri=True,
                                             timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)
            db = _WriteLockingDatabase(connection)
            newer = unknown_migrations(db)  # before the first write, which setting WAL can be
            if not newer and reason is None:
                db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as error:
            if reason is not None and sqlite_condition(error) == CANTOPEN and log_has_work(location):
                raise LibraryError(unfinished_log(location)) from error
            raise LibraryError(cannot_open(location, error)) from error
        if newer:
            db.close()
            raise LibraryError(
                f"This library ({location}) was written by a newer version of Curator than this one "
                f"({__version__}): it has changes this version does not know ({', '.join(newer)}). "
                "It was left as it is; open it with the newer Curator.")
        return db

    @property
    def read_only(self) -> bool:
        """Whether the library is open read-only: every change to it is refused (:meth:`refuse_changes`)."""
        return self._read_only is not None

    def refuse_changes(self) -> None:
        """Refuse, with what to do instead, a change of a library open read-only (:class:`ReadOnlyLibrary`);
        nothing for one open for writing. Every write calls it first (:meth:`atomic`, :meth:`check_ahead`)."""
        if self._read_only is not None:
            raise ReadOnlyLibrary(self._read_only.refusal(self.path or Path(self.name)))

    @property
    def name(self) -> str:
        return self.path.stem if self.path else "in-memory library"

    def close(self) -> None:
        unchanged_since = self._checked and self.path is not None and file_state(self.path) == self._known_state
        self.db.close()
        if unchanged_since and self.path is not None:
            # After the close, which moves the log into the file when it is the last connection.
            note_intact(self.path, checked_now=False)

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """One transaction: everything inside commits together or not at all.

        It waits for any other writer (up to the busy timeout), and the first one refuses to
        write into a damaged file. A busy, full, read-only or damaged library is a
        :class:`LibraryError` that says so; one open read-only is refused before it begins.
        """
        self.refuse_changes()
        if self.db.conn.in_transaction:
            with self.db.atomic() as db:
                yield db
            return
        try:
            if not self._checked:
                self._check_intact()
            with self.db.atomic() as db:
                yield db
            if self._known_state is not None and self.path is not None:
                self._known_state = file_state(self.path)
        except sqlite3.Error as error:
            failure = describe_failure(error, self.path)
            if failure is None:
                raise
            raise LibraryError(failure) from error

    def ensure_intact(self) -> None:
        """SQLite's quick check, once a connection, as before its first write; a damaged file is a
        :class:`LibraryError`. A library open read-only is never written: refused (:meth:`refuse_changes`)."""
        self.refuse_changes()
        if not self._checked:
            self._check_intact()

    def trust_intact(self) -> None:
        """Write without the quick check: for a second connection to a file another connection of this
        app has just checked (``ensure_intact``), such as a check run in a process of its own."""
        self.refuse_changes()
        self._checked = True
        self._known_state = file_state(self.path) if self.path is not None else None

    def check_ahead(self) -> None:
        """Begin the quick check on a connection of its own, for the first write to wait for: an
        operation that reads for a while before it writes (a scan, an import) then has the check done
        beside its reading, on another core (SQLite lets go of the interpreter while it reads). A
        100k-article library takes 1.2-1.8 s to check. A library open read-only is refused here, before
        the operation reads anything."""
        self.refuse_changes()
        if self._checked or self._check_running is not None or self.path is None:
            return
        if is_noted_intact(self.path):
            self._checked = True
            self._known_state = file_state(self.path)
            return
        path = self.path

        def check() -> list:
            connection = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS)
            try:
                return [row[0] for row in connection.execute("PRAGMA quick_check(1)").fetchall()]
            finally:
                connection.close()

        running: Future[list] = Future()

        def run() -> None:
            try:
                found = check()
                if found == ["ok"]:
                    note_intact(path, checked_now=True)
                running.set_result(found)
            except BaseException as error:  # the first write raises it, as if it had checked
                running.set_exception(error)

        # A daemon: a command that ends without writing does not wait for the check.
        threading.Thread(target=run, name="quick-check", daemon=True).start()
        self._check_running = running

    def _check_intact(self) -> None:
        """SQLite's quick check (a read of every page, well under a second for most libraries), the
        answer of the one :meth:`check_ahead` began, or none when the file is as a check passed last
        left it (``core.library.intact_notes``)."""
        running, self._check_running = self._check_running, None
        if running is not None:
            found = running.result()
        elif self.path is not None and is_noted_intact(self.path):
            found = ["ok"]  # as a check passed last left it (see ``intact_notes``)
        else:
            found = [row[0] for row in self.db.execute("PRAGMA quick_check(1)").fetchall()]
            if found == ["ok"] and self.path is not None:
                note_intact(self.path, checked_now=True)
        if found != ["ok"]:
            raise LibraryError(damaged(self.path, found[0] if found else "no answer from the check"))
        self._checked = True
        self._known_state = file_state(self.path) if self.path is not None else None

    def journal(self, op: Operation, summary: str, *, args: dict, before=None, after=None,
                reversible: bool = False, batch: str | None = None) -> int:
        """Write the history row for an operation; call it inside the operation's ``atomic()``.

        A ``reversible`` row's ``before``/``after`` are row snapshots (see ``core.history``)
        that undo and redo apply.
        """
        if not self.db.conn.in_transaction:
            raise RuntimeError("journal() must be called inside Library.atomic()")
        cursor = self.db.execute(
            "INSERT INTO history (at, op, summary, args, before, after, reversible, batch) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [utc_now(), op, summary, json.dumps(args), _json_or_none(before), _json_or_none(after),
             int(reversible), batch],
        )
        return inserted_id(cursor)

    # Reads -----------------------------------------------------------------

    def count_articles(self, query: ArticleQuery = ArticleQuery()) -> int:
        where, params = query_where(query)
        return self.db.execute(f"SELECT count(*) FROM {query_source(query)} WHERE {where}", params).fetchone()[0]

    def article_page(self, query: ArticleQuery, offset: int, limit: int) -> list[dict]:
        """One page of article summaries (no bodies), in the query's order."""
        where, params = query_where(query)
        rows = self.db.execute(
            f"SELECT {SUMMARY_COLUMNS} FROM {query_source(query)} WHERE {where} "
            f"ORDER BY {query_order(query)} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [dict(zip([c[0] for c in rows.description], row)) for row in rows.fetchall()]

    def article_summaries(self, ids: list[int]) -> list[dict]:
        """The summaries ``article_page`` gives of the articles ``ids``, in that order (those that exist)."""
        found: dict[int, dict] = {}
        for chunk in chunks(ids):
            rows = self.db.execute(f"SELECT {SUMMARY_COLUMNS} FROM articles WHERE articles.id IN ({placeholders(chunk)})",
                                   chunk)
            names = [column[0] for column in rows.description]
            found.update((row[0], dict(zip(names, row))) for row in rows.fetchall())
        return [found[article_id] for article_id in ids if article_id in found]

    def article_ids(self, query: ArticleQuery = ArticleQuery()) -> list[int]:
        """The ids of every article matching ``query``, in the order ``article_page`` lists them."""
        where, params = query_where(query)
        rows = self.db.execute(
            f"SELECT articles.id FROM {query_source(query)} WHERE {where} ORDER BY {query_order(query)}", params)
        return [row[0] for row in rows]

    def article(self, article_id: int) -> dict | None:
        """Every field of one article, with ``metadata`` decoded and its source ``files``."""
        rows = list(self.db.query("SELECT * FROM articles WHERE id = ?", [article_id]))
        if not rows:
            return None
        article = rows[0]
        article["metadata"] = json.loads(article["metadata"] or "{}")
        article["files"] = list(
            self.db.query(
                "SELECT id, path, record, sha256, size, importer, encoding, imported_at "
                "FROM files WHERE article_id = ? ORDER BY id",
                [article_id],
            )
        )
        return article

    def titles(self, article_ids: list[int]) -> dict[int, str]:
        """The title of each of ``article_ids`` that exists, by id."""
        found: dict[int, str] = {}
        for chunk in chunks(article_ids):
            found.update(self.db.execute(
                f"SELECT id, title FROM articles WHERE id IN ({placeholders(chunk)})", chunk).fetchall())
        return found

    def merged_copies(self, article_ids: list[int]) -> dict[int, list[int]]:
        """Each of ``article_ids`` → the articles merged into it, through earlier merges too, by id."""
        holder = {article_id: article_id for article_id in article_ids}  # each copy → which of them it went into
        wanted = list(holder)
        while wanted:
            found = [(copy, holder[into]) for chunk in chunks(wanted) for copy, into in self.db.execute(
                f"SELECT id, merged_into FROM articles WHERE status = ? AND merged_into IN ({placeholders(chunk)})",
                [ArticleStatus.MERGED, *chunk]) if copy not in holder]
            holder.update(found)
            wanted = [copy for copy, _ in found]
        copies: dict[int, list[int]] = {article_id: [] for article_id in article_ids}
        for copy, article_id in sorted(holder.items()):
            if copy != article_id:
                copies[article_id].append(copy)
        return copies

    def stories_holding(self, article_ids: list[int]) -> dict[int, set[int]]:
        """Each of ``article_ids`` → the stories it is in, itself or through a copy merged into it (a
        version merged away counts as the article it went into); an empty set for an article in none."""
        holder = {member: article_id for article_id, copies in self.merged_copies(article_ids).items()
                  for member in (article_id, *copies)}
        stories: dict[int, set[int]] = {article_id: set() for article_id in article_ids}
        for chunk in chunks(list(holder)):
            for member, story_id in self.db.execute(
                    f"SELECT article_id, story_id FROM story_members WHERE article_id IN ({placeholders(chunk)})", chunk):
                stories[holder[member]].add(story_id)
        return stories

    def raw_text(self, file_id: int) -> str | None:
        row = self.db.execute("SELECT raw_text, sha256, encoding FROM files WHERE id = ?", [file_id]).fetchone()
        if row is None:
            return None
        raw_text, sha256, encoding = row
        if raw_text == "" and encoding and (original := self.original(sha256)):
            return raw_text_of(original, encoding)  # kept as its bytes alone (``originals.kept_raw_text``)
        return raw_text

    def original(self, sha256: str) -> bytes | None:
        """The exact bytes of the imported file (or archive entry) with this SHA-256, or None when the
        library does not keep them (files imported before it did)."""
        row = self.db.execute("SELECT compression, data FROM originals WHERE sha256 = ?", [sha256]).fetchone()
        if row is None:
            return None
        compression, data = row
        assert compression == "zlib", "the originals table allows no other compression"
        return zlib.decompress(data)

    def has_file_hash(self, sha256: str) -> bool:
        return self.db.execute("SELECT 1 FROM files WHERE sha256 = ? LIMIT 1", [sha256]).fetchone() is not None

    def history_summary(self, history_id: int | None) -> str:
        """What the history row says of the operation (empty for none)."""
        row = self.db.execute("SELECT summary FROM history WHERE id = ?", [history_id]).fetchone()
        return row[0] if row else ""

    def data_version(self) -> int:
        """A number that changes when another connection commits to the file (SQLite's ``data_version``):
        polled, it tells an open window that the command line or its own worker changed the library."""
        return self.db.execute("PRAGMA data_version").fetchone()[0]

    def latest_history_id(self) -> int:
        """The newest journal entry's id (0 for none): every change writes one, so it moves with every change."""
        return self.db.execute("SELECT ifnull(max(id), 0) FROM history").fetchone()[0]

    def history(self, limit: int = 100) -> list[dict]:
        """The latest operations, newest first."""
        return list(self.db.query(
            "SELECT id, at, op, summary, undone, reversible, batch FROM history ORDER BY id DESC LIMIT ?", [limit]
        ))

    def history_runs(self, limit: int = 100) -> list[dict]:
        """The latest operations as a person ran them, newest first: the rows one run wrote (an import's
        transactions, Merge All's merges) are one entry, the newest row's, with ``operations`` how
        many rows it stands for (counted among the latest ``RUN_ROWS_READ`` rows)."""
        runs: list[dict] = []
        for row in self.history(limit * RUN_ROWS_READ):
            last = runs[-1] if runs else None
            if last is not None and row["batch"] is not None and row["batch"] == last["batch"] \
                    and row["undone"] == last["undone"]:
                last["operations"] += 1
            elif len(runs) == limit:
                break
            else:
                runs.append({**row, "operations": 1})
        return runs


def _json_or_none(value) -> str | None:
    return None if value is None else json.dumps(value)
