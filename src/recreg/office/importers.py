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

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import Problem
from ..edition.validate import ROMAN
from .layout import (
    ACTION, COLUMNS, ITEM, KINDS, MISSING, header_edition, parse_links, split_label, split_number,
)
from .trackchanges import count_revisions, qn, resolve

FORMATS = {".docx": "docx", ".xlsx": "xlsx", ".csv": "csv"}


@dataclass
class Imported:
    """What a reader found: edition data without ids, and the problems that stop the import."""

    file: str
    title: str | None = None
    recommendations: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    link_places: list[tuple[dict, str]] = field(default_factory=list)  # (link data, where) to check against the registry

    def problem(self, where: str, message: str, expected: str | None = None) -> None:
        self.problems.append(Problem(message, file=f"{self.file}: {where}" if where else self.file, expected=expected))

    def source(self, where: str) -> dict:
        return {"file": Path(self.file).name, "at": where}


def read_table_file(path: Path, tracked: str | None = None) -> Imported:
    """Read an edition's table from a .docx, .xlsx or .csv file.

    Args:
        path: the file.
        tracked: for a document with tracked changes, ``accept`` or ``reject`` them all first;
            None refuses such a document (which side would be meant?).

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
        _read_docx(path, found, tracked)
    else:
        _read_sheet(path, found)
    return found


# Word ------------------------------------------------------------------------------------


@dataclass
class _Line:
    """One line of a cell: its text (footnote references as ``[^N]``), place, and Word list level if numbered."""

    text: str
    where: str
    level: int | None = None


class _Paragraphs:
    """Turn WordprocessingML paragraphs into text lines, footnote references as markers."""

    def __init__(self, found: Imported, footnotes: dict[str, str], first_number: int = 1):
        self.found = found
        self.footnote_texts = footnotes  # Word footnote id -> its text
        self.auto_number = first_number - 1  # Word numbers footnotes from w:numStart (1 by default)
        self.referenced: list[tuple[int, str, str]] = []  # (number, text, where) of each reference read

    def lines(self, paragraph, where: str) -> list[_Line]:
        text = self.text(paragraph, where)
        level = paragraph.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:ilvl')}")
        numbered = paragraph.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None
        found = []
        for index, line in enumerate(text.split("\n")):
            line = line.strip()
            if line:
                lvl = (_whole(level, "w:val", 0, self.found, where) if level is not None else 0) if numbered and index == 0 else None
                found.append(_Line(line, where, lvl))
        return found

    def text(self, element, where: str) -> str:
        parts: list[str] = []
        pending_mark: str | None = None  # a custom footnote mark still to pass over
        for node in element.iter():
            tag = node.tag
            if tag == qn("w:footnoteReference"):
                custom = node.get(qn("w:customMarkFollows")) in ("1", "true", "on")
                body = self.footnote_texts.get(node.get(qn("w:id")))
                mark = _custom_mark(node) if custom else None
                if mark is not None and mark.isdigit():
                    number = int(mark)
                else:
                    self.auto_number += 1
                    number = self.auto_number
                pending_mark = mark if custom else None
                if body is None:
                    self.found.problem(where, f"footnote reference {number} has no footnote text")
                else:
                    self.referenced.append((number, _strip_mark(body, mark), where))
                parts.append(f"[^{number}]")
            elif tag == qn("w:t"):
                if pending_mark is not None and (node.text or "").strip() == pending_mark:
                    pending_mark = None  # the custom mark follows the reference: not text of the paragraph
                    continue
                pending_mark = None
                parts.append(node.text or "")
            elif tag == qn("w:tab"):
                parts.append("\t")
            elif tag in (qn("w:br"), qn("w:cr")):
                if node.get(qn("w:type")) in (None, "textWrapping"):
                    parts.append("\n")
            elif tag == qn("w:noBreakHyphen"):
                parts.append("\u2011")
            elif tag == qn("w:sym"):
                parts.append(_symbol(node, self.found, where))
            elif tag == qn("w:softHyphen"):
                continue
            elif tag in (qn("w:drawing"), qn("w:pict"), qn("w:object")):
                self.found.problem(where, "a picture or embedded object cannot be placed in an edition")
            elif tag == qn("w:endnoteReference"):
                self.found.problem(where, "an endnote cannot be placed (recreg reads footnotes)", "a footnote")
            elif tag is etree.Entity:
                # Text past an unresolved entity would be lost: refuse the document instead.
                self.found.problem(where, f"an XML entity reference {_short(str(node))} that cannot be read",
                                   "the text written out in the document")
        return "".join(parts)


def _whole(node, attribute: str, default: int, found: Imported, where: str) -> int:
    """Return a whole-number attribute of a WordprocessingML element; a problem (and the default) when it is not one."""
    value = node.get(qn(attribute), str(default))
    if value.strip().isdigit() and len(value) < 10:
        return int(value)
    found.problem(where, f"{attribute}=‘{_short(value)}’ on <w:{etree.QName(node).localname}> is not a whole number",
                  "a document saved by Word or LibreOffice")
    return default


def _symbol(node, found: Imported, where: str) -> str:
    """Return the character of a ``w:sym`` (a hexadecimal code), or a problem when it names none."""
    code = node.get(qn("w:char"), "20")
    try:
        return chr(int(code, 16))
    except (ValueError, OverflowError):
        found.problem(where, f"a symbol with the code ‘{_short(code)}’, which names no character", "a hexadecimal character code")
        return ""


def _custom_mark(reference) -> str | None:
    """Return the mark written after a footnote reference with ``w:customMarkFollows``."""
    run = reference.getparent()
    texts = [t.text or "" for t in run.iter(qn("w:t"))]
    if texts:
        return "".join(texts).strip()
    following = run.getnext()
    return "".join(t.text or "" for t in following.iter(qn("w:t"))).strip() if following is not None else None


def _strip_mark(body: str, mark: str | None) -> str:
    """Return a footnote's text without the number it starts with (its own mark)."""
    body = body.strip()
    while mark and body.startswith(mark):
        # Word writes a custom mark at the footnote's head; an application that adds its own
        # (LibreOffice) leaves two.
        body = body[len(mark):].strip()
    return body


