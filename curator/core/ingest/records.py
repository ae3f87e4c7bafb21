"""Files holding many articles: JSON, JSON Lines, CSV and TSV.

Each record becomes one draft. Columns are recognised by name, ignoring case and
punctuation (``Publish Date``, ``publish_date`` and ``publishDate`` are the same);
everything else that has a value is kept in the draft's metadata (the entries of a
``metadata`` object, as ``curator export`` writes, directly). A bad record becomes a
``RecordError`` and the rest of the file still imports.
"""

from __future__ import annotations

import csv
import html
import io
import json
import math
import re
from datetime import datetime, timezone
from pathlib import PurePosixPath

import lxml.html
from lxml import etree

from curator.core.errors import CuratorError
from curator.core.ingest.base import (
    ArticleDraft,
    ParseResult,
    RecordError,
    UnreadableFile,
    decode_text,
    extension_of,
    register,
    take_label,
)
from curator.core.library.fields import EARLIER_EXPORT_CSV_COLUMNS, EXPORT_CSV_COLUMNS
from curator.core.text import (
    BUILT_IN_BOILERPLATE,
    Boilerplate,
    clean_article_text,
    clean_body,
    derive_title,
    parse_date,
    restore_cell,
    take_opening_byline,
)

# Draft field -> recognised column names (compacted), best first: the usual names, and those of the
# dumps people bring (news-please, schema.org NewsArticle, NewsAPI, the Guardian's API, GDELT, WordPress).
_COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "webtitle", "titlepage", "titlerss"),
    "body": (
        "text",
        "body",
        "content",
        "article",
        "story",
        "maintext",
        "articlebody",
        "articletext",
        "bodytext",
        "fulltext",
        "storytext",
        "contenthtml",
        "contenttext",
    ),
    "published": (
        "date",
        "published",
        "publishdate",
        "pubdate",
        "datetime",
        "publishedat",
        "publicationdate",
        "datepublished",
        "datepublish",
        "publisheddate",
        "publishedon",
        "publishedtime",
        "webpublicationdate",
        "firstpublished",
        "datecreated",
        "seendate",
    ),
    "url": ("url", "link", "weburl", "canonicalurl", "articleurl", "permalink"),
    "outlet": (
        "source",
        "outlet",
        "site",
        "paperurl",
        "publisher",
        "publication",
        "sourcename",
        "medianame",
        "sitename",
        "sourcedomain",
        "domain",
        "newspaper",
    ),
    "byline": ("author", "byline", "authors", "autor", "authorname", "writer", "creator"),
    "dateline": ("dateline",),
    "language": ("language", "lang"),
}
# Read as the text only when a record has none of the body columns: a feed's summary is better than no
# article (NewsAPI leaves "content" null where it gives a "description").
_SUMMARY_COLUMNS = ("description", "summary", "abstract", "teaser")
_BODY_COLUMNS = frozenset(_COLUMNS["body"])
_TITLE_COLUMNS = frozenset(_COLUMNS["title"])
_TEXT_NAMES = "text, body, content, article, maintext or articleBody"
_NO_TEXT = f"no article text: expected a field named {_TEXT_NAMES}"
# Keys under which a JSON wrapper object commonly holds its list of articles.
_WRAPPER_KEYS = frozenset("articles items data records results entries posts stories documents docs".split())
_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")
# Field values that say nothing, so they are not kept as metadata.
_EMPTY_VALUES: tuple[object, ...] = (None, "", [], {})

# Articles are long; the csv module's 128 KiB default would reject real ones.
_CSV_FIELD_SIZE_LIMIT = 64 * 1024 * 1024
_DELIMITER_CANDIDATES = ",;\t|"
# Excel's first line naming the separator of a file saved where the comma is the decimal mark.
_DECLARED_SEPARATOR = re.compile(r"\ufeff?sep=(.)\r?\n")

csv.field_size_limit(_CSV_FIELD_SIZE_LIMIT)


class _BadRecord(CuratorError):
    """One record cannot become an article; the message is the user-facing reason.

    A failure of that record alone: the rest of the file still imports.
    """


