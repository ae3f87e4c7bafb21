"""The library's schema, as versioned migrations (one function per version).

Migrations run in a transaction each and are recorded in ``_sqlite_migrations``,
so opening an older library upgrades it in place and a failed step leaves it as it was.
A library that records a migration this version does not have was written by a newer
Curator; :func:`unknown_migrations` finds that before anything is written.
"""

from __future__ import annotations

import json
from array import array
from collections import Counter

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from curator.core.text import COMMON_ACRONYMS, has_indic_marks, has_unspaced_letters

migrations = Migrations("curator")


@migrations(name="0001_articles_files_history")
def create_articles_files_history(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            published TEXT,
            outlet TEXT,
            url TEXT,
            language TEXT,
            dateline TEXT,
            byline TEXT,
            metadata TEXT NOT NULL DEFAULT '{}',
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'merged')),
            merged_into INTEGER REFERENCES articles(id),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX articles_status ON articles(status, id);

        -- One row per imported file, or per record of a multi-record file
        -- (path "data.csv#row 3"). raw_text is the original, so nothing is lost.
        CREATE TABLE files (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            record TEXT,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            importer TEXT NOT NULL,
            encoding TEXT,
            raw_text TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles(id)
        );
        CREATE INDEX files_sha256 ON files(sha256);
        CREATE INDEX files_article ON files(article_id);

        -- The journal: every operation that changed data, written in the same
        -- transaction as the change, with what is needed to reverse it.
        CREATE TABLE history (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            op TEXT NOT NULL,
            summary TEXT NOT NULL,
            args TEXT NOT NULL DEFAULT '{}',
            before TEXT,
            after TEXT,
            undone INTEGER NOT NULL DEFAULT 0
        );
        """
    )
    # detail=column: word searches (with prefixes) need no word positions, and
    # without them the index is far smaller and imports twice as fast.
    db.executescript(
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, body, content=articles, tokenize='unicode61 remove_diacritics 2', detail=column
        );
        CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
        END;
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
        END;
        CREATE TRIGGER articles_au AFTER UPDATE OF title, body ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
            INSERT INTO articles_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
        END;
        """
    )


@migrations(name="0002_duplicate_index_and_pairs")
def create_duplicate_index_and_pairs(db: Database) -> None:
    db.executescript(
        """
        -- What the duplicate scan knows of each active article; an article
        -- without a row here is new to the scan.
        CREATE TABLE dedupe_index (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id),
            body_hash TEXT NOT NULL,
            shingles INTEGER NOT NULL,  -- distinct shingles, for containment estimates
            signature BLOB,  -- MinHash; NULL when the article is too short to shingle
            band_keys BLOB   -- its LSH band keys: articles sharing a key are candidates
        );
        CREATE INDEX dedupe_index_body_hash ON dedupe_index(body_hash);

        -- Suggested pairs (a < b). Decisions live here, so a rescan never reopens them.
        CREATE TABLE pairs (
            a INTEGER NOT NULL REFERENCES articles(id),
            b INTEGER NOT NULL REFERENCES articles(id),
            score REAL NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('exact', 'near', 'contained')),
            reason TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'merged', 'not_duplicate', 'skipped')),
            found_at TEXT NOT NULL,
            decided_at TEXT,
            PRIMARY KEY (a, b),
            CHECK (a < b)
        );
        CREATE INDEX pairs_by_status_score ON pairs(status, score DESC);
        CREATE INDEX pairs_by_b ON pairs(b);
        """
    )


@migrations(name="0003_merges_and_undo")
def add_provenance_and_undo_state(db: Database) -> None:
    db.executescript(
        """
        -- For an article that is the result of a merge: which articles it absorbed
        -- and which field came from which of them (JSON); NULL otherwise.
        ALTER TABLE articles ADD COLUMN provenance TEXT;
        CREATE INDEX articles_merged_into ON articles(merged_into) WHERE merged_into IS NOT NULL;

        -- reversible: the row's before/after are row snapshots that undo and redo
        -- can apply. undone: 0 in effect, 1 undone (can be redone), 2 undone and
        -- superseded by a later operation (can no longer be redone).
        -- batch: operations undone and redone together, such as one bulk merge.
        ALTER TABLE history ADD COLUMN reversible INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE history ADD COLUMN batch TEXT;
        CREATE INDEX history_reversible ON history(reversible, undone, id);
        """
    )


