"""Entity suggestions: find likely mentions in the articles and store them as pending.

``suggest_mentions`` runs the suggesters over the active articles and stores what
they find as pending mentions (origin ``suggested``, ``source`` = the suggester)
for the user to accept or reject one by one:

- **registry**: the names and aliases of the user's entities, found with
  Aho-Corasick on whole words. Case matters, except that a Title-Case spelling of
  a name counts ("Kim Jong-Un" for "Kim Jong-un"). A person's surname alone
  ("Lavrov" for "Sergei Lavrov") counts only in an article that also has the full
  name or an alias, and only if no other person there has that surname.
- **gazetteer**: countries, capitals and big cities (:mod:`curator.core.entities.gazetteer`),
  in the text and as an article's dateline ("MOSCOW"), which import keeps apart from the body.
- **demonym**: "Russian", "North Koreans", … proposing their country.
- **spacy**: a spaCy pipeline's entities, when spaCy and a model are installed.
- **capitalized**: capitalized phrases and evident single-word names
  (:mod:`curator.core.entities.names`), typed PERSON or ORG where the corpus shows it
  (a job title before the name, an organisation word ending it), else UNKNOWN.

Where suggestions overlap the longer span wins, then the suggester earlier in that
list. A span that already has a mention row (accepted, pending or rejected) is
never suggested again, and nothing overlapping an accepted or pending mention is.
Each batch of articles is stored in one transaction with one history row, and a run's rows
share its ``batch``: one undo takes back every suggestion of the run still pending (a later
accept or reject of one of them is in the way, and must be undone first), and redo puts them back.

>>> from curator.core.ingest import import_paths, sample_paths
>>> library = Library.open(":memory:")
>>> _ = import_paths(library, sample_paths())
>>> suggest_mentions(library, use_spacy=False).summary()   # doctest: +ELLIPSIS
'Suggested ... mentions in 2 of 2 articles (... places, ... nationalities, ... capitalised names)'
>>> suggest_mentions(library, use_spacy=False).total       # a span is never suggested twice
0
"""

from __future__ import annotations

import json
import re
import time
import uuid
from array import array
from contextlib import closing
from dataclasses import dataclass, field
from typing import Iterable, NamedTuple

import ahocorasick

from curator.core.entities.confidence import suggestion_confidence
from curator.core.entities.gazetteer import demonyms, place_names
from curator.core.entities.name_words import PLACE_ENDINGS
from curator.core.entities.names import (
    PhraseStats,
    Piece,
    pack,
    phrase_candidates,
    pieces,
    surname_of,
    unpack,
)
from curator.core.entities.organisations import organisation_names
from curator.core.library.history import RowChanges, record
from curator.core.library.settings import get_settings
from curator.core.library.states import (
    ArticleStatus,
    MentionOrigin,
    MentionStatus,
    Operation,
)
from curator.core.library.store import Library, utc_now
from curator.core.parallel import ordered_map
from curator.core.progress import (
    CancelCheck,
    ProgressCallback,
    never_cancelled,
    no_progress,
)
from curator.core.text import fold_case

# A dateline's place: up to its first comma, slash or bracket ("WASHINGTON, D.C." names Washington).
_CURRENCY_SIGNS = "$€£¥"
_DATELINE_PLACE = re.compile(r"\s*([^,/(\[]*[^\s,/(\[])")
SOURCES = ("registry", "gazetteer", "demonym", "spacy", "capitalized")
# Where suggestions came from, as a person reads it (a summary counts them: "55 places").
SOURCE_WORDS = {"registry": "known entities", "gazetteer": "places", "demonym": "nationalities",
                "spacy": "spaCy finds", "capitalized": "capitalised names", "merged": "from merged versions",
                "linked": "from linked versions"}
_RANK = {source: rank for rank, source in enumerate(SOURCES)}
BATCH_ARTICLES = 500
# From this many articles on, the first pass reads in worker processes.
PARALLEL_MIN_ARTICLES = 4000
# spaCy reads a few hundred articles a second at best: used unasked only for small runs.
SPACY_AUTO_MAX_ARTICLES = 2000
_SPACY_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "EVENT": "EVENT"}


