"""Start the desktop app: ``curator-gui [--db PATH]``, or ``run(path)`` from the CLI.

One window per library. The app holds a lock file beside each library it has open (``library.db.lock``)
and listens on a local socket; a second start on the same library asks that window to come forward and
exits, and opening the library again from the File menu does the same (where no lock file can be made, on
read-only storage, a window answering on the socket holds the library). Only the app takes the lock: the
command line (``curator import`` and the rest) keeps working on a library the app has open, since SQLite
serialises the writes.

The app logs to a rotating file in the user's log folder (``CURATOR_LOG_DIR`` overrides it), where
unexpected errors and hard crashes leave their traceback.
"""

from __future__ import annotations

import argparse
import faulthandler
import functools
import gc
import hashlib
import logging
import os
import platform
import sys
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

import shiboken6
from PySide6.QtCore import QLockFile, QObject, Qt, Signal, qVersion
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from curator import __version__
from curator.core.library import APP_NAME, Library, LibraryError, default_library_path
from curator.ui.assets import app_icon, style_sheet
from curator.ui.logfiles import LOG_FILE_NAME, log_folder
from curator.ui.main_window import MainWindow
from curator.ui.tasks import TaskManager
from curator.ui.theme import apply_saved_theme

LOG_FILE_BYTES, LOG_FILES_KEPT = 1_000_000, 3
# How long a second start waits for the first window to answer. Generous, because a first app that
# is still opening a large library only answers once its window is up.
ANSWER_TIMEOUT_SECONDS = 10.0
# How long a start without a lock file (read-only storage) waits to reach a window holding the library.
CONNECT_TIMEOUT_SECONDS = 0.5
ACTIVATE, ACTIVATED = b"activate", b"activated"

# Named, not __name__: run as ``python -m curator.ui.app`` this module is __main__, outside "curator".
log = logging.getLogger("curator.app")


def configure_application(app: QApplication) -> None:
    """Names (which also locate QSettings), icon and style sheet; shared by the app and the screenshot script."""
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("curator")  # lets Wayland docks match the window to curator.desktop
    app.setWindowIcon(app_icon())
    app.setStyleSheet(style_sheet())
    apply_saved_theme(app)  # the user's Light, Dark or Automatic
    # What is loaded by now (modules, Qt's wrappers) lives as long as the app: kept out of the
    # collector's full passes, which a scan's many objects set off on the worker thread and which
    # hold the interpreter, and so the window, for their length (halved at 20k articles).
    gc.freeze()


