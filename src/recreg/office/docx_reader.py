"""Read the annex table of a Word document, every line with its place (table, row, cell, paragraph)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import NoReturn

from lxml import etree

from ..errors import InvalidInput
from ..limits import CELL_CHARACTERS, ROWS, TEXT_CHARACTERS, check_package, excerpt
from .annex_grammar import Imported, Line, short
from .docx_annex import DocumentFlow
from .trackchanges import count_revisions, qn, resolve
from .wordml import FOOTNOTES_URI

HYPERLINK_URI = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"  # r:id


# A HYPERLINK field to an address (``HYPERLINK "https://..." \o "tip"``); ``HYPERLINK \l "bookmark"`` stays inside.
_FIELD_LINK = re.compile(r'\s*HYPERLINK\s+"([^"]+)"', re.IGNORECASE)


class _Paragraphs:
    """Turn WordprocessingML paragraphs into text lines, footnote references as markers numbered by their real ids."""

    def __init__(
        self,
        found: Imported,
        footnotes: dict[str, str],
        numbers: dict[str, tuple[int, str | None]] | None = None,
        urls: dict[str, str] | None = None,
    ):
        self.found = found
        self.urls = urls or {}  # relationship id -> the external address a hyperlink names
        self.footnote_texts = footnotes  # Word footnote id -> its text
        self.numbers = (
            numbers or {}
        )  # Word footnote id -> (its number, its custom mark), counted once in document order
        self.referenced: dict[str, tuple[int, str, str]] = {}  # footnote id -> (number, text, where it is referenced)
        self.reported: set[str] = set()

    def lines(self, paragraph, where: str, outside: bool = False) -> list[Line]:
        """Return a paragraph's lines; `outside` the annex, a footnote reference is a problem (it cannot be placed)."""
        text = self.text(paragraph, where, outside)
        level = paragraph.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:ilvl')}")
        numbered = paragraph.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None
        found = []
        for index, line in enumerate(text.split("\n")):
            line = line.strip()
            if line:
                lvl = (
                    (_whole(level, "w:val", 0, self.found, where) if level is not None else 0)
                    if numbered and index == 0
                    else None
                )
                found.append(Line(line, where, lvl))
        return found

    def text(self, element, where: str, outside: bool = False) -> str:
        """Return the text of an element's runs: footnote references as ``[^N]``, breaks as new lines."""
        parts: list[str] = []
        pending_mark: str | None = None  # a custom footnote mark still to pass over
        instruction: list[str] | None = None  # a field's code, between its begin and separate marks
        for node in element.iter():
            tag = node.tag
            if tag == qn("w:footnoteReference"):
                pending_mark = self._reference(node, where, outside, parts)
            elif tag == qn("w:hyperlink"):
                self._hyperlink(node, where)
            elif tag == qn("w:fldSimple"):
                self._field(node.get(qn("w:instr")) or "", where)
            elif tag == qn("w:instrText"):
                if instruction is not None:
                    instruction.append(node.text or "")
            elif tag == qn("w:fldChar"):
                kind = node.get(qn("w:fldCharType"))
                if kind == "begin":
                    instruction = []
                elif instruction is not None:  # separate or end: the code is whole; its result is text
                    self._field("".join(instruction), where)
                    instruction = None
            elif tag == qn("w:t"):
                if pending_mark is not None and (node.text or "").strip() == pending_mark:
                    pending_mark = None  # the custom mark follows the reference: not text of the paragraph
                    continue
                pending_mark = None
                parts.append(node.text or "")
            else:
                parts.append(self._other(node, tag, where))
        return "".join(parts)

    def _reference(self, node, where: str, outside: bool, parts: list[str]) -> str | None:
        """Write a footnote reference as ``[^N]`` and note where it stands; return its custom mark, if any."""
        footnote_id = node.get(qn("w:id"))
        number, mark = self.numbers.get(footnote_id, (0, None))
        parts.append(f"[^{number}]")
        body = self.footnote_texts.get(footnote_id)
        if footnote_id in self.reported or footnote_id in self.referenced:
            return mark
        if body is None:
            self.reported.add(footnote_id)
            self.found.problem(where, f"footnote reference {number} has no footnote text")
        elif outside:
            self.reported.add(footnote_id)
            self.found.problem(
                where,
                f"footnote {number} stands outside the annex table, where it cannot be placed",
                "footnotes in the annex's cells only",
            )
        else:
            self.referenced[footnote_id] = (number, _strip_mark(body, mark), where)
        return mark

    def _hyperlink(self, node, where: str) -> None:
        """Say that a hyperlink's address is not kept (its words are read as the text they are), once per place."""
        url = self.urls.get(node.get(_RELATIONSHIP_ID) or "")
        if url is None:
            return  # a link within the document (a bookmark), or to nothing: no address is lost
        words = " ".join("".join(t.text or "" for t in node.iter(qn("w:t"))).split())
        address = excerpt(" ".join(url.split()), 300)  # one line, whole unless absurdly long
        note = f"{self.found.file}: {where}: the link on ‘{short(words)}’ to {address}"
        note += " (an edition keeps the words, not the link)"
        if note not in self.found.left_out:
            self.found.left_out.append(note)

    def _field(self, instruction: str, where: str) -> None:
        """Say that a HYPERLINK field's address is not kept (older Word writes links so; its result is read as text)."""
        found = _FIELD_LINK.match(instruction)
        if found is None:
            return  # another field (a page number, a link within the document): its shown text is all there is
        address = excerpt(" ".join(found.group(1).split()), 300)
        note = f"{self.found.file}: {where}: a link field to {address} (an edition keeps the words, not the link)"
        if note not in self.found.left_out:
            self.found.left_out.append(note)

    def _other(self, node, tag: str, where: str) -> str:
        """Return the text a run element other than ``w:t`` stands for (a problem for what cannot be placed)."""
        if tag == qn("w:tab"):
            return "\t"
        if tag in (qn("w:br"), qn("w:cr")):
            return "\n" if node.get(qn("w:type")) in (None, "textWrapping") else ""
        if tag == qn("w:noBreakHyphen"):
            return "\u2011"
        if tag == qn("w:sym"):
            return _symbol(node, self.found, where)
        if tag in (qn("w:drawing"), qn("w:pict"), qn("w:object")):
            self.found.problem(where, "a picture or embedded object cannot be placed in an edition")
        elif tag == qn("w:endnoteReference"):
            self.found.problem(where, "an endnote cannot be placed (recreg reads footnotes)", "a footnote")
        elif tag is etree.Entity:
            # Text past an unresolved entity would be lost: refuse the document instead.
            self.found.problem(
                where,
                f"an XML entity reference {short(str(node))} that cannot be read",
                "the text written out in the document",
            )
        return ""


