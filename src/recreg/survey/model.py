"""Surveys: IP offices' answers on the implementation of an edition, kept as data beside the registry.

A survey file (``surveys/NAME.yaml``, beside ``registry/`` as ``history/`` is) names the
edition it asked about and its date, its offices (an id, and a display name), its questions
(each about a node of the edition, ``R3/a``, or an indicator, by id) and each office's
answers: a status on the scale below, an indicator's value, a comment, an evidence link.

The status scale is `STATUSES` (implemented, partly-implemented, planned, not-planned,
not-applicable, unknown); what each means is documented once, in
docs/surveys.md.

Each question records the text it asked about (``asked``: an action with its sub-items, as
the edition gave it when the survey was recorded). When the edition's text differs from it
later, the answers are *to be confirmed* (Doorstop's "suspect link"): a per-node record
survives reformatting and amendments elsewhere in the edition, where a digest of the file
would flag every answer at the first comma changed anywhere.

A survey file is checked like an edition: against ``schemas/survey.schema.json`` with
located errors, then for meaning (unique offices and questions, one response per office,
answers that fit their question, a real date), then against the registry (its edition,
addresses and indicators exist).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..edition.address import Address, parse_address
from ..edition.document import DocumentKind, ProblemAt, check_document, checked, duplicate_problems, id_problems
from ..edition.formatting import round_trip_yaml
from ..edition.load import format_key_path, read_text
from ..edition.model import Edition
from ..errors import Problem, RecregError
from ..registry.history import period
from ..words import one_of
from .scale import STATUS_LABELS, STATUSES, snapshot  # noqa: F401 - the scale is part of this module's surface

if TYPE_CHECKING:  # pragma: no cover
    from ..registry.folder import Registry

SURVEYS_FOLDER = "surveys"
SCHEMA_FILE = "survey.schema.json"
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")

MODELINE = "# yaml-language-server: $schema=../schemas/survey.schema.json\n"


@dataclass(frozen=True, slots=True)
class Office:
    """An office that answered a survey."""

    id: str
    name: str | None = None

    @property
    def label(self) -> str:
        """Return the office's display name, else its id."""
        return self.name or self.id


@dataclass(frozen=True, slots=True)
class Question:
    """What a survey asked about: a node of its edition, or an indicator.

    ``key`` names the question in answers: the node's local address (``R3/a``) or the
    indicator's id.
    """

    key: str
    address: Address | None = None
    indicator: str | None = None
    wording: str | None = None
    asked: str | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    """One office's answer to one question."""

    office: str
    question: str
    status: str | None = None
    value: float | None = None
    comment: str | None = None
    evidence: str | None = None


@dataclass(frozen=True, slots=True)
class ScaleEntry:
    """Words the offices answered with, and the status of the scale they were read as at import."""

    words: str
    status: str
    answers: int


@dataclass(frozen=True)
class Survey:
    """A survey: the edition it asked about, its offices, questions and answers."""

    id: str
    title: str
    edition: str
    date: str
    offices: tuple[Office, ...]
    questions: tuple[Question, ...]
    answers: tuple[Answer, ...]
    notes: tuple[str, ...] = ()
    path: str | None = None
    scale: tuple[ScaleEntry, ...] = ()  # the survey's own words read as statuses ("in progress" as partly-implemented)

    def question(self, key: str) -> Question | None:
        """Return the question an answer names, or None."""
        return next((q for q in self.questions if q.key == key), None)

    def office(self, office_id: str) -> Office | None:
        """Return an office by id, or None."""
        return next((o for o in self.offices if o.id == office_id), None)


def surveys_beside(registry_root: str | Path) -> Path:
    """Return the surveys folder beside a registry folder (it may not exist yet)."""
    return Path(registry_root).parent / SURVEYS_FOLDER


def survey_files(registry_root: str | Path) -> list[Path]:
    """Return the survey files beside a registry folder, in name order (none when there is no folder)."""
    folder = surveys_beside(registry_root)
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


# How `recreg.edition.load.file_kind` tells a survey from an edition: its folder, or its top-level key.
SURVEY_KIND = (SURVEYS_FOLDER, "responses")


