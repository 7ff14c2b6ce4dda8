"""`recreg validate`: the bundled registry passes; each kind of bad input gives one located line.

Every bad file is a bundled edition with one thing altered, so whatever is reported is
caused by that alteration. Expected positions are computed from the altered text (the
line and column of the passage the problem is in), never taken from recreg's output.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REGISTRY, edition_text, position, recreg, replace_once
from hypothesis import given, settings
from hypothesis import strategies as st


def write(folder: Path, name: str, content: str | bytes) -> Path:
    """Write a bad edition file under its own folder (its name must stay the edition id)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def assert_one_problem(result, path: Path, line: int, column: int, *fragments: str) -> str:
    """Check that validation failed with exactly one error, at file:line:col, saying each fragment."""
    assert result.code == 1, result.out + result.err
    assert result.err == ""
    problem, summary = result.out_lines  # one line for the problem, one for the count
    assert problem.startswith(f"{path}:{line}:{column}: "), problem
    for fragment in fragments:
        assert fragment in problem
    assert summary == "1 error, 0 warnings in 1 file"
    return problem


# -- the bundled registry ----------------------------------------------------------------


def test_bundled_registry_is_valid():
    result = recreg("--registry", REGISTRY, "validate")
    assert result.code == 0
    # The three editions and history/chronology.yaml beside the registry.
    assert result.out == "valid: 4 files (0 warnings)\n"
    assert result.err == ""


@pytest.mark.parametrize("edition", ["cws11", "cws12", "r40"])
def test_each_bundled_edition_is_valid_on_its_own(edition):
    result = recreg("--registry", REGISTRY, "validate", REGISTRY / f"{edition}.yaml")
    assert (result.code, result.out) == (0, "valid: 1 file (0 warnings)\n")


def test_validate_json_of_the_bundled_registry():
    result = recreg("--registry", REGISTRY, "validate", "--format", "json")
    assert result.code == 0
    report = json.loads(result.out)
    assert report["valid"] is True
    assert (report["errors"], report["warnings"], report["problems"]) == (0, 0, [])
    assert sorted(Path(p).name for p in report["checked"]) == [
        "chronology.yaml",
        "cws11.yaml",
        "cws12.yaml",
        "r40.yaml",
    ]


# -- one alteration, one located problem ----------------------------------------------------


@dataclass(frozen=True)
class Bad:
    """An edition file with `old` replaced by `new`; the problem is at `at` (plus `offset`)."""

    edition: str
    old: str
    new: str
    at: str
    offset: int
    says: tuple[str, ...]


R3_B = '      - label: b\n        text: "IP offices are encouraged to share their data governance'
R7_STATEMENT = '"IP offices should participate in developing WIPO Standards and implement them where possible.'