def footnote_numbers(body, first_number: int) -> dict[str, tuple[int, str | None]]:
    """Number the document's footnote references once, in document order, by their Word ids.

    Word numbers footnotes from ``w:numStart`` in the order their references stand; a
    reference with a custom mark (``w:customMarkFollows``) that is a number keeps that
    number and leaves the count alone.

    Returns:
        Each footnote id's number and custom mark (None for an automatic one).
    """
    numbers: dict[str, tuple[int, str | None]] = {}
    count = first_number - 1
    for node in body.iter(qn("w:footnoteReference")):
        footnote_id = node.get(qn("w:id"))
        if footnote_id in numbers:
            continue
        custom = node.get(qn("w:customMarkFollows")) in ("1", "true", "on")
        mark = _custom_mark(node) if custom else None
        if mark is not None and mark.isdigit() and len(mark) < 10:
            numbers[footnote_id] = (int(mark), mark)
        else:
            count += 1
            numbers[footnote_id] = (count, mark)
    return numbers


def _whole(node, attribute: str, default: int, found: Imported, where: str) -> int:
    """Return a whole-number attribute of a WordprocessingML element; a problem (and the default) when it is not one."""
    value = node.get(qn(attribute), str(default))
    if value.strip().isdigit() and len(value) < 10:
        return int(value)
    found.problem(
        where,
        f"{attribute}=‘{short(value)}’ on <w:{etree.QName(node).localname}> is not a whole number",
        "a document saved by Word or LibreOffice",
    )
    return default


def _symbol(node, found: Imported, where: str) -> str:
    """Return the character of a ``w:sym`` (a hexadecimal code), or a problem when it names none."""
    code = node.get(qn("w:char"), "20")
    try:
        return chr(int(code, 16))
    except (ValueError, OverflowError):
        found.problem(
            where, f"a symbol with the code ‘{short(code)}’, which names no character", "a hexadecimal character code"
        )
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
        body = body[len(mark) :].strip()
    return body


def _footnotes(document, found: Imported, tracked: str | None) -> dict[str, str]:
    """Return the document's footnote texts by Word id (paragraphs joined by one space)."""
    from docx.oxml.parser import parse_xml

    part = next(
        (
            rel.target_part
            for rel in document.part.rels.values()
            if rel.reltype == FOOTNOTES_URI and not rel.is_external
        ),
        None,
    )
    if part is None:
        return {}
    try:
        root = part.element if hasattr(part, "element") else parse_xml(part.blob)
    except etree.XMLSyntaxError as exc:
        found.problem(
            part.partname.lstrip("/"),
            f"not well-formed XML ({_xml_error(exc)})",
            "a document saved by Word or LibreOffice",
        )
        return {}
    if tracked:
        resolve(root, tracked == "accept")
    texts = {}
    for footnote in root.iter(qn("w:footnote")):
        if footnote.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        reader = _Paragraphs(found, {}, urls=_urls(part))
        paragraphs = [
            " ".join(reader.text(p, f"footnote {footnote.get(qn('w:id'))}").split("\n")).strip()
            for p in footnote.iter(qn("w:p"))
        ]
        texts[footnote.get(qn("w:id"))] = " ".join(p for p in paragraphs if p)
    return texts


