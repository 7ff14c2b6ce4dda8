"""Import a survey from the CSV or XLSX export of the form offices filled in.

Two layouts are read, told apart by their header row:

- **wide**: one row per office, one column per question. A question column's header
  names its node or indicator (``R3(a)``, ``3 a``, ``cws12:R3/a``, ``Recommendation 3 (a)``,
  ``digitized-share``); its cells hold a status (an indicator's: a number). A column
  ``R3(a) comment`` or ``R3(a) evidence`` holds that question's comment or evidence link.
- **long**: one row per office and question, with columns ``office``, ``question``,
  ``status`` and/or ``value``, and optionally ``comment`` and ``evidence``.

Both have a column ``office`` (the office's id, or its name when there is no column
``office name``; a form's ``Name`` when there is neither). The columns form services add to
each response (``Start time``, ``Email``, ``Timestamp``...) are passed over. A header that
names no question (``Q1. Has your office ...``) is looked up in a mapping file
(``--mapping``): YAML, each header as written mapped to what it holds, in the words a header
would use: ``R1/a``, ``R1/a comment``, ``digitized-share``, ``office``, ``office name``, or
``ignore``; its ``values:`` section maps the form's own answers to the status scale, before
the synonyms of `recreg.survey.scale`.

Every cell that cannot be read is reported, with its sheet, row and column; the survey is
built only from a table without a single problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..edition.address import parse_address, read_loose_address
from ..edition.load import locate, parse_yaml, read_text
from ..edition.model import Edition
from ..errors import InvalidInput, Problem
from ..limits import ANSWERS, excerpt
from ..office.tables import Cell, Table, column_letter, read_table
from .model import STATUS_LABELS, snapshot
from .scale import CANONICAL, StatusReader, answer_words

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

_NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")
_EVIDENCE = re.compile(r"^https?://\S+$")
_PUNCTUATION = " \t-–—:;,.()[]*?"


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


class Problems:
    """The problems found in a table, each located at its cell."""

    def __init__(self, table: Table):
        self.table = table
        self.found: list[Problem] = []
        self.headers: dict[int, str] = {}

    def add(self, cell: Cell, message: str, expected: str | None = None) -> None:
        """Record a problem at a cell: the file, row and column, and the sheet and cell reference."""
        where = [f"sheet {self.table.sheet!r}"] if self.table.sheet else []
        where.append(f"cell {column_letter(cell.column)}{cell.row}")
        header = self.headers.get(cell.column)
        if header and cell.row > 1:
            where.append(f"column {header!r}")
        self.found.append(
            Problem(
                message,
                file=self.table.file,
                line=cell.row,
                column=cell.column,
                key_path=", ".join(where),
                expected=expected,
            )
        )


# --- what a header holds ----------------------------------------------------------------------


class Unreadable(Exception):
    """A header, mapping entry or question cell that names nothing recreg knows."""

    def __init__(self, message: str, expected: str | None = None):
        super().__init__(message)
        self.message, self.expected = message, expected


HEADER_EXPECTED = (
    "an address such as R3(a), 3 a or cws12:R3/a, an indicator id, office, office name, or an entry in a --mapping file"
)


def _words(text: str) -> str:
    return " ".join(text.lower().strip(_PUNCTUATION).split())


def read_header(text: str, edition: Edition) -> Column:
    """Tell what a column holds from its header (or a mapping entry, in the same words).

    Raises:
        Unreadable: the header names no question, or a node or indicator the edition lacks.
    """
    words = _words(text)
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
    rest = _words(rest)
    if rest in COMMENT_WORDS:
        return Column("comment", key)
    if rest in EVIDENCE_WORDS:
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
    stripped = text.strip()
    head = re.sub(r"^(?:indicator|kpi)\s*:?\s*", "", stripped, flags=re.IGNORECASE).split()
    if head and edition.indicator(head[0]) is not None:
        return head[0], stripped.split(head[0], 1)[1]
    read = read_loose_address(stripped)
    if read is None:
        raise Unreadable(f"cannot tell which question {text!r} asks", HEADER_EXPECTED)
    address, rest = read
    if address.number is None:
        raise Unreadable(f"cannot tell which question {text!r} asks", HEADER_EXPECTED)
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


# --- cells ------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


STATUS_EXPECTED = (
    "one of " + ", ".join(STATUS_LABELS.values()) + "; or a synonym (yes, in progress, n/a...) or a --mapping value"
)


def read_status(cell: Cell, problems: Problems, scale: StatusReader) -> str | None:
    """Read a status from a cell: the scale's words in any spelling, a synonym, or a value the mapping file gives."""
    if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
        problems.add(cell, f"{_text(cell.value)} is a number, not a status", STATUS_EXPECTED)
        return None
    status = scale.status(_text(cell.value))
    if status is None:
        problems.add(cell, f"{_text(cell.value)!r} is not a status on the scale", STATUS_EXPECTED)
    return status


