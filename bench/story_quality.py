"""Story-score quality on graded human judgements: Curator's ``related`` against a plain TF-IDF cosine.

    python bench/story_quality.py                 # ../shared/eval-dev/semeval2022-en-train.jsonl
    python bench/story_quality.py --fit           # also refit the logistic model (10-fold CV figures)
    python bench/story_quality.py --data FILE.jsonl

Each line of the data holds ``text1`` and ``text2`` (title, newline, body) and ``overall``, the
human similarity from 1 (same story) to 4 (unrelated). Reported in the same run:

- Pearson and Spearman of each score against ``-overall``;
- Curator as the app scores (the pair's texts in a library of all the data's texts: library
  IDF blended with the background) and as ``curator compare`` scores (no library: background only);
- the baseline: a plain TF-IDF cosine (raw counts, IDF over the same texts, stop words kept);
- same-story precision and recall at Curator's 0.5 (a pair is the same story when ``overall <= 2``).

With ``--fit`` the models' coefficients are refitted, so the shipped constants can be checked:
the pair model by logistic regression on each grade as a share of "same story" (1 -> 1, 4 -> 0; with
10-fold cross-validated figures),
the library model by text on every pair of the data's texts put in one library (a pair judged the same
story against all the others, judged or not, as a library's queue meets them), by the texts' cosine
alone (its 10-fold cross-validated best F1 is printed beside one that adds titles and shared names,
which is why those weigh nothing in it), and the library model by names on the graded pairs together
with every candidate the story scan finds in a generated library of ``--library`` articles with known
stories (``bench/dupe_corpus.py``; its same-story articles share names and topic but no text), the two
sources weighed alike.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from curator.core.ingest import importer_for  # noqa: E402
from curator.core.stories import score as story_score  # noqa: E402
from curator.core.stories.score import compare_stories, story_text  # noqa: E402
from curator.core.stories.terms import Weights  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval-dev" / "semeval2022-en-train.jsonl"
SAME_STORY_AT_MOST = 2.0
# Pairs of the data's texts less alike than this (texts and titles both) are left out of the text model's fit.
PAIR_FLOOR = 0.05
# A generated library's candidates: each article's nearest few, if at all alike, as the story scan finds them.
CANDIDATES_PER_ARTICLE = 20
CANDIDATE_COSINE = 0.08


def split(text: str) -> tuple[str, str]:
    """Title and body as importing the text as a .txt file gives them (most of the data's texts have
    no title line: the importer derives one from the first sentence, as it would for a user)."""
    _, parse = importer_for("article.txt")
    draft = parse("article.txt", text.encode("utf-8")).drafts[0]
    return draft.title or "", draft.body


def rank(values: np.ndarray) -> np.ndarray:
    order = values.argsort()
    ranks = np.empty(len(values))
    ranks[order] = np.arange(len(values))
    return ranks


def correlations(score: np.ndarray, target: np.ndarray) -> str:
    return (f"Pearson {np.corrcoef(score, target)[0, 1]:.3f}  "
            f"Spearman {np.corrcoef(rank(score), rank(target))[0, 1]:.3f}")


def plain_tfidf(rows: list[dict]) -> np.ndarray:
    """The baseline: raw-count TF-IDF cosine, IDF over every text of the data, no stop list."""
    word = re.compile(r"\w+")
    docs = [Counter(word.findall(text.lower())) for row in rows for text in (row["text1"], row["text2"])]
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(doc.keys())
    n = len(docs)

    def vector(doc: Counter[str]) -> dict[str, float]:
        weighted = {w: c * math.log((1 + n) / (1 + df[w])) for w, c in doc.items()}
        norm = math.sqrt(sum(v * v for v in weighted.values())) or 1.0
        return {w: v / norm for w, v in weighted.items()}

    return np.array([sum(v * vb.get(w, 0.0) for w, v in va.items())
                     for va, vb in ((vector(docs[2 * i]), vector(docs[2 * i + 1])) for i in range(len(rows)))])


def features(evidence) -> list[float]:
    return [math.sqrt(max(evidence.text_similarity, 0.0)), math.sqrt(max(evidence.title_similarity, 0.0)),
            evidence.name_overlap]


def fit_logistic(x: np.ndarray, y: np.ndarray, ridge: float = 0.1, offset: np.ndarray | float = 0.0) -> np.ndarray:
    """Newton's method on the log-likelihood with a little ridge; returns [intercept, weights...].
    ``y`` may be a share between 0 and 1; ``offset`` is a fixed part of each log-odds."""
    design = np.c_[np.ones(len(x)), x]
    w = np.zeros(design.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-(design @ w + offset)))
        gradient = design.T @ (y - p) - ridge * np.r_[0, w[1:]]
        hessian = -(design.T * (p * (1 - p))) @ design - ridge * np.diag(np.r_[0, np.ones(len(w) - 1)])
        w -= np.linalg.solve(hessian, gradient)
    return w


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--fit", action="store_true", help="refit the models and print cross-validated figures")
    parser.add_argument("--library", type=int, default=3000,
                        help="articles in the generated library for --fit (the library model by names)")
    args = parser.parse_args()
    if not args.data.exists():
        raise SystemExit(f"no data at {args.data}")
    rows = [json.loads(line) for line in args.data.read_text().splitlines() if line.strip()]
    target = -np.array([row["overall"] for row in rows])
    same = np.array([row["overall"] <= SAME_STORY_AT_MOST for row in rows])
    texts = [(story_text(*split(row["text1"]), None), story_text(*split(row["text2"]), None)) for row in rows]
    df: Counter[str] = Counter()
    for pair in texts:
        for text in pair:
            df.update(text.terms.keys())
    library = Weights(articles=2 * len(rows), document_frequency=dict(df))
    in_library = [compare_stories(a, b, library) for a, b in texts]
    standalone = [compare_stories(a, b, Weights.background()) for a, b in texts]
    baseline = plain_tfidf(rows)
    print(f"{len(rows)} pairs from {args.data.name}; {same.sum()} same-story (overall <= {SAME_STORY_AT_MOST})")
    for label, scores in (("curator related (library)", np.array([e.score for e in in_library])),
                          ("curator related (compare)", np.array([e.score for e in standalone])),
                          ("plain TF-IDF cosine", baseline)):
        print(f"{label:<28} {correlations(scores, target)}")
    for label, predicted in (("pair score >= 0.5", np.array([e.score >= 0.5 for e in in_library])),
                             ("suggested (queue rule)", np.array([e.suggested for e in in_library]))):
        hits = (predicted & same).sum()
        print(f"same story, {label}: precision {hits / max(predicted.sum(), 1):.3f}  "
              f"recall {hits / max(same.sum(), 1):.3f}")
    order = np.argsort(-baseline)
    best = max(((same[order[:k]].sum() / same.sum(), same[order[:k]].mean()) for k in range(1, len(rows) + 1)
                if same[order[:k]].mean() >= 0.95), default=(0.0, 0.0))
    print(f"baseline: best recall at precision >= 0.95 (threshold chosen after the fact): {best[0]:.3f}")
    if args.fit:
        # The pair model: each grade as the share of "same story" it stands for (1 -> 1, 4 -> 0), text and
        # title fitted, names held at the shipped weight.
        x = np.array([features(e) for e in in_library])
        share = (4 - np.array([row["overall"] for row in rows])) / 3
        names = story_score.PAIR_MODEL.names * x[:, 2]
        w = fit_logistic(x[:, :2], share, offset=names)
        print("pair model fitted: intercept {:.2f}, text {:.2f}, title {:.2f}".format(*w)
              + f", names held at {story_score.PAIR_MODEL.names}")
        print(f"pair model shipped: {story_score.PAIR_MODEL}")
        folds = np.random.RandomState(0).permutation(len(rows)) % 10
        predicted_cv = np.zeros(len(rows))
        for fold in range(10):
            held = folds == fold
            w_fold = fit_logistic(x[~held, :2], share[~held], offset=names[~held])
            predicted_cv[held] = 1 / (1 + np.exp(-(np.c_[np.ones(held.sum()), x[held, :2]] @ w_fold + names[held])))
        hits = ((predicted_cv >= 0.5) & same).sum()
        print(f"10-fold CV of the refitted model: {correlations(predicted_cv, target)}; same story at 0.5: "
              f"precision {hits / max((predicted_cv >= 0.5).sum(), 1):.3f}, recall {hits / max(same.sum(), 1):.3f}")
        library_x, library_y = library_pairs(rows)
        print(f"the data's texts in one library: {len(library_y)} pairs over the floor, {int(library_y.sum())} "
              f"judged the same story")
        for label, columns in (("text", [0]), ("text, title, names", [0, 1, 2])):
            print(f"library model on {label}: 10-fold CV best F1 {cross_validated_f1(library_x[:, columns], library_y):.3f}")
        w = fit_logistic(library_x[:, :1], library_y, ridge=1e-3)
        print(f"library model by text fitted: intercept {w[0]:.2f}, text {w[1]:.2f} "
              f"(0.5 at a cosine of {(w[0] / w[1]) ** 2:.3f})")
        generated_x, generated_y = generated_library_candidates(args.library)
        repeat = max(1, len(generated_y) // len(rows))
        combined = fit_logistic(np.r_[np.repeat(x, repeat, axis=0), generated_x],
                                np.r_[np.repeat(same.astype(float), repeat), generated_y])
        print(f"generated library: {len(generated_y)} candidates, {int(generated_y.sum())} of one story")
        print("library model by names fitted: intercept {:.2f}, text {:.2f}, title {:.2f}, names {:.2f}".format(
            *combined))
        print(f"library models shipped: {story_score.LIBRARY_TEXT_MODEL} (by text), "
              f"{story_score.LIBRARY_NAMES_MODEL} (by names)")


def library_pairs(rows: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """Features and same-story labels of every pair of the data's texts (each text once) weighed as one
    library weighs them, but for pairs alike in neither text nor title: a judged pair is the same story
    at ``SAME_STORY_AT_MOST``, every other pair is taken as two stories."""
    texts: dict[str, str] = {}
    same: set[tuple[str, str]] = set()
    for row in rows:
        first, second = row["pair_id"].split("_")
        texts.setdefault(first, row["text1"])
        texts.setdefault(second, row["text2"])
        if row["overall"] <= SAME_STORY_AT_MOST:
            same.add((min(first, second), max(first, second)))
    names = sorted(texts)
    read = [story_text(*split(texts[name]), None) for name in names]
    df: Counter[str] = Counter()
    for text in read:
        df.update(text.terms.keys())
    weights = Weights(articles=len(read), document_frequency=dict(df))
    x, y = [], []
    for i in range(len(read)):
        for j in range(i + 1, len(read)):
            evidence = compare_stories(read[i], read[j], weights)
            if evidence.text_similarity >= PAIR_FLOOR or evidence.title_similarity >= PAIR_FLOOR:
                x.append(features(evidence))
                y.append((names[i], names[j]) in same)
    return np.array(x), np.array(y, dtype=float)


def cross_validated_f1(x: np.ndarray, y: np.ndarray) -> float:
    """The best F1 over thresholds of a logistic model's held-out scores, 10 folds."""
    folds = np.random.RandomState(0).permutation(len(y)) % 10
    held_out = np.zeros(len(y))
    for fold in range(10):
        held = folds == fold
        w = fit_logistic(x[~held], y[~held], ridge=1e-3)
        held_out[held] = np.c_[np.ones(held.sum()), x[held]] @ w
    found = np.cumsum(y[np.argsort(-held_out)])
    precision, recall = found / np.arange(1, len(y) + 1), found / y.sum()
    return float((2 * precision * recall / np.maximum(precision + recall, 1e-12)).max())


