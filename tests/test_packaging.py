"""The package list in pyproject.toml must name every package, or `pip install .` ships a broken app."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def listed_packages() -> set[str]:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = re.search(r"^packages = \[(.*?)\]", text, re.MULTILINE | re.DOTALL).group(1)
    return set(re.findall(r'"([\w.]+)"', block))


def test_every_python_package_is_listed_for_installation():
    packages = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "curator").rglob("__init__.py")}
    assert packages - listed_packages() == set()


def test_shipped_data_folders_are_listed():
    assert {"curator.seeds", "curator.resources", "curator.resources.icons"} <= listed_packages()
