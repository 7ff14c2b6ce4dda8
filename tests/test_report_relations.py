"""Merges, splits and moves as reports show them: the seven report defects of issue 18, one test (or a few) each.

The drafted cws13 (tests/drafted.py) merges R9 into R8 (R9(a) goes with it, as R8(c)),
splits R10(b) (now R9(b) and R9(c)), deletes R7(b) and adds a new R10; cws11 -> cws12 has
the split R6(a) -> R8(a) + R8(b) and an answer survey of the draft ten
(examples/survey/draft-ten-wide.csv).
"""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, recreg
from drafted import write_cws13
from report_reading import normal, read_markdown, read_text
from test_survey_import import EXAMPLES, import_into

from recreg import load_registry

CWS12 = load_registry(ROOT / "registry").edition("cws12")
R9_STATEMENT = CWS12.recommendation(9).statement
R9_A = CWS12.recommendation(9).actions[0].text


@pytest.fixture
def draft(registry_copy) -> Path:
    write_cws13(registry_copy)
    return registry_copy


def run(registry: Path, *argv: str) -> str:
    result = recreg("--registry", registry, *argv)
    assert result.code == 0, result.err
    return result.out


def diff_json(registry: Path, *argv: str) -> dict:
    return json.loads(run(registry, "diff", *argv, "--format", "json"))


def edition_text(registry: Path, edition_id: str) -> str:
    """Return every text of an edition in reading order, normalised: what any shown text of that side must be part of."""
    edition = load_registry(registry).edition(edition_id)
    texts = []
    for rec in edition.recommendations:
        texts.append(rec.statement or "")
        for action in rec.actions:
            texts += [action.text, *(item.text for item in action.items)]
        texts += [f.text for f in rec.footnotes]
    return normal(" ".join(texts))


# (1) Old text in the new column ------------------------------------------------------------


def test_the_new_column_of_a_split_shows_the_new_parts_not_the_draft(registry_copy):
    _, sections = read_markdown(run(registry_copy, "diff", "cws11", "cws12", "--format", "markdown", "-r", "R8"))
    shown = sections["R6 → R8"]
    cws11, cws12 = edition_text(registry_copy, "cws11"), edition_text(registry_copy, "cws12")
    assert shown.new and all(text in cws12 for text in shown.new), [t for t in shown.new if t not in cws12]
    assert shown.old and all(text in cws11 for text in shown.old), [t for t in shown.old if t not in cws11]
    # Both parts stand in the new column, each as cws12 has it.
    for action in load_registry(registry_copy).edition("cws12").recommendation(8).actions:
        assert normal(action.text) in shown.new


def test_the_new_column_of_a_merge_never_shows_the_merged_recommendations_old_statement(draft):
    out = run(draft, "diff", "cws12", "cws13", "--format", "markdown", "-r", "R8")
    _, sections = read_markdown(out)
    shown = sections["R8 → R8"]
    cws13 = edition_text(draft, "cws13")
    assert all(text in cws13 for text in shown.new), [t for t in shown.new if t not in cws13]
    assert normal(R9_STATEMENT) not in shown.new and normal(R9_STATEMENT) in shown.old


# (2) An action carried by a merge of recommendations --------------------------------------


def test_an_action_carried_by_a_merge_is_moved_with_its_text_on_both_sides(draft):
    changes = diff_json(draft, "cws12", "cws13")["changes"]
    moved = [c for c in changes if c["kind"] == "moved"]
    assert moved == [
        {"kind": "moved", "from": "R9/a", "to": "R8/c", "matched_by": "text", "score": 1.0, "relation": "merged"}
    ]
    assert not [c for c in changes if c["kind"] == "relabeled" and c["from"] == "R9/a"]
    merged = next(c for c in changes if c["kind"] == "merged")
    assert merged["carried"] == [{"from": "R9/a", "to": "R8/c"}] and merged["host"] == {"from": "R8", "to": "R8"}
    out = run(draft, "diff", "cws12", "cws13", "-r", "R8")
    assert "  R9/a → R8/c  moved from R9/a, with R9 merged into R8\n" in out
    assert f"    cws12 R9/a: {R9_A}\n" in out and f"    cws13 R8/c: {R9_A}\n" in out


@pytest.mark.parametrize("selection", [["--kind", "moved"], ["-r", "R8"], ["-r", "cws12:R9"]])
def test_the_moved_action_is_found_by_kind_and_by_either_recommendation(draft, selection):
    document = diff_json(draft, "cws12", "cws13", *selection)
    assert {"kind": "moved", "from": "R9/a", "to": "R8/c"}.items() <= next(
        c for c in document["changes"] if c["kind"] == "moved"
    ).items()


