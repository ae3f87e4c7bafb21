"""Curation: merging copies into one article field by field, unmerging, the provenance of the result,
what the reading pane shows of an article, and editing or trashing articles by hand."""

from curator.core.curation.editing import (
    EDITABLE_FIELDS,
    field_problem,
    EditError,
    edit_article,
    import_article_ids,
    restore_articles,
    trash_articles,
    trashed_ids,
)
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
from curator.core.curation.scanning import (
    CheckReport,
    check_in_background,
    check_new_articles,
    import_and_sketch,
    unchecked_articles,
)

__all__ = [
    "EDITABLE_FIELDS",
    "field_problem",
    "BodyStrategy",
    "BulkMergeReport",
    "CheckReport",
    "EditError",
    "MergeError",
    "MergePlan",
    "MergeSuggestion",
    "Provenance",
    "ReadingView",
    "SourceFile",
    "check_in_background",
    "check_new_articles",
    "combined_body",
    "edit_article",
    "exact_duplicate_groups",
    "import_and_sketch",
    "import_article_ids",
    "merge_articles",
    "merge_exact_duplicates",
    "merged_article",
    "merged_members",
    "reading_view",
    "restore_articles",
    "sources",
    "suggest_plan",
    "trash_articles",
    "trashed_ids",
    "unchecked_articles",
    "unmerge_article",
]
