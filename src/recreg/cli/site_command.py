"""The site command: publish the registry as a static site."""

from __future__ import annotations

import click

from .. import api
from . import Context, Exit, cli


@cli.command()
@click.option("--output", "-o", metavar="DIR", required=True,
              help="The folder to write the site into: new, empty, or one recreg site built before (replaced at once).")
@click.pass_obj
def site(obj: Context, output: str) -> int:
    """Publish the registry as a static site: editions, recommendations by stable id, changes, status, search.

    The site is plain files that work opened from the folder (DIR/index.html) or served by
    GitHub Pages. Each recommendation has a permanent page, rec/<id>/; a number as an
    edition gives it stays a link that survives renumbering: cws11/R4/ opens the page of
    the recommendation cws11 numbers R4. Nothing is loaded from elsewhere.
    """
    built = api.site(obj.registry, output)
    obj.out.write(f"wrote the site of {api.counted(built.editions, 'edition')} to {output}: "
                  f"{api.counted(built.recommendations, 'recommendation')} by stable id, {api.counted(built.pages, 'page')} "
                  f"and {api.counted(built.permalinks, 'permalink')}; open {output}/index.html\n")
    return Exit.OK
