"""Reviewing a cluster scan in the app: a sample of its clusters into a library, decisions back out.

``import_scan`` picks copy clusters or stories (the largest, at random, or spread over score
bands), imports their articles through the ordinary importer (from a JSON Lines file written into
the results folder, so every article's source is on disk and its input id is kept as
``metadata.scan_id``) and adds the scan's pairs among them as open suggestions: copies to merge,
and related pairs, reviewed as Same Story or Different Stories. ``export_decisions`` writes the
decisions taken on those pairs to ``decisions.parquet`` for the pipeline to apply.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from curator.cluster import SAMPLE_GROUPS, SAMPLE_ORDERS
from curator.cluster.inputs import BadInput
from curator.cluster.results import CLUSTERS, STORIES, read_articles, read_pairs_among, read_results, read_summary
from curator.core.dedupe import (
    ExternalPair,
    add_external_pairs,
    articles_by_external_id,
    decided_external_pairs,
)
from curator.core.errors import Cancelled
from curator.core.export import ExportError, check_export_target
from curator.core.ingest import ImportLimits, import_paths
from curator.core.library import Library, PairKind
from curator.core.progress import (
    CancelCheck,
    ProgressCallback,
    never_cancelled,
    no_progress,
)

SCAN_ID = "scan_id"  # the metadata key holding an imported article's input id
# Score bands a "score" sample is spread over, by each cluster's weakest pair.
SCORE_BANDS = (0.6, 0.7, 0.8, 0.9)


@dataclass
class ImportScanReport:
    clusters: list[int] = field(default_factory=list)
    articles_imported: int = 0
    articles_present: int = 0
    pairs_added: int = 0
    errors: list[str] = field(default_factory=list)
    groups: str = "clusters"  # what ``clusters`` numbers: copy clusters or stories

    def summary(self) -> str:
        return (f"Imported {len(self.clusters)} {self.groups}: {self.articles_imported} new articles "
                f"({self.articles_present} already in the library), {self.pairs_added} new suggestions")


def choose_clusters(pairs: pd.DataFrame, clusters: pd.DataFrame, count: int, order: str, seed: int = 0) -> list[int]:
    """``count`` cluster numbers: the largest first, a random sample, or spread evenly over score bands."""
    sizes = clusters.groupby("cluster")["size"].first()
    if order == "largest":
        ranked = sorted(sizes.index, key=lambda number: (-sizes[number], number))
        return sorted(int(number) for number in ranked[:count])
    rng = random.Random(seed)
    if order == "random":
        return sorted(int(number) for number in rng.sample(list(sizes.index), min(count, len(sizes))))
    if order != "score":
        raise BadInput(f"unknown sample order '{order}' (one of {', '.join(SAMPLE_ORDERS)})")
    weakest = pairs.groupby("cluster")["score"].min()
    bands: dict[int, list[int]] = {}
    for number, score in weakest.items():
        bands.setdefault(sum(score >= edge for edge in SCORE_BANDS), []).append(int(number))
    for members in bands.values():
        rng.shuffle(members)
    chosen: list[int] = []
    while len(chosen) < count and any(bands.values()):
        for band in sorted(bands):
            if bands[band] and len(chosen) < count:
                chosen.append(bands[band].pop())
    return sorted(chosen)


def import_scan(library: Library, folder: str, count: int, order: str = "largest", seed: int = 0,
                groups: str = "clusters", *, progress: ProgressCallback = no_progress,
                cancelled: CancelCheck = never_cancelled) -> ImportScanReport:
    """Import ``count`` copy clusters (``groups="clusters"``) or stories (``"stories"``) of the results
    in ``folder`` with the pairs among their articles, as open suggestions. ``progress`` and
    ``cancelled`` follow the import's files; a cancel keeps the articles imported before it and
    adds no pairs."""
    if count <= 0:
        raise BadInput("--sample must be a positive number of clusters")
    if "://" in folder:
        raise BadInput(f"{folder} is not on this machine: copy the results folder here to import a sample of it")
    if groups not in SAMPLE_GROUPS:
        raise BadInput(f"unknown sample of '{groups}' (one of {', '.join(SAMPLE_GROUPS)})")
    if groups == "stories" and not read_summary(folder).get("parameters", {}).get("stories"):
        raise BadInput(f"{folder} was scanned without the story tier: it has clusters of copies, not stories")
    # What choosing the sample reads of every pair; the sampled pairs' reasons are read after.
    _, pairs, clusters = read_results(folder, STORIES if groups == "stories" else CLUSTERS,
                                      ["a", "b", "score", "cluster"])
    if groups == "stories":
        clusters = clusters.rename(columns={"story": "cluster"})
        group_of = dict(zip(clusters["id"], clusters["cluster"]))
        pairs = pairs.assign(cluster=pairs["a"].map(group_of))
    report = ImportScanReport(clusters=choose_clusters(pairs, clusters, count, order, seed), groups=groups)
    chosen = clusters[clusters["cluster"].isin(report.clusters)]
    ids = chosen["id"].astype(str).tolist()
    present = set(articles_by_external_id(library, SCAN_ID, ids))
    report.articles_present = len(present)
    articles = read_articles(folder, [name for name in ids if name not in present])
    if len(articles):
        sample = _sample_file(Path(folder), articles)
        # The sample is written here and whole, so the library's file size limit is no protection to keep.
        imported = import_paths(library, [sample], limits=ImportLimits(max_file_bytes=max(
            ImportLimits().max_file_bytes, sample.stat().st_size)), progress=progress, cancelled=cancelled)
        report.articles_imported = imported.imported
        report.errors = [problem.describe() for problem in imported.errors]
    if cancelled():
        raise Cancelled("Import of the scan's sample cancelled; no pairs were added")
    sample_pairs = read_pairs_among(folder, ids) if ids else pairs.iloc[:0]
    changes = add_external_pairs(library, [
        ExternalPair(str(row.a), str(row.b), float(row.score), PairKind(row.kind), _reason(row))
        for row in sample_pairs.itertuples(index=False)
    ], key=SCAN_ID)
    report.pairs_added = len(changes.pairs)
    return report


def _reason(row) -> dict:
    """A pair's reason as the library stores it: a copy's shingle counts, a related pair's story evidence."""
    if row.kind != PairKind.RELATED:
        return {"jaccard": row.jaccard, "containment": row.containment, "ratio": row.ratio,
                "shingles": [int(row.shingles_a), int(row.shingles_b)]}
    return {"summary": row.summary, "text_similarity": row.text_similarity, "title_similarity": row.title_similarity,
            "shared_names": [str(name) for name in row.shared_names],
            "shared_terms": [str(term) for term in row.shared_terms],
            "days_apart": None if pd.isna(row.days_apart) else int(row.days_apart),
            "missing": [str(item) for item in row.missing], "closest": bool(row.closest)}