def _footnotes(document, found: Imported, tracked: str | None) -> dict[str, str]:
    """Return the document's footnote texts by Word id (paragraphs joined by one space)."""
    from docx.oxml.parser import parse_xml

    from .wordml import FOOTNOTES_URI

    part = next((rel.target_part for rel in document.part.rels.values() if rel.reltype == FOOTNOTES_URI and not rel.is_external), None)
    if part is None:
        return {}
    try:
        root = part.element if hasattr(part, "element") else parse_xml(part.blob)
    except etree.XMLSyntaxError as exc:
        found.problem(part.partname.lstrip("/"), f"not well-formed XML ({_xml_error(exc)})", "a document saved by Word or LibreOffice")
        return {}
    if tracked:
        resolve(root, tracked == "accept")
    texts = {}
    for footnote in root.iter(qn("w:footnote")):
        if footnote.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        reader = _Paragraphs(found, {})
        paragraphs = [" ".join(reader.text(p, f"footnote {footnote.get(qn('w:id'))}").split("\n")).strip() for p in footnote.iter(qn("w:p"))]
        texts[footnote.get(qn("w:id"))] = " ".join(p for p in paragraphs if p)
    return texts


def _read_docx(path: Path, found: Imported, tracked: str | None) -> None:
    import zipfile

    from ..errors import InvalidInput
    from ..limits import check_package

    try:
        check_package(path)
    except InvalidInput as exc:
        found.problems.extend(exc.problems)
        return
    if not zipfile.is_zipfile(path):
        found.problem("", "not a Word document (not a zip file)", "a .docx saved by Word or LibreOffice")
        return
    if not _scan_main_part(path, found):
        return
    try:
        from docx import Document

        document = Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        reason = "not a zip file" if isinstance(exc, zipfile.BadZipFile) else "no Word document inside"
        found.problem("", f"not a Word document ({reason})", "a .docx saved by Word or LibreOffice")
        return
    except Exception as exc:  # noqa: BLE001 - a damaged package: say so in one line, whatever broke
        found.problem("", f"cannot read the Word document ({type(exc).__name__}: {' '.join(str(exc).split())[:120]})")
        return
    body = document.element.body
    revisions = count_revisions(body)
    if revisions and tracked is None:
        found.problem("", f"has {revisions} tracked changes; say which side to import",
                      "--tracked accept or --tracked reject")
        return
    if tracked:
        resolve(body, tracked == "accept")
    start = body.find(f"{qn('w:sectPr')}/{qn('w:footnotePr')}/{qn('w:numStart')}")
    if start is None:
        start = document.settings.element.find(f"{qn('w:footnotePr')}/{qn('w:numStart')}")
    first_number = _whole(start, "w:val", 1, found, "footnote numbering") if start is not None else 1
    reader = _Paragraphs(found, _footnotes(document, found, tracked), first_number)
    annex = None
    table_number = 0
    for block in body:
        if block.tag == qn("w:tbl"):
            table_number += 1
            columns = _annex_columns(block)
            if annex is None and columns is not None:
                annex = table_number
                _read_annex(block, table_number, columns, reader, found)
            else:
                for r_index, row in enumerate(block.iter(qn("w:tr")), start=1):
                    text = " | ".join(" ".join(reader.text(p, "").split()) for p in row.iter(qn("w:p")) if reader.text(p, "").strip())
                    if text:
                        found.notes.append(f"Table {table_number}, row {r_index} of {path.name}: {text}")
        elif block.tag == qn("w:p"):
            where = f"paragraph {len(found.notes) + 1} {'after' if annex else 'before'} the table"
            text = " ".join(line.text for line in reader.lines(block, where))
            if not text:
                continue
            if "[^" in text:
                found.problem(where, "a footnote outside the table cannot be placed")
            if found.title is None and annex is None:
                found.title = text
            else:
                found.notes.append(f"{'After' if annex else 'Before'} the table in {path.name}: {text}")
    if annex is None:
        first = next(body.iter(qn("w:tbl")), None)
        if first is None:
            found.problem("", "no table in the document", "a table with the columns Recommendation | Recommended Actions")
        else:
            header = _row_texts(first, reader)[0] if _row_texts(first, reader) else []
            found.problem("table 1, row 1", f"the columns are {' | '.join(repr(h) for h in header) or 'empty'}",
                          "Recommendation | Recommended Actions, and optionally Related 40 Rec.")
    _place_footnotes(reader, found)