BAD = {
    "yaml syntax error": Bad(
        "cws12",
        "status: adopted\n",
        "status: adopted: yes\n",
        "status: adopted: yes",
        len("status: adopted"),
        ("YAML syntax error", "mapping values are not allowed"),
    ),
    # libyaml notices an unclosed bracket on the next line; the message says where it opened.
    "unclosed bracket": Bad(
        "cws12",
        "status: adopted\n",
        "status: [adopted\n",
        "derives_from: cws11",
        len("derives_from"),
        ("YAML syntax error", "flow sequence started at line 7, column 9"),
    ),
    "duplicate key": Bad(
        "cws12",
        "status: adopted\n",
        "status: adopted\nsession: CWS/13\n",
        "session: CWS/13",
        0,
        ('duplicate key "session"', "first at line 6"),
    ),
    "wrong type": Bad(
        "cws12",
        "  - id: data-governance\n    number: 3\n",
        "  - id: data-governance\n    number: three\n",
        "number: three",
        len("number: "),
        ("wrong type: 'three' is a string", "recommendations[2].number", "expected integer"),
    ),
    "unknown key": Bad(
        "cws12", "status: adopted\n", "status: adopted\ncolour: blue\n", "colour: blue", 0, ("unknown key 'colour'",)
    ),
    "unknown key in an item": Bad(
        "cws12",
        '            text: "internally run; and"\n',
        '            text: "internally run; and"\n            note: "x"\n',
        'note: "x"',
        0,
        ("unknown key 'note'", "recommendations[8].actions[0].items[0].note"),
    ),
    "missing required key": Bad(
        "cws12",
        'title: "RECOMMENDATIONS ON ICT AND INTELLECTUAL PROPERTY ADMINISTRATION"\n',
        "",
        "id: cws12",
        0,
        ("'title' is missing",),
    ),
    "value outside the enum": Bad(
        "cws12",
        "status: adopted\n",
        "status: approved\n",
        "status: approved",
        len("status: "),
        ("'approved' is not allowed", "adopted"),
    ),
    "duplicate recommendation number": Bad(
        "cws12",
        "  - id: data-governance\n    number: 3\n",
        "  - id: data-governance\n    number: 2\n",
        "id: data-governance\n    number: 2",
        len("id: data-governance\n    number: "),
        ("duplicate number 2",),
    ),
    "duplicate recommendation id": Bad(
        "cws12",
        "  - id: data-governance\n",
        "  - id: ict-strategy\n",
        "id: ict-strategy\n    number: 3",
        len("id: "),
        ("duplicate recommendation id 'ict-strategy'",),
    ),
    "recommendation numbers out of sequence": Bad(
        "cws12",
        "  - id: data-governance\n    number: 3\n",
        "  - id: data-governance\n    number: 11\n",
        "number: 11",
        len("number: "),
        ("number 11 is out of sequence", "expected 3"),
    ),
    "link to a missing node": Bad(
        "cws11",
        "target: r40:R3\n",
        "target: r40:R99\n",
        "target: r40:R99",
        len("target: "),
        ("link to r40:R99, which does not exist",),
    ),
    "link to an unknown edition": Bad(
        "cws11",
        "target: r40:R3\n",
        "target: r41:R3\n",
        "target: r41:R3",
        len("target: "),
        ("link to unknown edition 'r41'", "one of cws11, cws12, r40"),
    ),
    "link target that is not an address": Bad(
        "cws11",
        "target: r40:R3\n",
        "target: r40:X3\n",
        "target: r40:X3",
        len("target: "),
        ("'r40:X3' is not an address", "recommendations[1].links[0].target"),
    ),
    "link inside its own edition": Bad(
        "cws11",
        "target: r40:R3\n",
        "target: cws11:R3\n",
        "target: cws11:R3",
        len("target: "),
        ("stays inside its own edition",),
    ),
    "derives from an unknown edition": Bad(
        "cws12",
        "derives_from: cws11\n",
        "derives_from: cws10\n",
        "derives_from: cws10",
        len("derives_from: "),
        ("derives from unknown edition 'cws10'",),
    ),
    "derives_from cycle": Bad(
        "cws11",
        "derives_from: r40\n",
        "derives_from: cws12\n",
        "derives_from: cws12",
        len("derives_from: "),
        ("derives_from forms a cycle: cws11 → cws12 → cws11",),
    ),
    "footnote marker without footnote": Bad(
        "cws12",
        R7_STATEMENT + '"',
        R7_STATEMENT + '[^4]"',
        R7_STATEMENT,
        0,
        ("footnote marker [^4] has no footnote in cws12:R7",),
    ),
    "statement null without missing": Bad(
        "cws12",
        '    statement: "IP offices should ensure that a data governance framework is in place taking into account '
        'organizational policies and related legal framework, and regularly evaluated."\n',
        "    statement: null\n",
        "statement: null",
        len("statement: "),
        ("cws12:R3: statement is null but not recorded as missing",),
    ),
    "action labels out of sequence": Bad(
        "cws12",
        R3_B,
        R3_B.replace("label: b", "label: c"),
        R3_B.replace("label: b", "label: c"),
        len("      - label: "),
        ("cws12:R3 action label 'c' is out of sequence", "expected 'b'"),
    ),
    "item labels out of sequence": Bad(
        "cws12",
        "          - label: iii\n",
        "          - label: v\n",
        "label: v\n",
        len("label: "),
        ("cws12:R1/e item label 'v' is out of sequence", "expected 'iii'"),
    ),
    "impossible date": Bad(
        "cws12",
        "session: CWS/12\n",
        "session: 2024-02-30\n",
        "session: 2024-02-30",
        len("session: "),
        ("invalid !!timestamp value '2024-02-30'",),
    ),
    "integer too long to print": Bad(
        "cws12",
        "  - id: data-governance\n    number: 3\n",
        "  - id: data-governance\n    number: " + "1" * 5000 + "\n",
        "number: 111",
        len("number: "),
        ("invalid !!int value",),
    ),
    "unquoted date where text is expected": Bad(
        "cws12",
        "session: CWS/12\n",
        "session: 2024-09-16\n",
        "session: 2024-09-16",
        len("session: "),
        ("wrong type: 2024-09-16 is a date", "expected string"),
    ),
    "control character made by an escape": Bad(
        "cws12",
        'statement: "IP offices should have an ICT strategy',
        'statement: "\\e[31mIP offices should have an ICT strategy',
        'statement: "\\e[31m',
        len("statement: "),
        ("control character U+001B in a text", "recommendations[1].statement"),
    ),
    "control character": Bad(
        "cws12",
        'committee: "Committee on',
        'committee: "Committee\x07 on',
        "\x07",
        0,
        ("unacceptable character U+0007",),
    ),
}


