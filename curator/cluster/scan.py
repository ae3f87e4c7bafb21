"""``cluster_scan``: the library's duplicate scan as Dask tasks over Parquet or JSON Lines articles.

The steps are the library scan's (``curator.core.dedupe``), run per partition:

1. read and sketch each part: the importer's cleaning, then body hash, shingle count, signature;
2. bodies with equal hashes (shuffled by hash) are chained into candidates;
3. band keys (shuffled by key) pair the articles sharing one, as ``pairs_sharing_keys`` does;
4. candidates are joined with both articles' signatures (aligned on the ordinal index, so only
   pairs move) and filtered by ``estimated_containment`` unless they share a body hash; the
   plausible ones are joined with both bodies the same way and ``verified``;
5. the clusters the pairs form (``union_find``) are closed (``closure_pairs``) and those pairs
   verified the same way; the clusters are the connected components of every pair found;
6. with ``ScanOptions.stories``, the story tier (``stories.story_tier``) finds the
   same-story pairs that are not copies and scores the copies' ``related`` column.

So the pairs equal those ``scan_duplicates`` finds in a fresh library holding the same
articles in the same order. Results go to ``results.write_results``.
"""

from __future__ import annotations

import logging
import time
import warnings
from dataclasses import dataclass, field

import dask
import numpy as np
import pandas as pd
from dask import dataframe as dd
from distributed import Client, progress

from curator.cluster.frames import joined_by_ordinal
from curator.cluster.inputs import ORDINAL_BITS, BadInput, Columns, Part, read_part
from curator.cluster.stories import story_tier
from curator.core.dedupe import (
    PLAUSIBLE_CONTAINMENT,
    Features,
    band_keys,
    chained,
    closure_pairs,
    estimated_containment,
    pairs_sharing_keys,
    sketch_bodies,
    union_find,
    verified,
)
from curator.core.library import Settings
from curator.core.text import clean_article_text

PAIR_COLUMNS = {"a": "int64", "b": "int64", "unconditional": "bool"}
FOUND_COLUMNS = {
    "a": "int64", "b": "int64", "id_a": "object", "id_b": "object", "score": "float64", "kind": "object",
    "jaccard": "float64", "containment": "float64", "ratio": "float64", "shingles_a": "int64",
    "shingles_b": "int64",
}


@dataclass
class ScanOptions:
    threshold: float = Settings.duplicate_threshold
    shingle_words: int = Settings.shingle_words
    skip_empty: bool = False
    show_progress: bool = True
    stories: bool = False  # the story tier: same-story pairs that are not copies


@dataclass
class ScanResult:
    """Everything the results are written from: pairs found, clusters, counts and timings."""

    parts: list[Part]
    columns: Columns
    options: ScanOptions
    pairs: pd.DataFrame  # FOUND_COLUMNS and related (the pair's same-story score, NaN without the story tier), by (a, b)
    clusters: list[list[int]]  # ordinals, each sorted, ordered by their first member
    ids: dict[int, str]  # ordinal -> input id, for the clustered articles
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    # The story tier's related pairs that are not copies (``stories.StoryTierResult.related``), if it ran.
    related: pd.DataFrame | None = None


def cluster_scan(client: Client, parts: list[Part], columns: Columns, options: ScanOptions) -> ScanResult:
    """Find the duplicate pairs and clusters of the input ``parts`` (``inputs.list_parts``) on ``client``'s cluster."""
    # Each shuffle's start and end is logged as a warning by the scheduler; the progress bars say enough.
    logging.getLogger("distributed.shuffle").setLevel(logging.ERROR)
    # Signatures travel as bytes, which Dask's conversion of object columns to Arrow strings would decode.
    # Every computation on ``client``'s cluster, even where another client is the current one.
    with dask.config.set({"dataframe.convert-string": False}), client.as_current(), warnings.catch_warnings():
        # At a million articles the story tier's tasks carry tens of megabytes of pairs between them,
        # a few kilobytes a task: Dask's advice to load such data with Dask instead does not apply.
        warnings.filterwarnings("ignore", "Sending large graph", UserWarning)
        return _scan(client, parts, columns, options)


