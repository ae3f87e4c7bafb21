"""A cluster scan's results folder: what ``cluster-scan`` writes and ``import-scan`` reads.

- ``pairs.parquet``: a, b (input ids, a first in input order), score, kind, jaccard, containment,
  ratio, shingles_a, shingles_b (a copy's reason parts, as the library stores them), cluster (the
  copy cluster; empty for a related pair), related (the pair's same-story score, 0..1), and a
  related pair's reason parts: summary, text_similarity, title_similarity, shared_names,
  shared_terms, days_apart, missing, closest (each the other's closest article). The copies come
  first, in input order; the story tier adds the rows of kind ``related`` after them: versions of
  one story that are not copies, scored as the library's story scan scores them;
- ``clusters.parquet``: id, cluster, size (every article in a copy pair; clusters numbered in input order);
- ``stories.parquet``: id, story, size (every article in any pair; a story is a connected
  component of copy and related pairs, numbered in input order), written when the story tier ran;
- ``articles/``: the input fields (ordinal, id, text, title, date, url, source) of every article in
  a pair, written by the workers, so a sample can be imported without the input;
- ``summary.json``: inputs, columns, parameters, counts and timings.
"""

from __future__ import annotations

import json
import posixpath
import time
from collections import Counter
from dataclasses import asdict
from itertools import chain

import fsspec
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from dask import dataframe as dd

from curator import __version__
from curator.cluster.inputs import ORDINAL_BITS, BadInput, Columns, Part, read_part
from curator.cluster.scan import ScanResult
from curator.core.dedupe import SIGNATURE_BINS, union_find
from curator.core.library import PairKind

PAIRS, CLUSTERS, STORIES, ARTICLES, SUMMARY = (
    "pairs.parquet", "clusters.parquet", "stories.parquet", "articles", "summary.json")
ARTICLE_FIELDS = ("id", "text", "title", "date", "url", "source")


# pairs.parquet's columns: a copy's, then a related pair's reason parts (with the story tier).
PAIR_FIELDS = [("a", pa.string()), ("b", pa.string()), ("score", pa.float64()), ("kind", pa.string()),
               ("jaccard", pa.float64()), ("containment", pa.float64()), ("ratio", pa.float64()),
               ("shingles_a", pa.int64()), ("shingles_b", pa.int64()), ("related", pa.float64()),
               ("cluster", pa.int64())]
REASON_FIELDS = [("summary", pa.string()), ("text_similarity", pa.float64()), ("title_similarity", pa.float64()),
                 ("shared_names", pa.list_(pa.string())), ("shared_terms", pa.list_(pa.string())),
                 ("days_apart", pa.int64()), ("missing", pa.list_(pa.string())), ("closest", pa.bool_())]
# Related pairs are written this many rows at a time, as they come from the tiles that found them.
ROWS_PER_WRITE = 100_000


def write_results(result: ScanResult, out: str, inputs: list[str], scheduler: str) -> dict:
    """Write the results folder (created if needed); returns the summary written.

    The copies are written first, then the related pairs as the story tier's tiles give them, so no
    more than ``ROWS_PER_WRITE`` of them are held here at once."""
    started = time.perf_counter()
    fs, root = fsspec.core.url_to_fs(out)
    fs.makedirs(root, exist_ok=True)
    cluster_of = {ordinal: number for number, members in enumerate(result.clusters) for ordinal in members}
    copies = result.pairs.assign(cluster=result.pairs["a"].map(cluster_of).astype("Int64"))
    kinds = Counter(copies["kind"].tolist())
    ids = dict(result.ids)
    schema = pa.schema(PAIR_FIELDS + (REASON_FIELDS if result.related is not None else []))
    with fs.open(posixpath.join(root, PAIRS), "wb") as handle, pq.ParquetWriter(handle, schema) as writer:
        writer.write_table(_pair_table(copies, schema))
        if result.related is not None:
            waiting: list[pd.DataFrame] = []
            for frame in chain(result.related.frames(), [None]):  # None: the end, to write what waits
                if frame is not None:
                    ids.update(zip(frame["a"].tolist(), frame["id_a"].tolist()))
                    ids.update(zip(frame["b"].tolist(), frame["id_b"].tolist()))
                    waiting.append(frame.assign(kind=str(PairKind.RELATED), related=frame["score"]))
                if waiting and (frame is None or sum(map(len, waiting)) >= ROWS_PER_WRITE):
                    writer.write_table(_pair_table(pd.concat(waiting, ignore_index=True), schema))
                    waiting = []
            kinds[str(PairKind.RELATED)] = len(result.related)
    if result.related is not None:
        related = result.related.ordinals
        stories = union_find(zip([*copies["a"].tolist(), *related[:, 0].tolist()],
                                 [*copies["b"].tolist(), *related[:, 1].tolist()]))
        _write_table(fs, posixpath.join(root, STORIES), _groups(stories, ids, "story"))
    _write_table(fs, posixpath.join(root, CLUSTERS), _groups(result.clusters, result.ids, "cluster"))
    _write_articles(result, sorted(ids), fs.unstrip_protocol(posixpath.join(root, ARTICLES)))
    write = round(time.perf_counter() - started, 3)
    timings = {**result.timings, "write": write, "total": round(result.timings["total"] + write, 3)}
    summary = {
        "curator": __version__,
        "inputs": inputs,
        "scheduler": scheduler,
        "columns": asdict(result.columns),
        "parameters": {"threshold": result.options.threshold, "shingle_words": result.options.shingle_words,
                       "signature_bins": SIGNATURE_BINS, "skip_empty": result.options.skip_empty,
                       "stories": result.options.stories},
        "counts": {**result.counts, "kinds": {kind: count for kind, count in kinds.most_common()}},
        "timings_s": timings,
    }
    with fs.open(posixpath.join(root, SUMMARY), "w") as handle:
        json.dump(summary, handle, indent=2)
    return summary


