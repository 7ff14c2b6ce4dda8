"""Read a table from a CSV or XLSX file, every cell with its row and column: for survey and edition imports.

One reader for both imports, so a spreadsheet is read the same way whichever it feeds:
UTF-8 CSV (comma, semicolon or tab separated, told from the header line) or an Excel
workbook (one sheet, or the one asked for), within the size limit of every file recreg
reads; what cannot be read is refused in one located line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..edition.load import read_text
from ..errors import InvalidInput, Problem, RecregError
from ..limits import CELL_CHARACTERS, CELLS, COLUMNS, ROWS, TEXT_CHARACTERS, check_package, excerpt

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class Cell:
    """A cell of the imported table: where it is, and what it holds (text, a number, or None).

    ``line`` is the line of a CSV file its row starts on, when that is not the row's number
    (an answer with line breaks in quotes spans several lines): what an editor goes to.
    """

    row: int
    column: int
    value: Any
    line: int | None = None


@dataclass
class Table:
    """The rows of one sheet (a CSV file is one sheet without a name)."""

    file: str
    sheet: str | None
    rows: list[list[Cell]]
    merged: list[tuple[int, int, int, int]] = field(
        default_factory=list
    )  # a workbook's merged cells: first row, first column, last row, last column


def cell_text(value: Any) -> str:
    """Return a cell's value as its text: a date as the sheet shows it (``2024-06-30``), not with a midnight added."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    return str(value)


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
        sheet: the sheet of a workbook to read (default: the first, or with `one_sheet` the one with content).
        one_sheet: without `sheet`, read the one sheet that holds cells, and refuse a workbook
            with several (which one would be meant?).

    Raises:
        InvalidInput: the file is not UTF-8, not CSV or XLSX, not a workbook, or has no
            such sheet (or several, with `one_sheet`); located.
    """
    suffix = path.suffix.lower()
    if suffix in (*XLSX_SUFFIXES, *CSV_SUFFIXES, ".xls"):
        suffix = _kind(path) or suffix
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path, sheet, one_sheet)
    if suffix in CSV_SUFFIXES:
        if sheet is not None:
            raise RecregError(Problem("a CSV file has no sheets", file="--sheet"))
        return _read_csv(path)
    raise InvalidInput(
        Problem(
            f"cannot read {suffix or 'a file without extension'!r} files",
            file=str(path),
            expected="a .csv (UTF-8) or .xlsx file",
        )
    )


def _kind(path: Path) -> str | None:
    """Tell a workbook from text by the file's first bytes, whatever its name says (``.xlsx`` or ``.csv``).

    People rename files: a CSV download saved as ``responses.xlsx``, a workbook as ``.csv``.
    Returns ``.xlsx`` for a zip package, ``.csv`` for UTF-8 text, None for anything else
    (read by its name, and refused there in its terms).

    Raises:
        InvalidInput: an Excel 97-2003 workbook, which recreg cannot read.
    """
    import codecs

    try:
        with open(path, "rb") as stream:
            head = stream.read(4096)
    except OSError:
        return None  # reading it by its name says why it cannot be read
    if head.startswith(b"PK\x03\x04"):
        return ".xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise InvalidInput(
            Problem(
                "an Excel 97-2003 workbook (.xls), which recreg cannot read",
                file=str(path),
                expected='the workbook saved as .xlsx (in Excel: Save As, "Excel Workbook")',
            )
        )
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)  # a character cut at 4096 bytes is fine
    except UnicodeDecodeError:
        return None
    return ".csv" if head and b"\0" not in head else None


def _read_csv(path: Path) -> Table:
    import csv
    import io

    try:
        text = read_text(path)
    except InvalidInput as exc:
        first = exc.problems[0]
        if first.message.startswith("not UTF-8"):
            # A spreadsheet's "CSV" is often in the computer's own encoding; say how to get UTF-8.
            raise InvalidInput(
                Problem(
                    first.message,
                    first.file,
                    first.line,
                    first.column,
                    expected='a UTF-8 CSV file (in a spreadsheet: save as "CSV UTF-8")',
                )
            ) from None
        raise
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    max_rows, max_columns, max_cell = ROWS.value(), COLUMNS.value(), CELL_CHARACTERS.value()
    totals = _Totals()
    # The csv module refuses a field over its own limit (128 KiB) with an error that names no
    # cell; let it read up to ours and check each field below.
    csv.field_size_limit(max(max_cell * 4 + 1, csv.field_size_limit()))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[Cell]] = []
    last_line = 0  # the line the previous row ended on
    try:
        for number, record in enumerate(reader, start=1):
            line, last_line = last_line + 1, reader.line_num
            if number > max_rows:
                raise ROWS.refusal(f"{path}: row {number}")
            if len(record) > max_columns:
                raise COLUMNS.refusal(
                    f"{path}: row {number}, column {column_letter(max_columns + 1)}",
                    f"a row of {len(record):,} columns",
                )
            for column, value in enumerate(record, start=1):
                if len(value) > max_cell:
                    raise CELL_CHARACTERS.refusal(
                        f"{path}: row {number}, column {column_letter(column)}",
                        f"a cell of {len(value):,} characters ({excerpt(value, 40)})",
                    )
            totals.add(record, f"{path}: row {number}")
            at = line if line != number else None
            rows.append([Cell(number, column, value, at) for column, value in enumerate(record, start=1)])
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise CELL_CHARACTERS.refusal(
                f"{path}: row {reader.line_num}", f"a cell of more than {max_cell:,} characters"
            ) from None
        raise InvalidInput(Problem(f"not a CSV file: {excerpt(exc)}", file=str(path), line=reader.line_num)) from None
    return Table(str(path), None, rows)


class _Totals:
    """The cells and characters of a table read so far, refused once over `CELLS` or `TEXT_CHARACTERS`.

    A row's cells are checked one by one; these bound the whole: a thousand columns of
    empty cells, or every cell of a workbook pointing at one long shared string, cost
    memory and time a few bytes of file do not show.
    """

    def __init__(self):
        self.most_cells, self.most_characters = CELLS.value(), TEXT_CHARACTERS.value()
        self.cells = self.characters = 0

    def add(self, values, where: str) -> None:
        """Count a row's values (at `where`, a file and row); raise InvalidInput past a limit."""
        self.cells += len(values)
        if self.cells > self.most_cells:
            raise CELLS.refusal(where)
        self.characters += sum(len(value) for value in values if isinstance(value, str))
        if self.characters > self.most_characters:
            raise TEXT_CHARACTERS.refusal(where)