def _row_texts(table, reader: _Paragraphs) -> list[list[str]]:
    return [[" ".join(" ".join(reader.text(p, "").split()) for p in tc.iter(qn("w:p"))).strip() for tc in tr.iter(qn("w:tc"))]
            for tr in table.iter(qn("w:tr"))]


def _annex_columns(table) -> dict[str, int] | None:
    """Return the grid columns of the statement, actions and Related cells, if the first row is the annex header."""
    first = table.find(qn("w:tr"))
    if first is None:
        return None
    columns: dict[str, int] = {}
    grid = 0
    for tc in first.findall(qn("w:tc")):
        text = " ".join("".join(t.text or "" for t in tc.iter(qn("w:t"))).split()).lower()
        if "action" in text:
            columns.setdefault("actions", grid)
        elif "related" in text:
            columns.setdefault("related", grid)
            columns["related_header"] = text  # type: ignore[assignment]
        elif "recommendation" in text:
            columns.setdefault("statement", grid)
        elif text:
            columns.setdefault("unknown", grid)
        grid += _span(tc)
    if "statement" not in columns or "actions" not in columns:
        return None
    return columns


def _span(tc) -> int:
    """Return how many grid columns a cell spans (a span that is not a number was refused by `_scan_main_part`)."""
    span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
    return int(span.get(qn("w:val"), "1")) if span is not None else 1