def survey_path(registry_root: str | Path, name: str) -> Path:
    """Return the file a ``--survey`` value names: a survey of the surveys folder, or a file.

    Raises:
        RecregError: no such survey, naming those there are.
    """
    if name.endswith((".yaml", ".yml")) or "/" in name:
        path = Path(name)
        if not path.is_file():
            raise RecregError(Problem(f"no survey file {name!r}", file="--survey"))
        return path
    path = surveys_beside(registry_root) / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(p.stem for p in survey_files(registry_root)) or "none"
        raise RecregError(
            Problem(
                f"no survey {name!r} in {str(surveys_beside(registry_root))!r}",
                file="--survey",
                expected=f"one of {known}, or a survey file",
            )
        )
    return path


def target(edition: Edition, question: Question) -> Any:
    """Return the node or indicator a question is about in an edition, or None."""
    if question.indicator is not None:
        return edition.indicator(question.indicator)
    return edition.node(question.address.with_edition(edition.id))


def check_survey(path: str | Path, registry: Registry | None) -> tuple[Survey | None, list[Problem]]:
    """Read a survey file and check it: schema, meaning, then against the registry.

    Args:
        path: the survey file (its name gives the id it must have).
        registry: where its edition is looked up; None checks the file alone.

    Returns:
        The `Survey` (None when it has errors) and every problem, located in the file:
        errors, and warnings for questions whose node has changed since the survey.

    Raises:
        InvalidInput: the file cannot be read or parsed.
    """
    path = Path(path)
    return check_survey_text(read_text(path), str(path), registry, path.stem)


def check_survey_text(
    text: str, file: str, registry: Registry | None, expected_id: str | None = None
) -> tuple[Survey | None, list[Problem]]:
    """Check a survey's text (see `check_survey`)."""
    return check_document(SURVEY, text, file, registry, expected_id)


def read_survey(path: str | Path, registry: Registry | None) -> Survey:
    """Read and check a survey file.

    Raises:
        InvalidInput: the file is unreadable or has errors (all of them, located).
    """
    return checked(*check_survey(path, registry))


def _meaning_problems(data: dict, problem: ProblemAt, expected_id: str | None) -> list[Problem]:
    """Check what the schema cannot say: the id, a real date, unique offices and questions, answers fitting their question."""
    found = id_problems(data, problem, "survey", expected_id)
    try:
        period(data["date"])
    except ValueError:
        found.append(problem(["date"], f"{data['date']!r} is not a calendar date", "a real date, such as 2025-06-30"))

    def unique(values: list[tuple[list, str]], what: str) -> dict[str, list]:
        return duplicate_problems(values, what, problem, found)

    offices = unique([(["offices", i, "id"], o["id"]) for i, o in enumerate(data["offices"])], "office")
    questions = {}
    for index, question in enumerate(data["questions"]):
        key = question.get("address") or question.get("indicator")
        if key in questions:
            found.append(
                problem(
                    ["questions", index],
                    f"duplicate question about {key} (also at {format_key_path(questions[key][0])})",
                    "one question per node or indicator",
                )
            )
        else:
            questions[key] = (["questions", index], "indicator" in question)
    unique([(["responses", i, "office"], r["office"]) for i, r in enumerate(data["responses"])], "response of office")
    for r_index, response in enumerate(data["responses"]):
        base = ["responses", r_index]
        if response["office"] not in offices:
            found.append(
                problem(
                    [*base, "office"],
                    f"office {response['office']!r} is not among the survey's offices",
                    "an id listed under offices",
                )
            )
        unique(
            [([*base, "answers", a, "question"], answer["question"]) for a, answer in enumerate(response["answers"])],
            "answer to question",
        )
        for a_index, answer in enumerate(response["answers"]):
            found.extend(
                _answer_problems(answer, [*base, "answers", a_index], questions.get(answer["question"]), problem)
            )
    return found


