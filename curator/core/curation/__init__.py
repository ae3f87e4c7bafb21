"""Curation: merging copies into one article field by field, unmerging, the provenance of the result,
what the reading pane shows of an article, and editing or trashing articles by hand."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

# Where each name lives: a module is imported when one of its names is first asked for, so a command
# loads only what it runs (an import needs none of merging's engines, which took half its start).
_HOMES = {
    "EDITABLE_FIELDS": "editing",
    "field_problem": "editing",
    "EditError": "editing",
    "edit_article": "editing",
    "import_article_ids": "editing",
    "restore_articles": "editing",
    "trash_articles": "editing",
    "trashed_ids": "editing",
    "BulkMergeReport": "merge",
    "MergeError": "merge",
    "MergePlan": "merge",
    "MergeSuggestion": "merge",
    "combined_body": "merge",
    "exact_duplicate_groups": "merge",
    "merge_articles": "merge",
    "merge_exact_duplicates": "merge",
    "merged_article": "merge",
    "suggest_plan": "merge",
    "unmerge_article": "merge",
    "BodyStrategy": "provenance",
    "Provenance": "provenance",
    "merged_members": "provenance",
    "sources": "provenance",
    "ReadingView": "reading",
    "SourceFile": "reading",
    "reading_view": "reading",
    "CheckReport": "scanning",
    "check_in_background": "scanning",
    "check_new_articles": "scanning",
    "import_and_sketch": "scanning",
    "unchecked_articles": "scanning",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


__all__ = sorted(_HOMES)
