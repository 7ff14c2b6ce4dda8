"""Commands for editors and CI: fmt, new, check."""

from __future__ import annotations

from pathlib import Path

import click

from ..words import counted
from ..errors import InvalidInput, Problem
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
    from ..fileio import write_atomic
    from ..edition.formatting import NotRecregFile, format_text
    from ..edition.load import read_text
    from ..workflow.check import registry_files

    if not (paths or check):
        obj.registry.require_writable()
    changed = []
    problems: list[Problem] = []
    refused: list[Problem] = []  # files that are not recreg's: invalid here (exit 1), not an input error
    for path in registry_files(obj.registry, paths):
        try:
            text = read_text(path)
            formatted = format_text(text, str(path), owned_only=True)
        except NotRecregFile as exc:
            refused.extend(exc.problems)
            continue
        except InvalidInput as exc:
            problems.extend(exc.problems)
            continue
        if formatted != text:
            changed.append(path)
            if not check:
                write_atomic(path, formatted)
    for problem in refused + problems:
        obj.err.write(problem.format() + "\n")
    verb = "would reformat" if check else "reformatted"
    for path in changed:
        obj.out.write(f"{verb} {path}\n")
    if problems:
        return Exit.ERROR
    return Exit.FOUND if refused or (check and changed) else Exit.OK


@cli.command()
@click.argument("edition", metavar="EDITION")
@click.option("--from", "base", required=True, metavar="BASE", help="The edition to start from (an id or a file).")
@click.option("--title", help="Title of the new edition (default: the base's title, marked as an amendment draft).")
@click.pass_obj
def new(obj: Context, edition: str, base: str, title: str | None) -> int:
    """Start an amendment: a new draft EDITION copied from BASE and derived from it."""
    from ..workflow.amend import create_edition

    obj.registry.require_writable()
    base_edition = obj.registry.edition(base)
    derived_at = base_edition.revision or _work_tree_revision(obj.registry.root)
    target = create_edition(obj.registry.root, obj.registry.text(base), base_edition.path or base, edition, title, derived_at)
    obj.out.write(f"created {target} (draft, derives from {base_edition.id})\n")
    return Exit.OK


def _work_tree_revision(folder: Path) -> str | None:
    """Name the commit a registry's work tree stands on (``3f2a1c9e40``), or None outside git."""
    from ..errors import RecregError
    from ..git.refs import GitRepository

    try:
        return GitRepository(folder).repo.head.commit.hexsha[:10]
    except (RecregError, ValueError):
        return None  # not a git work tree, or one without commits


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
    from ..workflow.check import check_registry

    report = check_registry(obj.registry, paths)
    for problem in report.problems:
        obj.out.write(problem.format() + "\n")
    for path in report.unformatted:
        obj.out.write(f"{path}: not canonically formatted (run: recreg fmt {path})\n")
    accepted = f", {len(report.accepted)} accepted in lint-baseline.yaml" if report.accepted else ""
    obj.out.write(f"checked {counted(len(report.files), 'file')}: {counted(report.errors, 'error')}, "
                  f"{len(report.unformatted)} unformatted, {counted(report.warnings, 'warning')}{accepted}\n")
    failed = not report.passed(strict)
    return Exit.FOUND if failed else Exit.OK
