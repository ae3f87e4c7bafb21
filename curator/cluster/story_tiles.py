"""The cluster story tier's tiles: each scores the candidate pairs of two partitions' articles
(or one's) as the library's story scan scores them, given only the rows and facts of the articles its
pairs hold (``taken``), and keeps its scored pairs where it ran until the ones chosen are fetched."""

from __future__ import annotations

import json
import pickle
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from curator.cluster.inputs import ORDINAL_BITS
from curator.core.stories import (
    MIN_SHARED_NAMES,
    StoryFacts,
    evidences,
    row_dots,
    shared_names,
    strongest_columns,
    within_reach,
)

# What a tile gives back of each copy and each pair it suggests: the score, and a suggested pair's
# reason as JSON (a string: a million pairs' evidence as objects filled the memory of the machine
# gathering them).
SCORED_COLUMNS = {"a": "int64", "b": "int64", "id_a": "object", "id_b": "object", "copy": "bool",
                  "score": "float64", "reason": "object"}
# The reason parts of a related pair, as columns of pairs.parquet (``StoryEvidence.as_reason``).
REASON_COLUMNS = ("summary", "text_similarity", "title_similarity", "shared_names", "shared_terms", "days_apart",
                  "missing", "closest")


@dataclass
class ReachRows:
    """What the library's pruning reads of a partition's articles, a row each, ordered by ordinal:
    the TF-IDF vectors of texts and titles (``Weights.vector``), names with sentence openers (a 1
    each) and days (date ordinals, 0 when unknown)."""

    ordinals: np.ndarray
    texts: sparse.csr_matrix
    titles: sparse.csr_matrix
    names: sparse.csr_matrix
    days: np.ndarray


@dataclass
class TilePairs:
    """The pairs one tile scores (its first article in one partition, its second in the other, or
    both in one): the candidates found, those each the other's clear closest, and the copies."""

    found: np.ndarray
    closest: np.ndarray
    copies: np.ndarray

    def ordinals(self, side: int | None) -> np.ndarray:
        """The articles on one side of the pairs (``None``: both sides, a tile of one partition), ascending."""
        pairs = np.concatenate([self.found, self.closest, self.copies])
        return np.unique(pairs if side is None else pairs[:, side])


