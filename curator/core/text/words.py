"""Words and folding: the one place that says when two spellings are the same word.

- ``fold_word`` / ``word_ids``: case, width and compatibility forms folded (NFKC + casefold),
  words as stable 64-bit ids for the duplicate engine's shingles; ``ascii_words_only``: when a
  text's words can be split from its bytes;
- ``fold_case``: lower case character for character, so offsets into the text stay valid;
- ``ascii_fold``: accents dropped ("São Paulo" -> "Sao Paulo") for names;
- ``normalize_for_matching``: whole lines folded, quotes and dashes made ASCII, spaces single;
- ``search_words`` / ``search_hits``: the words of a search and where the full-text index finds them in a text;
- ``without_joiners`` / ``NON_JOINER_LETTERS``: the zero-width non-joiner Persian, Urdu and Indic spellings
  write inside words, which word matching folds away;
- ``UNSPACED_RUN`` / ``has_unspaced_letters``: the scripts written without spaces between words.

>>> count_words("Lavrov met Kim in Minsk.")
5
>>> fold_word("ＬＡＶＲＯＶ") == fold_word("lavrov")
True
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from typing import TYPE_CHECKING

# NumPy is imported by the two functions that make arrays, when first called: every process that opens
# a library imports this module, and one that only reads the library (``curator articles``) never needs
# NumPy, a twentieth of a second to import.
if TYPE_CHECKING:
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
    folded = without_joiners(unicodedata.normalize("NFKC", text).casefold()).translate(_TO_ASCII)
    return " ".join(folded.split())


_WORD = re.compile(r"\w+")
# Zero-width non-joiner and joiner. Inside a word of a script that writes it (Persian "می\u200cخواهم", a
# Malayalam conjunct's half-form) the non-joiner is spelling, and ``clean_body`` keeps it there, but the
# same word is as often typed without it: word matching deletes both before it splits words, so the two
# spellings are one word (and never two words, as a break would make them).
_WITHOUT_JOINERS = {0x200C: None, 0x200D: None}
_JOINERS = frozenset("\u200c\u200d")
# The blocks of the scripts that write a non-joiner inside words: Arabic (Persian, Urdu, Kurdish) with its
# supplement, extension and presentation forms (less the byte order mark), the Indic scripts from
# Devanagari to Sinhala, and Myanmar.
_NON_JOINER_BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0x0900, 0x0DFF), (0x1000, 0x109F),
                      (0xFB50, 0xFDFF), (0xFE70, 0xFEFC))


def _character_class(blocks: tuple[tuple[int, int], ...], categories: tuple[str, ...]) -> str:
    """The characters of ``blocks`` whose Unicode category starts with one of ``categories``, as the
    ranges of a regular expression's character class (their digits and punctuation left out)."""
    ranges: list[list[int]] = []
    for first, last in blocks:
        for code in range(first, last + 1):
            if unicodedata.category(chr(code)).startswith(categories):
                if ranges and ranges[-1][1] == code - 1:
                    ranges[-1][1] = code
                else:
                    ranges.append([code, code])
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges)


# Their letters, and their letters with their combining marks (a virama before a non-joiner makes a half-form).
NON_JOINER_LETTERS = _character_class(_NON_JOINER_BLOCKS, ("L",))
NON_JOINER_LETTERS_AND_MARKS = _character_class(_NON_JOINER_BLOCKS, ("L", "M"))
_NON_JOINER_LETTER = re.compile(f"[{NON_JOINER_LETTERS}]")
# The vowel signs and viramas of the Indic scripts (Devanagari to Sinhala) and Myanmar: marks inside
# words, which are no word characters to Python or to the full-text index ("भारत" would be "भ" and "रत").
INDIC_MARKS = _character_class(((0x0900, 0x0DFF), (0x1000, 0x109F)), ("M",))
_INDIC_MARK = re.compile(f"[{INDIC_MARKS}]")
# A word typed into the search box: a word character, then word characters and those marks, so that
# such a word is looked for whole inside the texts ("भारत" is not found in "भी रतन").
_SEARCH_WORD = re.compile(f"\\w(?:\\w|[{INDIC_MARKS}])*")


def has_indic_marks(text: str | None) -> bool:
    """Whether ``text`` has a vowel sign or virama of an Indic script or Myanmar (a word of those scripts
    that ``\\w`` would split).

    >>> has_indic_marks("भारत"), has_indic_marks("Bharat"), has_indic_marks(None)
    (True, False, False)
    """
    return text is not None and not text.isascii() and _INDIC_MARK.search(text) is not None


