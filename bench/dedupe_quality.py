"""Duplicate detection quality: Curator's ``scan_duplicates`` against a plain MinHash-LSH baseline.

    pip install datasketch==2.0.0
    python bench/dedupe_quality.py --articles 20000
    python bench/dedupe_quality.py --articles 5000 --examples 8 --json results.json

Generates a corpus with ground truth (``bench/dupe_corpus.py``) into a temporary
folder, then, in the same run and each in its own subprocess (so time and peak
memory figures do not mix):

1. Curator import: ``import_paths`` into a fresh library file (timed).
2. Curator scan: ``scan_duplicates`` (timed); predictions are
   ``open_pairs(min_score=0.5)``.
3. Baseline: datasketch ``MinHashLSH(threshold=0.5, num_perm=128)`` over word
   5-gram shingles of the same cleaned bodies, read back from the library
   (lower-cased ``\\w+`` words). Every article is inserted, then queried; every
   returned pair is a prediction. Signatures + index + queries are timed.

Article ids are mapped back to corpus indices through the ``files`` table
(``article-NNNNNN.txt``); the script checks that this agrees with
``ImportReport.article_ids`` (which follow the sorted file order).

Reported for both: precision, recall, F1, wall time, peak RSS (``ru_maxrss``) and
RSS growth during the timed part. Then Curator's misses are broken down by the
edits the copies got, split into "never a candidate" (LSH) and "scored below the
threshold" (verification), with score / containment / Jaccard from
``compare_bodies``; and its false positives by kind (same-story or unrelated).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

import numpy as np  # noqa: E402

from dupe_corpus import ARTICLES_FOLDER, EDITS, write_corpus  # noqa: E402

THRESHOLD = 0.5
BODY_EDITS = ("abridged", "drop_middle", "swap", "typos", "reword")  # the rest leave the clean body alone
NUM_PERM = 128
SHINGLE = 5
_FILE_INDEX = re.compile(r"article-(\d+)\.txt$")


# --- measuring helpers (used inside the workers) -----------------------------------------------


def _rss_mb() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def index_by_article_id(db) -> dict[int, int]:
    """Article id -> corpus index, from the path of the file each article came from."""
    mapping = {}
    for article_id, path in db.execute("SELECT article_id, path FROM files"):
        match = _FILE_INDEX.search(path)
        if match:
            mapping[article_id] = int(match.group(1))
    return mapping


# --- workers (each runs in its own process) ----------------------------------------------------


def worker_curator_import(db_path: str, folder: str) -> dict:
    from curator.core.ingest.importing import import_paths
    from curator.core.library.store import Library

    library = Library.open(db_path)
    rss_before = _rss_mb()
    started = time.perf_counter()
    report = import_paths(library, [folder])
    seconds = time.perf_counter() - started
    mapping = index_by_article_id(library.db)
    return {
        "seconds": seconds, "imported": report.imported, "errors": [e.describe() for e in report.errors[:10]],
        "skipped": len(report.skipped), "article_ids": report.article_ids,
        "index_of_id": {str(k): v for k, v in mapping.items()},
        "rss_before_mb": rss_before, "peak_mb": _peak_mb(),
    }


def worker_curator_scan(db_path: str) -> dict:
    from curator.core.dedupe.scan import scan_duplicates
    from curator.core.library.store import Library

    try:
        from curator.core.dedupe.pairs import open_pairs
    except ImportError:  # before dedupe was split into dedupe / scoring / pairs
        from curator.core.dedupe.scan import open_pairs

    library = Library.open(db_path)
    rss_before = _rss_mb()
    started = time.perf_counter()
    report = scan_duplicates(library)
    seconds = time.perf_counter() - started
    peak = _peak_mb()
    mapping = index_by_article_id(library.db)
    pairs = []
    for pair in open_pairs(library, min_score=THRESHOLD):
        a, b = mapping[pair["a"]["id"]], mapping[pair["b"]["id"]]
        reason = pair["reason"]
        pairs.append({
            "pair": [min(a, b), max(a, b)], "score": pair["score"], "kind": pair["kind"],
            "containment": reason.get("containment"), "jaccard": reason.get("jaccard"), "ratio": reason.get("ratio"),
        })
    return {
        "seconds": seconds, "new_articles": report.new_articles, "candidates": report.candidates,
        "pairs_added": report.pairs_added, "pairs": pairs, "rss_before_mb": rss_before, "peak_mb": peak,
    }


def shingles_of(body: str) -> set[bytes]:
    words = re.findall(r"\w+", body.lower())
    if len(words) < SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def worker_datasketch(db_path: str) -> dict:
    import sqlite3

    import datasketch
    from datasketch import MinHash, MinHashLSH

    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    mapping = index_by_article_id(db)
    bodies = [(mapping[i], body) for i, body in db.execute("SELECT id, body FROM articles WHERE status = 'active'")]
    db.close()
    rss_before = _rss_mb()
    started = time.perf_counter()
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    signatures = {}
    for index, body in bodies:
        minhash = MinHash(num_perm=NUM_PERM)
        minhash.update_batch(list(shingles_of(body)))
        signatures[index] = minhash
    signed = time.perf_counter()
    with lsh.insertion_session() as session:
        for index, minhash in signatures.items():
            session.insert(index, minhash)
    indexed = time.perf_counter()
    predictions = set()
    for index, minhash in signatures.items():
        for other in lsh.query(minhash):
            if other != index:
                predictions.add((min(index, other), max(index, other)))
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds, "signature_seconds": signed - started, "index_seconds": indexed - signed,
        "query_seconds": seconds - (indexed - started), "datasketch": datasketch.__version__,
        "pairs": [{"pair": list(p)} for p in sorted(predictions)], "rss_before_mb": rss_before, "peak_mb": _peak_mb(),
    }


def run_worker(name: str, *args: str) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = handle.name
    result = subprocess.run([sys.executable, __file__, "--worker", name, "--out", out, *args])
    if result.returncode != 0:
        raise SystemExit(f"worker {name} failed ({result.returncode})")
    data = json.loads(Path(out).read_text())
    Path(out).unlink()
    return data


# --- scoring -----------------------------------------------------------------------------------


def prf(predicted: set, truth: set) -> tuple[float, float, float, int, int]:
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, len(predicted) - hits, len(truth) - hits


def pair_edits(articles: list[dict], a: int, b: int) -> set[str]:
    return set(articles[a]["edits"]) | set(articles[b]["edits"])


def pair_type(articles: list[dict], a: int, b: int) -> str:
    roles = {articles[a]["role"], articles[b]["role"]}
    if articles[a]["cluster"] is not None and articles[a]["cluster"] == articles[b]["cluster"]:
        return "original-copy" if "original" in roles else "copy-copy"
    if articles[a]["story"] == articles[b]["story"]:
        return "same-story (not a copy)"
    return "unrelated"


def quantiles(values: list[float]) -> str:
    if not values:
        return "-"
    values = sorted(values)
    pick = lambda q: values[min(len(values) - 1, int(q * len(values)))]  # noqa: E731
    return f"min {values[0]:.2f} / median {pick(0.5):.2f} / max {values[-1]:.2f}"


def analyse_misses(db_path: str, truth: dict, missed: set) -> list[dict]:
    """Score every missed pair with curator's own verifier, to tell LSH misses from low scores."""
    import sqlite3

    try:
        from curator.core.dedupe.scoring import compare_bodies
    except ImportError:  # before dedupe was split into dedupe / scoring / pairs
        from curator.core.dedupe.scan import compare_bodies
    from curator.core.dedupe.sketch import band_keys, overlap, shingle_set, signature
    from curator.core.text import word_ids

    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    mapping = index_by_article_id(db)
    needed = {i for pair in missed for i in pair}
    body_of = {mapping[i]: body for i, body in db.execute("SELECT id, body FROM articles") if mapping[i] in needed}
    db.close()
    rows = []
    for a, b in sorted(missed):
        verdict = compare_bodies(body_of[a], body_of[b])
        set_a, set_b = shingle_set(word_ids(body_of[a])), shingle_set(word_ids(body_of[b]))
        shared = overlap(set_a, set_b)
        sig_a, sig_b = signature(set_a), signature(set_b)
        shares_band = bool(sig_a is not None and sig_b is not None and np.intersect1d(
            band_keys(sig_a[None, :])[0], band_keys(sig_b[None, :])[0]).size)
        rows.append({
            "pair": [a, b], "files": [truth["files"][a], truth["files"][b]],
            "edits": sorted(pair_edits(truth["articles"], a, b)),
            "details": [truth["articles"][a]["details"], truth["articles"][b]["details"]],
            "type": pair_type(truth["articles"], a, b),
            "score": verdict.score, "kind": verdict.kind, "ratio": verdict.reason.get("ratio"),
            "containment": round(shared.containment, 4), "jaccard": round(shared.jaccard, 4),
            "would_pass": verdict.score >= THRESHOLD, "shares_band_key": shares_band,
            "words": [len(body_of[a].split()), len(body_of[b].split())],
        })
    return rows


