"""A bulk merge killed (SIGKILL) halfway: every group is merged completely or not at all, and one undo reverses the lot.

The merge runs in a child process that reports each group it starts on; once the
parent has seen enough of them it kills the child outright, with no chance to
clean up, and then inspects the library file it left behind.
"""

from __future__ import annotations

import json
import os
import random
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from curator.core.dedupe.scan import scan_duplicates
from curator.core.library.history import next_undo, undo
from curator.core.curation.merge import exact_duplicate_groups
from curator.core.library.store import Library
from tests.factories import add_articles

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")

GROUPS = 1000  # of COPIES identical articles each; merging them all takes the child about a second
COPIES = 3
KILL_AFTER = 20  # progress lines: the parent kills the child once it has read this many
TABLES = ("articles", "files", "pairs", "dedupe_index")
REPO = Path(__file__).resolve().parents[2]

CHILD = """
import sys
from curator.core.curation.merge import merge_exact_duplicates
from curator.core.library.store import Library

library = Library.open(sys.argv[1])

def progress(done, total, label):
    print(done, total, flush=True)  # called before each group: ``done`` groups are committed

merge_exact_duplicates(library, progress=progress)
print("finished", flush=True)
"""


def dump(library: Library) -> dict:
    state = {table: library.db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall() for table in TABLES}
    state["fts"] = library.db.execute("SELECT rowid, title, body FROM articles_fts ORDER BY rowid").fetchall()
    return state


def build_library(path: Path) -> list[list[int]]:
    """GROUPS groups of COPIES identical articles (a different random text per group), scanned; the groups' ids."""
    rng = random.Random(20240601)
    vocabulary = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9)))
                  for _ in range(5000)]
    rows = []
    for group in range(GROUPS):
        body = " ".join(rng.choice(vocabulary) for _ in range(60)) + "."
        rows += [{"title": f"Story {group}", "body": body, "outlet": f"Outlet {copy}"} for copy in range(COPIES)]
    library = Library.open(path)
    try:
        add_articles(library, rows)
        scan_duplicates(library)
        groups = exact_duplicate_groups(library)
    finally:
        library.close()
    expected = [list(range(COPIES * g + 1, COPIES * g + COPIES + 1)) for g in range(GROUPS)]
    assert sorted(groups) == expected  # each group is exactly its copies, every pair of them suggested
    return expected


def run_and_kill(path: Path) -> list[str]:
    """Start the bulk merge in a child process and SIGKILL it after KILL_AFTER progress lines; the lines read."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path)], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))},
    )
    lines: list[str] = []
    try:
        selector = selectors.DefaultSelector()
        selector.register(child.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + 60
        while len(lines) < KILL_AFTER:
            if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
                pytest.fail(f"no progress from the merge after {len(lines)} lines")
            line = child.stdout.readline()
            if not line:
                pytest.fail(f"the merge ended by itself after {len(lines)} lines: {child.stderr.read().decode()}")
            lines.append(line.decode().strip())
        os.kill(child.pid, signal.SIGKILL)
    finally:
        if child.poll() is None and not lines:
            child.kill()
        child.wait(timeout=30)
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    assert "finished" not in lines
    return lines


def test_a_bulk_merge_killed_midway_leaves_whole_groups_and_one_undo_reverses_them(tmp_path):
    path = tmp_path / "crash.db"
    groups = build_library(path)
    library = Library.open(path)
    before = dump(library)
    library.close()

    lines = run_and_kill(path)
    assert lines[-1] == f"{KILL_AFTER - 1} {GROUPS}"

    library = Library.open(path)
    try:
        assert library.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        library.db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")

        history = list(library.db.query(
            "SELECT id, op, args, reversible, undone, batch FROM history WHERE op = 'merge'"))
        merges = {json.loads(row["args"])["keep"]: json.loads(row["args"]) for row in history}
        assert len(merges) == len(history)  # one history row per kept article
        assert {(row["reversible"], row["undone"]) for row in history} <= {(1, 0)}
        assert len({row["batch"] for row in history}) <= 1 and None not in {row["batch"] for row in history}
        articles = {row["id"]: row for row in library.db.query(
            "SELECT id, status, merged_into, provenance FROM articles")}
        pairs = dict(((a, b), status) for a, b, status in library.db.execute("SELECT a, b, status FROM pairs"))

        merged_groups = 0
        for group in groups:
            group_pairs = [(a, b) for a in group for b in group if a < b]
            named = [keep for keep, plan in merges.items() if keep in group or set(plan["others"]) & set(group)]
            if any(articles[i]["status"] == "merged" for i in group):
                # Merged: entirely, as its own history row says, with the provenance and the pairs to match.
                merged_groups += 1
                assert len(named) == 1, (group, named)
                plan = merges[named[0]]
                keep, others = plan["keep"], plan["others"]
                assert sorted([keep, *others]) == group
                assert keep == group[0]  # identical copies: the oldest is kept
                assert articles[keep]["status"] == "active" and articles[keep]["merged_into"] is None
                assert all(articles[i]["status"] == "merged" and articles[i]["merged_into"] == keep for i in others)
                provenance = json.loads(articles[keep]["provenance"])
                assert sorted(provenance["merged"]) == sorted(others)
                assert all(pairs[pair] == "merged" for pair in group_pairs), group
            else:
                # Not merged: untouched, and no history row names it.
                assert named == [], group
                assert all(articles[i]["status"] == "active" and articles[i]["merged_into"] is None
                           and articles[i]["provenance"] is None for i in group)
                assert all(pairs[pair] == "open" for pair in group_pairs), group
        assert len(history) == merged_groups
        # The kill landed mid-run: at least the groups reported done were merged, and not all of them.
        assert KILL_AFTER - 1 <= merged_groups < GROUPS

        step = next_undo(library)
        assert step.op == "merge" and step.operations == merged_groups
        undo(library)
        assert library.db.execute("SELECT count(*) FROM articles WHERE status != 'active'").fetchone()[0] == 0
        assert dump(library) == before
        assert next_undo(library) is None
        assert library.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        library.close()
