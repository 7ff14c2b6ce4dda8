"""Terminal output: tables laid out like the CWS annex, drawn with rich."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from ..edition.model import Action, Edition, Footnote, Item, Recommendation
from ..errors import Problem
from ..words import counted
from . import RenderOptions
from .common import (
    COVERAGE_LABELS,
    action_mark,
    change_label,
    claim_label,
    counts_label,
    event_facts,
    file_heading,
    heading_label,
    item_mark,
    matching_label,
    missing_label,
    pair_summary,
    printable,
    rec_heading,
    ref,
    session_date,
    short_ref,
    side,
)
from .disposition import (
    changed_labels,
    clause_label,
    counts_line,
    disposition_facts,
    disposition_label,
    made_label,
    now_label,
)
from .fragments import node_views
from .status_labels import (
    STATUS_HEADINGS,
    change_groups,
    indicator_facts,
    indicator_label,
    scale_facts,
    status_headline,
    step_label,
    survey_facts,
    unit_counts,
    value_text,
)

if TYPE_CHECKING:  # pragma: no cover
    from ..registry.history import Event, History


def console(options: RenderOptions):
    """Return a rich console that records into a string, coloured only when asked."""
    from rich.console import Console

    return Console(
        file=io.StringIO(),
        width=options.width,
        force_terminal=options.color,
        color_system="standard" if options.color else None,
        no_color=not options.color,
        highlight=False,
        emoji=False,
        soft_wrap=not options.wrap,
    )


def cell(value: object):
    """Return a table cell for any text from the user's files: printable, and never read as rich markup.

    rich takes a plain ``str`` cell for markup, so a session "CWS/12 [/x]" would break the
    table and "[link=...]" would become a link; a `Text` is shown as written.
    """
    from rich.text import Text

    return Text(printable(str(value)))


def captured(con) -> str:
    """Return what a console from `console` has printed."""
    return con.file.getvalue()


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


# A styled line is a list of (text, style) spans; rich draws them on a terminal, and
# `_plain` writes them directly where rich adds nothing a person sees (a pipe, a file, a
# table too long to lay out). ANSI codes for the styles the diff uses, for the latter.
Spans = list[tuple[str, str]]
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


def styled_diff(edits, color: bool) -> Spans:
    """Render word-diff edits as spans: coloured on terminals, ``[-old-]{+new+}`` elsewhere."""
    spans: Spans = []
    for edit in edits:
        if edit.op == "equal":
            spans.append((edit.text, ""))
            continue
        body = edit.text.lstrip()
        spans.append((edit.text[: len(edit.text) - len(body)], ""))
        if color:
            spans.append((body, "red strike" if edit.op == "delete" else "green underline"))
        else:
            spans.append((f"[-{body}-]" if edit.op == "delete" else f"{{+{body}+}}", ""))
    return spans


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


# Wide enough for "2024-09 (002 para 11)" on one line, so a citation is never cut in two.
_DATE_WIDTH = 21
# Wide enough for "002 paras 2 and 3"; longer lists wrap between paragraph numbers.
_SOURCE_WIDTH = 18
_SOURCE_COLUMN_FROM = 90


def render_history(history: History, options: RenderOptions = RenderOptions()) -> str:
    """Render the chronology of decisions as a table: date | session | what happened | source.

    Args:
        history: the history, or the part of it that affects one edition.
        options: ``options.width`` below 90 folds the sources into the "what happened" cell.

    Returns:
        A heading, a row per event, then a count of events and of disagreeing dates.
    """
    from rich.table import Table
    from rich.text import Text

    # Every text comes from a file anyone can edit, hence printable() before it reaches the terminal.
    con = console(options)
    con.print(Text(printable(heading_label(history)), style="bold"))
    if not history.events:
        con.print(Text(f"no events affect {history.edition}" if history.edition else "no events", style="dim"))
        return captured(con)
    # Below this width a source column would squeeze the decisions to a few letters a
    # line; the sources then close the "what happened" cell instead.
    source_column = options.width >= _SOURCE_COLUMN_FROM
    table = Table(show_lines=True, expand=True)
    table.add_column("date", width=_DATE_WIDTH)
    table.add_column("session", no_wrap=True)
    table.add_column("what happened", ratio=1)
    if source_column:
        table.add_column("source", width=_SOURCE_WIDTH)
    for event in history.events:
        sources = [printable(short_ref(source)) for source in event.sources]
        what = _what_cell(event)
        row = [_date_cell(event), Text(printable(event.session)), what]
        if source_column:
            row.append(Text("\n".join(sources)))
        else:
            what.append("\nSources: " + "; ".join(sources), style="dim")
        table.add_row(*row)
    con.print(table)
    conflicts = sum(event.disagreeing for event in history.events)
    con.print(
        Text(
            counted(len(history.events), "event")
            + (f", {conflicts} with sources that disagree on the date" if conflicts else ""),
            style="dim",
        )
    )
    return captured(con)


def _date_cell(event: Event):
    from rich.text import Text

    cell = Text()
    separator = " /" if event.disagreeing else ";"
    for index, claim in enumerate(event.dates):
        label = printable(claim_label(claim)) + (separator if index < len(event.dates) - 1 else "")
        if len(label) > _DATE_WIDTH:
            # A long period keeps its citation whole on the next line.
            value, _, ref = label.partition(" (")
            label = f"{value}\n({ref}"
        cell.append(("\n" if index else "") + label)
    if event.disagreeing:
        cell.append("\n— sources disagree", style="bold yellow")
    return cell


def _what_cell(event: Event):
    from rich.text import Text

    cell = Text()
    for index, decision in enumerate(event.decisions):
        cell.append(("\n" if index else "") + printable(decision.summary), style="bold")
        # The citation opens its line, where wrapping cannot cut "002 para 5" in two.
        cell.append(f"\n{printable(short_ref(decision.source))}: ", style="dim")
        cell.append(f"“{printable(decision.quote)}”", style="italic")
    facts = event_facts(event)
    if facts:
        cell.append("\n" + printable(" · ".join(facts)), style="dim")
    for note in event.notes:
        cell.append(f"\nNote: {printable(note)}", style="dim italic")
    return cell


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
