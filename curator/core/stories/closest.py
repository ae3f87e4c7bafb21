"""Articles each other's closest: a pair that stands out from both articles' neighbourhoods.

In a library of many stories, two versions of one story are often each the other's nearest
article even when they share few words (another headline, other quotes, a paragraph of
background), while two articles that merely share a topic each have other neighbours as close.
The story scan and the cluster scan's story tier both find these pairs here, from each article's
closest rows by the telling cosine (``closest_columns``).

>>> import numpy as np
>>> owners = np.array([0, 0, 1, 1, 2, 2])
>>> others = np.array([1, 2, 0, 2, 1, 0])
>>> cosines = np.array([0.5, 0.1, 0.5, 0.2, 0.2, 0.1], dtype=np.float32)
>>> mutually_closest(owners, others, cosines, np.zeros((0, 2), np.int64))
array([[0, 1]])
"""

from __future__ import annotations

import numpy as np

from curator.core.arrays import contains

# How many times as close as its next nearest each article's closest must be (in telling cosine): an
# article with two neighbours equally close is on a topic, not in a story with one of them. A share,
# not a difference: a rewrite that shares few words stands out from neighbours as faint as it is
# (bench/story_library.py: with a difference of 0.03 asked for, two graded versions each the other's
# closest by a third or more were missed once a thousand unrelated articles came in, and two pairs
# judged different stories were suggested that this leaves out).
CLOSEST_RATIO = 1.3
# Pairs of numbers under this are keyed as one int64 (its square is under 2**63).
_KEYED_BELOW = 3_000_000_000


def clear_closest(owners: np.ndarray, others: np.ndarray, cosines: np.ndarray, excluded: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Each owner's closest row, where it is ``CLOSEST_RATIO`` times as close as its next nearest or more:
    two arrays, the owners (ascending) and their closest.

    ``owners[i]``'s neighbour ``others[i]`` is at ``cosines[i]``, each owner's neighbours listed
    together, closest first, of equal cosines the lower row first (as ``closest_columns`` lists them;
    its own row may be among them and is left out); a row's closest is judged among its neighbours
    listed. The pairs of ``excluded`` (rows ``(a, b)``, ``a < b``: copies already found, pairs
    decided) are no one's neighbours. Positions stand in for the lists, which a large library holds
    millions of, so nothing of their size is copied but a list of positions."""
    kept = owners != others
    if len(excluded):
        kept &= ~pairs_in(np.stack([np.minimum(owners, others), np.maximum(owners, others)], axis=1), excluded)
    at = np.flatnonzero(kept)
    if not len(at):
        return owners[:0], others[:0]
    listed_owners = owners[at]
    first = np.flatnonzero(np.concatenate(([True], listed_owners[1:] != listed_owners[:-1])))
    del listed_owners
    # Each owner's next nearest, where it has one (its cosine, else 0).
    has_next = np.append(first[1:], len(at)) - first > 1
    next_cosine = np.where(has_next, cosines[at[np.minimum(first + 1, len(at) - 1)]], 0.0)
    best = at[first]
    clear = cosines[best] >= next_cosine * CLOSEST_RATIO
    article, closest = owners[best][clear], others[best][clear]
    order = np.argsort(article, kind="stable")
    return article[order], closest[order]


def mutually_closest(owners: np.ndarray, others: np.ndarray, cosines: np.ndarray, excluded: np.ndarray
                     ) -> np.ndarray:
    """The pairs of rows each the other's clear closest (:func:`clear_closest`, same arguments), as rows
    ``(a, b)``, ``a < b``, of an array, ascending. A row counts only if its neighbours are listed."""
    return mutual_pairs(*clear_closest(owners, others, cosines, excluded))


def mutual_pairs(article: np.ndarray, closest: np.ndarray) -> np.ndarray:
    """The pairs ``(a, b)``, ``a < b``, each the other's closest, of articles (``article``, ascending)
    and their closest: rows of an array, ascending."""
    if not len(article):
        return np.zeros((0, 2), dtype=np.int64)
    at = np.minimum(np.searchsorted(article, closest), len(article) - 1)
    mutual = (article[at] == closest) & (closest[at] == article) & (article < closest)
    return np.stack([article[mutual], closest[mutual]], axis=1).astype(np.int64)


def pairs_in(pairs: np.ndarray, listed: np.ndarray) -> np.ndarray:
    """Whether each row of ``pairs`` is a row of ``listed`` (both two columns of non-negative integers)."""
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    listed = np.asarray(listed, dtype=np.int64).reshape(-1, 2)
    if not len(listed) or not len(pairs):
        return np.zeros(len(pairs), dtype=bool)
    if max(int(pairs.max()), int(listed.max())) < _KEYED_BELOW:
        # One integer per pair: a search among integers is many times quicker than among records.
        return contains(pairs[:, 0] * _KEYED_BELOW + pairs[:, 1], listed[:, 0] * _KEYED_BELOW + listed[:, 1])
    row = np.dtype([("a", np.int64), ("b", np.int64)])
    return np.isin(np.ascontiguousarray(pairs).view(row).ravel(), np.ascontiguousarray(listed).view(row).ravel())

