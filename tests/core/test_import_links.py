"""Links inside an imported folder that lead outside it are listed and not followed unless asked."""

from __future__ import annotations

import json
import os

import pytest

from curator.cli import main
from curator.core.ingest.importing import import_paths

_TEXT = "Ministers met in {place} on Monday to talk about trade. The talks went on late into the night.\n"


@pytest.fixture
def folders(tmp_path):
    """``chosen/`` (the imported folder) holding its own story and links; ``elsewhere/`` outside it."""
    chosen, elsewhere = tmp_path / "chosen", tmp_path / "elsewhere"
    (chosen / "inner").mkdir(parents=True)
    (elsewhere / "deep").mkdir(parents=True)
    (chosen / "own.txt").write_text(_TEXT.format(place="Oslo"))
    (chosen / "inner" / "nested.txt").write_text(_TEXT.format(place="Bergen"))
    (elsewhere / "secret.txt").write_text(_TEXT.format(place="Geneva"))
    (elsewhere / "deep" / "more.txt").write_text(_TEXT.format(place="Zurich"))
    os.symlink(elsewhere / "secret.txt", chosen / "to-file.txt")
    os.symlink(elsewhere / "deep", chosen / "to-folder")
    os.symlink(chosen / "inner", chosen / "inside-link")  # to a folder inside: walked under its own path
    os.symlink(chosen / "inner" / "nested.txt", chosen / "inside-file.txt")  # the same bytes: skipped
    os.symlink(tmp_path, chosen / "inner" / "up")  # a folder holding the chosen one: a loop
    os.symlink(elsewhere, elsewhere / "deep" / "back")  # a loop once elsewhere is followed
    return chosen


def _titles(library, report) -> set[str]:
    return {library.article(article_id)["body"].split(" on ")[0].removeprefix("Ministers met in ")
            for article_id in report.article_ids}


def test_links_leading_outside_are_listed_and_not_followed(library, folders):
    report = import_paths(library, [folders])
    assert _titles(library, report) == {"Oslo", "Bergen"}
    # The link to a file inside is read first (the folder's own files come before its subfolders').
    assert report.skipped == [str(folders / "inner" / "nested.txt")]
    not_followed = {problem.path: problem.reason for problem in report.links_not_followed}
    assert set(not_followed) == {str(folders / "to-file.txt"), str(folders / "to-folder"),
                                 str(folders / "inner" / "up")}
    assert not_followed[str(folders / "to-file.txt")].endswith("secret.txt")
    assert "a loop" in not_followed[str(folders / "inner" / "up")]
    assert not report.errors
    assert "3 links not followed" in report.summary()


def test_follow_links_imports_what_they_lead_to_once_and_stops_at_loops(library, folders):
    report = import_paths(library, [folders], follow_links=True)
    assert _titles(library, report) == {"Oslo", "Bergen", "Geneva", "Zurich"}
    paths = {file["path"] for article_id in report.article_ids for file in library.article(article_id)["files"]}
    assert str(folders / "to-folder" / "more.txt") in paths  # found under the link the user's folder holds
    # Both loops: back up to what holds the chosen folder, and back to what holds the followed one.
    loops = {problem.path: problem.reason for problem in report.links_not_followed}
    assert set(loops) == {str(folders / "inner" / "up"), str(folders / "to-folder" / "back")}
    assert all("a loop" in reason for reason in loops.values())


def test_a_link_named_on_the_command_line_is_followed_it_was_chosen(library, folders):
    report = import_paths(library, [folders / "to-file.txt"])
    assert _titles(library, report) == {"Geneva"} and not report.links_not_followed


def test_the_command_line_lists_links_and_follows_them_when_asked(capsys, tmp_path, folders):
    db = str(tmp_path / "cli.db")
    assert main(["--db", db, "import", str(folders)]) == 0
    out = capsys.readouterr().out
    assert f"not followed: {folders / 'to-folder'}: leads outside the imported folder" in out
    assert main(["--db", db, "import", str(folders), "--follow-links", "--json"]) == 0
    report = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert report["imported"] == 2 and len(report["links_not_followed"]) == 2
