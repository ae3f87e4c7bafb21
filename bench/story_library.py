"""Same-story suggestions in a library, as a user meets them: every dev text in one library, then the queue.

    python bench/story_library.py                 # ../shared/eval-dev/semeval2022-en-train.jsonl
    python bench/story_library.py --data FILE.jsonl

The data's texts (each pair's two sides; a text in several pairs once) are imported into one fresh
library as plain-text articles, so each pair's articles sit among a few hundred unrelated real news
articles; the copy scan and the story scan then run as after an import. Every pair of articles in the
library is labelled: the data's judged pairs by their grade (same story when ``overall <= 2``), every
other pair as different stories (they were drawn from different story clusters; a few may share a
story, which can only lower the precision reported). Reported in the same run:

- the queue's same-story suggestions (kind ``related``, plus copies the copy scan suggests), their
  precision and recall over the judged same-story pairs;
- the baseline: a plain TF-IDF cosine over every pair of the library's articles, with the best recall at
  precision >= 0.95 and the best F1, thresholds chosen after the fact (which no user can do).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tempfile
import time
from collections import Counter
from itertools import combinations
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from curator.core.dedupe import scan_duplicates  # noqa: E402
from curator.core.ingest import import_paths  # noqa: E402
from curator.core.library import Library  # noqa: E402
from curator.core.stories import scan_stories  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval-dev" / "semeval2022-en-train.jsonl"
SAME_STORY_AT_MOST = 2.0


def baseline_cosines(texts: list[str]) -> np.ndarray:
    """Raw-count TF-IDF cosines of every pair of texts (IDF over these texts, no stop list)."""
    word = re.compile(r"\w+")
    docs = [Counter(word.findall(text.lower())) for text in texts]
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(doc.keys())
    vocabulary = {w: i for i, w in enumerate(df)}
    matrix = np.zeros((len(docs), len(vocabulary)))
    for row, doc in enumerate(docs):
        for w, c in doc.items():
            matrix[row, vocabulary[w]] = c * math.log((1 + len(docs)) / (1 + df[w]))
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
    return matrix @ matrix.T


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    if not args.data.exists():
        raise SystemExit(f"no data at {args.data}")
    rows = [json.loads(line) for line in args.data.read_text().splitlines() if line.strip()]
    texts: dict[str, str] = {}
    judged: dict[tuple[str, str], bool] = {}
    for row in rows:
        first, second = row["pair_id"].split("_")
        texts.setdefault(first, row["text1"])
        texts.setdefault(second, row["text2"])
        judged[tuple(sorted((first, second)))] = row["overall"] <= SAME_STORY_AT_MOST
    names = sorted(texts)
    same = {pair for pair, is_same in judged.items() if is_same}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "articles"
        folder.mkdir()
        for name in names:
            (folder / f"{name}.txt").write_text(texts[name], encoding="utf-8")
        library = Library.open(Path(scratch) / "library.db")
        report = import_paths(library, [folder])
        name_of = {}
        for article_id, path in library.db.execute(
                "SELECT article_id, path FROM files"):
            name_of[article_id] = Path(path).stem
        started = time.perf_counter()
        scan_duplicates(library)
        scan_stories(library)
        seconds = time.perf_counter() - started
        suggested = {tuple(sorted((name_of[a], name_of[b]))): kind
                     for a, b, kind in library.db.execute("SELECT a, b, kind FROM pairs")}
        library.close()
    hits = sum(1 for pair in suggested if pair in same)
    print(f"{len(names)} articles ({report.imported} imported), {len(judged)} judged pairs, {len(same)} same-story; "
          f"{len(names) * (len(names) - 1) // 2:,} pairs in the library; scans {seconds:.1f} s")
    related = {pair for pair, kind in suggested.items() if kind == "related"}
    print(f"curator queue: {len(suggested)} suggestions ({len(related)} same-story, {len(suggested) - len(related)} "
          f"copies): precision {hits / max(len(suggested), 1):.3f}, recall {hits / max(len(same), 1):.3f}")
    wrong_judged = sum(1 for pair in suggested if pair in judged and pair not in same)
    print(f"    of the wrong ones, {wrong_judged} were judged different stories; "
          f"{len(suggested) - hits - wrong_judged} were never judged (other clusters)")
    cosines = baseline_cosines([texts[name] for name in names])
    index = {name: i for i, name in enumerate(names)}
    scored = sorted(((cosines[index[a], index[b]], (a, b) in same) for a, b in combinations(names, 2)), reverse=True)
    labels = np.array([label for _, label in scored])
    found = np.cumsum(labels)
    precision, recall = found / np.arange(1, len(labels) + 1), found / max(len(same), 1)
    at_95 = recall[precision >= 0.95].max() if (precision >= 0.95).any() else 0.0
    f1 = (2 * precision * recall / np.maximum(precision + recall, 1e-12)).max()
    best = int(np.argmax(2 * precision * recall / np.maximum(precision + recall, 1e-12)))
    print(f"plain TF-IDF baseline (threshold after the fact): recall {at_95:.3f} at precision >= 0.95; "
          f"best F1 {f1:.3f} (precision {precision[best]:.3f}, recall {recall[best]:.3f})")
    ours = 2 * hits / max(len(suggested) + len(same), 1)
    print(f"curator queue F1 {ours:.3f}")


if __name__ == "__main__":
    main()
