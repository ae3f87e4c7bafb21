"""Changing stories: link two versions, rename a story, split it, move versions between stories, make one.

Each is one transaction with its history row, undone and redone by its row snapshots like every
other change. A story only ever holds what a person put there: linking two versions joins their
stories (each member still reached through a link it has), and moving is a person's own choice.

>>> from curator.core.library import Library
>>> rename_story(Library.open(":memory:"), 1, "Hywind Tampen")
Traceback (most recent call last):
...
curator.core.stories.catalog.StoryRefusal: There is no story 1
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace

from curator.core.dedupe.clusters import Pair
from curator.core.dedupe.pairs import Decision, PairOrder, PairQuery, selected_pairs, write_decision
from curator.core.entities import propose_known_entities
from curator.core.errors import Refusal
from curator.core.library.history import RowChanges, record
from curator.core.library.labels import named_articles, quoted
from curator.core.library.sql import chunks, inserted_id, placeholders
from curator.core.library.states import ArticleStatus, HistoryState, Operation, PairKind, PairStatus
from curator.core.library.store import Changes, Library, utc_now
from curator.core.progress import CancelCheck, ProgressCallback, never_cancelled, no_progress
from curator.core.stories.catalog import StoryRefusal, kept_versions, story_label, version_count
from curator.core.text import without_invisibles

TITLE_LIMIT = 300
# A run linking many suggestions makes no story larger than this: a story has a handful of versions,
# or dozens for a large event, and one of hundreds grew by chaining suggestions no one looked at (a run
# over a generated library's suggestions, a sixth of them right, made one of 1,328 articles).
MOST_UNSEEN_VERSIONS = 100


def link_versions(library: Library, a: int, b: int, *, batch: str | None = None, unseen: bool = False) -> Changes:
    """Same Story: link a suggested pair as two versions of one story, joining their stories (as one
    step of ``batch``, a run that one undo reverses, if given). A link no one looked at (``unseen``: one
    of a run over many suggestions) is refused where it would put together two articles marked
    different stories, or make a story of more than ``MOST_UNSEEN_VERSIONS`` articles: a person linking
    one pair sees the stories it joins, a run does not."""
    pair: Pair = (min(a, b), max(a, b))
    with library.atomic():
        # Decided so, and still in one story: nothing left to do. (Two versions a story already holds
        # may still have a copy suggestion open, which Same Story decides.)
        status = library.db.execute("SELECT status FROM pairs WHERE a = ? AND b = ?", pair).fetchone()
        holding = library.stories_holding(list(pair))
        if status is not None and status[0] == PairStatus.LINKED and holding[pair[0]] & holding[pair[1]]:
            raise StoryRefusal(f"Articles {pair[0]} and {pair[1]} are versions of one story already")
        if unseen:
            _check_unseen_link(library, holding, pair)
        rows = RowChanges(library)
        summary = write_decision(library, rows, pair, Decision.SAME_STORY)
        story_id = _join(library, rows, list(pair))
        settled = _settle_open_rewrites(library, rows, story_id)
        if settled:
            summary += f" (and {len(settled)} more pair{'s' if len(settled) != 1 else ''} of its versions)"
        summary += _against_earlier_decisions(library, story_id)
        # What one version tagged is proposed where the other names it untagged.
        proposed = [*propose_known_entities(library, rows, [pair[0]], pair[1], "linked"),
                    *propose_known_entities(library, rows, [pair[1]], pair[0], "linked")]
        history_id = record(library, Operation.DECIDE_PAIR, summary,
                            {"a": pair[0], "b": pair[1], "decision": Decision.SAME_STORY.value}, rows, batch=batch)
    return Changes(history_id, articles=pair, pairs=(pair, *settled), mentions=tuple(proposed))


class AgainstDecisions(StoryRefusal):
    """A link no one looked at, refused for joining articles marked different stories before."""


class TooManyVersions(StoryRefusal):
    """A link no one looked at, refused for making a story of more than ``MOST_UNSEEN_VERSIONS`` articles."""


@dataclass
class BulkLinkReport:
    """What linking the suggested versions in bulk did: suggestions linked, the further suggestions
    their stories settled, those passed over, whether it was cancelled or undone meanwhile."""

    linked: int = 0  # links made
    settled: int = 0  # further suggestions the stories they joined settled as linked
    against_decisions: int = 0  # passed over: their story would hold two articles marked different stories
    too_large: int = 0  # passed over: their story would have more than MOST_UNSEEN_VERSIONS articles
    changed_meanwhile: int = 0  # passed over: another process trashed, merged or linked them first
    cancelled: bool = False
    undone_meanwhile: bool = False  # another process undid the run's links while it ran: it stopped there
    batch: str = ""
    articles: list[int] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)

    @property
    def changes(self) -> Changes:
        """What the run changed, for views to refresh (its links have a history row each)."""
        return Changes(None, articles=tuple(self.articles), pairs=tuple(self.pairs))

    def summary(self) -> str:
        """What the run did, in words: every suggestion it left linked (made links and settled ones alike),
        those it passed over and why, and whether it stopped."""
        count = self.linked + self.settled
        parts = [f"Linked {count:,} same-story suggestion{'s' if count != 1 else ''} as versions of their stories"]
        if self.against_decisions:
            parts.append(f"passed over {self.against_decisions:,} that would have put articles marked different "
                         "stories into one story")
        if self.too_large:
            parts.append(f"passed over {self.too_large:,} that would have made a story of more than "
                         f"{MOST_UNSEEN_VERSIONS} articles")
        if self.changed_meanwhile:
            parts.append(f"passed over {self.changed_meanwhile:,} another process changed meanwhile")
        if self.undone_meanwhile:
            parts.append("stopped when another process undid its links")
        elif self.cancelled:
            parts.append(f"stopped after {self.linked:,} link{'s' if self.linked != 1 else ''}")
        return "; ".join(parts)


def same_story_suggestions(query: PairQuery) -> PairQuery:
    """The same-story suggestions of those ``query`` selects (none if it leaves out that kind), the best first."""
    return replace(query, kinds=tuple(kind for kind in query.kinds if kind is PairKind.RELATED),
                   order=PairOrder.BEST_FIRST)


def suggested_versions(library: Library, query: PairQuery) -> list[Pair]:
    """The same-story suggestions ``query`` selects (open ones, or with ``skipped`` the skipped ones, of
    two active articles), the best first."""
    return selected_pairs(library, same_story_suggestions(query))


def link_suggested_versions(library: Library, query: PairQuery, progress: ProgressCallback = no_progress,
                            cancelled: CancelCheck = never_cancelled) -> BulkLinkReport:
    """Same Story for every same-story suggestion ``query`` selects, the best first, each linked as
    :func:`link_versions` links it, in a transaction of its own. All the links share a batch, so one
    undo reverses the whole run; a cancel keeps the links made. A suggestion an earlier link settled
    (its two articles now versions of one story) is counted as settled, not linked again; one whose
    story would hold two articles marked different stories is passed over, as is one another process
    trashed, merged or linked first. Another process undoing the run's links stops it."""
    pairs = suggested_versions(library, query)
    waiting = PairStatus.SKIPPED if query.skipped else PairStatus.OPEN
    report = BulkLinkReport(batch=uuid.uuid4().hex)
    latest: int | None = None  # the run's latest link in the history
    for done, pair in enumerate(pairs):
        if cancelled():
            report.cancelled = True
            break
        progress(done, len(pairs), f"Linking suggested versions: {done + 1:,} of {len(pairs):,}")
        if latest is not None and library.db.execute("SELECT 1 FROM history WHERE id = ? AND undone = ?",
                                                      [latest, HistoryState.IN_EFFECT]).fetchone() is None:
            report.undone_meanwhile = True
            break
        status = library.db.execute("SELECT status FROM pairs WHERE a = ? AND b = ?", pair).fetchone()
        if status is None or status[0] != waiting:
            continue
        try:
            changes = link_versions(library, *pair, batch=report.batch, unseen=True)
        except AgainstDecisions:
            report.against_decisions += 1
            continue
        except TooManyVersions:
            report.too_large += 1
            continue
        except Refusal:
            # Checked above, changed since by another process: trashed, merged or linked before this link.
            report.changed_meanwhile += 1
            continue
        latest = changes.history_id
        report.linked += 1
        report.settled += len(changes.pairs) - 1
        report.articles.extend(changes.articles)
        report.pairs.extend(changes.pairs)
    progress(report.linked, len(pairs), "Linked suggested versions")
    return report


