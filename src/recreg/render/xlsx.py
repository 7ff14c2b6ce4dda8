"""XLSX: an edition as a workbook of one sheet, one row per node; a diff as a comparison workbook.

The comparison workbook is the per-control table NIST published for SP 800-53 rev4 -> rev5
and that OSCAL users ask tools for: one row per recommendation (control) with its old and new
number (label), what changed, the word diff (deletions struck through in red, insertions
underlined in green) and the changes of normative strength; a second sheet lists every
change node by node. Every cell is text, never a formula.
"""

from __future__ import annotations

import io

from ..office.layout import edition_rows
from ..office.tables import column_letter
from . import RenderOptions
from .common import (
    DIRECTIONS,
    change_label,
    counts_label,
    matching_label,
    missing_label,
    pair_summary,
    printable,
    ref,
    side,
)
from .disposition import DISPOSITION_COLUMNS, iso_cells, summary_headings, summary_rows, summary_values
from .fragments import node_views

# Excel keeps at most this many characters in a cell.
CELL_LIMIT = 32_767


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


def render_diff(result, options: RenderOptions = RenderOptions()) -> bytes:
    """Render a diff as a comparison workbook: a sheet of recommendation pairs, a sheet of changes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    pairs = workbook.active
    pairs.title = "Recommendations"
    pairs.append([f"{result.title} · matching: {matching_label(result)} · {counts_label(result)}"])
    pairs.merge_cells("A1:G1")
    pairs.append(["Old", "New", "Title", "Changes", "Matched", "Modality", "Word diff"])
    for pair in result.pairs:
        pairs.append(
            [
                side(pair.before),
                side(pair.after),
                _title(pair),
                pair_summary(pair),
                _matched(pair),
                _modality(pair.changes),
                _word_diff(result, pair),
            ]
        )
    changes = workbook.create_sheet("Changes")
    changes.append(["Old", "New", "Kind", "Change", "Word diff"])
    for pair in result.pairs:
        for view in node_views(result, pair.changes):
            for change in view.changes:
                changes.append(
                    [
                        ref(view.before),
                        ref(view.after),
                        change.kind,
                        change_label(change, pair),
                        _runs(result, view).cell() if change is view.changes[0] else "",
                    ]
                )
    for sheet, widths, header in ((pairs, (12, 12, 36, 30, 16, 30, 100), 2), (changes, (14, 14, 14, 40, 100), 1)):
        _lay_out_sheet(sheet, widths, header)
    pairs["A1"].font = Font(bold=True)
    pairs.row_dimensions[1].height = 15 * max(1, -(-len(str(pairs["A1"].value)) // 250))
    workbook.properties.title = result.title
    workbook.properties.creator = "recreg"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _lay_out_sheet(sheet, widths: tuple[int, ...], header: int) -> None:
    """Lay a sheet out: every cell text and wrapped, its header bold and frozen, filtered, printed in landscape."""
    from openpyxl.styles import Alignment, Font

    for row in sheet.iter_rows():
        for cell in row:
            if type(cell).__name__ == "MergedCell":
                continue
            if not hasattr(cell.value, "as_list"):  # rich text is text already
                cell.data_type = "s"  # a text is a text, even one starting with "="
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[header]:
        cell.font = Font(bold=True)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    _fit_rows(sheet, widths)
    sheet.freeze_panes = f"A{header + 1}"
    sheet.auto_filter.ref = f"A{header}:{chr(ord('A') + len(widths) - 1)}{sheet.max_row}"
    sheet.print_title_rows = f"{header}:{header}"
    # Printed (or turned into PDF): landscape, every column on one page's width.
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0


def _fit_rows(sheet, widths: tuple[int, ...]) -> None:
    """Give each row the lines its wrapped texts need at the columns' widths.

    Spreadsheets size rows to wrapped text only when they lay the sheet out themselves; a
    workbook opened as written shows, and prints, only what its row heights hold.
    """
    for index, row in enumerate(sheet.iter_rows(min_row=2), start=2):
        lines = 1
        for cell, width in zip(row, widths):
            text = str(cell.value) if cell.value is not None else ""
            lines = max(lines, sum(max(1, -(-len(part) // max(1, width - 2))) for part in text.split("\n")))
        sheet.row_dimensions[index].height = min(409, 15 * lines)  # Excel's tallest row


def _title(pair) -> str:
    rec = pair.after or pair.before
    return rec.title or ""


def _matched(pair) -> str:
    if pair.matched_by is None:
        return ""
    return f"{pair.matched_by} {pair.score:.2f}" + (" probable" if pair.probable else "")


def _modality(changes) -> str:
    """List a pair's changes of normative strength, strongest news first (``weakened: should → may (R5/a)``)."""
    found = [c for c in changes if c.kind == "modality"]
    found.sort(key=lambda c: DIRECTIONS.index(c.details["direction"]))
    return "\n".join(f"{change_label(c)} ({ref(c.after)})" for c in found)


