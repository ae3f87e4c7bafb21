"""The sample articles shipped with Curator: two outlets' versions of one story."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def sample_paths() -> list[Path]:
    """Paths of the bundled sample articles.

    Installed, they ship as the ``curator.seeds`` package data; in a source
    checkout they are the repository's ``seeds/`` folder.
    """
    try:
        folder = Path(str(resources.files("curator.seeds")))
    except ModuleNotFoundError:
        folder = Path(__file__).resolve().parents[2] / "seeds"
    return sorted(folder.glob("*.txt"))
