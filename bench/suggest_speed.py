"""Entity suggestions at scale: ``suggest_mentions`` over 20,000 articles with a 5,000-entity registry.

    python bench/suggest_speed.py                     # 20,000 articles, 5,000 entities
    python bench/suggest_speed.py --articles 2000     # quicker check
    python bench/suggest_speed.py --profile           # cProfile the run and print the top calls
    python bench/suggest_speed.py --corpus rich       # varied articles from bench/dupe_corpus.py instead

Builds (untimed) a library of generated articles (``tests/corpus.py``, written
straight into SQLite; or with ``--corpus rich`` the far more varied articles of
``bench/dupe_corpus.py``, imported with ``import_paths``), and a registry of entities: the corpus's people, places and
organisations (some with aliases; only every other place, so the gazetteer has
work too) plus generated names that mostly never occur,
as a user's registry would. Then times ``suggest_mentions`` end to end (reading,
gazetteer and automaton set-up, suggesting, storing; target <= 20 s), reports the
mentions stored per suggester and the peak RSS, and times a second run, which
must add nothing. Last, the precision and recall of the suggestions (and how many of
the right ones have the labelled type) on the
hand-labelled articles in ``tests/data/entities``.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from tests.corpus import ORGS, PEOPLE, PLACES, generate_article  # noqa: E402
from dupe_corpus import write_corpus  # noqa: E402

from curator.core.ingest.importing import import_paths  # noqa: E402
from curator.core.library.store import Library, utc_now  # noqa: E402
from curator.core.entities.suggest import suggest_mentions  # noqa: E402
from tests.core.test_suggest import labelled_set_scores  # noqa: E402

TARGET_S = 20.0
FIRST_NAMES = ["Anna", "Boris", "Chen", "Daniel", "Elena", "Farid", "Grace", "Hiroshi", "Ines", "Jonas", "Kemal",
               "Laura", "Miguel", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Samuel", "Tariq", "Ursula",
               "Viktor", "Wanjiru", "Xavier", "Yusuf", "Zofia"]
LAST_NAMES = ["Abbott", "Baranov", "Castillo", "Dlamini", "Eriksen", "Fischer", "Gupta", "Haddad", "Ivanova",
              "Jansen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quispe", "Rossi",
              "Schmidt", "Tanaka", "Ueda", "Varga", "Wojcik", "Xu", "Yilmaz", "Zhou"]
ORG_WORDS = ["Holdings", "Group", "Foundation", "Institute", "Partners", "Bank", "Agency", "Council"]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(path: Path, n_articles: int, n_entities: int, seed: int = 1, rich: bool = False) -> None:
    """A library of generated articles and a registry of ``n_entities`` entities, written directly."""
    library = Library.open(path)  # the real schema
    conn, rng, now = library.db.conn, random.Random(seed), utc_now()
    if rich:
        write_corpus(path.parent / "rich", n_articles, seed)
        import_paths(library, [path.parent / "rich" / "articles"])
    with conn:
        for start in range(0, 0 if rich else n_articles, 5000):
            rows = []
            for i in range(start, min(start + 5000, n_articles)):
                art = generate_article(rng, i)
                rows.append((i + 1, art.title, art.body, art.published, art.outlet, art.url, "en", art.dateline,
                             now, now))
            conn.executemany("INSERT INTO articles (id, title, body, published, outlet, url, language, dateline, "
                             "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        entities: dict[tuple[str, str], list[str]] = {}
        # Every person and organisation, every other place: the rest are left to the other suggesters.
        for name in PEOPLE:
            entities[(name, "PERSON")] = []
        for name in PLACES[::2]:
            entities[(name, "PLACE")] = []
        for name in ORGS:
            bare = name.removeprefix("the ")
            acronym = "".join(word[0] for word in bare.split() if word[0].isupper())
            entities[(bare[0].upper() + bare[1:], "ORG")] = [acronym] if len(acronym) > 1 else []
        while len(entities) < n_entities:
            if rng.random() < 0.7:
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}-{rng.randint(1, 9999)}"
                entities.setdefault((name, "PERSON"), [])
            else:
                name = f"{rng.choice(LAST_NAMES)} {rng.choice(ORG_WORDS)} {rng.randint(1, 99999)}"
                entities.setdefault((name, "ORG"), [name.split()[0] + " " + name.split()[1]]
                                    if rng.random() < 0.2 else [])
        conn.executemany("INSERT INTO entities (name, type, aliases, created_at) VALUES (?, ?, ?, ?)",
                         [(name, kind, json.dumps(aliases), now) for (name, kind), aliases in entities.items()])
    library.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--entities", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--corpus", choices=["plain", "rich"], default="plain")
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build(args.build, args.articles, args.entities, args.seed, rich=args.corpus == "rich")
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "library.db"
        started = time.perf_counter()
        # In a subprocess, so this process's peak RSS is the suggestion run's alone.
        subprocess.run([sys.executable, __file__, "--build", str(path), "--articles", str(args.articles),
                        "--entities", str(args.entities), "--seed", str(args.seed), "--corpus", args.corpus],
                       check=True)
        print(f"library: {args.articles} {args.corpus} articles, {args.entities} entities "
              f"(built in {time.perf_counter() - started:.1f} s, not timed)")
        library = Library.open(path)
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        started = time.perf_counter()
        report = suggest_mentions(library, use_spacy=False)
        elapsed = time.perf_counter() - started
        if profiler:
            profiler.disable()
        verdict = "OK" if elapsed <= TARGET_S * args.articles / 20_000 else "OVER"
        print(f"suggest_mentions  {elapsed:6.2f} s  ({report.articles_scanned / elapsed:,.0f} articles/s)  "
              f"target <= {TARGET_S * args.articles / 20_000:.0f} s: {verdict}")
        print(f"  {report.summary()}")
        runs = library.db.execute("SELECT count(*) FROM history WHERE op = 'suggest_mentions'").fetchone()[0]
        print(f"  peak RSS {peak_mb():.0f} MB; {runs} history rows (one per batch)")
        top = library.db.execute(
            "SELECT m.source, coalesce(m.label, e.name) AS proposed, count(*) FROM mentions m LEFT JOIN entities e "
            "ON e.id = m.entity_id GROUP BY m.source, proposed ORDER BY count(*) DESC LIMIT 12").fetchall()
        print("  most suggested: " + ", ".join(f"{name} ({source}, {count})" for source, name, count in top))
        for source in ("gazetteer", "demonym", "capitalized"):
            labels = library.db.execute(
                "SELECT label, count(*) FROM mentions WHERE source = ? GROUP BY label ORDER BY count(*) DESC",
                [source]).fetchall()
            print(f"  {source}: {len(labels)} labels: "
                  + ", ".join(f"{label} {count}" for label, count in labels[:15]))
        again = suggest_mentions(library, use_spacy=False)
        print(f"second run        {again.seconds:6.2f} s  added {again.total} (must be 0)")
        library.close()
    scores = labelled_set_scores()
    print(f"\nlabelled articles (tests/data/entities): precision {scores['precision']:.3f}, "
          f"recall {scores['recall']:.3f} ({scores['true']} right, {scores['false']} wrong, "
          f"{scores['missed']} missed of {scores['labels']}); right type on {scores['typed']:.0%} of the right ones")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
