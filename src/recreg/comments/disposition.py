"""The disposition of comments: each Member's comment, what was decided, and where it landed in the later text.

The ISO comment form's columns (member body, clause, paragraph, type, comment, proposed
change, observations) and three more that recreg works out: where the commented words are
*now* (`recreg.comments.carry`), what changed there, and whether the proposed change was
made (`recreg.comments.judge`). Rows are grouped by commenter, each group in the order of
the commented edition's text; the counts are given per commenter and in total.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..edition.model import Edition
from ..engine.lineage import chain
from ..errors import Problem, RecregError
from ..registry.folder import Registry
from .carry import Placement, place, step_between
from .intake import reading_order
from .judge import VERDICTS, Verdict, judge
from .model import DISPOSITIONS, Comment, Commenter, CommentSet, comments_path, read_comments

PLACEMENTS = ("found", "moved", "orphaned", "general")


@dataclass(frozen=True)
class DispositionRow:
    """One comment with its disposition, where it now stands, and whether its proposed change was made."""

    comment: Comment
    commenter: Commenter
    placement: Placement
    verdict: Verdict


@dataclass
class DispositionReport:
    """The disposition of a comment set, carried from the commented edition to a later one."""

    comments: CommentSet
    source: Edition
    target: Edition
    route: tuple[str, ...]
    rows: list[DispositionRow]

    def by_commenter(self) -> list[tuple[Commenter, list[DispositionRow]]]:
        """Return each commenter (in id order) with its rows, in the order of the commented text."""
        return [
            (commenter, [row for row in self.rows if row.commenter.id == commenter.id])
            for commenter in self.comments.commenters
            if any(row.commenter.id == commenter.id for row in self.rows)
        ]

    @staticmethod
    def counts(rows: list[DispositionRow]) -> dict[str, dict[str, int]]:
        """Count rows by disposition status, by where they stand now, and by whether the proposed change was made."""
        statuses = Counter(row.comment.disposition.status for row in rows)
        placements = Counter(row.placement.status for row in rows)
        verdicts = Counter(row.verdict.made for row in rows)
        return {
            "comments": {"total": len(rows)},
            "disposition": {status: statuses.get(status, 0) for status in DISPOSITIONS},
            "now": {status: placements.get(status, 0) for status in PLACEMENTS},
            "made": {verdict: verdicts.get(verdict, 0) for verdict in VERDICTS},
        }

    @property
    def later(self) -> bool:
        """Tell whether the comments were carried to a later edition."""
        return len(self.route) > 1


def build_disposition(comments: CommentSet, source: Edition, route: list[Edition]) -> DispositionReport:
    """Carry every comment of a set along a route of editions (the commented one first) and judge each proposal."""
    steps = [step_between(older, newer) for older, newer in zip(route, route[1:])]
    order = reading_order(source)
    rows = []
    for comment in comments.comments:
        placement = place(comment, route, steps)
        rows.append(
            DispositionRow(
                comment, comments.commenter(comment.commenter), placement, judge(comment, placement, len(route) > 1)
            )
        )
    rows.sort(key=lambda row: (order.get(row.comment.address, -1), row.comment.id))
    return DispositionReport(comments, source, route[-1], tuple(e.id for e in route), rows)


def newest_derived(registry: Registry, edition: Edition) -> Edition:
    """Return the newest edition derived from one: the furthest down a ``derives_from`` chain from it (itself if none)."""
    best: tuple[int, str, Edition] = (0, edition.id, edition)
    for edition_id in registry.ids():
        later = registry.edition_or_none(edition_id)
        if later is None or later.id == edition.id:
            continue
        ids = [e.id for e in chain(later, registry.edition_or_none)]
        if edition.id in ids[:-1]:
            best = max(best, (len(ids) - ids.index(edition.id) - 1, later.id, later), key=lambda b: (b[0], b[1]))
    return best[2]


def disposition_of(registry: Registry, name: str, to: str | None = None) -> DispositionReport:
    """Report the disposition of a comment set: to a named edition, else to the newest derived from the commented one.

    Raises:
        RecregError: no such set, or ``--to`` an edition that does not derive from the commented one.
    """
    comments = read_comments(comments_path(registry.root, name), registry)
    source = registry.edition(comments.edition)
    target = registry.edition(to) if to else newest_derived(registry, source)
    editions = chain(target, registry.edition_or_none)
    ids = [e.id for e in editions]
    if source.id not in ids:
        raise RecregError(
            Problem(
                f"{target.id} does not derive from {source.id}, which the comments are on ({' → '.join(ids)})",
                file="--to",
                expected=f"an edition derived from {source.id}",
            )
        )
    return build_disposition(comments, source, editions[ids.index(source.id) :])
