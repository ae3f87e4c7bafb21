"""The ``curator`` command: a headless CLI over the same core functions the app uses.

With no subcommand it opens the app on the library.
Exit codes: 0 ok, 1 some inputs failed (the report says which), 2 usage error.

Scripts run one command after another, and each pays for the modules it loads at start. So the command
line's modules import, at their top, only what building the parser and reporting errors take (the library,
the errors); each command imports the engines it runs (ingest, dedupe, entities, stories, curation, export)
inside its function, and ``--version``, ``--help`` or ``curator articles`` load none of them.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import sqlite3
import sys
import textwrap
from pathlib import Path

from curator import __version__
from curator.cli import duplicate_commands, library_commands, suggestion_commands
from curator.cli.arguments import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    article_id,
    count,
    is_id,
    megabytes,
)
from curator.cli.interrupts import EXIT_INTERRUPTED, cancel_on_interrupt, interrupts_held
from curator.cli.output import TerminalText, counted
from curator.cluster import commands as cluster_commands
from curator.core.errors import CuratorError
from curator.core.library import (
    DB_ENV_VAR,
    FIELDS,
    RECORD_FIELDS,
    ArticleQuery,
    ArticleSort,
    HistoryState,
    Library,
    LibraryError,
    PairKind,
    Settings,
    default_library_path,
    describe_failure,
    next_redo,
    next_undo,
    redo,
    undo,
)

# What ``curator articles --sort`` accepts: the columns the app's list sorts by.
ARTICLE_SORTS = {"title": ArticleSort.TITLE, "date": ArticleSort.PUBLISHED, "outlet": ArticleSort.OUTLET,
                 "length": ArticleSort.LENGTH}
# What ``curator export --format`` accepts: the values of ``curator.core.export.ExportFormat``, named here so
# that building the parser does not load the export and every engine under it (a test keeps them equal).
EXPORT_FORMATS = ("jsonl", "csv", "spans", "entities", "stories")


def given_path(value: str) -> Path:
    """A path argument, refused when empty: ``Path("")`` is the current folder, and an empty argument is
    far more often a shell variable left unset than a wish to import (or write) the folder one is in."""
    if not value.strip():
        raise argparse.ArgumentTypeError("an empty path (is a shell variable unset?); use . for this folder")
    return Path(value)


def build_parser() -> argparse.ArgumentParser:
    # --db is accepted before or after the subcommand; SUPPRESS keeps a later
    # default from overwriting an earlier value.
    db_option = argparse.ArgumentParser(add_help=False)
    db_option.add_argument(
        "--db", type=given_path, default=argparse.SUPPRESS, metavar="PATH",
        help="library file (default: $CURATOR_DB, else the user data folder)",
    )
    parser = argparse.ArgumentParser(
        prog="curator",
        description="Curate news articles: import, find duplicates, merge, tag, export. "
        "Without a command, opens the app.",
        parents=[db_option],
    )
    parser.add_argument("--version", action="version", version=f"curator {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    importer = commands.add_parser(
        "import", parents=[db_option], help="import files, folders and zip archives",
        description="Import article files (txt, md, html, json, jsonl, csv, tsv, zip) and folders, recursively.",
    )
    importer.add_argument("paths", nargs="+", type=given_path, metavar="PATH")
    importer.add_argument("--json", action="store_true", help="print the report as one JSON object")
    importer.add_argument("--follow-links", action="store_true",
                          help="import what links inside a folder lead to outside it (by default they are listed, "
                          "not followed)")
    importer.add_argument(
        "--max-file-mb", type=megabytes, default=None, metavar="MB",
        help="skip files larger than this (default: the library's setting, "
        f"{Settings.max_file_mb} unless changed in Preferences)",
    )

    articles = commands.add_parser("articles", parents=[db_option], help="list articles",
                                   description="List the library's active articles.")
    articles.add_argument("--search", default="", metavar="TEXT", help="full-text search in titles and bodies")
    articles.add_argument("--all", action="store_true", help="include merged-away articles")
    articles.add_argument("--limit", type=count, default=None, help="show at most this many")
    articles.add_argument("--sort", choices=list(ARTICLE_SORTS), default=None,
                          help="order by a column, as the app's list does (default: import order, or best match)")
    articles.add_argument("--desc", action="store_true", help="with --sort: in descending order")
    articles.add_argument("--json", action="store_true", help="one JSON object per line")

    show = commands.add_parser("show", parents=[db_option], help="show one article in full",
                               description="Show every field of an article, its clean body and its source files.")
    show.add_argument("id", type=article_id)
    show.add_argument("--json", action="store_true", help="print the article as JSON")

    dupes = commands.add_parser(
        "dupes", parents=[db_option], help="scan for duplicates and list open suggestions",
        description="Scan the articles not scanned yet, then list open suggestions: copies best first, then "
                    "other versions of the same stories (kind 'related'). A library open read-only is not scanned: "
                    "the suggestions found before are listed.",
    )
    dupes.add_argument("--min-score", type=float, default=0.0, metavar="X", help="only pairs scoring at least X (0..1)")
    dupes.add_argument("--kind", action="append", choices=[str(kind) for kind in PairKind], metavar="KIND",
                       help=f"only pairs of this kind ({', '.join(PairKind)}); repeatable")
    dupes.add_argument("--json", action="store_true", help="one JSON object per pair")
    dupes.add_argument("--limit", type=count, default=None, help="list at most this many pairs")
    dupes.add_argument("--explain", action="store_true",
                       help="add the shared passages and the paragraphs only one side has to each pair's reason "
                            "(read from both texts: about a millisecond a pair)")
    dupes.add_argument("--no-stories", action="store_true",
                       help="skip the story scan: list the copies found so far and the related pairs already stored")
    dupes.add_argument("--timings", action="store_true",
                       help="say on stderr how long the copy scan, the story scan and the listing took")

    compare = commands.add_parser(
        "compare", parents=[db_option], help="score two files without importing them",
        description="Read two article files (their first article each), score them as a pair and explain why.",
    )
    compare.add_argument("path_a", type=given_path, metavar="PATH_A")
    compare.add_argument("path_b", type=given_path, metavar="PATH_B")
    compare.add_argument("--json", action="store_true", help="print the verdict as JSON")

    merge = commands.add_parser(
        "merge", parents=[db_option], help="merge duplicates into one article",
        description="Merge OTHER articles into KEEP. Each field is KEEP's unless it is empty (then the most "
        "complete other's) or chosen with --field; the text is KEEP's, or KEEP's plus the paragraphs only the "
        "others have with --combine. Merged-away articles stay in the library and can be restored with "
        "'curator unmerge' or 'curator undo'.",
    )
    merge.add_argument("keep", type=article_id, nargs="?", metavar="KEEP")
    merge.add_argument("others", type=article_id, nargs="*", metavar="OTHER")
    merge.add_argument("--field", action="append", default=[], metavar="NAME=ID",
                       help=f"take a field from article ID ({', '.join(FIELDS)}); repeatable")
    merge.add_argument("--combine", action="store_true", help="add the paragraphs only the others have")
    merge.add_argument("--all-exact", action="store_true", help="merge every group of exact copies instead")
    merge.add_argument("--json", action="store_true", help="print what changed as JSON")

    unmerge = commands.add_parser("unmerge", parents=[db_option], help="take a merge apart",
                                  description="Restore the articles of the merge that made or absorbed ID, "
                                  "exactly as they were before it.")
    unmerge.add_argument("id", type=article_id, metavar="ID")
    library_commands.add_commands(commands, db_option)
    suggestion_commands.add_commands(commands, db_option)
    for name, text in (("undo", "undo the latest change (merge, unmerge, decision, edit, trash)"),
                       ("redo", "redo the latest undone change")):
        commands.add_parser(name, parents=[db_option], help=text, description=text[0].upper() + text[1:] + ".")
    commands.add_parser("suggest", parents=[db_option], help="suggest entity mentions across the library",
                        description="Run the entity suggesters (your registry, places, demonyms, capitalised "
                        "names) over the library and store what they find as pending mentions.")
    entities = commands.add_parser("entities", parents=[db_option], help="list entities, known and suggested",
                                   description="List every entity known or suggested, with mention counts.")
    entities.add_argument("--json", action="store_true", help="one JSON object per entity")
    tag = commands.add_parser(
        "tag", parents=[db_option], help="tag a span of an article as an entity mention",
        description="Tag characters START to END of ARTICLE's clean text (as 'show' prints it) as a mention of "
        "the entity NAME of TYPE (PERSON, ORG, PLACE, EVENT or your own); NAME defaults to the text itself.",
    )
    tag.add_argument("article", type=article_id, metavar="ARTICLE")
    tag.add_argument("start", type=count, metavar="START")
    tag.add_argument("end", type=count, metavar="END")
    tag.add_argument("type", metavar="TYPE")
    tag.add_argument("name", nargs="?", metavar="NAME")
    tag.add_argument("--all", action="store_true", help="then tag every occurrence of the text in the library")

    history = commands.add_parser("history", parents=[db_option], help="list recent operations",
                                  description="List the library's recent operations, newest first.")
    history.add_argument("--limit", type=count, default=30, help="how many (default: %(default)s)")
    history.add_argument("--json", action="store_true", help="one JSON object per line")

    export = commands.add_parser(
        "export", parents=[db_option], help="write articles, entities or stories to a file",
        description="Write the active articles to OUT: jsonl (every field, sources, entities and mentions), csv "
        "(one row per article), spans (text and tagged spans for Prodigy, doccano and spaCy), entities (the "
        "entity registry as CSV) or stories (one JSON line per story with its versions). The file is replaced "
        "whole, or not at all.",
    )
    export.add_argument("out", type=given_path, metavar="OUT")
    export.add_argument("--format", choices=EXPORT_FORMATS,
                        help="default: from OUT's extension (.jsonl or .csv)")
    export.add_argument("--include-merged", action="store_true", help="also write merged-away articles, flagged")
    export.add_argument("--search", default="", metavar="TEXT", help="only the articles a full-text search finds")
    export.add_argument("--ids", metavar="ID,ID,...", help="only these articles")
    export.add_argument("--raw-csv", action="store_true",
                        help="write CSV cells exactly as stored, even those a spreadsheet would run as a formula "
                        "(by default they get a leading apostrophe)")
    export.add_argument("--annotated-only", action="store_true",
                        help="only articles with an accepted mention in their text (an NER training set)")

    cluster_commands.add_commands(commands, db_option)
    launcher = commands.add_parser(
        "install-launcher", help="add Curator to the desktop's application menu",
        description="Install a desktop entry and icons for the current user (Linux), so Curator starts from "
        "the application menu like any other app. Prints every file written.",
    )
    launcher.add_argument("--uninstall", action="store_true", help="remove exactly those files again")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    db_path = getattr(args, "db", None)
    if db_path is None and os.environ.get(DB_ENV_VAR):
        # Named as --db names it: a mistyped name is refused alike, never made an empty library.
        db_path = Path(os.environ[DB_ENV_VAR]).expanduser()
    if args.command is None:
        from curator.ui.app import run  # the GUI is only loaded when asked for

        return run(db_path or default_library_path())
    # A file name whose bytes are not UTF-8 is printed as those bytes (as ls prints it), or escaped where
    # the terminal is not UTF-8: never a traceback, whatever the locale set the streams to.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            utf8 = stream.encoding.replace("-", "").lower() == "utf8"
            stream.reconfigure(errors="surrogateescape" if utf8 else "backslashreplace")
    if sys.stdout.isatty():
        sys.stdout = TerminalText(sys.stdout)
    try:
        status = run_command(args, db_path)
        sys.stdout.flush()  # a reader that stopped early (`| head`) is heard here, not at exit
        return status
    except BrokenPipeError:
        _drop_stdout()
        return EXIT_FAILED
    except KeyboardInterrupt:
        # A second Ctrl+C, or one outside an operation that checks for cancels: every write is a
        # transaction (rolled back whole) and an export's temporary file is removed, so the line is true.
        done = "nothing was written" if args.command == "export" else "any change under way was rolled back"
        print(f"curator {args.command}: cancelled; {done}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except CuratorError as error:
        # Every refusal and failure of the core ends here, as one line; one about the library
        # file itself is no fault of the command.
        where = "curator" if isinstance(error, LibraryError) else f"curator {args.command}"
        print(f"{where}: {error}", file=sys.stderr)
        return EXIT_FAILED
    except (sqlite3.Error, OSError) as error:
        # A busy, full, read-only or damaged library, or a file the system refused: one line too.
        message = describe_failure(error, db_path or default_library_path())
        if message is None:
            raise
        where = "curator" if isinstance(error, sqlite3.Error) else f"curator {args.command}"
        print(f"{where}: {message}", file=sys.stderr)
        return EXIT_FAILED


def _drop_stdout() -> None:
    """The output's reader went away: send what is still buffered nowhere, so exit is quiet."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is no file (tests capture it): nothing is left to flush
        pass


