"""Terms: the words a story keeps however it is retold, and how much each one says.

A term is a folded word of two letters or more that is not a function word. Its weight is
sublinear in its count (``1 + ln n``) times its inverse document frequency, so "the" says
nothing and "Equinor" says a lot. The IDF blends what the library has seen (document
frequencies kept current as articles arrive) with word frequencies shipped with ``wordfreq``
(English's, and the common words of the other languages it has), so two texts compared without a
library, or in a small one, are weighted sensibly too; the larger the library, the more its own
counts decide.

>>> sorted(term_counts("The wind farm's turbines: 11 turbines, one farm."))
['farm', 'turbines', 'wind']

Chinese, Japanese, Thai, Lao, Khmer and Burmese are written without spaces between words: a run
of their letters is a whole clause, which a retelling rarely repeats, so it is read as its
overlapping pairs of characters instead (a lone character stays a term), as search engines read
these scripts without a dictionary:

>>> sorted(term_counts("习近平会见拜登"))
['习近', '会见', '平会', '拜登', '见拜', '近平']
>>> weights = Weights.background()
>>> weights.idf("equinor") > weights.idf("today") > weights.idf("said")
True
"""

from __future__ import annotations

import gzip
import importlib.util
import math
import re
import string
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import Iterator

import msgpack

from curator.core.text import (
    INDIC_MARKS,
    UNSPACED_RUN,
    ascii_words_only,
    fold_word,
    has_unspaced_letters,
    without_joiners,
)

# A letter, then letters and the vowel signs and viramas of Indic words ("भारत", not "रत"), two or more.
_TERM = re.compile(f"[^\\W\\d_](?:[^\\W\\d_]|[{INDIC_MARKS}])+")
# Function words carry no story; wordfreq gives the rest of the common vocabulary a low IDF.
STOPWORDS = frozenset("""
a about after against all also an and any are as at be been before being but by can could did do does
for from had has have he her hers him his how i if in into is it its itself me more most my no not of on
one or our ours out over own said says she so than that the their theirs them then there these they this
those through to too under up us was we were what when where which while who whom why will with would
you your yours s t
st nd rd th ll re ve
""".split())
# ASCII letters lowered and every other byte a space, so the words of an ASCII text split from its bytes;
# those words that are no terms: function words and single letters.
_LETTER_BYTES = bytes(byte + 32 if 65 <= byte <= 90 else byte if 97 <= byte <= 122 else 32 for byte in range(256))
_NOT_ASCII_TERMS = STOPWORDS | frozenset(string.ascii_lowercase)
# wordfreq's Zipf scale: log10 of a word's frequency per billion words; unknown words count as 0.
_ZIPF_OF_UNSEEN = 0.0
_ZIPF_CEILING = 8.0
# Zipf is a base-10 log per billion words: scaled to natural logs like the library's IDF.
_ZIPF_TO_IDF = math.log(10) / 2
# From this many terms weighed at once, their background is found without the table of every word.
_LOOKED_UP_IN_BULK = 1000
# What wordfreq's lists begin with, in the format and version read here.
_CBPACK_HEADER = {"format": "cB", "version": 1}
# English's word frequencies are read whole; of each other language wordfreq has, its common words (a Zipf
# of COMMON_ZIPF and more: some thirty times in a million words). Without them a word of another language
# weighs as a word English never uses, its commonest ("les", "und", "ने", "и") as much as a rare name, and
# unrelated articles in that language share a story's weight. A word English does not list takes its
# highest frequency in the others; one English lists takes another language's only from FUNCTION_ZIPF,
# as often as that language's function words ("les", "und", "el": 7 and more), so a place or a person
# common in its own country's language ("Jakarta", "Paris", "Macron": 4.9-5.9) weighs in English text as
# English weighs it. (Reading the rarer words of the other languages too would take longer than the rest
# of weighing a library's vocabulary; a library's own counts weigh those soon enough.)
COMMON_ZIPF = 4.5
FUNCTION_ZIPF = 6.0
# Library counts outweigh the background once the library holds this many articles.
_LIBRARY_HALF_WEIGHT_AT = 1000


# ln(n) for the counts most terms have, looked up rather than computed.
_SUBLINEAR = [0.0] + [math.log(count) for count in range(1, 64)]


def term_counts(text: str) -> Counter[str]:
    """How often each term occurs in ``text``."""
    return read_terms(text)[0]


