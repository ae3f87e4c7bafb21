"""The worker: jobs run off the UI thread, one at a time; results, progress and errors come back by signal."""

import threading

import pytest

from curator.core.library.store import ArticleQuery
from curator.ui.tasks import SynchronousTaskManager, TaskManager
from tests.factories import add_article


def insert_article(library, title):
    add_article(library, "Body.", title=title)
    return library.count_articles(ArticleQuery())


def test_job_runs_on_the_worker_and_its_result_arrives_on_the_ui_thread(qtbot, threaded_tasks, library):
    seen = {}

    def job(worker_library, progress, cancelled):
        seen["job_thread"] = threading.current_thread()
        seen["same_connection"] = worker_library is library
        return insert_article(worker_library, "Written by the worker")

    def done(count):
        seen["done_thread"] = threading.current_thread()
        seen["count"] = count

    threaded_tasks.submit(job, on_done=done)
    qtbot.waitUntil(lambda: "count" in seen, timeout=5000)
    assert seen["job_thread"] is not threading.main_thread()
    assert seen["done_thread"] is threading.main_thread()
    assert seen["same_connection"] is False  # the worker opened its own connection
    assert seen["count"] == 1
    assert library.count_articles() == 1  # the UI's connection sees the committed write


def test_jobs_run_one_at_a_time_in_submission_order_on_one_thread(qtbot, threaded_tasks):
    threads, results = set(), []

    def job_for(number):
        def job(library, progress, cancelled):
            threads.add(threading.current_thread())
            return number
        return job

    for number in range(5):
        threaded_tasks.submit(job_for(number), on_done=results.append)
    qtbot.waitUntil(lambda: len(results) == 5, timeout=5000)
    assert results == [0, 1, 2, 3, 4]
    assert len(threads) == 1


def test_progress_is_delivered_on_the_ui_thread_and_ends_with_the_latest_values(qtbot, threaded_tasks):
    updates, finished = [], []

    def job(library, progress, cancelled):
        for done in range(1, 1001):
            progress(done, 1000, f"file {done}")
        return "ok"

    def on_progress(done, total, label):
        assert threading.current_thread() is threading.main_thread()
        updates.append((done, total, label))

    threaded_tasks.submit(job, on_done=finished.append, on_progress=on_progress)
    qtbot.waitUntil(lambda: bool(finished), timeout=5000)
    # Coalesced: never more updates than reports, always in order.
    assert 1 <= len(updates) <= 1000
    assert [u[0] for u in updates] == sorted(u[0] for u in updates)
    assert updates[-1] == (1000, 1000, "file 1000")


def test_cancel_reaches_the_running_job(qtbot, threaded_tasks):
    started, results = threading.Event(), []

    def job(library, progress, cancelled):
        started.set()
        for step in range(10_000):
            if cancelled():
                return f"stopped at {step}"
            threading.Event().wait(0.001)
        return "ran to the end"

    task = threaded_tasks.submit(job, on_done=results.append)
    assert started.wait(5)
    task.cancel()
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert results[0].startswith("stopped at")
    assert task.finished


def test_an_exception_goes_to_on_error_on_the_ui_thread(qtbot, threaded_tasks):
    errors = []

    def job(library, progress, cancelled):
        raise ValueError("bad input")

    def on_error(error):
        errors.append((error, threading.current_thread()))

    threaded_tasks.submit(job, on_done=pytest.fail, on_error=on_error)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    error, thread = errors[0]
    assert isinstance(error, ValueError) and str(error) == "bad input"
    assert thread is threading.main_thread()


def test_after_shutdown_no_callbacks_run_and_no_jobs_are_accepted(qtbot, library):
    tasks = TaskManager(library.path)
    results = []
    tasks.submit(lambda lib, progress, cancelled: "late", on_done=results.append)
    tasks.shutdown()
    qtbot.wait(50)
    assert results == []
    with pytest.raises(RuntimeError):
        tasks.submit(lambda lib, progress, cancelled: None, on_done=results.append)


def test_the_synchronous_manager_has_the_same_interface_and_finishes_inside_submit(library):
    tasks = SynchronousTaskManager(library.path)
    results, progress_seen = [], []

    def job(worker_library, progress, cancelled):
        progress(1, 1, "only")
        return insert_article(worker_library, "Inline")

    task = tasks.submit(job, on_done=results.append, on_progress=lambda *update: progress_seen.append(update))
    assert task.finished and results == [1] and progress_seen == [(1, 1, "only")]
    errors = []
    tasks.submit(lambda *args: 1 / 0, on_done=pytest.fail, on_error=errors.append)
    assert isinstance(errors[0], ZeroDivisionError)
    tasks.shutdown()


def test_a_read_answers_while_a_write_job_is_still_running(qtbot, threaded_tasks, library):
    add_article(library, "Body.", title="Already there")
    release, answers = threading.Event(), []

    def long_write(worker_library, progress, cancelled):
        add_article(worker_library, "Body.", title="Written while the reader reads")
        release.wait(5)  # the write transaction is over; the worker is still busy

    def read(reader_library):
        answers.append(threading.current_thread().name)
        return reader_library.count_articles(ArticleQuery())

    threaded_tasks.submit(long_write, on_done=lambda _: None)
    threaded_tasks.read(read, on_done=answers.append)
    qtbot.waitUntil(lambda: len(answers) == 2, timeout=5000)
    assert not release.is_set()  # the writer was still at work when the read came back
    release.set()
    assert answers[0].startswith("curator-reader") and answers[1] in (1, 2)


def test_a_failing_read_goes_to_on_error_on_the_ui_thread(qtbot, threaded_tasks):
    errors = []
    threaded_tasks.read(lambda library: 1 / 0, on_done=pytest.fail,
                        on_error=lambda error: errors.append((error, threading.current_thread())))
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0][0], ZeroDivisionError) and errors[0][1] is threading.main_thread()


def test_the_synchronous_manager_reads_inside_the_call(library):
    tasks = SynchronousTaskManager(library.path)
    add_article(library, "Body.", title="One")
    answers = []
    tasks.read(lambda reader: reader.count_articles(ArticleQuery()), on_done=answers.append)
    assert answers == [1]
    tasks.shutdown()
