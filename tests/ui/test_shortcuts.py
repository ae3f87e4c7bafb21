"""Every key of the main window does one thing: no key bound twice where both could fire."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QMenu,
    QMenuBar,
    QToolBar,
    QToolButton,
    QWidget,
)

from curator.core.curation import merge_articles, suggest_plan
from curator.core.ingest import import_paths, sample_paths
from curator.core.library import undo
from curator.ui.window_history import redo_keys

WINDOW_WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)
# Widgets that show an action without giving its key a place where it works.
SHOWN_IN = (QMenu, QMenuBar, QToolBar, QToolButton)


def scopes(action: QAction, window: QWidget) -> list[QWidget]:
    """The widgets inside which ``action``'s keys work."""
    if action.shortcutContext() in WINDOW_WIDE:
        return [window]
    return [widget for widget in action.associatedObjects()
            if isinstance(widget, QWidget) and not isinstance(widget, SHOWN_IN)]


def overlap(a: QWidget, b: QWidget) -> bool:
    return a is b or a.isAncestorOf(b) or b.isAncestorOf(a)


def ambiguous_keys(window: QWidget) -> list[str]:
    """Keys two actions answer to in one place, and keys one action lists twice."""
    found = []
    bound: dict[str, list[tuple[QAction, list[QWidget]]]] = {}
    for action in window.findChildren(QAction):
        keys = [key.toString() for key in action.shortcuts() if not key.isEmpty()]
        found += [f"{key} twice on {action.text()}" for key in set(keys) if keys.count(key) > 1]
        for key in set(keys):
            for other, other_scopes in bound.get(key, []):
                if any(overlap(a, b) for a in scopes(action, window) for b in other_scopes):
                    found.append(f"{key} on {action.text()} and {other.text()}")
            bound.setdefault(key, []).append((action, scopes(action, window)))
    return found


def test_no_key_of_the_main_window_is_bound_twice(window):
    assert ambiguous_keys(window) == []


def test_the_check_catches_a_key_bound_twice(window):
    extra = QAction("Another Redo", window)
    extra.setShortcut(QKeySequence("Ctrl+Shift+Z"))
    window.addAction(extra)
    assert ambiguous_keys(window) == ["Ctrl+Shift+Z on Another Redo and Redo"]
    doubled = QAction("Doubled", window)
    doubled.setShortcuts([QKeySequence("Ctrl+Alt+D"), QKeySequence("Ctrl+Alt+D")])
    assert "Ctrl+Alt+D twice on Doubled" in ambiguous_keys(window)


@pytest.mark.parametrize("platform_keys", [
    ["Ctrl+Shift+Z"],  # X11 desktops (GNOME, KDE): listing it again made it ambiguous
    ["Ctrl+Y", "Ctrl+Shift+Z"],  # Windows
    [],
])
def test_redo_answers_to_ctrl_shift_z_and_ctrl_y_once_each_whatever_the_platform_lists(monkeypatch, platform_keys):
    monkeypatch.setattr(QKeySequence, "keyBindings", lambda _key: [QKeySequence(key) for key in platform_keys])
    keys = [key.toString() for key in redo_keys()]
    assert sorted(keys) == ["Ctrl+Shift+Z", "Ctrl+Y"]


def test_ctrl_shift_z_redoes_and_ctrl_z_undoes_in_the_window(qtbot, make_window, sync_tasks, library):
    import_paths(library, sample_paths())
    merge_articles(library, suggest_plan(library, [1, 2]).plan)
    undo(library)
    window = make_window(sync_tasks)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.library_view.table.setFocus()
    qtbot.keyClick(window.library_view.table, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert library.article(2)["status"] == "merged"
    qtbot.keyClick(window.library_view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert library.article(2)["status"] == "active"
    qtbot.keyClick(window.library_view.table, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert library.article(2)["status"] == "merged"
