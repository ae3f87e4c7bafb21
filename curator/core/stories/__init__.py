"""Stories: every version of a story, not only its copies.

``terms`` weighs the words a story keeps when it is retold; ``score`` turns what two articles
share (terms, headline, names, time) into a calibrated same-story score with its evidence; ``scan``
suggests the pairs. ``catalog`` reads the stories a curator made and ``editing`` changes them.
"""

from curator.core.stories.catalog import (
    Story,
    StoryPage,
    StoryRefusal,
    StoryVersion,
    VersionChange,
    kept_versions,
    list_stories,
    stories_for,
    read_story,
    story_of_articles,
    story_page,
)
from curator.core.stories.closest import (
    CLOSEST_RATIO,
    clear_closest,
    mutual_pairs,
    pairs_in,
)
from curator.core.stories.explained import strongest_columns
from curator.core.stories.editing import (
    BulkLinkReport,
    MergedStories,
    drop_merged_story,
    join_merged_stories,
    link_suggested_versions,
    link_versions,
    move_versions,
    start_story,
    rename_story,
    same_story_suggestions,
    split_story,
    suggested_versions,
)
from curator.core.stories.scan import (
    CANDIDATES_PER_ARTICLE,
    COMMON_TERM_SHARE,
    MIN_TEXT_COSINE,
    MIN_TITLE_COSINE,
    StoryScanReport,
    closest_columns,
    closest_positions,
    count_unread,
    row_dots,
    scan_stories,
    within_reach,
)
from curator.core.stories.score import (
    MIN_SHARED_NAMES,
    RELATED_THRESHOLD,
    StoryEvidence,
    StoryFacts,
    StoryText,
    compare_pairs,
    compare_stories,
    evidences,
    shared_names,
    story_text,
)
from curator.core.stories.terms import Weights

__all__ = [
    "CANDIDATES_PER_ARTICLE", "CLOSEST_RATIO", "COMMON_TERM_SHARE", "MIN_SHARED_NAMES", "MIN_TEXT_COSINE",
    "MIN_TITLE_COSINE", "clear_closest", "mutual_pairs", "pairs_in", "shared_names",
    "RELATED_THRESHOLD", "StoryEvidence", "StoryScanReport", "StoryFacts", "StoryText", "Weights", "closest_columns", "closest_positions", "compare_pairs", "compare_stories", "evidences",
    "count_unread", "row_dots", "strongest_columns", "within_reach",
    "scan_stories", "story_text", "Story", "StoryPage", "StoryRefusal", "StoryVersion", "VersionChange",
    "BulkLinkReport", "MergedStories", "drop_merged_story", "join_merged_stories", "kept_versions", "link_suggested_versions", "link_versions", "list_stories", "move_versions", "read_story", "rename_story", "same_story_suggestions", "split_story", "start_story", "stories_for", "suggested_versions",
    "story_of_articles", "story_page",
]
