"""recreg comments disposition: every comment of the example carried from the draft ten to the adopted ten.

The expectations are written by hand from the sources (the draft's annex, CWS/11/18, and the
adopted ten, CWS/12/22; `registry/cws11.yaml` and `registry/cws12.yaml`): where each quoted
passage stands in the adopted text, and whether the change each office proposed was made.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from comment_documents import CSV, import_comments
from conftest import ROOT, recreg, replace_once

from recreg.comments.model import read_comments
from recreg.registry.folder import Registry

SCHEMA = json.loads((ROOT / "schemas" / "disposition.schema.json").read_text(encoding="utf-8"))

# id: (where it stands, the nodes of cws12 it is on, was the proposed change made?) — read from the two annexes.
EXPECTED = {
    "office-b-1": ("general", [], "cannot-tell"),  # a general comment: no words to follow
    "office-a-1": ("found", ["cws12:R2/a"], "not-made"),  # asked for "shall"; the action was weakened instead
    "office-a-2": ("found", ["cws12:R3/b"], "made"),  # "should" -> "are encouraged to", as asked
    "office-a-3": ("moved", ["cws12:R5/d"], "not-made"),  # the action moved to R5(d), the marginal cost kept
    "office-a-4": ("orphaned", [], "made"),  # the condition was deleted from R1(c), as asked
    "office-c-1": ("orphaned", [], "made"),  # "massive, publicly-available" deleted from R10(b)
    "office-b-2": ("found", ["cws12:R8"], "made"),  # R6's statement is R8's, "are encouraged to" as proposed
    "office-b-3": ("found", ["cws12:R8/a"], "made"),  # R6(a) split: its first half is R8(a), with roadmaps
    "office-b-4": (
        "moved",
        ["cws12:R8/b"],
        "made",
    ),  # its second half went to R8(b), "to share experiences and information"
    "office-c-2": ("found", ["cws12:R6/a"], "cannot-tell"),  # "move the list to a footnote": an instruction
    "office-c-3": (
        "moved",
        ["cws12:R6/fn2"],
        "made",
    ),  # the sub-items became footnote 2: "Unified API Catalogue Project"
    "office-c-4": ("found", ["cws12:R4"], "made"),  # R9's statement is R4's: "regularly evaluated"
}


@pytest.fixture
def example(registry_copy) -> Path:
    assert import_comments(registry_copy, CSV, "--edition", "cws11", "--as", "example").code == 0
    return registry_copy


def report_json(registry: Path, *argv: str) -> dict:
    result = recreg("--registry", registry, "comments", "disposition", "example", "--format", "json", *argv)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_every_comment_lands_where_the_sources_say(example):
    from jsonschema import Draft202012Validator

    report = report_json(example)
    assert list(Draft202012Validator(SCHEMA).iter_errors(report)) == []
    assert (report["to"], report["route"]) == ("cws12", ["cws11", "cws12"])  # the newest edition derived from cws11
    found = {row["id"]: (row["now"]["status"], row["now"]["at"], row["made"]["verdict"]) for row in report["rows"]}
    assert found == {key: tuple(value) for key, value in EXPECTED.items()}
    rows = {row["id"]: row for row in report["rows"]}
    assert rows["office-a-2"]["now"]["after"] == "IP offices are encouraged to share"
    assert rows["office-b-4"]["now"]["after"] == (
        "the International Bureau should provide a forum and a platform to share experiences and information as needed"
    )
    assert rows["office-c-3"]["now"]["after"] == "Unified API Catalogue"
    assert rows["office-c-3"]["now"]["label"] == "MOVED to Recommendation 6, footnote 2"
    assert rows["office-a-4"]["now"]["label"] == "ORPHANED: the quoted words were deleted from Recommendation 1(c)"
    assert rows["office-a-3"]["now"]["diff"] == []  # moved, its words unchanged
    assert [c["label"] for c in rows["office-a-3"]["changes"]] == [
        "moved from R3/c to R5/d",
        "R5/d editorial (0.03)",
        "R5/d weakened: should → are encouraged to",
    ]
    assert "sub-items R7/a/i + R7/a/ii + R7/a/iii became footnote R6/fn2" in [
        c["label"] for c in rows["office-c-2"]["changes"]
    ]
    assert rows["office-a-1"]["made"]["evidence"] == "not added: shall; removed as proposed: should"
    assert rows["office-a-3"]["made"]["evidence"] == "still there: at, cost, marginal, or"
    assert report["summary"]["total"] == {
        "comments": {"total": 12},
        "disposition": {"accepted": 8, "accepted-in-part": 1, "not-accepted": 2, "noted": 1, "open": 0},
        "now": {"found": 6, "moved": 3, "orphaned": 2, "general": 1},
        "made": {"made": 8, "partly-made": 0, "not-made": 2, "cannot-tell": 2},
    }
    assert [(c["id"], c["comments"]["total"]) for c in report["summary"]["commenters"]] == [
        ("office-a", 4),
        ("office-b", 4),
        ("office-c", 4),
    ]


def test_the_text_table_says_where_each_comment_landed(example):
    result = recreg("--registry", example, "comments", "disposition", "example")
    assert result.code == 0, result.err
    lines = result.out_lines
    assert lines[0] == "Disposition of comments: Comments on cws11 (example; on cws11; carried cws11 → cws12)"
    assert lines[4] == (
        "  Total: 12 comments · disposition: 8 accepted, 1 accepted in part, 2 not accepted, 1 noted · now: "
        "6 found, 3 moved, 2 orphaned, 1 general · proposed change: 8 made, 2 not made, 2 cannot tell"
    )
    block = result.out.split("  office-a-3 ", 1)[1].split("  office-a-4", 1)[0]
    assert (
        block
        == """· Recommendation 3(c) · technical
    on: ‘free-of-charge or at a marginal cost’
    comment: Data and documentation should be free of charge; a marginal cost is a barrier for small offices.
    proposed change: delete “or at a marginal cost”
    disposition: not accepted: Some offices must recover the cost of dissemination.
    now at: MOVED to Recommendation 5(d)
    what changed there: moved from R3/c to R5/d; R5/d editorial (0.03); R5/d weakened: should → are encouraged to
    proposed change made? not made: still there: at, cost, marginal, or
