"""OSCAL out, and diffs of catalogs in every format: export as a valid catalog, exact round trips, the comparison workbook."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import recreg
from oscal_catalogs import new_catalog, old_catalog, write

from recreg.edition.oscal import read_catalog
from recreg.edition.oscal_schema import catalog_problems
from recreg.render.oscal import render_export


@pytest.fixture
def catalogs(tmp_path) -> dict[str, Path]:
    return write(tmp_path)


def _valid(document: dict) -> bool:
    return catalog_problems(document, "test", lambda path: (None, None)) == []


@pytest.mark.parametrize(
    "name, expected",
    [("old.json", old_catalog), ("old.yaml", old_catalog), ("old.xml", old_catalog), ("new.json", new_catalog)],
)
def test_round_trip_keeps_every_control_part_label_and_link(catalogs, name, expected):
    # Groups, enhancements, parameters (inserted where the text is still theirs), guidance,
    # deeper items, related links, withdrawn controls with incorporated-into and moved-to.
    result = recreg("export", catalogs[name], "--format", "oscal")
    assert result.code == 0, result.err
    assert json.loads(result.out) == expected()


def test_round_trip_is_byte_for_byte_for_json(catalogs):
    written = recreg("export", catalogs["new.json"], "--format", "oscal").out
    assert written == catalogs["new.json"].read_text(encoding="utf-8") + "\n"


def test_an_edited_text_is_written_as_edited_and_the_rest_as_the_catalog_had_it(catalogs):
    edition = read_catalog(catalogs["old.json"])
    ac1 = edition.recommendations[0]
    edited = replace(ac1, actions=(replace(ac1.actions[0], text="Develop a policy."), *ac1.actions[1:]))
    without_au1 = tuple(r for r in edition.recommendations if r.id != "au-1")
    written = json.loads(render_export(replace(edition, recommendations=(edited, *without_au1[1:]))))
    assert _valid(written)
    ac, au = written["catalog"]["groups"]
    part_a = ac["controls"][0]["parts"][0]["parts"][0]
    assert part_a["prose"] == "Develop a policy." and part_a["props"] == [{"name": "label", "value": "a."}]
    assert part_a["parts"][0]["prose"] == "{{ insert: param, ac-1_prm_2 }} access control policy that:"
    assert "controls" not in au  # AU-1 taken out of the edition


def test_exported_committee_edition_is_a_valid_catalog_that_reads_back_as_the_edition(tmp_path, registry_copy):
    out = tmp_path / "cws12.json"
    result = recreg("--registry", registry_copy, "export", "cws12", "--format", "oscal", "-o", out)
    assert result.code == 0, result.err
    document = json.loads(out.read_text(encoding="utf-8"))
    assert _valid(document)
    controls = document["catalog"]["controls"]
    assert [c["id"] for c in controls][:3] == ["digital-transformation", "ict-strategy", "data-governance"]
    first = controls[0]
    assert first["props"][0] == {"name": "label", "value": "R1"}
    statement = first["parts"][0]
    assert statement["prose"].startswith("IP offices should optimize their current business models")
    assert [(p["id"], p["props"][0]["value"]) for p in statement["parts"]][:2] == [
        ("digital-transformation_smt.a", "(a)"),
        ("digital-transformation_smt.b", "(b)"),
    ]
    assert statement["parts"][4]["parts"][0]["props"][0]["value"] == "i."
    same = recreg("--registry", registry_copy, "diff", "cws12", out, "--format", "json")
    assert json.loads(same.out)["summary"]["kinds"] == {"metadata-changed": 1}  # texts, footnote, ids: all read back


def test_removed_and_merged_recommendations_are_withdrawn_controls(tmp_path, registry_copy):
    from ruamel.yaml import YAML

    # A draft cws13 that drops R8 (reference architectures) and folds R10 (emerging
    # technologies) into R9 as its last actions, edited the way an editor edits the file.
    yaml = YAML()
    data = yaml.load((registry_copy / "cws12.yaml").read_text(encoding="utf-8"))
    data["id"], data["derives_from"], data["status"] = "cws13", "cws12", "draft"
    recs = data["recommendations"]
    r10 = recs.pop(9)
    del recs[7]
    r9 = recs[7]
    for text in [r10["statement"], *(action["text"] for action in r10["actions"])]:
        r9["actions"].append({"label": chr(ord("a") + len(r9["actions"])), "text": text})
    for number, rec in enumerate(recs, start=1):
        rec["number"] = number
    with open(registry_copy / "cws13.yaml", "w", encoding="utf-8") as stream:
        yaml.dump(data, stream)
    result = recreg("--registry", registry_copy, "export", "cws13", "--format", "oscal")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert _valid(document)
    controls = document["catalog"]["controls"]
    withdrawn = {
        c["id"]: (c["props"], c.get("links"))
        for c in controls
        if {"name": "status", "value": "withdrawn"} in c["props"]
    }
    assert withdrawn == {
        "reference-architectures": ([{"name": "label", "value": "R8"}, {"name": "status", "value": "withdrawn"}], None),
        "emerging-technologies": (
            [{"name": "label", "value": "R10"}, {"name": "status", "value": "withdrawn"}],
            [{"href": "#ict-projects", "rel": "incorporated-into"}],
        ),
    }


def test_every_diff_format_works_on_catalogs(catalogs, tmp_path):
    for format_name in ("text", "json", "markdown", "html"):
        result = recreg("diff", catalogs["old.xml"], catalogs["new.json"], "--format", format_name)
        assert result.code == 0 and "AC-2(1)" in result.out, (format_name, result.err)
    from docx import Document

    out = tmp_path / "changes.docx"
    assert recreg("diff", catalogs["old.json"], catalogs["new.json"], "--format", "docx", "-o", out).code == 0
    body = "\n".join(
        p.text for table in Document(out).tables for row in table.rows for cell in row.cells for p in cell.paragraphs
    )
    assert "AC-1 Policy and Procedures:" in body and "b. The organization" in body
    import zipfile

    xml = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    assert (
        '<w:delText xml:space="preserve"> shall</w:delText>' in xml
        and '<w:t xml:space="preserve"> may</w:t></w:r></w:ins>' in xml
    )


def test_comparison_workbook_has_a_row_per_control_and_never_a_formula(catalogs, tmp_path):
    data = new_catalog()
    data["catalog"]["groups"][1]["controls"][1]["parts"][0]["prose"] = '=HYPERLINK("http://x") Review records.'
    new = tmp_path / "formula.json"
    new.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "comparison.xlsx"
    result = recreg("diff", catalogs["old.json"], new, "--format", "xlsx", "-o", out)
    assert result.code == 0, result.err
    from openpyxl import load_workbook

    sheet = load_workbook(out, rich_text=True)["Recommendations"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0] == ("Old", "New", "Title", "Changes", "Matched", "Modality", "Word diff")
    assert (
        sheet["A1"].value == "old → formula · matching: recorded ids and links, then text · 5 pairs, 7 changes: "
        "1 renumbered, 1 merged, 2 reworded, 1 modality, 1 added, 1 metadata-changed"
    )
    assert [row[:5] for row in rows[1:]] == [
        ("AC-1", "AC-1", "Policy and Procedures", "reworded, modality (weakened)", "id 1.00"),
        ("AC-1(1)", "AC-1(1)", "Automated Support", "unchanged", "id 1.00"),
        ("AC-2", "AC-2", "Account Management", "merged from AC-2(1), action added", "id 1.00"),
        ("AU-1", "AU-6", "Audit Record Review, Analysis, and Reporting", "renumbered, reworded", "link 1.00"),
        ("AC-2(1)", "—", "Shared Accounts", "merged into AC-2", None),
    ]
    assert rows[1][5] == "weakened: shall → may (AC-1/b)"
    # What the merge carried, each side as its catalog reads it: the old control, and the part now holding its words.
    assert str(rows[5][6]) == (
        "old AC-2(1): Terminate shared account credentials when members leave the group.\n"
        "formula AC-2/c: Terminate shared account credentials when members leave the group."
    )
    diff = rows[1][6]
    runs = [
        (getattr(block, "font", None) and (block.font.strike, block.font.u), getattr(block, "text", block))
        for block in diff
    ]
    assert ((True, None), "shall") in runs and ((None, "single"), "may") in runs
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
    assert sheet.cell(row=6, column=7).value is not None
    assert "=HYPERLINK" in str(sheet.cell(row=6, column=7).value)


@pytest.mark.parametrize(
    "edition_id, facts, left",
    [
        ("cws11", "cws11 · draft · CWS/11)", "dates, documents, source"),
        ("cws12", "cws12 · adopted · CWS/12)", "dates, documents, introduction, source"),
    ],
)
def test_a_catalog_recreg_wrote_reads_back_with_the_editions_status_session_and_committee(
    tmp_path, registry_copy, edition_id, facts, left
):
    out = tmp_path / f"{edition_id}.json"
    assert recreg("--registry", registry_copy, "export", edition_id, "--format", "oscal", "-o", out).code == 0
    shown = recreg("--registry", registry_copy, "diff", edition_id, out, "--format", "markdown")
    to_line = next(line for line in shown.out_lines if line.startswith("**To** "))
    assert to_line.endswith(f"({facts}")
    # Only what the export does not write (docs/oscal.md says which) is left to differ.
    assert f"<details><summary>Edition metadata changed: {left}</summary>" in shown.out
    document = json.loads(out.read_text(encoding="utf-8"))
    props = {p["name"]: p["value"] for p in document["catalog"]["metadata"]["props"]}
    assert props["recreg-derives-from"] == {"cws11": "r40", "cws12": "cws11"}[edition_id]
    assert read_catalog(out).derives_from == props["recreg-derives-from"]


def test_a_catalog_written_before_the_session_prop_takes_its_version_for_the_session(tmp_path, registry_copy):
    out = tmp_path / "cws12.json"
    assert recreg("--registry", registry_copy, "export", "cws12", "--format", "oscal", "-o", out).code == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    metadata = document["catalog"]["metadata"]
    metadata["props"] = [p for p in metadata["props"] if p["name"] in ("recreg-edition", "recreg-status")]
    out.write_text(json.dumps(document), encoding="utf-8")
    edition = read_catalog(out)
    assert (edition.status, edition.session, edition.committee, edition.derives_from) == (
        "adopted",
        "CWS/12",
        "Committee on WIPO Standards (CWS)",
        None,
    )
    # A derives-from that is no edition id (a path, say) is not taken: a chain walk would read it.
    metadata["props"].append({"name": "recreg-derives-from", "ns": "urn:recreg", "value": "../../etc/passwd"})
    out.write_text(json.dumps(document), encoding="utf-8")
    assert read_catalog(out).derives_from is None