def _sample_file(folder: Path, articles: pd.DataFrame) -> Path:
    """A new JSON Lines file of the articles under ``folder/samples`` (the importer's source, kept)."""
    samples = folder / "samples"
    samples.mkdir(parents=True, exist_ok=True)
    number = 1 + max((int(path.stem.split("-")[-1]) for path in samples.glob("sample-*.jsonl")
                      if path.stem.split("-")[-1].isdigit()), default=0)
    path = samples / f"sample-{number:04d}.jsonl"
    try:
        with path.open("w", encoding="utf-8") as handle:
            for row in articles.itertuples(index=False):
                record = {SCAN_ID: row.id, "title": row.title, "text": row.text, "date": row.date, "url": row.url,
                          "source": row.source}
                handle.write(json.dumps({key: _plain(value) for key, value in record.items() if _given(value)},
                                        ensure_ascii=False) + "\n")
    except BaseException:
        path.unlink(missing_ok=True)  # a sample half written is no sample
        raise
    return path


def _given(value: object) -> bool:
    """Whether a column holds a value for this article: pandas reads a missing one as None, NaN or NA."""
    if value is None:
        return False
    try:
        return not bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or a mapping: a value, however odd
        return True


def _plain(value: object) -> object:
    """``value`` as JSON writes it: text and numbers as they are, anything else (a date read as a
    timestamp, a mapping) as its text."""
    return value if isinstance(value, (str, int, float, bool)) else str(value)


def export_decisions(library: Library, out: Path) -> int:
    """Write the decisions on scanned pairs to ``out`` (Parquet), whole or not at all; returns how many.
    Refused, as an export is, where the write could destroy something: the library, a database,
    SQLite's files beside one, a folder, a device."""
    check_export_target(library, out)
    decisions = decided_external_pairs(library, SCAN_ID)
    schema = pa.schema([("a", pa.string()), ("b", pa.string()), ("decision", pa.string()), ("kind", pa.string()),
                        ("score", pa.float64()), ("decided_at", pa.string())])
    table = pa.Table.from_pylist(decisions, schema=schema)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    except OSError as error:
        raise ExportError(f"Cannot write {out}: {error.strerror or error}") from None
    os.close(handle)
    try:
        pq.write_table(table, temporary)
        os.replace(temporary, out)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise ExportError(f"Cannot write {out}: {error.strerror or error}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return len(decisions)
