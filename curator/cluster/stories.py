"""The cluster scan's story tier: the library's story scan (``curator.core.stories``) as Dask tasks.

Each step is the story scan's, run per partition with the story tier's own functions:

1. every article is read for the story score (``story_text``: the importer's cleaning first, so
   the text is the one a library would store);
2. the document frequencies of text and title terms are a reduction over the partitions, and
   give the ``Weights`` every worker scores with (broadcast once);
3. candidates: each partition's rows of the telling matrices (the ``Weights.vector`` entries on the
   terms rare enough to tell stories apart, ``COMMON_TERM_SHARE``) are multiplied with a block of
   partitions' rows at a time (``BLOCK_ROWS``, stacked and transposed once a block) by the library's
   own ``closest_columns``, keeping each article's nearest (``CANDIDATES_PER_ARTICLE`` over half the
   cosine floor), by text and by title; a tree of merges keeps each article's nearest of all the
   blocks, which are its nearest of the whole, ties going to the lower ordinal as in the library;
4. the candidates go to the tile of the two partitions holding their articles, and are pruned as the
   library prunes them (``within_reach``) with the rows of the TF-IDF matrices of texts and titles and
   of the names matrix: a candidate is kept only if it shares ``MIN_SHARED_NAMES`` names (names and
   sentence openers alike) and its exact cosines, names and days leave the story score within reach
   of the threshold;
5. in the same tile, the candidates within reach sharing at least ``MIN_SHARED_NAMES`` names (the
   library's rule) are scored as the library scores them (``evidences`` of the rows' cosines and the
   terms each pair shares most, ``strongest_columns``), and the tile's copies too, for their
   ``related`` column;
6. each article keeps its closest suggested versions (``closest_positions``), as in the library,
   chosen from the tiles' scores alone: the pairs' rows and reasons stay on the workers, and
   whoever writes them fetches them a tile at a time (``RelatedPairs.frames``).

A tile is given only the rows and facts of the articles its pairs hold, each partition's taken where
the partition lies; no task holds more than a partition's texts or a block's telling rows, and no text
leaves its partition. What grows with the input beyond its size is the number of tiles, small tasks
each, and the products, each partition's rows with every block.

So the related pairs are those ``scan_stories`` suggests in a fresh library holding the same
articles after its copy scan, with the same scores (float32 cosines of the same TF-IDF rows); only
the order of equally strong common terms in a reason may differ (the library numbers terms as it
meets them, this scan in alphabetical order, and ties go to the lower column).
"""

from __future__ import annotations

import pickle
import time
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Iterator

import dask
import numpy as np
import pandas as pd
from dask import dataframe as dd
from dask.delayed import Delayed
from distributed import Client, Future, progress, wait
from scipy import sparse

from curator.cluster.inputs import ORDINAL_BITS, BadInput, Columns, Part, read_part
from curator.cluster.story_tiles import ReachRows, ScoredTile, TilePairs, reached_and_scored, related_part, taken
from curator.core.stories import (
    CANDIDATES_PER_ARTICLE,
    COMMON_TERM_SHARE,
    MIN_TEXT_COSINE,
    MIN_TITLE_COSINE,
    StoryText,
    Weights,
    clear_closest,
    closest_columns,
    closest_positions,
    mutual_pairs,
    story_text,
)
from curator.core.text import clean_article_text, derive_title, parse_date

# The library scan prunes common terms only from this many articles on, and keeps a term in at least this many.
PRUNE_FROM_ARTICLES = 200
PRUNE_FLOOR = 20
# Tiles whose related pairs are fetched in one request (each tile's are a few hundred rows).
FETCHED_TOGETHER = 64


