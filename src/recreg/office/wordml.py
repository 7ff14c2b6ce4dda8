"""Lay a Word document out from a small model: paragraphs of bits, tables of cells, footnotes, comments.

Renderers (`recreg.render.docx`) describe a document as `Para`, `Table`, `Row` and `Cell`
objects whose `Bit` pieces each say whether they are unchanged, inserted or deleted, and
whether they moved; `write_document` turns that into a DOCX through python-docx and its
XML layer. An edition is the same model with every bit unchanged.

Footnotes: python-docx has no footnote API, so the footnotes part is added here through
its OPC layer. A footnote keeps the number its source gave it (the adopted ten's only
footnote is 2): where the numbers run on without gaps in document order, Word's own
numbering does it, started at the first number (``w:numStart``); otherwise each reference
carries its own mark (``w:customMarkFollows``), written again at the head of the footnote
as Word expects (LibreOffice 7.4 shows such a mark twice there).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from .trackchanges import Revisions, W, qn

BREAK = "\ue000"  # stands, inside a diffed text, for the boundary between two paragraphs
FOOTNOTE_SPLIT = re.compile(r"(\[\^\d+\])")
_NUMBER = re.compile(r"\[\^(\d+)\]")
FOOTNOTES_URI = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


@dataclass
class Bit:
    """A piece of a paragraph.

    Attributes:
        kind: ``text``, ``footnote`` (a reference; `footnote` holds its body), ``break`` (a
            paragraph boundary inside a diffed text), ``comment`` (where comment `text`
            starts, ending at the matching ``end``), ``end``, or ``move-start``/``move-end``
            (the range markers of move `name`).
        op: ``equal``, ``insert`` or ``delete``.
        side: ``from`` or ``to`` for the content of a move named `name`.
    """

    kind: str = "text"
    text: str = ""
    op: str = "equal"
    side: str | None = None
    name: str | None = None
    bold: bool = False
    italic: bool = False
    footnote: list[Bit] | None = None
    comment: int | None = None


@dataclass
class Para:
    """A paragraph: its bits, what happened to its mark, its indent (twips) and alignment."""

    bits: list[Bit] = field(default_factory=list)
    mark: str = "equal"
    mark_side: str | None = None
    indent: int = 0
    align: str | None = None
    size: float | None = None


@dataclass
class Cell:
    """A table cell: its paragraphs, and how many grid columns it spans."""

    paras: list[Para] = field(default_factory=list)
    span: int = 1


@dataclass
class Row:
    """A table row: its cells, and whether the row itself was inserted or deleted."""

    cells: list[Cell]
    op: str = "equal"
    header: bool = False


@dataclass
class Table:
    """A table: its column widths (fractions of the text width) and rows."""

    widths: list[float]
    rows: list[Row]


@dataclass(frozen=True)
class Note:
    """A comment someone other than recreg wrote: its text (paragraphs split at line breaks), author, initials, date."""

    text: str
    author: str
    initials: str | None = None
    date: str | None = None  # as Word writes it (2024-02-01T10:00:00Z); none is left out


@dataclass
class Comment:
    """A comment: its words for people, and what it says for tools (kept in an ``ADDIN`` field, which Word does not show)."""

    text: str
    data: str | None = None


@dataclass
class Layout:
    """A whole document: page header lines, body blocks, the comments the bits refer to, and the page's orientation.

    A comment is recreg's own (a text, by author "recreg") or a `Note`.
    """

    header: list[str]
    blocks: list[Para | Table]
    comments: list[str | Note | Comment] = field(default_factory=list)
    title: str = ""
    landscape: bool = False


def text_bits(text: str, op: str = "equal", **style) -> list[Bit]:
    """Return the bits of a text, each footnote marker ``[^N]`` a reference without a body yet."""
    bits = []
    for part in FOOTNOTE_SPLIT.split(text):
        if not part:
            continue
        marker = _NUMBER.fullmatch(part)
        if marker:
            bits.append(
                Bit("footnote", marker.group(1), op, **{k: v for k, v in style.items() if k in ("side", "name")})
            )
        else:
            bits.append(Bit("text", part, op, **style))
    return bits


def write_document(layout: Layout, revisions: Revisions | None = None) -> bytes:
    """Write a layout as a DOCX and return its bytes.

    Args:
        layout: the document.
        revisions: makes the revision elements (author, date, ids); a new one by default.
    """
    from docx import Document
    from docx.shared import Cm

    revisions = revisions or Revisions()
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = (Cm(29.7), Cm(21.0)) if layout.landscape else (Cm(21.0), Cm(29.7))
    if layout.landscape:
        from docx.enum.section import WD_ORIENT

        section.orientation = WD_ORIENT.LANDSCAPE
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    writer = _Writer(document, revisions)
    writer.comment_texts = layout.comments
    writer.text_width = 14570 if layout.landscape else 9638  # twips: the page less two 2 cm margins
    numbers = [int(bit.text) for block in layout.blocks for bit in _bits(block) if bit.kind == "footnote"]
    if numbers and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
        writer.number_start = numbers[0]
    writer.header(layout.header)
    body = document.element.body
    for paragraph in list(body.iter(qn("w:p"))):
        body.remove(paragraph)
    section_properties = body.find(qn("w:sectPr"))
    if writer.number_start is not None:
        numbering = _element("w:footnotePr")
        numbering.append(_element("w:numStart", {qn("w:val"): str(writer.number_start)}))
        section_properties.insert(0, numbering)
    for block in layout.blocks:
        element = writer.table(block) if isinstance(block, Table) else writer.paragraph(block)
        section_properties.addprevious(element)
    writer.finish()
    document.core_properties.title = layout.title
    document.core_properties.author = revisions.author
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class _Writer:
    """Turn the layout model into WordprocessingML, one document."""

    def __init__(self, document, revisions: Revisions):
        self.document = document
        self.revisions = revisions
        self.footnotes: list = []  # w:footnote elements, in order
        self.comment_ids: dict[int, int] = {}
        self.comment_texts: list[str | Note | Comment] = []
        self.text_width = 9638
        self.number_start: int | None = None  # Word numbers the footnotes from here; None: each has its own mark

    def header(self, lines: list[str]) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        header = self.document.sections[0].header
        first = header.paragraphs[0]
        paragraph = first
        for index, line in enumerate(lines):
            paragraph = first if index == 0 else header.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.add_run(line)
        # "Annex, page N" on the last line, as the CWS documents number their annex pages.
        paragraph.add_run(", page " if lines else "page ")
        field_ = _element("w:fldSimple", {qn("w:instr"): "PAGE"})
        field_.append(_run("1"))
        paragraph._p.append(field_)

    def table(self, table: Table):
        from docx.oxml.parser import parse_xml

        total = self.text_width
        widths = [int(total * w) for w in table.widths]
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        element = parse_xml(
            f'<w:tbl xmlns:w="{W}"><w:tblPr><w:tblStyle w:val="TableGrid"/>'
            f'<w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/>'
            '<w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
            '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
            '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders>'
            '<w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
            f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid></w:tbl>"
        )
        for row in table.rows:
            tr = _element("w:tr")
            properties = _element("w:trPr")
            if row.header:
                properties.append(_element("w:tblHeader"))
            if row.op != "equal":
                properties.append(self.revisions.element("w:ins" if row.op == "insert" else "w:del"))
            if len(properties):
                tr.append(properties)
            column = 0
            for cell in row.cells:
                width = sum(widths[column : column + cell.span])
                column += cell.span
                tc = _element("w:tc")
                tc_properties = _element("w:tcPr")
                tc_properties.append(_element("w:tcW", {qn("w:w"): str(width), qn("w:type"): "dxa"}))
                if cell.span > 1:
                    tc_properties.append(_element("w:gridSpan", {qn("w:val"): str(cell.span)}))
                if row.header:
                    tc_properties.append(
                        _element("w:shd", {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): "D9D9D9"})
                    )
                tc.append(tc_properties)
                for para in cell.paras or [Para()]:
                    tc.append(self.paragraph(para))
                tr.append(tc)
            element.append(tr)
        return element

    def paragraph(self, para: Para):
        p = _element("w:p")
        properties = _element("w:pPr")
        properties.append(_element("w:spacing", {qn("w:before"): "0", qn("w:after"): "80"}))
        if para.indent:
            properties.append(_element("w:ind", {qn("w:left"): str(para.indent)}))
        if para.align:
            properties.append(_element("w:jc", {qn("w:val"): para.align}))
        if para.mark != "equal":
            marks = _element("w:rPr")
            if para.mark_side:
                tag = "w:moveFrom" if para.mark_side == "from" else "w:moveTo"
            else:
                tag = "w:ins" if para.mark == "insert" else "w:del"
            marks.append(self.revisions.element(tag))
            properties.append(marks)
        p.append(properties)
        self.fill(p, para.bits, para.size)
        return p

    def fill(self, parent, bits: list[Bit], size: float | None = None) -> None:
        """Append the runs of `bits` to a paragraph, grouped in their revision elements."""
        index = 0
        while index < len(bits):
            bit = bits[index]
            if bit.kind in ("comment", "end"):
                self._comment_marker(parent, bit)
                index += 1
                continue
            if bit.kind in ("move-start", "move-end"):
                marker = self.revisions.range_start if bit.kind == "move-start" else self.revisions.range_end
                parent.append(marker(bit.side, bit.name))
                index += 1
                continue
            # A run of bits with the same move: one w:moveFrom/w:moveTo, revisions by op inside.
            end = index
            while (
                end < len(bits)
                and bits[end].kind in ("text", "footnote")
                and (bits[end].side, bits[end].name) == (bit.side, bit.name)
            ):
                end += 1
            group = bits[index:end]
            target = parent
            if bit.side:
                target = self.revisions.element("w:moveFrom" if bit.side == "from" else "w:moveTo")
                parent.append(target)
            self._by_op(target, group, size)
            index = end

    def _by_op(self, parent, bits: list[Bit], size: float | None) -> None:
        index = 0
        while index < len(bits):
            op = bits[index].op
            end = index
            while end < len(bits) and bits[end].op == op:
                end += 1
            target = parent if op == "equal" else self.revisions.element("w:ins" if op == "insert" else "w:del")
            if target is not parent:
                parent.append(target)
            deleted = op == "delete" or (bits[index].side == "from")
            for bit in bits[index:end]:
                if bit.kind == "footnote":
                    target.append(self._reference(bit, deleted and op == "delete"))
                else:
                    target.append(_run(bit.text, deleted=op == "delete", bold=bit.bold, italic=bit.italic, size=size))
            index = end

    def _reference(self, bit: Bit, deleted: bool):
        """Return the run of a footnote reference with its own mark, and add the footnote's body."""
        footnote_id = len(self.footnotes) + 1
        run = _element("w:r")
        run_properties = _element("w:rPr")
        run_properties.append(_element("w:vertAlign", {qn("w:val"): "superscript"}))
        run.append(run_properties)
        custom = self.number_start is None
        run.append(
            _element(
                "w:footnoteReference",
                {qn("w:customMarkFollows"): "1", qn("w:id"): str(footnote_id)}
                if custom
                else {qn("w:id"): str(footnote_id)},
            )
        )
        if custom:
            mark = _element("w:delText" if deleted else "w:t")
            mark.text = bit.text
            run.append(mark)
        body = _element("w:footnote", {qn("w:id"): str(footnote_id)})
        self.footnotes.append(body)
        paragraph = _element("w:p")
        properties = _element("w:pPr")
        properties.append(_element("w:spacing", {qn("w:before"): "0", qn("w:after"): "0"}))
        paragraph.append(properties)
        op = bit.op if bit.side is None else ("delete" if bit.side == "from" else "insert")
        if custom:
            self._by_op(paragraph, [Bit("text", bit.text, op), Bit("text", " ", op)], 9)
            first = paragraph.find(f".//{qn('w:r')}")
            first_properties = first.find(qn("w:rPr"))
            first_properties.append(_element("w:vertAlign", {qn("w:val"): "superscript"}))
        else:
            mark = _element("w:r")
            mark_properties = _element("w:rPr")
            mark_properties.append(_element("w:vertAlign", {qn("w:val"): "superscript"}))
            mark.append(mark_properties)
            mark.append(_element("w:footnoteRef"))
            paragraph.append(mark)
            self._by_op(paragraph, [Bit("text", " ", op)], 9)
        self.fill(paragraph, bit.footnote or [], 9)
        body.append(paragraph)
        return run

    def _comment_marker(self, parent, bit: Bit) -> None:
        if bit.kind == "comment":
            entry = self.comment_texts[bit.comment]
            data = entry.data if isinstance(entry, Comment) else None
            entry = entry.text if isinstance(entry, Comment) else entry
            note = entry if isinstance(entry, Note) else Note(entry, self.revisions.author, "rr", self.revisions.date)
            comment = self.document.comments.add_comment(text=note.text, author=note.author, initials=note.initials)
            # The comment's date is the revisions' date (or the note's own), not the moment python-docx saw it.
            if note.date:
                comment._comment_elm.set(qn("w:date"), note.date)
            else:
                comment._comment_elm.attrib.pop(qn("w:date"), None)
            if data:
                # ADDIN holds data for add-ins and shows nothing: the addresses, for tools, beside the words.
                field_ = _element("w:fldSimple", {qn("w:instr"): f" ADDIN {data} "})
                comment._comment_elm.findall(qn("w:p"))[-1].append(field_)
            self.comment_ids[bit.comment] = comment.comment_id
            parent.append(_element("w:commentRangeStart", {qn("w:id"): str(comment.comment_id)}))
            return
        comment_id = str(self.comment_ids[bit.comment])
        parent.append(_element("w:commentRangeEnd", {qn("w:id"): comment_id}))
        run = _element("w:r")
        run.append(_element("w:commentReference", {qn("w:id"): comment_id}))
        parent.append(run)

    def finish(self) -> None:
        """Add the footnotes part (with Word's two separators) when there are footnotes."""
        if not self.footnotes:
            return
        from docx.opc.packuri import PackURI
        from docx.opc.part import XmlPart
        from docx.oxml.parser import parse_xml

        namespace = W
        root = parse_xml(
            f'<w:footnotes xmlns:w="{namespace}">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
            "</w:footnotes>"
        )
        for body in self.footnotes:
            root.append(body)
        document_part = self.document.part
        part = XmlPart(PackURI("/word/footnotes.xml"), FOOTNOTES_TYPE, root, document_part.package)
        document_part.relate_to(part, FOOTNOTES_URI)
        settings = self.document.settings.element
        properties = parse_xml(
            f'<w:footnotePr xmlns:w="{namespace}"><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
        )
        # The settings' schema orders w:footnotePr just before w:endnotePr and w:compat.
        anchor = next((child for child in settings if child.tag in {qn("w:endnotePr"), qn("w:compat")}), None)
        if anchor is not None:
            anchor.addprevious(properties)
        else:
            settings.append(properties)