def read_value(cell: Cell, problems: Problems) -> float | None:
    """Read an indicator's value: a number (a trailing % allowed), with a full stop for decimals."""
    if isinstance(cell.value, bool):
        problems.add(cell, f"{cell.value} is not a number", "a number such as 87.5")
        return None
    if isinstance(cell.value, (int, float)):
        return float(cell.value)
    text = _text(cell.value).removesuffix("%").strip()
    if not _NUMBER.match(text):
        problems.add(
            cell, f"{_text(cell.value)!r} is not a number", "a number such as 87.5 (a full stop before decimals)"
        )
        return None
    return float(text)


def read_evidence(cell: Cell, problems: Problems) -> str | None:
    """Read an evidence link: an http or https address."""
    text = _text(cell.value)
    if not _EVIDENCE.match(text):
        problems.add(cell, f"{text!r} is not a link", "an http:// or https:// address")
        return None
    return text


def office_id(text: str) -> str:
    """Return an office id made from what a cell gives (``Office A`` gives ``office-a``)."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


# --- the survey -------------------------------------------------------------------------------


@dataclass
class Response:
    """What one office answered, as read so far."""

    id: str
    name: str | None
    cell: Cell
    answers: dict[str, dict]


def import_survey(
    path: Path,
    edition: Edition,
    name: str,
    title: str,
    date: str,
    mapping: Path | None = None,
    sheet: str | None = None,
) -> dict:
    """Read a survey export into survey data, ready for `recreg.survey.model.survey_text`.

    Args:
        path: the CSV or XLSX file.
        edition: the edition the survey asked about.
        name: the survey's id (its file name in ``surveys/``).
        title: the survey's title.
        date: when it was answered (``2025-06-30``).
        mapping: a mapping file for headers that name no question.
        sheet: the sheet of a workbook (default: the first).

    Returns:
        The survey as plain data, in canonical order: offices by id, questions and
        answers in the edition's order.

    Raises:
        InvalidInput: every cell that cannot be read, each located (sheet, row, column).
    """
    table = read_table(path, sheet)
    mapped = read_mapping(mapping, edition) if mapping else Mapping({}, {})
    scale = StatusReader(mapped.values)
    problems = Problems(table)
    rows = [row for row in table.rows if any(_text(cell.value) for cell in row)]
    if not rows:
        problems.add(
            Cell(1, 1, None), "empty sheet: no header row and no responses", "a header row, then a row per office"
        )
        raise InvalidInput(problems.found)
    header, body = rows[0], rows[1:]
    if header[0].row != 1:
        problems.add(header[0], "the header row is not the first row", "the column headers in row 1")
    columns = _columns(header, edition, mapped.columns, problems)
    if "office" not in {c.role for c in columns.values()}:
        raise InvalidInput(sorted(problems.found, key=lambda p: (p.line or 0, p.column or 0)))
    if not body:
        problems.add(Cell(header[0].row + 1, 1, None), "no responses below the header", "a row per office")
    wording: dict[str, str] = {}
    if "question" in {c.role for c in columns.values()}:
        responses = _read_long(body, columns, edition, mapped.columns, problems, wording, scale)
    else:
        for column, role in columns.items():
            if role.role == "answer":
                wording[role.key] = _text(header[column - 1].value)
        responses = _read_wide(body, columns, edition, problems, scale)
    if problems.found:
        raise InvalidInput(sorted(problems.found, key=lambda p: (p.line or 0, p.column or 0)))
    return _survey_data(responses, wording, edition, name, title, date, scale.scale())


def _columns(header: list[Cell], edition: Edition, mapped: dict[str, Column], problems: Problems) -> dict[int, Column]:
    """Tell what each column holds, and check the set makes a layout."""
    columns, unread = _read_headers(header, edition, mapped, problems)
    roles = {column.role for column in columns.values()}
    first = header[0]
    if "office" not in roles and "name" in roles:
        # A form export names each office only by its name ("Name"): the id is made from it.
        columns = {c: (Column("office") if role.role == "name" else role) for c, role in columns.items()}
        roles = (roles - {"name"}) | {"office"}
    if "office" not in roles:
        # One line says what is missing; the headers it might be are named in it, not each on a line of its own.
        problems.found = []
        others = f" (not read: {', '.join(repr(text) for text in unread[:5])})" if unread else ""
        problems.add(
            first,
            f"no column names the office{others}",
            "a column headed office, office name or name, or one mapped to office in a --mapping file",
        )
        return columns
    if "question" in roles:
        _long_layout_problems(columns, roles, first, problems)
    else:
        _wide_layout_problems(columns, first, problems)
    return columns


def _read_headers(
    header: list[Cell], edition: Edition, mapped: dict[str, Column], problems: Problems
) -> tuple[dict[int, Column], list[str]]:
    """Read each header: what its column holds (form metadata ignored), and the headers that could not be read."""
    columns: dict[int, Column] = {}
    seen: dict[Column, Cell] = {}
    unread: list[str] = []
    words = {_words(_text(cell.value)) for cell in header}
    form_export = bool(words & FORM_WORDS)
    for cell in header:
        text = _text(cell.value)
        if not text:
            continue
        problems.headers[cell.column] = text
        if text not in mapped and (_words(text) in FORM_WORDS or form_export and _words(text) in FORM_IDS):
            continue  # what a form service records about each response (when, by whom): not an answer
        try:
            column = mapped.get(text) or read_header(text, edition)
        except Unreadable as exc:
            problems.add(cell, exc.message, exc.expected)
            unread.append(text)
            continue
        if column.role == "ignore":
            continue
        if column in seen:
            problems.add(
                cell,
                f"a second column for {column.key or column.role} (also column {column_letter(seen[column].column)})",
                "one column each",
            )
            continue
        seen[column] = cell
        columns[cell.column] = column
    return columns, unread


def _long_layout_problems(columns: dict[int, Column], roles: set[str], first: Cell, problems: Problems) -> None:
    for column, role in columns.items():
        if role.key is not None:
            problems.add(
                Cell(first.row, column, None),
                f"a column for {role.key} in a table of one row per office and question",
                "office, question, status, value, comment, evidence",
            )
    if not roles & {"status", "value"} and not problems.found:
        problems.add(first, "no column 'status' or 'value' beside 'question'", "a column 'status' or 'value'")


def _wide_layout_problems(columns: dict[int, Column], first: Cell, problems: Problems) -> None:
    answered = {role.key for role in columns.values() if role.role == "answer"}
    for column, role in columns.items():
        if role.role in {"status", "value"}:
            problems.add(
                Cell(first.row, column, None),
                f"a column {role.role!r} but no column 'question'",
                "one column per question, headed by its address",
            )
        elif role.role in {"comment", "evidence"} and role.key is None:
            problems.add(
                Cell(first.row, column, None),
                f"a column {role.role!r} that names no question",
                f"a header such as 'R3(a) {role.role}'",
            )
        elif role.role in {"comment", "evidence"} and role.key not in answered:
            problems.add(
                Cell(first.row, column, None),
                f"a {role.role} column for {role.key}, which has no column",
                f"a column {role.key} beside it",
            )
    if not answered and not problems.found:
        problems.add(first, "no column names a question", HEADER_EXPECTED)


def _cell_at(row: list[Cell], column: int | None) -> Cell | None:
    """Return a row's cell in a column (an empty one past the row's end), or None for no column."""
    if column is None:
        return None
    return row[column - 1] if column <= len(row) else Cell(row[0].row, column, None)


def _office(row: list[Cell], by_role: dict[str, int], problems: Problems) -> tuple[str, str | None, Cell] | None:
    """Read a row's office: its id and display name, and the cell that gives it."""
    office_cell, name_cell = _cell_at(row, by_role.get("office")), _cell_at(row, by_role.get("name"))
    given = _text(office_cell.value)
    if not given:
        problems.add(office_cell, "no office named in this row", "the office's id or name")
        return None
    identifier = office_id(given)
    if not identifier:
        problems.add(office_cell, f"{given!r} gives no office id", "letters or digits")
        return None
    name = _text(name_cell.value) if name_cell is not None else given
    return identifier, (name if name and name != identifier else None), office_cell


