"""Reads for the entity views: the articles that mention an entity, and the entities of one article.

Kept apart from ``store`` and ``entities`` so the library list can be narrowed to an
entity without a new ``ArticleQuery`` field. "Mentions" here means accepted mentions,
as in :func:`curator.core.entities.entity_article_ids`.

>>> count_entity_articles(library, entity_id, ArticleQuery())
2
"""

from __future__ import annotations

import json

from curator.core.store import SUMMARY_COLUMNS, ArticleQuery, Library, _source, _where

_MENTIONING = "articles.id IN (SELECT article_id FROM mentions WHERE entity_id = ? AND status = 'accepted')"


def count_entity_articles(library: Library, entity_id: int, query: ArticleQuery = ArticleQuery()) -> int:
    """How many articles matching ``query`` mention the entity."""
    where, params = _where(query)
    return library.db.execute(f"SELECT count(*) FROM {_source(query)} WHERE {where} AND {_MENTIONING}",
                              [*params, entity_id]).fetchone()[0]


def entity_article_page(library: Library, entity_id: int, query: ArticleQuery, offset: int, limit: int) -> list[dict]:
    """One page of summaries (as ``Library.article_page``) of the matching articles that mention the entity."""
    where, params = _where(query)
    order = "articles_fts.rank, articles.id" if query.search.strip() else "articles.id"
    rows = library.db.execute(
        f"SELECT {SUMMARY_COLUMNS} FROM {_source(query)} WHERE {where} AND {_MENTIONING} "
        f"ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, entity_id, limit, offset],
    )
    return [dict(zip([c[0] for c in rows.description], row)) for row in rows.fetchall()]


def article_entities(library: Library, article_id: int) -> dict[int, dict]:
    """The entities tagged in one article, by id, most mentioned there first.

    Each has ``name``, ``type``, ``aliases``, ``here`` (accepted mentions in this article),
    ``total`` (in the library) and ``articles`` (how many articles mention it).
    """
    rows = library.db.query(
        "SELECT e.id, e.name, e.type, e.aliases, count(*) AS here, "
        "(SELECT count(*) FROM mentions o WHERE o.entity_id = e.id AND o.status = 'accepted') AS total, "
        "(SELECT count(DISTINCT o.article_id) FROM mentions o WHERE o.entity_id = e.id AND o.status = 'accepted') "
        "AS articles FROM mentions m JOIN entities e ON e.id = m.entity_id "
        "WHERE m.article_id = ? AND m.status = 'accepted' GROUP BY e.id ORDER BY here DESC, e.name",
        [article_id],
    )
    return {row["id"]: {**row, "aliases": json.loads(row["aliases"])} for row in rows}
