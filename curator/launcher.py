"""Put Curator in the desktop's application menu: ``curator install-launcher [--uninstall]``.

On Linux (and other freedesktop.org desktops) this writes, for the current user only, a desktop entry
to ``$XDG_DATA_HOME/applications`` and the icon at every shipped size to
``$XDG_DATA_HOME/icons/hicolor``. The entry starts the ``curator-gui`` script installed with this very
Python, so it keeps working whichever virtual environment Curator lives in. On Windows and macOS the
``curator-gui`` script itself is the thing to pin or double-click; there is nothing to install.

No Qt here: the command runs without a display.

    >>> exec_value(["/opt/my apps/curator-gui"])
    '"/opt/my apps/curator-gui"'
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from curator.core.ingest import package_folder

DESKTOP_FILE_NAME = "curator.desktop"  # its stem is the id Qt's setDesktopFileName("curator") points to
ICON_NAME = "curator"
GUI_SCRIPT = "curator-gui"

# Characters that make an Exec argument need double quotes, and those that must then be
# backslash-escaped inside the quotes (Desktop Entry Specification, "The Exec key").
_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")
_ESCAPED_IN_QUOTES = re.compile(r'(["`$\\])')
_PNG_ICON = re.compile(r"curator-(\d+)\.png")


class UnsupportedPlatform(Exception):
    """Raised where desktop entries mean nothing; the message says what to use instead."""


@dataclass(frozen=True)
class LauncherFiles:
    """Where the launcher's files go for one ``XDG_DATA_HOME``; ``all`` is every path written."""

    entry: Path
    icons: tuple[Path, ...]
    icon_theme: Path

    @property
    def all(self) -> tuple[Path, ...]:
        return (self.entry, *self.icons)


def data_home() -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` when it is unset or not absolute (as the spec says)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def _resources() -> Path:
    return package_folder("curator.resources", "resources")


def _png_icons() -> dict[int, Path]:
    """The shipped PNG icons by pixel size."""
    icons = {}
    for path in (_resources() / "icons").iterdir():
        match = _PNG_ICON.fullmatch(path.name)
        if match:
            icons[int(match.group(1))] = path
    return dict(sorted(icons.items()))


def launcher_files(home: Path | None = None) -> LauncherFiles:
    """The paths the launcher occupies under ``home`` (default: ``data_home()``)."""
    home = home or data_home()
    hicolor = home / "icons" / "hicolor"
    icons = [hicolor / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png" for size in _png_icons()]
    icons.append(hicolor / "scalable" / "apps" / f"{ICON_NAME}.svg")
    return LauncherFiles(entry=home / "applications" / DESKTOP_FILE_NAME, icons=tuple(icons), icon_theme=hicolor)


def gui_script(executable: str | os.PathLike[str] | None = None) -> Path | None:
    """The ``curator-gui`` script installed beside ``executable`` (default: this Python), if there is one."""
    folder = Path(executable or sys.executable).parent  # not resolved: a venv's python is a symlink out of it
    names = (f"{GUI_SCRIPT}.exe", f"Scripts/{GUI_SCRIPT}.exe") if sys.platform == "win32" else (GUI_SCRIPT,)
    return next((folder / name for name in names if (folder / name).is_file()), None)


def gui_command(executable: str | os.PathLike[str] | None = None) -> list[str]:
    """The command that opens the app: the ``curator-gui`` script, else this Python running the app module."""
    script = gui_script(executable)
    if script is not None:
        return [str(script.absolute())]
    return [str(Path(executable or sys.executable).absolute()), "-m", "curator.ui.app"]


def exec_value(command: list[str]) -> str:
    """``command`` as the value of an ``Exec`` key, before the file's own string escaping.

    Arguments with reserved characters are double-quoted, with ``"``, `````, ``$`` and ``\\``
    escaped inside; a literal ``%`` is doubled so it is not read as a field code.

        >>> exec_value(["/usr/bin/python3", "-m", "curator.ui.app"])
        '/usr/bin/python3 -m curator.ui.app'
    """
    quoted = []
    for argument in command:
        argument = argument.replace("%", "%%")
        if any(character in _RESERVED for character in argument):
            argument = '"' + _ESCAPED_IN_QUOTES.sub(r"\\\1", argument) + '"'
        quoted.append(argument)
    return " ".join(quoted)


def escape_string(value: str) -> str:
    """A value as a desktop entry ``string``: backslashes doubled, control characters as escapes."""
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def desktop_entry(command: list[str]) -> str:
    """The shipped ``curator.desktop`` with its ``Exec`` and ``TryExec`` pointing at ``command``.

    ``TryExec`` names the program, so the menu hides the entry if that Python environment is deleted.
    """
    template = (_resources() / DESKTOP_FILE_NAME).read_text(encoding="utf-8")
    values = {"Exec": escape_string(exec_value(command)), "TryExec": escape_string(command[0])}
    lines = []
    for line in template.splitlines():
        key = line.partition("=")[0]
        lines.append(f"{key}={values[key]}" if key in values else line)
    return "\n".join(lines) + "\n"


def check_platform() -> None:
    """Raise ``UnsupportedPlatform`` on Windows and macOS, naming the program to start instead."""
    if sys.platform not in ("win32", "darwin"):
        return
    script = gui_script()
    program = str(script) if script else " ".join(gui_command())
    if sys.platform == "win32":
        advice = "create a shortcut to it on the Start menu or the desktop"
    else:
        advice = "start it once, then keep Curator in the Dock"
    raise UnsupportedPlatform(
        f"Desktop entries are for Linux desktops. Here, Curator's launcher is the program below: "
        f"{advice}.\n  {program}"
    )


def install_launcher(home: Path | None = None, command: list[str] | None = None) -> list[Path]:
    """Write the desktop entry and icons under ``home`` (default ``data_home()``) and refresh the
    desktop's caches; returns every path written. Running it again rewrites the same files."""
    check_platform()
    files = launcher_files(home)
    sources = [*_png_icons().values(), _resources() / "curator.svg"]
    for source, target in zip(sources, files.icons, strict=True):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
    files.entry.parent.mkdir(parents=True, exist_ok=True)
    files.entry.write_text(desktop_entry(command or gui_command()), encoding="utf-8")
    _refresh_caches(files)
    return list(files.all)


def uninstall_launcher(home: Path | None = None) -> list[Path]:
    """Remove exactly the files ``install_launcher`` writes (folders stay); returns those that existed."""
    check_platform()
    files = launcher_files(home)
    removed = []
    for path in files.all:
        if path.is_file():
            path.unlink()
            removed.append(path)
    if removed:
        _refresh_caches(files)
    return removed


def _refresh_caches(files: LauncherFiles) -> None:
    """Let menus and icon themes notice the change now, with whichever cache tools the system has."""
    for tool, *arguments in (("update-desktop-database", "-q", str(files.entry.parent)),
                             ("gtk-update-icon-cache", "-q", "-f", "-t", str(files.icon_theme))):
        program = shutil.which(tool)
        if program is None:
            continue
        try:
            # A cache that is not refreshed only delays the menu; it must never fail the install.
            subprocess.run([program, *arguments], check=False, capture_output=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            pass