def _scan_main_part(path: Path, found: Imported) -> bool:
    """Stream the document's main part once before it is built, refusing what no annex holds.

    Checked as lxml reads the XML, so nothing large is built first: the part is a Word
    document (its root ``w:document``), a table has at most `ROWS` rows, a cell at most
    `CELL_CHARACTERS` characters, a cell's span is a whole number, and no entity
    reference is left unresolved (its text would be lost).

    Returns:
        Whether the document may be read; otherwise its problem is in `found`.
    """
    import zipfile

    from ..limits import CELL_CHARACTERS, ROWS

    max_rows, max_cell = ROWS.value(), CELL_CHARACTERS.value()
    part = "word/document.xml"
    try:
        with zipfile.ZipFile(path) as package:
            name = _main_part_name(package) or part
            part = name
            with package.open(name) as stream:
                tables, rows, characters, cells_open = 0, 0, 0, 0
                for event, element in etree.iterparse(stream, events=("start", "end"), resolve_entities=False,
                                                      no_network=True, huge_tree=True):
                    if event == "start":
                        if tables == 0 and rows == 0 and element.getparent() is None and element.tag != qn("w:document"):
                            found.problem(part, f"not a Word document (its root is <{_short(etree.QName(element).localname)}>)",
                                          "a .docx saved by Word or LibreOffice")
                            return False
                        if element.tag == qn("w:tbl"):
                            tables += 1
                        elif element.tag == qn("w:tr"):
                            rows += 1
                            if rows > max_rows:
                                found.problems.extend(ROWS.refusal(f"{path}: table {tables}, row {rows}").problems)
                                return False
                        elif element.tag == qn("w:tc"):
                            characters, cells_open = 0, cells_open + 1
                        elif element.tag == qn("w:p") and not cells_open:
                            characters = 0  # outside a table, each paragraph is a text of its own
                        continue
                    if element.tag == qn("w:tc"):
                        cells_open -= 1
                    if element.tag == qn("w:t"):
                        characters += len(element.text or "")
                        if characters > max_cell:
                            found.problems.extend(CELL_CHARACTERS.refusal(
                                f"{path}: table {tables}, row {rows}" if cells_open else f"{path}: {part}",
                                f"more than {max_cell:,} characters in one cell").problems)
                            return False
                        for child in element:
                            if child.tag is etree.Entity:
                                found.problem(f"{part}, line {child.sourceline}",
                                              f"an XML entity reference {_short(str(child))} that cannot be read",
                                              "the text written out in the document")
                                return False
                    elif element.tag == qn("w:gridSpan"):
                        value = element.get(qn("w:val"), "1")
                        if not (value.strip().isdigit() and 0 < int(value) < 1000):
                            found.problem(f"table {tables}, row {rows}", f"a cell spanning ‘{_short(value)}’ columns",
                                          "a whole number of columns")
                            return False
                    if element.tag in (qn("w:p"), qn("w:tbl")) and element.getparent() is not None \
                            and element.getparent().tag == qn("w:body"):
                        element.clear(keep_tail=True)  # a block read: let it go, so memory stays flat
    except KeyError:
        return True  # no main part: python-docx says so in its own words
    except etree.XMLSyntaxError as exc:
        found.problem(part, f"not well-formed XML ({_xml_error(exc)})", "a .docx saved by Word or LibreOffice")
        return False
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        found.problem(part, f"cannot unpack this part ({type(exc).__name__}: {_short(str(exc))})", "a .docx saved by Word or LibreOffice")
        return False
    return True


def _xml_error(exc: etree.XMLSyntaxError) -> str:
    """Return what the XML parser found wrong first, and where (its own error log is more exact than its message)."""
    # The log is the thread's: its last fatal entry is this parse's (libxml2 stops at the first).
    entries = [entry for entry in exc.error_log if entry.level_name == "FATAL"] or list(exc.error_log)
    if entries:
        return f"{_short(entries[-1].message.strip())}, line {entries[-1].line}, column {entries[-1].column}"
    return _short(str(exc))


def _main_part_name(package) -> str | None:
    """Return the main part's name as the package's content types give it (usually word/document.xml)."""
    try:
        types = package.read("[Content_Types].xml")
        root = etree.fromstring(types, etree.XMLParser(resolve_entities=False, no_network=True))
    except (KeyError, etree.XMLSyntaxError):
        return None
    for override in root:
        if (override.get("ContentType") or "").endswith("wordprocessingml.document.main+xml"):
            return (override.get("PartName") or "").lstrip("/") or None
    return None


def _read_annex(table, number: int, columns: dict, reader: _Paragraphs, found: Imported) -> None:
    """Read the annex table's rows into recommendations (a row whose first cell is empty or merged continues the last)."""
    if "unknown" in columns:
        found.problem(f"table {number}, row 1", "a column recreg does not read", "Recommendation | Recommended Actions | Related 40 Rec.")
        return
    default = header_edition(columns.get("related_header", ""))  # type: ignore[arg-type]
    grammar = _Grammar(found, default)
    rows = table.findall(qn("w:tr"))
    width = sum(_span(tc) for tc in rows[0].findall(qn("w:tc")))
    for r_index, tr in enumerate(rows[1:], start=2):
        cells: dict[str, tuple] = {}
        grid = 0
        for c_index, tc in enumerate(tr.findall(qn("w:tc")), start=1):
            merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
            continued = merge is not None and merge.get(qn("w:val"), "continue") == "continue"
            for name in ("statement", "actions", "related"):
                if columns.get(name) == grid:
                    cells[name] = (tc, c_index, continued)
            if _span(tc) >= width and grid == 0:
                cells = {"across": (tc, c_index, False)}
            grid += _span(tc)
        place = f"table {number}, row {r_index}"
        if "across" in cells:
            text = " ".join(line.text for p in cells["across"][0].iter(qn("w:p")) for line in reader.lines(p, place))
            if text:
                found.notes.append(f"Table {number}, row {r_index} (across the table): {text}")
            continue

        def lines(name: str) -> list[_Line]:
            if name not in cells:
                return []
            tc, c_index, _ = cells[name]
            where = f"{place}, cell {c_index}"
            if tc.find(f".//{qn('w:tbl')}") is not None:
                found.problem(where, "a table inside a cell cannot be placed")
            return [line for p in tc.findall(qn("w:p")) for line in reader.lines(p, where)]

        statement, actions, related = lines("statement"), lines("actions"), lines("related")
        if not (statement or actions or related):
            continue  # an empty row (or the empty rest of merged cells): nothing to place
        continued = "statement" in cells and cells["statement"][2]
        if statement and not continued:
            grammar.start(statement[0])
            grammar.statement(statement[1:])
        elif statement:
            grammar.statement(statement)
        grammar.actions(actions)
        grammar.related(related)
    if not found.recommendations and not found.problems:
        found.problem(f"table {number}", "no recommendation in the table", "a row starting with ‘Recommendation 1’")
    _finish(found)


