"""The command line on a library it cannot write: every reading command prints what it prints on the same
library opened for writing, and every change is one line, exit 1, with the library left byte for byte."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from curator.cli import EXIT_FAILED, EXIT_OK, main
from curator.core.ingest.samples import sample_paths
from tests.read_only_storage import REPO, files_in, mount_read_only, run_unprivileged, shared_folder  # noqa: F401

SEEDS = str(sample_paths()[0].parent)
ENTITIES = str(REPO / "tests" / "data" / "entities")

READING = [["articles"], ["articles", "--all", "--json"], ["articles", "--search", "Korea", "--sort", "date"],
           ["show", "1"], ["show", "2", "--json"], ["stories"], ["stories", "--json"], ["story", "1"],
           ["story", "1", "--json"], ["dupes"], ["dupes", "--json", "--explain"], ["history"], ["history", "--json"],
           ["entities"], ["entities", "--json"], ["suggestions"], ["suggestions", "--json", "--limit", "5"],
           ["restore"]]
CHANGING = [["import", SEEDS], ["merge", "3", "4"], ["merge", "--all-exact"], ["unmerge", "1"],
            ["edit", "1", "--title", "New"], ["trash", "1"], ["restore", "1"], ["link", "3", "4"],
            ["decide", "3", "4", "skip"], ["tag", "1", "0", "6", "PLACE"], ["undo"], ["redo"], ["scan"], ["suggest"],
            ["story", "1", "--rename", "Renamed"], ["story", "1", "--split", "1"], ["story", "1", "--add", "3"],
            ["suggestions", "accept", "China"], ["suggestions", "reject", "China"]]


@pytest.fixture(scope="module")
def curated(tmp_path_factory) -> Path:
    """A library with something for every reading command: articles checked for duplicates, a story,
    entities, suggestions, a history."""
    folder = tmp_path_factory.mktemp("curated")
    path = folder / "news.db"
    copy = folder / "copy.txt"  # a copy of the first sample, edited: a pair left open for the queue
    copy.write_text(sample_paths()[0].read_text(encoding="utf-8") + "\n\nThe talks resume next week.\n",
                    encoding="utf-8")
    for argv in (["import", SEEDS, ENTITIES], ["import", str(copy)], ["dupes"], ["suggest"],
                 ["suggestions", "accept", "United States"], ["link", "1", "2"]):
        assert main(["--db", str(path), *argv]) in (EXIT_OK, EXIT_FAILED)  # the labels file is no article
    return path


def _copy(library: Path, folder: Path) -> Path:
    folder.mkdir()
    shutil.copy(library, folder / library.name)
    return folder / library.name


def _run(capsys, db: Path, argv: list[str]) -> tuple[int, str, str]:
    status = main(["--db", str(db), *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize("argv", READING, ids=" ".join)
def test_a_reading_command_prints_what_it_prints_on_the_library_opened_for_writing(curated, tmp_path, capsys,
                                                                                     monkeypatch, argv):
    writable = _copy(curated, tmp_path / "writable")
    expected = _run(capsys, writable, argv)
    assert expected[0] == EXIT_OK
    read_only = _copy(curated, tmp_path / "archive")
    before = files_in(read_only.parent)
    mount_read_only(monkeypatch, read_only.parent)
    assert _run(capsys, read_only, argv) == (EXIT_OK, expected[1], "")
    assert files_in(read_only.parent) == before


def test_an_export_from_a_read_only_library_is_the_same_file(curated, tmp_path, capsys, monkeypatch):
    writable, read_only = _copy(curated, tmp_path / "writable"), _copy(curated, tmp_path / "archive")
    assert main(["--db", str(writable), "export", str(tmp_path / "expected.jsonl")]) == EXIT_OK
    mount_read_only(monkeypatch, read_only.parent)
    assert main(["--db", str(read_only), "export", str(tmp_path / "out.jsonl")]) == EXIT_OK
    assert (tmp_path / "out.jsonl").read_bytes() == (tmp_path / "expected.jsonl").read_bytes()
    assert files_in(read_only.parent).keys() == {"news.db"}


@pytest.mark.parametrize("argv", CHANGING, ids=" ".join)
def test_a_change_is_one_line_saying_what_to_do_and_leaves_the_library_as_it_was(curated, tmp_path, capsys,
                                                                                 monkeypatch, argv):
    db = _copy(curated, tmp_path / "archive")
    before = files_in(db.parent)
    mount_read_only(monkeypatch, db.parent)
    assert _run(capsys, db, argv) == (EXIT_FAILED, "", (
        f"curator {argv[0]}: This library is on read-only storage ({db}): copy it to a folder you can write in "
        "to change it\n"))
    assert files_in(db.parent) == before


def test_dupes_lists_what_was_found_before_and_says_once_what_it_did_not_check(curated, tmp_path, capsys,
                                                                                monkeypatch):
    listed = _run(capsys, _copy(curated, tmp_path / "writable"), ["dupes"])[1]  # what was found before
    db = _copy(curated, tmp_path / "archive")
    sample = tmp_path / "new.txt"
    sample.write_text("Fresh news\n\nSomething happened today in a town nobody had heard of.\n", encoding="utf-8")
    assert _run(capsys, db, ["import", str(sample)])[0] == EXIT_OK  # imported, not checked yet
    before = files_in(db.parent)
    mount_read_only(monkeypatch, db.parent)
    assert _run(capsys, db, ["dupes"]) == (EXIT_OK, listed, (
        "curator dupes: 1 new article was not checked for duplicates, as this library is open read-only; "
        "listing the pairs found before\n"))
    assert files_in(db.parent) == before


def test_a_library_this_user_may_not_write_reads_and_refuses_in_real_processes(curated, shared_folder, capsys):
    db = shared_folder / "news.db"
    shutil.copy(curated, db)
    db.chmod(0o444)
    before = db.read_bytes()
    for argv in (["articles", "--json"], ["story", "1"], ["entities"]):
        expected = _run(capsys, db, argv)  # this process may write it
        child = run_unprivileged("-m", "curator", "--db", str(db), *argv)
        assert (child.returncode, child.stdout, child.stderr) == expected
    child = run_unprivileged("-m", "curator", "--db", str(db), "trash", "1")
    assert (child.returncode, child.stdout) == (EXIT_FAILED, "")
    assert child.stderr == (f"curator trash: You may not write to this library ({db}), so Curator opened it "
                            "read-only: copy it to a folder you can write in to change it\n")
    assert db.read_bytes() == before


@pytest.fixture
def mounted(tmp_path):
    """``tmp_path/source`` seen read-only at ``tmp_path/mount`` through a bind mount (root only)."""
    source, mount = tmp_path / "source", tmp_path / "mount"
    source.mkdir()
    mount.mkdir()
    bound = subprocess.run(["mount", "--bind", str(source), str(mount)], capture_output=True, check=False)
    if bound.returncode != 0:
        pytest.skip("no bind mount here (it takes root and a system that allows mounts)")
    try:
        remounted = subprocess.run(["mount", "-o", "remount,ro,bind", str(mount)], capture_output=True, check=False)
        if remounted.returncode != 0:
            pytest.skip("the bind mount could not be made read-only")
        yield source, mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_library_on_a_read_only_mount_reads_and_refuses_in_real_processes(curated, mounted, capsys):
    source, mount = mounted
    shutil.copy(curated, source / "news.db")
    db = mount / "news.db"
    before = files_in(source)
    expected = _run(capsys, source / "news.db", ["articles", "--json"])
    expected_files = files_in(source)  # reading it writable leaves it as it was too
    assert expected_files == before

    def cli(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "curator", "--db", str(db), *argv], cwd=REPO,
                              capture_output=True, text=True, check=False)

    assert (lambda child: (child.returncode, child.stdout, child.stderr))(cli("articles", "--json")) == expected
    refused = cli("edit", "1", "--title", "New")
    assert (refused.returncode, refused.stdout) == (EXIT_FAILED, "")
    assert refused.stderr == (f"curator edit: This library is on read-only storage ({db}): copy it to a folder "
                              "you can write in to change it\n")
    assert files_in(source) == before
