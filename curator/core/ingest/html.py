"""Saved web pages: one article per file, extracted with trafilatura.

Only the given bytes are parsed: nothing is fetched and no script runs. When
trafilatura finds no main text (a bare page, a fragment), the visible text of
``<body>`` is used instead.
"""

from __future__ import annotations

import re
from configparser import ConfigParser
from functools import lru_cache
from pathlib import PurePosixPath

import lxml.etree
import lxml.html

from curator.core.ingest.base import (
    ArticleDraft,
    ParseResult,
    UnreadableFile,
    decode_text,
    register,
    take_label,
)
from curator.core.text import (
    BUILT_IN_BOILERPLATE,
    Boilerplate,
    clean_article_text,
    derive_title,
    normalize_for_matching,
    parse_date,
    take_opening_byline,
)

# lxml refuses str input that still declares an encoding, and XML forbids most
# control characters; both are common in saved pages and both are harmless to drop.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_CONTROL_CHARACTERS = dict.fromkeys(i for i in range(32) if chr(i) not in "\t\n\r")

_INVISIBLE_ELEMENTS = ("script", "style", "noscript", "template", "head", "iframe", "object", "svg")
_BLOCK_ELEMENTS = frozenset(
    "p div br li h1 h2 h3 h4 h5 h6 tr blockquote pre section article header footer aside".split()
)
# Main text from this long is taken as trafilatura found it (see ``_config``).
MIN_MAIN_TEXT_CHARS = 50
# trafilatura reads a paragraph written as a <div> only while a page's <p> text is under three times
# its MIN_EXTRACTED_SIZE: 750 characters by default, 150 with ours. Main text shorter than 750 may
# lack such paragraphs that the default finds (see ``_with_div_paragraphs``).
_DIV_PARAGRAPHS_READ_UNDER_CHARS = 750
# What a heading may end with that the same heading, repeated, may not ("WIND FARM OPENS!").
_HEADING_END_PUNCTUATION = " .,;:!?…-"
# trafilatura fields worth keeping that have no column of their own.
_METADATA_FIELDS = ("description", "hostname", "categories", "tags", "image", "pagetype", "license")


@register("html", ".html", ".htm", ".xhtml")
def parse(name: str, data: bytes, boilerplate: Boilerplate = BUILT_IN_BOILERPLATE) -> ParseResult:
    """One article from a saved HTML page."""
    raw_text, encoding = decode_text(data)
    tree = _parse_tree(raw_text)
    if tree is None:
        raise UnreadableFile("no article text found in the HTML")
    extracted = _extract(tree, _config())
    title = " ".join((extracted.get("title") or "").split())
    text = extracted.get("text") or ""
    if text and len(text) < _DIV_PARAGRAPHS_READ_UNDER_CHARS:
        text = _with_div_paragraphs(text, raw_text)
    names, byline_date, text = take_opening_byline(_drop_repeated_title(text, title))
    dateline, body = clean_article_text(text, boilerplate)
    if not body:
        dateline, body = clean_article_text(_visible_body_text(tree), boilerplate)
    if not body:
        raise UnreadableFile("no article text found in the HTML")
    date = extracted.get("date")
    if date and date[5:10] == "01-01":
        date = _date_in_markup(raw_text)
    metadata = {field: extracted[field] for field in _METADATA_FIELDS if extracted.get(field)}
    title = take_label(title or derive_title(body), metadata)
    draft = ArticleDraft(
        title=title or PurePosixPath(name).stem or "Untitled",
        body=body,
        raw_text=raw_text,
        published=(parse_date(date) if date else None) or byline_date,
        outlet=extracted.get("sitename") or None,
        url=extracted.get("url") or None,
        byline=_names_only(extracted.get("author")) or names,
        dateline=dateline,
        language=extracted.get("language") or _declared_language(tree),
        metadata=metadata,
    )
    return ParseResult([draft], encoding=encoding)


