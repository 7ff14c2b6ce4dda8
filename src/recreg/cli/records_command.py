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
        conflict = record.conflict
        if check and conflict:
            # A generated file is not resolved by hand: recreg records writes it anew from the editions.
            where = f"{conflict.file}:{conflict.line}:{conflict.column}"
            obj.out.write(f"stale {where}: {conflict.message} (run: recreg records, which writes it anew)\n")
        elif check:
            obj.out.write(f"stale {record.path} (run: recreg records)\n")
        else:
            replaced = ", replacing its merge conflict" if conflict else ""
            obj.out.write(f"wrote {record.path} ({record.kind} record{replaced})\n")
    return Exit.FOUND if check and stale else Exit.OK
