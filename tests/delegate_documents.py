"""Annex documents built the way delegates and the Secretariat make them: python-docx and openpyxl, never recreg's export.

Each layout holds the adopted ten's texts, read from ``registry/cws12.yaml`` (the registry
file is the source of the texts, so the tests run without ../shared): a title, the
introductory paragraph, and the annex table in one of the layouts a Word user produces:
split in two by a page break (its header repeated or not), a title row spanning the table
above the header, the header repeated mid-table, a "(1) | (2)" column-number row.
"""

from __future__ import annotations

import re
from pathlib import Path

from recreg.registry.folder import Registry

REGISTRY = Path(__file__).resolve().parents[1] / "registry"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEADER = ("Recommendations", "Recommended Actions")
FOOTNOTE = re.compile(r"\[\^(\d+)\]")

# The layouts of issue 19's rows 1 and 3: where the table breaks, and what rows it adds.
LAYOUTS = {
    "one table": {},
    "split, header repeated": {"split_before": 8, "repeat_header": True},
    "split, header not repeated": {"split_before": 8},
    "title row above the header": {"title_row": True},
    "header repeated mid-table": {"header_again_before": 6},
    "column-number row": {"column_numbers": True},
    "all at once": {
        "title_row": True,
        "column_numbers": True,
        "header_again_before": 4,
        "split_before": 8,
        "repeat_header": True,
    },
}


def cws12():
    """Return the adopted ten as the registry holds them."""
    return Registry(REGISTRY).edition("cws12")


def _add_text(paragraph, text: str, footnotes: dict[int, str]) -> None:
    """Write a text into a paragraph, each ``[^N]`` a Word footnote reference (Word numbers them from w:numStart)."""
    from docx.oxml.parser import parse_xml

    for index, part in enumerate(FOOTNOTE.split(text)):
        if index % 2 == 0:
            if part:
                paragraph.add_run(part)
            continue
        number = int(part)
        run = paragraph.add_run()
        run._r.append(parse_xml(f'<w:rPr xmlns:w="{W}"><w:vertAlign w:val="superscript"/></w:rPr>'))
        run._r.append(parse_xml(f'<w:footnoteReference xmlns:w="{W}" w:id="{len(footnotes) + 1}"/>'))
        footnotes[number] = footnotes.get(number, "")


def _fill(cell, lines: list[tuple[str, int]], footnotes: dict[int, str]) -> None:
    """Put lines (text, indent level) in a cell, one paragraph each."""
    from docx.shared import Pt

    paragraph = cell.paragraphs[0]
    for index, (text, level) in enumerate(lines):
        if index:
            paragraph = cell.add_paragraph()
        if level:
            paragraph.paragraph_format.left_indent = Pt(18)
        _add_text(paragraph, text, footnotes)


def _row_lines(rec) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    statement = [(f"Recommendation {rec.number}:", 0), (rec.statement, 0)]
    actions = []
    for action in rec.actions:
        actions.append((f"({action.label}) {action.text}", 0))
        actions += [(f"{item.label}. {item.text}", 1) for item in action.items]
    return statement, actions


def _header_row(table, bold: bool = True) -> None:
    row = table.add_row()
    for cell, text in zip(row.cells, HEADER):
        cell.paragraphs[0].add_run(text).bold = bold


def _page_break(document) -> None:
    from docx.enum.text import WD_BREAK

    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def annex_document(path: Path, layout: dict, edition=None, title: str | None = None) -> Path:
    """Write the annex of an edition (default cws12) in a layout of `LAYOUTS`; return the path."""
    from docx import Document

    edition = edition or cws12()
    document = Document()
    document.add_paragraph(title or edition.title)
    for paragraph in getattr(edition, "introduction", ()) or ():
        document.add_paragraph(paragraph.text)
    footnotes: dict[int, str] = {}
    table = _new_table(document, layout, first=True)
    for rec in edition.recommendations:
        if rec.number == layout.get("split_before"):
            _page_break(document)
            table = _new_table(document, layout, first=False)
        if rec.number == layout.get("header_again_before"):
            _header_row(table)
        statement, actions = _row_lines(rec)
        row = table.add_row()
        _fill(row.cells[0], statement, footnotes)
        _fill(row.cells[1], actions, footnotes)
    for rec in edition.recommendations:
        for footnote in rec.footnotes:
            footnotes[footnote.number] = footnote.text
    if footnotes:
        add_footnotes(document, [footnotes[n] for n in sorted(footnotes)], first_number=min(footnotes))
    document.save(str(path))
    return path


def _new_table(document, layout: dict, first: bool):
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    if first and layout.get("title_row"):
        row = table.add_row()
        merged = row.cells[0].merge(row.cells[1])
        merged.paragraphs[0].add_run("RECOMMENDATIONS ON ICT AND INTELLECTUAL PROPERTY ADMINISTRATION").bold = True
    if first or layout.get("repeat_header"):
        _header_row(table)
    if first and layout.get("column_numbers"):
        row = table.add_row()
        row.cells[0].text, row.cells[1].text = "(1)", "(2)"
    return table


def add_footnotes(document, texts: list[str], first_number: int = 1) -> None:
    """Add the footnotes part as Word writes it (ids 1, 2...), numbered from `first_number` (w:numStart)."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import XmlPart
    from docx.oxml.parser import parse_xml

    from recreg.office.wordml import FOOTNOTES_TYPE, FOOTNOTES_URI

    bodies = "".join(
        f'<w:footnote w:id="{index}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
        for index, text in enumerate(texts, start=1)
    )
    part_xml = parse_xml(
        f'<w:footnotes xmlns:w="{W}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
        f"{bodies}</w:footnotes>"
    )
    part = XmlPart(PackURI("/word/footnotes.xml"), FOOTNOTES_TYPE, part_xml, document.part.package)
    document.part.relate_to(part, FOOTNOTES_URI)
    if first_number != 1:
        section = document.sections[0]._sectPr
        section.insert(0, parse_xml(f'<w:footnotePr xmlns:w="{W}"><w:numStart w:val="{first_number}"/></w:footnotePr>'))


def texts(edition) -> list:
    """Return what an edition says, for comparing an import with the registry: numbers, statements, actions, items, footnotes."""
    return [
        (
            rec.number,
            rec.statement,
            [(a.label, a.text, [(i.label, i.text) for i in a.items]) for a in rec.actions],
            [(f.number, f.text) for f in rec.footnotes],
        )
        for rec in edition.recommendations
    ]
