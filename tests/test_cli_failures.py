"""A busy, full, read-only or damaged library, a bad argument or a closed pipe: one line or none, never a traceback."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from curator.cli import EXIT_FAILED, EXIT_USAGE, main
from curator.core.ingest.samples import sample_paths
from curator.core.library.store import Library
from tests.factories import damage_middle_page

REPO = Path(__file__).resolve().parents[1]
SEEDS = str(sample_paths()[0].parent)


@pytest.fixture
def db(tmp_path, capsys):
    path = tmp_path / "lib.db"
    assert main(["--db", str(path), "import", SEEDS]) == 0
    capsys.readouterr()
    return path


def one_line(capsys) -> str:
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err, captured.err
    return captured.err


@pytest.mark.parametrize("argv", [["merge", "1", "2"], ["tag", "1", "0", "6", "PLACE"], ["dupes"],
                                  ["import", str(REPO / "tests")]])
@pytest.mark.parametrize(("raised", "said"), [
    (sqlite3.OperationalError("database or disk is full"),
     "is full, so the change under way was not saved (what was saved before it stays); free some space and try again"),
    (sqlite3.OperationalError("attempt to write a readonly database"),
     "is read-only here; Curator can show it but not change it"),
    (sqlite3.OperationalError("database is locked"), "is busy (another Curator is writing to it); try again in a moment"),
])
def test_a_write_the_library_refuses_is_one_line(capsys, db, monkeypatch, argv, raised, said):
    def refuse(*args, **kwargs):
        raise raised

    monkeypatch.setattr(Library, "journal", refuse)
    assert main(["--db", str(db), *argv]) == EXIT_FAILED
    assert one_line(capsys).endswith(f"{db} {said}\n")


def test_a_full_disk_under_an_export_is_one_line(capsys, db, monkeypatch, tmp_path):
    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "out.jsonl"))

    monkeypatch.setattr("curator.core.export.export_library", no_space)
    assert main(["--db", str(db), "export", str(tmp_path / "out.jsonl")]) == EXIT_FAILED
    assert one_line(capsys) == f"curator export: The disk is full ({tmp_path / 'out.jsonl'}); free some space and try again\n"


def test_a_writer_holding_the_library_longer_than_the_timeout_is_reported_busy(capsys, db, monkeypatch):
    monkeypatch.setattr("curator.core.library.store.BUSY_TIMEOUT_SECONDS", 0.2)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        assert main(["--db", str(db), "merge", "1", "2"]) == EXIT_FAILED
    finally:
        holder.execute("ROLLBACK")
    assert one_line(capsys) == f"curator: {db} is busy (another Curator is writing to it); try again in a moment\n"
    assert main(["--db", str(db), "merge", "1", "2"]) == 0  # and once it is free, the merge goes through


def test_a_damaged_page_is_found_before_anything_is_written(capsys, tmp_path):
    db = tmp_path / "lib.db"
    folder = tmp_path / "in"
    folder.mkdir()
    for index in range(60):
        (folder / f"{index}.txt").write_text(f"Headline {index}\n\n" + f"Paragraph {index} of words. " * 400)
    assert main(["--db", str(db), "import", str(folder)]) == 0
    damage_middle_page(db)  # far from articles 1 and 2
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    capsys.readouterr()
    assert main(["--db", str(db), "merge", "1", "2"]) == EXIT_FAILED
    said = one_line(capsys)
    assert said.startswith(f"curator: {db} is damaged (") and "Restore your latest backup" in said
    assert f"sqlite3 {db} .recover" in said
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0


def test_a_library_in_a_missing_folder_is_not_made(capsys, tmp_path):
    assert main(["--db", str(tmp_path / "missing" / "dir" / "lib.db"), "articles"]) == EXIT_FAILED
    assert one_line(capsys) == f"curator: The folder {tmp_path / 'missing' / 'dir'} does not exist\n"
    assert not (tmp_path / "missing").exists()


def test_a_library_inside_a_file_says_so(capsys, tmp_path):
    (tmp_path / "notes").write_text("")
    assert main(["--db", str(tmp_path / "notes" / "lib.db"), "articles"]) == EXIT_FAILED
    assert one_line(capsys) == f"curator: {tmp_path / 'notes'} is not a folder\n"


@pytest.mark.parametrize(("argv", "said"), [
    (["show", "99999999999999999999"], "is not an article id (too large for a library to hold)"),
    (["show", "0"], "0 is not an article id"),
    (["merge", "1", "99999999999999999999"], "is not an article id"),
    (["import", "--max-file-mb", "nan", SEEDS], "nan MB is not a size"),
    (["import", "--max-file-mb", "inf", SEEDS], "inf MB is not a size"),
    (["import", "--max-file-mb", "-1", SEEDS], "-1 MB is not a size"),
    (["import", "--max-file-mb", "0", SEEDS], "0 MB is not a size"),
    (["import", "--max-file-mb", "1e308", SEEDS], "1e308 MB is more than any file"),
    (["history", "--limit", "-3"], "-3 is negative"),
])
def test_an_argument_out_of_range_is_a_usage_error(capsys, db, argv, said):
    with pytest.raises(SystemExit) as exit:
        main(["--db", str(db), *argv])
    assert exit.value.code == EXIT_USAGE
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err


def test_an_id_too_large_for_a_field_choice_is_a_usage_error(capsys, db):
    assert main(["--db", str(db), "merge", "1", "2", "--field", "title=99999999999999999999"]) == EXIT_USAGE
    assert "--field takes NAME=ID" in one_line(capsys)


def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path):
    db = tmp_path / "lib.db"
    long_article = tmp_path / "long.txt"
    long_article.write_text("A long one\n\n" + "Many words in many paragraphs.\n\n" * 20_000)  # far more than a pipe holds
    subprocess.run([sys.executable, "-m", "curator", "--db", str(db), "import", str(long_article)], check=True,
                   capture_output=True)
    show = subprocess.Popen([sys.executable, "-m", "curator", "--db", str(db), "show", "1"], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert show.stdout is not None and show.stderr is not None
    assert show.stdout.read(10)  # like `| head`: read a little, then go away
    show.stdout.close()
    show.wait(timeout=60)
    assert show.stderr.read() == b"" and show.returncode == EXIT_FAILED


def _unprivileged() -> list[str]:
    """How to run a child as a user who cannot write what this one made (root may write anything)."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def _run_cli(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([*_unprivileged(), sys.executable, "-m", "curator", *argv], cwd=REPO,
                          capture_output=True, text=True, check=False)


