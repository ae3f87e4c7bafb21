"""One family of errors: whatever the core raises is a CuratorError, a Refusal when nothing changed."""

import importlib
import inspect
import pkgutil

import pytest

import curator.core
from curator.core.curation import MergeError
from curator.core.dedupe import PairError, scan_duplicates
from curator.core.entities import EntityError
from curator.core.errors import Cancelled, CuratorError, Refusal
from curator.core.export import ExportError, ExportFormat, export_library
from curator.core.ingest import UnreadableFile, import_paths, sample_paths
from curator.core.ingest.sources import SourceReadError
from curator.core.library import (
    BackupError,
    HistoryConflict,
    LibraryError,
    NothingToDo,
    SettingsError,
    undo,
    update_settings,
)


def core_exceptions() -> list[type[BaseException]]:
    """Every exception class a module of the core defines."""
    found = []
    for module_info in pkgutil.walk_packages(curator.core.__path__, "curator.core."):
        module = importlib.import_module(module_info.name)
        found += [value for value in vars(module).values() if inspect.isclass(value)
                  and issubclass(value, BaseException) and value.__module__ == module.__name__]
    return found


def test_every_exception_of_the_core_is_a_curator_error():
    exceptions = core_exceptions()
    assert {MergeError, LibraryError, UnreadableFile} <= set(exceptions)
    assert [e for e in exceptions if not issubclass(e, CuratorError)] == []


@pytest.mark.parametrize("refusal", [EntityError, MergeError, PairError, SettingsError, HistoryConflict, NothingToDo,
                                     ExportError])
def test_refusals(refusal):
    assert issubclass(refusal, Refusal)


@pytest.mark.parametrize("failure", [LibraryError, BackupError, UnreadableFile, SourceReadError])
def test_failures_are_not_refusals(failure):
    assert issubclass(failure, CuratorError) and not issubclass(failure, Refusal)


def test_a_bad_setting_is_a_refusal_and_a_value_error(library):
    with pytest.raises(Refusal, match="duplicate threshold"):
        update_settings(library, duplicate_threshold=2)
    with pytest.raises(ValueError):
        update_settings(library, shingle_words="four")


def test_nothing_to_undo_is_a_refusal(library):
    with pytest.raises(Refusal, match="Nothing to undo"):
        undo(library)


def test_long_operations_stop_at_a_cancel_and_keep_nothing_half_done(library, tmp_path):
    import_paths(library, sample_paths())
    assert scan_duplicates(library, cancelled=lambda: True).cancelled
    assert library.db.execute("SELECT count(*) FROM dedupe_index").fetchone()[0] == 0
    target = tmp_path / "out.jsonl"
    assert export_library(library, target, ExportFormat.JSONL, cancelled=lambda: True).cancelled
    assert not target.exists() and not [path for path in tmp_path.iterdir() if path.suffix == ".part"]


def test_cancelled_is_a_curator_error_but_no_refusal():
    assert issubclass(Cancelled, CuratorError) and not issubclass(Cancelled, Refusal)
