"""Same-story suggestions in a library, as a user meets them: every dev text in one library, then the queue.

    python bench/story_library.py                 # ../shared/eval-dev/semeval2022-en-train.jsonl
    python bench/story_library.py --data FILE.jsonl
    python bench/story_library.py --unrelated 0,1000,10000,100000   # precision as unrelated articles arrive
    python bench/story_library.py --stories-only  # only the same-story pairs' texts

The data's texts (each pair's two sides; a text in several pairs once) are imported into one fresh
library as plain-text articles, so each pair's articles sit among a few hundred other real news
articles; with ``--unrelated``, generated articles (``bench/dupe_corpus.py``, their own seed) are mixed
into further libraries, as a user's library holds far more articles than stories of interest. The copy
scan and the story scan then run as after an import. Every pair with a data text on one side is
labelled: the data's judged pairs by their grade (same story when ``overall <= 2``), every other pair as
different stories (the data's texts were drawn from different story clusters, but a few unjudged pairs do
tell one story, even word for word, which can only lower the precision reported; the count of those is
printed apart). Pairs of two generated articles are left out. Reported for each library in the same run:

- the queue's suggestions (kind ``related``, plus copies the copy scan suggests), their precision and
  recall over the judged same-story pairs, and where the wrong ones went;
- the stories after accepting every suggestion (``link_versions`` on each, copies too): the pairs of
  data texts that end up in one story, their precision and recall;
- the baseline: a plain TF-IDF cosine over every pair with a data text, with the best recall at
  precision >= 0.95 and the best F1, thresholds chosen after the fact (which no user can do), and for
  the libraries after the first, the baseline at the first library's best threshold held fixed, as a
  user's threshold would be.
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
from scipy import sparse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from dupe_corpus import generate_corpus_detailed  # noqa: E402

from curator.core.dedupe import scan_duplicates  # noqa: E402
from curator.core.ingest import import_paths  # noqa: E402
from curator.core.library import Library  # noqa: E402
from curator.core.stories import link_versions, scan_stories  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval-dev" / "semeval2022-en-train.jsonl"
SAME_STORY_AT_MOST = 2.0
# Generated unrelated articles come from their own seed, and pairs under this cosine are below any useful threshold.
DISTRACTOR_SEED = 7
BASELINE_FLOOR = 0.05


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--unrelated", default="0", help="comma-separated numbers of generated unrelated articles "
                        "to mix in, one library each (e.g. 0,1000,10000,100000)")
    parser.add_argument("--stories-only", action="store_true",
                        help="import only the texts of same-story pairs: each story among other stories, as in a "
                        "library of unrelated articles, without the judged pairs chosen for sharing a topic")
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
    same = {pair for pair, is_same in judged.items() if is_same}
    if args.stories_only:
        kept = {name for pair in same for name in pair}
        texts = {name: text for name, text in texts.items() if name in kept}
        judged = {pair: is_same for pair, is_same in judged.items() if set(pair) <= kept}
    print(f"{len(texts)} texts, {len(judged)} judged pairs, {len(same)} same-story")
    fixed_threshold = None
    for unrelated in (int(count) for count in args.unrelated.split(",")):
        fixed_threshold = measure(texts, judged, same, unrelated, fixed_threshold)


def measure(texts: dict[str, str], judged: dict[tuple[str, str], bool], same: set[tuple[str, str]],
            unrelated: int, fixed_threshold: float | None) -> float:
    """The queue and the baseline on one library: the data's texts and ``unrelated`` generated articles.
    Returns the baseline's best-F1 threshold, kept fixed for the libraries after the first."""
    names = sorted(texts)
    distractors = generate_corpus_detailed(unrelated, DISTRACTOR_SEED).texts if unrelated else []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "articles"
        folder.mkdir()
        for name in names:
            (folder / f"{name}.txt").write_text(texts[name], encoding="utf-8")
        for number, text in enumerate(distractors):
            (folder / f"unrelated-{number:06d}.txt").write_text(text, encoding="utf-8")
        library = Library.open(Path(scratch) / "library.db")
        started = time.perf_counter()
        import_paths(library, [folder])
        name_of = {article_id: Path(path).stem for article_id, path in library.db.execute(
            "SELECT article_id, path FROM files")}
        scan_duplicates(library)
        scan_stories(library)
        seconds = time.perf_counter() - started
        # Pairs of two generated articles are the generator's own; only pairs touching the data count.
        suggested = {pair: kind for pair, kind in (
            (tuple(sorted((name_of[a], name_of[b]))), kind)
            for a, b, kind in library.db.execute("SELECT a, b, kind FROM pairs"))
            if not (pair[0].startswith("unrelated-") and pair[1].startswith("unrelated-"))}
        groups = accept_every_suggestion(library, name_of, suggested)
        library.close()
    together = {(a, b) for group in groups for a, b in combinations(sorted(n for n in group if n in texts), 2)}
    hits = sum(1 for pair in suggested if pair in same)
    wrong_judged = sum(1 for pair in suggested if pair in judged and pair not in same)
    to_unrelated = sum(1 for pair in suggested if pair[1].startswith("unrelated-"))
    unjudged = len(suggested) - hits - wrong_judged - to_unrelated
    related = sum(1 for kind in suggested.values() if kind == "related")
    print(f"\nwith {unrelated:,} unrelated articles: import and scans {seconds:.1f} s")
    print(f"  curator queue: {len(suggested)} suggestions ({related} same-story, {len(suggested) - related} copies): "
          f"precision {hits / max(len(suggested), 1):.3f}, recall {hits / max(len(same), 1):.3f}, "
          f"F1 {2 * hits / max(len(suggested) + len(same), 1):.3f}")
    print(f"    of the others: {wrong_judged} judged different stories, {to_unrelated} to unrelated articles, "
          f"{unjudged} of two data texts never judged against each other (counted wrong above; over judged "
          f"pairs alone precision is {hits / max(hits + wrong_judged, 1):.3f})")
    grouped_hits = len(together & same)
    print(f"  stories after accepting every suggestion: {len(together)} pairs of data texts in one story, "
          f"precision {grouped_hits / max(len(together), 1):.3f}, recall {grouped_hits / max(len(same), 1):.3f}")
    scored = baseline_scores(texts, distractors, judged, same)
    labels = np.array([label for _, label in scored])
    found = np.cumsum(labels)
    precision, recall = found / np.arange(1, len(labels) + 1), found / max(len(same), 1)
    at_95 = recall[precision >= 0.95].max() if (precision >= 0.95).any() else 0.0
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    best = int(np.argmax(f1))
    print(f"  plain TF-IDF, threshold after the fact: recall {at_95:.3f} at precision >= 0.95; best F1 {f1[best]:.3f} "
          f"(precision {precision[best]:.3f}, recall {recall[best]:.3f}, cosine {scored[best][0]:.3f})")
    if fixed_threshold is None:
        return scored[best][0]
    kept = labels[np.array([score for score, _ in scored]) >= fixed_threshold]
    print(f"  plain TF-IDF at the first library's best threshold ({fixed_threshold:.3f}): {len(kept)} pairs, "
          f"precision {kept.mean() if len(kept) else 0:.3f}, recall {kept.sum() / max(len(same), 1):.3f}")
    return fixed_threshold


