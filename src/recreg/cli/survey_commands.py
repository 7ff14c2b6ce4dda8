"""Implementation tracking: import a survey of IP offices, and report where implementation stands."""

from __future__ import annotations

from pathlib import Path

import click

from .. import api
from . import Context, Exit, cli, format_option, output_option


@cli.group()
def survey() -> None:
    """Record surveys of IP offices on the implementation of an edition (then: recreg status)."""


@survey.command(name="import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--edition", "edition_id", required=True, metavar="EDITION", help="The edition the survey asked about (cws12)."
)
@click.option(
    "--as", "name", required=True, metavar="NAME", help="The survey's name: it is written to surveys/NAME.yaml."
)
@click.option(
    "--date", required=True, metavar="DATE", help="When the survey was answered: 2025-06-30, 2025-06 or 2025."
)
@click.option("--title", help="The survey's title (default: 'Survey on EDITION, DATE').")
@click.option(
    "--mapping",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    metavar="FILE",
    help="YAML mapping column headers to what they hold (R1/a, R1/a comment, office, ignore...), "
    "and under values: the form's answers to statuses.",
)
@click.option("--sheet", metavar="SHEET", help="The sheet of an XLSX workbook (default: the first).")
@click.option("--replace", is_flag=True, help="Replace surveys/NAME.yaml if it exists.")
@click.pass_obj
def import_survey(
    obj: Context,
    file: Path,
    edition_id: str,
    name: str,
    date: str,
    title: str | None,
    mapping: Path | None,
    sheet: str | None,
    replace: bool,
) -> int:
    """Import a survey from a CSV (UTF-8) or XLSX export into surveys/NAME.yaml beside the registry.

    One row per office and one column per question (headed R3(a), 3 a, cws12:R3/a, or an
    indicator id; 'R3(a) comment' and 'R3(a) evidence' beside it), or one row per office
    and question (columns office, question, status, value, comment, evidence). A column
    'office' names the office (its id, or its name when there is no 'office name' column).
    Statuses: implemented, partly implemented, planned, not planned, not applicable, unknown;
    common answers (yes, no, in progress, partially, n/a, don't know) are read as one of them,
    and the mapping file's values: section maps the form's own. The survey records which
    words were read as which status, and recreg status shows it.

    Exit 0 when written; 1 when a cell cannot be read (each one is named with its sheet,
    row and column, and nothing is written); 2 on usage error.
    """
    written = api.import_survey(obj.registry, file, edition_id, name, date, title, mapping, sheet, replace)
    survey = written.survey
    obj.out.write(
        f"wrote {written.path}: {api.counted(len(survey.offices), 'office')}, "
        f"{api.counted(len(survey.questions), 'question')}, {api.counted(len(survey.answers), 'answer')} "
        f"on {written.edition.id} ({date})\n"
    )
    return Exit.OK


@cli.command()
@click.argument("edition_ref", metavar="EDITION")
@click.option(
    "--survey",
    "survey_name",
    metavar="NAME",
    help="The survey: a name in surveys/ beside the registry, or a file (default: the newest survey of "
    "EDITION or of an edition it derives from).",
)
@click.option("--by-office", is_flag=True, help="Show each office's profile across all actions instead.")
@click.option("--office", "office_ids", multiple=True, metavar="ID", help="Show this office's profile (repeatable).")
@click.option(
    "--anonymize",
    is_flag=True,
    help="Replace office names with pseudonyms (stable for the survey) in the "
    "output, in comments too; withhold evidence links.",
)
@format_option("status")
@output_option
@click.pass_obj
def status(
    obj: Context,
    edition_ref: str,
    survey_name: str | None,
    by_office: bool,
    office_ids: tuple[str, ...],
    anonymize: bool,
    format_name: str,
    output: str | None,
) -> int:
    """Show where the implementation of an edition stands, from a survey of IP offices.

    Per action, and per recommendation summed over its actions: how many answers and how
    their statuses are distributed; each indicator's values (median, range) against its
    target; the actions nobody reported on. A survey of an older edition (cws11) is carried
    to EDITION through each derives_from step by the diff engine: an answer counts for the
    node its node became (for each part of a split node, though the headline counts it
    once), and is flagged "to be confirmed" where the text answered was reworded, weakened,
    moved (also with its recommendation, merged into another) or split (or amended after
    the survey); answers to removed nodes are listed apart.
    """
    report = api.status(obj.registry, edition_ref, survey_name, office_ids, by_office, anonymize)
    obj.emit(api.render(format_name, "status", report, options=obj.options(format_name, output)), output)
    return Exit.OK
