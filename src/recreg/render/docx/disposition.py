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


def render_disposition(report, options: RenderOptions) -> bytes:
    """Render a disposition of comments as a Word document in landscape: the counts, then a table per commenter."""
    size = 8

    def cell(text: str, bold: bool = False) -> Cell:
        return Cell([Para([Bit(text=line, bold=bold)], size=size) for line in printable(text).split("\n")] or [Para()])

    summary = summary_rows(report)
    head = ["Commenter", *summary_headings(summary[-1][1])]
    counts = [Row([cell(h, True) for h in head], header=True)]
    counts += [Row([cell(label, label == "Total"), *(cell(str(n)) for n in summary_values(c))]) for label, c in summary]
    blocks: list = [
        title_para([Bit(text=printable(f"Disposition of comments: {report.comments.title}"), bold=True)]),
        Para([Bit(text=printable(disposition_facts(report)))], size=9),
        Table([0.16] + [0.84 / (len(head) - 1)] * (len(head) - 1), counts),
    ]
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
    for commenter, rows in report.by_commenter():
        blocks += [Para(), Para([Bit(text=printable(f"{commenter.label} ({commenter.id})"), bold=True)])]
        table = [Row([cell(c, True) for c in columns], header=True)]
        for row in rows:
            comment, placement = row.comment, row.placement
            clause = clause_label(comment.address) + (f"\n‘{comment.quote.exact}’" if comment.quote else "")
            changed = "\n".join(changed_labels(row, report.route))
            if placement.after is not None and placement.diff:
                changed += ("\n" if changed else "") + f"words now: ‘{placement.after}’"
            table.append(
                Row(
                    [
                        cell(comment.id),
                        cell(clause),
                        cell(comment.type or ""),
                        cell(comment.comment or ""),
                        cell(comment.proposed_change or ""),
                        cell(disposition_label(comment.disposition)),
                        cell(now_label(row)),
                        cell(changed or "—"),
                        cell(made_label(row)),
                    ]
                )
            )
        blocks.append(Table([0.07, 0.11, 0.06, 0.15, 0.13, 0.13, 0.11, 0.12, 0.12], table))
    blocks += [Para([Bit(text=printable(f"Note: {note}"), italic=True)], size=size) for note in report.comments.notes]
    return write_document(
        Layout(
            [f"Disposition of comments {report.comments.id}"],
            blocks,
            [],
            printable(f"Disposition of comments: {report.comments.title}"),
            landscape=True,
        )
    )