def without_joiners(text: str) -> str:
    """``text`` without zero-width non-joiners and joiners: what word matching compares.

    >>> without_joiners("می\u200cخواهم") == "میخواهم"
    True
    """
    return text.translate(_WITHOUT_JOINERS) if "\u200c" in text or "\u200d" in text else text


def writes_non_joiners(word: str) -> bool:
    """Whether ``word`` has a letter of a script that writes a zero-width non-joiner inside words, so that
    the full-text index, which breaks words at one, may hold it in pieces.

    >>> writes_non_joiners("میخواهم"), writes_non_joiners("Minsk")
    (True, False)
    """
    return not word.isascii() and _NON_JOINER_LETTER.search(word) is not None


# Letters (and their marks) of the scripts written without spaces between words, where a run of
# letters is a clause rather than a word: Thai, Lao, Burmese, Khmer, kana (half-width too), CJK
# ideographs (with their extensions and compatibility forms).
_UNSPACED_LETTERS = ("\u0e01-\u0e3a\u0e40-\u0e4e\u0e81-\u0ecd\u1000-\u103f\u1780-\u17d3\u3041-\u30fa"
                     "\u30fc-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
                     "\U00020000-\U0003134f")
UNSPACED_RUN = re.compile(f"[{_UNSPACED_LETTERS}]+")
# Words where a text has such letters: each of them a word of its own, as a reader of those scripts
# counts them (their runs are whole clauses, which one edited character would make another word),
# and the rest runs of word characters as ever.
_WORD_OR_UNSPACED_LETTER = re.compile(f"[{_UNSPACED_LETTERS}]|(?:(?![{_UNSPACED_LETTERS}])\\w)+")
# The same words in a text that still has its joiners: a word goes on past one, as it does once they are deleted.
_JOINED_WORD = re.compile(r"\w+(?:[\u200c\u200d]+\w+)*")
_JOINED_WORD_OR_UNSPACED_LETTER = re.compile(
    f"[{_UNSPACED_LETTERS}]|(?:(?![{_UNSPACED_LETTERS}])\\w)+(?:[\u200c\u200d]+(?:(?![{_UNSPACED_LETTERS}])\\w)+)*")


def has_unspaced_letters(text: str | None) -> bool:
    """Whether ``text`` has a letter of a script written without spaces between words.

    >>> has_unspaced_letters("Equinor’s “Hywind”"), has_unspaced_letters("挪威 Equinor")
    (False, True)
    """
    return text is not None and not text.isascii() and UNSPACED_RUN.search(text) is not None


def _words_in(text: str) -> re.Pattern[str]:
    """The pattern of ``text``'s words: a letter of a script without spaces is one on its own.

    >>> _words_in("北京会见 Biden").findall("北京会见 Biden")
    ['北', '京', '会', '见', 'Biden']
    """
    if not text.isascii() and ("\u200c" in text or "\u200d" in text):
        return _JOINED_WORD_OR_UNSPACED_LETTER if has_unspaced_letters(text) else _JOINED_WORD
    return _WORD_OR_UNSPACED_LETTER if has_unspaced_letters(text) else _WORD


def _stable_id(encoded: bytes) -> int:
    return zlib.crc32(encoded) | (zlib.crc32(encoded, 0x5BD1E995) << 32)


class _WordIds(dict):
    """A cache of stable 64-bit word hashes; news vocabularies are small enough to keep."""

    def __missing__(self, word: str) -> int:
        value = self[word] = _stable_id(word.encode("utf-8", "surrogatepass"))
        return value


class _EncodedWordIds(dict):
    """The same ids, keyed by the word's UTF-8 bytes."""

    def __missing__(self, encoded: bytes) -> int:
        value = self[encoded] = _stable_id(encoded)
        return value


class _Separators(dict):
    """Whether a non-ASCII character can only ever separate words: neither it nor its case fold is a
    word character, nor a joiner, which word matching deletes inside a word."""

    def __missing__(self, char: str) -> bool:
        value = self[char] = char not in _JOINERS and not any(map(_WORD.match, char + char.casefold()))
        return value


_word_ids = _WordIds()
_encoded_word_ids = _EncodedWordIds()
_separators = _Separators()
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# UTF-8 bytes mapped so that ``split()`` yields the words: ASCII letters lowered, digits and "_"
# kept, everything else a space, including every byte of a non-ASCII character.
_WORD_BYTES = bytes(
    byte + 32 if 65 <= byte <= 90 else byte if 48 <= byte <= 57 or 97 <= byte <= 122 or byte == 95 else 32
    for byte in range(256)
)