@register("json", ".json")
def parse_json(name: str, data: bytes, boilerplate: Boilerplate = BUILT_IN_BOILERPLATE) -> ParseResult:
    """An article object, an array of them, or a wrapper like ``{"articles": [...]}``."""
    text, encoding = decode_text(data)
    try:
        value = _loads(text, multiline=True)
    except _BadRecord as error:
        raise UnreadableFile(str(error)) from None
    items = _article_list(value)
    stem = PurePosixPath(name).stem
    if isinstance(items, dict):
        try:
            return ParseResult([_to_draft(items, None, stem, boilerplate)], encoding=encoding)
        except _BadRecord as error:
            raise UnreadableFile(str(error)) from None
    if not items:
        raise UnreadableFile("no articles found in the file")
    result = ParseResult([], encoding=encoding)
    for number, item in enumerate(items, start=1):
        _add_record(result, item, f"item {number}", stem, boilerplate)
    return result


@register("jsonl", ".jsonl", ".ndjson")
def parse_json_lines(name: str, data: bytes, boilerplate: Boilerplate = BUILT_IN_BOILERPLATE) -> ParseResult:
    """One JSON object per line; blank lines are ignored."""
    text, encoding = decode_text(data)
    stem = PurePosixPath(name).stem
    result = ParseResult([], encoding=encoding)
    # split("\n"), not splitlines(): U+2028 and friends are legal inside JSON strings.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        label = f"line {number}"
        try:
            record = _loads(line, multiline=False)
        except _BadRecord as error:
            result.errors.append(RecordError(label, str(error)))
            continue
        _add_record(result, record, label, stem, boilerplate)
    return result


@register("csv", ".csv", ".tsv")
def parse_table(name: str, data: bytes, boilerplate: Boilerplate = BUILT_IN_BOILERPLATE) -> ParseResult:
    """A table with a header row. Rows are numbered as in a spreadsheet: the header is row 1."""
    text, encoding = decode_text(data)
    declared = _DECLARED_SEPARATOR.match(text)
    if declared:
        text = text[declared.end():]
    delimiter = declared[1] if declared else "\t" if extension_of(name) == ".tsv" else _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = _distinct_names([column.strip() for column in next(reader)])
    except csv.Error as error:
        raise UnreadableFile(f"unreadable header row: {error}") from None
    if not any(_compact(column) in _BODY_COLUMNS.union(_SUMMARY_COLUMNS) for column in header):
        raise UnreadableFile(f"no text column: expected one named {_TEXT_NAMES}")
    stem = PurePosixPath(name).stem
    result = ParseResult([], encoding=encoding)
    # Curator's own export wrote text a spreadsheet would run after an apostrophe: read back as it was.
    exported = tuple(header) in (EXPORT_CSV_COLUMNS, EARLIER_EXPORT_CSV_COLUMNS)
    row_number = 1
    while True:
        row_number += 1
        label = f"row {row_number}"
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            result.errors.append(RecordError(label, f"malformed row: {error}"))
            continue
        if not row:
            continue  # a blank line
        if len(row) > len(header):
            reason = f"malformed row: {len(row)} fields but the header has {len(header)}"
            result.errors.append(RecordError(label, reason))
            continue
        if exported:
            row = [restore_cell(cell) for cell in row]
        # A row short of the header's fields has its last cells empty, as a spreadsheet shows it.
        record: dict[str, object] = dict(zip(header, row + [""] * (len(header) - len(row))))
        if exported and record.get("metadata"):
            record["metadata"] = _exported_metadata(str(record["metadata"]))
        _add_record(result, record, label, stem, boilerplate)
    if not result.drafts and not result.errors:
        raise UnreadableFile("no rows after the header")
    return result


def _exported_metadata(cell: str) -> dict | str:
    """The metadata column of Curator's own CSV export as the object it was written from (a cell
    that is no JSON object, edited in a spreadsheet, say, stays as written)."""
    try:
        value = _loads(cell, multiline=False)
    except _BadRecord:
        return cell
    return value if isinstance(value, dict) else cell


def _distinct_names(header: list[str]) -> list[str]:
    """The header's column names, a name given twice numbered from its second ("text", "text (2)"): the
    first is the one read, the others are kept in the article's metadata, where a row read as a
    mapping kept only the last and lost the rest.

    >>> _distinct_names(["title", "text", "text", "Text"])
    ['title', 'text', 'text (2)', 'Text (3)']
    """
    seen: dict[str, int] = {}
    names = []
    for column in header:
        key = _compact(column) or column
        seen[key] = seen.get(key, 0) + 1
        names.append(column if seen[key] == 1 else f"{column} ({seen[key]})")
    return names


