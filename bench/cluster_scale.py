"""The cluster scan at scale: generated articles on a two-worker LocalCluster, against the truth and the desktop.

    python bench/cluster_scale.py                          # 100,000 articles
    python bench/cluster_scale.py --articles 1000000       # 1M (generation alone takes a while)
    python bench/cluster_scale.py --articles 100000 --no-desktop

Generates (untimed) a corpus with ground truth (``bench/dupe_corpus.py``) in chunks of 100,000
articles, each an independent corpus of its own seed generated in a process of its own (two at a
time), reads each text through the plain-text importer, and writes each chunk as a Parquet file
(row groups of 10,000) and, for the desktop comparison, as JSON Lines. Then:

(a) ``cluster_scan`` + ``write_results`` on ``LocalCluster(n_workers=2, threads_per_worker=1)``:
    wall time per stage (the story tier's, ``stories``, beside the copy stages of the same run),
    peak RSS of each worker process (VmHWM), copy pairs precision / recall / F1 against truth;
(b) unless ``--no-desktop``, the desktop path on the same articles, in a subprocess: ``import_paths``
    of the JSON Lines file into a fresh library, ``scan_duplicates`` then ``scan_stories``: times,
    peak RSS, F1, and whether its copy pairs and its related pairs equal the cluster scan's.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

import pandas as pd  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

ROW_GROUP = 10_000
CHUNK = 100_000


def generate(root: Path, n: int, seed: int) -> set[tuple[int, int]]:
    """Write the chunks (two processes at a time; a chunk a kept folder holds is not written again);
    the truth pairs of all of them, by global index."""
    (root / "parquet").mkdir(exist_ok=True)
    chunks = [(start, min(CHUNK, n - start)) for start in range(0, n, CHUNK)]
    missing = [(start, size) for start, size in chunks if not (root / f"truth-{start}.json").exists()]
    truth: set[tuple[int, int]] = set()
    for first in range(0, len(missing), 2):
        running = [subprocess.Popen([sys.executable, __file__, "--chunk", str(root), str(start), str(size), str(seed)])
                   for start, size in missing[first:first + 2]]
        for process in running:
            if process.wait():
                raise SystemExit("generating a chunk failed")
    for start, _ in chunks:
        truth.update((a, b) for a, b in json.loads((root / f"truth-{start}.json").read_text()))
    return truth


def generate_chunk(root: Path, start: int, size: int, seed: int) -> None:
    from dupe_corpus import generate_corpus_detailed

    from curator.core.ingest import importer_for

    corpus = generate_corpus_detailed(size, seed * 1000 + start // CHUNK)
    parse = importer_for("article.txt")[1]  # type: ignore[index]
    rows = []
    for index, text in enumerate(corpus.texts):
        draft = parse(f"article-{start + index:07d}.txt", text.encode()).drafts[0]
        rows.append({"id": str(start + index), "title": draft.title, "text": draft.body, "date": draft.published,
                     "url": draft.url, "source": draft.outlet})
    frame = pd.DataFrame(rows)
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), root / "parquet" / f"articles-{start:08d}.parquet",
                   row_group_size=ROW_GROUP)
    (root / "jsonl").mkdir(exist_ok=True)
    frame.to_json(root / "jsonl" / f"articles-{start:08d}.jsonl", orient="records", lines=True, force_ascii=False)
    (root / f"truth-{start}.json").write_text(json.dumps(sorted((start + a, start + b) for a, b in corpus.truth_pairs)))


def prf(found: set, truth: set) -> str:
    hits = len(found & truth)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f"precision {precision:.4f}, recall {recall:.4f}, F1 {f1:.4f} ({len(found)} pairs, {len(truth)} true)"


def process_peak_mb() -> float:
    """This process's peak RSS (VmHWM: unlike ru_maxrss, not inherited from the process that started it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cluster_run(root: Path, workers: int) -> tuple[set, dict]:
    from distributed import Client, LocalCluster

    from curator.cluster.inputs import Columns, list_parts
    from curator.cluster.results import write_results
    from curator.cluster.scan import ScanOptions, cluster_scan

    started = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True) as cluster, Client(cluster) as client:
        startup = time.perf_counter() - started
        inputs = [str(root / "parquet")]
        columns = Columns(title="title", date="date", url="url", source="source")
        result = cluster_scan(client, list_parts(inputs), columns, ScanOptions(show_progress=False, stories=True))
        summary = write_results(result, str(root / "results"), inputs, client.scheduler.address)
        peaks = client.run(process_peak_mb)
    summary["scan_process_peak_mb"] = round(process_peak_mb())  # before the check below reads the pairs
    summary["wall_s"] = round(time.perf_counter() - started, 2)
    summary["startup_s"] = round(startup, 2)
    summary["worker_peak_mb"] = [round(peak) for peak in peaks.values()]
    pairs = pd.read_parquet(root / "results" / "pairs.parquet", columns=["a", "b", "kind"])
    copies = pairs[pairs["kind"] != "related"]
    related = pairs[pairs["kind"] == "related"]
    found = {tuple(sorted((int(a), int(b)))) for a, b in zip(copies["a"], copies["b"])}
    summary["related"] = {tuple(sorted((int(a), int(b)))) for a, b in zip(related["a"], related["b"])}
    return found, summary


