"""The installed commands start through ``curator.launch``, which loads nothing until called: worker
processes re-run the command's script, and must not load the whole command line or Qt with it."""

import subprocess
import sys
from importlib.metadata import entry_points

from curator import launch


def test_the_commands_start_through_the_launch_module():
    scripts = {point.name: point.value for point in entry_points(group="console_scripts")}
    gui_scripts = {point.name: point.value for point in entry_points(group="gui_scripts")}
    assert scripts["curator"] == "curator.launch:cli"
    assert gui_scripts["curator-gui"] == "curator.launch:app"
    assert callable(launch.cli) and callable(launch.app)


def test_importing_the_launch_module_loads_neither_the_command_line_nor_qt():
    code = ("import sys, curator.launch; "
            "print(sorted(m for m in sys.modules if m.startswith(('curator.', 'PySide6'))))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "['curator.launch']"
