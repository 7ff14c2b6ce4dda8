"""Comments from a comment table: the ISO comment form as a workbook, a CSV file or a table in a Word document.

ISO/IEC's form has eight columns: the member body (``MB/NC``), the line number, the clause,
the paragraph (or figure, table), the type of comment (``ge``, ``te``, ``ed``), the comment,
the proposed change and the secretariat's observations. recreg reads them by their headers
(in any case, with the form's hints such as ``(e.g. 3.1)`` and its footnote marks), and also
a ``disposition`` (a status), a ``disposition date``, the ``quoted text`` and a ``commenter
id``; any other header is named in a mapping file (``--mapping``: YAML, ``"header as
written": clause``, or ``ignore``). The clause and paragraph name the node: ``Recommendation
3`` and ``(c)``, or ``R3(c)``, ``3 c``, ``cws11:R3/c`` in either; ``footnote 2``; ``General``
(or nothing) for the edition as a whole.

A title row above the header, and a row of column numbers (``(1) | (2) | ...``) below it,
are recognised and kept as notes. Every cell that cannot be read is one problem naming its
sheet (or table), row and column; nothing is written unless every row is placed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..edition.address import Address, parse_address
from ..edition.load import locate, parse_yaml, read_text
from ..edition.model import Edition
from ..errors import InvalidInput, Problem, RecregError
from ..limits import excerpt
from ..office.tables import Cell, Table, column_letter, read_table
from ..office.trackchanges import qn
from ..office.word_comments import node_words
from ..survey.headers import Unreadable as UnknownQuestion
from ..survey.headers import read_question
from ..survey.importer import office_id
from .model import Comment, CommentSource, Disposition, make_quote
from .word_import import Unreadable, comment_type, disposition_status, status_from_observation

# What each column holds, by the words of its header (lower case, hints and footnote marks taken off).
ROLES: dict[str, frozenset[str]] = {
    "commenter": frozenset(
        {
            "mb/nc",
            "mb",
            "nc",
            "member body",
            "member",
            "member state",
            "office",
            "ip office",
            "commenter",
            "country",
            "delegation",
            "from",
            "organization",
            "organisation",
        }
    ),
    "commenter id": frozenset({"commenter id", "office id", "member id", "office code"}),
    "author": frozenset({"author", "submitted by", "delegate"}),
    "line": frozenset({"line", "line number", "line no", "line no."}),
    "clause": frozenset(
        {"clause", "clause/subclause", "subclause", "recommendation", "section", "clause no", "clause no."}
    ),
    "paragraph": frozenset(
        {
            "paragraph",
            "paragraph/figure/table",
            "paragraph/figure/table/note",
            "action",
            "para",
            "recommended action",
            "item",
            "paragraph/figure/table/note/item",
        }
    ),
    "address": frozenset({"address", "node", "where"}),
    "type": frozenset({"type", "type of comment", "comment type", "type of comments"}),
    "comment": frozenset({"comment", "comments", "comment (justification for change)", "justification"}),
    "proposed change": frozenset(
        {"proposed change", "proposed changes", "proposal", "suggested change", "proposed text"}
    ),
    "observation": frozenset(
        {
            "observation",
            "observations",
            "observations of the secretariat",
            "secretariat observations",
            "observations of the task force",
            "task force observations",
            "response",
            "resolution",
            "observations of the secretariat on each comment submitted",
        }
    ),
    "disposition": frozenset({"disposition", "decision", "status", "disposition of comment"}),
    "disposition date": frozenset({"disposition date", "date of disposition", "decided", "decision date"}),
    "quote": frozenset({"quote", "quoted text", "quoted words", "text commented on", "words", "text"}),
    "date": frozenset({"date", "comment date"}),
    # What `recreg comments disposition --format xlsx` adds to the form: read back, left aside.
    "ignore": frozenset(
        {"now at", "words now", "what changed there", "proposed change made?", "proposed change made", "comment id"}
    ),
}
ROLE_NAMES = ", ".join(role for role in ROLES if role != "ignore")
HEADER_EXPECTED = (
    "a column of the ISO comment form (MB/NC, line number, clause, paragraph, type of comment, comments, "
    "proposed change, observations), disposition, quoted text, or an entry in a --mapping file"
)
GENERAL = frozenset(
    {
        "",
        "general",
        "whole document",
        "document",
        "all",
        "annex",
        "title",
        "overall",
        "global",
        "-",
        "—",
        "–",
        "n/a",
        "na",
        "whole text",
        "the whole document",
        "general comment",
    }
)
_HINT = re.compile(r"\((?:e\.\s*g\.|eg|for example|ex\.)[^)]*\)", re.IGNORECASE)
_MARK = re.compile(r"(?<=[a-z)])[0-9¹²³⁴⁵⁶⁷⁸⁹*]+$")
_COLUMN_NUMBER = re.compile(r"^\(?[0-9]{1,2}\)?$")
_FOOTNOTE = re.compile(r"^(?:footnote|fn|note)\s*0*([1-9][0-9]*)$", re.IGNORECASE)
_PARAGRAPH_WORDS = re.compile(r"^(?:recommended\s+action|action|paragraph|para\.?|sub-?item|item)\s+", re.IGNORECASE)


@dataclass
class TableComments:
    """The comments read from a file's comment tables, with notes on what else the file held."""

    comments: list[tuple[Comment, str | None]] = field(default_factory=list)  # each comment, and its commenter's name
    notes: list[str] = field(default_factory=list)
    tables: int = 0