@dataclass
class ScoredTile:
    """A tile's copies and suggested pairs with their scores (``SCORED_COLUMNS``), and how many pairs
    that are not copies it scored."""

    frame: pd.DataFrame
    scored: int

    def scores(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
        """(a, b, score, copy) of each row, and the count scored: what choosing the related pairs reads."""
        frame = self.frame
        return (frame["a"].to_numpy(), frame["b"].to_numpy(), frame["score"].to_numpy(), frame["copy"].to_numpy(),
                self.scored)


def taken(rows: ReachRows, frame: pd.DataFrame, tile: TilePairs, side: int | None) -> tuple[ReachRows, pd.DataFrame]:
    """A partition's rows and facts (``rows``, ``frame``) of the articles on ``side`` of the tile's pairs."""
    ordinals = tile.ordinals(side)
    at = np.searchsorted(rows.ordinals, ordinals)
    return (ReachRows(ordinals, rows.texts[at], rows.titles[at], rows.names[at], rows.days[at]),
            frame[["id", "facts"]].iloc[at])


def reached_and_scored(tile: TilePairs, first: tuple[ReachRows, pd.DataFrame],
                        second: tuple[ReachRows, pd.DataFrame] | None, terms: list[str]) -> ScoredTile:
    """The tile's pairs within reach, and its copies, scored (``second`` None: a tile of one partition)."""
    first_rows, first_facts = first
    second_rows, second_facts = first if second is None else second
    reachable = _reachable(first_rows, second_rows, tile.closest, tile.found)
    return _score(reachable, tile.closest, tile.copies, first_facts, second_facts, first_rows, second_rows, terms)


def _reachable(first: ReachRows, second: ReachRows, closest: np.ndarray, *found: np.ndarray) -> np.ndarray:
    """The candidates of one tile (the first article in ``first``, the second in ``second``) that
    the story score may put over the threshold, pruned as the library prunes them: names in common
    first (cheapest; not asked of the pairs each the other's ``closest``), then the exact cosines
    and the days."""
    candidates = np.concatenate([closest, *found]).reshape(-1, 2)
    keys, first_seen = np.unique(tile_keys(candidates), return_index=True)
    pairs = candidates[first_seen]
    is_closest = np.isin(keys, tile_keys(closest))
    both = first if first is second else _stacked(first, second)
    rows_a, rows_b = np.searchsorted(both.ordinals, pairs[:, 0]), np.searchsorted(both.ordinals, pairs[:, 1])
    common = row_dots(both.names, rows_a, rows_b)
    enough = (common >= MIN_SHARED_NAMES) | is_closest
    rows_a, rows_b, common, is_closest = rows_a[enough], rows_b[enough], common[enough], is_closest[enough]
    name_counts = np.diff(both.names.indptr)
    within = within_reach(row_dots(both.texts, rows_a, rows_b), row_dots(both.titles, rows_a, rows_b), common,
                          np.minimum(name_counts[rows_a], name_counts[rows_b]), both.days[rows_a], both.days[rows_b],
                          closest=is_closest)
    return np.stack([both.ordinals[rows_a[within]], both.ordinals[rows_b[within]]], axis=1).reshape(-1, 2)


def tile_keys(pairs: np.ndarray) -> np.ndarray:
    """One integer per pair of a tile, in the pairs' order: each article's place in its partition (its
    ordinal's low bits), since all a tile's first articles lie in one partition and its seconds in one."""
    place = (1 << ORDINAL_BITS) - 1
    return ((pairs[:, 0] & place) << ORDINAL_BITS) | (pairs[:, 1] & place)


def _stacked(first: ReachRows, second: ReachRows) -> ReachRows:
    def stacked(name: str) -> sparse.csr_matrix:
        return sparse.vstack([getattr(first, name), getattr(second, name)], format="csr")

    return ReachRows(np.concatenate([first.ordinals, second.ordinals]), stacked("texts"), stacked("titles"),
                     stacked("names"), np.concatenate([first.days, second.days]))


def _score(reachable: np.ndarray, closest: np.ndarray, copies: np.ndarray, first: pd.DataFrame,
           second: pd.DataFrame, first_rows: ReachRows, second_rows: ReachRows, terms: list[str]
           ) -> ScoredTile:
    """Each copy's score, and each suggested pair's with its reason, of one tile (``SCORED_COLUMNS``),
    and how many pairs that are not copies were scored (``first`` and ``second``: its partitions'
    articles, of which the facts are read; ``first_rows`` and ``second_rows``: their rows of the
    TF-IDF matrices, whose columns are ``terms``). As in the library, a pair sharing fewer than
    ``MIN_SHARED_NAMES`` names is none unless each is the other's ``closest``, and is not scored;
    those scored get the library's evidence, from the matrices' cosines and the terms each pair
    shares most. A copy stays a copy, whatever else found it."""
    found = np.concatenate([copies, reachable]).reshape(-1, 2)
    keys, first_seen = np.unique(tile_keys(found), return_index=True)
    pairs = found[first_seen]
    is_copy = first_seen < len(copies)
    is_closest = np.isin(keys, tile_keys(closest))
    texts = first if first is second else pd.concat([first, second])
    at = texts.index.get_indexer(pairs.ravel()).reshape(-1, 2)
    pickled, ids = texts["facts"].to_numpy(object), texts["id"].to_numpy(object)
    read: dict[int, StoryFacts] = {}

    def facts_of(position: int) -> StoryFacts:
        if position not in read:
            read[position] = pickle.loads(pickled[position])
        return read[position]

    kept, facts, closest_kept, named = [], [], [], []
    for row, (position_a, position_b, copy, each_closest) in enumerate(zip(
            at[:, 0].tolist(), at[:, 1].tolist(), is_copy.tolist(), is_closest.tolist())):
        facts_a, facts_b = facts_of(position_a), facts_of(position_b)
        shared = shared_names(facts_a, facts_b)
        if copy or each_closest or len(shared[0]) >= MIN_SHARED_NAMES:
            kept.append(row)
            facts.append((facts_a, facts_b))
            closest_kept.append(each_closest)
            named.append(shared)
    both = first_rows if first_rows is second_rows else _stacked(first_rows, second_rows)
    rows_a, rows_b = (np.searchsorted(both.ordinals, pairs[kept, side]) for side in (0, 1))
    strongest, bounds = strongest_columns(both.texts[rows_a].multiply(both.texts[rows_b]).tocsr())
    evidence = evidences(facts, row_dots(both.texts, rows_a, rows_b).tolist(),
                         row_dots(both.titles, rows_a, rows_b).tolist(),
                         [[terms[column] for column in strongest[start:end]] for start, end in zip(bounds, bounds[1:])],
                         closest_kept, named)
    copies_kept = is_copy[kept]
    given = np.array([copy or each.suggested for copy, each in zip(copies_kept.tolist(), evidence)], dtype=bool)
    reasons = [None if copy else json.dumps(each.as_reason(), ensure_ascii=False)
               for copy, each, shown in zip(copies_kept.tolist(), evidence, given.tolist()) if shown]
    chosen = np.array(kept, dtype=np.int64)[given]
    frame = pd.DataFrame({"a": pairs[chosen, 0], "b": pairs[chosen, 1], "id_a": ids[at[chosen, 0]],
                          "id_b": ids[at[chosen, 1]], "copy": copies_kept[given],
                          "score": np.array([each.library_score for each in evidence], dtype=np.float64)[given],
                          "reason": pd.Series(reasons, dtype=object).to_numpy()}).astype(SCORED_COLUMNS)
    return ScoredTile(frame, int((~copies_kept).sum()))


def related_part(tile: ScoredTile, pairs: np.ndarray) -> pd.DataFrame:
    """The tile's rows of its related ``pairs`` (some of its suggested pairs), their reasons' parts as columns."""
    frame = tile.frame[~tile.frame["copy"].to_numpy()]
    kept = frame[np.isin(tile_keys(frame[["a", "b"]].to_numpy()), tile_keys(pairs))]
    rows = []
    for a, b, id_a, id_b, score, reason in zip(kept["a"].tolist(), kept["b"].tolist(), kept["id_a"], kept["id_b"],
                                               kept["score"].tolist(), kept["reason"]):
        parts = json.loads(reason)
        rows.append({"a": a, "b": b, "id_a": id_a, "id_b": id_b, "score": round(score, 4),
                     **{name: parts[name] for name in REASON_COLUMNS}})
    frame = pd.DataFrame(rows, columns=["a", "b", "id_a", "id_b", "score", *REASON_COLUMNS])
    return frame.astype({"a": "int64", "b": "int64", "score": "float64", "days_apart": "Int64", "closest": "boolean"})
