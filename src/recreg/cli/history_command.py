"""The history command: the chronology of decisions, with sources."""

from __future__ import annotations

import click

from ..errors import Problem, RecregError
from ..render import renderer
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
    from ..registry.history import find_history, read_history

    edition = edition.lower() if edition else edition
    if edition is not None and edition not in obj.registry.ids():
        raise RecregError(Problem(f"unknown edition {edition!r}", file="EDITION",
                                  expected="one of " + ", ".join(obj.registry.ids())))
    chronology = read_history(find_history(obj.registry.root))
    if edition is not None:
        chronology = chronology.affecting(edition)
    obj.emit(renderer(format_name, "history")(chronology, obj.options(format_name)))
    return Exit.OK
