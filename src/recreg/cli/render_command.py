"""The render commands: an edition as a document laid out like the CWS annex, and the whole registry as a site."""

from __future__ import annotations

import click

from .. import api
from . import Context, Exit, check_output, cli, output_option

# render makes documents for people; an edition as JSON is `recreg show EDITION --format json`.
DOCUMENT_FORMATS = [name for name in api.formats_for("edition") if name != "json"]


@cli.command()
@click.argument("edition_ref", metavar="EDITION")
@click.option(
    "--format",
    "format_name",
    type=click.Choice(DOCUMENT_FORMATS),
    default="text",
    show_default=True,
    help="Output format.",
)
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


@cli.command()
@click.option(
    "--output",
    "-o",
    metavar="DIR",
    required=True,
    help="The folder to write the site into: new, empty, or one recreg site built before (replaced at once).",
)
@click.pass_obj
def site(obj: Context, output: str) -> int:
    """Publish the registry as a static site: editions, recommendations by stable id, changes, status, search.

    The site is plain files that work opened from the folder (DIR/index.html) or served by
    GitHub Pages. Each recommendation has a permanent page, rec/<id>/; a number as an
    edition gives it stays a link that survives renumbering: cws11/R4/ opens the page of
    the recommendation cws11 numbers R4. Nothing is loaded from elsewhere.
    """
    built = api.site(obj.registry, output)
    obj.out.write(
        f"wrote the site of {api.counted(built.editions, 'edition')} to {output}: "
        f"{api.counted(built.recommendations, 'recommendation')} by stable id, {api.counted(built.pages, 'page')} "
        f"and {api.counted(built.permalinks, 'permalink')}; open {output}/index.html\n"
    )
    return Exit.OK