@migrations(name="0004_outlet_index")
def add_outlet_index(db: Database) -> None:
    # The review queue filters pairs by outlet and lists the outlets; without an index
    # both would read every article row, bodies included.
    db.execute("CREATE INDEX articles_outlet ON articles(outlet, id) WHERE outlet IS NOT NULL")


@migrations(name="0005_entities_and_mentions")
def create_entities_and_mentions(db: Database) -> None:
    db.executescript(
        """
        -- Entity types: the built-in four plus the user's own, each with a colour and
        -- the number key that tags a selection with it.
        CREATE TABLE entity_types (
            name TEXT PRIMARY KEY,
            label TEXT NOT NULL,
            colour TEXT NOT NULL,
            key INTEGER UNIQUE CHECK (key BETWEEN 1 AND 9),
            builtin INTEGER NOT NULL DEFAULT 0
        );
        INSERT INTO entity_types (name, label, colour, key, builtin) VALUES
            ('PERSON', 'Person', '#e07a5f', 1, 1),
            ('ORG', 'Organisation', '#3d85c6', 2, 1),
            ('PLACE', 'Place', '#6aa84f', 3, 1),
            ('EVENT', 'Event', '#a64d79', 4, 1),
            ('UNKNOWN', 'Unknown', '#999999', NULL, 1);

        CREATE TABLE entities (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            type TEXT NOT NULL REFERENCES entity_types(name),
            aliases TEXT NOT NULL DEFAULT '[]',  -- JSON list of other names
            notes TEXT,
            external_id TEXT,  -- e.g. a Wikidata QID, typed by the user
            created_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX entities_by_name ON entities(name COLLATE NOCASE, type);

        -- A span of an article's clean body. Suggestions are pending until accepted;
        -- rejected ones stay, so the same span is never suggested again. ``label`` is
        -- the name a suggestion proposes when it has no entity yet.
        CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            entity_id INTEGER REFERENCES entities(id),
            type TEXT NOT NULL REFERENCES entity_types(name),
            label TEXT,
            origin TEXT NOT NULL CHECK (origin IN ('manual', 'suggested', 'propagated')),
            status TEXT NOT NULL CHECK (status IN ('accepted', 'pending', 'rejected')),
            source TEXT,  -- which suggester: registry, gazetteer, demonym, capitalized, spacy
            created_at TEXT NOT NULL,
            CHECK (start >= 0 AND start < end)
        );
        CREATE UNIQUE INDEX mentions_by_span ON mentions(article_id, start, end);
        CREATE INDEX mentions_by_entity ON mentions(entity_id);
        CREATE INDEX mentions_by_label ON mentions(label) WHERE label IS NOT NULL;
        """
    )


@migrations(name="0006_mention_fields")
def add_mention_fields(db: Database) -> None:
    db.executescript(
        """
        -- Which text a mention's span is in: the clean body, or the dateline ("MOSCOW"),
        -- which import takes off the body.
        ALTER TABLE mentions ADD COLUMN field TEXT NOT NULL DEFAULT 'body' CHECK (field IN ('body', 'dateline'));
        DROP INDEX mentions_by_span;
        CREATE UNIQUE INDEX mentions_by_span ON mentions(article_id, field, start, end);
        """
    )


@migrations(name="0007_settings")
def create_settings(db: Database) -> None:
    db.executescript(
        """
        -- The library's preferences (see core/settings.py): one row per setting changed
        -- from its default, the value as JSON.
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );

        -- The shingle size a sketch was made with. A sketch of another size (restored by an
        -- undo after the setting changed) cannot be compared, so the scan makes it again.
        ALTER TABLE dedupe_index ADD COLUMN shingle_words INTEGER NOT NULL DEFAULT 4;
        """
    )


