"""Words, shingles and MinHash signatures: the numeric side of duplicate detection.

Text is split into normalised words; each run of ``SHINGLE_WORDS`` consecutive
words is hashed to 64 bits. A signature is a one-permutation MinHash (the minimum
shingle hash in each of ``SIGNATURE_BINS`` hash-space bins, with empty bins filled
by rotation), which estimates Jaccard similarity at the cost of one hash per
shingle instead of one per shingle per permutation. Signatures are cut into LSH
bands; articles sharing any band key become candidate pairs.

Every hash here is stable across runs and machines (no Python ``hash()``), because
signatures and band keys are stored in the library.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from curator.core.library.settings import SHINGLE_WORDS

SIGNATURE_BINS = 128
BAND_ROWS = 3
BANDS = SIGNATURE_BINS // BAND_ROWS  # 42 bands of 3 rows: candidates from a Jaccard of about 0.3 up

_BIN_BITS = SIGNATURE_BINS.bit_length() - 1
_VALUE_MASK = np.uint64((1 << (64 - _BIN_BITS)) - 1)
_BIN_SHIFT = np.uint64(64 - _BIN_BITS)
_EMPTY = np.uint64(np.iinfo(np.uint64).max)
_BIN_STARTS = np.arange(SIGNATURE_BINS, dtype=np.uint64) << _BIN_SHIFT
# Odd 64-bit constants (from splitmix64/xxhash) to mix word positions and bits.
_POSITION_MULTIPLIERS = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5,
     0x85EBCA77C2B2AE63, 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB],
    dtype=np.uint64,
)
_ROTATION_STEP = np.uint64(0x9E3779B97F4A7C15)




def shingle_hashes(ids: np.ndarray, size: int = SHINGLE_WORDS) -> np.ndarray:
    """64-bit hashes of every run of ``size`` consecutive words (empty when too short)."""
    count = len(ids) - size + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint64)
    mixed = ids[:count] * _POSITION_MULTIPLIERS[0]
    for offset in range(1, size):
        mixed ^= ids[offset:offset + count] * _POSITION_MULTIPLIERS[offset]
    # splitmix64 finaliser: spreads the bits so the top bits (the bin) are uniform.
    mixed ^= mixed >> np.uint64(30)
    mixed *= np.uint64(0xBF58476D1CE4E5B9)
    mixed ^= mixed >> np.uint64(27)
    mixed *= np.uint64(0x94D049BB133111EB)
    mixed ^= mixed >> np.uint64(31)
    return mixed


def shingle_set(ids: np.ndarray, size: int = SHINGLE_WORDS) -> np.ndarray:
    """The sorted distinct hashes of a word sequence's shingles of ``size`` words."""
    hashes = np.sort(shingle_hashes(ids, size))
    if len(hashes) < 2:
        return hashes
    # Sort-and-mask: several times faster than np.unique on arrays this small.
    distinct = np.empty(len(hashes), dtype=bool)
    distinct[0] = True
    np.not_equal(hashes[1:], hashes[:-1], out=distinct[1:])
    return hashes[distinct]


def signature(shingles: np.ndarray) -> np.ndarray | None:
    """One-permutation MinHash of a sorted shingle set (as from ``shingle_set``), or None when empty.

    The bin is a hash's top bits, so in a sorted set each bin's minimum is the first
    hash at or after the bin's start: one binary search instead of a scatter.
    """
    if len(shingles) == 0:
        return None
    firsts = np.searchsorted(shingles, _BIN_STARTS)
    ends = np.append(firsts[1:], len(shingles))
    filled = firsts < ends
    result = np.full(SIGNATURE_BINS, _EMPTY, dtype=np.uint64)
    result[filled] = shingles[firsts[filled]] & _VALUE_MASK
    if not filled.all():
        _densify(result, ~filled)
    return result


def _densify(result: np.ndarray, empty: np.ndarray) -> None:
    """Fill empty bins from the next filled bin to the right (circularly), offset by the distance.

    Both articles of a pair fill their bins by the same rule, so a filled value still
    agrees exactly when the two sets agree on the bin it was copied from.
    """
    filled = np.flatnonzero(~empty)
    targets = np.flatnonzero(empty)
    position = np.searchsorted(filled, targets) % len(filled)
    sources = filled[position]
    distance = ((sources - targets) % SIGNATURE_BINS).astype(np.uint64)
    result[targets] = (result[sources] + distance * _ROTATION_STEP) & _VALUE_MASK


def band_keys(signatures: np.ndarray) -> np.ndarray:
    """LSH band keys, shape (n, BANDS), as signed 64-bit ints (SQLite's integer type).

    The band index is mixed in, so equal rows in different bands never collide.
    """
    rows = signatures[:, : BANDS * BAND_ROWS].reshape(len(signatures), BANDS, BAND_ROWS)
    keys = np.zeros((len(signatures), BANDS), dtype=np.uint64)
    for row in range(BAND_ROWS):
        keys ^= rows[:, :, row] * _POSITION_MULTIPLIERS[row + 3]
        keys = (keys << np.uint64(17)) | (keys >> np.uint64(47))
    keys ^= np.arange(BANDS, dtype=np.uint64) * _ROTATION_STEP
    return keys.view(np.int64)


@dataclass(frozen=True)
class Overlap:
    """Exact set overlap of two articles' shingles."""

    shared: int
    size_a: int
    size_b: int

    @property
    def jaccard(self) -> float:
        union = self.size_a + self.size_b - self.shared
        return self.shared / union if union else 0.0

    @property
    def containment(self) -> float:
        """Share of the smaller article's shingles found in the other."""
        smaller = min(self.size_a, self.size_b)
        return self.shared / smaller if smaller else 0.0


def overlap(shingles_a: np.ndarray, shingles_b: np.ndarray) -> Overlap:
    shared = len(np.intersect1d(shingles_a, shingles_b, assume_unique=True))
    return Overlap(shared, len(shingles_a), len(shingles_b))

