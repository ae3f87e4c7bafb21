"""Render the icon PNGs and the README screenshots, offscreen.

    python docs/screenshots.py

Writes ``resources/icons/curator-<size>.png`` from ``resources/curator.svg``, then
``docs/welcome.png`` (an empty library), ``docs/main-window.png`` (the samples
loaded, the first article selected), ``docs/duplicates.png`` (the review page
comparing the samples), ``docs/merge-dialog.png`` (the merge dialog on them) and
``docs/entities.png`` (suggested and tagged mentions with the Entities panel) and
``docs/export-dialog.png``, ``docs/same-story.png`` (a rewrite suggested below the copies) and
``docs/story-page.png`` (the Stories page: three versions, the latest beside the earliest), all at 1280×800 except the dialogs, which are grabbed at their own size. Uses a temporary library
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
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from curator.core.dedupe import open_pairs, scan_duplicates  # noqa: E402
from curator.core.entities import accept_mentions, article_mentions  # noqa: E402
from curator.core.ingest import import_paths  # noqa: E402
from curator.core.library import PairKind  # noqa: E402
from curator.core.library.store import Library  # noqa: E402
from curator.core.stories import link_versions, scan_stories  # noqa: E402
from curator.ui.app import configure_application  # noqa: E402
from curator.ui.assets import ICON_SIZES, resources_folder  # noqa: E402
from curator.ui.main_window import MainWindow  # noqa: E402
from curator.ui.tasks import SynchronousTaskManager  # noqa: E402

DOCS = Path(__file__).resolve().parent
STORY_VERSIONS = {
    "hywind-reuters.txt": (
        "Title: Equinor starts up Hywind Tampen floating wind farm\nDate: 2022-11-14\nSource: Reuters\n\n"
        "Equinor has started production at Hywind "
        "Tampen, the world's largest floating wind farm, off the coast of Norway. The eleven turbines will supply "
        "power to the Snorre and Gullfaks oil and gas platforms in the North Sea, cutting emissions by 200,000 "
        "tonnes a year, the Norwegian company said on Monday.\n\nThe project cost about 7.4 billion crowns."),
    "hywind-offshore.txt": (
        "Title: Hywind Tampen floating wind farm begins supplying North Sea platforms\nDate: 2022-11-15\n"
        "Source: Offshore Energy\n\nNorway's Equinor said the "
        "Hywind Tampen project, eleven floating turbines in the North Sea, is now sending power to the Gullfaks "
        "and Snorre platforms.\n\nThe wind farm, the largest floating one anywhere, should cut carbon emissions "
        "from the fields by about 200,000 tonnes annually, covering some 35% of their electricity needs."),
    "hywind-tradewinds.txt": (
        "Title: Equinor's Hywind Tampen now powering Snorre and Gullfaks\nDate: 2022-11-17\nSource: TradeWinds\n\n"
        "Equinor has brought the Hywind Tampen floating wind farm into production off Norway, with its eleven "
        "turbines supplying the Snorre and Gullfaks platforms in the North Sea.\n\nThe company expects the "
        "project, the largest floating wind farm in the world, to cut emissions by 200,000 tonnes a year.\n\n"
        "Partners in the fields include Var Energi, Petoro and Wintershall Dea, which share the cost."),
}
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

        # Two outlets' rewrites of one story, suggested below the copies as the same story.
        for name, text in STORY_VERSIONS.items():
            (Path(scratch) / name).write_text(text, encoding="utf-8")
        import_paths(library, [Path(scratch) / name for name in STORY_VERSIONS])
        scan_duplicates(library)
        scan_stories(library)
        window.entities.dock.hide()
        window.show_view(window.duplicates_view)
        window.duplicates_view.refresh()
        window.duplicates_view.table.selectRow(1)
        QTest.qWait(300)  # the comparison follows the selection after a short pause
        grab(window, "same-story.png")

        # Every version linked, and the story's page with the latest beside the earliest.
        # (Each link settles the suggestions between versions the story then holds: asked again each time.)
        while related := [pair for pair in open_pairs(library) if pair["kind"] == PairKind.RELATED]:
            link_versions(library, related[0]["a"]["id"], related[0]["b"]["id"])
        window.show_view(window.stories_view)
        window.stories_view.select_versions([2])
        QTest.qWait(300)
        grab(window, "story-page.png")

        window.close()
        tasks.shutdown()
        library.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