@migrations(name="0008_story_tier")
def add_story_tier(db: Database) -> None:
    # SQLite cannot change a CHECK constraint in place: the pairs table is rebuilt with room
    # for same-story pairs (kind 'related') and the decision that links them (status 'linked').
    db.executescript(
        """
        CREATE TABLE pairs_with_stories (
            a INTEGER NOT NULL REFERENCES articles(id),
            b INTEGER NOT NULL REFERENCES articles(id),
            score REAL NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('exact', 'near', 'contained', 'related')),
            reason TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'merged', 'not_duplicate', 'skipped', 'linked')),
            found_at TEXT NOT NULL,
            decided_at TEXT,
            PRIMARY KEY (a, b),
            CHECK (a < b)
        );
        INSERT INTO pairs_with_stories SELECT a, b, score, kind, reason, status, found_at, decided_at FROM pairs;
        DROP TABLE pairs;
        ALTER TABLE pairs_with_stories RENAME TO pairs;
        CREATE INDEX pairs_by_status_score ON pairs(status, score DESC);
        CREATE INDEX pairs_by_b ON pairs(b);
        -- The review queue's order: copies first, then rewrites, best first (dedupe.pairs.QUEUE_ORDER).
        CREATE INDEX pairs_in_queue_order ON pairs(status, kind = 'related', score DESC, a, b);

        -- What the story scan knows of each article it has read: its terms with their counts
        -- (JSON), the title's terms, its names, its length and date. An active article without a
        -- row is new to the scan.
        CREATE TABLE story_index (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id),
            terms TEXT NOT NULL,
            title_terms TEXT NOT NULL,
            names TEXT NOT NULL,
            openers TEXT NOT NULL,
            words INTEGER NOT NULL,
            published TEXT
        );
        -- In how many indexed articles each term occurs: the library's IDF, kept current.
        CREATE TABLE story_terms (
            term TEXT PRIMARY KEY,
            articles INTEGER NOT NULL
        ) WITHOUT ROWID;
        """
    )


@migrations(name="0009_stories")
def create_stories(db: Database) -> None:
    db.executescript(
        """
        -- Stories: the articles a curator linked as versions of one story. Each article is in at
        -- most one story. ``title`` is the curator's name for it; NULL shows the earliest
        -- version's headline.
        CREATE TABLE stories (
            id INTEGER PRIMARY KEY,
            title TEXT
        );
        CREATE TABLE story_members (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id),
            story_id INTEGER NOT NULL REFERENCES stories(id)
        );
        CREATE INDEX story_members_by_story ON story_members(story_id);

        -- Stories already linked become stored ones: each group of linked articles (linked
        -- through links they have) is a story named after nothing, its id its first article's.
        CREATE TEMP TABLE linked_groups AS
            WITH RECURSIVE
                edge(x, y) AS (SELECT a, b FROM pairs WHERE status = 'linked'
                               UNION SELECT b, a FROM pairs WHERE status = 'linked'),
                reach(start, node) AS (SELECT x, x FROM edge
                                       UNION SELECT reach.start, edge.y FROM reach JOIN edge ON edge.x = reach.node)
            SELECT start AS article_id, min(node) AS story_id FROM reach GROUP BY start;
        INSERT INTO stories (id) SELECT DISTINCT story_id FROM linked_groups ORDER BY story_id;
        INSERT INTO story_members (article_id, story_id) SELECT article_id, story_id FROM linked_groups;
        DROP TABLE linked_groups;
        """
    )


