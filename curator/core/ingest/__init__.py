"""Importers: one module per format, all producing ``ArticleDraft`` records.

Importing this package registers every format; ``parse_file`` picks the importer
by extension. To add a format, write a module with a ``@register(...)`` parser
and import it below.
"""

from curator.core.ingest import html, plain_text, records  # noqa: F401  (registers parsers)
from curator.core.ingest.base import (
    ArticleDraft,
    ParseResult,
    RecordError,
    UnreadableFile,
    importer_for,
    supported_extensions,
)
from curator.core.ingest.importing import (
    BodySketch,
    ImportProblem,
    ImportReport,
    import_paths,
)
from curator.core.ingest.paths import SourcePath
from curator.core.ingest.samples import package_folder, sample_paths
from curator.core.ingest.sources import MB, ImportLimits, SourceReadError, not_regular_reason, read_file

__all__ = [
    "MB",
    "BodySketch",
    "ImportLimits",
    "ImportProblem",
    "ImportReport",
    "import_paths",
    "package_folder",
    "sample_paths",
    "SourcePath",
    "ArticleDraft",
    "ParseResult",
    "RecordError",
    "UnreadableFile",
    "importer_for",
    "supported_extensions",
    "read_file",
    "not_regular_reason",
    "SourceReadError",
]
