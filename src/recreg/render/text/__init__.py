"""Terminal output: tables laid out like the CWS annex, drawn with rich.

The console and styled spans are in `recreg.render.text.console`, the history in
`recreg.render.text.history`, the status report in `recreg.render.text.status`.
"""

from __future__ import annotations

from typing import Any

from ...edition.model import Action, Edition, Footnote, Item, Recommendation
from ...errors import Problem
from ...words import counted
from .. import RenderOptions
from ..common import (
    COVERAGE_LABELS,
    action_mark,
    change_label,
    counts_label,
    file_heading,
    item_mark,
    matching_label,
    missing_label,
    pair_summary,
    printable,
    rec_heading,
    ref,
    session_date,
    side,
)
from ..disposition import (
    changed_labels,
    clause_label,
    counts_line,
    disposition_facts,
    disposition_label,
    made_label,
    now_label,
)
from ..fragments import node_views
from ..status_labels import indicator_label
from .console import Spans, captured, cell, console, styled_diff
from .history import render_history as render_history  # re-exported: `recreg.render.renderer` looks it up here
from .status import render_status as render_status  # re-exported, as render_history


def _actions_cell(rec: Recommendation, only: Any = None):
    from rich.text import Text

    cell = Text()
    for action in rec.actions:
        if only is not None and action is not only and only not in action.items:
            continue
        if cell:
            cell.append("\n")
        cell.append(f"{action_mark(action)} ", style="bold")
        cell.append(action.text)
        for item in action.items:
            if isinstance(only, Item) and item is not only:
                continue
            cell.append(f"\n    {item_mark(item)} ", style="bold")
            cell.append(item.text)
        _indicator_lines(cell, action.indicators, "    ")
    return cell


def _indicator_lines(cell, indicators, indent: str = "") -> None:
    for indicator in indicators:
        cell.append(f"\n{indent}{printable(indicator_label(indicator))}", style="cyan")


def _statement_cell(rec: Recommendation):
    from rich.text import Text

    cell = Text(f"{rec_heading(rec)}:", style="bold")
    if not rec.label:  # a control's heading is its label already
        cell.append(f"  {rec.address.local}", style="dim")
    cell.append("\n")
    if rec.statement is not None:
        cell.append(rec.statement)
    else:
        where = rec.missing.where if rec.missing else "unknown"
        cell.append(f"[text missing from the sources; see {where}]", style="italic yellow")
    for description in rec.descriptions:
        cell.append("\nDescribed as: ", style="dim")
        cell.append(f"“{description.text}”", style="italic")
        cell.append(f" ({description.source})", style="dim")
    if rec.group:
        group = f"\nGroup {rec.group['value']}"
        if rec.group.get("previous"):
            group += f" (reallocated from Group {rec.group['previous']})"
        cell.append(group, style="dim")
    if rec.priority:
        cell.append("\nPriority of the Task Force", style="dim")
    _indicator_lines(cell, rec.indicators)
    return cell


def _related_cell(rec: Recommendation):
    from rich.text import Text

    if rec.new is not None:
        return Text(rec.new.text, style="italic")
    return Text(
        ", ".join(
            f"{link.target.local}" + ("" if link.type == "related-to" else f" ({link.type})") for link in rec.links
        )
    )


def render_edition(edition: Edition, node: Any = None, options: RenderOptions = RenderOptions()) -> str:
    """Render an edition (or one recommendation, action, item or footnote) like the annex."""
    from rich.table import Table
    from rich.text import Text

    con = console(options)
    con.print(Text(edition.title, style="bold"))
    facts = [edition.id, edition.status, edition.session or "", ", ".join(d.symbol for d in edition.documents)]
    con.print(Text(" · ".join(f for f in facts if f), style="dim"))
    recs = edition.recommendations
    only = None
    if node is not None and node is not edition:
        address = node.address
        recs = [edition.recommendation(address.number)]
        only = node if isinstance(node, (Action, Item)) else None
    show_related = any(r.links or r.new for r in recs)
    table = Table(show_lines=True, expand=True)
    table.add_column("Recommendations", ratio=2)
    table.add_column("Recommended Actions", ratio=3)
    if show_related:
        table.add_column("Related", ratio=1)
    footnotes: list[Footnote] = []
    for rec in recs:
        if isinstance(node, Footnote):
            footnotes.append(node)
            continue
        row = [_statement_cell(rec), _actions_cell(rec, only)]
        if show_related:
            row.append(_related_cell(rec))
        table.add_row(*row)
        footnotes.extend(rec.footnotes)
    if table.rows:
        con.print(table)
    for footnote in footnotes:
        con.print(
            Text.assemble((f"[{footnote.number}] ", "bold"), footnote.text, (f"  {footnote.address.local}", "dim"))
        )
    return captured(con)


