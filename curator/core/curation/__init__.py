"""Curation: merging copies into one article field by field, unmerging, the provenance of the result,
and what the reading pane shows of an article."""

from curator.core.curation.merge import (
    BulkMergeReport,
    MergeError,
    MergePlan,
    MergeSuggestion,
    combined_body,
    exact_duplicate_groups,
    merge_articles,
    merge_exact_duplicates,
    merged_article,
    suggest_plan,
    unmerge_article,
)
from curator.core.curation.provenance import (
    BodyStrategy,
    Provenance,
    merged_members,
    sources,
)
from curator.core.curation.reading import ReadingView, SourceFile, reading_view

__all__ = [
    "BodyStrategy", "BulkMergeReport", "MergeError", "MergePlan", "MergeSuggestion", "Provenance", "ReadingView",
    "SourceFile", "combined_body", "exact_duplicate_groups", "merge_articles", "merge_exact_duplicates",
    "merged_article", "merged_members", "reading_view", "sources", "suggest_plan", "unmerge_article",
]
