"""Implementation tracking: import a survey of IP offices, and report where implementation stands."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InvalidInput, Problem, RecregError
from ..words import counted
from . import Context, Exit, cli, format_option, output_option


@cli.group()
def survey() -> None:
    """Record surveys of IP offices on the implementation of an edition (then: recreg status)."""


def _check_date(date: str) -> str:
    """Accept a date as the survey schema does (a year, a month or a day), and only real ones."""
    import json
    import re

    from ..registry.history import period
    from ..edition.validate import schema_bytes

    pattern = json.loads(schema_bytes("survey.schema.json"))["properties"]["date"]["pattern"]
    try:
        if not re.search(pattern, date):
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
    from ..edition.address import MAX_ID_LENGTH
    from ..edition.address import edition_id as checked_id
    from ..limits import excerpt
    from ..fileio import write_atomic
    from ..survey.model import NAME_PATTERN, check_survey_text, surveys_beside, survey_text
    from ..survey.importer import import_survey as read_export

    if not NAME_PATTERN.match(name) or len(name) > MAX_ID_LENGTH:
        raise RecregError(Problem(f"{excerpt(repr(name), 80)} cannot name a survey", file="--as",
                                  expected=f"lower-case letters, digits and hyphens, at most {MAX_ID_LENGTH}"))
    edition_id = checked_id(edition_id, "--edition")  # an id of the registry, not a file or a revision
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
        obj.err.write(f"{counted(len(exc.problems), 'problem')}; nothing written\n")
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


def _latest_survey(registry, edition) -> Path | None:
    """Return the newest survey of surveys/ that asked about the edition or one it derives from, if any."""
    from ..engine.lineage import chain
    from ..survey.model import read_survey, survey_files

    ids = {e.id for e in chain(edition, registry.edition_or_none)}
    found = []
    for path in survey_files(registry.root):
        survey = read_survey(path, registry)
        if survey.edition in ids:
            found.append((survey.date, path.stem, path))
    return max(found)[2] if found else None


@cli.command()
@click.argument("edition_ref", metavar="EDITION")
@click.option("--survey", "survey_name", metavar="NAME",
              help="The survey: a name in surveys/ beside the registry, or a file (default: the newest survey of "
              "EDITION or of an edition it derives from).")
@click.option("--by-office", is_flag=True, help="Show each office's profile across all actions instead.")
@click.option("--office", "office_ids", multiple=True, metavar="ID", help="Show this office's profile (repeatable).")
@click.option("--anonymize", is_flag=True, help="Replace office names with pseudonyms (stable for the survey) in the "
              "output, in comments too; withhold evidence links.")
@format_option("status")
@output_option
@click.pass_obj
def status(obj: Context, edition_ref: str, survey_name: str | None, by_office: bool, office_ids: tuple[str, ...],
           anonymize: bool, format_name: str, output: str | None) -> int:
    """Show where the implementation of an edition stands, from a survey of IP offices.

    Per recommendation and action: how many offices answered and how their statuses are
    distributed; each indicator's values (median, range) against its target; the actions
    nobody reported on. A survey of an older edition (cws11) is carried to EDITION through
    each derives_from step by the diff engine: an answer counts for the node its node
    became, and is flagged "to be confirmed" where the text answered was reworded,
    weakened, moved or split (or amended after the survey); answers to removed nodes are
    listed apart.
    """
    from ..render import renderer
    from ..survey.status import build_status
    from ..survey.model import read_survey, survey_path

    registry = obj.registry
    edition = registry.edition(edition_ref)
    path = survey_path(registry.root, survey_name) if survey_name else _latest_survey(registry, edition)
    survey = read_survey(path, registry) if path else None
    report = build_status(edition, survey, registry.edition_or_none, anonymize)
    if office_ids or by_office:
        if survey is None:
            raise RecregError(Problem(f"no survey of {edition.id} to show offices from", file="--office" if office_ids else "--by-office"))
        names = {o.id: o.id for o in report.offices}
        if anonymize:  # the real id picks its pseudonym, as the pseudonym itself does
            from ..survey.status import pseudonyms

            names.update({real: office.id for real, office in pseudonyms(survey).items()})
        unknown = [office for office in office_ids if office not in names]
        if unknown:
            raise RecregError(Problem(f"no office {unknown[0]!r} in survey {survey.id!r}", file="--office",
                                      expected="one of " + ", ".join(o.id for o in report.offices)))
        report.selected = tuple(dict.fromkeys(names[o] for o in office_ids)) or tuple(o.id for o in report.offices)
    obj.emit(renderer(format_name, "status")(report, obj.options(format_name, output)), output)
    return Exit.OK
