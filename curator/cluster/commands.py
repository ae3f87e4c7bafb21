"""The cluster scan's commands: ``cluster-scan``, ``import-scan`` and ``export-decisions``.

``curator.cli`` adds them to its parser and runs them; Dask, distributed and pyarrow (the
``cluster`` extra) are imported only when one of them runs.
"""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

from curator.cluster import SAMPLE_GROUPS, SAMPLE_ORDERS
from curator.core.errors import CuratorError
from curator.core.library import Library, Settings

COMMANDS = ("cluster-scan", "import-scan", "export-decisions")

class MissingExtra(CuratorError):
    """The cluster extra is not installed."""


def add_commands(commands, db_option: argparse.ArgumentParser) -> None:
    scan = commands.add_parser(
        "cluster-scan", help="find duplicates in Parquet or JSON Lines articles with Dask",
        description="Run the duplicate scan as a Dask job over Parquet or JSON Lines files (local paths, folders or "
        "fsspec URLs such as s3://bucket/articles/): the same cleaning, sketching, banding and verification as the "
        "library's scan, then with --stories the story scan's same-story pairs that are not copies (kind related). "
        "Writes pairs.parquet, clusters.parquet, articles/ and summary.json to OUT, and with --stories "
        "stories.parquet. Needs the cluster extra: pip install 'curator[cluster]'.",
    )
    scan.add_argument("inputs", nargs="+", metavar="INPUT")
    scan.add_argument("--out", required=True, metavar="DIR", help="results folder (a path or an fsspec URL)")
    scan.add_argument("--scheduler", metavar="ADDRESS",
                      help="a running Dask scheduler (tcp://host:8786); default: a local cluster sized to this machine")
    scan.add_argument("--workers", type=int, metavar="N", help="worker processes of the local cluster (default: one per core)")
    for name, default in (("id", "id"), ("text", "text"), ("title", None), ("date", None), ("url", None),
                          ("source", None)):
        scan.add_argument(f"--{name}", default=default, metavar="COLUMN",
                          help=f"the column holding the {name}" + (f" (default: {default})" if default else ""))
    scan.add_argument("--threshold", type=float, default=Settings.duplicate_threshold, metavar="X",
                      help="suggest pairs scoring at least X (default: %(default)s, as a new library)")
    scan.add_argument("--shingle-words", type=int, default=Settings.shingle_words, metavar="N",
                      help="shingle size in words (default: %(default)s, as a new library)")
    scan.add_argument("--skip-empty", action="store_true", help="scan on past empty files and row groups")
    scan.add_argument("--stories", action="store_true",
                      help="also the story tier: same-story pairs that are not copies (far costlier than the copies)")
    scan.add_argument("--quiet", action="store_true", help="no progress bars")

    sample = commands.add_parser(
        "import-scan", parents=[db_option], help="import a sample of a cluster scan's clusters for review",
        description="Import the articles of N clusters (or stories) from a cluster-scan results folder, with the scan's "
        "pairs among them as open suggestions in the review queue. Articles already imported are not imported again.",
    )
    sample.add_argument("folder", metavar="DIR")
    sample.add_argument("--sample", type=int, required=True, metavar="N", help="how many clusters")
    sample.add_argument("--by", choices=SAMPLE_ORDERS, default="largest",
                        help="the largest clusters, a random sample, or spread over score bands (default: largest)")
    sample.add_argument("--seed", type=int, default=0, help="for --by random and --by score")
    sample.add_argument("--of", dest="groups", choices=SAMPLE_GROUPS, default="clusters",
                        help="sample clusters of copies, or stories (copies and related pairs; default: clusters)")

    decisions = commands.add_parser(
        "export-decisions", parents=[db_option], help="write the decisions on imported scan pairs to Parquet",
        description="Write every decision taken on pairs from import-scan (merged, not_duplicate, skipped, linked: "
        "same story) "
        "to OUT as Parquet: a, b (the input ids), decision, kind, score, decided_at.",
    )
    decisions.add_argument("out", type=Path, metavar="OUT")


def run(args, db_path: Path) -> int:
    """Run one of ``COMMANDS``; the core's errors are left to the CLI."""
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError as error:
        raise MissingExtra(f"needs the cluster extra ({error.name} is missing): pip install 'curator[cluster]'") from None
    if args.command == "cluster-scan":
        return _cluster_scan(args)
    from curator.cluster.review import export_decisions, import_scan

    library = Library.open(db_path)
    try:
        if args.command == "import-scan":
            report = import_scan(library, args.folder, args.sample, args.by, args.seed, args.groups)
            print(report.summary() + ".")
            for problem in report.errors:
                print(f"  error: {problem}")
            return 0
        written = export_decisions(library, args.out)
        print(f"Wrote {written} decision{'s' if written != 1 else ''} to {args.out}.")
        return 0
    finally:
        library.close()


def _cluster_scan(args) -> int:
    from distributed import Client, LocalCluster

    from curator.cluster.inputs import Columns, list_parts, read_part
    from curator.cluster.results import write_results
    from curator.cluster.scan import ScanOptions, cluster_scan

    columns = Columns(args.id, args.text, args.title, args.date, args.url, args.source)
    parts = list_parts(args.inputs)
    # The first part here, before any cluster starts: a wrong column name fails at once.
    read_part(parts[0], columns, with_optional=True, skip_empty=True)
    options = ScanOptions(args.threshold, args.shingle_words, args.skip_empty, show_progress=not args.quiet,
                          stories=args.stories)
    if args.scheduler:
        client = Client(args.scheduler)
        cluster = None
    else:
        # One single-threaded process per core: the work is pure Python, which threads would serialise.
        # Its processes log nothing to the terminal: bad input fails a task there, and this command says
        # what was wrong in one line; their log of it (a traceback, then the shutdown's) said it again.
        cluster = LocalCluster(n_workers=args.workers or os.cpu_count() or 1, threads_per_worker=1,
                               silence_logs=logging.CRITICAL)
        client = Client(cluster)
    try:
        print(f"Dask dashboard: {client.dashboard_link}", flush=True)
        result = cluster_scan(client, parts, columns, options)
        summary = write_results(result, args.out, args.inputs, client.scheduler.address)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    counts = summary["counts"]
    related = f", {counts['related_pairs']} same-story pairs" if "related_pairs" in counts else ""
    print(f"Scanned {counts['articles']} articles in {summary['timings_s']['total']:.1f} s: {counts['pairs']} "
          f"duplicate pairs in {counts['clusters']} clusters{related}; results in {args.out}")
    return 0
