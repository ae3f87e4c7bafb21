import json
import subprocess
import sys

import pytest

from curator import __version__
from curator.cli import main
from curator.cli.arguments import EXIT_USAGE
from curator.core.ingest.samples import sample_paths
from curator.core.library import Library


@pytest.fixture
def db(tmp_path):
    """An empty library's path: every command but import refuses one that is not there."""
    Library.open(tmp_path / "x.db").close()
    return str(tmp_path / "x.db")


def run_json(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr().out.strip().splitlines()
    return code, out


def test_import_seeds_then_again_reports_skipped(capsys, db):
    seeds = str(sample_paths()[0].parent)
    code, out = run_json(capsys, "--db", db, "import", seeds, "--json")
    first = json.loads(out[-1])
    assert code == 0 and first["imported"] == 2 and first["skipped"] == 0 and first["errors"] == []
    code, out = run_json(capsys, "--db", db, "import", seeds, "--json")
    second = json.loads(out[-1])
    assert code == 0 and second["imported"] == 0 and second["skipped"] == 2


def test_import_with_a_bad_file_exits_1_and_names_it(capsys, db, tmp_path):
    (tmp_path / "good.txt").write_text("Headline\n\nBody text.")
    (tmp_path / "bad.json").write_text("{nope")
    code = main(["import", str(tmp_path / "good.txt"), str(tmp_path / "bad.json"), "--db", db])
    captured = capsys.readouterr()
    assert code == 1
    assert "Imported 1 article" in captured.out
    assert "bad.json" in captured.err and "invalid JSON" in captured.err


def test_articles_lists_searches_and_shows(capsys, db):
    main(["--db", db, "import", *map(str, sample_paths())])
    capsys.readouterr()
    code, out = run_json(capsys, "--db", db, "articles", "--json")
    rows = [json.loads(line) for line in out]
    assert code == 0 and len(rows) == 2 and {"id", "title", "published", "outlet"} <= set(rows[0])
    main(["--db", db, "articles", "--search", "Belarusian"])
    assert capsys.readouterr().out.strip().endswith("2 articles")
    main(["--db", db, "articles", "--search", "Kremlin yesterday"])
    assert capsys.readouterr().out.strip().endswith("1 article")
    dated = next(r for r in rows if r["published"] == "2017-11-30")
    assert main(["--db", db, "show", str(dated["id"])]) == 0
    shown = capsys.readouterr().out
    assert "dateline:    MOSCOW" in shown and "russia-rejects-us-call-to-cut-ties-2.txt" in shown
    assert "Russia on Thursday (Nov 30) rejected" in shown


def test_articles_sort_by_a_column_as_the_app_does(capsys, db):
    main(["--db", db, "import", *map(str, sample_paths())])
    capsys.readouterr()
    lengths = {}
    for order in ([], ["--desc"]):
        code, out = run_json(capsys, "--db", db, "articles", "--sort", "length", *order, "--json")
        lengths[bool(order)] = [json.loads(line)["body_length"] for line in out]
        assert code == 0
    assert lengths[False] == sorted(lengths[False]) and lengths[True] == lengths[False][::-1]
    assert lengths[False][0] < lengths[False][1]
    code, out = run_json(capsys, "--db", db, "articles", "--sort", "date", "--json")
    assert [json.loads(line)["published"] for line in out] == [None, "2017-11-30"]
    # --desc turns a --sort around; alone it would list import order as if it had been obeyed.
    assert main(["--db", db, "articles", "--desc"]) == EXIT_USAGE
    assert capsys.readouterr().err == ("curator articles: --desc turns a --sort around; "
                                       "give --sort title, date, outlet or length\n")


def test_show_unknown_id_exits_1(capsys, db):
    assert main(["--db", db, "show", "999"]) == 1
    assert "no article with id 999" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys, db):
    with pytest.raises(SystemExit) as exited:
        main(["--db", db, "import"])
    assert exited.value.code == 2
    with pytest.raises(SystemExit) as exited:
        main(["--db", db, "import", "x", "--max-file-mb", "0"])
    assert exited.value.code == 2


def test_console_script_runs_version_and_help():
    version = subprocess.run([sys.executable, "-m", "curator", "--version"], capture_output=True, text=True)
    assert version.stdout.strip() == f"curator {__version__}"
    for command in ("import", "articles", "show"):
        helped = subprocess.run([sys.executable, "-m", "curator", command, "--help"], capture_output=True, text=True)
        assert helped.returncode == 0 and "usage: curator" in helped.stdout


