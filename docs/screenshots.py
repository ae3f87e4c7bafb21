"""Render the icon PNGs and the README screenshots, offscreen.

    python docs/screenshots.py

Writes ``resources/icons/curator-<size>.png`` from ``resources/curator.svg``, then
``docs/welcome.png`` (an empty library), ``docs/main-window.png`` (the samples
loaded, the first article selected), ``docs/duplicates.png`` (the review page
comparing the samples), ``docs/merge-dialog.png`` (the merge dialog on them) and
``docs/entities.png`` (suggested and tagged mentions with the Entities panel) and
``docs/export-dialog.png``, all at 1280×800 except the dialogs, which are grabbed at their own size. Uses a temporary library
and temporary settings, so it never touches the user's.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QSize, Qt  # noqa: E402
from PySide6.QtGui import QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from curator.core.entities import accept_mentions, article_mentions  # noqa: E402
from curator.core.library.store import Library  # noqa: E402
from curator.ui.app import configure_application  # noqa: E402
from curator.ui.assets import ICON_SIZES, resources_folder  # noqa: E402
from curator.ui.main_window import MainWindow  # noqa: E402
from curator.ui.tasks import SynchronousTaskManager  # noqa: E402

DOCS = Path(__file__).resolve().parent
WINDOW_SIZE = QSize(1280, 800)


def render_icons() -> None:
    folder = resources_folder()
    renderer = QSvgRenderer(str(folder / "curator.svg"))
    (folder / "icons").mkdir(exist_ok=True)
    for size in ICON_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        image.save(str(folder / "icons" / f"curator-{size}.png"))


def grab(widget: QWidget, name: str) -> None:
    QApplication.processEvents()
    path = DOCS / name
    widget.grab().save(str(path))
    print(f"wrote {path}")


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory(prefix="curator-") as scratch:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, scratch)
        render_icons()
        configure_application(app)  # after rendering, so the window uses the fresh icon

        library_path = Path(scratch) / "library.db"
        library = Library.open(library_path)
        tasks = SynchronousTaskManager(library_path)
        window = MainWindow(library, tasks)
        window.resize(WINDOW_SIZE)
        window.show()
        grab(window, "welcome.png")

        window.load_samples()  # opens the samples' pair; the library first
        window.show_view(window.library_view)
        window.library_view.select_row(0)
        grab(window, "main-window.png")

        window.show_view(window.duplicates_view)
        grab(window, "duplicates.png")
        dialog = window.merge_current()
        grab(dialog, "merge-dialog.png")
        dialog.reject()

        # Suggestions, two of them accepted, and the Entities panel beside the first article.
        window.entities.suggest_entities()
        pending = [m["id"] for m in article_mentions(library, 1) if m["text"] in ("Sergei Lavrov", "Pyongyang")]
        accept_mentions(library, pending)
        window.show_view(window.library_view)
        window.entities.dock.show()
        window.entities.browser.refresh()
        window.library_view.refresh()
        window.library_view.select_row(0)
        grab(window, "entities.png")
        dialog = window.export()
        grab(dialog, "export-dialog.png")
        dialog.reject()

        window.close()
        tasks.shutdown()
        library.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
