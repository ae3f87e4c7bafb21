"""The app's icon and style sheet, wherever Curator is running from.

Installed, they ship as the ``curator.resources`` package data; in a source
checkout they are the repository's ``resources/`` folder (see ``package_folder``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from curator.core.ingest import package_folder

ICON_SIZES = (16, 32, 48, 64, 128, 256)


def resources_folder() -> Path:
    return package_folder("curator.resources", "resources")


def app_icon() -> QIcon:
    """The Curator icon: the pre-rendered PNG sizes (crisp when small), plus the SVG for any other size."""
    folder = resources_folder()
    icon = QIcon()
    for size in ICON_SIZES:
        png = folder / "icons" / f"curator-{size}.png"
        if png.is_file():
            icon.addFile(str(png), QSize(size, size))
    svg = folder / "curator.svg"
    if svg.is_file():
        icon.addFile(str(svg))
    return icon


def style_sheet() -> str:
    """The app-wide Qt style sheet; colours come from the palette, so dark themes keep working."""
    path = resources_folder() / "curator.qss"
    return path.read_text(encoding="utf-8") if path.is_file() else ""
