"""The duplicate engine: sketch articles, find and score candidate pairs, explain them, review them.

``sketch`` turns text into word ids, shingles and MinHash signatures; ``scoring`` verifies a pair
exactly; ``reasons`` says why in words; ``scan`` finds the pairs of a library incrementally;
``clusters`` groups them; ``pairs`` reads the review queue and records decisions; ``compare``
lays two articles side by side for review.
"""

from curator.core.dedupe.compare import (
    ArticleSide,
    ComparedRow,
    PairComparison,
    Segment,
    compare_articles,
)
from curator.core.dedupe.pairs import (
    KINDS,
    Decision,
    PairError,
    PairQuery,
    cluster_of,
    count_open_pairs,
    count_pairs,
    decide_pair,
    duplicate_clusters,
    explain_pair,
    open_pairs,
    pair_outlets,
    pair_page,
)
from curator.core.dedupe.scan import ScanReport, count_unscanned, scan_duplicates
from curator.core.dedupe.scoring import compare_bodies

__all__ = [
    "KINDS", "ArticleSide", "ComparedRow", "Decision", "PairComparison", "PairError", "PairQuery", "ScanReport",
    "Segment", "cluster_of", "count_unscanned", "compare_articles", "compare_bodies", "count_open_pairs", "count_pairs",
    "decide_pair", "duplicate_clusters", "explain_pair", "open_pairs", "pair_outlets", "pair_page",
    "scan_duplicates",
]
