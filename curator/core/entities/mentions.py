"""Mentions: tag, accept and reject spans of an article's text; propagate a tag to every occurrence;
carry mentions onto the text a merge keeps."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from curator.core.entities.listing import entity
from curator.core.entities.name_runs import sentence_initial
from curator.core.entities.name_words import OPENERS, TITLE_HEADS
from curator.core.entities.model import EntityError
from curator.core.entities.registry import (
    check_type,
    clean_name,
    find_by_name,
    insert_entity,
)
from curator.core.library.history import RowChanges, record
from curator.core.library.sql import inserted_id, placeholders
from curator.core.library.states import (
    ArticleStatus,
    MentionOrigin,
    MentionStatus,
    Operation,
)
from curator.core.library.store import Changes, Library, utc_now
from curator.core.text import has_unspaced_letters, searched_inside_texts, without_joiners, writes_non_joiners
from curator.core.text.paragraphs import paragraph_spans

FIELDS = ("body", "dateline")


def _article_text(library: Library, article_id: int, field: str = "body") -> str:
    """The text a mention's offsets count in: the article's clean body or its dateline."""
    if field not in FIELDS:
        raise EntityError(f"Mentions are in the body or the dateline, not “{field}”")
    row = library.db.execute(f"SELECT coalesce({field}, ''), status FROM articles WHERE id = ?",
                             [article_id]).fetchone()
    if row is None:
        raise EntityError(f"There is no article {article_id}")
    if row[1] == ArticleStatus.TRASHED:
        raise EntityError(f"Article {article_id} is in the trash; restore it to tag it")
    if row[1] != ArticleStatus.ACTIVE:
        raise EntityError(f"Article {article_id} was merged into another; tag the merged article instead")
    return row[0]


def tag_mention(library: Library, article_id: int, start: int, end: int, *, type: str | None = None,
                entity_id: int | None = None, name: str | None = None, field: str = "body") -> Changes:
    """Tag ``body[start:end]`` (or the dateline's, with ``field="dateline"``) as a mention of an entity, accepted.

    The entity is ``entity_id``, else the entity of ``type`` named (or aliased)
    ``name`` — by default the selected text — which is created when there is none.
    A suggestion on the same span becomes this manual mention.
    """
    with library.atomic() as db:
        body = _article_text(library, article_id, field)
        if not 0 <= start <= end <= len(body):
            raise EntityError(f"Characters {start} to {end} are not in the article's "
                              f"{'dateline' if field == 'dateline' else 'text'} ({len(body):,} characters long)")
        if not body[start:end].strip():
            raise EntityError(f"Characters {start} to {end} hold no words: choose words to tag")
        text = body[start:end]
        rows = RowChanges(library)
        if entity_id is not None:
            chosen = entity(library, entity_id)
            if chosen is None:
                raise EntityError(f"There is no entity {entity_id}")
            type = chosen["type"]
        else:
            if type is None:
                raise EntityError("Choose a type or an entity for the mention")
            check_type(library, type)
            wanted = clean_name(name if name is not None else text)
            entity_id = find_by_name(library, wanted, type) or insert_entity(library, rows, wanted, type)
        overlapping = db.execute(
            "SELECT id FROM mentions WHERE article_id = ? AND field = ? AND status = ? AND start < ? "
            "AND end > ? AND NOT (start = ? AND end = ?)",
            [article_id, field, MentionStatus.ACCEPTED, end, start, start, end],
        ).fetchone()
        if overlapping:
            raise EntityError("That text overlaps a tagged mention; remove it first")
        existing = db.execute("SELECT id FROM mentions WHERE article_id = ? AND field = ? AND start = ? AND end = ?",
                              [article_id, field, start, end]).fetchone()
        if existing:
            rows.track("mentions", [existing])
            db.execute("UPDATE mentions SET entity_id = ?, type = ?, label = NULL, origin = ?, status = ? WHERE id = ?",
                       [entity_id, type, MentionOrigin.MANUAL, MentionStatus.ACCEPTED, existing[0]])
            mention_id = existing[0]
        else:
            mention_id = inserted_id(db.execute(
                "INSERT INTO mentions (article_id, field, start, end, text, entity_id, type, origin, status, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [article_id, field, start, end, text, entity_id, type, MentionOrigin.MANUAL, MentionStatus.ACCEPTED,
                 utc_now()],
            ))
            rows.track_created("mentions", [(mention_id,)])
        entity_name = db.execute("SELECT name FROM entities WHERE id = ?", [entity_id]).fetchone()[0]
        history_id = record(library, Operation.TAG_MENTION, f"Tagged “{_short(text)}” as {entity_name}",
                            {"article": article_id, "start": start, "end": end, "entity": entity_id}, rows)
    return Changes(history_id, articles=(article_id,), entities=(entity_id,), mentions=(mention_id,))


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def accept_mentions(library: Library, mention_ids: list[int]) -> Changes:
    """Accept suggestions: each is linked to its proposed entity, created if needed."""
    with library.atomic() as db:
        found = list(db.query(f"SELECT * FROM mentions WHERE id IN ({placeholders(mention_ids)}) AND status != ?",
                              [*mention_ids, MentionStatus.ACCEPTED]))
        if not found:
            raise EntityError("There are no suggestions to accept")
        rows = RowChanges(library)
        rows.track("mentions", [(m["id"],) for m in found])
        for mention in found:
            entity_id = mention["entity_id"]
            if entity_id is None:
                name = clean_name(mention["label"] or mention["text"])
                entity_id = find_by_name(library, name, mention["type"]) or insert_entity(
                    library, rows, name, mention["type"])
            db.execute("UPDATE mentions SET status = ?, entity_id = ? WHERE id = ?",
                       [MentionStatus.ACCEPTED, entity_id, mention["id"]])
        history_id = record(library, Operation.ACCEPT_MENTIONS, _count_summary("Accepted", found),
                            {"ids": mention_ids}, rows)
    return Changes(history_id, articles=_articles_of(found), mentions=tuple(m["id"] for m in found))


def remove_mentions(library: Library, mention_ids: list[int]) -> Changes:
    """Delete tags, and reject suggestions (a rejected span is never suggested again)."""
    with library.atomic() as db:
        found = list(db.query(f"SELECT * FROM mentions WHERE id IN ({placeholders(mention_ids)}) AND status != ?",
                              [*mention_ids, MentionStatus.REJECTED]))
        if not found:
            raise EntityError("There is nothing to remove")
        rows = RowChanges(library)
        rows.track("mentions", [(m["id"],) for m in found])
        for mention in found:
            if mention["origin"] == MentionOrigin.SUGGESTED:
                db.execute("UPDATE mentions SET status = ? WHERE id = ?", [MentionStatus.REJECTED, mention["id"]])
            else:
                db.execute("DELETE FROM mentions WHERE id = ?", [mention["id"]])
        history_id = record(library, Operation.REMOVE_MENTIONS, _count_summary("Removed", found),
                            {"ids": mention_ids}, rows)
    return Changes(history_id, articles=_articles_of(found), mentions=tuple(m["id"] for m in found))


def _articles_of(mentions: list[dict]) -> tuple[int, ...]:
    return tuple(sorted({m["article_id"] for m in mentions}))


def _count_summary(verb: str, mentions: list[dict]) -> str:
    if len(mentions) == 1:
        return f"{verb} mention “{_short(mentions[0]['text'])}”"
    return f"{verb} {len(mentions):,} mentions"


# Propagation ------------------------------------------------------------------------

# The word right before a mention (one space away), and right after it; within this many characters.
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’.-]*) $")
_WORD_AFTER = re.compile(r" ([^\W\d_][\w'’-]*)")
_WORD_ROOM = 40


def occurrences(text: str, body: str) -> list[tuple[int, int]]:
    """Where ``text`` occurs in ``body`` as whole words (case-sensitive: "Turkey" is not "turkey"); an end
    in a letter of a script written without spaces ("北京" in "在北京举行") has no word's edge to keep to."""
    if not text:
        return []
    # A name of a script that writes non-joiners inside words is the same name with them or without,
    # and a word goes on past one: a name's edge is no non-joiner.
    joined = writes_non_joiners(text)
    written = "[\u200c\u200d]*".join(map(re.escape, without_joiners(text))) if joined else re.escape(text)
    word = r"[\w\u200c\u200d]" if joined else r"\w"
    before = "" if has_unspaced_letters(text[0]) else rf"(?<!{word})"
    after = "" if has_unspaced_letters(text[-1]) else rf"(?!{word})"
    pattern = re.compile(rf"{before}{written}{after}")
    return [(found.start(), found.end()) for found in pattern.finditer(body)]


def inside_a_longer_name(body: str, start: int, end: int) -> bool:
    """Whether the words at ``start:end`` are part of a longer name, a capitalised word right before
    or after them: "Jordan" in "Michael Jordan" or "Jordan Bardella" is not the country. A job title
    before them ("President Biden") or a sentence's opening word ("Yesterday Jordan …") is no part of one.

    >>> text = "Michael Jordan met Jordan Bardella. President Biden flew to Jordan. Yesterday Jordan said no."
    >>> [text[s:e] for s, e in occurrences("Jordan", text) if not inside_a_longer_name(text, s, e)]
    ['Jordan', 'Jordan']
    >>> [text[s - 10:e] for s, e in occurrences("Biden", text) if not inside_a_longer_name(text, s, e)]
    ['President Biden']
    """
    before = _WORD_BEFORE.search(body, max(0, start - _WORD_ROOM), start)
    if before is not None:
        word = before.group(1)
        if word[0].isupper() and not word.endswith((".", "!", "?")) and word not in TITLE_HEADS \
                and not (word in OPENERS and sentence_initial(body, before.start(1))):
            return True
    after = _WORD_AFTER.match(body, end)
    return after is not None and after.group(1)[0].isupper()


def propagation_preview(library: Library, mention_id: int) -> dict[int, int]:
    """How many new mentions "tag all occurrences" would add, per article."""
    mention = _accepted_mention(library, mention_id)
    return {article_id: len(spans) for article_id, spans in _untagged_occurrences(library, mention).items()}


@dataclass(frozen=True)
class PropagationPreview:
    """What "tag all occurrences" of a mention would do, for a person to confirm: the mention's text,
    how many new mentions per article, and the articles with the most, as (id, count, title)."""

    text: str
    counts: dict[int, int]
    most: list[tuple[int, int, str]]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def preview_propagation(library: Library, mention_id: int, listed: int) -> PropagationPreview:
    """:func:`propagation_preview` with the mention's text and the ``listed`` articles that would gain
    the most mentions (of equal counts, the earliest imported first), titled."""
    mention = _accepted_mention(library, mention_id)
    counts = propagation_preview(library, mention_id)
    most = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:listed]
    titles = library.titles([article_id for article_id, _ in most])
    return PropagationPreview(mention["text"], counts,
                              [(article_id, count, titles.get(article_id, "")) for article_id, count in most])


