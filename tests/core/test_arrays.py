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
