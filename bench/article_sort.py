"""Sorting the article list at scale: one page of a sorted list, with and without the sort indexes.

    python bench/article_sort.py            # 100,000 articles in a temporary library
    python bench/article_sort.py --reuse    # keep and reuse /tmp/curator_article_sort.db

For every sortable column, ascending and descending, reads the page at offset 0 and at offset
50,000 (``Library.article_page``, what the table reads as it scrolls) and the count, first on the
library as migrated (with migration 0015's indexes), then on a copy whose sort indexes are dropped:
the same run's baseline. Prints milliseconds per read (best of 3) and the ratio.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from curator.core.library import ArticleQuery, ArticleSort, Library  # noqa: E402
from tests.factories import add_numbered_articles  # noqa: E402

SORT_INDEXES = ("articles_by_title", "articles_by_published", "articles_by_outlet_name", "articles_by_length")


def best_ms(read, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        read()
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def timings(library: Library) -> dict[tuple[str, bool, int], float]:
    result = {}
    for sort in ArticleSort:
        for descending in (False, True):
            query = ArticleQuery(sort=sort, descending=descending)
            for offset in (0, 50_000):
                result[(sort.name, descending, offset)] = best_ms(lambda: library.article_page(query, offset, 200))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    path = Path("/tmp/curator_article_sort.db") if args.reuse else folder / "library.db"
    library = Library.open(path)
    if library.count_articles() == 0:
        add_numbered_articles(library, args.articles)
    baseline_path = folder / "without_indexes.db"
    shutil.copy(path, baseline_path)
    baseline = Library.open(baseline_path)
    for name in SORT_INDEXES:
        baseline.db.execute(f"DROP INDEX {name}")
    indexed, unindexed = timings(library), timings(baseline)
    print(f"{library.count_articles():,} articles; one page of 200 rows, best of 3")
    print(f"{'column':<10} {'order':<5} {'offset':>7} {'indexed':>9} {'no index':>9} {'ratio':>7}")
    for key, ms in indexed.items():
        column, descending, offset = key
        print(f"{column:<10} {'desc' if descending else 'asc':<5} {offset:>7,} {ms:>7.1f}ms {unindexed[key]:>7.1f}ms "
              f"{unindexed[key] / ms:>6.1f}x")
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
