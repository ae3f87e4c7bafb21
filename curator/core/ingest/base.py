"""What every importer produces, and the registry that picks one by file name.

An importer is a function ``parse(name, data, boilerplate) -> ParseResult``
registered for one or more extensions. It never touches the library: it turns
bytes into article drafts (plus per-record errors), cleaning their text with the
library's ``Boilerplate`` rules, and the import operation stores them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Protocol

import charset_normalizer
from charset_normalizer.md import mess_ratio

from curator.core.errors import CuratorError
from curator.core.text import Boilerplate, split_label


@dataclass
class ArticleDraft:
    """One article as read from a file, before it is stored.

    ``body`` is the cleaned text (no boilerplate, no dateline); ``raw_text`` is the
    file's decoded text (for multi-record files, the record re-serialised). The file's
    exact bytes are kept by the import, once per file, so nothing is lost.
    """

    title: str
    body: str
    raw_text: str
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    byline: str | None = None
    dateline: str | None = None
    language: str | None = None
    metadata: dict = field(default_factory=dict)
    record: str | None = None  # where in a multi-record file: "row 3", "line 7", "item 2"


@dataclass
class RecordError:
    """A record of a file that could not be imported; the rest of the file still is."""

    record: str | None
    reason: str


@dataclass
class ParseResult:
    drafts: list[ArticleDraft]
    errors: list[RecordError] = field(default_factory=list)
    encoding: str | None = None


def take_label(title: str, metadata: dict) -> str:
    """``title`` without its wire slug ("FACTBOX-", "UPDATE 2-"), which is kept as ``metadata["label"]``."""
    label, rest = split_label(title)
    if label is None or not rest.strip():
        return title
    metadata.setdefault("label", label)
    return rest


class UnreadableFile(CuratorError):
    """The whole file cannot be imported; the message says why, in words a user understands.

    A failure of that file: an import reports it and goes on with the others.
    """


class Parser(Protocol):
    def __call__(self, name: str, data: bytes, boilerplate: Boilerplate = ...) -> ParseResult: ...


_PARSERS: dict[str, tuple[str, Parser]] = {}


def register(importer_name: str, *extensions: str) -> Callable[[Parser], Parser]:
    """Register ``parse(name, data, boilerplate)`` for the given extensions (with the dot, lower case)."""

    def decorate(parse: Parser) -> Parser:
        for extension in extensions:
            _PARSERS[extension] = (importer_name, parse)
        return parse

    return decorate


def extension_of(name: str) -> str:
    """The lower-case extension of the last part of a path, with the dot ("" for none, as for ".bashrc").

    >>> extension_of("archive.zip!/News/Story.TXT"), extension_of("a\\\\b.tar.gz"), extension_of(".hidden")
    ('.txt', '.gz', '')
    """
    base = name.replace("\\", "/").rpartition("/")[2]
    dot = base.rfind(".")
    # String work, not PurePosixPath: it runs for every file a folder walk finds.
    return base[dot:].lower() if 0 < dot < len(base) - 1 else ""


def importer_for(name: str) -> tuple[str, Parser] | None:
    """The (importer name, parser) for a file name, or None when the format is unknown."""
    return _PARSERS.get(extension_of(name))


def supported_extensions() -> list[str]:
    return sorted(_PARSERS)


# Bytes looked at to tell text from binary; NULs a text may hold there, with no other control
# character, and still be read, without them.
_SNIFFED_BYTES = 8192
_STRAY_NULS = 4


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode file bytes to text, returning ``(text, encoding)``; NUL characters are dropped.

    UTF-8 (with or without BOM) is tried first because it is by far the most common
    and checking it is cheap; anything else goes to charset-normalizer (see
    :func:`_decode_legacy`). A doubtful reading says so in the encoding's name
    (``"cp1252 (doubtful: could be cp1250)"``), so the file's provenance says how sure it is.
    Raises ``UnreadableFile`` for empty, binary or undecodable input.
    """
    if not data.strip():
        raise UnreadableFile("empty file")
    head = data[:_SNIFFED_BYTES]
    if b"\x00" in head and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        if (utf16 := _utf16_without_mark(data)) is not None:
            return utf16
        if head.count(0) > _STRAY_NULS:  # a stray NUL in a text is dropped; a binary file has many
            raise UnreadableFile("binary file, not text")
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = _decode_legacy(data)
        if _looks_binary(text):
            raise UnreadableFile("binary file, not text") from None
    if b"\x00" in head and any(ord(character) < 32 and character not in "\t\n\r\f\x00"
                              for character in text[:_SNIFFED_BYTES]):
        raise UnreadableFile("binary file, not text")  # NULs among other control characters: no stray ones
    text = text.replace("\x00", "")
    if not text.strip():  # a byte-order mark alone decodes to nothing
        raise UnreadableFile("empty file")
    return text, encoding


