"""Stories: every version of a story, not only its copies.

``terms`` weighs the words a story keeps when it is retold; ``score`` turns what two articles
share (terms, headline, names, time) into a calibrated same-story score with its evidence.
"""

from curator.core.stories.groups import Story, story_groups
from curator.core.stories.scan import StoryScanReport, count_unread, scan_stories
from curator.core.stories.score import (
    RELATED_THRESHOLD,
    StoryEvidence,
    StoryText,
    compare_stories,
    story_text,
)
from curator.core.stories.terms import Weights

__all__ = [
    "RELATED_THRESHOLD", "StoryEvidence", "StoryScanReport", "StoryText", "Weights", "compare_stories", "count_unread",
    "scan_stories", "story_text", "Story", "story_groups",
]