def _read_xlsx(path: Path, sheet: str | None, one_sheet: bool) -> Table:
    check_package(path)
    import io
    import warnings

    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # openpyxl warns on stderr about parts it skips (a bad print area, an unknown
            # extension); what recreg reads is checked cell by cell below.
            warnings.simplefilter("ignore")
            # openpyxl goes by the name: a workbook named .csv is given to it as bytes.
            source = path if path.suffix.lower() in XLSX_SUFFIXES else io.BytesIO(path.read_bytes())
            workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds (zip, XML, key errors) for a broken file
        raise InvalidInput(
            Problem(
                f"not an XLSX workbook ({_why_not_a_workbook(exc)})",
                file=str(path),
                expected="an .xlsx file saved by a spreadsheet",
            )
        ) from None
    try:
        if not workbook.sheetnames:
            raise InvalidInput(
                Problem(
                    "a workbook without a sheet",
                    file=str(path),
                    expected="a workbook with the table on its first sheet",
                )
            )
        if sheet is not None and sheet not in workbook.sheetnames:
            raise RecregError(
                Problem(
                    f"no sheet {sheet!r} in {path}",
                    file="--sheet",
                    expected="one of " + ", ".join(map(repr, workbook.sheetnames)),
                )
            )
        worksheet = (
            workbook[sheet]
            if sheet is not None
            else _only_sheet(path, workbook)
            if one_sheet
            else workbook.worksheets[0]
        )
        sheet_cells = _SheetCells(path, worksheet)
        return Table(str(path), worksheet.title, sheet_cells.rows(), sheet_cells.merged)
    finally:
        workbook.close()


