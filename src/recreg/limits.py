"""Limits on what recreg reads, each overridable through one environment variable.

Checked before or while anything large is built, so that a hostile or mistaken file is
refused in one located line instead of filling memory or running for minutes. The
defaults leave ample room: an edition is a few levels deep, the largest benchmark edition
(5,000 recommendations) is 6 MB, an annex table has tens of rows, a survey of 190
offices on every action of the adopted ten about 5,000 rows in its long layout, and
recreg's own export of an edition of 2,000 recommendations with three actions each 8,000
rows. The row limit is set by the memory an import of that many rows takes: 20,000 rows
(the most the cell and character limits then allow: 5 columns of 70 characters) took at
most 193 MB and 25 s here (CSV 169 MB and 17 s); 50,000 rows took 345 MB and 54 s.
Time is not what it bounds: that is the cell and character limits' part.

Rows alone do not bound that work: a row may hold a thousand cells, a workbook's cells may
all point at one long shared string, and a Word or workbook package may hold millions of
elements that are no cell at all. So the cells of a table, the characters of all its cells
together (the emitter writes about a megabyte a second), the answers of a survey and the
XML elements of a package are limited as well.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .errors import InvalidInput, Problem, RecregError, _short


@dataclass(frozen=True)
class Limit:
    """One limit: the environment variable that sets it, its default, and what it counts."""

    variable: str
    default: int
    counts: str  # as in "more than 20,000 rows"

    def value(self) -> int:
        """Return the limit from the environment (a positive whole number), else its default.

        Raises:
            RecregError: the variable is set to something else, named in the error (a usage
                error: it concerns every file, not one).
        """
        return limit(self.variable, self.default)

    def refusal(self, where: str, found: str | None = None) -> InvalidInput:
        """Return the error for input over this limit at `where` (a file, or ``file: sheet, row``)."""
        message = found or f"more than {self.value():,} {self.counts}"
        return InvalidInput(Problem(message, file=where, expected=f"less, or a higher limit in ${self.variable}"))


def limit(variable: str, default: int) -> int:
    """Return a limit from the environment (a positive whole number), else its default.

    Raises:
        RecregError: the variable is set to something else, named in the error.
    """
    value = os.environ.get(variable)
    if value is None or value == "":
        return default
    if not value.strip().isdigit() or int(value) < 1:
        raise RecregError(
            Problem(f"{value!r} is not a positive whole number", file=variable, expected=f"such as {default}")
        )
    return int(value)


MEGABYTE = 1024 * 1024
DEPTH = Limit("RECREG_MAX_DEPTH", 64, "levels of nesting")
BYTES = Limit("RECREG_MAX_BYTES", 32 * MEGABYTE, "bytes")  # any file read, as it is on disk
PART_BYTES = Limit("RECREG_MAX_PART_BYTES", 32 * MEGABYTE, "bytes once unpacked")  # one part of a DOCX or XLSX
UNPACKED_BYTES = Limit("RECREG_MAX_UNPACKED_BYTES", 64 * MEGABYTE, "bytes once unpacked")  # all parts together
PARTS = Limit("RECREG_MAX_PARTS", 10_000, "parts")  # entries of a zip package
ROWS = Limit("RECREG_MAX_ROWS", 20_000, "rows")  # of a table, sheet or CSV file
COLUMNS = Limit("RECREG_MAX_COLUMNS", 1_000, "columns")
CELL_CHARACTERS = Limit("RECREG_MAX_CELL_CHARACTERS", 100_000, "characters in one cell")
CELLS = Limit("RECREG_MAX_CELLS", 100_000, "cells")  # of a sheet or CSV file, empty ones too
TEXT_CHARACTERS = Limit("RECREG_MAX_TEXT_CHARACTERS", 2_000_000, "characters in all cells")  # of a table or document
ANSWERS = Limit("RECREG_MAX_ANSWERS", 10_000, "answers")  # of one survey
ELEMENTS = Limit("RECREG_MAX_ELEMENTS", 200_000, "XML elements")  # in all parts of a DOCX or XLSX package

EXCERPT = 200  # characters of a rejected text quoted in a message


def excerpt(text: object, size: int = EXCERPT) -> str:
    """Return a text short enough to quote in a message: its first characters and how many more."""
    return _short(str(text), size)


def check_file_size(path) -> None:
    """Refuse a file larger than `BYTES` before reading any of it.

    Raises:
        InvalidInput: naming the file, when it is too large or cannot be read.
    """
    try:
        size = os.stat(path).st_size
    except OSError as exc:
        raise InvalidInput(Problem(f"cannot read file: {exc.strerror or exc}", file=str(path))) from None
    if size > BYTES.value():
        raise BYTES.refusal(str(path), f"file larger than the size limit ({size:,} bytes)")


def check_package(path) -> None:
    """Refuse a DOCX or XLSX package whose parts would unpack to too much, before anything unpacks them.

    The sizes are the zip directory's own; Python's zip reader never yields more bytes
    than a part's recorded size (a part that holds more fails its check), so a package
    that lies about its sizes cannot get past this either. Then each part is unpacked once
    (`_check_parts`), its XML elements counted.

    Raises:
        InvalidInput: naming the file and the part, for a package over `PARTS`,
            `PART_BYTES`, `UNPACKED_BYTES` or `ELEMENTS`, or a part that cannot be unpacked;
            nothing is said of a file that is not a zip or of a part that is not well-formed
            XML (the reader says that in its own terms).
    """
    import zipfile

    check_file_size(path)
    try:
        with zipfile.ZipFile(path) as package:
            entries = package.infolist()
    except UnicodeDecodeError:  # a ValueError, but no reader says it better: the zip's own directory is wrong
        raise InvalidInput(
            Problem(
                "cannot unpack this package (a part's name is marked as UTF-8 but is not)",
                file=str(path),
                expected="a file saved by Word, LibreOffice or a spreadsheet",
            )
        ) from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    except NotImplementedError as exc:  # a zip of a version or feature Python does not read
        raise InvalidInput(
            Problem(
                f"cannot unpack this package ({excerpt(exc, 80)})",
                file=str(path),
                expected="a file saved by Word, LibreOffice or a spreadsheet",
            )
        ) from None
    if len(entries) > PARTS.value():
        raise PARTS.refusal(str(path), f"a package of {len(entries):,} parts")
    total = 0
    for entry in entries:
        if entry.file_size > PART_BYTES.value():
            raise PART_BYTES.refusal(
                f"{path}: {excerpt(entry.filename, 80)}", f"a part of {entry.file_size:,} bytes once unpacked"
            )
        total += entry.file_size
    if total > UNPACKED_BYTES.value():
        raise UNPACKED_BYTES.refusal(str(path), f"parts of {total:,} bytes in all once unpacked")
    _check_parts(path, entries)


def _check_parts(path, entries) -> None:
    """Unpack each part once, refusing a damaged one and more than `ELEMENTS` XML elements in all parts together.

    python-docx and openpyxl unpack every part they read and build every element of its
    XML (styles, shared strings, the document), each at a cost in time and memory; a part
    they cannot unpack they report without its name.
    """
    import zipfile
    import zlib

    from lxml import etree

    most, count = ELEMENTS.value(), 0
    with zipfile.ZipFile(path) as package:
        for entry in entries:
            where = f"{path}: {excerpt(entry.filename, 80)}"
            try:
                with package.open(entry) as stream:
                    if not entry.filename.endswith((".xml", ".rels")):
                        while stream.read(1 << 20):
                            pass
                        continue
                    try:
                        for _, element in etree.iterparse(
                            stream, resolve_entities=False, no_network=True, huge_tree=True
                        ):
                            count += 1
                            if count > most:
                                raise ELEMENTS.refusal(where, f"more than {most:,} XML elements in all parts")
                            # Counted: let it go, and its earlier siblings, so memory stays flat.
                            element.clear(keep_tail=True)
                            parent = element.getparent()
                            while parent is not None and element.getprevious() is not None:
                                del parent[0]
                    except etree.XMLSyntaxError:
                        # Damaged bytes can unpack to garbage before the zip's checksum says so.
                        while stream.read(1 << 20):
                            pass
                        continue  # not XML: the reader says so in its own terms, naming the part
            except (
                zipfile.BadZipFile,
                zlib.error,
                EOFError,
                RuntimeError,
                NotImplementedError,
                OSError,
                ValueError,
            ) as exc:
                raise InvalidInput(Problem(f"cannot unpack this part ({excerpt(exc, 80)})", file=where)) from None