def _place_footnotes(reader: _Paragraphs, found: Imported) -> None:
    """Give each recommendation the footnotes its texts reference."""
    by_where: dict[str, list[tuple[int, str]]] = {}
    for number, text, where in reader.referenced:
        by_where.setdefault(where, []).append((number, text))
    for rec in found.recommendations:
        wheres = rec.pop("_wheres", [])
        for where in wheres:
            for number, text in by_where.pop(where, []):
                existing = [f for f in rec.get("footnotes", []) if f["number"] == number]
                if existing and existing[0]["text"] != text:
                    found.problem(where, f"two footnotes numbered {number} in Recommendation {rec['number']}")
                elif not existing:
                    if not text:
                        found.problem(where, f"footnote {number} is empty")
                    rec.setdefault("footnotes", []).append({"number": number, "text": text, "source": found.source(f"footnote {number}, referenced at {where}")})
        if "footnotes" in rec:
            rec["footnotes"].sort(key=lambda f: f["number"])
    for where, notes in by_where.items():
        for number, _ in notes:
            if not where.startswith("paragraph"):
                found.problem(where, f"footnote {number} is referenced outside any recommendation")


class _Grammar:
    """Place the lines of the annex cells: number and statement, actions and sub-items, Related entries."""

    def __init__(self, found: Imported, default_edition: str | None):
        self.found = found
        self.default = default_edition
        self.current: dict | None = None
        self.action_form: str | None = None

    def start(self, first: _Line) -> None:
        """Begin a recommendation at the first line of its statement cell (its number, maybe its text)."""
        number, rest = split_number(first.text)
        if number is None:
            self.found.problem(first.where, f"no recommendation number before ‘{_short(first.text)}’",
                               "‘Recommendation 1’, ‘R1’ or ‘1.’ first in the cell")
            self.current = None
            return
        self.current = {"number": number, "_statement": [], "_wheres": [first.where], "source": self.found.source(first.where)}
        self.found.recommendations.append(self.current)
        self.action_form = None
        if rest:
            self.current["_statement"].append(rest)

    def _need(self, line: _Line) -> bool:
        if self.current is None:
            self.found.problem(line.where, f"text with no recommendation to belong to: ‘{_short(line.text)}’",
                               "a row starting with ‘Recommendation N’")
            return False
        if line.where not in self.current["_wheres"]:
            self.current["_wheres"].append(line.where)
        return True

    def statement(self, lines: list[_Line]) -> None:
        for index, line in enumerate(lines):
            if not self._need(line):
                return
            label, form, rest = split_label(ACTION, line.text)
            if label is not None and label == self._next_letter() and not self.current.get("actions") and self.current["_statement"]:
                self.actions(lines[index:])  # the actions written in the statement's cell
                return
            self.current["_statement"].append(line.text)

    def _next_letter(self) -> str:
        return chr(ord("a") + len(self.current.get("actions", [])))

    def actions(self, lines: list[_Line]) -> None:
        for line in lines:
            if not self._need(line):
                return
            actions = self.current.setdefault("actions", [])
            action = actions[-1] if actions else None
            next_item = ROMAN[len(action.get("items", []))] if action is not None and len(action.get("items", [])) < len(ROMAN) else None
            letter, letter_form, letter_rest = split_label(ACTION, line.text)
            numeral, numeral_form, numeral_rest = split_label(ITEM, line.text)
            if line.level is not None and letter is None and numeral is None:
                kind, label, rest = ("action", self._next_letter(), line.text) if line.level == 0 else ("item", next_item, line.text)
            elif numeral is not None and numeral == next_item and (letter != self._next_letter() or letter_form != self.action_form):
                kind, label, rest = "item", numeral, numeral_rest
            elif letter is not None and letter == self._next_letter():
                kind, label, rest = "action", letter, letter_rest
                self.action_form = self.action_form or letter_form
            elif letter is not None or numeral is not None:
                expected = f"({self._next_letter()})" + (f" or {next_item}." if next_item else "")
                self.found.problem(line.where, f"label ‘{line.text.split()[0]}’ out of sequence", expected)
                continue
            else:
                kind, label, rest = "text", None, line.text
            if kind == "action":
                actions.append({"label": label, "_text": [rest] if rest else [], "source": self.found.source(line.where)})
            elif kind == "item":
                if action is None or label is None:
                    self.found.problem(line.where, f"sub-item ‘{_short(line.text)}’ with no action before it", "an action (a) first")
                    continue
                action.setdefault("items", []).append({"label": label, "_text": [rest] if rest else [], "source": self.found.source(line.where)})
            elif action is None:
                self.found.problem(line.where, f"text before the first action: ‘{_short(line.text)}’", "an action label such as (a)")
            else:
                target = action["items"][-1] if action.get("items") else action
                target["_text"].append(line.text)

    def related(self, lines: list[_Line]) -> None:
        for line in lines:
            if not self._need(line):
                return
            letter, _, rest = split_label(ACTION, line.text)
            owner = self.current
            if letter is not None:
                owner = next((a for a in self.current.get("actions", []) if a["label"] == letter), None)
                if owner is None:
                    self.found.problem(line.where, f"links for action ({letter}), which this recommendation does not have")
                    continue
            links = parse_links(rest if letter else line.text, self.default)
            if links is not None:
                for link in links:
                    data = {"type": link.type, "target": str(link.target), "source": self.found.source(line.where)}
                    owner.setdefault("links", []).append(data)
                    self.found.link_places.append((data, line.where))
            elif letter is None and re.search(r"\bnew\b", line.text, re.I) and "new" not in self.current:
                self.current["new"] = {"text": line.text, "source": self.found.source(line.where)}
            else:
                self.found.problem(line.where, f"cannot read ‘{_short(line.text)}’ as related recommendations",
                                   "R-numbers such as ‘R3, R4 and R13’, or words saying it is new")


