"""Pairs of articles joined with both articles' columns, for the scan's tiers."""

from __future__ import annotations

from dask import dataframe as dd


def joined_by_ordinal(side: dd.DataFrame, pairs: dd.DataFrame, divisions) -> dd.DataFrame:
    """Each pair with both articles' ``side`` columns (suffixed _a and _b), joined along the ordinal index:
    the pairs are shuffled to their articles' partitions, the articles stay where they are."""
    by_a = pairs.set_index("a", divisions=divisions).merge(side, left_index=True, right_index=True)
    by_a = by_a.reset_index().rename(columns={"ordinal": "a", "index": "a"})
    by_b = by_a.set_index("b", divisions=divisions).merge(side, left_index=True, right_index=True, suffixes=("_a", "_b"))
    return by_b.reset_index().rename(columns={"ordinal": "b", "index": "b"})