"""
    )
    assert "    words now: IP offices [-should-] {+are encouraged to+} share\n" in result.out


def test_the_markdown_table_escapes_every_text(example, tmp_path):
    hostile = tmp_path / "hostile.csv"
    hostile.write_text(
        'MB/NC,Clause,Comments,Proposed change\n"<script>x</script> | A","R1(a)","**bold** [l](javascript:x) <b>",'
        '"=1+1"\n',
        encoding="utf-8",
    )
    assert import_comments(example, hostile, "--edition", "cws11", "--as", "hostile").code == 0
    result = recreg("--registry", example, "comments", "disposition", "hostile", "--format", "markdown")
    assert result.code == 0, result.err
    assert "<script>" not in result.out
    assert "<b>" not in result.out.replace("<br>", "")
    assert "[l](javascript" not in result.out and "\\[l\\](javascript:x)" in result.out
    assert "&lt;script&gt;x&lt;/script&gt; \\| A" in result.out
    markdown = recreg("--registry", example, "comments", "disposition", "example", "--format", "markdown").out
    assert (
        "| office-a-3 | Recommendation 3(c)<br>‘free-of-charge or at a marginal cost’ | technical | Data and documentation "
        "should be free of charge; a marginal cost is a barrier for small offices. | delete “or at a marginal cost” | not "
        "accepted: Some offices must recover the cost of dissemination. | MOVED to Recommendation 5(d) | moved from R3/c to "
        "R5/d<br>R5/d editorial (0.03)<br>R5/d weakened: should → are encouraged to | not made: still there: at, cost, "
        "marginal, or |"
    ) in markdown


def test_the_workbook_is_the_iso_form_and_reads_back_as_the_same_comments(example, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "disposition.xlsx"
    result = recreg("--registry", example, "comments", "disposition", "example", "--format", "xlsx", "-o", path)
    assert result.code == 0, result.err
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Comments", "Summary"]
    sheet = workbook["Comments"]
    assert [c.value for c in sheet[1]][:8] == [
        "MB/NC",
        "Line number",
        "Clause",
        "Paragraph",
        "Type of comment",
        "Comments",
        "Proposed change",
        "Observations of the secretariat",
    ]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[-1] == "office-c-3")
    assert row[2:5] == ("Recommendation 7", "(a)(ii)", "ed") and row[11] == "MOVED to Recommendation 6, footnote 2"
    assert workbook["Summary"]["A5"].value == "Total" and workbook["Summary"]["B5"].value == 12
    again = import_comments(example, path, "--edition", "cws11", "--as", "again")
    assert again.code == 0, again.err
    registry = Registry(example)
    first = read_comments(example.parent / "comments" / "example.yaml", registry)
    second = read_comments(example.parent / "comments" / "again.yaml", registry)
    assert [c.content() for c in second.comments] == [c.content() for c in first.comments]


def test_the_word_document_holds_a_table_per_commenter(example, tmp_path):
    from docx import Document

    path = tmp_path / "disposition.docx"
    result = recreg("--registry", example, "comments", "disposition", "example", "--format", "docx", "-o", path)
    assert result.code == 0, result.err
    document = Document(str(path))
    assert document.sections[0].page_width > document.sections[0].page_height  # landscape
    tables = document.tables
    assert len(tables) == 4  # the counts, then one per commenter
    assert [cell.text for cell in tables[0].rows[-1].cells][:2] == ["Total", "12"]
    office_c = tables[3]
    row = next(r for r in office_c.rows if r.cells[0].text == "office-c-3")
    assert row.cells[6].text == "MOVED to Recommendation 6, footnote 2"
    assert row.cells[8].text == "made: added as proposed: project"


def test_a_later_edition_that_removed_the_action_orphans_the_comment(example):
    # cws13: the adopted ten with R5(d), where the draft's R3(c) went, struck out.
    text = (example / "cws12.yaml").read_text(encoding="utf-8")
    assert recreg("--registry", example, "new", "cws13", "--from", "cws12").code == 0
    draft = (example / "cws13.yaml").read_text(encoding="utf-8")
    start = draft.index('      - label: d\n        text: "IP offices are encouraged to share and disseminate')
    end = draft.index("\n", draft.index("        text:", start)) + 1
    (example / "cws13.yaml").write_text(draft[:start] + draft[end:], encoding="utf-8")
    assert recreg("--registry", example, "validate", example / "cws13.yaml").code == 0
    assert text == (example / "cws12.yaml").read_text(encoding="utf-8")
    report = report_json(example)
    assert report["route"] == ["cws11", "cws12", "cws13"]  # the newest derived edition, by default
    rows = {row["id"]: row for row in report["rows"]}
    moved = rows["office-a-3"]
    assert (moved["now"]["status"], moved["now"]["label"]) == (
        "orphaned",
        "ORPHANED: Recommendation 3(c) was removed in cws13",
    )
    assert [c["label"] for c in moved["changes"]][-1] == "cws12 → cws13: R5/d removed"
    # It asked for some of the words to go; they went with the whole action.
    assert moved["made"] == {"verdict": "made", "evidence": "the commented text was removed, as proposed"}
    # Others travel the two steps untouched.
    assert (rows["office-a-2"]["now"]["status"], rows["office-a-2"]["now"]["at"]) == ("found", ["cws13:R3/b"])
    assert report_json(example, "--to", "cws12")["route"] == ["cws11", "cws12"]


def test_without_a_later_edition_the_table_says_so(example, tmp_path):
    table = tmp_path / "adopted.csv"
    table.write_text(
        "MB/NC,Clause,Comments,Proposed change\nOffice A,R5(d),Free of charge.,delete “or at a marginal cost”\n",
        encoding="utf-8",
    )
    assert import_comments(example, table, "--edition", "cws12", "--as", "adopted").code == 0
    result = recreg("--registry", example, "comments", "disposition", "adopted", "--format", "json")
    row = json.loads(result.out)["rows"][0]
    assert (row["now"]["status"], row["now"]["at"], row["made"]) == (
        "found",
        ["cws12:R5/d"],
        {"verdict": "cannot-tell", "evidence": "no later edition to compare with"},
    )


def test_errors_name_their_option(example):
    assert recreg("--registry", example, "comments", "disposition", "nothing").err_lines == [
        f"recreg: NAME: no comment set 'nothing' in '{example.parent / 'comments'}' (expected one of example, or a comment "
        "file (recreg comments import writes them))"
    ]
    assert recreg("--registry", example, "comments", "disposition", "example", "--to", "r40").err_lines == [
        "recreg: --to: r40 does not derive from cws11, which the comments are on (r40) (expected an edition derived from cws11)"
    ]
    assert recreg("--registry", example, "comments", "disposition", "example", "--format", "docx").err_lines == [
        "recreg: --output: a binary document (DOCX or XLSX) is not written to standard output (expected -o FILE)"
    ]


def test_a_comment_file_edited_by_hand_is_checked_and_located(example):
    path = example.parent / "comments" / "example.yaml"
    text = path.read_text(encoding="utf-8")
    text = replace_once(
        text, "  - id: office-a-2\n    commenter: office-a\n", "  - id: office-a-1\n    commenter: office-q\n"
    )
    text = replace_once(text, "address: R4/b", "address: R4/z")
    text = replace_once(text, "exact: Unified API catalog", "exact: Unified API Catalog")
    path.write_text(text, encoding="utf-8")
    result = recreg("--registry", example, "validate")
    assert result.code == 1
    lines = [line for line in result.out_lines + result.err_lines if "example.yaml" in line]
    line = text[: text.index("  - id: office-a-1\n    commenter: office-q")].count("\n") + 1
    assert (
        f"{path}:{line}:9: duplicate comment 'office-a-1' (also at comments[1].id) (at comments[2].id; expected a unique comment)"
        in lines
    )
    assert any("commenter 'office-q' is not among the set's commenters" in line for line in lines), lines
    fixed = replace_once(
        text, "  - id: office-a-1\n    commenter: office-q\n", "  - id: office-a-2\n    commenter: office-a\n"
    )
    path.write_text(fixed, encoding="utf-8")
    result = recreg("--registry", example, "validate")
    assert result.code == 1
    assert any("R4/z does not exist in cws11" in line for line in result.out_lines + result.err_lines)
    path.write_text(replace_once(fixed, "address: R4/z", "address: R4/b"), encoding="utf-8")
    warned = recreg("--registry", example, "validate")
    assert warned.code == 0
    assert any(
        "the quoted words are not in cws11:R7/a/ii (a typo, or the edition was amended since)" in line
        for line in warned.out_lines + warned.err_lines
    )
    report = report_json(example)
    row = next(r for r in report["rows"] if r["id"] == "office-c-3")
    assert (row["now"]["status"], row["now"]["label"]) == (
        "orphaned",
        "ORPHANED: the quoted words are not in cws11:R7/a/ii",
    )
