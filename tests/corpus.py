"""Give tests the benchmark's article generator (one generator, used by both)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from corpus import generate_articles, write_csv, write_jsonl, write_text_folder  # noqa: E402

__all__ = ["generate_articles", "write_csv", "write_jsonl", "write_text_folder"]
