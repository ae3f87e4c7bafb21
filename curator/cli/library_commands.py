"""The command line's commands that change the library's articles, stories and suggestions: ``edit``,
``trash``, ``restore``, ``scan``, ``stories``, ``story``, ``link`` and ``decide``; the same core functions
as the app's. Each command imports the engines it runs inside its function, as every command does (see
``curator.cli``)."""

from __future__ import annotations

import argparse
import json
import sys

from curator.cli.arguments import (
    EXIT_OK,
    EXIT_USAGE,
    article_id,
    import_number,
    story_id,
)
from curator.cli.interrupts import EXIT_INTERRUPTED, cancel_on_interrupt
from curator.cli.output import print_lines
from curator.core.library import ArticleQuery, Library


def add_commands(commands, db_option: argparse.ArgumentParser) -> None:
    """Add these commands' parsers to the command line's."""
    stories = commands.add_parser(
        "stories", parents=[db_option], help="list stories: the articles linked as versions of one story",
        description="List the stories: groups of articles linked as versions of one story (Same Story in the "
                    "review queue), the largest first.",
    )
    stories.add_argument("--json", action="store_true", help="one JSON object per story")

    story = commands.add_parser(
        "story", parents=[db_option], help="show or change one story",
        description="Show a story's versions, oldest first, with what each adds to and cuts from the earliest; "
                    "or rename it, split versions off it, or move articles into it. Every change is undoable.",
    )
    story.add_argument("id", type=story_id, metavar="STORY")
    change = story.add_mutually_exclusive_group()
    change.add_argument("--rename", metavar="TITLE", help="name the story ('' for its earliest headline)")
    change.add_argument("--split", type=article_id, nargs="+", metavar="ARTICLE", help="split these versions off")
    change.add_argument("--add", type=article_id, nargs="+", metavar="ARTICLE", help="move these articles into it")
    story.add_argument("--json", action="store_true", help="print the story as JSON")

    link = commands.add_parser(
        "link", parents=[db_option], help="link two suggested articles as versions of one story",
        description="Same Story for a suggested pair: link A and B as versions of one story, joining their "
                    "stories. With --all-suggested, every open same-story suggestion (scoring at least "
                    "--min-score), the best first. Undo with 'curator undo' (once for the whole run).",
    )
    link.add_argument("a", type=article_id, metavar="A", nargs="?")
    link.add_argument("b", type=article_id, metavar="B", nargs="?")
    link.add_argument("--all-suggested", action="store_true",
                      help="link every open same-story suggestion instead of one pair")
    link.add_argument("--min-score", type=float, metavar="X",
                      help="with --all-suggested: only suggestions scoring at least X (0..1)")

    decide = commands.add_parser(
        "decide", parents=[db_option], help="decide a suggested pair: different, or skipped for now",
        description="Decide the suggested pair of articles A and B as the review queue does: 'different' (not "
                    "duplicates; for a same-story suggestion, different stories) keeps it out of the queue for "
                    "good, 'skip' sets it aside, 'queue' puts a skipped pair back. 'curator link' decides Same "
                    "Story and 'curator merge' merges. Undo with 'curator undo'.",
    )
    decide.add_argument("a", type=article_id, metavar="A")
    decide.add_argument("b", type=article_id, metavar="B")
    decide.add_argument("decision", choices=("different", "skip", "queue"), metavar="different|skip|queue")

    edit = commands.add_parser(
        "edit", parents=[db_option], help="edit an article's title, date, outlet, URL, byline or dateline",
        description="Change fields of article ID; an empty value clears the field. The source file keeps what it "
        "said. Undo with 'curator undo'.")
    edit.add_argument("id", type=article_id, metavar="ID")
    for option, field, what in (("--title", "title", "the title"), ("--date", "published", "the publication date"),
                                ("--source", "outlet", "the outlet"), ("--url", "url", "the URL"),
                                ("--byline", "byline", "the byline"), ("--dateline", "dateline", "the dateline")):
        edit.add_argument(option, dest=field, metavar="TEXT", help=what)
    edit.add_argument("--published", dest="published", metavar="DATE", help=argparse.SUPPRESS)
    edit.add_argument("--outlet", dest="outlet", metavar="TEXT", help=argparse.SUPPRESS)
    trash = commands.add_parser(
        "trash", parents=[db_option], help="move articles to the trash",
        description="Move articles to the trash: they leave the lists, the review queue, stories and exports, "
        "and keep every row. 'curator restore' or 'curator undo' brings them back.")
    trash.add_argument("ids", type=article_id, nargs="*", metavar="ID")
    trash.add_argument("--import", dest="import_id", type=import_number, metavar="N",
                       help="the articles of import N (its number in 'curator history')")
    restore = commands.add_parser("restore", parents=[db_option], help="bring articles back from the trash",
                                  description="Bring trashed articles back (with no ID: list the trash).")
    restore.add_argument("ids", type=article_id, nargs="*", metavar="ID")
    commands.add_parser(
        "scan", parents=[db_option], help="check the articles not checked yet for duplicates and other versions",
        description="Scan every article not scanned yet for copies and for other versions of the same story, "
        "as the app does when it opens a library. Prints what it found.")


