"""The render command: an edition as a document laid out like the CWS annex."""

from __future__ import annotations

import click

from .. import api
from . import Context, Exit, check_output, cli, output_option

# render makes documents for people; an edition as JSON is `recreg show EDITION --format json`.
DOCUMENT_FORMATS = [name for name in api.formats_for("edition") if name != "json"]


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
    obj.emit(api.edition_document(obj.registry, edition_ref, format_name, obj.options(format_name, output)), output)
    return Exit.OK
