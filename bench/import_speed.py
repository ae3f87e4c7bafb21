"""Time ``curator import`` on a folder of N generated text articles (and a CSV of them).

    python bench/import_speed.py --articles 20000

Runs the real console entry point in a subprocess on a fresh library, so the
figure includes start-up, parsing, hashing, SQLite writes and the FTS index.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.corpus import generate_articles, write_csv, write_text_folder  # noqa: E402


def time_import(target: Path, db: Path) -> tuple[float, dict]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "curator", "--db", str(db), "import", str(target), "--json"],
        capture_output=True, text=True,
    )
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(result.stderr)
    return elapsed, json.loads(result.stdout.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        articles = generate_articles(args.articles, seed=args.seed)
        write_text_folder(articles, tmp_path / "txt")
        write_csv(articles, tmp_path / "articles.csv")
        for label, target in (("txt folder", tmp_path / "txt"), ("csv file", tmp_path / "articles.csv")):
            elapsed, report = time_import(target, tmp_path / f"{target.stem}.db")
            print(
                f"{label:<10}  {report['imported']:>7} articles  {elapsed:7.2f} s  "
                f"{report['imported'] / elapsed:8.0f} articles/s  errors={report['failed']}"
            )


if __name__ == "__main__":
    main()
