"""Duplicate scan at scale: a 100k-article import + full scan, then a 1k incremental import + scan.

    python bench/dedupe_scale.py                      # 100,000 articles, then 1,000 new ones
    python bench/dedupe_scale.py --articles 20000     # quicker check

Generates (untimed) a corpus of ``articles + new`` articles with ground truth
(``bench/dupe_corpus.py``); the first ``articles`` go to one folder, the last
``new`` to another. The corpus is shuffled, so about a third of the new articles
are copies whose original or sibling copies are already in the library.

(a) ``import_paths`` of the big folder into a fresh library file, then
    ``scan_duplicates``: each timed, and the total (target: <= 60 s at 100k).
(b) ``import_paths`` of the new folder into that library, then the incremental
    ``scan_duplicates``: each timed, and the total (target: <= 3 s for 1k new).
    Checks that the true pairs involving a new article were found (recall), and
    how many of the pairs the scan added are true (precision).

Runs in one process, like the app; peak RSS is reported after each phase.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from dedupe_quality import curator_fingerprint  # noqa: E402
from dupe_corpus import generate_corpus_detailed, truth_json, write_texts  # noqa: E402

from curator.core.dedupe.scan import scan_duplicates  # noqa: E402
from curator.core.ingest.importing import import_paths  # noqa: E402
from curator.core.library.store import Library  # noqa: E402

FULL_TARGET_S = 60.0
INCREMENTAL_TARGET_S = 3.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(call):
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def score(found: set, truth: set) -> tuple[float, float, int, int]:
    hits = len(found & truth)
    return (hits / len(found) if found else 1.0), (hits / len(truth) if truth else 1.0), len(found) - hits, len(truth) - hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000, help="articles in the library before the increment")
    parser.add_argument("--new", type=int, default=1000, help="articles imported afterwards")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write corpus and library here instead of a temp folder")
    parser.add_argument("--profile", action="store_true", help="profile the full scan (slower) and print the top calls")
    parser.add_argument("--generate", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    n, total = args.articles, args.articles + args.new
    if args.generate:
        generate(args.generate, n, total, args.seed)
        return

    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        # In a subprocess, so this process's peak RSS is the import's and the scan's alone.
        subprocess.run([sys.executable, __file__, "--generate", str(root), "--articles", str(n), "--new",
                        str(args.new), "--seed", str(args.seed)], check=True)
        truth_data = json.loads((root / "truth.json").read_text())
        truth = {tuple(p) for p in truth_data["pairs"]}
        articles = truth_data["articles"]
        print(f"curator dedupe code fingerprint {curator_fingerprint()}")
        print(f"corpus: {n} + {args.new} articles, {len(truth)} duplicate pairs "
              f"(generated and written in {time.perf_counter() - started:.1f} s, not timed)")
        db_path = root / "library.db"
        if db_path.exists():
            db_path.unlink()
        library = Library.open(db_path)

        # (a) full import and scan ------------------------------------------------------------
        report, import_s = timed(lambda: import_paths(library, [root / "base"]))
        index_of = {article_id: i for i, article_id in enumerate(report.article_ids)}
        check_mapping(library, index_of)
        import_peak = peak_mb()
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        scan, scan_s = timed(lambda: scan_duplicates(library))
        if profiler:
            profiler.disable()
        base_truth = {p for p in truth if p[1] < n}
        found = {tuple(sorted((index_of[a], index_of[b]))) for a, b in scan.added}
        precision, recall, fp, fn = score(found, base_truth)
        print(f"\n(a) {n} articles")
        print(f"    import {import_s:7.2f} s   ({report.imported} imported, {len(report.errors)} errors)")
        print(f"    scan   {scan_s:7.2f} s   ({scan.candidates} candidates, {scan.pairs_added} pairs; "
              f"precision {precision:.4f}, recall {recall:.4f}, FP {fp}, FN {fn})")
        verdict = "OK" if import_s + scan_s <= FULL_TARGET_S * n / 100_000 else "OVER"
        print(f"    total  {import_s + scan_s:7.2f} s   target <= {FULL_TARGET_S * n / 100_000:.0f} s "
              f"(60 s per 100k, scaled): {verdict}    peak RSS {peak_mb():.0f} MB (import: {import_peak:.0f} MB)")
        describe_false(found - base_truth, articles, scan_pairs(library, index_of))

        # (b) incremental import and scan -----------------------------------------------------
        new_report, new_import_s = timed(lambda: import_paths(library, [root / "new"]))
        new_index_of = {article_id: n + i for i, article_id in enumerate(new_report.article_ids)}
        check_mapping(library, new_index_of)
        index_of.update(new_index_of)
        new_scan, new_scan_s = timed(lambda: scan_duplicates(library))
        new_truth = {p for p in truth if p[1] >= n}
        added = {tuple(sorted((index_of[a], index_of[b]))) for a, b in new_scan.added}
        new_found = {p for p in added if p[1] >= n}  # pairs involving a new article
        old_pairs = added - new_found  # e.g. found by closing clusters the new pairs joined
        precision, recall, fp, fn = score(new_found, new_truth)
        old_new = sum(1 for p in new_truth if p[0] < n)
        print(f"\n(b) +{args.new} new articles ({len(new_truth)} true pairs involve a new article, "
              f"{old_new} of them with an article already in the library)")
        print(f"    import {new_import_s:7.2f} s   ({new_report.imported} imported)")
        print(f"    scan   {new_scan_s:7.2f} s   ({new_scan.new_articles} scanned, {new_scan.candidates} candidates, "
              f"{new_scan.pairs_added} pairs added)")
        verdict = "OK" if new_import_s + new_scan_s <= INCREMENTAL_TARGET_S else "OVER"
        print(f"    total  {new_import_s + new_scan_s:7.2f} s   target <= {INCREMENTAL_TARGET_S:.0f} s: {verdict}    "
              f"peak RSS {peak_mb():.0f} MB")
        found_old_new = sum(1 for p in new_found & new_truth if p[0] < n)
        print(f"    new pairs found: recall {recall:.4f} ({len(new_truth) - fn}/{len(new_truth)}; "
              f"new-with-old {found_old_new}/{old_new}), precision {precision:.4f} (FP {fp})")
        if old_pairs:
            print(f"    the incremental scan also added {len(old_pairs)} pairs between two old articles, "
                  f"{len(old_pairs & truth)} of them true (pairs the full scan had missed)")
        describe_false((new_found - new_truth) | (old_pairs - truth), articles, scan_pairs(library, index_of))
        if profiler:
            print("\nProfile of the full scan (cumulative, top 20):")
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(20)
        library.close()


def generate(root: Path, n: int, total: int, seed: int) -> None:
    corpus = generate_corpus_detailed(total, seed)
    write_texts(root / "base", corpus, range(n))
    write_texts(root / "new", corpus, range(n, total))
    (root / "truth.json").write_text(json.dumps(truth_json(corpus, total, seed)))


def scan_pairs(library: Library, index_of: dict[int, int]) -> dict[tuple[int, int], tuple]:
    """Stored pairs by corpus indices: (score, kind, containment, jaccard)."""
    pairs = {}
    for a, b, score, kind, reason in library.db.execute("SELECT a, b, score, kind, reason FROM pairs"):
        reason = json.loads(reason) if reason else {}
        key = tuple(sorted((index_of[a], index_of[b])))
        pairs[key] = (score, kind, reason.get("containment"), reason.get("jaccard"))
    return pairs


def describe_false(false: set, articles: list[dict], stored: dict, limit: int = 5) -> None:
    for a, b in sorted(false)[:limit]:
        same_story = articles[a]["story"] == articles[b]["story"]
        score, kind, containment, jaccard = stored.get((a, b), (None,) * 4)
        print(f"    false pair article-{a:06d} ~ article-{b:06d}: {'same story' if same_story else 'unrelated'}, "
              f"roles {articles[a]['role']}/{articles[b]['role']}, score={score} kind={kind} "
              f"containment={containment} jaccard={jaccard}")


def check_mapping(library: Library, index_of: dict[int, int]) -> None:
    """ImportReport.article_ids must follow the sorted file names (article-NNNNNN.txt)."""
    ids = list(index_of)
    rows = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows += library.db.execute(
            f"SELECT article_id, path FROM files WHERE article_id IN ({','.join('?' * len(chunk))})", chunk
        ).fetchall()
    wrong = [(a, p) for a, p in rows if not p.endswith(f"article-{index_of[a]:06d}.txt")]
    if wrong or len(rows) != len(ids):
        raise SystemExit(f"article id -> file mapping is off: {wrong[:3]}")


if __name__ == "__main__":
    main()
