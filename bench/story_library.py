"""Same-story suggestions in a library, as a user meets them: every dev text in one library, then the queue.

    python bench/story_library.py                     # ../shared/eval-dev/semeval2022-en-train.jsonl
    python bench/story_library.py --filler 1000 10000 # also with that many unrelated articles added
    python bench/story_library.py --fit               # refit the library model (leave-cluster-out CV figures)
    python bench/story_library.py --data FILE.jsonl

The data's texts (each pair's two sides; a text in several pairs once) are imported into one fresh
library as plain-text articles, so each pair's articles sit among a few hundred unrelated real news
articles; the copy scan and the story scan then run as after an import. Every pair of articles in the
library is labelled: the data's judged pairs by their grade (same story when ``overall <= 2``), every
other pair as different stories (they were drawn from different story clusters; a few may share a
story, which can only lower the precision reported). Reported in the same run:

- the queue's same-story suggestions (kind ``related``, plus copies the copy scan suggests), their
  precision and recall over the judged same-story pairs;
- the stories after accepting every suggestion (``link_versions`` on each, copies too): the pairs of dev
  texts that end up in one story, their precision and recall;
- the baseline: a plain TF-IDF cosine over every pair of the library's articles, with the best recall at
  precision >= 0.95 and the best F1, thresholds chosen after the fact (which no user can do);
- with ``--filler``: the same with that many generated articles (``tests/corpus.py``, none of them a
  version of a dev story) added to the library; precision counts the suggestions that involve a dev
  text, and the suggestions among the generated articles alone are counted apart (their templates
  share whole sentences, so those are copies and near-copies by construction).

With ``--fit`` the library model is refitted by logistic regression on every candidate the scan
finds among the dev texts (same story when judged so, else different), with figures from
leave-cluster-out cross-validation (the pairs' texts grouped by the judged pairs linking them; each
fold holds out whole groups), the queue's rule applied at 0.5.
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
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np
from scipy import sparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from story_quality import fit_logistic  # noqa: E402

from curator.core.dedupe import scan_duplicates  # noqa: E402
from curator.core.ingest import import_paths  # noqa: E402
from curator.core.library import Library  # noqa: E402
from curator.core.stories import link_versions  # noqa: E402
from curator.core.stories import scan as story_scan  # noqa: E402
from curator.core.stories import score as story_score  # noqa: E402
from curator.core.stories.score import StoryModel  # noqa: E402
from tests.corpus import as_text_file, generate_articles  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "eval-dev" / "semeval2022-en-train.jsonl"
SAME_STORY_AT_MOST = 2.0
FOLDS = 10


@dataclass
class Dev:
    texts: dict[str, str]
    judged: dict[tuple[str, str], float]  # sorted pair of text names -> overall grade

    @property
    def same(self) -> set[tuple[str, str]]:
        return {pair for pair, grade in self.judged.items() if grade <= SAME_STORY_AT_MOST}


def read_dev(path: Path) -> Dev:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    texts: dict[str, str] = {}
    judged: dict[tuple[str, str], float] = {}
    for row in rows:
        first, second = row["pair_id"].split("_")
        texts.setdefault(first, row["text1"])
        texts.setdefault(second, row["text2"])
        judged[(min(first, second), max(first, second))] = row["overall"]
    return Dev(texts, judged)


def baseline_curve(texts: list[str], dev_count: int, same: set[tuple[int, int]]) -> tuple[float, float]:
    """Best recall at precision >= 0.95 and best F1 of a raw-count TF-IDF cosine (IDF over these texts,
    no stop list), over every pair that involves one of the first ``dev_count`` texts."""
    word = re.compile(r"\w+")
    docs = [Counter(word.findall(text.lower())) for text in texts]
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(doc.keys())
    vocabulary = {w: i for i, w in enumerate(df)}
    idf = np.array([math.log((1 + len(docs)) / (1 + df[w])) for w in vocabulary])
    indptr, indices, values = [0], list[int](), list[int]()
    for doc in docs:
        indices.extend(vocabulary[w] for w in doc)
        values.extend(doc.values())
        indptr.append(len(indices))
    matrix = sparse.csr_matrix((np.array(values, dtype=np.float64), indices, indptr), shape=(len(docs), len(vocabulary)))
    matrix = matrix @ sparse.diags(idf)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    matrix = sparse.diags(1 / np.maximum(norms, 1e-12)) @ matrix
    cosines = (matrix[:dev_count] @ matrix.T).toarray()
    rows, columns = np.nonzero(np.arange(len(docs))[None, :] > np.arange(dev_count)[:, None])
    scores = cosines[rows, columns]
    labels = np.array([(row, column) in same for row, column in zip(rows, columns)])
    return best_recall_and_f1(scores, labels, len(same))


def best_recall_and_f1(scores: np.ndarray, labels: np.ndarray, positives: int) -> tuple[float, float]:
    """Over every threshold: the best recall at precision >= 0.95, and the best F1."""
    found = np.cumsum(labels[np.argsort(-scores, kind="stable")])
    precision, recall = found / np.arange(1, len(found) + 1), found / max(positives, 1)
    at_95 = float(recall[precision >= 0.95].max()) if (precision >= 0.95).any() else 0.0
    return at_95, float((2 * precision * recall / np.maximum(precision + recall, 1e-12)).max())


def build_library(folder: Path, dev: Dev, filler: int) -> tuple[Library, dict[int, str]]:
    """A library of the dev texts (named by their ids) and ``filler`` generated articles; scanned."""
    articles = folder / "articles"
    articles.mkdir()
    for name, text in dev.texts.items():
        (articles / f"{name}.txt").write_text(text, encoding="utf-8")
    for index, article in enumerate(generate_articles(filler, seed=7)):
        (articles / f"filler-{index:06d}.txt").write_text(as_text_file(article), encoding="utf-8")
    library = Library.open(folder / "library.db")
    import_paths(library, [articles])
    name_of = {article_id: Path(path).stem for article_id, path in library.db.execute("SELECT article_id, path FROM files")}
    return library, name_of


def queue_figures(dev: Dev, filler: int) -> None:
    """The queue against the baseline, in one run, with ``filler`` generated articles added."""
    with tempfile.TemporaryDirectory() as scratch:
        library, name_of = build_library(Path(scratch), dev, filler)
        started = time.perf_counter()
        scan_duplicates(library)
        scan_stories_seconds = time.perf_counter()
        story_scan.scan_stories(library)
        finished = time.perf_counter()
        suggested = {tuple(sorted((name_of[a], name_of[b]))): kind
                     for a, b, kind in library.db.execute("SELECT a, b, kind FROM pairs")}
        groups = accept_every_suggestion(library, name_of)
        library.close()
    same = dev.same
    involving_dev = {pair: kind for pair, kind in suggested.items() if pair[0] in dev.texts or pair[1] in dev.texts}
    hits = sum(1 for pair in involving_dev if pair in same)
    related = sum(1 for kind in involving_dev.values() if kind == "related")
    precision, recall = hits / max(len(involving_dev), 1), hits / max(len(same), 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-12)
    names = sorted(dev.texts)
    index = {name: i for i, name in enumerate(names)}
    baseline_r95, baseline_f1 = baseline_curve(
        [dev.texts[name] for name in names] + [as_text_file(article) for article in generate_articles(filler, seed=7)],
        len(names), {(index[a], index[b]) for a, b in same})
    wrong_judged = sum(1 for pair in involving_dev if pair in dev.judged and pair not in same)
    print(f"+{filler} unrelated: {len(names) + filler} articles; copy scan {scan_stories_seconds - started:.1f} s, "
          f"story scan {finished - scan_stories_seconds:.1f} s")
    print(f"    curator queue: {len(involving_dev)} suggestions with a dev text ({related} same-story, "
          f"{len(involving_dev) - related} copies): precision {precision:.3f}, recall {recall:.3f}, F1 {f1:.3f} "
          f"({wrong_judged} wrong ones judged different, {len(involving_dev) - hits - wrong_judged} never judged)")
    together = {(a, b) for group in groups for a, b in combinations(sorted(n for n in group if n in dev.texts), 2)}
    grouped_hits = len(together & same)
    print(f"    stories after accepting every suggestion: {len(together)} pairs of dev texts in one story, precision "
          f"{grouped_hits / max(len(together), 1):.3f}, recall {grouped_hits / max(len(same), 1):.3f}")
    if filler:
        print(f"    among the generated articles alone: {len(suggested) - len(involving_dev)} suggestions")
    print(f"    plain TF-IDF, threshold after the fact: recall {baseline_r95:.3f} at precision >= 0.95; "
          f"best F1 {baseline_f1:.3f}")


def accept_every_suggestion(library: Library, name_of: dict[int, str]) -> list[set[str]]:
    """Link every open suggestion as versions of one story, as a user accepting the whole queue
    would (copies too: a copy is a version); the stories' members by text name."""
    for a, b in library.db.execute("SELECT a, b FROM pairs ORDER BY a, b").fetchall():
        if library.db.execute("SELECT status FROM pairs WHERE a = ? AND b = ?", [a, b]).fetchone()[0] == "open":
            link_versions(library, a, b)
    groups: dict[int, set[str]] = {}
    for story_id, article_id in library.db.execute("SELECT story_id, article_id FROM story_members"):
        groups.setdefault(story_id, set()).add(name_of[article_id])
    return list(groups.values())