@dataclass
class SuggestReport:
    """What a suggestion run did: articles read, suggestions stored per suggester."""

    articles_scanned: int = 0
    added: dict[str, int] = field(default_factory=lambda: {source: 0 for source in SOURCES})
    article_ids: list[int] = field(default_factory=list)  # articles that got new suggestions
    cancelled: bool = False
    seconds: float = 0.0
    below_floor: int = 0  # found, but less sure than the library's floor: not proposed
    batch: str = field(default_factory=lambda: uuid.uuid4().hex)  # the history batch of the run's rows
    history_ids: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.added.values())

    def summary(self) -> str:
        counts = ", ".join(f"{count:,} {SOURCE_WORDS.get(source, source)}" for source, count in self.added.items()
                           if count)
        text = (f"Suggested {self.total:,} mention{'s' if self.total != 1 else ''} in "
                f"{len(self.article_ids):,} of {self.articles_scanned:,} "
                f"article{'s' if self.articles_scanned != 1 else ''} ({counts})")
        if self.below_floor:
            text += f"; {self.below_floor:,} below the confidence floor left out"
        return text + (" (cancelled)" if self.cancelled else "")


class Candidate(NamedTuple):
    start: int
    end: int
    source: str
    type: str
    label: str | None
    entity_id: int | None
    field: str = "body"  # or "dateline"
    confidence: float = 1.0  # from its evidence (confidence.py), set before storing


class _Pattern(NamedTuple):
    spelling: str
    source: str
    type: str
    label: str | None
    entity_id: int | None
    surname_of: int | None  # a surname pattern: that entity's full name must be in the article too


def suggest_mentions(
    library: Library,
    *,
    progress: ProgressCallback = no_progress,
    cancelled: CancelCheck = never_cancelled,
    article_ids: Iterable[int] | None = None,
    use_spacy: bool | None = None,
    batch_articles: int = BATCH_ARTICLES,
) -> SuggestReport:
    """Suggest mentions in the active articles (all, or those of ``article_ids``) and store them.

    Two passes: the first reads the articles for corpus statistics (how each
    capitalized phrase is spelled, which single words are evidently names), the
    second finds and stores the suggestions batch by batch. ``progress(done,
    total, phase)`` is called after each batch; ``cancelled()`` is checked before
    each, and batches stored before a cancel are kept. ``use_spacy``: None uses
    spaCy when it is installed and the run is small.
    """
    started = time.perf_counter()
    report = SuggestReport()
    ids = _active_ids(library, article_ids)
    report.articles_scanned = len(ids)
    total = 2 * len(ids)
    stats = PhraseStats()
    cut: dict[int, tuple[int, array]] = {}  # each article's pieces, kept compactly for the second pass
    # Reading is independent per article: a large run spreads it over worker processes.
    read = ordered_map(cut_bodies, (((batch_ids, bodies), bodies) for batch_ids, bodies, _ in
                                    _batches(library, ids, batch_articles)),
                       parallel=len(ids) >= PARALLEL_MIN_ARTICLES)
    with closing(read):
        for done, ((batch_ids, bodies), packed) in enumerate(read):
            if cancelled():
                report.cancelled = True
                report.seconds = time.perf_counter() - started
                return report
            for article_id, body, article_pieces in zip(batch_ids, bodies, packed):
                stats.add(body, unpack(body, article_pieces))
                cut[article_id] = (hash(body), article_pieces)
            progress(min((done + 1) * batch_articles, len(ids)), total, "Reading articles")
    _keep_library_spellings(library, stats)
    floor = get_settings(library).suggestion_floor
    dictionary = _build_dictionary(library)
    rejected = _rejected_names(library)
    nlp = _spacy_pipeline() if use_spacy or (use_spacy is None and len(ids) <= SPACY_AUTO_MAX_ARTICLES) else None
    for done, (batch_ids, bodies, datelines) in enumerate(_batches(library, ids, batch_articles)):
        if cancelled():
            report.cancelled = True
            break
        found = {}
        for article_id, body, dateline in zip(batch_ids, bodies, datelines):
            first_cut = cut.pop(article_id, None)
            # An article changed since the first pass (a merge meanwhile) is cut again.
            pieces = unpack(body, first_cut[1]) if first_cut is not None and first_cut[0] == hash(body) else None
            found[article_id] = _suggestions(body, dictionary, stats, pieces) + _dateline_candidates(
                dateline, dictionary)
        if nlp is not None:
            for article_id, document in zip(batch_ids, nlp.pipe(bodies)):
                found[article_id].extend(_linked(c, dictionary) for c in _spacy_candidates(document))
        for article_id, candidates in found.items():
            scored = _scored(candidates, stats)
            found[article_id] = [c for c in scored if c.confidence >= floor]
            report.below_floor += len(scored) - len(found[article_id])
        _store_batch(library, dict(zip(batch_ids, zip(bodies, datelines))), found, report, rejected)
        progress(len(ids) + min((done + 1) * batch_articles, len(ids)), total, "Suggesting mentions")
    report.seconds = time.perf_counter() - started
    return report


