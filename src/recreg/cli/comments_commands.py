"""Comments on a draft: import what Members sent, list the comment sets, and report their disposition."""

from __future__ import annotations

from pathlib import Path

import click

from .. import api
from . import Context, Exit, check_output, cli, format_option, output_option


@cli.group()
def comments() -> None:
    """Record Members' comments on a draft and report their disposition in a later edition."""


@comments.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--edition", "edition_id", required=True, metavar="EDITION", help="The edition commented on (cws11).")
@click.option(
    "--as", "name", required=True, metavar="NAME", help="The comment set's name: it is written to comments/NAME.yaml."
)
@click.option(
    "--mapping",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    metavar="FILE",
    help="YAML mapping column headers to what they hold (commenter, clause, paragraph, comment, proposed "
    "change, observation, disposition, quote, ignore...).",
)
@click.option("--sheet", metavar="SHEET", help="The sheet of an XLSX workbook (default: the first).")
@click.option(
    "--office",
    metavar="NAME",
    help="The commenter of every comment that names none: the office whose "
    "delegates commented in a Word copy (their names are kept as the comments' authors).",
)
@click.option("--title", help="The comment set's title (default: 'Comments on EDITION').")
@click.option(
    "--tracked",
    type=click.Choice(["accept", "reject"]),
    help="For a Word copy with tracked changes: read its text with all of them accepted, or all rejected "
    "(default: as it was before them, the text commented on).",
)
@click.option(
    "--add", is_flag=True, help="Add to comments/NAME.yaml if it exists, keeping its comments and their dispositions."
)
@click.option("--replace", "replace_existing", is_flag=True, help="Replace comments/NAME.yaml if it exists.")
@click.pass_obj
def import_comments(
    obj: Context,
    files: tuple[Path, ...],
    edition_id: str,
    name: str,
    mapping: Path | None,
    sheet: str | None,
    office: str | None,
    title: str | None,
    tracked: str | None,
    add: bool,
    replace_existing: bool,
) -> int:
    """Import Members' comments on an edition into comments/NAME.yaml beside the registry.

    FILES are copies of the edition with Word comments (a recreg export, or any document in
    the annex layout: each comment is anchored on the node and words it covers), and comment
    tables in the ISO layout as XLSX, CSV or a table in a Word document (MB/NC, line number,
    clause, paragraph, type of comment, comments, proposed change, observations; the clause
    written 'Recommendation 3(c)', 'R3(c)', '3 c' or an address). A Word comment may end with
    labelled paragraphs: 'Type: te', 'Proposed change: ...', 'Disposition: accepted',
    'Observation: ...'.

    Exit 0 when written; 1 when a comment or cell cannot be read or placed (each one is named
    with its file and place, and nothing is written); 2 on usage error.
    """
    written = api.import_comments(
        obj.registry, files, edition_id, name, mapping, sheet, office, title, replace_existing, add, tracked
    )
    found = written.comments
    sources = ", ".join(
        part
        for part in (
            api.counted(written.word, "Word comment") if written.word else "",
            api.counted(written.rows, "table row") if written.rows else "",
        )
        if part
    )
    obj.out.write(
        f"wrote {written.path}: {api.counted(len(found.comments), 'comment')} from "
        f"{api.counted(len(found.commenters), 'commenter')} on {written.edition.id}"
        + (f" ({written.added} added: {sources})" if add else f" ({sources})")
        + "\n"
    )
    if written.revisions and tracked is None:
        obj.out.write(
            f"note: {api.counted(written.revisions, 'tracked change')} in the Word documents are proposed "
            "edits, not comments: the comments were read on the text without them\n"
        )
    return Exit.OK


@comments.command(name="list")
@format_option("list", binary=False)
@click.pass_obj
def list_comments(obj: Context, format_name: str) -> int:
    """List the comment sets beside the registry: the edition, comments, commenters and how many are still open."""
    found = api.comment_sets(obj.registry)
    if format_name == "json":
        import json

        rows = [
            {
                "id": s.id,
                "title": s.title,
                "edition": s.edition,
                "comments": len(s.comments),
                "commenters": len(s.commenters),
                "open": sum(c.disposition.status == "open" for c in s.comments),
                "path": s.path,
            }
            for s in found
        ]
        obj.out.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return Exit.OK
    if not found:
        obj.out.write("no comment sets (recreg comments import FILE --edition EDITION --as NAME writes one)\n")
        return Exit.OK
    for s in found:
        still = sum(c.disposition.status == "open" for c in s.comments)
        obj.out.write(
            f"{s.id}  on {s.edition}  {api.counted(len(s.comments), 'comment')} from "
            f"{api.counted(len(s.commenters), 'commenter')}, {still} open  {api.printable(s.title)}\n"
        )
    return Exit.OK


@comments.command(name="disposition")
@click.argument("name", metavar="NAME")
@click.option(
    "--to",
    "to",
    metavar="EDITION",
    help="The edition to carry the comments to (default: the newest edition derived from the commented one).",
)
@format_option("disposition")
@output_option
@click.pass_obj
def disposition(obj: Context, name: str, to: str | None, format_name: str, output: str | None) -> int:
    """Report the disposition of a comment set: each comment, what was decided, and where it landed.

    The ISO comment form's columns (member body, clause, type, comment, proposed change,
    observations) and three more: where the commented words are now in the later edition
    (FOUND, MOVED, ORPHANED: carried by the diff engine's alignment, never by a guess), what
    changed there, and whether the proposed change was made (made, partly made, not made,
    cannot tell, with the words that show it). Per commenter and in total. NAME is a set in
    comments/ beside the registry, or a comment file. DOCX and XLSX need -o FILE.
    """
    check_output(format_name, output)
    report = api.disposition(obj.registry, name, to)
    obj.emit(api.render(format_name, "disposition", report, options=obj.options(format_name, output)), output)
    return Exit.OK
