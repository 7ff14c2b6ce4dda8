"""recreg status: counts per action, carried across editions, flagged to be confirmed; every format; anonymized."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT, add_indicators, recreg, replace_once
from test_survey_import import EXAMPLES, import_into, write_csv

from recreg.survey.model import STATUSES

SCHEMA = json.loads((ROOT / "schemas" / "status.schema.json").read_text(encoding="utf-8"))


def status_json(registry: Path, *argv: str) -> dict:
    result = recreg("--registry", registry, "status", *argv, "--format", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    from jsonschema import Draft202012Validator

    Draft202012Validator(SCHEMA).validate(document)
    return document


def actions(document: dict) -> dict[str, dict]:
    return {part["address"]: part for rec in document["recommendations"] for part in rec["parts"]}


def expected_counts(path: Path) -> dict[str, Counter]:
    """Count the statuses of each question column of the wide example CSV, independently of recreg."""
    with open(path, newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    found = {}
    for header in rows[0]:
        if header == "Office" or header.endswith((" comment", " evidence")):
            continue
        number, action = (
            part
            for part in header.replace("cws12:", "")
            .replace("Recommendation ", "")
            .replace("R", "")
            .replace("(", " ")
            .replace(")", "")
            .replace("/", " ")
            .split()
        )
        found[f"cws12:R{number}/{action}"] = Counter(row[header].replace(" ", "-") for row in rows if row[header])
    return found


@pytest.fixture
def example(registry_copy) -> Path:
    assert import_into(registry_copy, EXAMPLES / "example-wide.csv").code == 0
    return registry_copy


@pytest.fixture
def draft_ten(registry_copy) -> Path:
    assert import_into(registry_copy, EXAMPLES / "draft-ten-wide.csv", name="draft-ten", edition="cws11").code == 0
    return registry_copy


def test_json_counts_are_the_csvs(example):
    document = status_json(example, "cws12", "--survey", "example")
    expected = expected_counts(EXAMPLES / "example-wide.csv")
    found = actions(document)
    assert set(found) == set(expected) and len(found) == 26
    for address, counts in expected.items():
        assert found[address]["statuses"] == {status: counts.get(status, 0) for status in STATUSES}, address
        assert found[address]["answered"] == sum(counts.values())
        assert found[address]["to_confirm"] == 0
    assert document["unreported"] == ["cws12:R1/b", "cws12:R10/c"]
    assert document["summary"]["answers"] == sum(sum(c.values()) for c in expected.values()) == 133
    assert document["survey"]["route"] == ["cws12"] and document["apart"] == []
    comment = next(a for a in found["cws12:R3/a"]["answers"] if a["office"] == "office-a")
    assert (
        comment["office_name"] == "Office A" and comment["evidence"] == "https://example.org/office-a/data-governance"
    )


def test_the_newest_survey_is_the_default(example):
    assert status_json(example, "cws12")["survey"]["id"] == "example"


def test_a_survey_of_the_draft_reports_through_the_adopted_ten(draft_ten):
    found = actions(status_json(draft_ten, "cws12", "--survey", "draft-ten"))
    weakened = found["cws12:R6/a"]
    assert weakened["answered"] == 4 and weakened["to_confirm"] == 4
    for answer in weakened["answers"]:
        assert answer["asked"] == "cws11:R7/a" and answer["to_confirm"]
        kinds = {change["kind"]: change for change in answer["changes"]}
        assert kinds["modality"]["direction"] == "weakened" and kinds["modality"]["to_confirm"]
        assert kinds["became-footnote"]["to"] == "R6/fn2" and kinds["became-footnote"]["label"] == (
            "cws11 → cws12: sub-items R7/a/i + R7/a/ii + R7/a/iii became footnote R6/fn2"
        )
    # cws11:R8 was only renumbered: its actions' answers count for cws12:R7's, unflagged.
    for label in ("a", "b"):
        node = found[f"cws12:R7/{label}"]
        assert node["answered"] >= 3 and node["to_confirm"] == 0
        assert {a["asked"] for a in node["answers"]} == {f"cws11:R8/{label}"}
        assert all(not a["changes"] for a in node["answers"])
    # The split action counts for both parts, flagged; the moved one for its new place.
    assert {a["asked"] for a in found["cws12:R8/b"]["answers"]} == {"cws11:R6/a"} and found["cws12:R8/b"][
        "to_confirm"
    ] == 4
    moved = found["cws12:R5/d"]["answers"][0]["changes"]
    assert moved[0]["label"] == "cws11 → cws12: moved from R3/c to R5/d"
    # A relabeling alone leaves an answer standing; an editorial change too.
    relabeled = found["cws12:R3/a"]["answers"][0]
    assert relabeled["to_confirm"] is False and [c["kind"] for c in relabeled["changes"]] == ["editorial"]


def test_the_text_and_markdown_name_what_to_confirm(draft_ten):
    text = recreg("--registry", draft_ten, "status", "cws12", "--survey", "draft-ten").out
    assert "cws12:R6/a ← cws11:R7/a (4 answers)  TO BE CONFIRMED" in text
    assert "! cws11 → cws12: weakened: should → are encouraged to" in text
    assert "cws12:R7/a ← cws11:R8/a" not in text
    markdown = recreg("--registry", draft_ten, "status", "cws12", "--survey", "draft-ten", "--format", "markdown").out
    assert "- cws12:R6/a ← cws11:R7/a (4 answers): **to be confirmed**\n" in markdown
    assert "| R7/a | 4 |" in markdown


def test_an_answer_to_a_removed_node_is_listed_apart(draft_ten):
    path = draft_ten / "cws12.yaml"
    text = path.read_text(encoding="utf-8")
    text = replace_once(
        text,
        '      - label: b\n        text: "IP offices are encouraged to share their information security policy',
        '      - label: b\n        text: "IP offices are encouraged to keep their information security policy',
    )
    path.write_text(text, encoding="utf-8")
    survey = draft_ten.parent / "surveys" / "draft-ten.yaml"
    # An answer the survey gave about a node the draft no longer has: listed apart, not counted.
    survey_text = survey.read_text(encoding="utf-8")
    survey_text = replace_once(survey_text, "  - address: R9/b\n", "  - address: R9/c\n")
    survey_text = survey_text.replace("      - question: R9/b\n", "      - question: R9/c\n")
    survey.write_text(survey_text, encoding="utf-8")
    document = status_json(draft_ten, "cws12", "--survey", "draft-ten")
    apart = [item for item in document["apart"] if item["asked"] == "cws11:R9/c"]
    assert len(apart) == 4 and apart[0]["reason"] == "cws11:R9/c is no longer in cws11 (amended after the survey)"
    assert actions(document)["cws12:R4/b"]["answered"] == 0


def test_an_edition_amended_after_the_survey_flags_its_answers(example):
    path = example / "cws12.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        replace_once(
            text,
            "IP offices should establish and maintain a data governance framework",
            "IP offices are encouraged to establish a data governance framework",
        ),
        encoding="utf-8",
    )
    found = actions(status_json(example, "cws12", "--survey", "example"))
    node = found["cws12:R3/a"]
    assert node["to_confirm"] == node["answered"] == 6
    labels = [c["label"] for c in node["answers"][0]["changes"]]
    assert "cws12, since the survey: weakened: should → are encouraged to" in labels
    assert found["cws12:R3/b"]["to_confirm"] == 0
    # validate says so too, as a warning.
    result = recreg("--registry", example, "validate")
    assert (
        result.code == 0
        and "warning: cws12:R3/a has changed since the survey: its answers are to be confirmed" in result.out
    )


def test_indicators_report_median_range_and_target(tmp_path, registry_copy):
    add_indicators(registry_copy)
    source = write_csv(
        tmp_path / "kpi.csv",
        "office,R5(a),digitized-share\nOffice A,implemented,95\nOffice B,partly implemented,80\n"
        "Office C,planned,87.5\n",
    )
    assert import_into(registry_copy, source).code == 0
    document = status_json(registry_copy, "cws12")
    indicator = actions(document)["cws12:R5/a"]["indicators"][0]
    assert indicator["id"] == "digitized-share" and indicator["answered"] == 3
    assert (indicator["median"], indicator["min"], indicator["max"], indicator["meeting_target"]) == (87.5, 80, 95, 1)
    text = recreg("--registry", registry_copy, "status", "cws12").out
    assert "3 values, median 87.5, range 80–95; target at least 90 percent: 1 of 3 meet it" in " ".join(text.split())


def test_by_office_and_one_office(example):
    document = status_json(example, "cws12", "--office", "office-b")
    (profile,) = document["profiles"]
    assert profile["office_name"] == "Office B" and len(profile["rows"]) == 26
    expected = {
        row["Recommendation 3(a)"]
        for row in csv.DictReader(open(EXAMPLES / "example-wide.csv", encoding="utf-8"))
        if row["Office"] == "Office B"
    }
    row = next(r for r in profile["rows"] if r["address"] == "cws12:R3/a")
    assert {row["answer"]["status"].replace("-", " ")} == expected
    assert len(status_json(example, "cws12", "--by-office")["profiles"]) == 6
    result = recreg("--registry", example, "status", "cws12", "--office", "office-z")
    assert result.code == 2 and "no office 'office-z' in survey 'example'" in result.err


def test_anonymize_replaces_names_everywhere(tmp_path, registry_copy):
    source = write_csv(
        tmp_path / "s.csv",
        "office,office name,R1(a),R1(a) comment,R1(a) evidence\n"
        "jpo,Japan Patent Office,implemented,Japan Patent Office did it; jpo too,https://jpo.example/x\n"
        "epo,European Patent Office,planned,,\n",
    )
    assert import_into(registry_copy, source).code == 0
    outputs = {
        name: recreg("--registry", registry_copy, "status", "cws12", "--by-office", "--anonymize", "--format", name).out
        for name in ("text", "json", "markdown", "html")
    }
    outputs["summary"] = recreg("--registry", registry_copy, "status", "cws12", "--anonymize", "--format", "html").out
    for name, output in outputs.items():
        for secret in ("Japan", "European", "jpo", "epo"):
            assert not re.search(rf"\b{secret}\b", output), (name, secret)
    document = json.loads(outputs["json"])
    names = {o["id"]: o["name"] for o in document["offices"]}
    assert names == {"respondent-1": "Respondent 1", "respondent-2": "Respondent 2"}
    comment = next(
        a for a in actions(status_json(registry_copy, "cws12", "--anonymize"))["cws12:R1/a"]["answers"] if a["comment"]
    )
    assert (
        comment["comment"] == f"{names[comment['office']]} did it; {names[comment['office']]} too"
        and comment["evidence"] is None
    )
    # Stable: the same survey gives the same pseudonyms in every run and format.
    again = recreg("--registry", registry_copy, "status", "cws12", "--by-office", "--anonymize", "--format", "json").out
    assert again == outputs["json"]
    assert "Respondent 1" in outputs["markdown"] and "Respondent 2" in outputs["html"]


HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def test_hostile_names_and_comments_are_escaped(tmp_path, registry_copy):
    source = write_csv(
        tmp_path / "s.csv",
        f'office,office name,R1(a),R1(a) comment\nx1,"{HOSTILE}",implemented,"{HOSTILE} | *bold* [l](http://e)"\n',
    )
    assert import_into(registry_copy, source).code == 0
    for extra in ([], ["--by-office"]):
        page = recreg("--registry", registry_copy, "status", "cws12", *extra, "--format", "html").out
        assert "<script" not in page and "<img" not in page and "&lt;script&gt;" in page
    markdown = recreg("--registry", registry_copy, "status", "cws12", "--format", "markdown").out
    assert "<script" not in markdown and "\\*bold\\*" in markdown and "\\[l\\]" in markdown and "\\|" in markdown
    # On a terminal too: rich markup in a comment is shown as written, never read.
    for extra in ([], ["--by-office"]):
        text = recreg("--registry", registry_copy, "status", "cws12", *extra)
        assert text.code == 0 and "internal error" not in text.err


def test_anonymize_finds_a_name_however_its_case_folds(tmp_path, registry_copy):
    source = write_csv(
        tmp_path / "s.csv",
        "office,office name,R1(a),R1(a) comment\n"
        "ist,Istanbul Office,implemented,the İstanbul Office [/x] and ISTANBUL OFFICE\n",
    )
    assert import_into(registry_copy, source).code == 0
    result = recreg("--registry", registry_copy, "status", "cws12", "--anonymize", "--by-office")
    assert result.code == 0, result.err
    assert "stanbul" not in result.out and "Respondent 1" in result.out


def test_a_survey_of_an_unrelated_edition_is_refused(tmp_path, registry_copy):
    assert import_into(registry_copy, EXAMPLES / "example-wide.csv").code == 0
    result = recreg("--registry", registry_copy, "status", "cws11", "--survey", "example")
    assert result.code == 2
    assert "survey 'example' asked about cws12, and cws11 does not derive from it (r40 → cws11)" in result.err
    assert recreg("--registry", registry_copy, "status", "cws12", "--survey", "nope").err.startswith(
        "recreg: --survey: no survey 'nope'"
    )


def test_without_a_survey_every_action_is_unreported(registry_copy):
    document = status_json(registry_copy, "cws12")
    assert document["survey"] is None and len(document["unreported"]) == 26


def test_answers_about_recommendations_concern_their_statements(tmp_path, registry_copy):
    source = write_csv(tmp_path / "recs.csv", "office,R7,R8\nOffice A,implemented,planned\n")
    assert import_into(registry_copy, source, name="recs", edition="cws11").code == 0
    document = status_json(registry_copy, "cws12", "--survey", "recs")
    recs = {rec["address"]: rec for rec in document["recommendations"]}
    weakened, renumbered = recs["cws12:R6"]["answers"][0], recs["cws12:R7"]["answers"][0]
    assert weakened["asked"] == "cws11:R7" and weakened["to_confirm"]
    assert "cws11 → cws12: weakened: should → are encouraged to" in [c["label"] for c in weakened["changes"]]
    assert renumbered["asked"] == "cws11:R8" and not renumbered["to_confirm"]
    # The adopted ten inherit the draft's links rather than restate them: renumbering alone.
    assert {c["kind"] for c in renumbered["changes"]} == {"renumbered"}


def test_a_survey_of_the_forty_goes_through_the_chain(tmp_path, registry_copy):
    source = write_csv(tmp_path / "forty.csv", "office,R8,R16\nOffice A,implemented,planned\n")
    assert import_into(registry_copy, source, name="forty", edition="r40").code == 0
    document = status_json(registry_copy, "cws12", "--survey", "forty")
    assert document["survey"]["route"] == ["r40", "cws11", "cws12"]
    # The draft states only that its recommendations relate to the 40: nothing became them, so the
    # answers are listed apart, with the adopted recommendations that descend from the related ones.
    apart = {item["asked"]: item for item in document["apart"]}
    assert apart["r40:R16"]["reason"] == "r40:R16 has no counterpart in cws11 (removed)"
    assert apart["r40:R16"]["related"] == ["cws12:R5", "cws12:R8"] and apart["r40:R8"]["related"] == ["cws12:R6"]
    assert document["summary"]["answers"] == 0