def _answer(
    indicator: bool, status_cell: Cell | None, value_cell: Cell | None, problems: Problems, scale: StatusReader
) -> dict | None:
    """Read an answer from its cells: a status, and for an indicator a value; None when a cell is unreadable."""
    answer: dict[str, Any] = {}
    if status_cell is not None and _text(status_cell.value):
        status = read_status(status_cell, problems, scale)
        if status is None:
            return None
        answer["status"] = status
    if value_cell is not None and _text(value_cell.value):
        if not indicator:
            problems.add(value_cell, "a value answers an indicator, and this question is about a node", "an empty cell")
            return None
        value = read_value(value_cell, problems)
        if value is None:
            return None
        answer["value"] = value
    return answer


def _extras(cells: dict[str, Cell | None], answer: dict, problems: Problems) -> bool:
    """Add an answer's comment and evidence link from their cells; False when the link is unreadable."""
    comment, evidence = cells.get("comment"), cells.get("evidence")
    if comment is not None and _text(comment.value):
        answer["comment"] = _text(comment.value)
    if evidence is not None and _text(evidence.value):
        link = read_evidence(evidence, problems)
        if link is None:
            return False
        answer["evidence"] = link
    return True


def _read_wide(
    body: list[list[Cell]], columns: dict[int, Column], edition: Edition, problems: Problems, scale: StatusReader
) -> dict[str, Response]:
    responses: dict[str, Response] = {}
    answered = 0
    by_role = {column.role: number for number, column in columns.items() if column.key is None}
    by_key: dict[str, dict[str, int]] = {}
    for number, column in columns.items():
        if column.key is not None:
            by_key.setdefault(column.key, {})[column.role] = number
    for row in body:
        for cell in row:
            if cell.column not in problems.headers and _text(cell.value):
                problems.add(cell, "a value in a column without a header", "a header naming the column")
        office = _office(row, by_role, problems)
        if office is None:
            continue
        identifier, name, office_cell = office
        if identifier in responses:
            problems.add(
                office_cell,
                f"duplicate office {identifier!r} (also row {responses[identifier].cell.row})",
                "one row per office",
            )
            continue
        response = responses[identifier] = Response(identifier, name, office_cell, {})
        for key, numbers in by_key.items():
            cells = {role: _cell_at(row, number) for role, number in numbers.items()}
            cell = cells["answer"]
            indicator = edition.indicator(key) is not None
            # An indicator's cell holds its value, or a status such as "unknown" where there is none.
            is_status = scale.status(_text(cell.value), count=False) is not None
            status_cell, value_cell = (None, cell) if indicator and not is_status else (cell, None)
            answer = _answer(indicator, status_cell, value_cell, problems, scale)
            if answer is None or not _extras(cells, answer, problems):
                continue
            if "status" in answer or "value" in answer:
                response.answers[key] = answer
            elif answer:
                problems.add(cell, f"a comment or evidence for {key}, but no answer", "a status (or a value)")
        answered += len(response.answers)
        _check_answers(answered, office_cell, problems.table)
    return responses


