import io
import json
import zipfile


from curator.core.ingest.importing import import_paths
from curator.core.ingest.sources import ImportLimits
from curator.core.ingest.samples import sample_paths
from curator.core.library.store import ArticleQuery
from tests.corpus import generate_articles, write_csv, write_text_folder


def table_counts(library):
    return {name: library.db[name].count for name in ("articles", "files", "history")}


def test_seeds_import_with_date_dateline_and_clean_body(library):
    report = import_paths(library, sample_paths())
    assert report.imported == 2 and not report.errors
    articles = [library.article(i) for i in report.article_ids]
    by_dateline = {a["dateline"]: a for a in articles}
    assert set(by_dateline) == {"Moscow", "MOSCOW"}
    assert by_dateline["MOSCOW"]["published"] == "2017-11-30"
    assert by_dateline["MOSCOW"]["body"].startswith("Russia on Thursday (Nov 30) rejected")
    assert by_dateline["Moscow"]["body"].startswith("Russia on Thursday rejected")
    for article in articles:
        assert "COMMERCIAL BREAK" not in article["body"]
        assert "SCROLL TO CONTINUE" not in article["body"]
        assert article["title"]
        (source,) = article["files"]
        original = next(p for p in sample_paths() if p.name in source["path"]).read_text(encoding="utf-8")
        assert library.raw_text(source["id"]) == original  # nothing lost


def test_reimporting_the_same_bytes_is_a_reported_no_op(library, tmp_path):
    first = import_paths(library, sample_paths())
    before = table_counts(library)
    second = import_paths(library, sample_paths())
    assert (first.imported, second.imported, len(second.skipped)) == (2, 0, 2)
    assert table_counts(library) == before


def test_same_bytes_twice_in_one_import_are_stored_once(library, tmp_path):
    (tmp_path / "a.txt").write_text("Headline\n\nSome body text here.")
    (tmp_path / "b.txt").write_text("Headline\n\nSome body text here.")
    report = import_paths(library, [tmp_path / "a.txt", tmp_path / "b.txt"])
    assert report.imported == 1 and report.skipped == [str(tmp_path / "b.txt")]
    assert library.history(1)[0]["summary"] == "Imported 1 article from 1 file"


def test_folder_of_100_text_articles_and_csv_of_the_same(library, tmp_path):
    articles = generate_articles(100, seed=7)
    write_text_folder(articles, tmp_path / "folder")
    write_csv(articles, tmp_path / "same.csv")
    from_folder = import_paths(library, [tmp_path / "folder"])
    from_csv = import_paths(library, [tmp_path / "same.csv"])
    assert (from_folder.imported, from_csv.imported) == (100, 100)
    assert not from_folder.errors and not from_csv.errors
    for txt_id, csv_id, expected in zip(from_folder.article_ids, from_csv.article_ids, articles):
        txt, row = library.article(txt_id), library.article(csv_id)
        assert txt["title"] == row["title"] == expected.title
        assert txt["published"] == row["published"] == expected.published
        assert txt["outlet"] == row["outlet"] == expected.outlet
        assert txt["body"] == row["body"] == expected.body
        assert txt["dateline"] == row["dateline"] == expected.dateline
    assert library.article(from_csv.article_ids[4])["files"][0]["record"] is not None


