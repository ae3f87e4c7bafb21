"""The command line's review of entity suggestions: ``suggestions`` lists them grouped by the name they
propose, surest first, and ``suggestions accept|reject NAME`` decides every pending mention of a name.
The entity engine is imported inside the functions that run it, as every command does (see ``curator.cli``)."""

from __future__ import annotations

import argparse
import json
from typing import Iterator

from curator.cli.arguments import EXIT_OK, count
from curator.core.library import Library


def add_commands(commands, db_option: argparse.ArgumentParser) -> None:
    suggestions = commands.add_parser(
        "suggestions", parents=[db_option], help="list or decide pending entity suggestions by name",
        description="Without ACTION, list the pending suggestions grouped by the name and type they propose, "
        "surest first. 'accept NAME' accepts every pending mention of NAME (creating its entity; --type "
        "accepts it as another type), 'reject NAME' rejects them; either is one step for 'curator undo'.",
    )
    suggestions.add_argument("action", nargs="?", choices=("accept", "reject"), metavar="ACTION",
                             help="accept or reject")
    suggestions.add_argument("name", nargs="?", metavar="NAME", help="the suggested name")
    suggestions.add_argument("--type", metavar="TYPE",
                             help="accept as this type; with two suggested types of one name, the one to decide")
    suggestions.add_argument("--limit", type=count, default=50, help="how many names to list (default: %(default)s)")
    suggestions.add_argument("--json", action="store_true", help="one JSON object per name")


def cmd_suggestions(library: Library, args) -> int:
    from curator.core.entities import EntityError, GroupDecision, decide_suggestion_group

    if args.action is None:
        for group in _groups(library, args.limit):
            if args.json:
                print(json.dumps(group, ensure_ascii=False))
            else:
                print(f"{group['confidence']:.2f}  {group['type']:<8} {group['name']}  —  {group['mentions']} "
                      f"mention(s) in {group['articles']} article(s)")
        return EXIT_OK
    if not args.name:
        raise EntityError(f"Name the suggestion to {args.action}: curator suggestions {args.action} NAME")
    type = _suggested_type(library, args.name, args.type)
    new_type = args.type.upper() if args.action == "accept" and args.type and args.type.upper() != type else None
    decision = GroupDecision.ACCEPT if args.action == "accept" else GroupDecision.REJECT
    changes = decide_suggestion_group(library, args.name, type, decision, new_type=new_type)
    print(library.history_summary(changes.history_id) + ".")
    return EXIT_OK


def _groups(library: Library, limit: int) -> Iterator[dict]:
    """The first ``limit`` names of the review queue, read a page at a time (a page has at most a few hundred)."""
    from curator.core.entities import suggestion_groups

    listed = 0
    while listed < limit:
        page = suggestion_groups(library, offset=listed, limit=limit - listed)
        if not page:
            return
        yield from page
        listed += len(page)


def _suggested_type(library: Library, name: str, wanted: str | None) -> str:
    """The type the pending suggestions of ``name`` propose (``wanted``, when they propose several)."""
    from curator.core.entities import EntityError, suggested_types

    types = suggested_types(library, name)
    if wanted is not None and wanted.upper() in types:
        return wanted.upper()
    if len(types) == 1:
        return types[0]
    if not types:
        raise EntityError(f"There are no pending suggestions of “{name}”")
    raise EntityError(f"“{name}” is suggested as {' and '.join(types)}; choose one with --type")


COMMANDS = {"suggestions": cmd_suggestions}