@migrations(name="0010_unique_file_hash")
def make_file_hash_unique(db: Database) -> None:
    # Each file's content (each record of a multi-record file) is stored once; the importer checks
    # inside its write transaction, and this index makes a second copy impossible. Copies stored
    # before it keep their rows and articles (the duplicate scan pairs them as exact copies): they
    # are marked as repeats of the first, which the index leaves out.
    db.executescript(
        """
        ALTER TABLE files ADD COLUMN repeat_of INTEGER REFERENCES files(id);
        -- Only the repeats are touched: rewriting every row (with its raw text) would copy the table.
        UPDATE files SET repeat_of = (
            SELECT min(first.id) FROM files first
            WHERE first.sha256 = files.sha256 AND first.record IS files.record AND first.id < files.id
        )
        WHERE EXISTS (
            SELECT 1 FROM files first
            WHERE first.sha256 = files.sha256 AND first.record IS files.record AND first.id < files.id
        );
        CREATE UNIQUE INDEX files_one_per_content ON files(sha256, ifnull(record, '')) WHERE repeat_of IS NULL;
        """
    )


@migrations(name="0011_article_trash")
def add_article_trash(db: Database) -> None:
    # A trashed article keeps its row, sources, pairs and mentions; only its status says it is out of
    # every list. Widening a CHECK constraint changes no stored row, so SQLite allows editing the table's
    # definition in place (https://sqlite.org/lang_altertable.html#otheralter) instead of copying every
    # article into a rebuilt table, which the files, pairs, mentions and indexes all refer to.
    old = "CHECK (status IN ('active', 'merged'))"
    sql = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'articles'").fetchone()[0]
    if old not in sql:
        raise RuntimeError("the articles table's status constraint is not the one this migration widens")
    version = db.execute("PRAGMA schema_version").fetchone()[0]
    db.execute("PRAGMA writable_schema = ON")
    db.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'articles'",
               [sql.replace(old, "CHECK (status IN ('active', 'merged', 'trashed'))")])
    db.execute(f"PRAGMA schema_version = {version + 1}")
    db.execute("PRAGMA writable_schema = OFF")


@migrations(name="0012_deferred_text_index")
def defer_text_index_in_bulk(db: Database) -> None:
    # An import indexes a whole batch of articles with one INSERT ... SELECT, which costs half of what
    # the same rows cost one trigger call at a time. It marks its transaction in text_index_deferred
    # (a row it deletes again before committing, so no other connection ever sees one) and the trigger
    # stands aside meanwhile.
    db.executescript(
        """
        CREATE TABLE text_index_deferred (id INTEGER PRIMARY KEY CHECK (id = 1));
        DROP TRIGGER articles_ai;
        CREATE TRIGGER articles_ai AFTER INSERT ON articles
        WHEN NOT EXISTS (SELECT 1 FROM text_index_deferred) BEGIN
            INSERT INTO articles_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
        END;
        """
    )


@migrations(name="0013_story_signatures")
def add_story_signatures(db: Database) -> None:
    # The story scan compares every new article with every indexed one. Reading each indexed article's
    # terms back from JSON took longer than comparing them, so each row keeps them as numbers instead:
    # term ids (``story_terms.id``) and counts, the title's, the name ids (``story_names``) and the
    # day (see ``curator.core.stories.signatures``). Ids are given out by the scan; rows and terms from
    # before this version get theirs the next time it runs, which reads their JSON terms once and
    # clears them. The table is rebuilt because the terms columns become optional.
    db.executescript(
        """
        ALTER TABLE story_terms ADD COLUMN id INTEGER;
        CREATE UNIQUE INDEX story_terms_by_id ON story_terms(id);
        CREATE TABLE story_names (
            name TEXT PRIMARY KEY,
            id INTEGER NOT NULL UNIQUE
        );
        CREATE TABLE story_index_signed (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id),
            terms TEXT,
            title_terms TEXT,
            names TEXT NOT NULL,
            openers TEXT NOT NULL,
            words INTEGER NOT NULL,
            published TEXT,
            signature BLOB
        );
        INSERT INTO story_index_signed (article_id, terms, title_terms, names, openers, words, published)
            SELECT article_id, terms, title_terms, names, openers, words, published FROM story_index;
        DROP TABLE story_index;
        ALTER TABLE story_index_signed RENAME TO story_index;
        """
    )