def _urls(part) -> dict[str, str]:
    """Return the external addresses a part's hyperlinks name, by relationship id."""
    try:
        rels = part.rels.values()
    except AttributeError:  # a part python-docx loaded as bytes: it relates to nothing
        return {}
    return {rel.rId: rel.target_ref for rel in rels if rel.reltype == HYPERLINK_URI and rel.is_external}


def read_docx(path: Path, found: Imported, tracked: str | None) -> None:
    """Read a Word document's annex into `found`: its title, introduction, recommendations, footnotes and notes."""
    document = open_word_document(path, found)
    if document is None:
        return
    body = document.element.body
    revisions = count_revisions(body)
    if revisions and tracked is None:
        found.problem(
            "", f"has {revisions} tracked changes; say which side to import", "--tracked accept or --tracked reject"
        )
        return
    if tracked:
        resolve(body, tracked == "accept")
    first_number = first_footnote_number(document, body, found)
    reader = _Paragraphs(
        found, _footnotes(document, found, tracked), footnote_numbers(body, first_number), _urls(document.part)
    )
    DocumentFlow(found, reader, path.name).read(body)
    _place_footnotes(reader, found)


def first_footnote_number(document, body, found: Imported) -> int:
    """Return the number Word gives the first footnote: the section's ``w:numStart``, else the settings', else 1."""
    start = body.find(f"{qn('w:sectPr')}/{qn('w:footnotePr')}/{qn('w:numStart')}")
    if start is None:
        try:
            start = document.settings.element.find(f"{qn('w:footnotePr')}/{qn('w:numStart')}")
        except (AttributeError, KeyError, ValueError):
            # A settings part python-docx cannot take as one (its content type damaged): it only
            # matters when there are footnotes, whose numbers would then be guessed.
            if body.find(f".//{qn('w:footnoteReference')}") is not None:
                found.problem(
                    "word/settings.xml",
                    "the settings part cannot be read, so the footnotes' numbers cannot be told",
                    "a .docx saved by Word or LibreOffice",
                )
            return 1
    return _whole(start, "w:val", 1, found, "footnote numbering") if start is not None else 1


def open_word_document(path: Path, found: Imported):
    """Return the python-docx document of a file that passed the package checks, or None (the problem in `found`)."""
    import zipfile

    try:
        check_package(path)
    except InvalidInput as exc:
        found.problems.extend(exc.problems)
        return None
    if not zipfile.is_zipfile(path):
        found.problem("", "not a Word document (not a zip file)", "a .docx saved by Word or LibreOffice")
        return None
    if not _scan_main_part(path, found):
        return None
    try:
        from docx import Document

        return Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        reason = "not a zip file" if isinstance(exc, zipfile.BadZipFile) else "no Word document inside"
        found.problem("", f"not a Word document ({reason})", "a .docx saved by Word or LibreOffice")
    except Exception as exc:  # noqa: BLE001 - a damaged package: say so in one line, whatever broke
        found.problem("", f"cannot read the Word document ({type(exc).__name__}: {' '.join(str(exc).split())[:120]})")
    return None


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

    part = "word/document.xml"
    try:
        with zipfile.ZipFile(path) as package:
            part = _main_part_name(package) or part
            with package.open(part) as stream:
                scan = _MainPartScan(path, part)
                for event, element in etree.iterparse(
                    stream, events=("start", "end"), resolve_entities=False, no_network=True, huge_tree=True
                ):
                    if event == "start":
                        scan.start(element)
                    else:
                        scan.end(element)
                        # Read: let it go, so memory stays flat (a block cleared whole would take
                        # as long to free as every element it still holds).
                        element.clear(keep_tail=True)
    except _Unreadable as refusal:
        if refusal.problems:
            found.problems.extend(refusal.problems)
        else:
            found.problem(*refusal.located)
        return False
    except KeyError:
        return True  # no main part: python-docx says so in its own words
    except etree.XMLSyntaxError as exc:
        found.problem(part, f"not well-formed XML ({_xml_error(exc)})", "a .docx saved by Word or LibreOffice")
        return False
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        found.problem(
            part,
            f"cannot unpack this part ({type(exc).__name__}: {short(str(exc))})",
            "a .docx saved by Word or LibreOffice",
        )
        return False
    return True


