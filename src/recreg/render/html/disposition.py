"""A disposition of comments as a self-contained page: the counts, then a table per commenter."""

from __future__ import annotations

from .. import RenderOptions
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
from ..fragments import diff_fragments, escape
from .page import page


def render_disposition(report, options: RenderOptions = RenderOptions()) -> str:
    """Render a disposition of comments as a self-contained page: the counts, then a table per commenter (stacked on a phone)."""
    summary = summary_rows(report)
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in ["Commenter", *summary_headings(summary[-1][1])])
    counts = "".join(
        f'<tr{" class=total" if n == len(summary) - 1 else ""}><th scope="row">{escape(label)}</th>'
        + "".join(f'<td class="num">{v}</td>' for v in summary_values(c))
        + "</tr>"
        for n, (label, c) in enumerate(summary)
    )
    parts = [
        f'<header>\n<p class="kicker">recreg comments disposition · {escape(disposition_facts(report))}</p>\n'
        f"<h1>Disposition of comments: {escape(report.comments.title)}</h1>\n</header>\n<main>\n"
        f'<section id="counts"><h2>Per commenter and in total</h2><div class="table-wrap"><table class="counts">'
        f"<thead><tr>{head}</tr></thead><tbody>{counts}</tbody></table></div></section>\n"
    ]
    columns = (
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
        body = []
        for row in rows:
            comment, placement = row.comment, row.placement
            quote = f"<br><q>{escape(comment.quote.exact)}</q>" if comment.quote else ""
            changed = "".join(f"<li>{escape(label)}</li>" for label in changed_labels(row, report.route))
            words = f"<p>words now: {diff_fragments(placement.diff)[0]}</p>" if placement.diff else ""
            cells = [
                escape(clause_label(comment.address)) + quote,
                escape(comment.type or ""),
                escape(comment.comment or ""),
                escape(comment.proposed_change or ""),
                escape(disposition_label(comment.disposition)),
                f'<span class="place {escape(placement.status)}">{escape(now_label(row))}</span>',
                (f"<ul>{changed}</ul>" if changed else "") + words or "—",
                escape(made_label(row)),
            ]
            body.append(
                f'<tr id="{escape(comment.id)}"><th scope="row" class="addr">{escape(comment.id)}</th>'
                + "".join(f'<td data-label="{escape(name)}">{cell}</td>' for name, cell in zip(columns, cells))
                + "</tr>"
            )
        parts.append(
            f'<section class="pair" id="by-{escape(commenter.id)}"><h2>{escape(commenter.label)} '
            f'<span class="muted">({escape(commenter.id)})</span></h2><div class="table-wrap stacked">'
            f'<table class="disposition stack"><thead><tr><th scope="col">Id</th>'
            + "".join(f'<th scope="col">{escape(name)}</th>' for name in columns)
            + f"</tr></thead><tbody>{''.join(body)}</tbody></table></div></section>\n"
        )
    parts.extend(f'<p class="muted">Note: {escape(note)}</p>\n' for note in report.comments.notes)
    parts.append("</main>\n")
    return page(f"Disposition of comments {report.comments.id} · recreg", "".join(parts), style=_DISPOSITION_STYLE)


_DISPOSITION_STYLE = """table.counts{font-size:.85rem}table.counts td.num{text-align:right}table.counts tr.total{font-weight:700}
table.disposition{font-size:.88rem}table.disposition td{min-width:4.5rem}table.disposition ul{margin:0;padding-left:1rem}
.place.moved{color:var(--changed)}.place.orphaned{color:var(--prohibited);font-weight:600}
"""
