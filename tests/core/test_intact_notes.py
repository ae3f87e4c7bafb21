"""A library left as a passed quick check (or Curator's own close) left it is not read in full
again; anything else that changed the file brings the check back."""

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from curator.core.ingest.importing import import_paths
from curator.core.ingest.samples import sample_paths
from curator.core.library import intact_notes
from curator.core.library.store import Library, LibraryError
from tests.factories import damage_middle_page


@pytest.fixture(autouse=True)
def notes_here(tmp_path, monkeypatch):
    monkeypatch.setattr(intact_notes, "_notes_file", lambda: tmp_path / "cache" / "checked-libraries.json")


@pytest.fixture
def used_library(tmp_path):
    """A library Curator checked, wrote to and closed."""
    path = tmp_path / "library.db"
    library = Library.open(path)
    import_paths(library, sample_paths())
    library.close()
    return path


def checks_before_writing(path) -> bool:
    """Whether a command opening ``path`` now would run the quick check before its first write."""
    library = Library.open(path)
    try:
        library.check_ahead()
        return library._check_running is not None
    finally:
        library._check_running and library._check_running.result()
        library.db.close()


def test_a_library_left_as_curator_closed_it_is_not_checked_again(used_library):
    assert not checks_before_writing(used_library)
    library = Library.open(used_library)
    import_paths(library, [sample_paths()[0].parent])  # writes without a check; its close notes the new state
    library.close()
    assert not checks_before_writing(used_library)


def test_another_program_writing_to_the_library_brings_the_check_back(used_library):
    with sqlite3.connect(used_library) as connection:
        connection.execute("UPDATE articles SET title = 'Edited elsewhere' WHERE id = 1")
    connection.close()
    assert checks_before_writing(used_library)


def test_a_damaged_page_is_found_after_a_clean_close(used_library):
    damage_middle_page(used_library)
    library = Library.open(used_library)
    with pytest.raises(LibraryError, match="is damaged"):
        with library.atomic() as db:
            db.execute("UPDATE articles SET title = 'x' WHERE id = 1")


def test_a_curator_killed_after_writing_brings_the_check_back(used_library, tmp_path):
    script = textwrap.dedent(f"""
        import os, signal
        from curator.core.library import intact_notes
        from curator.core.library.store import Library
        intact_notes._notes_file = lambda: __import__("pathlib").Path({str(tmp_path / "cache" / "checked-libraries.json")!r})
        library = Library.open({str(used_library)!r})
        with library.atomic() as db:
            db.execute("UPDATE articles SET title = 'Half done' WHERE id = 1")
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    killed = subprocess.run([sys.executable, "-c", script], cwd=os.getcwd())
    assert killed.returncode == -signal.SIGKILL
    assert checks_before_writing(used_library)


def test_an_old_note_is_not_trusted(used_library, monkeypatch):
    monkeypatch.setattr(intact_notes, "TRUSTED_FOR", 0.0)
    assert checks_before_writing(used_library)


def test_a_garbled_or_missing_notes_file_means_a_check(used_library, tmp_path):
    notes = tmp_path / "cache" / "checked-libraries.json"
    notes.write_text("{not json")
    assert checks_before_writing(used_library)
    notes.unlink()
    assert checks_before_writing(used_library)


def test_the_notes_keep_only_the_most_recent_libraries(tmp_path, monkeypatch):
    monkeypatch.setattr(intact_notes, "REMEMBERED", 3)
    paths = []
    for index in range(5):
        path = tmp_path / f"{index}.db"
        path.write_bytes(b"")
        intact_notes.note_intact(path, checked_now=True)
        paths.append(path)
    assert [intact_notes.is_noted_intact(path) for path in paths] == [False, False, True, True, True]


def test_a_change_made_by_another_program_while_curator_has_the_library_open_is_checked(used_library):
    library = Library.open(used_library)
    with library.atomic() as db:  # its own write, trusted
        db.execute("UPDATE articles SET title = 'Edited here' WHERE id = 1")
    other = sqlite3.connect(used_library)
    with other:
        other.execute("UPDATE articles SET title = 'Edited elsewhere' WHERE id = 2")
    other.close()
    library.close()  # does not vouch for what it did not write
    assert checks_before_writing(used_library)
