"""What the command line's duplicate commands do: ``dupes`` scans for copies and for other versions of
the same stories and lists the open pairs, ``compare`` scores two files without importing them,
``merge`` joins duplicates into one article and ``unmerge`` takes a merge apart, with the same core
functions as the app's review. Their arguments are declared with the other commands' in ``curator.cli``;
each command imports the engines it runs inside its function, as every command does (see ``curator.cli``).
"""

from __future__ import annotations

import json
import sys
import textwrap
import time
from pathlib import Path
from typing import TYPE_CHECKING

from curator.cli.arguments import EXIT_OK, EXIT_USAGE, is_id
from curator.cli.output import print_lines
from curator.core.library import FIELDS, Library, PairKind, Settings, two_places

if TYPE_CHECKING:
    from curator.core.ingest import ArticleDraft


def cmd_dupes(library: Library, args) -> int:
    from curator.core.dedupe import PairQuery, count_pairs, iter_open_pairs, iter_open_pairs_json, scan_duplicates
    from curator.core.stories import scan_stories

    if not 0 <= args.min_score <= 1:
        print("curator dupes: --min-score must be between 0 and 1", file=sys.stderr)
        return EXIT_USAGE
    started = time.perf_counter()
    if library.read_only:  # the scans store what they find: only the pairs stored before are listed
        report = None
        _say_not_checked(library, args.no_stories)
    else:
        report = scan_duplicates(library)
    scanned = time.perf_counter()
    stories = None if args.no_stories or report is None else scan_stories(library)
    listing = time.perf_counter()
    # Printed as read: a listing of hundreds of thousands of pairs is never all in memory.
    kinds = tuple(PairKind(kind) for kind in args.kind) if args.kind else tuple(PairKind)
    if args.json and not args.explain:
        print_lines(iter_open_pairs_json(library, min_score=args.min_score, limit=args.limit, kinds=kinds))
    elif args.json:
        print_lines(json.dumps(pair, ensure_ascii=False) for pair in iter_open_pairs(
            library, min_score=args.min_score, limit=args.limit, explained=True, kinds=kinds))
    else:
        if report is not None:
            print(report.summary() + ".", file=sys.stderr)
        if stories is not None:
            print(stories.summary() + ".", file=sys.stderr)
        listed = 0
        pairs = iter_open_pairs(library, min_score=args.min_score, limit=args.limit, explained=args.explain,
                                kinds=kinds)
        for listed, pair in enumerate(pairs, start=1):
            print(f"{two_places(pair['score'])}  {pair['kind']:<9}  A #{pair['a']['id']}  {pair['a']['title']}")
            print(f"{'':17}B #{pair['b']['id']}  {pair['b']['title']}")
            print(f"{'':17}{pair['reason'].get('summary', '')}")
        total = listed
        if args.limit is not None and listed == args.limit:
            total = count_pairs(library, PairQuery(kinds=kinds, min_score=args.min_score))
        print(f"{listed} of {total} open pairs" if total > listed else f"{listed} open pair{'s' if listed != 1 else ''}")
    if args.timings:
        sys.stdout.flush()
        if report is not None:
            print(f"copy scan: {scanned - started:.2f} s", file=sys.stderr)
        if stories is not None:
            print(f"story scan: {listing - scanned:.2f} s", file=sys.stderr)
        print(f"listing: {time.perf_counter() - listing:.2f} s", file=sys.stderr)
    return EXIT_OK


def _say_not_checked(library: Library, no_stories: bool) -> None:
    """Say once, on stderr, that the articles the scans have not seen were left unchecked (a library open
    read-only keeps no pairs they would find)."""
    from curator.core.dedupe import count_unscanned
    from curator.core.stories import count_unread

    unchecked = count_unscanned(library) if no_stories else max(count_unscanned(library), count_unread(library))
    if unchecked:
        print(f"curator dupes: {unchecked:,} new article{'s were' if unchecked != 1 else ' was'} not checked for "
              "duplicates, as this library is open read-only; listing the pairs found before", file=sys.stderr)


def _first_article(path: Path) -> ArticleDraft:
    from curator.core.ingest import (
        ImportLimits,
        SourceReadError,
        UnreadableFile,
        importer_for,
        not_regular_reason,
        read_file,
    )

    if not path.exists():
        raise UnreadableFile("no such file")
    if path.is_dir():
        raise UnreadableFile("is a folder; give an article file")
    if not path.is_file():  # a device or a pipe has no file type to name, and would never end
        raise UnreadableFile(not_regular_reason(path.stat().st_mode))
    importer = importer_for(path.name)
    if importer is None:
        raise UnreadableFile(f"unsupported file type '{path.suffix or path.name}'")
    try:
        # As an import reads it: a regular file only (a pipe would wait forever), up to the size limit.
        data = read_file(str(path), ImportLimits().max_file_bytes)
    except SourceReadError as error:
        raise UnreadableFile(str(error)) from error
    except OSError as error:
        raise UnreadableFile(f"cannot read file: {error.strerror}") from error
    result = importer[1](str(path), data)
    if not result.drafts:
        raise UnreadableFile("no articles found")
    return result.drafts[0]