def read_terms(text: str) -> tuple[Counter[str], bool]:
    """How often each term occurs in ``text``, and whether it has letters of a script written without
    spaces (found on the way: a text of words in ASCII has none)."""
    unspaced = False
    if ascii_words_only(text):
        # Its words are runs of ASCII letters, folded by lowering them: split from the bytes at once.
        counts = Counter(text.encode("utf-8", "surrogatepass").translate(_LETTER_BYTES).decode("ascii").split())
        not_terms = _NOT_ASCII_TERMS
    else:
        # A word written with a non-joiner (Persian "می\u200cخواهم") is the same term as without it, not two.
        text = without_joiners(text)
        unspaced = has_unspaced_letters(text)
        if unspaced:
            text = unicodedata.normalize("NFKC", text)
            counts = Counter(map(fold_word, _TERM.findall(UNSPACED_RUN.sub(" ", text))))
            counts.update(_character_pairs(text))
        else:
            counts = Counter(map(fold_word, _TERM.findall(text)))
        not_terms = STOPWORDS
    # Counted first and taken out after: the terms keep the order they first occur in.
    for word in not_terms.intersection(counts):
        counts.pop(word)
    return counts, unspaced


def _character_pairs(text: str) -> list[str]:
    """The overlapping pairs of characters of each run of ``text`` in a script written without spaces,
    a run of one character as itself; a run of marks alone (a vowel sign on its own) has none."""
    return [run[i:i + 2] for run in UNSPACED_RUN.findall(text) if any(map(str.isalpha, run))
            for i in range(max(1, len(run) - 1))]


def word_count(text: str) -> int:
    """How many words ``text`` has: those between spaces, and each character of a script written
    without spaces (a word processor counts Chinese and Japanese so)."""
    if not has_unspaced_letters(text):
        return len(text.split())
    # Between the runs, the marks that end their clauses ("，", "。") are no words.
    spaced = [token for token in UNSPACED_RUN.sub(" ", text).split() if any(map(str.isalnum, token))]
    return len(spaced) + sum(map(len, UNSPACED_RUN.findall(text)))


def _backgrounds(terms: list[str]) -> list[float]:
    """Each term's IDF from the word frequencies of English and the other languages (see
    :data:`COMMON_ZIPF`): 0 for the commonest words, highest for words never seen."""
    if not terms:
        return []
    position = {term: at for at, term in enumerate(terms)} if len(terms) >= _LOOKED_UP_IN_BULK else {}
    if len(position) < len(terms) or _background_zipf.cache_info().currsize:
        table = _background_zipf()
        return [_background(table.get(term, _ZIPF_OF_UNSEEN)) for term in terms]
    # A vocabulary: each bucket's words are looked for among its terms, without the table of every
    # word, whose making takes longer than the rest of weighing the vocabulary.
    backgrounds = [_background(_ZIPF_OF_UNSEEN)] * len(terms)
    for zipf, bucket in _zipf_buckets():
        background = _background(zipf)
        for term in filter(position.__contains__, bucket):
            backgrounds[position[term]] = background
    return backgrounds


def _background(zipf: float) -> float:
    return max(0.0, _ZIPF_CEILING - zipf) * _ZIPF_TO_IDF


def _zipf_buckets() -> list[tuple[float, list[str]]]:
    """wordfreq's buckets of words with their Zipf: all of English's and the common ones of the other
    languages (see :data:`COMMON_ZIPF`), the least frequent first, so a word given the Zipf of each
    bucket it is in, in this order, ends with its highest."""
    buckets = list(_language_buckets("en"))
    english = set().union(*(bucket for _, bucket in buckets))
    for language in _other_languages():
        for zipf, bucket in _language_buckets(language, down_to_zipf=COMMON_ZIPF):
            buckets.append((zipf, bucket if zipf >= FUNCTION_ZIPF else [word for word in bucket if word not in english]))
    buckets.sort(key=lambda zipf_bucket: zipf_bucket[0])
    return buckets


def _language_buckets(language: str, down_to_zipf: float | None = None) -> Iterator[tuple[float, list[str]]]:
    """``language``'s buckets of words with their Zipf, the most frequent first (down to ``down_to_zipf``)."""
    least_centibels = None if down_to_zipf is None else round((9 - down_to_zipf) * 100)
    for centibels_below, bucket in enumerate(frequency_list(language, least_centibels)):
        # The n-th bucket's words are n centibels below a frequency of 1: a Zipf of 9 - n / 100.
        if bucket:
            yield 9 - centibels_below / 100, bucket