def _answer_problems(answer: dict, where: list, asked: tuple | None, problem: ProblemAt) -> list[Problem]:
    """Check that an answer fits its question: one the survey asks, a value or status for an indicator, a status for a node."""
    found = []
    if asked is None:
        found.append(
            problem(
                [*where, "question"],
                f"no question {answer['question']!r} in the survey",
                "the address or indicator of one of its questions",
            )
        )
    elif asked[1] and "value" not in answer and "status" not in answer:
        found.append(
            problem(
                where,
                f"the answer to indicator {answer['question']} gives neither a value nor a status",
                "a value, or a status such as unknown",
            )
        )
    elif not asked[1] and "value" in answer:
        found.append(
            problem(
                [*where, "value"],
                f"a value answers an indicator, and {answer['question']} is a node",
                "a status",
            )
        )
    elif not asked[1] and "status" not in answer:
        found.append(
            problem(where, f"the answer to {answer['question']} has no status", "a status: " + ", ".join(STATUSES))
        )
    return found


def _reference_problems(data: dict, registry: Registry, problem: ProblemAt) -> list[Problem]:
    """Check the survey's edition, addresses and indicators against the registry.

    A node or indicator that is gone, or whose text differs from what the question
    recorded, is a warning when the question recorded its text (the edition was amended
    after the survey: the answers are to be confirmed) and an error otherwise (a typo).
    """
    known = registry.ids()
    if data["edition"] not in known:
        return [problem(["edition"], f"unknown edition {data['edition']!r}", one_of(known))]
    try:
        edition = registry.edition(data["edition"])
    except RecregError:
        return []  # an invalid edition file reports its own problems
    found = []
    for index, raw in enumerate(data["questions"]):
        question = _question(raw, edition.id)
        node = target(edition, question)
        what = str(question.address) if question.address else f"indicator {question.indicator!r}"
        if node is None:
            if question.asked is None:
                found.append(
                    problem(
                        ["questions", index],
                        f"{what} does not exist in {edition.id}",
                        f"a node or indicator of {edition.id}",
                    )
                )
            else:
                found.append(
                    problem(
                        ["questions", index],
                        f"{what} is no longer in {edition.id} (amended after the survey): its answers are listed apart",
                        severity="warning",
                    )
                )
        elif question.asked is not None and snapshot(node) != question.asked:
            found.append(
                problem(
                    ["questions", index, "asked"],
                    f"{what} has changed since the survey: its answers are to be confirmed",
                    severity="warning",
                )
            )
    return found


def _question(raw: dict, edition_id: str) -> Question:
    if "indicator" in raw:
        key = raw["indicator"]
        return Question(key, indicator=key, wording=raw.get("wording"), asked=raw.get("asked"))
    return Question(
        raw["address"],
        address=parse_address(raw["address"], edition_id),
        wording=raw.get("wording"),
        asked=raw.get("asked"),
    )


def build_survey(data: dict, file: str | None = None) -> Survey:
    """Build the typed survey from a document that passed the schema and meaning checks."""
    answers = tuple(
        Answer(
            response["office"],
            answer["question"],
            answer.get("status"),
            float(answer["value"]) if "value" in answer else None,
            answer.get("comment"),
            answer.get("evidence"),
        )
        for response in data["responses"]
        for answer in response["answers"]
    )
    return Survey(
        id=data["id"],
        title=data["title"],
        edition=data["edition"],
        date=data["date"],
        offices=tuple(Office(o["id"], o.get("name")) for o in data["offices"]),
        questions=tuple(_question(q, data["edition"]) for q in data["questions"]),
        answers=answers,
        notes=tuple(data.get("notes") or ()),
        path=file,
        scale=tuple(ScaleEntry(e["words"], e["status"], e["answers"]) for e in data.get("scale") or ()),
    )


SURVEY = DocumentKind("survey", SCHEMA_FILE, _meaning_problems, _reference_problems, build_survey)


def survey_text(data: dict) -> str:
    """Return a survey document as canonical YAML (what ``recreg fmt`` leaves), with the schema modeline.

    Args:
        data: the survey as plain data, keys in the schema's order.
    """
    import io

    out = io.StringIO()
    round_trip_yaml().dump(data, out)
    return MODELINE + out.getvalue()