def test_curator_db_environment_variable_is_used(tmp_path):
    env_db = tmp_path / "from-env.db"
    result = subprocess.run(
        [sys.executable, "-m", "curator", "import", str(sample_paths()[0]), "--json"],
        capture_output=True, text=True, env={**__import__("os").environ, "CURATOR_DB": str(env_db)},
    )
    assert json.loads(result.stdout.splitlines()[-1])["imported"] == 1
    assert env_db.exists()


def test_dupes_json_shape_and_min_score(capsys, db):
    main(["--db", db, "import", *map(str, sample_paths())])
    capsys.readouterr()
    assert main(["--db", db, "dupes", "--json"]) == 0
    (line,) = capsys.readouterr().out.strip().splitlines()
    pair = json.loads(line)
    assert set(pair) >= {"a", "b", "score", "kind", "reason"}
    for side in ("a", "b"):
        assert set(pair[side]) >= {"id", "title", "source", "url"}
        assert pair[side]["source"].endswith(".txt")
    assert 0 < pair["score"] <= 1 and pair["kind"] in {"exact", "near", "contained"}
    # Passages are read from both texts only when asked for; the stored components and their words always come.
    assert {"jaccard", "containment", "ratio", "summary"} <= set(pair["reason"])
    assert not {"passages", "only_a", "only_b"} & set(pair["reason"])
    assert main(["--db", db, "dupes", "--json", "--explain"]) == 0
    (line,) = capsys.readouterr().out.strip().splitlines()
    explained = json.loads(line)
    assert {"jaccard", "containment", "ratio", "passages", "only_a", "only_b", "summary"} <= set(explained["reason"])
    assert explained["reason"]["passages"] and explained["reason"]["summary"].startswith(pair["reason"]["summary"])
    main(["--db", db, "dupes", "--json", "--min-score", "0.99"])
    assert capsys.readouterr().out.strip() == ""
    assert main(["--db", db, "dupes", "--min-score", "7"]) == 2


@pytest.mark.parametrize("count", [0, 1, 999, 1000, 2501])
def test_many_lines_are_written_in_blocks_each_once_in_order(capsys, monkeypatch, count):
    from curator.cli import output

    monkeypatch.setattr(output, "LINES_AT_ONCE", 1000)
    output.print_lines(f'{{"n": {n}}}' for n in range(count))
    assert capsys.readouterr().out.splitlines() == [f'{{"n": {n}}}' for n in range(count)]


def test_compare_scores_two_files_without_a_library(capsys, tmp_path):
    first, second = map(str, sample_paths())
    assert main(["--db", str(tmp_path / "never.db"), "compare", first, second, "--json"]) == 0
    verdict = json.loads(capsys.readouterr().out)
    assert verdict["score"] > 0.7 and verdict["reason"]["passages"] and verdict["kind"] == "contained"
    assert not (tmp_path / "never.db").exists()
    assert main(["compare", first, second]) == 0
    out = capsys.readouterr().out
    assert out.startswith("score 0.") and "only in A: Lavrov pointed to Washington's plans" in out
    assert main(["compare", first, str(tmp_path / "missing.txt")]) == 1


def test_merge_undo_redo_unmerge_and_history(capsys, db):
    main(["--db", db, "import", str(sample_paths()[0].parent)])
    main(["--db", db, "dupes"])
    capsys.readouterr()
    assert main(["--db", db, "merge", "1", "2", "--field", "title=2"]) == 0
    assert capsys.readouterr().out.startswith("Merged 2 articles into “Russia")
    code, out = run_json(capsys, "--db", db, "show", "1", "--json")
    shown = json.loads("\n".join(out))
    assert shown["title"].startswith("Russia on Thursday (Nov 30)") and shown["published"] == "2017-11-30"
    assert main(["--db", db, "undo"]) == 0
    assert capsys.readouterr().out.startswith("Undid: Merged 2 articles into “Russia")
    assert main(["--db", db, "redo"]) == 0
    assert main(["--db", db, "unmerge", "2"]) == 0
    assert "Restored articles 1, 2" in capsys.readouterr().out
    assert main(["--db", db, "unmerge", "2"]) == 1
    assert "not part of a merge" in capsys.readouterr().err
    code, out = run_json(capsys, "--db", db, "history", "--json")
    assert [json.loads(line)["op"] for line in out][:4] == ["unmerge", "merge", "scan_stories", "scan_duplicates"]


