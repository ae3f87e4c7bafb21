"""What the entity engine's operations share: its refusal and the shape of a ranked match."""

from __future__ import annotations

from dataclasses import dataclass

from curator.core.errors import Refusal

MAX_NAME_LENGTH = 200
# "Merge Into" offers this many closest names before the rest.
MERGE_RANKED = 10


def tidied_name(text: str, *, missing: str, too_long: str) -> str:
    """``text`` with its spaces tidied; refused (with ``missing``/``too_long``) when empty or too long."""
    tidy = " ".join(text.split())
    if not tidy:
        raise EntityError(missing)
    if len(tidy) > MAX_NAME_LENGTH:
        raise EntityError(f"{too_long} is at most {MAX_NAME_LENGTH} characters")
    return tidy


class EntityError(Refusal):
    """An entity operation that cannot be done; the message says why.

    A refusal: raised before anything is written, about something the user can change
    (a name already taken, a type still in use).
    """


@dataclass(frozen=True)
class EntityMatch:
    """An existing entity that a surface text may refer to, and how closely (0–100)."""

    id: int
    name: str
    type: str
    score: float
    matched: str  # the name or alias that matched