# Reading ----------------------------------------------------------------------------

def cut_bodies(bodies: list[str]) -> list[array]:
    """Each body's capitalised pieces, packed; runs in worker processes too."""
    return [pack(pieces(body)) for body in bodies]


def _active_ids(library: Library, article_ids: Iterable[int] | None) -> list[int]:
    if article_ids is None:
        return [row[0] for row in library.db.execute("SELECT id FROM articles WHERE status = ? ORDER BY id",
                                                     [ArticleStatus.ACTIVE])]
    wanted = sorted(set(article_ids))
    active = []
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        active += [row[0] for row in library.db.execute(
            f"SELECT id FROM articles WHERE status = '{ArticleStatus.ACTIVE}' AND id IN ({','.join('?' * len(chunk))}) "
            "ORDER BY id", chunk)]
    return active


def _batches(library: Library, ids: list[int], size: int):
    """(article ids, bodies, datelines) of active articles, ``size`` at a time; merged-away ones drop out."""
    for start in range(0, len(ids), size):
        chunk = ids[start:start + size]
        rows = library.db.execute(
            f"SELECT id, body, coalesce(dateline, '') FROM articles WHERE status = '{ArticleStatus.ACTIVE}' "
            f"AND id IN ({','.join('?' * len(chunk))}) ORDER BY id", chunk).fetchall()
        yield [row[0] for row in rows], [row[1] for row in rows], [row[2] for row in rows]


def _keep_library_spellings(library: Library, stats: PhraseStats) -> None:
    """Names the library already has keep their spelling in new suggestions."""
    for (name,) in library.db.execute("SELECT name FROM entities"):
        stats.keep_label(name)
    for (label,) in library.db.execute("SELECT DISTINCT label FROM mentions WHERE label IS NOT NULL"):
        stats.keep_label(label)


# Finding ----------------------------------------------------------------------------

class _Dictionary(NamedTuple):
    automaton: ahocorasick.Automaton  # the registry, the gazetteer and the demonyms, keyed in lower case
    entities: dict[str, tuple[int, str]]  # casefolded name or alias -> (entity id, type), when unambiguous


