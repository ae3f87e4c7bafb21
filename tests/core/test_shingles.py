import zlib

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.core.dedupe.candidates import BUCKET_PAIR_LIMIT, pairs_sharing_keys
from curator.core.dedupe.sketch import (
    BANDS,
    SIGNATURE_BINS,
    band_keys,
    overlap,
    shingle_hashes,
    shingle_set,
    signature,
)
from curator.core.text import word_ids, word_spans

TEXT = "Russia on Thursday rejected a US call to cut ties with North Korea in response to a launch."


def test_word_ids_fold_case_width_and_are_stable_across_calls():
    assert word_ids("Kim Jong-Un") .tolist() == word_ids("kim JONG-un").tolist()
    assert word_ids("ＮＡＴＯ").tolist() == word_ids("nato").tolist()
    # Stored signatures depend on these values: they must not change between runs.
    assert word_ids("abc").tolist() == [zlib.crc32(b"abc") | zlib.crc32(b"abc", 0x5BD1E995) << 32]


def test_word_spans_point_into_the_original_text():
    ids, spans = word_spans("“Lose it,” he said")
    assert ["“Lose it,” he said"[s:e] for s, e in spans] == ["Lose", "it", "he", "said"]
    assert ids.tolist() == word_ids("lose it he said").tolist()


def test_shingles_need_enough_words():
    assert len(shingle_hashes(word_ids("too short"))) == 0
    assert len(shingle_hashes(word_ids("one two three four five"))) == 2
    assert signature(shingle_set(word_ids("too short"))) is None


def test_identical_texts_have_identical_signatures_and_band_keys():
    a, b = signature(shingle_set(word_ids(TEXT))), signature(shingle_set(word_ids(TEXT.upper())))
    assert a.shape == (SIGNATURE_BINS,) and (a == b).all()
    assert (band_keys(a[None]) == band_keys(b[None])).all()
    assert band_keys(a[None]).shape == (1, BANDS) and band_keys(a[None]).dtype == np.int64


def test_signature_estimates_jaccard():
    rng = np.random.default_rng(3)
    base = rng.integers(0, 2**64, 2000, dtype=np.uint64)
    for keep in (0.9, 0.6, 0.3):
        other = np.concatenate([base[: int(2000 * keep)], rng.integers(0, 2**64, int(2000 * (1 - keep)), dtype=np.uint64)])
        a, b = np.unique(base), np.unique(other)
        true = overlap(a, b).jaccard
        assert abs(np.mean(signature(a) == signature(b)) - true) < 0.12


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 2**64 - 1), min_size=1, max_size=300, unique=True))
def test_signature_of_any_set_is_full_and_deterministic(values):
    shingles = np.array(sorted(values), dtype=np.uint64)
    first, second = signature(shingles), signature(shingles.copy())
    assert first.shape == (SIGNATURE_BINS,) and (first == second).all()
    assert (first < np.uint64(2**57)).all()  # empty bins were all filled


def test_overlap_containment_of_an_abridged_copy():
    full = shingle_set(word_ids(TEXT * 3 + " extra words at the very end of it"))
    abridged = shingle_set(word_ids(TEXT))
    result = overlap(full, abridged)
    assert result.containment == 1.0 and result.jaccard < 0.6


def _pairs_by_definition(keys: list[int], owners: list[int]) -> set[tuple[int, int]]:
    """Each key's distinct owners, in order: all pairs of them, or the first with each other one when
    there are more than BUCKET_PAIR_LIMIT."""
    members: dict[int, set[int]] = {}
    for key, owner in zip(keys, owners):
        members.setdefault(key, set()).add(owner)
    pairs = set()
    for group in map(sorted, members.values()):
        if len(group) > BUCKET_PAIR_LIMIT:
            pairs.update((group[0], other) for other in group[1:])
        else:
            pairs.update((a, b) for i, a in enumerate(group) for b in group[i + 1:])
    return pairs


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 60)), max_size=300))
def test_pairs_sharing_keys_are_every_pair_of_a_key_and_a_chain_of_a_crowded_one(rows):
    keys, owners = [key for key, _ in rows], [owner for _, owner in rows]
    found = pairs_sharing_keys(np.array(keys, dtype=np.int64), np.array(owners, dtype=np.int64))
    assert found == _pairs_by_definition(keys, owners)
    assert all(type(a) is int and type(b) is int for a, b in found)


def test_a_word_written_with_a_non_joiner_is_one_word_the_same_as_without_it():
    from curator.core.text import count_words, fold_word, normalize_for_matching

    zwnj = "\u200c"
    text = f"دولت می{zwnj}خواهد قیمت{zwnj}ها را ثابت نگه دارد. Equinor{zwnj} met 北京{zwnj}会见"
    joined = text.replace(zwnj, "")
    assert word_ids(text).tolist() == word_ids(joined).tolist()
    assert count_words(text) == count_words(joined)
    ids, spans = word_spans(text)
    assert ids.tolist() == word_ids(joined).tolist()
    assert [text[start:end] for start, end in spans][1:3] == [f"می{zwnj}خواهد", f"قیمت{zwnj}ها"]
    assert fold_word(f"می{zwnj}خواهد") == "میخواهد"
    assert normalize_for_matching(text) == normalize_for_matching(joined)
    # English with a stray non-joiner (cleaning drops it between Latin letters) is split from its bytes as ever.
    assert word_ids(f"the re{zwnj}port").tolist() == word_ids("the report").tolist()