def _bits(block) -> list[Bit]:
    """Return every bit of a block, in reading order (table cells row by row)."""
    if isinstance(block, Table):
        return [bit for row in block.rows for cell in row.cells for para in cell.paras for bit in para.bits]
    return list(block.bits)


def _element(tag: str, attrs: dict | None = None):
    from docx.oxml.parser import OxmlElement

    return OxmlElement(tag, attrs=attrs or {})


def _run(text: str, deleted: bool = False, bold: bool = False, italic: bool = False, size: float | None = None):
    """Return a ``w:r`` for a text: line breaks as ``w:br``, tabs as ``w:tab``, every space kept."""
    run = _element("w:r")
    if bold or italic or size:
        properties = _element("w:rPr")
        if bold:
            properties.append(_element("w:b"))
        if italic:
            properties.append(_element("w:i"))
        if size:
            properties.append(_element("w:sz", {qn("w:val"): str(int(size * 2))}))
        run.append(properties)
    for index, line in enumerate(text.split("\n")):
        if index:
            run.append(_element("w:br"))
        for part_index, part in enumerate(line.split("\t")):
            if part_index:
                run.append(_element("w:tab"))
            if part:
                element = _element("w:delText" if deleted else "w:t")
                element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                element.text = part
                run.append(element)
    return run


