"""OSCAL catalogs in: read from JSON, YAML and XML alike, diffed as files, refused with the JSON path of what is wrong."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ROOT, SHARED, recreg
from oscal_catalogs import OLD_XML, new_catalog, old_catalog, write

from recreg.edition.oscal import read_catalog


@pytest.fixture
def catalogs(tmp_path) -> dict[str, Path]:
    return write(tmp_path)


def test_the_vendored_schema_is_nists_file_unchanged():
    schema = ROOT / "schemas" / "oscal" / "oscal_complete_schema.json"
    assert (
        hashlib.sha256(schema.read_bytes()).hexdigest()
        == "384324105c7a817af0f65b120a963146caa0e0d55d969cf0daf60e063b87a206"
    )
    assert (ROOT / "schemas" / "oscal" / "LICENSE.md").read_text().startswith("This project includes a mix")


def test_controls_become_recommendations_numbered_by_position_and_shown_by_label(catalogs):
    edition = read_catalog(catalogs["old.json"])
    assert edition.id == "old" and edition.title == "Example Controls" and edition.format == "oscal"
    assert [(r.number, r.label, r.id, r.title) for r in edition.recommendations] == [
        (1, "AC-1", "ac-1", "Policy and Procedures"),
        (2, "AC-1(1)", "ac-1.1", "Automated Support"),
        (3, "AC-2", "ac-2", "Account Management"),
        (4, "AC-2(1)", "ac-2.1", "Shared Accounts"),
        (5, "AU-1", "au-1", "Audit Review"),
    ]
    ac1 = edition.recommendations[0]
    assert ac1.section == ("Access Control",)
    assert ac1.statement == ""
    assert [(a.label, a.printed, a.text) for a in ac1.actions] == [
        ("a", "a.", "Develop and disseminate to [Assignment: organization-defined personnel or roles]:"),
        ("b", "b.", "The organization shall review and update the policy annually."),
    ]
    item = ac1.actions[0].items[0]
    # Parameters as SP 800-53 prints them; the items below a sub-item stay in its text, with their labels.
    assert (item.label, item.printed) == ("i", "1.")
    assert item.text == (
        "[Selection (one or more): Organization-level; System-level] access control policy that: "
        "(a) Addresses purpose and scope; and (b) Is consistent with applicable laws."
    )
    assert item.address.shown == "AC-1/a/1" and str(item.address) == "old:R1/a/i"
    assert edition.recommendations[1].statement == "Support policy management using automated mechanisms."


@pytest.mark.parametrize("notation", ["old.yaml", "old.xml"])
def test_yaml_and_xml_read_as_json_does(catalogs, notation):
    from_json, other = read_catalog(catalogs["old.json"]), read_catalog(catalogs[notation])
    assert _content(other) == _content(from_json)
    assert other.metadata == from_json.metadata
    assert other.origin == from_json.origin  # the whole catalog, guidance and parameters included


def _content(edition) -> tuple:
    """Return what an edition says, without where each text was read (the file names differ)."""
    return tuple(replace(rec, source=None) for rec in edition.recommendations), edition.withdrawn


def test_withdrawn_controls_are_records_not_recommendations(catalogs):
    edition = read_catalog(catalogs["new.json"])
    assert [r.label for r in edition.recommendations] == ["AC-1", "AC-1(1)", "AC-2", "AU-6"]
    assert [(w.id, w.label, w.links) for w in edition.withdrawn] == [
        ("ac-2.1", "AC-2(1)", (("incorporated-into", "ac-2_smt.c"),)),
        ("au-1", "AU-1", (("moved-to", "au-6"),)),
    ]


def test_diff_of_two_catalog_files_follows_the_withdrawal_links(catalogs):
    result = recreg("diff", catalogs["old.json"], catalogs["new.json"])
    assert result.code == 0, result.err
    rows = [line for line in result.out_lines if line.startswith("│")]
    cells = [[cell.strip() for cell in row.strip("│").split("│")] for row in rows]
    assert ["AU-1", "AU-6", "link 1.00", "renumbered, reworded", ""] in cells
    assert ["AC-2(1)", "—", "", "merged into AC-2", ""] in cells
    assert "AC-2 + AC-2(1) → AC-2  merged from AC-2(1)" in result.out
    assert "AC-1/b → AC-1/b  reworded (0.29), weakened: shall → may" in result.out
    assert "AU-1 → AU-6  renumbered AU-1 → AU-6, reworded (0.18)" in result.out


def test_match_text_ignores_the_withdrawal_links(catalogs):
    result = recreg("diff", catalogs["old.json"], catalogs["new.json"], "--match", "text", "--format", "json")
    assert result.code == 0, result.err
    pairs = {(p["from_label"], p["to_label"]): p["matched_by"] for p in json.loads(result.out)["pairs"]}
    assert "link" not in pairs.values()
    assert pairs[("AU-1", "AU-6")] == "similarity"


def test_recommendation_filter_takes_a_control_label(catalogs):
    result = recreg("diff", catalogs["old.yaml"], catalogs["new.json"], "-r", "ac-2(1)")
    assert result.code == 0, result.err
    assert "AC-2(1) → — merged into AC-2" in result.out
    assert "AU-1" not in result.out


def test_a_yaml_catalog_is_told_from_an_edition_by_its_content(catalogs, tmp_path):
    renamed = tmp_path / "controls.yaml"
    renamed.write_text(catalogs["old.yaml"].read_text(), encoding="utf-8")
    result = recreg("render", renamed, "--format", "markdown")
    assert result.code == 0, result.err
    assert result.out.startswith("## Example Controls\n")
    assert "**AC-1 Policy and Procedures:**" in result.out and "a. Develop and disseminate to" in result.out


def test_validate_checks_a_catalog_against_nists_schema(catalogs, tmp_path):
    result = recreg("validate", catalogs["old.json"], catalogs["old.yaml"], catalogs["old.xml"], catalogs["new.json"])
    assert (result.code, result.out) == (0, "valid: 4 files (0 warnings)\n")
    broken = tmp_path / "broken.xml"
    broken.write_text(
        OLD_XML.replace('<control id="ac-2" class="SP800-53">', '<control class="SP800-53">'), encoding="utf-8"
    )
    result = recreg("validate", broken)
    line = OLD_XML[: OLD_XML.index('<control id="ac-2"')].count("\n") + 1
    assert result.code == 1
    assert result.out_lines == [
        f"{broken}:{line}: 'id' is missing (at catalog.groups[0].controls[1])",
        "1 error, 0 warnings in 1 file",
    ]


def _error(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = recreg("diff", path, path)
    assert result.code == 2 and result.out == ""
    return result.err_lines, path


def test_a_control_without_title_is_named_by_its_json_path_and_line(tmp_path):
    data = old_catalog()
    del data["catalog"]["groups"][0]["controls"][1]["title"]
    text = json.dumps(data, indent=2)
    lines, path = _error(tmp_path, "broken.json", text)
    line = text[: text.index('"id": "ac-2",')].count("\n")  # the object opens on the line before its first key
    assert lines == [f"{path}:{line}:11: 'title' is missing (at catalog.groups[0].controls[1])"]


def test_a_bad_id_in_yaml_names_path_line_and_what_was_expected(tmp_path):
    from oscal_catalogs import OLD_YAML

    lines, path = _error(tmp_path, "broken.yaml", OLD_YAML.replace("- id: ac-2\n", "- id: 2ac\n"))
    assert lines == [
        f"{path}:81:15: '2ac' has the wrong form (at catalog.groups[0].controls[1].id; "
        r"expected text matching ^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$)"
    ]


def test_an_unknown_xml_element_is_named_with_its_line(tmp_path):
    text = OLD_XML.replace(
        '<prop name="label" value="AC-2"/>', '<prop name="label" value="AC-2"/>\n      <owner>me</owner>'
    )
    lines, path = _error(tmp_path, "broken.xml", text)
    line = text[: text.index("<owner>")].count("\n") + 1
    assert lines == [
        f"{path}:{line}: unknown key 'owner' (at catalog.groups[0].controls[1].owner; expected one of "
        "class, controls, id, links, params, parts, props, title)"
    ]


def test_malformed_xml_and_json_are_one_line_each(tmp_path):
    lines, path = _error(tmp_path, "bad.xml", OLD_XML.replace("</metadata>", "</metadat>"))
    assert lines == [f"{path}:8:13: XML syntax error: Opening and ending tag mismatch: metadata line 3 and metadat"]
    lines, path = _error(tmp_path, "bad.json", '{"catalog": {"uuid": 1,}}')
    assert lines == [f"{path}:1:24: JSON syntax error: Expecting property name enclosed in double quotes"]
    lines, path = _error(
        tmp_path,
        "entity.xml",
        '<?xml version="1.0"?>\n<!DOCTYPE catalog [<!ENTITY x "y">]>\n'
        '<catalog xmlns="http://csrc.nist.gov/ns/oscal/1.0"/>',
    )
    assert lines == [
        f"{path}: XML with a DTD or entity declaration: refused (OSCAL needs none) "
        "(expected an OSCAL catalog without <!DOCTYPE>)"
    ]


def test_a_control_id_met_twice_is_refused(tmp_path):
    data = new_catalog()
    data["catalog"]["groups"][1]["controls"][1]["id"] = "ac-1"
    lines, path = _error(tmp_path, "twice.json", json.dumps(data, indent=2))
    assert len(lines) == 1 and "control id 'ac-1' is used twice (also at catalog.groups[0].controls[0].id)" in lines[0]
    assert "at catalog.groups[1].controls[1].id" in lines[0]


@pytest.mark.skipif(not (SHARED / "data" / "oscal").is_dir(), reason="needs ../shared/data/oscal")
def test_nists_low_baseline_reads_alike_from_yaml_and_xml():
    folder = SHARED / "data" / "oscal"
    name = "NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog"
    from_yaml, from_xml = read_catalog(folder / f"{name}.yaml"), read_catalog(folder / f"{name}.xml")
    assert len(from_yaml.recommendations) == 149
    assert _content(from_xml) == _content(from_yaml) and from_xml.origin == from_yaml.origin


def test_a_compiled_schema_in_the_cache_that_is_not_recregs_own_is_never_run(catalogs, tmp_path):
    # The catalog schema compiles to 4.6 MB of Python, kept compiled in the cache; a file there
    # that recreg did not write (damage marshal reads as other code, or a planted validator
    # that passes everything) must be compiled anew, not trusted.
    import marshal

    env = {**os.environ, "RECREG_CACHE_DIR": str(tmp_path / "cache")}
    broken = tmp_path / "broken.json"
    data = old_catalog()
    del data["catalog"]["uuid"]
    broken.write_text(json.dumps(data), encoding="utf-8")

    def validate(path: Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "recreg", "validate", str(path)], capture_output=True, text=True, env=env
        )

    assert validate(catalogs["old.json"]).returncode == 0
    (compiled,) = (tmp_path / "cache" / "compiled").glob("oscal_catalog_*.marshal")
    compiled.write_bytes(marshal.dumps(compile("def validate(data):\n    return data\n", "planted", "exec")))
    found = validate(broken)
    assert found.returncode == 1
    assert "'uuid' is missing" in found.stdout
    assert compiled.read_bytes().startswith(b"recreg compiled schema 1\n")  # compiled anew and kept


def test_a_nist_catalog_with_props_of_its_own_reads_as_published_with_its_own_metadata(tmp_path):
    # As NIST writes its catalogs: props in OSCAL's namespace (or another's), none in recreg's.
    document = old_catalog()
    document["catalog"]["metadata"]["props"] = [
        {"name": "keywords", "value": "security, privacy"},
        {"name": "recreg-status", "ns": "https://example.org/ns/other", "value": "adopted"},
    ]
    document["catalog"]["metadata"]["published"] = "2020-09-23T00:00:00Z"
    path = tmp_path / "NIST_SP-800-53_rev5_catalog.json"
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    edition = read_catalog(path)
    assert (edition.status, edition.session, edition.derives_from, edition.committee) == (
        "published",
        None,
        None,
        "OSCAL catalog",
    )
    assert edition.metadata == {
        "id": "nist-sp-800-53-rev5-catalog",
        "title": "Example Controls",
        "version": "1.0",
        "oscal-version": "1.1.2",
        "published": "2020-09-23T00:00:00Z",
        "last-modified": "2024-01-15T00:00:00Z",
    }
    shown = recreg("diff", path, path, "--format", "markdown")
    assert shown.code == 0, shown.err
    assert "**To** Example Controls (nist-sp-800-53-rev5-catalog · published)\n" in shown.out


@pytest.mark.parametrize(
    "name, notation, shown",
    [
        ("catalog.oscal.json", "old.json", "catalog"),
        ("x.oscal", "old.json", "x"),
        ("controls.oscal.xml", "old.xml", "controls"),
        ("low-baseline.OSCAL.yaml", "old.yaml", "low-baseline"),
        ("NIST_SP-800-53_rev5_catalog.json", "old.json", "nist-sp-800-53-rev5-catalog"),
    ],
)
def test_a_catalog_is_named_by_its_file_name_without_the_suffixes_of_its_format(
    catalogs, monkeypatch, name, notation, shown
):
    renamed = catalogs[notation].with_name(name)
    renamed.write_bytes(catalogs[notation].read_bytes())
    monkeypatch.chdir(renamed.parent)  # named as one names a file in the folder one is in: no slash
    result = recreg("diff", name, "new.json", "--format", "markdown")
    assert result.code == 0, result.err
    assert result.out_lines[0] == f"## {shown} → new"
    assert f"**From** Example Controls ({shown} · published)<br>" in result.out