def write_hostile_folder(folder):
    folder.mkdir()
    (folder / "good.txt").write_text("A good headline\n\nA good body paragraph.", encoding="utf-8")
    (folder / "good.md").write_text("# Markdown headline\n\nBody in *markdown*.", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "broken.json").write_text('{"title": "x", "body": ', encoding="utf-8")
    (folder / "rows.csv").write_text("title,body\nGood row,Some text\nNo body,\n", encoding="utf-8")
    (folder / "huge.txt").write_bytes(b"word " * (300 * 1024))
    (folder / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("inside/fine.txt", "Zipped headline\n\nZipped body text.")
        zf.writestr("../escape.txt", "Escaping headline\n\nShould not import.")
        zf.writestr("/etc/absolute.txt", "Absolute headline\n\nShould not import.")
    (folder / "bundle.zip").write_bytes(archive.getvalue())
    (folder / "not-a-zip.zip").write_bytes(b"PK\x03\x04 truncated garbage")


def test_hostile_folder_reports_each_bad_file_and_imports_every_good_one(library, tmp_path):
    write_hostile_folder(tmp_path / "hostile")
    report = import_paths(library, [tmp_path / "hostile"], limits=ImportLimits(max_file_bytes=1024 * 1024))
    titles = {library.article(i)["title"] for i in report.article_ids}
    assert titles == {"A good headline", "Markdown headline", "Good row", "Zipped headline"}
    reasons = {problem.path.rsplit("/", 1)[-1]: problem.reason for problem in report.errors}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "JSON" in reasons["broken.json"]
    assert "limit" in reasons["huge.txt"]
    assert "unsafe path" in reasons["escape.txt"]
    assert "unsafe path" in reasons["absolute.txt"]
    assert "zip" in reasons["not-a-zip.zip"]
    row_problem = next(p for p in report.errors if p.path.endswith("rows.csv"))
    assert row_problem.record == "row 3"
    assert report.unsupported == [str(tmp_path / "hostile" / "picture.png")]
    assert library.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_zip_bomb_is_refused_and_the_rest_of_the_archive_imports(library, tmp_path):
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bomb.txt", b"0" * (40 * 1024 * 1024))
        zf.writestr("ok.txt", "Fine headline\n\nFine body.")
    report = import_paths(library, [archive])
    assert report.imported == 1
    assert "zip bomb" in report.errors[0].reason


def test_archive_expanded_size_limit_is_enforced_without_trusting_headers(library, tmp_path):
    archive = tmp_path / "big.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as zf:
        for index in range(4):
            zf.writestr(f"part{index}.txt", f"Part {index}\n\n" + "text " * 60_000)
    limits = ImportLimits(max_archive_expanded_bytes=700_000)
    report = import_paths(library, [archive], limits=limits)
    assert report.imported == 2
    assert all("size limit" in problem.reason for problem in report.errors) and len(report.errors) == 2


def test_nested_zip_is_read(library, tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("deep.txt", "Deep headline\n\nDeep body.")
    with zipfile.ZipFile(tmp_path / "outer.zip", "w") as zf:
        zf.writestr("inner.zip", inner.getvalue())
    report = import_paths(library, [tmp_path / "outer.zip"])
    (article_id,) = report.article_ids
    assert library.article(article_id)["files"][0]["path"] == f"{tmp_path / 'outer.zip'}!/inner.zip!/deep.txt"


def test_missing_and_unsupported_explicit_paths_are_errors(library, tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    report = import_paths(library, [tmp_path / "nope.txt", tmp_path / "notes.pdf"])
    assert [p.reason for p in report.errors] == ["no such file or folder", "unsupported file type '.pdf'"]


def test_every_batch_is_journaled_with_its_articles(library, tmp_path):
    write_text_folder(generate_articles(12, seed=3), tmp_path / "f")
    report = import_paths(library, [tmp_path / "f"], batch_files=5)
    rows = list(library.db.query("SELECT op, after FROM history ORDER BY id"))
    assert [r["op"] for r in rows] == ["import"] * 3
    assert sum((json.loads(r["after"])["article_ids"] for r in rows), []) == report.article_ids


def test_cancel_keeps_what_was_read_and_reports_it(library, tmp_path):
    write_text_folder(generate_articles(30, seed=5), tmp_path / "f")
    seen = []
    report = import_paths(
        library, [tmp_path / "f"], progress=lambda done, total, path: seen.append((done, total)),
        cancelled=lambda: len(seen) >= 10,
    )
    assert report.cancelled and report.imported == 10
    assert library.count_articles(ArticleQuery()) == 10
    assert seen[-1] == (10, 30)


def test_a_crashing_parser_costs_one_file_not_the_import(library, tmp_path, monkeypatch):
    from curator.core.ingest import base

    def explode(name, data, boilerplate):
        raise ValueError("boom")

    monkeypatch.setitem(base._PARSERS, ".md", ("markdown", explode))
    (tmp_path / "a.md").write_text("# x\n\ny")
    (tmp_path / "b.txt").write_text("Title\n\nBody.")
    report = import_paths(library, [tmp_path])
    assert report.imported == 1
    assert "ValueError: boom" in report.errors[0].reason


def _outcome(library, report):
    """What an import did, in terms independent of the library's ids."""
    stored = [(a["title"], a["body"], [f["path"] for f in a["files"]]) for a in map(library.article, report.article_ids)]
    return (stored, sorted(report.skipped), report.unsupported,
            sorted((p.path, p.record, p.reason) for p in report.errors))


def test_worker_processes_import_exactly_what_this_process_does(tmp_path, monkeypatch):
    from curator.core.ingest import importing
    from curator.core.library.store import Library

    (tmp_path / "in").mkdir()
    write_hostile_folder(tmp_path / "in" / "hostile")
    write_text_folder(generate_articles(40, seed=11), tmp_path / "in" / "texts")
    (tmp_path / "in" / "texts" / "copy.txt").write_bytes((tmp_path / "in" / "texts" / "article-000003.txt").read_bytes())
    limits = ImportLimits(max_file_bytes=1024 * 1024)
    outcomes = []
    for parallel_from in (10**9, 1):  # in this process, then in worker processes
        monkeypatch.setattr(importing, "PARALLEL_MIN_FILES", parallel_from)
        monkeypatch.setattr(importing, "PARSE_BATCH", 7)  # several batches, each worker more than one
        library = Library.open(tmp_path / f"{parallel_from}.db")
        report = import_paths(library, [tmp_path / "in"], limits=limits, batch_files=9)
        outcomes.append(_outcome(library, report))
        # The text index was filled in bulk: every article is found by a word of its body.
        for article_id in report.article_ids:
            word = library.article(article_id)["body"].split()[-1].strip(".,;:!?\"'()")
            assert article_id in {row["id"] for row in library.article_page(ArticleQuery(search=word), 0, 10_000)}
        library.close()
    assert outcomes[0] == outcomes[1]
    assert len(outcomes[0][0]) > 40 and outcomes[0][1] and outcomes[0][3]


def test_a_file_imported_again_while_its_articles_are_in_the_trash_says_where_they_are(library):
    from curator.core.curation import trash_articles

    first, second = sample_paths()
    report = import_paths(library, [first, second])
    trash_articles(library, [report.article_ids[0]])
    again = import_paths(library, [first, second])
    assert again.imported == 0 and len(again.skipped) == 2 and [p.split("/")[-1] for p in again.in_trash] == [first.name]
    assert again.summary() == "Imported 0 articles, 2 already in the library (1 in the trash, to restore from there)"


def test_an_import_of_many_batches_is_one_import_to_take_back(library, tmp_path):
    from curator.core.curation import import_article_ids

    folder = tmp_path / "in"
    write_text_folder(generate_articles(5), folder)
    report = import_paths(library, [folder], batch_files=2)  # three transactions, three history rows
    rows = [row["id"] for row in library.db.query("SELECT id FROM history WHERE op = 'import' ORDER BY id")]
    assert len(rows) == 3
    assert [import_article_ids(library, row) for row in rows] == [sorted(report.article_ids)] * 3
    # Listed as a person ran it: one import, of three transactions.
    [run] = library.history_runs(10)
    assert (run["id"], run["operations"]) == (rows[-1], 3)
    again = import_paths(library, [tmp_path / "in"], batch_files=2)
    assert again.run != report.run


def test_a_folder_given_relative_to_the_working_folder_is_stored_with_its_whole_path(library, tmp_path, monkeypatch):
    write_text_folder(generate_articles(1), tmp_path / "in")
    monkeypatch.chdir(tmp_path)
    import_paths(library, ["in"])
    [path] = [row[0] for row in library.db.execute("SELECT path FROM files")]
    assert path.startswith(str(tmp_path)) and path.endswith(".txt")
