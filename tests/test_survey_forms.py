"""recreg survey import on exports as Microsoft Forms and Google Forms write them, and as people then edit them.

Each input is built here the way the service (or a secretary) makes it, with openpyxl or the
csv module, never read back from recreg's own output.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from test_survey_import import import_into as import_survey

DATE = "2025-06-30"
# What Microsoft Forms puts before the questions of every response.
MS_COLUMNS = ["ID", "Start time", "Completion time", "Email", "Name"]
STARTED, COMPLETED = dt.datetime(2025, 6, 2, 10, 1, 7), dt.datetime(2025, 6, 2, 10, 14, 52)


@pytest.fixture
def surveys(registry_copy) -> Path:
    return registry_copy.parent / "surveys"


def import_into(registry: Path, source: Path, *extra: str, edition: str = "cws12"):
    return import_survey(registry, source, *extra, name="forms", edition=edition)


def ms_forms(path: Path, questions: list[str], answers: list[list], title: str = "Sheet1") -> Path:
    """A Microsoft Forms export: one response a row, numbered, timed, by e-mail and name, then the answers."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append([*MS_COLUMNS, *questions])
    for number, row in enumerate(answers, start=1):
        sheet.append([number, STARTED, COMPLETED, f"person{number}@example.org", *row])
    workbook.save(str(path))
    return path


def google_csv(path: Path, rows: list[list], bom: bool = True) -> Path:
    """A Google Forms (Sheets) CSV download: quoted where a field needs it, CRLF line ends, a BOM when Excel saved it."""
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


def answers(survey: Path) -> dict[str, dict[str, str]]:
    """Each office's answers in a written survey: {office: {question: status}}."""
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(survey.read_text(encoding="utf-8"))
    return {
        response["office"]: {answer["question"]: answer.get("status") for answer in response["answers"]}
        for response in data["responses"]
    }


def test_question_headers_as_people_type_them_name_the_action(tmp_path, registry_copy, surveys):
    # A header typed on two lines, an action glued to its number, an action named as such:
    # each was read as the recommendation (R1), or as a second column for it.
    source = ms_forms(
        tmp_path / "forms.xlsx",
        ["R1 (c)\nImplementation status", "Recommendation 1, action (d)", "R2b", "Recommendation 3 (a):\nStatus"],
        [["Office A", "Implemented", "Planned", "No", "Yes"]],
    )
    result = import_into(registry_copy, source)
    assert result.code == 0, result.err
    assert answers(surveys / "forms.yaml") == {
        "office-a": {"R1/c": "implemented", "R1/d": "planned", "R2/b": "not-planned", "R3/a": "implemented"}
    }


def test_a_csv_problem_names_the_line_it_is_on_after_answers_with_line_breaks(tmp_path, registry_copy, surveys):
    # Google Forms keeps the line breaks of a paragraph answer, in quotes: one row, several lines.
    source = google_csv(
        tmp_path / "responses.csv",
        [
            ["Timestamp", "Email Address", "Score", "Office", "R1 (a) comment", "R1 (a)"],
            [
                "2025/06/02 10:01:07 AM GMT+2",
                "a@example.org",
                "",
                "Office A",
                "Adopted in 2023,\nreviewed yearly",
                "Yes",
            ],
            ["2025/06/03 11:14:52 AM GMT+2", "b@example.org", "", "Office B", "", "maybe"],
        ],
    )
    result = import_into(registry_copy, source)
    assert result.code == 1
    # Line 4 of the file (the editor's), row 3 of the sheet (the spreadsheet's).
    assert result.err_lines[0].startswith(
        f"{source}:4:6: 'maybe' is not a status on the scale (at cell F3, column 'R1 (a)'; expected"
    )
    assert result.err_lines[1:] == ["1 problem; nothing written"]


def test_a_choice_microsoft_forms_ends_with_a_semicolon_is_read_and_two_choices_are_named(
    tmp_path, registry_copy, surveys
):
    # A question that allows several choices: Forms writes each picked choice followed by ';'.
    questions = ["R5 (a) Implementation status", "R5 (b) Implementation status"]
    one_each = ms_forms(tmp_path / "forms.xlsx", questions, [["Office A", "Implemented;", "Partially implemented;"]])
    result = import_into(registry_copy, one_each)
    assert result.code == 0, result.err
    assert answers(surveys / "forms.yaml") == {"office-a": {"R5/a": "implemented", "R5/b": "partly-implemented"}}
    two = ms_forms(tmp_path / "two.xlsx", questions, [["Office A", "Implemented;", "Partially implemented;Planned;"]])
    result = import_into(registry_copy, two, "--replace")
    assert result.code == 1
    assert result.err_lines == [
        f"{two}:2:7: 2 answers in one cell ('Partially implemented', 'Planned') (at sheet 'Sheet1', cell G2, "
        "column 'R5 (b) Implementation status'; expected one status: the form's question allows several choices, "
        "and an office picked more than one)",
        "1 problem; nothing written",
    ]


def test_a_google_forms_grid_and_quiz_columns_are_read(tmp_path, registry_copy, surveys):
    # A multiple-choice grid heads each row's column "Title [Row]"; a quiz adds "[Score]" and
    # "[Feedback]" columns after a question, which grade the answer and are none.
    source = google_csv(
        tmp_path / "grid.csv",
        [
            [
                "Timestamp",
                "Email Address",
                "Score",
                "Office",
                "Implementation status [R5 (a)]",
                "Implementation status [R5 (b)]",
                "R6 (a)",
                "R6 (a) [Score]",
                "R6 (a) [Feedback]",
            ],
            ["2025/06/02 10:01:07", "a@example.org", "1 / 1", "Office A", "Implemented", "Planned", "No", "1", ""],
        ],
        bom=False,
    )
    result = import_into(registry_copy, source)
    assert result.code == 0, result.err
    assert answers(surveys / "forms.yaml") == {
        "office-a": {"R5/a": "implemented", "R5/b": "planned", "R6/a": "not-planned"}
    }


