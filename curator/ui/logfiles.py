"""Where the app's log file lives (shared by the app's start-up and Help → Show Log Folder)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from curator.core.library import APP_NAME

LOG_DIR_ENV_VAR = "CURATOR_LOG_DIR"
LOG_FILE_NAME = "curator.log"


def log_folder() -> Path:
    """Where the log file goes: ``$CURATOR_LOG_DIR``, else the user's log folder."""
    override = os.environ.get(LOG_DIR_ENV_VAR)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_log_dir(APP_NAME, APP_NAME))
