"""Library preferences: stored, journaled, and each one changing what the library does."""

import json

import pytest

from curator.cli import main
from curator.core.dedupe.compare import compare_articles
from curator.core.dedupe.scan import scan_duplicates
from curator.core.library.history import undo
from curator.core.ingest.importing import import_paths
from curator.core.curation.merge import MergePlan, merge_articles
from curator.core.dedupe.pairs import (
    Decision,
    PairQuery,
    count_open_pairs,
    count_pairs,
    decide_pair,
    duplicate_clusters,
    open_pairs,
    pair_page,
)
from curator.core.dedupe.scoring import compare_bodies
from curator.core.library.settings import Settings, SettingsError, get_settings, rescan_needed, update_settings
from curator.core.library.store import Library
from tests.core.test_dedupe import STORY
from tests.factories import add_article, store_settings_as_text

FULL = "\n\n".join(STORY)


def edited(every: int) -> str:
    """The story with every ``every``-th word replaced: it shares only runs shorter than ``every`` words."""
    count, paragraphs = 0, []
    for paragraph in STORY:
        words = []
        for word in paragraph.split():
            count += 1
            words.append(f"changed{count}" if count % every == 0 else word)
        paragraphs.append(" ".join(words))
    return "\n\n".join(paragraphs)


def index_sizes(library) -> list[tuple[int, int]]:
    return library.db.execute("SELECT article_id, shingle_words FROM dedupe_index ORDER BY 1").fetchall()


def pair_rows(library) -> list[tuple]:
    return library.db.execute("SELECT a, b, score, status FROM pairs ORDER BY a, b").fetchall()


# Storage -------------------------------------------------------------------------

def test_a_new_library_has_the_defaults(library):
    assert get_settings(library) == Settings(0.5, 4, 50, (), ())
    assert get_settings(library).max_file_mb == 50


def test_a_change_is_stored_journaled_and_read_back(library):
    changes = update_settings(library, duplicate_threshold=0.6, boilerplate_phrases=["Hear  this story read aloud "])
    assert get_settings(library) == Settings(0.6, 4, 50, ("Hear this story read aloud",), ())
    assert library.db.execute("SELECT key, value FROM settings ORDER BY key").fetchall() == [
        ("boilerplate_phrases", '["Hear this story read aloud"]'), ("duplicate_threshold", "0.6")]
    (entry,) = library.history(1)
    assert entry["id"] == changes.history_id and entry["op"] == "update_settings"
    assert entry["summary"] == ("Changed preferences: duplicate threshold 0.5 → 0.6; "
                                "added boilerplate phrase “Hear this story read aloud”")
    assert Library.open(library.path).db.execute("SELECT count(*) FROM settings").fetchone()[0] == 2


def test_back_to_a_default_removes_the_row_and_no_change_writes_nothing(library):
    update_settings(library, max_file_mb=10)
    update_settings(library, max_file_mb=50)
    assert library.db.execute("SELECT count(*) FROM settings").fetchone()[0] == 0
    history_rows = len(library.history())
    assert update_settings(library, max_file_mb=50, shingle_words=4).history_id is None
    assert len(library.history()) == history_rows


@pytest.mark.parametrize("changes, message", [
    ({"duplicate_threshold": 0.2}, "0.4 to 0.95"),
    ({"duplicate_threshold": True}, "0.4 to 0.95"),
    ({"shingle_words": 9}, "3 to 8 words"),
    ({"max_file_mb": 0}, "1 to 1000 MB"),
    ({"boilerplate_phrases": "Advertisement"}, "a list"),
    ({"boilerplate_phrases": ["* * *"]}, "letter or digit"),
    ({"disabled_boilerplate": ["Not a built-in"]}, "not a built-in"),
    ({"colour": "red"}, "no setting"),
])
def test_bad_values_are_refused_with_a_reason(library, changes, message):
    with pytest.raises(SettingsError, match=message):
        update_settings(library, **changes)
    assert library.db.execute("SELECT count(*) FROM settings").fetchone()[0] == 0