def _sniff_delimiter(text: str) -> str:
    """The candidate delimiter most frequent in the header line, else ','.

    The header is the one line made only of short names and delimiters, so counting
    there is more reliable than the csv.Sniffer's statistics over article text.
    """
    header_line = text.lstrip("\ufeff").split("\n", 1)[0]
    best = max(_DELIMITER_CANDIDATES, key=header_line.count)
    return best if header_line.count(best) else ","


# The escape of a surrogate, which JSON allows alone though no text may hold one.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _loads(text: str, *, multiline: bool) -> object:
    """``json.loads`` with NaN/Infinity read as null and a number too large for a float (``1e400``)
    kept as written, as text: so metadata stays valid JSON and loses nothing."""
    try:
        value = json.loads(text, parse_constant=lambda _constant: None, parse_float=_finite_or_text)
        return _without_lone_surrogates(value) if _SURROGATE_ESCAPE.search(text) else value
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}" if multiline else f"column {error.colno}"
        # json's own words end "... starting at" where it appends the place: the place is said here.
        raise _BadRecord(f"invalid JSON: {error.msg.removesuffix(' starting at')} ({where})") from None
    except RecursionError:
        raise _BadRecord("invalid JSON: nested too deeply") from None
    except ValueError as error:  # e.g. an integer with more digits than Python allows
        raise _BadRecord(f"invalid JSON: {error}") from None


