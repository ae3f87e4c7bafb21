"""Curation: merging copies into one article field by field, unmerging, and the provenance of the result."""

from curator.core.curation.merge import (
    FIELDS,
    BodyStrategy,
    BulkMergeReport,
    MergeError,
    MergePlan,
    MergeSuggestion,
    combined_body,
    exact_duplicate_groups,
    merge_articles,
    merge_exact_duplicates,
    merged_article,
    merged_members,
    sources,
    suggest_plan,
    unmerge_article,
)

__all__ = [
    "FIELDS", "BodyStrategy", "BulkMergeReport", "MergeError", "MergePlan", "MergeSuggestion", "combined_body",
    "exact_duplicate_groups", "merge_articles", "merge_exact_duplicates", "merged_article", "merged_members",
    "sources", "suggest_plan", "unmerge_article",
]
