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
