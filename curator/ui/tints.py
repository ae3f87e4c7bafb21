"""The colours that mark text only one side has (comparison), that a merge adds (merge dialog), or that a
search found (reading pane).

Pastel tints with dark text on a light page; deep tints with light text on a dark
one, so the marked text never glares out of a dark theme.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QPalette


@dataclass(frozen=True)
class Tints:
    only_a: str  # background of text only the first article has
    only_b: str  # background of text only the second has (and of text a merge adds)
    text: str  # text on either tint
    added_text: str  # text a merge adds, on ``only_b``
    added_label: str  # the note naming where added text came from
    search: str  # background of the words a search found, in the reading pane


LIGHT = Tints(only_a="#fbe3e1", only_b="#dcf3e0", text="#1f1f1f", added_text="#1c3a24", added_label="#2f7a45",
              search="#ffe27a")
DARK = Tints(only_a="#5a3230", only_b="#2b4a33", text="#f0f0f0", added_text="#dcf3e0", added_label="#8fd19e",
             search="#7a6410")


def tints_for(palette: QPalette) -> Tints:
    """The tints that suit the palette's page colour."""
    return DARK if palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5 else LIGHT