class Located:
    """The problems found in a table, each at its cell: the sheet (or Word table), row and column."""

    def __init__(self, table: Table, word: bool):
        self.table, self.word = table, word
        self.found: list[Problem] = []
        self.headers: dict[int, str] = {}

    def place(self, row: int, column: int | None = None) -> str:
        """Name a row (and cell) as a reader finds it: ``sheet ‘Comments’, cell C5`` or ``table 2, row 5, cell 3``."""
        if self.word:
            return f"{self.table.sheet}, row {row}" + (f", cell {column}" if column else "")
        where = [f"sheet ‘{self.table.sheet}’"] if self.table.sheet else []
        where.append(f"cell {column_letter(column)}{row}" if column else f"row {row}")
        return ", ".join(where)

    def add(self, cell: Cell, message: str, expected: str | None = None) -> None:
        where = self.place(cell.row, cell.column)
        header = self.headers.get(cell.column)
        if header and cell.row > 1:
            where += f", column ‘{excerpt(header, 40)}’"
        self.found.append(
            Problem(
                message,
                file=self.table.file,
                line=cell.line or cell.row,  # a CSV row that follows quoted line breaks starts further down
                column=cell.column,
                key_path=where,
                expected=expected,
            )
        )


def header_words(text: str) -> str:
    """Return a header's words as the vocabulary has them: lower case, hints and footnote marks off, ``/`` unspaced."""
    words = _HINT.sub(" ", text.lower())
    words = " ".join(words.replace("\n", " ").split())
    words = re.sub(r"\s*/\s*", "/", words).strip(" :.*/")
    return _MARK.sub("", words).strip(" :.*/")


def header_role(text: str) -> str | None:
    """Return what a column holds from its header, or None."""
    words = header_words(text)
    if words == "ignore":
        return "ignore"
    return next((role for role, vocabulary in ROLES.items() if words in vocabulary), None)


def read_mapping(path: Path) -> dict[str, str]:
    """Read a mapping file: YAML mapping each header, as written, to what the column holds (a role, or ``ignore``).

    Raises:
        InvalidInput: the file is not such a mapping, or an entry names no role; located.
    """
    text = read_text(path)
    data = parse_yaml(text, str(path))
    if not isinstance(data, dict):
        raise InvalidInput(
            Problem(
                "a mapping file maps each column header to what it holds",
                file=str(path),
                line=1,
                column=1,
                expected='lines such as "Remarks of the delegation": comment',
            )
        )
    mapping, problems = {}, []
    for header, value in data.items():
        line, column = locate(text, [str(header)])
        role = header_role(value) if isinstance(value, str) else None
        if role is None and isinstance(value, str) and header_words(value) in ROLES:
            role = header_words(value)
        if role is None:
            problems.append(
                Problem(
                    f"the entry for {header!r} names nothing recreg reads",
                    file=str(path),
                    line=line,
                    column=column,
                    expected=f"one of {ROLE_NAMES}, or ignore",
                )
            )
            continue
        mapping[" ".join(str(header).split())] = role
    if problems:
        raise InvalidInput(problems)
    return mapping


