"""Plain-text and Markdown articles: one article per file.

A file may open with metadata lines (``Title: ...``, ``date 2017-11-30``, ``By Jane
Doe | May 2, 2023``), YAML-style front matter between ``---`` lines or TOML front matter
between ``+++`` lines; a date may also run straight into the article text on the same
line (``date 2017-11-30 MOSCOW: Russia ...``).
The title comes from that metadata, a Markdown heading, a headline-like first line,
or else the first sentence.
"""

from __future__ import annotations

import re
import sys
from pathlib import PurePosixPath

from curator.core.ingest.base import (
    ArticleDraft,
    ParseResult,
    UnreadableFile,
    decode_text,
    extension_of,
    register,
    take_label,
)
from curator.core.text import (
    BUILT_IN_BOILERPLATE,
    Boilerplate,
    clean_article_text,
    derive_title,
    match_date,
    parse_date,
    read_byline,
    split_dateline,
)

_MARKDOWN_EXTENSIONS = frozenset({".md", ".markdown"})

# Metadata keys (casefolded) and the draft field each one fills.
_HEADER_FIELDS = {
    "title": "title",
    "headline": "title",
    "date": "published",
    "published": "published",
    "source": "outlet",
    "outlet": "outlet",
    "url": "url",
    "link": "url",
    "byline": "byline",
    "author": "byline",
    "authors": "byline",
    "by": "byline",
}
# The same in German, French, Spanish, Italian and Portuguese: read only with a colon ("Datum: …"),
# since without one they open sentences too.
_FOREIGN_HEADER_FIELDS = {
    "titel": "title", "titre": "title", "título": "title", "titulo": "title", "titolo": "title",
    "datum": "published", "fecha": "published", "data": "published",
    "quelle": "outlet", "fuente": "outlet", "fonte": "outlet",
    "autor": "byline", "auteur": "byline", "autore": "byline",
}
_HEADER_FIELDS.update(_FOREIGN_HEADER_FIELDS)
_HEADER_LINE = re.compile(r"\s*(?P<key>[^\W\d_]+)[ \t]*(?P<colon>:)?[ \t]*(?P<value>.*)")
_FRONT_MATTER_LINE = re.compile(r"\s*(?P<key>[\w\- ]+?)\s*:\s*(?P<value>.*)")
_FRONT_MATTER_LIST_ITEM = re.compile(r"\s*-\s+(?P<value>.*)")
_FRONT_MATTER_INLINE_LIST = re.compile(r"\[(?P<items>.*)\]")
_FRONT_MATTER_INLINE_ITEM = re.compile(r"\"[^\"]*\"|'[^']*'|[^,]+")
_FRONT_MATTER_MAX_LINES = 50
# YAML's markers of a value written on the indented lines below its key.
_BLOCK_SCALARS = frozenset({">", ">-", ">+", "|", "|-", "|+"})
# Where a date a by-line states waits ("By Jane Doe | May 2, 2023"): it is the published date
# only when no metadata line names one, wherever that line comes.
_BYLINE_DATE = "byline date"

_HEADLINE_MAX_CHARS = 150
_HEADLINE_MAX_WORDS = 20
# A headline that metadata lines follow may run longer: a search-minded outlet's runs to 40 words.
_LONG_HEADLINE_MAX_CHARS = 300
# An outlet named on a line of its own over a date line ("NDTV", "The Times of India").
_OUTLET_MAX_CHARS = 60
_OUTLET_JOINERS = frozenset("of the and & de del la le du di der des die el y".split())

_HEADING = re.compile(r"\s{0,3}#{1,6}\s+(?P<text>.*?)(?:\s+#+)?\s*")
_RULE_OR_FENCE = re.compile(r"\s*(?:[-=*_]\s*){3,}|\s*(?:```|~~~).*")
_REFERENCE_DEFINITION = re.compile(r"\s{0,3}\[[^\]]+\]:\s+\S.*")
_LIST_OR_QUOTE_MARKER = re.compile(r"^(?:\s*(?:>\s*)+|\s*[*+\-]\s+)")
_IMAGE = re.compile(r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])")
_LINK = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS_STAR = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])")
_INLINE_CODE = re.compile(r"`([^`]+)`")
_LIST_ITEM = re.compile(r"\s*(?:[*+\-]|\d{1,3}[.)])\s+\S")
_TABLE_ROW = re.compile(r"\s*\|.*\|\s*")
_TABLE_RULE = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*")


