"""`curator edit`, `trash`, `restore` and `scan` on a real library file."""

import json
import sqlite3

import pytest

from curator.cli import main
from curator.core.ingest.samples import sample_paths


@pytest.fixture
def db(tmp_path, capsys):
    path = str(tmp_path / "x.db")
    main(["--db", path, "import", *map(str, sample_paths())])
    capsys.readouterr()
    return path


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def active_ids(capsys, db) -> list[int]:
    _, out, _ = run(capsys, "--db", db, "articles", "--json")
    return [json.loads(line)["id"] for line in out.splitlines()]


def test_edit_changes_the_fields_and_undo_brings_back_the_exact_show_output(capsys, db):
    _, shown, _ = run(capsys, "--db", db, "show", "1")
    code, out, _ = run(capsys, "--db", db, "edit", "1", "--title", "New title", "--date", "24 June 2021",
                       "--source", "The Wire", "--url", "https://example.org/n")
    assert code == 0 and out.startswith("Edited the title, date, outlet, URL of “New title”.")
    _, after, _ = run(capsys, "--db", db, "show", "1")
    assert "title:       New title" in after and "published:   2021-06-24" in after and "The Wire" in after
    run(capsys, "--db", db, "undo")
    assert run(capsys, "--db", db, "show", "1")[1] == shown


def test_edit_refuses_in_one_line_and_needs_a_field(capsys, db):
    code, _, err = run(capsys, "--db", db, "edit", "1", "--date", "someday")
    assert code == 1 and err.count("\n") == 1 and err.startswith("curator edit: “someday” is not a date")
    code, _, err = run(capsys, "--db", db, "edit", "1")
    assert code == 2 and "give at least one of" in err


def test_trash_and_restore_move_articles_out_of_the_list_and_back(capsys, db):
    code, out, _ = run(capsys, "--db", db, "trash", "2")
    assert code == 0 and out.startswith("Moved “Russia on Thursday (Nov 30) rejected a…” to the trash.")
    assert active_ids(capsys, db) == [1]
    code, out, _ = run(capsys, "--db", db, "restore")
    assert code == 0 and out.splitlines()[-1] == "1 article(s) in the trash" and out.split()[0] == "2"
    code, out, _ = run(capsys, "--db", db, "restore", "2")
    assert code == 0 and active_ids(capsys, db) == [1, 2]
    code, _, err = run(capsys, "--db", db, "restore", "2")
    assert code == 1 and "not in the trash" in err


def test_trash_an_import_by_its_number_in_the_history(capsys, db, tmp_path):
    (tmp_path / "more.txt").write_text("Headline\n\nA body of words that is long enough to read.\n")
    run(capsys, "--db", db, "import", str(tmp_path / "more.txt"))
    _, out, _ = run(capsys, "--db", db, "history", "--json")
    number = json.loads(out.splitlines()[0])["id"]
    code, out, _ = run(capsys, "--db", db, "trash", "--import", str(number))
    assert code == 0 and active_ids(capsys, db) == [1, 2]
    code, _, err = run(capsys, "--db", db, "trash", "1", "--import", str(number))
    assert code == 2 and "not both" in err


def test_scan_checks_every_article_not_checked_yet(capsys, db):
    count = lambda: sqlite3.connect(db).execute("SELECT count(*) FROM dedupe_index").fetchone()[0]
    assert count() == 0
    code, out, _ = run(capsys, "--db", db, "scan")
    assert code == 0 and count() == 2
    assert "Scanned 2 new articles: 1 new duplicate suggestion" in out  # the samples are one pair
