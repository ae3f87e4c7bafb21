"""Writing a command's output: many lines at once (a listing of hundreds of thousands of pairs), and
text shown on a terminal without letting it obey what the text holds."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any, TextIO

# Lines written at once: ``print`` line by line took a fifth of listing 300,000 pairs.
LINES_AT_ONCE = 1000


def print_lines(lines: Iterable[str]) -> None:
    """Each of ``lines`` on a line of its own on standard output, as they come, a block at a time."""
    block: list[str] = []
    for line in lines:
        block.append(line)
        if len(block) == LINES_AT_ONCE:
            sys.stdout.write("\n".join(block) + "\n")
            block.clear()
    if block:
        sys.stdout.write("\n".join(block) + "\n")


def counted(count: int, thing: str) -> str:
    """``count`` things in words: "1 article", "2 articles"."""
    return f"{count:,} {thing}{'' if count == 1 else 's'}"


# Control characters but tab and newline, each written as an escape a person reads ("\\x1b").
_SHOWN_CONTROLS = {code: f"\\x{code:02x}" for code in (*range(0x00, 0x09), *range(0x0b, 0x20), *range(0x7f, 0xa0))}


class TerminalText:
    """A terminal's standard output that shows control characters as escapes instead of obeying them:
    a title holding ESC sequences (stored before imports dropped them, or typed in an edit) would
    otherwise recolour the terminal, set its title or clear it. Output to a file or a pipe is left
    exact; this stands only between the command line and a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(text.translate(_SHOWN_CONTROLS))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