def cmd_scan(library: Library, args) -> int:
    from curator.core.curation import check_new_articles

    checked = check_new_articles(library)
    print(checked.copies.summary() + ".")
    if checked.stories is not None:
        print(checked.stories.summary() + ".")
    return EXIT_OK


def cmd_edit(library: Library, args) -> int:
    from curator.core.curation import edit_article

    fields = {name: getattr(args, name) for name in ("title", "published", "outlet", "url", "byline", "dateline")}
    if all(value is None for value in fields.values()):
        print("curator edit: give at least one of --title, --date, --source, --url, --byline, --dateline",
              file=sys.stderr)
        return EXIT_USAGE
    changes = edit_article(library, args.id, **fields)
    print(library.history_summary(changes.history_id) + ". Undo with 'curator undo'.")
    return EXIT_OK


def cmd_trash(library: Library, args) -> int:
    from curator.core.curation import import_article_ids, trash_articles

    if bool(args.ids) == (args.import_id is not None):
        print("curator trash: give article ids or --import N, not both", file=sys.stderr)
        return EXIT_USAGE
    ids = args.ids or import_article_ids(library, args.import_id)
    changes = trash_articles(library, ids)
    print(library.history_summary(changes.history_id) + ". Restore with 'curator restore' or 'curator undo'.")
    return EXIT_OK


def cmd_restore(library: Library, args) -> int:
    from curator.core.curation import restore_articles

    if not args.ids:
        query = ArticleQuery(trash=True)
        for row in library.article_page(query, 0, library.count_articles(query)):
            print(f"{row['id']:>6}  {row['published'] or '':<10}  {row['title']}")
        print(f"{library.count_articles(query)} article(s) in the trash")
        return EXIT_OK
    changes = restore_articles(library, args.ids)
    print(library.history_summary(changes.history_id) + ".")
    return EXIT_OK


def cmd_stories(library: Library, args) -> int:
    from curator.core.stories import list_stories

    stories = list_stories(library)
    if args.json:
        print_lines(json.dumps(story.as_record(), ensure_ascii=False) for story in stories)
        return EXIT_OK
    for story in stories:
        span = " to ".join(dict.fromkeys(date for date in (story.first, story.last) if date)) or "undated"
        print(f"#{story.id}  {story.title}")
        print(f"     {len(story.article_ids)} versions ({', '.join(map(str, story.article_ids))}); "
              f"{', '.join(story.outlets) or 'no outlet'}; {span}")
    print(f"{len(stories)} stor{'ies' if len(stories) != 1 else 'y'}")
    return EXIT_OK


