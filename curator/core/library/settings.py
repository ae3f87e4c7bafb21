"""The library's preferences: the duplicate threshold, the shingle size, the import size limit,
the boilerplate phrases and the entity suggestions' confidence floor.

They live in the library file (the ``settings`` table: a row per setting changed from its
default, the value as JSON), so the app and the CLI, on any machine, treat one library alike.
Each change is one journaled transaction; changes that make the duplicate index stale
(another shingle size, or a lower threshold, whose pairs were never stored) clear it, so
the next scan sketches and compares the whole library again. Pairs and decisions stay.

>>> library = Library.open(":memory:")
>>> get_settings(library).duplicate_threshold
0.5
>>> changes = update_settings(library, duplicate_threshold=0.6)
>>> library.history(1)[0]["summary"]
'Changed preferences: duplicate threshold 0.5 → 0.6'
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from typing import Any, Literal, overload

from curator.core.errors import Refusal
from curator.core.library.states import Operation
from curator.core.library.store import Changes, Library
from curator.core.text import BOILERPLATE_LINES, Boilerplate

# The defaults a new library starts with; the engines read them from here.
SUGGEST_THRESHOLD = 0.5
SHINGLE_WORDS = 4
MAX_FILE_MB = 50
# Entity suggestions less sure than this (entities/confidence.py) are not proposed.
SUGGESTION_FLOOR = 0.5

THRESHOLD_RANGE = (0.4, 0.95)
# Shingles are mixed from up to eight word positions (see shingles._POSITION_MULTIPLIERS).
SHINGLE_WORDS_RANGE = (3, 8)
MAX_FILE_MB_RANGE = (1, 1000)
SUGGESTION_FLOOR_RANGE = (0.0, 0.95)
# Longer lines are never boilerplate (see normalize._BOILERPLATE_MAX_CHARS).
MAX_PHRASE_CHARS = 120

# The threshold as SQL, for the queries that list open suggestions: a pair scoring under
# a raised threshold stays stored but leaves the review queue (and returns if it is lowered).
DUPLICATE_THRESHOLD_SQL = (
    "coalesce((SELECT CAST(value AS REAL) FROM settings WHERE key = 'duplicate_threshold'), "
    f"{SUGGEST_THRESHOLD})"
)

_HAS_WORD_CHARACTER = re.compile(r"[^\W_]")


class SettingsError(Refusal, ValueError):
    """A preference value that cannot be used; the message says why.

    A refusal, since nothing is stored and the user can enter another value; also a
    ``ValueError``, as a bad value passed to any function is.
    """


@dataclass(frozen=True)
class Settings:
    """A library's preferences, with the defaults a new library starts with."""

    duplicate_threshold: float = SUGGEST_THRESHOLD  # pairs scoring at least this are suggested
    shingle_words: int = SHINGLE_WORDS  # text counts as shared in runs of this many words
    max_file_mb: int = MAX_FILE_MB  # larger files are refused
    boilerplate_phrases: tuple[str, ...] = ()  # the curator's own, in normalize.BOILERPLATE_LINES notation
    disabled_boilerplate: tuple[str, ...] = ()  # built-in phrases turned off
    suggestion_floor: float = SUGGESTION_FLOOR  # entity suggestions less sure than this are not proposed

    @property
    def boilerplate(self) -> Boilerplate:
        return _boilerplate(self.boilerplate_phrases, self.disabled_boilerplate)


@lru_cache(maxsize=8)
def _boilerplate(extra: tuple[str, ...], disabled: tuple[str, ...]) -> Boilerplate:
    """One set of rules (compiled on first use) per list of phrases, however many imports use it."""
    return Boilerplate(extra=extra, disabled=disabled)


NAMES = tuple(f.name for f in fields(Settings))


def get_settings(library: Library) -> Settings:
    """The library's preferences (a single small read). A stored value this version cannot
    read counts as the default."""
    stored = dict(library.db.execute("SELECT key, value FROM settings").fetchall())
    values: dict[str, Any] = {}  # each value of its setting's type, as checked() makes sure
    for name in NAMES:
        if name in stored:
            try:
                values[name] = checked(name, json.loads(stored[name]))
            except (ValueError, TypeError):
                continue
    return Settings(**values)