# The commands a --db naming no file yet is made for: imports (a scan's sample is one), and cluster-scan,
# which opens no library.
LIBRARY_MAKERS = ("import", "import-scan", "cluster-scan")


def run_command(args, db_path: Path | None) -> int:
    """Run one command; the core's errors are left to ``main``."""
    if args.command == "compare":  # works on files alone; no library is opened
        return duplicate_commands.cmd_compare(args)
    if args.command == "install-launcher":  # no library either
        return cmd_install_launcher(args)
    if (db_path is not None and args.command not in LIBRARY_MAKERS and db_path.parent.is_dir()
            and not db_path.exists()):
        # A mistyped --db would otherwise be a new, empty library that reports "0 articles" as if it were so.
        raise LibraryError(f"there is no library at {db_path}; curator import creates one there")
    if args.command in cluster_commands.COMMANDS:  # each opens the library if it needs it
        return cluster_commands.run(args, db_path or default_library_path())
    library = Library.open(db_path or default_library_path())
    try:
        if library.read_only and changes_library(args):
            library.refuse_changes()  # before the command reads anything
        return COMMANDS[args.command](library, args)
    finally:
        library.close()


# The commands that only read the library, and those that read it unless asked for a change: all of them
# work on a library open read-only (``dupes`` lists what earlier scans stored); any other is refused there.
READING_COMMANDS = ("articles", "show", "dupes", "stories", "history", "entities", "export")
READING_UNLESS = {"story": lambda args: args.rename is None and not args.split and not args.add,
                  "suggestions": lambda args: args.action is None,
                  "restore": lambda args: not args.ids}


