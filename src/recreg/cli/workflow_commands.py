"""Commands for editors and CI: fmt, new, check."""

from __future__ import annotations

from pathlib import Path

import click

from .. import api
from . import Context, Exit, cli


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--check", is_flag=True, help="Change nothing; exit 1 and name the files that would change.")
@click.pass_obj
def fmt(obj: Context, paths: tuple[Path, ...], check: bool) -> int:
    """Format edition files canonically, keeping comments, key order and quoting.

    PATHS are files or folders (default: the registry, and the history and surveys beside it). Files
    are rewritten atomically, and only when their data stays the same.
    """
    report = api.format_files(obj.registry, paths, check_only=check)
    for problem in report.refused + report.problems:
        obj.err.write(problem.format() + "\n")
    verb = "would reformat" if check else "reformatted"
    for path in report.changed:
        obj.out.write(f"{verb} {path}\n")
    if report.problems:
        return Exit.ERROR
    return Exit.FOUND if report.refused or (check and report.changed) else Exit.OK


@cli.command()
@click.argument("edition", metavar="EDITION")
@click.option("--from", "base", required=True, metavar="BASE", help="The edition to start from (an id or a file).")
@click.option("--title", help="Title of the new edition (default: the base's title, marked as an amendment draft).")
@click.pass_obj
def new(obj: Context, edition: str, base: str, title: str | None) -> int:
    """Start an amendment: a new draft EDITION copied from BASE and derived from it."""
    target, base_edition = api.create_edition(obj.registry, edition, base, title)
    obj.out.write(f"created {target} (draft, derives from {base_edition.id})\n")
    return Exit.OK


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Count warnings as failures.")
@click.pass_obj
def check(obj: Context, paths: tuple[Path, ...], strict: bool) -> int:
    """Run what CI runs on a registry: validate, fmt --check, and lint warnings.

    PATHS are as for validate (default: the registry, and the history and surveys beside it).

    Exit 0 when valid and formatted (warnings are shown), 1 when invalid, unformatted
    (or, with --strict, warned about), 2 on usage or input error.
    """
    report = api.check(obj.registry, paths)
    for problem in report.problems:
        obj.out.write(problem.format() + "\n")
    for path in report.unformatted:
        obj.out.write(f"{path}: not canonically formatted (run: recreg fmt {path})\n")
    accepted = f", {len(report.accepted)} accepted in lint-baseline.yaml" if report.accepted else ""
    obj.out.write(
        f"checked {api.counted(len(report.files), 'file')}: {api.counted(report.errors, 'error')}, "
        f"{len(report.unformatted)} unformatted, {api.counted(report.warnings, 'warning')}{accepted}\n"
    )
    failed = not report.passed(strict)
    return Exit.FOUND if failed else Exit.OK
