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


# A derived title is the whole first sentence; only a sentence longer than this is cut, at a word boundary.
TITLE_MAX_CHARS = 200


def derive_title(body: str, limit: int = TITLE_MAX_CHARS) -> str:
    """A title made from the first sentence, without its full stop.

    A sentence longer than ``limit`` characters is cut at the last word boundary
    before it, with no ellipsis: the stored title is text the article has, and views
    shorten it as they need.

    >>> derive_title("Russia said no. It said so again.")
    'Russia said no'
    >>> derive_title("Talks went on and on and on", limit=20)
    'Talks went on and on'
    """
    sentence = " ".join(first_sentence(body.strip().split("\n\n", 1)[0]).split())
    if len(sentence) <= limit:
        return sentence.rstrip(".").strip()
    boundary = sentence.rfind(" ", 0, limit + 1)
    cut = sentence[:boundary] if boundary > 0 else sentence[:limit]
    return cut.rstrip(" ,;:-–—")


# Wire services' slugs: a label glued to the headline by a hyphen ("FACTBOX-", "UPDATE 2-",
# "RPT-UPDATE 1-"), or, for the slugs that name a kind of story, before a colon and a capital
# ("Factbox: ", "EXCLUSIVE: "); "Poll: Most voters ..." keeps its first word.
_KIND_SLUGS = ("FACTBOX|FACTBOXES|EXCLUSIVE|ANALYSIS|WRAPUP|INSTANT VIEW|INSTANT VIEWS|BREAKINGVIEWS|TIMELINE"
               "|EXPLAINER|INSIGHT|SPECIAL REPORT|QUOTEBOX|SCENARIOS|FACTCHECK|FACT CHECK|NEWSMAKER")
_SLUGS = (_KIND_SLUGS + "|UPDATE|RPT|REFILE|CORRECTED|CORRECTION|COLUMN|PREVIEW|POLL|FOCUS|GRAPHIC|GRAPHICS"
          "|BRIEF|BUZZ|FEATURE|INTERVIEW|WIDER IMAGE|DIARY")
_LABEL = re.compile(
    rf"(?P<label>(?:(?:{_SLUGS})(?: \d{{1,2}})?-)+|(?i:{_KIND_SLUGS}):(?=[ ]*[\"'“‘]?[A-Z0-9]))[ ]*(?=\S)"
)


def split_label(headline: str) -> tuple[str | None, str]:
    """Take a wire slug off a headline: ``(label, title)``; the label without its hyphen or colon.

    Only known slugs count: "EIG-Led Consortium" and "KKR-backed" are names, "BREXIT -"
    is the headline's own word.

    >>> split_label("FACTBOX-Key facts about the pipeline")
    ('FACTBOX', 'Key facts about the pipeline')
    >>> split_label("RPT-UPDATE 2-Oil rises")
    ('RPT-UPDATE 2', 'Oil rises')
    >>> split_label("EIG-Led Consortium Closes Deal")
    (None, 'EIG-Led Consortium Closes Deal')
    """
    match = _LABEL.match(headline)
    if match is None:
        return None, headline
    return match["label"].rstrip("-:"), headline[match.end() :]
