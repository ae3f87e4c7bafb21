r"""What ``files.raw_text`` keeps of an imported file's raw text.

A text or HTML file's raw text is its bytes decoded, and the library keeps those bytes (``originals``,
once per content): storing the text again would double what the library holds of every such file. So
it keeps nothing there (``''``) when the bytes are the raw text encoded, and ``Library.raw_text`` reads
the text back from the bytes; a record of a CSV or JSON file, or text decoded with replacements, keeps
its own.

>>> kept_raw_text("Naïve café", "Naïve café".encode("cp1252"), "cp1252 (doubtful: could be cp1250)")
''
>>> kept_raw_text("bad \ufffd", b"bad \xff", "utf-8 (doubtful: 1 invalid byte replaced)")
'bad \ufffd'
>>> raw_text_of(b"Na\xefve", "cp1252 (doubtful: could be cp1250)")
'Naïve'
"""

from __future__ import annotations


def codec_of(encoding: str) -> str:
    """The codec an import names a reading by, its first word ("cp1252 (doubtful: could be cp1250)")."""
    return encoding.split(" ", 1)[0]


def kept_raw_text(raw_text: str, data: bytes, encoding: str | None) -> str:
    """What ``files.raw_text`` keeps of ``raw_text``, read from the file's bytes ``data`` as ``encoding``:
    nothing when the bytes are the text encoded, from which ``raw_text_of`` reads it back exactly."""
    if not raw_text or not encoding:
        return raw_text
    try:
        return "" if raw_text.encode(codec_of(encoding)) == data else raw_text
    except (LookupError, UnicodeError):
        return raw_text


def raw_text_of(original: bytes, encoding: str) -> str:
    """The raw text of a file whose ``files.raw_text`` kept nothing: its bytes decoded as they were read."""
    return original.decode(codec_of(encoding))