def accept_every_suggestion(library: Library, name_of: dict[int, str],
                            suggested: dict[tuple[str, str], str]) -> list[set[str]]:
    """Link every suggestion with a data text as versions of one story, as a user accepting the whole
    queue would (copies too: a copy is a version); the stories' members by text name."""
    id_of = {name: article_id for article_id, name in name_of.items()}
    for a, b in sorted(suggested):
        pair = sorted((id_of[a], id_of[b]))
        status = library.db.execute("SELECT status FROM pairs WHERE a = ? AND b = ?", pair).fetchone()[0]
        if status == "open":  # linking a story settles its versions' other open pairs
            link_versions(library, *pair)
    groups: dict[int, set[str]] = {}
    for story_id, article_id in library.db.execute("SELECT story_id, article_id FROM story_members"):
        groups.setdefault(story_id, set()).add(name_of[article_id])
    return list(groups.values())


def baseline_scores(texts: dict[str, str], distractors: list[str], judged: dict[tuple[str, str], bool],
                    same: set[tuple[str, str]]) -> list[tuple[float, bool]]:
    """Plain TF-IDF cosines (raw counts, IDF over the whole library, no stop list) of every pair with a data
    text on one side, best first, with whether the pair is judged the same story. Pairs under
    ``BASELINE_FLOOR`` are left out: they are below any threshold worth choosing."""
    names = sorted(texts)
    word = re.compile(r"\w+")
    docs = [Counter(word.findall(text.lower())) for text in [texts[name] for name in names] + distractors]
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(doc.keys())
    vocabulary = {w: i for i, w in enumerate(df)}
    rows, columns, values = [], [], []
    for row, doc in enumerate(docs):
        for w, c in doc.items():
            rows.append(row)
            columns.append(vocabulary[w])
            values.append(c * math.log((1 + len(docs)) / (1 + df[w])))
    matrix = sparse.csr_matrix((values, (rows, columns)), shape=(len(docs), len(vocabulary)))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    matrix = sparse.diags(1 / np.maximum(norms, 1e-12)) @ matrix
    cosines = (matrix[:len(names)] @ matrix.T).tocoo()
    scored = []
    for i, j, cosine in zip(cosines.row, cosines.col, cosines.data):
        if j == i or (j < len(names) and j < i) or cosine < BASELINE_FLOOR:
            continue
        pair = tuple(sorted((names[i], names[j]))) if j < len(names) else None
        scored.append((float(cosine), pair in same))
    return sorted(scored, key=lambda item: -item[0])


if __name__ == "__main__":
    main()