def rename_story(library: Library, story_id: int, title: str) -> Changes:
    """Name a story; an empty name goes back to its earliest version's headline."""
    # One line, nothing a terminal would obey, nothing invisible (a name of zero-width spaces is no name).
    name = " ".join(without_invisibles(title).split())
    if len(name) > TITLE_LIMIT:
        raise StoryRefusal(f"A story's name is at most {TITLE_LIMIT} characters")
    with library.atomic():
        members = _members(library, story_id)
        if library.db.execute("SELECT title FROM stories WHERE id = ?", [story_id]).fetchone()[0] == (name or None):
            raise StoryRefusal(f"Story {story_id} is named so already" if name else f"Story {story_id} has no name")
        rows = RowChanges(library)
        rows.track("stories", [(story_id,)])
        before = story_label(library, story_id)
        library.db.execute("UPDATE stories SET title = ? WHERE id = ?", [name or None, story_id])
        summary = f"Renamed {before} to {quoted(name)}" if name else f"Unnamed {before}"
        history_id = record(library, Operation.RENAME_STORY, summary, {"story": story_id, "title": name}, rows)
    return Changes(history_id, articles=tuple(members))


def split_story(library: Library, story_id: int, article_ids: list[int]) -> Changes:
    """Take these versions out of their story into a story of their own (none, for a single one)."""
    ids = sorted(set(article_ids))
    with library.atomic():
        members = _members(library, story_id)
        version_of = kept_versions(library, members)
        versions = {version for version in version_of.values() if version is not None}
        missing = [i for i in ids if i not in versions]
        if missing:
            raise StoryRefusal(f"Article {missing[0]} is not in story {story_id}")
        if not ids or len(ids) == len(versions):
            raise StoryRefusal("Choose some of the story's versions to split off, not none or all of them")
        rows = RowChanges(library)
        label = story_label(library, story_id)
        new_story = _new_story(library, rows) if len(ids) > 1 else None
        # A version leaves with the copies merged into it that the story holds, which count as it.
        _place(library, rows, [member for member in members if version_of[member] in ids], new_story)
        name = library.db.execute("SELECT title FROM stories WHERE id = ?", [story_id]).fetchone()[0]
        left = _drop_if_alone(library, rows, story_id)
        if new_story and left is not None:
            # Only one version stayed behind, so the versions split off are what is left of the
            # story: they keep the name the curator gave it.
            library.db.execute("UPDATE stories SET title = ? WHERE id = ?", [name, new_story])
            summary = (f"Split {len(ids)} versions off {label}" + ("; they keep its name" if name else "")
                       + "; the one version left is in no story now")
        elif new_story:
            summary = f"Split {len(ids)} versions off {label} into a story of their own"
        else:
            summary = f"Took {named_articles(library, ids)} out of {label}" + _gone(
                [] if left is None else [("the story", left)])
        history_id = record(library, Operation.SPLIT_STORY, summary,
                            {"story": story_id, "articles": ids, "new_story": new_story}, rows)
    return Changes(history_id, articles=tuple(members))


