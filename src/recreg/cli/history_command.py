"""The history command: the chronology of decisions, with sources."""

from __future__ import annotations

import click

from ..errors import Problem, RecregError
from . import Context, Exit, cli

# Kept here rather than imported from recreg.history, so that `recreg --help` imports no renderer.
HISTORY_FORMATS = ["text", "json", "markdown"]


@cli.command()
@click.argument("edition", required=False)
@click.option("--format", "format_name", type=click.Choice(HISTORY_FORMATS), default="text", show_default=True,
              help="Output format (markdown: a GitHub table).")
@click.pass_obj
def history(obj: Context, edition: str | None, format_name: str) -> int:
    """Show the chronology of decisions, CWS/6 to CWS/13, with sources.

    EDITION (r40, cws11, cws12) keeps the events that affect it. Where sources disagree on a
    date, every claim is shown with its source. The history is read from history/ beside the
    registry, else from the copy bundled with recreg.
    """
    from ..history import FORMATS, find_history, read_history

    if edition is not None and edition not in obj.registry.ids():
        raise RecregError(Problem(f"unknown edition {edition!r}", file="EDITION",
                                  expected="one of " + ", ".join(obj.registry.ids())))
    chronology = read_history(find_history(obj.registry.root))
    if edition is not None:
        chronology = chronology.affecting(edition)
    obj.emit(FORMATS[format_name](chronology, obj.options(format_name)))
    return Exit.OK
