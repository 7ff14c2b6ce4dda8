"""Check a YAML document that stands beside the editions (a survey, a comment set): schema, meaning, then references.

Each kind of document says what it is, which schema it follows, what the schema cannot
express (its meaning checks), how it is checked against the registry and how it is built;
reading, locating every problem in the file and the order of the checks are done here once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ..errors import InvalidInput, Problem
from .load import format_key_path, locate, parse_yaml
from .schema import schema_problems, schema_valid

Built = TypeVar("Built")
# Makes a located problem from a key path: (key_path, message, expected=None, severity="error").
ProblemAt = Callable[..., Problem]


@dataclass(frozen=True)
class DocumentKind(Generic[Built]):
    """What a kind of document is and how it is checked and built."""

    name: str  # as a message names it: "survey", "comment set"
    schema: str  # its schema's file name in schemas/
    meaning: Callable[[dict, ProblemAt, str | None], list[Problem]]  # (data, problem, expected id)
    references: Callable[[dict, Any, ProblemAt], list[Problem]]  # (data, registry, problem)
    build: Callable[[dict, str], Built]  # (data, file)


def problem_at(text: str, file: str) -> ProblemAt:
    """Return a function making problems located in a document's text by their key paths."""

    def problem(key_path: list, message: str, expected: str | None = None, severity: str = "error") -> Problem:
        line, column = locate(text, key_path)
        return Problem(
            message,
            file=file,
            line=line,
            column=column,
            key_path=format_key_path(key_path) or None,
            expected=expected,
            severity=severity,
        )

    return problem


def check_document(
    kind: DocumentKind[Built], text: str, file: str, registry: Any = None, expected_id: str | None = None
) -> tuple[Built | None, list[Problem]]:
    """Check a document's text: schema, then meaning, then (with a registry) its references; build it if no error.

    Returns:
        The built document (None when there is an error) and every problem, located in the file.

    Raises:
        InvalidInput: the text is not YAML recreg reads.
    """
    data = parse_yaml(text, file)
    if not isinstance(data, dict):
        return None, [
            Problem("wrong type: the document is not a mapping", file=file, line=1, column=1, expected=f"a {kind.name}")
        ]
    # The fast check first; jsonschema, slower, is asked only to say where an invalid file is wrong.
    problems = [] if schema_valid(data, kind.schema) else schema_problems(data, text, file, kind.schema)
    if problems:
        return None, problems
    problem = problem_at(text, file)
    problems = kind.meaning(data, problem, expected_id)
    if not problems and registry is not None:
        problems = kind.references(data, registry, problem)
    errors = [p for p in problems if p.severity == "error"]
    return (None if errors else kind.build(data, file)), problems


def checked(found: Built | None, problems: list[Problem]) -> Built:
    """Return a checked document, or raise its errors.

    Raises:
        InvalidInput: the document has errors (all of them, located).
    """
    if found is None:
        raise InvalidInput([p for p in problems if p.severity == "error"])
    return found


def id_problems(data: dict, problem: ProblemAt, name: str, expected_id: str | None) -> list[Problem]:
    """Refuse a document whose id differs from its file name."""
    if expected_id is None or data["id"] == expected_id:
        return []
    return [
        problem(
            ["id"],
            f"{name} id {data['id']!r} differs from the file name {expected_id + '.yaml'!r}",
            f"id: {expected_id}",
        )
    ]


def duplicate_problems(
    values: list[tuple[list, str]], what: str, problem: ProblemAt, found: list[Problem]
) -> dict[str, list]:
    """Add a problem for each value met before (naming where it first stood); return each value's first key path."""
    seen: dict[str, list] = {}
    for key_path, value in values:
        if value in seen:
            found.append(
                problem(
                    key_path, f"duplicate {what} {value!r} (also at {format_key_path(seen[value])})", f"a unique {what}"
                )
            )
        else:
            seen[value] = key_path
    return seen