@dataclass
class RelatedPairs:
    """The related pairs found: their ordinals (a, b; ``a`` first in input order) here, and their rows
    where the tiles that scored them are (``REASON_COLUMNS`` beside a, b, id_a, id_b and score), fetched
    a tile at a time by ``frames``: a million articles' pairs with their reasons, gathered into one
    process, filled the machine's memory."""

    ordinals: np.ndarray
    parts: list[Future]

    def __len__(self) -> int:
        return len(self.ordinals)

    def frames(self) -> Iterator[pd.DataFrame]:
        """The rows, a tile's at a time (the tiles in partition order, each tile's pairs by ordinals),
        fetched ``FETCHED_TOGETHER`` tiles at once: a million articles make thousands of tiles."""
        for start in range(0, len(self.parts), FETCHED_TOGETHER):
            batch = self.parts[start:start + FETCHED_TOGETHER]
            yield from batch[0].client.gather(batch)


@dataclass
class StoryTierResult:
    related: RelatedPairs
    copy_scores: dict[tuple[int, int], float]  # each copy pair's same-story score, for its related column
    counts: dict[str, int]
    seconds: float


def story_tier(client: Client, parts: list[Part], columns: Columns, skip_empty: bool,
               copies: Iterable[tuple[int, int]], show_progress: bool = False) -> StoryTierResult:
    """The same-story pairs of the input that are not among ``copies`` (ordinal pairs), and the copies'
    scores; with ``show_progress``, a progress bar on the terminal for reading the texts and one for the rest."""
    started = time.perf_counter()

    def shown(persisted):
        if show_progress:
            progress(persisted)
            print()
        return persisted

    with dask.config.set({"dataframe.convert-string": False}):
        texts = shown(client.persist(_read(parts, columns, skip_empty)))
        articles, text_frequency, title_frequency, name_frequency = _frequencies(texts)
        weights = Weights(articles, dict(text_frequency))
        shared = dask.delayed(weights, pure=True)
        numbered = Numbering.of(articles, text_frequency, title_frequency, name_frequency)
        numbering = dask.delayed(numbered, pure=True)
        terms = dask.delayed(sorted(numbered.terms, key=numbered.terms.__getitem__), pure=True)
        firsts = np.array([part.first_ordinal for part in parts])
        copy_pairs = np.array(sorted(copies), dtype=np.int64).reshape(-1, 2)
        lengths = list(dask.compute(*(dask.delayed(len)(part) for part in texts.to_delayed())))
        # The tiles stay where they were scored; only their scores come here.
        tiles = shown(client.persist(_scored_tiles(texts, shared, numbering, terms, firsts, lengths, copy_pairs)))
        scores = dask.compute(*(dask.delayed(ScoredTile.scores)(tile) for tile in tiles))
        del texts
        copy_scores, suggested, kept, tile_of = _chosen(scores)
        parts_of = [dask.delayed(related_part)(tiles[tile], kept[start:end]) for tile, start, end in _runs(tile_of)]
        related = RelatedPairs(kept, client.compute(parts_of))
        wait(related.parts)
    counts = {"story_articles": articles, "story_scored": sum(each[4] for each in scores),
              "story_suggested": suggested, "related_pairs": len(related)}
    return StoryTierResult(related, copy_scores, counts, round(time.perf_counter() - started, 3))


def _chosen(scores: tuple[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int], ...]
            ) -> tuple[dict[tuple[int, int], float], int, np.ndarray, np.ndarray]:
    """From each tile's scores (``ScoredTile.scores``): each copy's score, how many pairs were
    suggested, and the related pairs kept (each article's closest versions, as the library keeps
    them) with the tile of each, ordered by tile, then by pair."""
    a, b, score, copy = (np.concatenate([np.zeros(0, dtype), *(each[field] for each in scores)])
                         for field, dtype in enumerate((np.int64, np.int64, np.float64, bool)))
    tile_of = np.repeat(np.arange(len(scores)), [len(each[0]) for each in scores])
    copy_scores = {pair: round(value, 4) for pair, value in zip(
        zip(a[copy].tolist(), b[copy].tolist()), score[copy].tolist())}
    # In pair order, as the library lists its candidates: of equal scores the first is kept.
    suggested = np.flatnonzero(~copy)
    suggested = suggested[np.lexsort((b[suggested], a[suggested]))]
    every = np.ones(len(suggested), dtype=bool)  # every article is new to this scan
    kept = suggested[closest_positions(a[suggested], b[suggested], score[suggested], every, every)]
    kept = kept[np.lexsort((b[kept], a[kept], tile_of[kept]))]
    return copy_scores, len(suggested), np.stack([a[kept], b[kept]], axis=1).reshape(-1, 2), tile_of[kept]


