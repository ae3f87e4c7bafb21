"""Words and folding: the one place that says when two spellings are the same word.

- ``fold_word`` / ``word_ids``: case, width and compatibility forms folded (NFKC + casefold),
  words as stable 64-bit ids for the duplicate engine's shingles;
- ``fold_case``: lower case character for character, so offsets into the text stay valid;
- ``ascii_fold``: accents dropped ("São Paulo" -> "Sao Paulo") for names;
- ``normalize_for_matching``: whole lines folded, quotes and dashes made ASCII, spaces single;
- ``search_words`` / ``search_hits``: the words of a search and where the full-text index finds them in a text.

>>> count_words("Lavrov met Kim in Minsk.")
5
>>> fold_word("ＬＡＶＲＯＶ") == fold_word("lavrov")
True
"""

from __future__ import annotations

import re
import unicodedata
import zlib

import numpy as np

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


_WORD = re.compile(r"\w+")


class _WordIds(dict):
    """A cache of stable 64-bit word hashes; news vocabularies are small enough to keep."""

    def __missing__(self, word: str) -> int:
        encoded = word.encode("utf-8", "surrogatepass")
        value = zlib.crc32(encoded) | (zlib.crc32(encoded, 0x5BD1E995) << 32)
        self[word] = value
        return value


_word_ids = _WordIds()


def fold_word(word: str) -> str:
    return word.casefold() if word.isascii() else unicodedata.normalize("NFKC", word).casefold()


def word_ids(text: str) -> np.ndarray:
    """The text's words as stable 64-bit ids (case, width and accents of form folded)."""
    if text.isascii():
        words = _WORD.findall(text.casefold())
    else:
        words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    return np.fromiter(map(_word_ids.__getitem__, words), dtype=np.uint64, count=len(words))


def count_words(text: str) -> int:
    """How many words ``text`` has, counted as the duplicate engine counts them."""
    return len(_WORD.findall(text))


def word_spans(text: str) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Word ids plus each word's (start, end) character offsets in ``text`` itself."""
    matches = list(_WORD.finditer(text))
    spans = [m.span() for m in matches]
    if text.isascii():  # folding keeps ASCII words aligned with the text: take the fast path
        return word_ids(text), spans
    ids = np.fromiter((_word_ids[fold_word(m.group())] for m in matches), dtype=np.uint64, count=len(matches))
    return ids, spans


def fold_case(text: str) -> str:
    """``text`` in lower case, character for character, so offsets stay valid ("İ" stays "İ")."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def ascii_fold(name: str) -> str:
    """``name`` without accents ("São Paulo" -> "Sao Paulo"); letters outside Latin stay as they are."""
    decomposed = unicodedata.normalize("NFKD", name)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def search_words(search: str) -> list[str]:
    """The words of what a user typed into the search box, split as the full-text index splits text.

    >>> search_words("Lavrov, “Minsk”!")
    ['Lavrov', 'Minsk']
    """
    return _WORD.findall(search)


def _fold_for_search(word: str) -> str:
    # What the index's tokenizer (unicode61, remove_diacritics 2) makes of a word: lower case, no accents.
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_hits(text: str, search: str) -> list[tuple[int, int]]:
    """Where the words of ``search`` occur in ``text``, as (start, end) offsets of whole words: each
    search word matches the words it begins, whatever their case or accents, as the search does.

    >>> text = "Lavrov met Kim in Minsk; Minskers cheered."
    >>> [text[start:end] for start, end in search_hits(text, "minsk LAVRÓV")]
    ['Lavrov', 'Minsk', 'Minskers']
    """
    prefixes = tuple({_fold_for_search(word) for word in search_words(search)})
    if not prefixes:
        return []
    return [match.span() for match in _WORD.finditer(text) if _fold_for_search(match.group()).startswith(prefixes)]
