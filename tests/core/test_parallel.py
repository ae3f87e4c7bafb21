"""ordered_map: the same results in the same order, in worker processes or here; run_apart: work in a
process of its own, its progress, cancel and errors here."""

import multiprocessing
import os

import pytest

from curator.core.parallel import ordered_map, run_apart, worker_count


def square_all(items, offset=0):
    return [item * item + offset for item in items]


def die_in_a_worker(items):
    if multiprocessing.parent_process() is not None:
        os._exit(1)  # a worker that cannot run: the pool breaks
    return sum(items)


BATCHES = [(f"batch {n}", list(range(n, n + 5))) for n in range(0, 60, 5)]


def test_parallel_results_equal_serial_ones_in_order():
    serial = list(ordered_map(square_all, BATCHES, parallel=False, args=(1,)))
    parallel = list(ordered_map(square_all, BATCHES, parallel=True, args=(1,)))
    assert parallel == serial
    assert serial[0] == ("batch 0", [1, 2, 5, 10, 17]) and len(serial) == 12


def test_a_broken_pool_still_gives_every_result():
    assert list(ordered_map(die_in_a_worker, BATCHES[:3], parallel=True)) == [
        ("batch 0", 10), ("batch 5", 35), ("batch 10", 60)]


def test_stopping_early_takes_only_what_was_read():
    taken = []
    results = ordered_map(square_all, iter(BATCHES), parallel=True)
    for key, _ in results:
        taken.append(key)
        if len(taken) == 2:
            break
    results.close()
    assert taken == ["batch 0", "batch 5"]


@pytest.mark.parametrize("ahead", [1, 3])
def test_the_workers_run_at_most_ahead_batches_each_beyond_the_one_being_read(ahead):
    read = []

    def batches():
        for key, items in BATCHES:
            read.append(key)
            yield key, items

    results = ordered_map(square_all, batches(), parallel=True, ahead=ahead)
    assert next(results)[0] == "batch 0"
    workers = worker_count()
    # Serially each batch is read as it is needed; in parallel, the queue fills before the first result.
    assert len(read) == (ahead * workers + 1 if workers >= 2 else 1)
    results.close()


def count_to(limit, *, progress, cancelled):
    for done in range(limit):
        progress(done, limit, "Counting")
    return (os.getpid(), limit)


def count_until_cancelled(*, progress, cancelled):
    done = 0
    while not cancelled():
        done += 1
        if done == 1:
            progress(1, 0, "Waiting for a cancel")
    return "stopped"


class Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("not to be pickled")


def fail_with(error, *, progress, cancelled):
    raise error


def exit_in_a_process_of_its_own(*, progress, cancelled):
    if multiprocessing.parent_process() is not None:
        os._exit(3)  # a process that dies without a word
    return os.getpid()


def test_a_run_apart_reports_its_progress_here_and_returns_its_result():
    reported = []
    pid, limit = run_apart(count_to, (3,), progress=lambda *report: reported.append(report), cancelled=lambda: False)
    assert pid != os.getpid() and limit == 3
    assert reported == [(0, 3, "Counting"), (1, 3, "Counting"), (2, 3, "Counting")]


def test_a_run_apart_is_cancelled_from_here():
    reported = []
    result = run_apart(count_until_cancelled, (), progress=lambda *report: reported.append(report),
                       cancelled=lambda: bool(reported))
    assert result == "stopped" and reported == [(1, 0, "Waiting for a cancel")]


def test_a_run_apart_raises_its_error_here_and_tells_what_cannot_cross():
    with pytest.raises(ValueError, match="bad input"):
        run_apart(fail_with, (ValueError("bad input"),), progress=lambda *_: None, cancelled=lambda: False)
    with pytest.raises(RuntimeError, match="Unpicklable: odd"):
        run_apart(fail_with_unpicklable, (), progress=lambda *_: None, cancelled=lambda: False)


def test_work_a_process_could_not_finish_is_done_here():
    assert run_apart(exit_in_a_process_of_its_own, (), progress=lambda *_: None, cancelled=lambda: False) == os.getpid()


def fail_with_unpicklable(*, progress, cancelled):
    raise Unpicklable("odd")


def test_work_no_process_can_start_for_is_done_here(monkeypatch):
    def refuse(process):
        raise RuntimeError("An attempt has been made to start a new process before the current process ...")

    monkeypatch.setattr(multiprocessing.context.SpawnProcess, "start", refuse)
    assert run_apart(count_to, (2,), progress=lambda *_: None, cancelled=lambda: False) == (os.getpid(), 2)
