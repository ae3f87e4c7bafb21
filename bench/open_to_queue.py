"""From a folder imported on the command line to an open review queue of checked pairs, as a user meets it.

    python bench/open_to_queue.py --articles 20000

Generates ``--articles`` plain-text articles, imports them with ``curator import`` (a subprocess, as a
user runs it: the import sketches each article for the copy scan but checks nothing), then opens the
real ``MainWindow`` offscreen at 1280x800 on that library, started as the app starts it, and times:

1. the first painted rows of the library table;
2. the end of the check the window starts on its own over the articles nobody has checked (the copy scan,
   then the story scan), at which point the review queue holds every suggested pair.

The sum of the import and the second line is the wait from a folder to a queue of checked pairs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEventLoop  # noqa: E402

from bench.app_stalls import open_window, start_application  # noqa: E402
from curator.core.dedupe import open_pairs  # noqa: E402
from curator.core.library import Library  # noqa: E402
from tests.corpus import generate_articles, write_text_folder  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20000)
    args = parser.parse_args()
    scratch = tempfile.TemporaryDirectory(prefix="curator-open-")
    root = Path(scratch.name)
    write_text_folder(generate_articles(args.articles, seed=3), root / "folder")
    db = root / "library.db"

    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "curator", "--db", str(db), "import", str(root / "folder")],
                   check=True, stdout=subprocess.DEVNULL)
    imported = time.perf_counter() - started

    app = start_application(root / "settings")
    opened = time.perf_counter()
    window, painted, _, tasks = open_window(db)
    window.watch.start()
    began = False
    while time.perf_counter() - opened < 1800:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        began = began or window.watch.scan_running
        if began and not window.watch.scan_running and painted.at is not None:
            break
    checked = time.perf_counter() - opened
    pairs = open_pairs(Library.open(db))
    kinds: dict[str, int] = {}
    for pair in pairs:
        kinds[pair["kind"]] = kinds.get(pair["kind"], 0) + 1
    print(f"{args.articles:,} articles on {os.cpu_count()} cores")
    print(f"curator import (subprocess)       {imported:7.2f} s")
    print(f"window: first painted rows        {(painted.at or opened) - opened:7.2f} s after opening")
    print(f"window: checked, queue complete   {checked:7.2f} s after opening ({len(pairs):,} open pairs: "
          + ", ".join(f"{count:,} {kind}" for kind, count in sorted(kinds.items())) + ")")
    print(f"folder to a queue of checked pairs {imported + checked:6.2f} s")
    window.close()
    tasks.shutdown()


if __name__ == "__main__":
    main()
