"""What the entity engine's operations share: its refusal and the shape of a ranked match."""

from __future__ import annotations

from dataclasses import dataclass

from curator.core.errors import Refusal

MAX_NAME_LENGTH = 200
# "Merge Into" offers this many closest names before the rest.
MERGE_RANKED = 10


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