def changes_library(args) -> bool:
    """Whether the command asks for a change of the library."""
    if args.command in READING_COMMANDS:
        return False
    reads = READING_UNLESS.get(args.command)
    return reads is None or not reads(args)


def cmd_import(library: Library, args) -> int:
    from curator.core.curation import import_and_sketch
    from curator.core.ingest import MB, ImportLimits

    limits = None if args.max_file_mb is None else ImportLimits(max_file_bytes=int(args.max_file_mb * MB))
    with cancel_on_interrupt() as cancelled:
        report = import_and_sketch(library, args.paths, limits=limits, follow_links=args.follow_links,
                                   cancelled=cancelled)
    if report.cancelled and not args.json:
        kept = (f"the {report.imported:,} article{'s' if report.imported != 1 else ''} imported before it were kept"
                if report.imported else "nothing was imported")
        print(f"curator import: cancelled; {kept}", file=sys.stderr)
        return EXIT_INTERRUPTED
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        print(report.summary() + ".")
        for path in report.unsupported:
            print(f"  unsupported: {path}")
        for doubt in report.doubtful:
            print(f"  doubtful: {doubt.describe()}")
        for link in report.links_not_followed:
            # Only a link out of the folder is followed when asked; a loop or an archive's link never is.
            hint = " (--follow-links follows it)" if "outside" in link.reason and not args.follow_links else ""
            print(f"  not followed: {link.describe()}{hint}")
        for problem in report.errors:
            print(f"  error: {problem.describe()}", file=sys.stderr)
    if report.cancelled:
        return EXIT_INTERRUPTED
    return EXIT_FAILED if report.errors else EXIT_OK