def candidate_features(dev: Dev) -> tuple[np.ndarray, np.ndarray, list[tuple[str, str]]]:
    """Every candidate the story scan considers among the dev texts: the library model's features
    (as ``StoryModel.logit`` reads them), whether the pair is judged the same story, and the pair."""
    with tempfile.TemporaryDirectory() as scratch:
        library, name_of = build_library(Path(scratch), dev, 0)
        scan_duplicates(library)
        story_scan.scan_stories(library)
        indexed, weights = story_scan._indexed_texts(library), story_scan._weights(library)
        everything = StoryModel(intercept=100.0, text=0.0, title=0.0, names=0.0)
        shipped, story_scan.LIBRARY_MODEL = story_scan.LIBRARY_MODEL, everything
        minimum, story_scan.MIN_SHARED_NAMES = story_scan.MIN_SHARED_NAMES, 0
        try:
            candidates = story_scan._candidates(indexed, sorted(indexed), weights, set(), lambda: False)
        finally:
            story_scan.LIBRARY_MODEL, story_scan.MIN_SHARED_NAMES = shipped, minimum
        library.close()
    pairs = [tuple(sorted((name_of[a], name_of[b]))) for a, b in candidates]
    x = np.array([[math.sqrt(max(e.text_similarity, 0.0)), math.sqrt(max(e.title_similarity, 0.0)), e.name_overlap,
                   -math.log1p(e.neighbour_rank)] for e in candidates.values()])
    enough_names = np.array([len(e.shared_names) >= story_score.MIN_SHARED_NAMES for e in candidates.values()])
    y = np.array([pair in dev.same for pair in pairs], dtype=float)
    return np.c_[x, enough_names], y, pairs  # type: ignore[return-value]


