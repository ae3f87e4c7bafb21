"""The cluster scan's story tier: the library's story scan (``curator.core.stories``) as Dask tasks.

Each step is the story scan's, run per partition with the story tier's own functions:

1. every article is read for the story score (``story_text``: the importer's cleaning first, so
   the text is the one a library would store);
2. the document frequencies of text and title terms are a reduction over the partitions, and
   give the ``Weights`` every worker scores with (broadcast once);
3. candidates: each partition's rows of the telling matrix (the ``Weights.vector`` entries on the
   terms rare enough to tell stories apart, ``COMMON_TERM_SHARE``) are stacked into the whole
   matrix, sent once to each worker, and each partition's rows are multiplied with it a block at a
   time, keeping each article's nearest (``CANDIDATES_PER_ARTICLE`` over half the cosine floor),
   by text and by title: the library scan's sparse cosines, partition by partition;
4. the candidates are pruned as the library prunes them (``within_reach``): each partition's rows
   of the whole TF-IDF matrices of texts and titles and of the names matrix are stacked and sent
   once to each worker, and a candidate is kept only if it shares ``MIN_SHARED_NAMES`` names (names
   and sentence openers alike) and its exact cosines, names and days leave the story score within
   reach of the threshold;
5. the candidates within reach and the copies are joined with both texts (only the pairs move);
   those sharing at least ``MIN_SHARED_NAMES`` names (the library's rule) are scored by
   ``compare_stories``, and the copies too, for their ``related`` column;
6. the suggested pairs go through ``closest_versions``, as in the library.

So the related pairs are those ``scan_stories`` suggests in a fresh library holding the same
articles after its copy scan; only the order of equally strong common terms in a reason may
differ (the library breaks those ties by term column, a pair's comparison cannot).
"""

from __future__ import annotations

import pickle
import time
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

import dask
import numpy as np
import pandas as pd
from dask import dataframe as dd
from distributed import Client
from scipy import sparse

from curator.cluster.frames import joined_by_ordinal
from curator.cluster.inputs import ORDINAL_BITS, BadInput, Columns, Part, read_part
from curator.core.stories import (
    CANDIDATES_PER_ARTICLE,
    COMMON_TERM_SHARE,
    MIN_SHARED_NAMES,
    MIN_TEXT_COSINE,
    MIN_TITLE_COSINE,
    StoryEvidence,
    StoryText,
    Weights,
    closest_versions,
    compare_stories,
    row_dots,
    shared_names,
    story_text,
    within_reach,
)
from curator.core.text import clean_article_text, derive_title, parse_date

# The library scan prunes common terms only from this many articles on, and keeps a term in at least this many.
PRUNE_FROM_ARTICLES = 200
PRUNE_FLOOR = 20
# Rows multiplied with the whole telling matrix at once: bounds the memory of the sparse product.
PRODUCT_ROWS = 500
CANDIDATE_COLUMNS = {"a": "int64", "b": "int64", "copy": "bool"}
# Kept in reach a little under the threshold (in log-odds): the float32 cosines of the matrices may
# differ from ``compare_stories``'s in the last digits, and the full score decides anyway.
REACH_SLACK = 1e-3
SCORED_COLUMNS = {"a": "int64", "b": "int64", "id_a": "object", "id_b": "object", "copy": "bool",
                  "evidence": "object"}
# The reason parts of a related pair, as columns of pairs.parquet (``StoryEvidence.as_reason``).
REASON_COLUMNS = ("summary", "text_similarity", "title_similarity", "shared_names", "shared_terms", "days_apart",
                  "missing")


@dataclass
class StoryTierResult:
    related: pd.DataFrame  # a, b (ordinals), id_a, id_b, score, and the REASON_COLUMNS, ordered by (a, b)
    copy_scores: dict[tuple[int, int], float]  # each copy pair's same-story score, for its related column
    counts: dict[str, int]
    seconds: float


