"""The scans' set operations give what NumPy's own give, on any integers."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from curator.core.arrays import contains, difference, distinct

integers = st.lists(st.integers(min_value=-(2**62), max_value=2**62), max_size=60).map(
    lambda values: np.array(values, dtype=np.int64))
# Few distinct values, so that the two sides share many.
crowded = st.lists(st.integers(min_value=0, max_value=12), max_size=60).map(lambda values: np.array(values, dtype=np.int64))


@given(st.one_of(integers, crowded))
def test_distinct_is_numpys_unique(values):
    assert np.array_equal(distinct(values), np.unique(values))
    assert distinct(values).dtype == values.dtype


@given(st.one_of(integers, crowded), st.one_of(integers, crowded))
def test_contains_is_numpys_isin(values, others):
    assert np.array_equal(contains(values, others), np.isin(values, others))


@given(crowded, crowded)
def test_difference_is_numpys_setdiff1d(values, others):
    assert np.array_equal(difference(values, others), np.setdiff1d(values, others))


def test_contains_of_values_ending_alike():
    # Values alike in their low bits all pass the table: the lookup among the others decides.
    others = np.arange(0, 2**40, 2**30, dtype=np.int64)
    values = np.concatenate([others + 2**29, others[::3]])
    assert np.array_equal(contains(values, others), np.isin(values, others))


@given(st.lists(st.integers(min_value=-(2**40), max_value=2**40), min_size=8, max_size=80), st.data())
def test_contains_of_many_values_among_few(values, data):
    # The table of low bits is used when the others are a quarter of the values or fewer.
    values = np.array(values, dtype=np.int64)
    others = np.array(data.draw(st.lists(st.sampled_from(values.tolist()) | st.integers(-(2**40), 2**40), max_size=len(values) // 4)),
                      dtype=np.int64)
    assert np.array_equal(contains(values, others), np.isin(values, others))


def test_contains_keeps_the_shape_of_the_values():
    values = np.array([[1, 5], [7, 1]], dtype=np.int64)
    assert np.array_equal(contains(values, np.array([1, 7])), np.isin(values, [1, 7]))
    assert np.array_equal(contains(values, np.arange(100)), np.isin(values, np.arange(100)))