def clusters(dev: Dev) -> dict[str, int]:
    """Each text's group: texts linked by judged pairs, however indirectly, are one group."""
    parent = {name: name for name in dev.texts}

    def root(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    for a, b in dev.judged:
        parent[root(a)] = root(b)
    roots = sorted({root(name) for name in dev.texts})
    number = {name: i for i, name in enumerate(roots)}
    return {name: number[root(name)] for name in dev.texts}


def fit(dev: Dev) -> None:
    features, y, pairs = candidate_features(dev)
    x, enough_names = features[:, :4], features[:, 4].astype(bool)
    group = clusters(dev)
    folds = np.array([[group[a] % FOLDS, group[b] % FOLDS] for a, b in pairs])

    def queue(probability: np.ndarray) -> str:
        chosen = (probability >= 0.5) & enough_names
        hits = (chosen & (y == 1)).sum()
        precision, recall = hits / max(chosen.sum(), 1), hits / max(y.sum(), 1)
        r95, f1 = best_recall_and_f1(probability * enough_names, y == 1, int(y.sum()))
        return (f"at 0.5: precision {precision:.3f} recall {recall:.3f}; over thresholds: recall {r95:.3f} "
                f"at precision >= 0.95, best F1 {f1:.3f}")

    def predict(w: np.ndarray, rows: np.ndarray) -> np.ndarray:
        return 1 / (1 + np.exp(-(np.c_[np.ones(rows.sum()), x[rows]] @ w)))

    shipped = story_score.LIBRARY_MODEL
    shipped_w = np.array([shipped.intercept, shipped.text, shipped.title, shipped.names, shipped.neighbours])
    everyone = np.ones(len(y), dtype=bool)
    w = fit_logistic(x, y)
    cross_validated = np.zeros(len(y))
    for fold in range(FOLDS):
        held = (folds == fold).any(axis=1)
        cross_validated[held] = predict(fit_logistic(x[~held], y[~held]), held)
    print(f"{len(y)} candidates among the dev texts, {int(y.sum())} of one story")
    print("library model fitted: intercept {:.2f}, text {:.2f}, title {:.2f}, names {:.2f}, neighbours {:.2f}"
          .format(*w))
    print(f"library model shipped: {shipped}")
    print(f"    shipped, in-sample:            {queue(predict(shipped_w, everyone))}")
    print(f"    refitted, in-sample:           {queue(predict(w, everyone))}")
    print(f"    refitted, leave-cluster-out:   {queue(cross_validated)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--filler", type=int, nargs="*", default=[], help="also run with this many unrelated articles")
    parser.add_argument("--fit", action="store_true", help="refit the library model and print cross-validated figures")
    args = parser.parse_args()
    if not args.data.exists():
        raise SystemExit(f"no data at {args.data}")
    dev = read_dev(args.data)
    print(f"{len(dev.texts)} dev texts, {len(dev.judged)} judged pairs, {len(dev.same)} same-story")
    for filler in [0, *args.filler]:
        queue_figures(dev, filler)
    if args.fit:
        fit(dev)


if __name__ == "__main__":
    main()