def move_versions(library: Library, article_ids: list[int], story_id: int | None) -> Changes:
    """Move articles into a story (each leaves the one it was in), or, with ``story_id`` None, out of any."""
    ids = sorted(set(article_ids))
    if not ids:
        raise StoryRefusal("Choose the versions to move")
    with library.atomic():
        touched = set(ids)
        if story_id is not None:
            touched.update(_members(library, story_id))
        _check_articles(library, ids)
        rows = RowChanges(library)
        # Where each is, itself or through a copy merged into it (which counts as it).
        before = {i: min(held) for i, held in library.stories_holding(ids).items() if held}
        moving = [i for i in ids if before.get(i) != story_id]
        if not moving:
            raise StoryRefusal("Those versions are there already")
        # Copies merged into a moving article go with it, out of whatever story each was in.
        carried = _merged_members(library, moving)
        left = set(_stories_of(library, moving + carried).values())
        labels = {old: story_label(library, old) for old in {*left, story_id} if old is not None}
        for old in left:
            touched.update(_members(library, old))
        _place(library, rows, moving + carried, story_id)
        # Put there by hand, a version's suggestions to the story's others are answered as linked.
        settled = _settle_open_rewrites(library, rows, story_id) if story_id is not None else []
        what = named_articles(library, moving) if len(moving) == 1 else f"{len(moving)} articles"
        if story_id is None:  # out of the stories they were in, into none
            sources = [labels[old] for old in sorted(left)]
            summary = f"Took {what} out of " + (sources[0] if len(sources) == 1 else f"{len(sources)} stories")
            if len(sources) == 1:  # named once: what is left of it is "the story"
                labels = {old: "the story" for old in left}
        else:
            # Into a story from none, an article is added; from another story, it moves.
            verb = "Added" if all(before.get(i) is None for i in moving) else "Moved"
            summary = f"{verb} {what} to {labels[story_id]}"
        summary += _gone(_dropped(library, rows, sorted(left - {story_id}), labels))
        if settled:
            summary += f" (and {len(settled)} suggested pair{'s' if len(settled) != 1 else ''} of its versions)"
        history_id = record(library, Operation.MOVE_VERSIONS, summary, {"articles": moving, "story": story_id}, rows)
    return Changes(history_id, articles=tuple(sorted(touched)), pairs=tuple(settled))


