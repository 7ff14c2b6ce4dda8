"""Read the annex table of a Word document, every line with its place (table, row, cell, paragraph)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from .annex_grammar import Grammar, Imported, Line, finish, short
from .layout import header_edition
from .trackchanges import count_revisions, qn, resolve
from ..errors import InvalidInput
from ..limits import CELL_CHARACTERS, ROWS, TEXT_CHARACTERS, check_package
from .wordml import FOOTNOTES_URI


class _Paragraphs:
    """Turn WordprocessingML paragraphs into text lines, footnote references as markers."""

    def __init__(self, found: Imported, footnotes: dict[str, str], first_number: int = 1):
        self.found = found
        self.footnote_texts = footnotes  # Word footnote id -> its text
        self.auto_number = first_number - 1  # Word numbers footnotes from w:numStart (1 by default)
        self.referenced: list[tuple[int, str, str]] = []  # (number, text, where) of each reference read

    def lines(self, paragraph, where: str) -> list[Line]:
        text = self.text(paragraph, where)
        level = paragraph.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:ilvl')}")
        numbered = paragraph.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None
        found = []
        for index, line in enumerate(text.split("\n")):
            line = line.strip()
            if line:
                lvl = (_whole(level, "w:val", 0, self.found, where) if level is not None else 0) if numbered and index == 0 else None
                found.append(Line(line, where, lvl))
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
                self.found.problem(where, f"an XML entity reference {short(str(node))} that cannot be read",
                                   "the text written out in the document")
        return "".join(parts)


def _whole(node, attribute: str, default: int, found: Imported, where: str) -> int:
    """Return a whole-number attribute of a WordprocessingML element; a problem (and the default) when it is not one."""
    value = node.get(qn(attribute), str(default))
    if value.strip().isdigit() and len(value) < 10:
        return int(value)
    found.problem(where, f"{attribute}=‘{short(value)}’ on <w:{etree.QName(node).localname}> is not a whole number",
                  "a document saved by Word or LibreOffice")
    return default


def _symbol(node, found: Imported, where: str) -> str:
    """Return the character of a ``w:sym`` (a hexadecimal code), or a problem when it names none."""
    code = node.get(qn("w:char"), "20")
    try:
        return chr(int(code, 16))
    except (ValueError, OverflowError):
        found.problem(where, f"a symbol with the code ‘{short(code)}’, which names no character", "a hexadecimal character code")
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


def read_docx(path: Path, found: Imported, tracked: str | None) -> None:
    import zipfile

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
    document (its root ``w:document``), its tables have at most `ROWS` rows and so many
    paragraphs lie outside them, a cell holds at most `CELL_CHARACTERS` characters and
    the document `TEXT_CHARACTERS`, a cell's span is a whole number, and no entity
    reference is left unresolved (its text would be lost).

    Returns:
        Whether the document may be read; otherwise its problem is in `found`.
    """
    import zipfile
    import zlib

    max_rows, max_cell, max_text = ROWS.value(), CELL_CHARACTERS.value(), TEXT_CHARACTERS.value()
    part = "word/document.xml"
    try:
        with zipfile.ZipFile(path) as package:
            name = _main_part_name(package) or part
            part = name
            with package.open(name) as stream:
                tables, rows, characters, cells_open, paragraphs, text = 0, 0, 0, 0, 0, 0
                for event, element in etree.iterparse(stream, events=("start", "end"), resolve_entities=False,
                                                      no_network=True, huge_tree=True):
                    if event == "start":
                        if tables == 0 and rows == 0 and element.getparent() is None and element.tag != qn("w:document"):
                            found.problem(part, f"not a Word document (its root is <{short(etree.QName(element).localname)}>)",
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
                        text += len(element.text or "")
                        if characters > max_cell:
                            found.problems.extend(CELL_CHARACTERS.refusal(
                                f"{path}: table {tables}, row {rows}" if cells_open else f"{path}: {part}",
                                f"more than {max_cell:,} characters in one cell").problems)
                            return False
                        if text > max_text:
                            found.problems.extend(TEXT_CHARACTERS.refusal(
                                f"{path}: table {tables}, row {rows}" if cells_open else f"{path}: {part}").problems)
                            return False
                        for child in element:
                            if child.tag is etree.Entity:
                                found.problem(f"{part}, line {child.sourceline}",
                                              f"an XML entity reference {short(str(child))} that cannot be read",
                                              "the text written out in the document")
                                return False
                    elif element.tag == qn("w:gridSpan"):
                        value = element.get(qn("w:val"), "1")
                        if not (value.strip().isdigit() and 0 < int(value) < 1000):
                            found.problem(f"table {tables}, row {rows}", f"a cell spanning ‘{short(value)}’ columns",
                                          "a whole number of columns")
                            return False
                    if element.tag == qn("w:p") and element.getparent() is not None \
                            and element.getparent().tag == qn("w:body"):
                        paragraphs += 1  # each a note of the import, as a row of another table is
                        if paragraphs > max_rows:
                            found.problems.extend(ROWS.refusal(
                                f"{path}: {part}, paragraph {paragraphs}",
                                f"more than {max_rows:,} paragraphs outside the tables").problems)
                            return False
                    # Read: let it go, so memory stays flat (a block cleared whole would take
                    # as long to free as every element it still holds).
                    element.clear(keep_tail=True)
    except KeyError:
        return True  # no main part: python-docx says so in its own words
    except etree.XMLSyntaxError as exc:
        found.problem(part, f"not well-formed XML ({_xml_error(exc)})", "a .docx saved by Word or LibreOffice")
        return False
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        found.problem(part, f"cannot unpack this part ({type(exc).__name__}: {short(str(exc))})", "a .docx saved by Word or LibreOffice")
        return False
    return True


def _xml_error(exc: etree.XMLSyntaxError) -> str:
    """Return what the XML parser found wrong first, and where (its own error log is more exact than its message)."""
    # The log is the thread's: its last fatal entry is this parse's (libxml2 stops at the first).
    entries = [entry for entry in exc.error_log if entry.level_name == "FATAL"] or list(exc.error_log)
    if entries:
        return f"{short(entries[-1].message.strip())}, line {entries[-1].line}, column {entries[-1].column}"
    return short(str(exc))


def _main_part_name(package) -> str | None:
    """Return the main part's name as the package's content types give it (usually word/document.xml)."""
    import zipfile
    import zlib

    try:
        types = package.read("[Content_Types].xml")
        root = etree.fromstring(types, etree.XMLParser(resolve_entities=False, no_network=True))
    except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError,
            NotImplementedError):
        return None  # python-docx reads the content types too, and says what is wrong with them
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
    grammar = Grammar(found, default)
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

        def lines(name: str) -> list[Line]:
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
    finish(found)


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