def generated_library_candidates(articles: int) -> tuple[np.ndarray, np.ndarray]:
    """Features and same-story labels of each generated article's nearest articles by TF-IDF cosine (the
    library's own weights), as the story scan finds and reads its candidates."""
    import tempfile

    from dupe_corpus import generate_corpus_detailed, write_texts
    from scipy import sparse

    from curator.core.ingest import import_paths
    from curator.core.library import Library

    corpus = generate_corpus_detailed(articles, 1)
    with tempfile.TemporaryDirectory() as folder:
        write_texts(Path(folder) / "articles", corpus, range(articles))
        library = Library.open(Path(folder) / "library.db")
        report = import_paths(library, [Path(folder) / "articles"])
        rows = {article_id: (title, body, published) for article_id, title, body, published in library.db.execute(
            "SELECT id, title, body, published FROM articles")}
        library.close()
    story_of = dict(zip(report.article_ids, (item.story for item in corpus.items)))
    ids = sorted(rows)
    read = [story_text(*rows[article_id]) for article_id in ids]
    df: Counter[str] = Counter()
    for text in read:
        df.update(text.terms.keys())
    weights = Weights(articles=len(read), document_frequency=dict(df))
    vocabulary = {term: column for column, term in enumerate(df)}
    entries = [(row, vocabulary[term], value) for row, text in enumerate(read)
               for term, value in weights.vector(text.terms).items()]
    rows_, columns, values = zip(*entries)
    matrix = sparse.csr_matrix((values, (rows_, columns)), shape=(len(read), len(vocabulary)))
    pairs = set()
    for start in range(0, len(read), 1000):  # each article's nearest, a block of rows at a time
        block = (matrix[start:start + 1000] @ matrix.T).toarray()
        for offset, row in enumerate(block):
            row[start + offset] = 0.0
            for j in np.argsort(-row)[:CANDIDATES_PER_ARTICLE]:
                if row[j] >= CANDIDATE_COSINE:
                    pairs.add((min(start + offset, int(j)), max(start + offset, int(j))))
    pairs = sorted(pairs)
    x = np.array([features(compare_stories(read[i], read[j], weights)) for i, j in pairs])
    y = np.array([story_of[ids[i]] == story_of[ids[j]] for i, j in pairs], dtype=float)
    return x, y


if __name__ == "__main__":
    main()