def propagate_mention(library: Library, mention_id: int) -> Changes:
    """Tag every occurrence of the mention's text across the library with its entity, as one operation."""
    with library.atomic() as db:
        mention = _accepted_mention(library, mention_id)
        found = _untagged_occurrences(library, mention)
        if not found:
            raise EntityError(f"Every occurrence of \u201c{mention['text']}\u201d is tagged or rejected already")
        rows = RowChanges(library)
        pending = {}
        for article_id, spans in found.items():
            for start, end in spans:
                existing = db.execute("SELECT id FROM mentions WHERE article_id = ? AND field = 'body' "
                                      "AND start = ? AND end = ?", [article_id, start, end]).fetchone()
                if existing:
                    pending[existing[0]] = article_id
        rows.track("mentions", [(i,) for i in pending])
        db.conn.executemany("UPDATE mentions SET status = ?, entity_id = ?, type = ?, label = NULL, origin = ? "
                            "WHERE id = ?", [(MentionStatus.ACCEPTED, mention["entity_id"], mention["type"],
                                              MentionOrigin.PROPAGATED, i) for i in pending])
        now, created = utc_now(), []
        for article_id, spans in found.items():
            for start, end in spans:
                if not db.execute("SELECT 1 FROM mentions WHERE article_id = ? AND field = 'body' AND start = ? "
                                  "AND end = ?", [article_id, start, end]).fetchone():
                    created.append(inserted_id(db.execute(
                        "INSERT INTO mentions (article_id, start, end, text, entity_id, type, origin, status, "
                        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [article_id, start, end, mention["text"], mention["entity_id"], mention["type"],
                         MentionOrigin.PROPAGATED, MentionStatus.ACCEPTED, now],
                    )))
        rows.track_created("mentions", [(i,) for i in created])
        total = len(created) + len(pending)
        articles = f"{len(found):,} article{'' if len(found) == 1 else 's'}"
        history_id = record(library, Operation.PROPAGATE_MENTION,
                            f"Tagged {total:,} more “{_short(mention['text'])}” in {articles}", {"mention": mention_id}, rows)
    return Changes(history_id, articles=tuple(sorted(found)), entities=(mention["entity_id"],),
                   mentions=tuple(sorted([*created, *pending])))


