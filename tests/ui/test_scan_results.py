"""File → Open Scan Results…: a cluster scan's sample built into a library on the worker and opened."""

from __future__ import annotations

import json
import sys

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from curator.core.dedupe import open_pairs
from curator.core.library import Library
from curator.ui import file_dialogs
from curator.ui.scan_results import ScanSampleDialog


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """A small corpus's cluster scan results, copies and stories, from an in-process cluster."""
    pytest.importorskip("dask.distributed")
    from distributed import Client, LocalCluster

    from curator.cluster.inputs import list_parts
    from curator.cluster.results import write_results
    from curator.cluster.scan import ScanOptions, cluster_scan
    from tests.test_cluster_scan import COLUMNS, corpus

    root = tmp_path_factory.mktemp("scan")
    corpus(300).to_parquet(root / "in.parquet", index=False)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        result = cluster_scan(client, list_parts([str(root / "in.parquet")]), COLUMNS, ScanOptions(show_progress=False, stories=True))
        write_results(result, str(root / "out"), [str(root / "in.parquet")], client.scheduler.address)
    return root / "out"


def test_the_file_menu_offers_scan_results(window):
    file_menu = window.menuBar().actions()[0].menu()
    assert window.scan_results.open_action in file_menu.actions()


def test_a_sample_of_stories_is_built_on_the_worker_and_opened(qtbot, make_window, threaded_tasks, results,
                                                                monkeypatch):
    window = make_window(threaded_tasks)
    monkeypatch.setattr(file_dialogs, "get_existing_directory", lambda *args, **kwargs: str(results))
    chosen = {}

    def accept(dialog: ScanSampleDialog) -> QDialog.DialogCode:
        dialog.groups.setCurrentIndex(dialog.groups.findData("stories"))
        dialog.sample_size.setValue(5)
        dialog.order.setCurrentIndex(dialog.order.findData("random"))
        chosen["library"] = dialog.library_path.text()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ScanSampleDialog, "exec", accept)
    with qtbot.waitSignal(window.open_library_requested, timeout=30_000) as opened:
        window.scan_results.open_action.trigger()
    assert opened.args == [results / "review.db"] and chosen["library"] == str(results / "review.db")
    review = Library.open(results / "review.db")
    try:
        scan_ids = [json.loads(metadata)["scan_id"] for (metadata,) in review.db.execute("SELECT metadata FROM articles")]
        assert scan_ids and open_pairs(review)
    finally:
        review.close()
    assert window.statusBar().currentMessage().startswith("Imported 5 stories: ")


def test_without_the_cluster_extra_the_menu_says_what_to_install(window, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if it were not installed
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    monkeypatch.setattr(file_dialogs, "get_existing_directory",
                        lambda *args, **kwargs: pytest.fail("no folder is asked for without the extra"))
    assert window.scan_results.choose() is None
    assert len(told) == 1 and "pyarrow is missing" in told[0] and "pip install 'curator[cluster]'" in told[0]
