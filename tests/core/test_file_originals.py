"""Every imported file's exact bytes are kept once, so its SHA-256 is reproduced from the library alone."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest

from curator.core.ingest import importing
from curator.core.ingest.importing import import_paths
from curator.core.library.store import Library

_ARTICLE = "Ministers met in Geneva on Monday to talk about trade. The talks went on late into the night.\n"

# Bytes a re-serialised record or a decoded text would not reproduce: a BOM, duplicate JSON keys,
# CRLF line ends, spacing, a legacy code page.
FILES = {
    "story.txt": "\ufeffTalks in Geneva\r\n\r\n".encode() + _ARTICLE.replace("\n", "\r\n").encode(),
    "legacy.txt": ("Café talks\n\nThe café owners met in Zürich on Monday. " + _ARTICLE).encode("cp1252"),
    "notes.md": f"# Talks in Geneva\n\n*Ministers* met.  {_ARTICLE}".encode(),
    "page.html": f"<html><head><title>Talks in Geneva</title></head><body><article><p>{_ARTICLE}</p>"
                 f"<p>{_ARTICLE}</p></article></body></html>".encode(),
    "feed.json": ('\ufeff{"articles": [ {"title": "One", "title": "One again", "text": "%s"},\n'
                  '  {"title": "Two",   "text": "%s"} ]}' % (_ARTICLE.strip(), "Second " + _ARTICLE.strip())).encode(),
    "lines.jsonl": ('{"title": "A", "text": "%s", "text": "%s"}\r\n\r\n{"title":"B","text":"%s"}\r\n'
                    % ("x", _ARTICLE.strip(), "Other " + _ARTICLE.strip())).encode(),
    "table.csv": ("\ufefftitle,text\r\n\"One\",\"%s\"\r\nTwo,\"Another %s\"\r\n"
                  % (_ARTICLE.strip(), _ARTICLE.strip())).encode(),
    "table.tsv": ("title\ttext\nOne\t%s\nTwo\tYet another %s\n" % (_ARTICLE.strip(), _ARTICLE.strip())).encode(),
}


def _zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(f"inner/{name}", data)
    return buffer.getvalue()


def _write(folder, files: dict[str, bytes]) -> None:
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)


def _sources(library: Library) -> list[dict]:
    return list(library.db.query("SELECT id, path, record, sha256, size, importer FROM files ORDER BY id"))


@pytest.mark.parametrize("parallel_from", [10**9, 1], ids=["in this process", "in worker processes"])
def test_every_importer_keeps_bytes_that_reproduce_the_files_hash(tmp_path, monkeypatch, parallel_from):
    monkeypatch.setattr(importing, "PARALLEL_MIN_FILES", parallel_from)
    _write(tmp_path / "in", FILES)
    (tmp_path / "in" / "bundle.zip").write_bytes(_zip_of({f"z-{name}": data + b"\n" for name, data in FILES.items()}))
    library = Library.open(tmp_path / "library.db")
    report = import_paths(library, [tmp_path / "in"])
    assert not report.errors
    sources = _sources(library)
    importers = {source["importer"] for source in sources}
    assert importers == {"text", "html", "json", "jsonl", "csv"}
    paths = {source["path"] for source in sources}
    assert len(paths) == 2 * len(FILES) and sum("bundle.zip!/" in path for path in paths) == len(FILES)
    for source in sources:
        original = library.original(source["sha256"])
        assert original is not None, source["path"]
        assert hashlib.sha256(original).hexdigest() == source["sha256"]
        assert len(original) == source["size"]
        on_disk = source["path"].split("!/")[0]
        if "!/" not in source["path"]:
            assert original == (tmp_path / "in" / on_disk).read_bytes()
        else:
            entry = source["path"].split("!/")[1]
            assert original == zipfile.ZipFile(on_disk).read(entry)
    library.close()


def test_a_file_of_many_records_keeps_its_bytes_once_and_each_article_its_record(tmp_path, library):
    rows = "".join(f'{{"title": "Story {n}", "text": "Story {n}. {_ARTICLE.strip()}"}}\n' for n in range(30))
    (tmp_path / "many.jsonl").write_text(rows)
    report = import_paths(library, [tmp_path / "many.jsonl"])
    assert report.imported == 30
    [(count, size, stored)] = library.db.execute("SELECT count(*), sum(size), sum(length(data)) FROM originals")
    assert count == 1 and size == len(rows.encode()) and stored < size / 3  # once, compressed
    records = {row["record"] for row in _sources(library)}
    assert records == {f"line {n}" for n in range(1, 31)}
    article = library.article(report.article_ids[4])
    [source] = article["files"]
    assert source["record"] == "line 5" and article["title"] == "Story 4"
    line = library.original(source["sha256"]).decode().split("\n")[4]
    assert json.loads(line)["title"] == "Story 4"


def test_the_same_bytes_at_two_paths_keep_one_original(tmp_path, library):
    _write(tmp_path / "in", {"a.txt": _ARTICLE.encode(), "b.txt": _ARTICLE.encode()})
    report = import_paths(library, [tmp_path / "in"])
    assert report.imported == 1 and len(report.skipped) == 1
    assert library.db.execute("SELECT count(*) FROM originals").fetchone()[0] == 1


def test_a_file_without_articles_keeps_no_original(tmp_path, library):
    (tmp_path / "empty.json").write_text("[]")
    report = import_paths(library, [tmp_path / "empty.json"])
    assert report.errors and library.db.execute("SELECT count(*) FROM originals").fetchone()[0] == 0


def test_a_library_from_before_originals_opens_and_keeps_new_originals(tmp_path):
    from sqlite_utils import Database

    from curator.core.library.schema import migrations

    path = tmp_path / "old.db"
    db = Database(path)
    migrations.apply(db, stop_before="0014_file_originals")
    db.execute("INSERT INTO articles (id, title, body, created_at, updated_at) VALUES (1, 't', 'b', '', '')")
    db.execute("INSERT INTO files (path, sha256, size, importer, raw_text, imported_at, article_id) "
               "VALUES ('old.txt', 'aaa', 1, 'text', 'b', '', 1)")
    db.close()
    library = Library.open(path)
    assert library.original("aaa") is None and library.raw_text(1) == "b"
    (tmp_path / "new.txt").write_bytes(_ARTICLE.encode())
    import_paths(library, [tmp_path / "new.txt"])
    assert library.original(hashlib.sha256(_ARTICLE.encode()).hexdigest()) == _ARTICLE.encode()
    library.close()


@pytest.mark.parametrize("parallel_from", [10**9, 1], ids=["in this process", "in worker processes"])
def test_a_text_files_raw_text_is_kept_once_as_its_bytes_and_read_back_exactly(tmp_path, monkeypatch, parallel_from):
    """A text or HTML file's raw text is its bytes decoded: kept as those bytes alone, read back the same."""
    monkeypatch.setattr(importing, "PARALLEL_MIN_FILES", parallel_from)
    _write(tmp_path / "in", FILES)
    (tmp_path / "in" / "bundle.zip").write_bytes(_zip_of({"inner.txt": _ARTICLE.encode()}))
    libraries = {}
    for name in ("kept once", "kept twice"):
        if name == "kept twice":  # as the library stored every raw text before (parsed here, where that holds)
            monkeypatch.setattr(importing, "kept_raw_text", lambda raw_text, data, encoding: raw_text)
            monkeypatch.setattr(importing, "PARALLEL_MIN_FILES", 10**9)
        libraries[name] = Library.open(tmp_path / f"{name}.db")
        assert not import_paths(libraries[name], [tmp_path / "in"]).errors
    once, twice = libraries["kept once"], libraries["kept twice"]
    ids = [source["id"] for source in _sources(once)]
    assert ids == [source["id"] for source in _sources(twice)]
    assert [once.raw_text(file_id) for file_id in ids] == [twice.raw_text(file_id) for file_id in ids]
    left_to_bytes = {row[0] for row in once.db.execute("SELECT path FROM files WHERE raw_text = ''")}
    # The legacy code page and the HTML page too; the BOM-less reading of story.txt and the records keep theirs.
    assert {path.rsplit("/", 1)[-1] for path in left_to_bytes} == {"legacy.txt", "notes.md", "page.html", "inner.txt"}
    stored = "SELECT sum(length(raw_text)) FROM files"
    saved = sum(len(twice.raw_text(file_id) or "") for file_id, in once.db.execute("SELECT id FROM files WHERE raw_text = ''"))
    assert once.db.execute(stored).fetchone()[0] == twice.db.execute(stored).fetchone()[0] - saved > 0
