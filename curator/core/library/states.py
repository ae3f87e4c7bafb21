"""The states the library stores, as enums whose values are exactly what its tables hold.

The tables keep plain text and numbers (their CHECK constraints list the same values), so a
member goes into SQL as a parameter or written into the statement, and a value read back
becomes a member again with ``ArticleStatus(row["status"])``. A member equals its value, so
code comparing with the stored text keeps working.

>>> ArticleStatus.MERGED == "merged"
True
>>> f"SELECT count(*) FROM pairs WHERE status = '{PairStatus.OPEN}'"
"SELECT count(*) FROM pairs WHERE status = 'open'"
>>> HistoryState(1).name
'UNDONE'
>>> Operation("merge").label
'Merge'
"""

from __future__ import annotations

import sys
from enum import Enum, IntEnum

if sys.version_info >= (3, 11):
    from enum import StrEnum
else:
    class StrEnum(str, Enum):
        """Python 3.11's ``enum.StrEnum``: a member prints, formats and is stored as its value."""

        def __str__(self) -> str:
            return str(self.value)


class ArticleStatus(StrEnum):
    """``articles.status``."""

    ACTIVE = "active"
    MERGED = "merged"  # merged away into the article ``merged_into``; kept with its sources
    TRASHED = "trashed"  # moved to the trash: out of every list, the queue and exports, until restored


class PairKind(StrEnum):
    """``pairs.kind``: how a suggested pair's texts relate."""

    EXACT = "exact"  # the same text after normalisation
    NEAR = "near"  # mostly the same text, edited
    CONTAINED = "contained"  # one is an abridged copy of the other
    RELATED = "related"  # the same story, rewritten: not a copy

    @property
    def is_copy(self) -> bool:
        return self is not PairKind.RELATED


class PairStatus(StrEnum):
    """``pairs.status``: only an open pair is in the review queue; a decided one is never reopened."""

    OPEN = "open"
    MERGED = "merged"
    NOT_DUPLICATE = "not_duplicate"
    SKIPPED = "skipped"
    LINKED = "linked"  # the same story: linked, not merged


class MentionStatus(StrEnum):
    """``mentions.status``."""

    ACCEPTED = "accepted"
    PENDING = "pending"  # a suggestion waiting for the curator
    REJECTED = "rejected"  # kept, so the same span is never suggested again


class MentionOrigin(StrEnum):
    """``mentions.origin``: who made the mention."""

    MANUAL = "manual"  # tagged by the curator
    SUGGESTED = "suggested"  # proposed by a suggester
    PROPAGATED = "propagated"  # added by "tag all occurrences"


class HistoryState(IntEnum):
    """``history.undone``."""

    IN_EFFECT = 0
    UNDONE = 1  # can be redone
    SUPERSEDED = 2  # undone, then a later operation ended what could be redone


class Operation(StrEnum):
    """``history.op``: every operation the journal records.

    >>> f"Undo {Operation.MERGE_ENTITIES.label}"
    'Undo Entity Merge'
    """

    # Not reversible: listed in the history for the record.
    IMPORT = "import"
    SCAN_DUPLICATES = "scan_duplicates"
    SCAN_STORIES = "scan_stories"
    UPDATE_SETTINGS = "update_settings"
    # Reversible: undo and redo apply their row snapshots.
    SUGGEST_MENTIONS = "suggest_mentions"  # one row per stored batch, the run's rows in one history batch
    MERGE = "merge"
    UNMERGE = "unmerge"
    DECIDE_PAIR = "decide_pair"
    RENAME_STORY = "rename_story"
    SPLIT_STORY = "split_story"
    MOVE_VERSIONS = "move_versions"  # into another story, or out of any
    TAG_MENTION = "tag_mention"
    ACCEPT_MENTIONS = "accept_mentions"
    REMOVE_MENTIONS = "remove_mentions"
    PROPAGATE_MENTION = "propagate_mention"
    CREATE_ENTITY = "create_entity"
    UPDATE_ENTITY = "update_entity"
    MERGE_ENTITIES = "merge_entities"
    DELETE_ENTITY = "delete_entity"
    ADD_ENTITY_TYPE = "add_entity_type"
    UPDATE_ENTITY_TYPE = "update_entity_type"
    DELETE_ENTITY_TYPE = "delete_entity_type"
    EDIT_ENTITY_TYPES = "edit_entity_types"  # types added, changed and removed together
    EDIT_ARTICLE = "edit_article"
    TRASH_ARTICLES = "trash_articles"
    RESTORE_ARTICLES = "restore_articles"

    @property
    def label(self) -> str:
        """The noun Undo and Redo name the operation by, as in "Undo Merge" (plural: add "s")."""
        return _LABELS[self]


# Every operation has one, reversible or not (tests/core/test_states.py checks), so whatever the
# journal holds can be named in the Edit menu and the History panel.
_LABELS = {
    Operation.IMPORT: "Import",
    Operation.SCAN_DUPLICATES: "Duplicate Scan",
    Operation.SCAN_STORIES: "Story Scan",
    Operation.SUGGEST_MENTIONS: "Suggestion",
    Operation.UPDATE_SETTINGS: "Preferences Change",
    Operation.MERGE: "Merge",
    Operation.UNMERGE: "Unmerge",
    Operation.DECIDE_PAIR: "Decision",
    Operation.RENAME_STORY: "Story Rename",
    Operation.SPLIT_STORY: "Story Split",
    Operation.MOVE_VERSIONS: "Story Change",  # a version added, moved or removed
    Operation.TAG_MENTION: "Tagging",
    Operation.ACCEPT_MENTIONS: "Accept",
    Operation.REMOVE_MENTIONS: "Removal",
    Operation.PROPAGATE_MENTION: "Tagging",
    Operation.CREATE_ENTITY: "New Entity",
    Operation.UPDATE_ENTITY: "Entity Edit",
    Operation.MERGE_ENTITIES: "Entity Merge",
    Operation.DELETE_ENTITY: "Entity Deletion",
    Operation.ADD_ENTITY_TYPE: "New Entity Type",
    Operation.UPDATE_ENTITY_TYPE: "Entity Type Edit",
    Operation.DELETE_ENTITY_TYPE: "Entity Type Removal",
    Operation.EDIT_ENTITY_TYPES: "Entity Type Edit",
    Operation.EDIT_ARTICLE: "Article Edit",
    Operation.TRASH_ARTICLES: "Move to Trash",
    Operation.RESTORE_ARTICLES: "Restore from Trash",
}
