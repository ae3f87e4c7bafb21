"""Entities (people, organisations, places, …) and their mentions in articles.

A mention is a span of an article's clean body (or of its dateline: ``field``),
linked to an entity (or, for a suggestion, proposing a name in ``label``). Every change here is one
transaction with a reversible history row, so undo and redo cover tagging too.

>>> from curator.core.ingest import import_paths, sample_paths
>>> from curator.core.library import Library
>>> library = Library.open(":memory:")
>>> _ = import_paths(library, sample_paths())
>>> tagged = tag_mention(library, article_id=1, start=0, end=6, type="PLACE")
>>> [mention["text"] for mention in article_mentions(library, 1)]
['Russia']
>>> more = propagate_mention(library, tagged.mentions[0])   # every other "Russia", in one step
>>> len(more.mentions), more.articles
(5, (1, 2))
"""

from curator.core.entities.listing import (
    article_entities,
    article_mentions,
    entity,
    entity_article_ids,
    entity_listing,
    entity_summaries,
    entity_types,
    merge_candidates,
    pending_suggestions,
    rank_entities,
    suggestion_summaries,
)
from curator.core.entities.mentions import (
    accept_mentions,
    carry_mentions_into_merge,
    inside_a_longer_name,
    occurrences,
    propagate_mention,
    PropagationPreview,
    preview_propagation,
    propagation_preview,
    propose_known_entities,
    remove_mentions,
    tag_mention,
)
from curator.core.entities.model import EntityError, EntityMatch
from curator.core.entities.registry import (
    create_entity,
    delete_entity,
    merge_entities,
    update_entity,
)
from curator.core.entities.review import (
    GroupDecision,
    count_suggestion_groups,
    decide_suggestion_group,
    suggested_types,
    suggestion_groups,
    undo_group_decision,
)
from curator.core.entities.suggest import SOURCE_WORDS, SuggestReport, suggest_mentions
from curator.core.entities.types import (
    EntityTypeChange,
    EntityTypeEdit,
    EntityTypeRemoval,
    NewEntityType,
    add_entity_type,
    delete_entity_type,
    edit_entity_types,
    entity_type_usage,
    update_entity_type,
)

__all__ = [
    "EntityError", "EntityMatch", "GroupDecision", "count_suggestion_groups", "decide_suggestion_group",
    "propose_known_entities", "suggested_types", "suggestion_groups", "undo_group_decision", "EntityTypeChange", "EntityTypeEdit", "EntityTypeRemoval", "NewEntityType",
    "SuggestReport", "accept_mentions", "add_entity_type", "article_entities", "article_mentions",
    "carry_mentions_into_merge", "create_entity", "delete_entity", "delete_entity_type", "edit_entity_types",
    "entity", "entity_article_ids", "entity_listing", "entity_summaries", "entity_type_usage", "entity_types",
    "merge_candidates", "merge_entities", "inside_a_longer_name", "occurrences", "pending_suggestions", "propagate_mention",
    "PropagationPreview", "preview_propagation", "propagation_preview", "rank_entities", "remove_mentions", "suggest_mentions", "suggestion_summaries",
    "tag_mention", "update_entity", "update_entity_type", "SOURCE_WORDS",
]