class _Unreadable(Exception):
    """The main part holds what no annex holds: its problems, or where, what and what was expected, to stop the scan."""

    def __init__(self, problems: list | None = None, located: tuple[str, str, str] | None = None):
        super().__init__(problems or located)
        self.problems, self.located = problems, located


class _MainPartScan:
    """Count what the main part holds as its elements open and close, and refuse at the first excess."""

    def __init__(self, path: Path, part: str):
        self.path, self.part = path, part
        self.max_rows, self.max_cell, self.max_text = ROWS.value(), CELL_CHARACTERS.value(), TEXT_CHARACTERS.value()
        self.tables = self.rows = self.characters = self.cells_open = self.paragraphs = self.text = 0

    def _refuse(self, where: str, message: str, expected: str) -> NoReturn:
        raise _Unreadable(located=(where, message, expected))

    def _where(self) -> str:
        return f"{self.path}: table {self.tables}, row {self.rows}" if self.cells_open else f"{self.path}: {self.part}"

    def start(self, element) -> None:
        """Count an element as it opens: the root, tables, rows, cells and paragraphs outside tables."""
        if self.tables == 0 and self.rows == 0 and element.getparent() is None and element.tag != qn("w:document"):
            self._refuse(
                self.part,
                f"not a Word document (its root is <{short(etree.QName(element).localname)}>)",
                "a .docx saved by Word or LibreOffice",
            )
        if element.tag == qn("w:tbl"):
            self.tables += 1
        elif element.tag == qn("w:tr"):
            self.rows += 1
            if self.rows > self.max_rows:
                raise _Unreadable(ROWS.refusal(f"{self.path}: table {self.tables}, row {self.rows}").problems)
        elif element.tag == qn("w:tc"):
            self.characters, self.cells_open = 0, self.cells_open + 1
        elif element.tag == qn("w:p") and not self.cells_open:
            self.characters = 0  # outside a table, each paragraph is a text of its own

    def end(self, element) -> None:
        """Check an element once read whole: a text run's length and entities, a span, a paragraph of the body."""
        if element.tag == qn("w:tc"):
            self.cells_open -= 1
        if element.tag == qn("w:t"):
            self._text(element)
        elif element.tag == qn("w:gridSpan"):
            value = element.get(qn("w:val"), "1")
            if not (value.strip().isdigit() and 0 < int(value) < 1000):
                self._refuse(
                    f"table {self.tables}, row {self.rows}",
                    f"a cell spanning ‘{short(value)}’ columns",
                    "a whole number of columns",
                )
        if element.tag == qn("w:p") and element.getparent() is not None and element.getparent().tag == qn("w:body"):
            self.paragraphs += 1  # each a note of the import, as a row of another table is
            if self.paragraphs > self.max_rows:
                raise _Unreadable(
                    ROWS.refusal(
                        f"{self.path}: {self.part}, paragraph {self.paragraphs}",
                        f"more than {self.max_rows:,} paragraphs outside the tables",
                    ).problems
                )

    def _text(self, element) -> None:
        """Count a text run's characters in its cell and in the document, and refuse an unresolved entity."""
        length = len(element.text or "")
        self.characters += length
        self.text += length
        if self.characters > self.max_cell:
            raise _Unreadable(
                CELL_CHARACTERS.refusal(self._where(), f"more than {self.max_cell:,} characters in one cell").problems
            )
        if self.text > self.max_text:
            raise _Unreadable(TEXT_CHARACTERS.refusal(self._where()).problems)
        for child in element:
            if child.tag is etree.Entity:
                self._refuse(
                    f"{self.part}, line {child.sourceline}",
                    f"an XML entity reference {short(str(child))} that cannot be read",
                    "the text written out in the document",
                )


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
    except (
        KeyError,
        etree.XMLSyntaxError,
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        RuntimeError,
        NotImplementedError,
    ):
        return None  # python-docx reads the content types too, and says what is wrong with them
    for override in root:
        if (override.get("ContentType") or "").endswith("wordprocessingml.document.main+xml"):
            return (override.get("PartName") or "").lstrip("/") or None
    return None


def _place_footnotes(reader: _Paragraphs, found: Imported) -> None:
    """Give each recommendation the footnotes its texts reference."""
    by_where: dict[str, list[tuple[int, str]]] = {}
    for number, text, where in reader.referenced.values():
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
                    rec.setdefault("footnotes", []).append(
                        {
                            "number": number,
                            "text": text,
                            "source": found.source(f"footnote {number}, referenced at {where}"),
                        }
                    )
        if "footnotes" in rec:
            rec["footnotes"].sort(key=lambda f: f["number"])
    for where, notes in by_where.items():
        for number, _ in notes:
            found.problem(where, f"footnote {number} is referenced outside any recommendation")
