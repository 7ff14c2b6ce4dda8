"""Read an edition's table from a Word document, a workbook or a CSV file, every text with its place.

The result is plain edition data (what an edition file holds) with a `Problem` for each
thing that cannot be placed: a reader never drops text silently. What is normalised, and
nothing else: white space at the ends of each line of a cell is trimmed; the lines of one
text (paragraphs or line breaks within a cell) are joined with one space; a label's own
punctuation and the spaces after it are taken off (``(a) ``). Non-breaking spaces, quotes,
dashes and spacing inside a line are kept as they are; a soft hyphen (invisible in Word)
is dropped.
"""

from __future__ import annotations

from pathlib import Path

from .annex_grammar import Imported
from .docx_reader import read_docx
from .sheet_reader import read_sheet

FORMATS = {".docx": "docx", ".xlsx": "xlsx", ".csv": "csv"}


def read_table_file(path: Path, tracked: str | None = None, sheet: str | None = None) -> Imported:
    """Read an edition's table from a .docx, .xlsx or .csv file.

    Args:
        path: the file.
        tracked: for a document with tracked changes, ``accept`` or ``reject`` them all first;
            None refuses such a document (which side would be meant?).
        sheet: the sheet of a workbook to read (default: the one with content).

    Returns:
        The `Imported` data; its problems are empty when everything found a place.
    """
    kind = FORMATS.get(path.suffix.lower())
    found = Imported(str(path))
    if kind is None:
        found.problem("", f"cannot import a {path.suffix or 'file without extension'}", "a .docx, .xlsx or .csv file")
    elif not path.is_file():
        found.problem("", "no such file")
    elif kind == "docx":
        read_docx(path, found, tracked)
    else:
        read_sheet(path, found, sheet)
    return found