def render_list(editions: list[Edition], options: RenderOptions = RenderOptions()) -> str:
    """Render the editions of a registry as a table."""
    from rich import box
    from rich.table import Table

    con = console(options)
    # Ten columns fit the default width of 100 only without vertical rules; the date is
    # never wrapped, as rich would otherwise cut 2024-09-16/2024-09-19 to "2024-09…".
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True)
    for name in ("edition", "status", "session", "date", "from", "recs", "actions", "items", "footnotes", "missing"):
        table.add_column(
            name,
            justify="right" if name in {"recs", "actions", "items", "footnotes", "missing"} else "left",
            no_wrap=name == "date",
        )
    for edition in editions:
        dates = session_date(edition)
        counts = edition.counts
        table.add_row(
            *map(
                cell,
                (
                    edition.id,
                    edition.status,
                    edition.session or "-",
                    dates,
                    edition.derives_from or "-",
                    counts["recommendations"],
                    counts["actions"],
                    counts["items"],
                    counts["footnotes"],
                    counts["missing_texts"],
                ),
            )
        )
    con.print(table)
    return captured(con)


def render_problems(problems: list[Problem], checked: list[str], options: RenderOptions = RenderOptions()) -> str:
    """Render validation problems one a line, then a count."""
    lines = [problem.format() for problem in problems]
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    files = counted(len(checked), "file")
    if errors:
        lines.append(f"{counted(errors, 'error')}, {counted(warnings, 'warning')} in {files}")
    else:
        lines.append(f"valid: {files} ({counted(warnings, 'warning')})")
    return "\n".join(lines) + "\n"


# ANSI codes for the styles the diff uses, for `_plain`.
_ANSI = {
    "bold": "1",
    "dim": "2",
    "yellow": "33",
    "cyan": "36",
    "green": "32",
    "red strike": "31;9",
    "green underline": "32;4",
}
# Above this many rows rich's table layout costs more than the diff itself (measured: 2,000
# rows take about a second); the plain table draws the same box at once.
RICH_ROWS = 500


def _diff_document(result, color: bool) -> tuple[list[Spans], list[list[str]], list[Spans]]:
    """Lay a diff out as lines: those before the summary table, the table's rows, those after."""
    head: list[Spans] = [[(result.title, "bold"), (f"   matching: {matching_label(result)}", "dim")]]
    head += [[(f"note: {note}", "yellow")] for note in result.notes]
    head += [
        [(f"Edition metadata changed: {', '.join(c.details['fields'])}", "dim")]
        for c in result.changes
        if c.kind == "metadata-changed"
    ]
    rows = []
    for pair in result.pairs:
        matched = (
            ""
            if pair.matched_by is None
            else f"{pair.matched_by} {pair.score:.2f}" + (" probable" if pair.probable else "")
        )
        # Older numbers with their edition: a bare "R6" would read as a number of one of the two compared.
        rows.append(
            [side(pair.before), side(pair.after), matched, pair_summary(pair), ", ".join(str(a) for a in pair.lineage)]
        )
    tail: list[Spans] = [[(counts_label(result), "")]]
    for pair in result.pairs:
        if not pair.changes:
            continue
        tail += [[], [(f"{side(pair.before)} → {side(pair.after)}", "bold"), (" ", ""), (pair_summary(pair), "dim")]]
        for view in node_views(result, pair.changes):
            labels = ", ".join(change_label(c, pair) for c in view.changes)
            tail.append([("  ", ""), (f"{ref(view.before)} → {ref(view.after)}", "cyan"), ("  " + labels, "")])
            tail += _view_lines(result, view, color)
    return head, rows, tail


