"""Tell what each column of a survey export holds, from its header or from a mapping file.

A header names a question (``R3(a)``, ``3 a``, ``cws12:R3/a``, an indicator id), that
question's comment or evidence, or the office; a mapping file (``--mapping``) says the same
for headers that name no question, and what the form's own answer words mean on the scale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from ..edition.address import read_loose_address
from ..edition.load import locate, parse_yaml, read_text
from ..edition.model import Edition
from ..errors import InvalidInput, Problem
from .model import STATUS_LABELS
from .scale import CANONICAL, answer_words

OFFICE_WORDS = {"office", "office id", "office code", "ip office"}
NAME_WORDS = {"office name", "name"}
QUESTION_WORDS = {"question", "address", "action"}
COMMENT_WORDS = {"comment", "comments", "remark", "remarks", "note", "notes"}
EVIDENCE_WORDS = {"evidence", "evidence link", "link", "url"}
STATUS_WORDS = {"status", "answer"}
VALUE_WORDS = {"value", "indicator value"}
# What Microsoft Forms and Google Forms record about each response, read as no question.
FORM_WORDS = {
    "start time",
    "completion time",
    "last modified time",
    "timestamp",
    "email",
    "email address",
    "total points",
    "score",
    "quiz feedback",
}
FORM_IDS = {"id"}  # the response's number, in an export that has the columns above

_PUNCTUATION = " \t-–—:;,.()[]*?"
# An action the address grammar leaves in the rest after a recommendation's number: glued to
# it (``R5a``), or named as such (``Recommendation 1, action (c)``).
_ACTION_AFTER = re.compile(
    r"^(?:(?P<glued>[a-z])|[\s,;:\-–—]*action\s*\(?\s*(?P<named>[a-z])\s*\)?)(?![a-z0-9])(?P<rest>.*)$", re.IGNORECASE
)
# Google Forms heads a grid question's columns "Title [Row]", and a quiz adds "Title [Score]"
# and "Title [Feedback]" beside each question.
_GRID = re.compile(r"^(?P<title>.*?)\s*\[(?P<row>[^\[\]]+)\]$")
_QUIZ = re.compile(r"\[\s*(?:score|feedback)\s*\]$", re.IGNORECASE)


@dataclass(frozen=True)
class Column:
    """What a column holds.

    ``role`` is ``office``, ``name``, ``ignore``, ``question`` (long layout: the question
    each row answers), ``status``, ``value``, ``comment``, ``evidence``, or ``answer``
    (wide layout: the answers to the question ``key``). In the wide layout, ``comment``
    and ``evidence`` columns have the ``key`` of their question too.
    """

    role: str
    key: str | None = None


class Unreadable(Exception):
    """A header, mapping entry or question cell that names nothing recreg knows."""

    def __init__(self, message: str, expected: str | None = None):
        super().__init__(message)
        self.message, self.expected = message, expected


HEADER_EXPECTED = (
    "an address such as R3(a), 3 a or cws12:R3/a, an indicator id, office, office name, or an entry in a --mapping file"
)
STATUS_EXPECTED = (
    "one of " + ", ".join(STATUS_LABELS.values()) + "; or a synonym (yes, in progress, n/a...) or a --mapping value"
)


def header_words(text: str) -> str:
    """Return a header's words in lower case, without the punctuation around them, to compare with a vocabulary."""
    return " ".join(text.lower().strip(_PUNCTUATION).split())


def read_header(text: str, edition: Edition) -> Column:
    """Tell what a column holds from its header (or a mapping entry, in the same words).

    Raises:
        Unreadable: the header names no question, or a node or indicator the edition lacks.
    """
    words = header_words(text)
    for role, vocabulary in (
        ("office", OFFICE_WORDS),
        ("name", NAME_WORDS),
        ("question", QUESTION_WORDS),
        ("status", STATUS_WORDS),
        ("value", VALUE_WORDS),
        ("comment", COMMENT_WORDS),
        ("evidence", EVIDENCE_WORDS),
    ):
        if words in vocabulary:
            return Column(role)
    if words == "ignore":
        return Column("ignore")
    key, rest = read_question(text, edition)
    if _QUIZ.search(text.strip()):
        return Column("ignore")  # the points and feedback a quiz gave the answer, as Score is for the whole
    rest = header_words(rest)
    # A form's wording around the word: "Comments (optional)", "Evidence link, if any".
    first = rest.split(" ", 1)[0].strip(_PUNCTUATION)
    if rest in COMMENT_WORDS or first in COMMENT_WORDS:
        return Column("comment", key)
    if rest in EVIDENCE_WORDS or first in EVIDENCE_WORDS or " ".join(rest.split()[:2]) in EVIDENCE_WORDS:
        return Column("evidence", key)
    return Column("answer", key)