def _finish(found: Imported) -> None:
    """Join each text's lines, read missing statements, and check the numbers run 1, 2, 3..."""
    for rec in found.recommendations:
        statement = " ".join(rec.pop("_statement", []))
        missing = MISSING.fullmatch(statement)
        if missing:
            rec["statement"] = None
            rec["missing"] = {"where": missing.group("where")}
        elif statement:
            rec["statement"] = statement
        else:
            found.problem(rec["source"]["at"], f"Recommendation {rec['number']} has no statement")
        for index, action in enumerate(rec.get("actions", [])):
            text = " ".join(action.pop("_text"))
            if not text:
                found.problem(action["source"]["at"], f"action ({action['label']}) of Recommendation {rec['number']} has no text")
            for i_index, item in enumerate(action.get("items", [])):
                item_text = " ".join(item.pop("_text"))
                if not item_text:
                    found.problem(item["source"]["at"], f"sub-item {item['label']}. of Recommendation {rec['number']} has no text")
                action["items"][i_index] = {"label": item["label"], "text": item_text, "source": item["source"]}
            rec["actions"][index] = {"label": action["label"], "text": text,
                                     **{k: action[k] for k in ("items", "links", "source") if k in action}}
    numbers = [rec["number"] for rec in found.recommendations]
    seen = set()
    for rec in found.recommendations:
        if rec["number"] in seen:
            found.problem(rec["source"]["at"], f"Recommendation {rec['number']} appears twice")
        seen.add(rec["number"])
    if len(seen) == len(numbers):
        for expected, number in enumerate(sorted(numbers), start=1):
            if number != expected:
                rec = next(r for r in found.recommendations if r["number"] == number)
                found.problem(rec["source"]["at"], f"Recommendation {number} where {expected} was expected", f"Recommendation {expected}")
                break
    # Rows may come in any order (a table showing a diff's old side keeps the new order): order by number.
    found.recommendations.sort(key=lambda rec: rec["number"])
    for rec in found.recommendations:
        ordered = {key: rec[key] for key in ("number", "statement", "missing", "actions", "footnotes", "links", "new", "source", "_wheres") if key in rec}
        rec.clear()
        rec.update(ordered)


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


