"""What the command line's arguments are: ids, counts and sizes read and checked, and its exit codes."""

from __future__ import annotations

import argparse
import math

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
LARGEST_ID = 2**63 - 1  # SQLite's largest integer


def _id_reader(kind: str):
    """An argparse type for ids of ``kind`` ("article", "story", ...): whole numbers SQLite can hold."""

    def read(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not {kind} id (a whole number)") from None
        if value < 1:
            raise argparse.ArgumentTypeError(f"{text} is not {kind} id (ids start at 1)")
        if value > LARGEST_ID:
            raise argparse.ArgumentTypeError(f"{text} is not {kind} id (too large for a library to hold)")
        return value

    read.__name__ = kind.split()[-1] + "_id"  # argparse names the type in its messages
    return read


article_id = _id_reader("an article")
story_id = _id_reader("a story")
import_number = _id_reader("an import")


def count(text: str) -> int:
    """A number of things to show: a whole number from 0 (a larger one than SQLite holds shows all)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return min(value, LARGEST_ID)


def is_id(text: str) -> bool:
    return text.isascii() and text.isdigit() and 1 <= int(text) <= LARGEST_ID


# A million megabytes (a terabyte): more than any article file, and far from a float too large to count bytes in.
MOST_MEGABYTES = 1_000_000


def megabytes(text: str) -> float:
    """A size in MB: a finite number above zero."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of megabytes") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{text} MB is not a size; give a number above 0")
    if value > MOST_MEGABYTES:
        raise argparse.ArgumentTypeError(f"{text} MB is more than any file; give at most {MOST_MEGABYTES:,} MB")
    return value
