"""The diff command: what changed between two editions."""

from __future__ import annotations

import click

from .. import api
from . import Context, Exit, check_output, cli, format_option, output_option


@cli.command()
@click.argument("old", metavar="OLD", required=False)
@click.argument("new", metavar="NEW", required=False)
@click.option(
    "--git",
    "git_range",
    metavar="BASE..HEAD",
    help="Diff every edition file changed between two git revisions (BASE...HEAD: from their merge base).",
)
@format_option("diff")
@click.option(
    "--match",
    "match_mode",
    type=click.Choice(["auto", "text"]),
    default="auto",
    show_default=True,
    help="auto: recorded ids and lineage links, then text; text: ignore records, match on text alone.",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(api.FILTERS),
    metavar="KIND",
    help="Show only this kind of change (repeatable): "
    + ", ".join(api.KINDS)
    + "; or a direction of modality change: "
    + ", ".join(api.FILTERS[len(api.KINDS) :])
    + ".",
)
@click.option(
    "--recommendation",
    "-r",
    metavar="ADDRESS",
    help="Show only this recommendation (R5 = the new edition's R5; cws11:R2 = the old edition's R2; "
    "AC-2(3) = the catalog control so labelled).",
)
@click.option("--exit-code", is_flag=True, help="Exit 1 when there are differences (after filters), like git diff.")
@output_option
@click.pass_obj
def diff(
    obj: Context,
    old: str | None,
    new: str | None,
    git_range: str | None,
    format_name: str,
    match_mode: str,
    kinds: tuple[str, ...],
    recommendation: str | None,
    exit_code: bool,
    output: str | None,
) -> int:
    """Show what changed between two editions.

    OLD and NEW are edition ids of the registry (cws11), edition files (path/x.yaml), OSCAL
    catalogs (JSON, YAML or XML, such as NIST's SP 800-53), or either at a git revision
    (cws12@main). With --git BASE..HEAD instead, every edition file changed between two
    revisions is diffed.
    """
    check_output(format_name, output)
    if git_range is not None:
        if old or new:
            raise api.RecregError(api.Problem("give either OLD and NEW or --git, not both", file="--git"))
        if "diff_set" not in api.DOCUMENTS[format_name]:
            raise api.RecregError(
                api.Problem(
                    f"--git cannot be rendered as {format_name}",
                    file="--format",
                    expected=" or ".join(api.formats_for("diff_set")),
                )
            )
        rec = api.parse_address(recommendation, "--recommendation", bare="node") if recommendation else None
        found = api.diff_git(obj.registry, git_range, match_mode, kinds, rec)
        obj.emit(api.render(format_name, "diff_set", found, options=obj.options(format_name, output)), output)
        return Exit.FOUND if exit_code and not found.same else Exit.OK
    if not (old and new):
        raise api.RecregError(
            api.Problem(
                "missing OLD and NEW editions",
                file="OLD NEW",
                expected="recreg diff OLD NEW, or recreg diff --git BASE..HEAD",
            )
        )
    result = api.diff(obj.registry, old, new, match_mode, kinds, recommendation)
    obj.emit(api.render(format_name, "diff", result, options=obj.options(format_name, output)), output)
    return Exit.FOUND if exit_code and not result.same else Exit.OK
