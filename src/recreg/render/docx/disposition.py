"""A disposition of comments as a Word document in landscape: the counts, then a table per commenter."""

from __future__ import annotations

from ...office.wordml import (
    Bit,
    Cell,
    Layout,
    Para,
    Row,
    Table,
    write_document,
)
from .. import RenderOptions
from ..common import printable
from ..disposition import (
    changed_labels,
    clause_label,
    disposition_facts,
    disposition_label,
    made_label,
    now_label,
    summary_headings,
    summary_rows,
    summary_values,
)
from .annex import title_para

_SIZE = 8  # points: the disposition's tables and notes


def render_disposition(report, options: RenderOptions) -> bytes:
    """Render a disposition of comments as a Word document in landscape: the counts, then a table per commenter."""
    summary = summary_rows(report)
    head = ["Commenter", *summary_headings(summary[-1][1])]
    counts = [Row([_cell(h, True) for h in head], header=True)]
    counts += [
        Row([_cell(label, label == "Total"), *(_cell(str(n)) for n in summary_values(c))]) for label, c in summary
    ]
    blocks: list = [
        title_para([Bit(text=printable(f"Disposition of comments: {report.comments.title}"), bold=True)]),
        Para([Bit(text=printable(disposition_facts(report)))], size=9),
        Table([0.16] + [0.84 / (len(head) - 1)] * (len(head) - 1), counts),
    ]
    for commenter, rows in report.by_commenter():
        blocks += [Para(), Para([Bit(text=printable(f"{commenter.label} ({commenter.id})"), bold=True)])]
        blocks.append(_commenter_table(report, rows))
    blocks += [Para([Bit(text=printable(f"Note: {note}"), italic=True)], size=_SIZE) for note in report.comments.notes]
    return write_document(
        Layout(
            [f"Disposition of comments {report.comments.id}"],
            blocks,
            [],
            printable(f"Disposition of comments: {report.comments.title}"),
            landscape=True,
        )
    )


def _commenter_table(report, rows) -> Table:
    """Lay out one commenter's comments, a row each: where each stands now and what changed there."""
    columns = (
        "Id",
        "Clause",
        "Type",
        "Comment",
        "Proposed change",
        "Observations",
        "Now at",
        "What changed there",
        "Proposed change made?",
    )
    table = [Row([_cell(c, True) for c in columns], header=True)]
    for row in rows:
        comment, placement = row.comment, row.placement
        clause = clause_label(comment.address) + (f"\n‘{comment.quote.exact}’" if comment.quote else "")
        changed = "\n".join(changed_labels(row, report.route))
        if placement.after is not None and placement.diff:
            changed += ("\n" if changed else "") + f"words now: ‘{placement.after}’"
        table.append(
            Row(
                [
                    _cell(comment.id),
                    _cell(clause),
                    _cell(comment.type or ""),
                    _cell(comment.comment or ""),
                    _cell(comment.proposed_change or ""),
                    _cell(disposition_label(comment.disposition)),
                    _cell(now_label(row)),
                    _cell(changed or "—"),
                    _cell(made_label(row)),
                ]
            )
        )
    return Table([0.07, 0.11, 0.06, 0.15, 0.13, 0.13, 0.11, 0.12, 0.12], table)


def _cell(text: str, bold: bool = False) -> Cell:
    """Return a table cell of a text, a paragraph per line, in the disposition's small type."""
    return Cell([Para([Bit(text=line, bold=bold)], size=_SIZE) for line in printable(text).split("\n")] or [Para()])
