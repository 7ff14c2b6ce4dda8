"""Find the annex among a Word document's blocks and read every row of it, in as many tables as the document splits it into.

A document is read block by block, in order (paragraphs and tables, content controls
opened): the first paragraph is the title; the paragraphs right before the annex table are
its introduction; the annex table is the first whose header (below any title rows
spanning the table) says Recommendation | Recommended Actions. A later table continues
the annex when it repeats that header, or when its first row starts a recommendation in
the annex's columns (a table split by a page break, its header repeated or not). In the
annex, a repeated header row and a column-number row ``(1) | (2)`` are layout, not text.
Other tables, and paragraphs elsewhere, become edition notes; text that looks like a
recommendation but stands where no recommendation can be read is a problem naming its
table, row and cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .annex_grammar import Grammar, Imported, Line, finish, short
from .layout import across_note, annex_header_columns, header_edition, spans_the_table, split_number
from .trackchanges import qn

ANNEX_COLUMNS = "Recommendation | Recommended Actions, and optionally Related 40 Rec."
_COLUMN_NUMBER = re.compile(r"\(?(\d{1,2})\)?\.?")
_TOP_ROWS = 3  # title rows a table may have above its header
NOTES_HEADING = "Notes"  # the heading recreg's export writes above an edition's notes


def blocks(body):
    """Yield the body's paragraphs and tables in order, those inside content controls (``w:sdt``) too."""
    for block in body:
        if block.tag in (qn("w:p"), qn("w:tbl")):
            yield block
        elif block.tag in (qn("w:sdt"), qn("w:customXml")):
            content = block.find(qn("w:sdtContent")) if block.tag == qn("w:sdt") else block
            if content is not None:
                yield from blocks(content)


def span(tc) -> int:
    """Return how many grid columns a cell spans (a span that is not a number was refused before)."""
    found = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
    return int(found.get(qn("w:val"), "1")) if found is not None else 1