def _accepted_mention(library: Library, mention_id: int) -> dict:
    rows = list(library.db.query("SELECT * FROM mentions WHERE id = ?", [mention_id]))
    if not rows or rows[0]["status"] != MentionStatus.ACCEPTED or rows[0]["entity_id"] is None:
        raise EntityError("Only a tagged mention can be propagated")
    return rows[0]


def _untagged_occurrences(library: Library, mention: dict) -> dict[int, list[tuple[int, int]]]:
    """Occurrences of the mention's text in active articles that no accepted or rejected mention covers."""
    found: dict[int, list[tuple[int, int]]] = {}
    match = _fts_phrase(mention["text"])
    candidates = library.db.execute(
        "SELECT articles.id, articles.body FROM articles_fts CROSS JOIN articles ON articles.id = articles_fts.rowid "
        "WHERE articles_fts MATCH ? AND articles.status = ?", [match, ArticleStatus.ACTIVE],
    ) if match else library.db.execute("SELECT id, body FROM articles WHERE status = ?", [ArticleStatus.ACTIVE])
    for article_id, body in candidates:
        spans = [(start, end) for start, end in occurrences(mention["text"], body)
                 if not inside_a_longer_name(body, start, end)]
        if not spans:
            continue
        taken = library.db.execute("SELECT start, end FROM mentions WHERE article_id = ? AND field = 'body' "
                                   "AND status != ?", [article_id, MentionStatus.PENDING]).fetchall()
        free = [(s, e) for s, e in spans if not any(s < t_end and e > t_start for t_start, t_end in taken)]
        if free:
            found[article_id] = free
    return found


