"""The library file: the store, its schema, the journal with undo and redo, preferences and backups."""

from curator.core.library.backup import (
    BackupError,
    backup_library,
    suggested_backup_name,
)
from curator.core.library.failures import describe_failure
from curator.core.library.fields import (
    EARLIER_EXPORT_CSV_COLUMNS,
    EXPORT_CSV_COLUMNS,
    FIELD_LABELS,
    FIELDS,
    RECORD_FIELDS,
)
from curator.core.library.history import (
    HistoryConflict,
    NothingToDo,
    next_redo,
    next_undo,
    redo,
    undo,
)
from curator.core.library.labels import (
    named_articles,
    percent_of,
    quoted,
    scores_in_percents,
    two_places,
    whole_percent,
)
from curator.core.library.queries import ArticleQuery, ArticleSort
from curator.core.library.read_only import ReadOnlyLibrary
from curator.core.library.settings import (
    MAX_FILE_MB_RANGE,
    SHINGLE_WORDS_RANGE,
    SUGGESTION_FLOOR_RANGE,
    THRESHOLD_RANGE,
    Settings,
    SettingsError,
    checked,
    get_settings,
    rescan_needed,
    update_settings,
)
from curator.core.library.states import (
    ArticleStatus,
    HistoryState,
    MentionOrigin,
    MentionStatus,
    Operation,
    PairKind,
    PairStatus,
)
from curator.core.library.store import (
    APP_NAME,
    DB_ENV_VAR,
    Changes,
    Library,
    LibraryError,
    default_library_path,
    utc_now,
)

__all__ = [
    "EARLIER_EXPORT_CSV_COLUMNS", "EXPORT_CSV_COLUMNS", "FIELD_LABELS", "FIELDS", "RECORD_FIELDS",
    "APP_NAME", "DB_ENV_VAR", "MAX_FILE_MB_RANGE", "SHINGLE_WORDS_RANGE", "SUGGESTION_FLOOR_RANGE", "THRESHOLD_RANGE", "ArticleQuery", "ArticleSort", "ArticleStatus",
    "BackupError", "Changes", "HistoryConflict", "HistoryState", "Library", "LibraryError", "MentionOrigin",
    "MentionStatus", "NothingToDo", "Operation", "PairKind", "PairStatus", "ReadOnlyLibrary", "Settings",
    "SettingsError", "backup_library", "checked", "default_library_path", "describe_failure", "get_settings",
    "named_articles", "next_redo", "next_undo", "percent_of", "quoted", "scores_in_percents", "two_places", "whole_percent",
    "redo", "rescan_needed", "suggested_backup_name", "undo", "update_settings", "utc_now",
]