def _runs(values: np.ndarray) -> list[tuple[int, int, int]]:
    """(value, start, end) of each run of equal ``values``."""
    starts = np.flatnonzero(np.diff(values, prepend=-1)).tolist()
    return [(int(values[start]), start, end) for start, end in zip(starts, [*starts[1:], len(values)])]


def _read(parts: list[Part], columns: Columns, skip_empty: bool) -> dd.DataFrame:
    divisions = [part.first_ordinal for part in parts] + [parts[-1].first_ordinal + (1 << ORDINAL_BITS) - 1]
    meta = pd.DataFrame({"id": pd.Series([], dtype=object), "story": pd.Series([], dtype=object),
                         "facts": pd.Series([], dtype=object)}, index=pd.Index([], dtype="int64", name="ordinal"))
    return dd.from_map(_read_part, parts, args=(columns, skip_empty), meta=meta, divisions=divisions,
                       enforce_metadata=False)


def _read_part(part: Part, column_map: Columns, skip_empty: bool) -> pd.DataFrame:
    """Each article with a text as the library would store it (the importer's cleaning, title and
    date), read for the story score and pickled (shuffles move bytes, not objects), with what the
    evidence reads of it beside the cosines (``StoryFacts``) pickled apart: a tile reads those for
    its candidates, a sixth of the bytes and a seventh of the time of the whole text; an article
    left without text is not one."""
    try:
        rows = read_part(part, column_map, with_optional=True, skip_empty=skip_empty)
    except BadInput:
        # An empty part passed over may lack the optional columns: it has no articles to read.
        rows = read_part(part, column_map, with_optional=False, skip_empty=skip_empty)
        if len(rows):
            raise
    ordinals, ids, stories, facts = [], [], [], []
    titles = rows["title"] if "title" in rows else pd.Series(None, index=rows.index, dtype=object)
    dates = rows["date"] if "date" in rows else pd.Series(None, index=rows.index, dtype=object)
    for ordinal, identifier, text, title, published in zip(rows.index, rows["id"], rows["text"], titles, dates):
        body = clean_article_text(text)[1] if isinstance(text, str) else ""
        if not body.strip():
            continue
        title = " ".join(title.split()) if isinstance(title, str) else ""
        date = parse_date(published) if isinstance(published, str) and published else None
        ordinals.append(ordinal)
        ids.append(identifier)
        story = story_text(title or derive_title(body), body, date)
        stories.append(pickle.dumps(story, pickle.HIGHEST_PROTOCOL))
        facts.append(pickle.dumps(story.facts, pickle.HIGHEST_PROTOCOL))
    frame = pd.DataFrame({"id": pd.Series(ids, dtype=object), "story": pd.Series(stories, dtype=object),
                          "facts": pd.Series(facts, dtype=object)})
    frame.index = pd.Index(ordinals, dtype="int64", name="ordinal")
    return frame


Frequencies = tuple[int, Counter[str], Counter[str], Counter[str]]


def _frequencies(texts: dd.DataFrame) -> Frequencies:
    """(articles, and the document frequencies of text terms, title terms and names with sentence
    openers): a tree reduction."""
    level = [dask.delayed(_count)(part) for part in texts.to_delayed()]
    while len(level) > 1:
        level = [dask.delayed(_added)(*level[start:start + 8]) for start in range(0, len(level), 8)]
    return dask.compute(level[0])[0]


def _count(frame: pd.DataFrame) -> Frequencies:
    text: Counter[str] = Counter()
    title: Counter[str] = Counter()
    names: Counter[str] = Counter()
    for story in map(pickle.loads, frame["story"]):
        text.update(story.terms.keys())
        title.update(story.title_terms.keys())
        names.update(story.names.keys() | story.openers.keys())
    return len(frame), text, title, names


