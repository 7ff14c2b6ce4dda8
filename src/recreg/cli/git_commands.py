"""Git-aware commands: log."""

from __future__ import annotations

import click

from ..errors import Problem, RecregError
from ..render import renderer
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
    from pathlib import Path

    from ..edition.address import parse_address, user_address
    from ..git.revisions import edition_log

    parsed = parse_address(user_address(address), option="EDITION[:ADDRESS]", typed=address)
    if parsed.edition is None:
        raise RecregError(Problem(f"{address!r} names no edition", file="EDITION[:ADDRESS]"))
    if parsed.kind not in {"edition", "recommendation"}:
        raise RecregError(Problem(f"{parsed} is not an edition or a recommendation", file="EDITION[:ADDRESS]", expected="cws12 or cws12:R5"))
    obj.registry.require_history("EDITION[:ADDRESS]")
    path = Path(obj.registry.root) / f"{parsed.edition}.yaml"
    if not path.is_file():
        obj.registry.edition(parsed.edition)  # raises the usual unknown-edition error
    with obj.progress("reading history") as tick:
        entries = edition_log(path, parsed.edition, parsed if parsed.number else None, rev, tick)
    obj.emit(renderer(format_name, "log")(entries, obj.options(format_name)))
    return Exit.OK