def _read_long(
    body: list[list[Cell]],
    columns: dict[int, Column],
    edition: Edition,
    mapped: dict[str, Column],
    problems: Problems,
    wording: dict[str, str],
    scale: StatusReader,
) -> dict[str, Response]:
    responses: dict[str, Response] = {}
    places: dict[tuple[str, str], int] = {}
    by_role = {column.role: number for number, column in columns.items()}
    for row in body:
        office = _office(row, by_role, problems)
        question_cell = _cell_at(row, by_role["question"])
        text = _text(question_cell.value)
        if not text:
            problems.add(question_cell, "no question named in this row", "an address such as R3(a)")
            continue
        try:
            known = mapped.get(text)
            key = known.key if known and known.role == "answer" else read_question(text, edition)[0]
        except Unreadable as exc:
            problems.add(question_cell, exc.message, exc.expected)
            continue
        if office is None:
            continue
        identifier, name, office_cell = office
        response = responses.setdefault(identifier, Response(identifier, name, office_cell, {}))
        if response.name != name:
            problems.add(
                office_cell,
                f"office {identifier!r} is named {name!r} here and {response.name!r} in row {response.cell.row}",
                "one name per office",
            )
        if (identifier, key) in places:
            problems.add(
                question_cell,
                f"{identifier!r} already answered {key} (row {places[identifier, key]})",
                "one row per office and question",
            )
            continue
        places[identifier, key] = question_cell.row
        _check_answers(len(places), question_cell, problems.table)
        wording.setdefault(key, text)
        cells = {role: _cell_at(row, by_role.get(role)) for role in ("status", "value", "comment", "evidence")}
        answer = _answer(edition.indicator(key) is not None, cells["status"], cells["value"], problems, scale)
        if answer is None or not _extras(cells, answer, problems):
            continue
        if "status" in answer or "value" in answer:
            response.answers[key] = answer
        elif answer:
            problems.add(
                cells["status"] or cells["value"],
                f"a comment or evidence for {key}, but no answer",
                "a status (or a value)",
            )
        # A row with nothing but its office and question: asked, and not answered.
    return responses