# Spreadsheets -----------------------------------------------------------------------------


def _read_sheet(path: Path, found: Imported) -> None:
    """Read a workbook of one sheet or a CSV file (`recreg.office.tables`, the reader survey imports use too)."""
    from ..errors import InvalidInput
    from .tables import column_letter, read_table

    try:
        table = read_table(path, one_sheet=True)
    except InvalidInput as exc:
        found.problems.extend(exc.problems)
        return
    rows = [["" if cell.value is None else str(cell.value) for cell in row] for row in table.rows]

    def where(row: int, column: int | None) -> str:
        sheet = f"sheet ‘{table.sheet}’, " if table.sheet else ""
        return f"{sheet}row {row}" + (f", column {column_letter(column + 1)}" if column is not None else "")

    _read_rows(rows, found, where, guarded=table.sheet is None)  # CSV texts carry the formula guard


def _read_rows(rows: list[list[str]], found: Imported, where, guarded: bool) -> None:
    """Read spreadsheet rows (one per node: address, kind, label, text, links, note) into edition data."""
    from ..edition.address import parse_address
    from ..errors import RecregError

    if not rows or not any(cell.strip() for cell in rows[0]):
        found.problem(where(1, None), "no header row", ", ".join(COLUMNS))
        return
    header = [cell.strip().lower() for cell in rows[0]]
    unknown = [(i, h) for i, h in enumerate(header) if h and h not in COLUMNS]
    absent = [name for name in ("address", "kind", "text") if name not in header]
    if unknown or absent:
        column = unknown[0][0] if unknown else None
        found.problem(where(1, column), f"the columns are {', '.join(repr(h) for h in header if h)}", ", ".join(COLUMNS))
        return
    index = {name: header.index(name) for name in COLUMNS if name in header}
    nodes: dict = {}
    for r_number, row in enumerate(rows[1:], start=2):
        cells = {name: (row[i].strip() if i < len(row) else "") for name, i in index.items()}
        if not any(cells.values()) and not any(c.strip() for c in row):
            continue
        extra = [i for i, c in enumerate(row) if c.strip() and (i >= len(header) or not header[i])]
        if extra:
            found.problem(where(r_number, extra[0]), f"text in a column with no header: ‘{_short(row[extra[0]].strip())}’")
            continue
        kind = cells["kind"].lower()
        if kind not in KINDS:
            found.problem(where(r_number, index["kind"]), f"unknown kind ‘{cells['kind']}’", ", ".join(KINDS))
            continue
        text = row[index["text"]] if index["text"] < len(row) else ""
        if guarded and text.startswith("'"):
            text = text[1:]  # the apostrophe that keeps a spreadsheet from reading a CSV text as a formula
        text = " ".join(line.strip() for line in text.split("\n") if line.strip())
        if kind == "edition":
            found.title = text or found.title
            continue
        try:
            address = parse_address(cells["address"], option="address")
        except RecregError:
            found.problem(where(r_number, index["address"]), f"‘{cells['address']}’ is not an address", "R5, R5/d, R7/a/ii or R6/fn2")
            continue
        address = address.with_edition(None) if address.edition else address
        if address.kind != kind:
            found.problem(where(r_number, index["kind"]), f"kind ‘{kind}’ but {address.local} is a {address.kind}")
            continue
        if address in nodes:
            found.problem(where(r_number, index["address"]), f"{address.local} appears twice (also row {nodes[address][0]})")
            continue
        label_problem = _label_problem(cells.get("label", ""), address)
        if label_problem:
            found.problem(where(r_number, index["label"]), label_problem, _label_of(address))
            continue
        nodes[address] = (r_number, kind, text, cells.get("links", ""), cells.get("note", ""))
    recs: dict[int, dict] = {}
    for address in sorted(nodes):
        r_number, kind, text, links, note = nodes[address]
        place = where(r_number, index["text"])
        rec = recs.get(address.number)
        if kind != "recommendation" and rec is None:
            found.problem(where(r_number, index["address"]), f"{address.local} has no row for R{address.number}")
            continue
        if kind == "recommendation":
            rec = {"number": address.number, "source": found.source(place)}
            recs[address.number] = rec
            found.recommendations.append(rec)
            _read_note(found, rec, note, text, where(r_number, index.get("note", index["text"])), place)
            owner = rec
        elif kind == "action":
            rec.setdefault("actions", []).append({"label": address.action, "text": text, "source": found.source(place)})
            owner = rec["actions"][-1]
        elif kind == "item":
            action = next((a for a in rec.get("actions", []) if a["label"] == address.action), None)
            if action is None:
                found.problem(where(r_number, index["address"]), f"{address.local} has no row for its action")
                continue
            action.setdefault("items", []).append({"label": address.item, "text": text, "source": found.source(place)})
            owner = None
        else:
            rec.setdefault("footnotes", []).append({"number": address.footnote, "text": text, "source": found.source(place)})
            owner = None
        if kind != "recommendation" and not text:
            found.problem(place, f"{address.local} has no text")
        if links.strip():
            parsed = parse_links(links, None) if owner is not None else None
            if parsed is None:
                found.problem(where(r_number, index.get("links", 0)), f"cannot read ‘{_short(links)}’ as links",
                              "addresses with their edition, such as ‘r40:R3, r40:R4 and r40:R13’")
                continue
            for link in parsed:
                data = {"type": link.type, "target": str(link.target), "source": found.source(where(r_number, index["links"]))}
                owner.setdefault("links", []).append(data)
                found.link_places.append((data, where(r_number, index["links"])))
    if not recs and not found.problems:
        found.problem(where(2, None), "no recommendation in the table", "a row of kind ‘recommendation’")
    _check_sequences(found, recs)
    for rec in found.recommendations:
        ordered = {key: rec[key] for key in ("number", "statement", "missing", "actions", "footnotes", "links", "new", "source") if key in rec}
        rec.clear()
        rec.update(ordered)