@overload
def checked(name: Literal["duplicate_threshold", "suggestion_floor"], value: object) -> float: ...
@overload
def checked(name: Literal["shingle_words", "max_file_mb"], value: object) -> int: ...
@overload
def checked(name: Literal["boilerplate_phrases", "disabled_boilerplate"], value: object) -> tuple[str, ...]: ...
@overload
def checked(name: str, value: object) -> object: ...
def checked(name: str, value) -> object:
    """``value`` as setting ``name`` stores it, or a :class:`SettingsError` saying what is wrong."""
    if name == "duplicate_threshold":
        low, high = THRESHOLD_RANGE
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            raise SettingsError(f"The duplicate threshold is a score from {low:g} to {high:g}")
        return round(float(value), 2)
    if name == "suggestion_floor":
        low, high = SUGGESTION_FLOOR_RANGE
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            raise SettingsError(f"The suggestion confidence floor is from {low:g} to {high:g}")
        return round(float(value), 2)
    if name == "shingle_words":
        low, high = SHINGLE_WORDS_RANGE
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise SettingsError(f"Shared text is counted in runs of {low} to {high} words")
        return value
    if name == "max_file_mb":
        low, high = MAX_FILE_MB_RANGE
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise SettingsError(f"The import size limit is {low} to {high} MB")
        return value
    if name == "boilerplate_phrases":
        return _phrases(value)
    if name == "disabled_boilerplate":
        off = {phrase.casefold() for phrase in _phrases(value)}
        unknown = off - {phrase.casefold() for phrase in BOILERPLATE_LINES}
        if unknown:
            raise SettingsError(f"“{sorted(unknown)[0]}” is not a built-in boilerplate phrase")
        return tuple(phrase for phrase in BOILERPLATE_LINES if phrase.casefold() in off)
    raise SettingsError(f"There is no setting “{name}”")


def _phrases(value) -> tuple[str, ...]:
    """Phrases with their spacing tidied, "..." written "…", duplicates (ignoring case) dropped."""
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise SettingsError("Boilerplate phrases are a list of lines")
    phrases, seen = [], set()
    for phrase in value:
        if not isinstance(phrase, str):
            raise SettingsError("A boilerplate phrase is a line of text")
        tidy = " ".join(phrase.split())
        if tidy.endswith("..."):
            tidy = tidy[:-3].rstrip() + "…"
        if not _HAS_WORD_CHARACTER.search(tidy):
            raise SettingsError("A boilerplate phrase needs at least one letter or digit")
        if len(tidy) > MAX_PHRASE_CHARS:
            raise SettingsError(f"A boilerplate phrase is at most {MAX_PHRASE_CHARS} characters")
        if tidy.casefold() not in seen:
            seen.add(tidy.casefold())
            phrases.append(tidy)
    return tuple(phrases)


def rescan_needed(before: Settings, after: Settings) -> bool:
    """True when going from ``before`` to ``after`` makes the whole library need comparing again:
    sketches of another shingle size cannot be compared, and pairs under the old threshold
    were never stored."""
    return (after.shingle_words != before.shingle_words
            or after.duplicate_threshold < before.duplicate_threshold)


def update_settings(library: Library, **changes) -> Changes:
    """Change some preferences in one journaled transaction (``Changes(None)`` when nothing changes).

    >>> library = Library.open(":memory:")
    >>> _ = update_settings(library, shingle_words=5, boilerplate_phrases=["Listen to this article"])
    >>> get_settings(library).boilerplate_phrases
    ('Listen to this article',)
    >>> update_settings(library, shingle_words=5).history_id is None
    True
    """
    values: dict[str, Any] = {name: checked(name, value) for name, value in changes.items()}
    with library.atomic() as db:
        before = get_settings(library)
        after = replace(before, **values)
        changed = [name for name in NAMES if getattr(after, name) != getattr(before, name)]
        if not changed:
            return Changes(None)
        defaults = Settings()
        for name in changed:
            if getattr(after, name) == getattr(defaults, name):
                db.execute("DELETE FROM settings WHERE key = ?", [name])
            else:
                db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                           [name, json.dumps(getattr(after, name))])
        if rescan_needed(before, after):
            db.execute("DELETE FROM dedupe_index")
        history_id = library.journal(
            Operation.UPDATE_SETTINGS,
            "Changed preferences: " + "; ".join(_describe(name, getattr(before, name), getattr(after, name))
                                                 for name in changed),
            args={"changed": changed},
            before={name: getattr(before, name) for name in changed},
            after={name: getattr(after, name) for name in changed},
        )
    return Changes(history_id)


def _describe(name: str, old, new) -> str:
    if name == "duplicate_threshold":
        return f"duplicate threshold {old:g} → {new:g}"
    if name == "shingle_words":
        return f"shared text counted in runs of {old} → {new} words"
    if name == "max_file_mb":
        return f"import size limit {old} → {new} MB"
    if name == "suggestion_floor":
        return f"suggestion confidence floor {old:g} → {new:g}"
    if name == "boilerplate_phrases":
        return _list_change("boilerplate phrase", "added", "removed", old, new)
    return _list_change("built-in boilerplate phrase", "turned off", "turned on", old, new)


def _list_change(what: str, added_verb: str, removed_verb: str, old: tuple[str, ...], new: tuple[str, ...]) -> str:
    added = [phrase for phrase in new if phrase not in old]
    removed = [phrase for phrase in old if phrase not in new]
    parts = []
    for verb, phrases in ((added_verb, added), (removed_verb, removed)):
        if phrases:
            quoted = ", ".join(f"“{phrase}”" for phrase in phrases[:3]) + (" …" if len(phrases) > 3 else "")
            parts.append(f"{verb} {what}{'s' if len(phrases) != 1 else ''} {quoted}")
    return "; ".join(parts) or f"reordered {what}s"
