"""Folding text for comparison."""

from __future__ import annotations

import unicodedata

_TO_ASCII = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′`´", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
    }
)


def normalize_for_matching(text: str) -> str:
    """Text folded for comparison: NFKC, casefolded, ASCII quotes and dashes, single spaces.

    >>> normalize_for_matching("“Lose  IT” — now")
    '"lose it" - now'
    """
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_TO_ASCII)
    return " ".join(folded.split())
