"""Errors as data: every problem recreg reports is a `Problem`, rendered in one place."""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the user's input.

    Attributes:
        message: what is wrong, in one sentence without a trailing full stop.
        file: the file (or git revision, or option) the problem is in.
        line: 1-based line, when known.
        column: 1-based column, when known.
        key_path: where in the document's tree (`recommendations[2].actions[0].text`).
        expected: what would have been accepted.
        severity: ``"error"`` or ``"warning"``.
    """

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    key_path: str | None = None
    expected: str | None = None
    severity: str = "error"
    rule: str | None = None  # for lint warnings: which check (``spelling``), so a baseline can accept it
    subject: str | None = None  # what the rule found it about (``ip offices``, ``r40:R6``)

    def located(self, file: str | None = None, line: int | None = None, column: int | None = None) -> Problem:
        """Return a copy with the location filled in where it was missing."""
        return replace(
            self,
            file=self.file or file,
            line=self.line if self.line is not None else line,
            column=self.column if self.column is not None else column,
        )

    def format(self) -> str:
        """Render as one line: ``file:line:col: message (at key path; expected ...)``."""
        where = ":".join(_short(str(part)) for part in (self.file, self.line, self.column) if part is not None)
        text = _short(self.message)
        if self.severity != "error":
            text = f"{self.severity}: {text}"
        details = []
        if self.key_path:
            details.append(f"at {_short(self.key_path)}")
        if self.expected:
            details.append(f"expected {_short(self.expected)}")
        if details:
            text += f" ({'; '.join(details)})"
        # One line whatever the input held: a hostile key or value must not break the layout.
        text = " ".join(text.split())
        return f"{where}: {text}" if where else text

    def as_dict(self) -> dict:
        """Return the problem as a JSON-ready dict (``rule`` and ``subject`` only for lint findings)."""
        found = {
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "key_path": self.key_path,
            "message": self.message,
            "expected": self.expected,
        }
        if self.rule:
            found.update(rule=self.rule, subject=self.subject)
        return found


def _short(text: str, size: int = 300) -> str:
    """Return a text cut to an excerpt: a message quotes what it rejects, never a megabyte of it."""
    if len(text) <= size:
        return text
    return f"{text[:size]}… ({len(text) - size:,} more characters)"


@dataclass
class RecregError(Exception):
    """An input or usage error: the command cannot go on (exit code 2)."""

    problems: list[Problem] = field(default_factory=list)

    def __init__(self, problem: Problem | str | list[Problem]):
        if isinstance(problem, str):
            problem = Problem(problem)
        self.problems = list(problem) if isinstance(problem, list) else [problem]
        super().__init__(self.problems[0].format())

    def __str__(self) -> str:
        return self.problems[0].format()


class InvalidInput(RecregError):
    """An edition file that cannot be read or does not validate."""


class Refused(RecregError):
    """Input that was read and found wanting, so nothing was written (exit code 1, a finding).

    Each problem is one line naming its place; `summary` (``3 problems; nothing written``)
    follows them when the command has one to add.
    """

    def __init__(self, problems: list[Problem], summary: str | None = None):
        super().__init__(problems)
        self.summary = summary