def test_a_stored_value_this_version_cannot_read_counts_as_the_default(library):
    store_settings_as_text(library, shingle_words='"many"', duplicate_threshold="0.7")
    assert (get_settings(library).shingle_words, get_settings(library).duplicate_threshold) == (4, 0.7)


def test_phrases_are_tidied_and_built_ins_kept_in_their_order(library):
    update_settings(library, boilerplate_phrases=["Photo:...", "photo:…", "Listen"],
                    disabled_boilerplate=["read more", "Advertisement"])
    settings = get_settings(library)
    assert settings.boilerplate_phrases == ("Photo:…", "Listen")
    assert settings.disabled_boilerplate == ("Advertisement", "Read more")


# Duplicate threshold -----------------------------------------------------------------

@pytest.fixture
def scored(library):
    """A story, an edited copy (scores 0.59) and an exact copy (1.0), scanned at the defaults."""
    ids = add_article(library, FULL), add_article(library, edited(9)), add_article(library, FULL.upper())
    scan_duplicates(library)
    assert [round(row[2], 2) for row in pair_rows(library)] == [0.59, 1.0, 0.59]
    return ids


def test_raising_the_threshold_narrows_the_review_queue_at_once(library, scored):
    story, _, copy = scored
    update_settings(library, duplicate_threshold=0.7)
    assert count_open_pairs(library) == count_pairs(library, PairQuery()) == 1
    assert [(row["a"], row["b"]) for row in pair_page(library, PairQuery(), 0, 10)] == [(story, copy)]
    assert [(pair["a"]["id"], pair["b"]["id"]) for pair in open_pairs(library)] == [(story, copy)]
    assert duplicate_clusters(library) == [[story, copy]]
    assert len(index_sizes(library)) == 3  # nothing to compare again

    update_settings(library, duplicate_threshold=0.5)
    assert count_open_pairs(library) == 3  # the weaker pairs were kept, only hidden


def test_a_scan_suggests_only_pairs_reaching_the_threshold(library):
    update_settings(library, duplicate_threshold=0.6)
    add_article(library, FULL)
    add_article(library, edited(9))  # 0.59
    report = scan_duplicates(library)
    assert (report.pairs_added, pair_rows(library)) == (0, [])


def test_lowering_the_threshold_compares_the_whole_library_again(library):
    story, copy = add_article(library, FULL), add_article(library, edited(7))  # 0.48: not suggested at 0.5
    assert scan_duplicates(library).pairs_added == 0
    assert compare_articles(library, story, copy).kind == "unrelated"

    before, after = get_settings(library), Settings(duplicate_threshold=0.45)
    assert rescan_needed(before, after) and not rescan_needed(after, before)
    update_settings(library, duplicate_threshold=0.45)
    assert index_sizes(library) == []
    report = scan_duplicates(library)
    assert (report.new_articles, report.added, report.open_pairs) == (2, [(story, copy)], 1)
    assert compare_articles(library, story, copy).kind == "near"


# Shingle size --------------------------------------------------------------------------

def test_the_shingle_size_decides_which_edited_copies_are_suggested(library):
    story, decided, copy = add_article(library, FULL), add_article(library, FULL.upper()), add_article(library, edited(7))
    scan_duplicates(library)
    decide_pair(library, story, decided, Decision.NOT_DUPLICATE)
    assert pair_rows(library) == [(story, decided, 1.0, "not_duplicate")]  # the copy shares runs of 6 words only

    update_settings(library, shingle_words=3)
    assert index_sizes(library) == []  # every sketch was of 4-word runs
    assert pair_rows(library) == [(story, decided, 1.0, "not_duplicate")]  # pairs and decisions stay
    report = scan_duplicates(library)
    assert report.new_articles == 3
    assert index_sizes(library) == [(story, 3), (decided, 3), (copy, 3)]
    assert report.added == [(story, copy), (decided, copy)]
    (pair,) = [p for p in open_pairs(library) if p["a"]["id"] == story]
    expected = compare_bodies(FULL, edited(7), shingle_words=3)
    assert (pair["score"], pair["reason"]["shingles"]) == (expected.score, expected.reason["shingles"])
    assert pair["score"] > 0.5 > compare_bodies(FULL, edited(7)).score
    assert pair_rows(library)[0] == (story, decided, 1.0, "not_duplicate")


