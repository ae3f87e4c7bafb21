"""The suggestion review queue at scale: reading its pages, deciding a large name, undoing a run.

    python bench/review_queue_speed.py                  # 5,000 articles, 2,000 entities
    python bench/review_queue_speed.py --articles 20000

Builds the library ``bench/suggest_speed.py`` builds (generated articles and a registry), runs the
suggesters (untimed here; ``suggest_speed.py`` times them), then times what the review queue does: counting
the suggested names, reading the first page (with snippets) and a page deep in the queue, accepting the most
mentioned name and undoing that, and undoing and redoing the whole suggestion run. It also prints how much
the run's undo snapshots add to the journal.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from suggest_speed import build  # noqa: E402

from curator.core.entities import (  # noqa: E402
    GroupDecision,
    count_suggestion_groups,
    decide_suggestion_group,
    suggest_mentions,
    suggestion_groups,
    undo_group_decision,
)
from curator.core.library import Library, redo, undo  # noqa: E402


def timed(label: str, work):
    started = time.perf_counter()
    result = work()
    print(f"{label:<34} {1000 * (time.perf_counter() - started):8.1f} ms")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=5_000)
    parser.add_argument("--entities", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "library.db"
        build(path, args.articles, args.entities)
        library = Library.open(path)
        report = suggest_mentions(library, use_spacy=False)
        journal = library.db.execute("SELECT sum(length(before) + length(after)) FROM history "
                                     "WHERE op = 'suggest_mentions'").fetchone()[0] or 0
        print(f"{report.summary()}; undo snapshots {journal / 1e6:.1f} MB "
              f"({journal / max(1, report.total):.0f} bytes a mention)")
        total = timed("count_suggestion_groups", lambda: count_suggestion_groups(library))
        first = timed("suggestion_groups (first page, 50)", lambda: suggestion_groups(library, limit=50))
        timed("suggestion_groups (page at 90%)", lambda: suggestion_groups(library, offset=total * 9 // 10, limit=50))
        biggest = max(first, key=lambda group: group["mentions"])
        decision = timed(f"accept “{biggest['name']}” ({biggest['mentions']:,})", lambda: decide_suggestion_group(
            library, biggest["name"], biggest["type"], GroupDecision.ACCEPT))
        timed("undo that decision", lambda: undo_group_decision(library, decision.history_id))
        timed(f"undo the run ({report.total:,} mentions)", lambda: undo(library))
        timed("redo the run", lambda: redo(library))
        print(f"{total:,} suggested names")
        library.close()


if __name__ == "__main__":
    main()
