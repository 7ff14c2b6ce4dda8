"""recreg survey import: CSV (both layouts) and XLSX exports to one validated survey file; bad cells located."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import pytest
from conftest import ROOT, add_indicators, recreg

EXAMPLES = ROOT / "examples" / "survey"
DATE = "2025-06-30"
TITLE = "Example survey (fictional offices)"


def make_xlsx(csv_path: Path, xlsx_path: Path) -> Path:
    """Build a workbook from a CSV with the example's own script, as docs/surveys.md says."""
    argv = sys.argv
    sys.argv = ["make_xlsx.py", str(csv_path), str(xlsx_path)]
    try:
        runpy.run_path(str(EXAMPLES / "make_xlsx.py"), run_name="__main__")
    finally:
        sys.argv = argv
    return xlsx_path


def import_into(registry: Path, source: Path, *extra: str, name: str = "example", edition: str = "cws12"):
    return recreg(
        "--registry",
        registry,
        "survey",
        "import",
        source,
        "--edition",
        edition,
        "--as",
        name,
        "--date",
        DATE,
        "--title",
        TITLE,
        *extra,
    )


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def surveys(registry_copy) -> Path:
    return registry_copy.parent / "surveys"


def test_both_layouts_and_xlsx_give_the_same_valid_survey(tmp_path, registry_copy, surveys):
    xlsx = make_xlsx(EXAMPLES / "example-wide.csv", tmp_path / "example-wide.xlsx")
    texts = {}
    for source in (EXAMPLES / "example-wide.csv", EXAMPLES / "example-long.csv", xlsx):
        result = import_into(registry_copy, source, "--replace")
        assert result.code == 0, result.err
        assert (
            result.out == f"wrote {surveys / 'example.yaml'}: 6 offices, 26 questions, 133 answers on cws12 ({DATE})\n"
        )
        texts[source.name] = (surveys / "example.yaml").read_text(encoding="utf-8")
    assert len(set(texts.values())) == 1
    text = texts["example-wide.csv"]
    assert text.startswith("# yaml-language-server: $schema=../schemas/survey.schema.json\nid: example\n")
    assert "  - id: office-a\n    name: Office A\n" in text
    # Valid, and as recreg fmt leaves it: recreg check passes on the registry with its survey.
    assert recreg("--registry", registry_copy, "validate").code == 0
    checked = recreg("--registry", registry_copy, "check")
    assert checked.code == 0 and "0 errors, 0 unformatted" in checked.out


def test_a_survey_records_what_each_question_asked(registry_copy, surveys):
    from recreg.registry.folder import Registry
    from recreg.survey.model import read_survey

    assert import_into(registry_copy, EXAMPLES / "example-wide.csv").code == 0
    survey = read_survey(surveys / "example.yaml", Registry(registry_copy))
    question = survey.question("R1/e")
    assert question.wording == "cws12:R1/e"
    # An action with sub-items asked about all of them.
    assert (
        question.asked.startswith("IP offices should consider legal changes")
        and "iv. exploring use of biometric" in question.asked
    )
    assert survey.question("R3/a").wording == "Recommendation 3(a)"
    answer = next(a for a in survey.answers if a.office == "office-a" and a.question == "R3/a")
    assert answer.status == "implemented" and answer.evidence == "https://example.org/office-a/data-governance"
    assert answer.comment.startswith("Framework adopted")


def test_a_mapping_file_names_free_text_headers(tmp_path, registry_copy, surveys):
    source = write_csv(
        tmp_path / "form.csv",
        "Timestamp,Which office?,Q1. Business problems identified?,Q1 notes,Q2. Share digitized (%)\n"
        "2025-06-01,Office A,Implemented,Started in 2020,87.5\n"
        "2025-06-02,Office B,partly_implemented,,90%\n",
    )
    mapping = write_csv(
        tmp_path / "mapping.yaml",
        'Timestamp: ignore\nWhich office?: office\n"Q1. Business problems identified?": R1/a\n'
        'Q1 notes: R1(a) comment\n"Q2. Share digitized (%)": digitized-share\n',
    )
    add_indicators(registry_copy)
    result = import_into(registry_copy, source, "--mapping", mapping)
    assert result.code == 0, result.err
    text = (surveys / "example.yaml").read_text(encoding="utf-8")
    assert "  - indicator: digitized-share\n    wording: Q2. Share digitized (%)\n" in text
    assert "      - question: R1/a\n        status: implemented\n        comment: Started in 2020\n" in text
    assert "      - question: digitized-share\n        value: 90.0\n" in text


