"""Hostile documents made by hand, the way a broken tool, a careless edit or an attacker makes them.

Each builder writes one file into a folder and returns its path. The files are built
directly (python-docx, openpyxl, or the zip and XML of a package written here), never by
recreg. Shared by ``tests/test_hostile_documents.py`` (the bounded cases) and
``fuzz/run.py`` (those, the large ones, and random mutations of a good document).
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STATEMENT = "IP offices should digitize, and keep this tail."


# Word -----------------------------------------------------------------------------------


def annex_docx(rows: int = 2, cell: str = STATEMENT) -> bytes:
    """Return a small annex document made with python-docx: header row, then `rows` recommendations."""
    from docx import Document

    document = Document()
    document.add_paragraph("Draft Recommendations")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Recommendation", "Recommended Actions"
    for number in range(1, rows + 1):
        cells = table.add_row().cells
        cells[0].text = f"Recommendation {number}: {cell}"
        cells[1].text = "(a) IP offices should act."
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def annex_layout_docx(rng: random.Random | None = None, rows: int = 4, **layout) -> bytes:
    """Return an annex as Word users lay it out (python-docx): title rows, the header repeated, a column-number row,
    the table split by a page break with or without its header, the table inside a content control.

    Without `layout`, `rng` draws the layout (the fuzzer's bases); with it, the layout is as given.
    """
    from docx import Document
    from docx.enum.text import WD_BREAK

    rng = rng or random.Random(0)
    if not layout:
        layout = {
            key: rng.random() < 0.4 for key in ("title_row", "column_numbers", "repeat_header", "content_control")
        }
        layout["split_before"] = rng.randint(2, rows) if rows > 1 and rng.random() < 0.6 else None
        layout["header_again_before"] = rng.randint(2, rows) if rows > 1 and rng.random() < 0.3 else None
    document = Document()
    document.add_paragraph("Draft Recommendations")
    document.add_paragraph("The Task Force proposes the recommendations below.")

    def new_table(first: bool):
        table = document.add_table(rows=0, cols=layout.get("columns", 2) if not first else 2)
        if first and layout.get("title_row"):
            row = table.add_row()
            row.cells[0].merge(row.cells[-1]).paragraphs[0].add_run("DRAFT RECOMMENDATIONS")
        if first or layout.get("repeat_header"):
            header = table.add_row().cells
            header[0].text, header[1].text = "Recommendations", "Recommended Actions"
        if first and layout.get("column_numbers"):
            numbers = table.add_row().cells
            numbers[0].text, numbers[1].text = "(1)", "(2)"
        return table

    table = new_table(True)
    for number in range(1, rows + 1):
        if number == layout.get("split_before"):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            table = new_table(False)
        if number == layout.get("header_again_before"):
            again = table.add_row().cells
            again[0].text, again[1].text = "Recommendations", "Recommended Actions"
        cells = table.add_row().cells
        cells[0].text = f"Recommendation {number}:"
        cells[0].add_paragraph(STATEMENT)
        cells[1].text = "(a) IP offices should act."
    if layout.get("content_control"):
        _wrap_in_content_control(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _wrap_in_content_control(document) -> None:
    """Move the body's first table into a content control (``w:sdt``), as templates and forms hold them."""
    from docx.oxml.parser import parse_xml

    body = document.element.body
    table = body.find(f"{{{W_NS}}}tbl")
    control = parse_xml(f'<w:sdt xmlns:w="{W_NS}"><w:sdtPr><w:tag w:val="annex"/></w:sdtPr><w:sdtContent/></w:sdt>')
    table.addprevious(control)
    control.find(f"{{{W_NS}}}sdtContent").append(table)


def annex_layout_xlsx(rng: random.Random | None = None, rows: int = 4) -> bytes:
    """Return a workbook in the annex's own layout (openpyxl), with a title row and Excel's empty extra sheets."""
    from openpyxl import Workbook

    rng = rng or random.Random(0)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Annex"
    if rng.random() < 0.7:
        sheet.append(["Draft Recommendations"])
    sheet.append(["Recommendations", "Recommended Actions"])
    for number in range(1, rows + 1):
        sheet.append(
            [f"Recommendation {number}:\n{STATEMENT}", "(a) IP offices should act.\n(b) IP offices should share."]
        )
    for extra in range(rng.randint(0, 2)):
        workbook.create_sheet(f"Sheet{extra + 2}")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rewrite_parts(
    package: bytes, change: Callable[[str, bytes], bytes | None], extra: dict[str, bytes] | None = None
) -> bytes:
    """Return a zip package with each part passed through `change` (None drops it) and `extra` parts added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = change(info.filename, source.read(info))
            if data is not None:
                target.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def edit_part(package: bytes, part: str, old: bytes, new: bytes) -> bytes:
    """Return a package with `old` replaced by `new` in one part (which must hold it)."""

    def change(name: str, data: bytes) -> bytes:
        if name == part:
            assert old in data, (part, old)
            return data.replace(old, new, 1)
        return data

    return rewrite_parts(package, change)


def _grid_span(folder: Path) -> bytes:
    return edit_part(annex_docx(), "word/document.xml", b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="two"/>')


def _list_level(folder: Path) -> bytes:
    return edit_part(
        annex_docx(),
        "word/document.xml",
        b"<w:p>",
        b'<w:p><w:pPr><w:numPr><w:ilvl w:val="x"/><w:numId w:val="1"/></w:numPr></w:pPr>',
    )


def _symbol(folder: Path) -> bytes:
    return edit_part(
        annex_docx(),
        "word/document.xml",
        b"<w:t>Recommendation 1:",
        b'<w:sym w:font="Symbol" w:char="zz"/><w:t>Recommendation 1:',
    )


def _entity(folder: Path) -> bytes:
    return edit_part(annex_docx(), "word/document.xml", b"should digitize", b"should &e; digitize")


def _declared_entity(folder: Path) -> bytes:
    """An entity declared in the document's own DTD: lxml leaves it unresolved, and the text after it was lost."""
    package = edit_part(annex_docx(), "word/document.xml", b"should digitize", b"should &e; digitize")
    return edit_part(package, "word/document.xml", b"?>", b'?><!DOCTYPE w:document [<!ENTITY e "and">]>')


def _html_main_part(folder: Path) -> bytes:
    return rewrite_parts(annex_docx(), lambda name, data: b"<html/>" if name == "word/document.xml" else data)


def _broken_footnotes(folder: Path) -> bytes:
    return _with_footnote(annex_docx(), b"<w:footnotes xmlns:w='x'><w:foot")


def damage_compressed(package: bytes, part: str, rng: random.Random | None = None) -> bytes:
    """Return a package whose `part` has its compressed bytes overwritten in place, the zip's own structure intact."""
    data = bytearray(package)
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        info = source.getinfo(part)
    header = info.header_offset
    start = (
        header
        + 30
        + int.from_bytes(data[header + 26 : header + 28], "little")
        + int.from_bytes(data[header + 28 : header + 30], "little")
    )
    at = start + (rng.randrange(info.compress_size) if rng else info.compress_size // 3)
    for offset in range(min(8, start + info.compress_size - at)):
        data[at + offset] ^= 0xA5
    return bytes(data)


def _truncated(folder: Path) -> bytes:
    package = annex_docx()
    return package[: len(package) // 2]


def zip_of_a_later_version(package: bytes) -> bytes:
    """Return a package whose first central directory entry asks for zip version 22.8 to extract (Python reads up to 6.3)."""
    data = bytearray(package)
    entry = data.index(b"PK\x01\x02")
    data[entry + 6 : entry + 8] = (228).to_bytes(2, "little")  # "version needed to extract"
    return bytes(data)


def name_not_utf8(package: bytes) -> bytes:
    """Return a package holding a part whose name the zip marks as UTF-8 but is not (bytes 0x88 0x88)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(buffer, "w") as target:
        for entry in source.infolist():
            target.writestr(entry, source.read(entry))
        target.writestr("word/\u00e9\u00e9.xml", b"<x/>")  # written UTF-8 (c3 a9 c3 a9), flagged so
    return buffer.getvalue().replace("\u00e9\u00e9".encode(), b"\x88\xa9\x88\xa9")


def _many_rows(folder: Path) -> bytes:
    """A table of 100,000 rows, its XML repeated by hand (python-docx would take minutes to add them)."""
    package = annex_docx(1)
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        xml = source.read("word/document.xml")
    start = xml.index(b"<w:tr", xml.index(b"<w:tr") + 1)
    end = xml.index(b"</w:tr>", start) + len(b"</w:tr>")
    rows = xml[start:end] * 100_000
    return rewrite_parts(
        package, lambda name, data: xml[:start] + rows + xml[end:] if name == "word/document.xml" else data
    )


def _bomb_document(folder: Path) -> bytes:
    """A document.xml of 1 GB (spaces inside the body), deflated to about a megabyte."""
    package = annex_docx()
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        xml = source.read("word/document.xml")
    head, tail = xml.split(b"<w:body>", 1)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info.filename, source.read(info))
        with target.open("word/document.xml", "w", force_zip64=True) as stream:
            stream.write(head + b"<w:body>")
            chunk = b" " * (1 << 20)
            for _ in range(1024):
                stream.write(chunk)
            stream.write(tail)
    return out.getvalue()


def _big_image(folder: Path) -> bytes:
    """A document holding (and relating) a 1 GB image part."""
    package = edit_part(
        annex_docx(),
        "word/_rels/document.xml.rels",
        b"</Relationships>",
        b'<Relationship Id="rIdI" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/image" Target="media/big.png"/></Relationships>',
    )
    out = io.BytesIO(package)
    with (
        zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as target,
        target.open("word/media/big.png", "w", force_zip64=True) as stream,
    ):
        chunk = b"\0" * (1 << 20)
        for _ in range(1024):
            stream.write(chunk)
    return out.getvalue()


def _giant_cell(folder: Path, megabytes: int = 30) -> bytes:
    """A statement of `megabytes` MB, written into the XML (python-docx takes over 500 MB to set such a text)."""
    text = b"IP offices should " + b"digitize " * (megabytes * (1 << 20) // 9)
    return edit_part(annex_docx(1), "word/document.xml", STATEMENT.encode(), text)


# Spreadsheets ---------------------------------------------------------------------------


def edition_xlsx(rows: list[list] | None = None) -> bytes:
    """Return a workbook in recreg's edition layout, made with openpyxl."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "x"
    # The edition's own row, which gives the title, last: rows may come in any order.
    for row in rows or [
        ["address", "kind", "label", "text"],
        ["R1", "recommendation", "Recommendation 1", STATEMENT],
        ["draft", "edition", "", "Draft"],
    ]:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_edit(old: bytes, new: bytes) -> Callable[[Path], bytes]:
    return lambda folder: edit_part(edition_xlsx(), "xl/worksheets/sheet1.xml", old, new)


def _shared_string_index(value: bytes) -> Callable[[Path], bytes]:
    """A text cell pointing into the shared strings at `value` (out of range, or not a number)."""
    return _sheet_edit(
        f'<c r="D2" t="inlineStr"><is><t>{STATEMENT}</t></is></c>'.encode(),
        b'<c r="D2" t="s"><v>' + value + b"</v></c>",
    )


def _with_shared_strings(package: bytes, strings: bytes) -> bytes:
    """Return a workbook with a shared-strings part holding `strings` (the ``<si>`` elements), related and typed."""
    part = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + strings
        + b"</sst>"
    )
    package = rewrite_parts(package, lambda name, data: data, {"xl/sharedStrings.xml": part})
    package = edit_part(
        package,
        "xl/_rels/workbook.xml.rels",
        b"</Relationships>",
        b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    return edit_part(
        package,
        "[Content_Types].xml",
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )


def _one_string_everywhere(header: list[str], row: Callable[[int], str]) -> Callable[[Path], bytes]:
    """A 70 KB workbook of 5,000 rows whose long cells all point at one shared string of 99,000 characters."""

    def build(folder: Path) -> bytes:
        package = edition_xlsx()
        with zipfile.ZipFile(io.BytesIO(package)) as source:
            sheet = source.read("xl/worksheets/sheet1.xml")
        cells = "".join(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>' for i, h in enumerate(header))
        rows = f'<row r="1">{cells}</row>' + "".join(f'<row r="{n}">{row(n)}</row>' for n in range(2, 5001))
        start, end = sheet.index(b"<sheetData>") + len(b"<sheetData>"), sheet.index(b"</sheetData>")
        sheet = sheet[:start] + rows.encode() + sheet[end:]
        package = rewrite_parts(package, lambda name, data: sheet if name == "xl/worksheets/sheet1.xml" else data)
        return _with_shared_strings(package, b"<si><t>" + b"IP offices should digitize. " * 3_535 + b"</t></si>")

    return build


def _styles_bomb(folder: Path) -> bytes:
    """A 100 KB workbook whose styles part holds 500,000 cell formats (openpyxl builds each)."""
    package = edition_xlsx()
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        styles = source.read("xl/styles.xml")
    start = styles.index(b">", styles.index(b"<cellXfs")) + 1
    styles = (
        styles[:start] + b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' * 500_000 + styles[start:]
    )
    return rewrite_parts(package, lambda name, data: styles if name == "xl/styles.xml" else data)


def _empty_paragraphs_in_a_cell(folder: Path) -> bytes:
    """A 70 KB document whose first statement cell holds 4,000,000 empty paragraphs."""
    return edit_part(
        annex_docx(1), "word/document.xml", b"</w:p></w:tc>", b"</w:p>" + b"<w:p/>" * 4_000_000 + b"</w:tc>"
    )


def _dimension_bomb(folder: Path) -> bytes:
    package = edition_xlsx()
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        sheet = source.read("xl/worksheets/sheet1.xml")
    sheet = sheet.replace(b'<dimension ref="A1:D2"/>', b'<dimension ref="A1:XFD1048576"/>')
    sheet = sheet.replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    )
    return rewrite_parts(package, lambda name, data: sheet if name == "xl/worksheets/sheet1.xml" else data)


def _sheet_bomb(folder: Path) -> bytes:
    """A 1 MB workbook whose sheet XML holds 1 GB of spaces."""
    package = edition_xlsx()
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        sheet = source.read("xl/worksheets/sheet1.xml")
    head, tail = sheet.split(b"<sheetData>", 1)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info.filename, source.read(info))
        with target.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as stream:
            stream.write(head + b"<sheetData>")
            for _ in range(1024):
                stream.write(b" " * (1 << 20))
            stream.write(tail)
    return out.getvalue()


def _many_sheet_rows(count: int) -> Callable[[Path], bytes]:
    def build(folder: Path) -> bytes:
        rows = "".join(
            f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>R{n}</t></is></c></row>' for n in range(2, count + 2)
        )
        package = edition_xlsx()
        with zipfile.ZipFile(io.BytesIO(package)) as source:
            sheet = source.read("xl/worksheets/sheet1.xml")
        sheet = sheet.replace(b"</sheetData>", rows.encode() + b"</sheetData>")
        return rewrite_parts(package, lambda name, data: sheet if name == "xl/worksheets/sheet1.xml" else data)

    return build


def _two_filled_sheets(folder: Path) -> bytes:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(edition_xlsx()))
    workbook.create_sheet("Comments").append(["Sent to the Task Force in June."])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _annex_sheet_stray_column(folder: Path) -> bytes:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(annex_layout_xlsx(random.Random(1), rows=2)))
    workbook["Annex"].cell(row=3, column=3, value="See CWS/11/18.")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _footnote_before_the_table(folder: Path) -> bytes:
    """A footnote in the paragraph before the annex: no recommendation can hold it."""
    return _with_footnote(
        edit_part(
            annex_docx(),
            "word/document.xml",
            b"<w:t>Draft Recommendations</w:t></w:r>",
            b'<w:t>Draft Recommendations</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>',
        )
    )


