"""Review-page responsiveness at scale: opening the duplicates review and moving through its queue.

    python bench/review_latency.py                    # 100,000 articles, 20,000 open pairs
    python bench/review_latency.py --reuse --profile  # reuse the library; cProfile the handlers

Builds (or with ``--reuse`` reopens) a library of generated articles (``tests/corpus.py``)
with their source-file rows and random open pairs, written straight into SQLite. Then
opens the real ``MainWindow`` offscreen at 1280x800 with a real ``TaskManager`` and measures:

1. opening the review page: ``show_view`` until the first comparison is shown / first paint;
2. event-loop latency while navigating: a 5 ms timer records how late each tick is
   (lag = gap - 5 ms) while J is pressed every 40 ms for 300 pairs, pausing 150 ms every
   10 pairs so comparisons render (they wait for a 60 ms pause); then the same with Down.
   Max / p99 / p95 / median lag, and the worst single handler: one key press, one
   comparison (``compare_articles`` + ``show_comparison``), one page read of the queue;
3. the same J run from row 15,000 (paging must stay cheap), and the queue refresh after a decision;
4. PASS/FAIL against the target: event-loop latency <= 100 ms while navigating.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import os
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.corpus import as_text_file, generate_article  # noqa: E402
from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from curator.core.library.store import Library, utc_now  # noqa: E402

TARGET_MS = 100.0
TICK_MS = 5
KINDS = ("exact",) * 2 + ("near",) * 5 + ("contained",) * 3


def build(path: Path, n_articles: int, n_pairs: int, seed: int = 1) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    library = Library.open(path)  # the real schema
    conn, rng, now = library.db.conn, random.Random(seed), utc_now()
    with conn:  # one transaction
        for start in range(0, n_articles, 5000):
            articles, files = [], []
            for i in range(start, min(start + 5000, n_articles)):
                art = generate_article(rng, i)
                data = (raw := as_text_file(art)).encode()
                articles.append((i + 1, art.title, art.body, art.published, art.outlet, art.url, "en",
                                 art.dateline, now, now))
                files.append((i + 1, f"/bench/article-{i + 1:05d}.txt", hashlib.sha256(data).hexdigest(),
                              len(data), "text", "utf-8", raw, now, i + 1))
            conn.executemany("INSERT INTO articles (id, title, body, published, outlet, url, language, dateline, "
                             "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", articles)
            conn.executemany("INSERT INTO files (id, path, sha256, size, importer, encoding, raw_text, imported_at, "
                             "article_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", files)
        pairs: dict[tuple[int, int], tuple] = {}
        while len(pairs) < n_pairs:
            a, b = sorted(rng.sample(range(1, n_articles + 1), 2))
            reason = {"jaccard": round(rng.uniform(0.3, 1), 4), "containment": round(rng.uniform(0.5, 1), 4),
                      "ratio": round(rng.uniform(0.3, 1), 4), "shingles": [rng.randint(40, 400), rng.randint(40, 400)]}
            pairs[(a, b)] = (a, b, round(rng.uniform(0.5, 1.0), 4), rng.choice(KINDS), json.dumps(reason), now)
        conn.executemany("INSERT INTO pairs (a, b, score, kind, reason, found_at) VALUES (?, ?, ?, ?, ?, ?)",
                         list(pairs.values()))
    library.close()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def ms(call) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


class Probe:
    """Times (and optionally profiles) the handlers: key presses, comparisons, widget rendering."""

    def __init__(self, profile: bool):
        self.profiler = cProfile.Profile() if profile else None
        self.times: dict[str, list[float]] = {"key": [], "compare": [], "show": [], "page": []}
        self.ended: dict[str, float] = {}
        self.depth = 0

    def run(self, name: str, call, *args):
        if self.profiler and not self.depth:
            self.profiler.enable()
        self.depth, started = self.depth + 1, time.perf_counter()
        try:
            return call(*args)
        finally:
            self.ended[name], self.depth = time.perf_counter(), self.depth - 1
            self.times[name].append((self.ended[name] - started) * 1000)
            if self.profiler and not self.depth:
                self.profiler.disable()

    def reset(self) -> None:
        self.times = {name: [] for name in self.times}

    def pages(self) -> str:
        return ", ".join(f"{t:.0f}" for t in self.times["page"]) or "none"


class PaintWatch(QObject):
    first: float | None = None

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint and self.first is None:
            self.first = time.perf_counter()
        return False


def navigate(window, probe: Probe, press, count=300, step_ms=40, pause_every=10, pause_ms=150) -> dict:
    """Press ``press`` ``count`` times on the pair table while a 5 ms timer measures how late it runs."""
    view, ticks = window.duplicates_view, []
    ticker, loop, done, start_row = QTimer(), QEventLoop(), [0], view.table.currentIndex().row()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.timeout.connect(lambda: ticks.append(time.perf_counter()))
    probe.reset()

    def step() -> None:
        probe.run("key", press)
        done[0] += 1
        if done[0] >= count:
            QTimer.singleShot(pause_ms, loop.quit)
        else:
            QTimer.singleShot(pause_ms if done[0] % pause_every == 0 else step_ms, step)

    ticker.start(TICK_MS)
    QTimer.singleShot(step_ms, step)
    loop.exec()
    ticker.stop()
    lags = [max(0.0, (b - a) * 1000 - TICK_MS) for a, b in zip(ticks, ticks[1:])]
    return {"lags": lags, "moved": view.table.currentIndex().row() - start_row, **probe.times}


def report(name: str, result: dict, worst: list[float]) -> None:
    lags, cmp = result["lags"], [c + s for c, s in zip(result["compare"], result["show"])]
    worst.append(max(lags, default=0))
    print(f"\n{name}: moved {result['moved']} rows, {len(result['key'])} key presses, "
          f"{len(cmp)} comparisons rendered, {len(lags)} ticks")
    print(f"    event-loop lag ms    max {max(lags, default=0):7.1f}   p99 {pct(lags, .99):6.1f}   "
          f"p95 {pct(lags, .95):6.1f}   median {pct(lags, .5):5.1f}")
    for label, values in (("key press handler", result["key"]), ("compare_articles", result["compare"]),
                          ("show_comparison", result["show"]), ("comparison total", cmp),
                          (f"{len(result['page'])} page reads", result["page"])):
        print(f"    {label:<20} ms  max {max(values, default=0):7.1f}   p95 {pct(values, .95):6.1f}   "
              f"median {pct(values, .5):5.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for flag, default in (("--articles", 100_000), ("--pairs", 20_000), ("--deep-row", 15_000)):
        parser.add_argument(flag, type=int, default=default)
    parser.add_argument("--reuse", action="store_true", help="reuse the library file if it exists")
    parser.add_argument("--db", type=Path, default=Path("/tmp/curator-bench/review.db"))
    parser.add_argument("--profile", action="store_true", help="cProfile the handlers; print the top calls")
    args = parser.parse_args()
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"machine: {os.cpu_count()} CPUs ({affinity} usable), Python {sys.version.split()[0]}")
    if args.reuse and args.db.exists():
        print(f"reusing {args.db}")
    else:
        started = time.perf_counter()
        build(args.db, args.articles, args.pairs)
        print(f"built {args.db}: {args.articles:,} articles, {args.pairs:,} pairs in "
              f"{time.perf_counter() - started:.1f} s ({args.db.stat().st_size / 1e6:.0f} MB)")

    app = QApplication.instance() or QApplication(sys.argv)
    scratch = tempfile.TemporaryDirectory(prefix="curator-bench-")  # settings never touch the user's
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, scratch.name)
    from curator.ui.app import configure_application
    from curator.ui.main_window import MainWindow
    from curator.ui.models import pair_table
    from curator.ui.tasks import TaskManager
    from curator.ui.widgets import duplicates_view as dv_module
    configure_application(app)

    library = Library.open(args.db)
    counts = library.db.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM pairs "
                                "WHERE status = 'open')").fetchone()
    print(f"library: {counts[0]:,} articles, {counts[1]:,} open pairs")
    tasks = TaskManager(args.db)
    probe = Probe(args.profile)
    real_compare = dv_module.compare_articles
    dv_module.compare_articles = lambda lib, a, b: probe.run("compare", real_compare, lib, a, b)
    real_page = pair_table.pair_page  # what the queue model's PagedRows reads each 200-row page with
    pair_table.pair_page = lambda *page_args: probe.run("page", real_page, *page_args)
    started = time.perf_counter()
    window = MainWindow(library, tasks)
    window.resize(1280, 800)
    window.show()
    QTest.qWaitForWindowExposed(window)
    print(f"\nMainWindow built and shown (library page) in {(time.perf_counter() - started) * 1000:.0f} ms")
    view, real_show = window.duplicates_view, window.duplicates_view.comparison.show_comparison
    view.comparison.show_comparison = lambda comparison: probe.run("show", real_show, comparison)
    app.processEvents()

    # 1. Opening the review page -------------------------------------------------------------------
    watch = PaintWatch()
    view.table.viewport().installEventFilter(watch)
    probe.reset()
    started = time.perf_counter()
    window.show_view(view)
    returned = time.perf_counter()
    clicked = view.current_pair() is None  # nothing selected on opening: count a click on the first pair
    if clicked:
        view.select_row(0)
    while (not probe.times["show"] or watch.first is None) and time.perf_counter() - started < 2:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
    print(f"\n1. open review page: show_view returned after {(returned - started) * 1000:.0f} ms; first paint of "
          f"the queue at {((watch.first or started) - started) * 1000:.0f} ms")
    shown = (probe.ended.get("show", started) - started) * 1000
    print(f"   first comparison shown by {shown:.0f} ms (compare_articles {sum(probe.times['compare']):.0f} ms + "
          f"show_comparison {sum(probe.times['show']):.0f} ms){' after selecting row 0' if clicked else ''}")
    view.table.setFocus()
    app.processEvents()

    # 2. Navigation --------------------------------------------------------------------------------
    press_j = lambda: QTest.keyClick(view.table, Qt.Key.Key_J)  # noqa: E731  (the window's J shortcut)
    worst: list[float] = []
    report("2a. J x 300 from the top", navigate(window, probe, press_j), worst)
    view.select_row(0)
    view.show_pending_comparison()
    report("2b. Down arrow x 300 from the top",
           navigate(window, probe, lambda: QTest.keyClick(view.table, Qt.Key.Key_Down)), worst)
    renders, paints = [], []
    for row in range(400, 420):  # show_pending_comparison() in full, then a synchronous repaint of the page
        view.select_row(row)
        renders.append(ms(view.show_pending_comparison))
        paints.append(ms(view.repaint))
    print(f"    show_pending_comparison() direct, 20 pairs: max {max(renders):.1f} ms, median "
          f"{pct(renders, .5):.1f} ms; repaint of the page: max {max(paints):.1f} ms, median {pct(paints, .5):.1f} ms")

    # 3. Deep in the queue -------------------------------------------------------------------------
    deep = min(args.deep_row, view.pair_count - 400)
    probe.reset()
    jump = ms(lambda: (view.select_row(deep), view.show_pending_comparison(), app.processEvents()))
    print(f"\n3. select_row({deep:,}) + its comparison + paint: {jump:.0f} ms (page reads: {probe.pages()} ms)")
    report(f"3. J x 300 from row {deep:,}", navigate(window, probe, press_j), worst)
    probe.reset()  # the refresh that follows every decision (merge, not duplicates, skip):
    refresh = ms(lambda: (view.refresh(), app.processEvents()))
    print(f"    duplicates_view.refresh() + paint here, as after each decision: {refresh:.0f} ms "
          f"(page reads: {probe.pages()} ms; jump and refresh are not part of the verdict)")

    # 4. Verdict -----------------------------------------------------------------------------------
    verdict = "PASS" if max(worst) <= TARGET_MS else "FAIL"
    print(f"\n4. event-loop latency target <= {TARGET_MS:.0f} ms: worst lag {max(worst):.1f} ms -> {verdict}")
    if probe.profiler:
        print("\nProfile of the handlers (cumulative, top 25):")
        pstats.Stats(probe.profiler).sort_stats("cumulative").print_stats(25)
    window.close()
    tasks.shutdown()
    library.close()


if __name__ == "__main__":
    main()