def cmd_story(library: Library, args) -> int:
    from curator.core.stories import move_versions, rename_story, split_story, story_page

    if args.rename is not None or args.split or args.add:
        changes = (rename_story(library, args.id, args.rename) if args.rename is not None
                   else split_story(library, args.id, args.split) if args.split
                   else move_versions(library, args.add, args.id))
        print(f"{library.history_summary(changes.history_id)}. Undo with 'curator undo'.")
        return EXIT_OK
    page = story_page(library, args.id)
    if args.json:
        versions = [{"id": change.version.id, "title": change.version.title, "outlet": change.version.outlet,
                     "published": change.version.published, "added_words": change.added_words,
                     "cut_words": change.cut_words, "merged_copies": list(change.version.copies)}
                    for change in page.changes]
        print(json.dumps({**page.story.as_record(), "versions": versions}, ensure_ascii=False))
        return EXIT_OK
    print(f"#{page.story.id}  {page.story.title}")
    for change in page.changes:
        version = change.version
        what = ("earliest" if change is page.changes[0]
                else f"+{change.added_words:,} / -{change.cut_words:,} words"
                     + (", new headline" if change.new_headline else ""))
        copies = f"; merged copies {', '.join(map(str, version.copies))}" if version.copies else ""
        print(f"  {(version.published or 'undated')[:10]:<10}  #{version.id:<6} {version.outlet or 'no outlet'}: "
              f"{version.title or ''}  ({what}{copies})")
    if len(page.changes) < 2:
        # A story keeps its trashed versions (they count again once restored); with one version left
        # in the library, 'curator stories' does not list it. (A merge that leaves a story one version
        # takes the story apart; a library merged so before may still hold one, shown as such.)
        print("  Its other versions are in the trash: 'curator stories' lists it again once they are restored."
              if page.story.in_trash else "  Its other versions were merged into this one: 'curator stories' "
              "lists it again once they are unmerged or another version is added.")
    return EXIT_OK


def cmd_link(library: Library, args) -> int:
    from curator.core.dedupe import PairQuery, count_unscanned
    from curator.core.stories import count_unread, link_suggested_versions, link_versions

    if args.all_suggested:
        if args.a is not None:
            print("curator link: --all-suggested takes no article ids", file=sys.stderr)
            return EXIT_USAGE
        min_score = 0.0 if args.min_score is None else args.min_score
        if not 0 <= min_score <= 1:
            print("curator link: --min-score must be between 0 and 1", file=sys.stderr)
            return EXIT_USAGE
        with cancel_on_interrupt() as cancelled:
            report = link_suggested_versions(library, PairQuery(min_score=min_score), cancelled=cancelled)
        if report.cancelled:
            kept = (f"the {report.linked:,} link{'s' if report.linked != 1 else ''} made before it "
                    f"{'were' if report.linked != 1 else 'was'} kept ('curator undo' takes "
                    f"{'them' if report.linked != 1 else 'it'} back)" if report.linked else "nothing was linked")
            print(f"curator link: cancelled; {kept}", file=sys.stderr)
            return EXIT_INTERRUPTED
        if report.linked or report.settled or report.against_decisions or report.changed_meanwhile:
            print(f"{report.summary()}." + (" Undo with 'curator undo'." if report.linked else ""))
        else:
            unchecked = max(count_unscanned(library), count_unread(library))
            print("No open same-story suggestions to link" + (
                f" ({unchecked:,} article{'s' if unchecked != 1 else ''} not checked yet: 'curator scan' "
                "checks them)." if unchecked else "."))
        return EXIT_OK
    if args.b is None or args.min_score is not None:
        print("curator link: give A and B, or --all-suggested (which --min-score goes with)", file=sys.stderr)
        return EXIT_USAGE
    changes = link_versions(library, args.a, args.b)
    print(f"{library.history_summary(changes.history_id)}. Undo with 'curator undo'.")
    return EXIT_OK


def cmd_decide(library: Library, args) -> int:
    from curator.core.dedupe import Decision, decide_pair, unskip_pair

    if args.decision == "queue":
        changes = unskip_pair(library, args.a, args.b)
    else:
        changes = decide_pair(library, args.a, args.b,
                              Decision.NOT_DUPLICATE if args.decision == "different" else Decision.SKIP)
    print(f"{library.history_summary(changes.history_id)}. Undo with 'curator undo'.")
    return EXIT_OK


COMMANDS = {"scan": cmd_scan, "edit": cmd_edit, "trash": cmd_trash, "restore": cmd_restore, "stories": cmd_stories,
            "story": cmd_story, "link": cmd_link, "decide": cmd_decide}
