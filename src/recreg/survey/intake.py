"""Take a survey into the registry: check its name and date, read the export, write surveys/NAME.yaml."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..edition.address import MAX_ID_LENGTH
from ..edition.address import edition_id as checked_id
from ..edition.model import Edition
from ..edition.schema import schema_bytes
from ..engine.lineage import chain
from ..errors import InvalidInput, Problem, RecregError, Refused
from ..fileio import write_atomic
from ..limits import excerpt
from ..registry.folder import Registry
from ..registry.history import period
from ..words import counted
from .importer import import_survey as read_export
from .model import NAME_PATTERN, Survey, check_survey_text, read_survey, survey_files, survey_text, surveys_beside


@dataclass(frozen=True)
class SurveyWritten:
    """What `import_survey_file` wrote."""

    path: Path
    survey: Survey
    edition: Edition
    date: str


def check_survey_date(date: str, option: str = "--date") -> str:
    """Accept a date as the survey schema does (a year, a month or a day), and only real ones.

    Raises:
        RecregError: naming `option`.
    """
    pattern = json.loads(schema_bytes("survey.schema.json"))["properties"]["date"]["pattern"]
    try:
        if not re.search(pattern, date):
            raise ValueError(date)
        period(date)
    except ValueError:
        raise RecregError(
            Problem(f"{date!r} is not a date", file=option, expected="2025-06-30, 2025-06 or 2025")
        ) from None
    return date


def import_survey_file(
    registry: Registry,
    file: Path,
    edition_ref: str,
    name: str,
    date: str,
    title: str | None = None,
    mapping: Path | None = None,
    sheet: str | None = None,
    replace: bool = False,
) -> SurveyWritten:
    """Import a survey export (CSV or XLSX) into ``surveys/NAME.yaml`` beside the registry.

    Raises:
        Refused: cells that cannot be read, each named with its sheet, row and column; nothing written.
        RecregError: a usage error (bad name, id or date, an existing survey, a read-only registry).
    """
    if not NAME_PATTERN.match(name) or len(name) > MAX_ID_LENGTH:
        raise RecregError(
            Problem(
                f"{excerpt(repr(name), 80)} cannot name a survey",
                file="--as",
                expected=f"lower-case letters, digits and hyphens, at most {MAX_ID_LENGTH}",
            )
        )
    edition_ref = checked_id(edition_ref, "--edition")  # an id of the registry, not a file or a revision
    check_survey_date(date)
    registry.require_writable()
    edition = registry.edition(edition_ref)
    target = surveys_beside(registry.root) / f"{name}.yaml"
    if target.exists() and not replace:
        raise RecregError(
            Problem(f"survey {name!r} exists already", file=str(target), expected="another name, or --replace")
        )
    try:
        data = read_export(file, edition, name, title or f"Survey on {edition.id}, {date}", date, mapping, sheet)
    except InvalidInput as exc:
        raise Refused(exc.problems, f"{counted(len(exc.problems), 'problem')}; nothing written") from None
    text = survey_text(data)
    survey, problems = check_survey_text(text, str(target), registry, name)
    if survey is None:  # the import builds only valid surveys; say so rather than write a broken file
        raise RecregError(
            [Problem(f"internal error: the imported survey does not validate: {p.format()}") for p in problems]
        )
    target.parent.mkdir(exist_ok=True)
    write_atomic(target, text)
    return SurveyWritten(target, survey, edition, date)


def latest_survey(registry: Registry, edition: Edition) -> Path | None:
    """Return the newest survey of surveys/ that asked about the edition or one it derives from, if any."""
    ids = {e.id for e in chain(edition, registry.edition_or_none)}
    found = []
    for path in survey_files(registry.root):
        survey = read_survey(path, registry)
        if survey.edition in ids:
            found.append((survey.date, path.stem, path))
    return max(found)[2] if found else None