def cell_text(tc) -> str:
    """Return a cell's visible words, one space between (for recognising headers and layout rows)."""
    return " ".join(" ".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p"))).split())


def annex_columns(tr) -> dict | None:
    """Return the grid columns of the statement, actions and Related cells when a row is the annex header."""
    cells, grid = [], 0
    for tc in tr.findall(qn("w:tc")):
        cells.append((cell_text(tc), grid))
        grid += span(tc)
    columns = annex_header_columns(cells)
    if columns is not None:
        columns["width"] = grid
    return columns


def _width(tr) -> int:
    return sum(span(tc) for tc in tr.findall(qn("w:tc")))


def _spans_all(tr) -> bool:
    """Tell whether a row is one cell across the whole table (a title or a heading)."""
    return len(tr.findall(qn("w:tc"))) == 1


def is_column_numbers(tr) -> bool:
    """Tell whether a row only numbers the columns: ``(1) | (2) | (3)``."""
    texts = [cell_text(tc) for tc in tr.findall(qn("w:tc"))]
    numbers = [_COLUMN_NUMBER.fullmatch(text) for text in texts if text]
    return bool(numbers) and all(numbers) and [int(n.group(1)) for n in numbers] == list(range(1, len(numbers) + 1))


@dataclass
class _Annex:
    """The annex as read so far: its first table's columns, and the grammar placing its lines."""

    table: int
    columns: dict
    grammar: Grammar
    tables: list[int] = field(default_factory=list)


class DocumentFlow:
    """Read a document's blocks in order into title, introduction, annex and notes."""

    def __init__(self, found: Imported, reader, name: str):
        self.found, self.reader, self.name = found, reader, name
        self.tables = 0
        self.paragraphs = 0
        self.annex: _Annex | None = None
        self.pending: list[tuple[str, str]] = []  # paragraphs since the title or the last table, with their places
        self.notes_heading = False
        self.first_table = None

    def read(self, body) -> None:
        """Read every block of the body, then finish the annex (or say why there is none)."""
        for block in blocks(body):
            if block.tag == qn("w:tbl"):
                self.table(block)
            else:
                self.paragraph(block)
        self._flush_notes("Before" if self.annex is None else "After")
        if self.annex is None:
            self._no_annex()
            return
        if not self.found.recommendations and not self.found.problems:
            self.found.problem(
                f"table {self.annex.table}", "no recommendation in the table", "a row starting with ‘Recommendation 1’"
            )
        finish(self.found)

    # Paragraphs ----------------------------------------------------------------------------

    def paragraph(self, p) -> None:
        """Place a paragraph outside the tables: the title, the introduction, or a note."""
        where = f"paragraph {self.paragraphs + 1}"
        lines = self.reader.lines(p, where, outside=True)
        text = " ".join(line.text for line in lines)
        if not text:
            return
        self.paragraphs += 1
        if self.found.title is None and self.annex is None:
            self.found.title = text
        elif self.annex is not None and text == NOTES_HEADING:
            self._flush_notes("After")
            self.notes_heading = True
        else:
            self.pending.append((text, where))

    def _flush_notes(self, side: str) -> None:
        """Keep the paragraphs read since the last table as notes (those under the Notes heading as written)."""
        for text, _ in self.pending:
            self.found.notes.append(text if self.notes_heading else f"{side} the table in {self.name}: {text}")
        self.pending = []

    # Tables --------------------------------------------------------------------------------

    def table(self, tbl) -> None:
        """Read a table: the annex, a continuation of it, or another table (kept as notes)."""
        self.tables += 1
        self.first_table = self.first_table if self.first_table is not None else tbl
        rows = tbl.findall(qn("w:tr"))
        if self.annex is None:
            start = self._header(rows)
            if start is None:
                self._flush_notes("Before")
                self._other_table(rows)
                return
            self._begin_annex(rows, start)
            return
        self._flush_notes("After")
        columns, first = self._continuation(rows)
        if columns is None:
            self._other_table(rows)
            return
        self.annex.tables.append(self.tables)
        self._rows(rows, first, columns)

    def _header(self, rows) -> int | None:
        """Return the index of the annex header among a table's first rows (title rows may stand above it)."""
        for index, tr in enumerate(rows[: _TOP_ROWS + 1]):
            if annex_columns(tr) is not None:
                return index
            if not (_spans_all(tr) or not any(cell_text(tc) for tc in tr.findall(qn("w:tc")))):
                return None
        return None

    def _begin_annex(self, rows, header: int) -> None:
        """Start the annex at its header row: title rows above it, the paragraphs before it its introduction."""
        columns = annex_columns(rows[header])
        where = f"table {self.tables}, row {header + 1}"
        if "unknown" in columns:
            self.found.problem(
                where, "a column recreg does not read", "Recommendation | Recommended Actions | Related 40 Rec."
            )
        for index, tr in enumerate(rows[:header], start=1):
            self._title_row(tr, f"table {self.tables}, row {index}")
        self.found.introduction = [{"text": text, "source": self.found.source(place)} for text, place in self.pending]
        self.pending = []
        self.annex = _Annex(
            self.tables, columns, Grammar(self.found, header_edition(columns.get("related_header", ""))), [self.tables]
        )
        if "unknown" not in columns:
            self._rows(rows, header + 1, columns)

    def _title_row(self, tr, where: str) -> None:
        """Place a row spanning the table above its header: the document's title, or a note when it has one."""
        text = " ".join(line.text for p in tr.iter(qn("w:p")) for line in self.reader.lines(p, where))
        if not text or text == self.found.title:
            return
        if self.found.title is None:
            self.found.title = text
        else:
            self.found.notes.append(f"Table {self.tables}, above the header, in {self.name}: {text}")

    def _continuation(self, rows) -> tuple[dict | None, int]:
        """Tell whether a table continues the annex: its columns and first row to read, or (None, 0)."""
        columns = self.annex.columns
        for index, tr in enumerate(rows):
            if not any(cell_text(tc) for tc in tr.findall(qn("w:tc"))):
                continue
            repeated = annex_columns(tr)
            if repeated is not None:
                return self._same_columns(repeated, index), index + 1
            if _width(tr) == columns["width"] and self._starts_recommendation(tr, columns):
                return columns, index
            return None, 0
        return None, 0

    def _same_columns(self, repeated: dict, index: int) -> dict | None:
        kinds = {key for key in repeated if key in ("statement", "actions", "related", "unknown")}
        if kinds != {key for key in self.annex.columns if key in ("statement", "actions", "related", "unknown")}:
            self.found.problem(
                f"table {self.tables}, row {index + 1}",
                f"a header with other columns than the annex's (table {self.annex.table})",
                "the same columns as the annex's header",
            )
            return None
        return repeated

    @staticmethod
    def _starts_recommendation(tr, columns: dict) -> bool:
        grid = 0
        for tc in tr.findall(qn("w:tc")):
            if grid == columns["statement"]:
                return split_number(cell_text(tc))[0] is not None
            grid += span(tc)
        return False

    def _other_table(self, rows) -> None:
        """Keep a table that is not the annex as notes, row by row; a recommendation in it is a problem."""
        for r_index, tr in enumerate(rows, start=1):
            texts = []
            for c_index, tc in enumerate(tr.findall(qn("w:tc")), start=1):
                where = f"table {self.tables}, row {r_index}, cell {c_index}"
                text = " ".join(
                    line.text for p in tc.iter(qn("w:p")) for line in self.reader.lines(p, where, outside=True)
                )
                if text:
                    texts.append(text)
                if self.annex is not None and re.match(r"recommendation\s*\d+\b", text, re.I):
                    self.found.problem(
                        where,
                        f"‘{short(text)}’ stands in a table that does not continue the annex "
                        f"(table {self.annex.table})",
                        "the annex's columns, or its header repeated",
                    )
            if texts:
                self.found.notes.append(f"Table {self.tables}, row {r_index} of {self.name}: {' | '.join(texts)}")

    # Rows of the annex ---------------------------------------------------------------------

    def _rows(self, rows, first: int, columns: dict) -> None:
        """Read the annex rows of one table, from `first` on."""
        for r_index, tr in enumerate(rows[first:], start=first + 1):
            place = f"table {self.tables}, row {r_index}"
            if annex_columns(tr) is not None or is_column_numbers(tr):
                continue  # the header repeated, or the columns' numbers: layout, not text
            cells = self._cells(tr, columns, place)
            if "across" in cells:
                text = " ".join(
                    line.text for p in cells["across"][0].iter(qn("w:p")) for line in self.reader.lines(p, place)
                )
                if text:
                    self.found.notes.append(across_note(f"table {self.tables}, row {r_index}", text))
                continue
            self._place_row(cells, place)

    def _cells(self, tr, columns: dict, place: str) -> dict:
        """Return a row's statement, actions and Related cells: (cell, number, continued); text elsewhere is a problem."""
        cells: dict[str, tuple] = {}
        grid = 0
        for c_index, tc in enumerate(tr.findall(qn("w:tc")), start=1):
            merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
            continued = merge is not None and merge.get(qn("w:val"), "continue") == "continue"
            names = [name for name in ("statement", "actions", "related") if columns.get(name) == grid]
            for name in names:
                cells[name] = (tc, c_index, continued)
            if spans_the_table(grid, grid + span(tc), columns):
                return {"across": (tc, c_index, False)}
            if not names and cell_text(tc):
                self.found.problem(
                    f"{place}, cell {c_index}",
                    f"text in a column with no header: ‘{short(cell_text(tc))}’",
                    ANNEX_COLUMNS,
                )
            grid += span(tc)
        return cells

    def _place_row(self, cells: dict, place: str) -> None:
        grammar = self.annex.grammar

        def lines(name: str) -> list[Line]:
            if name not in cells:
                return []
            tc, c_index, _ = cells[name]
            where = f"{place}, cell {c_index}"
            if tc.find(f".//{qn('w:tbl')}") is not None:
                self.found.problem(where, "a table inside a cell cannot be placed")
            return [line for p in tc.findall(qn("w:p")) for line in self.reader.lines(p, where)]

        statement, actions, related = lines("statement"), lines("actions"), lines("related")
        if not (statement or actions or related):
            return  # an empty row (or the empty rest of merged cells): nothing to place
        continued = "statement" in cells and cells["statement"][2]
        if statement and not continued:
            grammar.start(statement[0])
            grammar.statement(statement[1:])
        elif statement:
            grammar.statement(statement)
        grammar.actions(actions)
        grammar.related(related)

    def _no_annex(self) -> None:
        if self.first_table is None:
            self.found.problem(
                "", "no table in the document", "a table with the columns Recommendation | Recommended Actions"
            )
            return
        first = self.first_table.find(qn("w:tr"))
        header = [cell_text(tc) for tc in first.findall(qn("w:tc"))] if first is not None else []
        self.found.problem(
            "table 1, row 1", f"the columns are {' | '.join(repr(h) for h in header) or 'empty'}", ANNEX_COLUMNS
        )
