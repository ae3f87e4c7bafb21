"""Where an imported file came from: a path on disk, or an entry inside a zip archive,
written ``archive.zip!/folder/entry.txt`` (archives nest: ``outer.zip!/inner.zip!/a.txt``).

>>> path = SourcePath.in_archive("/news/wire.zip", "2021/story.txt")
>>> str(path), path.name
('/news/wire.zip!/2021/story.txt', 'story.txt')
>>> SourcePath.parse("/news/outer.zip!/inner.zip!/a.txt").archives
('/news/outer.zip', 'inner.zip')
>>> SourcePath.parse("/news/plain.txt").name
'plain.txt'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath, PurePosixPath

ARCHIVE_SEPARATOR = "!/"


def readable_path(path: str) -> str:
    """``path`` as text that can be stored and shown: the bytes of a file name that are not UTF-8,
    which Python carries as lone surrogates that no UTF-8 text may hold, written as ``\\xff``.

    >>> readable_path("/news/caf\\udce9.txt"), readable_path("/news/café.txt")
    ('/news/caf\\\\xe9.txt', '/news/café.txt')
    """
    if path.isascii():
        return path
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        undecoded = path.encode("utf-8", "surrogateescape") if _escapes_only(path) else path.encode(
            "utf-8", "backslashreplace")
        return undecoded.decode("utf-8", "backslashreplace")


def _escapes_only(path: str) -> bool:
    """Whether every lone surrogate of ``path`` stands for an undecodable byte (U+DC80..U+DCFF)."""
    return all("\udc80" <= char <= "\udcff" for char in path if "\ud800" <= char <= "\udfff")


@dataclass(frozen=True)
class SourcePath:
    """A stored source path: the archives it sits in (outermost first), then the file itself."""

    archives: tuple[str, ...]
    file: str

    @classmethod
    def parse(cls, path: str) -> SourcePath:
        *archives, file = path.split(ARCHIVE_SEPARATOR)
        return cls(tuple(archives), file)

    @classmethod
    def in_archive(cls, archive: str, entry: str) -> SourcePath:
        """``entry`` of the archive stored as ``archive`` (itself possibly inside another)."""
        outer = cls.parse(archive)
        return cls((*outer.archives, outer.file), entry)

    @property
    def name(self) -> str:
        """The file's own name, as a person would call it ("story.txt"); the whole path if it has none."""
        if self.archives:  # a zip entry's name uses forward slashes (or backslashes, from Windows tools)
            name = PurePosixPath(self.file.replace("\\", "/")).name
        else:
            name = PurePath(self.file).name
        return name or str(self)

    def __str__(self) -> str:
        return ARCHIVE_SEPARATOR.join((*self.archives, self.file))