def _settings_not_settings(folder: Path) -> bytes:
    """A footnote in the annex, and a settings part whose content type names no settings (python-docx reads it as a blob)."""
    package = _with_footnote(
        edit_part(
            annex_docx(),
            "word/document.xml",
            b"<w:t>(a) IP offices should act.</w:t></w:r>",
            b'<w:t>(a) IP offices should act.</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>',
        )
    )
    return edit_part(package, "[Content_Types].xml", b"wordprocessingml.settings+xml", b"wordprocessingml.setting+xml")


def _with_footnote(package: bytes, footnotes: bytes | None = None) -> bytes:
    """Add the footnotes part (by default footnote 1: "As noted.") to a package whose document references it."""
    package = edit_part(
        package,
        "word/_rels/document.xml.rels",
        b"</Relationships>",
        b'<Relationship Id="rIdF" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/footnotes" Target="footnotes.xml"/></Relationships>',
    )
    package = edit_part(
        package,
        "[Content_Types].xml",
        b"</Types>",
        b'<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.wordprocessingml.footnotes+xml"/></Types>',
    )
    footnotes = (
        footnotes
        or (
            f'<w:footnotes xmlns:w="{W_NS}"><w:footnote w:id="1"><w:p><w:r><w:t>As noted.</w:t></w:r></w:p>'
            "</w:footnote></w:footnotes>"
        ).encode()
    )
    return rewrite_parts(package, lambda name, data: data, {"word/footnotes.xml": footnotes})