def _view_lines(result, view, color: bool) -> list[Spans]:
    """Return the lines that show a group of changes: its word diff, the node added or removed whole, or each side's texts."""
    if view.form == "diff":
        return [[(_INDENT, ""), *styled_diff(view.edits, color)]]
    if view.form in {"added", "removed"}:
        style = ("green" if view.form == "added" else "red strike") if color else ""
        shown = view.new if view.form == "added" else view.old
        return [[(_INDENT + "  " * s.depth, ""), (_shown_text(s), style)] for s in shown]
    lines = []
    for label, shown in ((result.labels[0], view.old), (result.labels[1], view.new)):
        for s in shown:
            if s.label:
                lines.append([(_INDENT + "  " * s.depth, ""), (_shown_text(s), "")])
            else:  # each text says whose it is: both sides of a move, split or merge are shown
                lines.append([(_INDENT, ""), (f"{label} {s.address.shown}: ", "dim"), (_shown_text(s), "")])
    return lines


_INDENT = "    "


def _shown_text(shown) -> str:
    text = shown.text if shown.text is not None else f"[{missing_label(shown.node)}]"
    return f"{shown.label} {text}" if shown.label else text


def render_diff(result, options: RenderOptions = RenderOptions()) -> str:
    """Render a diff: a summary table of pairs, then each changed recommendation with word diffs.

    On a terminal rich lays it out (colour, prose wrapped to the width); piped or written
    to a file, or with a summary of more than `RICH_ROWS` rows, the same lines are written
    directly, prose unwrapped and the table as wide as its cells.
    """
    head, rows, tail = _diff_document(result, options.color)
    # Edition texts are refused with control characters, but a file's name or a revision
    # is the user's too: nothing reaches the terminal that could drive it.
    head = [[(printable(text), style) for text, style in line] for line in head]
    tail = [[(printable(text), style) for text, style in line] for line in tail]
    rows = [[printable(value) for value in row] for row in rows]
    columns = ["old", "new", "matched", "changes", "lineage"]
    if not options.wrap or len(rows) > RICH_ROWS:
        return (
            "".join(_plain(line, options.color) + "\n" for line in head)
            + plain_table(columns, rows)
            + "".join(_plain(line, options.color) + "\n" for line in tail)
        )
    from rich.table import Table
    from rich.text import Text

    con = console(options)
    for line in head:
        con.print(Text.assemble(*line))
    table = Table(expand=False, show_lines=False)
    for name in columns:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*map(cell, row))
    con.print(table)
    for line in tail:
        # A line's leading blanks indent it whole: wrapped, it goes on at the same depth.
        indent = line[0][0] if line and line[0][0] and not line[0][0].strip() else ""
        if not indent:
            con.print(Text.assemble(*line))
            continue
        for wrapped in Text.assemble(*line[1:]).wrap(con, max(options.width - len(indent), 20)):
            wrapped.rstrip()
            con.print(Text(indent) + wrapped)
    return captured(con)


def _plain(spans: Spans, color: bool) -> str:
    """Write a styled line as plain text, with ANSI colour codes when asked."""
    if not color:
        return "".join(text for text, _ in spans)
    return "".join(f"\x1b[{_ANSI[style]}m{text}\x1b[0m" if style and text else text for text, style in spans)


def plain_table(headers: list[str], rows: list[list[str]]) -> str:
    """Draw a table with rich's default box (heavy head), each cell on one line, columns as wide as their cells."""
    widths = [max([len(h), *(len(row[k]) for row in rows)]) for k, h in enumerate(headers)]

    def line(left: str, fill: str, middle: str, right: str) -> str:
        return left + middle.join(fill * (w + 2) for w in widths) + right + "\n"

    def cells(values, bar: str) -> str:
        return bar + bar.join(f" {value.ljust(width)} " for value, width in zip(values, widths)) + bar + "\n"

    return (
        line("┏", "━", "┳", "┓")
        + cells(headers, "┃")
        + line("┡", "━", "╇", "┩")
        + "".join(cells(row, "│") for row in rows)
        + line("└", "─", "┴", "┘")
    )


def render_trace(trace, options: RenderOptions = RenderOptions()) -> str:
    """Render a node's lineage backward and forward, each step saying how it is known."""
    from rich.text import Text

    con = console(options)
    text = trace.text or (f"[text missing from the sources; see {trace.missing}]" if trace.missing else "")
    con.print(Text.assemble((str(trace.address), "bold"), "  ", text))
    for label, arrow, steps, end in (("earlier", "←", trace.earlier, "before"), ("later", "→", trace.later, "after")):
        con.print(Text(label, style="bold"))
        if not steps:
            con.print(Text("  nothing recorded or matched", style="dim"))
        for depth, step in steps:
            other = step.after if step.how == "part-of" else getattr(step, end)
            con.print(Text.assemble("  " * depth, f"{arrow} ", (str(other), "cyan"), "  ", (step.explain(), "dim")))
    return captured(con)


