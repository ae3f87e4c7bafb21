"""The app as a real process, started as a desktop would start it, watched through its log file."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Generous: a cold start on a loaded two-core CI machine can take many seconds.
START_TIMEOUT = 120


def app_environment(folder: Path) -> dict[str, str]:
    """An environment whose home, data, settings and log folders are all inside ``folder``."""
    env = dict(os.environ)
    home = folder / "home"
    home.mkdir(exist_ok=True)
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               XDG_STATE_HOME=str(home / "state"), XDG_CACHE_HOME=str(home / "cache"),
               CURATOR_LOG_DIR=str(folder / "logs"), QT_QPA_PLATFORM="offscreen")
    env.pop("CURATOR_DB", None)
    return env


def log_text(env: dict[str, str]) -> str:
    path = Path(env["CURATOR_LOG_DIR"]) / "curator.log"
    return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""


@contextmanager
def app_process(command: list[str], env: dict[str, str], output: Path) -> Iterator[subprocess.Popen]:
    """Start ``command``, its output going to ``output``; it is killed on the way out if still running."""
    with output.open("wb") as sink:
        process = subprocess.Popen(command, env=env, stdout=sink, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=START_TIMEOUT)


def wait_for_log(env: dict[str, str], text: str, process: subprocess.Popen, output: Path) -> None:
    """Wait until the log contains ``text``; fail, showing the app's output, if the app exits first."""
    deadline = time.monotonic() + START_TIMEOUT
    while text not in log_text(env):
        if process.poll() is not None:
            raise AssertionError(f"the app exited with {process.returncode} before logging {text!r}:\n"
                                 f"{output.read_text(errors='replace')}\n{log_text(env)}")
        if time.monotonic() > deadline:
            raise AssertionError(f"the app did not log {text!r} in {START_TIMEOUT} s:\n{log_text(env)}")
        time.sleep(0.1)