def _why_not_a_workbook(exc: Exception) -> str:
    """Say in a user's words why openpyxl could not open a file as a workbook."""
    import zipfile

    if isinstance(exc, zipfile.BadZipFile):
        return "not a zip file"
    if isinstance(exc, KeyError):
        return "a part every workbook has is missing"
    if type(exc).__name__ in ("XMLSyntaxError", "ParseError", "ExpatError"):
        return "a part is not well-formed XML"
    return "it holds no workbook that can be read"


def _only_sheet(path: Path, workbook):
    """Return the one sheet with content (Excel's empty Sheet2 and Sheet3 do not count), or the first when none has any.

    Raises:
        InvalidInput: several sheets hold cells: which one is meant is for ``--sheet`` to say.
    """
    filled = [worksheet for worksheet in workbook.worksheets if _has_content(worksheet)]
    if len(filled) > 1:
        names = ", ".join(f"‘{excerpt(w.title, 40)}’" for w in filled[:10])
        raise InvalidInput(
            Problem(
                f"has {len(filled)} sheets with content ({names}); which one is meant?",
                file=str(path),
                expected="--sheet NAME",
            )
        )
    return filled[0] if filled else workbook.worksheets[0]


def _has_content(worksheet) -> bool:
    """Tell whether a sheet holds any cell with a value (looked for within the row limit)."""
    worksheet.reset_dimensions()
    try:
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            if any(value is not None and str(value).strip() for value in values):
                return True
            if number >= ROWS.value():
                return False
    except Exception:  # noqa: BLE001 - a sheet openpyxl cannot read counts as content: reading it will say why
        return True
    return False


class _SheetCells:
    """Read a sheet's rows and merged cells as openpyxl's own sheet parser streams them, within the limits.

    openpyxl's read-only sheet has no merged cells and loses a formula that has no saved
    value (a workbook written by a program and never opened in a spreadsheet), so its
    parser is driven here, as the read-only sheet drives it: a cell it cannot read, and a
    formula without a value, are named by their cell. The sheet's own ``<dimension>`` is
    ignored: it may claim a million rows a workbook does not hold.
    """

    def __init__(self, path: Path, worksheet):
        self.worksheet = worksheet
        self.place = f"{path}: sheet ‘{excerpt(worksheet.title, 40)}’"
        self.merged: list[tuple[int, int, int, int]] = []

    def rows(self) -> list[list[Cell]]:
        """Return the sheet's rows, every cell with its row and column; a row missing from the file is empty."""
        max_rows, max_columns, max_cell = ROWS.value(), COLUMNS.value(), CELL_CHARACTERS.value()
        totals = _Totals()
        rows: list[list[Cell]] = []
        for number, found in self._values():
            if number > max_rows:
                raise ROWS.refusal(f"{self.place}, row {number}")
            if len(found) > max_columns:
                last = max(i for i, value in enumerate(found, start=1) if value is not None)
                raise COLUMNS.refusal(f"{self.place}, cell {column_letter(last)}{number}", f"a cell in column {last:,}")
            for column, value in enumerate(found, start=1):
                if isinstance(value, str) and len(value) > max_cell:
                    raise CELL_CHARACTERS.refusal(
                        f"{self.place}, cell {column_letter(column)}{number}",
                        f"a cell of {len(value):,} characters ({excerpt(value, 40)})",
                    )
            totals.add(found, f"{self.place}, row {number}")
            rows.append([Cell(number, column, value) for column, value in enumerate(found, start=1)])
        return rows

    def _values(self):
        """Yield (row number, its values from column A) in the file's order, rows it skips as empty ones."""
        import warnings

        parser = _parser(self.worksheet, self.place)
        expected = 1
        with self.worksheet._get_source() as source, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns on stderr of a date out of range (it reads #VALUE!)
            parser.source = source
            found = parser.parse()
            while True:
                try:
                    number, cells = next(found)
                except StopIteration:
                    break
                except InvalidInput:
                    raise
                except Exception:  # noqa: BLE001 - openpyxl's parser raises ValueError, TypeError... on a damaged sheet
                    raise InvalidInput(
                        Problem(
                            "a part of the sheet that cannot be read",
                            file=f"{self.place}, after row {expected - 1}" if expected > 1 else self.place,
                            expected="a workbook saved by a spreadsheet",
                        )
                    ) from None
                for missing in range(expected, min(number, expected + ROWS.value() + 1)):
                    yield missing, []
                values = [None] * max((cell["column"] for cell in cells), default=0)
                for cell in cells:
                    values[cell["column"] - 1] = cell["value"]
                yield number, values
                expected = number + 1
        ranges = getattr(parser.merged_cells, "mergeCell", None) or []
        self.merged = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in ranges]