def _word_diff(result, pair):
    """Return a pair's word diff, node by node, as rich text (or plain text where nothing changed in words)."""
    pieces: list = []
    for view in node_views(result, pair.changes):
        runs = _runs(result, view)
        if not runs:
            continue
        pieces.append((f"{ref(view.before)} → {ref(view.after)}: " if pieces or len(pair.changes) > 1 else "", None))
        pieces += runs.pieces
        pieces.append(("\n", None))
    return _Rich(pieces[:-1]).cell() if pieces else ""


class _Rich:
    """Runs of text, each plain or marked deleted or inserted, cut to what a cell holds."""

    def __init__(self, pieces: list):
        self.pieces = pieces

    def __bool__(self) -> bool:
        return bool(self.pieces)

    def cell(self):
        from openpyxl.cell.rich_text import CellRichText, TextBlock
        from openpyxl.cell.text import InlineFont

        fonts = {"delete": InlineFont(color="C00000", strike=True), "insert": InlineFont(color="007A33", u="single")}
        blocks, left = [], CELL_LIMIT - 100
        for text, op in self.pieces:
            if left <= 0:
                break
            if len(text) > left:
                text = text[:left] + " … (cut at Excel's cell limit; the HTML and Markdown reports show it all)"
            left -= len(text)
            blocks.append(TextBlock(fonts[op], text) if op in fonts else text)
        if all(isinstance(block, str) for block in blocks):
            return "".join(blocks)
        return CellRichText(*blocks)


def _runs(result, view) -> _Rich:
    """Return a node's change as runs: its word diff, the node added or removed whole, or each side's texts.

    As every reviewer format shows it (`recreg.render.fragments`): a move, split or merge gives
    each node's text read in its own edition, under its edition and address.
    """
    if view.form == "diff":
        runs = []
        for edit in view.edits:
            body = edit.text if edit.op == "equal" else edit.text.lstrip()
            # The space before a changed run stays unmarked: a deletion never strikes the gap before it.
            runs += [(edit.text[: len(edit.text) - len(body)], None), (body, None if edit.op == "equal" else edit.op)]
        return _Rich([run for run in runs if run[0]])
    if view.form in {"added", "removed"}:
        op, runs = ("insert" if view.form == "added" else "delete"), []
        for shown in view.new if view.form == "added" else view.old:
            runs += [("\n", None)] if runs else []
            runs.append((_line(shown), op))
        return _Rich(runs)
    pieces = []
    for label, shown in ((result.labels[0], view.old), (result.labels[1], view.new)):
        for s in shown:
            pieces.append(
                ("\n" if pieces else "") + (_line(s) if s.label else f"{label} {s.address.shown}: {_line(s)}")
            )
    return _Rich([(piece, None) for piece in pieces])


def _line(shown) -> str:
    text = shown.text if shown.text is not None else missing_label(shown.node)
    return f"{shown.label} {text}" if shown.label else text


def render_disposition(report, options: RenderOptions = RenderOptions()) -> bytes:
    """Render a disposition of comments as a workbook: the ISO comment form with recreg's columns, then the counts.

    The first sheet ("Comments") reads back with ``recreg comments import`` as the same
    comments (recreg's own columns are left aside); the second ("Summary") counts them per
    commenter and in total. Every cell is a text or a number, never a formula.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Comments"
    sheet.append(list(DISPOSITION_COLUMNS))
    for row in report.rows:
        sheet.append([printable(value) for value in iso_cells(row, report.route)])
    for cells in sheet.iter_rows():
        for cell in cells:
            cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = (14, 8, 18, 10, 8, 40, 40, 40, 14, 12, 30, 30, 30, 40, 40, 14)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[column_letter(index)].width = width
    _fit_rows(sheet, widths)
    sheet.row_dimensions[1].height = 30
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = "1:1"
    counts = workbook.create_sheet("Summary")
    summary = summary_rows(report)
    counts.append(["Commenter", *summary_headings(summary[-1][1])])
    for label, values in summary:
        counts.append([printable(label), *summary_values(values)])
    for cell in (*counts[1], *counts[counts.max_row]):
        cell.font = Font(bold=True)
    counts.column_dimensions["A"].width = 24
    workbook.properties.title = printable(f"Disposition of comments: {report.comments.title}")
    workbook.properties.creator = "recreg"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
