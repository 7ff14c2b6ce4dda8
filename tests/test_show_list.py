"""`recreg show` and `recreg list`, and how the registry is found."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import REGISTRY, edition_text, position, recreg, replace_once

FOOTNOTE_2 = (
    "Such as the Global Identifier Project, Unified API Catalogue Project and the provision of patent "
    "Authority Files in WIPO ST.37-compliant format considering PCT minimum documentation."
)


def folded(text: str) -> str:
    """Fold whitespace, so text wrapped by the terminal layout reads as one line."""
    return " ".join(text.split())


def columns(text: str) -> list[str]:
    """Read a table's columns top to bottom, each folded to one line (cells wrap inside the table)."""
    parts: dict[int, list[str]] = {}
    for line in text.splitlines():
        for index, cell in enumerate(line.split("│")[1:-1]):
            parts.setdefault(index, []).append(cell)
    return [folded(" ".join(cells)) for _, cells in sorted(parts.items())]


def show(*argv: str):
    return recreg("--registry", REGISTRY, "show", *argv)


def show_json(address: str) -> dict:
    result = show(address, "--format", "json")
    assert (result.code, result.err) == (0, "")
    return json.loads(result.out)


# -- show -------------------------------------------------------------------------------------


def test_show_recommendation_prints_its_footnote():
    result = show("cws12:R6")
    assert (result.code, result.err) == (0, "")
    assert "Recommendation 6:" in result.out
    assert f"[2] {FOOTNOTE_2}" in folded(result.out)


def test_show_recommendation_json_lists_the_related_40():
    node = show_json("cws11:R2")
    assert (node["edition"], node["address"], node["number"]) == ("cws11", "cws11:R2", 2)
    assert node["related"] == ["r40:R3", "r40:R4", "r40:R13", "r40:R14", "r40:R16", "r40:R17", "r40:R32"]
    assert [action["label"] for action in node["actions"]] == ["a", "b", "c"]


def test_show_new_recommendation_says_so():
    node = show_json("cws11:R1")
    assert node["related"] == [] and node["links"] == []
    assert node["new"]["text"] == "Not applicable as this is new"
    assert columns(show("cws11:R1").out)[2] == "Not applicable as this is new"


def test_show_action():
    node = show_json("cws11:R7/a")
    assert (node["address"], node["label"]) == ("cws11:R7/a", "a")
    assert node["text"] == (
        "IP offices should actively participate in the cooperative projects that the CWS approved or noted such as:"
    )
    assert [(item["address"], item["text"]) for item in node["items"]] == [
        ("cws11:R7/a/i", "Global Identifier pilot;"),
        ("cws11:R7/a/ii", "Unified API catalog; and"),
        ("cws11:R7/a/iii", "Provision of patent authority files following WIPO Standard ST.37."),
    ]
    # The recommendation's statement beside only the action asked for, with its items.
    statement, actions, related = columns(show("cws11:R7/a").out)[:3]
    assert statement.startswith("Recommendation 7: R7 IP offices should contribute to multilateral")
    assert actions == (
        "(a) IP offices should actively participate in the cooperative projects that the CWS "
        "approved or noted such as: i. Global Identifier pilot; ii. Unified API catalog; and "
        "iii. Provision of patent authority files following WIPO Standard ST.37."
    )
    assert related == "R8, R9, R11, R19, R23, R24, R35, R40"


def test_show_item():
    assert show_json("cws11:R7/a/ii") == {
        "edition": "cws11",
        "address": "cws11:R7/a/ii",
        "label": "ii",
        "text": "Unified API catalog; and",
    }
    actions = columns(show("cws11:R7/a/ii").out)[1]
    assert actions == (
        "(a) IP offices should actively participate in the cooperative projects that the CWS "
        "approved or noted such as: ii. Unified API catalog; and"
    )


def test_show_footnote():
    node = show_json("cws12:R6/fn2")
    assert (node["address"], node["number"], node["text"]) == ("cws12:R6/fn2", 2, FOOTNOTE_2)
    assert node["source"] == {"file": "003_92626e8d6b5d7826.txt", "at": "Annex, footnote 2"}
    text = show("cws12:R6/fn2")
    assert text.code == 0
    assert f"[2] {FOOTNOTE_2}" in folded(text.out)
    assert "(b) IP offices are encouraged to offer" not in text.out


def test_show_zero_padded_address_of_the_40():
    node = show_json("r40:R06")
    assert node["address"] == "r40:R6"
    assert node["statement"].startswith("Re-engineer and transform the current business models")


