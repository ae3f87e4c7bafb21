"""Entity suggestion quality on the hand-labelled articles, per type, before and after.

    python bench/entity_quality.py                    # this checkout against the last commit (HEAD)
    python bench/entity_quality.py --baseline e174479 # against any revision
    python bench/entity_quality.py --baseline none    # this checkout only
    python bench/entity_quality.py --errors           # also list each article's wrong and missed names
    python bench/entity_quality.py --json             # the scores as JSON (what the baseline run prints)
    python bench/entity_quality.py --floors 0.5,0.6,0.7   # overall scores at other confidence floors

Imports ``tests/data/entities/*.txt`` into a library in memory, runs ``suggest_mentions``
(no spaCy) and compares, article by article, the distinct names the body's suggestions
propose with the labelled ones. A proposed name is right when it, or the text of one of
its mentions, is labelled there: "UK" proposing *United Kingdom* counts when the article
labels "UK" or "United Kingdom"; "Biden" proposed apart from "Joe Biden" is a second name.
A labelled name is found when a suggestion has it as text or proposes it.

Precision is given per suggested type (UNKNOWN included), recall per labelled type
(a demonym stands for its country: DEMONYM). "typed" is the share of the right
suggestions whose type is the labelled one (DEMONYM counts as PLACE, OTHER as UNKNOWN).

The baseline is the ``curator`` package of another revision, extracted with ``git
archive`` into a temporary folder and scored on the same labelled articles in a second
process, so both columns come from one run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from io import BytesIO
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
# The baseline run points this at the extracted revision; otherwise the checkout's own package.
sys.path.insert(0, os.environ.get("CURATOR_SOURCE", str(ROOT)))

from curator.core.entities.suggest import suggest_mentions
from curator.core.ingest.importing import import_paths
from curator.core.library.store import Library

LABELLED = ROOT / "tests" / "data" / "entities"
SAME_TYPE = {"DEMONYM": "PLACE", "OTHER": "UNKNOWN"}


def scores(folder: Path = LABELLED, floor: float | None = None) -> dict:
    """Counts per type and the wrong and missed names per article (at the confidence ``floor``, if given)."""
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    paths = sorted(folder.glob("*.txt"))
    library = Library.open(":memory:")
    if floor is not None:
        from curator.core.library.settings import update_settings

        update_settings(library, suggestion_floor=floor)
    right_by_type: Counter = Counter()
    proposed_by_type: Counter = Counter()
    found_by_type: Counter = Counter()
    labelled_by_type: Counter = Counter()
    typed = right_total = 0
    errors = {}
    try:
        article_ids = import_paths(library, paths).article_ids
        suggest_mentions(library, use_spacy=False)
        for article_id, path in zip(article_ids, paths):
            gold = {label["text"].casefold(): label["type"] for label in labels[path.name]}
            rows = library.db.execute(
                "SELECT m.text, coalesce(m.label, e.name, m.text), m.type FROM mentions m "
                "LEFT JOIN entities e ON e.id = m.entity_id WHERE m.article_id = ? AND m.field = 'body'",
                [article_id]).fetchall()
            suggested: dict[str, tuple[set[str], str]] = {}  # proposed name -> (its texts, type)
            for text, name, kind in rows:
                suggested.setdefault(name, (set(), kind))[0].add(text)
            covered = set()
            wrong = []
            for name, (texts, kind) in suggested.items():
                matches = {text.casefold() for text in {name, *texts}} & gold.keys()
                proposed_by_type[kind] += 1
                if matches:
                    right_by_type[kind] += 1
                    right_total += 1
                    covered |= matches
                    gold_type = gold[name.casefold()] if name.casefold() in gold else gold[min(matches)]
                    typed += SAME_TYPE.get(gold_type, gold_type) == kind
                else:
                    wrong.append(name if texts == {name} else f"{'/'.join(sorted(texts))} -> {name}")
            missed = []
            for text, kind in gold.items():
                labelled_by_type[kind] += 1
                if text in covered:
                    found_by_type[kind] += 1
                else:
                    missed.append(text)
            errors[path.name] = {"wrong": sorted(wrong), "missed": sorted(missed)}
    finally:
        library.close()
    return {"right": dict(right_by_type), "proposed": dict(proposed_by_type), "found": dict(found_by_type),
            "labelled": dict(labelled_by_type), "typed": typed / max(1, right_total), "errors": errors}


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "  -  "


def _columns(result: dict) -> dict[str, tuple[str, str]]:
    """Row name -> (precision, recall) as text."""
    rows = {}
    for kind in sorted(set(result["proposed"]) | set(result["labelled"])):
        rows[kind] = (_ratio(result["right"].get(kind, 0), result["proposed"].get(kind, 0)),
                      _ratio(result["found"].get(kind, 0), result["labelled"].get(kind, 0)))
    rows["overall"] = (_ratio(sum(result["right"].values()), sum(result["proposed"].values())),
                       _ratio(sum(result["found"].values()), sum(result["labelled"].values())))
    return rows


def _baseline(revision: str, folder: Path) -> dict:
    """Score the ``curator`` package of ``revision`` in a second process."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", revision, "curator"],
                             check=True, capture_output=True).stdout
    with tempfile.TemporaryDirectory() as source:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(source, filter="data")
        run = subprocess.run([sys.executable, __file__, "--json", "--baseline", "none", "--folder", str(folder)],
                             check=True, capture_output=True, text=True, env={**os.environ, "CURATOR_SOURCE": source})
    return json.loads(run.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", default="HEAD", help="a git revision to compare with, or 'none'")
    parser.add_argument("--folder", type=Path, default=LABELLED)
    parser.add_argument("--errors", action="store_true", help="list wrong and missed names per article")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--floors", default="", help="comma-separated confidence floors to score at too")
    args = parser.parse_args()
    after = scores(args.folder)
    if args.json:
        print(json.dumps(after))
        return
    before = _baseline(args.baseline, args.folder) if args.baseline != "none" else None
    articles = len(after["errors"])
    labelled = sum(after["labelled"].values())
    print(f"{articles} articles, {labelled} labelled names (distinct per article)")
    now = _columns(after)
    then = _columns(before) if before else {}
    header = f"{'type':<10}" + (f"{'before P':>10}{'before R':>10}" if before else "") + f"{'P':>10}{'R':>10}"
    print(header)
    for row, (precision, recall) in now.items():
        old = then.get(row, ("  -  ", "  -  "))
        print(f"{row:<10}" + (f"{old[0]:>10}{old[1]:>10}" if before else "") + f"{precision:>10}{recall:>10}")
    print("typed as labelled:" + (f" before {before['typed']:.3f}," if before else "") + f" {after['typed']:.3f}")
    for floor in filter(None, args.floors.split(",")):
        overall = _columns(scores(args.folder, float(floor)))["overall"]
        print(f"at confidence floor {float(floor):.2f}: P {overall[0]}  R {overall[1]}")
    if args.errors:
        for name, error in after["errors"].items():
            print(f"\n{name}\n  wrong:  {', '.join(error['wrong'])}\n  missed: {', '.join(error['missed'])}")


if __name__ == "__main__":
    main()