# --- reading the tables ---------------------------------------------------------------------


def read_comment_tables(
    path: Path,
    edition: Edition,
    mapping: dict[str, str],
    sheet: str | None,
    office: tuple[str, str | None] | None,
    required: bool = True,
) -> TableComments:
    """Read the comment tables of a workbook, CSV file or Word document.

    Args:
        mapping: headers as written, mapped to what their columns hold.
        sheet: the sheet of a workbook (default: the first).
        office: the commenter (id, name) of a table without a commenter column.
        required: refuse a file without a comment table (a Word document may hold Word comments instead).

    Raises:
        InvalidInput: every cell that cannot be read, located; a file that cannot be read.
    """
    found = TableComments()
    word = path.suffix.lower() == ".docx"
    tables = _word_tables(path) if word else [read_table(path, sheet)]
    problems: list[Problem] = []
    for table in tables:
        located = Located(table, word)
        header = _header_row(table, mapping)
        if header is None:
            if not word:
                located.add(Cell(1, 1, None), "an empty sheet: no header row, no comments", HEADER_EXPECTED)
                problems += located.found
            continue
        found.tables += 1
        _read_rows(table, header, edition, mapping, office, located, found, path)
        problems += sorted(located.found, key=lambda p: (p.line or 0, p.column or 0))
    if problems:
        raise InvalidInput(problems)
    if required and not found.tables:
        raise InvalidInput(
            Problem(
                "no comment table in the document (nor Word comments)",
                file=str(path),
                expected="a table headed like the ISO comment form: MB/NC | Clause | Paragraph | "
                "Type of comment | Comments | Proposed change | Observations",
            )
        )
    return found


def _word_tables(path: Path) -> list[Table]:
    """Read every table of a Word document as rows of cells (a cell's paragraphs joined by line breaks)."""
    from docx import Document

    try:
        document = Document(str(path))
    except Exception as exc:  # noqa: BLE001 - a damaged package: say so in one line, whatever broke
        raise InvalidInput(
            Problem(
                f"cannot read the Word document ({type(exc).__name__}: {excerpt(exc, 120)})",
                file=str(path),
                expected="a .docx saved by Word or LibreOffice",
            )
        ) from None
    tables = []
    for number, table in enumerate(document.element.body.iter(qn("w:tbl")), start=1):
        rows = []
        for r_index, row in enumerate(table.findall(qn("w:tr")), start=1):
            cells = []
            for c_index, cell in enumerate(row.findall(qn("w:tc")), start=1):
                paragraphs = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in cell.iter(qn("w:p"))]
                cells.append(Cell(r_index, c_index, "\n".join(paragraphs).strip()))
            rows.append(cells)
        tables.append(Table(str(path), f"table {number}", rows))
    return tables