def _check_answers(count: int, cell: Cell, table: Table) -> None:
    """Refuse a survey at the row where its answers pass `ANSWERS`: each one costs time to write and check."""
    if count > ANSWERS.value():
        sheet = f"sheet ‘{excerpt(table.sheet, 40)}’, " if table.sheet else ""
        raise ANSWERS.refusal(f"{table.file}: {sheet}row {cell.row}")


def _survey_data(
    responses: dict[str, Response],
    wording: dict[str, str],
    edition: Edition,
    name: str,
    title: str,
    date: str,
    scale: list[dict],
) -> dict:
    """Lay the survey out in canonical order: offices by id, questions and answers in the edition's order."""
    order = _question_order(edition)
    keys = sorted({key for r in responses.values() for key in r.answers} | set(wording), key=order)
    questions = []
    for key in keys:
        indicator = edition.indicator(key)
        question: dict[str, Any] = {"indicator": key} if indicator is not None else {"address": key}
        if key in wording:
            question["wording"] = wording[key]
        asked = snapshot(indicator if indicator is not None else edition.node(parse_address(key, edition.id)))
        if asked is not None:
            question["asked"] = asked
        questions.append(question)
    offices = sorted(responses.values(), key=lambda r: r.id)
    return {
        "id": name,
        "title": title,
        "edition": edition.id,
        "date": date,
        **({"scale": scale} if scale else {}),
        "offices": [{"id": r.id, **({"name": r.name} if r.name else {})} for r in offices],
        "questions": questions,
        "responses": [
            {"office": r.id, "answers": [{"question": key, **r.answers[key]} for key in sorted(r.answers, key=order)]}
            for r in offices
        ],
    }


def _question_order(edition: Edition):
    """Return a sort key putting questions in the edition's reading order, each indicator after its node."""
    indicators = {i.id: i.owner for i in edition.all_indicators()}

    def key(question: str):
        if question in indicators:
            return (indicators[question], 1, question)
        return (parse_address(question, edition.id), 0, "")

    return key
