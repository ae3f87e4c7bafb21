"""The user's path at scale: ``curator import`` then ``curator dupes --json``, against datasketch, in one run.

    python bench/cli_scale.py --articles 20000
    python bench/cli_scale.py --articles 100000 --new 1000
    python bench/cli_scale.py --articles 20000 --profile prof/    # cProfile each command into prof/

Generates (untimed, in a subprocess) a plain-text syndication corpus with ground
truth (``bench/dedupe_scale.py``'s generator: ``articles`` files in ``base/``,
``new`` more in ``new/``), then times, each as its own subprocess, exactly what a
user types:

1. ``curator --db L import base``
2. ``curator --db L dupes --json --timings``: the copy scan, the story scan and
   the listing are read from the ``--timings`` lines on stderr, so the story tier
   is a line of its own; the pairs listed give Curator's pair F1 (copies scoring
   at least 0.5, mapped to corpus indices through each pair's source file)
3. with ``--new``: ``curator import new`` and ``curator dupes --json --timings``
   again, the incremental case (target <= 3 s for the import and copy scan of 1k)

and, in the same run, the baseline: a datasketch ``MinHashLSH`` (threshold 0.5,
128 permutations) over lower-cased ``\\w+`` word 5-shingles of the same files,
read from disk, every file inserted then queried (timed from the first read to
the last query). Reported: seconds, articles/s, peak RSS of each command's main
process (``wait4``; worker processes not included) and the ratio of Curator's
figures to the baseline's. Ratios made in one run survive a busy machine; seconds
alone do not.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
THRESHOLD = 0.5
NUM_PERM = 128
SHINGLE = 5
_FILE_INDEX = re.compile(r"article-(\d+)\.txt$")
_TIMING = re.compile(r"^(copy scan|story scan|listing): ([0-9.]+) s")


def run(command: list[str], profile: Path | None = None) -> tuple[float, float, str, str, float]:
    """Run a command; return (seconds, peak RSS in MB of its main process, stdout, stderr, CPU seconds).

    The CPU seconds (user + system) include the worker processes: on a machine others
    load too, they compare where wall time cannot.
    """
    if profile is not None:
        command = [command[0], "-m", "cProfile", "-o", str(profile), *command[1:]]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr}")
    return seconds, usage.ru_maxrss / 1024, stdout, stderr, usage.ru_utime + usage.ru_stime


def curator(db: Path, *arguments: str) -> list[str]:
    return [sys.executable, "-m", "curator", "--db", str(db), *arguments]


def phase_timings(stderr: str) -> dict[str, float]:
    return {match[1]: float(match[2]) for line in stderr.splitlines() if (match := _TIMING.match(line))}


def listed_copies(stdout: str) -> set[tuple[int, int]]:
    """Corpus index pairs of the copies listed (score >= 0.5), from each side's source file name."""
    pairs = set()
    for line in stdout.splitlines():
        pair = json.loads(line)
        if pair["kind"] == "related" or pair["score"] < THRESHOLD:
            continue
        a, b = (int(_FILE_INDEX.search(pair[side]["source"])[1]) for side in ("a", "b"))
        pairs.add((min(a, b), max(a, b)))
    return pairs


