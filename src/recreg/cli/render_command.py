"""The render command: an edition as a document; and the --output option of the commands that write documents."""

from __future__ import annotations

from dataclasses import replace

import click

from ..address import Address
from ..errors import RecregError
from ..model import Edition
from ..render import formats_for, renderer
from . import Context, Exit, cli, output_option

# render makes documents for people; an edition as JSON is `recreg show EDITION --format json`.
DOCUMENT_FORMATS = [name for name in formats_for("edition") if name != "json"]


def earlier_numbers(obj: Context, edition: Edition) -> dict[Address, tuple[Address, ...]]:
    """Trace each recommendation back through ``derives_from`` by its stable id.

    The adopted ten record no links to the 40; their draft does. Following the id from
    edition to older edition gives each recommendation its earlier numbers: the draft's
    number, then the numbers the draft related it to.

    Returns:
        For each recommendation's address, the addresses in older editions, newest first.
    """
    found: dict[Address, list[Address]] = {rec.address: [] for rec in edition.recommendations}
    ids = {rec.id: rec.address for rec in edition.recommendations}
    seen = {edition.id}
    older_id = edition.derives_from
    while older_id and older_id not in seen:
        seen.add(older_id)
        try:
            older = obj.registry.edition(older_id)
        except RecregError:
            break  # an edition file outside the registry, or a broken chain: trace no further
        for rec in older.recommendations:
            if rec.id in ids:
                trail = found[ids[rec.id]]
                trail.append(rec.address)
                trail.extend(link.target for link in rec.links if link.target.edition not in seen)
        older_id = older.derives_from
    return {address: tuple(dict.fromkeys(trail)) for address, trail in found.items() if trail}


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
    edition = obj.registry.edition(edition_ref)
    options = replace(obj.options(format_name, output), earlier=earlier_numbers(obj, edition))
    obj.emit(renderer(format_name, "edition")(edition, None, options), output)
    return Exit.OK
