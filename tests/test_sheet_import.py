"""Workbooks and CSV files as people make them (openpyxl, a hand-written CSV), read by `recreg import`.

Each case is one a trial found refused, or read wrongly: a row spanning the annex table, a
formula never calculated, labels typed ``a.`` or ``a``, a text that begins with an
apostrophe, recommendation numbers with a gap. The user sees the edition, or one line
naming the sheet, row and cell.
"""

from __future__ import annotations

from pathlib import Path

from conftest import recreg
from test_delegate_documents import _workbook

from recreg.registry.folder import Registry


def imported(registry: Path, edition_id: str):
    return Registry(registry).edition(edition_id)


def test_a_formula_never_calculated_is_named_as_such_with_what_to_do(registry_copy, tmp_path):
    # openpyxl writes the formula and no value: only a spreadsheet calculates and saves one.
    rows = [
        ["address", "kind", "label", "text"],
        ["draft", "edition", "", "DRAFT RECOMMENDATIONS"],
        ["R1", "recommendation", "", "IP offices should publish their data."],
        ["R1/a", "action", "(a)", '=CONCAT("IP offices should ", "publish it.")'],
    ]
    path = _workbook(tmp_path / "draft.xlsx", {"Draft": rows})
    result = recreg("--registry", registry_copy, "import", path, "--as", "delegate")
    assert result.code == 1
    assert result.err_lines[0] == (
        f"{path}: sheet ‘Draft’, cell D4: holds a formula with no saved value "
        '(=CONCAT("IP offices should ", "publish it.")), so its text cannot be read '
        "(expected the workbook opened and saved in Excel or LibreOffice, which saves each formula's value, "
        "or the text typed into the cell)"
    )
    assert not (registry_copy / "delegate.yaml").exists()