def cmd_articles(library: Library, args) -> int:
    if args.desc and args.sort is None:
        print("curator articles: --desc turns a --sort around; give --sort title, date, outlet or length",
              file=sys.stderr)
        return EXIT_USAGE
    query = ArticleQuery(search=args.search, include_merged=args.all, sort=ARTICLE_SORTS.get(args.sort),
                         descending=args.desc)
    total = library.count_articles(query)
    limit = total if args.limit is None else max(0, min(args.limit, total))
    title_width = max(20, shutil.get_terminal_size((100, 20)).columns - 38)
    for offset in range(0, limit, 1000):
        for row in library.article_page(query, offset, min(1000, limit - offset)):
            if args.json:
                print(json.dumps(row, ensure_ascii=False))
            else:
                marker = " (merged)" if row["status"] == "merged" else ""
                title = textwrap.shorten(row["title"] + marker, title_width, placeholder="…")
                print(f"{row['id']:>6}  {row['published'] or '':<10}  {(row['outlet'] or '')[:14]:<14}  {title}")
    if not args.json:
        print(f"{total} article{'s' if total != 1 else ''}" + (f" (showing {limit})" if limit < total else ""))
    return EXIT_OK


def cmd_show(library: Library, args) -> int:
    from curator.core.curation import sources

    article = library.article(args.id)
    if article is None:
        print(f"curator show: no article with id {args.id}", file=sys.stderr)
        return EXIT_FAILED
    if args.json:
        print(json.dumps(article, ensure_ascii=False, indent=2))
        return EXIT_OK
    for name in (*RECORD_FIELDS, "created_at", "updated_at"):
        if article.get(name) not in (None, ""):
            print(f"{name + ':':<12} {article[name]}")
    for key, value in article["metadata"].items():
        print(f"{'meta.' + key + ':':<12} {value}")
    print("sources:")
    for source in article["files"]:
        where = f"{source['path']} ({source['record']})" if source["record"] else source["path"]
        print(f"  {where}  [{source['importer']}, {source['encoding'] or '?'}, sha256 {source['sha256'][:12]}]")
    for source in sources(library, args.id):
        if source["article_id"] != args.id and source["path"]:
            where = f"{source['path']} ({source['record']})" if source["record"] else source["path"]
            print(f"  {where}  [merged from article {source['article_id']}]")
    print()
    print(article["body"])
    return EXIT_OK