def _read_note(found: Imported, rec: dict, note: str, text: str, note_place: str, place: str) -> None:
    """Read a recommendation's statement, and its note: ``missing: WHERE`` or ``new: WORDS``."""
    kind, _, value = note.partition(":")
    kind = kind.strip().lower()
    if note and kind not in ("missing", "new"):
        found.problem(note_place, f"cannot read the note ‘{_short(note)}’", "‘missing: WHERE’ or ‘new: WORDS’")
    if kind == "new":
        rec["new"] = {"text": value.strip(), "source": found.source(note_place)}
    if kind == "missing" and not text:
        rec["statement"] = None
        rec["missing"] = {"where": value.strip()}
    elif text:
        rec["statement"] = text
    else:
        found.problem(place, f"R{rec['number']} has no statement", "a text, or the note ‘missing: WHERE’")


def _label_of(address) -> str:
    if address.kind == "recommendation":
        return f"Recommendation {address.number}"
    if address.kind == "action":
        return f"({address.action})"
    if address.kind == "item":
        return f"{address.item}."
    return str(address.footnote)


def _label_problem(label: str, address) -> str | None:
    """Say how a row's label disagrees with its address, if it does (``(a)``, ``a.``, ``R1``, ``1.`` are all read)."""
    if not label:
        return None
    if address.kind == "recommendation":
        number = int(label) if label.isdigit() else split_number(label)[0]
        ok = number == address.number and (label.isdigit() or not split_number(label)[1])
    elif address.kind == "action":
        found, _, rest = split_label(ACTION, label)
        ok = (found or label) == address.action and not rest
    elif address.kind == "item":
        found, _, rest = split_label(ITEM, label)
        ok = (found or label) == address.item and not rest
    else:
        ok = label.strip("[]^") == str(address.footnote)
    return None if ok else f"label ‘{label}’ does not fit {address.local}"


def _check_sequences(found: Imported, recs: dict[int, dict]) -> None:
    """Check numbers, letters and numerals run without gaps (a sorted sheet may have lost a row)."""
    for expected, number in enumerate(sorted(recs), start=1):
        if number != expected:
            found.problem(recs[number]["source"]["at"], f"R{number} where R{expected} was expected (is a row missing?)")
            return
    for rec in recs.values():
        for expected, action in zip("abcdefghijklmnopqrstuvwxyz", rec.get("actions", [])):
            if action["label"] != expected:
                found.problem(action["source"]["at"], f"R{rec['number']}/{action['label']} where R{rec['number']}/{expected} was expected")
                break
            for numeral, item in zip(ROMAN, action.get("items", [])):
                if item["label"] != numeral:
                    found.problem(item["source"]["at"], f"item {item['label']} where {numeral} was expected")
                    break
