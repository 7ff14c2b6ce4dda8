"""The history command: the chronology of decisions, with sources."""

from __future__ import annotations

import click

from .. import api
from . import Context, Exit, cli, format_option


@cli.command()
@click.argument("edition", required=False)
@format_option("history")
@click.pass_obj
def history(obj: Context, edition: str | None, format_name: str) -> int:
    """Show the chronology of decisions, CWS/6 to CWS/13, with sources.

    EDITION (r40, cws11, cws12) keeps the events that affect it. Where sources disagree on a
    date, every claim is shown with its source; --format markdown gives a GitHub table. The
    history is read from history/ beside the registry, else from the copy bundled with recreg.
    """
    chronology = api.history(obj.registry, edition)
    obj.emit(api.render(format_name, "history", chronology, options=obj.options(format_name)))
    return Exit.OK