def _added(*counts: Frequencies) -> Frequencies:
    articles, text, title, names = 0, Counter[str](), Counter[str](), Counter[str]()
    for more, more_text, more_title, more_names in counts:
        articles += more
        text.update(more_text)
        title.update(more_title)
        names.update(more_names)
    return articles, text, title, names


def _common(frequency: Counter[str], articles: int) -> frozenset[str]:
    """The terms in too many articles to tell stories apart, left out of candidate generation as the library does."""
    if articles < PRUNE_FROM_ARTICLES:
        return frozenset()
    limit = max(PRUNE_FLOOR, articles * COMMON_TERM_SHARE)
    return frozenset(term for term, count in frequency.items() if count > limit)


@dataclass(frozen=True)
class Numbering:
    """The columns of the story matrices, numbered once from the reduced frequencies: the telling
    text and title terms (``_common`` left out), all terms, and names with sentence openers."""

    telling_texts: dict[str, int]
    telling_titles: dict[str, int]
    terms: dict[str, int]
    names: dict[str, int]

    @classmethod
    def of(cls, articles: int, text_frequency: Counter[str], title_frequency: Counter[str],
           name_frequency: Counter[str]) -> Numbering:
        def numbered(words: Iterable[str]) -> dict[str, int]:
            return {word: column for column, word in enumerate(sorted(words))}

        return cls(numbered(set(text_frequency) - _common(text_frequency, articles)),
                   numbered(set(title_frequency) - _common(title_frequency, articles)),
                   numbered(text_frequency.keys() | title_frequency.keys()), numbered(name_frequency))


@dataclass
class TellingRows:
    """A partition's rows of the telling matrices of texts and titles (``Weights.vector`` on the
    telling terms, float32 as the library's matrices hold them), ordered by ordinal."""

    ordinals: np.ndarray
    texts: sparse.csr_matrix
    titles: sparse.csr_matrix


def _rows(frame: pd.DataFrame, weights: Weights, numbering: Numbering) -> tuple[TellingRows, ReachRows]:
    """The partition's rows of the story matrices, each story read and weighed once."""
    stories: list[StoryText] = [pickle.loads(story) for story in frame["story"]]
    ordinals = frame.index.to_numpy(np.int64)
    texts = [weights.vector(story.terms) for story in stories]
    titles = [weights.vector(story.title_terms) for story in stories]
    telling = TellingRows(ordinals, _matrix(texts, numbering.telling_texts), _matrix(titles, numbering.telling_titles))
    reach = ReachRows(
        ordinals, _matrix(texts, numbering.terms), _matrix(titles, numbering.terms),
        _matrix([dict.fromkeys(story.names.keys() | story.openers.keys(), 1.0) for story in stories], numbering.names),
        np.array([story.published.toordinal() if story.published else 0 for story in stories], dtype=np.int64))
    return telling, reach


def _matrix(rows: list[dict[str, float]], column_of: dict[str, int]) -> sparse.csr_matrix:
    """``rows`` as a float32 sparse matrix, each key in its column (keys without one left out)."""
    indptr, indices, values = [0], list[int](), list[float]()
    for row in rows:
        for key, value in row.items():
            column = column_of.get(key)
            if column is not None:
                indices.append(column)
                values.append(value)
        indptr.append(len(indices))
    return sparse.csr_matrix((np.array(values, dtype=np.float32), np.array(indices, dtype=np.int64), indptr),
                             shape=(len(rows), max(len(column_of), 1)))


# Each owner's closest articles: owner ordinals, their closest articles' ordinals, the cosines;
# by texts and by titles.
Closest = tuple[np.ndarray, np.ndarray, np.ndarray]
ClosestByField = tuple[Closest, Closest]
_NO_CLOSEST: Closest = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32))
_NO_PAIRS = np.zeros((0, 2), np.int64)
# Consecutive partitions whose telling rows are stacked, transposed once, into one block of columns
# that each partition's rows are multiplied with: a block of 200,000 articles' telling rows is about
# 130 MB, and each partition's rows meet a handful of blocks, not every other partition.
BLOCK_ROWS = 200_000