@migrations(name="0014_file_originals")
def store_file_originals(db: Database) -> None:
    # Each imported file's exact bytes, once per content (a multi-record file's records share them), so
    # sha256(original) reproduces files.sha256 for every importer: files.raw_text of a record is the record
    # re-serialised, and a text file's is its decoded text. zlib keeps the library small (news text
    # compresses about 3:1). Files imported before this have no original here; their raw_text is what is left.
    db.executescript(
        """
        CREATE TABLE originals (
            sha256 TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            compression TEXT NOT NULL CHECK (compression IN ('zlib')),
            data BLOB NOT NULL
        );
        """
    )


# The article list's sort indexes (migration 0015). Nothing but listing reads them, and each new
# article goes into them at a place of its own, so a large import into an empty library drops them
# and makes them again after its last batch, one sort each (``importing._list_indexes_deferred``).
# An import killed before making them leaves them to the next open (``Library.open``).
LIST_INDEXES = {
    "articles_by_title": "CREATE INDEX IF NOT EXISTS articles_by_title ON articles(status, title COLLATE NOCASE, id)",
    "articles_by_published": "CREATE INDEX IF NOT EXISTS articles_by_published ON articles(status, published, id)",
    "articles_by_outlet_name":
        "CREATE INDEX IF NOT EXISTS articles_by_outlet_name ON articles(status, outlet COLLATE NOCASE, id)",
    "articles_by_length": "CREATE INDEX IF NOT EXISTS articles_by_length ON articles(status, length(body), id)",
}


@migrations(name="0015_article_sort_indexes")
def add_article_sort_indexes(db: Database) -> None:
    # The article list sorts by a column a page at a time (ORDER BY ... LIMIT ... OFFSET): an index per
    # sortable column, led by the status every list filters on and ending in the id that breaks ties,
    # lets a page be a walk along the index instead of a sort of every article (100,000 of them).
    # The expressions are the ones ``ArticleSort`` orders by, or SQLite would not use them.
    make_list_indexes(db)


def missing_list_indexes(db: Database) -> list[str]:
    """The list indexes the library lacks: none, unless a large import into the empty library is
    running or was killed."""
    present = {row[0] for row in db.execute(
        f"SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ({', '.join('?' * len(LIST_INDEXES))})",
        list(LIST_INDEXES))}
    return [name for name in LIST_INDEXES if name not in present]


def drop_list_indexes(db: Database) -> None:
    for name in LIST_INDEXES:
        db.execute(f"DROP INDEX IF EXISTS {name}")


def make_list_indexes(db: Database) -> None:
    for made in LIST_INDEXES.values():
        db.execute(made)


@migrations(name="0016_import_sketches")
def add_import_sketches(db: Database) -> None:
    # The duplicate scan's sketch of an article, made by the import's parse workers and written in the
    # article's own transaction; the scan takes it instead of reading and sketching the body again, and
    # deletes it once the article is in dedupe_index. An article without one is sketched by the scan.
    db.executescript(
        """
        CREATE TABLE dedupe_sketches (
            article_id INTEGER PRIMARY KEY,
            body_hash TEXT NOT NULL,
            shingles INTEGER NOT NULL,
            signature BLOB,  -- NULL when the article is too short to shingle
            shingle_words INTEGER NOT NULL
        );
        """
    )


@migrations(name="0017_story_terms_of_unspaced_scripts")
def reread_unspaced_stories(db: Database) -> None:
    # The story index read a run of Chinese, Japanese, Thai, Lao, Khmer or Burmese letters as one term,
    # a whole clause that a retelling rarely repeats; it now reads the run's pairs of characters. The
    # articles with such letters leave the index, so the next story scan reads them again (the terms
    # they were counted with stay in the document frequencies, as a merged article's do).
    db.conn.create_function("has_unspaced_letters", 1, has_unspaced_letters, deterministic=True)
    db.execute("DELETE FROM story_index WHERE article_id IN (SELECT a.id FROM articles a JOIN story_index s "
               "ON s.article_id = a.id WHERE has_unspaced_letters(a.title) OR has_unspaced_letters(a.body))")


