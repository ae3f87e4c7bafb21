"""Ctrl+C during a long command: one line, exit 130, no traceback, and nothing half-written."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from curator.core.ingest.importing import import_paths
from curator.core.library.store import Library
from tests.corpus import generate_articles, write_jsonl, write_text_folder

REPO = Path(__file__).resolve().parents[1]
ARTICLES = 5000
# Files the interrupted import is given, and how many it stores per transaction (import_paths' batch_files).
IMPORT_FILES, IMPORT_BATCH = 8000, 2000


def _curator(*argv: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "curator", *argv], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _interrupt_once(process: subprocess.Popen, started: callable, within: float = 60) -> tuple[str, str]:
    """Send SIGINT as soon as ``started()`` says the work is under way; the process's output."""
    deadline = time.monotonic() + within
    while not started():
        if process.poll() is not None or time.monotonic() > deadline:
            out, err = process.communicate()
            pytest.fail(f"the command ended before it could be interrupted: {process.returncode} {out} {err}")
        time.sleep(0.002)
    process.send_signal(signal.SIGINT)
    return process.communicate(timeout=within)


@pytest.fixture(scope="module")
def big_library(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    write_jsonl(generate_articles(ARTICLES, seed=5), folder / "articles.jsonl")
    library = Library.open(folder / "library.db")
    assert import_paths(library, [folder / "articles.jsonl"]).imported == ARTICLES
    library.close()
    return folder / "library.db"


@pytest.mark.parametrize("name", ["out.jsonl", "out.csv"])
def test_ctrl_c_during_export_writes_nothing_and_says_so_in_one_line(big_library, tmp_path, name):
    out = tmp_path / name
    process = _curator("--db", str(big_library), "export", str(out))
    stdout, stderr = _interrupt_once(process, lambda: any(tmp_path.glob("*.part")))
    assert process.returncode == 130
    assert stderr.splitlines() == ["curator export: cancelled; nothing was written"] and stdout == ""
    assert list(tmp_path.iterdir()) == []  # neither the export nor its temporary file


def _stored_articles(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1) as connection:
            return connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:  # not created yet, or its tables not yet
        return 0


def test_ctrl_c_during_import_keeps_whole_batches_and_says_what_was_kept(tmp_path):
    write_text_folder(generate_articles(IMPORT_FILES, seed=6), tmp_path / "in")
    db = tmp_path / "library.db"
    process = _curator("--db", str(db), "import", str(tmp_path / "in"))
    stdout, stderr = _interrupt_once(process, lambda: _stored_articles(db) > 0)
    assert process.returncode == 130 and "Traceback" not in stdout + stderr
    library = Library.open(db)
    stored = library.count_articles()
    assert 0 < stored < IMPORT_FILES and stored % IMPORT_BATCH == 0  # whole batches, each in one transaction
    assert stderr.splitlines() == [f"curator import: cancelled; the {stored:,} articles imported before it were kept"]
    assert library.db.execute("SELECT count(DISTINCT article_id) FROM files").fetchone()[0] == stored
    library.close()


def test_a_second_ctrl_c_stops_at_once_in_one_line(big_library, tmp_path):
    out = tmp_path / "out.jsonl"
    process = _curator("--db", str(big_library), "export", str(out))
    deadline = time.monotonic() + 60
    while not any(tmp_path.glob("*.part")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    process.send_signal(signal.SIGINT)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.splitlines() == ["curator export: cancelled; nothing was written"]
    assert list(tmp_path.iterdir()) == []


def _living_children(pid: int) -> list[int]:
    """The processes ``pid`` started that still run (not ended, not waiting to be reaped)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended while listed
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(status.parent.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel ends workers with their parent on Linux")
def test_a_killed_import_takes_its_worker_processes_with_it(tmp_path):
    folder = tmp_path / "files"
    write_text_folder(generate_articles(IMPORT_FILES, seed=11), folder)
    process = _curator("--db", str(tmp_path / "library.db"), "import", str(folder))
    deadline = time.monotonic() + 60
    while len(workers := _living_children(process.pid)) < 2:
        assert process.poll() is None and time.monotonic() < deadline, "no workers started"
        time.sleep(0.01)
    process.kill()  # as kill -9: no chance to shut its pool down
    process.wait(timeout=10)  # not its output: workers left running would hold its pipes open
    process.stdout.close()
    process.stderr.close()
    deadline = time.monotonic() + 10
    while left := _still_running(workers):
        assert time.monotonic() < deadline, f"workers {left} outlived the killed import"
        time.sleep(0.05)


def _still_running(pids: list[int]) -> list[int]:
    """Those of ``pids`` still running, whoever adopted them."""
    running = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            running.append(pid)
    return running


def test_ctrl_c_during_a_bulk_link_keeps_the_links_made_and_one_undo_takes_them_back(tmp_path):
    from tests.factories import add_numbered_articles, add_pairs

    db = tmp_path / "library.db"
    library = Library.open(db)
    ids = add_numbered_articles(library, 6000)
    add_pairs(library, zip(ids[::2], ids[1::2]), score=0.8, kind="related")  # 3,000 two-version stories
    library.close()

    def links_made() -> int:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as connection:
            return connection.execute("SELECT count(*) FROM stories").fetchone()[0]

    process = _curator("--db", str(db), "link", "--all-suggested")
    stdout, stderr = _interrupt_once(process, lambda: links_made() > 0)
    assert process.returncode == 130 and "Traceback" not in stdout + stderr
    linked = links_made()
    assert 0 < linked < 3000
    assert stderr.splitlines() == [f"curator link: cancelled; the {linked:,} links made before it were kept "
                                   "('curator undo' takes them back)"]
    library = Library.open(db)
    assert library.db.execute("SELECT count(*) FROM pairs WHERE status = 'linked'").fetchone()[0] == linked
    library.close()
    undone = subprocess.run([sys.executable, "-m", "curator", "--db", str(db), "undo"], cwd=REPO,
                            capture_output=True, text=True)
    assert undone.returncode == 0 and links_made() == 0


def test_ctrl_c_during_an_undo_never_says_it_rolled_back_an_undo_that_was_saved(tmp_path):
    from curator.core.dedupe import PairQuery
    from curator.core.stories import link_suggested_versions
    from tests.factories import add_numbered_articles, add_pairs

    db = tmp_path / "library.db"
    library = Library.open(db)
    ids = add_numbered_articles(library, 3000)
    add_pairs(library, zip(ids[::2], ids[1::2]), score=0.8, kind="related")
    assert link_suggested_versions(library, PairQuery()).linked == 1500  # one run: one undo takes all back
    library.close()

    def stories() -> int:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as connection:
            return connection.execute("SELECT count(*) FROM stories").fetchone()[0]

    def writing() -> bool:
        """Whether another connection holds the library's write lock: the undo's transaction under way."""
        connection = sqlite3.connect(db, timeout=0)
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.rollback()
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            connection.close()

    # Ctrl+C at several moments once the undo began: whenever it lands, what the command says is what happened.
    for later in [step * 0.03 for step in range(14)]:  # a sweep of the transaction, its commit and after
        before = stories()
        process = _curator("--db", str(db), "undo" if before else "redo")
        deadline = time.monotonic() + 60
        while not writing() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
        time.sleep(later)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
        assert "Traceback" not in stdout + stderr
        # Said done, it is done; said rolled back, nothing changed.
        if stdout.startswith(("Undid: ", "Redid: ")):
            assert stories() != before and process.returncode == 0
        else:
            assert "rolled back" in stderr and stories() == before and process.returncode == 130