def _build_dictionary(library: Library) -> _Dictionary:
    patterns: dict[str, list[_Pattern]] = {}
    named: dict[str, set[tuple[int, str]]] = {}

    def add(pattern: _Pattern) -> None:
        if len(pattern.spelling) > 1:
            patterns.setdefault(fold_case(pattern.spelling), []).append(pattern)

    places: dict[str, int] = {}
    organisations: dict[str, int] = {}
    entities = list(library.db.execute("SELECT id, name, type, aliases FROM entities ORDER BY id"))
    for entity_id, name, entity_type, aliases in entities:
        names = [name, *json.loads(aliases)]
        for spelling in names:
            add(_Pattern(spelling, "registry", entity_type, None, entity_id, None))
            named.setdefault(spelling.casefold(), set()).add((entity_id, entity_type))
            if entity_type in ("PLACE", "ORG"):
                (places if entity_type == "PLACE" else organisations).setdefault(spelling.casefold(), entity_id)
        surname = surname_of(name) if entity_type == "PERSON" else None
        if surname and surname.casefold() not in {n.casefold() for n in names}:
            add(_Pattern(surname, "registry", entity_type, None, entity_id, entity_id))
    for surface, canonical in place_names():
        entity_id = places.get(canonical.casefold())
        add(_Pattern(surface, "gazetteer", "PLACE", None if entity_id else canonical, entity_id, None))
    for surface, canonical in organisation_names():
        entity_id = organisations.get(canonical.casefold())
        add(_Pattern(surface, "gazetteer", "ORG", None if entity_id else canonical, entity_id, None))
    for demonym, country in demonyms():
        entity_id = places.get(country.casefold())
        add(_Pattern(demonym, "demonym", "PLACE", None if entity_id else country, entity_id, None))
    automaton = ahocorasick.Automaton()
    for key, options in patterns.items():
        # Full names before surnames, so a name that is both resolves as the name.
        automaton.add_word(key, (len(key), tuple(sorted(options, key=lambda p: (_RANK[p.source],
                                                                                  p.surname_of is not None)))))
    automaton.make_automaton()
    return _Dictionary(automaton, {name: next(iter(ids)) for name, ids in named.items() if len(ids) == 1})


def _is_word_char(character: str) -> bool:
    return character.isalnum() or character == "_"


def _capitalized_like(surface: str, spelling: str) -> bool:
    """Whether ``surface`` is ``spelling`` with more capitals: each word the same or capitalized
    ("Kim Jong-Un" for "Kim Jong-un", "Von der Leyen" for "von der Leyen"; not "kim jong-un")."""
    return all(word == expected or word[0].isupper() for word, expected in zip(surface.split(), spelling.split()))


def _matching_pattern(surface: str, options: tuple[_Pattern, ...]) -> _Pattern | None:
    for pattern in options:
        if surface == pattern.spelling:
            return pattern
        # Another casing counts for the registry's names, but an acronym ("US") must match exactly.
        if pattern.source == "registry" and not pattern.spelling.isupper() and _capitalized_like(
                surface, pattern.spelling):
            return pattern
    return None


def _dictionary_candidates(body: str, automaton: ahocorasick.Automaton) -> list[Candidate]:
    """Registry, gazetteer and demonym hits on whole words (surnames only beside their full name)."""
    found, surnames, present = [], [], set()
    for last, (length, options) in automaton.iter(fold_case(body)):
        start, end = last - length + 1, last + 1
        if (start > 0 and _is_word_char(body[start - 1])) or (end < len(body) and _is_word_char(body[end])):
            continue
        if end < len(body) and body[end] in _CURRENCY_SIGNS:
            continue  # "US$4 million", "A$": a currency, not the country
        pattern = _matching_pattern(body[start:end], options)
        if pattern is None:
            continue
        if pattern.surname_of is not None:
            surnames.append((start, end, [p for p in options if p.surname_of is not None]))
            continue
        found.append(Candidate(start, end, pattern.source, pattern.type, pattern.label, pattern.entity_id))
        if pattern.source == "registry":
            present.add(pattern.entity_id)
    for start, end, options in surnames:
        # Only a person named in full in the article, and only one such person, has the surname alone.
        claimants = [p for p in options if p.surname_of in present]
        if len({p.surname_of for p in claimants}) == 1:
            found.append(Candidate(start, end, "registry", claimants[0].type, None, claimants[0].entity_id))
    return found