def test_a_file_is_read_as_what_it_is_whatever_its_name_says(tmp_path, registry_copy, surveys):
    # A CSV download renamed .xlsx, a workbook saved as .csv: each was refused (not a zip; not UTF-8).
    text = tmp_path / "responses.xlsx"
    text.write_text("Office,R1 (a)\r\nOffice A,Implemented\r\n", encoding="utf-8-sig")
    workbook = ms_forms(tmp_path / "workbook.xlsx", ["R1 (b)"], [["Office B", "Planned"]])
    named_csv = tmp_path / "responses.csv"
    named_csv.write_bytes(workbook.read_bytes())
    for source, read in ((text, {"office-a": {"R1/a": "implemented"}}), (named_csv, {"office-b": {"R1/b": "planned"}})):
        result = import_into(registry_copy, source, "--replace")
        assert result.code == 0, result.err
        assert answers(surveys / "forms.yaml") == read
    # An Excel 97-2003 workbook, whatever its name, is named as such, with what to do.
    old = tmp_path / "old.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert import_into(registry_copy, old, "--replace").err_lines == [
        f"{old}: an Excel 97-2003 workbook (.xls), which recreg cannot read (expected the workbook saved as .xlsx "
        '(in Excel: Save As, "Excel Workbook"))',
        "1 problem; nothing written",
    ]


def test_a_date_typed_in_an_answer_reads_as_the_sheet_shows_it(tmp_path, registry_copy, surveys):
    # Excel turns "30/06/2025" typed in a cell into a date; openpyxl gives it a midnight.
    source = ms_forms(
        tmp_path / "forms.xlsx",
        ["R2 (a)", "R2 (a) comment", "R2 (b)"],
        [["Office A", "Implemented", dt.datetime(2024, 3, 1), dt.datetime(2025, 6, 30)]],
    )
    result = import_into(registry_copy, source)
    assert result.code == 1
    assert result.err_lines[0].startswith(f"{source}:2:8: '2025-06-30' is not a status on the scale (at sheet 'Sheet1'")
    source = ms_forms(tmp_path / "forms.xlsx", ["R2 (a)", "R2 (a) comment"], [["A", "Yes", dt.datetime(2024, 3, 1)]])
    assert import_into(registry_copy, source).code == 0
    assert "      - question: R2/a\n        status: implemented\n        comment: '2024-03-01'\n" in (
        surveys / "forms.yaml"
    ).read_text(encoding="utf-8")


def test_a_note_row_in_the_office_column_is_named_not_counted_as_an_office(tmp_path, registry_copy, surveys):
    # A secretary's note above the responses, and a blank row between them (passed over).
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Responses"
    for row in (
        ["Office", "R1 (a)", "R1 (b)"],
        ["Note: responses received after 30 June are not included", None, None],
        ["Office A", "Implemented", "Planned"],
        [None, None, None],
        ["Office B", "No", None],
    ):
        sheet.append(row)
    workbook.save(str(tmp_path / "responses.xlsx"))
    result = import_into(registry_copy, tmp_path / "responses.xlsx")
    assert result.err_lines == [
        f"{tmp_path / 'responses.xlsx'}:2:1: 'Note: responses received after 30 June are not included' answers no "
        "question (at sheet 'Responses', cell A2, column 'Office'; expected an answer in the row, or the row deleted "
        "(a note, or a response left empty))",
        "1 problem; nothing written",
    ]
    sheet.delete_rows(2)
    workbook.save(str(tmp_path / "responses.xlsx"))
    result = import_into(registry_copy, tmp_path / "responses.xlsx")
    assert result.code == 0, result.err
    assert answers(surveys / "forms.yaml") == {
        "office-a": {"R1/a": "implemented", "R1/b": "planned"},
        "office-b": {"R1/a": "not-planned"},
    }


def test_a_column_that_explains_an_answer_is_read_by_its_header_or_named_with_how_to_say_it(
    tmp_path, registry_copy, surveys
):
    source = ms_forms(
        tmp_path / "forms.xlsx",
        ["R2 (a) Implementation status", "R2 (a) Comments (optional)", "R2 (a) Evidence link, if any"],
        [["Office A", "Implemented", "Since 2023.", "https://example.org/plan"]],
    )
    result = import_into(registry_copy, source)
    assert result.code == 0, result.err
    written = (surveys / "forms.yaml").read_text(encoding="utf-8")
    assert "comment: Since 2023." in written and "evidence: https://example.org/plan" in written
    source = ms_forms(
        tmp_path / "forms.xlsx",
        ["R2 (a) Implementation status", "R2 (a) Please describe the measures taken"],
        [["Office A", "Implemented", "A plan."]],
    )
    result = import_into(registry_copy, source, "--replace")
    assert result.code == 1
    assert result.err_lines[0].endswith(
        "a second column for R2/a (also column F) (at sheet 'Sheet1', cell G1; expected one column each; a column "
        "that explains an answer says so in its header (‘R5 (a) Comment’, ‘R5 (a) Evidence’), or a --mapping file "
        "names its role)"
    )
