"""What every renderer shows the same way of a disposition of comments, in no format's markup.

The labels of `recreg.comments.disposition.DispositionReport` rows: a node named as the
annex names it (``Recommendation 3(c)``), the decision, where the comment stands now, what
changed there, and whether the proposed change was made; the columns of the ISO comment form
with recreg's three.
"""

from __future__ import annotations

from ..words import counted
from .common import change_label, ref

TYPE_CODES = {"general": "ge", "technical": "te", "editorial": "ed"}
PLACEMENT_LABELS = {"found": "FOUND", "moved": "MOVED", "orphaned": "ORPHANED", "general": "GENERAL"}
# The columns of the ISO comment form, then what recreg adds, as the spreadsheet and Word tables head them.
# The spreadsheet reads back as a comment table (`recreg comments import`), recreg's own columns ignored.
DISPOSITION_COLUMNS = (
    "MB/NC",
    "Line number",
    "Clause",
    "Paragraph",
    "Type of comment",
    "Comments",
    "Proposed change",
    "Observations of the secretariat",
    "Disposition",
    "Disposition date",
    "Quoted text",
    "Now at",
    "Words now",
    "What changed there",
    "Proposed change made?",
    "Comment id",
)


def clause_parts(address) -> tuple[str, str]:
    """Name a node as the annex does, clause and paragraph apart: (``Recommendation 3``, ``(c)``); ``General`` for none."""
    if address is None or address.number is None:
        return "General", ""
    if address.footnote is not None:
        return f"Recommendation {address.number}", f"footnote {address.footnote}"
    paragraph = (f"({address.action})" if address.action else "") + (f"({address.item})" if address.item else "")
    return f"Recommendation {address.number}", paragraph


def clause_label(address) -> str:
    """Name a node as the annex does: ``Recommendation 3(c)``, ``Recommendation 6, footnote 2``, ``General``."""
    clause, paragraph = clause_parts(address)
    return f"{clause}, {paragraph}" if paragraph.startswith("footnote") else clause + paragraph


def disposition_label(disposition) -> str:
    """Say what was decided: ``accepted in part (2024-06-30): The Task Force keeps ...``."""
    from_status = disposition.status.replace("-", " ")
    dated = f"{from_status} ({disposition.date})" if disposition.date else from_status
    return f"{dated}: {disposition.observation}" if disposition.observation else dated


def now_label(row) -> str:
    """Say where a comment stands in the later edition: ``MOVED to Recommendation 5(d)``, ``ORPHANED: ...``."""
    placement = row.placement
    if placement.status == "general":
        return "the edition as a whole"
    if placement.status == "orphaned":
        if placement.nodes_now:
            where = " + ".join(clause_label(address) for address in placement.nodes_now)
            return f"ORPHANED: the quoted words were deleted from {where}"
        if placement.removed_in:
            return f"ORPHANED: {clause_label(row.comment.address)} was removed in {placement.removed_in}"
        return f"ORPHANED: {placement.reason}"
    places = " + ".join(clause_label(landing.address) for landing in placement.landings)
    return f"{PLACEMENT_LABELS[placement.status]} {'at' if placement.status == 'found' else 'to'} {places}"


def comment_change_label(change) -> str:
    """Say what a change did where a comment stands: ``moved from R3/c to R5/d``, ``weakened: should → are encouraged to``."""
    before, after = ref(change.before), ref(change.after)
    phrases = {
        "became-footnote": f"sub-items {before} became footnote {after}",
        "moved": f"moved from {before} to {after}",
        "split": f"split into {after}",
        "merged": f"{before} merged into {after}",
        "added": f"{after} added",
        "removed": f"{before} removed",
        "footnote-added": f"footnote {after} added",
        "footnote-removed": f"footnote {before} removed",
    }
    if change.kind in phrases:
        return phrases[change.kind]
    return f"{ref(change.after if change.after is not None else change.before)} {change_label(change)}"


def changed_labels(row, route: tuple[str, ...]) -> list[str]:
    """Return what changed where a comment stands, one phrase a change (the step named when the route has several)."""
    several = len(route) > 2
    return [
        (f"{older} → {newer}: " if several else "") + comment_change_label(change)
        for older, newer, change in row.placement.changes
    ]


def made_label(row) -> str:
    """Say whether the proposed change was made, with the words that show it: ``partly made: added as proposed: ...``."""
    verdict = row.verdict
    word = verdict.made.replace("-", " ")
    return f"{word}: {verdict.evidence}" if verdict.evidence else word


def disposition_facts(report) -> str:
    """Describe a disposition report on one line: the set, its edition and where it was carried."""
    comments = report.comments
    route = " → ".join(report.route) if report.later else f"{report.source.id} (no later edition)"
    return f"{comments.title} ({comments.id}; on {comments.edition}; carried {route})"


def counts_line(counts: dict[str, dict[str, int]]) -> str:
    """Count a group of comments in one line: total, decisions, where they stand, proposals made."""

    def part(values: dict[str, int]) -> str:
        return ", ".join(f"{n} {name.replace('-', ' ')}" for name, n in values.items() if n) or "none"

    return (
        f"{counted(counts['comments']['total'], 'comment')} · disposition: {part(counts['disposition'])} · "
        f"now: {part(counts['now'])} · proposed change: {part(counts['made'])}"
    )


def iso_cells(row, route: tuple[str, ...]) -> list[str]:
    """Return a row's cells under `DISPOSITION_COLUMNS`, as text."""
    comment, placement = row.comment, row.placement
    clause, paragraph = clause_parts(comment.address)
    disposition = comment.disposition
    return [
        row.commenter.label,
        comment.line or "",
        clause,
        paragraph,
        TYPE_CODES.get(comment.type or "", ""),
        comment.comment or "",
        comment.proposed_change or "",
        disposition.observation or "",
        disposition.status.replace("-", " "),
        disposition.date or "",
        comment.quote.exact if comment.quote else "",
        now_label(row),
        placement.after if placement.after is not None and placement.status != "general" else "",
        "; ".join(changed_labels(row, route)),
        made_label(row),
        comment.id,
    ]


def summary_rows(report) -> list[tuple[str, dict[str, dict[str, int]]]]:
    """Return the counts per commenter, then in total: (label, counts)."""
    rows = [(commenter.label, report.counts(rows)) for commenter, rows in report.by_commenter()]
    return rows + [("Total", report.counts(report.rows))]


def summary_headings(counts: dict[str, dict[str, int]]) -> list[str]:
    """Return the headings of a summary table's count columns, in the order of `summary_values`."""
    return [name.replace("-", " ") for group in ("comments", "disposition", "now", "made") for name in counts[group]]


def summary_values(counts: dict[str, dict[str, int]]) -> list[int]:
    """Return a group's counts in the order of `summary_headings`."""
    return [n for group in ("comments", "disposition", "now", "made") for n in counts[group].values()]
