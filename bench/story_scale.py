"""The story scan at scale: time and quality of ``scan_stories`` beyond the import and copy scan.

    python bench/story_scale.py                     # 100,000 articles, then 1,000 new ones
    python bench/story_scale.py --articles 20000    # quicker check

Generates (untimed) a corpus with ground truth (``bench/dupe_corpus.py``: every article belongs to
a story; some stories have several independently written articles, which share the story's
people, places and topic but no text), imports it and runs the copy scan (both timed as the
baseline a user already waits for), then times the story scan; then the same for ``--new``
articles imported afterwards. Quality: of the ``related`` pairs stored, how many join two
articles of one story (precision), and how many of the same-story pairs that are not copies
were found (recall). Targets: 30 s per 100k articles beyond import + copy scan, 2 s for 1k new
articles, peak RSS 1 GB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dedupe_scale import generate  # noqa: E402

from curator.core.dedupe import scan_duplicates  # noqa: E402
from curator.core.ingest import import_paths  # noqa: E402
from curator.core.library import Library, PairKind  # noqa: E402
from curator.core.stories import scan_stories  # noqa: E402

FULL_TARGET_S = 30.0  # per 100k articles
INCREMENTAL_TARGET_S = 2.0


def timed(function):
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def story_quality(library: Library, index_of: dict[int, int], articles: list[dict], copies: set) -> str:
    related = {tuple(sorted((index_of[a], index_of[b]))) for a, b in library.db.execute(
        "SELECT a, b FROM pairs WHERE kind = ?", [PairKind.RELATED])}
    indexed = set(index_of.values())
    by_story: dict[object, list[int]] = {}
    for i in indexed:
        by_story.setdefault(articles[i]["story"], []).append(i)
    rewrites = {pair for members in by_story.values() for pair in combinations(sorted(members), 2)} - copies
    right = sum(1 for a, b in related if articles[a]["story"] == articles[b]["story"])
    return (f"{len(related)} related pairs: precision {right / len(related) if related else 1:.3f}, "
            f"recall {len(related & rewrites) / len(rewrites) if rewrites else 1:.3f} "
            f"of {len(rewrites)} same-story pairs that are not copies")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    n = args.articles
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        subprocess.run([sys.executable, str(Path(__file__).resolve().parent / "dedupe_scale.py"), "--generate",
                        str(root), "--articles", str(n), "--new", str(args.new), "--seed", str(args.seed)], check=True)
        truth = json.loads((root / "truth.json").read_text())
        articles, copies = truth["articles"], {tuple(p) for p in truth["pairs"]}
        library = Library.open(root / "library.db")
        report, import_s = timed(lambda: import_paths(library, [root / "base"]))
        index_of = {article_id: i for i, article_id in enumerate(report.article_ids)}
        _, copy_s = timed(lambda: scan_duplicates(library))
        stories, story_s = timed(lambda: scan_stories(library))
        target = FULL_TARGET_S * n / 100_000
        print(f"(a) {n} articles: import {import_s:.2f} s, copy scan {copy_s:.2f} s (baseline, same run)")
        print(f"    story scan {story_s:.2f} s ({stories.candidates} candidates scored; "
              f"{story_s / (import_s + copy_s):.2f}x the import + copy scan); target <= {target:.0f} s: "
              f"{'OK' if story_s <= target else 'OVER'}; peak RSS {peak_mb():.0f} MB")
        print(f"    {story_quality(library, index_of, articles, copies)}")
        new_report, new_import_s = timed(lambda: import_paths(library, [root / "new"]))
        index_of.update({article_id: n + i for i, article_id in enumerate(new_report.article_ids)})
        _, new_copy_s = timed(lambda: scan_duplicates(library))
        new_stories, new_story_s = timed(lambda: scan_stories(library))
        print(f"(b) +{args.new} articles: import {new_import_s:.2f} s, copy scan {new_copy_s:.2f} s")
        print(f"    story scan {new_story_s:.2f} s ({new_stories.pairs_added} pairs added); target <= "
              f"{INCREMENTAL_TARGET_S:.0f} s: {'OK' if new_story_s <= INCREMENTAL_TARGET_S else 'OVER'}; "
              f"peak RSS {peak_mb():.0f} MB")
        print(f"    {story_quality(library, index_of, articles, copies)}")
        library.close()


if __name__ == "__main__":
    main()
