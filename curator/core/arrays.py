"""Set operations on large integer arrays, by sorting.

NumPy 2.3 and later find ``np.unique``'s values (and ``setdiff1d``'s and ``intersect1d``'s, which
call it) with a hash table. On the millions of distinct keys a scan makes that is ten times slower
than sorting them (6 million pair keys: 9 s against 0.6 s), and ``np.isin`` of millions in millions
several times slower than sorting both sides (8.6 s against 1.4 s), so the scans use these instead.

>>> distinct(np.array([5, 1, 5, 3, 1]))
array([1, 3, 5])
>>> difference(np.array([4, 1, 4, 9, 2]), np.array([2, 9, 7]))
array([1, 4])
>>> contains(np.array([4, 1, 9]), np.array([9, 7, 4]))
array([ True, False,  True])
"""

from __future__ import annotations

import numpy as np


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values of ``values``, ascending (``np.unique`` of a one-dimensional array)."""
    ordered = np.sort(values, axis=None)
    if len(ordered) < 2:
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def difference(values: np.ndarray, others: np.ndarray) -> np.ndarray:
    """The distinct values of ``values`` not in ``others``, ascending (``np.setdiff1d``)."""
    unique = distinct(values)
    return unique[~contains(unique, others)]


def contains(values: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Whether each of ``values`` is in ``others`` (``np.isin``). Both sides sorted first: looking
    millions of values up in millions of others in their own order misses the caches at every step."""
    known = distinct(others)
    if not len(known) or not len(values):
        return np.zeros(np.shape(values), dtype=bool)
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    found = np.empty(len(values), dtype=bool)
    found[order] = known[np.minimum(np.searchsorted(known, ordered), len(known) - 1)] == ordered
    return found
