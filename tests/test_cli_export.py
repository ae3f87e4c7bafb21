"""`curator export` on a real library file: formats, scopes, messages and exit codes."""

import csv
import json

import pytest

from curator.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, main
from curator.core.ingest.samples import sample_paths


@pytest.fixture
def db(tmp_path, capsys):
    """A library holding the two sample articles, article 2 merged into article 1."""
    path = str(tmp_path / "x.db")
    main(["--db", path, "import", *map(str, sample_paths())])
    main(["--db", path, "merge", "1", "2"])
    main(["--db", path, "tag", "1", "0", "6", "PLACE"])
    capsys.readouterr()
    return path


def lines_of(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_format_follows_the_extension_and_the_count_is_printed(db, tmp_path, capsys):
    assert main(["--db", db, "export", str(tmp_path / "out.jsonl")]) == EXIT_OK
    assert capsys.readouterr().out == f"Exported 1 article to {tmp_path / 'out.jsonl'}.\n"
    [record] = lines_of(tmp_path / "out.jsonl")
    assert record["id"] == 1 and len(record["sources"]) == 2 and record["mentions"][0]["text"] == "Russia"

    assert main(["--db", db, "export", str(tmp_path / "out.csv"), "--include-merged"]) == EXIT_OK
    assert capsys.readouterr().out == f"Exported 2 articles to {tmp_path / 'out.csv'}.\n"
    with open(tmp_path / "out.csv", encoding="utf-8", newline="") as file:
        assert [(row["id"], row["status"], row["merged_into"]) for row in csv.DictReader(file)] == [
            ("1", "active", ""), ("2", "merged", "1")]


def test_spans_and_entities_formats(db, tmp_path, capsys):
    assert main(["--db", db, "export", "--format", "spans", str(tmp_path / "ner.jsonl")]) == EXIT_OK
    [record] = lines_of(tmp_path / "ner.jsonl")
    assert [(record["text"][s["start"]:s["end"]], s["label"]) for s in record["spans"]] == [("Russia", "PLACE")]
    assert main(["--db", db, "export", "--format", "entities", str(tmp_path / "entities.csv")]) == EXIT_OK
    assert capsys.readouterr().out.splitlines()[-1] == f"Exported 1 entity to {tmp_path / 'entities.csv'}."
    assert (tmp_path / "entities.csv").read_text(encoding="utf-8").splitlines() == [
        "id,name,type,aliases,notes,external_id,mentions,articles", "1,Russia,PLACE,,,,1,1"]


def test_annotated_only_writes_the_articles_with_accepted_mentions(db, tmp_path, capsys):
    out = tmp_path / "training.jsonl"
    (tmp_path / "plain.txt").write_text("Title: Plain\n\nA story nobody has tagged, about Vienna.\n", encoding="utf-8")
    main(["--db", db, "import", str(tmp_path / "plain.txt")])
    main(["--db", db, "suggest"])  # pending suggestions are no annotations
    assert main(["--db", db, "export", "--format", "spans", str(out)]) == EXIT_OK
    assert [r["text"][:20] for r in lines_of(out)][-1] == "A story nobody has t"
    assert main(["--db", db, "export", "--format", "spans", "--annotated-only", str(out)]) == EXIT_OK
    [record] = lines_of(out)
    assert [(record["text"][s["start"]:s["end"]], s["label"]) for s in record["spans"]] == [("Russia", "PLACE")]
    capsys.readouterr()
    assert main(["--db", db, "export", "--format", "entities", "--annotated-only", str(out)]) == EXIT_USAGE
    assert "the entities format writes the library's entities whole" in capsys.readouterr().err


def test_search_and_ids_narrow_the_articles(db, tmp_path, capsys):
    out = tmp_path / "some.jsonl"
    assert main(["--db", db, "export", str(out), "--search", "intercontinental", "--include-merged"]) == EXIT_OK
    assert [r["id"] for r in lines_of(out)] == [2]
    # Only the merged-away article has the word.
    assert main(["--db", db, "export", str(out), "--search", "intercontinental"]) == EXIT_OK
    assert lines_of(out) == []
    assert main(["--db", db, "export", str(out), "--ids", "2, 1"]) == EXIT_OK
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"Exported 1 article to {out} (1 merged-away article left out).")
    assert [r["id"] for r in lines_of(out)] == [1]


@pytest.mark.parametrize("arguments, message", [
    (["out.txt"], "cannot tell the format from 'out.txt'; give --format"),
    (["out.csv", "--ids", "1,x"], "--ids takes article ids separated by commas"),
    (["--format", "entities", "e.csv", "--search", "Russia"], "the entities format writes the library's entities whole"),
])
def test_usage_errors_exit_2(db, tmp_path, capsys, arguments, message):
    assert main(["--db", db, "export", *arguments]) == EXIT_USAGE
    assert message in capsys.readouterr().err
    assert not any(path.suffix in (".txt", ".csv") for path in tmp_path.iterdir())


def test_an_unknown_format_is_a_usage_error(db, capsys):
    with pytest.raises(SystemExit) as exit:
        main(["--db", db, "export", "--format", "xml", "out.xml"])
    assert exit.value.code == EXIT_USAGE
    assert "invalid choice: 'xml'" in capsys.readouterr().err


def test_an_unknown_article_or_an_unwritable_file_exits_1(db, tmp_path, capsys):
    assert main(["--db", db, "export", str(tmp_path / "out.jsonl"), "--ids", "1,7"]) == EXIT_FAILED
    assert "There is no article 7" in capsys.readouterr().err
    assert main(["--db", db, "export", str(tmp_path / "nowhere" / "out.jsonl")]) == EXIT_FAILED
    assert "Cannot write" in capsys.readouterr().err
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize("suffix", ["", "-wal"])
def test_exporting_onto_the_library_is_refused_in_one_line_and_the_library_kept(db, capsys, suffix):
    assert main(["--db", db, "export", db + suffix, "--format", "csv"]) == EXIT_FAILED
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "never writes there" in error and "Traceback" not in error
    assert main(["--db", db, "articles", "--json", "--all"]) == EXIT_OK
    assert len(capsys.readouterr().out.splitlines()) == 2


def test_raw_csv_keeps_formula_cells_as_stored(db, tmp_path, capsys):
    main(["--db", db, "tag", "1", "0", "6", "ORG", "=SUM(1)"])
    for option, expected in (([], "'=SUM(1)"), (["--raw-csv"], "=SUM(1)")):
        assert main(["--db", db, "export", str(tmp_path / "e.csv"), "--format", "entities", *option]) == EXIT_OK
        with open(tmp_path / "e.csv", newline="", encoding="utf-8") as file:
            assert expected in [row[1] for row in csv.reader(file)]