def test_answers_to_the_carried_action_are_to_be_confirmed(draft):
    assert import_into(draft, EXAMPLES / "example-wide.csv").code == 0
    out = run(draft, "status", "cws13", "--survey", "example")
    assert "cws13:R8/c ← cws12:R9/a (6 answers)  TO BE CONFIRMED\n" in out
    assert "    ! cws12 → cws13: moved from R9/a to R8/c, with R9 merged into R8\n" in out


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        env={
            "GIT_AUTHOR_NAME": "Ada Editor",
            "GIT_AUTHOR_EMAIL": "ada@example.org",
            "GIT_COMMITTER_NAME": "Ada Editor",
            "GIT_COMMITTER_EMAIL": "ada@example.org",
            "PATH": "/usr/bin:/bin",
            "HOME": str(repo),
        },
    )


def test_log_of_the_host_names_the_move(registry_copy):
    repo = registry_copy.parent
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "registry")
    git(repo, "commit", "-qm", "The bundled editions")
    draft = (registry_copy / "cws12.yaml").read_text(encoding="utf-8")
    draft = draft.replace("id: cws12\n", "id: cws13\n", 1).replace(
        "status: adopted\nderives_from: cws11\n", "status: draft\nderives_from: cws12\n", 1
    )
    (registry_copy / "cws13.yaml").write_text(draft, encoding="utf-8")
    git(repo, "add", "registry")
    git(repo, "commit", "-qm", "Draft cws13")
    write_cws13(registry_copy)
    git(repo, "commit", "-qam", "Merge R9 into R8")
    out = run(registry_copy, "log", "cws13:R8")
    assert "Merge R9 into R8  (R8)\n    R8 merged from R9, reworded; R8/c moved from R9/a\n" in out


# (3) The text format shows the actions of a whole recommendation ---------------------------


def test_text_shows_the_actions_of_an_added_recommendation_and_of_a_removed_one(draft):
    added = run(draft, "diff", "cws12", "cws13", "-r", "R10")
    assert (
        "  — → R10  added\n    IP offices should assess the security and portability of cloud services before they move IP "
        "registers to them.\n      (a) IP offices should keep an exit plan for every register hosted by a cloud service "
        "provider.\n      (b) IP offices are encouraged to publish"
    ) in added
    removed = run(draft, "diff", "cws13", "cws12", "-r", "cws13:R10")
    assert "  R10 → —  removed\n" in removed
    assert (
        "\n      (a) IP offices should keep an exit plan for every register hosted by a cloud service provider.\n"
        in removed
    )


# (4) Inherited lineage -----------------------------------------------------------------------


def test_the_lineage_column_shows_what_the_old_edition_inherits(draft):
    pairs = {(p["from"], p["to"]): p for p in diff_json(draft, "cws12", "cws13")["pairs"]}
    assert pairs[8, 8]["lineage"] == [
        "cws11:R6",
        "r40:R10",
        "r40:R16",
        "r40:R21",
        "r40:R25",
        "r40:R28",
        "r40:R30",
        "r40:R31",
        "r40:R34",
    ]
    assert pairs[9, None]["lineage"] == ["cws11:R10"]
    # The same numbers `trace` walks back from cws13:R8 (through its pair and through R9, merged into it).
    trace = json.loads(run(draft, "trace", "cws13:R8", "--format", "json"))
    traced = {step["from"] for step in trace["earlier"]} - {"cws12:R8", "cws12:R9"}
    assert traced == set(pairs[8, 8]["lineage"]) | set(pairs[9, None]["lineage"])
    row = next(line for line in run(draft, "diff", "cws12", "cws13").splitlines() if line.startswith("│ R8 "))
    assert (
        row.split("│")[5].strip() == "cws11:R6, r40:R10, r40:R16, r40:R21, r40:R25, r40:R28, r40:R30, r40:R31, r40:R34"
    )


# (5) Row labels --------------------------------------------------------------------------------


def test_headings_and_rows_say_what_went_and_where(draft):
    out = run(draft, "diff", "cws12", "cws13")
    assert "\nR7 → R7 action removed\n" in out
    assert "\nR9 → — merged into R8\n  R8 + R9 → R8  merged into R8\n" in out
    assert "\nR8 → R8 merged from R9, action moved, reworded\n" in out
    assert "\nR10 → R9 renumbered, relabeled, action split, reworded\n" in out
    kinds, _ = read_text(out, ("cws12", "cws13"))
    assert kinds["R9", "—"] == ["merged into R8"] and kinds["R7", "R7"] == ["action removed"]
    assert "relabeled" not in kinds["R8", "R8"]


def test_older_numbers_in_the_text_table_name_their_edition(registry_copy):
    row = next(line for line in run(registry_copy, "diff", "cws11", "cws12").splitlines() if line.startswith("│ R4 "))
    assert row.split("│")[5].strip() == "r40:R1, r40:R2, r40:R6, r40:R36, r40:R39"