def desktop_run(root: Path) -> dict:
    """In this process (the parent runs it as a subprocess): import and scan as the app does."""
    from curator.core.dedupe import scan_duplicates
    from curator.core.ingest import ImportLimits, import_paths
    from curator.core.library import Library
    from curator.core.stories import scan_stories

    library = Library.open(root / "library.db")
    started = time.perf_counter()
    # The limit is the largest file's size: a file is read into a buffer as large as the limit.
    largest = max(path.stat().st_size for path in (root / "jsonl").iterdir())
    report = import_paths(library, [root / "jsonl"], limits=ImportLimits(max_file_bytes=largest))
    imported = time.perf_counter()
    scan_duplicates(library)
    scanned = time.perf_counter()
    scan_stories(library)
    stories = time.perf_counter()
    scan_id = {article_id: json.loads(metadata)["id"]
               for article_id, metadata in library.db.execute("SELECT id, metadata FROM articles")}

    def pairs(kinds: str) -> list:
        return sorted(sorted((int(scan_id[a]), int(scan_id[b])))
                      for a, b in library.db.execute(f"SELECT a, b FROM pairs WHERE kind {kinds} 'related'"))

    return {"import_s": round(imported - started, 2), "scan_s": round(scanned - imported, 2),
            "stories_s": round(stories - scanned, 2), "imported": report.imported, "peak_mb": round(process_peak_mb()),
            "pairs": pairs("!="), "related": pairs("=")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-desktop", action="store_true", help="skip the desktop comparison (always above 100k)")
    parser.add_argument("--keep", type=Path, help="write corpus and results here instead of a temporary folder")
    parser.add_argument("--desktop", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--chunk", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.chunk:
        generate_chunk(Path(args.chunk[0]), *map(int, args.chunk[1:]))
        return
    if args.desktop:
        print(json.dumps(desktop_run(args.desktop)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        truth = generate(root, args.articles, args.seed)
        print(f"corpus: {args.articles} articles, {len(truth)} true pairs "
              f"(generated in {time.perf_counter() - started:.0f} s, not timed)", flush=True)

        found, summary = cluster_run(root, args.workers)
        related = summary.pop("related")
        timings = summary["timings_s"]
        copy_stages = sum(timings[name] for name in ("read_and_sketch", "candidates_and_verification", "cluster_closure"))
        print(f"\n(a) cluster scan, LocalCluster({args.workers} workers x 1 thread)")
        print(f"    wall {summary['wall_s']} s (cluster start {summary['startup_s']} s); stages: {timings}")
        print(f"    story tier {timings['stories']} s = {timings['stories'] / copy_stages:.2f} x the copy stages "
              f"({copy_stages:.1f} s, same run); {len(related)} related pairs")
        print(f"    counts: {summary['counts']}")
        print(f"    peak RSS per worker: {summary['worker_peak_mb']} MB; of the process that started the scan and "
              f"wrote its results: {summary['scan_process_peak_mb']} MB")
        print(f"    {prf(found, truth)}", flush=True)

        if not args.no_desktop and args.articles <= CHUNK:
            result = subprocess.run([sys.executable, __file__, "--desktop", str(root)], check=True,
                                    capture_output=True, text=True)
            desktop = json.loads(result.stdout.strip().splitlines()[-1])
            desktop_pairs = {tuple(pair) for pair in desktop["pairs"]}
            print("\n(b) desktop path (one process, as the app)")
            desktop_related = {tuple(pair) for pair in desktop["related"]}
            print(f"    import {desktop['import_s']} s, scan {desktop['scan_s']} s, story scan {desktop['stories_s']} s; "
                  f"peak RSS {desktop['peak_mb']} MB")
            print(f"    {prf(desktop_pairs, truth)}")
            print(f"    pairs equal to the cluster scan's: {desktop_pairs == found}")
            print(f"    related pairs: {len(desktop_related)}, equal to the cluster scan's: {desktop_related == related} "
                  f"({len(desktop_related & related)} in common); story tier / story scan: "
                  f"{timings['stories'] / desktop['stories_s']:.2f}")


if __name__ == "__main__":
    main()
