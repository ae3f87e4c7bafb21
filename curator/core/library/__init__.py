"""The library file: the store, its schema, the journal with undo and redo, preferences and backups."""

from curator.core.library.backup import (
    BackupCancelled,
    BackupError,
    backup_library,
    suggested_backup_name,
)
from curator.core.library.history import (
    HistoryConflict,
    NothingToDo,
    next_redo,
    next_undo,
    redo,
    undo,
)
from curator.core.library.settings import (
    MAX_FILE_MB_RANGE,
    SHINGLE_WORDS_RANGE,
    THRESHOLD_RANGE,
    Settings,
    SettingsError,
    checked,
    get_settings,
    rescan_needed,
    update_settings,
)
from curator.core.library.store import (
    APP_NAME,
    ArticleQuery,
    Changes,
    Library,
    LibraryError,
    default_library_path,
    utc_now,
)

__all__ = [
    "APP_NAME", "MAX_FILE_MB_RANGE", "SHINGLE_WORDS_RANGE", "THRESHOLD_RANGE", "ArticleQuery", "BackupCancelled",
    "BackupError", "Changes", "HistoryConflict", "Library", "LibraryError", "NothingToDo", "Settings",
    "SettingsError", "backup_library", "checked", "default_library_path", "get_settings", "next_redo", "next_undo",
    "redo", "rescan_needed", "suggested_backup_name", "undo", "update_settings", "utc_now",
]
