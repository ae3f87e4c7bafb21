"""ordered_map: the same results in the same order, in worker processes or here."""

import multiprocessing
import os

from curator.core.parallel import ordered_map


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
