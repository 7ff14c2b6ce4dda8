"""Lineage commands: trace a node across editions, and the coverage of one edition by another."""

from __future__ import annotations

import click

from .. import api
from . import Context, Exit, cli, format_option, output_option


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
    result = api.trace(obj.registry, address)
    obj.emit(api.render(format_name, "trace", result, options=obj.options(format_name)))
    return Exit.OK


@cli.command()
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@format_option("coverage")
@output_option
@click.pass_obj
def coverage(obj: Context, old: str, new: str, format_name: str, output: str | None) -> int:
    """Show what became of every node of OLD in NEW: carried, carried into several, merged, dropped; and what is new."""
    report = api.coverage(obj.registry, old, new)
    obj.emit(api.render(format_name, "coverage", report, options=obj.options(format_name, output)), output)
    return Exit.OK
