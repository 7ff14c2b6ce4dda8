"""Git-aware commands: log."""

from __future__ import annotations

import click

from .. import api
from . import Context, Exit, cli, format_option


@cli.command()
@click.argument("address", metavar="EDITION[:ADDRESS]")
@click.option("--rev", default="HEAD", show_default=True, metavar="REV", help="Newest revision to start from.")
@format_option("log")
@click.pass_obj
def log(obj: Context, address: str, rev: str, format_name: str) -> int:
    """List the commits that changed an edition, newest first, each with a semantic summary.

    With a recommendation (cws12:R5), follow it back across renumbering and list only the
    commits that changed it.
    """
    with obj.progress("reading history") as tick:
        entries = api.log(obj.registry, address, rev, tick)
    obj.emit(api.render(format_name, "log", entries, options=obj.options(format_name)))
    return Exit.OK