# CSV ------------------------------------------------------------------------------------


def _csv_rows(count: int) -> Callable[[Path], bytes]:
    return lambda folder: (
        "address,kind,label,text\r\n"
        + "".join(f'R{n},recommendation,Recommendation {n},"{STATEMENT}"\r\n' for n in range(1, count + 1))
    ).encode()


def _csv_wide_header(folder: Path) -> bytes:
    return (",".join(f"column{n}" for n in range(100_000)) + "\r\nR1\r\n").encode()


def _csv_giant_address(folder: Path) -> bytes:
    return ("address,kind,label,text\r\n" + "R" + "9" * (20 << 20) + ",recommendation,,x\r\n").encode()


def _csv_empty_cells(folder: Path) -> bytes:
    """5,000 rows of 1,000 cells, nearly all empty: 5 MB, five million cells."""
    return ("address,kind,label,text\r\n" + f"R1,recommendation,Recommendation 1,x{',' * 996}\r\n" * 4_999).encode()


def _survey_answers(offices: int) -> Callable[[Path], bytes]:
    """Every office answering ten questions of cws12 (R1(a) to R3(a))."""
    questions = ("R1(a)", "R1(b)", "R1(c)", "R1(d)", "R1(e)", "R2(a)", "R2(b)", "R2(c)", "R3(a)", "R3(b)")
    return lambda folder: (
        "office,"
        + ",".join(questions)
        + "\r\n"
        + "".join(f"O{n}," + ",".join("implemented" for _ in questions) + "\r\n" for n in range(offices))
    ).encode()