def cell_text(value: Any) -> str:
    """Return a cell's value as text: a whole number without ``.0``, a date in ISO form, text stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return (
            value.isoformat()[:10] if hasattr(value, "hour") and not (value.hour or value.minute) else value.isoformat()
        )
    return str(value).strip()


def _role(text: str, mapping: dict[str, str]) -> str | None:
    return mapping.get(" ".join(text.split())) or header_role(text)


def _header_row(table: Table, mapping: dict[str, str]) -> int | None:
    """Return the index of the header row: among the first five rows, one with two known columns, one a comment's.

    A sheet or CSV file with none has its first row read as the header (its unknown headers
    are then named); a Word document's other tables are not comment tables.
    """
    for index, row in enumerate(table.rows[:5]):
        roles = {_role(cell_text(cell.value), mapping) for cell in row if cell_text(cell.value)}
        if len(roles - {None, "ignore"}) >= 2 and roles & {"comment", "proposed change"}:
            return index
    if table.sheet is not None and table.sheet.startswith("table "):
        return None
    return next((index for index, row in enumerate(table.rows) if any(cell_text(cell.value) for cell in row)), None)


def _read_rows(
    table: Table,
    header_index: int,
    edition: Edition,
    mapping: dict[str, str],
    office: tuple[str, str | None] | None,
    located: Located,
    found: TableComments,
    path: Path,
) -> None:
    """Read the rows under a table's header into comments, each problem located at its cell."""
    for row in table.rows[:header_index]:
        text = " | ".join(cell_text(c.value) for c in row if cell_text(c.value))
        if text:
            found.notes.append(f"Above the comment table in {path.name} ({located.place(row[0].row)}): {text}")
    columns: dict[str, int] = {}
    for cell in table.rows[header_index]:
        text = cell_text(cell.value)
        if not text:
            continue
        located.headers[cell.column] = text
        role = _role(text, mapping)
        if role is None:
            located.add(cell, f"column ‘{excerpt(text, 60)}’ holds nothing recreg reads", HEADER_EXPECTED)
        elif role != "ignore" and role in columns:
            located.add(cell, f"a second column for {role} (also column {columns[role]})", "one column each")
        elif role != "ignore":
            columns[role] = cell.column
    if "commenter" not in columns and "commenter id" not in columns and office is None:
        located.add(
            table.rows[header_index][0],
            "no column names the commenter (MB/NC)",
            "a column MB/NC (or office, commenter), or --office NAME",
        )
    if located.found:
        return
    for row in table.rows[header_index + 1 :]:
        texts = [cell_text(c.value) for c in row if cell_text(c.value)]
        if not texts:
            continue
        values = {role: _cell(row, column) for role, column in columns.items()}
        if all(_COLUMN_NUMBER.match(t) for t in texts) and len(texts) > 2:
            found.notes.append(f"Column numbers in {path.name} ({located.place(row[0].row)}): {' | '.join(texts)}")
            continue
        for cell in row:
            if cell.column not in located.headers and cell_text(cell.value):
                located.add(cell, "a value in a column without a header", "a header naming the column")
        read = _comment(values, edition, office, located, path, row[0].row)
        if read is not None:
            found.comments.append(read)


def _cell(row: list[Cell], column: int) -> Cell:
    return row[column - 1] if column <= len(row) else Cell(row[0].row, column, None)


def _comment(
    values: dict[str, Cell], edition: Edition, office, located: Located, path: Path, row: int
) -> tuple[Comment, str | None] | None:
    """Read one row into a comment; None when a cell cannot be read (the problem is recorded)."""
    text = {role: cell_text(cell.value) for role, cell in values.items()}
    before = len(located.found)
    commenter, name = _commenter(values, text, office, located)
    address = None
    try:
        address = read_place(
            text.get("address") or text.get("clause", ""),
            "" if "address" in text else text.get("paragraph", ""),
            edition,
        )
    except Unreadable as exc:
        located.add(values.get("address") or values.get("clause") or values.get("paragraph"), exc.message, exc.expected)
    fields: dict[str, Any] = {}
    for role, reader in (("type", comment_type), ("disposition", disposition_status)):
        if text.get(role):
            try:
                fields[role] = reader(text[role])
            except Unreadable as exc:
                located.add(values[role], exc.message, exc.expected)
    if not (text.get("comment") or text.get("proposed change")):
        located.add(
            values.get("comment") or values.get("proposed change") or next(iter(values.values())),
            "a row with neither a comment nor a proposed change",
            "the comment, or the change proposed",
        )
    quote = None
    if text.get("quote") and len(located.found) == before:
        quote = _quote(text["quote"], address, edition, values["quote"], located)
    decided = text.get("disposition date") or None
    if decided and not re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", decided):
        located.add(values["disposition date"], f"{decided!r} is not a date", "2024-06-30, 2024-06 or 2024")
    if len(located.found) > before:
        return None
    observation = text.get("observation") or None
    status = fields.get("disposition") or (status_from_observation(observation) if observation else None) or "open"
    source = CommentSource(path.name, located.place(row), text.get("date") or None)
    return Comment(
        "",
        commenter,
        address,
        Disposition(status, observation, decided),
        source,
        quote,
        fields.get("type"),
        text.get("comment") or None,
        text.get("proposed change") or None,
        text.get("author") or None,
        text.get("line") or None,
    ), name