def test_a_formula_with_its_saved_value_is_read_as_the_sheet_shows_it(registry_copy, tmp_path):
    # As Excel and LibreOffice save it: the formula, and its value beside it.
    import zipfile

    rows = [
        ["address", "kind", "label", "text"],
        ["draft", "edition", "", "DRAFT RECOMMENDATIONS"],
        ["R1", "recommendation", "", "IP offices should publish their data."],
        ["R1/a", "action", "(a)", '=CONCAT("IP offices should ", "publish it.")'],
    ]
    written = _workbook(tmp_path / "written.xlsx", {"Draft": rows})
    path = tmp_path / "saved.xlsx"
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(path, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                old = b'<c r="D4"><f>CONCAT("IP offices should ", "publish it.")</f><v></v></c>'
                assert old in data
                data = data.replace(
                    old,
                    b'<c r="D4" t="str"><f>CONCAT("IP offices should ", "publish it.")</f><v>IP offices should publish it.</v></c>',
                )
            target.writestr(entry, data)
    result = recreg("--registry", registry_copy, "import", path, "--as", "delegate")
    assert result.code == 0, result.err
    assert imported(registry_copy, "delegate").recommendation(1).actions[0].text == "IP offices should publish it."


def test_a_word_document_named_xlsx_is_refused_in_a_users_words(registry_copy, tmp_path):
    from docx import Document

    path = tmp_path / "draft.xlsx"
    Document().save(str(path))
    result = recreg("--registry", registry_copy, "import", path, "--as", "delegate")
    assert result.code == 1
    assert result.err_lines[0] == (
        f"{path}: not an XLSX workbook (it holds no workbook that can be read) "
        "(expected an .xlsx file saved by a spreadsheet)"
    )


def test_a_row_merged_across_an_annex_sheet_is_a_note_as_in_word(registry_copy, tmp_path):
    from docx import Document
    from openpyxl import Workbook
    from test_delegate_documents import _annex_rows
    from test_office import content

    draft = Registry(registry_copy).edition("cws11")
    rows = _annex_rows(draft)
    heading = "Group B: data exchange (see the Task Force's report)"
    rows.insert(4, [heading])  # after the title, the header and R1, R2: a group heading
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Annex"
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("A5:C5")
    sheet.merge_cells("A1:C1")  # the title, merged too
    path = tmp_path / "draft.xlsx"
    workbook.save(str(path))
    result = recreg("--registry", registry_copy, "import", path, "--as", "sheet")
    assert result.code == 0, result.err
    sheet_edition = Registry(registry_copy).edition("sheet")
    assert content(sheet_edition) == content(draft) and sheet_edition.title == draft.title
    assert f"Sheet ‘Annex’, row 5 (across the table): {heading}" in sheet_edition.notes
    # The Word reader keeps the same row, merged across its table, the same way.
    document = Document()
    document.add_paragraph(draft.title)
    table = document.add_table(rows=0, cols=3)
    for row in rows[1:]:
        cells = table.add_row().cells
        if len(row) == 1:
            cells[0].merge(cells[2]).text = row[0]
            continue
        for cell, text in zip(cells, row):
            cell.text = ""
            for index, line in enumerate(text.split("\n")):
                (cell.paragraphs[0] if index == 0 else cell.add_paragraph()).add_run(line)
    word = tmp_path / "draft.docx"
    document.save(str(word))
    result = recreg("--registry", registry_copy, "import", word, "--as", "word")
    assert result.code == 0, result.err
    word_edition = Registry(registry_copy).edition("word")
    assert content(word_edition) == content(draft)
    assert f"Table 1, row 4 (across the table): {heading}" in word_edition.notes


def test_a_lone_cell_not_merged_across_the_annex_is_still_refused_by_its_cell(registry_copy, tmp_path):
    rows = [
        ["Draft recommendations"],
        ["Recommendations", "Recommended Actions"],
        ["Recommendation 1:\nIP offices should act.", "(a) IP offices should act now."],
        ["Group B: data"],
    ]
    path = _workbook(tmp_path / "draft.xlsx", {"Annex": rows})
    result = recreg("--registry", registry_copy, "import", path, "--as", "sheet")
    assert result.code == 1
    assert result.err_lines[0] == (
        f"{path}: sheet ‘Annex’, row 4, column A: no recommendation number before ‘Group B: data’ "
        "(expected ‘Recommendation 1’, ‘R1’ or ‘1.’ first in the cell)"
    )


LABELS_CSV = """address,kind,label,text
draft,edition,,DRAFT RECOMMENDATIONS
R1,recommendation,Recommendation 1,IP offices should publish their data.
R1/a,action,a,IP offices should publish it openly.
R1/a/i,item,i,in bulk;
R1/a/ii,item,ii.,by a service;
R1/a/iii,item,iii),on request; and
R1/a/iv,item,(iv),on paper.
R1/b,action,b.,IP offices should describe it.
R1/c,action,c),IP offices should date it.
R1/d,action,(d),IP offices should keep it.
R1/e,action, e ,IP offices should share it.
"""


def test_labels_are_read_as_people_type_them(registry_copy, tmp_path):
    path = tmp_path / "draft.csv"
    path.write_text(LABELS_CSV, encoding="utf-8")
    result = recreg("--registry", registry_copy, "import", path, "--as", "delegate")
    assert result.code == 0, result.err
    rec = imported(registry_copy, "delegate").recommendation(1)
    assert [action.label for action in rec.actions] == ["a", "b", "c", "d", "e"]
    assert [(item.label, item.text) for item in rec.actions[0].items] == [
        ("i", "in bulk;"),
        ("ii", "by a service;"),
        ("iii", "on request; and"),
        ("iv", "on paper."),
    ]


def test_a_label_that_is_no_letter_or_numeral_is_refused_by_its_cell(registry_copy, tmp_path):
    path = tmp_path / "draft.csv"
    text = LABELS_CSV.replace("R1/b,action,b.,", "R1/b,action,second,").replace("R1/a/ii,item,ii.,", "R1/a/ii,item,2,")
    path.write_text(text, encoding="utf-8")
    result = recreg("--registry", registry_copy, "import", path, "--as", "delegate")
    assert result.code == 1
    assert result.err_lines[:2] == [
        f"{path}: row 6, column C: label ‘2’ does not fit R1/a/ii (expected ii., (ii) or ii)",
        f"{path}: row 9, column C: label ‘second’ does not fit R1/b (expected (b), b. or b)",
    ]


def test_a_text_that_begins_with_an_apostrophe_keeps_it(registry_copy, tmp_path):
    # Only the apostrophe that guards a would-be formula is taken off; a quotation keeps its own.
    path = tmp_path / "draft.csv"
    path.write_text(
        "address,kind,label,text\n"
        "draft,edition,,DRAFT RECOMMENDATIONS\n"
        "R1,recommendation,,'Open data' is defined as data anyone may use.\n"
        "R1/a,action,(a),'=SUM(1+1) is how a spreadsheet adds.\n"
        "R1/b,action,(b),''=quoted\n",
        encoding="utf-8",
    )
    result = recreg("--registry", registry_copy, "import", path, "--as", "delegate")
    assert result.code == 0, result.err
    rec = imported(registry_copy, "delegate").recommendation(1)
    assert rec.statement == "'Open data' is defined as data anyone may use."
    assert [action.text for action in rec.actions] == ["=SUM(1+1) is how a spreadsheet adds.", "'=quoted"]


def test_an_apostrophe_of_the_text_survives_export_and_import(registry_copy, tmp_path):
    import csv
    import io

    from conftest import replace_once

    path = registry_copy / "cws12.yaml"
    statement = "IP offices should have an ICT strategy"
    text = replace_once(path.read_text(encoding="utf-8"), statement, "'Open data' is what IP offices should publish")
    path.write_text(text, encoding="utf-8")
    exported = recreg("--registry", registry_copy, "export", "cws12", "--format", "csv")
    assert exported.code == 0, exported.err
    cells = [row[3] for row in csv.reader(io.StringIO(exported.out))]
    assert any(cell.startswith("'Open data' is what") for cell in cells)  # no guard: no spreadsheet runs it
    (tmp_path / "a.csv").write_text(exported.out, encoding="utf-8")
    result = recreg(
        "--registry", registry_copy, "import", tmp_path / "a.csv", "--as", "copy", "--derives-from", "cws12"
    )
    assert result.code == 0, result.err
    diffed = recreg("--registry", registry_copy, "diff", "cws12", "copy", "--exit-code")
    assert diffed.code == 0, diffed.out


def test_a_workbook_of_a_large_edition_is_not_refused_for_its_rows(registry_copy, tmp_path):
    # 1,300 recommendations of three actions: 5,202 rows, over the old limit of 5,000.
    rows = [["address", "kind", "label", "text"], ["big", "edition", "", "A LARGE EDITION"]]
    for number in range(1, 1301):
        rows.append([f"R{number}", "recommendation", f"Recommendation {number}", f"IP offices should act {number}."])
        rows += [[f"R{number}/{label}", "action", f"({label})", f"Act {label}."] for label in "abc"]
    path = _workbook(tmp_path / "big.xlsx", {"Edition": rows})
    result = recreg("--registry", registry_copy, "import", path, "--as", "big")
    assert result.code == 0, result.err
    assert "1,300 recommendations, 3,900 actions" in result.out


def test_the_row_limit_is_named_with_its_variable(registry_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("RECREG_MAX_ROWS", "3")
    path = tmp_path / "draft.csv"
    path.write_text(LABELS_CSV, encoding="utf-8")
    result = recreg("--registry", registry_copy, "import", path, "--as", "delegate")
    assert result.code == 1
    assert (
        result.err_lines[0] == f"{path}: row 4: more than 3 rows (expected less, or a higher limit in $RECREG_MAX_ROWS)"
    )