def _pair_table(frame: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    """Rows of pairs (ordinals a, b and input ids id_a, id_b) as pairs.parquet holds them: input ids
    as a and b, a column a row lacks left empty."""
    named = frame.drop(columns=["a", "b"]).rename(columns={"id_a": "a", "id_b": "b"})
    empty = pd.Series([None] * len(named), index=named.index, dtype=object)
    named = named.assign(**{name: empty for name in schema.names if name not in named})
    return pa.Table.from_pandas(named[schema.names], schema=schema, preserve_index=False)


def _groups(groups: list[list[int]], ids: dict[int, str], column: str) -> pd.DataFrame:
    """One row per member: its input id, its group's number and size."""
    members = [(ordinal, number, len(group)) for number, group in enumerate(groups) for ordinal in group]
    return pd.DataFrame({
        "id": pd.Series([ids[ordinal] for ordinal, _, _ in members], dtype=object),
        column: np.array([number for _, number, _ in members], dtype=np.int64),
        "size": np.array([size for _, _, size in members], dtype=np.int64),
    })


def _write_table(fs, path: str, frame: pd.DataFrame) -> None:
    with fs.open(path, "wb") as handle:
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), handle)


def _write_articles(result: ScanResult, ordinals: list[int], url: str) -> None:
    """The clustered articles' input fields, each part reading its own rows again (on the workers)."""
    wanted = np.array(ordinals, dtype=np.int64)
    numbers = wanted >> ORDINAL_BITS
    by_part = {part.number: wanted[numbers == part.number] for part in result.parts}
    parts = [part for part in result.parts if len(by_part[part.number])]
    if not parts:
        return
    meta = pd.DataFrame({name: pd.Series([], dtype=object) for name in ARTICLE_FIELDS},
                        index=pd.Index([], dtype="int64", name="ordinal"))
    frame = dd.from_map(_member_rows, parts, [by_part[part.number] for part in parts],
                        args=(result.columns,), meta=meta, enforce_metadata=False)
    schema = pa.schema([("ordinal", pa.int64()), *((name, pa.string()) for name in ARTICLE_FIELDS)])
    frame.to_parquet(url, write_index=True, schema=schema)


def _member_rows(part: Part, ordinals: np.ndarray, column_map: Columns) -> pd.DataFrame:
    rows = read_part(part, column_map, with_optional=True, skip_empty=True)
    rows = rows[rows.index.isin(ordinals)]
    return pd.DataFrame({name: rows[name] if name in rows else pd.Series(None, index=rows.index, dtype=object)
                         for name in ARTICLE_FIELDS})


# Reading ------------------------------------------------------------------------------


def read_results(folder: str, groups: str = CLUSTERS, pair_columns: list[str] | None = None
                 ) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    """(summary, pairs, groups) of a results folder, the groups its copy clusters (``CLUSTERS``) or
    its stories (``STORIES``), the pairs with only ``pair_columns`` if given (a million articles'
    pairs with all their reasons fill gigabytes); ``BadInput`` when it is not one."""
    summary = read_summary(folder)
    fs, root = fsspec.core.url_to_fs(folder)
    try:
        pairs = pq.read_table(posixpath.join(root, PAIRS), filesystem=fs, columns=pair_columns).to_pandas()
        clusters = pq.read_table(posixpath.join(root, groups), filesystem=fs).to_pandas()
    except (OSError, ValueError, pa.ArrowException) as error:
        raise BadInput(f"{folder} is not a cluster scan's results folder ({error})") from None
    return summary, pairs, clusters


def read_summary(folder: str) -> dict:
    """The summary of a results folder; ``BadInput`` when it is not one."""
    fs, root = fsspec.core.url_to_fs(folder)
    try:
        with fs.open(posixpath.join(root, SUMMARY)) as handle:
            return json.load(handle)
    except (OSError, ValueError) as error:
        raise BadInput(f"{folder} is not a cluster scan's results folder ({error})") from None


def read_pairs_among(folder: str, ids: list[str]) -> pd.DataFrame:
    """Every column of the pairs whose articles are both among ``ids``."""
    fs, root = fsspec.core.url_to_fs(folder)
    return pq.read_table(posixpath.join(root, PAIRS), filesystem=fs,
                         filters=[("a", "in", ids), ("b", "in", ids)]).to_pandas()


def read_articles(folder: str, ids: list[str]) -> pd.DataFrame:
    """The named articles' input fields, in input order."""
    if not ids:
        return pd.DataFrame(columns=["ordinal", *ARTICLE_FIELDS])
    fs, root = fsspec.core.url_to_fs(folder)
    table = pq.read_table(posixpath.join(root, ARTICLES), filesystem=fs, filters=[("id", "in", ids)])
    return table.to_pandas().sort_values("ordinal", ignore_index=True)