def _fts_phrase(text: str) -> str | None:
    """An FTS5 query for articles holding every word of ``text``, so only they are read.

    The index keeps no word positions (``detail=column``), so it cannot match the
    phrase itself; ``occurrences`` checks that in the text.
    """
    # A word of a script written without spaces is in the index only inside the run of letters it
    # is written in, and one of a script that writes non-joiners maybe only in pieces: they narrow nothing.
    words = [word for word in re.findall(r"\w+", text) if not searched_inside_texts(word)]
    return " ".join(f'"{word}"' for word in words) if words else None


# Entities across versions -------------------------------------------------------------

def propose_known_entities(library: Library, rows: RowChanges, sources: list[int], target: int,
                           source: str) -> list[int]:
    """Propose the entities tagged in ``sources`` where ``target``'s text names them untagged (inside
    the caller's transaction): pending suggestions of those entities, from ``source``.

    A name counts as a tagged mention's text, the entity's name or an alias, found as whole words,
    the longest first. A suggestion already pending on exactly that span proposes the entity instead
    of what it proposed; a span tagged or rejected already, or overlapping a tagged or pending
    mention, is left alone. Returns the ids of the mentions added or changed.
    """
    db = library.db
    names: dict[str, tuple[int, str]] = {}
    for entity_id, name, type, aliases, text in db.execute(
        "SELECT DISTINCT e.id, e.name, e.type, e.aliases, m.text FROM mentions m JOIN entities e ON e.id = m.entity_id "
        f"WHERE m.article_id IN ({placeholders(sources)}) AND m.status = ? ORDER BY e.id",
        [*sources, MentionStatus.ACCEPTED],
    ):
        for surface in (text, name, *json.loads(aliases)):
            names.setdefault(surface, (entity_id, type))
    body = db.execute("SELECT body FROM articles WHERE id = ? AND status = ?", [target, ArticleStatus.ACTIVE]).fetchone()
    if not names or body is None:
        return []
    existing = {(start, end): (mention_id, status, entity_id) for mention_id, start, end, status, entity_id in db.execute(
        "SELECT id, start, end, status, entity_id FROM mentions WHERE article_id = ? AND field = 'body'", [target])}
    taken = [span for span, (_, status, _) in existing.items() if status != MentionStatus.REJECTED]
    found = sorted(((start, end, surface) for surface in names for start, end in occurrences(surface, body[0])),
                   key=lambda hit: (hit[0] - hit[1], hit[0]))
    now, created, changed = utc_now(), [], []
    claimed: list[tuple[int, int]] = []
    for start, end, surface in found:
        entity_id, type = names[surface]
        if any(start < c_end and c_start < end for c_start, c_end in claimed):
            continue
        if (start, end) in existing:
            mention_id, status, proposed = existing[(start, end)]
            if status == MentionStatus.PENDING and proposed != entity_id:
                rows.track("mentions", [(mention_id,)])
                db.execute("UPDATE mentions SET entity_id = ?, type = ?, label = NULL, source = ? WHERE id = ?",
                           [entity_id, type, source, mention_id])
                changed.append(mention_id)
            claimed.append((start, end))
            continue
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        created.append(inserted_id(db.execute(
            "INSERT INTO mentions (article_id, start, end, text, entity_id, type, origin, status, source, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [target, start, end, surface, entity_id, type, MentionOrigin.SUGGESTED, MentionStatus.PENDING, source,
             now])))
        claimed.append((start, end))
    rows.track_created("mentions", [(i,) for i in created])
    return sorted(changed + created)


