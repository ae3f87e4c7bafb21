"""Light or dark: the app follows the system's colour scheme, or the one the user chose.

The choice is the user's, not the library's, so it lives in QSettings. ``apply_theme``
first asks Qt for the scheme (``QStyleHints.setColorScheme``, Qt 6.8 and later, which also
darkens native menus and title bars). Where the platform cannot honour it (older Qt, a
desktop without a dark theme, the offscreen platform), the Fusion style with a palette of
the wanted scheme stands in. The style sheet takes its colours from the palette, and the
views that tint text choose its colour by the tint, so both schemes stay readable.

>>> apply_theme(app, Theme.DARK)
>>> apply_saved_theme(app)   # at start-up, after configure_application(app)
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

THEME_KEY = "appearance/theme"
FALLBACK_STYLE = "Fusion"  # draws with the palette on every platform


class Theme(Enum):
    AUTOMATIC = "automatic"
    LIGHT = "light"
    DARK = "dark"


def saved_theme() -> Theme:
    """The user's choice, Automatic until one is made."""
    try:
        return Theme(QSettings().value(THEME_KEY, Theme.AUTOMATIC.value))
    except ValueError:
        return Theme.AUTOMATIC


def save_theme(theme: Theme) -> None:
    QSettings().setValue(THEME_KEY, theme.value)


def apply_theme(app: QApplication, theme: Theme) -> None:
    """Show the app in ``theme``; Automatic keeps following the system when it changes."""
    follower = app.findChild(_ThemeFollower) or _ThemeFollower(app)
    follower.apply(theme)


def apply_saved_theme(app: QApplication) -> None:
    apply_theme(app, saved_theme())


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


_ROLE = QPalette.ColorRole
# Fusion's own colours in the light scheme, and a dark counterpart with the same contrasts.
LIGHT_COLOURS = {
    _ROLE.Window: "#efefef", _ROLE.WindowText: "#000000", _ROLE.Base: "#ffffff", _ROLE.AlternateBase: "#f7f7f7",
    _ROLE.ToolTipBase: "#ffffdc", _ROLE.ToolTipText: "#000000", _ROLE.PlaceholderText: "#808080",
    _ROLE.Text: "#000000", _ROLE.Button: "#efefef", _ROLE.ButtonText: "#000000", _ROLE.BrightText: "#ffffff",
    _ROLE.Light: "#ffffff", _ROLE.Midlight: "#cacaca", _ROLE.Mid: "#b8b8b8", _ROLE.Dark: "#9f9f9f",
    _ROLE.Shadow: "#767676", _ROLE.Highlight: "#308cc6", _ROLE.HighlightedText: "#ffffff", _ROLE.Link: "#0000ff",
    _ROLE.LinkVisited: "#ff00ff",
}
DARK_COLOURS = {
    _ROLE.Window: "#404040", _ROLE.WindowText: "#e6e6e6", _ROLE.Base: "#1c1c1c", _ROLE.AlternateBase: "#262626",
    _ROLE.ToolTipBase: "#3a3a3a", _ROLE.ToolTipText: "#e6e6e6", _ROLE.PlaceholderText: "#9a9a9a",
    _ROLE.Text: "#e6e6e6", _ROLE.Button: "#484848", _ROLE.ButtonText: "#e6e6e6", _ROLE.BrightText: "#ff6b6b",
    _ROLE.Light: "#4a4a4a", _ROLE.Midlight: "#3c3c3c", _ROLE.Mid: "#5a5a5a", _ROLE.Dark: "#1a1a1a",
    _ROLE.Shadow: "#0d0d0d", _ROLE.Highlight: "#3a6fc4", _ROLE.HighlightedText: "#ffffff", _ROLE.Link: "#78aef5",
    _ROLE.LinkVisited: "#b794e8",
}


def scheme_palette(dark: bool) -> QPalette:
    """The Fusion style's palette for one scheme, with disabled text dimmed."""
    palette = QPalette()
    for role, colour in (DARK_COLOURS if dark else LIGHT_COLOURS).items():
        palette.setColor(role, QColor(colour))
    disabled = QColor("#7d7d7d" if dark else "#a0a0a0")
    for role in (_ROLE.WindowText, _ROLE.Text, _ROLE.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


class _ThemeFollower(QObject):
    """Kept by the app (its child): the current choice, applied again whenever the system's scheme changes."""

    def __init__(self, app: QApplication):
        super().__init__(app)
        self._app = app
        self._native_style = app.style().name()
        self._applying = False
        self.theme = Theme.AUTOMATIC
        app.styleHints().colorSchemeChanged.connect(self._system_changed)

    def apply(self, theme: Theme, system: Qt.ColorScheme | None = None) -> None:
        if self._applying:  # asking Qt for a scheme can report a change while we are here
            return
        self._applying = True
        try:
            self.theme = theme
            hints = self._app.styleHints()
            if hasattr(hints, "setColorScheme"):  # Qt 6.8 and later
                if theme is Theme.AUTOMATIC:
                    hints.unsetColorScheme()
                else:
                    hints.setColorScheme(Qt.ColorScheme.Dark if theme is Theme.DARK else Qt.ColorScheme.Light)
            scheme = hints.colorScheme() if system is None else system
            dark = theme is Theme.DARK or (theme is Theme.AUTOMATIC and scheme == Qt.ColorScheme.Dark)
            # The platform's own look first; a palette of our own only where it is not the wanted one.
            self._set_style(self._native_style)
            self._app.setPalette(QPalette())
            if is_dark(self._app.palette()) != dark:
                self._set_style(FALLBACK_STYLE)
                self._app.setPalette(scheme_palette(dark))
            # The style sheet's palette() colours are read as it polishes each widget: set again, every
            # widget is polished in the new palette (a theme chosen while windows are open).
            self._app.setStyleSheet(self._app.styleSheet())
        finally:
            self._applying = False

    def _set_style(self, name: str) -> None:
        if self._app.style().name().casefold() != name.casefold():
            self._app.setStyle(name)

    def _system_changed(self, scheme: Qt.ColorScheme) -> None:
        self.apply(self.theme, scheme)