@lru_cache(maxsize=1)
def _background_zipf() -> dict[str, float]:
    """Word frequencies on the Zipf scale (read once; several hundred thousand words)."""
    # A bucket of words shares one frequency: its words are given it in bulk.
    zipf: dict[str, float] = {}
    for value, bucket in _zipf_buckets():
        zipf.update(dict.fromkeys(bucket, value))
    return zipf


def _wordfreq_data() -> Path | None:
    """The folder of wordfreq's data files, where it is found."""
    spec = importlib.util.find_spec("wordfreq")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        if Path(folder, "data", "large_en.msgpack.gz").is_file():
            return Path(folder, "data")
    return None


def _other_languages() -> list[str]:
    """The languages other than English whose (small) word lists wordfreq has."""
    data = _wordfreq_data()
    if data is not None:
        languages = [path.name.removeprefix("small_").removesuffix(".msgpack.gz")
                     for path in data.glob("small_*.msgpack.gz")]
    else:
        from wordfreq import available_languages

        languages = list(available_languages("small"))
    return sorted(language for language in languages if language != "en")


def frequency_list(language: str, least_centibels: int | None = None) -> list[list[str]]:
    """wordfreq's list of ``language`` (its large list for English, its small one for the others): words
    in buckets of one frequency, the n-th bucket n centibels below 1 (``wordfreq.get_frequency_list``),
    down to the bucket ``least_centibels`` if given. Read from wordfreq's data file where it is found:
    importing wordfreq compiles its tokenizer and loads its language tables, which the story scan does
    not use and which take longer than reading the list; and a file read in small pieces is read only
    as far as the buckets asked for."""
    size = "large" if language == "en" else "small"
    data = _wordfreq_data()
    path = data / f"{size}_{language}.msgpack.gz" if data else None
    if path is not None and path.is_file():
        with gzip.open(path) as packed:
            unpacker = msgpack.Unpacker(packed, raw=False, strict_map_key=False, read_size=16_384)
            count = unpacker.read_array_header()
            if unpacker.unpack() == _CBPACK_HEADER:
                wanted = count - 1 if least_centibels is None else min(count - 1, least_centibels + 1)
                return [unpacker.unpack() for _ in range(wanted)]
    from wordfreq import get_frequency_list

    return get_frequency_list(language, wordlist=size)[:None if least_centibels is None else least_centibels + 1]


@dataclass(frozen=True)
class Weights:
    """Term weights: the library's document frequencies (``articles`` counted) blended with the background."""

    articles: int = 0
    document_frequency: dict[str, int] = field(default_factory=dict)
    # Each term's IDF, worked out once: a scan weighs the same terms millions of times.
    _known: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def background(cls) -> Weights:
        """Weights for texts compared outside any library."""
        return cls()

    def idf(self, term: str) -> float:
        known = self._known.get(term)
        if known is None:
            known = self._known[term] = self._idf(term)
        return known

    def _idf(self, term: str) -> float:
        return self.idfs([term])[0]

    def idfs(self, terms: list[str]) -> list[float]:
        """The IDF of each of ``terms``, as :meth:`idf` gives it: a scan weighs a library's whole
        vocabulary at once, hundreds of thousands of terms."""
        frequency, articles = self.document_frequency, self.articles
        backgrounds = _backgrounds(terms)
        if not articles:
            return backgrounds
        share = articles / (articles + _LIBRARY_HALF_WEIGHT_AT)
        return [share * (math.log((1 + articles) / (1 + frequency.get(term, 0))) + 1) + (1 - share) * background
                for term, background in zip(terms, backgrounds)]

    def document_frequencies(self, terms: list[str]) -> list[int]:
        """The articles each of ``terms`` is counted in."""
        return list(map(self.document_frequency.get, terms, repeat(0)))

    def vector(self, counts: Counter[str]) -> dict[str, float]:
        """The L2-normalised TF-IDF vector of a text's term counts."""
        idf = self.idf
        weighted = {term: (1 + _SUBLINEAR[count] if count < len(_SUBLINEAR) else 1 + math.log(count)) * idf(term)
                    for term, count in counts.items()}
        norm = math.sqrt(sum(value * value for value in weighted.values()))
        return {term: value / norm for term, value in weighted.items() if value} if norm else {}


def cosine(u: dict[str, float], v: dict[str, float]) -> float:
    """The cosine of two normalised vectors."""
    if len(u) > len(v):
        u, v = v, u
    return sum(value * v.get(term, 0.0) for term, value in u.items())