def start_story(library: Library, article_ids: list[int]) -> Changes:
    """Make a new story of these articles (each leaves the one it was in): versions a person knows to
    be one story, whether or not a scan ever suggested them together."""
    ids = sorted(set(article_ids))
    if len(ids) < 2:
        raise StoryRefusal("Choose two articles or more to make a story of")
    with library.atomic():
        _check_articles(library, ids)
        # In a story itself or through a copy merged into it (which counts as it), each the same one,
        # whose versions are these and no more.
        holding = library.stories_holding(ids)
        held = set().union(*holding.values())
        if len(held) == 1 and all(holding.values()) \
                and version_count(library, _members(library, next(iter(held)))) == len(ids):
            raise StoryRefusal("Those articles are a story of their own already")
        rows = RowChanges(library)
        # Copies merged into a chosen article go with it, out of whatever story each was in.
        carried = _merged_members(library, ids)
        left = set(_stories_of(library, ids + carried).values())
        labels = {old: story_label(library, old) for old in left}
        touched = set(ids)
        for old in left:
            touched.update(_members(library, old))
        story_id = _new_story(library, rows)
        _place(library, rows, ids + carried, story_id)
        settled = _settle_open_rewrites(library, rows, story_id)
        gone = _dropped(library, rows, sorted(left), labels)
        summary = f"Made a story of {named_articles(library, ids)}" + _gone(gone)
        if settled:
            summary += f" (and {len(settled)} suggested pair{'s' if len(settled) != 1 else ''} of its versions)"
        history_id = record(library, Operation.MOVE_VERSIONS, summary,
                            {"articles": ids, "story": story_id, "new": True}, rows)
    return Changes(history_id, articles=tuple(sorted(touched)), pairs=tuple(settled))


# Inside a transaction ---------------------------------------------------------

def _against_earlier_decisions(library: Library, story_id: int) -> str:
    """What a link's summary adds when the story it made holds two versions marked different stories
    before: the link is the curator's to make, and the summary says what it went against."""
    members = _members(library, story_id)
    marked = library.db.execute(
        f"SELECT a, b FROM pairs WHERE status = ? AND kind = ? AND a IN ({placeholders(members)}) "
        f"AND b IN ({placeholders(members)}) ORDER BY a, b LIMIT 1",
        [PairStatus.NOT_DUPLICATE, PairKind.RELATED, *members, *members]).fetchone()
    if marked is None:
        return ""
    return f"; the story now holds {named_articles(library, list(marked))}, marked different stories before"


def _check_unseen_link(library: Library, holding: dict[int, set[int]], pair: Pair) -> None:
    """Refuse a link no one looked at that would make a story of more than ``MOST_UNSEEN_VERSIONS``
    articles, or put together two articles marked different stories before, one from each side (a
    story holding such two already is the curator's doing)."""
    a_side, b_side = ({article, *(member for story in holding[article] for member in _members(library, story))}
                      for article in pair)
    if a_side & b_side:
        return  # one story already
    if len(a_side) + len(b_side) > MOST_UNSEEN_VERSIONS:
        raise TooManyVersions(f"Linking articles {pair[0]} and {pair[1]} would make a story of "
                              f"{len(a_side) + len(b_side):,} articles")
    smaller, larger = sorted((a_side, b_side), key=len)
    marks = placeholders(sorted(smaller))
    for a, b in library.db.execute(
            f"SELECT a, b FROM pairs WHERE +status = ? AND +kind = ? AND (a IN ({marks}) OR b IN ({marks}))",
            [PairStatus.NOT_DUPLICATE, PairKind.RELATED, *sorted(smaller), *sorted(smaller)]):
        if (a in smaller and b in larger) or (b in smaller and a in larger):
            raise AgainstDecisions(f"Linking articles {pair[0]} and {pair[1]} would put two articles marked "
                                   "different stories into one story")