def render_coverage(report, options: RenderOptions = RenderOptions()) -> str:
    """Render what became of every node of the older edition, and what is new."""
    from rich.table import Table
    from rich.text import Text

    con = console(options)
    con.print(Text(f"{report.old.id} → {report.new.id}", style="bold"))
    con.print(", ".join(f"{len(group)} {COVERAGE_LABELS[name]}" for name, group in report.groups.items()))
    table = Table(expand=False)
    table.add_column(report.old.id)
    table.add_column("became")
    table.add_column(report.new.id, overflow="fold")
    for name, group in report.groups.items():
        for address, targets in group.items():
            if name == "new":
                table.add_row("—", COVERAGE_LABELS[name], address.local)
            else:
                table.add_row(address.local, COVERAGE_LABELS[name], ", ".join(t.local for t in targets) or "—")
    con.print(table)
    return captured(con)


def render_log(entries, options: RenderOptions = RenderOptions()) -> str:
    """Render an edition's history, newest first: commit, date, author, message, then the summary."""
    from rich.text import Text

    con = console(options)
    if not entries:
        con.print("no commits changed it")
    for entry in entries:
        # A commit's author and message are anyone's text: no escape sequence reaches the terminal.
        con.print(
            Text.assemble(
                (entry.commit[:10], "yellow"),
                "  ",
                entry.date[:10],
                "  ",
                (printable(entry.author), "cyan"),
                "  ",
                (printable(entry.message), "bold"),
                (f"  ({entry.address.local})" if entry.address else "", "dim"),
            )
        )
        con.print(Text("    " + printable(entry.summary)))
    return captured(con)


def render_diff_set(diff_set, options: RenderOptions = RenderOptions()) -> str:
    """Render the diffs of every edition file changed between two revisions."""
    head = f"{diff_set.spec}: {counted(len(diff_set.files), 'edition file')} changed\n"
    parts = [head]
    for entry in diff_set.files:
        parts.append(f"\n=== {file_heading(entry)}\n")
        parts.append(render_diff(entry.result, options))
    return "".join(parts)


def render_disposition(report, options: RenderOptions = RenderOptions()) -> str:
    """Render a disposition of comments: counts per commenter and in total, then each commenter's comments in text order."""
    from rich.text import Text

    con = console(options)
    con.print(Text(printable(f"Disposition of comments: {disposition_facts(report)}"), style="bold"))
    for commenter, rows in report.by_commenter():
        con.print(Text(printable(f"  {commenter.label}: {counts_line(report.counts(rows))}")))
    con.print(Text(printable(f"  Total: {counts_line(report.counts(report.rows))}"), style="bold"))
    for commenter, rows in report.by_commenter():
        con.print()
        con.print(Text(printable(f"{commenter.label} ({commenter.id})"), style="bold underline"))
        for row in rows:
            comment = row.comment
            con.print(
                Text(
                    printable(
                        f"  {comment.id} · {clause_label(comment.address)}"
                        + (f" · {comment.type}" if comment.type else "")
                    ),
                    style="bold",
                )
            )
            fields = [
                ("on", f"‘{comment.quote.exact}’" if comment.quote else ""),
                ("comment", comment.comment or ""),
                ("proposed change", comment.proposed_change or ""),
                ("disposition", disposition_label(comment.disposition)),
                ("now at", now_label(row)),
                ("what changed there", "; ".join(changed_labels(row, report.route))),
            ]
            for label, value in fields:
                if value:
                    con.print(Text(f"    {label}: ", style="dim") + Text(printable(value)))
            if row.placement.diff:
                con.print(
                    Text("    words now: ", style="dim")
                    + Text.assemble(
                        *((printable(text), style) for text, style in styled_diff(row.placement.diff, options.color))
                    )
                )
            con.print(Text("    proposed change made? ", style="dim") + Text(printable(made_label(row))))
    for note in report.comments.notes:
        con.print(Text(f"note: {printable(note)}", style="dim"))
    return captured(con)
