"""Titles derived from an article's text when its file names none."""

from __future__ import annotations

import re

_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)\]]*(?=\s+\S)")
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr st sen rep gov gen lt col sgt capt prof jr sr inc co corp ltd vs
    u.s u.k u.n a.m p.m jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)


def first_sentence(paragraph: str) -> str:
    """The paragraph up to the end of its first sentence (skipping "Mr." and "U.S.")."""
    for match in _SENTENCE_BREAK.finditer(paragraph):
        before = paragraph[: match.start()]
        last_word = before.rsplit(None, 1)[-1].casefold() if before.strip() else ""
        if (len(last_word) == 1 and last_word.isalpha()) or last_word.lstrip("(\"'“‘") in _ABBREVIATIONS:
            continue
        following = paragraph[match.end() :].lstrip().lstrip("\"'“‘([")
        if following[:1].islower():
            continue
        return paragraph[: match.end()]
    return paragraph


def derive_title(body: str, limit: int = 100) -> str:
    """A title made from the first sentence, cut at a word boundary to ``limit`` chars.

    >>> derive_title("Russia said no. It said so again.")
    'Russia said no'
    """
    sentence = " ".join(first_sentence(body.strip().split("\n\n", 1)[0]).split())
    if len(sentence) <= limit:
        return sentence.rstrip(".").strip()
    boundary = sentence.rfind(" ", 0, limit)
    cut = sentence[:boundary] if boundary > 0 else sentence[: limit - 1]
    return cut.rstrip(" ,;:-–—") + "…"