def run(library_path: Path) -> int:
    """Open the library at ``library_path`` in a window, or bring forward the window that already has it
    open; return the exit code. Libraries opened from a window's File menu get windows of their own."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    configure_application(app)
    with logging_to_file() as log_file:
        log.info("Curator %s starting (Python %s, Qt %s)", __version__, platform.python_version(), qVersion())
        previous_hook = sys.excepthook
        sys.excepthook = functools.partial(_report_unexpected_error, log_file)
        libraries = OpenLibraries()
        try:
            library_path = Path(library_path).expanduser()
            opened = libraries.open(library_path)
            if opened is Opened.WINDOW:
                status = app.exec()
            elif opened is Opened.ALREADY_OPEN:
                print(f"Curator is already open on {library_path}", file=sys.stderr)
                status = 0
            else:
                status = 1
        finally:
            libraries.close_all()
            sys.excepthook = previous_hook
        log.info("Curator stopped (exit status %d)", status)
        return status


class Opened(Enum):
    """What became of a request to open a library."""

    WINDOW = "opened in a new window"
    ALREADY_OPEN = "already open in a window, here or in another app, which was asked to come forward"
    FAILED = "not opened; a message box said why"


class OpenLibraries(QObject):
    """The libraries this app has open, each in a window of its own that holds its ``LibraryGuard``.

    Opening a library already open, in this app or another, brings that window forward instead.
    A library is closed, and its lock released, when its window is.
    """

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._windows: dict[Path, MainWindow] = {}

    def open(self, library_path: Path) -> Opened:
        key = library_path.resolve()
        if key in self._windows:
            _bring_forward(self._windows[key], "")
            return Opened.ALREADY_OPEN
        guard = LibraryGuard(library_path)
        if not guard.claim():
            return Opened.ALREADY_OPEN if _ask_holder_to_come_forward(guard, library_path) else Opened.FAILED
        try:
            library = Library.open(library_path)
        except (LibraryError, OSError) as error:
            guard.release()
            log.error("The library %s could not be opened: %s", library_path, error)
            QMessageBox.critical(None, "Curator", f"The library could not be opened.\n\n{error}")
            return Opened.FAILED
        log.info("Opened library %s", library.path)
        tasks = TaskManager(library.path or library_path)
        window = MainWindow(library, tasks)
        # Deleted as soon as it closes, so the library and its lock are released with it.
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(functools.partial(self._release, key, guard, tasks, library))
        window.open_library_requested.connect(self.open)
        guard.activation_requested.connect(functools.partial(_bring_forward, window))
        self._windows[key] = window
        window.show()
        window.watch.start()
        return Opened.WINDOW

    def close_all(self) -> None:
        """Close what is still open: after the event loop, no window may outlive its library."""
        for window in list(self._windows.values()):
            shiboken6.delete(window)

    def _release(self, key: Path, guard: LibraryGuard, tasks: TaskManager, library: Library, *_destroyed) -> None:
        self._windows.pop(key, None)
        tasks.shutdown()
        library.close()
        guard.release()
        log.info("Closed library %s", library.path)


def _ask_holder_to_come_forward(guard: LibraryGuard, library_path: Path) -> bool:
    """Another app holds the library: ask its window to come forward, or say why nothing opens."""
    if guard.ask_to_come_forward(os.environ.get("XDG_ACTIVATION_TOKEN", "")):
        log.info("Curator is already open on %s; its window was asked to come forward", library_path)
        return True
    log.warning("%s is locked by another Curator that does not answer (lock file %s)", library_path, guard.lock_path)
    QMessageBox.warning(
        None, "Curator",
        f"The library {library_path} is open in another Curator window, which is not answering.\n\n"
        f"Close that window and try again. If no other Curator is running on any computer, delete "
        f"{guard.lock_path} and try again.",
    )
    return False


def _bring_forward(window: QMainWindow, activation_token: str) -> None:
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    if activation_token:
        # Wayland lets a window take the focus only with the token the desktop gave the launch that
        # asked for it; Qt's xdg-shell plugin reads it from this variable while activating.
        os.environ["XDG_ACTIVATION_TOKEN"] = activation_token
    window.activateWindow()
    os.environ.pop("XDG_ACTIVATION_TOKEN", None)


class LibraryGuard(QObject):
    """Makes this process the one app with a library open: a ``QLockFile`` beside the library, and a
    local server through which a later start asks this window to come forward.

    A lock left by a crash is recognised by QLockFile (its process is gone) and taken over.
    """

    activation_requested = Signal(str)  # the asking launch's activation token, or ""

    def __init__(self, library_path: Path, parent: QObject | None = None):
        super().__init__(parent)
        real_path = library_path.resolve()
        self.lock_path = real_path.with_name(real_path.name + ".lock")
        self._lock = QLockFile(str(self.lock_path))
        # The default treats a lock older than 30 s as stale even if its process runs; a session is longer.
        self._lock.setStaleLockTime(0)
        # One name per user and library; the server's socket lives in the shared temporary folder.
        identity = f"{Path.home()}\0{real_path}".encode("utf-8", "surrogateescape")
        self.server_name = f"curator-{hashlib.sha256(identity).hexdigest()[:24]}"
        self._server: QLocalServer | None = None

    def claim(self) -> bool:
        """Take the lock and start answering; False if another app holds the library.

        Where no lock file can be written (read-only storage, a folder this user may not write), the local
        server alone keeps to one window per library: a window that answers on it holds the library. A
        library whose folder is missing is left for the opening to explain.
        """
        try:
            self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return True
        if self._lock.tryLock(0):
            QLocalServer.removeServer(self.server_name)  # a socket left by a crash; the lock says it is ours
            self._listen()
            return True
        if self._lock.error() == QLockFile.LockError.LockFailedError:
            return False
        if self._answered():
            return False
        log.info("No lock file can be written at %s; the window's local server alone holds the library",
                 self.lock_path)
        if not self._listen():  # a socket nobody answers on: left by a crash
            QLocalServer.removeServer(self.server_name)
            self._listen()
        return True

    def _listen(self) -> bool:
        """Answer later starts on this library's server name; False if the name is taken."""
        if self._server is None:
            self._server = QLocalServer(self)
            self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
            self._server.newConnection.connect(self._accept)
        if self._server.listen(self.server_name):
            return True
        log.warning("Later starts cannot reach this window: %s", self._server.errorString())
        return False

    def _answered(self) -> bool:
        """Whether another app answers on this library's server name (it has the library open)."""
        socket = QLocalSocket()
        socket.connectToServer(self.server_name)
        connected = socket.waitForConnected(int(CONNECT_TIMEOUT_SECONDS * 1000))
        socket.abort()
        return connected

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()

    def ask_to_come_forward(self, activation_token: str) -> bool:
        """Ask the app holding the library to bring its window forward; True once it confirms."""
        deadline = time.monotonic() + ANSWER_TIMEOUT_SECONDS

        def remaining_ms() -> int:
            return max(0, int((deadline - time.monotonic()) * 1000))

        socket = QLocalSocket()
        socket.connectToServer(self.server_name)
        # The holder may be between taking the lock and listening: try again until the deadline.
        while not socket.waitForConnected(remaining_ms()):
            if remaining_ms() == 0:
                return False
            time.sleep(0.1)
            socket.connectToServer(self.server_name)
        socket.write(ACTIVATE + b" " + activation_token.encode("ascii", "ignore") + b"\n")
        if not socket.waitForBytesWritten(remaining_ms()):
            return False
        while not socket.canReadLine():
            if not socket.waitForReadyRead(remaining_ms()):
                return False
        answered = _read_line(socket) == ACTIVATED
        socket.disconnectFromServer()
        return answered

    def _accept(self) -> None:
        server = self._server  # None once released: a closed guard answers nobody
        while server is not None and (socket := server.nextPendingConnection()) is not None:
            socket.disconnected.connect(socket.deleteLater)
            socket.readyRead.connect(functools.partial(self._answer, socket))
            self._answer(socket)  # the request may have arrived with the connection

    def _answer(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        command, _, token = _read_line(socket).partition(b" ")
        if command == ACTIVATE:
            log.info("Another start on this library asked the window to come forward")
            self.activation_requested.emit(token.decode("ascii", "ignore"))
            socket.write(ACTIVATED + b"\n")
            socket.flush()
        socket.disconnectFromServer()


def _read_line(socket: QLocalSocket) -> bytes:
    """The next line the socket received, without its line end."""
    return bytes(socket.readLine().data()).strip()


@contextmanager
def logging_to_file(folder: Path | None = None) -> Iterator[Path | None]:
    """For the duration: Curator's messages (info and up) and every library's warnings go to a rotating
    log file, and so does Python's dump of every thread's stack if the process crashes hard (a crash in
    Qt's C++ code, say). Yields the log file's path, or None if the folder cannot be written.
    """
    folder = folder or log_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(folder / LOG_FILE_NAME, maxBytes=LOG_FILE_BYTES, backupCount=LOG_FILES_KEPT,
                                      encoding="utf-8")
        # A descriptor of its own: the handler's is closed on rotation and its number could be reused
        # by the library file, which a crash dump must never be written into.
        crash_dump = open(folder / LOG_FILE_NAME, "a", encoding="utf-8")
    except OSError as error:
        print(f"Curator cannot write its log file in {folder}: {error}", file=sys.stderr)
        yield None
        return
    handler.setFormatter(logging.Formatter("%(asctime)s [%(process)d] %(levelname)s %(name)s: %(message)s"))
    ours = logging.getLogger("curator")
    previous_level, dumping_before = ours.level, faulthandler.is_enabled()
    logging.getLogger().addHandler(handler)
    ours.setLevel(logging.INFO)
    faulthandler.enable(crash_dump, all_threads=True)
    try:
        yield Path(handler.baseFilename)
    finally:
        faulthandler.disable()
        if dumping_before and sys.__stderr__ is not None:
            faulthandler.enable(sys.__stderr__, all_threads=True)
        crash_dump.close()
        ours.setLevel(previous_level)
        logging.getLogger().removeHandler(handler)
        handler.close()


def _report_unexpected_error(log_file: Path | None, kind: type[BaseException], error: BaseException,
                             trace: TracebackType | None) -> None:
    """Log a bug and show it as a dialog, instead of letting it vanish into a console the user never sees."""
    log.critical("Unexpected error", exc_info=(kind, error, trace))
    details = "".join(traceback.format_exception(kind, error, trace))
    sys.stderr.write(details)
    text = "Something went wrong in Curator."
    if log_file is not None:
        text += f"\n\nThe details are also in the log file:\n{log_file}"
        details += f"\nLog file: {log_file}\n"
    box = QMessageBox(QMessageBox.Icon.Critical, "Curator", text)
    box.setTextFormat(Qt.TextFormat.PlainText)
    # So the log file's path can be selected and copied into a bug report.
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                | Qt.TextInteractionFlag.TextSelectableByKeyboard)
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
