"""The quick check begun ahead, on a connection of its own: the first write waits for its answer."""

from __future__ import annotations

import hashlib

import pytest

from curator.core.dedupe import scan_duplicates
from curator.core.ingest import import_paths
from curator.core.library import Library, LibraryError
from tests.factories import damage_middle_page


def folder_of_articles(tmp_path, count: int = 60):
    folder = tmp_path / "in"
    folder.mkdir()
    for index in range(count):
        (folder / f"{index}.txt").write_text(f"Headline {index}\n\n" + f"Paragraph {index} of words. " * 400)
    return folder


def statements_on(library: Library) -> list[str]:
    said: list[str] = []
    library.db.conn.set_trace_callback(said.append)
    return said


def test_an_import_and_a_scan_wait_for_the_check_begun_ahead_instead_of_checking_again(tmp_path):
    folder = folder_of_articles(tmp_path)
    Library.open(tmp_path / "lib.db").close()  # made and checked: the opens below check nothing
    for step in (lambda library: import_paths(library, [folder]).imported,
                 lambda library: scan_duplicates(library).new_articles):
        library = Library.open(tmp_path / "lib.db")
        said = statements_on(library)
        assert step(library) == 60
        assert not [statement for statement in said if "quick_check" in statement]
        library.close()


def test_a_damaged_page_found_by_the_check_begun_ahead_stops_the_first_write(tmp_path):
    db = tmp_path / "lib.db"
    library = Library.open(db)
    import_paths(library, [folder_of_articles(tmp_path)])
    library.close()
    damage_middle_page(db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    library = Library.open(db)
    library.check_ahead()
    with pytest.raises(LibraryError, match="is damaged"):
        with library.atomic() as connection:
            connection.execute("UPDATE articles SET title = 'changed' WHERE id = 1")
    library.close()
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