def _utf16_without_mark(data: bytes) -> tuple[str, str] | None:
    """``data`` read as UTF-16 without a byte-order mark, when its NULs say so: text of mostly Latin
    letters in UTF-16 has a NUL in every other byte, at odd places (little-endian) or even ones."""
    head = data[:_SNIFFED_BYTES - _SNIFFED_BYTES % 2]
    if len(head) < 4 or len(data) % 2:
        return None
    pairs = len(head) // 2
    at_odd, at_even = head[1::2].count(0), head[0::2].count(0)
    for encoding, nuls, others in (("utf-16-le", at_odd, at_even), ("utf-16-be", at_even, at_odd)):
        if nuls >= pairs * 0.3 and others <= pairs * 0.02:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return (text, f"{encoding} (no byte-order mark)") if text.strip() and not _looks_binary(text) else None
    return None


DOUBTFUL = " (doubtful: "  # how a doubtful reading is named: "cp1252 (doubtful: could be cp1250)"

# Windows-1252 and its subsets: the Western European code page that legacy news text most often is.
_WESTERN = ("cp1252", "latin_1", "iso8859_15", "ascii")
# How much messier than the detector's favourite (charset-normalizer's mess ratio) cp1252's reading
# may be and still be preferred: the detector skips cp1252 on some short texts it reads cleanly.
_MESS_TOLERANCE = 0.1
# A character of two to four bytes as UTF-8 encodes it.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def is_doubtful(encoding: str | None) -> bool:
    """Whether ``decode_text`` named this reading doubtful."""
    return encoding is not None and DOUBTFUL in encoding


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """Bytes that are not valid UTF-8, read the likeliest way.

    Mostly UTF-8 with a few bad bytes stays UTF-8 (the bad bytes become U+FFFD). Otherwise
    charset-normalizer ranks the code pages that read the bytes; its look-alikes of cp1252
    (cp1250, cp1257, ...) read the same bytes as other letters ("Naïve" as "Naďve") and are
    often ranked first on little evidence, so cp1252 is taken whenever it reads the file about
    as cleanly. The reading is doubtful when another candidate reads the bytes differently.
    """
    valid = len(_UTF8_SEQUENCE.findall(data))
    as_utf8 = data.decode("utf-8", errors="replace")
    invalid = as_utf8.count("\ufffd") - data.count("\ufffd".encode())
    if valid and invalid <= valid:
        return as_utf8, f"utf-8{DOUBTFUL}{invalid} invalid byte{'s' if invalid != 1 else ''} replaced)"
    matches = list(charset_normalizer.from_bytes(data))
    cp1252 = _reads_as(data, "cp1252")
    if not matches:
        # The detector gives up on some short texts ("€20 brûlée") that cp1252 reads as Western European.
        if cp1252 is not None and _western_letters(cp1252):
            return cp1252, f"cp1252{DOUBTFUL}no other reading found)"
        raise UnreadableFile("undecodable bytes: the text encoding could not be detected")
    texts = {match.encoding: str(match) for match in matches}
    best = matches[0]
    if cp1252 is not None and (any(name in texts for name in _WESTERN) or _western_letters(cp1252)
                               or mess_ratio(cp1252, 1.0) <= best.chaos + _MESS_TOLERANCE):
        chosen, texts["cp1252"] = "cp1252", cp1252
    else:
        chosen = next((name for name in _WESTERN if name in texts), best.encoding)
    others = sorted({name for name, text in texts.items() if text != texts[chosen]})
    if not others:
        return texts[chosen], chosen
    return texts[chosen], f"{chosen}{DOUBTFUL}could be {', '.join(others[:3])})"


def _western_letters(text: str) -> bool:
    """Whether every character beyond ASCII is a Latin-1 letter or sign, or cp1252's punctuation:
    Western European text, which the detector's mess ratio can find suspicious ("déjà"). In such text
    most letters are ASCII; text of another alphabet read as cp1252 is nearly all accented letters."""
    letters = [c for c in text if c.isalpha()]
    if sum(1 for c in letters if not c.isascii()) > len(letters) * _MOST_ACCENTED_SHARE:
        return False
    return all(0x20 <= ord(c) < 0x7F or c in "\t\n\r\f" or 0xA0 <= ord(c) <= 0xFF or c in _CP1252_PUNCTUATION
               for c in text)


_MOST_ACCENTED_SHARE = 0.5
_CP1252_PUNCTUATION = frozenset("€‚ƒ„…†‡ˆ‰‹Œ‘’“”•–—˜™›œŸŠšŽž")


def _reads_as(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return control > max(4, len(sample) // 50)
