"""LibreOffice opens what recreg writes: every DOCX and XLSX converts to PDF, and Accept all / Reject all give both editions.

Uses Debian's ``soffice`` (packages ``libreoffice-writer-nogui`` and ``libreoffice-calc-nogui``;
``.ci/run`` installs them when absent) and ``pdftoppm``/``pdftotext`` (``poppler-utils``), and
skips without them. Each run of LibreOffice gets its own fresh profile
(``-env:UserInstallation``) and a timeout, so parallel runs do not collide and a hung
office cannot hang the tests. Page 1 of each PDF is kept as a PNG in ``tests/artifacts/``
(git-ignored) for a person to look at.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from conftest import recreg
from test_office import content, edition

SOFFICE = shutil.which("soffice")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
TIMEOUT = 180

pytestmark = pytest.mark.skipif(
    not (SOFFICE and shutil.which("pdftoppm") and shutil.which("pdftotext")),
    reason="needs LibreOffice (libreoffice-writer-nogui, libreoffice-calc-nogui) and poppler-utils; .ci/run installs them",
)

# "Accept all" and "Reject all" as a user runs them, through LibreOffice's own dispatcher.
MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub Resolve(inPath As String, outPath As String, how As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = &quot;Hidden&quot;
  args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(inPath), &quot;_blank&quot;, 0, args())
  dispatcher = createUnoService(&quot;com.sun.star.frame.DispatchHelper&quot;)
  dispatcher.executeDispatch(doc.CurrentController.Frame, &quot;.uno:&quot; &amp; how &amp; &quot;AllTrackedChanges&quot;, &quot;&quot;, 0, Array())
  Dim out(0) As New com.sun.star.beans.PropertyValue
  out(0).Name = &quot;FilterName&quot;
  out(0).Value = &quot;MS Word 2007 XML&quot;
  doc.storeToURL(ConvertToURL(outPath), out())
  doc.close(True)
End Sub
</script:module>
"""


@pytest.fixture
def profile(tmp_path):
    """A fresh LibreOffice profile folder, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="recreg-lo-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def soffice(profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def to_pdf(profile: Path, document: Path, artifact: str) -> str:
    """Convert a document to PDF with LibreOffice, keep page 1 as a PNG, and return the PDF's text."""
    result = soffice(profile, "--convert-to", "pdf", "--outdir", str(document.parent), str(document))
    pdf = document.with_suffix(".pdf")
    assert result.returncode == 0 and pdf.is_file() and pdf.stat().st_size > 1000, result.stdout + result.stderr
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(ARTIFACTS / artifact)],
        check=True,
        timeout=TIMEOUT,
    )
    assert (ARTIFACTS / f"{artifact}.png").stat().st_size > 10_000
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=TIMEOUT
    ).stdout


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("edition_id", ["cws12", "cws11", "r40"])
@pytest.mark.parametrize("format_name", ["docx", "xlsx"])
def test_exports_convert_to_pdf(registry_copy, tmp_path, profile, edition_id, format_name):
    document = tmp_path / f"{edition_id}.{format_name}"
    assert recreg("--registry", registry_copy, "export", edition_id, "--format", format_name, "-o", document).code == 0
    text = words(to_pdf(profile, document, f"export-{edition_id}-{format_name}"))
    assert words(edition(registry_copy, edition_id).title)[:40] in text


def test_diff_document_converts_and_shows_every_new_statement(registry_copy, tmp_path, profile):
    document = tmp_path / "cws11-cws12.docx"
    assert recreg("--registry", registry_copy, "diff", "cws11", "cws12", "--format", "docx", "-o", document).code == 0
    text = words(to_pdf(profile, document, "diff-cws11-cws12-docx"))
    for rec in edition(registry_copy, "cws12").recommendations:
        # The PDF shows old and new words together (a changed comma stands beside its word);
        # every word of NEW is there, in order.
        position = 0
        for word in re.findall(r"\w+", rec.statement):
            position = text.find(word, position)
            assert position >= 0, (rec.address, word)


@pytest.mark.parametrize("how, expected", [("Accept", "cws12"), ("Reject", "cws11")])
def test_libreoffice_accept_all_and_reject_all(registry_copy, tmp_path, profile, how, expected):
    document = tmp_path / "d.docx"
    assert recreg("--registry", registry_copy, "diff", "cws11", "cws12", "--format", "docx", "-o", document).code == 0
    # A first start lays the profile out; then the macro goes into its Standard library.
    soffice(profile, "--terminate_after_init")
    (profile / "user" / "basic" / "Standard" / "Module1.xba").write_text(MACRO, encoding="utf-8")
    resolved = tmp_path / f"{how}.docx"
    # LibreOffice 7.4 may abort on exit after a macro has run; the file it stored is what counts.
    soffice(profile, f'macro:///Standard.Module1.Resolve("{document}","{resolved}","{how}")')
    assert resolved.is_file(), f"LibreOffice did not store {resolved.name}"
    result = recreg("--registry", registry_copy, "import", resolved, "--as", "resolved")
    assert result.code == 0, result.err
    assert content(edition(registry_copy, "resolved")) == content(edition(registry_copy, expected))
    # A clean document either way: the edition's own columns and no other, its rows in its own order, its introduction.
    from docx import Document

    annex = Document(str(resolved)).tables[1]
    columns = {len(row._tr.findall(f"{{{W}}}tc")) for row in annex.rows}
    header = [cell.text for cell in annex.rows[0].cells]
    firsts = [row.cells[0].text.split(":")[0] for row in annex.rows[1:]]
    assert firsts == [f"Recommendation {n}" for n in range(1, 11)]
    resolved_edition = edition(registry_copy, "resolved")
    assert [p.text for p in resolved_edition.introduction] == [
        p.text for p in edition(registry_copy, expected).introduction
    ]
    if expected == "cws12":
        assert columns == {2} and header == ["Recommendations", "Recommended Actions"]
    else:
        assert columns == {3} and header == ["Recommendations", "Recommended Actions", "Related 40 Rec."]


def formulas_as_opened(profile: Path, sheet: Path) -> list[str]:
    """Open a CSV or XLSX file in LibreOffice Calc, save it as XLSX, and return the cells it took for formulas."""
    from openpyxl import load_workbook

    folder = sheet.parent / f"opened-{sheet.name}"
    folder.mkdir()
    result = soffice(profile, "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(folder), str(sheet))
    saved = folder / f"{sheet.stem}.xlsx"
    assert result.returncode == 0 and saved.is_file(), result.stdout + result.stderr
    workbook = load_workbook(saved)  # formulas kept as formulas, not their values
    return [
        cell.coordinate for ws in workbook.worksheets for row in ws.iter_rows() for cell in row if cell.data_type == "f"
    ]


def test_exports_holding_formula_texts_open_in_libreoffice_without_a_formula(registry_copy, tmp_path, profile):
    from test_office import formula_registry

    registry = formula_registry(registry_copy)
    control = tmp_path / "control.csv"
    control.write_text("address,text\nR1,=1+1\n", encoding="utf-8")
    assert formulas_as_opened(profile, control) == ["B2"]  # an unguarded cell is a formula to Calc: the check can fail
    for format_name in ("csv", "xlsx"):
        exported = tmp_path / f"cws12.{format_name}"
        assert recreg("--registry", registry, "export", "cws12", "--format", format_name, "-o", exported).code == 0
        assert formulas_as_opened(profile, exported) == [], format_name
