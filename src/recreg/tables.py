"""Read a table from a CSV or XLSX file, every cell with its row and column: for survey and edition imports.

One reader for both imports, so a spreadsheet is read the same way whichever it feeds:
UTF-8 CSV (comma, semicolon or tab separated, told from the header line) or an Excel
workbook (one sheet, or the one asked for), within the size limit of every file recreg
reads; what cannot be read is refused in one located line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InvalidInput, Problem, RecregError

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class Cell:
    """A cell of the imported table: where it is, and what it holds (text, a number, or None)."""

    row: int
    column: int
    value: Any


@dataclass
class Table:
    """The rows of one sheet (a CSV file is one sheet without a name)."""

    file: str
    sheet: str | None
    rows: list[list[Cell]]



def column_letter(number: int) -> str:
    """Return a spreadsheet's letters for a 1-based column number (1 is A, 27 is AA)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters



def read_table(path: Path, sheet: str | None = None, one_sheet: bool = False) -> Table:
    """Read a CSV (UTF-8, comma, semicolon or tab separated) or XLSX file into cells.

    Args:
        path: the file.
        sheet: the sheet of a workbook to read (default: the first).
        one_sheet: refuse a workbook of several sheets (which one would be meant?).

    Raises:
        InvalidInput: the file is not UTF-8, not CSV or XLSX, not a workbook, or has no
            such sheet (or several, with `one_sheet`); located.
    """
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path, sheet, one_sheet)
    if suffix in CSV_SUFFIXES:
        if sheet is not None:
            raise RecregError(Problem("a CSV file has no sheets", file="--sheet"))
        return _read_csv(path)
    raise InvalidInput(Problem(f"cannot read {suffix or 'a file without extension'!r} files", file=str(path),
                               expected="a .csv (UTF-8) or .xlsx file"))


def _read_csv(path: Path) -> Table:
    import csv
    import io

    from .load import read_text

    try:
        text = read_text(path)
    except InvalidInput as exc:
        first = exc.problems[0]
        if first.message.startswith("not UTF-8"):
            # A spreadsheet's "CSV" is often in the computer's own encoding; say how to get UTF-8.
            raise InvalidInput(Problem(first.message, first.file, first.line, first.column,
                                       expected="a UTF-8 CSV file (in a spreadsheet: save as \"CSV UTF-8\")")) from None
        raise
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[Cell]] = []
    try:
        for number, record in enumerate(reader, start=1):
            rows.append([Cell(number, column, value) for column, value in enumerate(record, start=1)])
    except csv.Error as exc:
        raise InvalidInput(Problem(f"not a CSV file: {exc}", file=str(path), line=reader.line_num)) from None
    return Table(str(path), None, rows)


def _read_xlsx(path: Path, sheet: str | None, one_sheet: bool) -> Table:
    from .load import DEFAULT_MAX_BYTES, MAX_BYTES_VARIABLE, limit

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InvalidInput(Problem(f"cannot read file: {exc.strerror or exc}", file=str(path))) from None
    if size > limit(MAX_BYTES_VARIABLE, DEFAULT_MAX_BYTES):
        raise InvalidInput(Problem("file larger than the size limit", file=str(path),
                                   expected=f"a smaller file, or a higher limit in ${MAX_BYTES_VARIABLE}"))
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds (zip, XML, key errors) for a broken file
        raise InvalidInput(Problem(f"not an XLSX workbook ({type(exc).__name__})", file=str(path),
                                   expected="an .xlsx file saved by a spreadsheet")) from None
    try:
        if one_sheet and len(workbook.sheetnames) != 1:
            names = ", ".join(f"‘{n}’" for n in workbook.sheetnames)
            raise InvalidInput(Problem(f"has {len(workbook.sheetnames)} sheets ({names}); which one is meant?",
                                       file=str(path), expected="a workbook of one sheet"))
        if sheet is None:
            worksheet = workbook.worksheets[0]
        elif sheet in workbook.sheetnames:
            worksheet = workbook[sheet]
        else:
            raise RecregError(Problem(f"no sheet {sheet!r} in {path}", file="--sheet",
                                      expected="one of " + ", ".join(map(repr, workbook.sheetnames))))
        rows = [[Cell(number, column, value) for column, value in enumerate(values, start=1)]
                for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1)]
        return Table(str(path), worksheet.title, rows)
    finally:
        workbook.close()