def cmd_compare(args) -> int:
    from curator.core.dedupe import compare_bodies
    from curator.core.ingest import UnreadableFile
    from curator.core.stories import Weights, compare_stories, story_text

    drafts = []
    for path in (args.path_a, args.path_b):
        try:
            drafts.append(_first_article(path))
        except UnreadableFile as error:
            raise UnreadableFile(f"{path}: {error}") from error  # which of the two files it is
    bodies = [draft.body for draft in drafts]
    verdict = compare_bodies(*bodies)
    # Two files outside any library: the story score weighs terms by English word frequencies alone.
    text_a, text_b = (story_text(draft.title, draft.body, draft.published) for draft in drafts)
    story = compare_stories(text_a, text_b, Weights.background())
    # A kind of copy only for a pair a library would suggest as one (at its default threshold).
    kind = verdict.kind if verdict.score >= Settings().duplicate_threshold else None
    if args.json:
        print(json.dumps({"a": str(args.path_a), "b": str(args.path_b), "score": verdict.score,
                          "kind": kind, "reason": verdict.reason, "related": round(story.score, 4),
                          "story": story.as_reason()}, ensure_ascii=False))
        return EXIT_OK
    print(f"score {two_places(verdict.score)} ({kind or 'not a copy'}): "
          f"{verdict.reason.get('summary', 'too little in common')}")
    print(f"same story {two_places(story.score)}: {story.summary()}")
    if verdict.reason:
        print(f"  jaccard {verdict.reason['jaccard']:.2f}, containment {verdict.reason['containment']:.2f}, "
              f"ratio {verdict.reason['ratio']:.2f}")
        for passage in verdict.reason["passages"][:5]:
            text = " ".join(bodies[0][slice(*passage["a"])].split())
            print(f"  shared ({passage['words']} words): {textwrap.shorten(text, 100, placeholder='…')}")
        for label, spans, body in (("only in A", "only_a", bodies[0]), ("only in B", "only_b", bodies[1])):
            for start, end in verdict.reason[spans]:
                print(f"  {label}: {textwrap.shorten(body[start:end], 100, placeholder='…')}")
    return EXIT_OK


def _field_choices(specs: list[str]) -> dict[str, int]:
    choices = {}
    for spec in specs:
        name, _, source = spec.partition("=")
        if name not in FIELDS or not is_id(source):
            raise ValueError(f"--field takes NAME=ID with NAME one of {', '.join(FIELDS)}, not '{spec}'")
        choices[name] = int(source)
    return choices


def cmd_merge(library: Library, args) -> int:
    from curator.core.curation import BodyStrategy, MergePlan, merge_articles, merge_exact_duplicates, suggest_plan

    if args.all_exact:
        if args.keep is not None:
            print("curator merge: --all-exact takes no article ids", file=sys.stderr)
            return EXIT_USAGE
        report = merge_exact_duplicates(library)
        print(json.dumps({"groups": report.groups, "merged_away": report.merged_away, "kept": report.kept})
              if args.json else f"Merged {report.groups} group(s) of exact copies; {report.merged_away} "
              "article(s) merged away.")
        return EXIT_OK
    if args.keep is None or not args.others:
        print("curator merge: give KEEP and at least one OTHER article id (or --all-exact)", file=sys.stderr)
        return EXIT_USAGE
    try:
        fields = _field_choices(args.field)
        plan = suggest_plan(library, [args.keep, *args.others], keep=args.keep).plan
        plan = MergePlan(plan.keep, plan.others, {**plan.fields, **fields},
                         BodyStrategy.COMBINE if args.combine else BodyStrategy.KEEP)
        changes = merge_articles(library, plan)
    except ValueError as error:
        print(f"curator merge: {error}", file=sys.stderr)
        return EXIT_USAGE
    # What the merge did, as its history entry says it (the stories it joined or took apart too).
    summary = library.history_summary(changes.history_id)
    if args.json:
        print(json.dumps({"kept": plan.keep, "merged": list(plan.others), "history_id": changes.history_id,
                          "summary": summary}, ensure_ascii=False))
    else:
        print(f"{summary}. Undo with 'curator undo'.")
    return EXIT_OK


def cmd_unmerge(library: Library, args) -> int:
    from curator.core.curation import unmerge_article

    changes = unmerge_article(library, args.id)
    print(f"Restored articles {', '.join(map(str, changes.articles))}.")
    return EXIT_OK


COMMANDS = {"dupes": cmd_dupes, "merge": cmd_merge, "unmerge": cmd_unmerge}