def prf(found: set, truth: set) -> tuple[float, float, float]:
    hits = len(found & truth)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(truth) if truth else 1.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def shingles_of(text: str) -> set[bytes]:
    words = re.findall(r"\w+", text.lower())
    if len(words) < SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def baseline(folder: Path, out: Path) -> None:
    """The datasketch scan of every file in ``folder`` (runs in its own process)."""
    from datasketch import MinHash, MinHashLSH

    started = time.perf_counter()
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    signatures = {}
    for path in sorted(folder.iterdir()):
        minhash = MinHash(num_perm=NUM_PERM)
        minhash.update_batch(list(shingles_of(path.read_text(encoding="utf-8"))))
        signatures[int(_FILE_INDEX.search(path.name)[1])] = minhash
    with lsh.insertion_session() as session:
        for index, minhash in signatures.items():
            session.insert(index, minhash)
    pairs = set()
    for index, minhash in signatures.items():
        pairs.update((min(index, other), max(index, other)) for other in lsh.query(minhash) if other != index)
    seconds = time.perf_counter() - started
    out.write_text(json.dumps({"seconds": seconds, "pairs": sorted(pairs)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--new", type=int, default=0, help="articles imported and scanned afterwards (incremental)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write corpus and library here instead of a temp folder")
    parser.add_argument("--profile", type=Path, help="cProfile each curator command into this folder")
    parser.add_argument("--no-baseline", action="store_true", help="skip the datasketch scan (no ratios)")
    parser.add_argument("--no-stories", action="store_true", help="run dupes with --no-stories (copies only)")
    parser.add_argument("--baseline", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline:
        baseline(*args.baseline)
        return
    n = args.articles
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        if not (root / "truth.json").exists():
            subprocess.run([sys.executable, str(BENCH / "dedupe_scale.py"), "--generate", str(root), "--articles",
                            str(n), "--new", str(args.new), "--seed", str(args.seed)], check=True)
        truth_data = json.loads((root / "truth.json").read_text())
        truth = {tuple(pair) for pair in truth_data["pairs"] if pair[1] < n}
        size_mb = sum(p.stat().st_size for p in (root / "base").iterdir()) / 2**20
        print(f"corpus: {n} plain-text articles ({size_mb:.0f} MB), {len(truth)} true copy pairs; "
              f"{os.cpu_count()} cores")
        if args.profile:
            args.profile.mkdir(parents=True, exist_ok=True)
        db = root / "library.db"
        for stale in root.glob("library.db*"):
            stale.unlink()

        def profile(name: str) -> Path | None:
            return args.profile / f"{name}.prof" if args.profile else None

        import_s, import_mb, out, _, import_cpu = run(curator(db, "import", str(root / "base"), "--json"), profile("import"))
        imported = json.loads(out.splitlines()[-1])["imported"]
        dupes = ["dupes", "--json", "--timings", *(["--no-stories"] if args.no_stories else [])]
        dupes_s, dupes_mb, out, err, dupes_cpu = run(curator(db, *dupes), profile("dupes"))
        phases = phase_timings(err)
        precision, recall, f1 = prf(listed_copies(out), truth)
        listed = len(out.splitlines())
        if not args.no_baseline:
            with tempfile.NamedTemporaryFile(suffix=".json") as result:
                base_wall, base_mb, _, _, base_cpu = run([sys.executable, __file__, "--baseline", str(root / "base"), result.name])
                base = json.loads(Path(result.name).read_text())
            b_precision, b_recall, b_f1 = prf({tuple(p) for p in base["pairs"]}, truth)

        total = import_s + dupes_s
        copies = import_s + dupes_s - phases.get("story scan", 0.0)
        print(f"curator import        {import_s:7.2f} s  {imported / import_s:7.0f} articles/s  peak {import_mb:5.0f} MB")
        print(f"curator dupes --json  {dupes_s:7.2f} s  ({listed} pairs listed)  peak {dupes_mb:5.0f} MB")
        for name in ("copy scan", "story scan", "listing"):
            if name in phases:
                print(f"    {name:<17} {phases[name]:7.2f} s")
        print(f"    start-up and rest {dupes_s - sum(phases.values()):7.2f} s")
        print(f"import + dupes        {total:7.2f} s   without the story scan {copies:7.2f} s   "
              f"CPU {import_cpu + dupes_cpu:.2f} s (workers included)")
        print(f"curator copies: precision {precision:.4f}  recall {recall:.4f}  F1 {f1:.4f}")
        if not args.no_baseline:
            print(f"datasketch scan       {base['seconds']:7.2f} s  (process {base_wall:.2f} s, CPU {base_cpu:.2f} s, "
                  f"peak {base_mb:.0f} MB)")
            print(f"datasketch:     precision {b_precision:.4f}  recall {b_recall:.4f}  F1 {b_f1:.4f}")
            print(f"ratio import+dupes / datasketch scan: {total / base['seconds']:.2f}   "
                  f"without the story scan: {copies / base['seconds']:.2f}   "
                  f"copy scan alone: {phases.get('copy scan', float('nan')) / base['seconds']:.2f}")
            print(f"ratio of CPU seconds, import + dupes / datasketch process: {(import_cpu + dupes_cpu) / base_cpu:.2f}")
        if args.new:
            new_import_s, _, out, _, _ = run(curator(db, "import", str(root / "new"), "--json"), profile("import_new"))
            new_dupes_s, new_dupes_mb, _, err, _ = run(curator(db, *dupes, "--limit", "0"), profile("dupes_new"))
            new_phases = phase_timings(err)
            incremental = new_import_s + new_phases.get("copy scan", 0.0)
            print(f"+{args.new}: import {new_import_s:.2f} s, dupes {new_dupes_s:.2f} s "
                  f"(copy scan {new_phases.get('copy scan', float('nan')):.2f} s, "
                  f"story scan {new_phases.get('story scan', float('nan')):.2f} s; peak {new_dupes_mb:.0f} MB); "
                  f"import + copy scan {incremental:.2f} s (target <= 3 s)")


if __name__ == "__main__":
    main()
