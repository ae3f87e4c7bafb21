"""Fixtures for every test: a library file of the test's own; logs and caches kept out of the user's folders.

Nothing here imports Qt, so the core tests run without it; fixtures for tests that run Qt live in
tests/ui/conftest.py and tests/qt_settings.py.
"""

import os

# For any test that does start Qt (an environment variable, not an import): the platform plugin is chosen
# when the QApplication is created.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from curator.core.library.store import Library  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def isolated_cache_folder(tmp_path_factory):
    """Derived name lists are cached in a folder of the run's own, never the user's cache folder."""
    with pytest.MonkeyPatch.context() as patch:
        folder = tmp_path_factory.mktemp("cache")
        patch.setenv("XDG_CACHE_HOME", str(folder))
        yield folder


@pytest.fixture(autouse=True)
def isolated_log_folder(tmp_path_factory, monkeypatch):
    """The app logs into a folder of the test's own, never the user's log folder."""
    folder = tmp_path_factory.mktemp("logs")
    monkeypatch.setenv("CURATOR_LOG_DIR", str(folder))
    return folder


@pytest.fixture
def library(tmp_path):
    """A real, empty library file on disk."""
    library = Library.open(tmp_path / "test.db")
    yield library
    library.close()