def _parse_tree(text: str) -> lxml.html.HtmlElement | None:
    """The page's tree, read whole: libxml2's default limits would stop at a text of 10 MB or at
    elements nested 256 deep and keep what came before, losing the rest without a word. Past even
    the relaxed limits, the page is refused, never cut."""
    markup = _XML_DECLARATION.sub("", text, count=1).translate(_CONTROL_CHARACTERS)
    parser = lxml.html.HTMLParser(huge_tree=True)  # one a page: a parser is not to be shared by threads
    try:
        tree = lxml.html.document_fromstring(markup, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None
    fatal = [error.message for error in parser.error_log if error.level_name == "FATAL"]
    if fatal:
        reason = "its elements are nested too deeply" if "depth" in fatal[0] else fatal[0].split(",")[0]
        raise UnreadableFile(f"the page cannot be read whole: {reason}; not imported")
    return tree


def _extract(tree: lxml.html.HtmlElement, config: ConfigParser) -> dict:
    """trafilatura's findings for the page (title, text, date, ...); empty when it finds nothing.
    trafilatura cuts ``tree`` down to the article."""
    # Imported here because trafilatura takes a third of a second to import and
    # most sessions never open an HTML file.
    import trafilatura

    try:
        document = trafilatura.bare_extraction(tree, with_metadata=True, include_comments=False, config=config)
    except Exception:  # noqa: BLE001 — a third-party heuristic must not sink the import
        return {}
    if document is None:
        return {}
    # trafilatura 1.x (still allowed by the requirements) returns a dict, 2.x a Document.
    return document if isinstance(document, dict) else document.as_dict()


def _with_div_paragraphs(text: str, raw_text: str) -> str:
    """``text``, or what trafilatura's default settings find when that holds every paragraph of
    ``text``, in order, and more: on a page with under 750 characters in <p>s the default reads
    paragraphs written as <div>s, which ours (lowered for briefs, see ``_config``) drops from
    150 on. Where the default falls back to the page's text run together, it does not hold
    ``text``'s paragraphs as paragraphs, and ``text`` stays."""
    from trafilatura.settings import DEFAULT_CONFIG

    tree = _parse_tree(raw_text)  # trafilatura has cut the first tree down to the article
    fuller = (_extract(tree, DEFAULT_CONFIG).get("text") or "") if tree is not None else ""
    remaining = iter(line.strip() for line in fuller.splitlines())
    # "in" on an iterator consumes it up to the match: every line found after the one before.
    in_order = all(line.strip() in remaining for line in text.splitlines() if line.strip())
    return fuller if in_order and len(fuller) > len(text) else text


@lru_cache(maxsize=1)
def _config() -> ConfigParser:
    """trafilatura's settings, but for the main text it takes as found: from 50 characters rather than
    250. Under that it falls back to reading the page's text whole, which runs a brief's headline and
    paragraphs into one and keeps what pages show without scripts ("Enable JavaScript")."""
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", str(MIN_MAIN_TEXT_CHARS))
    return config


def _date_in_markup(raw_text: str) -> str | None:
    """The page's date as its markup states it (meta tags, ``<time>``, a date in the URL), without
    reading one out of the text: that search makes a year alone ("first proposed in 2009", "Copyright
    2024") the first of January of it, which trafilatura gives as the date. A page dated the first
    of January in its markup keeps the date."""
    from htmldate import find_date

    tree = _parse_tree(raw_text)  # trafilatura has cut the first tree down to the article
    try:
        return find_date(tree, extensive_search=False, original_date=True) if tree is not None else None
    except Exception:  # noqa: BLE001 — a third-party heuristic must not sink the import
        return None


def _drop_repeated_title(text: str, title: str) -> str:
    """trafilatura often repeats the ``<h1>`` as the first line of the text, not always as the title
    is written: "WIND FARM OPENS!" under an ``og:title`` "Wind farm opens"."""
    first, _, rest = text.lstrip().partition("\n")
    if (wanted := _as_compared(title)) and _as_compared(first) == wanted:
        return rest
    return text


def _as_compared(heading: str) -> str:
    return normalize_for_matching(heading).rstrip(_HEADING_END_PUNCTUATION)


def _names_only(author: str | None) -> str | None:
    """trafilatura's authors without the pieces of a date it takes for names from a by-line that
    states one ("Jane Doe; May 2" from "By Jane Doe | May 2, 2023"): a name has no digits."""
    names = [name for name in (author or "").split("; ") if name and not any(c.isdigit() for c in name)]
    return "; ".join(names) or None


def _visible_body_text(tree: lxml.html.HtmlElement) -> str:
    """The text a browser would show, one block element per paragraph (edits ``tree``)."""
    lxml.etree.strip_elements(tree, *_INVISIBLE_ELEMENTS, with_tail=False)
    for element in tree.iter(*_BLOCK_ELEMENTS):
        element.tail = "\n\n" + (element.tail or "")
    body = tree.find("body")
    return (body if body is not None else tree).text_content()


def _declared_language(tree: lxml.html.HtmlElement) -> str | None:
    # The HTML parser keeps XHTML's "xml:lang" as a plain attribute name.
    language = tree.get("lang") or tree.get("xml:lang") or ""
    return language.strip() or None

