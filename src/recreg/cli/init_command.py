"""The init command: start a registry repository of one's own."""

from __future__ import annotations

from pathlib import Path

import click

from .. import api
from . import Context, Exit, cli


@cli.command()
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@click.option(
    "--from-bundled", is_flag=True, help="Seed it with the editions, history and lint baseline bundled with recreg."
)
@click.option(
    "--install",
    metavar="SPEC",
    help="What the pull-request workflow installs recreg from: a git URL with a tag (git+https://...@v1), "
    "a path or a requirement. Default: where this recreg was installed from.",
)
@click.pass_obj
def init(obj: Context, folder: Path, from_bundled: bool, install: str | None) -> int:
    """Start a registry repository in DIR: registry/, schemas/, history/, surveys/, comments/, workflow, hooks, README.

    Nothing that exists is overwritten. Afterwards validate, check and records --check pass
    there; the README written into DIR walks an editor through an amendment.
    """
    written, warnings = api.init_registry(folder, from_bundled, install)
    for warning in warnings:
        obj.err.write(f"recreg: warning: {warning}\n")
    obj.out.write(
        f"created a registry in {folder} ({len(written)} files"
        f"{', seeded with the bundled editions' if from_bundled else ''}); next: cd {folder} && git init\n"
    )
    return Exit.OK
