"""Start the desktop app: ``curator-gui [--db PATH]``, or ``run(path)`` from the CLI."""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from curator.core.store import Library, LibraryError, default_library_path
from curator.ui.assets import app_icon, style_sheet
from curator.ui.main_window import MainWindow
from curator.ui.tasks import TaskManager

APP_NAME = "Curator"


def configure_application(app: QApplication) -> None:
    """Names (which also locate QSettings), icon and style sheet; shared by the app and the screenshot script."""
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("curator")  # lets Wayland docks match the window to curator.desktop
    app.setWindowIcon(app_icon())
    app.setStyleSheet(style_sheet())


def run(library_path: Path) -> int:
    """Open the library at ``library_path`` in the main window; return the exit code."""
    app = QApplication.instance() or QApplication(sys.argv)
    configure_application(app)
    try:
        library = Library.open(library_path)
    except (LibraryError, OSError) as error:
        QMessageBox.critical(None, "Curator", f"The library could not be opened.\n\n{error}")
        return 1
    sys.excepthook = _report_unexpected_error
    tasks = TaskManager(library.path or library_path)
    window = MainWindow(library, tasks)
    window.show()
    try:
        return app.exec()
    finally:
        tasks.shutdown()
        library.close()


def _report_unexpected_error(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
    """Show a bug as a dialog instead of letting it vanish into a console the user never sees."""
    details = "".join(traceback.format_exception(kind, error, trace))
    sys.stderr.write(details)
    box = QMessageBox(QMessageBox.Icon.Critical, "Curator", "Something went wrong in Curator.")
    box.setInformativeText(str(error) or kind.__name__)
    box.setDetailedText(details)
    box.exec()


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``curator-gui`` script."""
    parser = argparse.ArgumentParser(prog="curator-gui", description="Open Curator on a library.")
    parser.add_argument("--db", type=Path, metavar="PATH", help="the library file (default: %(default)s)",
                        default=default_library_path())
    # Unknown arguments (-style, -platform, ...) are left for Qt, which reads sys.argv itself.
    args = parser.parse_known_args(argv)[0]
    return run(args.db)


if __name__ == "__main__":
    raise SystemExit(main())