@dataclass(frozen=True)
class MergedStories:
    """The one story a merge's articles are in once :func:`join_merged_stories` joined theirs, and
    the stories it was, as named before the merge."""

    story_id: int | None  # None: none of them is in a story
    labels: tuple[str, ...]
    settled: tuple[Pair, ...]  # suggestions among the joined story's versions, settled as linked


def join_merged_stories(library: Library, rows: RowChanges, ids: list[int]) -> MergedStories:
    """Inside a merge of these articles, before it writes them: the stories they are in (themselves,
    or through copies merged into them earlier) become one, as a link joins its two versions' stories,
    since the merged article is a version of each. :func:`drop_merged_story` finishes once the merge
    has written its articles."""
    holding = library.stories_holding(ids)
    stories = sorted(set().union(*holding.values()))
    if not stories:
        return MergedStories(None, (), ())
    labels = tuple(story_label(library, story) for story in stories)
    if len(stories) == 1:
        return MergedStories(stories[0], labels, ())
    story_id = _absorb(library, rows, stories)
    return MergedStories(story_id, labels, tuple(_settle_open_rewrites(library, rows, story_id)))


def drop_merged_story(library: Library, rows: RowChanges, merged: MergedStories) -> str:
    """Inside a merge, once it has written its articles: the story its articles are in goes if the
    merge left it one version, as a split or a move that leaves one does (unmerging or undoing the
    merge brings it back). What the merge's summary adds of the stories."""
    if merged.story_id is None:
        return ""
    left = _drop_if_alone(library, rows, merged.story_id)
    if left is not None:
        return _gone([(label, left) for label in merged.labels])
    if len(merged.labels) < 2:
        return ""
    return f"; {', '.join(merged.labels[:-1])} and {merged.labels[-1]} are one story now"


def _join(library: Library, rows: RowChanges, ids: list[int]) -> int:
    """Put these articles, and everything in their stories, into one story: the largest of theirs
    (the oldest on a tie), keeping a name one of them was given; a new story if none has one. An
    article in a story through a copy merged into it brings that story along, as the copy counts as it."""
    stories = sorted(set().union(*library.stories_holding(ids).values()))
    story_id = _absorb(library, rows, stories) if stories else _new_story(library, rows)
    members = set(_members(library, story_id))
    _place(library, rows, [i for i in ids if i not in members], story_id)
    return story_id


def _absorb(library: Library, rows: RowChanges, stories: list[int]) -> int:
    """Make these stories one: the largest (the oldest on a tie) takes the others' members, and a
    name one of them was given if it has none; the others go. Its id."""
    sizes = {s: len(_members(library, s)) for s in stories}
    story_id = max(stories, key=lambda s: (sizes[s], -s))
    names = dict(library.db.execute(f"SELECT id, title FROM stories WHERE id IN ({placeholders(stories)})", stories))
    absorbed = [s for s in stories if s != story_id]
    if not names.get(story_id):
        name = next((names[s] for s in absorbed if names.get(s)), None)
        if name:
            rows.track("stories", [(story_id,)])
            library.db.execute("UPDATE stories SET title = ? WHERE id = ?", [name, story_id])
    # An article of an absorbed story is named once, however it came in: each is placed once.
    _place(library, rows, sorted({i for other in absorbed for i in _members(library, other)}), story_id)
    for other in absorbed:
        _drop_if_alone(library, rows, other)
    return story_id


def _settle_open_rewrites(library: Library, rows: RowChanges, story_id: int) -> list[Pair]:
    """Same-story suggestions between two versions the story now holds leave the queue (and the pairs
    skipped to decide later) as linked: the curator has put both in the story, so asking about them
    again would ask nothing new."""
    members = _members(library, story_id)
    # With the articles its merged copies went into, which count as the versions they became.
    members = sorted({*members, *(v for v in kept_versions(library, members).values() if v is not None)})
    marks = placeholders(members)
    # By article (the unary + keeps SQLite from walking every open pair along the status index).
    pairs: list[Pair] = [tuple(row) for row in library.db.execute(
        f"SELECT a, b FROM pairs WHERE +status IN (?, ?) AND +kind = ? AND a IN ({marks}) AND b IN ({marks})",
        [PairStatus.OPEN, PairStatus.SKIPPED, PairKind.RELATED, *members, *members])]
    rows.track("pairs", pairs)
    library.db.conn.executemany("UPDATE pairs SET status = ?, decided_at = ? WHERE a = ? AND b = ?",
                                [(PairStatus.LINKED, utc_now(), a, b) for a, b in pairs])
    return pairs


