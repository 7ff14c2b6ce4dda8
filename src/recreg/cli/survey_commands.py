"""Implementation tracking: import a survey of IP offices, and report where implementation stands."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InvalidInput, Problem, RecregError
from . import Context, Exit, cli


@cli.group()
def survey() -> None:
    """Record surveys of IP offices on the implementation of an edition (then: recreg status)."""


def _check_date(date: str) -> str:
    from ..history import period

    try:
        if not date[:4].isdigit():
            raise ValueError(date)
        period(date)
    except ValueError:
        raise RecregError(Problem(f"{date!r} is not a date", file="--date", expected="2025-06-30, 2025-06 or 2025")) from None
    return date


@survey.command(name="import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--edition", "edition_id", required=True, metavar="EDITION", help="The edition the survey asked about (cws12).")
@click.option("--as", "name", required=True, metavar="NAME", help="The survey's name: it is written to surveys/NAME.yaml.")
@click.option("--date", required=True, metavar="DATE", help="When the survey was answered: 2025-06-30, 2025-06 or 2025.")
@click.option("--title", help="The survey's title (default: 'Survey on EDITION, DATE').")
@click.option("--mapping", type=click.Path(path_type=Path, dir_okay=False, exists=True), metavar="FILE",
              help="YAML mapping column headers to what they hold (R1/a, R1/a comment, office, ignore...).")
@click.option("--sheet", metavar="SHEET", help="The sheet of an XLSX workbook (default: the first).")
@click.option("--replace", is_flag=True, help="Replace surveys/NAME.yaml if it exists.")
@click.pass_obj
def import_survey(obj: Context, file: Path, edition_id: str, name: str, date: str, title: str | None,
                  mapping: Path | None, sheet: str | None, replace: bool) -> int:
    """Import a survey from a CSV (UTF-8) or XLSX export into surveys/NAME.yaml beside the registry.

    One row per office and one column per question (headed R3(a), 3 a, cws12:R3/a, or an
    indicator id; 'R3(a) comment' and 'R3(a) evidence' beside it), or one row per office
    and question (columns office, question, status, value, comment, evidence). A column
    'office' names the office (its id, or its name when there is no 'office name' column).
    Statuses: implemented, partly implemented, planned, not planned, not applicable, unknown.

    Exit 0 when written; 1 when a cell cannot be read (each one is named with its sheet,
    row and column, and nothing is written); 2 on usage error.
    """
    from ..fileio import write_atomic
    from ..survey import NAME_PATTERN, check_survey_text, surveys_beside, survey_text
    from ..survey_import import import_survey as read_export

    if not NAME_PATTERN.match(name):
        raise RecregError(Problem(f"{name!r} cannot name a survey", file="--as", expected="lower-case letters, digits and hyphens"))
    if "@" in edition_id or "/" in edition_id or edition_id.endswith((".yaml", ".yml")):
        raise RecregError(Problem(f"{edition_id!r} is not an edition id of the registry", file="--edition",
                                  expected="an edition id, such as cws12"))
    _check_date(date)
    registry = obj.registry
    registry.require_writable()
    edition = registry.edition(edition_id)
    target = surveys_beside(registry.root) / f"{name}.yaml"
    if target.exists() and not replace:
        raise RecregError(Problem(f"survey {name!r} exists already", file=str(target), expected="another name, or --replace"))
    try:
        data = read_export(file, edition, name, title or f"Survey on {edition.id}, {date}", date, mapping, sheet)
    except InvalidInput as exc:
        for problem in exc.problems:
            obj.err.write(problem.format() + "\n")
        obj.err.write(f"{len(exc.problems)} problem{'s' * (len(exc.problems) != 1)}; nothing written\n")
        return Exit.FOUND
    text = survey_text(data)
    survey, problems = check_survey_text(text, str(target), registry, name)
    if survey is None:  # the import builds only valid surveys; say so rather than write a broken file
        raise RecregError([Problem(f"internal error: the imported survey does not validate: {p.format()}") for p in problems])
    target.parent.mkdir(exist_ok=True)
    write_atomic(target, text)
    obj.out.write(f"wrote {target}: {len(survey.offices)} offices, {len(survey.questions)} questions, "
                  f"{len(survey.answers)} answers on {edition.id} ({date})\n")
    return Exit.OK
