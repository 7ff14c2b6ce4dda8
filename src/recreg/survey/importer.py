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

from ..edition.address import parse_address
from ..edition.model import Edition
from ..errors import InvalidInput, Problem
from ..limits import ANSWERS, excerpt
from ..office.tables import Cell, Table, cell_text, column_letter, read_table
from .headers import (
    FORM_IDS,
    FORM_WORDS,
    HEADER_EXPECTED,
    OFFICE_WORDS,
    STATUS_EXPECTED,
    Column,
    Mapping,
    Unreadable,
    header_words,
    read_header,
    read_mapping,
    read_question,
)
from .model import snapshot
from .scale import StatusReader

_NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")
_EVIDENCE = re.compile(r"^https?://\S+$")


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
                line=cell.line or cell.row,
                column=cell.column,
                key_path=", ".join(where),
                expected=expected,
            )
        )


# --- cells ------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return cell_text(value)  # a date as the sheet shows it (2025-06-30), not with a midnight added
    return str(value).strip()


def read_status(cell: Cell, problems: Problems, scale: StatusReader) -> str | None:
    """Read a status from a cell: the scale's words in any spelling, a synonym, or a value the mapping file gives."""
    if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
        problems.add(cell, f"{_text(cell.value)} is a number, not a status", STATUS_EXPECTED)
        return None
    text = _text(cell.value)
    status = scale.status(text)
    choices = [choice.strip() for choice in text.split(";") if choice.strip()]
    if status is None and ";" in text and len(choices) == 1:
        # Microsoft Forms ends each choice of a question that allows several with ';' ("Implemented;").
        status = scale.status(choices[0])
    if status is None and len(choices) > 1:
        problems.add(
            cell,
            f"{len(choices)} answers in one cell ({', '.join(map(repr, choices[:4]))})",
            "one status: the form's question allows several choices, and an office picked more than one",
        )
        return None
    if status is None:
        problems.add(cell, f"{text!r} is not a status on the scale", STATUS_EXPECTED)
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
    words = {header_words(_text(cell.value)) for cell in header}
    form_export = bool(words & FORM_WORDS)
    # With a column of its own for the office, a bare "Name" is the respondent's, as a form
    # records it (a person's name, passed over like Email), not the office's.
    office_column = bool(words & OFFICE_WORDS) or any(column.role == "office" for column in mapped.values())
    for cell in header:
        text = _text(cell.value)
        if not text:
            continue
        problems.headers[cell.column] = text
        if text not in mapped and (
            header_words(text) in FORM_WORDS
            or form_export
            and header_words(text) in FORM_IDS
            or office_column
            and header_words(text) == "name"
        ):
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
                "one column each; a column that explains an answer says so in its header (‘R5 (a) Comment’, "
                "‘R5 (a) Evidence’), or a --mapping file names its role"
                if column.role == "answer"
                else "one column each",
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
    return row[column - 1] if column <= len(row) else Cell(row[0].row, column, None, row[0].line)


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
        _check_answered(row, by_key, office_cell, problems)
        answered += len(response.answers)
        _check_answers(answered, office_cell, problems.table)
    return responses


def _check_answered(row: list[Cell], by_key: dict[str, dict[str, int]], office_cell: Cell, problems: Problems) -> None:
    """Refuse a row that names an office and holds nothing in any question's column: a note, or an empty response."""
    if not any(_text(_cell_at(row, number).value) for numbers in by_key.values() for number in numbers.values()):
        problems.add(
            office_cell,
            f"{excerpt(_text(office_cell.value), 60)!r} answers no question",
            "an answer in the row, or the row deleted (a note, or a response left empty)",
        )


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