def cmd_install_launcher(args) -> int:
    from curator.launcher import (
        UnsupportedPlatform,
        install_launcher,
        uninstall_launcher,
    )

    try:
        paths = uninstall_launcher() if args.uninstall else install_launcher()
    except UnsupportedPlatform as error:
        print(error)
        return EXIT_OK
    except OSError as error:
        print(f"curator install-launcher: {error}", file=sys.stderr)
        return EXIT_FAILED
    if args.uninstall:
        print("Removed Curator's launcher:" if paths else "Curator's launcher is not installed; nothing to remove.")
    else:
        print("Installed Curator's launcher for this user:")
    for path in paths:
        print(f"  {path}")
    return EXIT_OK


def _undo_or_redo(action, name: str):
    def command(library: Library, args) -> int:
        step = (next_undo if name == "undo" else next_redo)(library)
        # One transaction, done in a moment: a Ctrl+C waits for it, so what is printed is what happened.
        with interrupts_held() as interrupted:
            summary = library.history_summary(action(library).history_id)
            # The step as it was before: a run (Merge All's merges) says how many more it held.
            print(f"{'Undid' if name == 'undo' else 'Redid'}: {step.words if step is not None else summary}")
        if interrupted():
            print(f"curator {name}: done before Ctrl+C could stop it", file=sys.stderr)
        return EXIT_OK
    return command


