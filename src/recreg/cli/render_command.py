"""The render command: an edition as a document laid out like the CWS annex."""

from __future__ import annotations

from dataclasses import replace

import click

from ..render import formats_for, renderer
from . import Context, Exit, check_output, cli, output_option

# render makes documents for people; an edition as JSON is `recreg show EDITION --format json`.
DOCUMENT_FORMATS = [name for name in formats_for("edition") if name != "json"]


def earlier_numbers(obj: Context, edition):
    """Trace each recommendation's numbers in older editions through the edition's ``derives_from`` chain."""
    from ..engine.lineage import build_lineage, chain, earlier_numbers as trace_back

    editions = chain(edition, obj.registry.edition_or_none)
    return trace_back(build_lineage({e.id: e for e in editions}), edition)


@cli.command()
@click.argument("edition_ref", metavar="EDITION")
@click.option("--format", "format_name", type=click.Choice(DOCUMENT_FORMATS), default="text", show_default=True,
              help="Output format.")
@output_option
@click.pass_obj
def render(obj: Context, edition_ref: str, format_name: str, output: str | None) -> int:
    """Render a whole edition as a document laid out like the CWS annex.

    EDITION is an edition id of the registry (cws12) or an edition file (path/x.yaml).
    Each recommendation shows its actions, footnotes, and the numbers it had in older
    editions (traced through derives_from); texts missing from the sources are marked.
    """
    check_output(format_name, output)
    edition = obj.registry.edition(edition_ref)
    options = replace(obj.options(format_name, output), earlier=earlier_numbers(obj, edition))
    obj.emit(renderer(format_name, "edition")(edition, None, options), output)
    return Exit.OK
