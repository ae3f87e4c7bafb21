"""Which articles a list shows (``ArticleQuery``) as SQL: a full-text search's index terms and the
words looked for inside the texts, the FROM, WHERE and ORDER BY clauses ``Library`` reads them with."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from curator.core.library.states import ArticleStatus, MentionStatus
from curator.core.text.words import (
    has_unspaced_letters,
    index_words,
    search_words,
    searched_inside_texts,
    writes_non_joiners,
)


class ArticleSort(Enum):
    """A column a list of articles can be sorted by: its value is the ORDER BY expression, which the
    indexes of migration 0015 match (titles and outlets without regard to case)."""

    TITLE = "articles.title COLLATE NOCASE"
    PUBLISHED = "articles.published"
    OUTLET = "articles.outlet COLLATE NOCASE"
    LENGTH = "length(articles.body)"


@dataclass(frozen=True)
class ArticleQuery:
    """Which articles a list shows: an optional full-text search, merged-away ones or not,
    and optionally only those with an accepted mention of one entity. ``trash`` lists the
    trashed articles instead (they are in no other list).

    ``sort`` orders them by a column (``descending`` or not), equal values by id in the same
    direction; without one, a search lists by relevance and anything else in import order."""

    search: str = ""
    include_merged: bool = False
    entity_id: int | None = None
    trash: bool = False
    sort: ArticleSort | None = None
    descending: bool = False


def _search_parts(search: str) -> tuple[str | None, list[str]]:
    """What a user typed into the search box as an FTS5 query, where every word must match as a
    prefix, and the words of scripts written without spaces, looked for inside the texts instead:
    the index keeps a run of their letters as one word, a whole clause no one types. So are the words
    of scripts that write non-joiners inside words, among the texts the index narrows them to.

    Words are split the way the index splits them and quoted, so punctuation and FTS operators in
    the input can never produce a syntax error. The query is None when no word is for the index.
    """
    words = search_words(search)
    indexed = [_index_terms(word) for word in words if not has_unspaced_letters(word)]
    return " AND ".join(indexed) or None, [word for word in words if searched_inside_texts(word)]


def _index_terms(word: str) -> str:
    """The FTS5 terms a search word must match: a prefix of the index's words, or, for a word of a script
    that writes non-joiners inside words, for each of its pieces between vowel signs (which the index
    breaks words at, as it breaks them at a non-joiner), a word of the index that begins the piece or that
    the piece begins: a text spelling the word with a non-joiner holds it in pieces, the first of which
    begins it. The word is then looked for inside the texts the index narrows the search to.

    >>> _index_terms("Minsk"), _index_terms("میخو"), _index_terms("भारत")
    ('"Minsk"*', '("م" OR "می" OR "میخ" OR "میخو"*)', '("भ"*) AND ("र" OR "रत"*)')
    """
    if not writes_non_joiners(word):
        return f'"{word}"*'
    return " AND ".join("(" + " OR ".join([*(f'"{piece[:end]}"' for end in range(1, len(piece))), f'"{piece}"*']) + ")"
                        for piece in index_words(word))


def query_source(query: ArticleQuery) -> str:
    """The FROM clause. With a search, CROSS JOIN makes SQLite start from the index
    matches instead of testing the match once per article (seconds at 100k rows)."""
    if _search_parts(query.search)[0]:
        return "articles_fts CROSS JOIN articles ON articles.id = articles_fts.rowid"
    return "articles"


def query_order(query: ArticleQuery) -> str:
    """By the chosen column with ties by id (the same way), else by relevance when searching, else in import order."""
    if query.sort is not None:
        direction = "DESC" if query.descending else "ASC"
        return f"{query.sort.value} {direction}, articles.id {direction}"
    return "articles_fts.rank, articles.id" if _search_parts(query.search)[0] else "articles.id"


def query_where(query: ArticleQuery) -> tuple[str, list]:
    clauses: list[str] = []
    params: list[object] = []
    if query.trash:
        clauses.append(f"articles.status = '{ArticleStatus.TRASHED}'")
    elif query.include_merged:
        clauses.append(f"articles.status IN ('{ArticleStatus.ACTIVE}', '{ArticleStatus.MERGED}')")
    else:
        clauses.append(f"articles.status = '{ArticleStatus.ACTIVE}'")
    if query.entity_id is not None:
        clauses.append("articles.id IN (SELECT article_id FROM mentions WHERE entity_id = ? "
                       f"AND status = '{MentionStatus.ACCEPTED}')")
        params.append(query.entity_id)
    if query.search.strip():
        match, inside = _search_parts(query.search)
        if match:
            clauses.append("articles_fts MATCH ?")
            params.append(match)
        for word in inside:
            if writes_non_joiners(word):  # found in either spelling, with its (non-)joiners or without
                clauses.append("(instr(replace(replace(articles.title, char(8204), ''), char(8205), ''), ?) "
                               "OR instr(replace(replace(articles.body, char(8204), ''), char(8205), ''), ?))")
            else:
                clauses.append("(instr(articles.title, ?) OR instr(articles.body, ?))")
            params.extend([word, word])
        if not match and not inside:
            clauses.append("0")  # nothing but marks: no article
    return (" AND ".join(clauses) or "1"), params
