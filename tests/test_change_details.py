"""Each kind of change carries the details its type names, and the diff schema describes the same keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REGISTRY
from drafted import write_cws13

from recreg import load_registry
from recreg.engine.diff import DiffOptions, diff
from recreg.engine.kinds import DETAILS, KINDS

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "schemas" / "diff.schema.json").read_text(encoding="utf-8"))
CHANGE = SCHEMA["$defs"]["change"]


def schema_required(kind: str) -> set[str]:
    """Return the detail keys the schema requires of a change of `kind`."""
    required: set[str] = set()
    for rule in CHANGE.get("allOf", []):
        condition = rule["if"]["properties"]["kind"]
        if kind == condition.get("const") or kind in condition.get("enum", ()):
            required |= set(rule["then"].get("required", ()))
    return required


def test_every_kind_has_a_details_type():
    assert set(DETAILS) == set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_a_kinds_type_names_keys_the_schema_describes_and_requires_what_the_schema_requires(kind):
    details = DETAILS[kind]
    assert set(details.__annotations__) <= set(CHANGE["properties"]) - {"kind", "from", "to"}
    assert schema_required(kind) <= set(details.__required_keys__) | {"kind", "from", "to"}


@pytest.mark.parametrize("old, new", [("cws11", "cws12"), ("r40", "cws11"), ("r40", "cws12")])
@pytest.mark.parametrize("match", ["auto", "text"])
def test_every_change_of_the_bundled_editions_carries_its_kinds_keys(old, new, match):
    registry = load_registry(REGISTRY)
    for change in diff(registry.edition(old), registry.edition(new), DiffOptions(match=match)).changes:
        details = DETAILS[change.kind]
        keys = set(change.details)
        assert details.__required_keys__ <= keys <= set(details.__annotations__), (change.kind, sorted(keys))


@pytest.mark.parametrize("old, new", [("cws12", "cws13"), ("cws13", "cws12")])
@pytest.mark.parametrize("match", ["auto", "text"])
def test_merges_splits_and_moves_of_the_drafted_cws13_carry_their_kinds_keys(registry_copy, old, new, match):
    write_cws13(registry_copy)
    registry = load_registry(registry_copy)
    found = set()
    for change in diff(registry.edition(old), registry.edition(new), DiffOptions(match=match)).changes:
        details = DETAILS[change.kind]
        keys = set(change.details)
        assert details.__required_keys__ <= keys <= set(details.__annotations__), (change.kind, sorted(keys))
        found.add((change.kind, change.details.get("level") or change.details.get("relation")))
    assert {("merged", "recommendation"), ("moved", "merged")} <= found or {
        ("split", "recommendation"),
        ("moved", "split"),
    } <= found


def test_a_new_note_said_or_unsaid_is_a_links_change(registry_copy):
    from conftest import recreg

    # The Related column of the draft ten says R1 is new; an editor deletes that note.
    text = (registry_copy / "cws11.yaml").read_text(encoding="utf-8")
    note = (
        '    new:\n      text: "Not applicable as this is new"\n      source:\n'
        "        file: 000_5b54c0e7e0ec21b0.txt\n        at: Recommendation 1, Related 40 Rec.\n"
    )
    assert note in text
    edited = text.replace(note, "", 1).replace("id: cws11\n", "id: edited\n", 1)
    (registry_copy / "edited.yaml").write_text(edited, encoding="utf-8")
    result = recreg("--registry", registry_copy, "diff", "cws11", "edited", "--exit-code")
    assert result.code == 1
    assert "R1 → R1  links new note ‘Not applicable as this is new’ → none" in result.out
    shown = recreg("--registry", registry_copy, "diff", "cws11", "edited", "--format", "json")
    from jsonschema import Draft202012Validator

    assert list(Draft202012Validator(SCHEMA).iter_errors(json.loads(shown.out))) == []
    changes = [c for c in json.loads(shown.out)["changes"] if c["kind"] == "links-changed"]
    assert changes == [
        {
            "kind": "links-changed",
            "from": "R1",
            "to": "R1",
            "new": {"before": "Not applicable as this is new", "after": None},
        }
    ]
