import sqlite3

import pytest

from curator.core.library.store import ArticleQuery, Library, LibraryError, default_library_path
from tests.factories import add_article, merge_into, set_body


def test_new_library_has_schema_and_wal(tmp_path):
    library = Library.open(tmp_path / "lib.db")
    assert {"articles", "files", "history", "articles_fts"} <= set(library.db.table_names())
    assert library.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert library.name == "lib"
    library.close()


def test_reopening_applies_no_migration_twice(tmp_path):
    Library.open(tmp_path / "lib.db").close()
    library = Library.open(tmp_path / "lib.db")
    names = [row["name"] for row in library.db["_sqlite_migrations"].rows]
    assert names[:6] == ["0001_articles_files_history", "0002_duplicate_index_and_pairs", "0003_merges_and_undo",
                         "0004_outlet_index", "0005_entities_and_mentions", "0006_mention_fields"]
    assert len(names) == len(set(names))


def test_a_file_that_is_not_sqlite_is_refused_with_a_reason(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("this is not a database " * 100)
    with pytest.raises(LibraryError, match="not a Curator library"):
        Library.open(bogus)


def test_atomic_rolls_back_everything_on_error():
    library = Library.open(":memory:")
    with pytest.raises(ZeroDivisionError):
        with library.atomic():
            add_article(library, "b", title="t")
            library.journal("test", "a test", args={})
            1 / 0
    assert library.count_articles() == 0
    assert library.history() == []


def test_journal_outside_a_transaction_is_refused():
    library = Library.open(":memory:")
    with pytest.raises(RuntimeError):
        library.journal("test", "a test", args={})


def test_full_text_search_and_merged_filter():
    library = Library.open(":memory:")
    kept = add_article(library, "Russia rejected a US call.", title="Lavrov in Minsk")
    add_article(library, "Brent crude rose on Tuesday.", title="Oil prices")
    merge_into(library, kept, [add_article(library, "Merged copy.", title="Lavrov again")])
    assert library.count_articles() == 2
    assert library.count_articles(ArticleQuery(include_merged=True)) == 3
    assert [r["title"] for r in library.article_page(ArticleQuery(search="lavr"), 0, 10)] == ["Lavrov in Minsk"]
    assert library.count_articles(ArticleQuery(search="crude", include_merged=True)) == 1


def test_a_word_of_a_script_without_spaces_is_found_inside_the_run_it_is_written_in():
    library = Library.open(":memory:")
    beijing = add_article(library, "会议在北京举行，挪威和中国代表出席。", title="Equinor 会议")
    add_article(library, "会议在上海举行。", title="Equinor 上海")
    assert [r["id"] for r in library.article_page(ArticleQuery(search="北京"), 0, 10)] == [beijing]
    assert library.count_articles(ArticleQuery(search="equinor 挪威")) == 1
    assert library.count_articles(ArticleQuery(search="会议")) == 2
    assert library.count_articles(ArticleQuery(search="东京")) == 0


@pytest.mark.parametrize("typed", ['"', "AND", "NEAR(", "a*b", "-x", "'quoted"])
def test_search_never_raises_on_what_a_user_types(typed):
    library = Library.open(":memory:")
    add_article(library, "Body text", title="Title")
    assert library.count_articles(ArticleQuery(search=typed)) == 0


def test_fts_follows_updates_and_deletes():
    library = Library.open(":memory:")
    article_id = add_article(library, "alpha", title="Old")
    set_body(library, article_id, "omega")
    assert library.count_articles(ArticleQuery(search="alpha")) == 0
    assert library.count_articles(ArticleQuery(search="omega")) == 1


def test_default_path_honours_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CURATOR_DB", str(tmp_path / "x.db"))
    assert default_library_path() == tmp_path / "x.db"
    monkeypatch.delenv("CURATOR_DB")
    assert default_library_path().name == "library.db"


def test_two_connections_see_each_others_commits(tmp_path):
    writer = Library.open(tmp_path / "lib.db")
    reader = Library.open(tmp_path / "lib.db")
    add_article(writer, "text", title="Shared")
    assert reader.count_articles() == 1
    assert sqlite3.connect(tmp_path / "lib.db").execute("PRAGMA integrity_check").fetchone()[0] == "ok"