def _dateline_candidates(dateline: str, dictionary: _Dictionary) -> list[Candidate]:
    """The place a dateline names, in any case ("MOSCOW", "Paris, France"): its first part, if it is
    a place of the registry or the gazetteer."""
    found = _DATELINE_PLACE.match(dateline)
    if not found:
        return []
    hit = dictionary.automaton.get(fold_case(found.group(1)), None)
    places = [p for p in hit[1] if p.type == "PLACE" and p.source in ("registry", "gazetteer")] if hit else []
    if not places:
        return []
    chosen = places[0]
    return [Candidate(found.start(1), found.end(1), chosen.source, "PLACE", chosen.label, chosen.entity_id,
                      "dateline")]


def _suggestions(body: str, dictionary: _Dictionary, stats: PhraseStats,
                 pieces: list[Piece] | None) -> list[Candidate]:
    candidates = _dictionary_candidates(body, dictionary.automaton)
    candidates.extend(_linked(Candidate(start, end, "capitalized", _phrase_type(stats, label), label, None), dictionary)
                      for start, end, label in phrase_candidates(body, stats, pieces))
    return candidates


def _phrase_type(stats: PhraseStats, label: str) -> str:
    """The type the corpus suggests for a capitalised phrase, but a place where a title or a connector made
    a person of a name no person has ("Deputy Governor of Imo State", "King Salman Airbase")."""
    kind = stats.type_of(label)
    return "PLACE" if kind == "PERSON" and label.rsplit(" ", 1)[-1] in PLACE_ENDINGS else kind


def _scored(candidates: list[Candidate], stats: PhraseStats) -> list[Candidate]:
    """Each candidate with its confidence; a span two suggesters found (spaCy among them) agrees."""
    by_span: dict[tuple[str, int, int], set[str]] = {}
    for c in candidates:
        by_span.setdefault((c.field, c.start, c.end), set()).add(c.source)
    scored = []
    for c in candidates:
        sources = by_span[(c.field, c.start, c.end)]
        label = c.label or ""
        scored.append(c._replace(confidence=suggestion_confidence(
            c.source, c.type, words=len(label.split()), articles=stats.articles.get(label.casefold(), 1),
            agreed="spacy" in sources and len(sources) > 1)))
    return scored


def _linked(candidate: Candidate, dictionary: _Dictionary) -> Candidate:
    """A suggestion whose proposed name is an entity's (the registry's "NATO" for "Nato", "Sergei
    Lavrov" for a "Lavrov" beside "Sergei Lavrov") is that entity's mention, of its type."""
    found = dictionary.entities.get((candidate.label or "").casefold())
    if found is None:
        return candidate
    return candidate._replace(entity_id=found[0], type=found[1], label=None)


