"""The duplicate engine: sketch articles, find and score candidate pairs, explain them, review them.

``sketch`` turns text into word ids, shingles and MinHash signatures; ``scoring`` verifies a pair
exactly; ``reasons`` says why in words; ``scan`` finds the pairs of a library incrementally;
``clusters`` groups them; ``candidates`` holds the scan's pure steps, which a distributed job runs
per partition (with ``scan.sketch_bodies``: ``pairs_sharing_keys``, ``estimated_containment``,
``closure_pairs``, ``verified``); ``pairs`` reads the review queue and records decisions; ``compare``
lays two articles side by side for review; ``external`` stores pairs a scan outside the library
found and reads their decisions back.
"""

from curator.core.dedupe.candidates import (
    PLAUSIBLE_CONTAINMENT,
    chained,
    closure_pairs,
    estimated_containment,
    pairs_sharing_keys,
    verified,
)
from curator.core.dedupe.clusters import union_find
from curator.core.dedupe.compare import (
    ArticleSide,
    ComparedRow,
    PairComparison,
    Segment,
    compare_articles,
)
from curator.core.dedupe.external import (
    ExternalPair,
    add_external_pairs,
    articles_by_external_id,
    decided_external_pairs,
)
from curator.core.dedupe.pairs import (
    KINDS,
    Decision,
    PairError,
    PairOrder,
    PairQuery,
    cluster_of,
    count_open_pairs,
    count_pairs,
    decide_pair,
    duplicate_clusters,
    explain_pair,
    iter_open_pairs,
    iter_open_pairs_json,
    open_pairs,
    pair_outlets,
    pair_page,
    selected_pairs,
    review_group,
    unskip_pair,
)
from curator.core.dedupe.scan import (
    ScanReport,
    count_unscanned,
    scan_duplicates,
    sketch_bodies,
    store_import_sketches,
)
from curator.core.dedupe.scoring import Features, Verdict, compare_bodies
from curator.core.dedupe.sketch import SIGNATURE_BINS, band_keys

__all__ = [
    "KINDS",
    "PLAUSIBLE_CONTAINMENT",
    "SIGNATURE_BINS",
    "ArticleSide",
    "ComparedRow",
    "Decision",
    "ExternalPair",
    "Features",
    "PairComparison",
    "PairError",
    "PairOrder",
    "PairQuery",
    "ScanReport",
    "Segment",
    "Verdict",
    "add_external_pairs",
    "articles_by_external_id",
    "band_keys",
    "chained",
    "closure_pairs",
    "cluster_of",
    "compare_articles",
    "compare_bodies",
    "count_open_pairs",
    "count_unscanned",
    "count_pairs",
    "decide_pair",
    "decided_external_pairs",
    "duplicate_clusters",
    "estimated_containment",
    "explain_pair",
    "iter_open_pairs",
    "iter_open_pairs_json",
    "open_pairs",
    "pair_outlets",
    "pair_page",
    "selected_pairs",
    "review_group",
    "pairs_sharing_keys",
    "scan_duplicates",
    "sketch_bodies",
    "store_import_sketches",
    "union_find",
    "unskip_pair",
    "verified",
]