def _commenter(values: dict[str, Cell], text: dict[str, str], office, located: Located) -> tuple[str, str | None]:
    """Return a row's commenter: its id and display name (from the MB/NC column, a commenter id, or --office)."""
    name = text.get("commenter") or None
    identifier = text.get("commenter id") or (office_id(name) if name else None)
    if identifier is None and office is not None:
        return office
    if not identifier:
        located.add(
            values.get("commenter") or values.get("commenter id"),
            "no commenter named in this row",
            "the member body (office) that commented",
        )
        return "", None
    identifier = office_id(identifier)
    return identifier, (name if name and name != identifier else None)


def _quote(words: str, address: Address | None, edition: Edition, cell: Cell, located: Located):
    """Place quoted words in their node: they must stand there exactly once."""
    if address is None:
        located.add(
            cell, "quoted words in a general comment: which node are they in?", "the clause (and paragraph) they are in"
        )
        return None
    text = node_words(edition.node(address))
    count = text.count(words)
    if count != 1:
        located.add(
            cell,
            f"‘{excerpt(words, 60)}’ is {'not in' if not count else f'{count} times in'} {address}",
            "words that stand once in the node, exactly as the edition writes them",
        )
        return None
    start = text.index(words)
    quoted = make_quote(text, start, start + len(words))
    return quoted[0] if quoted else None


def read_place(clause: str, paragraph: str, edition: Edition) -> Address | None:
    """Read the node a comment's clause and paragraph name (None: the edition as a whole).

    Raises:
        Unreadable: they name no node of the edition.
    """
    clause, paragraph = " ".join(clause.split()), " ".join(paragraph.split())
    paragraph = _PARAGRAPH_WORDS.sub("", paragraph)
    if clause.lower().strip(" .") in GENERAL and paragraph.lower().strip(" .") in GENERAL:
        return None
    footnote = _FOOTNOTE.match(paragraph)
    if footnote:
        paragraph = f"fn{footnote.group(1)}"
    text = clause
    if paragraph and clause.lower().strip(" .") not in GENERAL:
        text = f"{clause}/{paragraph}" if footnote else f"{clause} {paragraph}"
    elif paragraph:
        text = paragraph
    try:
        if "/fn" in text or text.startswith("fn"):
            number = re.match(r"^(?:recommendation\s*|r)?0*([1-9][0-9]*)", text, re.IGNORECASE)
            address = (
                parse_address(
                    f"R{number.group(1)}/fn{footnote.group(1) if footnote else text.rsplit('fn', 1)[1]}", edition.id
                )
                if number
                else None
            )
            if address is None or edition.node(address) is None:
                raise Unreadable(f"{text!r} names no footnote of {edition.id}", f"a footnote of {edition.id}")
            return address
        key, rest = read_question(text, edition)
    except (UnknownQuestion, RecregError) as exc:
        raise Unreadable(
            getattr(exc, "message", str(exc)).replace("question", "node").replace(" asks", " names"),
            "Recommendation 3(c), R3(c), 3 c, cws11:R3/c, footnote 2, or General",
        ) from None
    if rest.strip(" .:;,)"):
        raise Unreadable(
            f"cannot tell which node {text!r} names", "Recommendation 3(c), R3(c), 3 c, cws11:R3/c, or General"
        )
    if edition.indicator(key) is not None:
        raise Unreadable(f"{text!r} names an indicator, not a node", "a recommendation, action, sub-item or footnote")
    return parse_address(key, edition.id)