@pytest.fixture
def shared_folder():
    """A folder the unprivileged child can reach (pytest's own are private to this user)."""
    folder = Path(tempfile.mkdtemp(prefix="curator-permissions-"))
    folder.chmod(0o777)
    if _unprivileged() and (not shutil.which("setpriv") or _run_cli("--version").returncode != 0):
        pytest.skip("an unprivileged user cannot run this checkout")
    yield folder
    folder.chmod(0o700)
    for path in sorted(folder.rglob("*"), reverse=True):
        path.chmod(0o700)
        path.unlink() if path.is_file() else path.rmdir()
    folder.rmdir()


def test_a_read_only_library_can_be_read_but_a_change_is_one_line(shared_folder):
    db = shared_folder / "lib.db"
    assert main(["--db", str(db), "import", SEEDS]) == 0
    db.chmod(0o444)
    assert _run_cli("--db", str(db), "articles").stdout.endswith("2 articles\n")
    before = db.read_bytes()
    refused = _run_cli("--db", str(db), "merge", "1", "2")
    assert refused.returncode == EXIT_FAILED
    assert refused.stderr == (f"curator merge: You may not write to this library ({db}), so Curator opened it "
                              "read-only: copy it to a folder you can write in to change it\n")
    assert db.read_bytes() == before


def test_a_read_only_library_that_needs_an_upgrade_says_so(shared_folder):
    db = shared_folder / "lib.db"
    assert main(["--db", str(db), "import", SEEDS]) == 0
    with sqlite3.connect(db) as connection:  # as an older Curator left it
        connection.executescript("DROP INDEX files_one_per_content; ALTER TABLE files DROP COLUMN repeat_of; "
                                 "DELETE FROM _sqlite_migrations WHERE name = '0010_unique_file_hash';")
    db.chmod(0o444)
    refused = _run_cli("--db", str(db), "articles")
    assert refused.returncode == EXIT_FAILED
    assert refused.stderr == (f"curator: {db} was made by an earlier Curator and must be brought up to this "
                              "version's format, which is a change, and Curator cannot write to it here; copy it to "
                              "a folder you can write in, and open the copy\n")


def test_a_library_in_a_read_only_folder_says_the_folder_is_the_trouble(shared_folder):
    folder = shared_folder / "locked"
    folder.mkdir()
    assert main(["--db", str(folder / "lib.db"), "import", SEEDS]) == 0
    folder.chmod(0o555)
    refused = _run_cli("--db", str(folder / "lib.db"), "articles")
    assert refused.returncode == EXIT_FAILED
    assert refused.stderr.startswith(f"curator: Curator cannot write in the folder {folder},")
    assert "not a Curator library" not in refused.stderr and refused.stderr.count("\n") == 1


def test_a_mistyped_library_is_refused_not_made_except_by_import(capsys, tmp_path):
    typo = tmp_path / "libary.db"
    for command in (["articles"], ["dupes", "--json"], ["stories"], ["history"],
                    ["export-decisions", str(tmp_path / "decisions.parquet")]):
        assert main(["--db", str(typo), *command]) == EXIT_FAILED
        assert one_line(capsys) == f"curator: there is no library at {typo}; curator import creates one there\n"
    assert not typo.exists() and not (tmp_path / "decisions.parquet").exists()
    assert main(["--db", str(typo), "import", SEEDS]) == 0
    assert typo.exists()


def test_a_mistyped_library_in_curator_db_is_refused_too(capsys, tmp_path, monkeypatch):
    typo = tmp_path / "libary.db"
    monkeypatch.setenv("CURATOR_DB", str(typo))
    assert main(["articles"]) == EXIT_FAILED
    assert one_line(capsys) == f"curator: there is no library at {typo}; curator import creates one there\n"
    assert not typo.exists()
    assert main(["import", SEEDS]) == 0 and main(["articles"]) == 0
    assert capsys.readouterr().out.strip().endswith("2 articles")


def test_an_empty_path_is_refused_rather_than_read_as_this_folder(capsys, tmp_path):
    with pytest.raises(SystemExit) as exited:
        main(["--db", str(tmp_path / "lib.db"), "import", ""])
    assert exited.value.code == 2
    assert "an empty path (is a shell variable unset?)" in capsys.readouterr().err
    assert not (tmp_path / "lib.db").exists()


def test_comparing_a_device_names_what_it_is(capsys, tmp_path):
    assert main(["compare", "/dev/null", SEEDS]) == EXIT_FAILED
    assert one_line(capsys) == "curator compare: /dev/null: not a regular file (a device); not read\n"
