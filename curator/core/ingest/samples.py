"""Where Curator's shipped data lives, and the sample articles: two outlets' versions of one story."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[3]


def package_folder(package: str, checkout_folder: str) -> Path:
    """The folder of a data-only package (``curator.seeds``, ``curator.resources``).

    Installed, the data ships as that package; in a source checkout or an
    editable install it is the repository's own folder. These packages have no
    ``__init__``, so ``resources.files`` may return a multiplexed path whose
    ``str()`` is not a file name: the folder is taken from an entry's path.
    """
    try:
        root = resources.files(package)
    except ModuleNotFoundError:
        return REPOSITORY / checkout_folder
    for entry in root.iterdir():
        return Path(str(entry)).parent
    return REPOSITORY / checkout_folder


def sample_paths() -> list[Path]:
    """Paths of the bundled sample articles."""
    return sorted(package_folder("curator.seeds", "seeds").glob("*.txt"))
