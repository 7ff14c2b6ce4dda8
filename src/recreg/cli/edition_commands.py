"""Commands on editions: validate, list, show."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import Problem, RecregError
from ..render import renderer
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
    surveys, or with top-level responses, as a survey. Links, the history's references and
    the surveys' questions are resolved against the registry (a question whose text has
    changed since its survey is a warning). Exit 0 when valid, 1 when invalid, 2 on usage error.
    """
    from ..workflow.check import registry_files, validate_paths

    files = registry_files(obj.registry, paths)
    if not files and paths:
        raise RecregError(Problem("no edition files (*.yaml) to validate", file=str(paths[0] if paths else obj.registry.root)))
    problems = validate_paths(files, obj.registry)
    obj.emit(renderer(format_name, "problems")(problems, [str(f) for f in files], obj.options(format_name)))
    return Exit.FOUND if any(p.severity == "error" for p in problems) else Exit.OK


@cli.command(name="list")
@format_option("list")
@click.pass_obj
def list_editions(obj: Context, format_name: str) -> int:
    """List the editions of the registry with status, session, date and counts."""
    editions = [obj.registry.edition(edition_id) for edition_id in obj.registry.ids()]
    obj.emit(renderer(format_name, "list")(editions, obj.options(format_name)))
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
    from ..edition.address import parse_address, split_ref, user_address

    name, rev = split_ref(address)
    local = None
    if rev is not None and ":" in rev:
        rev, local = rev.rsplit(":", 1)
    elif ":" in name:
        name, local = name.split(":", 1)
    option = "EDITION[:ADDRESS]"
    parsed = parse_address(user_address(f"{name}:{local}" if local is not None else name), option=option, typed=address)
    if parsed.edition is None:
        raise RecregError(Problem(f"{address!r} names no edition", file=option, expected="EDITION[:ADDRESS], such as cws12:R6"))
    edition = obj.registry.edition(parsed.edition if rev is None else f"{parsed.edition}@{rev}")
    node = edition.node(parsed.with_edition(edition.id))
    if node is None:
        raise RecregError(Problem(f"{parsed} does not exist", file="EDITION[:ADDRESS]", expected=f"a node of {edition.id}"))
    obj.emit(renderer(format_name, "edition")(edition, node, obj.options(format_name)))
    return Exit.OK
