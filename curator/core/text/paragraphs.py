"""Paragraphs: the one rule every engine uses to cut a text into paragraphs.

A paragraph ends at a blank line (a line break, optional spaces, another line break); its
surrounding whitespace is not part of it, and a paragraph of only whitespace is none.

>>> split_paragraphs("First one.\\n\\n  Second,\\nstill second.  \\n \\n\\n")
['First one.', 'Second,\\nstill second.']
>>> paragraph_spans("First one.\\n\\n  Second.")
[(0, 10), (14, 21)]
"""

from __future__ import annotations

import re

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_PARAGRAPH = re.compile(r"\S(?:.*\S)?", re.S)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets of each paragraph of ``text``, whitespace trimmed."""
    spans, start = [], 0
    for cut in [*PARAGRAPH_BREAK.finditer(text), None]:
        end = cut.start() if cut else len(text)
        found = _PARAGRAPH.search(text, start, end)
        if found:
            spans.append(found.span())
        if cut:
            start = cut.end()
    return spans


def split_paragraphs(text: str) -> list[str]:
    """The paragraphs of ``text``, in order, whitespace trimmed."""
    return [part.strip() for part in PARAGRAPH_BREAK.split(text) if part.strip()]