def test_a_mapping_entry_that_names_nothing_is_located(tmp_path, registry_copy, surveys):
    source = write_csv(tmp_path / "form.csv", "Office,Q1\nOffice A,implemented\n")
    mapping = write_csv(tmp_path / "mapping.yaml", "Office: office\nQ1: R1/z\n")
    result = import_into(registry_copy, source, "--mapping", mapping)
    assert result.code == 1
    assert result.err_lines[0] == f"{mapping}:2:5: cws12:R1/z does not exist (from 'R1/z') (expected a node of cws12)"
    assert not surveys.exists()


BAD_INPUTS = {
    "unknown address in a header": (
        "office,R1(a),R11(a)\nOffice A,implemented,planned\n",
        "1:3: cws12:R11/a does not exist (from 'R11(a)') (at cell C1; expected a node of cws12)",
    ),
    "status outside the scale": (
        "office,R1(a),R1(b)\nOffice A,implemented,planned\nOffice B,maybe,planned\n",
        "3:2: 'maybe' is not a status on the scale (at cell B3, column 'R1(a)'; expected one of implemented, "
        "partly implemented, planned, not planned, not applicable, unknown; or a synonym (yes, in progress, n/a...) or a --mapping value)",
    ),
    "duplicate office": (
        "office,R1(a)\nOffice A,implemented\nOffice B,planned\noffice a,planned\n",
        "4:1: duplicate office 'office-a' (also row 2) (at cell A4, column 'office'; expected one row per office)",
    ),
    "empty sheet": (
        "",
        "1:1: empty sheet: no header row and no responses (at cell A1; expected a header row, then a row per office)",
    ),
    "header and no responses": (
        "office,R1(a)\n",
        "2:1: no responses below the header (at cell A2, column 'office'; expected a row per office)",
    ),
    "header naming no question": (
        "office,Q1\nOffice A,implemented\n",
        "1:2: cannot tell which question 'Q1' asks (at cell B1; expected an address such as R3(a), 3 a or cws12:R3/a, "
        "an indicator id, office, office name, or an entry in a --mapping file)",
    ),
    "evidence that is not a link": (
        "office,R1(a),R1(a) evidence\nOffice A,implemented,javascript:alert(1)\n",
        "2:3: 'javascript:alert(1)' is not a link (at cell C2, column 'R1(a) evidence'; expected an http:// or https:// address)",
    ),
    "question of another edition": (
        "office,cws11:R1/a\nOffice A,implemented\n",
        "1:2: 'cws11:R1/a' asks about edition 'cws11', and the survey about 'cws12' (at cell B1; expected an address in cws12)",
    ),
    "long layout answering twice": (
        "office,question,status\nOffice A,R1(a),implemented\nOffice A,1 a,planned\n",
        "3:2: 'office-a' already answered R1/a (row 2) (at cell B3, column 'question'; expected one row per office and question)",
    ),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_is_refused_with_its_location_and_nothing_written(tmp_path, registry_copy, surveys, case):
    text, message = BAD_INPUTS[case]
    source = write_csv(tmp_path / "bad.csv", text)
    result = import_into(registry_copy, source)
    assert result.code == 1
    assert result.err_lines[0] == f"{source}:{message}"
    assert result.err_lines[-1].endswith("; nothing written")
    assert result.out == "" and not surveys.exists()


def test_every_unreadable_cell_is_reported_one_line_each(tmp_path, registry_copy, surveys):
    source = write_csv(tmp_path / "bad.csv", "office,R1(a),R1(b)\nOffice A,maybe,planned\nOffice B,planned,soon-ish\n")
    result = import_into(registry_copy, source)
    assert result.code == 1
    assert [line.split(": ", 1)[0] for line in result.err_lines[:-1]] == [f"{source}:2:2", f"{source}:3:3"]
    assert result.err_lines[-1] == "2 problems; nothing written"


def test_a_csv_in_another_encoding_is_refused_at_its_first_bad_byte(tmp_path, registry_copy, surveys):
    source = write_csv(tmp_path / "latin1.csv", "office,R1(a)\nOffice A,implemented\nOffice É,planned\n", "cp1252")
    result = import_into(registry_copy, source)
    assert result.code == 1
    assert result.err_lines[0] == (
        f"{source}:3:8: not UTF-8: byte 0xc9 cannot be decoded "
        '(expected a UTF-8 CSV file (in a spreadsheet: save as "CSV UTF-8"))'
    )
    assert not surveys.exists()


def test_xlsx_problems_name_the_sheet(tmp_path, registry_copy, surveys):
    source = make_xlsx(
        write_csv(tmp_path / "bad.csv", "office,R1(a),R1(b)\nOffice A,implemented,12\n"), tmp_path / "bad.xlsx"
    )
    result = import_into(registry_copy, source)
    assert result.code == 1
    assert result.err_lines[0] == (
        f"{source}:2:3: 12 is a number, not a status (at sheet 'Responses', cell C2, column 'R1(b)'; "
        "expected one of implemented, partly implemented, planned, not planned, not applicable, unknown; "
        "or a synonym (yes, in progress, n/a...) or a --mapping value)"
    )
    from openpyxl import Workbook

    empty = tmp_path / "empty.xlsx"
    Workbook().save(empty)
    result = import_into(registry_copy, empty)
    assert (
        result.code == 1
        and result.err_lines[0].startswith(f"{empty}:1:1: empty sheet")
        and "sheet 'Sheet'" in result.err
    )
    assert import_into(registry_copy, empty, "--sheet", "Nope").err_lines == [
        f"recreg: --sheet: no sheet 'Nope' in {empty} (expected one of 'Sheet')"
    ]
    broken = tmp_path / "broken.xlsx"  # neither a workbook nor text (a text file is read as the CSV it is)
    broken.write_bytes(b"\x00\x01 not a workbook")
    assert import_into(registry_copy, broken).err_lines[0] == (
        f"{broken}: not an XLSX workbook (not a zip file) (expected an .xlsx file saved by a spreadsheet)"
    )
    assert not surveys.exists()


def test_indicator_values_are_read_as_numbers(tmp_path, registry_copy, surveys):
    add_indicators(registry_copy)
    source = write_csv(
        tmp_path / "kpi.csv", "office,R5(a),digitized-share\nOffice A,implemented,87.5\nOffice B,planned,87,5\n"
    )
    result = import_into(registry_copy, source)
    assert result.code == 1
    # Unquoted, the decimal comma splits the cell in two: the second half has no header.
    assert (
        result.err_lines[0]
        == f"{source}:3:4: a value in a column without a header (at cell D3; expected a header naming the column)"
    )
    source = write_csv(
        tmp_path / "kpi.csv", "office;R5(a);digitized-share\nOffice A;implemented;87.5\nOffice B;planned;87,5\n"
    )
    result = import_into(registry_copy, source)
    assert result.err_lines[0] == (
        f"{source}:3:3: '87,5' is not a number (at cell C3, column 'digitized-share'; "
        "expected a number such as 87.5 (a full stop before decimals))"
    )
    source = write_csv(
        tmp_path / "kpi.csv", "office;R5(a);digitized-share\nOffice A;implemented;87.5\nOffice B;planned;unknown\n"
    )
    assert import_into(registry_copy, source).code == 0
    text = (surveys / "example.yaml").read_text(encoding="utf-8")
    assert "      - question: digitized-share\n        value: 87.5\n" in text
    assert "      - question: digitized-share\n        status: unknown\n" in text


def test_an_existing_survey_is_kept_unless_replaced(registry_copy, surveys):
    assert import_into(registry_copy, EXAMPLES / "example-wide.csv").code == 0
    before = (surveys / "example.yaml").read_bytes()
    result = import_into(registry_copy, EXAMPLES / "example-long.csv")
    assert result.code == 2 and "survey 'example' exists already" in result.err and "--replace" in result.err
    assert (surveys / "example.yaml").read_bytes() == before


def test_the_bundled_registry_is_never_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = recreg(
        "survey", "import", EXAMPLES / "example-wide.csv", "--edition", "cws12", "--as", "example", "--date", DATE
    )
    assert result.code == 2
    assert "the one bundled with recreg is read-only" in result.err and "recreg init" in result.err


@pytest.mark.parametrize(
    "option, value, message",
    [
        ("--as", "../x", "'../x' cannot name a survey"),
        ("--date", "2025-02-30", "'2025-02-30' is not a date"),
        ("--edition", "cws12@HEAD", "'cws12@HEAD' is not an edition id"),
    ],
)
def test_bad_options_are_usage_errors(registry_copy, option, value, message):
    args = {"--as": "example", "--date": DATE, "--edition": "cws12", option: value}
    result = recreg(
        "--registry",
        registry_copy,
        "survey",
        "import",
        EXAMPLES / "example-wide.csv",
        *[part for pair in args.items() for part in pair],
    )
    assert result.code == 2 and message in result.err


# Forms as offices fill them (issue 19, rows 2 and 5) ---------------------------------------------

# A form's questions as its authors worded them, each mapped to the action it asks about.
FORM_QUESTIONS = {
    "1. Has your office identified business problems and digital solutions to address them?": "R1/a",
    "2. Has your office reviewed the business processes of different IP rights?": "R1/b",
    "3. Does your office have an ICT strategy in line with its business strategy?": "R2/a",
    "4. Has your office established a data governance framework?": "R3/a",
}
# Answers as offices typed or picked them: the scale's words, synonyms, and the form's own "Under consideration".
FREE_WORDS = [
    "Yes",
    "No",
    "In progress",
    "Partially",
    "N/A",
    "Don't know",
    "Under consideration",
    "implemented",
    "Not implemented",
    "ongoing",
    "n/a",
]


def forms_export(path: Path, offices: int = 21) -> Path:
    """A Microsoft Forms export: ID, Start time, Completion time, Email, Name, then one column per question."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    sheet.append(["ID", "Start time", "Completion time", "Email", "Name", *FORM_QUESTIONS])
    for number in range(1, offices + 1):
        answers = [FREE_WORDS[(number + column) % len(FREE_WORDS)] for column in range(len(FORM_QUESTIONS))]
        sheet.append([number, "6/2/25 10:01:07", "6/2/25 10:14:52", "anonymous", f"IP Office {number:02d}", *answers])
    workbook.create_sheet("Sheet2")
    workbook.save(str(path))
    return path


def test_a_forms_export_of_21_offices_with_free_words_imports_through_a_mapping_with_values(
    tmp_path, registry_copy, surveys
):
    source = forms_export(tmp_path / "forms.xlsx")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "".join(f'"{header}": {address}\n' for header, address in FORM_QUESTIONS.items())
        + 'values:\n  "Under consideration": planned\n',
        encoding="utf-8",
    )
    result = import_into(registry_copy, source, "--mapping", mapping)
    assert result.code == 0, result.err
    assert result.out == f"wrote {surveys / 'example.yaml'}: 21 offices, 4 questions, 84 answers on cws12 ({DATE})\n"
    text = (surveys / "example.yaml").read_text(encoding="utf-8")
    assert "  - id: ip-office-01\n    name: IP Office 01\n" in text
    # The survey records how the offices' own words were read, and `status` says so.
    assert "scale:\n  - words: yes\n    status: implemented\n    answers: 7\n" in text
    assert "  - words: under consideration\n    status: planned\n    answers: 8\n" in text
    shown = recreg("--registry", registry_copy, "status", "cws12", "--survey", "example")
    assert shown.code == 0
    assert (
        "Scale: answers read as: ‘yes’ as implemented (7 answers); ‘in progress’ as partly implemented (7 answers); "
        "‘ongoing’ as partly implemented (8 answers); ‘partially’ as partly implemented (7 answers); "
        "‘under consideration’ as planned (8 answers); ‘no’ as not planned (7 answers); ‘not implemented’ as not "
        "planned (8 answers); ‘n/a’ as not applicable (16 answers); ‘don't know’ as unknown (8 answers)"
    ) in " ".join(shown.out.split())
    import json

    report = json.loads(
        recreg("--registry", registry_copy, "status", "cws12", "--survey", "example", "--format", "json").out
    )
    assert {"words": "n/a", "status": "not-applicable", "answers": 16} in report["survey"]["read_as"]


def test_the_same_export_without_values_names_only_the_words_nothing_maps(tmp_path, registry_copy, surveys):
    source = forms_export(tmp_path / "forms.xlsx")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "".join(f'"{header}": {address}\n' for header, address in FORM_QUESTIONS.items()), encoding="utf-8"
    )
    result = import_into(registry_copy, source, "--mapping", mapping)
    assert result.code == 1
    problems = result.err_lines[:-1]
    assert len(problems) == 8 and all("'Under consideration' is not a status on the scale" in line for line in problems)
    assert result.err_lines[-1] == "8 problems; nothing written"


def test_a_mapping_value_off_the_scale_is_named_at_its_line(tmp_path, registry_copy, surveys):
    source = write_csv(tmp_path / "form.csv", "office,R1(a)\nOffice A,Under consideration\n")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text('values:\n  "Under consideration": thinking\n', encoding="utf-8")
    result = import_into(registry_copy, source, "--mapping", mapping)
    assert result.code == 1
    assert result.err_lines[0].startswith(
        f"{mapping}:2:26: 'thinking' is not a status on the scale (for the answer 'Under consideration'"
    )


def test_a_forms_export_without_a_mapping_reads_its_own_columns(tmp_path, registry_copy, surveys):
    # Forms' own columns (ID, Start time, Completion time, Email) are no questions, and Name names the office.
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["ID", "Start time", "Completion time", "Email", "Name", "R1(a)", "Recommendation 1 (b)"])
    workbook.active.append(
        [1, "6/2/25 10:01:07", "6/2/25 10:14:52", "anonymous", "Office A", "Implemented", "In progress"]
    )
    workbook.save(str(tmp_path / "forms.xlsx"))
    result = import_into(registry_copy, tmp_path / "forms.xlsx")
    assert result.code == 0, result.err
    assert result.out == f"wrote {surveys / 'example.yaml'}: 1 office, 2 questions, 2 answers on cws12 ({DATE})\n"


def test_a_missing_office_column_is_one_clear_error(tmp_path, registry_copy, surveys):
    source = write_csv(tmp_path / "form.csv", "Respondent,Country,R1(a)\nOffice A,France,implemented\n")
    result = import_into(registry_copy, source)
    assert result.code == 1
    assert result.err_lines == [
        f"{source}:1:1: no column names the office (not read: 'Respondent', 'Country') (at cell A1; expected a column "
        "headed office, office name or name, or one mapped to office in a --mapping file)",
        "1 problem; nothing written",
    ]
    assert not surveys.exists()


def test_a_forms_respondents_name_is_passed_over_when_the_office_has_its_own_column(tmp_path, registry_copy, surveys):
    # Microsoft Forms records who answered ("Name"); the office is the form's own question.
    source = write_csv(
        tmp_path / "forms.csv",
        "ID,Start time,Completion time,Email,Name,Last modified time,Office,R1(a)\r\n"
        "1,2025-03-01 10:00,2025-03-01 10:05,alice@example.org,Alice Example,,Office A,implemented\r\n"
        "2,2025-03-02 11:00,2025-03-02 11:09,bob@example.org,Bob Example,,Office B,planned\r\n",
    )
    result = import_into(registry_copy, source)
    assert result.code == 0, result.err
    text = (surveys / "example.yaml").read_text(encoding="utf-8")
    assert "  - id: office-a\n    name: Office A\n" in text and "  - id: office-b\n    name: Office B\n" in text
    assert "Alice" not in text and "Bob" not in text