def _parser(worksheet, place: str):
    """Return openpyxl's parser for a read-only sheet, saying in the sheet's terms what it cannot read."""
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):
        def parse_row(self, row):
            try:
                return super().parse_row(row)
            except InvalidInput:
                raise
            except Exception:  # noqa: BLE001 - a number openpyxl cannot read: ValueError, OverflowError...
                raise InvalidInput(
                    Problem(
                        f"a row numbered ‘{excerpt(row.get('r'), 40)}’, which is not a row number",
                        file=f"{place}, after row {self.row_counter}",
                        expected="a workbook saved by a spreadsheet",
                    )
                ) from None

        def parse_cell(self, element):
            try:
                cell = super().parse_cell(element)
            except Exception:  # noqa: BLE001 - openpyxl raises ValueError, IndexError, KeyError...
                raise _unreadable(element, self, place) from None
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                raise InvalidInput(
                    Problem(
                        f"holds a formula with no saved value ({excerpt('=' + (element.findtext(FORMULA_TAG) or ''), 60)}),"
                        " so its text cannot be read",
                        file=f"{place}, cell {column_letter(cell['column'])}{cell['row']}",
                        expected="the workbook opened and saved in Excel or LibreOffice, which saves each formula's "
                        "value, or the text typed into the cell",
                    )
                )
            return cell

    workbook = worksheet.parent
    return Parser(
        None,
        worksheet._shared_strings,
        data_only=True,
        epoch=workbook.epoch,
        date_formats=workbook._date_formats,
        timedelta_formats=workbook._timedelta_formats,
    )


_KINDS = {"s": "a shared text", "n": "a number", "d": "a date", "b": "a true or false value", "e": "an error value"}


def _unreadable(element, parser, place: str) -> InvalidInput:
    """Say why a cell cannot be read, in the sheet's terms: which cell, what it claims to hold, and what it holds."""
    from openpyxl.worksheet._reader import VALUE_TAG

    coordinate = element.get("r") or f"{column_letter(parser.col_counter + 1)}{parser.row_counter}"
    kind = element.get("t", "n")
    value = element.findtext(VALUE_TAG) or ""
    if kind == "s":
        message = f"refers to a shared text (‘{excerpt(value, 40)}’) that the workbook does not hold"
    elif kind in _KINDS:
        message = f"is marked as {_KINDS[kind]} but holds ‘{excerpt(value, 40)}’"
    else:
        message = f"is of a type ‘{excerpt(kind, 20)}’ that no spreadsheet writes"
    return InvalidInput(
        Problem(message, file=f"{place}, cell {excerpt(coordinate, 20)}", expected="a workbook saved by a spreadsheet")
    )