@register("text", ".txt", ".md", ".markdown")
def parse(name: str, data: bytes, boilerplate: Boilerplate = BUILT_IN_BOILERPLATE) -> ParseResult:
    """One article from a ``.txt`` or Markdown file."""
    raw_text, encoding = decode_text(data)
    fields: dict[str, str] = {}
    metadata: dict[str, str] = {}
    lines = _read_header(raw_text.splitlines(), fields, metadata)
    heading = None
    if extension_of(name) in _MARKDOWN_EXTENSIONS:
        heading, lines = _take_heading(lines)
        if heading and fields.get("title") and " ".join(heading.split()) != " ".join(fields["title"].split()):
            lines = [heading, "", *lines]  # the front matter names the article: a heading of its own is text
        lines = _markdown_text(lines)
    title = fields.get("title")
    if not title:
        title, lines = (heading, lines) if heading else _take_headline(lines)
        if title:
            # Metadata may also come after the headline: "Headline\n\nDate: ...", or "Headline\nNDTV\n2024-05-28".
            if (bare := _bare_outlet_and_date(lines)) is not None:
                outlet, date, read = bare
                if outlet and _looks_like_outlet(outlet):
                    fields.setdefault("outlet", outlet)
                elif outlet:
                    lines = [outlet, "", *lines[read:]]  # a standfirst over the date: the text's first paragraph
                    read = 0
                fields.setdefault("published", date)
                lines = lines[read:]
            lines = _read_header(lines, fields, metadata)
    dateline, body = clean_article_text("\n".join(lines), boilerplate)
    if not body:
        raise UnreadableFile("no article text found")
    title = " ".join(title.split()) if title else ""
    title = take_label(title or derive_title(body), metadata)
    draft = ArticleDraft(
        title=title or PurePosixPath(name).stem or "Untitled",
        body=body,
        raw_text=raw_text,
        published=fields.get("published") or fields.get(_BYLINE_DATE),
        outlet=fields.get("outlet"),
        url=fields.get("url"),
        byline=fields.get("byline"),
        dateline=dateline,
        metadata=metadata,
    )
    return ParseResult([draft], encoding=encoding)


def _read_header(lines: list[str], fields: dict[str, str], metadata: dict[str, str]) -> list[str]:
    """Read leading metadata into ``fields`` and ``metadata``; return the lines after it.

    ``fields`` gets draft fields (``published`` already ISO), first value wins, and a
    by-line's date under ``_BYLINE_DATE``; ``metadata`` keeps what has no field: unknown
    front-matter keys and dates that could not be read.
    """
    index = _skip_blank(lines, 0)
    if index < len(lines) and lines[index].strip() in ("---", "+++"):
        index = _read_front_matter(lines, index, fields, metadata)
    while (index := _skip_blank(lines, index)) < len(lines):
        if (byline := read_byline(lines[index])) is not None:
            names, date = byline
            _store_field("byline", names, fields, metadata)
            if date:
                fields.setdefault(_BYLINE_DATE, date)
            index += 1
            continue
        parsed = _header_field(lines[index])
        if parsed is None:
            break
        key, value, rest = parsed
        _store_field(key, value, fields, metadata)
        if rest:
            following = _skip_blank(lines, index + 1)
            if following < len(lines) and _is_header_line(lines[following]):
                # More metadata follows ("Date: 2024-05-07 (updated 2024-05-08)", then "Source: …"): the
                # rest is the date's note, kept as written, and the text starts after the metadata.
                metadata.setdefault(f"{key} note", rest)
            else:
                # The article text starts on the metadata line itself.
                return [rest, *lines[index + 1 :]]
        index += 1
    return lines[index:]


def _skip_blank(lines: list[str], index: int) -> int:
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index


def _read_front_matter(lines: list[str], start: int, fields: dict[str, str], metadata: dict[str, str]) -> int:
    """Read the front matter between ``---`` (YAML) or ``+++`` (TOML) lines; the index after it,
    or ``start`` when there is none or it cannot be read (its lines are then text)."""
    fence = lines[start].strip()
    end = start + 1
    limit = min(len(lines), start + _FRONT_MATTER_MAX_LINES)
    while end < limit and lines[end].strip() != fence:
        end += 1
    if end >= limit:
        return start  # no closing line: not front matter, just a rule
    block = lines[start + 1 : end]
    entries = _yaml_entries(block) if fence == "---" else _toml_entries(block)
    if entries is None:
        return start
    for key, values in entries.items():
        value = ", ".join(item for item in values if item)
        if key in _HEADER_FIELDS:
            _store_field(key, value, fields, metadata)
        elif value:
            metadata[key] = value
    return end + 1