def _scan(client: Client, parts: list[Part], columns: Columns, options: ScanOptions) -> ScanResult:
    timings: dict[str, float] = {}
    started = clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 3)
        clock = now

    articles = _persisted(client, _sketched(parts, columns, options), options)
    sizes = articles.map_partitions(_sketch_counts, meta={"articles": "int64", "empty": "int64"}).sum().compute()
    _check_unique_ids(articles)
    lap("read_and_sketch")

    candidates = _persisted(client, _candidates(articles), options)
    n_candidates = int(candidates.shape[0].compute())
    found = _persisted(client, _verified(articles, candidates, options), options).compute()
    lap("candidates_and_verification")

    known = set(zip(found["a"].tolist(), found["b"].tolist()))
    closure = sorted(closure_pairs(union_find(known)) - known)
    if closure:
        extra = pd.DataFrame(closure, columns=["a", "b"]).assign(unconditional=True)
        more = dd.from_pandas(extra, npartitions=max(1, min(articles.npartitions, len(extra) // 5000 + 1)))
        found = pd.concat([found, _verified(articles, more, options).compute()], ignore_index=True)
    found = found.sort_values(["a", "b"], ignore_index=True)
    clusters = union_find(zip(found["a"].tolist(), found["b"].tolist()))
    # The persisted articles (texts and signatures) and candidates are let go before the story tier
    # reads the texts again: each worker holds its share of them, gigabytes at a million articles.
    del articles, candidates
    lap("cluster_closure")

    related = None
    story_counts: dict[str, int] = {}
    if options.stories:
        tier = story_tier(client, parts, columns, options.skip_empty, zip(found["a"].tolist(), found["b"].tolist()),
                          options.show_progress)
        found["related"] = [tier.copy_scores.get(pair, np.nan) for pair in zip(found["a"].tolist(), found["b"].tolist())]
        related, story_counts = tier.related, tier.counts
        timings["stories"] = tier.seconds
    else:
        found["related"] = np.nan

    ids = dict(zip(found["a"].tolist(), found["id_a"].tolist())) | dict(zip(found["b"].tolist(), found["id_b"].tolist()))
    counts = {
        "parts": len(parts), "articles": int(sizes["articles"]), "empty_texts": int(sizes["empty"]),
        "candidates": n_candidates, "closure_candidates": len(closure), "pairs": len(found),
        "clusters": len(clusters), "clustered_articles": sum(map(len, clusters)), **story_counts,
    }
    timings["total"] = round(time.perf_counter() - started, 3)
    return ScanResult(parts, columns, options, found, clusters, ids, counts, timings, related)


def _check_unique_ids(articles: dd.DataFrame) -> None:
    """Refuse input where two articles share an id (read as text, 1 and "1" are one): their pairs would
    name one article for two, and a reviewer merging them would lose one."""
    counts = articles["id"].value_counts()
    repeated = counts[counts > 1].head(1, npartitions=-1)
    if len(repeated):
        raise BadInput(f"the id {repeated.index[0]!r} is given to {int(repeated.iloc[0])} articles; each article needs "
                       "an id of its own (--id names the column; a number and the same digits as text are one id)")


def _persisted(client: Client, frame: dd.DataFrame, options: ScanOptions) -> dd.DataFrame:
    frame = client.persist(frame)
    if options.show_progress:
        progress(frame)
        print()
    return frame


def _sketched(parts: list[Part], columns: Columns, options: ScanOptions) -> dd.DataFrame:
    """Articles by ordinal: input id, clean body, body hash, shingle count, signature bytes."""
    divisions = [part.first_ordinal for part in parts] + [parts[-1].first_ordinal + (1 << ORDINAL_BITS) - 1]
    return dd.from_map(_sketch_part, parts, args=(columns, options), meta=_sketch_frame(pd.DataFrame(
        {"id": [], "text": []}, index=pd.Index([], dtype="int64", name="ordinal")), options.shingle_words),
        divisions=divisions, enforce_metadata=False)


def _sketch_part(part: Part, column_map: Columns, options: ScanOptions) -> pd.DataFrame:
    return _sketch_frame(read_part(part, column_map, with_optional=False, skip_empty=options.skip_empty),
                         options.shingle_words)


def _sketch_frame(rows: pd.DataFrame, shingle_words: int) -> pd.DataFrame:
    """The importer's cleaning, then the library scan's sketch; a text left empty gets no hash."""
    bodies = [clean_article_text(text)[1] if isinstance(text, str) else "" for text in rows["text"]]
    kept = [i for i, body in enumerate(bodies) if body.strip()]
    hashes: list[str | None] = [None] * len(bodies)
    counts = np.zeros(len(bodies), dtype=np.int64)
    signatures: list[bytes | None] = [None] * len(bodies)
    for i, (digest, count, sig) in zip(kept, sketch_bodies([bodies[i] for i in kept], shingle_words)):
        hashes[i], counts[i], signatures[i] = digest, count, None if sig is None else sig.tobytes()
    frame = pd.DataFrame({
        "id": pd.Series(rows["id"].tolist(), dtype=object), "body": pd.Series(bodies, dtype=object),
        "hash": pd.Series(hashes, dtype=object), "shingles": counts, "signature": pd.Series(signatures, dtype=object),
    })
    frame.index = rows.index
    return frame


def _sketch_counts(frame: pd.DataFrame) -> pd.DataFrame:
    empty = int(frame["hash"].isna().sum())
    return pd.DataFrame({"articles": [len(frame) - empty], "empty": [empty]})


def _candidates(articles: dd.DataFrame) -> dd.DataFrame:
    """Every candidate pair once: equal body hashes (verified unconditionally), then shared band keys."""
    hashed = articles[["hash"]].dropna().reset_index()
    exact = hashed.shuffle(on="hash").map_partitions(_exact_pairs, meta=PAIR_COLUMNS)
    keys = articles[["signature"]].map_partitions(_band_rows, meta={"key": "int64", "ordinal": "int64"})
    similar = keys.shuffle(on="key").map_partitions(_key_pairs, meta=PAIR_COLUMNS)
    both = dd.concat([exact, similar])
    return both.shuffle(on="a").map_partitions(_distinct_pairs, meta=PAIR_COLUMNS)


def _exact_pairs(frame: pd.DataFrame) -> pd.DataFrame:
    pairs = []
    for _, ordinals in frame.sort_values("ordinal").groupby("hash", sort=False)["ordinal"]:
        pairs.extend(chained(ordinals.tolist()))
    return _pair_frame(pairs, unconditional=True)


def _band_rows(frame: pd.DataFrame) -> pd.DataFrame:
    signed = frame["signature"].dropna()
    if signed.empty:
        return pd.DataFrame({"key": np.empty(0, np.int64), "ordinal": np.empty(0, np.int64)})
    signatures = np.frombuffer(b"".join(signed.tolist()), dtype=np.uint64).reshape(len(signed), -1)
    keys = band_keys(signatures)
    return pd.DataFrame({"key": keys.ravel(), "ordinal": np.repeat(signed.index.to_numpy(np.int64), keys.shape[1])})


def _key_pairs(frame: pd.DataFrame) -> pd.DataFrame:
    pairs = pairs_sharing_keys(frame["key"].to_numpy(np.int64), frame["ordinal"].to_numpy(np.int64))
    return _pair_frame(sorted(pairs), unconditional=False)


def _pair_frame(pairs: list[tuple[int, int]], *, unconditional: bool) -> pd.DataFrame:
    array = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    return pd.DataFrame({"a": array[:, 0], "b": array[:, 1], "unconditional": np.full(len(array), unconditional)})


def _distinct_pairs(frame: pd.DataFrame) -> pd.DataFrame:
    """A pair found both ways keeps ``unconditional`` if either way had it (equal bodies skip the estimate)."""
    return frame.groupby(["a", "b"], as_index=False, sort=True)["unconditional"].max()


def _verified(articles: dd.DataFrame, pairs: dd.DataFrame, options: ScanOptions) -> dd.DataFrame:
    """The pairs scoring at least the threshold, of those worth an exact check (``_plausible``)."""
    joined = joined_by_ordinal(articles[["id", "body"]], _plausible(articles, pairs), articles.divisions)
    return joined.map_partitions(_verify_partition, options.threshold, options.shingle_words, meta=FOUND_COLUMNS)


def _plausible(articles: dd.DataFrame, pairs: dd.DataFrame) -> dd.DataFrame:
    """Pairs with equal bodies, and the others whose signatures suggest enough containment.

    Only signatures travel with the pairs here, so the bodies move for the plausible pairs alone.
    """
    sure = pairs[pairs["unconditional"]][["a", "b"]]
    estimated = joined_by_ordinal(articles[["shingles", "signature"]], pairs[~pairs["unconditional"]][["a", "b"]],
                        articles.divisions)
    return dd.concat([sure, estimated.map_partitions(_plausible_partition, meta={"a": "int64", "b": "int64"})])


def _plausible_partition(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame({"a": np.empty(0, np.int64), "b": np.empty(0, np.int64)})
    containment = estimated_containment(_signatures(frame["signature_a"].to_numpy()),
                                        _signatures(frame["signature_b"].to_numpy()),
                                        frame["shingles_a"].to_numpy(), frame["shingles_b"].to_numpy())
    return frame.loc[containment >= PLAUSIBLE_CONTAINMENT, ["a", "b"]].astype("int64")


def _verify_partition(frame: pd.DataFrame, threshold: float, shingle_words: int) -> pd.DataFrame:
    features: dict[int, Features] = {}

    def features_of(ordinal: int, body: str) -> Features:
        if ordinal not in features:
            features[ordinal] = Features.of(body, shingle_words)
        return features[ordinal]

    rows = []
    for row in frame.itertuples(index=False):
        verdict = verified(features_of(row.a, row.body_a), features_of(row.b, row.body_b), threshold)
        if verdict is not None:
            size_a, size_b = verdict.reason["shingles"]
            rows.append((row.a, row.b, row.id_a, row.id_b, verdict.score, str(verdict.kind),
                         verdict.reason["jaccard"], verdict.reason["containment"], verdict.reason["ratio"],
                         size_a, size_b))
    return pd.DataFrame(rows, columns=list(FOUND_COLUMNS)).astype(FOUND_COLUMNS)


def _signatures(values: np.ndarray) -> np.ndarray:
    return np.frombuffer(b"".join(values.tolist()), dtype=np.uint64).reshape(len(values), -1)