def test_longer_runs_miss_copies_that_shorter_ones_find(library):
    update_settings(library, shingle_words=8)
    add_article(library, FULL)
    add_article(library, edited(9))  # suggested at 4 words (0.59)
    assert scan_duplicates(library).pairs_added == 0
    assert compare_bodies(FULL, edited(9), shingle_words=8).score < 0.5


def test_a_sketch_of_the_old_size_brought_back_by_undo_is_made_again(library):
    story, copy = add_article(library, FULL), add_article(library, FULL.upper())
    scan_duplicates(library)
    merge_articles(library, MergePlan(story, (copy,), {}))
    update_settings(library, shingle_words=5)
    undo(library)  # writes back the merge's snapshot of the kept article's 4-word sketch
    assert index_sizes(library) == [(story, 4)]
    report = scan_duplicates(library)
    assert report.new_articles == 2
    assert index_sizes(library) == [(story, 5), (copy, 5)]


# Imports -------------------------------------------------------------------------------

def write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


def test_own_boilerplate_phrases_are_dropped_from_new_imports(library, tmp_path):
    text = "Headline\n\nFirst paragraph of the story.\n\nHear this story read aloud\n\nRead more\n\nLast paragraph."
    before = import_paths(library, [write(tmp_path / "before.txt", text)]).article_ids[0]
    update_settings(library, boilerplate_phrases=["Hear this story read aloud"], disabled_boilerplate=["Read more"])
    after = import_paths(library, [write(tmp_path / "after.txt", text + "\n")]).article_ids[0]
    record = json.dumps({"title": "Record", "text": text.replace("Headline\n\n", "")})
    from_json = import_paths(library, [write(tmp_path / "record.json", record)]).article_ids[0]

    assert library.article(before)["body"] == (
        "First paragraph of the story.\n\nHear this story read aloud\n\nLast paragraph.")
    expected = "First paragraph of the story.\n\nRead more\n\nLast paragraph."
    assert library.article(after)["body"] == library.article(from_json)["body"] == expected
    assert "Hear this story read aloud" in library.raw_text(library.article(after)["files"][0]["id"])


def test_the_comparison_strikes_through_own_phrases(library, tmp_path):
    update_settings(library, boilerplate_phrases=["Hear this story read aloud"])
    story = "Headline\n\n" + FULL.replace(STORY[1], "Hear this story read aloud\n\n" + STORY[1])
    ids = import_paths(library, [write(tmp_path / "a.txt", story), write(tmp_path / "b.txt", "Other\n\n" + FULL)])
    comparison = compare_articles(library, *ids.article_ids)
    assert [row.a[0].text for row in comparison.rows if row.kind == "boilerplate"] == ["Hear this story read aloud"]


def test_the_size_limit_applies_to_imports_and_the_command_line(library, tmp_path, capsys):
    big = write(tmp_path / "big.txt", "Headline\n\n" + "Words of a long story. " * 60_000)  # 1.4 MB
    update_settings(library, max_file_mb=1)
    report = import_paths(library, [big])
    assert report.imported == 0 and "over the 1 MB import limit" in report.errors[0].reason

    assert main(["--db", str(library.path), "import", str(big), "--json"]) == 1
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["imported"] == 0
    assert main(["--db", str(library.path), "import", str(big), "--max-file-mb", "2", "--json"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["imported"] == 1