def story_tier(client: Client, parts: list[Part], columns: Columns, skip_empty: bool,
               copies: Iterable[tuple[int, int]]) -> StoryTierResult:
    """The same-story pairs of the input that are not among ``copies`` (ordinal pairs), and the copies' scores."""
    started = time.perf_counter()
    with dask.config.set({"dataframe.convert-string": False}):
        texts = client.persist(_read(parts, columns, skip_empty))
        articles, text_frequency, title_frequency, name_frequency = _frequencies(texts)
        weights = Weights(articles, dict(text_frequency))
        shared = dask.delayed(weights, pure=True)
        candidates = dd.concat([
            _nearest(texts, shared, "terms", _common(text_frequency, articles), text_frequency, MIN_TEXT_COSINE),
            _nearest(texts, shared, "title_terms", _common(title_frequency, articles), title_frequency,
                     MIN_TITLE_COSINE),
        ])
        copy_frame = pd.DataFrame(sorted(copies), columns=["a", "b"], dtype="int64").assign(copy=True)
        pairs = dd.concat([candidates.assign(copy=False),
                           dd.from_pandas(copy_frame, npartitions=max(1, min(texts.npartitions, len(copy_frame) // 5000 + 1)))])
        reach = _reach_matrices(texts, shared, text_frequency.keys() | title_frequency.keys(), name_frequency.keys())
        distinct = pairs.shuffle(on="a").map_partitions(_distinct, meta=CANDIDATE_COLUMNS).map_partitions(
            _within_reach, reach, meta=CANDIDATE_COLUMNS)
        scored = joined_by_ordinal(texts[["id", "story"]], distinct, texts.divisions).map_partitions(
            _score, shared, meta=SCORED_COLUMNS).compute()
    copy_rows = scored[scored["copy"]]
    copy_scores = {(int(a), int(b)): round(e.library_score, 4)
                   for a, b, e in zip(copy_rows["a"], copy_rows["b"], copy_rows["evidence"])}
    others = scored[~scored["copy"]]
    suggested = {(int(a), int(b)): e for a, b, e in zip(others["a"], others["b"], others["evidence"]) if e.suggested}
    kept = closest_versions(suggested, {article for pair in suggested for article in pair})
    ids = dict(zip(zip(others["a"].tolist(), others["b"].tolist()), zip(others["id_a"], others["id_b"])))
    related = _related_frame(kept, suggested, ids)
    counts = {"story_articles": articles, "story_scored": len(others), "story_suggested": len(suggested),
              "related_pairs": len(related)}
    return StoryTierResult(related, copy_scores, counts, round(time.perf_counter() - started, 3))


def _read(parts: list[Part], columns: Columns, skip_empty: bool) -> dd.DataFrame:
    divisions = [part.first_ordinal for part in parts] + [parts[-1].first_ordinal + (1 << ORDINAL_BITS) - 1]
    meta = pd.DataFrame({"id": pd.Series([], dtype=object), "story": pd.Series([], dtype=object)},
                        index=pd.Index([], dtype="int64", name="ordinal"))
    return dd.from_map(_read_part, parts, args=(columns, skip_empty), meta=meta, divisions=divisions,
                       enforce_metadata=False)


def _read_part(part: Part, column_map: Columns, skip_empty: bool) -> pd.DataFrame:
    """Each article with a text as the library would store it (the importer's cleaning, title and
    date), read for the story score and pickled (shuffles move bytes, not objects); an article left
    without text is not one."""
    try:
        rows = read_part(part, column_map, with_optional=True, skip_empty=skip_empty)
    except BadInput:
        # An empty part passed over may lack the optional columns: it has no articles to read.
        rows = read_part(part, column_map, with_optional=False, skip_empty=skip_empty)
        if len(rows):
            raise
    ordinals, ids, stories = [], [], []
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
        stories.append(pickle.dumps(story_text(title or derive_title(body), body, date), pickle.HIGHEST_PROTOCOL))
    frame = pd.DataFrame({"id": pd.Series(ids, dtype=object), "story": pd.Series(stories, dtype=object)})
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


def _nearest(texts: dd.DataFrame, weights, field: str, common: frozenset[str], frequency: Counter[str],
             floor: float) -> dd.DataFrame:
    """Each article's nearest articles by the sparse cosine of ``field`` over the telling terms: each
    partition's rows of the telling matrix (columns numbered once, from the reduced frequencies) are
    stacked into the whole matrix, which every partition's rows are multiplied with, as the library
    scan multiplies its new rows with all of them."""
    column_of = dask.delayed({term: column for column, term in enumerate(sorted(set(frequency) - common))}, pure=True)
    blocks = [dask.delayed(_rows)(part, weights, field, column_of) for part in texts[["story"]].to_delayed()]
    whole = dask.delayed(_stacked)(blocks)
    nearest = [dask.delayed(_nearest_of_block)(block, whole, floor) for block in blocks]
    return dd.from_delayed(nearest, meta={"a": "int64", "b": "int64"}, verify_meta=False)


def _rows(frame: pd.DataFrame, weights: Weights, field: str, column_of: dict[str, int]) -> tuple[np.ndarray, sparse.csr_matrix]:
    """The partition's ordinals and its rows of the telling matrix: ``Weights.vector`` on the telling terms,
    rounded to float32 as the library's matrices hold them."""
    return frame.index.to_numpy(np.int64), _matrix([weights.vector(getattr(story, field))
                                                    for story in map(pickle.loads, frame["story"])], column_of)


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


def _stacked(blocks: list[tuple[np.ndarray, sparse.csr_matrix]]) -> tuple[np.ndarray, sparse.csr_matrix]:
    return np.concatenate([ordinals for ordinals, _ in blocks]), sparse.vstack([rows for _, rows in blocks]).T.tocsr()


def _nearest_of_block(block: tuple[np.ndarray, sparse.csr_matrix], whole: tuple[np.ndarray, sparse.csr_matrix],
                      floor: float) -> pd.DataFrame:
    """As the library scan: each row's best ``CANDIDATES_PER_ARTICLE + 1`` over half the floor (the
    cosines without common terms underestimate), itself left out; each pair once, ordered."""
    ordinals, rows = block
    all_ordinals, transposed = whole
    pairs: set[tuple[int, int]] = set()
    for start in range(0, rows.shape[0], PRODUCT_ROWS):
        similar = (rows[start:start + PRODUCT_ROWS] @ transposed).tocsr()
        for position in range(similar.shape[0]):
            low, high = similar.indptr[position], similar.indptr[position + 1]
            columns, values = similar.indices[low:high], similar.data[low:high]
            kept = values >= floor * 0.5
            columns, values = columns[kept], values[kept]
            own = ordinals[start + position]
            for other in all_ordinals[columns[np.argsort(-values, kind="stable")[:CANDIDATES_PER_ARTICLE + 1]]]:
                if other != own:
                    pairs.add((min(own, int(other)), max(own, int(other))))
    array = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
    return pd.DataFrame({"a": array[:, 0], "b": array[:, 1]})


@dataclass
class ReachMatrices:
    """What the library's pruning reads of articles, a row each, ordered by ordinal: the TF-IDF
    vectors of texts and titles (``Weights.vector``), names with sentence openers (a 1 each) and days
    (date ordinals, 0 when unknown)."""

    ordinals: np.ndarray
    texts: sparse.csr_matrix
    titles: sparse.csr_matrix
    names: sparse.csr_matrix
    days: np.ndarray


def _reach_matrices(texts: dd.DataFrame, weights, terms: Iterable[str], names: Iterable[str]):
    """The whole ``ReachMatrices`` (delayed), stacked from each partition's rows, columns numbered once."""
    term_column = dask.delayed({term: column for column, term in enumerate(sorted(terms))}, pure=True)
    name_column = dask.delayed({name: column for column, name in enumerate(sorted(names))}, pure=True)
    blocks = [dask.delayed(_reach_rows)(part, weights, term_column, name_column)
              for part in texts[["story"]].to_delayed()]
    return dask.delayed(_stacked_reach)(blocks)


def _reach_rows(frame: pd.DataFrame, weights: Weights, term_column: dict[str, int],
                name_column: dict[str, int]) -> ReachMatrices:
    stories: list[StoryText] = [pickle.loads(story) for story in frame["story"]]
    return ReachMatrices(
        frame.index.to_numpy(np.int64),
        _matrix([weights.vector(story.terms) for story in stories], term_column),
        _matrix([weights.vector(story.title_terms) for story in stories], term_column),
        _matrix([dict.fromkeys(story.names.keys() | story.openers.keys(), 1.0) for story in stories], name_column),
        np.array([story.published.toordinal() if story.published else 0 for story in stories], dtype=np.int64))


def _stacked_reach(blocks: list[ReachMatrices]) -> ReachMatrices:
    def stacked(matrices: list[sparse.csr_matrix]) -> sparse.csr_matrix:
        return sparse.vstack(matrices, format="csr")

    return ReachMatrices(np.concatenate([block.ordinals for block in blocks]),
                         stacked([block.texts for block in blocks]), stacked([block.titles for block in blocks]),
                         stacked([block.names for block in blocks]), np.concatenate([block.days for block in blocks]))


def _within_reach(frame: pd.DataFrame, whole: ReachMatrices) -> pd.DataFrame:
    """The copies, and the candidates the story score may put over the threshold, pruned as the
    library prunes them: names in common first (cheapest), then the exact cosines and the days."""
    candidates = np.flatnonzero(~frame["copy"].to_numpy(bool))
    first = np.searchsorted(whole.ordinals, frame["a"].to_numpy(np.int64)[candidates])
    second = np.searchsorted(whole.ordinals, frame["b"].to_numpy(np.int64)[candidates])
    common = row_dots(whole.names, first, second)
    enough = common >= MIN_SHARED_NAMES
    candidates, first, second, common = candidates[enough], first[enough], second[enough], common[enough]
    name_counts = np.diff(whole.names.indptr)
    within = within_reach(row_dots(whole.texts, first, second), row_dots(whole.titles, first, second), common,
                          np.minimum(name_counts[first], name_counts[second]), whole.days[first], whole.days[second],
                          slack=REACH_SLACK)
    kept = frame["copy"].to_numpy(bool, copy=True)
    kept[candidates[within]] = True
    return frame[kept]


def _distinct(frame: pd.DataFrame) -> pd.DataFrame:
    """Each pair once; a copy stays a copy, whatever else found it."""
    return frame.groupby(["a", "b"], as_index=False, sort=True)["copy"].max()


def _score(frame: pd.DataFrame, weights: Weights) -> pd.DataFrame:
    """Each copy's evidence, and each candidate's that can be suggested: as in the library, a pair
    sharing fewer than ``MIN_SHARED_NAMES`` names is none, and is not scored."""
    stories: dict[int, StoryText] = {}

    def story(ordinal: int, pickled: bytes) -> StoryText:
        if ordinal not in stories:
            stories[ordinal] = pickle.loads(pickled)
        return stories[ordinal]

    kept, evidence = [], []
    for row, (a, b, copy, story_a, story_b) in enumerate(zip(frame["a"], frame["b"], frame["copy"], frame["story_a"],
                                                              frame["story_b"])):
        text_a, text_b = story(a, story_a), story(b, story_b)
        if copy or len(shared_names(text_a, text_b)[0]) >= MIN_SHARED_NAMES:
            kept.append(row)
            evidence.append(compare_stories(text_a, text_b, weights))
    frame = frame.iloc[kept]
    return pd.DataFrame({"a": frame["a"].to_numpy(np.int64), "b": frame["b"].to_numpy(np.int64),
                         "id_a": frame["id_a"].to_numpy(object), "id_b": frame["id_b"].to_numpy(object),
                         "copy": frame["copy"].to_numpy(bool), "evidence": pd.Series(evidence, dtype=object).to_numpy()})


def _related_frame(kept: list[tuple[int, int]], suggested: dict[tuple[int, int], StoryEvidence],
                   ids: dict[tuple[int, int], tuple[str, str]]) -> pd.DataFrame:
    rows = []
    for pair in kept:
        reason = suggested[pair].as_reason()
        rows.append({"a": pair[0], "b": pair[1], "id_a": ids[pair][0], "id_b": ids[pair][1],
                     "score": round(suggested[pair].library_score, 4), **{name: reason[name] for name in REASON_COLUMNS}})
    frame = pd.DataFrame(rows, columns=["a", "b", "id_a", "id_b", "score", *REASON_COLUMNS])
    return frame.astype({"a": "int64", "b": "int64", "score": "float64", "days_apart": "Int64"})