def cmd_history(library: Library, args) -> int:
    # As the app's History panel lists them: a run of many operations (an import's transactions, Link
    # All's links) is one entry, its newest row's, saying how many it stands for.
    for entry in library.history_runs(limit=max(0, args.limit)):
        if args.json:
            print(json.dumps(entry, ensure_ascii=False))
        else:
            more = entry["operations"] - 1
            run = f" (and {more:,} more of this run)" if more else ""
            undone = "" if entry["undone"] == HistoryState.IN_EFFECT else "  (undone)"
            print(f"{entry['id']:>5}  {entry['at'].replace('T', ' ')[:16]}  {entry['summary']}{run}{undone}")
    return EXIT_OK


def cmd_suggest(library: Library, args) -> int:
    from curator.core.entities import suggest_mentions

    report = suggest_mentions(library)
    print(report.summary() + ".")
    return EXIT_OK


def cmd_entities(library: Library, args) -> int:
    from curator.core.entities import entity_listing

    listing = entity_listing(library)
    for item in listing:
        if args.json:
            print(json.dumps(item, ensure_ascii=False))
        else:
            marker = "  (suggested)" if item["suggested"] else ""
            aliases = f"  aka {', '.join(item['aliases'])}" if item["aliases"] else ""
            print(f"{item['type']:<8} {item['name']}{aliases}{marker}  —  {item['accepted']} tagged, "
                  f"{item['pending']} pending, in {len(item['article_ids'])} article(s)")
    if not args.json:
        print(f"{len(listing)} entit{'y' if len(listing) == 1 else 'ies'}")
    return EXIT_OK


def cmd_tag(library: Library, args) -> int:
    from curator.core.entities import propagate_mention, propagation_preview, tag_mention

    changes = tag_mention(library, args.article, args.start, args.end, type=args.type.upper(), name=args.name)
    mention = changes.mentions[0]
    text = library.db.execute("SELECT text FROM mentions WHERE id = ?", [mention]).fetchone()[0]
    print(f"Tagged “{text}” in article {args.article}.")
    if args.all:
        if not propagation_preview(library, mention):
            print(f"Every other “{text}” in the library is tagged or rejected already.")
            return EXIT_OK
        more = propagate_mention(library, mention)
        print(f"Tagged {counted(len(more.mentions), 'more occurrence')} in {counted(len(more.articles), 'article')}.")
    return EXIT_OK


def _export_ids(text: str | None) -> list[int] | None:
    if text is None:
        return None
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts or not all(is_id(part) for part in parts):
        raise ValueError(f"--ids takes article ids separated by commas, such as 1,2,3, not '{text}'")
    return [int(part) for part in parts]


def cmd_export(library: Library, args) -> int:
    from curator.core.export import ExportFormat, export_library, format_for_path

    try:
        ids = _export_ids(args.ids)
        format = ExportFormat(args.format) if args.format else format_for_path(args.out)
        if format is None:
            raise ValueError(f"cannot tell the format from '{args.out.name}'; give --format "
                             f"({', '.join(f.value for f in ExportFormat)})")
        if not format.of_articles and (ids is not None or args.search or args.include_merged or args.annotated_only):
            raise ValueError("--ids, --search, --include-merged and --annotated-only choose articles; the "
                             f"{format.value} format writes the library's {format.value} whole")
    except ValueError as error:
        print(f"curator export: {error}", file=sys.stderr)
        return EXIT_USAGE
    query = ArticleQuery(search=args.search, include_merged=args.include_merged)
    with cancel_on_interrupt() as cancelled:
        report = export_library(library, args.out, format, query=query, ids=ids, raw_csv=args.raw_csv,
                                annotated_only=args.annotated_only, cancelled=cancelled)
    if report.cancelled:
        print("curator export: cancelled; nothing was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    print(report.summary() + ".")
    return EXIT_OK


COMMANDS = {"import": cmd_import, "articles": cmd_articles, "show": cmd_show, **duplicate_commands.COMMANDS,
            "undo": _undo_or_redo(undo, "undo"),
            "redo": _undo_or_redo(redo, "redo"), "history": cmd_history, "entities": cmd_entities, "tag": cmd_tag,
            "suggest": cmd_suggest, "export": cmd_export, **library_commands.COMMANDS,
            **suggestion_commands.COMMANDS}

if __name__ == "__main__":
    raise SystemExit(main())
