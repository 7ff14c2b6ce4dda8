"""Word and spreadsheets: export an edition as DOCX, XLSX or CSV; import one from them."""

from __future__ import annotations

from pathlib import Path

import click

from .. import api
from . import Context, Exit, check_output, cli, output_option


@cli.command()
@click.argument("edition_ref", metavar="EDITION")
@click.option(
    "--format",
    "format_name",
    type=click.Choice(api.formats_for("export")),
    required=True,
    help="docx: the CWS annex layout, footnotes as Word footnotes; xlsx, csv: one row per node; "
    "oscal: an OSCAL control catalog (JSON).",
)
@click.option(
    "--comments",
    "comments",
    metavar="NAME",
    help="With --format docx: write the comment set NAME (on EDITION) as Word comments on their words.",
)
@output_option
@click.pass_obj
def export(obj: Context, edition_ref: str, format_name: str, comments: str | None, output: str | None) -> int:
    """Export an edition as a Word document, a workbook or CSV that recreg import reads back, or as OSCAL.

    EDITION is an edition id of the registry (cws12), an edition file or an OSCAL catalog.
    DOCX and XLSX need -o FILE; CSV and OSCAL may go to standard output. An OSCAL catalog
    keeps each recommendation's id and number (as its label), and writes the recommendations
    removed or merged since the edition it derives from as withdrawn controls. With
    --comments NAME, the Word document holds the Members' comments as Word comments anchored
    on the words they are on (recreg comments import reads them back).
    """
    check_output(format_name, output)
    obj.emit(api.export(obj.registry, edition_ref, format_name, obj.options(format_name, output), comments), output)
    left_out = api.left_out_of_export(obj.registry, edition_ref, format_name)
    if left_out:
        obj.err.write(f"recreg: note: {left_out}\n")
    return Exit.OK


@cli.command(name="import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--as", "new_id", required=True, metavar="ID", help="Id of the new edition (its file: ID.yaml in the registry)."
)
@click.option(
    "--derives-from",
    "base",
    metavar="EDITION",
    help="The edition this one derives from: ids are carried over where the diff engine pairs recommendations.",
)
@click.option(
    "--tracked",
    type=click.Choice(["accept", "reject"]),
    help="For a Word document with tracked changes: import it with all of them accepted, or all rejected.",
)
@click.option("--sheet", metavar="SHEET", help="The sheet of an XLSX workbook (default: the one sheet with content).")
@click.pass_obj
def import_command(
    obj: Context, file: Path, new_id: str, base: str | None, tracked: str | None, sheet: str | None
) -> int:
    """Import an edition from a .docx, .xlsx or .csv table into a new edition file of the registry.

    A Word document holds the annex table (Recommendations | Recommended Actions | Related 40
    Rec.), maybe split over several tables; a workbook or CSV file holds one row per node, as
    recreg export writes them (an address such as R3/a or R3(a); the kind may be left out),
    or the annex table itself.
    Every text keeps its place in the file as its source. Anything that cannot be placed is
    named with its location, one line each, and nothing is written (exit 1). An existing
    edition is never overwritten. A Word document's comments are kept beside the edition, in
    comments/ID.yaml (see recreg comments).
    """
    result = api.import_document(obj.registry, file, new_id, base, tracked, sheet)
    counts = result.counts
    line = (
        f"imported {file} as {result.path}: {api.counted(counts['recommendations'], 'recommendation')}, "
        f"{api.counted(counts['actions'], 'action')}, {api.counted(counts['items'], 'sub-item')}, "
        f"{api.counted(counts['footnotes'], 'footnote')}"
    )
    if base:
        line += f"; ids of {result.carried} of {result.total} recommendations carried over from {base}"
        line += (
            "; the same text as " + base + ", so its facts too"
            if result.same_as_base
            else f"; a draft deriving from {base}"
        )
    if result.comments is not None:
        path, kept, own = result.comments
        if kept is not None:
            line += (
                f"; kept {api.counted(len(kept.comments), 'Word comment')} from "
                f"{api.counted(len(kept.commenters), 'commenter')} in {path}"
            )
        if own:
            line += f"; left out {api.counted(own, 'comment')} recreg wrote itself (its notes on a diff)"
    obj.out.write(line + "\n")
    for note in result.left_out:
        obj.err.write(f"recreg: note: left out of the import: {note}\n")
    return Exit.OK
