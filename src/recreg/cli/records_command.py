"""The records command: regenerate (or check) the change records in history/records/."""

from __future__ import annotations

import click

from .. import api
from . import Context, Exit, cli


@cli.command()
@click.option("--check", is_flag=True, help="Write nothing; exit 1 and name the records that are stale.")
@click.pass_obj
def records(obj: Context, check: bool) -> int:
    """Write the change record of each edition against the one it derives from, into history/records/.

    A lineage record (what became of every older node, with the lineage picture) where the
    newer edition states its lineage; a diff record otherwise. history/ is the folder beside
    the registry.
    """
    stale = api.records(obj.registry, check_only=check)
    for record in stale:
        if check:
            obj.out.write(f"stale {record.path} (run: recreg records)\n")
        else:
            obj.out.write(f"wrote {record.path} ({record.kind} record)\n")
    return Exit.FOUND if check and stale else Exit.OK