@pytest.mark.parametrize("case", BAD.values(), ids=BAD.keys())
def test_bad_edition_gives_one_located_line(case: Bad, registry_copy, tmp_path):
    text = replace_once(edition_text(case.edition), case.old, case.new)
    path = write(tmp_path / "bad", f"{case.edition}.yaml", text)
    line, column = position(text, case.at, case.offset)
    result = recreg("--registry", registry_copy, "validate", path)
    assert_one_problem(result, path, line, column, *case.says)


def test_in_the_registry_an_editions_id_is_its_file_name(registry_copy):
    path = registry_copy / "cws12.yaml"
    text = replace_once(edition_text("cws12"), "id: cws12\n", "id: cws13\n")
    path.write_text(text, encoding="utf-8")
    result = recreg("--registry", registry_copy, "validate", path)
    assert_one_problem(
        result,
        path,
        *position(text, "id: cws13", len("id: ")),
        "edition id 'cws13' differs from the file name 'cws12.yaml'",
    )


def test_a_copy_outside_the_registry_may_have_any_name_and_diffs(registry_copy, tmp_path):
    # A delegate's copy of a draft is saved under a name of their own.
    path = write(tmp_path, "cws13-proposal.yaml", replace_once(edition_text("cws12"), "id: cws12\n", "id: cws13\n"))
    assert recreg("--registry", registry_copy, "validate", path).code == 0
    result = recreg("--registry", registry_copy, "diff", "cws12", path, "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["to"] == "cws13"


def test_an_unclosed_quote_is_reported_where_it_opens(registry_copy, tmp_path):
    # The parser reads on to the next quote and gives up lines below: the fix is at the opening quote.
    text = replace_once(
        edition_text("cws12"), 'role: "report of the twelfth session"', 'role: "report of the twelfth session'
    )
    path = write(tmp_path / "bad", "cws12.yaml", text)
    result = recreg("--registry", registry_copy, "validate", path)
    assert_one_problem(
        result,
        path,
        *position(text, '"report of the twelfth session\n'),
        "a quoted text opened here is not closed on its line",
    )


def test_problem_line_stays_one_line_whatever_the_key(registry_copy, tmp_path):
    # A quoted key may hold a line break; the report must still be one line.
    text = replace_once(edition_text("cws12"), "status: adopted\n", 'status: adopted\n"two\\nlines": x\n')
    path = write(tmp_path / "bad", "cws12.yaml", text)
    result = recreg("--registry", registry_copy, "validate", path)
    assert_one_problem(result, path, *position(text, '"two'), "unknown key")


def test_not_utf8_is_located_in_characters(registry_copy, tmp_path):
    # The line holds a multi-byte character (’) before the bad byte: the column counts characters.
    text = edition_text("cws12")
    before = "other IP offices’ digitalization,"
    raw = replace_once(text, before, before + "\udcff").encode("utf-8", "surrogateescape")
    assert b"\xff" in raw
    path = write(tmp_path / "bad", "cws12.yaml", raw)
    line, column = position(text, before, len(before))
    result = recreg("--registry", registry_copy, "validate", path)
    assert_one_problem(result, path, line, column, "not UTF-8", "0xff")


def test_utf16_file_is_not_utf8(registry_copy, tmp_path):
    path = write(tmp_path / "bad", "cws12.yaml", edition_text("cws12").encode("utf-16"))
    assert_one_problem(recreg("--registry", registry_copy, "validate", path), path, 1, 1, "not UTF-8")


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n"], ids=["empty", "blank lines", "comment"])
def test_empty_file(content, registry_copy, tmp_path):
    path = write(tmp_path / "bad", "cws12.yaml", content)
    assert_one_problem(recreg("--registry", registry_copy, "validate", path), path, 1, 1, "empty file")


@pytest.mark.parametrize(
    "content, kind", [("- a\n- b\n", "a list"), ("just some text\n", "a string"), ("42\n", "an integer")]
)
def test_document_that_is_not_a_mapping(content, kind, registry_copy, tmp_path):
    path = write(tmp_path / "bad", "cws12.yaml", content)
    result = recreg("--registry", registry_copy, "validate", path)
    assert_one_problem(result, path, 1, 1, f"wrong type: the document is {kind}", "expected a mapping")


def test_alias_bomb_is_refused_without_expanding(registry_copy, tmp_path):
    # Nine levels of nine-fold aliases: 9**9 (387 million) strings if it were expanded.
    bomb = ['lol0: &a0 "lol"'] + [f"lol{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    text = replace_once(edition_text("cws12"), "\nnotes:\n", "\n" + "\n".join(bomb) + "\nnotes:\n")
    path = write(tmp_path / "bad", "cws12.yaml", text)
    result = recreg("--registry", registry_copy, "validate", path)
    # Reported at the first anchor, the node every alias of the bomb goes back to.
    assert_one_problem(result, path, *position(text, '&a0 "lol"'), "anchors and aliases", "not allowed")


def test_two_documents_in_one_file(registry_copy, tmp_path):
    text = edition_text("cws12") + "---\nid: cws12\n"
    path = write(tmp_path / "bad", "cws12.yaml", text)
    result = recreg("--registry", registry_copy, "validate", path)
    assert_one_problem(result, path, *position(text, "---\nid"), "expected a single document")


def test_python_tag_is_refused(registry_copy, tmp_path):
    text = replace_once(edition_text("cws12"), "status: adopted\n", "status: !!python/object/apply:os.system [ls]\n")
    path = write(tmp_path / "bad", "cws12.yaml", text)
    result = recreg("--registry", registry_copy, "validate", path)
    assert_one_problem(result, path, *position(text, "!!python", 0), "could not determine a constructor")


# -- warnings, several problems, JSON ------------------------------------------------------


def test_footnote_never_anchored_is_a_warning(registry_copy, tmp_path):
    text = replace_once(edition_text("cws12"), "cooperative projects[^2] that", "cooperative projects that")
    path = write(tmp_path / "ok", "cws12.yaml", text)
    result = recreg("--registry", registry_copy, "validate", path)
    assert result.code == 0
    line, column = position(text, 'number: 2\n        text: "Such as', len("number: "))
    warning, summary = result.out_lines
    assert warning.startswith(f"{path}:{line}:{column}: warning: footnote cws12:R6/fn2 is never anchored")
    assert summary == "valid: 1 file (1 warning)"


def test_every_problem_of_a_file_is_reported_in_order(registry_copy, tmp_path):
    text = edition_text("cws12")
    text = replace_once(text, "status: adopted\n", "status: adopted\ncolour: blue\n")
    text = replace_once(
        text, "  - id: data-governance\n    number: 3\n", "  - id: data-governance\n    number: three\n"
    )
    path = write(tmp_path / "bad", "cws12.yaml", text)
    result = recreg("--registry", registry_copy, "validate", path)
    assert result.code == 1
    assert [line.split(": ")[0] for line in result.out_lines[:-1]] == [
        "{}:{}:{}".format(path, *position(text, "colour")),
        "{}:{}:{}".format(path, *position(text, "three")),
    ]
    assert result.out_lines[-1] == "2 errors, 0 warnings in 1 file"


def test_validate_json_reports_each_problem(registry_copy, tmp_path):
    text = replace_once(edition_text("cws11"), "target: r40:R3\n", "target: r40:R99\n")
    path = write(tmp_path / "bad", "cws11.yaml", text)
    result = recreg("--registry", registry_copy, "validate", "--format", "json", path)
    assert result.code == 1
    report = json.loads(result.out)
    line, column = position(text, "target: r40:R99", len("target: "))
    assert report["valid"] is False
    assert (report["checked"], report["errors"], report["warnings"]) == ([str(path)], 1, 0)
    assert report["problems"] == [
        {
            "severity": "error",
            "file": str(path),
            "line": line,
            "column": column,
            "key_path": "recommendations[1].links[0].target",
            "message": "link to r40:R99, which does not exist",
            "expected": "a node of r40",
        }
    ]


def test_validate_json_warning(registry_copy, tmp_path):
    text = replace_once(edition_text("cws12"), "cooperative projects[^2] that", "cooperative projects that")
    path = write(tmp_path / "ok", "cws12.yaml", text)
    result = recreg("--registry", registry_copy, "validate", "--format", "json", path)
    assert result.code == 0
    report = json.loads(result.out)
    assert (report["valid"], report["errors"], report["warnings"]) == (True, 0, 1)
    assert report["problems"][0]["severity"] == "warning"
    assert report["problems"][0]["key_path"] == "recommendations[5].footnotes[0].number"


def test_a_valid_file_is_checked_again_after_it_changes(registry_copy, tmp_path):
    # Valid files are remembered by digest; an edit must not be hidden by that memory.
    path = write(tmp_path / "ed", "cws12.yaml", edition_text("cws12"))
    assert recreg("--registry", registry_copy, "validate", path).code == 0
    path.write_text(replace_once(edition_text("cws12"), "status: adopted\n", "status: approved\n"), encoding="utf-8")
    assert recreg("--registry", registry_copy, "validate", path).code == 1


def test_validating_the_registry_reports_the_bad_file_among_good_ones(registry_copy):
    bad = registry_copy / "cws12.yaml"
    text = replace_once(edition_text("cws12"), "status: adopted\n", "status: approved\n")
    bad.write_text(text, encoding="utf-8")
    result = recreg("--registry", registry_copy, "validate")
    assert result.code == 1
    assert len(result.out_lines) == 2
    assert result.out_lines[0].startswith(
        "{}:{}:{}: ".format(bad, *position(text, "status: approved", len("status: ")))
    )
    assert result.out_lines[1] == "1 error, 0 warnings in 3 files"


def test_two_files_of_one_edition_each_have_their_links_checked(registry_copy, tmp_path):
    # A draft validated beside the registry's copy of the same edition, whichever comes first.
    text = replace_once(edition_text("cws11"), "target: r40:R3\n", "target: r40:R99\n")
    bad = write(tmp_path / "draft", "cws11.yaml", text)
    result = recreg("--registry", registry_copy, "validate", bad, registry_copy / "cws11.yaml")
    assert result.code == 1
    assert result.out_lines[0].startswith("{}:{}:{}: link to r40:R99".format(bad, *position(text, "r40:R99")))
    assert result.out_lines[1:] == ["1 error, 0 warnings in 2 files"]


# -- usage errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv, says",
    [
        (["validate", "no/such/place.txt"], "no such file or folder"),
        (["validate", "--format", "xml"], "'xml' is not one of"),
        (["frobnicate"], "No such command"),
    ],
)
def test_usage_error_is_one_line_and_exit_2(argv, says):
    result = recreg("--registry", REGISTRY, *argv)
    assert result.code == 2
    assert result.out == ""
    assert len(result.err_lines) == 1 and says in result.err


def test_folder_without_editions_is_a_usage_error(tmp_path):
    result = recreg("--registry", REGISTRY, "validate", tmp_path)
    assert result.code == 2
    assert result.err_lines == [f"recreg: {tmp_path}: no edition files (*.yaml) to validate"]


# -- whatever the bytes, an answer and never a traceback ---------------------------------------

CWS12 = edition_text("cws12")
SIGNIFICANT = list(":-[]{}&*!|>'\"#%@`,?\t\n \\") + [
    "\x00",
    "\x07",
    "\ufeff",
    "é",
    "’",
    "0",
    "~",
    "null",
    "[^9]",
    "<<: ",
]


@settings(max_examples=150, deadline=None)
@given(
    edits=st.lists(
        st.tuples(st.integers(0, len(CWS12)), st.integers(0, 3), st.sampled_from(SIGNIFICANT)), min_size=1, max_size=3
    )
)
def test_any_damage_to_a_file_gives_located_lines(edits):
    """Up to three characters inserted or cut anywhere: valid, or each problem on one located line."""
    text = CWS12
    for at, cut, insert in edits:
        at = min(at, len(text))
        text = text[:at] + insert + text[at + cut :]
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), "cws12.yaml", text)
        result = recreg("--registry", REGISTRY, "validate", path)  # asserts no traceback
    assert result.code in (0, 1)
    assert result.err == ""
    *problems, summary = result.out_lines
    assert re.fullmatch(r"\d+ errors?, \d+ warnings? in 1 file|valid: 1 file \(\d+ warnings?\)", summary)
    assert (result.code == 1) == summary[0].isdigit()
    for problem in problems:
        assert re.match(rf"{re.escape(str(path))}:\d+:\d+: \S", problem), problem


def test_an_empty_statement_is_a_recommendation_of_actions_alone(registry_copy, tmp_path):
    # As NIST's AC-1, whose statement part has no lead-in, only items (OSCAL catalogs read so).
    r7 = "    statement: " + R7_STATEMENT + '"'
    text = replace_once(edition_text("cws12"), r7, '    statement: ""')
    path = write(tmp_path / "actions-alone", "cws12.yaml", text)
    result = recreg("--registry", registry_copy, "validate", path)
    assert (result.code, result.out) == (0, "valid: 1 file (0 warnings)\n")