def _yaml_entries(block: list[str]) -> dict[str, list[str]]:
    """Each key's values: a ``key: value`` line, ``key: [a, b]``, or ``key:`` over ``  - item`` lines.

    The rest of YAML (nested maps, block text) is not read: front matter rarely uses it, and
    a dependency for it is not worth it.
    """
    entries: dict[str, list[str]] = {}
    list_key = block_key = None
    for line in block:
        if block_key is not None and line[:1].isspace() and line.strip():
            folded = " ".join([*entries[block_key], line.strip()])
            entries[block_key] = [folded]
            continue
        if list_key is not None and (item := _FRONT_MATTER_LIST_ITEM.fullmatch(line)):
            entries[list_key].append(_unquote(item["value"]))
            continue
        match = _FRONT_MATTER_LINE.fullmatch(line)
        if match is None:
            list_key = None
            continue
        key, value = match["key"].strip().casefold(), match["value"].strip()
        if value in _BLOCK_SCALARS:
            # "title: >-" over indented lines: the lines are the value, folded into one.
            entries[key], list_key, block_key = [], None, key
            continue
        block_key = None
        if inline := _FRONT_MATTER_INLINE_LIST.fullmatch(value):
            entries[key] = [_unquote(item) for item in _FRONT_MATTER_INLINE_ITEM.findall(inline["items"])]
        else:
            entries[key] = [_unquote(value)] if value else []
        list_key = None if value else key
    return entries


def _unquote(value: str) -> str:
    return value.strip().strip("\"'")


def _toml_entries(block: list[str]) -> dict[str, list[str]] | None:
    """Each top-level key's values (tables left out), or None when the block is not TOML."""
    table = _read_toml("\n".join(block))
    if table is None:
        return None
    entries: dict[str, list[str]] = {}
    for key, value in table.items():
        values = value if isinstance(value, list) else [value]
        # Booleans as TOML writes them ("false"), not as Python does.
        entries[key.casefold()] = [
            str(item).lower() if isinstance(item, bool) else str(item)
            for item in values
            if not isinstance(item, (dict, list))
        ]
    return entries


if sys.version_info >= (3, 11):
    import tomllib

    def _read_toml(text: str) -> dict[str, object] | None:
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            return None

else:

    def _read_toml(text: str) -> dict[str, object] | None:
        return None  # Python 3.10 has no TOML reader in its standard library: the block stays text


def _is_header_line(line: str) -> bool:
    return read_byline(line) is not None or _header_field(line) is not None


def _header_field(line: str) -> tuple[str, str, str] | None:
    """``(key, value, rest of line)`` when ``line`` is a ``key: value`` metadata line, else None."""
    match = _HEADER_LINE.fullmatch(line)
    if match is None:
        return None
    key = match["key"].casefold()
    if key not in _HEADER_FIELDS or (key in _FOREIGN_HEADER_FIELDS and not match["colon"]):
        return None
    value = match["value"].strip()
    if _HEADER_FIELDS[key] == "published":
        found = match_date(value)
        if found is not None and not parse_date(value):
            iso, end = found
            return key, iso, value[end:].strip()
        if not match["colon"] and found is None:
            return None  # "Date night was ..." is prose, "date 2017-11-30" is metadata
    elif not match["colon"] or not value:
        return None
    return key, value, ""


def _store_field(key: str, value: str, fields: dict[str, str], metadata: dict[str, str]) -> None:
    field = _HEADER_FIELDS[key]
    if not value or field in fields:
        return
    if field == "published":
        iso = parse_date(value)
        if iso is None:
            metadata[key] = value  # unreadable date: keep what was written
            return
        value = iso
    fields[field] = value


def _take_heading(lines: list[str]) -> tuple[str | None, list[str]]:
    """The Markdown title heading and the lines without it.

    The first level-1 heading wins; failing that, a heading of any level on the first
    non-blank line. Other headings stay in the body as section titles.
    """
    first = _skip_blank(lines, 0)
    candidates = [i for i, line in enumerate(lines) if line.lstrip().startswith("# ")]
    if not candidates and first < len(lines) and _HEADING.fullmatch(lines[first]):
        candidates = [first]
    for index in candidates:
        match = _HEADING.fullmatch(lines[index])
        if match and (heading := _strip_markdown(match["text"]).strip()):
            return heading, lines[:index] + lines[index + 1 :]
    return None, lines


def _markdown_text(lines: list[str]) -> list[str]:
    """Markdown lines as plain text, each list item and table row a paragraph of its own: joined to
    the lines around them, as the lines of a paragraph are, "- one\\n- two" read "one two". An
    indented line under a list item wraps that item and joins it."""
    text: list[str] = []
    item: list[str] = []
    for line in lines:
        if item and line[:1].isspace() and line.strip() and not _LIST_ITEM.match(line):
            item.append(_strip_markdown(line.strip()))
            continue
        if item:
            text += [" ".join(item), ""]
            item = []
        if _TABLE_RULE.fullmatch(line):
            continue
        if _TABLE_ROW.fullmatch(line):
            text += [" | ".join(cell.strip() for cell in line.strip().strip("|").split("|")), ""]
        elif _LIST_ITEM.match(line):
            item = [_strip_markdown(line)]
        else:
            text.append(_strip_markdown(line))
    if item:
        text += [" ".join(item), ""]
    return text


