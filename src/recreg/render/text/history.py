"""The history of decisions on the terminal: a table of events, dates and sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...words import counted
from .. import RenderOptions
from ..common import (
    claim_label,
    event_facts,
    heading_label,
    printable,
    short_ref,
)
from .console import captured, console

if TYPE_CHECKING:  # pragma: no cover
    from ...registry.history import Event, History


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
