"""A survey's status report on the terminal: the table of answers by status, or each selected office's answers."""

from __future__ import annotations

from ...words import counted
from .. import RenderOptions
from ..common import printable
from ..status_labels import (
    STATUS_HEADINGS,
    change_groups,
    indicator_facts,
    scale_facts,
    status_headline,
    step_label,
    survey_facts,
    unit_counts,
    value_text,
)
from .console import captured, cell, console


def render_status(report, options: RenderOptions = RenderOptions()) -> str:
    """Render a status report: per recommendation and action, answers by status; indicators; what to confirm; what is apart."""
    from rich.text import Text

    con = console(options)
    con.print(Text(printable(f"Status of {report.edition.id}: {report.edition.title}"), style="bold"))
    con.print(Text(printable(f"Survey: {survey_facts(report)}"), style="dim"))
    if scale_facts(report):
        con.print(Text(printable(f"Scale: {scale_facts(report)}"), style="dim"))
    con.print(Text(status_headline(report)))
    if report.selected:
        for office_id in report.selected:
            _office_profile(con, report, office_id)
        return captured(con)
    con.print(_status_table(report))
    indicators = [(node, i) for node in report.nodes() for i in node.indicators]
    if indicators:
        con.print(Text("Indicators", style="bold"))
        for node, status in indicators:
            con.print(
                Text.assemble(
                    f"  {status.indicator.id} ({node.address.local}): ",
                    printable(status.indicator.measures),
                    (f" — {indicator_facts(status)}", "dim"),
                )
            )
    groups = [(node, group) for node in report.nodes() for group in change_groups(node)]
    if groups:
        con.print(Text("Answers that met changes", style="bold"))
        for node, (asked, steps, answers) in groups:
            flagged = any(step.confirm for step in steps)
            head = f"  {node.address} ← {asked} ({counted(len(answers), 'answer')})"
            con.print(
                Text.assemble(
                    head, ("  TO BE CONFIRMED" if flagged else "  stands", "bold yellow" if flagged else "dim")
                )
            )
            for step in steps:
                con.print(Text(f"    {'!' if step.confirm else '·'} {printable(step_label(step))}"))
    unreported = report.unreported
    if report.survey is not None:
        con.print(
            Text("Nobody reported on: ", style="bold") + Text(", ".join(u.address.local for u in unreported) or "—")
        )
    if report.apart:
        con.print(Text("Listed apart (no node to count for)", style="bold"))
        for item in report.apart:
            answer = item.carried.answer
            related = f"; related: {', '.join(str(a) for a in item.related)}" if item.related else ""
            con.print(
                Text(
                    printable(
                        f"  {report.office(answer.office).label}: {item.carried.asked} "
                        f"{answer.status or value_text(answer.value)} — {item.reason}{related}"
                    )
                )
            )
    for note in report.notes:
        con.print(Text(f"note: {printable(note)}", style="dim"))
    return captured(con)


def _status_table(report):
    """Return the table of answers by status: a row per recommendation, then its actions."""
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False, expand=False)
    table.add_column("node")
    table.add_column("answered", justify="right")
    for status in STATUS_HEADINGS.values():
        table.add_column(status, justify="right")
    table.add_column("to confirm", justify="right")
    for rec in report.recommendations:
        counts, answered, confirm = unit_counts(rec)
        table.add_row(
            Text(rec.address.local, style="bold"),
            str(answered),
            *(str(n) if n else "·" for n in counts.values()),
            str(confirm or ""),
        )
        for node in report.nodes():
            if node is rec or node.address.recommendation() != rec.address:
                continue
            cells = [str(n) if n else "·" for n in node.counts.values()]
            table.add_row(
                f"  {node.address.local}", str(len(node.answers)), *cells, str(node.to_confirm or "")
            )  # counts only
    return table


def _office_profile(con, report, office_id: str) -> None:
    """Print one office's answers across the edition."""
    from rich.table import Table
    from rich.text import Text

    rows = report.profile(office_id)
    answered = [a for _, a in rows if a is not None]
    con.print()
    con.print(
        Text(
            printable(
                f"{report.office(office_id).label} ({office_id}): {len(answered)} answered, "
                f"{sum(a.to_confirm for a in answered)} to be confirmed"
            ),
            style="bold",
        )
    )
    table = Table(expand=False)
    for name in ("node", "asked", "status", "to confirm", "comment"):
        table.add_column(name, overflow="fold")
    for node, carried in rows:
        if carried is None:
            table.add_row(node.address.local, "", Text("—", style="dim"), "", "")
            continue
        answer = carried.answer
        status = STATUS_HEADINGS.get(answer.status or "", value_text(answer.value))
        table.add_row(
            node.address.local,
            str(carried.asked),
            cell(status),
            "yes" if carried.to_confirm else "",
            cell(answer.comment or ""),
        )
    con.print(table)
