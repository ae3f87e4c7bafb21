"""The story scan at scale, as a user runs it: seconds and peak memory beyond the import and copy scan.

    python bench/story_scale.py                               # 20,000 and 100,000 articles, then 1,000 new ones
    python bench/story_scale.py --articles 20000              # quicker check
    python bench/story_scale.py --articles 20000 --against ../main   # and another checkout, same corpus, same run

For each size, generates (untimed, in a subprocess) a corpus with ground truth (``bench/dupe_corpus.py``:
every article belongs to a story; some stories have several independently written articles, which
share the story's people, places and topic but no text), then times, each as its own subprocess,
what a user types:

1. ``curator --db L import base``
2. ``curator --db L dupes --json --timings --limit 0``: the copy scan (the baseline a user already
   waits for) and the story scan, read from the ``--timings`` lines, and the command's peak RSS
   (``wait4``: the main process; reading workers are not included)
3. ``curator import new`` and ``dupes`` again: the incremental case, ``--new`` articles into the library

Quality: of the ``related`` pairs stored, how many join two articles of one story (precision), and how
many of the same-story pairs that are not copies were found (recall). With ``--against``, the same
steps run on the same corpus with another Curator checkout's code (its own library file), and the
story figures are given as ratios. Targets: 30 s per 100k articles beyond import + copy scan, 2 s for
1k new articles, peak RSS 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
FULL_TARGET_S = 30.0  # per 100k articles
INCREMENTAL_TARGET_S = 2.0
RSS_TARGET_MB = 1024
_TIMING = re.compile(r"^(copy scan|story scan|listing): ([0-9.]+) s")
_FILE_INDEX = re.compile(r"article-(\d+)\.txt$")


def run(code: Path, db: Path, *arguments: str) -> tuple[float, float, str, str]:
    """``curator --db db arguments`` with the code of the checkout ``code``: seconds, peak RSS in MB of its
    main process, stdout, stderr."""
    command = [sys.executable, "-m", "curator", "--db", str(db), *arguments]
    environment = {**os.environ, "PYTHONPATH": str(code), "PYTHONDONTWRITEBYTECODE": "1"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=code, env=environment)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr}")
    return seconds, usage.ru_maxrss / 1024, stdout, stderr


def timings(stderr: str) -> dict[str, float]:
    return {match[1]: float(match[2]) for line in stderr.splitlines() if (match := _TIMING.match(line))}


def story_quality(db: Path, truth: dict) -> str:
    articles, copies = truth["articles"], {tuple(pair) for pair in truth["pairs"]}
    with sqlite3.connect(db) as connection:
        index_of = {article_id: int(_FILE_INDEX.search(path)[1])
                    for article_id, path in connection.execute("SELECT article_id, path FROM files")}
        related = {tuple(sorted((index_of[a], index_of[b])))
                   for a, b in connection.execute("SELECT a, b FROM pairs WHERE kind = 'related'")}
    by_story: dict[object, list[int]] = {}
    for i in index_of.values():
        by_story.setdefault(articles[i]["story"], []).append(i)
    rewrites = {pair for members in by_story.values() for pair in combinations(sorted(members), 2)} - copies
    right = sum(1 for a, b in related if articles[a]["story"] == articles[b]["story"])
    return (f"{len(related)} related pairs: precision {right / len(related) if related else 1:.3f}, "
            f"recall {len(related & rewrites) / len(rewrites) if rewrites else 1:.3f} "
            f"of {len(rewrites)} same-story pairs that are not copies")


def measure(code: Path, root: Path, name: str, truth: dict) -> dict[str, float]:
    """Import, check, import the new articles and check again with ``code``; print and return the figures."""
    db = root / f"{name}.db"
    import_s, _, _, _ = run(code, db, "import", str(root / "base"), "--json")
    _, full_mb, _, err = run(code, db, "dupes", "--json", "--timings", "--limit", "0")
    full = timings(err)
    print(f"  [{name}] import {import_s:.2f} s, copy scan {full['copy scan']:.2f} s (baseline, same run); "
          f"story scan {full['story scan']:.2f} s; dupes peak RSS {full_mb:.0f} MB")
    print(f"  [{name}]     {story_quality(db, truth)}")
    new_import_s, _, _, _ = run(code, db, "import", str(root / "new"), "--json")
    _, new_mb, _, err = run(code, db, "dupes", "--json", "--timings", "--limit", "0")
    new = timings(err)
    print(f"  [{name}] +new: import {new_import_s:.2f} s, copy scan {new['copy scan']:.2f} s; "
          f"story scan {new['story scan']:.2f} s; dupes peak RSS {new_mb:.0f} MB")
    print(f"  [{name}]     {story_quality(db, truth)}")
    return {"import": import_s, "copy": full["copy scan"], "story": full["story scan"], "rss": full_mb,
            "new_story": new["story scan"], "new_rss": new_mb}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--new", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--against", type=Path, help="another Curator checkout, run on the same corpora")
    args = parser.parse_args()
    for n in args.articles:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            subprocess.run([sys.executable, str(BENCH / "dedupe_scale.py"), "--generate", str(root), "--articles",
                            str(n), "--new", str(args.new), "--seed", str(args.seed)], check=True)
            truth = json.loads((root / "truth.json").read_text())
            print(f"{n} articles, then {args.new} new ones; {os.cpu_count()} cores")
            ours = measure(ROOT, root, "this", truth)
            target = FULL_TARGET_S * n / 100_000
            print(f"  story scan {ours['story']:.2f} s ({ours['story'] / (ours['import'] + ours['copy']):.2f}x the "
                  f"import + copy scan): target <= {target:.0f} s {'OK' if ours['story'] <= target else 'OVER'}; "
                  f"+{args.new}: {ours['new_story']:.2f} s, target <= {INCREMENTAL_TARGET_S:.0f} s "
                  f"{'OK' if ours['new_story'] <= INCREMENTAL_TARGET_S else 'OVER'}; peak RSS "
                  f"{max(ours['rss'], ours['new_rss']):.0f} MB, target <= {RSS_TARGET_MB} MB "
                  f"{'OK' if max(ours['rss'], ours['new_rss']) <= RSS_TARGET_MB else 'OVER'}")
            if args.against:
                theirs = measure(args.against.resolve(), root, "against", truth)
                print(f"  ratios this / against: story scan {ours['story'] / theirs['story']:.2f}, "
                      f"+{args.new} story scan {ours['new_story'] / theirs['new_story']:.2f}, "
                      f"peak RSS {ours['rss'] / theirs['rss']:.2f}; copy scan {ours['copy'] / theirs['copy']:.2f} "
                      f"(the machine's load, unless the checkouts' copy scans differ)")


if __name__ == "__main__":
    main()