def test_wrapped_lines_keep_their_indentation(draft, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    out = run(draft, "diff", "cws12", "cws13", "-r", "R9")
    body = out.split("\nR10 → R9 ", 1)[1].splitlines()[1:]
    assert len(body) > 12 and all(len(line) <= 80 for line in body)
    for line in body:
        assert line.startswith("  "), line  # a node's line, or one of its text's (four spaces in)
        if not line.startswith("  R"):
            assert line.startswith("    "), line


# (6) The pairs of the JSON say merged and split, not removed and added -----------------------


def forms(pair: dict) -> list[str]:
    """Return the titles of the schema's pair forms a pair entry matches."""
    from jsonschema import Draft202012Validator

    schema = json.loads((ROOT / "schemas" / "diff.schema.json").read_text(encoding="utf-8"))
    found = []
    for form in schema["$defs"]["pair"]["oneOf"]:
        if Draft202012Validator({**form, "$defs": schema["$defs"]}).is_valid(pair):
            found.append(form["title"])
    return found


def test_a_reader_of_pairs_alone_counts_merges_and_splits(draft):
    from jsonschema import Draft202012Validator

    document = diff_json(draft, "cws12", "cws13")
    Draft202012Validator(json.loads((ROOT / "schemas" / "diff.schema.json").read_text(encoding="utf-8"))).validate(
        document
    )
    by_form = {}
    for pair in document["pairs"]:
        (form,) = forms(pair)
        by_form.setdefault(form, []).append((pair["from"], pair["to"]))
    assert by_form["merged into another"] == [(9, None)]
    assert "removed" not in by_form and by_form["added"] == [(None, 10)]
    host = next(p for p in document["pairs"] if p["from"] == 8)
    assert host["relations"] == [{"kind": "merged", "role": "host", "host": {"from": 8, "to": 8}, "parts": [9]}]


def test_a_split_recommendation_reads_as_split_not_added(draft):
    # cws13 -> cws12 the other way round: cws13's R8 splits into cws12's R8 and R9.
    document = diff_json(draft, "cws13", "cws12")
    split = [(p["from"], p["to"]) for p in document["pairs"] if forms(p) == ["split off another"]]
    assert split == [(None, 9)]
    assert not [p for p in document["pairs"] if forms(p) == ["added"]]


# (7) status -----------------------------------------------------------------------------------


@pytest.fixture
def draft_ten(registry_copy) -> Path:
    assert import_into(registry_copy, EXAMPLES / "draft-ten-wide.csv", name="draft-ten", edition="cws11").code == 0
    return registry_copy


def given_answers() -> int:
    """Count the statuses the draft-ten CSV gives, independently of recreg."""
    with open(EXAMPLES / "draft-ten-wide.csv", newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    return sum(
        1
        for row in rows
        for header, value in row.items()
        if header != "Office" and not header.endswith((" comment", " evidence")) and value.strip()
    )


def test_a_recommendations_row_counts_one_measure(draft_ten):
    out = run(draft_ten, "status", "cws12", "--survey", "draft-ten", "--format", "markdown")
    rows = [line.split(" | ") for line in out.splitlines() if line.startswith("| **R")]
    assert len(rows) == 10
    for row in rows:
        answered, statuses = int(row[1]), [int(cell) for cell in row[2:8] if cell.strip() != "·"]
        assert answered == sum(statuses), row


def test_each_part_of_a_split_meets_the_split_and_its_own_changes_only(draft_ten):
    document = json.loads(run(draft_ten, "status", "cws12", "--survey", "draft-ten", "--format", "json"))
    parts = {p["address"]: p for rec in document["recommendations"] for p in rec["parts"]}
    for address, other in (("cws12:R8/a", "R8/b"), ("cws12:R8/b", "R8/a")):
        for answer in parts[address]["answers"]:
            kinds = [c["kind"] for c in answer["changes"]]
            assert "split" in kinds and "reworded" in kinds
            assert not [c for c in answer["changes"] if c["to"] == other], address
    labels = [c["label"] for c in parts["cws12:R8/b"]["answers"][0]["changes"]]
    assert labels == ["cws11 → cws12: split into R8/a + R8/b", "cws11 → cws12: reworded (0.30)"]


def test_the_headline_counts_each_answer_once(draft_ten):
    document = json.loads(run(draft_ten, "status", "cws12", "--survey", "draft-ten", "--format", "json"))
    summary = document["summary"]
    given = given_answers()
    # R6(a) was split into R8(a) and R8(b): its four answers count for both parts, once each in the headline.
    assert (summary["answers"], summary["counted"]) == (given, given + 4) == (90, 94)
    for extra in ([], ["--anonymize"]):  # pseudonyms rewrite every answer, not how many there are
        out = run(draft_ten, "status", "cws12", "--survey", "draft-ten", *extra)
        assert "4 offices · 90 answers (71 to be confirmed; 4 more counted for the parts of split nodes)" in out