def fold_word(word: str) -> str:
    return word.casefold() if word.isascii() else without_joiners(unicodedata.normalize("NFKC", word).casefold())


def word_ids(text: str) -> np.ndarray:
    """The text's words as stable 64-bit ids (case, width and accents of form folded).

    >>> word_ids("It’s 5 o’clock — ÉTÉ") .tolist() == word_ids("it s 5 o clock été").tolist()
    True
    """
    import numpy as np

    if ascii_words_only(text):
        # The bytes split at once, many times faster than the pattern, same words.
        encoded = text.encode("utf-8", "surrogatepass").translate(_WORD_BYTES).split()
        return np.fromiter(map(_encoded_word_ids.__getitem__, encoded), dtype=np.uint64, count=len(encoded))
    folded = without_joiners(unicodedata.normalize("NFKC", text).casefold())
    words = _words_in(folded).findall(folded)
    return np.fromiter(map(_word_ids.__getitem__, words), dtype=np.uint64, count=len(words))


def ascii_words_only(text: str) -> bool:
    """Whether every word of ``text`` is ASCII, folded or not: the text is NFKC already, and each
    character beyond ASCII only ever separates words (quotes, dashes, currency signs), so its words
    can be split from its bytes.

    >>> ascii_words_only("“Equinor’s” €5m — done"), ascii_words_only("Zürich")
    (True, False)
    """
    return text.isascii() or (unicodedata.is_normalized("NFKC", text)
                              and all(map(_separators.__getitem__, set(_NON_ASCII.findall(text)))))


def count_words(text: str) -> int:
    """How many words ``text`` has, counted as the duplicate engine counts them."""
    return len(_words_in(text).findall(text))


def word_spans(text: str) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Word ids plus each word's (start, end) character offsets in ``text`` itself."""
    import numpy as np

    matches = list(_words_in(text).finditer(text))
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
    Zero-width joiners, which Persian, Urdu and Indic spellings write inside words, are left out, as
    word matching leaves them out: typed with them or without, a word is found in either spelling.

    >>> search_words("Lavrov, “Minsk”!")
    ['Lavrov', 'Minsk']
    >>> search_words("می\u200cخواهم") == ["میخواهم"], search_words("भारत सरकार")
    (True, ['भारत', 'सरकार'])
    """
    return _SEARCH_WORD.findall(without_joiners(search))


def index_words(word: str) -> list[str]:
    """The words the full-text index makes of ``word``: it breaks words at vowel signs and viramas.

    >>> index_words("भारत"), index_words("Minsk")
    (['भ', 'रत'], ['Minsk'])
    """
    return _WORD.findall(word)


def _fold_for_search(word: str) -> str:
    # What the index's tokenizer (unicode61, remove_diacritics 2) makes of a word: lower case, no accents.
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_hits(text: str, search: str) -> list[tuple[int, int]]:
    """Where the words of ``search`` occur in ``text``, as (start, end) offsets in order: each search
    word matches the whole words it begins, whatever their case or accents, as the search does; a word
    of a script written without spaces matches wherever it occurs.

    >>> text = "Lavrov met Kim in Minsk; Minskers cheered."
    >>> [text[start:end] for start, end in search_hits(text, "minsk LAVRÓV")]
    ['Lavrov', 'Minsk', 'Minskers']
    """
    words = search_words(search)
    prefixes = tuple({_fold_for_search(word) for word in words if not searched_inside_texts(word)})
    hits = [match.span() for match in _JOINED_WORD.finditer(text)
            if prefixes and _fold_for_search(without_joiners(match.group())).startswith(prefixes)]
    # The other words are found inside the text, as the search finds them, with or without joiners.
    for word in {word for word in words if searched_inside_texts(word)}:
        hits.extend(match.span() for match in re.finditer("[\u200c\u200d]*".join(map(re.escape, word)), text))
    return sorted(hits)


def searched_inside_texts(word: str) -> bool:
    """Whether a search looks for ``word`` inside the texts, not among the full-text index's words: the
    index keeps a run of letters of a script written without spaces as one word (a whole clause no one
    types), and breaks a word at a non-joiner, which one spelling of a Persian or Indic word writes and
    another leaves out.

    >>> searched_inside_texts("北京"), searched_inside_texts("میخواهم"), searched_inside_texts("Minsk")
    (True, True, False)
    """
    return has_unspaced_letters(word) or writes_non_joiners(word)