def test_merge_usage_errors_and_refusals(capsys, db):
    main(["--db", db, "import", str(sample_paths()[0].parent)])
    assert main(["--db", db, "merge", "1"]) == 2
    assert main(["--db", db, "merge", "1", "2", "--field", "colour=2"]) == 2
    assert main(["--db", db, "merge", "1", "7"]) == 1
    assert "There is no article 7" in capsys.readouterr().err
    assert main(["--db", db, "undo"]) == 1
    assert "Nothing to undo" in capsys.readouterr().err
    assert main(["--db", db, "merge", "--all-exact", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"groups": 0, "merged_away": 0, "kept": []}


def test_tag_with_all_and_entities_listing(capsys, db):
    main(["--db", db, "import", str(sample_paths()[0].parent)])
    capsys.readouterr()
    main(["--db", db, "show", "1", "--json"])
    body = json.loads(capsys.readouterr().out)["body"]
    start = body.index("Lavrov")
    assert main(["--db", db, "tag", "1", str(start), str(start + 6), "person", "Sergei Lavrov", "--all"]) == 0
    out = capsys.readouterr().out
    # Not where "Lavrov" ends "Foreign Minister Sergei Lavrov": a tag there would cut the name.
    assert "Tagged “Lavrov” in article 1." in out and "Tagged 3 more occurrences in 2 articles." in out
    code, out = run_json(capsys, "--db", db, "entities", "--json")
    assert [json.loads(line) for line in out] == [{
        "id": 1, "name": "Sergei Lavrov", "type": "PERSON", "aliases": [], "external_id": None, "accepted": 4,
        "pending": 0, "article_ids": [1, 2], "suggested": False}]
    assert main(["--db", db, "tag", "1", "0", "3", "ship"]) == 1
    assert "Unknown entity type 'SHIP'" in capsys.readouterr().err
    assert main(["--db", db, "tag", "1", "0", "99999", "person"]) == 1
    assert f"Characters 0 to 99999 are not in the article's text ({len(body):,} characters long)" in capsys.readouterr().err


def test_suggest_stores_pending_mentions_listed_by_entities(capsys, db):
    main(["--db", db, "import", str(sample_paths()[0].parent)])
    capsys.readouterr()
    assert main(["--db", db, "suggest"]) == 0
    assert capsys.readouterr().out.startswith("Suggested ")
    code, out = run_json(capsys, "--db", db, "entities", "--json")
    rows = [json.loads(line) for line in out]
    assert {"Minsk", "Pyongyang", "Sergei Lavrov", "North Korea", "Kim Jong-Un"} <= {row["name"] for row in rows}
    # Every line has the documented keys, and a name suggested for no entity yet its confidence too.
    keys = ["id", "name", "type", "aliases", "external_id", "accepted", "pending", "article_ids", "suggested"]
    assert all(list(row) == keys + (["confidence"] if row["suggested"] else []) for row in rows)
    minsk = next(row for row in rows if row["name"] == "Minsk")
    assert minsk["suggested"] and minsk["article_ids"] == [1, 2] and 0.5 <= minsk["confidence"] <= 1


HYWIND_A = ("Equinor starts up Hywind Tampen floating wind farm\n\nEquinor has started production at Hywind Tampen, "
            "the largest floating wind farm, off Norway. The eleven turbines supply the Snorre and Gullfaks "
            "platforms in the North Sea.\n")
HYWIND_B = ("Hywind Tampen floating wind farm begins supplying North Sea platforms\n\nNorway's Equinor said the "
            "Hywind Tampen project, eleven floating turbines in the North Sea, now powers the Gullfaks and Snorre "
            "platforms.\n")


def test_compare_json_adds_the_same_story_score_beside_the_copy_score(capsys, tmp_path):
    (tmp_path / "a.txt").write_text(HYWIND_A)
    (tmp_path / "b.txt").write_text(HYWIND_B)
    code, out = run_json(capsys, "compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--json")
    verdict = json.loads(out[-1])
    assert code == 0
    assert verdict["score"] < 0.5 < verdict["related"] <= 1 and verdict["kind"] is None  # no copy, one story
    assert {"Equinor", "Hywind Tampen"} <= set(verdict["story"]["shared_names"])
    assert "no date on A" in verdict["story"]["missing"]


def test_dupes_lists_rewrites_as_related_after_copies_and_filters_by_kind(capsys, db, tmp_path):
    (tmp_path / "a.txt").write_text(HYWIND_A)
    (tmp_path / "b.txt").write_text(HYWIND_B)
    seeds = str(sample_paths()[0].parent)
    run_json(capsys, "--db", db, "import", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), seeds)
    _, out = run_json(capsys, "--db", db, "dupes", "--json")
    assert [json.loads(line)["kind"] for line in out] == ["contained", "related"]
    _, out = run_json(capsys, "--db", db, "dupes", "--kind", "related", "--json")
    related = [json.loads(line) for line in out]
    assert [(pair["a"]["id"], pair["b"]["id"]) for pair in related] == [(1, 2)]
    assert "Hywind Tampen" in related[0]["reason"]["summary"]
    _, out = run_json(capsys, "--db", db, "dupes", "--json", "--limit", "1")
    assert [json.loads(line)["kind"] for line in out] == ["contained"]
    _, out = run_json(capsys, "--db", db, "dupes", "--json", "--limit", "0")
    assert out == []
    # Listed as text, the last line says how many of how many open pairs are shown.
    assert main(["--db", db, "dupes", "--limit", "1"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 of 2 open pairs"
    assert main(["--db", db, "dupes"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "2 open pairs"


def test_dupes_without_stories_and_with_timings(capsys, db, tmp_path):
    (tmp_path / "a.txt").write_text(HYWIND_A)
    (tmp_path / "b.txt").write_text(HYWIND_B)
    run_json(capsys, "--db", db, "import", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert main(["--db", db, "dupes", "--json", "--no-stories", "--timings"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""  # the rewrite is a related pair, which only the story scan finds
    assert [line.split(":")[0] for line in captured.err.splitlines()] == ["copy scan", "listing"]
    assert main(["--db", db, "dupes", "--json", "--timings"]) == 0
    captured = capsys.readouterr()
    assert [json.loads(line)["kind"] for line in captured.out.splitlines()] == ["related"]
    assert [line.split(":")[0] for line in captured.err.splitlines()] == ["copy scan", "story scan", "listing"]


def test_stories_lists_the_linked_versions_as_json(capsys, db, tmp_path):
    (tmp_path / "a.txt").write_text(HYWIND_A)
    (tmp_path / "b.txt").write_text(HYWIND_B)
    run_json(capsys, "--db", db, "import", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    run_json(capsys, "--db", db, "dupes")
    assert run_json(capsys, "--db", db, "stories", "--json") == (0, [])
    code, out = run_json(capsys, "--db", db, "link", "1", "2")
    assert code == 0 and out == ["Linked as one story: “Equinor starts up Hywind Tampen…” and "
                                  "“Hywind Tampen floating wind farm begins…”. Undo with 'curator undo'."]
    code, out = run_json(capsys, "--db", db, "stories", "--json")
    assert code == 0 and [json.loads(line) for line in out] == [{
        "id": 1, "title": "Equinor starts up Hywind Tampen floating wind farm", "article_ids": [1, 2],
        "outlets": [], "first": None, "last": None}]
    code, out = run_json(capsys, "--db", db, "stories")
    assert out[-1] == "1 story" and "2 versions (1, 2)" in out[1]


def test_a_suggested_pair_is_decided_skipped_and_put_back_from_the_command_line(capsys, db):
    run_json(capsys, "--db", db, "import", str(sample_paths()[0].parent))
    run_json(capsys, "--db", db, "dupes")
    code, out = run_json(capsys, "--db", db, "decide", "2", "1", "skip")
    assert code == 0 and out[0].startswith("Skipped: “") and " and “" in out[0]
    assert main(["--db", db, "decide", "1", "2", "skip"]) != 0
    assert capsys.readouterr().err == "curator decide: Articles 1 and 2 are skipped already\n"
    run_json(capsys, "--db", db, "decide", "1", "2", "queue")
    code, out = run_json(capsys, "--db", db, "decide", "1", "2", "different")
    assert code == 0 and out[0].startswith("Marked not duplicates: “")
    assert run_json(capsys, "--db", db, "dupes")[1] == ["0 open pairs"]
    run_json(capsys, "--db", db, "undo")
    assert run_json(capsys, "--db", db, "dupes", "--json")[1] != []
    assert main(["--db", db, "decide", "1", "9", "different"]) != 0
    assert capsys.readouterr().err == "curator decide: There is no article 9\n"


def linked_hywind(capsys, db, tmp_path) -> None:
    """Two outlets' Hywind reports imported, scanned and linked as story 1 (articles 1 and 2)."""
    (tmp_path / "a.txt").write_text(HYWIND_A)
    (tmp_path / "b.txt").write_text(HYWIND_B)
    run_json(capsys, "--db", db, "import", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    run_json(capsys, "--db", db, "dupes")
    run_json(capsys, "--db", db, "link", "1", "2")


def test_a_story_with_its_other_versions_in_the_trash_says_where_they_are(capsys, db, tmp_path):
    linked_hywind(capsys, db, tmp_path)
    run_json(capsys, "--db", db, "trash", "2")
    assert run_json(capsys, "--db", db, "stories")[1] == ["0 stories"]
    code, out = run_json(capsys, "--db", db, "story", "1")
    assert code == 0 and out[-1].strip().startswith("Its other versions are in the trash")


def test_a_story_whose_versions_were_merged_into_one_is_gone_until_they_are_unmerged(capsys, db, tmp_path):
    linked_hywind(capsys, db, tmp_path)
    code, out = run_json(capsys, "--db", db, "merge", "1", "2")
    # Said as the history says it: the merge took the story apart.
    summary = json.loads(run_json(capsys, "--db", db, "history", "--json")[1][0])["summary"]
    assert summary.startswith("Merged 2 articles into “") and summary.endswith(", down to one version, is gone")
    assert out == [f"{summary}. Undo with 'curator undo'."]
    assert run_json(capsys, "--db", db, "stories")[1] == ["0 stories"]
    assert main(["--db", db, "story", "1"]) == 1
    assert capsys.readouterr().err == "curator story: There is no story 1\n"
    run_json(capsys, "--db", db, "unmerge", "2")
    assert run_json(capsys, "--db", db, "stories")[1][-1] == "1 story"


def test_a_story_is_shown_renamed_and_split_from_the_command_line(capsys, db, tmp_path):
    linked_hywind(capsys, db, tmp_path)
    code, [story] = run_json(capsys, "--db", db, "story", "1", "--json")
    story = json.loads(story)
    assert code == 0 and [version["id"] for version in story["versions"]] == [1, 2]
    assert story["versions"][0]["added_words"] == 0 and story["versions"][1]["added_words"] > 0
    code, out = run_json(capsys, "--db", db, "story", "1", "--rename", "Hywind Tampen")
    assert code == 0 and out == [
        "Renamed story “Equinor starts up Hywind Tampen…” to “Hywind Tampen”. Undo with 'curator undo'."]
    code, out = run_json(capsys, "--db", db, "story", "1")
    assert out[0] == "#1  Hywind Tampen" and "earliest" in out[1] and "words" in out[2]
    code = main(["--db", db, "story", "1", "--split", "1", "2"])
    assert code != 0 and "not none or all of them" in capsys.readouterr().err
    code, out = run_json(capsys, "--db", db, "story", "1", "--split", "2")
    assert code == 0 and run_json(capsys, "--db", db, "stories", "--json") == (0, [])
    run_json(capsys, "--db", db, "undo")
    assert len(run_json(capsys, "--db", db, "stories", "--json")[1]) == 1


def test_undoing_merge_all_says_how_many_merges_it_takes_back(capsys, db, tmp_path):
    folder = tmp_path / "copies"
    folder.mkdir()
    for story in range(3):
        text = f"Copy story {story}\n\nThe harbour council met on day {story} and agreed to rebuild the wall."
        for copy in range(2):
            (folder / f"s{story}-{copy}.md").write_text(text + ("\n\nAdvertisement" if copy else ""))
    assert main(["--db", db, "import", str(folder)]) == 0
    assert main(["--db", db, "scan"]) == 0
    assert main(["--db", db, "merge", "--all-exact"]) == 0
    assert "Merged 3 group(s)" in capsys.readouterr().out
    assert main(["--db", db, "undo"]) == 0
    said = capsys.readouterr().out
    assert said.startswith("Undid: Merged 2 articles into ") and said.rstrip().endswith("(and 2 more of this run)")
    assert main(["--db", db, "redo"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("(and 2 more of this run)")


def test_a_loop_is_reported_without_a_hint_that_would_not_help(capsys, db, tmp_path):
    folder = tmp_path / "news"
    (folder / "inner").mkdir(parents=True)
    (folder / "inner" / "a.txt").write_text("Oslo\n\nThe harbour council met on Monday.")
    (folder / "inner" / "up").symlink_to(tmp_path, target_is_directory=True)  # what holds the chosen folder
    assert main(["--db", db, "import", str(folder), "--follow-links"]) == 0
    out = capsys.readouterr().out
    assert "not followed: " in out and "a loop" in out and "--follow-links follows it" not in out


def test_the_copy_scan_counts_the_copies_open_not_the_rewrites(capsys, db):
    from tests.core.test_stories import HYWIND, HYWIND_REWRITE, add

    main(["--db", db, "import", str(sample_paths()[0].parent)])
    library = Library.open(db)
    add(library, HYWIND)
    add(library, HYWIND_REWRITE)
    library.close()
    main(["--db", db, "dupes"])  # the copy scan, then the story scan: the Hywind rewrite is suggested
    capsys.readouterr()
    assert main(["--db", db, "scan"]) == 0
    assert capsys.readouterr().out.startswith("Scanned 0 new articles: 0 new duplicate suggestions, 1 open in all")


def test_dupes_never_prints_a_near_certain_score_as_a_certain_one(capsys, db):
    from tests.factories import add_articles, add_pairs

    library = Library.open(db)
    add_articles(library, [{"title": f"Flood report {n}", "body": f"The river rose {n} metres."} for n in (1, 2)])
    add_pairs(library, [(1, 2)], score=0.9987)
    library.close()
    assert main(["--db", db, "dupes"]) == 0
    assert capsys.readouterr().out.startswith("0.99  ")


def test_link_all_suggested_links_every_open_rewrite_and_one_undo_takes_them_back(capsys, db, tmp_path):
    (tmp_path / "a.txt").write_text(HYWIND_A)
    (tmp_path / "b.txt").write_text(HYWIND_B)
    run_json(capsys, "--db", db, "import", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    run_json(capsys, "--db", db, "dupes")
    for wrong in (["link", "1", "--all-suggested"], ["link", "1", "2", "--min-score", "0.5"],
                  ["link", "--all-suggested", "--min-score", "2"], ["link", "1"]):
        assert main(["--db", db, *wrong]) == 2, wrong
        assert capsys.readouterr().err.startswith("curator link: ")
    code, out = run_json(capsys, "--db", db, "link", "--all-suggested")
    assert code == 0 and out == ["Linked 1 same-story suggestion as versions of their stories. Undo with "
                                  "'curator undo'."]
    code, out = run_json(capsys, "--db", db, "stories", "--json")
    assert [json.loads(line)["article_ids"] for line in out] == [[1, 2]]
    assert run_json(capsys, "--db", db, "link", "--all-suggested") == (0, ["No open same-story suggestions to link."])
    run_json(capsys, "--db", db, "undo")
    assert run_json(capsys, "--db", db, "stories", "--json") == (0, [])


def test_history_lists_a_run_of_many_operations_as_one_entry(capsys, db, tmp_path):
    for name in "abcd":
        text = "Identical wire copy about the flood. " if name in "ab" else "The same report on the vote. "
        (tmp_path / f"{name}.txt").write_text(f"Headline {name}\n\n" + text * 15)
    run_json(capsys, "--db", db, "import", *(str(tmp_path / f"{name}.txt") for name in "abcd"))
    run_json(capsys, "--db", db, "dupes")
    assert main(["--db", db, "merge", "--all-exact"]) == 0
    capsys.readouterr()
    code, out = run_json(capsys, "--db", db, "history", "--limit", "1")
    assert code == 0 and len(out) == 1 and out[0].endswith("(and 1 more of this run)")  # two merges, one run
    code, out = run_json(capsys, "--db", db, "history", "--json", "--limit", "1")
    assert json.loads(out[0])["op"] == "merge" and json.loads(out[0])["operations"] == 2
    run_json(capsys, "--db", db, "undo")  # one undo takes the run back, as the entry said
    assert "(undone)" in run_json(capsys, "--db", db, "history", "--limit", "1")[1][0]
