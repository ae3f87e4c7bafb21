"""The command line's one error path: a refusal or failure of the core is one line on stderr, exit 1."""

import os
import subprocess
import sys

import pytest

from curator.cli import EXIT_FAILED, main
from curator.core.ingest.samples import sample_paths


@pytest.fixture
def db(tmp_path, capsys):
    path = str(tmp_path / "x.db")
    main(["--db", path, "import", str(sample_paths()[0].parent)])
    capsys.readouterr()
    return path


@pytest.mark.parametrize(("argv", "line"), [
    (["unmerge", "1"], "curator unmerge: Article 1 is not part of a merge"),
    (["undo"], "curator undo: Nothing to undo"),
    (["redo"], "curator redo: Nothing to redo"),
    (["merge", "1", "9"], "curator merge: There is no article 9"),
    (["tag", "1", "0", "6", "ship"], "curator tag: Unknown entity type 'SHIP'"),
    (["export", "out.jsonl", "--ids", "7"], "curator export: There is no article 7"),
    (["trash", "--import", "999"], "curator trash: There is no history entry 999 (curator history lists them)"),
])
def test_a_refusal_is_one_line_naming_the_command(capsys, db, argv, line):
    assert main(["--db", db, *argv]) == EXIT_FAILED
    captured = capsys.readouterr()
    assert captured.err == line + "\n" and captured.out == ""


def test_a_library_that_cannot_be_opened_names_no_command(capsys, tmp_path):
    not_a_library = tmp_path / "notes.db"
    not_a_library.write_text("These are notes, not a database. " * 10)
    assert main(["--db", str(not_a_library), "articles"]) == EXIT_FAILED
    assert capsys.readouterr().err == f"curator: {not_a_library} is not a Curator library: it is not a database file\n"


def test_compare_names_the_file_it_cannot_read(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    assert main(["compare", str(sample_paths()[0]), str(bad)]) == EXIT_FAILED
    assert capsys.readouterr().err.startswith(f"curator compare: {bad}: invalid JSON")


@pytest.mark.skipif(sys.platform != "linux", reason="file names of any bytes: Linux file systems")
def test_a_file_name_that_is_not_utf8_is_printed_with_its_bytes_escaped(tmp_path):
    folder = tmp_path / "names"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"bin\xff.txt"), "wb") as binary:
        binary.write(bytes(range(256)) * 8)
    result = subprocess.run([sys.executable, "-m", "curator", "--db", str(tmp_path / "x.db"), "import", str(folder)],
                            capture_output=True, text=True, timeout=120, check=False, env={**os.environ, "LANG": "C.UTF-8"})
    assert "Traceback" not in result.stderr
    assert f"{folder}/bin\\xff.txt: binary file, not text" in result.stdout + result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_compare_reads_only_regular_files_and_says_what_the_others_are(capsys, tmp_path):
    article = sample_paths()[0]
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would wait for a writer forever
    (tmp_path / "zero.txt").symlink_to("/dev/zero")  # reading it would never end
    for name, said in [("pipe.txt", "not a regular file (a pipe)"), ("zero.txt", "not a regular file (a device)"),
                       ("missing", "no such file"), (".", "is a folder")]:
        assert main(["compare", str(tmp_path / name), str(article)]) == EXIT_FAILED
        assert said in capsys.readouterr().err


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
def test_a_terminal_is_shown_control_characters_as_escapes_and_a_pipe_gets_them_exactly(tmp_path):
    import pty
    import sqlite3

    library = tmp_path / "x.db"
    assert main(["--db", str(library), "import", str(sample_paths()[0])]) == 0
    with sqlite3.connect(library) as connection:  # as an older library, or an edit, may hold it
        connection.execute("UPDATE articles SET title = ? WHERE id = 1", ["Stored \x1b[31mred"])
    command = [sys.executable, "-m", "curator", "--db", str(library), "articles"]
    leader, follower = pty.openpty()
    with subprocess.Popen(command, stdout=follower, stderr=subprocess.PIPE) as shown:
        os.close(follower)
        written = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal's other end closed
                break
            if not chunk:
                break
            written += chunk
        shown.wait(timeout=60)
    os.close(leader)
    assert b"Stored \\x1b[31mred" in written and b"\x1b" not in written
    piped = subprocess.run(command, capture_output=True, timeout=60, check=True)
    assert b"Stored \x1b[31mred" in piped.stdout