def resolve_overlaps(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates: longer spans first, then by suggester (registry first)."""
    ordered = sorted(candidates, key=lambda c: (c.start - c.end, _RANK[c.source], c.start))
    taken = bytearray(max((c.end for c in ordered), default=0))  # 1 where a chosen span is
    chosen: list[Candidate] = []
    for candidate in ordered:
        if taken.find(1, candidate.start, candidate.end) < 0:
            taken[candidate.start:candidate.end] = b"\x01" * (candidate.end - candidate.start)
            chosen.append(candidate)
    return sorted(chosen, key=lambda c: c.start)


def _spacy_pipeline():
    """An installed English spaCy pipeline (never downloaded), or None."""
    try:
        import spacy
    except ImportError:
        return None
    for name in ("en_core_web_sm", "en_core_web_md", "en_core_web_lg"):
        if spacy.util.is_package(name):
            try:
                nlp = spacy.load(name)
                # Only the entity recogniser (and the layer it reads) is needed: several times faster.
                nlp.select_pipes(enable=[pipe for pipe in nlp.pipe_names if pipe in ("tok2vec", "ner")])
                return nlp
            except Exception:  # a broken model must not stop the suggesters that work
                return None
    return None


def _spacy_candidates(document) -> list[Candidate]:
    return [Candidate(ent.start_char, ent.end_char, "spacy", _SPACY_TYPES[ent.label_], ent.text.strip(), None)
            for ent in document.ents if ent.label_ in _SPACY_TYPES and ent.text.strip() == ent.text]


# Storing ----------------------------------------------------------------------------

def _rejected_names(library: Library) -> frozenset[tuple[str, str]]:
    """The names (text and type) the curator rejected and never accepted: not suggested again, in new
    articles either. A name rejected in one place and accepted in another was wrong only there."""
    return frozenset(library.db.execute(
        "SELECT text, type FROM mentions WHERE status = ? EXCEPT SELECT text, type FROM mentions WHERE status = ?",
        [MentionStatus.REJECTED, MentionStatus.ACCEPTED]).fetchall())


def _store_batch(library: Library, texts: dict[int, tuple[str, str]], found: dict[int, list[Candidate]],
                 report: SuggestReport, rejected: frozenset[tuple[str, str]] = frozenset()) -> None:
    """Store one batch's new suggestions with one history row, in one transaction.

    ``texts`` holds each article's body and dateline as they were read; ``rejected`` names
    (:func:`_rejected_names`) are left out."""
    now, rows, counts, changed = utc_now(), [], {source: 0 for source in SOURCES}, []
    ids = list(texts)
    if not ids:
        return
    with library.atomic() as db:
        # Texts were read before this transaction: skip any article changed since (merged meanwhile).
        current = {row[0]: (row[1], row[2]) for row in db.execute(
            f"SELECT id, body, coalesce(dateline, '') FROM articles WHERE status = '{ArticleStatus.ACTIVE}' AND id IN "
            f"({','.join('?' * len(ids))})", ids)}
        found = {article_id: candidates for article_id, candidates in found.items()
                 if current.get(article_id) == texts[article_id]}
        existing: dict[tuple[int, str], list[tuple[int, int, str]]] = {}
        for article_id, field_name, start, end, status in db.execute(
            f"SELECT article_id, field, start, end, status FROM mentions "
            f"WHERE article_id IN ({','.join('?' * len(ids))})", ids,
        ):
            existing.setdefault((article_id, field_name), []).append((start, end, status))
        for article_id, candidates in found.items():
            new = []
            for field_name, text in zip(("body", "dateline"), texts[article_id]):
                taken = existing.get((article_id, field_name), [])
                spans = {(start, end) for start, end, _ in taken}
                blocking = [(start, end) for start, end, status in taken if status != MentionStatus.REJECTED]
                new += [(c, text) for c in resolve_overlaps(c for c in candidates if c.field == field_name)
                        if (c.start, c.end) not in spans and (text[c.start:c.end], c.type) not in rejected
                        and not any(c.start < end and start < c.end for start, end in blocking)]
            for c, text in new:
                rows.append((article_id, c.field, c.start, c.end, text[c.start:c.end], c.entity_id, c.type, c.label,
                             MentionOrigin.SUGGESTED, MentionStatus.PENDING, c.source, now))
                counts[c.source] += 1
            if new:
                changed.append(article_id)
        if not rows:
            return
        # Rows inserted without an id take ids above the largest there is: those are the run's.
        last_before = db.execute("SELECT ifnull(max(id), 0) FROM mentions").fetchone()[0]
        db.conn.executemany(
            "INSERT INTO mentions (article_id, field, start, end, text, entity_id, type, label, origin, status, "
            "source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        created = RowChanges(library)
        created.track_created("mentions", db.execute("SELECT id FROM mentions WHERE id > ?", [last_before]))
        report.history_ids.append(record(
            library, Operation.SUGGEST_MENTIONS,
            f"Suggested {len(rows):,} mention{'s' if len(rows) != 1 else ''} in {len(changed):,} "
            f"article{'s' if len(changed) != 1 else ''}",
            {"articles": len(ids), "first_article": ids[0], "last_article": ids[-1],
             "by_source": {source: count for source, count in counts.items() if count}},
            created, batch=report.batch))
    for source, count in counts.items():
        report.added[source] += count
    report.article_ids.extend(changed)