def _without_lone_surrogates(value: object) -> object:
    """``value`` with each lone surrogate of its strings (JSON may escape one, "\\ud800"; no text may
    hold one) replaced by U+FFFD, the character that stands for one that cannot be read. A pair of
    escapes that makes one character was decoded as that character."""
    if isinstance(value, str):
        return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    if isinstance(value, list):
        return [_without_lone_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {_without_lone_surrogates(key): _without_lone_surrogates(item) for key, item in value.items()}
    return value


def _finite_or_text(number: str) -> float | str:
    value = float(number)
    return value if math.isfinite(value) else number


# What a JSON document that is no object or list holds, as JSON calls it.
_JSON_KINDS = {str: "a string", int: "a number", float: "a number", bool: "true or false", type(None): "null"}


def _article_list(value: object, depth: int = 0) -> list | dict:
    """The list of records in a JSON document, or the document itself when it is one article object.
    The list may be wrapped twice over, as APIs answer: ``{"response": {"results": [...]}}`` (the
    Guardian's), ``{"hits": {"hits": [...]}}`` (Elasticsearch's)."""
    if isinstance(value, list):
        return value
    if not isinstance(value, dict):
        raise UnreadableFile(f"the JSON holds {_JSON_KINDS.get(type(value), 'a value')}, not articles")
    if _holds_text(value):
        return value
    # A list of articles, not of an article's authors or tags: its objects have a text, a summary or a title.
    lists = {key: item for key, item in value.items() if isinstance(item, list)}
    of_articles = [item for item in lists.values() if any(isinstance(entry, dict) and _looks_like_article(entry)
                                                         for entry in item)]
    if len(of_articles) == 1:
        return of_articles[0]
    wrapped = [item for key, item in lists.items() if _compact(key) in _WRAPPER_KEYS]
    if len(wrapped) == 1 and not _looks_like_article(value):
        return wrapped[0]
    if not of_articles and not _looks_like_article(value) and depth < _WRAPPER_DEPTH:
        inner = [_article_list(item, depth + 1) for item in value.values() if isinstance(item, dict)]
        found = [items for items in inner if isinstance(items, list)]
        if len(found) == 1:
            return found[0]
    return value


def _holds_text(record: dict) -> bool:
    """Whether ``record`` has an article's text: under a text's name, as text (not a list of records
    that a wrapper such as ``{"content": [...]}`` holds), or in an object it holds."""
    return _with_nested_text(record) is not record or any(
        _compact(key) in _BODY_COLUMNS and not (isinstance(item, list) and any(isinstance(e, dict) for e in item))
        for key, item in record.items())


def _looks_like_article(record: dict) -> bool:
    return _holds_text(record) or any(_compact(key) in _SUMMARY_COLUMNS or _compact(key) in _TITLE_COLUMNS
                                      for key in record)


# Objects within objects a wrapped list of articles may be found in, at most.
_WRAPPER_DEPTH = 2


def _with_nested_text(record: dict) -> dict:
    """``record`` with the object that holds its text lifted into it, when the text is not at its top:
    the Guardian's ``"fields": {"bodyText": …}``, Elasticsearch's ``"_source": {…}``. A name both
    have keeps the outer value, the inner one under "fields.name"."""
    if any(_compact(key) in _BODY_COLUMNS for key in record):
        return record
    for container, inner in record.items():
        if isinstance(inner, dict) and any(_compact(key) in _BODY_COLUMNS for key in inner):
            lifted = {key: value for key, value in record.items() if key != container}
            for key, value in inner.items():
                lifted[f"{container}.{key}" if key in lifted else key] = value
            return lifted
    return record


def _add_record(result: ParseResult, record: object, label: str, stem: str, boilerplate: Boilerplate) -> None:
    if not isinstance(record, dict):
        result.errors.append(RecordError(label, "not an object"))
        return
    try:
        result.drafts.append(_to_draft(record, label, stem, boilerplate))
    except _BadRecord as error:
        result.errors.append(RecordError(label, str(error)))


# Seconds (or, with three more digits, milliseconds) since 1970, as many feeds and dumps write a date.
_EPOCH = re.compile(r"(\d{9,10})(?:\.\d+)?|(\d{12,13})")
# Dates read from such a number only in these years: any other is more likely some other number.
_EPOCH_YEARS = range(1990, 2101)


def _epoch_date(value: str) -> str | None:
    """The UTC date of a Unix timestamp ("1710115200", "1710115200000"), if ``value`` is one."""
    found = _EPOCH.fullmatch(value.strip())
    if found is None:
        return None
    seconds = int(found[1]) if found[1] else int(found[2]) // 1000
    day = datetime.fromtimestamp(seconds, tz=timezone.utc).date()
    return day.isoformat() if day.year in _EPOCH_YEARS else None


def _to_draft(given: dict, label: str | None, stem: str, boilerplate: Boilerplate) -> ArticleDraft:
    record = _with_nested_text(given)
    keys_by_column: dict[str, str] = {}
    for key in record:
        keys_by_column.setdefault(_compact(key), key)
    values: dict[str, str] = {}
    used_keys: dict[str, str] = {}
    for field, columns in _COLUMNS.items():
        for column in columns:
            key = keys_by_column.get(column)
            if key is not None and (value := _as_text(record[key], paragraphs=field == "body")):
                values[field], used_keys[field] = value, key
                break
    if "body" not in values:
        summary = next((keys_by_column[column] for column in _SUMMARY_COLUMNS if column in keys_by_column), None)
        if summary is not None and (value := _as_text(record[summary], paragraphs=True)):
            values["body"], used_keys["body"] = value, summary
    if "body" not in values:
        named = next((keys_by_column[column] for column in _COLUMNS["body"] if column in keys_by_column), None)
        raise _BadRecord(f"no article text: its {named} field is empty" if named is not None else _NO_TEXT)
    if values["body"].strip() == _REMOVED:
        raise _BadRecord(f"no article text: the source removed it (the record says {_REMOVED})")
    # A by-line and a date on lines of their own above the text are the record's, not its text.
    names, stated_date, values["body"] = take_opening_byline(_TRUNCATION_MARK.sub("", _markup_as_text(values["body"])))
    if names and "byline" not in values:
        values["byline"] = names
    given_dateline = _one_line(values.get("dateline"))
    dateline: str | None
    if given_dateline:
        # The record names its dateline (a Curator export does): its text is the article's whole, and a
        # place it opens with is part of it ("LONDON — …" read again would lose "LONDON").
        dateline, body = given_dateline, clean_body(values["body"], boilerplate)
    else:
        dateline, body = clean_article_text(values["body"], boilerplate)
    if not body:
        raise _BadRecord("no article text left after removing boilerplate")
    published = (parse_date(values["published"]) or _epoch_date(values["published"])) if "published" in values else None
    if published is None:
        used_keys.pop("published", None)  # an unreadable date stays in metadata as written
        published = stated_date
    kept = set(used_keys.values())
    metadata = {key: value for key, value in record.items() if key not in kept and value not in _EMPTY_VALUES}
    if isinstance(metadata.get("metadata"), dict):
        # A "metadata" object (as `curator export` writes one) is the article's metadata, not one field of it.
        metadata.update(metadata.pop("metadata"))
    given_title = " ".join(_ENTITY.sub(lambda entity: html.unescape(entity[0]), values.get("title", "")).split())
    title = take_label(given_title or derive_title(body), metadata)
    fallback_title = f"{stem} ({label})" if label else stem
    return ArticleDraft(
        title=title or fallback_title or "Untitled",
        body=body,
        raw_text=json.dumps(given, ensure_ascii=False),
        published=published,
        outlet=_one_line(values.get("outlet")),
        url=_one_line(values.get("url")),
        byline=_one_line(values.get("byline")),
        dateline=dateline,
        language=_one_line(values.get("language")),
        metadata=metadata,
        record=label,
    )


def _compact(key: str) -> str:
    return _NOT_ALPHANUMERIC.sub("", key.casefold())


def _as_text(value: object, *, paragraphs: bool = False) -> str | None:
    """A field value as text: strings, numbers, objects naming their text (``{"name": ...}``,
    ``{"rendered": ...}``), or a list of those, joined as paragraphs or as a list of names."""
    if isinstance(value, list):
        parts = [text for item in value if (text := _scalar_text(item))]
        return ("\n\n" if paragraphs else ", ").join(parts) or None
    return _scalar_text(value)


# Where an object holding one text keeps it: NewsAPI's "source": {"id": ..., "name": "BBC News"},
# WordPress's "content": {"rendered": "<p>…</p>"}, a "body": {"value": …} or {"text": …}.
_TEXT_KEYS = ("name", "rendered", "value", "text", "#text", "content")


def _scalar_text(value: object) -> str | None:
    if isinstance(value, dict):
        value = next((value[key] for key in _TEXT_KEYS if isinstance(value.get(key), str)), None)
    if isinstance(value, str):
        value = value.replace("\x00", "")  # a JSON "\u0000": never text
        return value if value.strip() else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


# What NewsAPI puts in every field of an article its source withdrew.
_REMOVED = "[Removed]"
# NewsAPI's note that it cut the text short ("… [+2841 chars]"): the note is no part of the text.
_TRUNCATION_MARK = re.compile(r"\s*\[\+\d+ chars\]\s*$")
# An element a text written as HTML (a CMS's or an API's body field) would hold, written as HTML writes
# it (a closing tag, a <br>, a block's opening tag with quoted attributes); text without one is read as
# it is, so a "<" in prose ("a<b and b>c", "Paul Smith <p.smith@example.com>") is never taken for markup.
_MARKUP = re.compile(
    r"</(?:p|div|span|a|em|strong|b|i|h[1-6]|ul|ol|li|blockquote|figure|section|td|tr|table)\s*>|<br\s*/?>"
    r"|<(?:p|div|h[1-6]|ul|ol|li|blockquote|figure|section|table)(?:\s+[\w-]+=(?:\"[^\"]*\"|'[^']*'))*\s*>", re.I)
# A character reference in a title a CMS wrote for HTML ("Europe&#8217;s", "Q&amp;A").
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
_BLOCK_TAGS = frozenset("p div h1 h2 h3 h4 h5 h6 ul ol li blockquote figure figcaption section article table tr".split())


def _markup_as_text(text: str) -> str:
    """``text`` as the words a browser shows when it is HTML, one paragraph per block element."""
    if not _MARKUP.search(text):
        return text
    try:
        root = lxml.html.fragment_fromstring(text, create_parent="div")
    except (etree.ParserError, ValueError):
        return text
    for element in list(root.iter("script", "style", "noscript")):
        element.drop_tree()
    for element in root.iter():
        if element.tag == "br":
            element.tail = "\n" + (element.tail or "")
        elif element.tag in _BLOCK_TAGS:
            element.tail = "\n\n" + (element.tail or "")
        elif element.tag in ("td", "th"):
            element.tail = " " + (element.tail or "")  # a row's cells apart: "Rovers 3-1 United"
    return root.text_content()


def _one_line(value: str | None) -> str | None:
    if value is None:
        return None
    return " ".join(value.split()) or None