@migrations(name="0018_copy_words_of_unspaced_scripts")
def rescan_unspaced_copies(db: Database) -> None:
    # The duplicate scan read a run of Chinese, Japanese, Thai, Lao, Khmer or Burmese letters as one
    # word, so one edited character made a clause another word and near copies shared few shingles;
    # each letter is a word now. The articles with such letters leave the scan's index (and any
    # sketch made at import), so the next scan sketches them again; their pairs found stay.
    db.conn.create_function("has_unspaced_letters", 1, has_unspaced_letters, deterministic=True)
    for table in ("dedupe_index", "dedupe_sketches"):
        db.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT a.id FROM articles a JOIN {table} d "
                   "ON d.article_id = a.id WHERE has_unspaced_letters(a.body))")


@migrations(name="0019_story_names_read_again")
def reread_misread_story_names(db: Database) -> None:
    # The story index took a letter for a name ("S&P" read as "S" and "P", "AT&T" as "AT" and "T"), a
    # place's abbreviated first word for one ("St" and "Louis" of "St. Louis"), and abbreviations that
    # name no one ("GDP", "CEO") for names, so articles of one topic shared names. The articles whose
    # stored names hold such a name leave the index and their terms leave the document frequencies;
    # the next story scan reads them again. Their pairs found stay.
    misread = {acronym.casefold() for acronym in COMMON_ACRONYMS} | {"st", "mt", "ft"}

    def holds_misread(names: str, openers: str) -> bool:
        return any(len(name) < 2 or name in misread for found in (names, openers) for name in json.loads(found))

    db.conn.create_function("holds_misread_names", 2, holds_misread, deterministic=True)
    _leave_story_index(db, db.execute("SELECT article_id, signature, terms FROM story_index "
                                      "WHERE holds_misread_names(names, openers)").fetchall())


@migrations(name="0020_story_terms_of_indic_words")
def reread_indic_stories(db: Database) -> None:
    # The story index read a word of an Indic script as the pieces between its vowel signs and viramas,
    # and left out the pieces of one letter: "भारत" (India) was the term "रत", "नीति" (policy) none at
    # all. A word now runs over its marks. The articles with such marks leave the index and their terms
    # leave the document frequencies; the next story scan reads them again. Their pairs found stay.
    db.conn.create_function("has_indic_marks", 1, has_indic_marks, deterministic=True)
    _leave_story_index(db, db.execute(
        "SELECT s.article_id, s.signature, s.terms FROM story_index s JOIN articles a ON a.id = s.article_id "
        "WHERE has_indic_marks(a.title) OR has_indic_marks(a.body)").fetchall())


def _leave_story_index(db: Database, rows: list[tuple[int, bytes | None, str | None]]) -> None:
    """Take the story index's ``(article_id, signature, terms)`` rows out of it, and their terms out of the
    document frequencies, so that the next story scan reads those articles again."""
    by_id: Counter[int] = Counter()
    by_term: Counter[str] = Counter()
    for _, signature, terms in rows:
        if signature is not None:  # a signature opens with its count of terms, then three more, then their ids
            values = array("i", signature)
            by_id.update(values[4:4 + values[0]])
        elif terms is not None:  # a row indexed before signatures, its terms as JSON
            by_term.update(json.loads(terms).keys())
    db.conn.executemany("UPDATE story_terms SET articles = max(0, articles - ?) WHERE id = ?",
                        [(count, term_id) for term_id, count in by_id.items()])
    db.conn.executemany("UPDATE story_terms SET articles = max(0, articles - ?) WHERE term = ?",
                        [(count, term) for term, count in by_term.items()])
    db.conn.executemany("DELETE FROM story_index WHERE article_id = ?", [(row[0],) for row in rows])


def unknown_migrations(db: Database) -> list[str]:
    """The migrations ``db`` records that this version of Curator does not have, oldest first; only reads."""
    # Every migration is pending in an empty database: that is the list this version knows.
    known = {migration.name for migration in migrations.pending(Database(memory=True))}
    return [migration.name for migration in migrations.applied(db) if migration.name not in known]
