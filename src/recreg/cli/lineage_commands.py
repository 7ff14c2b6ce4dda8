"""Lineage commands: trace a node across editions, and the coverage of one edition by another."""

from __future__ import annotations

import click

from ..errors import Problem, RecregError
from ..render import renderer
from . import Context, Exit, cli, format_option, output_option


def registry_lineage(obj: Context):
    """Build the lineage graph of every edition in the registry."""
    from ..engine.lineage import build_lineage

    return build_lineage(obj.registry.all())


@cli.command()
@click.argument("address", metavar="ADDRESS")
@format_option("trace")
@click.pass_obj
def trace(obj: Context, address: str, format_name: str) -> int:
    """Trace a node's lineage backward and forward across all editions.

    ADDRESS names a recommendation, action, item or footnote with its edition
    (r40:R16, cws12:R5/d). Each step says how it is known: stated in a source (which),
    or matched by the engine (how, with what score).
    """
    from ..edition.address import parse_address, user_address
    from ..engine.lineage import trace as trace_node

    parsed = parse_address(user_address(address), option="ADDRESS", typed=address)
    if parsed.edition is None or parsed.number is None:
        raise RecregError(Problem(f"{address!r} names no node of an edition", file="ADDRESS", expected="EDITION:R<n>[/...], such as cws12:R5/d"))
    result = trace_node(registry_lineage(obj), parsed)
    obj.emit(renderer(format_name, "trace")(result, obj.options(format_name)))
    return Exit.OK


@cli.command()
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@format_option("coverage")
@output_option
@click.pass_obj
def coverage(obj: Context, old: str, new: str, format_name: str, output: str | None) -> int:
    """Show what became of every node of OLD in NEW: carried, carried into several, merged, dropped; and what is new."""
    from ..engine.lineage import coverage as cover

    lineage = registry_lineage(obj)
    report = cover(lineage, obj.registry.edition(old), obj.registry.edition(new))
    obj.emit(renderer(format_name, "coverage")(report, obj.options(format_name, output)), output)
    return Exit.OK
