"""Commands on editions: validate, list, show."""

from __future__ import annotations

from pathlib import Path

import click

from .. import api
from . import Context, Exit, cli, format_option


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@format_option("problems")
@click.pass_obj
def validate(obj: Context, paths: tuple[Path, ...], format_name: str) -> int:
    """Check edition files, the history and surveys against their schemas, then for meaning.

    PATHS are edition files or folders of them (default: the whole registry, and
    history/chronology.yaml and surveys/*.yaml when they are beside it); a file in a folder
    named history, or with top-level events, is checked as a history; one in a folder named
    surveys, or with top-level responses, as a survey; an OSCAL catalog (JSON, YAML or XML)
    against NIST's OSCAL schema. Links, the history's references and the surveys' questions
    are resolved against the registry (a question whose text has changed since its survey is
    a warning). Exit 0 when valid, 1 when invalid, 2 on usage error.
    """
    files, problems = api.validate(obj.registry, paths)
    obj.emit(api.render(format_name, "problems", problems, [str(f) for f in files], options=obj.options(format_name)))
    return Exit.FOUND if any(p.severity == "error" for p in problems) else Exit.OK


@cli.command(name="list")
@format_option("list")
@click.pass_obj
def list_editions(obj: Context, format_name: str) -> int:
    """List the editions of the registry with status, session, date and counts."""
    obj.emit(api.render(format_name, "list", api.list_editions(obj.registry), options=obj.options(format_name)))
    return Exit.OK


@cli.command()
@click.argument("address", metavar="EDITION[:ADDRESS]")
@format_option("edition", binary=False)
@click.pass_obj
def show(obj: Context, address: str, format_name: str) -> int:
    """Show an edition, or one node of it, laid out like the CWS annex.

    ADDRESS follows the address grammar: cws12, cws12:R6, cws11:R7/a/ii, cws12:R6/fn2;
    the edition may name a git revision: cws12@HEAD~3:R5.
    """
    edition, node = api.node_at(obj.registry, address)
    obj.emit(api.render(format_name, "edition", edition, node, options=obj.options(format_name)))
    return Exit.OK