def _survey_rows(count: int) -> Callable[[Path], bytes]:
    return lambda folder: ("office,R1(a)\r\n" + "".join(f"O{n},implemented\r\n" for n in range(count))).encode()


# Comments -------------------------------------------------------------------------------

COMMENT_TABLE = (
    "MB/NC,Clause,Paragraph,Type of comment,Quoted text,Comments,Proposed change,Disposition\r\n"
    "Office A,Recommendation 3,(c),te,free-of-charge,Free of charge only.,delete “or at a marginal cost”,open\r\n"
    "Office B,General,,ge,,A general comment.,,noted\r\n"
)


def comment_table_xlsx() -> bytes:
    """Return the comment table as a workbook made with openpyxl."""
    import csv

    from openpyxl import Workbook

    workbook = Workbook()
    for row in csv.reader(io.StringIO(COMMENT_TABLE)):
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def commented_docx(comments: int = 2) -> bytes:
    """Return a copy of the draft's first recommendation made with python-docx, with Word comments on its words."""
    from docx import Document

    document = Document()
    title = document.add_paragraph().add_run("Proposed Recommendations on ICT and IP administration")
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Recommendation", "Recommended Actions"
    table.rows[1].cells[0].text = "Recommendation 1:"
    statement = (
        table.rows[1]
        .cells[0]
        .add_paragraph()
        .add_run(
            "IP offices should have ICT strategy, either as a part of business strategic planning or independently, "
            "including measures to annually evaluate it."
        )
    )
    action = (
        table.rows[1]
        .cells[1]
        .paragraphs[0]
        .add_run("(a) IP offices should develop an ICT Strategy in line with their business planning.")
    )
    for number in range(comments):
        run = (title, statement, action)[number % 3]
        document.add_comment(
            [run],
            text=f"Comment {number}.\nType: te\nProposed change: replace “should” with “may”",
            author=f"Office {chr(65 + number % 26)}",
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _comment_entity(folder: Path) -> bytes:
    return edit_part(commented_docx(), "word/comments.xml", b"Comment 0.", b"Comment &e; 0.")


def _comment_settings_not_settings(folder: Path) -> bytes:
    """A commented copy with a footnote, and a settings part whose content type names no settings."""
    package = _with_footnote(
        edit_part(
            commented_docx(),
            "word/document.xml",
            b"<w:t>Recommendation 1:</w:t></w:r>",
            b'<w:t>Recommendation 1:</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>',
        )
    )
    return edit_part(package, "[Content_Types].xml", b"wordprocessingml.settings+xml", b"wordprocessingml.setting+xml")


def mutated_comment_document(rng: random.Random, folder: Path) -> tuple[Path, str, str]:
    """Write a randomly damaged comment table (CSV, XLSX) or copy with Word comments; the command is ``comments``."""
    kind = rng.choice(("docx", "xlsx", "csv"))
    if kind == "csv":
        data = bytearray(COMMENT_TABLE.encode("utf-8"))
        for _ in range(rng.randint(1, 4)):
            _mutate_bytes(rng, data)
        what = "comment table csv"
    else:
        package = commented_docx(rng.randint(1, 6)) if kind == "docx" else comment_table_xlsx()
        with zipfile.ZipFile(io.BytesIO(package)) as source:
            names = [n for n in source.namelist() if n.endswith(".xml") or n.endswith(".rels")]
        part = rng.choice(names)
        what = f"comments {kind} {part}"

        def change(name: str, data: bytes) -> bytes | None:
            if name != part:
                return data
            data = bytearray(data)
            for _ in range(rng.randint(1, 4)):
                _mutate_bytes(rng, data)
            return bytes(data)

        data = bytearray(rewrite_parts(package, change))
    path = folder / f"m.{kind}"
    path.write_bytes(bytes(data))
    return path, "comments", what


# The cases ------------------------------------------------------------------------------

# name -> (file name, builder, command): "import" reads it as an edition, "survey" as survey answers,
# "comments" as comments on cws11.
# `large` cases are bombs and floods: the fuzzer runs them under its time and memory watch.
CASES: dict[str, tuple[str, Callable[[Path], bytes], str]] = {
    "docx-grid-span-not-a-number": ("a.docx", _grid_span, "import"),
    "docx-list-level-not-a-number": ("a.docx", _list_level, "import"),
    "docx-symbol-not-hex": ("a.docx", _symbol, "import"),
    "docx-entity-reference": ("a.docx", _entity, "import"),
    "docx-declared-entity": ("a.docx", _declared_entity, "import"),
    "docx-main-part-html": ("a.docx", _html_main_part, "import"),
    "docx-footnotes-unparsable": ("a.docx", _broken_footnotes, "import"),
    "docx-truncated": ("a.docx", _truncated, "import"),
    "docx-zip-of-a-later-version": ("a.docx", lambda folder: zip_of_a_later_version(annex_docx()), "import"),
    "xlsx-zip-of-a-later-version": ("a.xlsx", lambda folder: zip_of_a_later_version(edition_xlsx()), "import"),
    "docx-part-name-not-utf8": ("a.docx", lambda folder: name_not_utf8(annex_docx()), "import"),
    "xlsx-part-name-not-utf8": ("a.xlsx", lambda folder: name_not_utf8(edition_xlsx()), "import"),
    "docx-damaged-styles": ("a.docx", lambda folder: damage_compressed(annex_docx(), "word/styles.xml"), "import"),
    "xlsx-damaged-sheet": (
        "a.xlsx",
        lambda folder: damage_compressed(edition_xlsx(), "xl/worksheets/sheet1.xml"),
        "import",
    ),
    "survey-xlsx-damaged-sheet": (
        "a.xlsx",
        lambda folder: damage_compressed(edition_xlsx(), "xl/worksheets/sheet1.xml"),
        "survey",
    ),
    "docx-split-table-with-other-columns": (
        "a.docx",
        lambda folder: annex_layout_docx(rows=2, split_before=2, columns=3),
        "import",
    ),
    "docx-footnote-before-the-table": ("a.docx", _footnote_before_the_table, "import"),
    "docx-settings-not-settings": ("a.docx", _settings_not_settings, "import"),
    "xlsx-two-filled-sheets": ("a.xlsx", _two_filled_sheets, "import"),
    "xlsx-annex-layout-stray-column": ("a.xlsx", _annex_sheet_stray_column, "import"),
    "xlsx-shared-string-out-of-range": ("a.xlsx", _shared_string_index(b"999"), "import"),
    "xlsx-shared-string-not-a-number": ("a.xlsx", _shared_string_index(b"x"), "import"),
    "xlsx-number-not-a-number": (
        "a.xlsx",
        _sheet_edit(b'<c r="A2" t="inlineStr">', b'<c r="A2"><v>abc</v></c><c r="Z2" t="inlineStr">'),
        "import",
    ),
    "xlsx-bad-date": (
        "a.xlsx",
        _sheet_edit(b'<c r="A2" t="inlineStr">', b'<c r="A2" t="d"><v>notadate</v></c><c r="Z2" t="inlineStr">'),
        "import",
    ),
    "xlsx-bad-row-number": ("a.xlsx", _sheet_edit(b'<row r="2"', b'<row r="two"'), "import"),
    "xlsx-dimension-bomb": ("a.xlsx", _dimension_bomb, "import"),
    "survey-xlsx-dimension-bomb": ("a.xlsx", _dimension_bomb, "survey"),
    "survey-xlsx-bad-row-number": ("a.xlsx", _sheet_edit(b'<row r="2"', b'<row r="two"'), "survey"),
    "csv-wide-header": ("a.csv", _csv_wide_header, "import"),
    "survey-csv-wide-header": ("a.csv", _csv_wide_header, "survey"),
    "comments-docx-entity-in-a-comment": ("a.docx", _comment_entity, "comments"),
    "comments-docx-settings-not-settings": ("a.docx", _comment_settings_not_settings, "comments"),
    "comments-csv-wide-header": ("a.csv", _csv_wide_header, "comments"),
    "xlsx-one-long-string-everywhere": (
        "a.xlsx",
        _one_string_everywhere(
            ["address", "kind", "label", "text"],
            lambda n: (
                f'<c r="A{n}" t="inlineStr"><is><t>R{n - 1}</t></is></c><c r="B{n}" t="inlineStr"><is><t>recommendation'
                f'</t></is></c><c r="D{n}" t="s"><v>0</v></c>'
            ),
        ),
        "import",
    ),
    "survey-xlsx-one-long-comment-everywhere": (
        "a.xlsx",
        _one_string_everywhere(
            ["office", "R1(a)", "R1(a) comment"],
            lambda n: (
                f'<c r="A{n}" t="inlineStr"><is><t>O{n}</t></is></c><c r="B{n}" t="inlineStr"><is><t>implemented'
                f'</t></is></c><c r="C{n}" t="s"><v>0</v></c>'
            ),
        ),
        "survey",
    ),
    "xlsx-styles-bomb": ("a.xlsx", _styles_bomb, "import"),
    "docx-empty-paragraphs-in-a-cell": ("a.docx", _empty_paragraphs_in_a_cell, "import"),
    "csv-empty-cells": ("a.csv", _csv_empty_cells, "import"),
    "survey-csv-empty-cells": ("a.csv", _csv_empty_cells, "survey"),
    "survey-csv-10010-answers": ("a.csv", _survey_answers(1_001), "survey"),
}
LARGE: dict[str, tuple[str, Callable[[Path], bytes], str]] = {
    "docx-100000-rows": ("a.docx", _many_rows, "import"),
    "docx-document-bomb": ("a.docx", _bomb_document, "import"),
    "docx-1gb-image": ("a.docx", _big_image, "import"),
    "docx-30mb-cell": ("a.docx", _giant_cell, "import"),
    "docx-2mb-cell": ("a.docx", lambda folder: _giant_cell(folder, 2), "import"),
    "xlsx-sheet-bomb": ("a.xlsx", _sheet_bomb, "import"),
    "xlsx-500000-rows": ("a.xlsx", _many_sheet_rows(500_000), "import"),
    "csv-300000-rows": ("a.csv", _csv_rows(300_000), "import"),
    "csv-20mb-address": ("a.csv", _csv_giant_address, "import"),
    "survey-csv-300000-rows": ("a.csv", _survey_rows(300_000), "survey"),
    "comments-csv-300000-rows": (
        "a.csv",
        lambda folder: (COMMENT_TABLE + COMMENT_TABLE.split("\r\n", 1)[1] * 150_000).encode(),
        "comments",
    ),
    "comments-docx-1000-comments": ("a.docx", lambda folder: commented_docx(1000), "comments"),
    # Just inside the limits: read in full, within the time and memory a user can wait for.
    "csv-5000-rows": ("a.csv", _csv_rows(4_999), "import"),
    "survey-csv-5000-rows": ("a.csv", _survey_rows(4_999), "survey"),
    "xlsx-5000-rows": ("a.xlsx", _many_sheet_rows(4_999), "import"),
    "docx-99000-character-cell": (
        "a.docx",
        lambda folder: annex_docx(1, "IP offices should " + "digitize " * 11_000),
        "import",
    ),
}


def write_case(name: str, folder: Path) -> tuple[Path, str]:
    """Write the named case into `folder`; return its path and the command that reads it."""
    file_name, build, command = {**CASES, **LARGE}[name]
    path = folder / file_name
    path.write_bytes(build(folder))
    return path, command


def mutated_document(rng: random.Random, folder: Path) -> tuple[Path, str, str]:
    """Write a randomly damaged DOCX, XLSX or CSV; return its path, the command, and what was done."""
    kind = rng.choice(("docx", "xlsx", "csv"))
    if kind == "csv":
        data = bytearray(_csv_rows(rng.randint(1, 20))(folder))
        what = "csv"
    else:
        # The bases: recreg's plain layouts, and the layouts delegates make (split tables, title rows, annex sheets).
        if kind == "docx":
            package = annex_docx(rng.randint(1, 5)) if rng.random() < 0.5 else annex_layout_docx(rng, rng.randint(1, 5))
        else:
            package = edition_xlsx() if rng.random() < 0.5 else annex_layout_xlsx(rng, rng.randint(1, 5))
        with zipfile.ZipFile(io.BytesIO(package)) as source:
            names = [n for n in source.namelist() if n.endswith(".xml") or n.endswith(".rels")]
        part = rng.choice(names)
        what = f"{kind} {part}"

        def change(name: str, data: bytes) -> bytes | None:
            if name != part:
                return data
            data = bytearray(data)
            for _ in range(rng.randint(1, 4)):
                _mutate_bytes(rng, data)
            return bytes(data)

        data = bytearray(rewrite_parts(package, change))
        chance = rng.random()
        if chance < 0.2:
            _mutate_bytes(rng, data)  # damage the zip itself too
            what += " and the zip"
        elif chance < 0.35:
            data = bytearray(damage_compressed(bytes(data), part, rng))  # damage the part's compressed bytes
            what += " compressed"
    if kind == "csv":
        for _ in range(rng.randint(1, 4)):
            _mutate_bytes(rng, data)
    path = folder / f"m.{kind}"
    path.write_bytes(bytes(data))
    return path, rng.choice(("import", "import", "survey")), what


_TOKENS = (
    b"<",
    b">",
    b"&",
    b"&e;",
    b'"',
    b"=",
    b"'",
    b"\0",
    b"\xff",
    b",",
    b"\r\n",
    b"999999999",
    b"-1",
    b"x",
    b'<w:gridSpan w:val="q"/>',
    b'<row r="0">',
    b"<![CDATA[",
    b"]]>",
    b"\xe2\x80",
    b"=1+1",
)


def _mutate_bytes(rng: random.Random, data: bytearray) -> None:
    if not data:
        data.extend(rng.choice(_TOKENS))
        return
    at = rng.randrange(len(data))
    action = rng.random()
    if action < 0.3:
        del data[at : at + rng.randint(1, 16)]
    elif action < 0.6:
        data[at:at] = rng.choice(_TOKENS)
    elif action < 0.8:
        data[at] = rng.randrange(256)
    else:
        span = data[at : at + rng.randint(1, 64)]
        data[at:at] = span * rng.randint(2, 50)
