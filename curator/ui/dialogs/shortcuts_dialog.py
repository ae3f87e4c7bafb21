"""Help → Keyboard Shortcuts (F1 or ?): every key the window answers to, read from its menus.

The sheet is built from the menu bar's actions, so it cannot drift from what the
keys really do; keys that act inside a view without a menu entry (tagging in the
reading pane, say) are passed in as extra sections.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenu,
    QMenuBar,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from curator.ui.screen_room import resize_for_screen

Section = tuple[str, list[tuple[str, str]]]  # title, [(keys, what they do)]
# The property holding the name the sheet gives an action whose text follows the window's state
# ("Undo Merge", "Undo Tagging"): the sheet says what the key does, whatever it would undo now.
SHEET_NAME = "shortcutSheetName"


def name_on_sheet(action: QAction, name: str) -> None:
    """List ``action`` on the sheet as ``name``, not by its text of the moment."""
    action.setProperty(SHEET_NAME, name)


def menu_shortcuts(menu_bar: QMenuBar) -> list[Section]:
    """One section per menu: each action with a key, as ("Ctrl+Z", "Undo Merge"); an action in two
    menus is listed in the first."""
    sections: list[Section] = []
    seen: set[QAction] = set()
    for top in menu_bar.actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        rows = _menu_rows(menu, seen)
        if rows:
            sections.append((_plain(top.text()), rows))
    return sections


def _menu_rows(menu: QMenu, seen: set[QAction]) -> list[tuple[str, str]]:
    rows = []
    for action in menu.actions():
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            rows += _menu_rows(submenu, seen)
            continue
        keys = _keys(action)
        if keys and not action.isSeparator() and action not in seen:
            seen.add(action)
            rows.append((keys, action.property(SHEET_NAME) or _plain(action.text().split("\t")[0])))
    return rows


# Keys of their own on some keyboards, which the platform's standard shortcuts include: listed, they read
# as words ("Ctrl+Shift+Z or Redo") rather than keys to press.
_DEDICATED_KEYS = frozenset(QKeySequence(key).toString(QKeySequence.SequenceFormat.PortableText) for key in (
    Qt.Key.Key_Undo, Qt.Key.Key_Redo, Qt.Key.Key_Copy, Qt.Key.Key_Cut, Qt.Key.Key_Paste, Qt.Key.Key_Find,
    Qt.Key.Key_Open, Qt.Key.Key_Save, Qt.Key.Key_New, Qt.Key.Key_Close, Qt.Key.Key_Refresh, Qt.Key.Key_Back,
    Qt.Key.Key_Forward))


def _keys(action: QAction) -> str:
    """The action's shortcuts, or the key shown after a tab in its text (keys handled by a view)."""
    shortcuts = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()
                 if not s.isEmpty() and s.toString(QKeySequence.SequenceFormat.PortableText) not in _DEDICATED_KEYS]
    if shortcuts:
        return " or ".join(dict.fromkeys(shortcuts))
    _, _, shown = action.text().partition("\t")
    return shown.strip()


def _plain(text: str) -> str:
    """Menu text without its mnemonic ampersand or trailing ellipsis."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def sheet_html(sections: list[Section]) -> str:
    parts = []
    for title, rows in sections:
        parts.append(f"<h3 style='margin-top:14px; margin-bottom:4px'>{html.escape(title)}</h3>"
                     "<table cellspacing='0' cellpadding='3' width='100%'>")
        for keys, meaning in rows:
            parts.append(f"<tr><td width='34%'><b>{html.escape(keys)}</b></td><td>{html.escape(meaning)}</td></tr>")
        parts.append("</table>")
    return "".join(parts)


class ShortcutSheet(QDialog):
    """A scrollable, searchable-by-eye list of keys, grouped like the menus."""

    def __init__(self, sections: list[Section], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("shortcutSheet")
        self.setWindowTitle("Keyboard Shortcuts")
        self.sections = sections
        self.text = QTextBrowser()
        self.text.setObjectName("shortcutText")
        self.text.setOpenLinks(False)
        self.text.setHtml(sheet_html(sections))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        resize_for_screen(self, QSize(520, 640))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
