"""Checking new articles: the copy scan, then the story scan, as one step the app, the import and
``curator scan`` share.

Copies come first: a pair the copy scan suggests is not suggested again as a rewrite. Each scan is
its own transaction, so a cancelled story scan keeps the copies found before it.

>>> from curator.core.ingest import sample_paths
>>> library = Library.open(":memory:")
>>> _ = import_and_sketch(library, sample_paths())
>>> unchecked_articles(library)
2
>>> checked = check_new_articles(library)
>>> checked.summary()
'Checked 2 new articles: 1 possible duplicate pair'
>>> unchecked_articles(library)
0
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from curator.core.dedupe import (
    ScanReport,
    count_unscanned,
    scan_duplicates,
    sketch_bodies,
    store_import_sketches,
)
from curator.core.errors import Cancelled
from curator.core.ingest import BodySketch, ImportReport, import_paths
from curator.core.library.settings import get_settings
from curator.core.library.store import Library
from curator.core.parallel import run_apart
from curator.core.progress import (
    CancelCheck,
    ProgressCallback,
    never_cancelled,
    no_progress,
)

if TYPE_CHECKING:
    from curator.core.stories import StoryScanReport

# From this many unchecked articles on, the app's check runs in a process of its own: starting one
# takes about half a second, and a check of fewer stalls the window little.
APART_MIN_ARTICLES = 1000


@dataclass(frozen=True)
class CheckReport:
    """What checking found: the copy scan's report, and the story scan's (None when it was cancelled
    or did not run because the copy scan was cancelled)."""

    copies: ScanReport
    stories: StoryScanReport | None

    @property
    def cancelled(self) -> bool:
        return self.copies.cancelled or self.stories is None

    def summary(self) -> str:
        if self.copies.cancelled:
            return "The duplicate check was cancelled; nothing was changed"
        checked = max(self.copies.new_articles, self.stories.new_articles if self.stories else 0)
        parts = [f"{self.copies.pairs_added:,} possible duplicate pair{'s' if self.copies.pairs_added != 1 else ''}"]
        if self.stories is None:
            parts.append("the search for other versions was cancelled")
        elif self.stories.pairs_added:
            parts.append(f"{self.stories.pairs_added:,} other version{'s' if self.stories.pairs_added != 1 else ''} "
                         "of the same stories")
        return f"Checked {checked:,} new article{'s' if checked != 1 else ''}: {', '.join(parts)}"


def unchecked_articles(library: Library) -> int:
    """How many active articles one of the scans has not seen yet (imported by the command line, kept
    from a cancelled import, restored from the trash)."""
    from curator.core.stories import count_unread  # the story engine: not loaded by an import

    return max(count_unscanned(library), count_unread(library))


def check_new_articles(library: Library, *, progress: ProgressCallback = no_progress,
                       cancelled: CancelCheck = never_cancelled) -> CheckReport:
    """Scan the articles not scanned yet for copies, then for other versions of their stories."""
    from curator.core.stories import scan_stories  # the story engine: not loaded by an import

    copies = scan_duplicates(library, progress=progress, cancelled=cancelled)
    if copies.cancelled:
        return CheckReport(copies, None)
    try:
        return CheckReport(copies, scan_stories(library, progress=progress, cancelled=cancelled))
    except Cancelled:  # the copies stay; the story scan runs again next time
        return CheckReport(copies, None)


def check_in_background(library: Library, *, progress: ProgressCallback = no_progress,
                        cancelled: CancelCheck = never_cancelled) -> CheckReport | None:
    """The app's check of what is new, on its worker thread: None when nothing is. A check of many
    articles runs in a process of its own (``run_apart``): its numpy work on small arrays lets go of
    the interpreter and takes it back thousands of times a second, and the window's thread, waiting
    for it each time, stalled for 80-130 ms at a time checking 2,000 articles into 20,000."""
    unchecked = unchecked_articles(library)
    if not unchecked:
        return None
    progress(0, 0, "Checking new articles for duplicates")
    if library.path is not None and unchecked >= APART_MIN_ARTICLES:
        # Checked once here: the process's own connection would check the file again at every check
        # (1.2 s at 100k articles).
        library.ensure_intact()
        return run_apart(check_library_at, (library.path,), progress=progress, cancelled=cancelled)
    return check_new_articles(library, progress=progress, cancelled=cancelled)


def check_library_at(path: Path, *, progress: ProgressCallback = no_progress,
                     cancelled: CancelCheck = never_cancelled) -> CheckReport:
    """``check_new_articles`` on the library file at ``path``, opened and closed here (in a process of its
    own), the file found intact by the connection that asked."""
    library = Library.open(path)
    library.trust_intact()
    try:
        return check_new_articles(library, progress=progress, cancelled=cancelled)
    finally:
        library.close()


def import_and_sketch(library: Library, paths: list[str | Path], **options: Any) -> ImportReport:
    """``import_paths`` with each new article's copy-scan sketch made where it is parsed (in the
    import's worker processes, when it has them) and stored in its transaction, so the scan that
    follows only bands and verifies. ``options`` are ``import_paths``' own."""
    size = get_settings(library).shingle_words
    sketch = BodySketch(sketch_bodies, (size,), partial(store_import_sketches, shingle_words=size))
    return import_paths(library, paths, sketch=sketch, **options)
