"""The desktop launcher: the entry and icons written for one user, what its Exec line runs, removal."""

from __future__ import annotations

import configparser
import fnmatch
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from curator import launcher
from curator.cli import main
from curator.launcher import UnsupportedPlatform, desktop_entry, exec_value, gui_command, install_launcher
from tests.app_process import app_environment, app_process, wait_for_log
from tests.qt_settings import isolated_qsettings  # noqa: F401  (an autouse fixture: one test here starts Qt)

ROOT = Path(__file__).resolve().parent.parent
ICONS = [f"{size}x{size}/apps/curator.png" for size in (16, 32, 48, 64, 128, 256)] + ["scalable/apps/curator.svg"]


def read_entry(path: Path) -> dict[str, str]:
    parser = configparser.RawConfigParser(delimiters=("=",), interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    return dict(parser["Desktop Entry"])


def exec_arguments(value: str) -> list[str]:
    """An Exec value as the program and arguments a desktop starts (no files given: field codes dropped)."""
    unescaped = re.sub(r"\\(.)", lambda m: {"s": " ", "n": "\n", "t": "\t", "r": "\r"}.get(m[1], m[1]), value)
    without_field_codes = re.sub(r"%[fFuUdDnNickvm]", "", unescaped).replace("%%", "%")
    return shlex.split(without_field_codes)


@pytest.fixture
def data_home(tmp_path, monkeypatch):
    home = tmp_path / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def test_exec_arguments_are_quoted_as_the_spec_says():
    assert exec_value(["/usr/bin/curator-gui"]) == "/usr/bin/curator-gui"
    assert exec_value(["/opt/my apps/curator-gui"]) == '"/opt/my apps/curator-gui"'
    assert exec_value(['/home/ann/$5 "cheap"/curator-gui']) == r'"/home/ann/\$5 \"cheap\"/curator-gui"'
    assert exec_value(["/data/100%/python", "-m", "curator.ui.app"]) == "/data/100%%/python -m curator.ui.app"


def test_a_backslash_is_escaped_for_the_argument_then_for_the_file():
    entry = desktop_entry(["/srv/a\\b/curator-gui"])
    assert 'Exec="/srv/a\\\\\\\\b/curator-gui"' in entry.splitlines()
    assert "TryExec=/srv/a\\\\b/curator-gui" in entry.splitlines()


def test_the_command_is_the_gui_script_beside_python_else_python_running_the_app(tmp_path):
    python = tmp_path / "bin" / "python"
    python.parent.mkdir()
    assert gui_command(python) == [str(python), "-m", "curator.ui.app"]
    (tmp_path / "bin" / "curator-gui").write_text("#!/bin/sh\n")
    assert gui_command(python) == [str(tmp_path / "bin" / "curator-gui")]


def test_install_prints_every_file_and_uninstall_removes_exactly_those(data_home, capsys):
    neighbour = data_home / "applications" / "editor.desktop"
    neighbour.parent.mkdir(parents=True)
    neighbour.write_text("[Desktop Entry]\n")
    expected = [data_home / "applications" / "curator.desktop"] + [data_home / "icons" / "hicolor" / i for i in ICONS]

    assert main(["install-launcher"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed == ["Installed Curator's launcher for this user:"] + [f"  {path}" for path in expected]
    assert all(path.is_file() for path in expected)
    assert (data_home / "icons/hicolor/48x48/apps/curator.png").read_bytes() == \
        (ROOT / "resources/icons/curator-48.png").read_bytes()
    assert read_entry(expected[0])["Exec"] == exec_value(gui_command())

    assert main(["install-launcher", "--uninstall"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed == ["Removed Curator's launcher:"] + [f"  {path}" for path in expected]
    assert not any(path.exists() for path in expected)
    assert neighbour.read_text() == "[Desktop Entry]\n"

    assert main(["install-launcher", "--uninstall"]) == 0
    assert capsys.readouterr().out == "Curator's launcher is not installed; nothing to remove.\n"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="needs desktop-file-utils")
@pytest.mark.parametrize("command", [None, ["/home/ann/My Apps/100% $news/bin/curator-gui"]])
def test_the_installed_entry_passes_desktop_file_validate(data_home, command):
    install_launcher(command=command)
    result = subprocess.run(["desktop-file-validate", str(data_home / "applications" / "curator.desktop")],
                            capture_output=True, text=True)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_the_entry_names_the_window_the_app_opens(data_home, qapp):
    from curator.ui.app import APP_NAME, configure_application

    install_launcher()
    entry = read_entry(data_home / "applications" / "curator.desktop")
    configure_application(qapp)
    # Wayland matches the app's desktop file name; X11 matches WM_CLASS, whose class Qt takes from the app name.
    assert qapp.desktopFileName() + ".desktop" == "curator.desktop"
    assert entry["StartupWMClass"] == APP_NAME
    assert (entry["Name"], entry["Icon"], entry["Terminal"]) == ("Curator", "curator", "false")


def test_the_exec_line_starts_the_app(data_home, tmp_path):
    install_launcher()
    arguments = exec_arguments(read_entry(data_home / "applications" / "curator.desktop")["Exec"])
    if launcher.gui_script() is not None:
        assert arguments == [str(launcher.gui_script())]
    env = app_environment(tmp_path)
    env["CURATOR_DB"] = str(tmp_path / "library.db")
    with app_process(arguments, env, tmp_path / "app.out") as app:
        wait_for_log(env, f"Opened library {tmp_path / 'library.db'}", app, tmp_path / "app.out")
        app.terminate()
        app.wait(timeout=60)
    assert (tmp_path / "library.db").is_file()


def test_windows_and_macos_are_told_which_program_is_the_launcher(data_home, tmp_path, monkeypatch, capsys):
    scripts = tmp_path / "Scripts"
    scripts.mkdir()
    (scripts / "curator-gui.exe").write_bytes(b"MZ")
    monkeypatch.setattr(sys, "executable", str(scripts / "python.exe"))
    monkeypatch.setattr(sys, "platform", "win32")
    with pytest.raises(UnsupportedPlatform, match="Linux"):
        install_launcher()
    assert main(["install-launcher"]) == 0
    assert str(scripts / "curator-gui.exe") in capsys.readouterr().out
    assert not data_home.exists()


def test_the_desktop_entry_ships_in_the_package():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^"curator\.resources" = "resources"$', pyproject, re.MULTILINE)
    listed = re.search(r'^"curator\.resources" = \[(.*?)\]$', pyproject, re.MULTILINE).group(1)
    assert any(fnmatch.fnmatch("curator.desktop", pattern) for pattern in re.findall(r'"([^"]+)"', listed))
