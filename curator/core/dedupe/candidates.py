"""The scan's pure steps after sketching: pair articles sharing a key, estimate, close clusters, verify.

Each step works on one group of articles (the members of a band key, of a body hash, of a
cluster) or on arrays of pairs, and reads nothing else. The library scan (``scan``) runs them
over the library's articles; a distributed job runs the same functions per partition, so both
find exactly the same pairs.

>>> sorted(pairs_sharing_keys(np.array([7, 7, 9, 7]), np.array([3, 1, 5, 2])))
[(1, 2), (1, 3), (2, 3)]
>>> sorted(closure_pairs([[1, 2, 3], [4, 5]]))
[(1, 2), (1, 3), (2, 3)]
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from curator.core.dedupe.clusters import Pair
from curator.core.dedupe.scoring import Features, Verdict, verify

# A band key shared by more articles than this carries little information; its
# members are chained (first-to-each) instead of paired all-to-all.
BUCKET_PAIR_LIMIT = 40
# Clusters larger than this are not closed pairwise (their members are already linked).
CLOSURE_CLUSTER_LIMIT = 30
# Candidates whose estimated containment is below this are not verified. It sits
# well under the containment a suggested pair needs, leaving room for the
# estimate's error (about ±0.05 with 128 bins).
PLAUSIBLE_CONTAINMENT = 0.3

def chained(members: list[int]) -> list[Pair]:
    """The first member paired with each other one: how articles with equal bodies become candidates."""
    return [(members[0], other) for other in members[1:]]


def pairs_sharing_keys(keys: np.ndarray, owners: np.ndarray) -> set[Pair]:
    """Pairs of owners sharing a key; large groups are chained rather than paired all-to-all.

    Every owner of a key must be in the arrays: a distributed job passes each
    partition of rows shuffled by key.
    """
    order = np.lexsort((owners, keys))
    keys, owners = keys[order], owners[order]
    # One row per (key, owner), then only the runs of equal keys: most keys belong to one article.
    distinct = np.ones(len(keys), dtype=bool)
    distinct[1:] = (keys[1:] != keys[:-1]) | (owners[1:] != owners[:-1])
    keys, owners = keys[distinct], owners[distinct]
    starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]])) if len(keys) else np.empty(0, np.intp)
    sizes = np.diff(np.append(starts, len(keys)))
    # Pairs as two arrays, one block per group size (every group of a size pairs its members by
    # the same positions), made tuples once: building each pair in Python was most of the step.
    firsts: list[np.ndarray] = []
    seconds: list[np.ndarray] = []
    for size in np.unique(sizes[sizes > 1]).tolist():
        group_starts = starts[sizes == size]
        if size > BUCKET_PAIR_LIMIT:  # chained: the first member with each other one
            left, right = np.zeros(size - 1, dtype=np.intp), np.arange(1, size)
        else:
            left, right = np.triu_indices(size, 1)
        firsts.append(owners[(group_starts[:, None] + left).ravel()])
        seconds.append(owners[(group_starts[:, None] + right).ravel()])
    if not firsts:
        return set()
    return set(zip(np.concatenate(firsts).tolist(), np.concatenate(seconds).tolist()))


def estimated_containment(signatures_a: np.ndarray, signatures_b: np.ndarray, sizes_a: np.ndarray,
                          sizes_b: np.ndarray) -> np.ndarray:
    """Containment of each pair estimated from signatures (rows) and distinct shingle counts.

    The MinHash estimate of Jaccard, with both counts, gives an estimate of
    containment; pairs far below what a duplicate needs (``PLAUSIBLE_CONTAINMENT``)
    are not worth the much costlier exact comparison.
    """
    jaccard = (signatures_a == signatures_b).mean(axis=1)
    sizes_a, sizes_b = sizes_a.astype(np.float64), sizes_b.astype(np.float64)
    return jaccard * (sizes_a + sizes_b) / ((1 + jaccard) * np.minimum(sizes_a, sizes_b))


def closure_pairs(groups: Iterable[list[int]]) -> set[Pair]:
    """Every pair within each cluster of 3 to ``CLOSURE_CLUSTER_LIMIT`` members.

    Two abridgements of one wire story may share too little to meet in the LSH
    index, yet both match the full story; comparing cluster members directly
    finds them.
    """
    closure: set[Pair] = set()
    for members in groups:
        if 2 < len(members) <= CLOSURE_CLUSTER_LIMIT:
            closure.update((x, y) for i, x in enumerate(members) for y in members[i + 1:])
    return closure


def verified(a: Features, b: Features, threshold: float) -> Verdict | None:
    """The pair's verdict when it scores at least ``threshold``, else None."""
    verdict = verify(a, b, threshold=threshold)
    return verdict if verdict.score >= threshold else None
