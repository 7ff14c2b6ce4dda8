"""The diff command: what changed between two editions."""

from __future__ import annotations

import click

from ..classify import KINDS
from ..render import renderer
from . import Context, Exit, cli, format_option
from .render_command import emit, options_for, output_option


@cli.command()
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@format_option("diff")
@click.option("--match", "match_mode", type=click.Choice(["auto", "text"]), default="auto", show_default=True,
              help="auto: recorded ids and lineage links, then text; text: ignore records, match on text alone.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS), metavar="KIND",
              help="Show only this kind of change (repeatable): " + ", ".join(KINDS) + ".")
@click.option("--recommendation", "-r", metavar="ADDRESS",
              help="Show only this recommendation (R5 = the new edition's R5; cws11:R2 = the old edition's R2).")
@click.option("--exit-code", is_flag=True, help="Exit 1 when there are differences (after filters), like git diff.")
@output_option
@click.pass_obj
def diff(obj: Context, old: str, new: str, format_name: str, match_mode: str, kinds: tuple[str, ...],
         recommendation: str | None, exit_code: bool, output: str | None) -> int:
    """Show what changed between two editions.

    OLD and NEW are edition ids of the registry (cws11) or edition files (path/x.yaml).
    """
    from ..address import parse_address
    from ..diff import DiffOptions, diff as diff_editions

    rec = parse_address(recommendation, option="--recommendation") if recommendation else None
    result = diff_editions(obj.registry.edition(old), obj.registry.edition(new), DiffOptions(match=match_mode))
    result = result.filtered(kinds, rec)
    emit(obj, renderer(format_name, "diff")(result, options_for(obj, format_name, output)), output)
    return Exit.FOUND if exit_code and not result.same else Exit.OK
