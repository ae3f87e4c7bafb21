"""Clusters: articles linked by pairs, directly or through a chain, grouped with union-find.

>>> union_find([(1, 2), (2, 3), (7, 8)])
[[1, 2, 3], [7, 8]]
"""

from __future__ import annotations

from typing import Iterable

Pair = tuple[int, int]


def union_find(edges: Iterable[Pair]) -> list[list[int]]:
    """The connected groups of ``edges``, each sorted, ordered by their smallest member."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        parent[root(a)] = root(b)
    groups: dict[int, list[int]] = {}
    for member in sorted(parent):
        groups.setdefault(root(member), []).append(member)
    return list(groups.values())
