"""Importers: one module per format, all producing ``ArticleDraft`` records.

Importing this package registers every format; ``parse_file`` picks the importer
by extension. To add a format, write a module with a ``@register(...)`` parser
and import it below.
"""

from curator.core.ingest import html, records, text  # noqa: F401  (registers parsers)
from curator.core.ingest.base import (
    ArticleDraft,
    ParseResult,
    RecordError,
    UnreadableFile,
    importer_for,
    supported_extensions,
)

__all__ = [
    "ArticleDraft",
    "ParseResult",
    "RecordError",
    "UnreadableFile",
    "importer_for",
    "supported_extensions",
]