def _place(library: Library, rows: RowChanges, ids: list[int], story_id: int | None) -> None:
    rows.track("story_members", [(i,) for i in ids])
    for chunk in chunks(ids):
        library.db.execute(f"DELETE FROM story_members WHERE article_id IN ({placeholders(chunk)})", chunk)
        if story_id is not None:
            library.db.conn.executemany("INSERT INTO story_members (article_id, story_id) VALUES (?, ?)",
                                   [(i, story_id) for i in chunk])


def _drop_if_alone(library: Library, rows: RowChanges, story_id: int) -> int | None:
    """A story of one version is no story: its last version leaves, with any copies merged into it,
    and the story goes. How many versions it had left (one, or none) if it went, else None."""
    members = _members(library, story_id)
    # An article in the trash counts as a version still (restored, it is one again), and copies
    # merged into one article, in the trash or not, are that one version.
    count = version_count(library, members)
    if count > 1:
        return None
    _place(library, rows, members, None)
    rows.track("stories", [(story_id,)])
    library.db.execute("DELETE FROM stories WHERE id = ?", [story_id])
    return count


def _dropped(library: Library, rows: RowChanges, story_ids: list[int], labels: dict[int, str]) -> list[tuple[str, int]]:
    """Each of these stories that went, left with one version or none, as its label and the versions left."""
    return [(labels[story_id], left) for story_id in story_ids
            if (left := _drop_if_alone(library, rows, story_id)) is not None]


def _gone(stories: list[tuple[str, int]]) -> str:
    """What a change's summary adds of the stories it left with one version or none, which went (as
    :func:`story_label` names them, with the versions each had left)."""
    parts = []
    for left, said in ((1, "down to one version"), (0, "left with no version")):
        named = [label for label, count in stories if count == left]
        if named:
            listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
            parts.append(f"; {listed}, {said}, {'is' if len(named) == 1 else 'are'} gone")
    return "".join(parts)


def _merged_members(library: Library, ids: list[int]) -> list[int]:
    """The story members merged into these articles, through earlier merges too: they count as the
    article they were merged into, and go where it goes."""
    copies = library.merged_copies(ids)
    return sorted(_stories_of(library, sorted({copy for merged in copies.values() for copy in merged})))


def _new_story(library: Library, rows: RowChanges) -> int:
    story_id = inserted_id(library.db.execute("INSERT INTO stories (title) VALUES (NULL)"))
    rows.track_created("stories", [(story_id,)])
    return story_id


def _members(library: Library, story_id: int) -> list[int]:
    if library.db.execute("SELECT 1 FROM stories WHERE id = ?", [story_id]).fetchone() is None:
        raise StoryRefusal(f"There is no story {story_id}")
    return [row[0] for row in library.db.execute(
        "SELECT article_id FROM story_members WHERE story_id = ? ORDER BY article_id", [story_id])]


def _stories_of(library: Library, ids: list[int]) -> dict[int, int]:
    found: dict[int, int] = {}
    for chunk in chunks(ids):
        found.update(library.db.execute(
            f"SELECT article_id, story_id FROM story_members WHERE article_id IN ({placeholders(chunk)})", chunk))
    return found


def _check_articles(library: Library, ids: list[int]) -> None:
    statuses: dict[int, tuple[str, int | None]] = {}
    for chunk in chunks(ids):
        statuses.update((i, (status, into)) for i, status, into in library.db.execute(
            f"SELECT id, status, merged_into FROM articles WHERE id IN ({placeholders(chunk)})", chunk))
    for article_id in ids:
        if article_id not in statuses:
            raise StoryRefusal(f"There is no article {article_id}")
        status, into = statuses[article_id]
        if status == ArticleStatus.TRASHED:
            raise StoryRefusal(f"Article {article_id} is in the trash; restore it first")
        if status == ArticleStatus.MERGED:
            raise StoryRefusal(f"Article {article_id} was merged into article {into}; choose that article instead")