def _strip_markdown(line: str) -> str:
    """One Markdown line as plain text: no markers, emphasis, images or link targets."""
    if _RULE_OR_FENCE.fullmatch(line) or _REFERENCE_DEFINITION.fullmatch(line):
        return ""
    if heading := _HEADING.fullmatch(line):
        line = heading["text"]
    line = _LIST_OR_QUOTE_MARKER.sub("", line, count=1)
    line = _IMAGE.sub("", line)
    line = _LINK.sub(r"\1", line)
    line = _INLINE_CODE.sub(r"\1", line)
    line = _STRONG.sub(r"\2", line)
    line = _EMPHASIS_STAR.sub(r"\1", line)
    return _EMPHASIS_UNDERSCORE.sub(r"\1", line)


def _take_headline(lines: list[str]) -> tuple[str | None, list[str]]:
    """A headline-like first line and the lines after it, or ``(None, lines)``.

    The line must be followed by more text and stand alone: a blank line after it,
    metadata lines after it ("Date: ...", "URL: ..."), a bare date or an outlet's name
    over one ("NDTV", then "2024-05-28"), or, in a file without blank lines, a next line
    that starts like a new sentence (so a hard-wrapped first line is not mistaken for a
    headline). It must also be short (longer only over metadata lines, which say where
    it ends) and not end like a sentence.
    """
    first = _skip_blank(lines, 0)
    if first >= len(lines):
        return None, lines
    after = lines[first + 1 :]
    if not any(line.strip() for line in after):
        return None, lines
    next_line = after[0].strip()
    over_metadata = bool(next_line) and (_is_header_line(next_line) or _bare_outlet_and_date(after) is not None)
    stands_alone = not next_line or over_metadata or _is_time_stamped(next_line) or (
        not next_line[0].islower() and not _has_inner_blank_line(after)
    )
    candidate = " ".join(lines[first].split())
    if stands_alone and _looks_like_headline(candidate, longest=_LONG_HEADLINE_MAX_CHARS if over_metadata else
                                              _HEADLINE_MAX_CHARS):
        return candidate, after
    return None, lines


def _is_time_stamped(line: str) -> bool:
    """Whether ``line`` opens with a date and a clock time, as a live blog stamps its entries
    ("2 May 2023 07:00 Polls opened…"): the line above it is a headline, not the start of a sentence."""
    found = match_date(line)
    return found is not None and _CLOCK_TIME.match(line, found[1]) is not None


_CLOCK_TIME = re.compile(r"[\s,]+\d{1,2}[:.h]\d{2}\b")


def _bare_outlet_and_date(lines: list[str]) -> tuple[str | None, str, int] | None:
    """``(line over it, ISO date, lines read)`` when ``lines`` open with a bare date line, or a line
    then one, before a blank line: the metadata some outlets' copy puts under the headline, the line
    over the date its outlet ("NDTV") or its standfirst."""
    block = []
    for line in lines[:3]:
        if not line.strip():
            break
        block.append(" ".join(line.split()))
    if not block or len(block) > 2:
        return None
    date = parse_date(block[-1])
    if date is None:
        return None
    if len(block) == 2 and block[0][-1:] in ".,;:":
        return None  # a sentence over a date: the text's own lines
    return (block[0] if len(block) == 2 else None), date, len(block)


def _looks_like_outlet(line: str) -> bool:
    """A name as outlets write theirs: "NDTV", "The Times of India", "Le Monde", every word a capital's
    but the joiners."""
    words = line.split()
    return (len(line) <= _OUTLET_MAX_CHARS and 0 < len(words) <= 6 and line[-1] not in ".,;:!?"
            and all(word[0].isupper() or word[0].isdigit() or word.casefold() in _OUTLET_JOINERS for word in words))


def _has_inner_blank_line(lines: list[str]) -> bool:
    return "\n\n" in "\n".join(line.strip() for line in lines).strip()


def _looks_like_headline(line: str, longest: int = _HEADLINE_MAX_CHARS) -> bool:
    if len(line) > longest or len(line.split()) > _HEADLINE_MAX_WORDS * longest // _HEADLINE_MAX_CHARS:
        return False
    if line.rstrip("\"'”’)]")[-1:] in ".,;:":
        return False
    return split_dateline(line)[0] is None