def test_show_missing_text_says_where_it_is():
    node = show_json("r40:R1")
    assert node["statement"] is None
    assert node["missing"]["where"] == "CWS/6/3, Annex"
    assert "[text missing from the sources; see CWS/6/3, Annex]" in columns(show("r40:R1").out)[0]


def test_show_whole_edition_json():
    edition = show_json("cws12")
    assert (edition["id"], edition["status"], edition["derives_from"]) == ("cws12", "adopted", "cws11")
    assert [rec["number"] for rec in edition["recommendations"]] == list(range(1, 11))


def test_show_unknown_edition_is_one_line_and_exit_2():
    result = show("cws13:R1")
    assert (result.code, result.out) == (2, "")
    assert len(result.err_lines) == 1
    assert "unknown edition 'cws13'" in result.err and "one of cws11, cws12, r40" in result.err


@pytest.mark.parametrize("address", ["cws12:R11", "cws12:R6/c", "cws11:R7/a/v", "cws12:R6/fn9", "cws12:R5/fn2"])
def test_show_nonexistent_node_is_one_line_and_exit_2(address):
    result = show(address)
    assert (result.code, result.out) == (2, "")
    assert result.err_lines == [
        f"recreg: EDITION[:ADDRESS]: {address} does not exist (expected a node of {address.split(':')[0]})"
    ]


@pytest.mark.parametrize("address", ["cws12:R", "cws12:R0", "cws12:R1/AB", "cws12:", "", "cws12:R6/fn2/x"])
def test_show_malformed_address_is_one_line_and_exit_2(address):
    result = show(address)
    assert (result.code, result.out) == (2, "")
    assert len(result.err_lines) == 1
    assert f"{address!r} is not an address" in result.err


def test_show_address_without_edition_is_one_line_and_exit_2():
    result = show("R1")
    assert (result.code, result.out) == (2, "")
    assert len(result.err_lines) == 1 and "names no edition" in result.err


def test_show_from_an_invalid_edition_gives_its_located_problem(registry_copy):
    bad = registry_copy / "cws12.yaml"
    text = replace_once(edition_text("cws12"), "status: adopted\n", "status: approved\n")
    bad.write_text(text, encoding="utf-8")
    result = recreg("--registry", registry_copy, "show", "cws12:R1")
    assert (result.code, result.out) == (2, "")
    assert len(result.err_lines) == 1
    assert result.err.startswith("{}:{}:{}: ".format(bad, *position(text, "status: approved", len("status: "))))
    # The other editions are untouched by it.
    assert recreg("--registry", registry_copy, "show", "cws11:R1").code == 0


# -- list -------------------------------------------------------------------------------------

COUNTS = {
    "cws11": {"recommendations": 10, "actions": 24, "items": 7, "footnotes": 0, "missing_texts": 0},
    "cws12": {"recommendations": 10, "actions": 26, "items": 6, "footnotes": 1, "missing_texts": 0},
    "r40": {"recommendations": 40, "actions": 0, "items": 0, "footnotes": 0, "missing_texts": 39},
}
FACTS = {"cws11": ("draft", "CWS/11", "r40"), "cws12": ("adopted", "CWS/12", "cws11"), "r40": ("noted", "CWS/6", None)}


def test_list_json():
    result = recreg("--registry", REGISTRY, "list", "--format", "json")
    assert (result.code, result.err) == (0, "")
    editions = json.loads(result.out)["editions"]
    assert [e["id"] for e in editions] == ["cws11", "cws12", "r40"]
    for edition in editions:
        assert (edition["status"], edition["session"], edition["derives_from"]) == FACTS[edition["id"]]
        assert edition["counts"] == COUNTS[edition["id"]]
    r40 = editions[2]
    assert {(d["event"], d["value"]) for d in r40["dates"]} == {("session", "2018"), ("session", "2019-10")}


def test_list_text():
    result = recreg("--registry", REGISTRY, "list")
    assert (result.code, result.err) == (0, "")
    rows = {line.split()[0]: line.split() for line in result.out_lines if line.split() and line.split()[0] in COUNTS}
    assert sorted(rows) == ["cws11", "cws12", "r40"]
    for edition_id, row in rows.items():
        status, session, _ = FACTS[edition_id]
        counts = COUNTS[edition_id]
        assert row[1:3] == [status, session]
        assert row[-5:] == [
            str(counts[key]) for key in ("recommendations", "actions", "items", "footnotes", "missing_texts")
        ]
    # Nothing is cut short at the default width, the session dates least of all.
    assert "…" not in result.out
    assert "2024-09-16/2024-09-19" in rows["cws12"]
    assert "2018 or 2019-10" in " ".join(rows["r40"])


