"""XLSX: an edition as a workbook of one sheet, one row per node, ready to filter and sort."""

from __future__ import annotations

import io

from . import RenderOptions
from ..office.layout import edition_rows


def render_export(edition, options: RenderOptions) -> bytes:
    """Render an edition as an XLSX workbook that `recreg import` reads back.

    One sheet named after the edition; a header row frozen and filtered; every cell a text
    (never a formula, whatever it starts with).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = edition.id[:31]
    for row in edition_rows(edition, guard=False):  # cells typed as text below: no apostrophe needed
        sheet.append(list(row))
    for row in sheet.iter_rows():
        for cell in row:
            cell.data_type = "s"  # a text is a text, even one starting with "="
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    # Spreadsheets size rows to wrapped text only when they lay the sheet out themselves; give
    # each row the lines its text needs at this width, so a printout shows every word.
    for index, row in enumerate(sheet.iter_rows(min_row=2), start=2):
        lines = max(1, -(-len(str(row[3].value or "")) // 95), -(-len(str(row[4].value or "")) // 30))
        sheet.row_dimensions[index].height = 15 * lines
    for letter, width in zip("ABCDEF", (12, 15, 18, 90, 30, 30)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    # Printed (or turned into PDF): landscape, every column on one page's width, header on each page.
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = "1:1"
    sheet.auto_filter.ref = sheet.dimensions
    workbook.properties.title = edition.title
    workbook.properties.creator = "recreg"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
