"""Hostile documents: every broken, bombed or flooded DOCX, XLSX and CSV file is one located line, never a crash.

The files are made by hand (``tests/hostile_documents.py``), each a case a broken tool,
a careless edit or an attacker produces. Limits are lowered through their environment
variables where a case would otherwise need a file of hundreds of megabytes; the
fuzzer (``fuzz/run.py``) runs the full-size bombs and floods under its time and memory watch.
"""

from __future__ import annotations

import re

import pytest
from conftest import recreg
from hostile_documents import CASES, write_case


def run_case(name: str, folder, registry) -> tuple:
    path, command = write_case(name, folder)
    if command == "import":
        argv = ("import", path, "--as", "imported")
    elif command == "comments":
        argv = ("comments", "import", path, "--edition", "cws11", "--as", "comments")
    else:
        argv = ("survey", "import", path, "--edition", "cws12", "--as", "answers", "--date", "2025")
    return path, recreg("--registry", registry, *argv)


# name -> what the one line says after the file's name
EXPECTED = {
    "docx-grid-span-not-a-number": ": table 1, row 1: a cell spanning ‘two’ columns (expected a whole number of columns)",
    "docx-list-level-not-a-number": ": paragraph 1: w:val=‘x’ on <w:ilvl> is not a whole number",
    "docx-symbol-not-hex": ": table 1, row 2, cell 1: a symbol with the code ‘zz’, which names no character",
    "docx-entity-reference": ": word/document.xml: not well-formed XML (Entity 'e' not defined, line 2, column",
    "docx-declared-entity": ": word/document.xml, line 2: an XML entity reference &e; that cannot be read",
    "docx-main-part-html": ": word/document.xml: not a Word document (its root is <html>)",
    "docx-footnotes-unparsable": ": word/footnotes.xml: not well-formed XML (Couldn't find end of Start Tag foot",
    "docx-truncated": ": not a Word document (not a zip file)",
    "docx-zip-of-a-later-version": ": cannot unpack this package (zip file version 22.8)",
    "xlsx-zip-of-a-later-version": ": cannot unpack this package (zip file version 22.8)",
    "docx-part-name-not-utf8": ": cannot unpack this package (a part's name is marked as UTF-8 but is not)",
    "xlsx-part-name-not-utf8": ": cannot unpack this package (a part's name is marked as UTF-8 but is not)",
    "docx-damaged-styles": ": word/styles.xml: cannot unpack this part (",
    "xlsx-damaged-sheet": ": xl/worksheets/sheet1.xml: cannot unpack this part (",
    "survey-xlsx-damaged-sheet": ": xl/worksheets/sheet1.xml: cannot unpack this part (",
    "docx-split-table-with-other-columns": ": table 2, row 1, cell 1: ‘Recommendation 2: IP offices should digitize, and keep th...’ "
    "stands in a table that does not continue the annex (table 1)",
    "docx-footnote-before-the-table": ": paragraph 1: footnote 1 stands outside the annex table, where it cannot be placed",
    "docx-settings-not-settings": ": word/settings.xml: the settings part cannot be read, so the footnotes' numbers cannot be told",
    "xlsx-two-filled-sheets": ": has 2 sheets with content (‘x’, ‘Comments’); which one is meant? (expected --sheet NAME)",
    "xlsx-annex-layout-stray-column": ": sheet ‘Annex’, row 3, column C: text in a column with no header: ‘See CWS/11/18.’",
    "xlsx-shared-string-out-of-range": ": sheet ‘x’, cell D2: refers to a shared text (‘999’) that the workbook "
    "does not hold (expected a workbook saved by a spreadsheet)",
    "xlsx-shared-string-not-a-number": ": sheet ‘x’, cell D2: refers to a shared text (‘x’) that the workbook does not hold",
    "xlsx-number-not-a-number": ": sheet ‘x’, cell A2: is marked as a number but holds ‘abc’",
    "xlsx-bad-date": ": sheet ‘x’, cell A2: is marked as a date but holds ‘notadate’",
    "xlsx-bad-row-number": ": sheet ‘x’, after row 1: a row numbered ‘two’, which is not a row number",
    "xlsx-dimension-bomb": ": sheet ‘x’, row 20001: more than 20,000 rows (expected less, or a higher limit in $RECREG_MAX_ROWS)",
    "survey-xlsx-dimension-bomb": ": sheet ‘x’, row 20001: more than 20,000 rows",
    "survey-xlsx-bad-row-number": ": sheet ‘x’, after row 1: a row numbered ‘two’, which is not a row number",
    "csv-wide-header": ": row 1, column ALM: a row of 100,000 columns (expected less, or a higher limit in $RECREG_MAX_COLUMNS)",
    "survey-csv-wide-header": ": row 1, column ALM: a row of 100,000 columns",
    "comments-docx-entity-in-a-comment": ": cannot read the Word document (XMLSyntaxError: Entity 'e' not defined, line 2",
    "comments-csv-wide-header": ": row 1, column ALM: a row of 100,000 columns",
    "comments-docx-settings-not-settings": ": word/settings.xml: the settings part cannot be read, so the footnotes' "
    "numbers cannot be told",
    "xlsx-one-long-string-everywhere": ": sheet ‘x’, row 22: more than 2,000,000 characters in all cells "
    "(expected less, or a higher limit in $RECREG_MAX_TEXT_CHARACTERS)",
    "survey-xlsx-one-long-comment-everywhere": ": sheet ‘x’, row 22: more than 2,000,000 characters in all cells",
    "xlsx-styles-bomb": ": xl/styles.xml: more than 200,000 XML elements in all parts "
    "(expected less, or a higher limit in $RECREG_MAX_ELEMENTS)",
    "docx-empty-paragraphs-in-a-cell": ": word/document.xml: more than 200,000 XML elements in all parts",
    "csv-empty-cells": ": row 101: more than 100,000 cells (expected less, or a higher limit in $RECREG_MAX_CELLS)",
    "survey-csv-empty-cells": ": row 101: more than 100,000 cells",
    "survey-csv-10010-answers": ": row 1002: more than 10,000 answers (expected less, or a higher limit in $RECREG_MAX_ANSWERS)",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_hostile_document_is_refused_in_one_located_line(registry_copy, tmp_path, name):
    path, result = run_case(name, tmp_path, registry_copy)
    assert result.code == 1, result.err
    assert "internal error" not in result.err
    problems = [line for line in result.err_lines if not line.endswith("nothing written")]
    assert len(problems) == 1, result.err
    assert problems[0].startswith(f"{path}{EXPECTED[name]}"), problems[0]
    assert len(problems[0]) < 600  # an excerpt of what was rejected, never all of it
    if "xlsx" in name:  # said in the sheet's terms, never in Python's
        assert not re.search(r"[A-Z][a-z]+(Error|File)\b", problems[0]), problems[0]
    assert not (registry_copy / "imported.yaml").exists() and not (registry_copy.parent / "surveys").exists()
    assert not (registry_copy.parent / "comments").exists()


@pytest.mark.parametrize(
    "variable, value, build, expected",
    [
        ("RECREG_MAX_PART_BYTES", "20000", "docx", " bytes once unpacked"),
        ("RECREG_MAX_UNPACKED_BYTES", "30000", "docx", ": parts of "),
        ("RECREG_MAX_PARTS", "5", "xlsx", ": a package of "),
        ("RECREG_MAX_BYTES", "1000", "xlsx", ": file larger than the size limit"),
        ("RECREG_MAX_ROWS", "2", "docx", ": table 1, row 3: more than 2 rows"),
        ("RECREG_MAX_CELL_CHARACTERS", "30", "docx", ": table 1, row 2: more than 30 characters in one cell"),
        ("RECREG_MAX_CELL_CHARACTERS", "20", "xlsx", ": sheet ‘x’, cell D2: a cell of 47 characters"),
        ("RECREG_MAX_CELL_CHARACTERS", "20", "csv", ": row 2, column D: a cell of 47 characters"),
        ("RECREG_MAX_ROWS", "1", "csv", ": row 2: more than 1 rows"),
        ("RECREG_MAX_COLUMNS", "3", "xlsx", ": sheet ‘x’, cell D1: a cell in column 4"),
        ("RECREG_MAX_CELLS", "5", "csv", ": row 2: more than 5 cells"),
        ("RECREG_MAX_CELLS", "5", "xlsx", ": sheet ‘x’, row 2: more than 5 cells"),
        ("RECREG_MAX_TEXT_CHARACTERS", "60", "csv", ": row 2: more than 60 characters in all cells"),
        ("RECREG_MAX_TEXT_CHARACTERS", "60", "xlsx", ": sheet ‘x’, row 2: more than 60 characters in all cells"),
        ("RECREG_MAX_TEXT_CHARACTERS", "60", "docx", ": table 1, row 2: more than 60 characters in all cells"),
        ("RECREG_MAX_ELEMENTS", "100", "docx", ": more than 100 XML elements in all parts"),
        ("RECREG_MAX_ELEMENTS", "100", "xlsx", ": more than 100 XML elements in all parts"),
    ],
)
def test_each_limit_is_one_line_naming_its_variable(
    registry_copy, tmp_path, monkeypatch, variable, value, build, expected
):
    from hostile_documents import STATEMENT, annex_docx, edition_xlsx

    path = tmp_path / f"a.{build}"
    if build == "docx":
        path.write_bytes(annex_docx(2))
    elif build == "xlsx":
        path.write_bytes(edition_xlsx())
    else:
        path.write_text(
            f'address,kind,label,text\nR1,recommendation,Recommendation 1,"{STATEMENT}"\ndraft,edition,,Draft\n',
            encoding="utf-8",
        )
    assert recreg("--registry", registry_copy, "import", path, "--as", "ok").code == 0  # fine within the defaults
    monkeypatch.setenv(variable, value)
    result = recreg("--registry", registry_copy, "import", path, "--as", "over")
    assert result.code in (1, 2)
    assert (
        len(result.err_lines) == 1 and result.err_lines[0].startswith(f"{path}:") and expected in result.err_lines[0]
    ), result.err
    assert result.err_lines[0].endswith(f"(expected less, or a higher limit in ${variable})")


def test_paragraphs_outside_the_tables_count_against_the_row_limit(registry_copy, tmp_path, monkeypatch):
    from docx import Document

    document = Document()
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Recommendation", "Recommended Actions"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "Recommendation 1: IP offices should act.", "(a) Act."
    for number in range(4):
        document.add_paragraph(f"Note {number + 1}.")
    path = tmp_path / "notes.docx"
    document.save(path)
    monkeypatch.setenv("RECREG_MAX_ROWS", "3")
    result = recreg("--registry", registry_copy, "import", path, "--as", "notes")
    assert result.code == 1
    assert result.err_lines == [
        f"{path}: word/document.xml, paragraph 4: more than 3 paragraphs outside the tables "
        "(expected less, or a higher limit in $RECREG_MAX_ROWS)"
    ]


def test_an_entity_never_cuts_the_text_short(registry_copy, tmp_path):
    # The text after an unresolved entity used to vanish with exit 0: now the document is refused.
    path, result = run_case("docx-declared-entity", tmp_path, registry_copy)
    assert result.code == 1 and not (registry_copy / "imported.yaml").exists()


def test_a_form_export_naming_offices_only_by_name_imports(registry_copy, tmp_path):
    path = tmp_path / "form.csv"
    path.write_text("Name,R1(a)\nDeutsches Patent- und Markenamt,implemented\nIP Australia,planned\n", encoding="utf-8")
    result = recreg(
        "--registry", registry_copy, "survey", "import", path, "--edition", "cws12", "--as", "form", "--date", "2025"
    )
    assert result.code == 0, result.err
    survey = (registry_copy.parent / "surveys" / "form.yaml").read_text(encoding="utf-8")
    assert "name: Deutsches Patent- und Markenamt" in survey and "status: planned" in survey


def test_an_id_too_long_for_a_file_name_is_refused_at_its_option(registry_copy, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("address,kind,text\nR1,recommendation,x\n", encoding="utf-8")
    result = recreg("--registry", registry_copy, "import", path, "--as", "a" * 300)
    assert result.code == 2
    assert result.err_lines == ["recreg: --as: an edition id of 300 characters (expected at most 64 characters)"]


def test_a_message_quotes_only_an_excerpt(registry_copy, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("address,kind,label,text\n" + "R" + "9" * 50_000 + ",recommendation,,x\n", encoding="utf-8")
    result = recreg("--registry", registry_copy, "import", path, "--as", "x")
    assert result.code == 1
    assert len(result.err_lines) == 1 and len(result.err_lines[0]) < 600 and "more characters" in result.err_lines[0]