def test_list_with_an_invalid_edition_gives_its_located_problem(registry_copy):
    bad = registry_copy / "r40.yaml"
    text = replace_once(edition_text("r40"), "  - id: r06\n    number: 6\n", "  - id: r06\n    number: 5\n")
    bad.write_text(text, encoding="utf-8")
    result = recreg("--registry", registry_copy, "list")
    assert (result.code, result.out) == (2, "")
    assert result.err_lines == [
        "{}:{}:{}: duplicate number 5 (also at recommendations[4].number) "
        "(at recommendations[5].number; expected a unique number)".format(
            bad, *position(text, "r06\n    number: 5", len("r06\n    number: "))
        )
    ]


# -- finding the registry ---------------------------------------------------------------------


def make_registry(folder: Path, *edition_ids: str) -> Path:
    """Create a registry folder holding copies of some bundled editions."""
    folder.mkdir(parents=True)
    for edition_id in edition_ids:
        shutil.copy(REGISTRY / f"{edition_id}.yaml", folder / f"{edition_id}.yaml")
    return folder


def listed(*argv: str) -> list[str]:
    result = recreg(*argv, "list", "--format", "json")
    assert (result.code, result.err) == (0, ""), result.err
    return [edition["id"] for edition in json.loads(result.out)["editions"]]


def test_registry_option(tmp_path, monkeypatch):
    chosen = make_registry(tmp_path / "chosen", "cws12")
    monkeypatch.setenv("RECREG_REGISTRY", str(make_registry(tmp_path / "env", "r40")))
    assert listed("--registry", str(chosen)) == ["cws12"]  # the option wins over the environment


def test_registry_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("RECREG_REGISTRY", str(make_registry(tmp_path / "env", "r40")))
    project = tmp_path / "project"
    make_registry(project / "registry", "cws11")
    monkeypatch.chdir(project)
    assert listed() == ["r40"]  # the environment wins over the working directory


def test_nearest_registry_folder_above_the_working_directory(tmp_path, monkeypatch):
    project = tmp_path / "project"
    make_registry(project / "registry", "cws11", "r40")
    make_registry(tmp_path / "registry", "cws12")  # further up: not the nearest
    (project / "notes" / "drafts").mkdir(parents=True)
    monkeypatch.chdir(project / "notes" / "drafts")
    assert listed() == ["cws11", "r40"]


def test_registry_folder_without_editions_is_passed_over(tmp_path, monkeypatch):
    project = tmp_path / "project"
    (project / "registry").mkdir(parents=True)  # empty: not a registry
    make_registry(tmp_path / "registry", "cws12")
    monkeypatch.chdir(project)
    assert listed() == ["cws12"]


def test_bundled_registry_when_nothing_else_is_found(tmp_path, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    assert listed() == ["cws11", "cws12", "r40"]
    result = recreg("show", "cws12:R6/fn2", "--format", "json")
    assert json.loads(result.out)["text"] == FOOTNOTE_2


def test_registry_option_naming_a_missing_folder(tmp_path):
    missing = tmp_path / "nowhere"
    result = recreg("--registry", str(missing), "list")
    assert (result.code, result.out) == (2, "")
    assert result.err_lines == [f"recreg: --registry: registry folder {str(missing)!r} does not exist"]


def test_registry_option_naming_a_file(tmp_path):
    result = recreg("--registry", str(REGISTRY / "cws12.yaml"), "list")
    assert (result.code, result.out) == (2, "")
    assert len(result.err_lines) == 1
    assert result.err.startswith("recreg: --registry: ") and "is not a folder" in result.err


def test_registry_environment_variable_naming_a_missing_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("RECREG_REGISTRY", str(tmp_path / "nowhere"))
    result = recreg("list")
    assert (result.code, result.out) == (2, "")
    assert len(result.err_lines) == 1 and result.err.startswith("recreg: RECREG_REGISTRY: ")


@pytest.mark.parametrize(
    "typed, canonical",
    [
        ("CWS12:R1", "cws12:R1"),
        ("cws12:r1/A", "cws12:R1/a"),
        ("Cws11:R7/A/II", "cws11:R7/a/ii"),
        ("CWS12:R6/FN2", "cws12:R6/fn2"),
    ],
)
def test_addresses_are_read_in_any_case(typed, canonical):
    assert show(typed).out == show(canonical).out != ""