@dataclass
class TellingColumns:
    """A block of partitions' telling rows, transposed (a row per term, a column per article), with
    the articles' ordinals, ascending: the right side of the products finding each article's closest."""

    ordinals: np.ndarray
    texts: sparse.csr_matrix
    titles: sparse.csr_matrix


def _scored_tiles(texts: dd.DataFrame, weights, numbering, terms, firsts: np.ndarray, lengths: list[int],
                  copy_pairs: np.ndarray) -> list[Delayed]:
    """The scored pairs, candidates and copies, a tile of two partitions at a time.

    The library multiplies each article's telling row with the whole telling matrix and keeps its
    ``CANDIDATES_PER_ARTICLE + 1`` closest (``closest_columns``). Here each partition's rows are
    multiplied with each block of partitions' (``BLOCK_ROWS``, transposed once a block), keeping each
    row's closest in the block; a tree of merges keeps each row's closest of all the blocks, which
    are its closest of the whole. The pairs found go to the tile of the two partitions holding their
    articles, which prunes them with the shared ``row_dots`` and ``within_reach`` and scores those
    within reach, and its copies, with their texts. Each article's clear closest by text
    (``clear_closest``, from its closest of the whole) is gathered, one ordinal per article, to find
    the pairs each the other's closest, which go to their tiles beside the candidates. A tile is given
    only the rows and facts of the articles its pairs hold, taken from each partition where it lies:
    what grows with the square of the partitions is a count of small tasks, not the bytes they move."""
    stories = texts.to_delayed()
    rows = [dask.delayed(_rows, nout=2)(part, weights, numbering) for part in stories]
    telling = [telling for telling, _ in rows]
    blocks = [dask.delayed(_columns)(*(telling[j] for j in block)) for block in _blocks(lengths)]
    best = [_tree(_best_of, [dask.delayed(_closest_in_block)(telling[i], block) for block in blocks])
            for i in range(len(rows))]
    by_tile = [dask.delayed(_pairs_by_tile)(closest, firsts) for closest in best]
    excluded = dask.delayed(copy_pairs, pure=True)
    clear = [dask.delayed(_clear_closest)(closest, excluded) for closest in best]
    closest_by_tile = dask.delayed(_by_tile)(dask.delayed(_mutual)(*clear), firsts)
    copies = _by_tile(copy_pairs, firsts)
    scored = []
    for i in range(len(rows)):
        for j in range(i, len(rows)):
            tile = dask.delayed(_tile_pairs)((i, j), closest_by_tile, copies.get((i, j), _NO_PAIRS),
                                             *(by_tile[k] for k in sorted({i, j})))
            if i == j:
                first, second = dask.delayed(taken)(rows[i][1], stories[i], tile, None), None
            else:
                first = dask.delayed(taken)(rows[i][1], stories[i], tile, 0)
                second = dask.delayed(taken)(rows[j][1], stories[j], tile, 1)
            scored.append(dask.delayed(reached_and_scored)(tile, first, second, terms))
    return scored


def _blocks(lengths: list[int]) -> list[list[int]]:
    """The partitions (their row counts ``lengths``) in consecutive blocks of at most ``BLOCK_ROWS``
    rows, a larger partition a block of its own."""
    blocks: list[list[int]] = []
    rows = 0
    for partition, length in enumerate(lengths):
        if not blocks or rows + length > BLOCK_ROWS:
            blocks.append([])
            rows = 0
        blocks[-1].append(partition)
        rows += length
    return blocks


def _columns(*partitions: TellingRows) -> TellingColumns:
    """The block of ``partitions`` (in ordinal order) as the right side of the products."""
    return TellingColumns(np.concatenate([np.zeros(0, np.int64), *(part.ordinals for part in partitions)]),
                          sparse.vstack([part.texts for part in partitions], format="csr").T.tocsr(),
                          sparse.vstack([part.titles for part in partitions], format="csr").T.tocsr())