# Mentions follow merges ---------------------------------------------------------------

# An edited paragraph's mention is placed where the text around it reads this alike.
CONTEXT_CHARS = 40
SAME_CONTEXT_RATIO = 60


def carry_mentions_into_merge(library: Library, rows: RowChanges, bodies: dict[int, str], keep: int,
                              merged_body: str, merged_dateline: str | None = None) -> list[int]:
    """Move the members' mentions onto the kept article's merged text (inside the merge's transaction).

    A mention moves when its paragraph is in the merged text word for word; its
    offsets are shifted to where that paragraph now is. A dateline mention moves
    when the merged dateline has its text at the same place. A merged-away article's
    mention that cannot be placed (or would land on a span already tagged) stays
    on it; one of the kept article's own that no longer fits is dropped. Unmerge
    and undo restore all of them from the merge's snapshot.
    """
    ids = list(bodies)
    mentions = list(library.db.query(f"SELECT * FROM mentions WHERE article_id IN ({placeholders(ids)})", ids))
    if not mentions:
        return []
    rows.track("mentions", [(m["id"],) for m in mentions])
    starts_of: dict[str, list[int]] = {}
    for start, end in paragraph_spans(merged_body):
        starts_of.setdefault(merged_body[start:end], []).append(start)
    placed: list[tuple[dict, tuple[int, int]]] = []
    dropped: list[int] = []
    taken: dict[str, set[tuple[int, int]]] = {field: set() for field in FIELDS}
    # The kept article's mentions claim their spans first, then the others' in article order.
    for mention in sorted(mentions, key=lambda m: (m["article_id"] != keep, m["article_id"], m["start"])):
        if mention["field"] == "dateline":
            dateline = merged_dateline or ""
            span = (mention["start"], mention["end"]) if dateline[mention["start"]:mention["end"]] == mention[
                "text"] else None
        else:
            span = _new_span(mention, bodies[mention["article_id"]], merged_body, starts_of)
        if span is not None and not any(span[0] < end and span[1] > start for start, end in taken[mention["field"]]):
            taken[mention["field"]].add(span)
            placed.append((mention, span))
        elif mention["article_id"] == keep:
            dropped.append(mention["id"])
    moving = [mention for mention, span in placed if (mention["article_id"], mention["start"], mention["end"])
              != (keep, *span)]
    changed = [m["id"] for m in moving] + dropped
    library.db.execute(f"DELETE FROM mentions WHERE id IN ({placeholders(changed)})", changed)
    spans = {m["id"]: span for m, span in placed}
    columns = [c for c in mentions[0] if c not in ("article_id", "start", "end")]
    for mention in moving:
        start, end = spans[mention["id"]]
        library.db.execute(
            f"INSERT INTO mentions (article_id, start, end, {', '.join(columns)}) "
            f"VALUES (?, ?, ?, {', '.join('?' for _ in columns)})",
            [keep, start, end, *[mention[c] for c in columns]],
        )
    return changed


def _new_span(mention: dict, body: str, merged_body: str, starts_of: dict[str, list[int]]) -> tuple[int, int] | None:
    """Where the mention lands in the merged text: in the same paragraph if it is there word for
    word, else at the occurrence of its text whose surroundings read most alike (an edited paragraph)."""
    for start, end in paragraph_spans(body):
        if start <= mention["start"] and mention["end"] <= end:
            targets = starts_of.get(body[start:end])
            if targets:
                new_start = targets[0] + mention["start"] - start
                new_end = new_start + mention["end"] - mention["start"]
                if merged_body[new_start:new_end] == mention["text"]:
                    return new_start, new_end
            break
    context = body[max(0, mention["start"] - CONTEXT_CHARS):mention["end"] + CONTEXT_CHARS]
    best: tuple[int, int] | None = None
    best_score: float = SAME_CONTEXT_RATIO
    for new_start, new_end in occurrences(mention["text"], merged_body):
        around = merged_body[max(0, new_start - CONTEXT_CHARS):new_end + CONTEXT_CHARS]
        score = fuzz.ratio(context, around)
        if score >= best_score:
            best, best_score = (new_start, new_end), score
    return best