# Cells whose paragraphs stand in one edition, the other or both -------------------------------


@dataclass
class Node:
    """One paragraph's worth of a cell (an action, an item, a statement), maybe holding paragraph breaks."""

    bits: list[Bit]
    old: bool  # the node stands as its own paragraph in OLD
    new: bool  # ... in NEW
    indent: int = 0
    side: str | None = None  # a moved node: "from" or "to"


def tracked_cell(nodes: list[Node]) -> Cell:
    """Turn a cell's nodes into paragraphs, each paragraph mark tracked as its node's presence requires.

    A node's mark is inserted when the node stands as a paragraph only in NEW, deleted when only
    in OLD; the last node keeps the cell's own mark, so the mark before it takes its part (a
    paragraph added at the end of a cell inserts the mark before it). A mark that stands in
    neither is not written: the two paragraphs are one.
    """
    paras: list[Para] = []
    for index, node in enumerate(nodes):
        later = nodes[index + 1 :]
        if not later:
            mark = "equal"
        else:
            in_old = node.old and any(n.old for n in later)
            in_new = node.new and any(n.new for n in later)
            mark = "equal" if in_old and in_new else "delete" if in_old else "insert" if in_new else None
        current = Para([], indent=node.indent)
        pieces = [current]
        for bit in node.bits:
            if bit.kind == "break":
                current.mark, current.mark_side = bit.op, None
                current = Para([], indent=node.indent)
                pieces.append(current)
            else:
                current.bits.append(bit)
        if mark is None:
            nodes[index + 1].bits[:0] = pieces[-1].bits
            pieces.pop()
        else:
            pieces[-1].mark = mark
            pieces[-1].mark_side = node.side if mark != "equal" else None
        paras += pieces
    return Cell(paras or [Para()])


def ranged(nodes: list[Node], side_: str, name: str | None) -> list[Node]:
    """Put a move's range markers around its nodes."""
    if name is None or not nodes:
        return nodes
    nodes[0].bits.insert(0, Bit("move-start", side=side_, name=name))
    nodes[-1].bits.append(Bit("move-end", side=side_, name=name))
    return nodes