def curator_fingerprint() -> str:
    """Which version of curator's dedupe code was measured (it is under active development)."""
    digest = hashlib.sha1()
    core = BENCH.parent / "curator" / "core"
    for path in sorted([*(core / "dedupe").glob("*.py"), *(core / "text").glob("*.py")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--examples", type=int, default=6, help="missed / false pairs to print")
    parser.add_argument("--keep", type=Path, help="write corpus and library here instead of a temp folder")
    parser.add_argument("--json", type=Path, help="also write all results (incl. every miss) here")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        result = {
            "curator-import": lambda: worker_curator_import(args.db, args.folder),
            "curator-scan": lambda: worker_curator_scan(args.db),
            "datasketch": lambda: worker_datasketch(args.db),
        }[args.worker]()
        Path(args.out).write_text(json.dumps(result))
        return

    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        write_corpus(root / "corpus", args.articles, args.seed)
        truth = json.loads((root / "corpus" / "truth.json").read_text())
        print(f"curator dedupe code fingerprint {curator_fingerprint()} (sha1 of core/dedupe and core/text)")
        print(f"corpus: {args.articles} articles, {len(truth['pairs'])} duplicate pairs, "
              f"{sum(a['cluster'] is not None for a in truth['articles'])} articles in "
              f"{len({a['cluster'] for a in truth['articles'] if a['cluster'] is not None})} clusters "
              f"(generated in {time.perf_counter() - started:.1f} s, not timed below)")
        db = root / "library.db"
        if db.exists():
            db.unlink()

        imported = run_worker("curator-import", "--db", str(db), "--folder", str(root / "corpus" / ARTICLES_FOLDER))
        if imported["imported"] != args.articles or imported["errors"]:
            print(f"WARNING: imported {imported['imported']} of {args.articles}; errors: {imported['errors']}")
        index_of_id = {int(k): v for k, v in imported["index_of_id"].items()}
        by_report = {article_id: position for position, article_id in enumerate(imported["article_ids"])}
        mapping_ok = by_report == index_of_id
        print(f"ImportReport.article_ids order == sorted file order (files table): {mapping_ok}")

        curator = run_worker("curator-scan", "--db", str(db))
        baseline = run_worker("datasketch", "--db", str(db))
        report(args, truth, imported, curator, baseline, mapping_ok, db)


def report(args, truth: dict, imported: dict, curator: dict, baseline: dict, mapping_ok: bool, db: Path) -> None:
    truth_pairs = {tuple(p) for p in truth["pairs"]}
    articles = truth["articles"]
    results = {}
    print()
    print(f"{'method':<28}{'precision':>10}{'recall':>8}{'F1':>8}{'FP':>7}{'FN':>7}{'time s':>9}{'peak MB':>9}{'+MB':>7}")
    for label, data in (("curator scan_duplicates", curator), (f"datasketch {baseline['datasketch']} LSH", baseline)):
        predicted = {tuple(p["pair"]) for p in data["pairs"]}
        precision, recall, f1, fp, fn = prf(predicted, truth_pairs)
        results[label] = {"precision": precision, "recall": recall, "f1": f1, "fp": fp, "fn": fn,
                          "seconds": data["seconds"], "peak_mb": data["peak_mb"],
                          "rss_growth_mb": data["peak_mb"] - data["rss_before_mb"]}
        print(f"{label:<28}{precision:>10.4f}{recall:>8.4f}{f1:>8.4f}{fp:>7}{fn:>7}{data['seconds']:>9.2f}"
              f"{data['peak_mb']:>9.0f}{data['peak_mb'] - data['rss_before_mb']:>7.0f}")
    print(f"{'curator import_paths':<28}{'':>47}{imported['seconds']:>9.2f}{imported['peak_mb']:>9.0f}"
          f"{imported['peak_mb'] - imported['rss_before_mb']:>7.0f}")
    print(f"  curator: {curator['new_articles']} articles scanned, {curator['candidates']} candidate pairs verified, "
          f"{curator['pairs_added']} pairs stored")
    print(f"  datasketch: signatures {baseline['signature_seconds']:.2f} s, index {baseline['index_seconds']:.2f} s, "
          f"queries {baseline['query_seconds']:.2f} s")

    curator_pred = {tuple(p["pair"]) for p in curator["pairs"]}
    baseline_pred = {tuple(p["pair"]) for p in baseline["pairs"]}

    # Recall by edit type and pair type -------------------------------------------------------
    print("\nRecall by edit (a pair counts under every edit either copy got):")
    print(f"{'edit':<14}{'pairs':>7}{'curator':>9}{'baseline':>10}{'curator missed':>16}{'curator w/o edit':>18}")
    by_edit = {}
    for edit in ("(none)",) + EDITS:
        pairs = [p for p in truth_pairs if (edit in pair_edits(articles, *p)) or (edit == "(none)" and not pair_edits(articles, *p))]
        if not pairs:
            continue
        c_hits = sum(p in curator_pred for p in pairs)
        b_hits = sum(p in baseline_pred for p in pairs)
        by_edit[edit] = {"pairs": len(pairs), "curator_recall": c_hits / len(pairs), "baseline_recall": b_hits / len(pairs)}
        others = [p for p in truth_pairs if edit not in pair_edits(articles, *p)] if edit != "(none)" else []
        without = f"{sum(p in curator_pred for p in others) / len(others):.3f}" if others else "-"
        by_edit[edit]["curator_recall_without"] = without
        print(f"{edit:<14}{len(pairs):>7}{c_hits / len(pairs):>9.3f}{b_hits / len(pairs):>10.3f}{len(pairs) - c_hits:>16}"
              f"{without:>18}")
    print(f"\n{'pair type':<24}{'pairs':>7}{'curator':>9}{'baseline':>10}")
    for kind in ("original-copy", "copy-copy"):
        pairs = [p for p in truth_pairs if pair_type(articles, *p) == kind]
        print(f"{kind:<24}{len(pairs):>7}{sum(p in curator_pred for p in pairs) / max(1, len(pairs)):>9.3f}"
              f"{sum(p in baseline_pred for p in pairs) / max(1, len(pairs)):>10.3f}")

    # Original-copy pairs whose copy got at most one body-changing edit: no confounding.
    print("\nOriginal-copy pairs by the copy's only body-changing edit (other edits: page furniture, headline, ...):")
    print(f"{'body edit':<30}{'pairs':>7}{'curator':>9}{'baseline':>10}")
    groups: dict[str, list] = {}
    for a, b in truth_pairs:
        if pair_type(articles, a, b) != "original-copy":
            continue
        copy = articles[b] if articles[a]["role"] == "original" else articles[a]
        body = [e for e in copy["edits"] if e in BODY_EDITS]
        if len(body) > 1:
            continue
        label = body[0] if body else "(none: furniture/meta only)"
        if label == "abridged":
            kept, total = (int(x) for x in copy["details"]["abridged"].split("/"))
            label = f"abridged, kept {'<50%' if kept / total < 0.5 else '50-70%' if kept / total < 0.7 else '>=70%'}"
        groups.setdefault(label, []).append((a, b))
    for label in sorted(groups):
        pairs = groups[label]
        print(f"{label:<30}{len(pairs):>7}{sum(p in curator_pred for p in pairs) / len(pairs):>9.3f}"
              f"{sum(p in baseline_pred for p in pairs) / len(pairs):>10.3f}")

    # Curator's misses -------------------------------------------------------------------------
    missed = truth_pairs - curator_pred
    rows = analyse_misses(str(db), truth, missed) if missed else []
    if rows:
        low = [r for r in rows if not r["would_pass"]]
        lsh = [r for r in rows if r["would_pass"]]
        print(f"\nCurator missed {len(rows)} of {len(truth_pairs)} true pairs:")
        banded = sum(r["shares_band_key"] for r in lsh)
        print(f"  {len(lsh)} would score >= {THRESHOLD} but were never compared (candidate generation): "
              f"{len(lsh) - banded} share no LSH band key, {banded} share one (dropped by the bucket limit "
              f"or the pre-verification filter)")
        print(f"     score {quantiles([r['score'] for r in lsh])}; containment {quantiles([r['containment'] for r in lsh])}; "
              f"jaccard {quantiles([r['jaccard'] for r in lsh])}")
        print(f"  {len(low)} were scored below {THRESHOLD} (verification)")
        print(f"     score {quantiles([r['score'] for r in low])}; containment {quantiles([r['containment'] for r in low])}; "
              f"jaccard {quantiles([r['jaccard'] for r in low])}")
        combos = Counter(" + ".join(sorted(set(r["edits"]) & set(BODY_EDITS)))
                         or "(no body edit)" for r in rows)
        print("  missed pairs by body-changing edits:", ", ".join(f"{k}: {v}" for k, v in combos.most_common(8)))
        types = Counter(r["type"] for r in rows)
        print("  missed pairs by type:", ", ".join(f"{k}: {v}" for k, v in types.most_common()))
        for title, subset in (("never compared", lsh), ("scored low", low)):
            for r in sorted(subset, key=lambda r: -r["containment"])[: args.examples]:
                print(f"    [{title}] {r['files'][0]} ~ {r['files'][1]} ({r['type']}) score={r['score']} "
                      f"containment={r['containment']} jaccard={r['jaccard']} ratio={r['ratio']} kind={r['kind']} "
                      f"words={r['words']} edits={','.join(r['edits'])} details={r['details']}")

    # Curator's false positives ----------------------------------------------------------------
    false = [p for p in curator["pairs"] if tuple(p["pair"]) not in truth_pairs]
    if false:
        print(f"\nCurator false positives: {len(false)}; by type: "
              + ", ".join(f"{k}: {v}" for k, v in Counter(pair_type(articles, *p["pair"]) for p in false).most_common()))
        for p in sorted(false, key=lambda p: -p["score"])[: args.examples]:
            a, b = p["pair"]
            print(f"    {truth['files'][a]} ~ {truth['files'][b]} ({pair_type(articles, a, b)}) score={p['score']} "
                  f"kind={p['kind']} containment={p['containment']} jaccard={p['jaccard']} ratio={p['ratio']}")
    else:
        print("\nCurator false positives: 0")
    baseline_false = Counter(pair_type(articles, *p) for p in baseline_pred - truth_pairs)
    print("Baseline false positives by type: " + (", ".join(f"{k}: {v}" for k, v in baseline_false.most_common()) or "0"))

    if args.json:
        args.json.write_text(json.dumps({
            "articles": args.articles, "seed": args.seed, "curator_fingerprint": curator_fingerprint(), "mapping_ok": mapping_ok, "import_seconds": imported["seconds"],
            "results": results, "by_edit": by_edit, "curator_misses": rows,
            "curator_false_positives": false,
        }, indent=1))


if __name__ == "__main__":
    main()