def read_question(text: str, edition: Edition) -> tuple[str, str]:
    """Read which question a header or question cell names, and what follows that name.

    Returns:
        The question's key (a local address such as ``R3/a``, or an indicator id) and the
        rest of the text.

    Raises:
        Unreadable: it names no question, or a node or indicator the edition lacks.
    """
    stripped = " ".join(text.split())  # a header typed on two lines (Alt+Enter) reads as one
    head = re.sub(r"^(?:indicator|kpi)\s*:?\s*", "", stripped, flags=re.IGNORECASE).split()
    if head and edition.indicator(head[0]) is not None:
        return head[0], stripped.split(head[0], 1)[1]
    read = read_loose_address(stripped)
    grid = _GRID.match(_QUIZ.sub("", stripped).strip())
    if (read is None or read[0].number is None) and grid and read_loose_address(grid["row"]) is not None:
        return read_question(grid["row"], edition)[0], grid["title"]  # a grid's row names the question
    if read is None:
        raise Unreadable(f"cannot tell which question {text!r} asks", HEADER_EXPECTED)
    address, rest = read
    if address.number is None:
        raise Unreadable(f"cannot tell which question {text!r} asks", HEADER_EXPECTED)
    action = _ACTION_AFTER.match(rest) if address.action is None and address.footnote is None else None
    if action:
        address = replace(address, action=(action["glued"] or action["named"]).lower())
        rest = action["rest"]
    if address.edition not in (None, edition.id):
        raise Unreadable(
            f"{text!r} asks about edition {address.edition!r}, and the survey about {edition.id!r}",
            f"an address in {edition.id}",
        )
    address = address.with_edition(edition.id)
    if edition.node(address) is None:
        raise Unreadable(f"{address} does not exist (from {text!r})", f"a node of {edition.id}")
    return address.local, rest


@dataclass
class Mapping:
    """A mapping file: what each header holds (``columns``), and what the survey's own answer words mean (``values``)."""

    columns: dict[str, Column]
    values: dict[str, str]


def read_mapping(path: Path, edition: Edition) -> Mapping:
    """Read a mapping file: YAML mapping each header, as written, to what the column holds, and answers to statuses.

    The headers stand at the top level (or under ``columns:``); a ``values:`` section maps
    answers as the form wrote them to the scale (``"Under consideration": planned``).

    Raises:
        InvalidInput: the file is not such a mapping, or an entry names nothing known; located.
    """
    text = read_text(path)
    data = parse_yaml(text, str(path))
    if not isinstance(data, dict) or not all(isinstance(data.get(key, {}), dict) for key in ("columns", "values")):
        raise InvalidInput(
            Problem(
                "a mapping file maps each column header to what it holds",
                file=str(path),
                line=1,
                column=1,
                expected='lines such as "Q1. Business problems identified?": R1/a, and a '
                'section values: of answers such as "In progress": partly implemented',
            )
        )
    headers = {k: v for k, v in data.items() if k not in ("columns", "values")} | (data.get("columns") or {})
    problems: list[Problem] = []
    columns = {}
    for header, value in headers.items():
        try:
            if not isinstance(value, str):
                raise Unreadable(f"the entry for {header!r} is not text", HEADER_EXPECTED)
            columns[str(header).strip()] = read_header(value, edition)
        except Unreadable as exc:
            where = ["columns", str(header)] if header in (data.get("columns") or {}) else [str(header)]
            problems.append(Problem(exc.message, str(path), *locate(text, where), expected=exc.expected))
    values = {}
    for words, status in (data.get("values") or {}).items():
        found = CANONICAL.get(answer_words(status)) if isinstance(status, str) else None
        if found is None:
            problems.append(
                Problem(
                    f"{status!r} is not a status on the scale (for the answer {words!r})",
                    str(path),
                    *locate(text, ["values", str(words)]),
                    expected=STATUS_EXPECTED,
                )
            )
        else:
            values[str(words)] = found
    if problems:
        raise InvalidInput(problems)
    return Mapping(columns, values)
