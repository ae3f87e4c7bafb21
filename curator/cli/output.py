"""Writing a command's many lines of output: a listing of hundreds of thousands of pairs."""

from __future__ import annotations

import sys
from collections.abc import Iterable

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