def _clear_closest(closest: ClosestByField, excluded: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return clear_closest(*closest[0], excluded)


def _mutual(*clear: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """The pairs each the other's clear closest, of every partition's articles and their clear closest."""
    article = np.concatenate([np.zeros(0, np.int64), *(articles for articles, _ in clear)])
    closest = np.concatenate([np.zeros(0, np.int64), *(closest for _, closest in clear)])
    order = np.argsort(article, kind="stable")
    return mutual_pairs(article[order], closest[order])


def _tree(merge, items: list[Delayed], fan_in: int = 8) -> Delayed:
    while len(items) > 1:
        items = [dask.delayed(merge)(*items[start:start + fan_in]) for start in range(0, len(items), fan_in)]
    return items[0]


def _closest_in_block(rows: TellingRows, block: TellingColumns) -> ClosestByField:
    """The closest of each row of ``rows`` among the block's articles (itself too, when the block holds
    it), by texts and by titles."""
    return (_closest(rows.ordinals, rows.texts, block.ordinals, block.texts, MIN_TEXT_COSINE),
            _closest(rows.ordinals, rows.titles, block.ordinals, block.titles, MIN_TITLE_COSINE))


def _closest(owners: np.ndarray, rows: sparse.csr_matrix, others: np.ndarray, transposed: sparse.csr_matrix,
             floor: float) -> Closest:
    if not rows.shape[0] or not transposed.shape[1]:
        return _NO_CLOSEST
    found = closest_columns(rows, transposed, floor)
    return owners[np.repeat(np.arange(rows.shape[0]), np.diff(found.indptr))], others[found.indices], found.data


def _best_of(*found: ClosestByField) -> ClosestByField:
    return _best([texts for texts, _ in found]), _best([titles for _, titles in found])


def _best(found: list[Closest]) -> Closest:
    """Each owner's ``CANDIDATES_PER_ARTICLE + 1`` closest of all ``found``, of equal cosines the lower
    ordinals first, as ``closest_columns`` chooses them."""
    owners, others, cosines = (np.concatenate(parts) for parts in zip(*found))
    order = np.lexsort((others, -cosines, owners))
    owners, others, cosines = owners[order], others[order], cosines[order]
    rank = np.arange(len(owners)) - np.searchsorted(owners, owners)
    kept = rank <= CANDIDATES_PER_ARTICLE
    return owners[kept], others[kept], cosines[kept]


def _pairs_by_tile(closest: ClosestByField, firsts: np.ndarray) -> dict[tuple[int, int], np.ndarray]:
    """The ordered pairs of each owner and its closest (itself left out), by the tile of the two
    partitions holding them (``firsts``: each partition's first ordinal)."""
    owners = np.concatenate([owners for owners, _, _ in closest])
    others = np.concatenate([others for _, others, _ in closest])
    return _by_tile(np.stack([np.minimum(owners, others), np.maximum(owners, others)], axis=1)[owners != others],
                    firsts)


def _by_tile(pairs: np.ndarray, firsts: np.ndarray) -> dict[tuple[int, int], np.ndarray]:
    """Ordered ordinal pairs by the tile of the partitions holding them (``firsts``: each one's first ordinal)."""
    tiles = np.searchsorted(firsts, pairs, side="right") - 1
    return {(int(i), int(j)): pairs[(tiles[:, 0] == i) & (tiles[:, 1] == j)]
            for i, j in set(zip(tiles[:, 0].tolist(), tiles[:, 1].tolist()))}


def _tile_pairs(tile: tuple[int, int], closest: dict[tuple[int, int], np.ndarray], copies: np.ndarray,
                *found: dict[tuple[int, int], np.ndarray]) -> TilePairs:
    """The pairs of ``tile``: those its partitions' articles found (``found``, by tile), those each the
    other's closest (``closest``, by tile) and its ``copies``."""
    return TilePairs(np.concatenate([_NO_PAIRS, *(by_tile.get(tile, _NO_PAIRS) for by_tile in found)]),
                     closest.get(tile, _NO_PAIRS), copies)
